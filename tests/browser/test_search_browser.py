"""The search in a reader's browser (docs/javascripts/search.js over Pagefind's index): what a
page load costs, what the first search costs, and that it finds a medicine by its brand name."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest
from test_browser import OtherHosts, _violations, search

pytestmark = pytest.mark.browser

PAGE_LOAD_BUDGET = 60 * 1024
"""Search code and data a page may load before the reader searches (gzip)."""
FIRST_QUERY_BUDGET = 300 * 1024
"""What the first search may load, code and index (gzip), at 5,000 articles."""


class Transfers:
    """The bytes of every response a page receives, as gzip would send them (the test server
    sends files as they are)."""

    def __init__(self, page) -> None:
        self.sizes: dict[str, int] = {}
        page.on("response", self._response)

    def _response(self, response) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        self.sizes[response.url] = len(gzip.compress(body, compresslevel=6))

    def total(self, words: tuple[str, ...] = ()) -> int:
        return sum(size for url, size in self.sizes.items()
                   if not words or any(w in urlsplit(url).path for w in words))


SEARCH = ("/pagefind/", "/javascripts/search.js")


def _measure(browser, server, url: str):
    page = browser.new_page()
    transfers = Transfers(page)
    page.goto(server + url, wait_until="networkidle")
    return page, transfers


def test_a_page_load_fetches_no_index_and_little_search_code(browser, server):
    page, transfers = _measure(browser, server, "treatments/baclofen/")
    loaded = transfers.total(SEARCH)
    whole = transfers.total()
    pagefind = [url for url in transfers.sizes if "/pagefind/" in url]
    page.close()
    print(f"page load: search {loaded} B of {whole} B (gzip)")
    assert pagefind == [], "Pagefind loads only when the reader searches"
    assert 0 < loaded <= PAGE_LOAD_BUDGET


def test_the_first_search_fetches_a_small_part_of_the_index(browser, server):
    page, transfers = _measure(browser, server, "treatments/")
    before = transfers.total(SEARCH)
    search(page, "baclofen")
    page.wait_for_load_state("networkidle")
    first = transfers.total(SEARCH) - before
    page.close()
    print(f"first search: {first} B (gzip)")
    assert first <= FIRST_QUERY_BUDGET


def test_a_brand_name_finds_its_medicine_with_title_and_excerpt(browser, server):
    page = browser.new_page()
    page.goto(server)
    search(page, "Lioresal")
    items = page.locator(".md-search-result__item")
    titles = [items.nth(i).locator("h1").inner_text() for i in range(min(3, items.count()))]
    assert "Baclofen" in titles
    baclofen = items.nth(titles.index("Baclofen"))
    assert baclofen.locator("a").get_attribute("href").endswith("/treatments/baclofen/")
    teaser = baclofen.locator(".md-search-result__teaser")
    assert len(teaser.inner_text()) > 20
    page.close()


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_the_keys_open_the_search_and_escape_closes_it(browser, server, key):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "guides/symptom-diary/", wait_until="networkidle")
    page.keyboard.press(key)
    assert page.evaluate("() => document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.type("spasm")
    page.wait_for_selector(".md-search-result__item")
    assert page.locator(".md-search__input").input_value() == "spasm", "the key is not typed"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.matches('.md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    page.close()


def test_the_header_button_opens_the_search(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "treatments/", wait_until="networkidle")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator(".md-search__input").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.type("tizanidine")
    page.wait_for_selector(".md-search-result__item")
    assert "Tizanidine" in page.locator(".md-search-result__item h1").first.inner_text()
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_results_are_counted_and_the_dialog_is_accessible(browser, server, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(server + "treatments/", wait_until="networkidle")
    search(page, "Lioresal")
    assert "matching document" in page.locator("[data-kb-search-meta]").inner_text()
    assert _violations(page) == []
    page.close()


def test_searching_contacts_no_other_host(browser, server):
    context = browser.new_context()
    other_hosts = OtherHosts(context, urlsplit(server).netloc)
    page = context.new_page()
    page.goto(server + "types/", wait_until="networkidle")
    search(page, "Ozobax")
    page.wait_for_load_state("networkidle")
    other_hosts.stop()
    context.close()
    assert other_hosts.found == []
