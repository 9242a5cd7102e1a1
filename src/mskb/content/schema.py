"""The declared schema of every article's front matter and of the controlled vocabularies.

This module is the single source of truth: validation uses it, and the contributor reference
page (``/contributing/front-matter/``) and ``python -m mskb schema`` are generated from it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from mskb.content.frontmatter import slugify
from mskb.diagnostics import did_you_mean

if TYPE_CHECKING:
    from mskb.content.vocabulary import Vocabulary

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_TAG = re.compile(r"<\s*[A-Za-z!/?]")

CATEGORIES: dict[str, str] = {
    "oral-medicine": "Medicines taken by mouth",
    "injection": "Injections",
    "intrathecal": "Intrathecal treatment",
    "physical-therapy": "Physical therapy and exercise",
    "device": "Devices",
    "topical": "Treatments applied to the skin",
    "complementary": "Complementary approaches",
    "surgery": "Surgery",
}
"""Treatment categories, in the order the A–Z page lists them, with their headings."""

OUTCOMES: dict[str, str] = {
    "helped": "helped",
    "mixed": "mixed results",
    "no-effect": "no effect",
    "side-effects": "stopped because of side effects",
    "too-early": "too early to say",
}
"""What an experience reports about a treatment, with the words shown to readers."""

OUTCOME_SYMBOLS: dict[str, str] = {
    "helped": "\u2713",        # check mark
    "mixed": "\u00b1",         # plus-minus
    "no-effect": "\u2013",     # en dash
    "side-effects": "\u2717",  # ballot x
    "too-early": "\u2026",     # ellipsis
}
"""A symbol beside each outcome's words, so that no outcome is told apart by colour alone."""

# Key facts of a treatment (front matter `key_facts`): each point but "What it is" has a short
# value from one of these lists (shown in the comparison table at /treatments/compare/) and a
# free-text line (shown on the treatment's page). The dicts map each value to its label and keep
# the order the comparison sorts by.
ROUTES: dict[str, str] = {
    "by-mouth": "By mouth",
    "mouth-spray": "Mouth spray",
    "on-the-skin": "On the skin",
    "injection": "Injections into muscles or nerves",
    "pump": "Pump into the spine",
    "therapy": "Sessions with a therapist, then at home",
    "self-care": "At home, by yourself",
    "device": "A device you wear or use",
    "operation": "An operation",
}
"""How a treatment is taken or done."""
ONSETS: dict[str, str] = {
    "hours": "Within hours",
    "days": "Within days",
    "weeks": "Within weeks",
    "months": "Over months",
    "varies": "Varies from person to person",
}
"""How soon a treatment may help."""
PROVIDERS: dict[str, str] = {
    "gp-or-ms-team": "GP or MS team",
    "ms-team": "MS team or specialist",
    "specialist-centre": "Specialist centre",
    "physiotherapist": "Physiotherapist",
    "self": "Yourself, with advice",
}
"""Who prescribes or provides a treatment."""
NICE_POSITIONS: dict[str, str] = {
    "alongside": "Part of everyday care",
    "first-line": "First medicines to try",
    "second-line": "If first medicines do not suit",
    "third-line": "Later choice",
    "after-others": "After other medicines",
    "specialist": "Specialist option",
    "not-covered": "Not covered by NICE",
}
"""Where a treatment sits in NICE's guidance for MS (NG220, NG144), in the order the site lists
treatments: everyday care, then medicines in NICE's order, then specialist options."""
EVIDENCE: dict[str, str] = {
    "good": "Good",
    "moderate": "Moderate",
    "limited": "Limited",
    "very-limited": "Very limited",
}
"""How strong the research evidence is for spasticity in MS."""
KEY_FACT_LABELS: dict[str, str] = {
    "what_it_is": "What it is",
    "how_taken": "How it is taken or done",
    "how_soon": "How soon it may help",
    "side_effects": "Common side effects",
    "who_provides": "Who prescribes or provides it",
    "nice_position": "Where it sits in NICE guidance",
    "evidence": "How strong the evidence is",
}
"""The points of every treatment's Key facts, in the order the page shows them."""
REVIEWER_ROLES: dict[str, bool] = {
    "Editorial team": False,
    "Person with MS": False,
    "MS specialist nurse": True,
    "Neurologist": True,
    "Physiotherapist": True,
    "Occupational therapist": True,
    "Pharmacist": True,
    "GP": True,
    "Rehabilitation medicine doctor": True,
}
"""The roles a review (front matter `reviews`) names, each with whether it is a clinician's:
the page says so when no clinician has reviewed an article. A new role is added here in a pull
request."""
SAFETY_REQUIRED = frozenset({"oral-medicine", "injection", "intrathecal", "topical"})
"""Treatment categories (medicines and injections) whose articles must list safety points."""


# ---------------------------------------------------------------------------------------------
# Reusable field types
# ---------------------------------------------------------------------------------------------


def invisible_character(text: str) -> str | None:
    """The first control or bidirectional-formatting character in ``text`` (tabs and newlines
    apart), which would hide or reorder what readers see; None when there is none."""
    found = _INVISIBLE.search(text)
    return found.group(0) if found else None


_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # Unicode's Cc (control) characters but tab, LF, CR
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")  # bidirectional formatting
"""What :func:`invisible_character` finds: one regular expression, not a test per character,
because every line of every article is read (issue 15)."""


def _plain_text(value: str) -> str:
    """Titles, summaries, names and definitions are one line of plain text, shown in many
    places: whitespace (newlines too) becomes single spaces, HTML and invisible control or
    bidirectional characters are refused."""
    value = " ".join(value.split())
    if not value:
        raise PydanticCustomError("string_too_short", "is empty; fill it in")
    char = invisible_character(value)
    if char is not None:
        raise PydanticCustomError(
            "invisible_character",
            "contains the invisible character U+{code}, which can hide or reorder text; "
            "delete it (retype the words around it if you cannot see it)",
            {"code": f"{ord(char):04X}"},
        )
    match = _TAG.search(value)
    if match:
        raise PydanticCustomError(
            "html_in_text",
            "contains HTML markup ('{markup}'); write plain text only",
            {"markup": value[match.start() : match.start() + 8]},
        )
    return value


# No length here: a field's own Field(min_length=..., max_length=...) applies to the text as
# written, and a length set on this type as well would silently replace the field's.
PlainText = Annotated[str, AfterValidator(_plain_text)]


def _iso_date(value: Any) -> date:
    """Dates are written ``YYYY-MM-DD``; anything else is refused with an example."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError(
        "bad_date",
        "'{value}' is not a real date written as YYYY-MM-DD (for example 2026-11-23)",
        {"value": str(value)},
    )


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _not_reserved(value: str) -> str:
    if value in RESERVED_SLUGS:
        raise PydanticCustomError(
            "reserved_slug", "'{value}' is the name of a generated page; choose another slug",
            {"value": value})
    return value


RESERVED_SLUGS = frozenset({"index", "readme"})
"""``index`` would be the section's own page (``treatments/index.md``)."""
Slug = Annotated[str, Field(pattern=SLUG_PATTERN), AfterValidator(_not_reserved)]


def _vocabulary(info: ValidationInfo) -> Vocabulary | None:
    return (info.context or {}).get("vocabulary")


def _known(what: str, attribute: str):
    """A validator that accepts only slugs of one controlled vocabulary.

    Brand names and other aliases (``Botox``) are answered with their slug; typos with the
    closest slug. Without a vocabulary in the validation context only the slug form is checked.
    """

    def check(value: str, info: ValidationInfo) -> str:
        vocabulary = _vocabulary(info)
        if vocabulary is not None and value in getattr(vocabulary, attribute):
            return value
        if vocabulary is None:
            if re.fullmatch(SLUG_PATTERN, value):
                return value
            raise PydanticCustomError(
                "bad_slug", "'{value}' is not a slug: use lower-case words joined by hyphens",
                {"value": value},
            )
        entries = getattr(vocabulary, attribute)
        alias = vocabulary.alias_of(attribute, value)
        related = vocabulary.related_to(attribute, value)
        if alias:
            hint = f" (did you mean '{alias}'? '{value}' is another name for it)"
        elif related:
            hint = (f" ('{value}' is a different medicine, related to '{related}': tag "
                    f"'{related}' only if the article is about it too, or add '{value}' as a "
                    "new entry)")
        else:
            hint = did_you_mean(value, entries)
        raise PydanticCustomError(
            "unknown_slug",
            "unknown {what} '{value}'{hint}; the known ones are listed in {file}",
            {"what": what, "value": value, "hint": hint, "file": vocabulary.files[attribute]},
        )

    return AfterValidator(check)


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"]+\.[^\s<>\"]+", value):
        raise PydanticCustomError(
            "bad_url",
            "'{value}' is not a full web address; copy it from the browser's address bar, "
            "starting with https://",
            {"value": value},
        )
    return value


TreatmentSlug = Annotated[str, _known("treatment", "treatments")]
TypeSlug = Annotated[str, _known("spasticity type", "spasticity_types")]
RegionSlug = Annotated[str, _known("body region", "body_regions")]


def _no_repeats(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError(
                "repeated", "'{value}' is listed twice; keep one", {"value": value}
            )
        seen.add(value)
    return values


# ---------------------------------------------------------------------------------------------
# Front matter
# ---------------------------------------------------------------------------------------------


class Source(BaseModel):
    """A recognised source that backs the medical facts in an article."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: PlainText = Field(description="Title of the page, guideline or paper.")
    url: Annotated[str, AfterValidator(_web_address)] = Field(
        description="Full web address, starting with `https://`."
    )
    publisher: PlainText = Field(
        description="Who published it, for example NICE, NHS, MS Society, MS Trust, Cochrane."
    )
    year: int = Field(ge=1950, le=2100, description="Year of publication or last update.")
    landmark: bool = Field(
        default=False, description="`true` for a landmark study or guideline that is still "
        "current although more than ten years old (the source-age rule then says nothing).")


class Review(BaseModel):
    """One review of an article, shown in its Review history."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    date: IsoDate = Field(description="When the review was done, as YYYY-MM-DD.")
    reviewer: Literal[tuple(REVIEWER_ROLES)] = Field(  # type: ignore[valid-type]
        description="The reviewer's role, not their name: one of the reviewer roles listed "
        "with whether each is a clinician's.")
    changes: PlainText = Field(
        max_length=200, description="What changed, in one line, for example 'Checked doses "
        "against the BNF; added the liver test warning'.")

    @property
    def clinician(self) -> bool:
        """Whether the reviewer's role is a clinician's."""
        return REVIEWER_ROLES[self.reviewer]


FactText = Annotated[str, Field(max_length=400), AfterValidator(_plain_text)]
SafetyPoint = Annotated[str, Field(min_length=10, max_length=300), AfterValidator(_plain_text)]


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: FactText = Field(description="One or two plain sentences shown on the article's page.")


class RouteFact(_Fact):
    value: Literal[tuple(ROUTES)] = Field(  # type: ignore[valid-type]
        description="One of " + ", ".join(ROUTES) + ".")


class OnsetFact(_Fact):
    value: Literal[tuple(ONSETS)] = Field(  # type: ignore[valid-type]
        description="One of " + ", ".join(ONSETS) + ".")


class SideEffectsFact(_Fact):
    value: PlainText = Field(
        max_length=70, description="The most common ones in a few words, for the comparison "
        "table, for example 'Sleepiness, feeling sick, dizziness'.")


class ProviderFact(_Fact):
    value: Literal[tuple(PROVIDERS)] = Field(  # type: ignore[valid-type]
        description="One of " + ", ".join(PROVIDERS) + ".")


class NiceFact(_Fact):
    value: Literal[tuple(NICE_POSITIONS)] = Field(  # type: ignore[valid-type]
        description="One of " + ", ".join(NICE_POSITIONS) + ".")


class EvidenceFact(_Fact):
    value: Literal[tuple(EVIDENCE)] = Field(  # type: ignore[valid-type]
        description="One of " + ", ".join(EVIDENCE) + ".")


class KeyFacts(BaseModel):
    """A treatment's Key facts: shown at the top of its page and compared at
    /treatments/compare/."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    what_it_is: FactText = Field(description="What it is, in one plain sentence.")
    how_taken: RouteFact = Field(description="How it is taken or done: `value` and `text`.")
    how_soon: OnsetFact = Field(description="How soon it may help: `value` and `text`.")
    side_effects: SideEffectsFact = Field(
        description="Common side effects: `value` (a few words) and `text`.")
    who_provides: ProviderFact = Field(
        description="Who prescribes or provides it: `value` and `text`.")
    nice_position: NiceFact = Field(
        description="Where it sits in NICE guidance for MS: `value` and `text`.")
    evidence: EvidenceFact = Field(
        description="How strong the research evidence is: `value` and `text`.")


class FrontMatter(BaseModel):
    """Front matter of one article: the block between the two ``---`` lines."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: PlainText = Field(
        max_length=120, description="The article's title, in plain text (no Markdown or HTML)."
    )
    kind: Literal["spasticity-type", "treatment", "experience", "guide"] = Field(
        description="What the article is. It must match the folder: spasticity-type in "
        "content/types/, treatment in content/treatments/, experience in "
        "content/experiences/, guide in content/guides/."
    )
    summary: PlainText = Field(
        min_length=20,
        max_length=400,
        description="One or two plain sentences. Shown at the top of the article, on index "
        "pages, in search results and in print.",
    )
    treatments: Annotated[list[TreatmentSlug], AfterValidator(_no_repeats)] = Field(
        default=[],
        description="Treatments the article is about or mentions, as slugs from "
        "content/data/treatments.yml. Each one's page will link back to this article.",
    )
    spasticity_types: Annotated[list[TypeSlug], AfterValidator(_no_repeats)] = Field(
        default=[],
        description="Spasticity types the article concerns, as slugs from "
        "content/data/spasticity_types.yml.",
    )
    body_regions: Annotated[list[RegionSlug], AfterValidator(_no_repeats)] = Field(
        default=[],
        description="Parts of the body concerned, as slugs from content/data/body_regions.yml.",
    )
    authors: list[PlainText] = Field(
        min_length=1,
        description="Who wrote the article: names, or a first name or pseudonym for experiences.",
    )
    reviewed_by: PlainText = Field(
        description="Who last reviewed the article, named honestly, for example 'Editorial team'."
    )
    published: IsoDate = Field(description="Date first published, as YYYY-MM-DD.")
    last_reviewed: IsoDate = Field(
        description="Date of the last review, as YYYY-MM-DD; not before `published`."
    )
    next_review: IsoDate = Field(
        description="Date the next review is due, as YYYY-MM-DD; after `last_reviewed`."
    )
    reviews: list[Review] = Field(
        default=[],
        description="The Review history shown at the foot of the page, newest first: each "
        "review's `date`, `reviewer` (a role, one of the list below) and `changes` (one line). "
        "The newest is the `last_reviewed` date; none is before `published`. Without it the "
        "page shows one entry made from `last_reviewed` and `reviewed_by`.",
    )
    sources: list[Source] = Field(
        default=[],
        description="Recognised sources for the medical facts, each with title, url, publisher "
        "and year. At least two on recognised sites for spasticity types, treatments and "
        "guides (the recognised-sources rule lists the sites).",
    )
    safety: Annotated[list[SafetyPoint], Field(max_length=12)] = Field(
        default=[],
        description="Safety points, one short warning per line, shown in a box titled Safety "
        "right after In short (and printed there). Required for medicines and injections. "
        "Start with the warning itself, for example 'Never stop baclofen suddenly: ...'; the "
        "words before the first colon are shown in bold.",
    )
    key_facts: KeyFacts | None = Field(
        default=None,
        description="Treatments only, required: the Key facts shown at the top of the page and "
        "in the comparison of treatments. Each point but `what_it_is` has a `value` from a "
        "fixed list and a `text` line (the lists are below).",
    )
    provenance: Literal["contributed", "illustrative"] | None = Field(
        default=None,
        description="Experiences only, required: `contributed` (a real person's account, shared "
        "with consent) or `illustrative` (written for this knowledge base from commonly "
        "reported experiences). Shown on the page.",
    )
    outcomes: dict[TreatmentSlug, Literal[tuple(OUTCOMES)]] = Field(  # type: ignore[valid-type]
        default={},
        description="Experiences only, optional: what each tagged treatment did for the person, "
        "one of " + ", ".join(OUTCOMES) + ". For example `outcomes: {baclofen: helped}`.",
    )
    draft: bool = Field(
        default=False,
        description="`true` keeps the article out of the published site (it is still checked, "
        "and `mkdocs serve` shows it for preview).",
    )


# ---------------------------------------------------------------------------------------------
# Controlled vocabularies (content/data/*.yml)
# ---------------------------------------------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    slug: Slug = Field(description="Lower-case words joined by hyphens; used in URLs and tags.")
    name: PlainText = Field(description="Name shown to readers.")
    aliases: Annotated[list[PlainText], AfterValidator(_no_repeats)] = Field(
        default=[], description="Other names for this same thing: UK brand names, "
        "abbreviations, other spellings. Shown as 'Also called'; never a different medicine "
        "(put that in `related`)."
    )

    @property
    def other_names(self) -> tuple[str, ...]:
        """Every other name for this same thing, which finds it in tags and search."""
        return tuple(self.aliases)


class TreatmentEntry(_Entry):
    """One treatment in content/data/treatments.yml."""

    category: Literal[tuple(CATEGORIES)] = Field(  # type: ignore[valid-type]
        description="One of " + ", ".join(CATEGORIES) + "."
    )
    description: PlainText = Field(max_length=200, description="One line saying what it is.")
    us_brand_names: Annotated[list[PlainText], AfterValidator(_no_repeats)] = Field(
        default=[], description="Brand names used only in the United States, shown as 'US "
        "brand names'. Like aliases, they find this treatment in search and in tags."
    )
    related: Annotated[list[PlainText], AfterValidator(_no_repeats)] = Field(
        default=[], description="Different medicines or products that are related to this one "
        "but are not it (a reader could take both), for example pregabalin for gabapentin. "
        "Shown as 'Related medicines', never as another name; tagging one is refused with a "
        "hint."
    )

    @property
    def other_names(self) -> tuple[str, ...]:
        """Every other name for this treatment itself: its aliases and US brand names."""
        return (*self.aliases, *self.us_brand_names)


class SpasticityTypeEntry(_Entry):
    """One spasticity type in content/data/spasticity_types.yml."""

    description: PlainText = Field(max_length=200, description="One line saying what it is.")


class BodyRegionEntry(_Entry):
    """One body region in content/data/body_regions.yml."""


class GlossaryEntry(BaseModel):
    """One word in content/data/glossary.yml."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    term: PlainText = Field(description="The word or phrase as readers see it.")
    aliases: list[PlainText] = Field(
        default=[], description="Other forms found in articles: plurals, abbreviations."
    )
    definition: PlainText = Field(max_length=300, description="One or two plain sentences.")
    page: Annotated[str, Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+\.md$")] | None = Field(
        default=None, description="The article that explains it in full, e.g. types/clonus.md."
    )

    @property
    def anchor(self) -> str:
        """The term as a slug: its id on the glossary page."""
        return slugify(self.term, limit=200)
