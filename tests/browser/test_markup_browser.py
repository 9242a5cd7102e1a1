"""Material's markup, mended to be valid HTML (mskb.pages.markup), works as Material's did.

Each test is what one mending could break, checked in Debian's Chromium on the real site:
the menu and search checkboxes (now owned by an ``autocomplete="off"`` form) are still not
restored when the reader comes back to a page; the menu's section labels (their empty
``tabindex`` removed) still open and close sections, without taking the focus, and are never
shown where Material's script would look for them; the whole guide's contents list (its
sections' attributes renamed, its ``<style>`` moved to the head) still leads to every article.
"""

from __future__ import annotations

import pytest

from conftest import published_articles

pytestmark = pytest.mark.browser

MENU = "label.md-header__button[for='__drawer']"
SEARCH = "label.md-header__button[for='__search']"


def _checked(page, name: str) -> bool:
    return page.evaluate(f"document.getElementById('{name}').checked")


@pytest.mark.parametrize("name, opener", [("__drawer", MENU), ("__search", SEARCH)])
def test_menu_and_search_are_closed_when_the_reader_comes_back(browser, server, name, opener):
    # Without autocomplete="off" (on the checkbox or, now, its form) the browser restores a
    # checkbox's state on going back: the menu or the search would be open on arrival.
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "treatments/baclofen/")
    page.locator(opener).click()
    assert _checked(page, name)
    page.goto(server + "about/")
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url.endswith("/treatments/baclofen/")
    assert not _checked(page, name)
    page.locator(opener).click()  # and it still opens
    assert _checked(page, name)
    page.close()


def test_menu_sections_open_and_close_without_taking_the_focus(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "treatments/baclofen/")
    page.locator(MENU).click()
    page.locator("[aria-labelledby=__nav_3_label] > label.md-nav__title").click()  # back
    page.wait_for_timeout(300)  # the panels slide
    assert not _checked(page, "__nav_3")
    about = page.locator("#__nav_6_label")
    assert about.get_attribute("tabindex") is None
    about.click()
    page.wait_for_timeout(300)
    assert _checked(page, "__nav_6")
    assert page.locator("[aria-labelledby=__nav_6_label] a", has_text="Disclaimer").is_visible()
    assert page.evaluate("document.activeElement === document.body"), \
        "a click on a section's label leaves the focus where it was, as before"
    page.locator("[aria-labelledby=__nav_6_label] > label.md-nav__title").click()
    page.wait_for_timeout(300)
    assert not _checked(page, "__nav_6")
    page.close()


def test_section_labels_are_never_shown_in_the_desktop_sidebar(browser, server):
    # Material's script (mounted on the sidebar from 76.25em) updates aria-expanded when a
    # label[tabindex] is clicked; the section labels lost their empty tabindex, which changes
    # nothing only while they cannot be clicked there.
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + "treatments/baclofen/")
    labels = page.locator(".md-sidebar--primary .md-nav__item--section > .md-nav__link "
                          "label[id$=_label]")
    assert labels.count() >= 2
    for index in range(labels.count()):
        assert labels.nth(index).get_attribute("tabindex") is None
        assert not labels.nth(index).is_visible()
    page.close()


def test_whole_guide_contents_list_leads_to_every_article(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + "print_page/")
    links = page.evaluate("[...document.querySelectorAll('nav.kb-doc-contents a')]"
                          ".map(a => a.getAttribute('href'))")
    # Every reference article (the accounts are listed on the experiences page, not printed).
    assert len(links) >= len([a for a in published_articles().values()
                              if a["kind"] != "experience"])
    missing = page.evaluate("hrefs => hrefs.filter(h => !h.startsWith('#') || "
                            "!document.getElementById(decodeURIComponent(h.slice(1))))", links)
    assert missing == []
    assert page.evaluate("document.head.querySelectorAll('style').length") >= 1
    assert page.evaluate("document.body.querySelectorAll('style').length") == 0
    page.close()
