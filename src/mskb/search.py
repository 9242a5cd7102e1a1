"""The site's search index, written by Pagefind over the built HTML.

Pagefind (https://pagefind.app) reads the finished pages and writes its index to
``<site>/pagefind/`` in small shards: a reader's browser loads its code only when the reader
opens the search (``docs/javascripts/search.js``), then only the shards for the words typed and
the excerpts of the results it shows. Material's own search shipped the whole index, about 1 MB
(gzip) at 1,000 articles, to every reader on their first page.

What is searched:

- the content pages only: the theme (``docs/overrides/main.html``) marks the article of every
  page ``data-pagefind-body`` but the printouts' (``print/`` bundles and ``print_page/``, which
  repeat the articles) and the 404 page's, and Pagefind indexes only pages so marked;
- on each, only the article, without chrome such as the page's actions (marked
  ``data-pagefind-ignore`` in the theme) and the parts of the content every page repeats,
  which would match almost any search (:data:`IGNORED`);
- a treatment's names box ("Also called", "US brand names"; ``_other_names.md.j2``) is marked
  ``data-pagefind-weight`` and counts more than its title, so a brand name (Lioresal, Ozobax)
  finds its medicine before the pages that only mention it.

Plain Python: nothing here imports MkDocs (``hooks/search.py`` runs it after the build).
"""

from __future__ import annotations

import asyncio
import gzip
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

OUTPUT = "pagefind"
"""The folder, in the site, that Pagefind writes its code and index to."""

IGNORED = (
    ".kb-words",          # "Words used on this page": the glossary's definitions, repeated
    ".kb-words__title",
    ".kb-review",         # the review box: dates and reviewers
    ".kb-disclaimer",     # the same disclaimer on every article
    ".kb-page-feedback",  # "Report a problem with this page"
    ".kb-print-only",     # what only the printout shows
)
"""Parts of a page's content that every page repeats; they would match almost any search."""

LANGUAGE = "en"

PAGES = "**/index.html"
"""The built pages Pagefind reads; of these it indexes only those with ``data-pagefind-body``."""


FRAGMENT_SIGNATURE = b"pagefind_dcd"


class SearchError(RuntimeError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class Indexed:
    """What was written: the pages searched, and the folder of the index."""

    pages: tuple[str, ...]
    folder: Path


def write_index(site: Path) -> Indexed:
    """Index the built site at ``site`` into ``site/pagefind/`` (replacing an older index)."""
    # In a thread of its own: the caller may be running an event loop already (Playwright's,
    # in the tests), and asyncio.run() refuses to start a second one in the same thread.
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(lambda: asyncio.run(_write(site))).result()
    except Exception as exc:  # the service raises plain Exceptions with its message
        raise SearchError(f"Pagefind could not index the site: {exc}") from exc


async def _write(site: Path) -> Indexed:
    config: IndexConfig = {"exclude_selectors": list(IGNORED), "force_language": LANGUAGE,
                           "output_path": str(site / OUTPUT)}
    # The whole folder in one request: Pagefind's Python service answers a request at most
    # every tenth of a second, so adding the pages one by one would take 0.1 s a page.
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site), glob=PAGES)
    return Indexed(indexed_pages(site / OUTPUT), site / OUTPUT)


def indexed_pages(folder: Path) -> tuple[str, ...]:
    """The addresses (``/treatments/baclofen/``) of the pages in the index in ``folder``.

    Each page's title, address and text is a fragment file of its own: gzip, starting with
    Pagefind's signature, then JSON.
    """
    urls = []
    for path in sorted((folder / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(FRAGMENT_SIGNATURE)
        urls.append(json.loads(data)["url"])
    return tuple(sorted(urls))
