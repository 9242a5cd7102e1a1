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
from mskb.index import SiteIndex, Topic, build_index, initial, treatment_order
from mskb.maintenance.history import changed_dates
from mskb.pages import paging
from mskb.pages.paging import PageSizes, paginate
from mskb.pages.related import (
    UNFILED_URI,
    accounts_index,
    has_mentions_page,
    mention_groups,
    mentions,
    mentions_uri,
)
from mskb.pages.render import Frames, Renderer, long_date, today_for_build
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
    in_nav: bool = True  # False: reached from other pages only (a listing's later pages)


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
    frames: Frames = field(default_factory=Frames)  # HTML parts of the pages, put in after


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
    content_dir: Path, *, site_name: str = "", site_url: str = "", build_date: date | None = None,
    sizes: PageSizes | None = None,
) -> Site:
    """Every page of the site; raises :class:`~mskb.diagnostics.ContentError` on any error.

    ``site_url`` and ``build_date`` appear on the printable bundles. ``sizes``: how many
    entries a page of each listing shows (default :data:`mskb.pages.paging.SIZES`).
    """
    sizes = sizes or paging.SIZES  # looked up now, so that a test can set it for a build
    content = load_or_raise(content_dir)
    index = build_index(content.articles, content.vocabulary)
    compare = comparison(index, sizes)
    renderer = Renderer(
        compare=compare, vocabulary=content.vocabulary, outcomes=OUTCOMES,
        outcome_symbols=OUTCOME_SYMBOLS, categories=CATEGORIES, index=index, kinds=KINDS,
        disclaimer=DISCLAIMER, key_fact_labels=KEY_FACT_LABELS,
        key_fact_values={"nice_position": NICE_POSITIONS, "evidence": EVIDENCE}, sizes=sizes,
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
                site.pages += _mentions_pages(renderer, topic, sizes)
    day = build_date or today_for_build()
    site.pages += [_bundle_page(renderer, bundle, site_name, site_url, day)
                   for bundle in bundles]
    site.pages += _index_pages(renderer, index, sizes)
    site.pages += _compare_pages(renderer, compare)
    front = {"title": "Glossary", "description": "The words used on this site, in plain English.",
             "kb_kind": "index"}
    entries = sorted(content.glossary.entries, key=lambda e: e.term.lower())
    site.pages.append(Page(GLOSSARY_URI, renderer.page(
        "glossary.md.j2", GLOSSARY_URI, front, entries=entries)))
    site.sections = _sections(index)
    site.frames = renderer.frames
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


def _mentions_pages(renderer: Renderer, topic: Topic, sizes: PageSizes) -> list[Page]:
    """Every article and personal account that mentions a topic (its page names a few), a page
    at a time."""
    uri = mentions_uri(topic)
    title = f"Everything that mentions {topic.name}"
    description = (f"Every article and personal account on this site that mentions "
                   f"{topic.name}.")
    entries = mentions(topic)
    groups = mention_groups(entries, uri, sizes)
    return _listing(renderer, "topic_mentions.md.j2", uri, title, description,
                    entries, sizes.mentions, topic=topic, groups=groups)


def _listing(renderer: Renderer, template: str, uri: str, title: str, description: str,
             items: list, per_page: int, **context: Any) -> list[Page]:
    """The pages of a listing (mskb.pages.paging): the first at ``uri``, titled ``title``;
    the others "<title>, page 2 of 14", left out of the menu and of search (the first page
    leads to them, and search finds the articles themselves)."""
    pages = []
    for listing in paginate(uri, items, per_page):
        page_front: dict[str, Any] = {"title": listing.title(title),
                                      "description": description, "kb_kind": "index"}
        if listing.number > 1:
            page_front["description"] = f"{description} Page {listing.number} of {listing.count}."
            page_front["search"] = {"exclude": True}
        pages.append(Page(listing.src_uri, renderer.page(
            template, listing.src_uri, page_front, title=title, listing=listing, **context),
            in_nav=listing.number == 1))
    return pages


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


@dataclass(frozen=True)
class AzEntry:
    """One entry of the Treatments A to Z: a treatment under its name, or (on a letter's page)
    under one of its other names."""

    name: str
    topic: Topic
    label: str | None = None  # None: the treatment; "other": another name; "us-brand"


@dataclass
class AtoZ:
    """The Treatments A to Z: each letter's entries, A to Z by name; on one page, or (past
    :attr:`PageSizes.a_to_z_on_one_page` treatments) one page per letter, where each other name
    (brand names) is an entry too, so a reader finds a medicine by any of its names."""

    one_page: bool
    treatments: int
    letters: dict[str, list[AzEntry]]  # in A to Z order, "#" last

    @staticmethod
    def slug(letter: str) -> str:
        """``b`` for B; ``other`` for names beginning with a digit or symbol."""
        return "other" if letter == "#" else letter.lower()

    @staticmethod
    def letter_uri(letter: str) -> str:
        return f"{KINDS['treatment'].folder}/a-to-z/{AtoZ.slug(letter)}.md"

    def href(self, url: Any) -> Any:
        """What the letter bar (_az_bar.md.j2) links each letter to: a function of the letter
        giving its page's address (with ``url``, the page's function from Markdown path to
        address), or ``None`` on one page, where each letter leads to its heading."""
        if self.one_page:
            return None
        return lambda letter: url(self.letter_uri(letter))


def a_to_z(index: SiteIndex, sizes: PageSizes) -> AtoZ:
    """The A to Z's entries, in one pass over the treatments and their other names."""
    topics = index.treatments.values()
    one_page = len(topics) <= sizes.a_to_z_on_one_page
    entries = [AzEntry(topic.name, topic) for topic in topics]
    if not one_page:
        for topic in topics:
            entries += [AzEntry(name, topic, "other") for name in topic.entry.aliases]
            entries += [AzEntry(name, topic, "us-brand")
                        for name in topic.entry.us_brand_names]
    letters: dict[str, list[AzEntry]] = {}
    for entry in sorted(entries, key=lambda e: (initial(e.name) == "#", e.name.lower(),
                                                e.label or "")):
        letters.setdefault(initial(entry.name), []).append(entry)
    return AtoZ(one_page, len(topics), letters)


def _a_to_z_pages(renderer: Renderer, index: SiteIndex, sizes: PageSizes) -> list[Page]:
    """The Treatments A to Z and, when it is split by letter, each letter's pages."""
    kind = KINDS["treatment"]
    az = a_to_z(index, sizes)
    front = {"title": kind.index_title, "description": kind.index_description,
             "kb_kind": "index"}
    pages = [Page(kind.index_uri, renderer.page(
        "treatments_index.md.j2", kind.index_uri, front, title=kind.index_title, az=az,
        az_current=None))]
    if az.one_page:
        return pages
    for letter, entries in az.letters.items():
        name = "a number or symbol" if letter == "#" else letter
        title = f"{kind.index_title}: {'other' if letter == '#' else letter}"
        pages += _listing(renderer, "treatments_letter.md.j2", az.letter_uri(letter), title,
                          f"Treatments, and other names for them, that begin with {name}.",
                          entries, sizes.treatments, az=az, az_current=letter,
                          letter_name=name)
    for page in pages[1:]:
        page.in_nav = False
    return pages


def _index_pages(renderer: Renderer, index: SiteIndex, sizes: PageSizes) -> list[Page]:
    """Each section's index page, a listing paged where it lists articles; with the experiences
    index, the pages of the accounts its lists by treatment and type cannot reach, if any."""
    accounts = accounts_index(index, sizes)
    pages = _a_to_z_pages(renderer, index, sizes)
    types, experiences, guides = (KINDS[name] for name in ("spasticity-type", "experience",
                                                             "guide"))
    front = {"title": types.index_title, "description": types.index_description,
             "kb_kind": "index"}
    pages.append(Page(types.index_uri, renderer.page(
        "types_index.md.j2", types.index_uri, front, title=types.index_title)))
    pages += _listing(renderer, "experiences_index.md.j2", experiences.index_uri,
                      experiences.index_title, experiences.index_description,
                      index.experiences, sizes.accounts, accounts=accounts,
                      unfiled_uri=UNFILED_URI)
    pages += _listing(renderer, "guides_index.md.j2", guides.index_uri, guides.index_title,
                      guides.index_description, index.by_kind["guide"], sizes.guides)
    if accounts.unfiled:
        pages += _listing(
            renderer, "unfiled_accounts.md.j2", UNFILED_URI,
            "Personal accounts not filed under a treatment or type",
            "Personal accounts that name no treatment and no type of spasticity, so the lists "
            "by treatment and type leave them out.", accounts.unfiled, sizes.accounts)
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
    cells: tuple[str, ...] | None  # the label in each column; None: no Key facts yet


@dataclass(frozen=True)
class CompareGroup:
    category: str
    heading: str
    rows: list[CompareRow]

    @property
    def uri(self) -> str:
        """Its own pages, when the comparison is split by group."""
        return f"{COMPARE_URI.removesuffix('.md')}/{self.category}.md"


def compare_groups(index: SiteIndex) -> list[CompareGroup]:
    """The treatments of each category (categories in their order, empty ones left out), each
    category's treatments in :func:`~mskb.index.treatment_order`, with their Key facts."""
    rows: dict[str, list[CompareRow]] = {category: [] for category in CATEGORIES}
    for topic in sorted(index.treatments.values(), key=treatment_order):
        facts = topic.key_facts
        cells = None
        if facts is not None:
            values = [getattr(facts, column.name).value for column in COMPARE_COLUMNS]
            cells = tuple(column.labels.get(value, value) if column.labels else value
                          for column, value in zip(COMPARE_COLUMNS, values, strict=True))
        rows.setdefault(topic.entry.category, []).append(CompareRow(topic, cells))
    return [CompareGroup(category, CATEGORIES.get(category, category), members)
            for category, members in rows.items() if members]


@dataclass
class Comparison:
    """Compare treatments: one page of a table per group while the treatments are few; past
    :attr:`PageSizes.compare_on_one_page`, a page that lists the groups, and each group's table
    on its own pages (:attr:`PageSizes.compare` rows to a page)."""

    groups: list[CompareGroup]
    one_page: bool
    per_page: int
    # slug -> (page, anchor) of its row, for "Compare <treatment> with other ..." links
    rows: dict[str, tuple[str, str]] = field(default_factory=dict)

    def group_href(self, group: CompareGroup, url: Any) -> str:
        """Where the list of groups links ``group``: its table on this page, or its page."""
        return f"#group-{group.category}" if self.one_page else url(group.uri)

    def link(self, topic: Topic) -> tuple[str, str]:
        """The page and anchor of a treatment's group (on one page) or row (split)."""
        return self.rows.get(topic.slug, (COMPARE_URI, f"group-{topic.entry.category}"))


def comparison(index: SiteIndex, sizes: PageSizes) -> Comparison:
    groups = compare_groups(index)
    one_page = sum(len(group.rows) for group in groups) <= sizes.compare_on_one_page
    plan = Comparison(groups, one_page, sizes.compare)
    if not one_page:
        for group in groups:
            for position, row in enumerate(group.rows):
                uri = paging.page_uri(group.uri, paging.page_of(position, sizes.compare))
                plan.rows[row.topic.slug] = (uri, f"treatment-{row.topic.slug}")
    return plan


def _compare_pages(renderer: Renderer, plan: Comparison) -> list[Page]:
    title = "Compare treatments"
    front: dict[str, Any] = {
        "title": title,
        "description": "The key facts of every treatment for MS spasticity side by side: how "
        "it is taken, how soon it may help, side effects, who provides it, NICE's advice and "
        "the evidence.",
        # Material's contents sidebar would be empty (the headings are in the tables'
        # captions): without it the tables get its width.
        "kb_kind": "index", "hide": ["toc"]}
    context = {"plan": plan, "columns": COMPARE_COLUMNS, "kind": "index"}
    if plan.one_page:
        return [Page(COMPARE_URI, renderer.page(
            "compare.md.j2", COMPARE_URI, front, title=title, shown=plan.groups, current=None,
            listing=None, **context))]
    pages = [Page(COMPARE_URI, renderer.page(
        "compare.md.j2", COMPARE_URI, front, title=title, shown=[], current=None, listing=None,
        **context))]
    for group in plan.groups:
        for listing in paginate(group.uri, group.rows, plan.per_page):
            shown = [CompareGroup(group.category, group.heading, list(listing.items))]
            page_title = listing.title(f"{title}: {group.heading.lower()}")
            page_front = {**front, "title": page_title,
                          "description": f"The key facts of {group.heading.lower()} for MS "
                                         "spasticity side by side."}
            if listing.number > 1:
                page_front["search"] = {"exclude": True}
            pages.append(Page(listing.src_uri, renderer.page(
                "compare.md.j2", listing.src_uri, page_front, title=page_title, shown=shown,
                current=group, listing=listing, **context), in_nav=False))
    return pages


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
