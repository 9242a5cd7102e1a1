"""MkDocs hook: a menu that shows the reader's section, in a size that does not grow with it.

Material renders every page of the open section in the menu, so with 1,000 experiences each
experience page would carry 1,000 links. Here, per page, each content section is reduced to its
index page, except the section of the current page, which lists (see :func:`section_view`):

- its overview ("Treatments A to Z", "All guides"), first. On a phone the open menu shows the
  current section as a panel whose title is a back button, not a link, so without this the
  section's own index could not be reached from the menu;
- its pages, all of them when there are at most :data:`LIMIT`, otherwise the current page and
  :data:`RADIUS` neighbours each side (the overview lists the rest);
- outside the treatments, a link to the Treatments A to Z, the way into the site most readers
  use.

The About section keeps all its pages, with its overview first in the same way. On a section's
index page the section is not marked open, so the phone's menu opens on every section rather
than on a panel listing nothing but the page shown.

The full navigation still drives previous/next links, breadcrumbs and the combined print page.
Work per page is constant: the position of every page in its section is looked up in a table
made once per build (:func:`on_nav`), never by a scan of the section.

The logic is in plain functions (:func:`window`, :func:`overview_title`, :func:`section_view`)
that know nothing of MkDocs' objects beyond ``title``, ``url`` and ``file.src_uri``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from mskb.content.kinds import KINDS
from mskb.pages.compact import compact

LIMIT = 15
"""A section with at most this many pages is listed whole in its pages' menus."""
RADIUS = 5
"""Otherwise the menu lists the current page and this many pages before and after it."""
A_TO_Z = KINDS["treatment"].index_uri
"""The Treatments A to Z, linked from the menu of every content section."""

_INDEXES = frozenset(kind.index_uri for kind in KINDS.values())


# --- Plain logic ---------------------------------------------------------------------------------

def window(count: int, current: int, *, limit: int = LIMIT, radius: int = RADIUS) -> range:
    """The positions (0 to ``count - 1``) of a section's pages to list on the page at
    ``current``: all of them up to ``limit``, else ``2 * radius + 1`` around it, shifted
    inwards at either end so the list keeps its length."""
    if count <= limit:
        return range(count)
    size = min(count, 2 * radius + 1)
    start = min(max(current - radius, 0), count - size)
    return range(start, start + size)


def overview_title(section_title: str, index_title: str) -> str:
    """The menu's name for a section's index page: its own title when that says more than
    the section's ("Treatments A to Z"), else "All experiences"."""
    if index_title and index_title.strip().lower() != section_title.strip().lower():
        return index_title
    return f"All {section_title[:1].lower()}{section_title[1:]}"


def section_view(
    children: Sequence[Any], current: int, *, section_title: str,
    a_to_z: tuple[str, str] | None,
) -> list[Any]:
    """What the menu lists of the current page's section. ``children`` is the whole section,
    its index page first, then its pages; ``current`` is the page's position among the pages
    (0 for ``children[1]``). The view: the index (Material shows it as the section's own link),
    a link to it, if given a link to the A to Z as ``(title, url)`` (near the top, so a phone
    shows it without scrolling), then the pages :func:`window` keeps. Never a copy of the whole
    section."""
    index = children[0]
    view: list[Any] = [index, Link(overview_title(section_title, index.title or ""), index.url)]
    if a_to_z is not None:
        view.append(Link(*a_to_z))
    view += [children[1 + i] for i in window(len(children) - 1, current)]
    return view


# --- MkDocs wiring -------------------------------------------------------------------------------

def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    # Once per build, on this build's own nav: where each page sits in its section.
    nav.kb_positions = {
        child.file.src_uri: position
        for item in nav.items if _is_content_section(item)
        for position, child in enumerate(item.children[1:]) if isinstance(child, Page)
    }
    return nav


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's templates without their indentation (mskb.pages.compact): most of it is the
    # menu's, on every page.
    return compact(env)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["nav"] = compact_nav(nav, page)
    return context


def on_template_context(context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
    # Pages rendered without a page (404.html, and the print page built from its context).
    if "nav" in context and context.get("page") is None:
        context["nav"] = compact_nav(context["nav"], None)
    return context


def compact_nav(nav: Navigation, page: Page | None) -> Navigation:
    positions: dict[str, int] = getattr(nav, "kb_positions", {})
    a_to_z = _a_to_z(nav)
    items = []
    for item in nav.items:
        index = _index_of(item)
        if index is None:
            items.append(item)
            continue
        content = index.file.src_uri in _INDEXES
        children = [index] if content else item.children
        # The current page, if it is one of the section's pages (not its index).
        here = (page.file.src_uri if page is not None and page.parent is item
                and page is not index else None)
        if here is not None and content and here in positions:
            other = a_to_z if index.file.src_uri != A_TO_Z else None
            children = section_view(item.children, positions[here], section_title=item.title,
                                    a_to_z=other)
        elif here is not None and not content:  # About: a few pages, all listed
            children = [index, Link(overview_title(item.title, index.title or ""), index.url),
                        *item.children[1:]]
        view = Section(item.title, children)
        # On the index page itself the phone's menu opens at the top, with every section,
        # rather than on a panel listing nothing but the index (which is the page shown).
        view.active = item.active and page is not index
        items.append(view)
    # Not Navigation(items, pages): its constructor scans every page for the homepage.
    compact = Navigation.__new__(Navigation)
    compact.items, compact.pages, compact.homepage = items, nav.pages, nav.homepage
    return compact


def _index_of(item) -> Page | None:
    """The index page of a section (its first child, ``…/index.md``), or None."""
    if isinstance(item, Section) and item.children and isinstance(item.children[0], Page):
        first = item.children[0]
        return first if first.is_index else None
    return None


def _a_to_z(nav: Navigation) -> tuple[str, str] | None:
    for item in nav.items:
        if _is_content_section(item) and item.children[0].file.src_uri == A_TO_Z:
            index = item.children[0]
            return (index.title or item.title, index.url)
    return None


def _is_content_section(item) -> bool:
    index = _index_of(item)
    return index is not None and index.file.src_uri in _INDEXES
