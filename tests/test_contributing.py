"""Ways in for contributors: page links to GitHub, issue forms, the guide and its reference."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import REPO
from mskb.content.schema import FrontMatter, Source
from mskb.contributing.reference import END, START, front_matter_tables, with_reference

FORMS = REPO / ".github/ISSUE_TEMPLATE"
REPOSITORY = yaml.safe_load((REPO / "mkdocs.yml").read_text())["extra"]["repository"]
SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text())["site_url"]


def _form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def _feedback(page):
    """The report link under the page and, in the footer, the edit link."""
    box = page.select_one(".kb-page-feedback")
    assert box is not None, "every page ends with the report link"
    links = {a.get_text(" ", strip=True): a["href"] for a in box.find_all("a")}
    footer = page.select_one("footer .md-copyright")
    links |= {a.get_text(" ", strip=True): a["href"] for a in footer.find_all("a")
              if a.get_text(strip=True) == "Edit this page"}
    return box, links


# Article, generated index, page under docs/, generated reference, bundle.
PAGES = {
    "treatments/baclofen/": "content/treatments/baclofen.md",
    "experiences/deciding-about-a-pump/": "content/experiences/deciding-about-a-pump.md",
    "treatments/": None,
    "about/editorial-policy/": "docs/about/editorial-policy.md",
    "contributing/front-matter/": None,
    "print/types/stiffness/": None,
}


@pytest.mark.parametrize("url, source", PAGES.items())
def test_every_page_links_to_report_a_problem_with_its_address_and_to_edit_its_file(
        built_site, url, source):
    box, links = _feedback(built_site.page(url))
    assert "kb-no-print" in box["class"]
    report = urlsplit(links["Report a problem with this page"])
    assert f"{report.scheme}://{report.netloc}{report.path}" == f"{REPOSITORY}/issues/new"
    query = parse_qs(report.query)
    assert query["page"] == [SITE_URL + url]
    form = _form(query["template"][0])
    assert any(field.get("id") == "page" and field["validations"]["required"]
               for field in form["body"]), "the form has the page address field GitHub fills"
    if source is None:
        assert "Edit this page" not in links, "generated pages have no file to edit"
    else:
        assert links["Edit this page"] == f"{REPOSITORY}/edit/main/{source}"
        assert (REPO / source).is_file()


def test_the_repository_is_set_once_in_mkdocs_yml(project):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(REPOSITORY, "https://github.com/someone/fork"))
    project.build()
    page = project.page("contributing/")
    hrefs = [a["href"] for a in page.find_all("a", href=True) if "github.com" in a["href"]]
    assert len(hrefs) >= 5
    assert all(h.startswith("https://github.com/someone/fork/") for h in hrefs), hrefs
    assert "{{ repository }}" not in page.get_text()


def test_a_missing_repository_address_fails_the_build_with_the_fix(project):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"repository: {REPOSITORY}", "repository: ''"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project.root,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "set `extra: repository:` to the repository's address" in result.stderr


def test_a_build_given_its_configuration_by_a_relative_path_links_pages_to_their_files(project):
    """`mkdocs build -f mkdocs.yml` (or another configuration, say without a hook) gives the
    configuration's path as typed, with no folder: pages under docs/ still get their edit link."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict",
                             "-f", "mkdocs.yml"], cwd=project.root, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    _, links = _feedback(project.page("about/editorial-policy/"))
    assert links["Edit this page"] == f"{REPOSITORY}/edit/main/docs/about/editorial-policy.md"


def test_the_contributing_page_links_each_form_that_exists(built_site):
    page = built_site.page("contributing/")
    forms = {parse_qs(urlsplit(a["href"]).query).get("template", [None])[0]
             for a in page.find_all("a", href=True) if "/issues/new" in a["href"]}
    assert {"share-your-experience.yml", "suggest-a-topic.yml"} <= forms
    assert all((FORMS / form).is_file() for form in forms if form)


def test_issue_forms_ask_for_what_an_editor_needs():
    names = {path.name: _form(path.name)["name"] for path in FORMS.glob("*.yml")
             if path.name != "config.yml"}
    assert names == {"share-your-experience.yml": "Share your experience",
                     "report-a-problem.yml": "Report a problem with a page",
                     "suggest-a-topic.yml": "Suggest a topic"}
    for name in names:
        form = _form(name)
        ids = [field.get("id") for field in form["body"] if field["type"] != "markdown"]
        assert len(ids) == len(set(ids)) and all(ids), f"{name}: every field needs a unique id"
        assert any(f.get("validations", {}).get("required") for f in form["body"]), name
    report = {f.get("id"): f for f in _form("report-a-problem.yml")["body"]}
    assert report["page"]["type"] == "input"
    story = _form("share-your-experience.yml")
    consent = next(f for f in story["body"] if f.get("id") == "consent")
    assert all(option["required"] for option in consent["attributes"]["options"])
    notes = " ".join(f["attributes"]["value"] for f in story["body"] if f["type"] == "markdown")
    assert "public" in notes, "the form warns that issues are public"


def test_contributing_guide_has_the_three_paths_and_an_up_to_date_reference():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("## 1. You live with MS", "## 2. You are a clinician",
                    "## 3. You are a developer", "## Front matter reference"):
        assert heading in guide
    assert with_reference(guide) == guide, "run `python -m mskb reference` and commit the result"
    for name in [*FrontMatter.model_fields, *Source.model_fields]:
        assert f"| `{name}` |" in guide


def test_reference_check_fails_when_the_guide_drifts_from_the_schema(tmp_path):
    guide = tmp_path / "CONTRIBUTING.md"
    stale = (REPO / "CONTRIBUTING.md").read_text().replace("| `summary` | yes |",
                                                           "| `summary` | no |")
    guide.write_text(stale)
    check = [sys.executable, "-m", "mskb", "reference", str(guide), "--check"]
    result = subprocess.run(check, capture_output=True, text=True)
    assert result.returncode == 1 and "differs from the schema" in result.stderr
    assert guide.read_text() == stale, "--check changes nothing"
    subprocess.run([sys.executable, "-m", "mskb", "reference", str(guide)], check=True,
                   capture_output=True)
    assert subprocess.run(check, capture_output=True).returncode == 0
    assert front_matter_tables() in guide.read_text()


def test_reference_refuses_a_guide_without_its_markers(tmp_path):
    guide = tmp_path / "CONTRIBUTING.md"
    guide.write_text("# Contributing\n")
    result = subprocess.run([sys.executable, "-m", "mskb", "reference", str(guide)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert START in result.stderr and END in result.stderr


def test_codeowners_puts_content_owners_first_and_maintainers_last():
    rules = [line.split() for line in (REPO / ".github/CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    paths = [rule[0] for rule in rules]
    assert paths.index("/content/") < paths.index("/hooks/")
    maintained = {"/hooks/", "/.github/", "/mkdocs.yml"}
    tail = rules[-len(maintained):]
    assert {rule[0] for rule in tail} == maintained, "maintainers' rules come last, so they win"
    assert all(rule[1:] == ["@ms-spasticity-kb/maintainers"] for rule in tail)
    content = {rule[0]: rule[1:] for rule in rules}["/content/"]
    assert "@ms-spasticity-kb/clinical-reviewers" in content


def test_pull_request_template_has_a_content_and_a_code_checklist():
    template = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    content, code = template.split("## Content checklist")[1].split("## Code checklist")
    for item in ("./scripts/check", "sources", "Plain language", "consent"):
        assert item in content
    for item in ("./scripts/test", "src/mskb/", "third party", "pinned"):
        assert item in code
    assert content.count("- [ ]") >= 5 and code.count("- [ ]") >= 5


def test_the_not_found_page_offers_the_report_form(built_site):
    page = built_site.page("404.html")
    link = page.select_one(".kb-page-feedback a")
    report = urlsplit(link["href"])
    assert f"{report.scheme}://{report.netloc}{report.path}" == f"{REPOSITORY}/issues/new"
    assert parse_qs(report.query) == {"template": ["report-a-problem.yml"]}
    assert "Tell us which page" in link.get_text()
