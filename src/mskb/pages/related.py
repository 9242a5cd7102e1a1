"""What a treatment's or spasticity type's page lists after its article: each related page
once, grouped by kind, in an order that means something, and the personal accounts summarised;
and what the experiences index (/experiences/) lists: the newest accounts, then the accounts
by treatment and by type of spasticity, a few of each named.

Readers complained that a topic's page listed the same treatments three times (tags, "used
for", "other articles") and linked to itself. Here every target appears at most once on a page,
and never when the article's own text already links to it. Plain Python: no MkDocs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mskb.content.article import Article
from mskb.content.links import linked_pages
from mskb.content.schema import NICE_POSITIONS, OUTCOMES
from mskb.index import SiteIndex, Topic, treatment_order

URGENT_HELP = "guides/when-to-get-urgent-help.md"
"""The page every Safety box (and every page's footer) points to."""
NEWEST_ACCOUNTS = 3
"""Personal accounts listed by name on a topic's page; the rest are a link away."""
NEWEST_ON_INDEX = 10
"""Personal accounts listed in full (summary, date, treatments, body) at the top of the
experiences index. The rest are found through its lists by treatment and by type, which name
:data:`NEWEST_ACCOUNTS` of each: the page does not grow with the number of accounts, so the
printed guide can keep it in place of the accounts."""
UNFILED_URI = "mentions/unfiled-accounts.md"
"""The page listing the accounts that tag no treatment and no type of spasticity (each one a
content warning), which the experiences index's lists cannot reach. Made only when there are
some."""
MAX_LISTED = 4
"""Guides and other articles listed by name in each group on a topic's page; the rest are on
its page of everything that mentions it, so a topic's page does not grow with the site."""


@dataclass
class Item:
    title: str
    uri: str  # the page's .md path


@dataclass
class Group:
    heading: str
    items: list[Item] = field(default_factory=list)
    note: str = ""  # a sentence under the heading
    more: int = 0  # how many more are on the page of everything that mentions the topic
    links_everything: bool = False  # the first group with more links to that page; others say so
    # A list split into labelled parts (treatments by NICE position): label -> items.
    parts: dict[str, list[Item]] = field(default_factory=dict)


@dataclass
class Accounts:
    """The personal accounts that mention a topic, summarised."""

    total: int
    illustrative: int
    outcomes: list[tuple[str, int]]  # (words, count), in the order of OUTCOMES
    newest: list[Article]
    all_uri: str | None  # the page listing every one of them, when not all are shown


@dataclass
class Related:
    groups: list[Group]
    accounts: Accounts
    everything_uri: str | None  # the page of everything that mentions the topic, if it has one


def related(topic: Topic, index: SiteIndex, body: str = "") -> Related:
    """Everything ``topic``'s page lists below its article (``body``, its Markdown)."""
    seen = linked_pages(body, topic.src_uri) | {topic.src_uri}
    if topic.article is not None and topic.article.meta.safety:
        seen.add(URGENT_HELP)  # its Safety box links there

    in_text = seen - {topic.src_uri}

    def item(title: str, uri: str) -> Item | None:
        if uri in seen:
            return None
        seen.add(uri)
        return Item(title, uri)

    groups: list[Group] = []
    if topic.kind.name == "treatment":
        types = sorted((index.spasticity_types[slug] for slug in topic.related),
                       key=lambda t: t.name.lower())
        groups.append(Group("Types of spasticity it is used for",
                            _keep(item(t.name, t.src_uri) for t in types)))
        tagged = topic.article.meta.treatments if topic.article else []
        groups.append(Group("Related treatments", _keep(
            item(t.name, t.src_uri) for t in sorted(
                (index.treatments[slug] for slug in tagged), key=treatment_order))))
        # Other treatments of the same kind are one link away, side by side in the comparison
        # (the link above these lists), rather than listed again here.
    else:
        treatments = sorted((index.treatments[slug] for slug in topic.related),
                            key=treatment_order)
        group = Group("Treatments used for it")
        if any(t.src_uri in in_text for t in treatments):
            group = Group("More treatments used for it", note="Those named in the article "
                          "above are not repeated here; the comparison lists every one.")
        for treatment in treatments:
            entry = item(treatment.name, treatment.src_uri)
            if entry is not None:
                group.parts.setdefault(_position(treatment), []).append(entry)
        groups.append(group)
        tagged = topic.article.meta.spasticity_types if topic.article else []
        groups.append(Group("Related types of spasticity", _keep(
            item(t.name, t.src_uri) for t in sorted(
                (index.spasticity_types[slug] for slug in tagged), key=lambda t: t.name.lower()))))
    by_kind: dict[str, list[Item]] = {}
    for article in sorted(topic.articles, key=lambda a: a.title.lower()):
        entry = item(article.title, article.src_uri)
        if entry is not None:
            by_kind.setdefault(article.kind, []).append(entry)
    for kind in ("guide", "spasticity-type", "treatment"):
        items = by_kind.get(kind, [])
        if items:
            groups.append(Group(_OTHER_HEADINGS[kind], items[:MAX_LISTED],
                                more=max(0, len(items) - MAX_LISTED)))
    groups = [g for g in groups if g.items or g.parts]
    first_with_more = next((g for g in groups if g.more), None)
    if first_with_more is not None:
        first_with_more.links_everything = True  # one link to the page, not one per group
    return Related(groups, accounts(topic, in_text),
                   mentions_uri(topic) if has_mentions_page(topic) else None)


_OTHER_HEADINGS = {
    "guide": "Guides",
    "spasticity-type": "Other types of spasticity that mention it",
    "treatment": "Other treatments that mention it",
}


def _keep(items) -> list[Item]:
    return [item for item in items if item is not None]


def _position(topic: Topic) -> str:
    facts = topic.key_facts
    return NICE_POSITIONS[facts.nice_position.value] if facts else "Not yet described"


def accounts(topic: Topic, in_text: set[str] | None = None) -> Accounts:
    """The accounts that mention ``topic``, summarised; the newest few are named, apart from
    those the article's text links to already."""
    experiences = topic.experiences  # newest first (mskb.index)
    unlinked = [a for a in experiences if a.src_uri not in (in_text or set())]
    counts: Counter[str] = Counter()
    if topic.kind.name == "treatment":
        counts.update(a.meta.outcomes[topic.slug] for a in experiences
                      if topic.slug in a.meta.outcomes)
    more = len(experiences) > NEWEST_ACCOUNTS
    return Accounts(
        total=len(experiences),
        illustrative=sum(a.meta.provenance == "illustrative" for a in experiences),
        outcomes=[(OUTCOMES[key], counts[key]) for key in OUTCOMES if counts[key]],
        newest=unlinked[:NEWEST_ACCOUNTS],
        all_uri=mentions_uri(topic) if more else None,
    )


def has_mentions_page(topic: Topic) -> bool:
    """Whether ``topic`` gets a page of everything that mentions it: when its own page cannot
    name every account or every article of one kind."""
    kinds = Counter(article.kind for article in topic.articles)
    return len(topic.experiences) > NEWEST_ACCOUNTS or any(
        count > MAX_LISTED for count in kinds.values())


def mentions_uri(topic: Topic) -> str:
    """The page listing every article and personal account that mentions ``topic``."""
    return f"mentions/{topic.kind.folder}/{topic.slug}.md"


@dataclass
class TopicAccounts:
    """One treatment or spasticity type on the experiences index: how many accounts mention it,
    the newest few by name, and where the rest are."""

    topic: Topic
    total: int
    newest: list[Article]  # the newest NEWEST_ACCOUNTS, newest first
    uri: str  # a page naming every one: its page of everything, or its own page if that does

    @property
    def more(self) -> int:
        """How many are not named on the index."""
        return self.total - len(self.newest)


@dataclass
class AccountsIndex:
    """What the experiences index lists: its size depends on the vocabularies and
    :data:`NEWEST_ON_INDEX`, never on the number of accounts."""

    total: int
    illustrative: int
    newest: list[Article]  # the NEWEST_ON_INDEX newest, newest first (same day: title A to Z)
    by_treatment: list[TopicAccounts]  # treatments with accounts, A to Z
    by_type: list[TopicAccounts]  # spasticity types with accounts, A to Z
    no_treatment: int  # accounts that tag no treatment (those with a type are in by_type)
    unfiled: list[Article]  # accounts that tag neither: listed on UNFILED_URI, newest first

    @property
    def no_treatment_typed(self) -> int:
        """Accounts without a treatment that are listed under a type of spasticity."""
        return self.no_treatment - len(self.unfiled)


def accounts_index(index: SiteIndex) -> AccountsIndex:
    """The experiences index's lists, worked out in one pass over the accounts."""
    experiences = index.experiences  # newest first (mskb.index)
    return AccountsIndex(
        total=len(experiences),
        illustrative=sum(a.meta.provenance == "illustrative" for a in experiences),
        newest=experiences[:NEWEST_ON_INDEX],
        by_treatment=_by_topic(index.treatments),
        by_type=_by_topic(index.spasticity_types),
        no_treatment=sum(not a.meta.treatments for a in experiences),
        unfiled=[a for a in experiences
                 if not a.meta.treatments and not a.meta.spasticity_types],
    )


def _by_topic(topics: dict[str, Topic]) -> list[TopicAccounts]:
    """Each topic that an account mentions, A to Z by name, with its newest accounts."""
    return [TopicAccounts(topic, len(topic.experiences), topic.experiences[:NEWEST_ACCOUNTS],
                          mentions_uri(topic) if has_mentions_page(topic) else topic.src_uri)
            for topic in sorted(topics.values(), key=lambda t: t.name.lower())
            if topic.experiences]
