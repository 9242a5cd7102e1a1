"""Printouts and PDFs as a reader gets them: print media in Chromium, PDFs read back with pypdf."""

from __future__ import annotations

import re

import pypdf
import pytest
from test_print import CHROME_TEXT, SITE_URL, _today, _topics

from conftest import Project, link_targets, published_articles, tab_until

pytestmark = pytest.mark.browser


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
    for block in ("article .kb-in-short", "article .kb-review", "article .kb-disclaimer"):
        assert _style(page, block, "break-inside") == "avoid", block
    # A box of points (Safety) may break between its points, never inside one, and never
    # straight after its title: kept whole, it left most of a sheet empty before it.
    assert _style(page, "article .kb-safety", "break-inside") == "auto"
    assert _style(page, "article .kb-safety li", "break-inside") == "avoid"
    assert _style(page, "article .kb-safety .admonition-title", "break-after") == "avoid"
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<table id="t"><tr><td>x</td></tr></table><img id="i" alt="" src="data:,">')""")
    assert _style(page, "#t", "break-inside") == "avoid"
    assert _style(page, "#i", "break-inside") == "avoid"


def test_printout_writes_out_link_addresses(printed):
    page = printed("treatments/baclofen/")
    source = "article h2#sources + ol a[href^='https:']"
    href = page.eval_on_selector(source, "a => a.getAttribute('href')")
    assert href in _style(page, source, "content", "::after")
    # A link to another page of this site prints that page's address on the site (not the
    # address this copy was opened from), so "Read the full page on Spasm" leads somewhere.
    internal = "article p a[href^='../']:not(.kb-term)"
    target = page.eval_on_selector(internal, "a => a.getAttribute('href')")
    written = _style(page, internal, "content", "::after")
    assert written.startswith('" (https://ms-spasticity-kb.github.io/knowledge-base/'), written
    assert target.strip("./").split("/")[0] in written
    # Links within the page (the article's own contents) keep their words only.
    assert _style(page, "article a[href^='#']", "content", "::after") in ("none", "normal")


def test_printout_honours_the_readers_text_size(printed):
    """The Text size button's larger steps print larger: 12, 14, 16 and 18 pt body text, with
    the headings and the running header in proportion."""
    page = printed("treatments/baclofen/")
    body, heading = "article p", "article h2"
    sizes = []
    for step in ("", "1", "2", "3"):
        page.evaluate("""(step) => step
            ? document.documentElement.setAttribute("data-kb-text-size", step)
            : document.documentElement.removeAttribute("data-kb-text-size")""", step)
        sizes.append((_px(_style(page, body, "font-size")),
                      _px(_style(page, heading, "font-size"))))
    assert [round(b * 0.75) for b, _ in sizes] == [12, 14, 16, 18], "points of body text"
    assert all(h > b * 1.2 for b, h in sizes), "headings stay larger than the text"


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
    assert page.get_by_role("link", name="Print all about Baclofen").is_visible()
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

def _pages_text(reader: pypdf.PdfReader, title: str = "") -> list[str]:
    """Each page's text without the page-number line and, given the document's title, without
    the running header ("<title> Last reviewed <date>"), whitespace collapsed."""
    header = re.compile(rf"^{re.escape(title)}( Last reviewed \d{{1,2}} \w+ \d{{4}})? ")
    texts = []
    for number, page in enumerate(reader.pages):
        text = " ".join(re.sub(r"Page \d+ of \d+", "", page.extract_text()).split())
        texts.append(header.sub("", text) if title and number else text)
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
        large = site / "print" / folder / slug / f"ms-spasticity-{slug}-large-print.pdf"
        assert large.is_file(), large
        page = pdf_site.page(f"{folder}/{slug}/")
        menu = page.select_one(".kb-page-actions details.kb-pdf-menu")
        assert menu.summary.get_text(" ", strip=True) == f"PDF of everything about {name}"
        names = [a.get_text(" ", strip=True) for a in menu.select("a[download]")]
        assert names == [f"Download everything about {name} (PDF, 12 pt text)",
                         f"Download everything about {name} in large print (PDF, 16 pt text)"]
        assert link_targets(menu, f"{folder}/{slug}/") >= {
            f"print/{folder}/{slug}/ms-spasticity-{slug}.pdf/",
            f"print/{folder}/{slug}/ms-spasticity-{slug}-large-print.pdf/"}
    footer = pdf_site.page("").select_one("footer.md-footer")
    assert footer.find("a", string=re.compile("Download the whole guide"))["href"] == \
        "print_page/ms-spasticity-knowledge-base.pdf"
    assert footer.find("a", string=re.compile("Large print edition"))["href"] == \
        "print_page/ms-spasticity-knowledge-base-large-print.pdf"


@pytest.mark.parametrize("folder, slug", [("treatments", "baclofen"), ("types", "clonus")])
def test_bundle_pdf_reads_as_a_document(pdf_site: Project, folder: str, slug: str):
    name = next(n for f, s, n in _topics() if (f, s) == (folder, slug))
    reader = pypdf.PdfReader(pdf_site.site / "print" / folder / slug / f"ms-spasticity-{slug}.pdf")
    assert reader.metadata.title.startswith(f"Everything about {name}")
    pages = _pages_text(reader, f"Everything about {name}")
    whole = " ".join(pages)
    total = len(pages)
    for number in range(2, total + 1):  # every sheet but the cover
        assert f"Page {number} of {total}" in reader.pages[number - 1].extract_text()
    for chrome in [*CHROME_TEXT, f"Back to {name}", f"Print all about {name}"]:
        assert chrome not in whole, chrome
    assert pages[0].startswith(f"Everything about {name}")
    assert "not medical advice" in pages[0]
    assert pages[1].startswith("Contents")
    assert reader.pages[1].extract_text().startswith(f"Everything about {name}"), "its title"
    # Each full article starts on a page of its own; the questions page is last.
    bundle = pdf_site.article(f"print/{folder}/{slug}/")
    full = [s.find("h1").get_text(strip=True) for s in bundle.select("section.kb-bundle-article")
            if "kb-bundle-brief" not in s["class"]]
    briefs = len(bundle.select("section.kb-bundle-brief"))
    for title in full:
        assert any(page.startswith(title) for page in pages), f"{title} does not start a page"
    # The questions sheet is last (a type's gathers several treatments' and may run on).
    questions = [i for i, page in enumerate(pages) if page.startswith("Questions for my clinician")]
    assert questions and questions[-1] >= total - 2
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
    assert pages[1].startswith("MS Spasticity Knowledge Base: the whole guide Contents")
    for chrome in CHROME_TEXT:
        assert chrome not in whole, chrome
    # Each reference article starts a sheet, under the running title and its review date; the
    # personal accounts are listed, not printed in full.
    articles = {url: f for url, f in published_articles().items() if f["kind"] != "experience"}
    # A section's title ("Guides") may share its first article's sheet.
    header = re.compile(r"^MS Spasticity Knowledge Base: the whole guide "
                        r"(Last reviewed \d{1,2} \w+ \d{4} )?")
    starts = {header.sub("", page)[:120] for page in pages}
    for url, front in articles.items():
        title = " ".join(front["title"].split())
        assert any(title in start[:len(title) + 30] for start in starts), \
            f"{url} does not start a page"
    assert len(articles) + 2 <= len(pages) <= 8 * len(articles)
    assert "https://www.nice.org.uk/guidance/ng220" in "".join(whole.split())
    assert _internal_links(reader) >= len(articles)


def test_the_pdf_control_keeps_the_actions_to_two_lines_and_opens_by_keyboard(
        pdf_site: Project, browser):
    """On a phone, the two PDFs hide behind one "PDF" control, so the article's actions still
    take two lines before its text; Enter opens both downloads, each a 44 px target."""
    from mskb.server import serve

    with serve(pdf_site.site) as base:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        try:
            page.goto(base + "treatments/baclofen/")
            rows = page.evaluate("""() => new Set([...document.querySelectorAll(
                '.kb-page-actions > *')].filter((e) => e.offsetParent)
                .map((e) => Math.round(e.getBoundingClientRect().top))).size""")
            assert rows == 2, f"the actions take {rows} lines at 375 px"
            assert not page.locator(".kb-pdf-menu a[download]").first.is_visible()
            tab_until(page, "document.activeElement.matches('.kb-pdf-menu > summary')",
                      presses=40, what="The PDF control")
            page.keyboard.press("Enter")
            links = page.locator(".kb-pdf-menu a[download]")
            assert links.count() == 2
            for index in range(2):
                assert links.nth(index).is_visible()
                assert links.nth(index).bounding_box()["height"] >= 44
        finally:
            page.close()
