"""Compare treatments in a real browser: picking two to four treatments by keyboard and by
touch, the side-by-side view, the refusal of a fifth, accessibility, phone widths and the
landscape printout. Debian's Chromium through Playwright, the real site served on localhost.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from test_browser import _violations
from test_reading import CONTROLS_JS, OVERFLOW_JS

from conftest import tab_until

pytestmark = pytest.mark.browser

URL = "treatments/compare/"
FACTS = ["How it is taken", "How soon it may help", "Common side effects", "Who provides it",
         "NICE position", "Evidence"]

# The side-by-side table as a reader's screen reader meets it: caption, headers, cells.
SIDE_JS = """() => {
  const table = document.querySelector('#side-by-side table');
  if (!table || !table.checkVisibility()) return null;
  const scopes = [...table.querySelectorAll('th')].map(th => th.getAttribute('scope'));
  return {
    caption: table.caption.textContent.trim(),
    names: [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()),
    facts: [...table.querySelectorAll('tbody th')].map(th => th.textContent.trim()),
    values: [...table.querySelectorAll('tbody tr')].map(
      tr => [...tr.querySelectorAll('td')].map(td => td.textContent.trim())),
    scopes,
  };
}"""

# Each treatment's values as its row in the group tables shows them.
ROW_JS = """(slug) => [...document.querySelectorAll(
  'tr[data-kb-treatment="' + slug + '"] td[data-label]')].map(td => td.textContent.trim())"""


def _open(browser, server, width=1280, **options):
    page = browser.new_page(viewport={"width": width, "height": 900}, **options)
    page.goto(server + URL)
    return page


def _slugs(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('tr[data-kb-treatment]')]"
                         ".map(tr => tr.dataset.kbTreatment)")


def _name(page, slug: str) -> str:
    return page.locator(f'tr[data-kb-treatment="{slug}"] th[scope=row]').inner_text().strip()


def _status(page) -> str:
    return page.locator(".kb-compare [role=status]").inner_text().strip()


def _check_side(page, slugs: list[str]) -> None:
    side = page.evaluate(SIDE_JS)
    assert side is not None, "the side-by-side view shows"
    names = [_name(page, slug) for slug in slugs]
    assert side["names"] == names
    assert all(name in side["caption"] for name in names)
    assert side["facts"] == FACTS
    assert set(side["scopes"]) == {"col", "row"}
    columns = [page.evaluate(ROW_JS, slug) for slug in slugs]
    assert side["values"] == [list(values) for values in zip(*columns, strict=True)]


def test_two_treatments_picked_by_keyboard_show_side_by_side(browser, server):
    page = _open(browser, server, reduced_motion="reduce")
    first, second = _slugs(page)[:2]
    tab_until(page, f"document.activeElement.id === 'kb-compare-pick-{first}'", presses=80,
              what="the first Compare checkbox")
    page.keyboard.press("Space")
    assert page.evaluate(SIDE_JS) is None, "one pick is not a comparison yet"
    assert "Pick at least one more" in _status(page)
    # The next checkbox is two Tab presses on: the next treatment's link, then its checkbox.
    tab_until(page, f"document.activeElement.id === 'kb-compare-pick-{second}'", presses=3,
              what="the second Compare checkbox")
    page.keyboard.press("Space")
    _check_side(page, [first, second])
    assert "2 treatments are side by side" in _status(page)
    # The bar at the foot of the screen leads to the view; Enter moves the focus there.
    link = page.get_by_role("link", name="See side by side")
    assert link.is_visible()
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "side-by-side"
    # Clearing unticks both, hides the view and puts the focus back above the tables.
    page.get_by_role("button", name="Clear and pick again").click()
    assert page.evaluate(SIDE_JS) is None
    assert page.locator(".kb-compare__pick input:checked").count() == 0
    assert page.evaluate("document.activeElement.id") == "kb-compare-how"
    page.close()


def test_two_treatments_picked_by_tap_show_side_by_side(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(server + URL)
    slugs = _slugs(page)
    picks = [slugs[0], slugs[-1]]  # from different groups: the first and the last
    for slug in picks:
        label = page.locator(f"label[for='kb-compare-pick-{slug}']")
        box = label.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, "a 44 px target"
        visible = label.locator("span:not(.kb-visually-hidden)")
        assert visible.inner_text().strip() == "Compare" and visible.is_visible()
        # Its name says which treatment, and starts with the words on screen.
        name = _name(page, slug)
        assert page.get_by_role("checkbox", name=f"Compare {name}", exact=True).count() == 1
        label.tap()
    _check_side(page, picks)
    # Untick one by tapping again: one pick is not a comparison.
    page.locator(f"label[for='kb-compare-pick-{picks[0]}']").tap()
    assert page.evaluate(SIDE_JS) is None
    context.close()


def test_a_fifth_pick_is_refused_with_a_polite_message(browser, server):
    page = _open(browser, server)
    slugs = _slugs(page)
    assert len(slugs) >= 5
    for slug in slugs[:4]:
        page.locator(f"#kb-compare-pick-{slug}").check()
    _check_side(page, slugs[:4])
    live = page.locator(".kb-compare [role=status]")
    assert live.get_attribute("role") == "status"  # polite by default
    assert live.get_attribute("aria-live") in (None, "polite")
    page.locator(f"label[for='kb-compare-pick-{slugs[4]}']").click()
    assert not page.locator(f"#kb-compare-pick-{slugs[4]}").is_checked()
    assert "up to four" in _status(page) and _name(page, slugs[4]) in _status(page)
    bar = page.locator(".kb-compare__bar")
    assert bar.is_visible() and "untick one" in bar.inner_text()
    _check_side(page, slugs[:4])  # unchanged
    page.close()


@pytest.mark.parametrize("width, scheme", [(375, "light"), (1280, "dark")])
@pytest.mark.parametrize("picked", [0, 2, 4])
def test_compare_page_has_no_accessibility_violations(browser, server, width, scheme, picked):
    page = _open(browser, server, width, color_scheme=scheme, reduced_motion="reduce")
    for slug in _slugs(page)[:picked]:
        page.locator(f"#kb-compare-pick-{slug}").check()
    violations = _violations(page)
    page.close()
    assert violations == [], (width, scheme, picked)


@pytest.mark.parametrize("text_size", [0, 3])
def test_the_bar_never_hides_the_control_the_keyboard_is_on(browser, server, text_size):
    """WCAG 2.4.11: the bar at the foot of the screen does not cover the focused control."""
    context = browser.new_context(viewport={"width": 375, "height": 700},
                                  reduced_motion="reduce")
    if text_size:
        context.add_init_script(f"localStorage.setItem('kb-text-size', '{text_size}')")
    page = context.new_page()
    page.goto(server + URL)
    first = _slugs(page)[0]
    page.locator(f"#kb-compare-pick-{first}").focus()
    page.keyboard.press("Space")
    hidden = []
    for _ in range(30):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => {
          const bar = document.querySelector('.kb-compare__bar').getBoundingClientRect();
          const focused = document.activeElement;
          if (focused.closest('.kb-compare__bar') || !focused.closest('.kb-compare')) return null;
          const box = focused.getBoundingClientRect();
          return box.bottom > bar.top + 1 ? focused.outerHTML.slice(0, 80) : null;
        }""")
        if found:
            hidden.append(found)
    context.close()
    assert hidden == []


@pytest.mark.parametrize("width", [375, 1280])
def test_every_control_is_at_least_24_px_and_each_checkbox_44_px(browser, server, width):
    page = _open(browser, server, width)
    for slug in _slugs(page)[:2]:  # the bar and the side-by-side view's button too
        page.locator(f"#kb-compare-pick-{slug}").check()
    small = [c for c in page.evaluate(CONTROLS_JS) if c["width"] < 24 or c["height"] < 24]
    labels = page.evaluate("[...document.querySelectorAll('.kb-compare__pick label')]"
                           ".map(l => l.getBoundingClientRect().height)")
    buttons = page.evaluate("[...document.querySelectorAll('.kb-compare .kb-action')]"
                            ".filter(b => b.checkVisibility())"
                            ".map(b => b.getBoundingClientRect().height)")
    page.close()
    assert small == []
    assert labels and min(labels) >= 44
    assert len(buttons) == 3 and min(buttons) >= 44  # see, clear (bar); clear (view)




@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("text_size", [0, 3])
@pytest.mark.parametrize("picked", [0, 2, 4])
def test_page_does_not_scroll_sideways(browser, server, width, text_size, picked):
    context = browser.new_context(viewport={"width": width, "height": 800})
    if text_size:  # the reader's "largest" text, as reading.js remembers it
        context.add_init_script(f"localStorage.setItem('kb-text-size', '{text_size}')")
    page = context.new_page()
    page.goto(server + URL)
    for slug in _slugs(page)[:picked]:
        page.locator(f"#kb-compare-pick-{slug}").check()
    overflow = page.evaluate(OVERFLOW_JS)
    context.close()
    assert overflow == {"scroll": 0, "cut": []}


def test_phone_shows_each_treatment_as_a_card_with_the_columns_named(browser, server):
    page = _open(browser, server, 375)
    row = page.locator("tbody tr[data-kb-treatment]").first
    cell = row.locator("td[data-label]").first
    # The column's name before the value, hidden from screen readers (alternative text ""),
    # which hear the column's header instead.
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == f'"{FACTS[0]}" / ""'
    # One column: the name above its facts, each fact across the card.
    name_box, cell_box = row.locator("th").bounding_box(), cell.bounding_box()
    assert cell_box["y"] >= name_box["y"] + name_box["height"] - 1
    assert cell_box["width"] > 300
    page.close()


def test_without_javascript_every_table_shows_and_nothing_to_pick(browser, server):
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(server + URL)
    tables = page.locator("table.kb-compare__table")
    assert tables.count() >= 1
    for index in range(tables.count()):
        assert tables.nth(index).is_visible()
    assert page.locator(".kb-compare input, .kb-compare button").count() == 0
    context.close()


def test_script_does_nothing_on_other_pages(browser, server):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "treatments/baclofen/")
    assert page.locator(".kb-compare__bar, .kb-compare__pick, #side-by-side").count() == 0
    page.close()
    assert errors == []


def test_printout_is_landscape_one_group_a_page_without_controls(browser, server):
    page = _open(browser, server)
    for slug in _slugs(page)[:2]:
        page.locator(f"#kb-compare-pick-{slug}").check()
    page.emulate_media(media="print")
    hidden = [".kb-compare__bar", ".kb-compare__pick", ".kb-compare__actions",
              ".kb-compare__how", "nav.kb-compare-groups"]
    for selector in hidden:
        assert not page.locator(selector).first.is_visible(), selector
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    captions = page.evaluate("[...document.querySelectorAll('table.kb-compare__table--group "
                             "caption')].map(c => c.textContent.trim())")
    page.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages}
    assert sizes == {(842, 595)}, "A4 landscape"
    texts = [page.extract_text() or "" for page in reader.pages]
    # Each group starts a page of its own; the side-by-side view is printed too.
    # Each sheet opens with its running header: the page's title and "Page n of N".
    header = re.compile(r"^((Compare treatments|Page \d+ of \d+) )+")
    starts = [header.sub("", " ".join(text.split()))[:80] for text in texts]
    for caption in captions:
        assert any(start.startswith(caption) for start in starts), caption
    assert any(start.startswith("Side by side:") for start in starts)
    whole = " ".join(texts)
    assert "Clear" not in whole and "See side by side" not in whole
    assert "Compare" not in whole.replace("Compare treatments", "")
