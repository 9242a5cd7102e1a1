"""What a treatment's or spasticity type's page lists after its article: each related page
once, grouped by kind, in an order that means something, and the personal accounts summarised;
what the experiences index (/experiences/) lists: every account, newest first, a page at a time,
and on its first page the treatments and types of spasticity accounts mention most, a few
accounts of each named; and what a topic's pages of everything that mentions it list.

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
from mskb.pages.paging import SIZES, PageSizes, page_of, page_uri

URGENT_HELP = "guides/when-to-get-urgent-help.md"
"""The page every Safety box (and every page's footer) points to."""
NEWEST_ACCOUNTS = 3
"""Personal accounts listed by name on a topic's page; the rest are a link away."""
TOPICS_ON_INDEX = 30
"""Treatments (and, apart, types of spasticity) named on the experiences index with their
newest accounts: those that accounts mention most, A to Z. Every other one is a link away, in
the Treatments A to Z, so the index does not grow with the vocabulary."""
UNFILED_URI = "mentions/unfiled-accounts.md"
"""The page listing the accounts that tag no treatment and no type of spasticity (each one a
content warning), which the experiences index's lists cannot reach. Made only when there are
some; paged like the index."""
MAX_LISTED = 4
"""Guides and other articles listed by name in each group on a topic's page; the rest are on
its page of everything that mentions it, so a topic's page does not grow with the site."""
MAX_PER_POSITION = 10
"""Treatments listed under each NICE position on a spasticity type's page ("Treatments used
for it"), apart from those its own article tags; the rest mention the type, so they are on its
page of everything that mentions it."""
MENTION_GROUPS = (
    ("guide", "Guides"),
    ("spasticity-type", "Types of spasticity"),
    ("treatment", "Treatments"),
    ("experience", "Personal accounts"),
)
"""The groups of a topic's pages of everything that mentions it, in order, with their
headings; personal accounts last, newest first."""


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


def related(topic: Topic, index: SiteIndex, body: str = "",
            sizes: PageSizes = SIZES) -> Related:
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
        # The type's own article names a few, all listed; the others are treatments whose
        # articles tag the type, so past MAX_PER_POSITION under one position they are left to
        # the page of everything that mentions it (and to the comparison).
        chosen = set(topic.article.meta.treatments) if topic.article else set()
        for treatment in treatments:
            part = group.parts.setdefault(_position(treatment), [])
            if treatment.slug not in chosen and len(part) >= MAX_PER_POSITION:
                if treatment.src_uri not in seen:
                    seen.add(treatment.src_uri)  # counted here, not listed again below
                    group.more += 1
                continue
            entry = item(treatment.name, treatment.src_uri)
            if entry is not None:
                part.append(entry)
        group.parts = {label: items for label, items in group.parts.items() if items}
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
    return Related(groups, accounts(topic, in_text, sizes),
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


def accounts(topic: Topic, in_text: set[str] | None = None,
             sizes: PageSizes = SIZES) -> Accounts:
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
        all_uri=accounts_uri(topic, sizes) if more else None,
    )


def has_mentions_page(topic: Topic) -> bool:
    """Whether ``topic`` gets a page of everything that mentions it: when its own page cannot
    name every account or every article of one kind."""
    kinds = Counter(article.kind for article in topic.articles)
    return len(topic.experiences) > NEWEST_ACCOUNTS or any(
        count > MAX_LISTED for count in kinds.values())


def mentions_uri(topic: Topic) -> str:
    """The (first) page listing every article and personal account that mentions ``topic``."""
    return f"mentions/{topic.kind.folder}/{topic.slug}.md"


def accounts_uri(topic: Topic, sizes: PageSizes = SIZES) -> str:
    """The page of everything that mentions ``topic`` on which its personal accounts begin
    (under the heading ``#personal-accounts``): they come after its other articles."""
    return page_uri(mentions_uri(topic), page_of(len(topic.articles), sizes.mentions))


@dataclass(frozen=True)
class Mention:
    """One entry of a topic's pages of everything that mentions it."""

    group: str  # its heading (MENTION_GROUPS)
    article: Article
    first: bool  # the first of its group (else its page shows the group as continued)


@dataclass(frozen=True)
class MentionGroup:
    """One group of a topic's pages of everything that mentions it, for their contents."""

    kind: str
    heading: str
    count: int
    uri: str  # the page it begins on

    @property
    def anchor(self) -> str:
        """The id of its heading where it begins, as Python-Markdown's toc makes it."""
        return self.heading.lower().replace(" ", "-")


def mentions(topic: Topic) -> list[Mention]:
    """Everything that mentions ``topic``, in :data:`MENTION_GROUPS`: articles by title, A to
    Z, then the personal accounts, newest first."""
    by_kind: dict[str, list[Article]] = {kind: [] for kind, _ in MENTION_GROUPS}
    for article in topic.articles:
        by_kind[article.kind].append(article)
    by_kind["experience"] = topic.experiences  # already newest first (mskb.index)
    entries: list[Mention] = []
    for kind, heading in MENTION_GROUPS:
        ordered = by_kind[kind] if kind == "experience" else sorted(
            by_kind[kind], key=lambda a: a.title.lower())
        entries += [Mention(heading, article, i == 0) for i, article in enumerate(ordered)]
    return entries


def mention_groups(entries: list[Mention], uri: str,
                   sizes: PageSizes = SIZES) -> list[MentionGroup]:
    """Each group of ``entries`` (from :func:`mentions`) with its size and first page."""
    groups: list[MentionGroup] = []
    counts = Counter(entry.group for entry in entries)
    for position, entry in enumerate(entries):
        if entry.first:
            groups.append(MentionGroup(entry.article.kind, entry.group, counts[entry.group],
                                       page_uri(uri, page_of(position, sizes.mentions))))
    return groups


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
    """What the experiences index lists besides the accounts themselves (which it pages): its
    size depends on :data:`TOPICS_ON_INDEX`, never on the number of accounts or topics."""

    total: int
    illustrative: int
    by_treatment: list[TopicAccounts]  # the treatments accounts mention most, A to Z
    treatments: int  # treatments that accounts mention, listed or not
    by_type: list[TopicAccounts]  # the types of spasticity accounts mention most, A to Z
    types: int  # types of spasticity that accounts mention, listed or not
    no_treatment: int  # accounts that tag no treatment (those with a type are in by_type)
    unfiled: list[Article]  # accounts that tag neither: listed on UNFILED_URI, newest first

    @property
    def no_treatment_typed(self) -> int:
        """Accounts without a treatment that are listed under a type of spasticity."""
        return self.no_treatment - len(self.unfiled)


def accounts_index(index: SiteIndex, sizes: PageSizes = SIZES) -> AccountsIndex:
    """The experiences index's lists, worked out in one pass over the accounts."""
    experiences = index.experiences  # newest first (mskb.index)
    treatments = [t for t in index.treatments.values() if t.experiences]
    types = [t for t in index.spasticity_types.values() if t.experiences]
    return AccountsIndex(
        total=len(experiences),
        illustrative=sum(a.meta.provenance == "illustrative" for a in experiences),
        by_treatment=_by_topic(treatments, sizes), treatments=len(treatments),
        by_type=_by_topic(types, sizes), types=len(types),
        no_treatment=sum(not a.meta.treatments for a in experiences),
        unfiled=[a for a in experiences
                 if not a.meta.treatments and not a.meta.spasticity_types],
    )


def _by_topic(topics: list[Topic], sizes: PageSizes) -> list[TopicAccounts]:
    """The :data:`TOPICS_ON_INDEX` topics with the most accounts (ties: A to Z), A to Z by
    name, each with its newest accounts."""
    most = sorted(topics, key=lambda t: (-len(t.experiences), t.name.lower()))
    return [TopicAccounts(topic, len(topic.experiences), topic.experiences[:NEWEST_ACCOUNTS],
                          accounts_uri(topic, sizes) if has_mentions_page(topic) else topic.src_uri)
            for topic in sorted(most[:TOPICS_ON_INDEX], key=lambda t: t.name.lower())]
