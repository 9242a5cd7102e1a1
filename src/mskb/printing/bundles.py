"""Topic bundles: one printable document per treatment and per spasticity type.

A bundle gathers the topic's own article in full, the related types (for a treatment) or
treatments (for a type) in brief (title, summary and other names, with the address of the full
article), and the experiences that mention it in full. Related articles are
shortened because a common type is related to nearly every treatment: in full, the stiffness
bundle ran to 119 pages of the 151 in the whole guide, which nobody would print for an
appointment. :func:`plan_bundles` decides what
goes in each bundle from the site index; :func:`compose` joins the members' rendered HTML into
one document, so it knows nothing about the engine that rendered them.

Work is bounded: each bundle holds its own topic, at most :data:`MAX_RELATED` related topics in
brief and the newest :data:`MAX_EXPERIENCES` experiences tagged with it, so a bundle does not
grow with the number of articles (contributed treatments grow the vocabulary too) and all
bundles together cost O(vocabulary).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from mskb.content.article import url_of
from mskb.content.kinds import KINDS, TOPIC_KINDS
from mskb.index import SiteIndex, Topic, treatment_order
from mskb.printing.document import (
    QUESTIONS_ID,
    QUESTIONS_TITLE,
    WORDS_ID,
    WORDS_TITLE,
    Entry,
    gather_words,
    last_reviewed,
    questions_sheet,
    remove_disclaimers,
    take_questions,
)

BUNDLE_FOLDER = "print"
PDF_PREFIX = "ms-spasticity-"
ARTICLES_PLACEHOLDER = '<div class="kb-bundle-articles" data-kb-bundle-articles></div>'
"""Where a bundle page's Markdown leaves room for its members, joined in by :func:`compose`."""
FIRST_LINE = "first-line"
"""The NICE position whose treatments' questions a type's questions sheet gathers."""
MAX_EXPERIENCES = 10
"""A bundle prints the newest experiences only, so its length does not grow with the site."""
MAX_RELATED = 30
"""A bundle prints at most this many related topics in brief: for a type, the treatments in
NICE's order (everyday care and first-line medicines first); for a treatment, the types most
written about. Today's largest (stiffness) has 24; at 5,000 added articles it had 223."""


@dataclass(frozen=True)
class Member:
    """One page inside a bundle."""

    src_uri: str
    title: str
    role: str  # shown in the contents list: "Treatment", "Type of spasticity", "Experience"
    brief: bool = False  # only the title, summary and other names, with the full article's address
    illustrative: bool = False  # an experience written for the site, said so in the contents
    questions: bool = False  # its "Questions to ask your clinician" open the questions sheet

    @property
    def key(self) -> str:
        """Its anchor in the bundle: ``treatments/baclofen.md`` -> ``treatments-baclofen``."""
        return url_of(self.src_uri).strip("/").replace("/", "-")


@dataclass(frozen=True)
class Bundle:
    kind: str  # "treatment" or "spasticity-type"
    slug: str
    name: str
    members: tuple[Member, ...] = ()
    experiences_left_out: int = 0  # older experiences beyond MAX_EXPERIENCES
    related_left_out: int = 0  # related topics beyond MAX_RELATED

    @property
    def folder(self) -> str:
        return KINDS[self.kind].folder

    @property
    def src_uri(self) -> str:
        return f"{BUNDLE_FOLDER}/{self.folder}/{self.slug}.md"

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    @property
    def topic_uri(self) -> str:
        """The page of the topic itself (its article, or the generated page listing mentions)."""
        return KINDS[self.kind].topic_uri(self.slug)

    @property
    def pdf_uri(self) -> str:
        return f"{self.url}{PDF_PREFIX}{self.slug}.pdf"

    @property
    def title(self) -> str:
        return f"Everything about {self.name}"


def plan_bundles(index: SiteIndex) -> list[Bundle]:
    """A bundle for every treatment and every spasticity type in the vocabularies."""
    bundles = []
    for kind in TOPIC_KINDS:
        others = index.topics[kind.other or ""]
        for topic in index.topics[kind.name].values():
            chosen = sorted((others[slug] for slug in topic.related), key=_relevance)
            related = sorted(chosen[:MAX_RELATED], key=lambda t: t.name.lower())
            members = [
                _topic_member(topic, questions=kind.name == "treatment"),
                # A type's questions sheet gathers those of the treatments NICE puts first.
                *(_topic_member(other, brief=True, questions=_first_line(other))
                  for other in related),
                *(Member(a.src_uri, a.title, KINDS["experience"].role,
                         illustrative=a.meta.provenance == "illustrative")
                  for a in topic.experiences[:MAX_EXPERIENCES]),
            ]
            left_out = max(0, len(topic.experiences) - MAX_EXPERIENCES)
            bundles.append(Bundle(kind.name, topic.slug, topic.name, tuple(members), left_out,
                                  max(0, len(chosen) - MAX_RELATED)))
    return bundles


def _relevance(topic: Topic) -> tuple:
    """Which related topics a bundle prints first when there are more than
    :data:`MAX_RELATED`: treatments in NICE's order, types by how much is written about them."""
    if topic.kind.name == "treatment":
        return treatment_order(topic)
    return -topic.mentions, -len(topic.experiences), topic.name.lower()


def _topic_member(topic: Topic, brief: bool = False, questions: bool = False) -> Member:
    return Member(topic.src_uri, topic.name, topic.kind.role + (", in brief" if brief else ""),
                  brief, questions=questions and topic.article is not None)


def _first_line(topic: Topic) -> bool:
    facts = topic.key_facts
    return bool(facts) and facts.nice_position.value == FIRST_LINE


def contents_entries(bundle: Bundle) -> list[Entry]:
    """The bundle's contents list: its members, the words used and the questions sheet."""
    return [
        *(Entry(m.key, m.title, m.role + (", illustrative" if m.illustrative else ""))
          for m in bundle.members),
        Entry(WORDS_ID, WORDS_TITLE),
        Entry(QUESTIONS_ID, QUESTIONS_TITLE),
    ]


@dataclass(frozen=True)
class Rendered:
    """A member's page as the engine rendered it: its URL (``treatments/baclofen/``) and HTML."""

    url: str
    html: str


@dataclass(frozen=True)
class Composed:
    """A bundle's articles, words used and questions sheet, and its articles' review dates."""

    html: str
    parts: list[tuple[str, str]]  # (section id, last reviewed) of each article that has a date


def compose(
    members: list[Member], bundle_url: str, rendered: dict[str, Rendered], site_url: str,
    topic_name: str = "",
) -> Composed:
    """The HTML of a bundle's articles, one ``<section>`` each, ready to print.

    ``rendered`` maps each member's ``src_uri`` to its rendered page. Inside the bundle, ids are
    prefixed with the member's key so they stay unique; links to another member become links
    within the document; links to the rest of the site become full web addresses (they still
    work in a PDF); images keep working from the bundle's URL. A link whose target was left out
    of a brief member keeps its words and loses its link.

    Once per document (:mod:`mskb.printing.document`): the articles' own disclaimers are left
    out (the cover has it), their "Words used on this page" lists become one list at the end,
    and the questions of the members marked ``questions`` open the questions sheet, last.
    """
    by_url = {"/" + rendered[m.src_uri].url: m for m in members}
    sections = []
    questions: list[tuple[str, list[html.HtmlElement]]] = []
    for member in members:
        page = rendered[member.src_uri]
        section = html.fragment_fromstring(page.html, create_parent="section")
        if member.questions:
            questions.append(("" if not member.brief else f"About {member.title}",
                              take_questions(section)))
        if member.brief:
            _keep_lead(section)
        section.set("class", "kb-bundle-article kb-bundle-brief" if member.brief
                    else "kb-bundle-article")
        section.set("id", member.key)
        section.set("aria-label", member.title)
        _prefix_ids(section, member.key)
        _rewrite_links(section, page.url, bundle_url, by_url, site_url)
        address = urljoin(site_url, page.url) if site_url else "/" + page.url
        note = etree.SubElement(section, "p", {"class": "kb-bundle-address"})
        note.text = (f"This is a short version. The full article is at {address}" if member.brief
                     else f"Web address of this article: {address}")
        sections.append(section)
    remove_disclaimers(sections)
    words = gather_words((s, f"{m.key}--") for s, m in zip(sections, members, strict=True))
    if words is None:
        words = html.Element("section", {"class": "kb-doc-words", "id": WORDS_ID})
        etree.SubElement(words, "h1").text = WORDS_TITLE
        etree.SubElement(words, "p").text = "This document uses no words from the glossary."
    subject = f" about {topic_name}" if topic_name else ""
    sheet = questions_sheet(
        f"Tick the questions you want to ask{subject} at your next appointment, and write down "
        "your own and the answers you get.", questions)
    unlink_missing_targets([*sections, words, sheet])
    parts = [(s.get("id") or "", last_reviewed(s)) for s in sections]
    return Composed(
        "\n".join(html.tostring(element, encoding="unicode")
                  for element in [*sections, words, sheet]),
        [(key, date) for key, date in parts if date],
    )


def _keep_lead(section: html.HtmlElement) -> None:
    """Keep only the title, the summary ("In short") and the "Also called" line."""
    for child in list(section):
        classes = (child.get("class") or "").split()
        keep = (
            child.tag == "h1"
            or "kb-summary" in classes
            or "kb-in-short" in classes
            or (child.tag == "p" and (child.text_content() or "").startswith("Also called:"))
        )
        if not keep:
            section.remove(child)
    for reading_time in section.find_class("kb-reading-time"):
        reading_time.drop_tree()  # it is the full article's reading time


def _prefix_ids(section: html.HtmlElement, key: str) -> None:
    for element in section.iterdescendants():
        for attribute in ("id", "for"):
            value = element.get(attribute)
            if value:
                element.set(attribute, f"{key}--{value}")


def _rewrite_links(
    section: html.HtmlElement, page_url: str, bundle_url: str, members: dict[str, Member],
    site_url: str,
) -> None:
    own = "/" + page_url
    for element in section.iterdescendants("a", "img", "source"):
        attribute = "href" if element.tag == "a" else "src"
        value = element.get(attribute)
        if not value:
            continue
        # A link within the page (a glossary word's, most of them) needs no resolving.
        target = (own, value[1:]) if value.startswith("#") else _on_site(own, value)
        if target is None:
            continue  # an address elsewhere: already complete
        path, fragment = target
        if element.tag == "a" and path in members:
            key = members[path].key
            element.set(attribute, f"#{key}--{fragment}" if fragment else f"#{key}")
        elif element.tag == "a" and site_url:
            element.set(attribute, _absolute(site_url, path)
                        + (f"#{fragment}" if fragment else ""))
            # A page of this site: print.css does not write its address out on paper.
            element.set("class", f"{element.get('class', '')} kb-site-link".strip())
        else:
            relative = posixpath.relpath(path, "/" + bundle_url)
            if path.endswith("/"):
                relative += "/"
            element.set(attribute, relative + (f"#{fragment}" if fragment else ""))


@functools.lru_cache(maxsize=1 << 16)
def _on_site(own: str, value: str) -> tuple[str, str] | None:
    """The path and fragment, on this site, of the link ``value`` on the page at ``own``
    (``/guides/x/``); None for an address elsewhere. Remembered: a bundle's articles link to
    the same pages over and over, and every article is in several bundles (a pure function of
    its arguments, so nothing it remembers can go stale)."""
    if urlsplit(value).scheme or value.startswith("//"):
        return None
    target = urlsplit(urljoin(own, value))
    return target.path, target.fragment


@functools.lru_cache(maxsize=1 << 16)
def _absolute(site_url: str, path: str) -> str:
    """The full web address of a page of this site (remembered, as :func:`_on_site`)."""
    return urljoin(site_url, path.lstrip("/"))


def unlink_missing_targets(sections: list[html.HtmlElement]) -> None:
    ids = {s.get("id") for s in sections}
    ids |= {e.get("id") for s in sections for e in s.iterdescendants() if e.get("id")}
    for section in sections:
        for link in section.iterdescendants("a"):
            href = link.get("href", "")
            if href.startswith("#") and href[1:] not in ids:
                link.tag = "span"
                for attribute in ("href", "title"):
                    link.attrib.pop(attribute, None)
