"""Every built page is valid HTML, as the W3C Nu HTML Checker (vnu.jar) reads it.

The checker is a Java program, installed with the site's other tools by
``./scripts/install --validator`` (``./scripts/test`` does this for the full lane): Debian's
``default-jre-headless`` and the ``vnu-jar`` package from npm, in ``.tools/``. The fast lane
(``--fast``) leaves this file's tests out; ``tests/test_markup.py`` checks the same kinds of
error there without Java. If Java or the checker is missing, the tests fail and say how to
install them: a check that is skipped is a check nobody runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, Project

pytestmark = pytest.mark.tools

VNU = REPO / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "run ./scripts/install --validator (./scripts/test does it for the full lane)"
SHOWN = 25
"""How many errors a failure lists in full; every kind is counted after them."""


def _check(*paths: Path) -> list[dict]:
    """The checker's errors (its JSON messages) for the HTML files at ``paths``."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java is not installed, so the W3C HTML checker cannot run: {INSTALL}")
    if not VNU.is_file():
        pytest.fail(f"The W3C HTML checker ({VNU.relative_to(REPO)}) is not installed: {INSTALL}")
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         *map(str, paths)],
        capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(run.stderr)  # the checker writes its report to standard error
    except json.JSONDecodeError:
        pytest.fail(f"The W3C HTML checker did not run (exit status {run.returncode}):\n"
                    f"{run.stdout}{run.stderr}")
    return [m for m in report["messages"] if m.get("type") != "info"]


def _readable(errors: list[dict], root: Path) -> str:
    """``path:line: message`` for the first errors, then how many of each kind there are."""
    lines = []
    for error in errors[:SHOWN]:
        url = error.get("url", "")
        path = Path(url.removeprefix("file:")) if url.startswith("file:") else None
        where = path.relative_to(root) if path and path.is_relative_to(root) else url
        lines.append(f"{where}:{error.get('lastLine', '?')}: {error.get('message', '')}")
        extract = " ".join(error.get("extract", "").split())
        if extract:
            lines.append(f"    near: {extract[:110]}")
    if len(errors) > SHOWN:
        lines.append(f"... and {len(errors) - SHOWN} more")
    kinds = Counter(error.get("message", "")[:90] for error in errors)
    pages = len({error.get("url") for error in errors})
    lines.append(f"{len(errors)} errors on {pages} page{'' if pages == 1 else 's'}; by kind:")
    lines += [f"  {count:4d} x {message}" for message, count in kinds.most_common()]
    return "\n".join(lines)


def test_every_built_page_is_valid_html(built_site: Project):
    pages = sorted(built_site.site.rglob("*.html"))
    names = {page.relative_to(built_site.site).as_posix() for page in pages}
    assert {"index.html", "404.html", "print_page/index.html",
            "print/treatments/baclofen/index.html", "treatments/baclofen/index.html"} <= names
    errors = _check(built_site.site)
    assert not errors, "The W3C HTML checker found errors in the built site:\n" + _readable(
        errors, built_site.site.resolve())


def test_paged_listings_are_valid_html(paged_site: Project):
    """The pages of listings split into pages (the real site's listings each fit on one)."""
    pages = [paged_site.site / url / "index.html" for url in (
        "experiences", "experiences/page/2", "guides/page/2", "treatments",
        "treatments/a-to-z/b", "mentions/types/stiffness", "mentions/types/stiffness/page/3",
        "treatments/compare", "treatments/compare/oral-medicine/page/2")]
    errors = _check(*pages)
    assert not errors, "The W3C HTML checker found errors in paged listings:\n" + _readable(
        errors, paged_site.site.resolve())


def test_the_checker_reports_each_error_with_its_file_and_line(tmp_path: Path):
    """The check above can fail: Material's own invalid markup is reported, where it is."""
    page = tmp_path / "page.html"
    page.write_text('<!doctype html>\n<html lang="en"><head><title>T</title></head><body>\n'
                    '<input type="checkbox" id="c" autocomplete="off">\n'
                    '<label for="nowhere" tabindex="">L</label>\n</body></html>\n',
                    encoding="utf-8")
    report = _readable(_check(page), tmp_path.resolve())
    assert 'page.html:3: Attribute “autocomplete” is only allowed when' in report
    assert "page.html:4: Bad value “” for attribute “tabindex” on element “label”" in report
    assert "page.html:4: The value of the “for” attribute of the “label” element" in report
    assert "3 errors on 1 page; by kind:" in report
