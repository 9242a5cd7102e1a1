"""Every content rule, proved: a valid example passes it and an invalid one gets its exact message.

The rules live in ``mskb.content.rules`` (one function each, dispatched by ``RULES``); these
tests only prove them, so a changed message, a lost rule or a rule without a test fails here.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, KEY_FACTS, SAFETY, VALID_FRONT_MATTER, article_text, treatment_body
from mskb.content.loading import load
from mskb.content.rules import BY_NAME, RULES

DATA = FIXTURES / "broken" / "content" / "data"
EXPERIENCE = {"kind": "experience", "sources": [], "treatments": ["baclofen"]}
HARD = ("Intrathecal administration necessitates neurosurgical implantation, individualised "
        "titration, meticulous pharmacological monitoring and comprehensive multidisciplinary "
        "rehabilitation evaluation. ")


def _content(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DATA, content / "data")
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def _found(tmp_path: Path, files: dict[str, str], rule: str) -> list[str]:
    return [str(d) for d in load(_content(tmp_path, files)).diagnostics if d.rule == rule]


def _glossary(*entries: dict) -> str:
    return yaml.safe_dump(list(entries), sort_keys=False)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The rules judge dates against today: the examples are judged on 27 November 2026, as
    ``SOURCE_DATE_EPOCH`` pins a reproducible build's date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 11, 27, tzinfo=UTC)
                                                    .timestamp())))


CASES = {
    "regular-files": (
        {"guides/a.md": article_text()},
        {"guides/a.md": article_text(), "guides/.notes.md": "x"},
        ["content/guides/.notes.md:1: is a hidden file (its name or folder starts with '.'); "
         "delete it, or rename it without the dot"],
    ),
    "file-types": (
        {"guides/a.md": article_text()},
        {"guides/a.md": article_text(), "guides/b.html": "<p>x</p>"},
        ["content/guides/b.html:1: files of type '.html' are not published from content/; only "
         "articles (.md) and images (.avif, .gif, .jpeg, .jpg, .png, .webp)"],
    ),
    "images": (
        {"guides/a.md": article_text(body="![A calf stretch](stretch.png)\n"),
         "guides/stretch.png": "png"},
        {"guides/a.md": article_text(), "guides/stretch.png": "png"},
        ["content/guides/stretch.png:1: no article shows this image; add it to an article "
         "(`![what it shows](file name)`) or delete it"],
    ),
    "article-size": (
        {"guides/a.md": article_text(body="Short. " * 100)},
        {"guides/a.md": article_text(body="Long. " * 40_000)},
        ["content/guides/a.md:1: is 240 KB; an article may be at most 200 KB: split it into "
         "several articles"],
    ),
    "body-html": (
        {"guides/a.md": article_text(body="H<sub>2</sub>O, [NHS](https://www.nhs.uk/), "
                                          "`<script>`\n")},
        {"guides/a.md": article_text(body="Text.\n\n<script>alert(1)</script>\n")},
        ["content/guides/a.md:24: raw HTML <script> is not published; write it in Markdown (## "
         "headings, - lists, [words](address) links). Articles may use only <abbr>, <br>, "
         "<kbd>, <sub>, <sup>; to show a tag as text, put it in `backticks`"],
    ),
    "invisible-characters": (
        {"guides/a.md": article_text(body="Plain text.\n")},
        {"guides/a.md": article_text(body="Take one\u202e a day.\n")},
        ["content/guides/a.md:22: contains the invisible character U+202E; delete it (retype "
         "the words around it if you cannot see it)"],
    ),
    "article-folder": (
        {"guides/a.md": article_text()},
        {"stray.md": article_text()},
        ["content/stray.md:1: articles must live in one of content/types/, content/treatments/, "
         "content/experiences/, content/guides/; move it there"],
    ),
    "web-address-names": (
        {"guides/my-notes.md": article_text()},
        {"guides/My Notes.md": article_text()},
        ["content/guides/My Notes.md:1: 'My Notes' cannot be part of a web address; use "
         "lower-case letters, digits and hyphens (rename it to 'my-notes')"],
    ),
    "topic-file-names": (
        {"treatments/tens.md": article_text(kind="treatment", title="TENS")},
        {"treatments/tensx.md": article_text(kind="treatment", title="TENS")},
        ["content/treatments/tensx.md:1: 'tensx' is not in content/data/treatments.yml (did you "
         "mean 'tens'?); rename the file to a known slug or add the new entry to the vocabulary "
         "first"],
    ),
    "front-matter": (
        {"guides/a.md": article_text()},
        {"guides/a.md": article_text(title=None)},
        ["content/guides/a.md:2: title: required field is missing; add `title: ...`"],
    ),
    "kind-matches-folder": (
        {"guides/a.md": article_text()},
        {"guides/a.md": article_text(kind="spasticity-type")},
        ["content/guides/a.md:3: kind: 'spasticity-type' articles live in content/types/, but "
         "this file is in content/guides/; move the file or write `kind: guide`"],
    ),
    "reviewed-after-published": (
        {"guides/a.md": article_text(published="2026-01-02")},
        {"guides/a.md": article_text(published="2026-03-01")},
        ["content/guides/a.md:9: last_reviewed: 2026-01-02 is before published (2026-03-01); a "
         "review cannot precede publication"],
    ),
    "next-review-after-last": (
        {"guides/a.md": article_text(next_review="2026-01-03")},
        {"guides/a.md": article_text(next_review="2026-01-02")},
        ["content/guides/a.md:10: next_review: 2026-01-02 is not after last_reviewed "
         "(2026-01-02); set the date the next review is due, usually a year or two after the "
         "last one"],
    ),
    "review-history": (
        {"guides/a.md": article_text(reviews=[
            {"date": "2026-01-02", "reviewer": "Neurologist", "changes": "Checked the doses."},
            {"date": "2026-01-01", "reviewer": "Editorial team", "changes": "First published."}])},
        {"guides/a.md": article_text(reviews=[
            {"date": "2026-01-01", "reviewer": "Editorial team", "changes": "First published."}])},
        ["content/guides/a.md:20: reviews: the newest review is of 2026-01-01, but last_reviewed "
         "is 2026-01-02; add the review of 2026-01-02 at the top of `reviews` (date, reviewer, "
         "changes)"],
    ),
    "recognised-sources": (
        {"guides/a.md": article_text()},
        {"guides/a.md": article_text(sources=[
            {**VALID_FRONT_MATTER["sources"][0]},
            {"title": "A blog", "url": "https://blog.example.com/spasms", "publisher": "Me",
             "year": 2025}])},
        ["content/guides/a.md:11: sources: a guide article needs at least 2 recognised sources; "
         "it has 1 (and 1 on other sites); cite pages of NICE, the NHS, the MS Trust, the MS "
         "Society or Cochrane, or papers by their doi.org or PubMed address (every recognised "
         "site is listed under 'Content rules' in CONTRIBUTING.md)"],
    ),
    "source-age": (
        {"guides/a.md": article_text(sources=[
            *VALID_FRONT_MATTER["sources"],
            {"title": "A landmark trial", "url": "https://doi.org/10.1056/NEJM198906293202603",
             "publisher": "NEJM", "year": 1989, "landmark": True}])},
        {"guides/a.md": article_text(sources=[
            *VALID_FRONT_MATTER["sources"],
            {"title": "An old review", "url": "https://doi.org/10.1002/14651858.CD001332",
             "publisher": "Cochrane", "year": 2003}])},
        ["content/guides/a.md:20: warning: sources: 'An old review' (2003) is 23 years old, more "
         "than 10; replace it with a newer source, or add `landmark: true` to it if it is a "
         "landmark study or guideline that is still current"],
    ),
    "provenance": (
        {"experiences/mine.md": article_text(**EXPERIENCE, provenance="contributed")},
        {"guides/a.md": article_text(provenance="contributed")},
        ["content/guides/a.md:20: provenance: only experiences have a provenance; remove this "
         "line"],
    ),
    "outcomes": (
        {"experiences/mine.md": article_text(**EXPERIENCE, outcomes={"baclofen": "helped"})},
        {"experiences/mine.md": article_text(**EXPERIENCE, outcomes={"tens": "helped"})},
        ["content/experiences/mine.md:15: outcomes: outcome given for 'tens', which is not in "
         "`treatments`; add it there"],
    ),
    "has-text": (
        {"guides/a.md": article_text()},
        {"guides/a.md": article_text(body="\n")},
        ["content/guides/a.md:21: the article has no text: write it below the closing '---'"],
    ),
    "no-title-heading": (
        {"guides/a.md": article_text(body="## A section\n\nText.\n")},
        {"guides/a.md": article_text(body="Text.\n\n# A title\n")},
        ["content/guides/a.md:24: the page title comes from `title:`; remove this '# ' heading "
         "or make it '## '"],
    ),
    "links-once": (
        {"guides/a.md": article_text(body="See [clonus](../types/clonus.md).\n\n"
                                          "Clonus again, and `[code](../types/clonus.md)`.\n")},
        {"guides/a.md": article_text(body="See [clonus](../types/clonus.md).\n\n"
                                          "Again [clonus](../types/clonus.md#why).\n")},
        ["content/guides/a.md:24: links again to types/clonus.md, which line 22 already links "
         "to; keep the first link and write this mention as plain text"],
    ),
    "treatment-key-facts": (
        {"treatments/tens.md": article_text(kind="treatment")},
        {"treatments/tens.md": article_text(kind="treatment", key_facts=None)},
        ["content/treatments/tens.md:2: key_facts: a treatment article needs Key facts: add "
         "`key_facts:` with what_it_is (What it is), how_taken (How it is taken or done), "
         "how_soon (How soon it may help), side_effects (Common side effects), who_provides "
         "(Who prescribes or provides it), nice_position (Where it sits in NICE guidance), "
         "evidence (How strong the evidence is); each but what_it_is has a `value` from a fixed "
         "list and a `text` line (see content/treatments/baclofen.md, and the lists in the front "
         "matter reference)"],
    ),
    "treatment-safety": (
        {"treatments/baclofen.md": article_text(kind="treatment", title="Baclofen")},
        {"treatments/baclofen.md": article_text(kind="treatment", title="Baclofen",
                                                safety=None)},
        ["content/treatments/baclofen.md:2: safety: Baclofen is in the group 'oral-medicine' "
         "(medicines taken by mouth), so its article lists at least one safety point: add "
         "`safety:` with one warning a line, each starting with the warning itself, for example "
         "\"Never stop baclofen suddenly: ...\""],
    ),
    "treatment-sections": (
        {"treatments/tens.md": article_text(kind="treatment")},
        {"treatments/tens.md": article_text(
            kind="treatment",
            body=treatment_body().replace("## What to expect", "## Expectations"))},
        ["content/treatments/tens.md:60: a treatment article has the sections '## How it works', "
         "'## What the evidence says', '## What to expect', '## Questions to ask your clinician' "
         "in this order (missing: What to expect)"],
    ),
    "experience-tags": (
        {"experiences/mine.md": article_text(**EXPERIENCE)},
        {"experiences/mine.md": article_text(**{**EXPERIENCE, "treatments": []})},
        ["content/experiences/mine.md:12: warning: treatments: tags no treatment or spasticity "
         "type, so no topic page links to it; add the ones it mentions, for example "
         "`treatments: [baclofen]`"],
    ),
    "readability": (
        {"guides/a.md": article_text(body="Stiff legs are common in MS. Stretching helps.\n")},
        {"guides/a.md": article_text(body="Stiff legs are common.\n\n" + HARD * 3 + "\n")},
        ["content/guides/a.md:24: warning: readability: SMOG grade 21.0 is above 12; the "
         "hardest sentence is \"Intrathecal administration necessitates neurosurgical "
         "implantation, individualised titration, meticulous pharmacological monitoring and "
         "comprehensive multidi...\". Use shorter sentences and everyday words"],
    ),
    "unique-addresses": (
        {"guides/a.md": article_text(), "guides/b/index.md": article_text()},
        {"guides/a.md": article_text(), "guides/a/index.md": article_text()},
        ["content/guides/a.md:1: produces the same web address /guides/a/ as "
         "content/guides/a/index.md; rename one of them",
         "content/guides/a/index.md:1: produces the same web address /guides/a/ as "
         "content/guides/a.md; rename one of them"],
    ),
    "glossary-pages": (
        {"guides/a.md": article_text(),
         "data/glossary.yml": _glossary({"term": "Clonus", "definition": "Jerking.",
                                         "page": "guides/a.md"})},
        {"guides/a.md": article_text(),
         "data/glossary.yml": _glossary({"term": "Clonus", "definition": "Jerking."},
                                        {"term": "Spasm", "definition": "A sudden tightening.",
                                         "page": "guides/spasms.md"})},
        ["content/data/glossary.yml:3: page: 'Spasm' points to guides/spasms.md, which is not a "
         "published page; fix the path or remove `page:`"],
    ),
    "whole-guide": (
        {"guides/a.md": article_text(), "data/whole_guide.yml": "articles:\n  - guides/a.md\n"},
        {"guides/a.md": article_text(), "experiences/mine.md": article_text(**EXPERIENCE),
         "guides/later.md": article_text(draft=True),
         "data/whole_guide.yml": "# The whole guide\narticles:\n  - guides/a.md\n"
                                 "  - guides/b.md\n  - experiences/mine.md\n"
                                 "  - guides/later.md\n  - baclofen\n"},
        ["content/data/whole_guide.yml:4: 'guides/b.md' is not an article under content/ (did "
         "you mean 'guides/a.md'?); correct the path or remove the line",
         "content/data/whole_guide.yml:5: 'experiences/mine.md' is a personal account: the "
         "whole guide lists the accounts on its experiences page instead of printing them; "
         "remove this line",
         "content/data/whole_guide.yml:6: 'guides/later.md' is a draft, so it is not "
         "published; remove this line, or add it back when the article is published",
         "content/data/whole_guide.yml:7: 'baclofen' is not an article under content/ (articles "
         "are in the folders experiences/, guides/, treatments/, types/); correct the path or "
         "remove the line"],
    ),
    "glossary-anchors": (
        {"guides/a.md": article_text(),
         "data/glossary.yml": _glossary({"term": "MS hug", "definition": "A tight band."})},
        {"guides/a.md": article_text(),
         "data/glossary.yml": _glossary({"term": "MS hug", "definition": "A tight band."},
                                        {"term": "MS-hug", "definition": "The same."})},
        ["content/data/glossary.yml:3: term: 'MS-hug' and 'MS hug' would have the same link "
         "(#ms-hug); make them differ in letters or digits, or make one an alias of the other"],
    ),
}


def test_every_rule_has_a_valid_and_an_invalid_example():
    assert set(CASES) == {rule.name for rule in RULES}


@pytest.mark.parametrize("name", list(CASES))
def test_valid_example_passes_every_rule(tmp_path, name):
    valid, _, _ = CASES[name]
    assert [str(d) for d in load(_content(tmp_path, valid)).diagnostics] == []


@pytest.mark.parametrize("name", list(CASES))
def test_invalid_example_gets_the_exact_message(tmp_path, name):
    _, invalid, expected = CASES[name]
    assert _found(tmp_path, invalid, name) == expected


@pytest.mark.parametrize("name", list(CASES))
def test_rule_states_its_rule_and_severity(name):
    rule = BY_NAME[name]
    assert rule.severity in ("error", "warning")
    assert len(rule.statement) > 30, f"{name}: its docstring should state the rule"


def test_the_build_runs_every_error_rule():
    """What the build skips can only ever be a warning: it never publishes what the check
    refuses."""
    from mskb.content.rules import BUILD_RULES

    assert {r.name for r in RULES if r.severity == "error"} <= {r.name for r in BUILD_RULES}
    assert [r.name for r in RULES if r not in BUILD_RULES] == ["readability"]


def test_warnings_publish_the_article_and_errors_do_not(tmp_path):
    content = load(_content(tmp_path, {
        "experiences/untagged.md": article_text(**{**EXPERIENCE, "treatments": []}),
        "guides/broken.md": article_text(next_review="2026-01-01"),
    }))
    assert [d.severity for d in content.diagnostics] == ["warning", "error"]
    assert [a.path for a in content.articles] == ["content/experiences/untagged.md"]


def test_a_contributed_story_is_valid(tmp_path):
    content = load(_content(tmp_path, {
        "experiences/mine.md": article_text(**EXPERIENCE, provenance="contributed")}))
    assert content.diagnostics == []
    assert content.articles[0].meta.provenance == "contributed"


# --- Rules that compare fields do not depend on field order ------------------------------------

CROSS_FIELD = ["reviewed-after-published", "next-review-after-last", "recognised-sources",
               "source-age", "review-history",
               "provenance", "outcomes", "treatment-key-facts", "treatment-safety"]


def _reordered(text: str, *, reverse: bool, break_title: bool) -> str:
    """The same article with its front matter fields in reverse order, or its title broken."""
    _, head, body = text.split("---\n", 2)
    fields = yaml.safe_load(head)
    if reverse:
        fields = dict(reversed(list(fields.items())))
    if break_title:
        fields["title"] = "<b>Bold</b> title"
    return "---\n" + yaml.safe_dump(fields, sort_keys=False) + "---\n" + body


@pytest.mark.parametrize("name", CROSS_FIELD)
def test_cross_field_rules_do_not_depend_on_field_order(tmp_path, name):
    _, invalid, expected = CASES[name]
    ((rel, text),) = invalid.items()
    reversed_text = _reordered(text, reverse=True, break_title=False)
    found = _found(tmp_path, {rel: reversed_text}, name)
    assert [line.split(":", 2)[2] for line in found] == \
        [line.split(":", 2)[2] for line in expected]


@pytest.mark.parametrize("name", CROSS_FIELD)
def test_cross_field_rules_run_when_another_field_is_wrong(tmp_path, name):
    _, invalid, expected = CASES[name]
    ((rel, text),) = invalid.items()
    found = _found(tmp_path, {rel: _reordered(text, reverse=False, break_title=True)}, name)
    assert [line.split(":", 2)[2] for line in found] == \
        [line.split(":", 2)[2] for line in expected]


# --- Key facts and safety points live in front matter --------------------------------------------

OLD_BOX = ('!!! abstract "Key facts"\n    - **What it is:** a device.\n\n')


@pytest.mark.parametrize(("files", "expected"), [
    ({"guides/a.md": article_text(key_facts=KEY_FACTS)},
     ["content/guides/a.md:20: key_facts: only treatment articles have Key facts; remove "
      "`key_facts` (put facts in the text)"]),
    ({"treatments/tens.md": article_text(kind="treatment", body=OLD_BOX + treatment_body())},
     ["content/treatments/tens.md:44: key_facts: the Key facts box now comes from front matter: "
      "move each of its points into `key_facts:` (what_it_is, how_taken, ...) and delete this "
      "box, or the page would show it twice"]),
    ({"treatments/tens.md": article_text(
        kind="treatment", body="```\n" + OLD_BOX + "```\n\n" + treatment_body())}, []),
    ({"guides/a.md": article_text(body=OLD_BOX + "Text.\n")}, []),
], ids=["guide-with-key-facts", "box-left-in-the-text", "box-shown-as-code", "guide-box"])
def test_key_facts_belong_to_a_treatment_s_front_matter(tmp_path, files, expected):
    assert _found(tmp_path, files, "treatment-key-facts") == expected


def test_invalid_key_facts_are_reported_once_by_the_schema(tmp_path):
    facts = {**KEY_FACTS, "how_taken": {"value": "tablets", "text": "by mouth."}}
    found = [str(d) for d in load(_content(tmp_path, {"treatments/tens.md": article_text(
        kind="treatment", key_facts=facts)})).diagnostics]
    assert found == [
        "content/treatments/tens.md:23: key_facts.how_taken.value: 'tablets' is not allowed; use "
        "one of 'by-mouth', 'mouth-spray', 'on-the-skin', 'injection', 'pump', 'therapy', "
        "'self-care', 'device' or 'operation'"]


@pytest.mark.parametrize(("files", "expected"), [
    ({"experiences/mine.md": article_text(**EXPERIENCE, safety=SAFETY)},
     ["content/experiences/mine.md:14: safety: experiences have no safety points: one person's "
      "account does not give safety advice; remove `safety` and tell what happened to you in the "
      "text (the treatment's own page lists its safety points)"]),
    ({"treatments/botulinum-toxin.md": article_text(kind="treatment", title="Botulinum toxin",
                                                    safety=None)},
     ["content/treatments/botulinum-toxin.md:2: safety: Botulinum toxin injections is in the "
      "group 'injection' (injections), so its article lists at least one safety point: add "
      "`safety:` with one warning a line, each starting with the warning itself, for example "
      "\"Never stop baclofen suddenly: ...\""]),
    ({"treatments/tens.md": article_text(kind="treatment", safety=None)}, []),
    ({"treatments/tens.md": article_text(kind="treatment", safety=SAFETY)}, []),
    ({"guides/a.md": article_text(safety=SAFETY)}, []),
], ids=["experience", "injection", "device-without", "device-with", "guide"])
def test_medicines_and_injections_need_safety_points_and_experiences_have_none(
        tmp_path, files, expected):
    assert _found(tmp_path, files, "treatment-safety") == expected


@pytest.mark.parametrize(("year", "flagged"), [(2016, False), (2015, True)])
def test_a_source_is_old_after_ten_whole_years(tmp_path, year, flagged):
    source = {"title": "A review", "url": "https://doi.org/10.1/x", "publisher": "X",
              "year": year}
    found = _found(tmp_path, {"guides/a.md": article_text(
        sources=[*VALID_FRONT_MATTER["sources"], source])}, "source-age")
    assert bool(found) is flagged
