"""Link the first use of each glossary word in an article to its explanation at the page's end.

A Python-Markdown extension whose treeprocessor walks the rendered element tree (the ``abbr``
extension is the model), so links, code, headings, admonition titles and raw HTML are never
touched: regular expressions over the Markdown source broke reference links, wrote Markdown
inside HTML blocks and rewrote indented code.

The article template marks where the article's own text starts and ends, and where the list of
words goes, with empty ``<div data-kb-glossary="start|end|words" markdown>`` elements; pages
without them (indexes, the glossary itself) are left alone, and the markers never reach the
page. Definitions are inserted as text, never parsed as Markdown. Work is linear in the length
of the page: one combined pattern, one pass over the text between the markers.
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

MARKER = "data-kb-glossary"
WORDS_HEADING = "Words used on this page"
WORDS_ID = "words-used-on-this-page"
# Tables too: a link in a cell is a small target on a phone, and tables are dense already.
_SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "script", "style", "summary", "abbr",
                        "h1", "h2", "h3", "h4", "h5", "h6", "table"})
_SKIP_CLASSES = frozenset({"admonition-title"})


def word_id(entry: GlossaryEntry) -> str:
    return f"word-{entry.anchor}"


class GlossaryLinks(Treeprocessor):
    def __init__(self, md: Markdown, entries: list[GlossaryEntry]):
        super().__init__(md)
        self.by_form: dict[str, GlossaryEntry] = {}
        for entry in entries:
            for form in (entry.term, *entry.aliases):
                self.by_form.setdefault(form.lower(), entry)
        forms = sorted(self.by_form, key=len, reverse=True)  # "flexor spasm" before "spasm"
        self.pattern = re.compile(
            r"(?<![\w-])(" + "|".join(map(re.escape, forms)) + r")(?![\w-])", re.IGNORECASE
        ) if forms else None

    def run(self, root: etree.Element) -> None:
        markers = {child.get(MARKER): child for child in root if child.get(MARKER)}
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
            for offset, element in enumerate(_words_list(used.values(), page_uri)):
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
            link = etree.Element("a", {"href": f"#{word_id(entry)}", "class": "kb-term",
                                       "title": entry.definition})
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


def _words_list(entries: Iterable[GlossaryEntry], page_uri: str) -> Iterator[etree.Element]:
    """The heading and definition list of the words linked on the page, in order of use."""
    entries = list(entries)
    if not entries:
        return
    heading = etree.Element("h2", {"id": WORDS_ID})
    heading.text = WORDS_HEADING
    yield heading
    listing = etree.Element("dl", {"class": "kb-words"})
    for entry in entries:
        term = etree.SubElement(listing, "dt", {"id": word_id(entry)})
        term.text = AtomicString(entry.term)
        definition = etree.SubElement(listing, "dd")
        definition.text = AtomicString(entry.definition + (" " if entry.page else ""))
        if entry.page:
            # A relative .md link: MkDocs turns it into the page's address, as in the Markdown.
            target = posixpath.relpath(entry.page, posixpath.dirname(page_uri) or ".")
            more = etree.SubElement(definition, "a", {"href": target})
            more.text = AtomicString(f"Read the full page on {entry.term}")
            more.tail = "."
    yield listing


class GlossaryExtension(Extension):
    """Register with ``markdown.Markdown(extensions=[GlossaryExtension(entries)])``."""

    def __init__(self, entries: list[GlossaryEntry], **kwargs):
        self.entries = entries
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After "inline" (20), so emphasis and links already exist as elements; before "toc"
        # (5), so the heading of the word list appears in the page's contents.
        md.treeprocessors.register(GlossaryLinks(md, self.entries), "kb_glossary", 15)
