"""Long lists split into numbered pages, so that no page grows with the number of articles.

A listing (the experiences index, the guides, the pages of everything that mentions a topic, a
letter of the Treatments A to Z) shows a fixed number of entries per page (:class:`PageSizes`).
Its first page keeps the listing's own address, so no link or bookmark breaks; page ``n`` is at
``<listing>/page/<n>/`` (``experiences/page/2/``), as Material's blog and most static sites
number theirs. When every entry fits on one page, there is one page and no pagination.

Each page after the first is titled "Experiences, page 2 of 14", so a reader (and a browser's
history, a bookmark, a printout's running header) can tell the pages apart. The pagination is
the GOV.UK Design System's: "Previous" and "Next", and the numbers of the first and the last
page, of the current one and its neighbours, with an ellipsis for each gap, so it too has a
bounded length however many pages there are (:func:`page_numbers`). How many entries a page
shows depends on the listing (:class:`PageSizes`).

Splitting is one pass over the entries (each page is a slice), and each page's links are
computed from its number alone: a listing of ``n`` entries costs O(n) whatever its length.
Plain Python: nothing here imports MkDocs.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

@dataclass(frozen=True)
class PageSizes:
    """How many entries each kind of listing shows on a page. A parameter, so that a test can
    build a handful of articles into several pages."""

    accounts: int = 20
    """Personal accounts in full (summary, date, treatments) on a page of the experiences
    index or of the accounts filed under nothing, as GOV.UK's search shows twenty results:
    about 15 KB of HTML."""
    guides: int = 20
    """Guides, each with its summary, on a page of the guides index."""
    mentions: int = 60
    """Entries on a page of everything that mentions a topic: most are a title alone, the
    personal accounts a title and a summary (about 35 KB for sixty)."""
    treatments: int = 50
    """Entries of one letter of the Treatments A to Z on a page: treatments with their other
    names and description, and other names (brand names) pointing to their treatment."""
    a_to_z_on_one_page: int = 60
    """Up to this many treatments, the A to Z lists every one on its own page, its letters
    links within it; past it, each letter has its own page (about 35 KB of HTML for 60)."""
    compare: int = 40
    """Treatments (rows) on a page of one group's table of Compare treatments."""
    compare_on_one_page: int = 80
    """Up to this many treatments, Compare treatments has every group's table on one page
    (about 45 KB of tables for 80); past it, each group has its own pages."""


SIZES = PageSizes()
"""The sizes the site is built with (``mskb.pages.build.build_site``'s default)."""
NEIGHBOURS = 1
"""Page numbers linked each side of the current page (GOV.UK's pagination links one)."""


def page_uri(uri: str, number: int) -> str:
    """The Markdown path of page ``number`` of the listing at ``uri``: the listing's own for
    page 1; ``experiences/index.md`` -> ``experiences/page/2.md``,
    ``mentions/types/clonus.md`` -> ``mentions/types/clonus/page/2.md``."""
    if number < 1:
        raise ValueError(f"page numbers start at 1, not {number}")
    if number == 1:
        return uri
    folder, name = posixpath.split(uri.removesuffix(".md"))
    base = folder if name == "index" else posixpath.join(folder, name)
    return posixpath.join(base, "page", f"{number}.md")


def page_count(total: int, per_page: int) -> int:
    """Pages needed for ``total`` entries, ``per_page`` to a page: at least one (an empty
    listing has a first page that says so)."""
    if per_page < 1:
        raise ValueError(f"a page holds at least one entry, not {per_page}")
    return max(1, math.ceil(total / per_page))


def page_of(position: int, per_page: int) -> int:
    """The page (from 1) that shows the entry at ``position`` (from 0)."""
    return position // per_page + 1


def page_numbers(current: int, count: int, neighbours: int = NEIGHBOURS) -> list[int | None]:
    """The page numbers the pagination links, ``None`` for each gap (shown as an ellipsis):
    the first and last pages, the current one and ``neighbours`` each side of it. A gap of a
    single page shows that page's number instead of an ellipsis, which takes the same room.

    >>> page_numbers(1, 1)
    [1]
    >>> page_numbers(5, 10)
    [1, None, 4, 5, 6, None, 10]
    >>> page_numbers(3, 10)
    [1, 2, 3, 4, None, 10]
    """
    if not 1 <= current <= count:
        raise ValueError(f"page {current} of {count}")
    shown = sorted({1, count, *range(max(1, current - neighbours),
                                     min(count, current + neighbours) + 1)})
    numbers: list[int | None] = []
    previous = 0
    for number in shown:
        if previous and number - previous == 2:
            numbers.append(number - 1)
        elif previous and number - previous > 2:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


@dataclass(frozen=True)
class PageLink:
    """One entry of the pagination: a page's number and Markdown path, or a gap."""

    number: int | None  # None: an ellipsis
    uri: str | None
    current: bool = False


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    """One page of a listing: its entries and where it sits among the listing's pages."""

    uri: str  # the listing's address, which its first page keeps
    number: int  # from 1
    count: int  # pages in the listing
    total: int  # entries in the listing
    start: int  # the position (from 0) of this page's first entry in the listing
    items: Sequence[T]

    @property
    def src_uri(self) -> str:
        """This page's Markdown path."""
        return page_uri(self.uri, self.number)

    @property
    def paged(self) -> bool:
        """Whether the listing has more than one page (and so shows the pagination)."""
        return self.count > 1

    @property
    def first(self) -> int:
        """The number (from 1) of this page's first entry, as a reader counts them."""
        return self.start + 1

    @property
    def last(self) -> int:
        """The number (from 1) of this page's last entry."""
        return self.start + len(self.items)

    @property
    def previous_uri(self) -> str | None:
        return page_uri(self.uri, self.number - 1) if self.number > 1 else None

    @property
    def next_uri(self) -> str | None:
        return page_uri(self.uri, self.number + 1) if self.number < self.count else None

    def links(self) -> list[PageLink]:
        """The numbered links of the pagination (:func:`page_numbers`)."""
        return [PageLink(n, page_uri(self.uri, n) if n else None, n == self.number)
                for n in page_numbers(self.number, self.count)]

    def title(self, title: str) -> str:
        """The page's title: the listing's on its first page, "Experiences, page 2 of 14" on
        the others."""
        return title if self.number == 1 else f"{title}, page {self.number} of {self.count}"


def paginate(uri: str, items: Sequence[T], per_page: int) -> Iterator[ListingPage[T]]:
    """The pages of the listing at ``uri`` of ``items`` in order, ``per_page`` to a page."""
    count = page_count(len(items), per_page)
    for number in range(1, count + 1):
        start = (number - 1) * per_page
        yield ListingPage(uri, number, count, len(items), start,
                          items[start:start + per_page])
