"""Index the articles in one linear pass: what mentions each treatment and spasticity type."""

from __future__ import annotations

from dataclasses import dataclass, field

from mskb.loader import Article
from mskb.schema import KINDS
from mskb.vocabulary import Vocabulary


@dataclass
class Topic:
    """A treatment or spasticity type, with everything that mentions it."""

    slug: str
    entry: object  # TreatmentEntry or SpasticityTypeEntry
    article: Article | None = None
    articles: list[Article] = field(default_factory=list)  # other non-experience articles
    experiences: list[Article] = field(default_factory=list)
    related: dict[str, None] = field(default_factory=dict)  # slugs of the other vocabulary

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def initial(self) -> str:
        """The letter the A to Z lists it under (digits and symbols under '#')."""
        first = self.name[:1].upper()
        return first if "A" <= first <= "Z" else "#"

    @property
    def mentions(self) -> int:
        """How many articles (its own included) mention it, experiences apart."""
        return len(self.articles) + (1 if self.article else 0)


@dataclass
class SiteIndex:
    treatments: dict[str, Topic]
    spasticity_types: dict[str, Topic]
    by_kind: dict[str, list[Article]]

    @property
    def experiences(self) -> list[Article]:
        return self.by_kind["experience"]


def build_index(articles: list[Article], vocabulary: Vocabulary) -> SiteIndex:
    """One pass over the articles; each tag costs O(1)."""
    treatments = {slug: Topic(slug, entry) for slug, entry in vocabulary.treatments.items()}
    types = {slug: Topic(slug, entry) for slug, entry in vocabulary.spasticity_types.items()}
    by_kind: dict[str, list[Article]] = {kind: [] for kind in KINDS}
    for article in articles:
        by_kind[article.kind].append(article)
        own = None
        if article.kind == "treatment":
            own = treatments[article.slug]
            own.article = article
        elif article.kind == "spasticity-type":
            own = types[article.slug]
            own.article = article
        for topics, slugs in ((treatments, article.meta.treatments),
                              (types, article.meta.spasticity_types)):
            for slug in slugs:
                topic = topics[slug]
                if topic is own:
                    continue
                if article.kind == "experience":
                    topic.experiences.append(article)
                else:
                    topic.articles.append(article)
        # A treatment article's types are the types it is used for, and the other way round.
        if article.kind == "treatment":
            for slug in article.meta.spasticity_types:
                own.related[slug] = None
                types[slug].related[article.slug] = None
        elif article.kind == "spasticity-type":
            for slug in article.meta.treatments:
                own.related[slug] = None
                treatments[slug].related[article.slug] = None
    by_kind["experience"].sort(key=lambda a: (a.meta.published, a.title), reverse=True)
    by_kind["guide"].sort(key=lambda a: a.title.lower())
    for topic in (*treatments.values(), *types.values()):
        topic.experiences.sort(key=lambda a: a.meta.published, reverse=True)
    return SiteIndex(treatments=treatments, spasticity_types=types, by_kind=by_kind)
