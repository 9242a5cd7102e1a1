"""MkDocs hook: printable topic bundles and, when asked for, PDF files.

Wiring only: ``mskb.printing`` plans and joins the bundles, repairs the whole guide (its
in-page links, and its markup into valid HTML) and prints the PDFs. A bundle
page's Markdown (cover, contents, questions page) is generated with the other pages; here its
placeholder is replaced by its members' rendered HTML, which exists once MkDocs has rendered
every page and before any template is applied. Per-build data rides on the build's own ``nav``
object, so nothing survives a ``mkdocs serve`` rebuild.

The whole guide never passes through ``on_post_page``, so its Content-Security-Policy is added
here, after its repair and before any PDF is printed from it (``hooks/security.py`` does every
other page).

PDFs: off unless ``KB_PDF=1`` is set for ``mkdocs build`` (the deploy workflow sets it).
``scripts/serve`` and a plain build never write them: they take a minute.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs_print_site_plugin.urls import get_page_key

from mskb.pages.build import DISCLAIMER, GUIDE_PDF
from mskb.pages.policy import PolicyError, with_csp
from mskb.pages.render import long_date, today_for_build
from mskb.preview import is_partial_build
from mskb.printing.bundles import ARTICLES_PLACEHOLDER, Member, Rendered, compose
from mskb.printing.document import running_style
from mskb.printing.pdf import PdfError, large_print, requested, write_pdfs
from mskb.printing.print_page import Guide, print_page_code, repair_print_page

log = logging.getLogger("mkdocs.hooks.printing")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Read by the theme overrides and the print page's cover (docs/overrides/).
    config.extra["kb_build_date"] = long_date(today_for_build())
    config.extra["kb_disclaimer"] = DISCLAIMER
    config.extra["kb_pdf"] = requested()
    config.extra["kb_guide_pdf"] = GUIDE_PDF
    config.extra["kb_guide_large_pdf"] = large_print(GUIDE_PDF)
    return config


@event_priority(-10)  # after mkdocs-print-site's own on_nav has taken the menu
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    nav.kb_files = files  # this build's files, for on_page_context to find bundle members
    # The whole guide prints only the articles content/data/whole_guide.yml lists: the plugin
    # is given the menu without the others (it renders what its `items` hold, in order).
    print_site = config.plugins.get("print-site")
    if print_site is not None and hasattr(print_site, "renderer"):
        print_site.renderer.items = guide_items(nav.items, config.extra["kb_left_out_of_guide"])
    # Where each page is on the web, by mkdocs-print-site's key for it, so the guide can print
    # the address of a page it leaves out.
    site_url = config.site_url or "/"
    config.extra["kb_page_addresses"] = {get_page_key(f.url): urljoin(site_url, f.url)
                                         for f in files.documentation_pages()}
    return nav


def guide_items(items: list, left_out: frozenset[str]) -> list:
    """The menu's items without the pages in ``left_out`` (``src_uri``), sections kept in order
    with what remains of them, and sections left empty dropped."""
    kept = []
    for item in items:
        if item.is_section:
            children = guide_items(item.children, left_out)
            if children:
                section = Section(item.title, children)
                section.parent = item.parent
                kept.append(section)
        elif not (item.is_page and item.file.src_uri in left_out):
            kept.append(item)
    return kept


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # Every printout's running header: its title, and an article's review date on each sheet.
    page.meta["kb_print_style"] = running_style(page.title or config.site_name,
                                                reviewed=page.meta.get("kb_last_reviewed", ""))
    members = page.meta.get("kb_members")
    if not members:
        return context
    if ARTICLES_PLACEHOLDER not in page.content:
        raise PluginError(f"{page.file.src_uri}: bundle page has no place for its articles")
    members = [Member(**member) for member in members]
    rendered = {}
    for member in members:
        file = nav.kb_files.get_file_from_path(member.src_uri)
        if file is None or file.page is None or file.page.content is None:
            raise PluginError(f"{page.file.src_uri}: bundle member {member.src_uri} was not built")
        rendered[member.src_uri] = Rendered(file.page.url, file.page.content)
    composed = compose(members, page.url, rendered, config.site_url or "",
                       page.meta["kb_bundle"]["name"])
    page.content = page.content.replace(ARTICLES_PLACEHOLDER, composed.html)
    page.meta["kb_print_style"] = running_style(page.title, composed.parts, cover=True)
    return context


@event_priority(-120)  # after hooks/security.py and hooks/markup.py have read the page
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    # A bundle's HTML holds its members in full and is needed by nothing once written (the
    # whole guide does not print bundles): kept to the end, the bundles were a fifth of a
    # 5,000-article build's memory (issue 15).
    if page.meta.get("kb_members"):
        page.content = None
    return output


@event_priority(-50)  # after mkdocs-print-site has written /print_page/
def on_post_build(config: MkDocsConfig) -> None:
    if is_partial_build(config.extra):
        # A preview rebuild of a few pages (hooks/content.py): mkdocs-print-site is off, and the
        # whole guide (already mended) and any PDFs stay as the last complete build wrote them.
        return
    print_page = Path(config.site_dir) / "print_page" / "index.html"
    if print_page.is_file():
        written = print_page.read_text(encoding="utf-8")
        # The page never passes through on_post_page, so its Content-Security-Policy
        # (hooks/security.py adds every other page's) is added here, after the repair: the
        # plugin's own code (its <style> in the body, which the repair moves to the head with
        # its text unchanged, and its script in the head) is trusted, the articles' is not, and
        # the PDFs below are printed under the same policy.
        guide = Guide(title=f"{config.site_name}: the whole guide",
                      address=config.site_url or "/", made_on=config.extra["kb_build_date"],
                      pages=config.extra["kb_page_addresses"])
        try:
            code = print_page_code(written, _print_site_content(config))
            repaired, added = repair_print_page(written, guide)
            print_page.write_text(with_csp(repaired, code | added), encoding="utf-8")
        except PolicyError as exc:
            raise PluginError(f"/print_page/: {exc}") from None
    if not config.extra.get("kb_pdf"):
        return
    notes: list[str] = []
    try:  # the whole guide and every bundle, as hooks/content.py found them for this build
        written = write_pdfs(Path(config.site_dir), config.extra["kb_documents"], notes)
    except PdfError as exc:
        raise PluginError(f"PDFs: {exc}") from None
    for note in notes:
        log.info("PDF: %s", note)
    log.info("Wrote %d PDF files (the whole guide and one per topic bundle, each in standard "
             "and large print)", len(written))


def _print_site_content(config: MkDocsConfig) -> str:
    """The body mkdocs-print-site rendered into the theme's template for /print_page/."""
    plugin = config.plugins.get("print-site")
    page = getattr(plugin, "print_page", None)
    content = getattr(page, "content", None)
    if not isinstance(content, str):
        raise PluginError("/print_page/: mkdocs-print-site's page content was not found, so its "
                          "Content-Security-Policy cannot be computed")
    return content
