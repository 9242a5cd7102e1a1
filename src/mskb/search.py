"""The site's search index, written by Pagefind over the built HTML.

Pagefind (https://pagefind.app) reads the finished pages and writes its index to
``<site>/pagefind/`` in small shards: a reader's browser loads its code only when the reader
opens the search (``docs/javascripts/search.js``), then only the shards for the words typed and
the excerpts of the results it shows. Material's own search shipped the whole index, about 1 MB
(gzip) at 1,000 articles, to every reader on their first page.

What is searched:

- the content pages only: the theme (``docs/overrides/main.html``) marks the ``<article>`` of
  every page ``data-pagefind-body`` but the printouts' (``print/`` bundles and ``print_page/``,
  which repeat the articles), the lists of pages' and the 404 page's, and Pagefind indexes only
  pages so marked;
- on each, only the article, without chrome such as the page's actions (marked
  ``data-pagefind-ignore`` in the theme) and the parts of the content every page repeats,
  which would match almost any search (:data:`IGNORED`);
- a treatment's names box ("Also called", "US brand names"; ``_other_names.md.j2``) is marked
  ``data-pagefind-weight`` and counts more than its title, so a brand name (Lioresal, Ozobax)
  finds its medicine before the pages that only mention it.

Pagefind runs as its command-line program (``python -m pagefind``, the binary of the
``pagefind[bin]`` package), in a process of its own: it exits non-zero, with its message, when
it fails, and that message ends the build (:class:`SearchError`). Its Python API was passed over:
it talks to the same program through a pipe it polls every tenth of a second, and when the
program fails (an output folder it cannot write) it waits for an answer forever instead of
raising. The index is written into the site folder only (``<site>/pagefind/``); Pagefind's
ready-made search interfaces, which it writes beside the index and the site does not use
(``docs/javascripts/search.js`` draws the results into Material's dialog), are removed.

Plain Python: nothing here imports MkDocs (``hooks/search.py`` runs it after the build).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mskb.pages.build import GUIDE_URL
from mskb.printing.bundles import BUNDLE_FOLDER

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

NOT_READ = (BUNDLE_FOLDER, GUIDE_URL.strip("/"), OUTPUT, "assets")
"""Top folders of the site whose pages Pagefind is not given to read: the printouts (the topic
bundles and the whole guide) carry no ``data-pagefind-body``, so they would be left out anyway,
but reading them cost time (at 5,000 added articles, 89 MB of them, and about a third of
Pagefind's CPU time)."""

UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)
"""Pagefind's own search interfaces, written beside the index: the site draws its results in
Material's dialog instead (``docs/javascripts/search.js``), so nothing loads these. Nor its
worker: ``search.js`` asks Pagefind to search in the page (``noWorker``), which saves the
reader 12 KB (gzip) on their first search; a search of 5,000 articles takes milliseconds."""

FRAGMENT_SIGNATURE = b"pagefind_dcd"

TIMEOUT = 600
"""Seconds Pagefind may take: it indexes 5,000 articles in a few (a hung program ends the
build instead of holding it forever)."""


class SearchError(RuntimeError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class Indexed:
    """What was written: the pages searched, and the folder of the index."""

    pages: tuple[str, ...]
    folder: Path


def pages(site: Path) -> str:
    """The pattern of the built pages Pagefind reads (of these it indexes only those with
    ``data-pagefind-body``): the home page and every page in a top folder but those of
    :data:`NOT_READ`. A glob of Pagefind's (wax) cannot leave a folder out, so it names the
    others."""
    folders = sorted(entry.name for entry in site.iterdir()
                     if entry.is_dir() and entry.name not in NOT_READ)
    return "{" + ",".join(["index.html", *(f"{_literal(name)}/**/index.html"
                                           for name in folders)]) + "}"


def _literal(name: str) -> str:
    """A folder's name as a glob matches it literally."""
    return re.sub(r"([\\{}\[\]()<>*?,:!$])", r"\\\1", name)


def command(site: Path, output: Path | None = None) -> list[str]:
    """The Pagefind command that indexes ``site`` into ``site/pagefind/`` (or ``output``)."""
    excluded = [argument for selector in IGNORED
                for argument in ("--exclude-selectors", selector)]
    return [sys.executable, "-m", "pagefind", "--site", str(site),
            "--output-path", str(output or site / OUTPUT), "--glob", pages(site),
            "--force-language", LANGUAGE, *excluded, "--quiet"]


def write_index(site: Path) -> Indexed:
    """Index the built site at ``site`` into ``site/pagefind/`` (replacing an older index).

    Raises :class:`SearchError` with Pagefind's own message when it fails, or when it found no
    page to index (every search would find nothing).
    """
    site = site.resolve()
    if not site.is_dir():
        raise SearchError(f"Pagefind could not index the site: {site} is not a folder")
    folder = site / OUTPUT
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)  # an older index (mkdocs build --dirty, serve): its shards differ
    try:
        done = subprocess.run(command(site), cwd=site, capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"Pagefind could not index the site: {exc}") from exc
    if done.returncode != 0:
        raise SearchError(f"Pagefind could not index the site (exit status {done.returncode}):"
                          f"\n{_message(done.stdout + done.stderr)}")
    for name in UNUSED:
        (folder / name).unlink(missing_ok=True)
    pages = indexed_pages(folder)
    if not pages:
        raise SearchError(f"Pagefind found no page to index in {site}")
    return Indexed(pages, folder)


def _message(output: str) -> str:
    """Pagefind's output without Rust's backtrace notes, which say nothing to a contributor,
    and each line once (it prints its error on both of its outputs)."""
    lines = [line for line in output.strip().splitlines()
             if not re.match(r"(stack backtrace:|note: .*RUST_BACKTRACE)", line)]
    return "\n".join(dict.fromkeys(lines)) or "(it printed nothing)"


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
