"""A seeded corpus of made-up articles that look like the real ones, to measure the site's growth.

A benchmark that adds one-line stories of one treatment hides what grows with a real site:
the text each page renders, the glossary words in it, the links between pages, the experiences
that fill each topic's page and bundle, the treatments that add topic pages, bundles and rows
of the comparison. So every article here is about 600 words in five ``##`` sections, with
lists and links to other pages of the site, and the mix of kinds and tags is that of a grown
site: 55% experiences (tagged with one to three treatments, spasticity types, body regions and
outcomes, published over several years), 35% guides (linking to the treatments they tag), 10%
new treatments (each also a new entry of ``content/data/treatments.yml``, with Key facts,
safety points and the treatment sections).

The words are drawn from a fixed list by a seeded generator: the same seed and count give the
same files, byte for byte, so two runs measure the same corpus. Every file passes the checker
with no errors (a readability warning may come; warnings do not stop the build). Used by
:mod:`mskb.maintenance.benchmark`; nothing here imports MkDocs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from mskb.content import frontmatter
from mskb.content.frontmatter import slugify
from mskb.content.kinds import KINDS
from mskb.content.loading import DATA_FOLDER
from mskb.content.rules import TREATMENT_SECTIONS
from mskb.content.schema import (
    CATEGORIES,
    EVIDENCE,
    NICE_POSITIONS,
    ONSETS,
    OUTCOMES,
    PROVIDERS,
    REVIEWER_ROLES,
    ROUTES,
)

MIX: dict[str, float] = {"experience": 0.55, "guide": 0.35, "treatment": 0.10}
"""The share of each kind among the added articles; the counts are rounded, the rest are
experiences, so a corpus of any size has this mix as nearly as whole numbers allow."""
SECTIONS = 5
"""``##`` sections in every article (a treatment's four required ones and one more)."""
WORDS_PER_SECTION = (95, 130)
"""Words of running text in a section, drawn between these: about 600 words an article."""
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2026, 6, 30)
"""Published dates are spread over these years, so the newest-first lists reorder."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLAIN_WORDS = _words("""
about after again air also always arm arms back bad bag bath bed before better body bus busy
car chair change child clinic cold daily day days doctor door down early easy evening every
family feel feet find first floor food friend garden good hand hands happy hard head heat help
holiday home hour house kitchen knee knees late later leg legs life light little long lunch
made make many meet moment month morning move much need new next night nurse office often old
once pain park part people plan plate quiet rest road room routine school short shoulder side
sleep slow small soft sometimes spring stairs start stay step still story summer table talk
team tea time tired today towel train try turn walk wall warm water week weekend well winter
work year young
""")
"""Everyday words: most of each sentence."""
CARE_WORDS = _words("""
appointment balance bladder brace cramp dose doses exercise fatigue physio posture relapse
spasms spasm spasticity stiffness stretch stretches stretching tablets therapy tightness tone
muscle muscles joint joints splint clonus contracture neurologist physiotherapist titration
placebo infection symptoms treatment review referral diary gentle weakness cushion wheelchair
""")
"""Words about spasticity and its care: some are in the glossary, which links their first
use on each page, as it does in real articles."""
FIRST_NAMES = _words("""
Alex Amira Ben Carys Dev Elin Fatima Gareth Hannah Iqbal Jo Kasia Liam Maya Niall Olu Priya
Rhys Sam Tomasz Una Vik Wendy Yusuf Zoe
""")
OPENERS = ("Living with", "Notes on", "A year of", "What helped with", "Learning about",
           "My", "Coping with", "Getting used to")
PUBLISHERS: dict[str, str] = {
    "www.nice.org.uk/guidance": "NICE",
    "www.nhs.uk/conditions": "NHS",
    "mstrust.org.uk/a-z": "MS Trust",
    "www.mssociety.org.uk/what-is-ms": "MS Society",
    "pubmed.ncbi.nlm.nih.gov": "PubMed",
}
"""Recognised sites (the recognised-sources rule), with their publishers' names."""
TREATMENT_KINDS = ("training", "therapy", "stimulation", "tablets", "programme", "support")


@dataclass
class Page:
    """A page an article can link to: its path under content/ and its title."""

    src_uri: str
    title: str


@dataclass
class Corpus:
    """What :func:`generate` wrote: the files under content/ and the treatments it added."""

    files: list[Path] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    treatments: list[str] = field(default_factory=list)
    words: int = 0


class _Writer:
    """Sentences, paragraphs, lists, dates and sources, all from one seeded generator (and
    nothing else random: no set or hash order), so a seed always writes the same text."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words = 0

    def word(self) -> str:
        pool = CARE_WORDS if self.rng.random() < 0.2 else PLAIN_WORDS
        return self.rng.choice(pool)

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.word() for _ in range(self.rng.randint(low, high)))

    def sentence(self, low: int = 6, high: int = 15) -> str:
        text = self.phrase(low, high)
        return text[0].upper() + text[1:] + "."

    def short(self, low: int, high: int, limit: int) -> str:
        """A sentence of at most ``limit`` characters, for fields the schema caps."""
        text = self.sentence(low, high)
        while len(text) > limit:
            text = self.sentence(low, high)
        return text

    def title(self) -> str:
        text = self.rng.choice(OPENERS) + " " + self.phrase(2, 5)
        return text[0].upper() + text[1:]

    def heading(self) -> str:
        text = self.phrase(2, 5)
        return text[0].upper() + text[1:]

    def paragraph(self, budget: int, links: list[Page], here: str) -> str:
        """Sentences until about ``budget`` words, with a link to each of ``links`` placed
        in the text, as articles link where a page is first mentioned."""
        sentences: list[str] = []
        count = 0
        while count < budget:
            sentence = self.sentence()
            count += len(sentence.split())
            sentences.append(sentence)
        for page in links:
            at = self.rng.randrange(len(sentences))
            sentences[at] = sentences[at][:-1] + f", as in [{page.title}]({_relative(page, here)})."
        self.words += count
        return " ".join(sentences)

    def bullets(self, items: int, ordered: bool = False) -> str:
        lines = []
        for number in range(1, items + 1):
            text = self.sentence(4, 10)
            self.words += len(text.split())
            lines.append(f"{number}. {text}" if ordered else f"- {text}")
        return "\n".join(lines)

    def questions(self, items: int) -> str:
        lines = []
        for _ in range(items):
            text = self.sentence(5, 10)[:-1] + "?"
            self.words += len(text.split())
            lines.append(f"- {text}")
        return "\n".join(lines)

    def body(self, headings: list[str], links: list[Page], here: str,
             questions: str | None = None) -> str:
        """An introduction and one section per heading, each with a paragraph or two; two
        sections have a list, and the links are spread over the sections."""
        spread: list[list[Page]] = [[] for _ in headings]
        for page in links:
            spread[self.rng.randrange(len(headings))].append(page)
        with_list = set(self.rng.sample(range(len(headings)), 2))
        parts = [self.paragraph(self.rng.randint(25, 45), [], here)]
        for index, heading in enumerate(headings):
            budget = self.rng.randint(*WORDS_PER_SECTION)
            parts.append(f"## {heading}")
            if heading == questions:
                parts.append(self.paragraph(20, spread[index], here))
                parts.append(self.questions(self.rng.randint(4, 7)))
                continue
            if index in with_list:
                parts.append(self.paragraph(budget // 2, spread[index], here))
                parts.append(self.bullets(self.rng.randint(4, 6), ordered=self.rng.random() < 0.3))
            else:
                first = self.rng.randint(budget // 3, budget // 2)
                parts.append(self.paragraph(first, spread[index], here))
                parts.append(self.paragraph(budget - first, [], here))
        return "\n\n".join(parts) + "\n"

    def dates(self) -> dict[str, date]:
        published = FIRST_DAY + timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days))
        last = min(LAST_DAY, published + timedelta(days=self.rng.choice((0, 0, 30, 120, 400))))
        return {"published": published, "last_reviewed": last,
                "next_review": last + timedelta(days=self.rng.choice((365, 730)))}

    def sources(self, count: int) -> list[dict[str, Any]]:
        found = []
        for _ in range(count):
            site = self.rng.choice(sorted(PUBLISHERS))
            found.append({"title": self.title(),
                          "url": f"https://{site}/{slugify(self.phrase(2, 4))}",
                          "publisher": PUBLISHERS[site],
                          "year": self.rng.randint(2018, 2025)})
        return found

    def pick(self, pool: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))


def _relative(page: Page, here: str) -> str:
    """The link from the article at ``here`` to ``page``: both are one folder deep."""
    folder, name = page.src_uri.split("/", 1)
    return name if here.split("/", 1)[0] == folder else f"../{folder}/{name}"


def kind_counts(count: int) -> dict[str, int]:
    """How many articles of each kind a corpus of ``count`` has (:data:`MIX`)."""
    counts = {kind: round(count * share) for kind, share in MIX.items() if kind != "experience"}
    return {"experience": count - sum(counts.values()), **counts}


def generate(content: Path, count: int, seed: int = 1) -> Corpus:
    """Add ``count`` articles (and their treatments' vocabulary entries) to ``content``, a copy
    of content/; the same ``seed`` and ``count`` write the same files."""
    writer = _Writer(seed)
    data = content / DATA_FOLDER
    vocabulary = yaml.safe_load((data / "treatments.yml").read_text(encoding="utf-8"))
    types = [entry["slug"] for entry in
             yaml.safe_load((data / "spasticity_types.yml").read_text(encoding="utf-8"))]
    regions = [entry["slug"] for entry in
               yaml.safe_load((data / "body_regions.yml").read_text(encoding="utf-8"))]
    taken = {entry["slug"] for entry in vocabulary} | {
        name.lower() for entry in vocabulary
        for name in (entry["name"], *entry.get("aliases", ()), *entry.get("us_brand_names", ()))}
    pages = _existing_pages(content)
    names = {entry["slug"]: entry["name"] for entry in vocabulary}

    counts = kind_counts(count)
    plan = [kind for kind, n in counts.items() for _ in range(n)]
    writer.rng.shuffle(plan)
    # Every article's file name and title first, so that any article can link to any other.
    planned: list[tuple[str, Page]] = []
    stems: dict[str, set[str]] = {kind.folder: set() for kind in KINDS.values()}
    for page in pages:
        folder, name = page.src_uri.split("/", 1)
        stems[folder].add(name.removesuffix(".md"))
    stems["treatments"] |= taken
    new_entries: list[dict[str, Any]] = []
    for kind in plan:
        folder = KINDS[kind].folder
        if kind == "treatment":
            title = " ".join((writer.rng.choice(PLAIN_WORDS).capitalize(),
                              writer.rng.choice(CARE_WORDS), writer.rng.choice(TREATMENT_KINDS)))
            title = _unique(title, taken, separator=" ")
            slug = _unique(slugify(title), stems[folder])
            taken.add(title.lower())
            names[slug] = title
            new_entries.append(_entry(writer, slug, title))
        else:
            title = writer.title()
            slug = _unique(slugify(title), stems[folder])
        stems[folder].add(slug)
        planned.append((kind, Page(f"{folder}/{slug}.md", title)))
    treatments = sorted(names)
    targets = pages + [page for _, page in planned]

    corpus = Corpus(kinds=counts, treatments=[entry["slug"] for entry in new_entries])
    entries = iter(new_entries)
    for kind, page in planned:
        if kind == "experience":
            text = _experience(writer, page, treatments, types, regions, names, targets)
        elif kind == "guide":
            text = _guide(writer, page, treatments, types, regions, names, targets)
        else:
            text = _treatment(writer, page, next(entries), treatments, types, regions, names,
                              targets)
        path = content / page.src_uri
        path.write_text(text, encoding="utf-8")
        corpus.files.append(path)
    if new_entries:
        with (data / "treatments.yml").open("a", encoding="utf-8") as out:
            out.write("\n# Added by the benchmark's corpus (mskb.maintenance.corpus).\n")
            out.write(yaml.safe_dump(new_entries, sort_keys=False, width=100))
    corpus.words = writer.words
    return corpus


def _existing_pages(content: Path) -> list[Page]:
    """The published articles already in ``content``, to link to."""
    pages = []
    for kind in KINDS.values():
        for path in sorted((content / kind.folder).glob("*.md")):
            split = frontmatter.split(path.read_text(encoding="utf-8"))
            front = yaml.safe_load(split.yaml_text) or {}
            if not front.get("draft"):
                pages.append(Page(f"{kind.folder}/{path.name}", str(front["title"])))
    return pages


def _unique(name: str, taken: set[str], separator: str = "-") -> str:
    """``name``, or ``name`` with the first number that makes it new (compared in lower
    case)."""
    found, number = name, 2
    while found.lower() in taken:
        found, number = f"{name}{separator}{number}", number + 1
    return found


def _links(writer: _Writer, first: list[Page], targets: list[Page], here: str,
           extra: int) -> list[Page]:
    """``first`` and ``extra`` other pages, each once and never the article itself (the
    links-once rule)."""
    chosen = {page.src_uri: page for page in first if page.src_uri != here}
    while len(chosen) < len(first) + extra:
        page = writer.rng.choice(targets)
        if page.src_uri != here:
            chosen.setdefault(page.src_uri, page)
    return list(chosen.values())


def _topic_pages(slugs: list[str], names: dict[str, str]) -> list[Page]:
    return [Page(f"treatments/{slug}.md", names[slug]) for slug in slugs]


def _headings(writer: _Writer) -> list[str]:
    return [writer.heading() for _ in range(SECTIONS)]


def _common(writer: _Writer, title: str, kind: str) -> dict[str, Any]:
    return {"title": title, "kind": kind,
            "summary": writer.short(10, 18, 200) + " " + writer.short(6, 12, 190)}


def _experience(writer: _Writer, page: Page, treatments: list[str], types: list[str],
                regions: list[str], names: dict[str, str], targets: list[Page]) -> str:
    tagged = writer.pick(treatments, 1, 3)
    front = {**_common(writer, page.title, "experience"),
             "treatments": tagged,
             "spasticity_types": writer.pick(types, 0, 2),
             "body_regions": writer.pick(regions, 0, 3)}
    if writer.rng.random() < 0.8:
        front["outcomes"] = {slug: writer.rng.choice(sorted(OUTCOMES)) for slug in tagged}
    front |= {"provenance": "illustrative", "authors": [writer.rng.choice(FIRST_NAMES)],
              "reviewed_by": "Editorial team", **writer.dates()}
    links = _links(writer, _topic_pages(tagged, names), targets, page.src_uri,
                   writer.rng.randint(1, 3))
    return frontmatter.write(front, writer.body(_headings(writer), links, page.src_uri))


def _guide(writer: _Writer, page: Page, treatments: list[str], types: list[str],
           regions: list[str], names: dict[str, str], targets: list[Page]) -> str:
    tagged = writer.pick(treatments, 2, 4)
    dates = writer.dates()
    front = {**_common(writer, page.title, "guide"), "treatments": tagged,
             "spasticity_types": writer.pick(types, 1, 3),
             "body_regions": writer.pick(regions, 0, 3),
             "authors": ["Editorial team"], "reviewed_by": "Editorial team", **dates}
    if dates["last_reviewed"] > dates["published"] and writer.rng.random() < 0.5:
        front["reviews"] = _reviews(writer, dates)
    if writer.rng.random() < 0.3:
        front["safety"] = [writer.sentence(8, 20) for _ in range(writer.rng.randint(1, 3))]
    front["sources"] = writer.sources(writer.rng.randint(2, 4))
    links = _links(writer, _topic_pages(tagged, names), targets, page.src_uri,
                   writer.rng.randint(1, 4))
    return frontmatter.write(front, writer.body(_headings(writer), links, page.src_uri))


def _reviews(writer: _Writer, dates: dict[str, date]) -> list[dict[str, Any]]:
    """The review of ``last_reviewed`` and the first one, newest first (the review-history
    rule)."""
    roles = sorted(REVIEWER_ROLES)
    # New date objects: YAML would write the same object twice as an anchor and an alias,
    # which the front matter rule refuses.
    last, first = (date.fromordinal(dates[name].toordinal())
                   for name in ("last_reviewed", "published"))
    return [{"date": last, "reviewer": writer.rng.choice(roles),
             "changes": writer.sentence(5, 12)},
            {"date": first, "reviewer": "Editorial team",
             "changes": "First published."}]


def _entry(writer: _Writer, slug: str, name: str) -> dict[str, Any]:
    """A new treatment's entry in content/data/treatments.yml."""
    entry: dict[str, Any] = {"slug": slug, "name": name,
                             "category": writer.rng.choice(sorted(CATEGORIES))}
    if writer.rng.random() < 0.4:
        entry["aliases"] = [f"{name} {writer.rng.choice(('course', 'plan', 'method'))}"]
    entry["description"] = writer.short(8, 16, 200)
    return entry


def _fact(writer: _Writer, values: dict[str, str]) -> dict[str, str]:
    return {"value": writer.rng.choice(sorted(values)), "text": writer.sentence(8, 20)}


def _treatment(writer: _Writer, page: Page, entry: dict[str, Any], treatments: list[str],
               types: list[str], regions: list[str], names: dict[str, str],
               targets: list[Page]) -> str:
    slug = entry["slug"]
    related = writer.pick([t for t in treatments if t != slug], 1, 2)
    dates = writer.dates()
    front = {**_common(writer, page.title, "treatment"), "treatments": [slug, *related],
             "spasticity_types": writer.pick(types, 1, 3),
             "body_regions": writer.pick(regions, 1, 3),
             "authors": ["Editorial team"], "reviewed_by": "Editorial team", **dates,
             "safety": [writer.sentence(8, 20) for _ in range(writer.rng.randint(1, 3))],
             "key_facts": {
                 "what_it_is": writer.sentence(8, 16),
                 "how_taken": _fact(writer, ROUTES), "how_soon": _fact(writer, ONSETS),
                 "side_effects": {"value": writer.short(2, 5, 70)[:-1],
                                  "text": writer.sentence(8, 20)},
                 "who_provides": _fact(writer, PROVIDERS),
                 "nice_position": _fact(writer, NICE_POSITIONS),
                 "evidence": _fact(writer, EVIDENCE)},
             "sources": writer.sources(writer.rng.randint(2, 4))}
    headings = list(TREATMENT_SECTIONS)
    headings.insert(writer.rng.randint(1, len(headings) - 1), writer.heading())
    links = _links(writer, _topic_pages(related, names), targets, page.src_uri,
                   writer.rng.randint(1, 3))
    body = writer.body(headings, links, page.src_uri, questions=TREATMENT_SECTIONS[-1])
    return frontmatter.write(front, body)
