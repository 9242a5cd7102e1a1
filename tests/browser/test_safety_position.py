"""Where a treatment's Safety box lands on a phone: near the top, not below the fold of text.

Measured in Debian's Chromium on the real site served on localhost (GitHub issue 12).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
LIMIT = 1200
"""The Safety box starts within this many CSS pixels of the top of the page: about a screen
and a half on a small phone, so a reader meets it after In short without scrolling far."""


def test_baclofen_safety_box_starts_near_the_top_on_a_phone(browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(server + "treatments/baclofen/")
    box = page.locator("article .kb-safety").first
    assert box.is_visible()
    title = box.locator(".admonition-title").inner_text().strip()
    top = page.evaluate("(el) => el.getBoundingClientRect().top + window.scrollY",
                        box.element_handle())
    in_short = page.evaluate(
        "() => document.querySelector('article .kb-in-short').getBoundingClientRect().top"
        " + window.scrollY")
    page.close()
    assert title == "Safety"
    assert in_short < top <= LIMIT, f"the Safety box starts {top:.0f} px down the page"
