"""Everything the site needs from content/, computed in one linear pass.

``build_site`` is the only entry point the MkDocs hook uses: it returns the Markdown of every
page (articles and generated indexes) plus the navigation, and knows nothing about MkDocs.
"""

from __future__ import annotations

import math
import os
import posixpath
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup

from mskb.bundles import ARTICLES_PLACEHOLDER, Bundle, plan_bundles
from mskb.diagnostics import ContentError, Diagnostic
from mskb.glossary import GLOSSARY_FILE, Glossary, load_glossary
from mskb.index import SiteIndex, Topic, build_index
from mskb.loader import DATA_FOLDER, Article, Asset, load_articles, url_of
from mskb.render import Renderer
from mskb.schema import CATEGORIES, KINDS, OUTCOME_SYMBOLS, OUTCOMES
from mskb.vocabulary import Vocabulary, load_vocabulary

SECTION_INDEXES = {kind: f"{folder}/index.md" for kind, folder in KINDS.items()}
"""The generated index page of each section; mkdocs.yml's nav names these."""
GLOSSARY_URI = "glossary.md"
DISCLAIMER = (
    "this is general information, not medical advice for you. Speak to your GP, MS "
    "nurse, neurologist or physiotherapist before starting, stopping or changing any treatment."
)
"""The disclaimer on every page, bundle and printout (after "Disclaimer:")."""


@dataclass
class Page:
    """One page for the site: where it goes, its Markdown, and the file it came from."""

    src_uri: str
    markdown: str
    source: str | None = None  # content/... path of the article, None for generated pages


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    drafts: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)  # index src_uri -> page uris
    bundles: list[Bundle] = field(default_factory=list)  # printable topic bundles (not in nav)


@dataclass
class Content:
    """Everything under content/, validated."""

    vocabulary: Vocabulary
    glossary: Glossary
    articles: list[Article]
    drafts: list[Article]
    assets: list[Asset]


def load(content_dir: Path) -> Content:
    """Load and validate everything; raise :class:`ContentError` with all problems found."""
    data_dir, display_dir = content_dir / DATA_FOLDER, f"{content_dir.name}/{DATA_FOLDER}"
    vocabulary, problems = load_vocabulary(data_dir, display_dir)
    glossary, glossary_problems = load_glossary(data_dir, display_dir)
    loaded = load_articles(content_dir, vocabulary)
    problems += glossary_problems + loaded.diagnostics
    pages = {a.src_uri for a in loaded.articles}
    pages |= {f"treatments/{slug}.md" for slug in vocabulary.treatments}
    pages |= {f"types/{slug}.md" for slug in vocabulary.spasticity_types}
    for entry in glossary.entries:
        if entry.page and entry.page not in pages:
            problems.append(Diagnostic(
                f"{display_dir}/{GLOSSARY_FILE}", 1, "page",
                f"'{entry.term}' points to {entry.page}, which is not a published page; "
                "fix the path or remove `page:`",
            ))
    if problems:
        raise ContentError(problems)
    return Content(vocabulary, glossary, loaded.articles, loaded.drafts, loaded.assets)


def check_content(content_dir: Path) -> tuple[list[Diagnostic], list[Article], list[Article]]:
    """Validate without rendering: (diagnostics, published articles, drafts)."""
    try:
        content = load(content_dir)
    except ContentError as exc:
        return exc.diagnostics, [], []
    return [], content.articles, content.drafts


WORDS_PER_MINUTE = 200
"""A steady reading pace for plain English; readers with fatigue may take longer."""


def reading_minutes(markdown: str) -> int:
    """Estimated minutes to read an article's text (whole minutes, at least one)."""
    words = len(re.findall(r"[A-Za-z0-9']+", markdown))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def today_for_build() -> date:
    """Today, or the date in ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def build_site(
    content_dir: Path, *, site_name: str = "", site_url: str = "", build_date: date | None = None
) -> Site:
    """Every page of the site. ``site_url`` and ``build_date`` appear on printable bundles."""
    content = load(content_dir)
    index = build_index(content.articles, content.vocabulary)
    renderer = Renderer(
        vocabulary=content.vocabulary, outcomes=OUTCOMES, outcome_symbols=OUTCOME_SYMBOLS,
        categories=CATEGORIES, index=index,
        section_indexes=SECTION_INDEXES, disclaimer=DISCLAIMER,
    )
    site = Site(assets=content.assets)
    glossary = content.glossary
    bundles = plan_bundles(index)
    bundle_of = {(b.kind, b.slug): b for b in bundles}

    for article in content.articles:
        site.pages.append(_article_page(renderer, index, glossary, article, bundle_of))
    for article in content.drafts:
        site.drafts.append(_article_page(renderer, index, glossary, article, bundle_of))

    topic_kinds = (("treatment", index.treatments), ("spasticity-type", index.spasticity_types))
    for kind, topics in topic_kinds:
        folder = KINDS[kind]
        for topic in topics.values():
            if topic.article is None:
                site.pages.append(
                    _topic_page(renderer, folder, kind, topic, bundle_of[kind, topic.slug]))

    for bundle in bundles:
        site.pages.append(_bundle_page(renderer, bundle, site_name, site_url,
                                       build_date or today_for_build()))
    site.bundles = bundles

    site.pages.extend(_index_pages(renderer, index))
    front = {"title": "Glossary", "description": "The words used on this site, in plain English.",
             "kb_kind": "index"}
    entries = sorted(glossary.entries, key=lambda e: e.term.lower())
    site.pages.append(Page(GLOSSARY_URI, renderer.page(
        "glossary.md.j2", GLOSSARY_URI, front, entries=entries)))
    site.sections = _sections(index)
    return site


def _article_page(
    renderer: Renderer, index: SiteIndex, glossary: Glossary, article: Article,
    bundle_of: dict[tuple[str, str], Bundle],
) -> Page:
    topic = None
    if article.kind == "treatment":
        topic = index.treatments[article.slug]
    elif article.kind == "spasticity-type":
        topic = index.spasticity_types[article.slug]
    front = {"title": article.title, "description": article.meta.summary,
             "kb_kind": article.kind, "kb_source": article.path}
    if topic is not None and not article.meta.draft:
        front["kb_bundle"] = _bundle_link(bundle_of[article.kind, topic.slug])
    body, words = glossary.link_terms(article.body, article.src_uri)
    markdown = renderer.page(
        "article.md.j2", article.src_uri, front,
        article=article, meta=article.meta, body=Markup(body), topic=topic, words=words,
        kind=article.kind, reading_minutes=reading_minutes(article.body),
    )
    return Page(article.src_uri, markdown, source=article.path)


def _topic_page(renderer: Renderer, folder: str, kind: str, topic: Topic, bundle: Bundle) -> Page:
    src_uri = f"{folder}/{topic.slug}.md"
    front = {"title": topic.name, "description": topic.entry.description, "kb_kind": kind,
             "kb_bundle": _bundle_link(bundle)}
    markdown = renderer.page("topic.md.j2", src_uri, front, topic=topic, kind=kind)
    return Page(src_uri, markdown)


def _bundle_link(bundle: Bundle) -> dict[str, str]:
    """What a topic's page needs to link to its bundle (front matter, read by the theme)."""
    return {"url": bundle.url, "name": bundle.name, "pdf": bundle.pdf_uri,
            "topic": url_of(bundle.topic_uri)}


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
    markdown = renderer.page("bundle.md.j2", bundle.src_uri, front, bundle=bundle,
                             site_name=site_name, build_date=build_date, address=address,
                             topic_href=topic_href,
                             articles_placeholder=Markup(ARTICLES_PLACEHOLDER))
    return Page(bundle.src_uri, markdown)


def _index_pages(renderer: Renderer, index: SiteIndex) -> list[Page]:
    specs = {
        "treatment": ("treatments_index.md.j2", "Treatments A to Z",
                      "Every treatment people with MS use for spasticity, from A to Z."),
        "spasticity-type": ("types_index.md.j2", "Spasticity types",
                            "The kinds of spasticity MS can cause and where in the body."),
        "experience": ("experiences_index.md.j2", "Experiences",
                       "Personal accounts of living with MS spasticity, newest first."),
        "guide": ("guides_index.md.j2", "Guides",
                  "Practical guides to understanding and managing MS spasticity."),
    }
    pages = []
    for kind, (template, title, description) in specs.items():
        src_uri = SECTION_INDEXES[kind]
        front = {"title": title, "description": description, "kb_kind": "index"}
        pages.append(Page(src_uri, renderer.page(template, src_uri, front, title=title)))
    return pages


def _sections(index: SiteIndex) -> dict[str, list[str]]:
    """The pages of each section in navigation order."""
    def topic_uris(folder: str, topics: dict[str, Topic]) -> list[str]:
        ordered = sorted(topics.values(), key=lambda t: t.name.lower())
        return [t.article.src_uri if t.article else f"{folder}/{t.slug}.md" for t in ordered]

    return {
        SECTION_INDEXES["spasticity-type"]: topic_uris("types", index.spasticity_types),
        SECTION_INDEXES["treatment"]: topic_uris("treatments", index.treatments),
        SECTION_INDEXES["experience"]: [a.src_uri for a in index.experiences],
        SECTION_INDEXES["guide"]: [a.src_uri for a in index.by_kind["guide"]],
    }
