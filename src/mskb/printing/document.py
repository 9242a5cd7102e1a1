"""What makes a printed document stand on its own, shared by the topic bundles and the whole guide.

A printout is read away from the screen, often one loose sheet at a time, so each document has:

- a contents list whose entries end in their page number (:func:`contents`): the HTML leaves an
  empty ``data-kb-page-of`` span that the PDF printer (:mod:`mskb.printing.pdf`) fills in once
  it knows where each part landed; the browser's own Print command shows the titles only;
- a running header on every sheet but the cover (:func:`running_style`): the document's title
  and, on the sheets of an article, the date that article was last reviewed, from CSS named
  pages (one ``@page`` rule per article), which Chromium prints in the page margins;
- its disclaimer, its glossary of the words used and its "about this document" block once, not
  once per article (:func:`remove_disclaimers`, :func:`gather_words`);
- a questions sheet that starts with the questions the articles themselves suggest asking
  (:func:`take_questions`, :func:`questions_sheet`).

Plain lxml over rendered HTML: nothing here knows MkDocs or the printer.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree, html

QUESTIONS_HEADING = "Questions to ask your clinician"
"""The heading of a treatment article's own questions (required by the rule treatment-sections)."""
QUESTIONS_TITLE = "Questions for my clinician"
QUESTIONS_ID = "kb-questions"
WORDS_ID = "kb-doc-words"
WORDS_TITLE = "Words used in this document"
ABOUT_ID = "kb-about-document"
PAGE_OF = "data-kb-page-of"
"""The attribute of a contents entry's page-number span: the id of the part it points to."""
REVIEWED_LABEL = "Last reviewed:"
"""The label of the review date in an article's review box (``_page_footer.md.j2``)."""
RULED_LINES = 14
GENERAL_QUESTIONS = (
    "Is what I feel spasticity, or could something else be causing it?",
    "What could be making my spasticity worse at the moment (an infection, pain, constipation, "
    "a pressure sore)?",
    "Which treatment would you suggest trying first, and what should I expect from it?",
    "How will we know whether a treatment is working, and when should we review it?",
    "Which side effects should I watch for, and whom do I tell?",
    "Could a physiotherapist or occupational therapist help, and how do I get a referral?",
    "What stretches or positions should I do each day, and how often?",
    "Who should I contact if my spasticity suddenly gets worse?",
)
"""The whole guide's questions sheet: general questions about spasticity care (its topics
come from NICE NG220's advice on reviewing spasticity; see guides/preparing-for-an-appointment)."""


@dataclass(frozen=True)
class Entry:
    """One line of a contents list: the part's id, its title and a note in brackets."""

    target: str
    title: str
    note: str = ""
    group: str = ""  # the heading it is listed under ("Treatments"), if the list is grouped


def contents(entries: Sequence[Entry], heading_id: str = "kb-contents-title") -> str:
    """The HTML of a contents list; each entry is a link, ending in an empty page-number span.

    Entries with a ``group`` are listed under that group's name, in the order first met.
    """
    nav = etree.Element("nav", {"class": "kb-doc-contents", "aria-labelledby": heading_id})
    heading = etree.SubElement(nav, "h2", {"id": heading_id})
    heading.text = "Contents"
    top = etree.SubElement(nav, "ol", {"class": "kb-toc"})
    groups: dict[str, etree._Element] = {}
    for entry in entries:
        parent = top
        if entry.group:
            if entry.group not in groups:
                item = etree.SubElement(top, "li", {"class": "kb-toc__group"})
                name = etree.SubElement(item, "span", {"class": "kb-toc__group-name"})
                name.text = entry.group
                groups[entry.group] = etree.SubElement(item, "ol")
            parent = groups[entry.group]
        item = etree.SubElement(parent, "li")
        link = etree.SubElement(item, "a", {"class": "kb-toc__entry", "href": f"#{entry.target}"})
        # The note is inside the title, so a long title wraps with its note and the page
        # number ends the entry's last line.
        title = etree.SubElement(link, "span", {"class": "kb-toc__title"})
        title.text = entry.title
        if entry.note:
            title.text += " "
            note = etree.SubElement(title, "span", {"class": "kb-toc__note"})
            note.text = f"({entry.note})"
        etree.SubElement(link, "span", {"class": "kb-toc__page", PAGE_OF: entry.target})
    return html.tostring(nav, encoding="unicode")


def css_string(text: str) -> str:
    """``text`` as a CSS string, safe inside a ``<style>`` element whatever an article's title
    holds: backslashes, quotes and line breaks escaped, and ``<`` too, so no ``</style>``."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
               .replace("<", "\\3c ").replace(">", "\\3e "))
    return f'"{escaped}"'


def running_style(
    title: str, parts: Iterable[tuple[str, str]] = (), *, reviewed: str = "", cover: bool = False
) -> str:
    """The CSS of a document's running header, for a ``<style>`` in its head.

    Every sheet carries ``title`` (top left) and, from print.css, "Page n of N" (bottom right).
    ``parts`` are ``(element ids, last reviewed)`` pairs: those elements (an article, and any
    heading that must share its first sheet, separated by spaces) are printed on named pages
    whose top right says "Last reviewed <date>"; ``reviewed`` puts that date on every
    sheet (a single article's printout). With ``cover``, the first sheet carries neither.
    Named pages also start each part on a new sheet, as a document's articles do anyway.
    """
    rules = [f"@page{{@top-left{{content:{css_string(title)}}}}}"]
    if reviewed:
        rules.append(f"@page{{@top-right{{content:{css_string('Last reviewed ' + reviewed)}}}}}")
    if cover:
        rules.append("@page:first{@top-left{content:none}@top-right{content:none}"
                     "@bottom-right{content:none}}")
    for number, (element_ids, date) in enumerate(parts, start=1):
        name = f"kb-part-{number}"
        selector = ",".join(f"#{_css_identifier(i)}" for i in element_ids.split())
        rules.append(f"@page {name}{{@top-right{{content:{css_string('Last reviewed ' + date)}}}}}"
                     f"{selector}{{page:{name}}}")
    return "@media print{" + "".join(rules) + "}"


def _css_identifier(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"\\{ord(m.group(0)):x} ", value)


def last_reviewed(part: html.HtmlElement) -> str:
    """The review date an article's review box gives (empty for pages without one).

    The box is the template's, at the end of the article: the last one, so a box an article's
    own text imitates earlier on is not read. The site's HTML policy keeps no data attributes
    in an article, so the date is read from the box's words.
    """
    boxes = part.find_class("kb-review-history")
    if not boxes:
        return ""
    for label in boxes[-1].iter("strong"):
        if label.text_content().strip() == REVIEWED_LABEL:
            return " ".join((label.tail or "").split())
    return ""


def remove_disclaimers(parts: Iterable[html.HtmlElement]) -> int:
    """Remove each article's own disclaimer: the document has one. Returns how many went."""
    removed = 0
    for part in parts:
        for box in part.find_class("kb-disclaimer"):
            box.drop_tree()
            removed += 1
    return removed


def gather_words(parts: Iterable[tuple[html.HtmlElement, str]]) -> html.HtmlElement | None:
    """One list of the words used in the whole document, for its end, A to Z.

    ``parts`` are the articles with the prefix their ids were given in the document (an entry
    ``word-spasm`` of the part keyed ``treatments-baclofen`` is ``treatments-baclofen--word-spasm``
    in a bundle). Each article's "Words used on this page" list is removed, its words' links
    lead to the entry in the document's list instead, and each word is explained once. The
    screen-only links of an entry (back to the word, to the glossary page) are left out.
    """
    entries: dict[str, html.HtmlElement] = {}
    for part, prefix in parts:
        renamed: dict[str, str] = {}
        for entry in part.find_class("kb-words__entry"):
            word = (entry.get("id") or "").removeprefix(prefix)
            new_id = f"{WORDS_ID}--{word}"
            renamed[entry.get("id") or ""] = new_id
            if new_id not in entries:
                kept = copy.deepcopy(entry)
                kept.set("id", new_id)
                for screen_only in kept.find_class("kb-words__more"):
                    screen_only.drop_tree()
                entries[new_id] = kept
        for element in [*part.find_class("kb-words__title"), *part.find_class("kb-words")]:
            if element.tag != "section":
                element.drop_tree()
        for link in part.find_class("kb-term"):
            target = (link.get("href") or "").lstrip("#")
            if target in renamed:
                link.set("href", f"#{renamed[target]}")
    if not entries:
        return None
    section = html.Element("section", {"class": "kb-doc-words", "id": WORDS_ID,
                                       "aria-labelledby": f"{WORDS_ID}-title"})
    heading = etree.SubElement(section, "h1", {"id": f"{WORDS_ID}-title"})
    heading.text = WORDS_TITLE
    words = etree.SubElement(section, "dl", {"class": "kb-words kb-words--document"})
    for entry in sorted(entries.values(), key=lambda e: e.findtext("dt", "").lower()):
        words.append(entry)
    return section


def take_questions(part: html.HtmlElement) -> list[html.HtmlElement]:
    """Remove an article's "Questions to ask your clinician" section and return its questions.

    The questions move to the document's questions sheet, next to the lines to write on.
    """
    for heading in part.iter("h2"):
        if " ".join(heading.text_content().split()) != QUESTIONS_HEADING:
            continue
        following = heading.getnext()
        if following is None or following.tag not in ("ul", "ol"):
            return []
        questions = [copy.deepcopy(item) for item in following.iterchildren("li")]
        following.drop_tree()
        heading.drop_tree()
        return questions
    return []


def questions_sheet(
    lead: str, groups: Sequence[tuple[str, Sequence[html.HtmlElement]]]
) -> html.HtmlElement:
    """The document's last sheet: questions to tick, then ruled lines for the reader's own.

    ``groups`` are ``(heading, questions)``; an empty heading lists its questions without one.
    """
    section = html.Element("section", {"class": "kb-questions", "id": QUESTIONS_ID,
                                       "aria-labelledby": f"{QUESTIONS_ID}-title"})
    heading = etree.SubElement(section, "h1", {"id": f"{QUESTIONS_ID}-title"})
    heading.text = QUESTIONS_TITLE
    intro = etree.SubElement(section, "p")
    intro.text = lead
    for name, questions in groups:
        if not questions:
            continue
        if name:
            subheading = etree.SubElement(section, "h2")
            subheading.text = name
        listing = etree.SubElement(section, "ul", {"class": "kb-question-list"})
        for question in questions:
            item = copy.deepcopy(question)
            item.tail = None
            listing.append(item)
    own = etree.SubElement(section, "h2")
    own.text = "My own questions"
    lines = etree.SubElement(section, "div", {"class": "kb-lines", "aria-hidden": "true"})
    for _ in range(RULED_LINES):
        etree.SubElement(lines, "div", {"class": "kb-line"})
    return section


def general_questions() -> list[html.HtmlElement]:
    items = []
    for text in GENERAL_QUESTIONS:
        item = html.Element("li")
        item.text = text
        items.append(item)
    return items


def about_block(title: str, address: str, made_on: str, note: str) -> html.HtmlElement:
    """One "About this document" block, after the contents list."""
    section = html.Element("section", {"class": "kb-about-document", "id": ABOUT_ID,
                                       "aria-labelledby": f"{ABOUT_ID}-title"})
    heading = etree.SubElement(section, "h2", {"id": f"{ABOUT_ID}-title"})
    heading.text = "About this document"
    for text in (
        f"“{title}” was made on {made_on} from the web pages at {address}.",
        note,
        "Each article shows when it was last reviewed (at the top of its pages) and the sources "
        "it is based on. Articles are updated after review: for the latest version, visit the "
        "web address above.",
    ):
        paragraph = etree.SubElement(section, "p")
        paragraph.text = text
    return section
