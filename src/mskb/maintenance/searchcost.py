"""What the search costs a reader: the bytes a page load fetches for it, and the first search.

Measured in Chromium, as a reader meets the search: a page is opened in a fresh browser context
(nothing cached), every file it fetches is recorded; then the reader presses "/" and types the
words, and every file fetched until the results and their excerpts are shown is recorded too.
Each file is counted twice:

- ``transferred``: the bytes the browser received for its body (Playwright's request sizes,
  Chromium's ``encodedDataLength``), from the server measured: Python's ``http.server`` sends
  files as they are;
- ``gzip``: what a host that compresses its answers (GitHub Pages, any web server set up for
  it) sends: the body gzipped, or as it is if that is smaller (Pagefind's index files and its
  WebAssembly are compressed already).

The issue's budgets (60 KB on a page load, 300 KB for the first search at 5,000 articles) are
of the gzip figures. Point it at any built site::

    python -m mskb.maintenance.searchcost site/ --query Lioresal [--delay 300]

``tests/browser/test_search_browser.py`` runs it on the test site; the README gives the figures
at 5,000 articles. Playwright is imported only when something is measured (only the browser
tests and this tool need it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mskb.server import serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

SEARCH_FILES = ("/pagefind/", "/javascripts/search.js")
"""The search's files: Pagefind's code and index, and the site's own search script."""

PAGE_LOAD_BUDGET_KB = 60
FIRST_QUERY_BUDGET_KB = 300
"""Issue 15's budgets (gzip): before the reader searches, and for the first search."""

RESULTS = ".md-search-result__item"
META = "[data-kb-search-meta]"
# A function, not an expression: Playwright polls an expression with eval(), which the pages'
# Content-Security-Policy refuses.
ANSWERED = ("() => { const words = document.querySelector('[data-kb-search-query]').value"
            ".trim(); return words !== '' && document.querySelector('[data-kb-search-list]')"
            ".getAttribute('data-kb-search-shown') === words; }")
"""The search has answered the words typed: their results are drawn (``search.js`` marks the
list with the words its results answer, so an answer to the first letters does not count)."""


class Unavailable(RuntimeError):
    """Nothing can be measured here: Playwright or Chromium is missing."""


UNAVAILABLE = 3
"""The command's exit status when :class:`Unavailable` (1: over a budget; 2: bad arguments)."""


@dataclass(frozen=True)
class Fetched:
    """One file the browser fetched."""

    url: str
    transferred: int  # body bytes received from the server measured
    gzip: int  # what a compressing host would send

    @property
    def search(self) -> bool:
        path = urlsplit(self.url).path
        return any(part in path for part in SEARCH_FILES)


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    excerpt: str


@dataclass
class SearchCost:
    """What one page load and its first search fetched, and what the search showed."""

    page: str
    query: str
    delay: float = 0  # milliseconds between keys
    page_load: list[Fetched] = field(default_factory=list)
    first_query: list[Fetched] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    found: str = ""  # the count the search shows ("12 matching documents")

    @property
    def page_load_search(self) -> list[Fetched]:
        return [f for f in self.page_load if f.search]

    @property
    def page_load_gzip(self) -> int:
        """Search code and data fetched with the page, before the reader searches (gzip)."""
        return total(self.page_load_search)

    @property
    def first_query_gzip(self) -> int:
        """Everything the first search fetched (gzip): it fetches nothing but search files."""
        return total(self.first_query)

    def report(self) -> str:
        kb = 1024
        lines = [
            f"page /{self.page}: {total(self.page_load) / kb:.1f} KB gzip in all, of which "
            f"search {self.page_load_gzip / kb:.1f} KB "
            f"(budget {PAGE_LOAD_BUDGET_KB} KB); "
            f"{len([f for f in self.page_load_search if '/pagefind/' in f.url])} Pagefind files",
            f"first search {self.query!r} ({self.delay:g} ms between keys): "
            f"{self.first_query_gzip / kb:.1f} KB gzip "
            f"({total(self.first_query, 'transferred') / kb:.1f} KB as served here; "
            f"budget {FIRST_QUERY_BUDGET_KB} KB) in {len(self.first_query)} files; "
            f"{self.found}",
        ]
        lines += [f"  {f.gzip / kb:7.1f} KB  {urlsplit(f.url).path}"
                  for f in sorted(self.first_query, key=lambda f: -f.gzip)]
        lines += [f"  result: {r.title} ({r.url}): {r.excerpt[:70]}" for r in self.results[:3]]
        return "\n".join(lines)


def total(fetched: Iterable[Fetched], size: str = "gzip") -> int:
    return sum(getattr(f, size) for f in fetched)


QUIET_SECONDS = 30
"""How long the requests of a search may take to end, from this machine's own server."""


class _Recorder:
    """Every request of a page that finished, in order; sized once the page is quiet (sizing
    inside the event handler would call back into Playwright from its own event)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[Request] = []
        self.pending = 0
        page.on("request", self._started)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _started(self, request: Request) -> None:
        self.pending += 1

    def _finished(self, request: Request) -> None:
        self.pending -= 1
        self.requests.append(request)

    def _failed(self, request: Request) -> None:
        self.pending -= 1

    def wait_quiet(self) -> None:
        """Until every request the page has made has ended: one an earlier answer (to the first
        letters) started may still be on its way when the last answer is drawn. (Playwright's
        "networkidle" is a state a page reaches once, when it loads.)"""
        deadline = time.monotonic() + QUIET_SECONDS
        while self.pending > 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.pending} requests of the page were still open after "
                                   f"{QUIET_SECONDS} s")
            self.page.wait_for_timeout(20)

    def take(self) -> list[Fetched]:
        taken, self.requests = self.requests, []
        return [fetched for request in taken if (fetched := _sized(request)) is not None]


def _sized(request: Request) -> Fetched | None:
    response = request.response()
    if response is None or not 200 <= response.status < 300:
        return None
    body = response.body()
    transferred = request.sizes()["responseBodySize"]
    return Fetched(request.url, transferred, min(len(body), len(gzip.compress(body, 6))))


def measure(browser: Browser, base_url: str, *, page: str = "treatments/",
            query: str = "baclofen", delay: float = 0) -> SearchCost:
    """Open ``page`` of the site served at ``base_url`` and search for ``query``, as a reader.

    ``delay`` is the milliseconds between keys: at 0 the words arrive at once (as pasted); a
    slow typist's pauses let the search answer the first letters too, which fetches the
    excerpts of their results as well.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        recorder = _Recorder(tab)
        cost = SearchCost(page, query, delay)
        tab.goto(base_url + page, wait_until="networkidle")
        cost.page_load = recorder.take()
        tab.keyboard.press("/")
        tab.keyboard.type(query, delay=delay)
        tab.wait_for_function(ANSWERED)
        recorder.wait_quiet()
        cost.first_query = recorder.take()
        cost.found = tab.locator(META).inner_text().strip()
        items = tab.locator(RESULTS)
        for index in range(items.count()):
            item = items.nth(index)
            cost.results.append(Result(
                item.locator("h1").inner_text().strip(),
                item.locator("a").first.get_attribute("href") or "",
                item.locator(".md-search-result__teaser").inner_text().strip()))
        return cost
    finally:
        context.close()


def measure_site(site: Path, *, page: str = "treatments/", query: str = "baclofen",
                 delay: float = 0, chromium: str | None = None) -> SearchCost:
    """Serve the built ``site`` on localhost and :func:`measure` it in Chromium.

    Raises :class:`Unavailable` when Playwright or Chromium is missing.
    """
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright  # only measuring needs it
    except ImportError as exc:
        raise Unavailable("the search is measured in Chromium through Playwright: "
                          "`pip install -e .[test]`") from exc

    from mskb.printing.pdf import CHROMIUM_ARGS, chromium_path

    with serve(site) as base, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium or chromium_path(),
                                                 args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise Unavailable(f"could not start Chromium: {str(exc).splitlines()[0]}") from exc
        try:
            return measure(browser, base, page=page, query=query, delay=delay)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mskb.maintenance.searchcost",
        description="What a page load and the first search fetch for the search, in Chromium.")
    parser.add_argument("site", type=Path, help="a built site (mkdocs build's site folder)")
    parser.add_argument("--page", default="treatments/",
                        help="the page to open, relative to the site (default: treatments/)")
    parser.add_argument("--query", default="baclofen", help="what to search for")
    parser.add_argument("--delay", type=float, default=0,
                        help="milliseconds between keys as the words are typed (default: 0)")
    parser.add_argument("--json", action="store_true",
                        help="print the two figures as JSON (bytes, gzip) instead of a report")
    args = parser.parse_args(argv)
    if not (args.site / "pagefind" / "pagefind.js").is_file():
        parser.error(f"{args.site} has no search index (pagefind/pagefind.js): build it first")
    try:
        cost = measure_site(args.site, page=args.page, query=args.query, delay=args.delay)
    except Unavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return UNAVAILABLE
    if args.json:
        print(json.dumps({"page_load_gzip": cost.page_load_gzip,
                          "first_query_gzip": cost.first_query_gzip, "found": cost.found}))
    else:
        print(cost.report())
    over = (cost.page_load_gzip > PAGE_LOAD_BUDGET_KB * 1024
            or cost.first_query_gzip > FIRST_QUERY_BUDGET_KB * 1024)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
