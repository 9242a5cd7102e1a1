"""Index the articles in one linear pass: what mentions each treatment and spasticity type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mskb.content.article import Article
from mskb.content.kinds import KINDS, TOPIC_KINDS, Kind
from mskb.content.schema import CATEGORIES, NICE_POSITIONS
from mskb.content.vocabulary import Vocabulary

_NICE_RANK = {value: rank for rank, value in enumerate(NICE_POSITIONS)}
_CATEGORY_RANK = {value: rank for rank, value in enumerate(CATEGORIES)}


@dataclass
class Topic:
    """A treatment or spasticity type, with everything that mentions it."""

    kind: Kind
    slug: str
    entry: Any  # TreatmentEntry or SpasticityTypeEntry
    article: Article | None = None
    articles: list[Article] = field(default_factory=list)  # other non-experience articles
    experiences: list[Article] = field(default_factory=list)
    related: dict[str, None] = field(default_factory=dict)  # slugs of the other kind's topics

    @property
    def name(self) -> str:
        return str(self.entry.name)

    @property
    def src_uri(self) -> str:
        """Its page: its article, or the page generated for it."""
        return self.article.src_uri if self.article else self.kind.topic_uri(self.slug)

    @property
    def initial(self) -> str:
        """The letter the A to Z lists it under (digits and symbols under '#')."""
        return initial(self.name)

    @property
    def key_facts(self) -> Any:
        """The treatment's Key facts (from its article's front matter), or None."""
        return self.article.meta.key_facts if self.article else None

    @property
    def mentions(self) -> int:
        """How many articles (its own included) mention it, experiences apart."""
        return len(self.articles) + (1 if self.article else 0)


def initial(name: str) -> str:
    """The letter the A to Z lists a name under (digits and symbols under '#')."""
    first = name[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def treatment_order(topic: Topic) -> tuple[int, int, str]:
    """Sort key for treatments in an order that means something to a reader: NICE's order
    (everyday care, first-line medicines, later choices, specialist options), then category,
    then name. Treatments without Key facts come after those with them, in their category."""
    facts = topic.key_facts
    nice = _NICE_RANK[facts.nice_position.value] if facts else len(_NICE_RANK)
    return nice, _CATEGORY_RANK.get(getattr(topic.entry, "category", ""), 0), topic.name.lower()


@dataclass
class SiteIndex:
    topics: dict[str, dict[str, Topic]]  # kind name -> slug -> topic
    by_kind: dict[str, list[Article]]

    @property
    def treatments(self) -> dict[str, Topic]:
        return self.topics["treatment"]

    @property
    def spasticity_types(self) -> dict[str, Topic]:
        return self.topics["spasticity-type"]

    @property
    def experiences(self) -> list[Article]:
        return self.by_kind["experience"]


def build_index(articles: list[Article], vocabulary: Vocabulary) -> SiteIndex:
    """One pass over the articles; each tag costs O(1)."""
    topics = {
        kind.name: {slug: Topic(kind, slug, entry)
                    for slug, entry in getattr(vocabulary, kind.vocabulary or "").items()}
        for kind in TOPIC_KINDS
    }
    by_kind: dict[str, list[Article]] = {kind: [] for kind in KINDS}
    for article in articles:
        by_kind[article.kind].append(article)
        own = topics[article.kind][article.slug] if article.kind in topics else None
        if own is not None:
            own.article = article
        tags = {"treatment": article.meta.treatments,
                "spasticity-type": article.meta.spasticity_types}
        for kind_name, slugs in tags.items():
            for slug in slugs:
                topic = topics[kind_name][slug]
                if topic is own:
                    continue
                if article.kind == "experience":
                    topic.experiences.append(article)
                else:
                    topic.articles.append(article)
        # A treatment article's types are the types it is used for, and the other way round.
        if own is not None and own.kind.other:
            for slug in tags[own.kind.other]:
                own.related[slug] = None
                topics[own.kind.other][slug].related[article.slug] = None
    by_kind["experience"].sort(key=_newest_first)
    by_kind["guide"].sort(key=lambda a: a.title.lower())
    for kind_topics in topics.values():
        for topic in kind_topics.values():
            topic.experiences.sort(key=_newest_first)
    return SiteIndex(topics=topics, by_kind=by_kind)


def _newest_first(article: Article) -> tuple[int, str]:
    """Experiences newest first; those of the same day by title, A to Z."""
    return -article.meta.published.toordinal(), article.title.lower()
