"""The starter content: enough of it, sourced, readable, and explained by the glossary.

These tests read content/ directly, so deleting an article, a source list or a glossary term
fails here.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO, Project
from mskb import check_content
from mskb.glossary import Glossary
from mskb.readability import GRADE_LIMIT, plain_text, smog_grade
from mskb.schema import GlossaryEntry

CONTENT = REPO / "content"
RECOGNISED = ("NICE", "NHS", "MS Society", "MS Trust", "National MS Society", "Cochrane")


def _articles(folder: str) -> dict[str, tuple[dict, str]]:
    found = {}
    for path in sorted((CONTENT / folder).rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        found[path.stem] = (yaml.safe_load(front), body)
    return found


def _vocabulary(name: str) -> list[dict]:
    return yaml.safe_load((CONTENT / "data" / f"{name}.yml").read_text(encoding="utf-8"))


def test_all_content_passes_the_check():
    diagnostics, published, _ = check_content(CONTENT)
    assert [str(d) for d in diagnostics] == []
    assert len(published) >= 40


def test_minimum_numbers_of_articles_of_each_kind():
    assert len(_articles("types")) + len(_articles("guides")) >= 10
    assert len(_articles("treatments")) >= 22
    assert len(_articles("experiences")) >= 8


def test_every_treatment_and_type_in_the_vocabularies_has_an_article():
    assert {e["slug"] for e in _vocabulary("treatments")} <= set(_articles("treatments"))
    assert {e["slug"] for e in _vocabulary("spasticity_types")} <= set(_articles("types"))


@pytest.mark.parametrize("folder", ["types", "treatments", "guides"])
def test_every_medical_article_cites_two_recognised_sources(folder):
    for slug, (front, _) in _articles(folder).items():
        sources = front.get("sources", [])
        recognised = [s for s in sources if any(body in s["publisher"] for body in RECOGNISED)
                      or "doi.org" in s["url"] or "pubmed" in s["url"]]
        assert len(recognised) >= 2, f"content/{folder}/{slug}.md cites {sources}"
        assert all(s["url"].startswith("https://") for s in sources), slug


def test_every_article_shows_when_it_was_reviewed_and_by_whom():
    for folder in ("types", "treatments", "guides", "experiences"):
        for slug, (front, _) in _articles(folder).items():
            assert front["reviewed_by"], slug
            assert front["last_reviewed"] < front["next_review"], slug


def test_experiences_are_illustrative_and_tag_their_treatments():
    for slug, (front, _) in _articles("experiences").items():
        assert front["provenance"] == "illustrative", slug
        assert front["treatments"], slug


def test_no_article_is_harder_to_read_than_the_limit():
    grades = {f"{folder}/{slug}": smog_grade(body)
              for folder in ("types", "treatments", "guides", "experiences")
              for slug, (_, body) in _articles(folder).items()}
    too_hard = {path: grade for path, grade in grades.items() if grade > GRADE_LIMIT}
    assert too_hard == {}


def test_experiences_read_more_easily_than_the_limit():
    for slug, (_, body) in _articles("experiences").items():
        assert smog_grade(body) <= 10, slug


def test_readability_ignores_markdown_code_and_link_addresses():
    text = plain_text("## Heading\n\nSee [the page](https://example.org/a-very-long-address).\n\n"
                      "```\ncode_block()\n```\n")
    assert text == "Heading.\nSee the page."


# --- Glossary -----------------------------------------------------------------------------------

REQUIRED_TERMS = ["Spasticity", "Muscle tone", "Clonus", "Contracture", "Intrathecal", "ITB",
                  "TENS", "FES", "Ashworth scale", "Physiotherapist", "Occupational therapist"]


def _glossary(*entries: dict) -> Glossary:
    glossary = Glossary()
    for entry in entries:
        glossary.add(GlossaryEntry(**entry))
    return glossary


def test_glossary_data_has_the_core_terms():
    terms = [entry["term"] for entry in _vocabulary("glossary")]
    assert set(REQUIRED_TERMS) <= set(terms)


def test_glossary_links_only_the_first_use_and_leaves_code_links_and_headings_alone():
    glossary = _glossary(
        {"term": "Spasm", "aliases": ["spasms"], "definition": "A sudden tightening."},
        {"term": "Flexor spasm", "definition": "A spasm that bends a joint."},
    )
    body = ("## Spasms at night\n\nA `spasm` in code. See [spasms](../types/spasms.md).\n"
            "Flexor spasm first, then spasms, then Spasms again.\n")
    linked, used = glossary.link_terms(body, "guides/x.md")
    assert linked.splitlines()[0] == "## Spasms at night"
    assert "A `spasm` in code. See [spasms](../types/spasms.md)." in linked
    assert linked.splitlines()[3] == (
        '[Flexor spasm](#word-flexor-spasm "A spasm that bends a joint."){ .kb-term } first, '
        'then [spasms](#word-spasm "A sudden tightening."){ .kb-term }, then Spasms again.'
    )
    assert [e.term for e in used] == ["Flexor spasm", "Spasm"]


def test_glossary_term_is_not_linked_on_its_own_full_page():
    glossary = _glossary({"term": "Clonus", "definition": "Jerking.", "page": "types/clonus.md"})
    assert glossary.link_terms("Clonus is common.", "types/clonus.md") == ("Clonus is common.", [])


def test_glossary_page_lists_every_term_with_its_definition(built_site: Project):
    article = built_site.article("glossary/")
    terms = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in article.find_all("dt")}
    for entry in _vocabulary("glossary"):
        assert entry["term"] in terms
        assert " ".join(entry["definition"].split()) in terms[entry["term"]]


def test_article_explains_its_glossary_words_at_the_end_of_the_page(built_site: Project):
    article = built_site.article("guides/what-is-spasticity/")
    links = article.select("a.kb-term")
    assert links, "no glossary term linked"
    targets = [link["href"] for link in links]
    assert len(targets) == len(set(targets)), "a term is linked more than once"
    for link in links:
        definition = article.find(id=link["href"][1:])
        assert definition is not None and definition.name == "dt", link["href"]
        assert link["title"] == " ".join(
            definition.find_next_sibling("dd").get_text(" ", strip=True).split()
        ).split(" Read the full page")[0]
