"""MkDocs hook: a sidebar whose size does not grow with the number of articles.

Material renders every page of the open section in the sidebar, so with 1,000 experiences each
experience page would carry 1,000 links. Here, per page, each content section is reduced to its
index page plus the current page. The full navigation still drives previous/next links,
breadcrumbs and the combined print page. Constant work per page: no loop over articles.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mskb.content.kinds import KINDS

_INDEXES = frozenset(kind.index_uri for kind in KINDS.values())


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["nav"] = compact_nav(nav, page)
    return context


def on_template_context(context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
    # Pages rendered without a page (404.html, and the print page built from its context).
    if "nav" in context and context.get("page") is None:
        context["nav"] = compact_nav(context["nav"], None)
    return context


def compact_nav(nav: Navigation, page: Page | None) -> Navigation:
    items = []
    for item in nav.items:
        if _is_content_section(item):
            index = item.children[0]
            children = [index]
            if page is not None and page.parent is item and page is not index:
                children.append(page)
            view = Section(item.title, children)
            view.active = item.active
            items.append(view)
        else:
            items.append(item)
    # Not Navigation(items, pages): its constructor scans every page for the homepage.
    compact = Navigation.__new__(Navigation)
    compact.items, compact.pages, compact.homepage = items, nav.pages, nav.homepage
    return compact


def _is_content_section(item) -> bool:
    return (
        isinstance(item, Section)
        and bool(item.children)
        and isinstance(item.children[0], Page)
        and item.children[0].file.src_uri in _INDEXES
    )
