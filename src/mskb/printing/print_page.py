"""The whole guide (mkdocs-print-site's ``/print_page/``), repaired after the plugin writes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html

from mskb.pages.markup import valid_markup
from mskb.pages.policy import Code, inline_code, template_code
from mskb.printing.bundles import unlink_missing_targets
from mskb.printing.document import (
    Entry,
    about_block,
    contents,
    gather_words,
    general_questions,
    last_reviewed,
    questions_sheet,
    remove_disclaimers,
    running_style,
)
from mskb.xpath import elements, strings

_LAZY_IMAGE = re.compile(r"(\<img.+)(loading=\"lazy\")")
"""What mkdocs-print-site removes from the page it has rendered (plugin.py, on_post_build)."""
_NUMBERING_STYLE = re.compile(r"<style>([^<]*)</style>\Z")


@dataclass(frozen=True)
class Guide:
    """What the whole guide needs to know about the site to stand on its own on paper."""

    title: str  # its running title: "MS Spasticity Knowledge Base: the whole guide"
    address: str  # the site's web address
    made_on: str  # the build date, written out
    pages: dict[str, str] = field(default_factory=dict)  # a page's key -> its web address


def repair_print_page(document: str, guide: Guide | None = None) -> tuple[str, Code]:
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

    With ``guide``, the document is also finished for paper (:func:`_finish`). Returns the page
    and the inline code this function added (its running-header style), for its policy.
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
    added = Code()
    if guide is not None:
        added = _finish(tree, guide)
        outermost = [s for s in tree.find_class("print-page") if _print_section_of(s) is None]
        outermost += [*tree.find_class("kb-doc-words"), *tree.find_class("kb-questions")]
        _address_pages_left_out(tree, guide.pages)
    unlink_missing_targets(outermost)  # nested sections are inside these: visit each once
    for element in elements(tree, "//*[@heading-number]"):
        element.set("data-heading-number", element.attrib.pop("heading-number"))
    head = tree.find("head")
    if head is not None:
        for style in elements(tree, "//body//style[not(ancestor::svg)]"):  # not an SVG's own
            _move(style, head)
    return valid_markup("<!doctype html>\n" + html.tostring(tree, encoding="unicode")), added


def _finish(tree: html.HtmlElement, guide: Guide) -> Code:
    """The whole guide as a document: contents with page numbers and "About this document"
    after the cover, one disclaimer (the cover's), one list of the words used and a questions
    sheet at the end, and a running header naming the guide and each article's review date.
    mkdocs-print-site's own contents list (built in the browser, titles only) is not used.
    """
    page = tree.get_element_by_id("print-site-page", None)
    cover = tree.get_element_by_id("print-site-cover-page", None)
    if page is None or cover is None:
        return Code()
    articles = [s for s in page.iter("section") if _is_print_section(s) and s.get("id")
                and "md-section" not in (s.get("class") or "").split()]
    remove_disclaimers(articles)
    words = gather_words((s, f"{s.get('id')}-") for s in articles)
    sheet = questions_sheet(
        "Tick the questions you want to ask at your next appointment, and write down your own "
        "and the answers you get.", [("", general_questions())])
    entries = [Entry(s.get("id") or "", _title(s), group=_group(s)) for s in articles]
    ends = [words, sheet] if words is not None else [sheet]
    entries += [Entry(end.get("id") or "", end.findtext("h1") or "", group="At the end")
                for end in ends]
    about = about_block(guide.title, guide.address, guide.made_on,
                        "It holds every article on the types of spasticity, its treatments and "
                        "living with it. Personal accounts are listed by treatment, not printed "
                        "in full: each topic's own printable document holds them.")
    cover.addnext(html.fragment_fromstring(contents(entries, "kb-guide-contents-title")))
    cover.getnext().addnext(about)
    for end in ends:
        page.append(end)
    style = html.Element("style")
    style.text = running_style(guide.title, [(_with_section_title(s), last_reviewed(s))
                                             for s in articles if last_reviewed(s)], cover=True)
    head = tree.find("head")
    if head is not None:
        head.append(style)
    return inline_code(html.tostring(style, encoding="unicode"))


def _with_section_title(article: html.HtmlElement) -> str:
    """The article's id and, if it opens a section of the guide, the id of that section's title,
    which prints on the same named page (a change of page name would start a new sheet and
    leave the title alone on one)."""
    parent = _print_section_of(article)
    heading = parent.find("h1") if parent is not None else None
    if parent is None or heading is None or heading.getnext() is not article:
        return article.get("id") or ""
    if not heading.get("id"):
        heading.set("id", f"{parent.get('id')}-title")
    return f"{article.get('id')} {heading.get('id')}"


def _title(section: html.HtmlElement) -> str:
    heading = section.find("h1")
    return " ".join(heading.text_content().split()) if heading is not None else ""


def _group(section: html.HtmlElement) -> str:
    parent = _print_section_of(section)
    return _title(parent) if parent is not None else ""


def _address_pages_left_out(tree: html.HtmlElement, pages: dict[str, str]) -> None:
    """A link to a page the guide leaves out (a personal account, a contributor page) prints
    the page's web address instead of leading nowhere (mkdocs-print-site turned it into
    ``#<page key>`` or ``#<page key>-<anchor>``)."""
    ids = set(strings(tree, "//@id"))
    for link in elements(tree, "//a[starts-with(@href, '#')]"):
        target = (link.get("href") or "")[1:]
        if not target or target in ids:
            continue
        key = max((k for k in pages if target == k or target.startswith(f"{k}-")),
                  key=len, default=None)
        if key is not None:
            link.set("href", pages[key])
            link.set("class", f"{link.get('class', '')} kb-site-link".strip())


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

