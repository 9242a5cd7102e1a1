"""MkDocs hook: the site's search index, written by Pagefind over the built pages.

Wiring only: ``mskb.search`` chooses the pages and runs Pagefind. It runs after every other
post-build step (``hooks/printing.py`` mends the whole guide and prints the PDFs at -50), so
the index is of the site as it is published; the printouts are not searched anyway.
``docs/javascripts/search.js`` loads the index in the reader's browser when they search.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from mskb.preview import is_partial_build
from mskb.search import SearchError, write_index

log = logging.getLogger("mkdocs.hooks.search")


@event_priority(-90)  # after hooks/printing.py (-50), before nothing that changes a page
def on_post_build(config: MkDocsConfig) -> None:
    if is_partial_build(config.extra):
        # A preview rebuild of the pages an edit changed (./scripts/serve): indexing every page
        # again would take longer than the rebuild itself, so the search keeps the index of the
        # last complete build (an edited article is found by its old words until then).
        return
    try:
        indexed = write_index(Path(config.site_dir))
    except SearchError as exc:
        raise PluginError(str(exc)) from None
    log.info("Search: indexed %d pages into %s/", len(indexed.pages), indexed.folder.name)
