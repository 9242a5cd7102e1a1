"""MkDocs hook: valid HTML on every page, as the W3C Nu HTML Checker reads it.

Wiring only: ``mskb.pages.markup`` mends the few attributes Material writes that the HTML
standard forbids, keeping what they do. Every page rendered from Markdown is mended in
``on_post_page``, the 404 page in ``on_post_template``. The whole guide (``/print_page/``),
which mkdocs-print-site writes after the build, is mended with its repair in
``mskb.printing.print_page`` (``hooks/printing.py``).

Run after ``hooks/security.py`` (priority -100): the mending rewrites attributes of start tags
only, never a script or a style, so the Content-Security-Policy's hashes still match; and the
content (which the policy checks the page against) may hold any markup.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from mskb.pages.markup import valid_markup


@event_priority(-110)  # after hooks/security.py: see above
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    # hooks/security.py has parsed the page: its ids, looked up in the parser's table.
    has_id = page.__dict__.pop("kb_has_id", None)
    return valid_markup(output, has_id)


@event_priority(-110)
def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content  # sitemap.xml
    return valid_markup(output_content)
