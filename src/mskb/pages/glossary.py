"""Explain the first use of each glossary word in an article, on the spot.

A Python-Markdown extension whose treeprocessor walks the rendered element tree (the ``abbr``
extension is the model), so links, code, headings, admonition titles and raw HTML are never
touched: regular expressions over the Markdown source broke reference links, wrote Markdown
inside HTML blocks and rewrote indented code.

The article template marks where the article's own text starts and ends, and where the list of
words goes, with empty ``<div data-kb-glossary="start|end|words" markdown>`` elements; pages
without them (indexes, the glossary itself) are left alone, and the markers never reach the
page. Definitions are inserted as text, never parsed as Markdown. Work is linear in the length
of the page: one combined pattern, one pass over the text between the markers.

What the page holds, in the tags and attributes the site's HTML policy keeps in an article
(:mod:`mskb.content.htmlpolicy`; its sanitiser removes buttons and ``popover``):

- the first use of a word is a link, ``<a class="kb-term" id="word-x-ref" href="#word-x">``;
- the end of the page lists the words used (``Words used on this page``): a definition list
  whose entries are ``<div class="kb-words__entry" id="word-x">``, each with the definition,
  the link to the word's full page if it has one the page does not link to already, and, for
  the screen only
  (``kb-words__more``), a link to the word in the glossary and a "Close" link back to the word.

On screen (docs/stylesheets/glossary.css) the list is hidden and an entry shows, as a panel
over the page, while it is the address's target: following the word's link opens it, "Close"
or the Back button closes it. No JavaScript is needed. With JavaScript, docs/javascripts/
glossary.js turns each word into a button that opens a popover copy of its entry beside it
(no history entries, Escape and a tap outside close it). On paper the list is printed whole and
no panel is; its heading is not in the page's contents (:class:`WordsHeading`).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mskb.content.schema import GlossaryEntry
from mskb.pages.build import GLOSSARY_URI

MARKER = "data-kb-glossary"
WORDS_HEADING = "Words used on this page"
WORDS_ID = "words-used-on-this-page"
WORDS_CLASS = "kb-words__title"
MORE_TEXT = "More in the glossary"
CLOSE_TEXT = "Close"
# Tables too: a link in a cell is a small target on a phone, and tables are dense already.
_SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "script", "style", "summary", "abbr",
                        "h1", "h2", "h3", "h4", "h5", "h6", "table"})
_SKIP_CLASSES = frozenset({"admonition-title"})


def word_id(entry: GlossaryEntry) -> str:
    """The id of the word's entry in the list at the end of the page."""
    return f"word-{entry.anchor}"


def ref_id(entry: GlossaryEntry) -> str:
    """The id of the word's first use in the text, where "Close" goes back to."""
    return f"{word_id(entry)}-ref"


# The markers may also be paragraphs of text, ``kb-glossary-<nonce> <kind> <values>``, written by
# mskb.pages.render.Renderer (its ``glossary_marker``) with the page's nonce (a digest of the
# page, so an article cannot write one; mskb.pages.render.nonce_of): Python-Markdown reads a
# paragraph in a fraction of the time it takes over an HTML block with ``markdown`` in it
# (issue 15). The first ``start`` marker gives the page's nonce, which the others must have.
# ``start`` has the page's ``src_uri``; ``words`` the pages the page links to outside its
# Markdown (mskb.pages.render.Frames).
_MARKER_VALUES = {"start": "data-kb-page", "words": "data-kb-linked"}
_MARKER_PARAGRAPH = re.compile(r"kb-glossary-([0-9a-f]{16}) (start|end|words)(?: (.*))?\Z",
                               re.DOTALL)


Forms = tuple[dict[str, GlossaryEntry], "re.Pattern[str] | None"]
"""Each form of each word (lower case) with its entry, and the pattern that finds them."""


def forms_of(entries: list[GlossaryEntry]) -> Forms:
    """The forms of the words and one pattern for all of them, made once per build (MkDocs
    makes a Markdown, so a :class:`GlossaryLinks`, for every page)."""
    by_form: dict[str, GlossaryEntry] = {}
    for entry in entries:
        for form in (entry.term, *entry.aliases):
            by_form.setdefault(form.lower(), entry)
    if not by_form:
        return by_form, None
    pattern = re.compile(r"(?<![\w-])(" + _trie(by_form) + r")(?![\w-])", re.IGNORECASE)
    return by_form, pattern


def _trie(forms: Iterable[str]) -> str:
    """One regular expression for ``forms`` that shares their common beginnings
    (``spasm(?:s)?``): it finds what the plain alternation of the forms, longest first, finds
    ("flexor spasm" before "spasm"; a longer form followed by a letter gives way to a shorter
    one), in less than half the time, since Python's engine tries the alternatives of a plain
    alternation one by one at every word (issue 15)."""
    root: dict[str, dict] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longer form first, the form that ends here if the longer one fails.
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


class GlossaryLinks(Treeprocessor):
    def __init__(self, md: Markdown, entries: list[GlossaryEntry], forms: Forms | None = None):
        super().__init__(md)
        self.by_form, self.pattern = forms if forms is not None else forms_of(entries)

    def run(self, root: etree.Element) -> None:
        markers = {}
        nonce: list[str] = []  # the page's, from its first start marker
        for child in root:
            kind = child.get(MARKER) or _paragraph_marker(child, nonce)
            if kind:
                markers[kind] = child
        if "start" not in markers:
            return
        start, end, words = markers["start"], markers.get("end"), markers.get("words")
        page_uri = start.get("data-kb-page", "")
        used: dict[str, GlossaryEntry] = {}
        children = list(root)
        first = children.index(start) + 1
        last = children.index(end) if end is not None else len(children)
        if self.pattern is not None:
            for child in children[first:last]:
                self._link_within(child, used, page_uri)
        for element in (start, end):
            if element is not None:
                root.remove(element)
        if words is not None:
            index = list(root).index(words)
            root.remove(words)
            # The pages linked from the page's frames too (mskb.pages.render.Frames: HTML
            # put in after Python-Markdown, so not in this tree), which the marker names.
            linked = _linked_pages(root, page_uri) | set(words.get("data-kb-linked", "").split())
            for offset, element in enumerate(_words_list(used.values(), page_uri, linked)):
                root.insert(index + offset, element)

    def _link_within(self, element: etree.Element, used: dict[str, GlossaryEntry],
                     page_uri: str) -> None:
        if element.tag in _SKIP_TAGS or _SKIP_CLASSES & set(element.get("class", "").split()):
            return
        children = list(element)
        new_children = self._link_text(element.text, used, page_uri)
        if new_children is not None:
            element.text, links = new_children
            for offset, link in enumerate(links):
                element.insert(offset, link)
        for child in children:
            self._link_within(child, used, page_uri)
            linked = self._link_text(child.tail, used, page_uri)
            if linked is not None:
                child.tail, links = linked
                position = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(position + offset, link)

    def _link_text(self, text: str | None, used: dict[str, GlossaryEntry],
                   page_uri: str) -> tuple[str, list[etree.Element]] | None:
        """``text`` split into the text before the first link and the links (each carrying the
        text after it as its tail), or None when nothing in it is linked."""
        if not text or isinstance(text, AtomicString) or self.pattern is None:
            return None
        head, position = None, 0
        links: list[etree.Element] = []
        for match in self.pattern.finditer(text):
            entry = self.by_form[match.group(0).lower()]
            if entry.term in used or entry.page == page_uri:
                continue
            used[entry.term] = entry
            # No title: a hover tooltip cannot be reached by touch or keyboard.
            link = etree.Element("a", {"class": "kb-term", "id": ref_id(entry),
                                       "href": f"#{word_id(entry)}"})
            link.text = AtomicString(match.group(0))
            if links:
                links[-1].tail = text[position:match.start()]
            else:
                head = text[:match.start()]
            links.append(link)
            position = match.end()
        if not links:
            return None
        links[-1].tail = text[position:]
        return head or "", links


def _paragraph_marker(element: etree.Element, nonce: list[str]) -> str | None:
    """The kind of a marker paragraph with the page's nonce, made into the element it stands
    for (``nonce`` holds the page's once its start marker is found)."""
    if element.tag != "p" or not element.text or len(element):
        return None
    found = _MARKER_PARAGRAPH.match(element.text)
    if found is None:
        return None
    page_nonce, kind, values = found.groups()
    if not nonce and kind == "start":
        nonce.append(page_nonce)
    if nonce != [page_nonce]:
        return None
    element.attrib.clear()
    element.text = None
    element.set(MARKER, kind)
    if kind in _MARKER_VALUES:
        element.set(_MARKER_VALUES[kind], values or "")
    return kind


def _linked_pages(root: etree.Element, page_uri: str) -> set[str]:
    """The pages (``types/spasms.md``) the page links to already: relative ``.md`` links, as
    written in Markdown and generated by the templates."""
    here = posixpath.dirname(page_uri)
    pages = set()
    for link in root.iter("a"):
        href = link.get("href", "")
        path = href.split("#", 1)[0]
        if path.endswith(".md") and ":" not in path and not path.startswith("/"):
            pages.add(posixpath.normpath(posixpath.join(here, path)))
    return pages


def _words_list(entries: Iterable[GlossaryEntry], page_uri: str,
                linked: set[str]) -> Iterator[etree.Element]:
    """The heading and definition list of the words linked on the page, in order of use.

    A word's entry links to its full page unless the page links there already (``linked``,
    which grows as the entries are made): a reader's list of the page's links names each page
    once."""
    entries = list(entries)
    if not entries:
        return
    # A paragraph until the page's contents are made; then a heading (WordsHeading).
    heading = etree.Element("p", {"id": WORDS_ID, "class": WORDS_CLASS})
    heading.text = WORDS_HEADING
    yield heading
    here = posixpath.dirname(page_uri) or "."
    listing = etree.Element("dl", {"class": "kb-words"})
    to_glossary = posixpath.relpath(GLOSSARY_URI, here)
    for entry in entries:
        group = etree.SubElement(listing, "div", {"class": "kb-words__entry",
                                                  "id": word_id(entry)})
        term = etree.SubElement(group, "dt")
        term.text = AtomicString(entry.term)
        definition = etree.SubElement(group, "dd")
        definition.text = AtomicString(entry.definition + " ")
        if entry.page and entry.page not in linked:
            linked.add(entry.page)
            # Relative .md links: MkDocs turns them into the pages' addresses and checks them.
            more = etree.SubElement(definition, "a", {"href": posixpath.relpath(entry.page, here)})
            more.text = AtomicString(f"Read the full page on {entry.term}")
            more.tail = ". "
        screen = etree.SubElement(definition, "span", {"class": "kb-words__more"})
        glossary = f"{to_glossary}#{entry.anchor}"
        more_link = etree.SubElement(screen, "a", {"href": glossary})
        more_link.text, more_link.tail = AtomicString(MORE_TEXT), " "
        close = etree.SubElement(screen, "a", {"class": "kb-words__close",
                                               "href": f"#{ref_id(entry)}"})
        close.text = AtomicString(CLOSE_TEXT)
    yield listing


class WordsHeading(Treeprocessor):
    """Makes the title of the list of words a heading once "toc" (5) has made the page's
    contents: the list is on paper only, so its heading is not in the contents on screen."""

    def run(self, root: etree.Element) -> None:
        for element in root:
            if element.tag == "p" and element.get("class") == WORDS_CLASS:
                element.tag = "h2"


class GlossaryExtension(Extension):
    """Register with ``markdown.Markdown(extensions=[GlossaryExtension(entries)])``."""

    def __init__(self, entries: list[GlossaryEntry], **kwargs):
        self.entries = entries
        self.forms = forms_of(entries)  # once per build, not per page
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After "inline" (20), so emphasis and links already exist as elements; before "toc"
        # and MkDocs' anchor check (5), so the ids added are known to it.
        md.treeprocessors.register(GlossaryLinks(md, self.entries, self.forms), "kb_glossary", 15)
        md.treeprocessors.register(WordsHeading(md), "kb_glossary_heading", 4)

