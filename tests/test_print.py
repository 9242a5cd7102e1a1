"""Printing: clean printouts of every page, the combined print page, topic bundles and PDFs.

Three layers, each checked the way a reader meets it: the built HTML (read with a parser), the
page in Chromium with print media emulated (computed styles), and PDF files written by the
build and read back with pypdf (text, pages, metadata, links).
"""

from __future__ import annotations

import json
import re
from datetime import date

import pypdf
import pytest

from conftest import (
    Project,
    article_text,
    copy_project,
    link_targets,
    published_articles,
    tab_until,
    vocabulary,
)

SITE_URL = "https://ms-spasticity-kb.github.io/knowledge-base/"
# Words only the site's chrome shows (skip link, print button, footer link, sidebar title).
CHROME_TEXT = ["Skip to content", "Print this page", "Print or save the whole guide",
               "Table of contents"]
FOLDERS = {"treatments": ("treatments", "spasticity_types", "types"),
           "types": ("spasticity_types", "treatments", "treatments")}
MAX_EXPERIENCES = 10


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
    experiences = [(front["published"], url) for url, front in articles.items()
                   if front["kind"] == "experience" and slug in front.get(own_field, [])]
    experiences.sort(key=lambda pair: pair[0], reverse=True)
    return (f"{folder}-{slug}", {f"{other_folder}-{s}" for s in related},
            [url.strip("/").replace("/", "-") for _, url in experiences[:MAX_EXPERIENCES]])


# --- Topic bundles, in the built HTML -----------------------------------------------------------

def test_every_treatment_and_type_has_a_bundle_linked_from_its_page(built_site: Project):
    topics = list(_topics())
    assert len(topics) >= 28
    for folder, slug, name in topics:
        page = built_site.page(f"{folder}/{slug}/")
        link = next((a for a in page.select(".kb-page-actions a")
                     if a.get_text(" ", strip=True) == f"Print everything about {name}"), None)
        assert link is not None, f"{folder}/{slug}/ has no 'Print everything about {name}'"
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
    # Contents: every section in order, then the questions page, which comes last.
    contents = [a["href"] for a in bundle.select("nav.kb-bundle-contents li a")]
    assert contents == [f"#{i}" for i in ids] + ["#kb-questions"]
    questions = bundle.select_one("#kb-questions")
    assert questions.find("h1").get_text(strip=True) == "Questions for my clinician"
    assert not questions.find_all_next("section", class_="kb-bundle-article")
    assert len(questions.select(".kb-line")) >= 10, "ruled lines to write on"


def test_bundle_links_stay_inside_the_document_or_name_the_full_address(built_site: Project):
    bundle = built_site.article("print/treatments/baclofen/")
    ids = [element["id"] for element in bundle.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids repeated when articles were joined"
    for link in bundle.select("section.kb-bundle-article a[href], nav.kb-bundle-contents a"):
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
    index = json.loads((built_site.site / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("print/")]
    nav = built_site.page("treatments/baclofen/").select_one("nav.md-nav--primary")
    assert not [a["href"] for a in nav.select("a[href]") if "print/" in a["href"]]


# --- The combined print page ---------------------------------------------------------------------

def test_print_page_has_a_cover_contents_and_leaves_contributor_pages_out(built_site: Project):
    page = built_site.page("print_page/")
    cover = page.select_one("#print-site-cover-page").get_text(" ", strip=True)
    assert "MS Spasticity Knowledge Base" in cover
    assert "Made on:" in cover
    assert "not medical advice" in cover
    assert page.select_one("#print-page-toc") is not None
    ids = [s["id"] for s in page.select("section.print-page[id]")]
    assert not [i for i in ids if i.startswith("contributing")]
    assert "index" not in ids
    assert "glossary" in ids and "about-editorial-policy" in ids
    # Generated index pages are there as real lists.
    a_to_z = page.select_one("section#treatments")
    listed = {li.a.get_text(strip=True) for li in a_to_z.select("h2 + ul > li")}
    assert listed == {entry["name"] for entry in vocabulary("treatments")}


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


# --- Printing in the browser (print media emulated) --------------------------------------------

def _style(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.evaluate(
        "([s, p, pseudo]) => getComputedStyle(document.querySelector(s), pseudo)"
        ".getPropertyValue(p)", [selector, prop, pseudo])


def _px(value: str) -> float:
    return float(value.removesuffix("px"))


@pytest.fixture
def printed(browser, server):
    """Open a page, then switch it to print media in the given colour scheme."""
    pages = []

    def open_printed(url: str, scheme: str = "light"):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        pages.append(page)
        page.goto(server + url)
        page.emulate_media(media="print", color_scheme=scheme)
        return page

    yield open_printed
    for page in pages:
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", ["treatments/baclofen/", "treatments/", "experiences/",
                                 "print/treatments/baclofen/"])
def test_printout_hides_the_chrome_and_prints_black_12pt_text(printed, url, scheme):
    page = printed(url, scheme)
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                     ".md-footer", ".kb-page-actions", ".md-search"):
        assert not page.locator(selector).first.is_visible(), (url, selector)
    if url == "treatments/baclofen/":
        assert not page.locator(".kb-tags").is_visible()
    body = "article p"
    assert _px(_style(page, body, "font-size")) >= 16, "at least 12 pt (16 px)"
    assert _style(page, body, "color") == "rgb(0, 0, 0)"
    assert _style(page, "body", "background-color") in ("rgb(255, 255, 255)",
                                                        "rgba(0, 0, 0, 0)")
    headings = [h for h in ("article h1", "article h2") if page.locator(h).count()]
    for heading in headings:
        assert _style(page, heading, "color") == "rgb(0, 0, 0)", heading
        assert _px(_style(page, heading, "font-size")) > _px(_style(page, body, "font-size"))
    # One column: the article uses the width of the paper.
    article = page.locator("article.md-content__inner").bounding_box()
    assert article["width"] > 0.9 * page.viewport_size["width"] - 80


def test_printout_keeps_headings_with_their_text_and_boxes_whole(printed):
    page = printed("treatments/baclofen/")
    for heading in ("article h1", "article h2"):
        assert _style(page, heading, "break-after") == "avoid", heading
    for block in ("article .admonition", "article .kb-review", "article .kb-disclaimer"):
        assert _style(page, block, "break-inside") == "avoid", block
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<table id="t"><tr><td>x</td></tr></table><img id="i" alt="" src="data:,">')""")
    assert _style(page, "#t", "break-inside") == "avoid"
    assert _style(page, "#i", "break-inside") == "avoid"


def test_printout_writes_out_link_addresses(printed):
    page = printed("treatments/baclofen/")
    source = "article h2#sources + ol a[href^='https:']"
    href = page.eval_on_selector(source, "a => a.getAttribute('href')")
    assert href in _style(page, source, "content", "::after")
    internal = "article a[href^='../']"
    assert _style(page, internal, "content", "::after") in ("none", "normal")


def test_printout_ends_with_address_review_dates_sources_disclaimer_and_print_date(printed):
    page = printed("treatments/baclofen/")
    footer = page.locator(".kb-print-footer")
    assert footer.is_visible()
    text = footer.inner_text()
    assert f"{SITE_URL}treatments/baclofen/" in text
    assert f"Printed on {_today()}." in text
    order = page.evaluate("""() => {
        const at = s => [...document.querySelectorAll('article *')].indexOf(
            document.querySelector(s));
        return [at('h2#sources'), at('.kb-review'), at('.kb-disclaimer'),
                at('.kb-print-footer')];
    }""")
    assert -1 not in order and order == sorted(order)
    for selector in ("h2#sources", ".kb-review", ".kb-disclaimer"):
        assert page.locator(selector).is_visible(), selector


def test_print_button_is_large_keyboard_operable_and_not_printed(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.add_init_script("window.print = () => { window.kbPrinted = (window.kbPrinted||0) + 1 }")
    page.goto(server + "treatments/baclofen/")
    button = page.get_by_role("button", name="Print this page")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    tab_until(page, "document.activeElement.hasAttribute('data-kb-print')", presses=40,
              what="the print button")
    page.keyboard.press("Enter")
    assert page.evaluate("window.kbPrinted") == 1
    page.emulate_media(media="print")
    assert not button.is_visible()
    page.close()


def test_print_button_stays_hidden_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "treatments/baclofen/")
    assert not page.locator("[data-kb-print]").is_visible()
    assert page.get_by_role("link", name="Print everything about Baclofen").is_visible()
    context.close()


def test_collapsed_blocks_print_open(printed):
    page = printed("guides/symptom-diary/")
    page.emulate_media(media="screen")
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<details><summary>More</summary><p id="folded">Folded words</p></details>')""")
    assert not page.locator("#folded").is_visible()
    page.emulate_media(media="print")
    assert page.locator("#folded").is_visible()


# --- PDF files ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory) -> Project:
    """The real site built as the deploy workflow builds it: with KB_PDF=1."""
    site = copy_project(tmp_path_factory.mktemp("pdf-site"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_PDF", "1")
        site.build()
    return site


def _pages_text(reader: pypdf.PdfReader) -> list[str]:
    """Each page's text without the page-number line, whitespace collapsed."""
    texts = []
    for page in reader.pages:
        text = re.sub(r"Page \d+ of \d+", "", page.extract_text())
        texts.append(" ".join(text.split()))
    return texts


def _internal_links(reader: pypdf.PdfReader) -> int:
    count = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            if annotation.get("/Dest") is not None or action.get("/S") == "/GoTo":
                count += 1
    return count


def test_pdfs_exist_for_the_whole_guide_and_every_bundle_and_are_linked(pdf_site: Project):
    site = pdf_site.site
    assert (site / "print_page" / "ms-spasticity-knowledge-base.pdf").is_file()
    for folder, slug, name in _topics():
        pdf = site / "print" / folder / slug / f"ms-spasticity-{slug}.pdf"
        assert pdf.is_file(), pdf
        page = pdf_site.page(f"{folder}/{slug}/")
        link = next(a for a in page.select(".kb-page-actions a[download]")
                    if a.get_text(" ", strip=True) == f"Download everything about {name} (PDF)")
        assert link_targets(link.parent, f"{folder}/{slug}/") >= {
            f"print/{folder}/{slug}/ms-spasticity-{slug}.pdf/"}
    footer = pdf_site.page("").select_one("footer.md-footer")
    assert footer.find("a", string=re.compile("Download the whole guide"))["href"] == \
        "print_page/ms-spasticity-knowledge-base.pdf"


@pytest.mark.parametrize("folder, slug", [("treatments", "baclofen"), ("types", "clonus")])
def test_bundle_pdf_reads_as_a_document(pdf_site: Project, folder: str, slug: str):
    name = next(n for f, s, n in _topics() if (f, s) == (folder, slug))
    reader = pypdf.PdfReader(pdf_site.site / "print" / folder / slug / f"ms-spasticity-{slug}.pdf")
    assert reader.metadata.title.startswith(f"Everything about {name}")
    pages = _pages_text(reader)
    whole = " ".join(pages)
    total = len(pages)
    for number in range(1, total + 1):
        assert f"Page {number} of {total}" in reader.pages[number - 1].extract_text()
    for chrome in [*CHROME_TEXT, f"Back to {name}", f"Print everything about {name}"]:
        assert chrome not in whole, chrome
    assert pages[0].startswith(f"Everything about {name}")
    assert "not medical advice" in pages[0]
    assert pages[1].startswith("Contents")
    # Each full article starts on a page of its own; the questions page is last.
    bundle = pdf_site.article(f"print/{folder}/{slug}/")
    full = [s.find("h1").get_text(strip=True) for s in bundle.select("section.kb-bundle-article")
            if "kb-bundle-brief" not in s["class"]]
    briefs = len(bundle.select("section.kb-bundle-brief"))
    for title in full:
        assert any(page.startswith(title) for page in pages), f"{title} does not start a page"
    assert pages[-1].startswith("Questions for my clinician")
    assert len(full) + 3 <= total <= 6 * len(full) + briefs + 4
    # Web addresses written out: the sources of the topic's own article.
    own = published_articles()[f"{folder}/{slug}/"]
    squeezed = "".join(whole.split())
    for source in own["sources"]:
        assert source["url"] in squeezed, source["url"]
    assert _internal_links(reader) >= len(full) + briefs + 1, "the contents list links"


def test_whole_guide_pdf_has_cover_contents_and_every_article_on_a_new_page(pdf_site: Project):
    reader = pypdf.PdfReader(pdf_site.site / "print_page" / "ms-spasticity-knowledge-base.pdf")
    assert "MS Spasticity Knowledge Base" in reader.metadata.title
    pages = _pages_text(reader)
    whole = " ".join(pages)
    assert pages[0].startswith("MS Spasticity Knowledge Base")
    assert "Made on:" in pages[0] and "not medical advice" in pages[0]
    assert pages[1].startswith("Contents")
    for chrome in CHROME_TEXT:
        assert chrome not in whole, chrome
    articles = published_articles()
    starts = {page[:80] for page in pages}
    for url, front in articles.items():
        title = " ".join(front["title"].split())
        assert any(start.startswith(title) for start in starts), f"{url} does not start a page"
    assert len(articles) + 2 <= len(pages) <= 8 * len(articles)
    assert "https://www.nice.org.uk/guidance/ng220" in "".join(whole.split())
    assert _internal_links(reader) >= len(articles)
