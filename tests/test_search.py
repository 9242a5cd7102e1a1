"""The search index (mskb.search, hooks/search.py): Pagefind's, written after the build, of the
content pages only."""

from __future__ import annotations

from conftest import Project
from mskb.search import indexed_pages


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
