"""The whole guide (mkdocs-print-site's ``/print_page/``), repaired after the plugin writes it."""

from __future__ import annotations

import re

from lxml import html

from mskb.pages.markup import valid_markup
from mskb.pages.policy import Code, inline_code, template_code
from mskb.printing.bundles import unlink_missing_targets
from mskb.xpath import elements

_LAZY_IMAGE = re.compile(r"(\<img.+)(loading=\"lazy\")")
"""What mkdocs-print-site removes from the page it has rendered (plugin.py, on_post_build)."""
_NUMBERING_STYLE = re.compile(r"<style>([^<]*)</style>\Z")


def repair_print_page(document: str) -> str:
    """Make the whole-guide page's in-page links work (mkdocs-print-site's /print_page/).

    The plugin gives each page a section keyed by its address and rewrites links to
    ``#<key>-<anchor>``, but prefixes the ids of headings only; the "Words used on this page"
    entries and other ids kept their page's own name, so their links led nowhere and the same
    id appeared once per article. Those ids get their section's key too, and links to pages
    left out of the guide (the contributor pages) become plain text, as in the bundles.

    The page is also made valid HTML: the plugin's ``heading-number`` attribute on each section
    (an attribute HTML does not have, read by nothing) becomes ``data-heading-number``, its
    heading-numbering ``<style>`` at the end of the body moves to the end of the head (a
    ``<style>`` belongs in the head; its text, and so its hash in the page's
    Content-Security-Policy, is unchanged), and the theme's markup is mended as on every other
    page (:func:`mskb.pages.markup.valid_markup`).
    """
    tree: html.HtmlElement = html.document_fromstring(document)  # the stubs say _Element
    renamed: dict[str, dict[str, str]] = {}  # section's key -> old id -> new id
    for element in elements(tree, "//*[@id]"):
        if _is_print_section(element):
            continue  # a section's own id is its page's key
        section = _print_section_of(element)
        key, value = (section.get("id") if section is not None else None), element.get("id")
        if key and not value.startswith(f"{key}-"):
            element.set("id", f"{key}-{value}")
            renamed.setdefault(key, {})[value] = f"{key}-{value}"
    for element in elements(tree, "//*[@for or @aria-labelledby or @aria-describedby]"):
        section = _print_section_of(element)
        names = renamed.get(section.get("id"), {}) if section is not None else {}
        for attribute in ("for", "aria-labelledby", "aria-describedby"):
            value = element.get(attribute)
            if value and names:
                element.set(attribute, " ".join(names.get(n, n) for n in value.split()))
    outermost = [s for s in tree.find_class("print-page") if _print_section_of(s) is None]
    unlink_missing_targets(outermost)  # nested sections are inside these: visit each once
    for element in elements(tree, "//*[@heading-number]"):
        element.set("data-heading-number", element.attrib.pop("heading-number"))
    head = tree.find("head")
    if head is not None:
        for style in elements(tree, "//body//style[not(ancestor::svg)]"):  # not an SVG's own
            _move(style, head)
    return valid_markup("<!doctype html>\n" + html.tostring(tree, encoding="unicode"))


def _move(element: html.HtmlElement, parent: html.HtmlElement) -> None:
    """Move ``element`` to the end of ``parent``, leaving the text after it where it was."""
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            old = element.getparent()
            old.text = (old.text or "") + element.tail
        element.tail = None
    parent.append(element)


def _print_section_of(element: html.HtmlElement) -> html.HtmlElement | None:
    return next((a for a in element.iterancestors("section") if _is_print_section(a)), None)


def _is_print_section(element: html.HtmlElement) -> bool:
    return "print-page" in (element.get("class") or "").split()


def print_page_code(document: str, content: str) -> Code:
    """The inline code of the whole guide that is the theme's and mkdocs-print-site's own.

    ``document`` is the page as the plugin wrote it and ``content`` the body it rendered into
    the theme's template (its ``print_page.content``): every article, then the plugin's
    heading-numbering ``<style>``, made from page addresses. That style is the plugin's, so it
    is trusted with the template's code; the articles' code is not (see
    :func:`mskb.pages.policy.template_code`). The plugin strips ``loading="lazy"`` from the
    rendered page, so the same is done to ``content`` before it is looked for.
    """
    content = _LAZY_IMAGE.sub(r"\1", content)
    numbering = _NUMBERING_STYLE.search(content)
    if numbering is None:
        return template_code(document, content)
    own = inline_code(numbering.group(0))
    return template_code(document, content[:numbering.start()]) | own
