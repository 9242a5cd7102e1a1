"""Readers with MS in a real browser: keyboard, target sizes, reflow, motion, reading aids.

Each test measures what the reader gets in Debian's Chromium: bounding boxes, computed styles,
where the focus goes, how wide the page is. Pages are the real site served on localhost.
"""

from __future__ import annotations

import math
import re
import statistics

import pytest
from test_browser import PAGES, search

from conftest import CONTENT, Project, front_matter

pytestmark = pytest.mark.browser

# How far the page scrolls sideways, and the visible elements in the article that stick out.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [...document.querySelectorAll('.md-content *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width && box.right > width + 1 && e.checkVisibility();
  }).map(e => e.outerHTML.slice(0, 80));
  return {scroll: document.documentElement.scrollWidth - width, cut};
}"""

# Every control a reader can click or tap, visible and not switched off.
CONTROLS_JS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + 'label[for], [tabindex]:not([tabindex="-1"])';
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (getComputedStyle(el).pointerEvents === 'none') continue;
    found.push({tag: el.tagName, cls: String(el.className), text: el.textContent.trim()
                  .slice(0, 40), width: box.width, height: box.height});
  }
  return found;
}"""


def _open(browser, server, url, width=375, **options):
    page = browser.new_page(viewport={"width": width, "height": 800}, **options)
    page.goto(server + url)
    return page


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("url", PAGES)
def test_every_control_is_at_least_24_px_square(browser, server, url, width):
    page = _open(browser, server, url, width)
    controls = page.evaluate(CONTROLS_JS)
    page.close()
    assert controls, "the page has controls"
    small = [c for c in controls if c["width"] < 24 or c["height"] < 24]
    assert small == [], f"/{url} at {width} px"


def test_search_results_are_at_least_24_px_square(browser, server):
    page = _open(browser, server, "")
    search(page, "spasm")
    small = [c for c in page.evaluate(CONTROLS_JS) if c["width"] < 24 or c["height"] < 24]
    page.close()
    assert small == []


MAIN_CONTROLS = {
    375: {"menu": "label.md-header__button[for='__drawer']",
          "search": "label.md-header__button[for='__search']",
          "colour scheme": "form[data-md-component='palette'] label:not([hidden])",
          "print": "button[data-kb-print]",
          "text size": "button[data-kb-text-size]"},
    1280: {"search": ".md-search__form",
           "colour scheme": "form[data-md-component='palette'] label:not([hidden])",
           "print": "button[data-kb-print]",
           "text size": "button[data-kb-text-size]"},
}


@pytest.mark.parametrize("width", [375, 1280])
def test_main_controls_are_at_least_44_px_square(browser, server, width):
    page = _open(browser, server, "treatments/baclofen/", width)
    for name, selector in MAIN_CONTROLS[width].items():
        control = page.locator(selector).first
        assert control.is_visible(), name
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (name, box)
    page.close()


def test_skip_link_comes_first_is_visible_and_jumps_to_the_article(browser, server):
    page = _open(browser, server, "treatments/baclofen/", reduced_motion="reduce")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip() == "Skip to content"
    assert skip.is_visible()
    assert float(skip.evaluate("e => getComputedStyle(e).opacity")) == 1
    page.keyboard.press("Enter")
    target = page.evaluate("location.hash")
    assert target and page.locator(target).evaluate("e => !!e.closest('.md-content')")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-content')"), \
        "the next Tab after the skip link lands in the article"
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_focus_is_always_visible_and_moves_in_reading_order(browser, server, width):
    page = _open(browser, server, "treatments/baclofen/", width)
    assert page.evaluate("[...document.querySelectorAll('[tabindex]')]"
                         ".filter(e => e.tabIndex > 0).length") == 0, "no positive tabindex"
    regions = []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            const again = e.dataset.kbVisited === '1';
            e.dataset.kbVisited = '1';
            const region = e.closest('.md-header') ? 0 : e.closest('.md-sidebar--primary') ? 1
              : e.closest('.md-sidebar--secondary') ? 2 : e.closest('.md-content') ? 3
              : e.closest('.md-footer') ? 4 : -1;
            return {id: e.outerHTML.slice(0, 120), region, outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), tag: e.tagName, again};
        }""")
        if focused["tag"] == "BODY" or focused["again"]:
            break
        if focused["region"] == -1:
            continue  # the skip link and the back-to-top button sit outside the regions
        assert focused["outline"] != "none" and focused["width"] >= 2, focused["id"]
        regions.append(focused["region"])
    page.close()
    assert len(regions) > 20
    assert regions == sorted(regions), "header, menu, contents, article, footer, in that order"
    assert 3 in regions and 4 in regions


@pytest.mark.parametrize("url", PAGES)
def test_no_sideways_scrolling_at_320_px(browser, server, url):
    page = _open(browser, server, url, width=320)
    overflow = page.evaluate(OVERFLOW_JS)
    page.close()
    assert overflow == {"scroll": 0, "cut": []}, f"/{url}"


@pytest.mark.parametrize("url", ["", "treatments/", "treatments/baclofen/",
                                 "experiences/physio-for-stiff-legs/", "glossary/"])
@pytest.mark.parametrize("width", [320, 1280])
def test_text_at_200_percent_needs_no_sideways_scrolling(browser, server, url, width):
    page = _open(browser, server, url, width=width)
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p'))"
                           ".fontSize)")
    page.evaluate("document.documentElement.style.fontSize = '250%'")  # Material's 125% x 2
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p'))"
                          ".fontSize)")
    scroll = page.evaluate("document.documentElement.scrollWidth - "
                           "document.documentElement.clientWidth")
    page.close()
    assert after >= 2 * before - 1
    assert scroll <= 0, f"/{url} scrolls sideways by {scroll} px at 200% text"


def test_reduced_motion_turns_off_animation(browser, server):
    durations = {}
    for motion in ("no-preference", "reduce"):
        page = _open(browser, server, "treatments/baclofen/", reduced_motion=motion)
        durations[motion] = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-typeset a'))"
            ".transitionDuration)")
        page.close()
    assert durations["no-preference"] > 0.05
    assert durations["reduce"] <= 0.001


def _root_font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def test_text_size_control_has_four_steps_and_is_remembered(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + "treatments/baclofen/")
    button = page.get_by_role("button", name=re.compile("Text size"))
    sizes, labels = [_root_font_size(page)], [button.inner_text()]
    for _ in range(3):
        button.click()
        sizes.append(_root_font_size(page))
        labels.append(button.inner_text())
    assert sizes == sorted(sizes) and len(set(sizes)) == 4, sizes
    assert len(set(labels)) == 4, labels
    page.goto(server + "guides/symptom-diary/")
    assert _root_font_size(page) == sizes[-1], "the chosen size is kept on the next page"
    page.get_by_role("button", name=re.compile("Text size")).click()
    assert _root_font_size(page) == sizes[0], "a fourth press goes back to standard"
    context.close()


def test_colour_scheme_offers_automatic_light_and_dark(browser, server):
    schemes = {}
    for device in ("light", "dark"):
        page = _open(browser, server, "", color_scheme=device)
        options = page.locator("form[data-md-component='palette'] input")
        assert options.count() == 3
        schemes[device] = page.evaluate("document.body.dataset.mdColorScheme")
        seen = []
        for _ in range(3):
            page.locator("form[data-md-component='palette'] label:not([hidden])").click()
            seen.append(page.evaluate("document.body.dataset.mdColorScheme"))
        page.close()
        assert set(seen) == {"default", "slate"}, seen
    assert schemes == {"light": "default", "dark": "slate"}, "automatic follows the device"


@pytest.mark.parametrize("width", [1280, 1920])
def test_lines_are_60_to_75_characters_with_generous_spacing(browser, server, width):
    page = _open(browser, server, "treatments/baclofen/", width)
    lines = page.evaluate("""() => {
        const lengths = [];
        for (const p of document.querySelectorAll('article > p, article > ul > li')) {
            const rows = new Map();
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            for (let node; (node = walker.nextNode());) {
                for (let i = 0; i < node.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i); range.setEnd(node, i + 1);
                    const box = range.getClientRects()[0];
                    if (!box) continue;
                    const row = Math.round(box.top / 10);
                    rows.set(row, (rows.get(row) || 0) + 1);
                }
            }
            lengths.push(...[...rows.values()].slice(0, -1));  // full lines only
        }
        return lengths;
    }""")
    style = page.evaluate("""() => {
        const s = getComputedStyle(document.querySelector('article > p'));
        return {size: parseFloat(s.fontSize), height: parseFloat(s.lineHeight),
                family: s.fontFamily, italic: s.fontStyle};
    }""")
    italics = page.evaluate("[...document.querySelectorAll('article em, article i')]"
                            ".map(e => e.textContent.length)")
    page.close()
    assert len(lines) > 20
    assert max(lines) <= 80, max(lines)
    assert 60 <= statistics.median(lines) <= 75, statistics.median(lines)
    assert style["height"] >= 1.5 * style["size"]
    assert style["family"].strip().endswith("sans-serif") and style["italic"] == "normal"
    assert all(length <= 120 for length in italics), "no long italic passages"


def test_every_article_starts_with_in_short_and_reading_time(built_site: Project):
    for path in sorted(CONTENT.rglob("*.md")):
        front = front_matter(path)
        if front.get("draft"):
            continue
        url = path.relative_to(CONTENT).with_suffix("").as_posix() + "/"
        article = built_site.article(url)
        actions = article.find("h1").find_next_sibling()  # the page's actions, then In short
        assert "kb-page-actions" in actions.get("class", []), url
        box = actions.find_next_sibling()
        assert "kb-in-short" in box.get("class", []), url
        assert box.select_one(".kb-in-short__title").get_text(strip=True) == "In short"
        assert box.select_one(".kb-summary").get_text(" ", strip=True) == front["summary"]
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        minutes = max(1, math.ceil(len(re.findall(r"[A-Za-z0-9']+", body)) / 200))
        expected = f"About {minutes} minute{'s' if minutes != 1 else ''} to read."
        assert box.select_one(".kb-reading-time").get_text(strip=True) == expected, url


@pytest.mark.parametrize("url", PAGES)
def test_pages_work_without_javascript(browser, server, url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375,
                                                                        "height": 800})
    page = context.new_page()
    response = page.goto(server + url)
    assert response.ok or url == "404.html"
    assert page.locator("article h1").first.is_visible(), f"/{url}"
    assert page.locator("article").inner_text().strip()
    context.close()


def test_menu_and_links_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375,
                                                                        "height": 800})
    page = context.new_page()
    page.goto(server)
    page.locator("label.md-header__button[for='__drawer']").click()
    link = page.locator(".md-nav--primary a", has_text="Treatments").first
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/treatments/")
    page.get_by_role("link", name="Baclofen", exact=True).first.click()
    page.wait_for_url("**/treatments/baclofen/")
    assert page.locator("article h1").inner_text() == "Baclofen"
    context.close()
