"""The pagination of long listings as a reader meets it in Chromium: on a phone (375 px) and a
desktop (1,280 px), in both colour schemes, by keyboard, and on paper.

The site is the real content built with a few entries to a page (``paged_site`` in conftest.py),
so every listing has several pages, as a site of thousands of articles has.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import tab_until

pytestmark = pytest.mark.browser

PAGES = [
    "experiences/",                       # the index's first page, with the lists by topic
    "experiences/page/3/",                # a page in the middle
    "guides/page/2/",
    "treatments/",                        # the A to Z, a page per letter
    "treatments/a-to-z/b/",               # a letter's first page
    "mentions/types/stiffness/page/2/",   # everything that mentions a topic, continued
    "treatments/compare/",                # the comparison, a page per group
    "treatments/compare/oral-medicine/page/2/",
]
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

LAYOUT_JS = """() => {
  const nav = document.querySelector('nav[aria-label="Pagination"]');
  const box = nav.getBoundingClientRect();
  const links = [...nav.querySelectorAll('a')].map(a => {
    const r = a.getBoundingClientRect();
    return {text: a.textContent.trim(), width: r.width, height: r.height, left: r.left,
            right: r.right, visible: a.checkVisibility()};
  });
  return {left: box.left, right: box.right, viewport: document.documentElement.clientWidth,
          scroll: document.documentElement.scrollWidth, links};
}"""


def _open(browser, server, url, width, scheme="light"):
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(server + url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("width, scheme", [(375, "light"), (1280, "dark")])
@pytest.mark.parametrize("url", PAGES)
def test_paged_listings_have_no_accessibility_violations(browser, paged_server, url, width,
                                                         scheme):
    page = _open(browser, paged_server, url, width, scheme)
    results = Axe().run(page, options={"runOnly": WCAG_A_AA})
    page.close()
    violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                  for v in results.response["violations"]]
    assert violations == [], f"/{url}"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("url", ["experiences/page/3/", "mentions/types/stiffness/page/6/"])
def test_the_pagination_fits_the_screen_with_44_px_targets(browser, paged_server, url, width):
    page = _open(browser, paged_server, url, width)
    found = page.evaluate(LAYOUT_JS)
    page.close()
    assert found["scroll"] <= found["viewport"], "the page scrolls sideways"
    texts = [link["text"] for link in found["links"]]
    assert texts[0].endswith("Previous page") and texts[-1].startswith("Next page"), texts
    for link in found["links"]:
        assert link["visible"], link["text"]
        assert link["width"] >= 44 and link["height"] >= 44, link
        assert link["left"] >= 0 and link["right"] <= found["viewport"], link


def test_next_and_a_page_number_are_reached_and_followed_by_keyboard(browser, paged_server):
    page = _open(browser, paged_server, "experiences/page/2/", 1280)
    tab_until(page, "document.activeElement.getAttribute('rel') === 'next'", presses=120,
              what="Next")
    page.keyboard.press("Enter")
    page.wait_for_url("**/experiences/page/3/")
    assert page.locator("h1").inner_text().startswith("Experiences, page 3 of ")
    tab_until(page, "document.activeElement.getAttribute('aria-label') === 'Page 1'",
              presses=120, what="page 1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/experiences/")
    assert page.locator("h1").inner_text() == "Experiences"
    page.close()


def test_on_paper_the_pagination_is_where_the_other_pages_are(browser, paged_server):
    page = _open(browser, paged_server, "experiences/page/2/", 1280)
    page.emulate_media(media="print")
    numbers = page.locator(".kb-pagination__list")
    assert not numbers.is_visible(), "page numbers cannot be followed on paper"
    for rel, url in (("prev", "experiences/"), ("next", "experiences/page/3/")):
        link = page.locator(f'nav[aria-label="Pagination"] a[rel="{rel}"]')
        assert link.is_visible()
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert after.endswith(f'{url})"'), after  # " (https://.../experiences/page/3/)"
    page.close()
