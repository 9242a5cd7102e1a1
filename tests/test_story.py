"""The "Share your experience" issue form and ``python -m mskb story``, which turns an issue
into a draft experience. The issue body is untrusted: every test here is offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, REPO, check_content, front_matter
from mskb.content.vocabulary import Vocabulary, load_vocabulary
from mskb.contributing.story import (
    CONSENT,
    FIELDS,
    REQUIRED,
    StoryError,
    for_comment,
    form_options,
    parse_issue_body,
    run,
    story_to_article,
)

STORIES = FIXTURES / "stories"
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "share-your-experience.yml"
TODAY = date(2026, 5, 4)


@pytest.fixture
def content(tmp_path):
    """A copy of the real content folder (vocabularies, glossary, articles) to write into,
    without its experiences, so that a story already published cannot clash with these."""
    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy, ignore=shutil.ignore_patterns("experiences"))
    return copy


def story(name: str) -> str:
    return (STORIES / f"{name}.md").read_text(encoding="utf-8")


def issue_body(answers: dict[str, str]) -> str:
    """An issue body as GitHub writes it for a form: ``### <label>``, a blank line, the answer."""
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in answers.items())


def good_with(**changes: str | None) -> str:
    """The good story with some answers (by field id) changed, or removed when None."""
    answers = parse_issue_body(story("good"))
    for field, value in changes.items():
        if value is None:
            del answers[FIELDS[field]]
        else:
            answers[FIELDS[field]] = value
    return issue_body(answers)


def write(content, body: str, issue: int = 7, today: date = TODAY):
    return story_to_article(body, issue=issue, content_dir=content, today=today)


def refusal(content, body: str) -> str:
    before = sorted(content.rglob("*"))
    with pytest.raises(StoryError) as caught:
        write(content, body)
    assert sorted(content.rglob("*")) == before  # nothing written
    return str(caught.value)


def site_html(text: str) -> BeautifulSoup:
    """An article's body rendered with the Markdown extensions of the site (from mkdocs.yml)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for extension in config["markdown_extensions"]:
        name, options = next(iter(extension.items())) if isinstance(extension, dict) else (
            extension, {})
        names.append(name)
        settings[name] = options
    body = text.split("\n---\n", 1)[1]
    return BeautifulSoup(markdown.markdown(body, extensions=names, extension_configs=settings),
                         "html.parser")


# ---------------------------------------------------------------------------------------------
# The issue form agrees with the converter and with the vocabularies
# ---------------------------------------------------------------------------------------------


def _form() -> dict:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


def test_form_labels_are_the_ones_the_converter_reads():
    form = _form()
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    assert {item["id"]: item["attributes"]["label"] for item in fields} == FIELDS
    assert [item["id"] for item in fields] == list(FIELDS)  # the order GitHub writes them in
    required = [item["id"] for item in fields
                if item.get("validations", {}).get("required")]
    assert required == list(REQUIRED)
    consent = next(item for item in fields if item["id"] == "consent")
    assert consent["type"] == "checkboxes"
    assert tuple(box["label"] for box in consent["attributes"]["options"]) == CONSENT
    assert all(box.get("required") for box in consent["attributes"]["options"])
    assert form["name"] == "Share your experience"
    assert form["labels"] == ["experience"]
    assert form["title"] == "Experience: "


def test_form_dropdowns_list_exactly_the_vocabulary_names():
    vocabulary, problems = load_vocabulary(REPO / "content" / "data", "content/data")
    assert problems == []
    dropdowns = {item["id"]: item["attributes"] for item in _form()["body"]
                 if item["type"] == "dropdown"}
    expected = form_options(vocabulary)
    assert expected["treatments"][0] == "Baclofen"
    assert {field: attributes["options"] for field, attributes in dropdowns.items()} == expected
    assert all(attributes["multiple"] is True for attributes in dropdowns.values())


def test_form_privacy_note_is_honest_about_what_is_public():
    notes = " ".join(item["attributes"]["value"] for item in _form()["body"]
                     if item["type"] == "markdown")
    for words in ("public as soon as", "history", "date of birth", "pseudonym",
                  "GitHub user name", "do not submit it here", "not as medical advice"):
        assert words in notes
    assert "email" not in notes.lower()


# ---------------------------------------------------------------------------------------------
# Reading the issue body
# ---------------------------------------------------------------------------------------------


def test_parse_issue_body_reads_every_answer_by_label():
    answers = parse_issue_body(story("good").replace("\n", "\r\n"))
    assert list(answers) == list(FIELDS.values())
    assert answers["A title for your story"] == "Stretching before bed: how I got my nights back"
    assert answers["Name to show"] == "Sam T."
    assert answers["Consent"].count("- [X] ") == 3
    assert "\r" not in answers["Your experience"]


def test_headings_inside_a_story_stay_in_the_story():
    body = good_with(story="First part.\n\n### Your experience\n\n### Name to show\n\nLast part.")
    answers = parse_issue_body(body)
    assert answers["Your experience"].endswith("### Name to show\n\nLast part.")
    assert answers["Name to show"] == "Sam T."


# ---------------------------------------------------------------------------------------------
# A good story
# ---------------------------------------------------------------------------------------------


def test_good_story_becomes_a_draft_that_passes_the_check(content):
    path = write(content, story("good"))
    assert path == content / "experiences" / "stretching-before-bed-how-i-got-my-nights-back.md"
    diagnostics, published, drafts = check_content(content)
    assert diagnostics == []
    assert [a.path for a in drafts] == [
        "content/experiences/stretching-before-bed-how-i-got-my-nights-back.md"]
    assert path.name not in {a.path.rsplit("/", 1)[-1] for a in published}
    assert front_matter(path) == {
        "title": "Stretching before bed: how I got my nights back",
        "kind": "experience",
        "summary": "My legs used to jump for hours every night. A stretching routine and a small "
                   "dose of baclofen at bedtime mean I now sleep most nights.",
        "treatments": ["baclofen", "stretching", "positioning"],
        "spasticity_types": ["night-spasms", "spasms"],
        "body_regions": ["legs", "feet-and-ankles"],
        "provenance": "contributed",
        "authors": ["Sam T."],
        "reviewed_by": "Editorial team",
        "published": "2026-05-04",
        "last_reviewed": "2026-05-04",
        "next_review": "2027-05-04",
        "sources": [],
        "draft": True,
    }
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# Contributed through issue #7.")
    assert "delete `draft: true`" in text
    assert "- calf stretch against the wall, 30 seconds each side\n" in text
    assert "\n## What I tried\n" in text  # a level-1 heading is demoted
    assert "\n## How it went\n" in text
    assert "*baclofen*" in text  # emphasis is kept


def test_the_written_file_passes_the_command_line_check(content, capsys):
    from mskb.cli import main

    write(content, story("good"))
    assert main(["check", str(content)]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_empty_optional_answers_give_empty_tags_and_an_anonymous_author(content):
    meta = front_matter(write(content, story("minimal")))
    assert meta["treatments"] == meta["spasticity_types"] == meta["body_regions"] == []
    assert meta["authors"] == ["Anonymous contributor"]
    assert check_content(content)[0] == []


def test_names_and_aliases_match_in_any_case_and_names_may_hold_commas(content):
    body = good_with(treatments="botox, LIORESAL, Yoga, Pilates and chair-based exercise, "
                                "Splints, casting and orthoses, tens, Baclofen",
                     body_regions="None")
    meta = front_matter(write(content, body))
    assert meta["treatments"] == ["botulinum-toxin", "baclofen", "yoga-and-pilates",
                                  "splints-and-orthoses", "tens"]
    assert meta["body_regions"] == []


@pytest.mark.parametrize("answer, expected", [
    (", ".join(["TENS"] * 5_001), ["tens"]),
    (", ".join(["TENS"] * 3_000 + ["Splints, casting and orthoses"] * 1_000 + ["Baclofen"]),
     ["tens", "splints-and-orthoses", "baclofen"]),
    (", " * 5_000, []),
    (", ".join(["TENS"] * 5_000 + ["Xylophone"]),
     "'Xylophone' is not a treatment in content/data/treatments.yml"),
], ids=["known", "names-with-commas", "empty-pieces", "unknown-last"])
def test_an_answer_with_5000_commas_takes_a_linear_number_of_lookups(
        content, monkeypatch, answer, expected):
    """Each piece costs at most (the most commas in any name + 1) look-ups. Trying every run
    of pieces, as before, took 2,003,001 look-ups (about 20 seconds) for 2,000 commas."""
    pieces = answer.count(",") + 1
    assert pieces >= 5_001
    limit = 10 * pieces
    lookups = 0
    alias_of = Vocabulary.alias_of

    def counted(self, attribute, value):
        nonlocal lookups
        lookups += 1
        assert lookups <= limit, "more look-ups than 10 per piece: not linear"
        return alias_of(self, attribute, value)

    monkeypatch.setattr(Vocabulary, "alias_of", counted)
    body = good_with(treatments=answer)
    if isinstance(expected, list):
        assert front_matter(write(content, body))["treatments"] == expected
    else:
        assert refusal(content, body) == expected
    assert lookups >= pieces - 1  # every piece was looked at


def test_next_review_after_29_february_is_28_february(content):
    meta = front_matter(write(content, story("good"), today=date(2028, 2, 29)))
    assert meta["published"] == "2028-02-29"
    assert meta["next_review"] == "2029-02-28"


# ---------------------------------------------------------------------------------------------
# Untrusted input
# ---------------------------------------------------------------------------------------------


def test_hostile_story_shows_as_text_with_no_markup_scripts_or_trackers(content):
    path = write(content, story("hostile"))
    assert check_content(content)[0] == []
    html = site_html(path.read_text(encoding="utf-8"))
    assert html.find("script") is None
    assert html.find("img") is None
    assert html.find("a") is None  # no links at all, javascript: or otherwise
    assert html.find(["h1", "div", "details", "pre", "code", "abbr"]) is None
    assert not [(tag.name, name) for tag in html.find_all(True) for name in tag.attrs
                if name.lower().startswith("on") or name in ("href", "src", "class", "style")]
    text = html.get_text()
    for shown in ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">',
                  "![](https://tracker.example/pixel.png)", "[click](javascript:alert(3))",
                  '{: onclick="alert(4)" }', '!!! note "Injected box"', '??? warning "Hidden"',
                  "```html", "\\[escaped\\](javascript:alert(5))", "indented, not code",
                  "[TOC]",
                  "See https://www.mstrust.org.uk/ for more.", "&lt;script&gt;alert(6)",
                  "#hashtag"):
        assert shown in text
    assert [h.get_text() for h in html.find_all("h2")] == ["Title with underline"]


def test_control_and_bidi_characters_are_removed(content):
    sneaky = "\u202eevil\u202c \u2066x\u2069 nul\x00 bell\x07 esc\x1b[31m"
    body = good_with(title="My story \u202etxt.exe", story=f"Line one\r\nline two {sneaky}\rend")
    text = write(content, body).read_text(encoding="utf-8")
    for character in "\u202e\u202c\u2066\u2069\x00\x07\x1b\r":
        assert character not in text
    assert "Line one\nline two evil x nul bell esc\\[31m\nend\n" in text
    assert front_matter(content / "experiences" / "my-story-txt-exe.md")["title"] == (
        "My story txt.exe")


@pytest.mark.parametrize("title, expected", [
    ("../../.github/workflows/evil", "github-workflows-evil.md"),
    ("/etc/passwd", "etc-passwd.md"),
    ("CON", "con.md"),
    ("Index", "index-7.md"),
    ("Ωμέγα λόγος", "experience-7.md"),
])
def test_titles_only_ever_make_a_file_inside_experiences(content, title, expected):
    path = write(content, good_with(title=title))
    assert path == content / "experiences" / expected
    assert path.resolve().parent == (content / "experiences").resolve()
    assert front_matter(path)["title"] == title
    assert check_content(content)[0] == []


def test_a_path_outside_experiences_is_refused_even_if_a_slug_allowed_it(content, monkeypatch):
    monkeypatch.setattr("mskb.contributing.story.slugify", lambda title: "../../evil")
    assert "would land outside content/experiences/" in refusal(content, story("good"))


@pytest.mark.parametrize("title", ["🙂🙂🙂", "!?! ... ---", "—·—·—"])
def test_titles_without_letters_or_digits_are_refused(content, title):
    assert "has no letters or digits" in refusal(content, good_with(title=title))


def test_yaml_special_characters_round_trip_exactly(content):
    title = 'He said "stop": # not a comment\n--- then kind: treatment'
    summary = "---\nkind: treatment\n# a comment? 'quotes' & \"more\" : {not: flow} [x]"
    name = "- 'Jo': #1"
    path = write(content, good_with(title=title, summary=summary, name=name))
    meta = front_matter(path)
    assert meta["title"] == 'He said "stop": # not a comment --- then kind: treatment'
    assert meta["summary"] == " ".join(summary.split())
    assert meta["authors"] == [name]
    assert meta["kind"] == "experience"
    assert check_content(content)[0] == []


@pytest.mark.parametrize("field, value", [
    ("title", "My <b>bold</b> title"),
    ("summary", "A perfectly long summary with <script>alert(1)</script> inside."),
    ("name", "<img src=x>"),
])
def test_html_in_title_summary_or_name_is_refused(content, field, value):
    assert f"The {field} contains HTML markup" in refusal(content, good_with(**{field: value}))


# ---------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", REQUIRED)
@pytest.mark.parametrize("answer", [None, "_No response_", "", "   \u202e\x00  "])
def test_a_missing_required_answer_is_refused_by_its_label(content, field, answer):
    message = refusal(content, good_with(**{field: answer}))
    assert message == f"The story is missing: {FIELDS[field]}"
    assert not list(content.glob("experiences/stretching-before-*"))


@pytest.mark.parametrize("box", range(len(CONSENT)))
def test_every_consent_box_must_be_ticked(content, box):
    body = story("good").replace(f"- [X] {CONSENT[box]}", f"- [ ] {CONSENT[box]}")
    assert body != story("good")
    assert refusal(content, body) == f"The consent box '{CONSENT[box]}' is not ticked"


def test_missing_consent_section_is_refused(content):
    assert "is not ticked" in refusal(content, good_with(consent=None))


@pytest.mark.parametrize("field, answer, message", [
    ("treatments", "Baclofen, Baclofn",
     "'Baclofn' is not a treatment in content/data/treatments.yml (did you mean 'baclofen'?)"),
    ("treatments", "Quartz crystals",
     "'Quartz crystals' is not a treatment in content/data/treatments.yml"),
    ("spasticity_types", "Cramp",
     "'Cramp' is not a spasticity type in content/data/spasticity_types.yml"),
    ("body_regions", "Legs, Elbows",
     "'Elbows' is not a body region in content/data/body_regions.yml"),
])
def test_unknown_vocabulary_names_are_refused(content, field, answer, message):
    got = refusal(content, good_with(**{field: answer}))
    assert got.startswith(message)
    if "did you mean" not in message:
        assert "did you mean" not in got


@pytest.mark.parametrize("field, value, message", [
    ("summary", "Too short, sadly.", "The summary is 17 characters; it must be 20 to 400"),
    ("summary", "x" * 401, "The summary is 401 characters; it must be 20 to 400"),
    ("title", "Hi", "The title is 2 characters; it must be 3 to 120"),
    ("title", "t" * 121, "The title is 121 characters; it must be 3 to 120"),
    ("name", "n" * 61, "The name is 61 characters; it must be 1 to 60"),
])
def test_lengths_outside_the_limits_are_refused(content, field, value, message):
    assert refusal(content, good_with(**{field: value})) == message


def test_a_long_story_is_refused_naming_the_limit(content):
    message = refusal(content, good_with(story="word " * 4000 + "x"))
    assert message == ("The story is 20,001 characters; the limit is 20,000. Ask the author to "
                       "shorten it")


def test_a_huge_issue_is_refused_before_it_is_read(content):
    message = refusal(content, good_with(story="a" * 70_000))
    assert message.startswith("The issue is 7")
    assert "the limit is 65,536" in message


def test_an_existing_file_is_never_overwritten(content):
    first = write(content, story("good"))
    first.write_text(first.read_text(encoding="utf-8") + "Edited by hand.\n", encoding="utf-8")
    second = write(content, story("good"), issue=8)
    assert second == content / "experiences" / "stretching-before-bed-how-i-got-my-nights-back-8.md"
    with pytest.raises(StoryError, match="-8.md already exists"):
        write(content, story("good"), issue=8)
    assert first.read_text(encoding="utf-8").endswith("Edited by hand.\n")
    assert check_content(content)[0] == []


# ---------------------------------------------------------------------------------------------
# The command line, as the workflow runs it
# ---------------------------------------------------------------------------------------------


def _event(tmp_path, body: str | None, number: int = 42):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "labeled", "issue": {"number": number, "body": body},
                                 "label": {"name": "experience"}}), encoding="utf-8")
    return event


def test_event_json_writes_the_file_and_a_path_output(tmp_path, content, capsys):
    output = tmp_path / "github_output"
    output.write_text("earlier=1\n", encoding="utf-8")
    code = run(["--event", str(_event(tmp_path, story("good"))), "--content", str(content),
                "--github-output", str(output), "--today", "2026-05-04"])
    path = content / "experiences" / "stretching-before-bed-how-i-got-my-nights-back.md"
    assert code == 0
    assert capsys.readouterr().out == f"{path}\n"
    assert output.read_text(encoding="utf-8") == f"earlier=1\npath={path}\n"
    assert "issue #42" in path.read_text(encoding="utf-8")
    assert front_matter(path)["published"] == "2026-05-04"


def test_a_refusal_is_a_multi_line_error_output_with_an_unguessable_delimiter(
        tmp_path, content, capsys):
    output = tmp_path / "github_output"
    body = story("good").replace("Baclofen, Stretching", "EOF\nBaclofen, Stretching")
    code = run(["--event", str(_event(tmp_path, body)), "--content", str(content),
                "--github-output", str(output)])
    assert code == 1
    assert "refused: 'EOF\nBaclofen' is not a treatment" in capsys.readouterr().err
    written = output.read_text(encoding="utf-8")
    match = re.fullmatch(r"error<<(\S+)\n(.*)\n\1\n", written, flags=re.S)
    assert match, written
    delimiter, message = match.groups()
    assert delimiter != "EOF" and len(delimiter) >= 20 and delimiter not in message
    # On one line for the issue comment, so a line of the author's cannot end the output early.
    assert message.startswith("'EOF Baclofen' is not a treatment in content/data/treatments.yml")
    assert not list(content.glob("experiences/stretching-before-*"))


def test_an_issue_without_a_body_is_refused(tmp_path, content):
    output = tmp_path / "github_output"
    assert run(["--event", str(_event(tmp_path, None)), "--content", str(content),
                "--github-output", str(output)]) == 1
    assert "The story is missing: A title for your story" in output.read_text(encoding="utf-8")


def test_body_file_and_issue_number(tmp_path, content, capsys):
    code = run(["--body", str(STORIES / "minimal.md"), "--issue", "5", "--content", str(content),
                "--today", "2026-05-04"])
    assert code == 0
    assert capsys.readouterr().out.strip().endswith("experiences/living-with-stiffness.md")


@pytest.mark.parametrize("argv", [
    [],
    ["--body", "x.md"],  # no --issue
    ["--event", "missing.json"],
    ["--event", "e.json", "--body", "b.md", "--issue", "1"],
    ["--body", "b.md", "--issue", "1", "--today", "4 May 2026"],
])
def test_usage_errors_exit_2(tmp_path, monkeypatch, content, argv):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.md").write_text(story("good"), encoding="utf-8")
    (tmp_path / "e.json").write_text("{}", encoding="utf-8")
    assert run([*argv, "--content", str(content)]) == 2
    assert not list(content.glob("experiences/stretching-before-*"))


@pytest.mark.parametrize("issue", [0, -3, "7\n# injected", True])
def test_the_issue_number_must_be_a_positive_whole_number(content, issue):
    with pytest.raises(StoryError, match="is not an issue number"):
        story_to_article(story("good"), issue=issue, content_dir=content, today=TODAY)
    assert not list(content.glob("experiences/stretching-before-*"))


def test_quotes_in_title_and_summary_cannot_add_attributes_to_the_built_pages(project):
    """A published story with attribute-breaking quotes: the pages show the text, nothing more."""
    summary = '0;url=https://evil.example/" http-equiv="refresh" data-x="a" onload="alert(1)'
    title = 'My "legs" \' onmouseover=\'alert(2)'
    path = write(project.content, good_with(title=title, summary=summary,
                                            treatments="TENS"))
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    project.build()
    url = f"experiences/{path.stem}/"
    for page_url in (url, "experiences/", "treatments/tens/"):
        page = project.page(page_url)
        # The only http-equiv is the site's own Content-Security-Policy, if the site sets one.
        equivs = page.find_all("meta", attrs={"http-equiv": True})
        assert [meta["http-equiv"] for meta in equivs] in ([], ["Content-Security-Policy"])
        assert not [meta for meta in equivs if "evil" in meta["content"]], page_url
        injected = [(tag.name, name) for tag in page.find_all(True) for name in tag.attrs
                    if name.lower().startswith("on") or name == "data-x"]
        assert injected == [], page_url
    page = project.page(url)
    assert page.find("meta", attrs={"name": "description"})["content"] == summary
    assert page.h1.get_text(strip=True) == title


def test_a_refusal_posted_on_the_issue_cannot_mention_link_or_embed(content, tmp_path):
    body = good_with(treatments="@everyone [x](https://evil.example) <img src=x>")
    (tmp_path / "body.md").write_text(body)
    output = tmp_path / "output"
    status = run(["--body", str(tmp_path / "body.md"), "--issue", "9",
                  "--content", str(content), "--github-output", str(output)])
    assert status == 1
    posted = output.read_text().split("\n")[1]
    assert "is not a treatment" in posted
    assert "@everyone" not in posted and "@\u200beveryone" in posted
    rendered = BeautifulSoup(markdown.markdown(posted), "html.parser")
    assert rendered.find(["a", "img"]) is None


@pytest.mark.parametrize("reason, posted", [
    ("'https://evil.example/x' is not a treatment",
     "'https:\u200b//evil.example/x' is not a treatment"),
    ("'www.evil.example' and 'WWW.Evil.Example/a'",
     "'www\u200b.evil.example' and 'WWW\u200b.Evil.Example/a'"),
    ("HTTP://a.example, ftp://b.example/x and <https://c.example>",
     "HTTP:\u200b//a.example, ftp:\u200b//b.example/x and &lt;https:\u200b//c.example&gt;"),
    ("(www.evil.example) *www.evil.example* mailto:me@evil.example",
     "(www\u200b.evil.example) *www\u200b.evil.example* mailto:me@\u200bevil.example"),
    ("no address: 10:30, www, a://", "no address: 10:30, www, a:\u200b//"),
], ids=["scheme", "www", "any-case-scheme-and-angle-brackets", "www-after-punctuation",
        "no-address"])
def test_a_refusal_posted_on_the_issue_links_no_bare_address(reason, posted):
    assert for_comment(reason) == posted
    # pymdownx.magiclink links bare addresses as GitHub does; it finds none.
    rendered = BeautifulSoup(markdown.markdown(posted, extensions=["pymdownx.magiclink"]),
                             "html.parser")
    assert rendered.find("a") is None
    linked = BeautifulSoup(markdown.markdown(reason.replace("<", " "),
                                             extensions=["pymdownx.magiclink"]), "html.parser")
    assert bool(linked.find("a")) == ("no address" not in reason)  # the check can see links


def test_a_bare_address_in_a_dropdown_answer_is_posted_unlinked(content, tmp_path):
    (tmp_path / "body.md").write_text(good_with(treatments="see https://evil.example/x"))
    output = tmp_path / "output"
    assert run(["--body", str(tmp_path / "body.md"), "--issue", "9", "--content", str(content),
                "--github-output", str(output)]) == 1
    posted = output.read_text(encoding="utf-8").split("\n")[1]
    assert posted == ("'see https:\u200b//evil.example/x' is not a treatment in "
                      "content/data/treatments.yml")


# ---------------------------------------------------------------------------------------------
# From the form to a green pull request
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_contributed_story_goes_from_the_form_to_a_green_ci(tmp_path):
    """What the story workflow and a maintainer do, then what CI runs on the pull request."""
    root = tmp_path / "repo"  # the files of the pull request's checkout
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    body = tmp_path / "issue.md"
    body.write_text(story("good"), encoding="utf-8")

    def run(*command: str) -> subprocess.CompletedProcess:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}"
        return done

    written = run(sys.executable, "-m", "mskb", "story", "--body", str(body), "--issue", "42",
                  "--today", "2026-11-27").stdout.strip()
    path = root / written
    assert front_matter(path)["provenance"] == "contributed"
    # The maintainer marks it ready: the draft line goes.
    text = path.read_text(encoding="utf-8")
    assert "\ndraft: true\n" in text
    path.write_text(text.replace("\ndraft: true\n", "\n"), encoding="utf-8")

    assert "0 errors" in run(sys.executable, "-m", "mskb", "check").stdout
    run(sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet")
    page = root / "site" / "experiences" / path.stem / "index.html"
    assert "Stretching before bed" in page.read_text(encoding="utf-8")
    lane = run(sys.executable, "-m", "pytest", "--fast", "-q", "-p", "no:cacheprovider")
    assert " passed" in lane.stdout and " failed" not in lane.stdout
