"""Every page of the site as Markdown, computed from the content in one linear pass.

``build_site`` is the entry point the MkDocs hook uses: it returns the Markdown of every page
(articles, topic pages, bundles, indexes, the glossary), the order of each section and the
printable documents, and knows nothing about MkDocs.
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lxml import html
from markupsafe import Markup

from mskb.content import schema
from mskb.content.article import Article, Asset, url_of
from mskb.content.glossary import Glossary
from mskb.content.kinds import KINDS, TOPIC_KINDS
from mskb.content.loading import load_or_raise
from mskb.content.schema import (
    CATEGORIES,
    EVIDENCE,
    KEY_FACT_LABELS,
    NICE_POSITIONS,
    OUTCOME_SYMBOLS,
    OUTCOMES,
    REVIEWER_ROLES,
    FrontMatter,
)
from mskb.diagnostics import Diagnostic
from mskb.index import SiteIndex, Topic, build_index, treatment_order
from mskb.maintenance.history import changed_dates
from mskb.pages.related import UNFILED_URI, accounts_index, has_mentions_page, mentions_uri
from mskb.pages.render import Renderer, long_date, today_for_build
from mskb.printing.bundles import ARTICLES_PLACEHOLDER, Bundle, contents_entries, plan_bundles
from mskb.printing.document import about_block, contents
from mskb.printing.pdf import Document, large_print

GLOSSARY_URI = "glossary.md"
COMPARE_URI = f"{KINDS['treatment'].folder}/compare.md"
"""Compare treatments: the Key facts of every treatment in one table per category."""
GUIDE_URL = "print_page/"
"""The whole guide, written by mkdocs-print-site."""
GUIDE_PDF = f"{GUIDE_URL}ms-spasticity-knowledge-base.pdf"
DISCLAIMER = (
    "this is general information, not medical advice for you. Speak to your GP, MS "
    "nurse, neurologist or physiotherapist before starting, stopping or changing any treatment."
)
"""The disclaimer on every page, bundle and printout (after "Disclaimer:")."""
WORDS_PER_MINUTE = 200
"""A steady reading pace for plain English; readers with fatigue may take longer."""


@dataclass
class Page:
    """One page for the site: where it goes, its Markdown, and the file it came from."""

    src_uri: str
    markdown: str
    source: str | None = None  # content/... path of the article, None for generated pages


@dataclass
class Site:
    glossary: Glossary
    pages: list[Page] = field(default_factory=list)
    drafts: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)  # index src_uri -> page uris
    documents: list[Document] = field(default_factory=list)  # what to print to PDF
    articles: frozenset[str] = frozenset()  # src_uri of every published article
    whole_guide: frozenset[str] = frozenset()  # the articles the whole guide prints
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an article's Review history."""

    date: date
    reviewer: str
    changes: str  # "" when not known (the entry made from last_reviewed)
    clinician: bool


def review_history(meta: FrontMatter) -> list[HistoryEntry]:
    """The article's reviews, newest first; without `reviews`, one entry made from
    `last_reviewed` and `reviewed_by` (a clinician's only if `reviewed_by` is a clinician's
    role, such as Neurologist)."""
    if meta.reviews:
        return [HistoryEntry(r.date, r.reviewer, r.changes, r.clinician) for r in meta.reviews]
    return [HistoryEntry(meta.last_reviewed, meta.reviewed_by, "",
                         REVIEWER_ROLES.get(meta.reviewed_by, False))]


def reading_minutes(markdown: str) -> int:
    """Estimated minutes to read an article's text (whole minutes, at least one)."""
    words = len(re.findall(r"[A-Za-z0-9']+", markdown))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def build_site(
    content_dir: Path, *, site_name: str = "", site_url: str = "", build_date: date | None = None
) -> Site:
    """Every page of the site; raises :class:`~mskb.diagnostics.ContentError` on any error.

    ``site_url`` and ``build_date`` appear on the printable bundles.
    """
    content = load_or_raise(content_dir)
    index = build_index(content.articles, content.vocabulary)
    renderer = Renderer(
        vocabulary=content.vocabulary, outcomes=OUTCOMES, outcome_symbols=OUTCOME_SYMBOLS,
        categories=CATEGORIES, index=index, kinds=KINDS, disclaimer=DISCLAIMER,
        key_fact_labels=KEY_FACT_LABELS,
        key_fact_values={"nice_position": NICE_POSITIONS, "evidence": EVIDENCE},
    )
    site = Site(content.glossary, assets=content.assets, warnings=content.warnings,
                articles=frozenset(a.src_uri for a in content.articles),
                whole_guide=content.whole_guide.articles)
    bundles = plan_bundles(index)
    bundle_of = {(b.kind, b.slug): b for b in bundles}
    changed = changed_dates(content_dir)  # one `git log` for every file; {} without history

    site.pages += [_article_page(renderer, index, article, bundle_of, changed)
                   for article in content.articles]
    site.drafts += [_article_page(renderer, index, article, bundle_of, changed)
                    for article in content.drafts]
    for kind in TOPIC_KINDS:
        for topic in index.topics[kind.name].values():
            if topic.article is None:
                site.pages.append(_topic_page(renderer, topic, bundle_of[kind.name, topic.slug]))
            if has_mentions_page(topic):
                site.pages.append(_mentions_page(renderer, topic))
    day = build_date or today_for_build()
    site.pages += [_bundle_page(renderer, bundle, site_name, site_url, day)
                   for bundle in bundles]
    site.pages += _index_pages(renderer, index)
    site.pages.append(_compare_page(renderer, index))
    front = {"title": "Glossary", "description": "The words used on this site, in plain English.",
             "kb_kind": "index"}
    entries = sorted(content.glossary.entries, key=lambda e: e.term.lower())
    site.pages.append(Page(GLOSSARY_URI, renderer.page(
        "glossary.md.j2", GLOSSARY_URI, front, entries=entries)))
    site.sections = _sections(index)
    site.documents = [Document(GUIDE_URL, GUIDE_PDF),
                      *(Document(b.url, b.pdf_uri) for b in bundles)]
    return site


def _article_page(
    renderer: Renderer, index: SiteIndex, article: Article,
    bundle_of: dict[tuple[str, str], Bundle], changed: dict[str, list[date]],
) -> Page:
    topic = index.topics.get(article.kind, {}).get(article.slug)
    front: dict[str, Any] = {"title": article.title, "description": article.meta.summary,
                             "kb_kind": article.kind, "kb_source": article.path,
                             # on every printed sheet (hooks/printing.py)
                             "kb_last_reviewed": long_date(article.meta.last_reviewed)}
    if topic is not None and not article.meta.draft:
        front["kb_bundle"] = _bundle_link(bundle_of[article.kind, topic.slug])
    markdown = renderer.page(
        "article.md.j2", article.src_uri, front,
        article=article, meta=article.meta, body=Markup(article.body), topic=topic,
        kind=article.kind, reading_minutes=reading_minutes(article.body),
        review_history=review_history(article.meta), changed_on=changed.get(article.src_uri, []),
    )
    return Page(article.src_uri, markdown, source=article.path)


def _topic_page(renderer: Renderer, topic: Topic, bundle: Bundle) -> Page:
    front = {"title": topic.name, "description": topic.entry.description,
             "kb_kind": topic.kind.name, "kb_bundle": _bundle_link(bundle)}
    markdown = renderer.page("topic.md.j2", topic.src_uri, front, topic=topic,
                             kind=topic.kind.name)
    return Page(topic.src_uri, markdown)


def _mentions_page(renderer: Renderer, topic: Topic) -> Page:
    """Every article and personal account that mentions a topic (its page names a few)."""
    uri = mentions_uri(topic)
    front = {"title": f"Everything that mentions {topic.name}",
             "description": f"Every article and personal account on this site that mentions "
                            f"{topic.name}.",
             "kb_kind": "index"}
    return Page(uri, renderer.page("topic_mentions.md.j2", uri, front, topic=topic,
                                   title=front["title"]))


def _bundle_link(bundle: Bundle) -> dict[str, str]:
    """What a topic's page needs to link to its bundle (front matter, read by the theme)."""
    return {"url": bundle.url, "name": bundle.name, "pdf": bundle.pdf_uri,
            "large_pdf": large_print(bundle.pdf_uri), "topic": url_of(bundle.topic_uri)}


def _bundle_page(
    renderer: Renderer, bundle: Bundle, site_name: str, site_url: str, build_date: date
) -> Page:
    front = {
        "title": bundle.title,
        "description": f"{bundle.title}, gathered in one document to print or save.",
        "kb_kind": "bundle",
        "kb_bundle": _bundle_link(bundle),
        "kb_members": [asdict(member) for member in bundle.members],
        "search": {"exclude": True},
    }
    address = urljoin(site_url, bundle.url) if site_url else "/" + bundle.url
    # Raw HTML in the template, so a URL (not a .md path for MkDocs to convert).
    topic_href = posixpath.relpath(url_of(bundle.topic_uri), bundle.url) + "/"
    about = about_block(bundle.title, address, long_date(build_date),
                        f"It holds the article on {bundle.name} in full, short notes on related "
                        "topics and the newest personal accounts that mention it.")
    markdown = renderer.page("bundle.md.j2", bundle.src_uri, front, bundle=bundle,
                             site_name=site_name, build_date=build_date, topic_href=topic_href,
                             contents=Markup(contents(contents_entries(bundle))),
                             about=Markup(html.tostring(about, encoding="unicode")),
                             articles_placeholder=Markup(ARTICLES_PLACEHOLDER))
    return Page(bundle.src_uri, markdown)


_INDEX_TEMPLATES = {
    "treatment": "treatments_index.md.j2",
    "spasticity-type": "types_index.md.j2",
    "experience": "experiences_index.md.j2",
    "guide": "guides_index.md.j2",
}


def _index_pages(renderer: Renderer, index: SiteIndex) -> list[Page]:
    """Each section's index page; with the experiences index, the page of the accounts its
    lists by treatment and type cannot reach, if there are any."""
    pages = []
    accounts = accounts_index(index)
    for kind in KINDS.values():
        front = {"title": kind.index_title, "description": kind.index_description,
                 "kb_kind": "index"}
        context = ({"accounts": accounts, "unfiled_uri": UNFILED_URI}
                   if kind.name == "experience" else {})
        pages.append(Page(kind.index_uri, renderer.page(
            _INDEX_TEMPLATES[kind.name], kind.index_uri, front, title=kind.index_title,
            **context)))
    if accounts.unfiled:
        title = "Personal accounts not filed under a treatment or type"
        front = {"title": title,
                 "description": "Personal accounts that name no treatment and no type of "
                                "spasticity, so the lists by treatment and type leave them out.",
                 "kb_kind": "index"}
        pages.append(Page(UNFILED_URI, renderer.page(
            "unfiled_accounts.md.j2", UNFILED_URI, front, title=title,
            articles=accounts.unfiled)))
    return pages


@dataclass(frozen=True)
class CompareColumn:
    """One column of the comparison: a point of the Key facts and how its value is shown."""

    name: str  # the field of `key_facts`: "how_taken"
    heading: str
    labels: dict[str, str] | None  # value -> label shown; None: the value is shown as written


COMPARE_COLUMNS = (
    CompareColumn("how_taken", "How it is taken", schema.ROUTES),
    CompareColumn("how_soon", "How soon it may help", schema.ONSETS),
    CompareColumn("side_effects", "Common side effects", None),
    CompareColumn("who_provides", "Who provides it", schema.PROVIDERS),
    CompareColumn("nice_position", "NICE position", schema.NICE_POSITIONS),
    CompareColumn("evidence", "Evidence", schema.EVIDENCE),
)
"""The columns of the comparison after the treatment's name, in order."""


@dataclass(frozen=True)
class CompareRow:
    topic: Topic
    url: str  # the treatment's page, relative to the comparison page (for raw HTML)
    cells: tuple[str, ...] | None  # the label in each column; None: no Key facts yet


@dataclass(frozen=True)
class CompareGroup:
    category: str
    heading: str
    rows: list[CompareRow]


def compare_groups(index: SiteIndex) -> list[CompareGroup]:
    """The treatments of each category (categories in their order, empty ones left out), each
    category's treatments in :func:`~mskb.index.treatment_order`, with their Key facts."""
    rows: dict[str, list[CompareRow]] = {category: [] for category in CATEGORIES}
    base = url_of(COMPARE_URI)
    for topic in sorted(index.treatments.values(), key=treatment_order):
        facts = topic.key_facts
        cells = None
        if facts is not None:
            values = [getattr(facts, column.name).value for column in COMPARE_COLUMNS]
            cells = tuple(column.labels.get(value, value) if column.labels else value
                          for column, value in zip(COMPARE_COLUMNS, values, strict=True))
        url = posixpath.relpath(url_of(topic.src_uri), base) + "/"
        rows.setdefault(topic.entry.category, []).append(CompareRow(topic, url, cells))
    return [CompareGroup(category, CATEGORIES.get(category, category), members)
            for category, members in rows.items() if members]


def _compare_page(renderer: Renderer, index: SiteIndex) -> Page:
    front = {"title": "Compare treatments",
             "description": "The key facts of every treatment for MS spasticity side by side: "
             "how it is taken, how soon it may help, side effects, who provides it, NICE's "
             "advice and the evidence.",
             # Material's contents sidebar would be empty (the headings are in the tables'
             # captions): without it the tables get its width.
             "kb_kind": "index", "hide": ["toc"]}
    markdown = renderer.page("compare.md.j2", COMPARE_URI, front, title=front["title"],
                             groups=compare_groups(index), columns=COMPARE_COLUMNS,
                             kind="index")
    return Page(COMPARE_URI, markdown)


def _sections(index: SiteIndex) -> dict[str, list[str]]:
    """The pages of each section in navigation order: topics A to Z (treatments after Compare
    treatments), experiences newest first, guides by title."""
    sections = {}
    for kind in KINDS.values():
        if kind.is_topic:
            ordered = sorted(index.topics[kind.name].values(), key=lambda t: t.name.lower())
            sections[kind.index_uri] = [topic.src_uri for topic in ordered]
            if kind.name == "treatment":  # right after Treatments A to Z
                sections[kind.index_uri].insert(0, COMPARE_URI)
        else:
            sections[kind.index_uri] = [article.src_uri for article in index.by_kind[kind.name]]
    return sections
