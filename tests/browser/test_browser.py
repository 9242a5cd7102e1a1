"""What a reader's browser does with the built site: accessibility (axe-core) and privacy.

Runs Debian's Chromium through Playwright against the real site served on localhost.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import tab_until

pytestmark = pytest.mark.browser

# One page of every type a reader meets.
PAGES = [
    "",                                    # home
    "types/",                              # spasticity types index
    "types/stiffness/",                    # spasticity type
    "treatments/",                         # treatments A to Z
    "treatments/baclofen/",                # treatment
    "experiences/",                        # experiences index
    "experiences/physio-for-stiff-legs/",  # experience
    "guides/symptom-diary/",               # guide
    "glossary/",                           # glossary
    "about/editorial-policy/",             # about page
    "contributing/front-matter/",          # generated reference
    "print_page/",                         # the whole guide, for printing
    "print/treatments/baclofen/",          # a topic bundle
    "404.html",                            # page not found
]
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": WCAG_A_AA})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width, scheme", [(375, "light"), (1280, "dark")])
@pytest.mark.parametrize("url", PAGES)
def test_page_has_no_accessibility_violations(browser, server, url, width, scheme):
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(server + url)
    violations = _violations(page)
    page.close()
    assert violations == [], f"/{url}"


@pytest.mark.parametrize("width", [375, 1280])
def test_open_search_dialog_has_no_accessibility_violations(browser, server, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(server + "treatments/")
    page.keyboard.press("/")
    page.keyboard.type("baclofen")
    page.wait_for_selector(".md-search-result__item")
    violations = _violations(page)
    page.close()
    assert violations == []


def test_reading_pages_and_searching_contacts_no_third_party(browser, server):
    own = urlsplit(server).netloc
    elsewhere: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.on("request", lambda request: (
        elsewhere.append(request.url)
        if urlsplit(request.url).netloc not in (own, "") and
        not request.url.startswith(("data:", "blob:")) else None
    ))
    page = context.new_page()
    for url in PAGES:
        page.goto(server + url, wait_until="networkidle")
    page.goto(server + "treatments/", wait_until="networkidle")  # the print page has no search
    page.keyboard.press("/")
    page.keyboard.type("baclofen")
    page.wait_for_selector(".md-search-result__item")
    context.close()
    assert elsewhere == []


def test_search_finds_a_treatment_by_its_brand_name(browser, server):
    page = browser.new_page()
    page.goto(server)
    page.keyboard.press("/")
    page.keyboard.type("Lioresal")
    page.wait_for_selector(".md-search-result__item")
    titles = [item.inner_text().splitlines()[0]
              for item in page.query_selector_all(".md-search-result__item")[:3]]
    assert "Baclofen" in titles
    page.close()


def test_glossary_word_is_reachable_by_keyboard_and_shows_its_explanation(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 700})
    page.goto(server + "guides/what-is-spasticity/")
    tab_until(page, "document.activeElement.classList.contains('kb-term')", presses=300,
              what="a glossary word")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '{target}'")
    definition = page.locator(target)
    assert definition.is_visible()
    box = definition.bounding_box()
    assert 0 <= box["y"] < 700, "the explanation is not scrolled into view"
    page.close()


def test_glossary_word_works_with_a_tap(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 700}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(server + "guides/what-is-spasticity/")
    term = page.locator("a.kb-term").first
    target = term.get_attribute("href")
    term.tap()
    page.wait_for_function(f"location.hash === '{target}'")
    assert 0 <= page.locator(target).bounding_box()["y"] < 700
    context.close()
