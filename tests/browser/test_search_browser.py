"""The search in a reader's browser (docs/javascripts/search.js over Pagefind's index): what a
page load costs, what the first search costs, and that it finds a medicine by its brand name.

The sizes are measured by mskb.maintenance.searchcost, the tool that measures any built site
(the README gives its figures at 5,000 articles); here, on the test site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_browser import OtherHosts, _violations, search

from mskb.maintenance.searchcost import FIRST_QUERY_BUDGET_KB, PAGE_LOAD_BUDGET_KB, measure

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cost(browser, server):
    """A reader opens a topic page in a fresh browser, then searches for a medicine."""
    return measure(browser, server, page="treatments/baclofen/", query="baclofen")


def test_a_page_load_fetches_no_index_and_little_search_code(cost):
    print(cost.report())
    assert [f.url for f in cost.page_load if "/pagefind/" in f.url] == [], \
        "Pagefind loads only when the reader searches"
    assert [urlsplit(f.url).path.rsplit("/", 1)[-1] for f in cost.page_load_search] == \
        ["search.js"]
    assert 0 < cost.page_load_gzip <= PAGE_LOAD_BUDGET_KB * 1024


def test_the_first_search_fetches_one_part_of_the_index_and_the_excerpts_shown(cost):
    fetched = [urlsplit(f.url).path for f in cost.first_query]
    assert all("/pagefind/" in path for path in fetched), "nothing but the search's files"
    # One shard of the index for the one word, one excerpt file for each result drawn (at most
    # five): what grows with the site is the size of that shard, not the number of files.
    assert len([path for path in fetched if path.endswith(".pf_index")]) == 1
    assert 0 < len([path for path in fetched if path.endswith(".pf_fragment")]) <= 5
    assert len(cost.results) == len([path for path in fetched if path.endswith(".pf_fragment")])
    assert 0 < cost.first_query_gzip <= FIRST_QUERY_BUDGET_KB * 1024


def test_results_show_a_title_an_address_and_an_excerpt(cost):
    first = cost.results[0]
    assert (first.title, urlsplit(first.url).path) == ("Baclofen",
                                                        "/knowledge-base/treatments/baclofen/")
    assert all(result.title and len(result.excerpt) > 20 for result in cost.results)
    assert "matching documents" in cost.found


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


SEARCH_OPEN = "() => document.getElementById('__search').checked"


def test_the_keys_are_left_to_the_control_with_the_focus_and_to_the_browser(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + "treatments/compare/", wait_until="networkidle")
    pick = page.locator(".kb-compare__pick input").first
    pick.focus()
    for key in ("/", "s", "f"):
        page.keyboard.press(key)
    assert not page.evaluate(SEARCH_OPEN), "a key pressed on a checkbox is the checkbox's"
    assert page.evaluate("() => document.activeElement.matches('.kb-compare__pick input')")
    page.evaluate("() => document.activeElement.blur()")
    for key in ("Control+f", "Alt+s", "Meta+/", "Shift+S"):
        page.keyboard.press(key)
    assert not page.evaluate(SEARCH_OPEN), "the browser's own shortcuts stay the browser's"
    page.close()


def test_tab_closes_the_search_so_the_page_can_be_clicked_again(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + "treatments/compare/", wait_until="networkidle")
    page.keyboard.press("/")
    assert page.evaluate(SEARCH_OPEN)
    page.keyboard.press("Tab")
    assert not page.evaluate(SEARCH_OPEN)
    assert not page.evaluate("() => document.activeElement.matches('.md-search__input')")
    # Material's overlay covers the page while the search is open: now nothing is over it.
    page.locator(".kb-compare__pick input").first.click(timeout=5000)
    assert page.locator(".kb-compare__pick input:checked").count() == 1
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


def _pagefind_files(page):
    """Every file of the search's index the page asks for from now on (a list that fills)."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path)
            if "/pagefind/" in request.url else None)
    return fetched


class _Held:
    """The search's files the page asks for, held back until :meth:`release`: a slow
    connection, as long as a test needs one."""

    def __init__(self, page, pattern: str = "**/pagefind/**") -> None:
        self.routes: list = []
        self.holding = True
        self.page = page
        page.route(pattern, self._route)

    def _route(self, route) -> None:
        if self.holding:
            self.routes.append(route)
        else:
            route.continue_()

    def wait(self) -> None:
        """Until the page has asked for at least one held file (at most 30 s: a page that
        never asks fails the test instead of holding it forever)."""
        for _ in range(1500):
            if self.routes:
                return
            self.page.wait_for_timeout(20)
        raise AssertionError("the page asked for none of the search's files")

    def release(self) -> None:
        self.holding = False
        for route in self.routes:
            route.continue_()
        self.routes = []


def _shown(page) -> str | None:
    return page.locator("[data-kb-search-list]").get_attribute("data-kb-search-shown")


def _searching(page) -> str | None:
    return page.locator("[data-kb-search-list]").get_attribute("data-kb-searching")


def _answered(page, words: str) -> None:
    page.wait_for_function("(words) => document.querySelector('[data-kb-search-list]')"
                           ".getAttribute('data-kb-search-shown') === words", arg=words)


def test_five_results_are_drawn_and_the_button_draws_five_more(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "treatments/", wait_until="networkidle")
    fetched = _pagefind_files(page)
    page.keyboard.press("/")
    page.keyboard.insert_text("spasm")  # the word at once: no search for its first letters
    _answered(page, "spasm")
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== "
                           "'running')")
    meta = page.locator("[data-kb-search-meta]")
    total = int(meta.inner_text().split()[0])
    assert total > 10, "the test site has enough pages on spasms for two more pages of results"
    items = page.locator(".md-search-result__item")
    more = page.locator("[data-kb-search-more]")
    assert items.count() == 5
    assert meta.inner_text() == f"{total} matching documents, 5 shown"
    assert more.is_visible() and more.inner_text() == "Show more results"
    assert len([path for path in fetched if path.endswith(".pf_fragment")]) == 5, \
        "only the excerpts of the results drawn are fetched"
    assert _violations(page) == []

    # The keyboard reaches the button as it reaches the results: down from the last result.
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    on_button = "() => document.activeElement.matches('[data-kb-search-more]')"
    assert page.evaluate(on_button)
    # While the next excerpts load, the button keeps the focus and says it is busy.
    held = _Held(page, "**/*.pf_fragment")
    page.keyboard.press("Enter")
    held.wait()
    assert page.evaluate(on_button)
    assert more.get_attribute("aria-disabled") == "true"
    page.keyboard.press("Enter")  # pressed again while busy: nothing more is fetched
    held.release()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item')"
                           ".length === 10")
    assert meta.inner_text() == f"{total} matching documents, 10 shown"
    assert more.get_attribute("aria-disabled") is None
    # The focus goes to the first new result, so the reader carries on from there.
    sixth = items.nth(5).locator("a")
    assert page.evaluate("(link) => document.activeElement === link", sixth.element_handle())
    assert len({path for path in fetched if path.endswith(".pf_fragment")}) == 10
    assert len(fetched) == len(set(fetched)), "no file is fetched twice"

    # With the mouse, and until every result is drawn: then the button goes.
    while more.is_visible():
        drawn = items.count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__item')"
                               f".length > {drawn}")
    assert items.count() == total
    assert meta.inner_text() == f"{total} matching documents"
    page.close()


def test_a_slow_typists_first_letters_are_not_searched_until_they_stop(browser, server):
    """A word's first one or two letters match so many words that Pagefind would fetch much of
    its index for them: the search waits for more letters, longer than a slow typist's pause
    between keys, but answers them once the reader stops. The page's clock is Playwright's, so
    the pauses are exact however busy the machine is, and the list says at once when a search
    starts (data-kb-searching)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.clock.install()
    page.goto(server + "treatments/", wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("baclofen")
    page.clock.run_for(300)
    _answered(page, "baclofen")
    page.keyboard.type(" s")
    page.clock.run_for(900)  # a slow typist's pause between two keys
    assert (_searching(page), _shown(page)) == (None, "baclofen"), \
        "no search starts for a lone first letter while the reader types"
    page.keyboard.type("i")
    page.clock.run_for(900)
    assert (_searching(page), _shown(page)) == (None, "baclofen")
    page.clock.run_for(100)  # the reader has stopped: a second after the last key
    assert _searching(page) == "baclofen si" or _shown(page) == "baclofen si"
    _answered(page, "baclofen si")
    assert _searching(page) is None
    assert page.locator(".md-search-result__item").count() > 0
    page.close()


def test_a_search_cleared_before_it_answers_shows_nothing(browser, server):
    """On a slow connection the reader types, then clears the field before the answer comes:
    the answer, when it comes, is dropped."""
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "treatments/", wait_until="networkidle")
    held = _Held(page)
    fetched = _pagefind_files(page)
    page.keyboard.press("/")
    page.keyboard.insert_text("baclofen")
    page.wait_for_function("() => document.querySelector('[data-kb-search-list]')"
                           ".getAttribute('data-kb-searching') === 'baclofen'")
    page.locator(".md-search__options button[type=reset]").click()
    page.wait_for_function("() => document.querySelector('[data-kb-search-query]').value === ''"
                           " && !document.querySelector('[data-kb-search-list]')"
                           ".hasAttribute('data-kb-searching')")
    held.release()
    # Pagefind's code, its index and the shard for "baclofen" arrive one after the other.
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(entry => entry.name.endsWith('.pf_index'))")
    assert page.locator(".md-search-result__item").count() == 0
    assert page.locator("[data-kb-search-meta]").inner_text() == "Type to start searching"
    # The reader searches again: only the new answer's excerpts are ever fetched.
    page.keyboard.insert_text("tizanidine")
    _answered(page, "tizanidine")
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert titles and "Tizanidine" in titles[0] and "Baclofen" not in titles
    assert len([path for path in fetched if path.endswith(".pf_fragment")]) == len(titles), \
        "the answer to the words cleared was dropped before its excerpts were fetched"
    page.close()
