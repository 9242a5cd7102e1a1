"""``python -m mskb new <kind> "Title"``: start an article from a template, as a draft.

The file lands at the right path with a safe slug, valid front matter (today's dates, the
reviewer, placeholder sources to replace) and the body every article of that kind needs, with
instructions in comments. It passes the check as it stands, so a newcomer starts from green.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from mskb.content import frontmatter
from mskb.content.frontmatter import slugify
from mskb.content.kinds import KINDS
from mskb.content.loading import DATA_FOLDER
from mskb.content.rules import TREATMENT_SECTIONS
from mskb.content.schema import (
    EVIDENCE,
    NICE_POSITIONS,
    ONSETS,
    PROVIDERS,
    ROUTES,
    SAFETY_REQUIRED,
)
from mskb.content.vocabulary import load_vocabulary
from mskb.diagnostics import did_you_mean


class ScaffoldError(ValueError):
    """Why no file was written, in words a contributor can act on."""


def new_article(content_dir: Path, kind: str, title: str, today: date | None = None) -> Path:
    """Write a draft article of ``kind`` titled ``title``; return its path."""
    if not (content_dir / DATA_FOLDER).is_dir():
        raise ScaffoldError(f"{content_dir} is not the content folder (it has no {DATA_FOLDER}/); "
                            "run this from the repository root")
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}; "
                            f"use one of: {', '.join(KINDS)}")
    title = " ".join(title.split())
    slug = slugify(title)
    if len(title) < 3 or not slug:
        raise ScaffoldError("give the article a title of a few words, in quotes")
    folder, vocabulary_name = KINDS[kind].folder, KINDS[kind].vocabulary
    category = None
    if vocabulary_name:
        vocabulary, problems = load_vocabulary(content_dir / DATA_FOLDER,
                                               f"{content_dir.name}/{DATA_FOLDER}")
        if problems:
            raise ScaffoldError("; ".join(map(str, problems)))
        entries = getattr(vocabulary, vocabulary_name)
        data_file = vocabulary.files[vocabulary_name]
        by_name = {entry.name.lower(): found for found, entry in entries.items()}
        slug = by_name.get(title.lower(), slug)
        if slug not in entries:
            raise ScaffoldError(
                f"'{slug}' is not in {data_file}{did_you_mean(slug, entries)}; a {kind} "
                f"article is named after its entry there, so add the entry first (or use "
                "its name as the title)")
        category = getattr(entries[slug], "category", None)
    path = content_dir / folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{content_dir.name}/{folder}/{slug}.md already exists; "
                            "edit it, or choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_template(kind, title, today or date.today(), category), encoding="utf-8")
    return path


def a_year_after(day: date) -> date:
    """The same date next year (28 February for 29 February): the usual next review."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


ROUTE_OF_CATEGORY = {
    "oral-medicine": "by-mouth", "injection": "injection", "intrathecal": "pump",
    "physical-therapy": "therapy", "device": "device", "topical": "on-the-skin",
    "complementary": "therapy", "surgery": "operation",
}
"""A starting `how_taken` value for a new treatment of each category (the text says to check)."""


def _choose(what: str, values: dict[str, str]) -> str:
    return f"TODO: {what}, in plain words; and set `value` to one of: {', '.join(values)}."


def _key_facts(category: str | None) -> dict[str, Any]:
    """Placeholder Key facts that pass the schema, each text saying what to write."""
    return {
        "what_it_is": "TODO: what it is, in one plain sentence.",
        "how_taken": {"value": ROUTE_OF_CATEGORY.get(category or "", "by-mouth"),
                      "text": _choose("how it is taken or done", ROUTES)},
        "how_soon": {"value": "varies", "text": _choose("how soon it may help", ONSETS)},
        "side_effects": {"value": "TODO: the commonest, in a few words",
                         "text": "TODO: the common side effects, in plain words."},
        "who_provides": {"value": "ms-team",
                         "text": _choose("who prescribes or provides it", PROVIDERS)},
        "nice_position": {"value": "not-covered",
                          "text": _choose("what NICE says about it for MS", NICE_POSITIONS)},
        "evidence": {"value": "very-limited",
                     "text": _choose("how strong the research is", EVIDENCE)},
    }


def _safety(category: str | None) -> list[str]:
    """One placeholder safety point, saying what to write."""
    if category in SAFETY_REQUIRED:
        return ["TODO: one warning a line, each starting with the warning itself, for example "
                "'Never stop baclofen suddenly: ...'. Medicines and injections need at least one."]
    return ["TODO: one warning a line, each starting with the warning itself, for example "
            "'Protect numb skin: ...'. Delete `safety` if there is nothing to warn about."]


def _template(kind: str, title: str, today: date, category: str | None = None) -> str:
    next_year = a_year_after(today)
    front: dict[str, Any] = {
        "title": title,
        "kind": kind,
        "summary": "TODO: one or two plain sentences saying what the reader will learn.",
        "treatments": [],
        "spasticity_types": [],
        "body_regions": [],
        "authors": ["TODO your name"],
        "reviewed_by": "Editorial team",
        "published": today.isoformat(),
        "last_reviewed": today.isoformat(),
        "next_review": next_year.isoformat(),
    }
    if kind == "experience":
        front |= {"provenance": "contributed", "sources": []}
    else:
        # The two sources most articles start from; the comment above them says to replace
        # them with the pages the facts come from.
        front["sources"] = [
            {"title": "Multiple sclerosis in adults: management (NG220)",
             "url": "https://www.nice.org.uk/guidance/ng220", "publisher": "NICE", "year": 2022},
            {"title": "Spasticity and spasms", "url": "https://mstrust.org.uk/a-z/spasticity-and-spasms",
             "publisher": "MS Trust", "year": 2024},
        ]
    if kind == "treatment":
        front["safety"] = _safety(category)
        front["key_facts"] = _key_facts(category)
    front["draft"] = True
    comments = (
        "# A new draft. Replace every TODO, then delete `draft: true` when it is ready.\n"
        "# Every field is explained at /contributing/front-matter/ on the site; check your\n"
        "# work with ./scripts/check. Tags are slugs from content/data/*.yml. Replace the two\n"
        "# starting sources with the pages your facts come from (on recognised sites).\n"
    )
    if kind == "treatment":
        comments += ("# Safety points and Key facts are shown at the top of the page: replace\n"
                     "# each TODO text and choose each `value` from the list its text gives.\n")
    return frontmatter.write(front, _body(kind), comments=comments)


def _body(kind: str) -> str:
    if kind == "treatment":
        sections = "".join(f"## {heading}\n\nTODO\n\n" for heading in TREATMENT_SECTIONS)
        return ("<!-- Treatment articles keep these sections in this order. Their Key facts and "
                "safety points are in the front matter above. -->\n\n" + sections)
    if kind == "experience":
        return ("<!-- Write in your own words, in the first person. Say what happened, what you "
                "tried and how it went. Leave out anything that could identify you or others. "
                "-->\n\nTODO\n")
    return "<!-- Start with a paragraph; use ## headings for sections. -->\n\nTODO\n"
