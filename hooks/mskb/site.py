"""Everything the site needs from content/, computed in one linear pass.

``build_site`` is the only entry point the MkDocs hook uses: it returns the Markdown of every
page (articles and generated indexes) plus the navigation, and knows nothing about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from mskb.diagnostics import ContentError, Diagnostic
from mskb.glossary import GLOSSARY_FILE, Glossary, load_glossary
from mskb.index import SiteIndex, Topic, build_index
from mskb.loader import DATA_FOLDER, Article, Asset, load_articles
from mskb.render import Renderer
from mskb.schema import CATEGORIES, KINDS, OUTCOMES
from mskb.vocabulary import Vocabulary, load_vocabulary

SECTION_INDEXES = {kind: f"{folder}/index.md" for kind, folder in KINDS.items()}
"""The generated index page of each section; mkdocs.yml's nav names these."""
GLOSSARY_URI = "glossary.md"


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


def build_site(content_dir: Path) -> Site:
    content = load(content_dir)
    index = build_index(content.articles, content.vocabulary)
    renderer = Renderer(
        vocabulary=content.vocabulary, outcomes=OUTCOMES, categories=CATEGORIES, index=index,
        section_indexes=SECTION_INDEXES,
    )
    site = Site(assets=content.assets)
    glossary = content.glossary

    for article in content.articles:
        site.pages.append(_article_page(renderer, index, glossary, article))
    for article in content.drafts:
        site.drafts.append(_article_page(renderer, index, glossary, article))

    for kind, topics in (("treatment", index.treatments), ("spasticity-type", index.spasticity_types)):
        folder = KINDS[kind]
        for topic in topics.values():
            if topic.article is None:
                site.pages.append(_topic_page(renderer, folder, kind, topic))

    site.pages.extend(_index_pages(renderer, index))
    front = {"title": "Glossary", "description": "The words used on this site, in plain English.",
             "kb_kind": "index"}
    entries = sorted(glossary.entries, key=lambda e: e.term.lower())
    site.pages.append(Page(GLOSSARY_URI, renderer.page(
        "glossary.md.j2", GLOSSARY_URI, front, entries=entries)))
    site.sections = _sections(index)
    return site


def _article_page(
    renderer: Renderer, index: SiteIndex, glossary: Glossary, article: Article
) -> Page:
    topic = None
    if article.kind == "treatment":
        topic = index.treatments[article.slug]
    elif article.kind == "spasticity-type":
        topic = index.spasticity_types[article.slug]
    front = {"title": article.title, "description": article.meta.summary,
             "kb_kind": article.kind, "kb_source": article.path}
    body, words = glossary.link_terms(article.body, article.src_uri)
    markdown = renderer.page(
        "article.md.j2", article.src_uri, front,
        article=article, meta=article.meta, body=Markup(body), topic=topic, words=words,
        kind=article.kind,
    )
    return Page(article.src_uri, markdown, source=article.path)


def _topic_page(renderer: Renderer, folder: str, kind: str, topic: Topic) -> Page:
    src_uri = f"{folder}/{topic.slug}.md"
    front = {"title": topic.name, "description": topic.entry.description, "kb_kind": kind}
    markdown = renderer.page("topic.md.j2", src_uri, front, topic=topic, kind=kind)
    return Page(src_uri, markdown)


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
