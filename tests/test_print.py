"""Printing: clean printouts of every page, the combined print page, topic bundles and PDFs.

Three layers, each checked the way a reader meets it: the built HTML (read with a parser), the
page in Chromium with print media emulated (computed styles), and PDF files written by the
build and read back with pypdf (text, pages, metadata, links).
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import (
    Project,
    article_text,
    link_targets,
    published_articles,
    vocabulary,
)

SITE_URL = "https://ms-spasticity-kb.github.io/knowledge-base/"
# Words only the site's chrome shows (skip link, print button, footer link, sidebar title).
CHROME_TEXT = ["Skip to content", "Print this page", "Print or save the whole guide",
               "Table of contents"]
FOLDERS = {"treatments": ("treatments", "spasticity_types", "types"),
           "types": ("spasticity_types", "treatments", "treatments")}
MAX_EXPERIENCES = 10
NEWEST_ON_INDEX = 20  # accounts the experiences index lists in full (on its first page)


def _today() -> str:
    today = date.today()
    return f"{today.day} {today:%B %Y}"


def _topics():
    """(folder, slug, name) of every treatment and spasticity type in the vocabularies."""
    for folder, (own_field, _, _) in FOLDERS.items():
        for entry in vocabulary(own_field):
            yield folder, entry["slug"], entry["name"]


def _expected_bundle(folder: str, slug: str) -> tuple[str, set[str], list[str]]:
    """Worked out from the front matter alone: own section id, related ids, experience ids."""
    own_field, other_field, other_folder = FOLDERS[folder]
    articles = published_articles()
    own = articles.get(f"{folder}/{slug}/", {})
    related = set(own.get(other_field, []))
    related |= {url.split("/")[1] for url, front in articles.items()
                if url.startswith(f"{other_folder}/") and slug in front.get(own_field, [])}
    # str(): YAML reads an unquoted date as a date, a quoted one (as the story converter
    # writes it) as text.
    experiences = [(str(front["published"]), front["title"].lower(), url)
                   for url, front in articles.items()
                   if front["kind"] == "experience" and slug in front.get(own_field, [])]
    experiences.sort(key=lambda entry: entry[1])  # same day: by title, A to Z
    experiences.sort(key=lambda entry: entry[0], reverse=True)  # newest first
    return (f"{folder}-{slug}", {f"{other_folder}-{s}" for s in related},
            [url.strip("/").replace("/", "-") for *_, url in experiences[:MAX_EXPERIENCES]])


# --- Topic bundles, in the built HTML -----------------------------------------------------------

def test_every_treatment_and_type_has_a_bundle_linked_from_its_page(built_site: Project):
    topics = list(_topics())
    assert len(topics) >= 28
    for folder, slug, name in topics:
        page = built_site.page(f"{folder}/{slug}/")
        link = next((a for a in page.select(".kb-page-actions a")
                     if a.get_text(" ", strip=True) == f"Print all about {name}"), None)
        assert link is not None, f"{folder}/{slug}/ has no 'Print all about {name}'"
        assert link_targets(link.parent, f"{folder}/{slug}/") >= {f"print/{folder}/{slug}/"}
        bundle = built_site.article(f"print/{folder}/{slug}/")
        assert bundle.select_one(".kb-cover h1").get_text(strip=True) == \
            f"Everything about {name}"


@pytest.mark.parametrize("folder, slug", [("treatments", "baclofen"), ("types", "stiffness"),
                                          ("treatments", "tens")])
def test_bundle_gathers_article_related_topics_and_experiences_in_order(
    built_site: Project, folder: str, slug: str
):
    own, related, experiences = _expected_bundle(folder, slug)
    bundle = built_site.article(f"print/{folder}/{slug}/")
    sections = bundle.select("section.kb-bundle-article")
    ids = [s["id"] for s in sections]
    assert ids[0] == own
    assert set(ids[1:1 + len(related)]) == related
    assert ids[1 + len(related):] == experiences
    assert experiences, "the starter content has experiences for these topics"
    # Related topics in brief: title, summary and the address of the full article, no sections.
    for section in sections[1:1 + len(related)]:
        assert "kb-bundle-brief" in section["class"]
        assert section.find("h2") is None
        assert "full article is at https://" in section.get_text()
    # The full article keeps its sections, sources and review dates.
    first = sections[0]
    assert first.find("h2") is not None
    assert "Last reviewed:" in first.get_text()
    # Contents: every section in order, the words used, then the questions page, which comes
    # last.
    contents = [a["href"] for a in bundle.select("nav.kb-doc-contents li a")]
    assert contents == [f"#{i}" for i in ids] + ["#kb-doc-words", "#kb-questions"]
    questions = bundle.select_one("#kb-questions")
    assert questions.find("h1").get_text(strip=True) == "Questions for my clinician"
    assert not questions.find_all_next("section", class_="kb-bundle-article")
    assert len(questions.select(".kb-line")) >= 10, "ruled lines to write on"


def test_bundle_links_stay_inside_the_document_or_name_the_full_address(built_site: Project):
    bundle = built_site.article("print/treatments/baclofen/")
    ids = [element["id"] for element in bundle.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids repeated when articles were joined"
    for link in bundle.select("section.kb-bundle-article a[href], nav.kb-doc-contents a"):
        href = link["href"]
        if href.startswith("#"):
            assert href[1:] in ids, f"link to a missing place: {href}"
        else:
            assert href.startswith(("https://", "http://")), href
    site_links = bundle.select("a.kb-site-link")
    assert site_links and all(a["href"].startswith(SITE_URL) for a in site_links)


def test_bundle_prints_only_the_newest_experiences(project: Project):
    for day in range(1, 13):
        project.write(f"experiences/tens-story-{day:02d}.md", article_text(
            title=f"TENS story {day:02d}", kind="experience", treatments=["tens"],
            published=f"2030-01-{day:02d}", last_reviewed=f"2030-01-{day:02d}",
            next_review="2031-01-01", sources=[]))
    project.build()
    bundle = project.article("print/treatments/tens/")
    experiences = [s["id"] for s in bundle.select("section.kb-bundle-article")
                   if s["id"].startswith("experiences-")]
    assert experiences == [f"experiences-tens-story-{day:02d}" for day in range(12, 2, -1)]
    already = sum("tens" in f.get("treatments", []) for f in published_articles().values()
                  if f["kind"] == "experience")
    left_out = 12 + already - MAX_EXPERIENCES
    assert f"{left_out} older ones are listed on the page" in bundle.get_text(" ")


def test_bundles_are_left_out_of_search_and_navigation(built_site: Project):
    """Search indexes only what is marked data-pagefind-body: never a printout, which repeats
    the articles (mskb.search)."""
    assert not built_site.page("print/treatments/baclofen/").select("[data-pagefind-body]")
    assert not built_site.page("print_page/").select("[data-pagefind-body]")
    assert built_site.page("treatments/baclofen/").select("[data-pagefind-body] h1")
    nav = built_site.page("treatments/baclofen/").select_one("nav.md-nav--primary")
    assert not [a["href"] for a in nav.select("a[href]") if "print/" in a["href"]]


# --- The combined print page ---------------------------------------------------------------------

def test_print_page_has_a_cover_contents_and_leaves_contributor_pages_out(built_site: Project):
    page = built_site.page("print_page/")
    cover = page.select_one("#print-site-cover-page").get_text(" ", strip=True)
    assert "MS Spasticity Knowledge Base" in cover
    assert "Made on:" in cover
    assert "not medical advice" in cover
    contents = page.select_one("#print-site-cover-page + nav.kb-doc-contents")
    ids = [s["id"] for s in page.select("section.print-page[id]")]
    entries = [a["href"][1:] for a in contents.select("a.kb-toc__entry")]
    assert entries == [i for i in ids if not i.startswith("section-")] + [
        "kb-doc-words", "kb-questions"]
    assert not [i for i in ids if i.startswith("contributing")]
    assert "index" not in ids
    assert "about-editorial-policy" in ids
    # The section lists and the glossary are left out: the contents and the words used at the
    # end replace them. Every treatment in the vocabulary has a page in the guide.
    assert not {"treatments", "types", "guides", "glossary"} & set(ids)
    assert {f"treatments-{entry['slug']}" for entry in vocabulary("treatments")
            if f"treatments-{entry['slug']}" in ids}


def test_print_page_has_the_short_experiences_index(built_site: Project):
    """The whole guide's Experiences section is the index's first page: the newest twenty
    accounts (all of them while there are no more), then the accounts listed by treatment and by
    type, a few by name; its length does not depend on the number of accounts
    (tests/test_build.py measures it). The index's later pages are not printed."""
    section = built_site.page("print_page/").select_one("section#experiences")
    headings = [h.get_text(strip=True) for h in section.find_all("h2")]
    assert headings == ["Newest accounts", "Accounts by treatment",
                        "Accounts by type of spasticity"]
    lists = [h.find_next_sibling("ul") for h in section.find_all("h2")]
    accounts = sum(f["kind"] == "experience" for f in published_articles().values())
    assert len(lists[0].find_all("li", recursive=False)) == min(accounts, NEWEST_ON_INDEX)
    names = {entry["slug"]: entry["name"] for entry in vocabulary("treatments")}
    mentioned = {slug for front in published_articles().values()
                 if front["kind"] == "experience" for slug in front.get("treatments", [])}
    listed = [li.strong.get_text(strip=True) for li in lists[1].find_all("li", recursive=False)]
    assert listed == sorted((names[slug] for slug in mentioned), key=str.lower)


def test_no_page_shows_a_raw_placeholder(built_site: Project):
    offenders = []
    for path in built_site.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for marker in ("data-kb-bundle-articles", "{{", "{%"):
            if marker in text:
                offenders.append(f"{path.relative_to(built_site.site)}: {marker}")
    assert offenders == []


@pytest.mark.parametrize("url", ["", "treatments/baclofen/", "experiences/", "glossary/"])
def test_every_page_footer_links_to_the_whole_guide(built_site: Project, url: str):
    footer = built_site.page(url).select_one("footer.md-footer")
    link = next(a for a in footer.select("a") if a.get_text(strip=True) ==
                "Print or save the whole guide")
    assert link_targets(link.parent, url) >= {"print_page/"}


def test_a_build_without_pdfs_links_to_none(built_site: Project):
    for url in ("treatments/baclofen/", "print/treatments/baclofen/", "print_page/"):
        assert built_site.page(url).select('a[href$=".pdf"]') == [], url
