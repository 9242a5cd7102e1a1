"""MkDocs hook: a Content-Security-Policy and no-referrer policy on every page.

Wiring only: ``mskb.pages.policy`` writes the policy. Every page rendered from Markdown gets it
in ``on_post_page`` (after every other hook and plugin has had the page, but for
``hooks/markup.py``, which mends attributes only and never a script or style), with hashes of
its template's inline code only; the 404 page, a template alone, in ``on_post_template``. The
whole guide (``/print_page/``), which mkdocs-print-site writes after the build, gets it in
``hooks/printing.py``, after its repair and before any PDF is printed from it.

Anything on a page that the policy blocks (an inline script or style that is not the
template's, an ``onclick``, a frame) is logged as a warning, so the strict build stops and
names the page: it would not work for readers anyway.

Under ``mkdocs serve`` the development server adds an inline live-reload script to every page
as it sends it; ``on_serve`` allows that one script by its hash, in the page being sent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from lxml import html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from mskb.pages import policy
from mskb.pages.markup import has_id

log = logging.getLogger("mkdocs.hooks.security")


@event_priority(-100)  # after the others: the hashes are of the page as it is written
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    name = page.meta.get("kb_source") or _docs_path(page, config)
    try:
        tree = html.document_fromstring(output)  # once, for the policy and hooks/markup.py
        scanned = policy.scan(tree)
        code = policy.page_code(output, page.content or "", scanned)
        protected = policy.with_csp(output, code, scanned=scanned)
    except policy.PolicyError as exc:
        raise PluginError(f"{name}: {exc}") from None
    # For hooks/markup.py, next: which ids the page has (the policy's <meta> adds none). It
    # takes it off the page, so no tree outlives its page's turn.
    page.kb_has_id = has_id(tree)
    if not page.meta.get("kb_members"):  # a bundle's articles are reported on their own pages
        for item in policy.blocked(output, code, scanned=scanned):
            log.warning("%s: %s will not work: the site's Content-Security-Policy stops "
                        "readers' browsers from running scripts, styles and frames written "
                        "in a page; remove it", name, item)
    return protected


def _docs_path(page: Page, config: MkDocsConfig) -> str:
    """``docs/about/index.md``: a page written by hand, as the project names it."""
    root = Path(config.config_file_path or ".").absolute().parent
    return Path(os.path.relpath(Path(config.docs_dir) / page.file.src_uri, root)).as_posix()


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output_content  # sitemap.xml
    try:
        return policy.with_csp(output_content)  # a template alone: all its code is its own
    except policy.PolicyError as exc:
        raise PluginError(f"404.html: {exc}") from None


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig,
             builder: Callable[..., None]) -> LiveReloadServer:
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:  # MkDocs changed: pages still work, they just do not reload
        log.warning("mkdocs serve: live reload is blocked by the pages' "
                    "Content-Security-Policy (MkDocs no longer injects it as expected)")
        return server

    def inject_allowed(content: bytes, epoch: int) -> bytes:
        served: bytes = inject(content, epoch)
        try:
            before, after = content.decode("utf-8"), served.decode("utf-8")
        except UnicodeDecodeError:
            return served
        added = policy.inline_code(after).scripts - policy.inline_code(before).scripts
        return policy.allow_scripts(after, added).encode("utf-8")

    server._inject_js_into_html = inject_allowed  # type: ignore[method-assign]
    return server
