"""The search index (mskb.search, hooks/search.py): Pagefind's, written after the build, of the
content pages only."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import Project
from mskb import search
from mskb.search import SearchError, indexed_pages, write_index


def test_the_index_holds_the_content_pages_and_no_printout(built_site: Project):
    folder = built_site.site / "pagefind"
    assert (folder / "pagefind.js").is_file()
    assert (folder / "pagefind-entry.json").is_file()
    pages = indexed_pages(folder)
    for url in ("/", "/treatments/baclofen/", "/experiences/physio-for-stiff-legs/",
                "/guides/symptom-diary/", "/glossary/"):
        assert url in pages
    assert not [url for url in pages if url.startswith(("/print/", "/print_page/"))]
    assert not [url for url in pages if "404" in url]
    bundles = list((built_site.site / "print").rglob("index.html"))
    assert bundles, "the bundles were built, and left out"
    assert not (built_site.site / "search" / "search_index.json").exists(), \
        "Material's lunr index is gone"


def test_the_index_is_written_into_the_site_folder_only(built_site: Project):
    written = [path for folder in ("docs", "content")
               for path in (built_site.root / folder).rglob("*pagefind*")]
    assert written == []
    folder = built_site.site / "pagefind"
    assert sorted(p.name for p in folder.glob("*.js")) == ["pagefind.js"], \
        "Pagefind's own search interfaces and its worker, which the site does not use, " \
        "are not published"


def _site(root: Path, body: str) -> Path:
    site = root / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        f"<!doctype html><html lang='en'><head><title>A</title></head><body>{body}</body></html>",
        encoding="utf-8")
    return site


def test_an_older_index_is_replaced(tmp_path: Path):
    site = _site(tmp_path, "<article data-pagefind-body><h1>Spasm</h1><p>Words.</p></article>")
    (site / "pagefind" / "index").mkdir(parents=True)
    (site / "pagefind" / "index" / "en_old.pf_index").write_bytes(b"old")
    indexed = write_index(site)
    assert indexed.pages == ("/a/",)
    assert not (site / "pagefind" / "index" / "en_old.pf_index").exists()


def test_a_site_without_a_page_is_refused(tmp_path: Path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    with pytest.raises(SearchError, match="not able to build an index"):
        write_index(site)


def test_pagefinds_own_failure_is_reported_with_its_message(tmp_path: Path):
    site = _site(tmp_path, "<article data-pagefind-body><h1>Spasm</h1></article>")
    (site / "pagefind").write_text("a file where the index's folder goes", encoding="utf-8")
    # Pagefind writes from several threads, so whichever write fails first names the error:
    # "File exists" (making the folder) or "Not a directory" (writing into it).
    reported = r"(?s)exit status \d+\):\n.*(File exists|Not a directory)"
    with pytest.raises(SearchError, match=reported):
        write_index(site)


def test_the_build_stops_when_pagefind_fails(project: Project, monkeypatch, caplog):
    failing = [sys.executable, "-c", "import sys; print('Pagefind: out of disk space'); "
               "sys.exit(3)"]
    monkeypatch.setattr(search, "command", lambda site: failing)
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        project.build()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Pagefind could not index the site (exit status 3):\nPagefind: out of disk space" \
        in logged


def test_the_printouts_are_not_read_and_other_folders_are(tmp_path: Path):
    site = _site(tmp_path, "<article data-pagefind-body><h1>Spasm</h1></article>")
    page = (site / "a" / "index.html").read_text(encoding="utf-8")
    for folder in ("print/treatments/baclofen", "print_page", "odd, {name}", "b/c/d"):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text(page, encoding="utf-8")
    (site / "index.html").write_text(page, encoding="utf-8")
    assert write_index(site).pages == ("/", "/a/", "/b/c/d/", "/odd, {name}/")
