"""Preview builds (``./scripts/serve``): a rebuild writes only the pages an edit changes.

The decision is plain Python (``mskb.preview``), tested here on the inputs of two builds of the
real content; one test runs ``mkdocs serve --dirty`` as ``./scripts/serve`` does, edits an
article and reads the served site and the files it wrote.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils import CountHandler

from conftest import REPO, Project
from mskb import preview
from mskb.pages.build import build_site

ACCOUNT = "experiences/botulinum-toxin-for-a-tight-calf.md"
ACCOUNT_URL = "experiences/botulinum-toxin-for-a-tight-calf/"
ACCOUNT_TITLE = "Botulinum toxin for a tight calf, then a splint and stretches"
ACCOUNT_SENTENCE = "I work as a teaching assistant"
EDITED_SENTENCE = "I work as a (newly edited) teaching assistant"


def _inputs(content: Path) -> dict[str, str]:
    """Every page's Markdown, as the content hook gives it to MkDocs."""
    return {uri: markdown for uri, (markdown, _) in _built_pages(content).items()}


def _shown(content: Path) -> dict[str, str]:
    """What every page shows: its Markdown and its frames (HTML that hooks/content.py puts in
    after Python-Markdown, mskb.pages.render.Frames; the Markdown holds a digest of them)."""
    return {uri: markdown + "".join(frames)
            for uri, (markdown, frames) in _built_pages(content).items()}


def _built_pages(content: Path) -> dict[str, tuple[str, list[str]]]:
    site = build_site(content, site_name="MS Spasticity Knowledge Base",
                      site_url="https://example.org/knowledge-base/", build_date=date(2026, 11, 1))
    return {page.src_uri: (page.markdown, site.frames.parts.get(page.src_uri, ("", []))[1])
            for page in [*site.pages, *site.drafts]}


def _written_by(sources: dict[str, str], setup: str = "setup") -> preview.Manifest:
    """The manifest a build of ``sources`` leaves in the site folder."""
    digests = preview.page_digests(sources, preview.bundle_members(sources), setup)
    return preview.Manifest({uri: (digest, None) for uri, digest in digests.items()})


def _plan(previous: preview.Manifest | None, sources: dict[str, str], setup: str = "setup",
          written=lambda uri: True) -> preview.Plan:
    digests = preview.page_digests(sources, preview.bundle_members(sources), setup)
    return preview.plan(previous, digests, written)


@pytest.fixture(scope="module")
def real_inputs(tmp_path_factory) -> dict[str, str]:
    """The real content's pages, from a copy like :func:`content` (no Git history, which
    articles show as their dates of change)."""
    copied = tmp_path_factory.mktemp("before") / "content"
    shutil.copytree(REPO / "content", copied)
    return _inputs(copied)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copied = tmp_path / "content"
    shutil.copytree(REPO / "content", copied)
    return copied


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: no {old!r} to change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- Which pages a rebuild writes ----------------------------------------------------------------

def test_an_edited_account_rebuilds_itself_and_the_bundles_that_print_it(real_inputs, content):
    _edit(content / ACCOUNT, ACCOUNT_SENTENCE, EDITED_SENTENCE)
    after = _inputs(content)
    plan = _plan(_written_by(real_inputs), after)

    members = preview.bundle_members(after)
    holding = {bundle for bundle, names in members.items() if ACCOUNT in names}
    assert holding, "the account should be printed in some topic bundle"
    assert plan.modified == {ACCOUNT, *holding}
    assert plan.partial
    # The bundles are filled with their other members' HTML as last written, not re-rendered.
    loaded = preview.members_to_load(plan, members)
    assert loaded == {name for bundle in holding for name in members[bundle]} - {ACCOUNT}
    # Menus keep the titles of the pages not rebuilt.
    assert set(plan.titles) == set(after) - plan.modified


def test_a_new_title_rebuilds_every_page_that_lists_it_and_no_other(real_inputs, content):
    _edit(content / ACCOUNT, f"title: {ACCOUNT_TITLE}", "title: A calf that let go at last")
    after = _inputs(content)
    plan = _plan(_written_by(real_inputs), after)

    listing = {uri for uri, shown in _shown(REPO / "content").items()
               if ACCOUNT_TITLE in shown and uri != ACCOUNT}
    assert "experiences/index.md" in listing  # the newest accounts are listed by title
    assert {ACCOUNT, *listing} <= plan.modified
    members = preview.bundle_members(after)
    for uri in plan.modified - {ACCOUNT} - listing:  # the rest: bundles printing one of those
        assert {ACCOUNT, *listing} & set(members.get(uri, [])), uri
    assert "guides/index.md" not in plan.modified
    assert "treatments/baclofen.md" not in plan.modified


def test_nothing_is_rebuilt_when_nothing_changed(real_inputs):
    plan = _plan(_written_by(real_inputs), real_inputs)
    assert plan.modified == set()
    assert plan.partial


def test_the_first_build_and_a_change_to_the_theme_or_hooks_rebuild_every_page(real_inputs):
    first = _plan(None, real_inputs)
    assert first.modified == set(real_inputs)
    assert not first.partial  # so the whole guide and the search index are written
    theme_changed = _plan(_written_by(real_inputs), real_inputs, setup="another theme")
    assert theme_changed.modified == set(real_inputs)
    assert not theme_changed.partial


def test_a_page_whose_output_is_missing_is_rebuilt(real_inputs):
    plan = _plan(_written_by(real_inputs), real_inputs,
                 written=lambda uri: uri != "guides/index.md")
    assert plan.modified == {"guides/index.md"}


def test_the_setup_digest_follows_the_theme_hooks_and_config_but_not_the_content(tmp_path):
    for name in ("mkdocs.yml", "hooks/content.py", "docs/overrides/main.html",
                 "content/guides/a.md", "docs/about/index.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("one", encoding="utf-8")
    first = preview.setup_digest(tmp_path, ["1 November 2026"])
    assert preview.setup_digest(tmp_path, ["1 November 2026"]) == first
    assert preview.setup_digest(tmp_path, ["2 November 2026"]) != first
    for name in ("content/guides/a.md", "docs/about/index.md"):  # pages of their own
        (tmp_path / name).write_text("two", encoding="utf-8")
        assert preview.setup_digest(tmp_path, ["1 November 2026"]) == first, name
    for name in ("mkdocs.yml", "hooks/content.py", "docs/overrides/main.html"):
        (tmp_path / name).write_text("two", encoding="utf-8")
        changed = preview.setup_digest(tmp_path, ["1 November 2026"])
        assert changed != first, name
        first = changed


def test_a_build_that_stops_half_way_leaves_its_pages_to_be_rebuilt(tmp_path, real_inputs):
    """The manifest is written at a build's start without the pages it is about to write."""
    edited = {**real_inputs, ACCOUNT: real_inputs[ACCOUNT] + "\nMore text.\n"}
    plan = _plan(_written_by(real_inputs), edited)
    preview.write_manifest(tmp_path, plan.unchanged(), plan.titles)
    # The build stops; the contributor undoes the edit; the next build still rewrites the page.
    again = _plan(preview.read_manifest(tmp_path), real_inputs)
    assert ACCOUNT in again.modified


def test_the_manifest_is_read_back_and_a_damaged_one_is_ignored(tmp_path):
    preview.write_manifest(tmp_path, {"a.md": "1", "b.md": "2"}, {"a.md": "A page"})
    assert preview.read_manifest(tmp_path) == preview.Manifest(
        {"a.md": ("1", "A page"), "b.md": ("2", None)})
    (tmp_path / preview.MANIFEST).write_text("{not json", encoding="utf-8")
    assert preview.read_manifest(tmp_path) is None
    assert preview.read_manifest(tmp_path / "nowhere") is None


def test_only_kb_preview_turns_preview_builds_on():
    assert preview.requested({"KB_PREVIEW": "1"})
    assert not preview.requested({})
    assert not preview.requested({"KB_PREVIEW": "0"})
    assert preview.is_partial_build({preview.PARTIAL_BUILD: True})
    assert not preview.is_partial_build({})


def test_mkdocs_dirty_build_warning_becomes_a_notice_that_does_not_stop_strict_builds():
    build_log = logging.getLogger("mkdocs.commands.build")
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    seen: list[logging.LogRecord] = []
    recorder = logging.Handler()
    recorder.emit = seen.append  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(counter)
    logging.getLogger("mkdocs").addHandler(recorder)
    try:
        preview.install_notice(build_log)
        preview.install_notice(build_log)  # once only
        assert sum(isinstance(f, preview.PreviewNotice) for f in build_log.filters) == 1
        build_log.warning("A 'dirty' build is being performed, this will likely lead to "
                          "inaccurate navigation and other links within your site.")
        build_log.warning("Something else")
    finally:
        preview.remove_notice(build_log)
        logging.getLogger("mkdocs").removeHandler(counter)
        logging.getLogger("mkdocs").removeHandler(recorder)
    assert counter.get_counts() == [("WARNING", 1)]  # only "Something else" counts
    notice = next(r for r in seen if r.getMessage() == preview.PREVIEW_NOTICE)
    assert notice.levelno == logging.INFO
    assert "./scripts/build" in notice.getMessage()
    assert not any(isinstance(f, preview.PreviewNotice) for f in build_log.filters)


# --- ./scripts/serve -----------------------------------------------------------------------------

def _stub_project(root: Path) -> None:
    """scripts/serve with an install that does nothing and a `mkdocs` that prints its call."""
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "serve", root / "scripts" / "serve")
    stubs = {
        "scripts/install": "#!/bin/sh\nexit 0\n",
        ".venv/bin/python": "#!/bin/sh\necho /knowledge-base/\n",
        ".venv/bin/mkdocs": '#!/bin/sh\necho "KB_PREVIEW=${KB_PREVIEW:-unset} mkdocs $*"\n',
    }
    for name, text in stubs.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)


@pytest.mark.parametrize(("arguments", "address", "runs"), [
    ([], "127.0.0.1:8000", "KB_PREVIEW=1 mkdocs serve --dirty"),
    (["-a", "127.0.0.1:8765"], "127.0.0.1:8765",
     "KB_PREVIEW=1 mkdocs serve --dirty -a 127.0.0.1:8765"),
    (["--full"], "127.0.0.1:8000", "KB_PREVIEW=unset mkdocs serve"),
    (["--full", "--dev-addr=127.0.0.1:8765"], "127.0.0.1:8765",
     "KB_PREVIEW=unset mkdocs serve --dev-addr=127.0.0.1:8765"),
])
def test_scripts_serve_previews_by_default_and_rebuilds_everything_with_full(
        tmp_path, arguments, address, runs):
    _stub_project(tmp_path)
    environment = {**os.environ, "KB_PREVIEW": "1"}  # --full turns it off even when set
    result = subprocess.run([str(tmp_path / "scripts" / "serve"), *arguments], cwd=tmp_path,
                            capture_output=True, text=True, env=environment, check=True)
    assert result.stdout.splitlines() == [
        f"Open http://{address}/knowledge-base/ in your browser (Ctrl+C stops the server).",
        runs]


# --- mkdocs serve, as ./scripts/serve runs it ----------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, what: str, process: subprocess.Popen, log: Path, limit: float = 600):
    """Wait for ``condition()``; fail (with the server's log) if the server stops or a build
    fails, or after ``limit`` seconds so that a broken server does not hang the suite (this is
    not a speed test: ./scripts/benchmark-style figures are in the README)."""
    give_up = time.monotonic() + limit
    while not condition():
        failed = "An error happened during the rebuild" in log.read_text()
        if failed or process.poll() is not None or time.monotonic() > give_up:
            pytest.fail(f"{what}; the server's log:\n{log.read_text()[-4000:]}")
        time.sleep(0.1)


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _pages(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns
            for path in site.rglob("index.html") if preview.STORE not in path.parts}


def _complete_build(project: Project, port: int, site: Path) -> Path:
    """The site as a complete (not preview) `mkdocs serve` build writes it."""
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = f"http://127.0.0.1:{port}/knowledge-base/"  # as `mkdocs serve` sets it
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("KB_PREVIEW", raising=False)
        build(config, serve_url=config.site_url)
    return site


@pytest.mark.slow
def test_serve_shows_edits_rewriting_only_the_pages_they_change(project: Project, tmp_path):
    temporary = tmp_path / "serve-temp"  # where `mkdocs serve` makes its site folder
    temporary.mkdir()
    port = _free_port()
    log = tmp_path / "serve.log"
    environment = {**os.environ, "KB_PREVIEW": "1", "TMPDIR": str(temporary)}
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project.root, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True)

    def edit_and_wait(old: str, new: str, shown: str) -> set[str]:
        """Edit the account, wait until its served page shows ``shown``; the pages rewritten."""
        before = _pages(site)
        builds = log.read_text().count("Reloading browsers")
        _edit(project.content / ACCOUNT, old, new)
        _wait(lambda: shown in _fetch(base + ACCOUNT_URL),
              "the served page never showed the edit", server, log)
        _wait(lambda: log.read_text().count("Reloading browsers") > builds,
              "the rebuild did not finish", server, log)
        after = _pages(site)
        return {page for page in before if after[page] != before[page]}

    try:
        _wait(lambda: "Serving on" in log.read_text(), "the server did not start", server, log)
        site = next(temporary.glob("mkdocs_*"))
        base = f"http://127.0.0.1:{port}/knowledge-base/"
        assert ACCOUNT_SENTENCE in _fetch(base + ACCOUNT_URL)
        printing_it = {page for page in _pages(site) if page.startswith("print/")
                       and ACCOUNT_SENTENCE in (site / page).read_text(encoding="utf-8")}
        assert printing_it
        untouched = {name: (site / name).stat().st_mtime_ns
                     for name in ("pagefind/pagefind-entry.json", "print_page/index.html")}

        # Its text: the account's page and the bundles that print it, nothing else.
        rewritten = edit_and_wait(ACCOUNT_SENTENCE, EDITED_SENTENCE, EDITED_SENTENCE)
        assert rewritten == {f"{ACCOUNT_URL}index.html", *printing_it}
        for page in printing_it:
            assert EDITED_SENTENCE in (site / page).read_text(encoding="utf-8"), page
        complete = _complete_build(project, port, tmp_path / "complete")
        for page in rewritten:  # the same as a complete build of the edited site writes
            assert (site / page).read_bytes() == (complete / page).read_bytes(), page

        # Its title: also the pages that list it; each the same as in a complete build.
        new_title = "A calf that let go at last"
        rewritten = edit_and_wait(f"title: {ACCOUNT_TITLE}", f"title: {new_title}", new_title)
        assert {f"{ACCOUNT_URL}index.html", "experiences/index.html", *printing_it} <= rewritten
        assert "guides/index.html" not in rewritten
        complete = _complete_build(project, port, tmp_path / "complete-again")
        for page in rewritten:
            assert (site / page).read_bytes() == (complete / page).read_bytes(), page

        for name, mtime in untouched.items():  # kept from the complete first build
            assert (site / name).stat().st_mtime_ns == mtime, name
        text = log.read_text()
        assert preview.PREVIEW_NOTICE in text
        assert "WARNING" not in text and "Aborted" not in text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
