"""The menu on a phone and glossary words (issue 12), as a reader meets them in Chromium.

The open menu on an article shows its section's pages and the Treatments A to Z; a glossary
word's explanation opens on the page by tap and by keyboard (and without JavaScript), fits a
375 px screen at the largest text size, never prints, while the list of words does; the
glossary leads back to the page the reader came from. axe finds nothing wrong meanwhile.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_browser import WCAG_A_AA

from conftest import published_articles, tab_until

pytestmark = pytest.mark.browser

ARTICLE = "guides/what-is-spasticity/"
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
# The links a reader can see in the open menu: on screen, and not covered by anything.
# (The current page is a label: a tap on it opens the page's contents.)
MENU_LINKS_JS = """() => [...document.querySelectorAll(
    '.md-nav--primary a.md-nav__link, .md-nav--primary label.md-nav__link--active')]
  .filter(a => {
    const r = a.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= 0 || r.left >= innerWidth || r.bottom <= 0
        || r.top >= innerHeight) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && (hit === a || a.contains(hit));
  })
  .map(a => [a.textContent.replace(/\\s+/g, ' ').trim(), a.href || location.href])"""
# The links in the open menu's panel, above and below the screen too (the panel scrolls):
# across the screen, and not hidden.
PANEL_LINKS_JS = """() => [...document.querySelectorAll(
    '.md-nav--primary a.md-nav__link, .md-nav--primary label.md-nav__link--active')]
  .filter(a => {
    const r = a.getBoundingClientRect();
    return r.width && r.height && r.left >= 0 && r.right <= innerWidth
      && a.checkVisibility({visibilityProperty: true, opacityProperty: true});
  })
  .map(a => [a.textContent.replace(/\\s+/g, ' ').trim(), a.href || location.href])"""
POPUP = ".kb-term__popup:popover-open"


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": WCAG_A_AA})
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def _expanded(page, name: str) -> bool | None:
    """Whether Chromium's accessibility tree says the button ``name`` is expanded."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    for node in nodes:
        if (node.get("role", {}).get("value") == "button"
                and node.get("name", {}).get("value") == name):
            states = {p["name"]: p["value"]["value"] for p in node.get("properties", [])}
            return states.get("expanded")
    return None


def _phone(browser, **options):
    return browser.new_context(viewport={"width": 375, "height": 1000}, has_touch=True,
                               is_mobile=True, **options)


def _open_menu(page) -> list[tuple[str, str]]:
    """Open the menu with a tap; the links then seen in it, as (words, address)."""
    page.locator("label.md-header__button[for='__drawer']").tap()
    page.wait_for_function(SETTLED)
    return [(name, href) for name, href in page.evaluate(MENU_LINKS_JS)]


@pytest.mark.parametrize("url, section, overview", [
    (ARTICLE, "guides", "All guides"),
    ("experiences/physio-for-stiff-legs/", "experiences", "All experiences"),
    ("treatments/baclofen/", "treatments", "Treatments A to Z"),
])
def test_the_open_menu_on_an_article_lists_its_section_and_the_a_to_z(
        browser, server, url, section, overview):
    context = _phone(browser)
    page = context.new_page()
    page.goto(server + url)
    shown = _open_menu(page)
    assert shown[0] == (overview, server + f"{section}/"), "the section's overview first"
    assert ("Treatments A to Z", server + "treatments/") in shown, "seen without scrolling"
    # The rest of the section, further down the panel.
    shown += [link for link in map(tuple, page.evaluate(PANEL_LINKS_JS)) if link not in shown]
    names = [name for name, _ in shown]
    assert (page.title().split(" - ")[0], server + url) in shown, "the page itself"
    pages = [href for _, href in shown
             if href.startswith(server + f"{section}/") and href != server + f"{section}/"]
    articles = [u for u in published_articles() if u.startswith(f"{section}/")]
    if len(articles) <= 15:
        assert sorted(pages) == sorted(server + u for u in articles), names
    else:
        assert len(pages) == 11, names
    page.get_by_role("link", name="Treatments A to Z").tap()
    page.wait_for_url("**/treatments/")
    context.close()


@pytest.mark.parametrize("url", ["treatments/", "glossary/"])
def test_the_open_menu_on_an_index_or_about_page_shows_the_way_around(browser, server, url):
    context = _phone(browser)
    page = context.new_page()
    page.goto(server + url)
    names = [name for name, _ in _open_menu(page)]
    context.close()
    if url == "treatments/":  # the A to Z itself: every section, not an empty panel
        assert names == ["Home", "Spasticity types", "Treatments", "Experiences", "Guides",
                         "About"]
    else:
        assert names == ["About this knowledge base", "Editorial policy", "Disclaimer",
                         "Glossary"]


def test_the_open_menu_has_no_accessibility_violations(browser, server):
    context = _phone(browser)
    page = context.new_page()
    page.goto(server + "treatments/baclofen/")
    _open_menu(page)
    violations = _violations(page)
    context.close()
    assert violations == []


def test_a_word_opens_its_explanation_with_a_tap_and_closes(browser, server):
    context = _phone(browser)
    page = context.new_page()
    page.goto(server + ARTICLE)
    word = page.locator(".kb-term").first
    name = word.inner_text()
    entry = page.locator("#" + word.get_attribute("popovertarget").removesuffix("-popup"))
    term, definition = entry.locator("dt").text_content(), entry.locator("dd").evaluate(
        "e => e.firstChild.textContent.trim()")
    word.tap()
    popup = page.locator(POPUP)
    popup.wait_for()
    assert popup.inner_text().startswith(term)
    assert definition in popup.inner_text()
    assert popup.get_by_role("link", name="More in the glossary").is_visible()
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, "not cut off at the sides"
    assert box["y"] >= 0 and box["y"] + box["height"] <= 1000, "not cut off at the bottom"
    assert _expanded(page, name), "a screen reader hears that the word's explanation is open"
    violations = _violations(page)
    popup.get_by_role("button", name="Close").tap()
    assert page.locator(POPUP).count() == 0
    context.close()
    assert violations == []


def test_a_word_opens_with_the_keyboard_and_escape_closes_it(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + ARTICLE)
    tab_until(page, "document.activeElement.classList.contains('kb-term')", presses=300,
              what="a glossary word")
    page.keyboard.press("Enter")
    popup = page.locator(POPUP)
    popup.wait_for()
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.kb-term__popup')"), \
        "the keyboard goes into the explanation next"
    page.keyboard.press("Escape")
    assert page.locator(POPUP).count() == 0
    page.close()


def test_the_explanation_fits_a_phone_at_the_largest_text_size(browser, server):
    context = _phone(browser)
    context.add_init_script("localStorage.setItem('kb-text-size', '3')")
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(server + ARTICLE)
    assert page.evaluate("document.documentElement.dataset.kbTextSize") == "3"
    for index in range(page.locator(".kb-term").count()):
        page.locator(".kb-term").nth(index).tap()
        popup = page.locator(POPUP)
        box = popup.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert box["y"] >= 0 and box["y"] + box["height"] <= 667
        font = popup.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert font >= 26, "the reader's large text, not shrunk to fit"
        close = popup.get_by_role("button", name="Close")
        close.scroll_into_view_if_needed()
        close.tap()  # reachable: the explanation scrolls when it is taller than the screen
        assert page.locator(POPUP).count() == 0
    context.close()


def test_without_javascript_a_word_still_opens_its_explanation(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 800},
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(server + ARTICLE)
    assert not page.locator("#words-used-on-this-page").is_visible(), "no list on screen"
    word = page.locator("a.kb-term").first
    word.click()
    entry = page.locator(".kb-words__entry:target")
    assert entry.is_visible()
    box = entry.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800
    entry.get_by_role("link", name="Close").click()
    assert page.locator(".kb-words__entry:target").count() == 0
    assert not page.locator(".kb-words__entry").first.is_visible()
    context.close()


def test_the_list_of_words_is_printed_and_no_explanation_is(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + ARTICLE)
    heading = page.locator("#words-used-on-this-page")
    assert not heading.is_visible(), "not on screen: each word opens its own explanation"
    page.locator(".kb-term").first.click()
    page.locator(POPUP).wait_for()
    page.emulate_media(media="print")
    assert heading.is_visible()
    entries = page.locator(".kb-words__entry")
    assert entries.count() == page.locator(".kb-term").count()
    assert all(entries.nth(i).is_visible() for i in range(entries.count()))
    assert not page.locator(".kb-words__more").first.is_visible(), "no links to tap on paper"
    assert page.evaluate("getComputedStyle(document.querySelector('.kb-term__popup')).display")\
        == "none", "an open explanation does not print"
    page.close()


def test_the_glossary_shows_its_terms_in_bold_and_a_way_back(browser, server):
    context = _phone(browser)
    page = context.new_page()
    page.goto(server + ARTICLE)
    title = page.locator("article h1").inner_text().strip()
    word = page.locator(".kb-term").nth(1)
    word_id = word.get_attribute("id")
    word.tap()
    page.locator(POPUP).get_by_role("link", name="More in the glossary").tap()
    page.wait_for_url("**/glossary/#*")
    entry = page.locator("dt:target")
    assert entry.is_visible()
    assert entry.evaluate("e => Number(getComputedStyle(e).fontWeight)") >= 700
    back = page.locator("dt:target + dd .kb-glossary-back a")
    assert back.inner_text().strip().endswith(f"Back to {title}")
    assert back.is_visible()
    violations = _violations(page)
    back.tap()
    page.wait_for_url(f"**/{ARTICLE}#{word_id}")
    box = page.locator(f"#{word_id}").bounding_box()
    assert 0 <= box["y"] <= 1000, "back at the word"
    context.close()
    assert violations == []


def test_a_glossary_reached_otherwise_offers_no_way_back(browser, server):
    page = browser.new_page()
    page.goto(server + "glossary/#clonus")
    assert page.locator(".kb-glossary-back").count() == 0
    page.close()


@pytest.mark.parametrize("url", ["print_page/", "print/treatments/baclofen/"])
def test_words_open_in_the_whole_guide_and_the_bundles_too(browser, server, url):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + url)
    page.locator(".kb-term").first.click()
    assert page.locator(POPUP).is_visible()
    page.close()
