"""Validation: every kind of mistake in front matter gets a compiler-style diagnostic.

The fixture tests/fixtures/broken/content holds one file per mistake; the exact list of
diagnostics is asserted, so a changed message or a lost error fails here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, KEY_FACTS, REPO, article_text, check_content
from mskb.content.article import url_of
from mskb.content.loading import load

BROKEN = FIXTURES / "broken" / "content"

EXPECTED_DIAGNOSTICS = [
    'content/experiences/dup.md:1: produces the same web address /experiences/dup/ as content/experiences/dup/index.md; rename one of them',
    'content/experiences/dup.md:2: provenance: an experience must say where it comes from: add `provenance: contributed` or `provenance: illustrative`',
    "content/experiences/dup.md:6: outcomes: outcome given for 'baclofen', which is not in `treatments`; add it there",
    "content/experiences/dup.md:16: the page title comes from `title:`; remove this '# ' heading or make it '## '",
    'content/experiences/dup/index.md:1: produces the same web address /experiences/dup/ as content/experiences/dup.md; rename one of them',
    'content/experiences/dup/index.md:2: warning: treatments: tags no treatment or spasticity type, so no topic page links to it; add the ones it mentions, for example `treatments: [baclofen]`',
    "content/experiences/dup/index.md:11: safety: experiences have no safety points: one person's account does not give safety advice; remove `safety` and tell what happened to you in the text (the treatment's own page lists its safety points)",
    "content/guides/My Story.md:1: 'My Story' cannot be part of a web address; use lower-case letters, digits and hyphens (rename it to 'my-story')",
    'content/guides/My Story.md:2: authors: required field is missing; add `authors: ...`',
    'content/guides/My Story.md:2: last_reviewed: required field is missing; add `last_reviewed: ...`',
    'content/guides/My Story.md:2: next_review: required field is missing; add `next_review: ...`',
    'content/guides/My Story.md:2: published: required field is missing; add `published: ...`',
    'content/guides/My Story.md:2: reviewed_by: required field is missing; add `reviewed_by: ...`',
    "content/guides/My Story.md:2: sources: a guide article needs at least 2 recognised sources; it has 0; cite pages of NICE, the NHS, the MS Trust, the MS Society or Cochrane, or papers by their doi.org or PubMed address (every recognised site is listed under 'Content rules' in CONTRIBUTING.md)",
    'content/guides/My Story.md:2: summary: required field is missing; add `summary: ...`',
    "content/guides/bad-dates.md:7: published: '01/11/2026' is not a real date written as YYYY-MM-DD (for example 2026-11-23)",
    "content/guides/bad-dates.md:8: last_reviewed: '2026-13-01' is not a real date written as YYYY-MM-DD (for example 2026-11-23)",
    "content/guides/bad-dates.md:9: next_review: '2027-02-30' is not a real date written as YYYY-MM-DD (for example 2026-11-23)",
    'content/guides/broken-yaml.md:5: front matter is not valid YAML: mapping values are not allowed here (put quotes around text that contains a colon, or check the indentation)',
    "content/guides/empty-body.md:14: the article has no text: write it below the closing '---'",
    'content/guides/latin-1.md:2: not UTF-8 text (byte 0xe9); save the file with UTF-8 encoding',
    "content/guides/no-front-matter.md:1: missing front matter: the file must start with a line '---', then the fields (title, kind, summary, ...), then another '---' (copy archetypes/article.md)",
    "content/guides/script-title.md:2: title: contains HTML markup ('<script>'); write plain text only",
    "content/guides/script-title.md:4: summary: contains HTML markup ('<img src'); write plain text only",
    "content/guides/unknown-kind.md:3: kind: 'treatement' is not allowed (did you mean 'treatment'?); use one of 'spasticity-type', 'treatment', 'experience' or 'guide'",
    "content/guides/unknown-kind.md:5: sumary: unknown field 'sumary' (did you mean 'summary'?); allowed fields are: title, kind, summary, treatments, spasticity_types, body_regions, authors, reviewed_by, published, last_reviewed, next_review, reviews, sources, safety, key_facts, provenance, outcomes, draft",
    "content/guides/wrong-types.md:5: treatments: must be a list: write `[a, b]` or one `- item` per line (found 'baclofen')",
    "content/guides/wrong-types.md:6: authors: must be a list: write `[a, b]` or one `- item` per line (found 'Editorial team')",
    "content/guides/wrong-types.md:11: draft: must be true or false (found 'maybe')",
    "content/guides/wrong-types.md:13: sources[0].year: must be a whole number (found 'last year')",
    'content/stray.md:1: articles must live in one of content/types/, content/treatments/, content/experiences/, content/guides/; move it there',
    'content/treatments/baclofen.md:2: safety: Baclofen is in the group \'oral-medicine\' (medicines taken by mouth), so its article lists at least one safety point: add `safety:` with one warning a line, each starting with the warning itself, for example "Never stop baclofen suddenly: ..."',
    "content/treatments/baclofen.md:4: treatments[0]: unknown treatment 'baclofin' (did you mean 'baclofen'?); the known ones are listed in content/data/treatments.yml",
    "content/treatments/baclofen.md:4: treatments[1]: unknown treatment 'Botox' (did you mean 'botulinum-toxin'? 'Botox' is another name for it); the known ones are listed in content/data/treatments.yml",
    'content/treatments/baclofen.md:10: next_review: 2026-05-01 is not after last_reviewed (2026-06-01); set the date the next review is due, usually a year or two after the last one',
    "content/treatments/baclofen.md:17: sources[1].url: 'not a web address' is not a full web address; copy it from the browser's address bar, starting with https://",
    "content/treatments/baclofen.md:23: key_facts.how_soon.value: 'quickly' is not allowed; use one of 'hours', 'days', 'weeks', 'months' or 'varies'",
    'content/treatments/tens.md:2: key_facts: a treatment article needs Key facts: add `key_facts:` with what_it_is (What it is), how_taken (How it is taken or done), how_soon (How soon it may help), side_effects (Common side effects), who_provides (Who prescribes or provides it), nice_position (Where it sits in NICE guidance), evidence (How strong the evidence is); each but what_it_is has a `value` from a fixed list and a `text` line (see content/treatments/baclofen.md, and the lists in the front matter reference)',
    'content/treatments/tens.md:15: key_facts: the Key facts box now comes from front matter: move each of its points into `key_facts:` (what_it_is, how_taken, ...) and delete this box, or the page would show it twice',
    "content/treatments/tens.md:29: a treatment article has the sections '## How it works', '## What the evidence says', '## What to expect', '## Questions to ask your clinician' in this order (they are out of order)",
    "content/treatments/tizanidine.md:1: 'tizanidine' is not in content/data/treatments.yml; rename the file to a known slug or add the new entry to the vocabulary first",
    "content/types/stiffness.md:3: kind: 'guide' articles live in content/guides/, but this file is in content/types/; move the file or write `kind: spasticity-type`",
    'content/types/stiffness.md:13: key_facts: only treatment articles have Key facts; remove `key_facts` (put facts in the text)',
]


def test_broken_fixture_reports_every_mistake_with_file_line_field_and_fix():
    content = load(BROKEN)
    assert [str(d) for d in content.diagnostics] == EXPECTED_DIAGNOSTICS
    failed = {d.path for d in content.errors}
    assert [a.path for a in content.articles + content.drafts if a.path in failed] == [], \
        "a file with an error became an article"


def test_every_markdown_file_in_the_broken_fixture_is_reported():
    """No file is silently skipped: each .md under content/ produces at least one error."""
    diagnostics, _, _ = check_content(BROKEN)
    reported = {d.path for d in diagnostics}
    markdown = {f"content/{p.relative_to(BROKEN).as_posix()}" for p in BROKEN.rglob("*.md")}
    assert markdown - reported == set()


def test_check_command_prints_diagnostics_and_fails(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "mskb", "check", str(BROKEN)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert run.returncode == 1
    assert run.stdout.splitlines() == EXPECTED_DIAGNOSTICS
    assert "42 errors and 1 warning in 16 files" in run.stderr


def test_check_command_annotates_pull_requests_in_github_format():
    run = subprocess.run(
        [sys.executable, "-m", "mskb", "check", "--format", "github", str(BROKEN)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == len(EXPECTED_DIAGNOSTICS)
    pattern = re.compile(r"^::(?P<level>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
                         r"title=[^:]+::(?P<msg>.+)$")
    for line, expected in zip(lines, EXPECTED_DIAGNOSTICS, strict=True):
        match = pattern.match(line)
        assert match, line
        path, number, message = expected.split(":", 2)
        level = "warning" if message.startswith(" warning: ") else "error"
        assert (match["level"], match["file"], match["line"]) == (level, path, number)
        assert match["msg"] == message.removeprefix(" warning:").strip().replace("%", "%25")


def test_check_command_passes_on_the_real_content():
    run = subprocess.run(
        [sys.executable, "-m", "mskb", "check"], capture_output=True, text=True, cwd=REPO
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert ": 0 errors and " in run.stdout
    # The only warnings are of sources more than ten years old, which editors weigh one by one
    # (replace them, or mark landmark studies `landmark: true`); warnings still publish.
    others = [line for line in run.stdout.splitlines()[:-1]
              if " years old, more than 10; replace it with a newer source" not in line]
    assert others == []


def _content_with(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    for path in (BROKEN / "data").iterdir():
        (content / "data" / path.name).write_text(path.read_text())
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return content


def test_valid_article_passes(tmp_path):
    content = _content_with(tmp_path, {"guides/fine.md": article_text(treatments=["tens"])})
    diagnostics, published, drafts = check_content(content)
    assert (diagnostics, len(published), len(drafts)) == ([], 1, 0)


def test_draft_is_counted_apart_from_published(tmp_path):
    content = _content_with(tmp_path, {
        "guides/fine.md": article_text(),
        "guides/later.md": article_text(draft=True),
    })
    diagnostics, published, drafts = check_content(content)
    assert (diagnostics, [a.title for a in published], [a.title for a in drafts]) == (
        [], ["A test article"], ["A test article"])


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"body_regions": ["leggs"]},
         "body_regions[0]: unknown body region 'leggs' (did you mean 'legs'?)"),
        ({"spasticity_types": ["Spasms"]},
         "spasticity_types[0]: unknown spasticity type 'Spasms' (did you mean 'spasms'? "
         "'Spasms' is another name for it)"),
        ({"treatments": ["lioresal"]},
         "treatments[0]: unknown treatment 'lioresal' (did you mean 'baclofen'? "
         "'lioresal' is another name for it)"),
        ({"treatments": ["tens", "tens"]}, "treatments: 'tens' is listed twice; keep one"),
        ({"provenance": "contributed"},
         "provenance: only experiences have a provenance; remove this line"),
        ({"sources": []}, "sources: a guide article needs at least 2 recognised sources"),
        ({"published": "2026-03-01"},
         "last_reviewed: 2026-01-02 is before published (2026-03-01)"),
        ({"key_facts": KEY_FACTS}, "key_facts: only treatment articles have Key facts"),
        ({"safety": ["Too short"]}, "safety[0]: string should have at least 10 characters"),
        ({"summary": "Too short."}, "summary: string should have at least 20 characters"),
        ({"summary": "   "}, "summary: is empty; fill it in"),
    ],
)
def test_single_mistakes_get_a_precise_message(tmp_path, fields, expected):
    content = _content_with(tmp_path, {"guides/one.md": article_text(**fields)})
    diagnostics, _, _ = check_content(content)
    assert len(diagnostics) == 1, [str(d) for d in diagnostics]
    assert expected in str(diagnostics[0])
    assert str(diagnostics[0]).startswith("content/guides/one.md:")


def test_vocabulary_mistakes_are_reported_with_lines(tmp_path):
    content = _content_with(tmp_path, {"guides/fine.md": article_text()})
    (content / "data" / "treatments.yml").write_text(
        "- slug: tens\n  name: TENS\n  category: gadget\n  description: Pulses.\n"
        "- slug: tens\n  name: TENS again\n  category: device\n  description: Pulses.\n"
    )
    diagnostics, _, _ = check_content(content)
    assert [str(d) for d in diagnostics] == [
        "content/data/treatments.yml:3: category: 'gadget' is not allowed; use one of "
        "'oral-medicine', 'injection', 'intrathecal', 'physical-therapy', 'device', 'topical', "
        "'complementary' or 'surgery'",
        "content/data/treatments.yml:5: slug: 'tens' is defined twice; keep one entry",
    ]


def test_repeated_key_in_front_matter_is_an_error_not_a_silent_overwrite(tmp_path):
    text = article_text().replace("kind: guide\n", "kind: guide\ntitle: Second title\n")
    content = _content_with(tmp_path, {"guides/twice.md": text})
    diagnostics, _, _ = check_content(content)
    assert [str(d) for d in diagnostics] == [
        "content/guides/twice.md:4: title: written twice; keep one"
    ]


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [("guides/a.md", "guides/a/"), ("guides/a/index.md", "guides/a/"), ("index.md", "")],
)
def test_url_of_matches_mkdocs_directory_urls(src_uri, url):
    assert url_of(src_uri) == url
