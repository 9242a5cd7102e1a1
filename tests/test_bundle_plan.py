"""What a topic bundle holds once the vocabulary grows: at most MAX_RELATED related topics in
brief, chosen in NICE's order, and a line saying how many were left out (mskb.printing.bundles).
Checked on the plan, built from the real content with contributed treatments added to the
vocabulary, so no build is needed."""

from __future__ import annotations

import dataclasses
from datetime import date
from types import SimpleNamespace

import pytest

from conftest import CONTENT
from mskb.content.loading import load
from mskb.index import Topic, build_index, treatment_order
from mskb.pages.build import DISCLAIMER, _bundle_page
from mskb.pages.render import Renderer
from mskb.printing.bundles import MAX_RELATED, plan_bundles

ADDED = 50


@pytest.fixture(scope="module")
def index():
    loaded = load(CONTENT)
    assert not loaded.errors, loaded.errors[:3]
    return build_index(loaded.articles, loaded.vocabulary)


def _grow(index, count: int):
    """``index`` with ``count`` more treatments (no article of their own) tagged with
    stiffness, as contributed treatments are."""
    kind = next(iter(index.treatments.values())).kind
    stiffness = index.spasticity_types["stiffness"]
    treatments = dict(index.treatments)
    related = dict(stiffness.related)
    for number in range(count):
        slug = f"added-treatment-{number:02d}"
        entry = SimpleNamespace(name=f"Added treatment {number:02d}", category="physical")
        treatments[slug] = Topic(kind, slug, entry, related={"stiffness": None})
        related[slug] = None
    types = {**index.spasticity_types,
             "stiffness": dataclasses.replace(stiffness, related=related)}
    return dataclasses.replace(index, topics={**index.topics, "treatment": treatments,
                                              "spasticity-type": types})


def _briefs(bundle) -> list[str]:
    return [member.title for member in bundle.members if member.brief]


def test_todays_bundles_print_every_related_topic(index):
    for bundle in plan_bundles(index):
        assert bundle.related_left_out == 0, bundle.slug
        topic = index.topics[bundle.kind][bundle.slug]
        assert len(_briefs(bundle)) == len(topic.related), bundle.slug


def test_a_grown_type_bundle_prints_the_treatments_nice_puts_first_and_counts_the_rest(index):
    grown = _grow(index, ADDED)
    stiffness = grown.spasticity_types["stiffness"]
    bundle = next(b for b in plan_bundles(grown) if b.slug == "stiffness")
    briefs = _briefs(bundle)
    assert len(briefs) == MAX_RELATED
    assert bundle.related_left_out == len(stiffness.related) - MAX_RELATED
    assert briefs == sorted(briefs, key=str.lower), "printed in the order of their names"
    ranked = sorted((grown.treatments[slug] for slug in stiffness.related), key=treatment_order)
    assert set(briefs) == {topic.name for topic in ranked[:MAX_RELATED]}
    first_line = [topic.name for topic in ranked if topic.key_facts
                  and topic.key_facts.nice_position.value == "first-line"]
    assert first_line and set(first_line) <= set(briefs), "NICE's first-line choices kept"
    # Every other bundle is as it was: the added treatments' own bundles hold one type.
    for other in plan_bundles(grown):
        if other.slug != "stiffness":
            assert other.related_left_out == 0, other.slug


def test_a_grown_bundle_says_on_its_cover_how_many_treatments_it_leaves_out(index):
    grown = _grow(index, ADDED)
    bundle = next(b for b in plan_bundles(grown) if b.slug == "stiffness")
    total = len(grown.spasticity_types["stiffness"].related)
    page = _bundle_page(Renderer(disclaimer=DISCLAIMER), bundle, "MS spasticity knowledge base",
                        "", date(2026, 11, 27))
    name = "Stiffness (tonic spasticity)"
    assert (f"This document has, in brief, {MAX_RELATED} of the {total} treatments linked to "
            f"{name}, those NICE puts first. The others are linked from the page "
            f'<a href="../../../types/stiffness/">{name}</a>.') in page.markdown
