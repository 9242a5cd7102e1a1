"""Shared helpers: copy the real site shell into a temp dir, add content, build in-process."""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mskb.content.article import Article
from mskb.content.loading import load
from mskb.diagnostics import Diagnostic
from mskb.printing.pdf import CHROMIUM_ARGS
from mskb.server import serve

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

BROWSER_TESTS = Path(__file__).parent / "browser"
SLOW_MARKERS = ("browser", "tools", "slow")
"""Left out by ``--fast`` (``./scripts/test --fast``): Chromium, and the linters."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast", action="store_true",
        help="unit, rule, content and build tests only: no browser, no linters (about a "
        "minute); ./scripts/test --fast passes it")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # Not even imported: the browser tests import Playwright at the top.
    if config.getoption("--fast") and collection_path.is_relative_to(BROWSER_TESTS):
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--fast"):
        return
    kept = [item for item in items if not any(item.get_closest_marker(m) for m in SLOW_MARKERS)]
    deselected = [item for item in items if item not in kept]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept

VALID_FRONT_MATTER = {
    "title": "A test article",
    "kind": "guide",
    "summary": "A summary of at least twenty characters for the test article.",
    "authors": ["Test author"],
    "reviewed_by": "Editorial team",
    "published": "2026-01-01",
    "last_reviewed": "2026-01-02",
    "next_review": "2027-01-02",
    "sources": [
        {"title": "Source one", "url": "https://www.nice.org.uk/guidance/ng220",
         "publisher": "NICE", "year": 2022},
        {"title": "Source two", "url": "https://mstrust.org.uk/a-z/spasticity-and-spasms",
         "publisher": "MS Trust", "year": 2024},
    ],
}


def check_content(content_dir: Path) -> tuple[list[Diagnostic], list[Article], list[Article]]:
    """What ``./scripts/check`` finds: (errors, published articles, drafts)."""
    content = load(content_dir)
    return content.errors, content.articles, content.drafts


KEY_FACTS = {
    "what_it_is": "a device for the test.",
    "how_taken": {"value": "device", "text": "worn on the leg."},
    "how_soon": {"value": "hours", "text": "within minutes."},
    "side_effects": {"value": "Sore skin", "text": "sore skin under the pads."},
    "who_provides": {"value": "physiotherapist", "text": "a physiotherapist."},
    "nice_position": {"value": "not-covered", "text": "NICE does not cover it."},
    "evidence": {"value": "very-limited", "text": "There are few trials."},
}
"""Valid Key facts (front matter `key_facts`), which every treatment article gives."""
SAFETY = ["Never stop the test medicine suddenly: ask your doctor first."]
"""A valid `safety` list, which medicines and injections must give (every test treatment has
it unless told otherwise)."""


def treatment_body() -> str:
    """A body that follows the treatment structure rule (the sections, in order; the Key facts
    are in front matter)."""
    from mskb.content.rules import TREATMENT_SECTIONS

    return "".join(f"## {title}\n\nSome text for the body.\n\n" for title in TREATMENT_SECTIONS)


def article_text(body: str | None = None, **fields) -> str:
    """An article's file text: valid front matter (overridden by ``fields``) and a body.

    Without ``body``, a treatment gets one that passes the structure rule; others one line. A
    treatment gets valid :data:`SAFETY` and :data:`KEY_FACTS` unless they are given.
    """
    front = {**VALID_FRONT_MATTER, **fields}
    if front.get("kind") == "treatment":  # key_facts=None or safety=None leaves them out
        front = {**front, "safety": front.get("safety", SAFETY),
                 "key_facts": front.get("key_facts", KEY_FACTS)}
    if body is None:
        body = treatment_body() if front.get("kind") == "treatment" else "Some text for the body.\n"
    front = {key: value for key, value in front.items() if value is not None}
    if front.get("kind") == "experience":
        front.setdefault("provenance", "illustrative")
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n" + body


CONTENT = REPO / "content"


def front_matter(path: Path) -> dict:
    """Read an article's front matter directly, independently of the code under test."""
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def published_articles(content: Path = CONTENT) -> dict[str, dict]:
    """URL -> front matter of every published article in the real content/ (or ``content``,
    a test project's)."""
    found = {}
    for path in sorted(content.rglob("*.md")):
        front = front_matter(path)
        if not front.get("draft"):
            found[path.relative_to(content).with_suffix("").as_posix() + "/"] = front
    return found


def vocabulary(name: str) -> list[dict]:
    return yaml.safe_load((CONTENT / "data" / f"{name}.yml").read_text(encoding="utf-8"))


def link_targets(element, base: str) -> set[str]:
    """Site-relative URLs of the internal links inside ``element`` on the page at ``base``."""
    targets = set()
    for link in element.select("a[href]"):
        href = link["href"]
        if href.startswith(("http:", "https:", "#", "mailto:")):
            continue
        parts = base.rstrip("/").split("/") if base else []
        for piece in href.split("#")[0].split("/"):
            if piece == "..":
                parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        targets.add("/".join(parts) + "/" if parts else "")
    return targets



@dataclass
class Project:
    """A copy of the repository's site (mkdocs.yml, docs/, hooks/, content/) in a temp dir."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def build(self) -> None:
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        build(config)

    def page(self, url: str) -> BeautifulSoup:
        """The built HTML of the page at ``url`` (for example ``treatments/baclofen/``)."""
        path = self.site / url / "index.html" if not url.endswith(".html") else self.site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def article(self, url: str):
        return self.page(url).select_one("article.md-content__inner")


def copy_project(destination: Path, content: Path = REPO / "content") -> Project:
    """The site's files, to change and build; the hooks import the installed ``mskb``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(REPO / "docs", destination / "docs", ignore=ignore)
    shutil.copytree(REPO / "hooks", destination / "hooks", ignore=ignore)
    shutil.copytree(content, destination / "content", ignore=ignore)
    return Project(destination)


def remove_article(content: Path, rel: str) -> None:
    """Delete the article ``rel`` (``treatments/stretching.md``) from a copy of content/, with
    its line in the whole guide's list, as a maintainer removing it would."""
    (content / rel).unlink(missing_ok=True)
    listed = content / "data" / "whole_guide.yml"
    lines = listed.read_text(encoding="utf-8").splitlines(keepends=True)
    listed.write_text("".join(line for line in lines if line.strip() != f"- {rel}"),
                      encoding="utf-8")


def load_hook(name: str):
    """A hook file of hooks/ as a module, to test its plain functions without MkDocs."""
    spec = importlib.util.spec_from_file_location(f"kb_hook_{name}", REPO / "hooks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tab_until(page, condition: str, *, presses: int, what: str) -> None:
    """Press Tab until the JavaScript ``condition`` holds for the focused element, or fail."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    pytest.fail(f"{what} cannot be reached with the Tab key ({presses} presses)")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the real site to change and build."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Project:
    """The real site, built once for the tests that only read it."""
    built = copy_project(tmp_path_factory.mktemp("real-site"))
    built.build()
    return built


SMALL_PAGES = {"accounts": 3, "guides": 4, "mentions": 5, "treatments": 4,
               "a_to_z_on_one_page": 5, "compare": 2, "compare_on_one_page": 5}
"""Entries on a page of each listing (mskb.pages.paging.PageSizes) in :func:`paged_site`: the
experiences index, the guides, everything that mentions a topic, a letter of the A to Z (and
the treatments past which the A to Z has a page per letter), a group's table of Compare
treatments (and the treatments past which each group has its own pages)."""
SMALL_PER_POSITION = 2
"""Treatments listed under each NICE position on a type's page in :func:`paged_site`."""


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory) -> Project:
    """The real site built with a few entries to a page (:data:`SMALL_PAGES`), so that every
    listing has several pages, as a site of thousands of articles has with the real sizes."""
    from mskb.pages import paging, related

    site = copy_project(tmp_path_factory.mktemp("paged-site"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SIZES", paging.PageSizes(**SMALL_PAGES))
        patch.setattr(related, "MAX_PER_POSITION", SMALL_PER_POSITION)
        site.build()
    return site


SITE_PATH = "knowledge-base/"
"""The path of site_url in mkdocs.yml: the 404 page links its assets from there, as deployed."""


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory) -> Project:
    """The real site built as the deploy workflow builds it, with KB_PDF=1: once for every
    test that reads its PDFs (tests/browser/test_printout.py, test_pdf_documents.py)."""
    site = copy_project(tmp_path_factory.mktemp("pdf-site"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_PDF", "1")
        site.build()
    return site


@pytest.fixture(scope="session")
def server(built_site: Project):
    """The built site on a localhost web server at its real path; yields its base URL."""
    with serve(built_site.site, mount=SITE_PATH) as base:
        yield base


@pytest.fixture(scope="session")
def paged_server(paged_site: Project):
    """:func:`paged_site` on a localhost web server at the real path; yields its base URL."""
    with serve(paged_site.site, mount=SITE_PATH) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (its own browser download is not used)."""
    from playwright.sync_api import sync_playwright  # only the browser tests need it

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
