"""Unit tests of the plain content modules, imported directly (no MkDocs involved)."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from jinja2 import Environment

from conftest import FIXTURES, REPO, article_text, check_content, remove_article
from mskb.content.loading import load
from mskb.content.yamlsource import YamlSyntaxError, parse_yaml
from mskb.index import build_index
from mskb.pages.render import long_date, make_environment, markdown_text

VOCABULARY_DIR = FIXTURES / "broken" / "content" / "data"


def test_yaml_line_of_points_at_nested_values_and_missing_keys():
    document = parse_yaml("title: A\nsources:\n  - title: B\n    url: x\n", first_line=2)
    assert document.line_of(("title",)) == 2
    assert document.line_of(("sources", 0, "url")) == 5
    assert document.line_of(("summary",)) == 2  # missing: the start of the mapping


def test_yaml_syntax_error_carries_the_file_line_and_a_hint():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("title: A\nsummary: one: two\n", first_line=2)
    assert caught.value.line == 3
    assert "put quotes around text that contains a colon" in caught.value.message


def test_yaml_keeps_dates_as_text_for_the_schema_to_check():
    assert parse_yaml("d: 2026-13-01\n").data == {"d": "2026-13-01"}


def test_markdown_text_escapes_markdown_and_leaves_html_to_autoescape():
    env = make_environment()
    rendered = env.from_string("{{ v }}").render(v="<b>*x*</b> & [y](z)")
    assert rendered == "&lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[y\\](z)"
    assert markdown_text(3) == 3


def test_templates_autoescape_even_without_the_markdown_filter():
    assert isinstance(make_environment(), Environment)
    assert make_environment().autoescape is True


def test_long_date_is_written_day_month_year():
    assert long_date(date(2026, 11, 1)) == "1 November 2026"


def _load(tmp_path, files: dict[str, str]):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    for path in VOCABULARY_DIR.iterdir():
        (content / "data" / path.name).write_text(path.read_text())
    for rel, text in files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text)
    loaded = load(content)
    assert loaded.diagnostics == []
    return loaded.vocabulary, loaded


def test_index_collects_mentions_experiences_and_related_topics_in_one_pass(tmp_path):
    vocabulary, loaded = _load(tmp_path, {
        "treatments/baclofen.md": article_text(
            title="Baclofen", kind="treatment", treatments=["baclofen"],
            spasticity_types=["stiffness"]),
        "guides/overview.md": article_text(title="Overview", treatments=["baclofen", "tens"]),
        "experiences/older.md": article_text(
            title="Older", kind="experience", sources=[], treatments=["baclofen"],
            outcomes={"baclofen": "helped"}, published="2025-01-01"),
        "experiences/newer.md": article_text(
            title="Newer", kind="experience", sources=[], treatments=["baclofen"],
            published="2026-01-01"),
    })
    index = build_index(loaded.articles, vocabulary)
    baclofen = index.treatments["baclofen"]
    assert baclofen.article.title == "Baclofen"
    assert [a.title for a in baclofen.articles] == ["Overview"]
    assert [a.title for a in baclofen.experiences] == ["Newer", "Older"]
    assert list(baclofen.related) == ["stiffness"]
    assert list(index.spasticity_types["stiffness"].related) == ["baclofen"]
    assert baclofen.mentions == 2
    assert index.treatments["tens"].article is None
    assert index.treatments["tens"].mentions == 1
    assert [a.title for a in index.experiences] == ["Newer", "Older"]


def test_images_an_article_shows_are_published_as_assets_not_dropped(tmp_path):
    _, loaded = _load(tmp_path, {
        "guides/fine.md": article_text(body="![A stretch](images/diagram.png)\n"),
        "guides/images/diagram.png": "png"})
    assert [a.src_uri for a in loaded.assets] == ["guides/images/diagram.png"]


def test_github_annotation_escapes_what_would_break_the_workflow_command():
    from mskb.diagnostics import Diagnostic

    annotation = Diagnostic("content/a,b:c.md", 3, "summary", "too short\nsee 50%").github()
    assert annotation == ("::error file=content/a%2Cb%3Ac.md,line=3,title=summary::"
                          "summary: too short%0Asee 50%25")


@pytest.fixture
def vocabulary_only(tmp_path):
    """A content folder holding only the real vocabularies, for the `new` command."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "data", content / "data")
    return content


@pytest.mark.parametrize("kind, title, expected", [
    ("guide", "Getting started: your first week", "guides/getting-started-your-first-week.md"),
    ("experience", "Café visits & ‘cold’ legs", "experiences/cafe-visits-cold-legs.md"),
    ("experience", "../../etc/passwd", "experiences/etc-passwd.md"),
    ("treatment", "Massage", "treatments/massage.md"),
    ("spasticity-type", "clonus", "types/clonus.md"),
])
def test_new_article_lands_at_a_safe_path_and_passes_the_check(tmp_path, kind, title, expected):
    from mskb.contributing.scaffold import new_article

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    remove_article(content, expected)  # a treatment or type that has no article yet
    _, before, _ = check_content(content)
    path = new_article(content, kind, title)
    assert path == content / expected
    diagnostics, published, drafts = check_content(content)
    assert diagnostics == []
    assert len(published) == len(before) and [a.path for a in drafts] == [f"content/{expected}"]
    assert drafts[0].title == " ".join(title.split())
    assert "TODO" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind, title, message", [
    ("treatment", "Hypnotherapy", "'hypnotherapy' is not in content/data/treatments.yml"),
    ("treatment", "baclofin", "did you mean 'baclofen'?"),
    ("guidance", "A guide", "unknown kind 'guidance' (did you mean 'guide'?)"),
    ("guide", "!!", "give the article a title"),
])
def test_new_article_refuses_with_a_reason(vocabulary_only, kind, title, message):
    from mskb.contributing.scaffold import ScaffoldError, new_article

    with pytest.raises(ScaffoldError, match=re.escape(message)):
        new_article(vocabulary_only, kind, title)
    assert not list(vocabulary_only.rglob("*.md"))


def test_new_article_never_overwrites(vocabulary_only):
    from mskb.contributing.scaffold import ScaffoldError, new_article

    first = new_article(vocabulary_only, "guide", "Same title")
    first.write_text("my work", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists"):
        new_article(vocabulary_only, "guide", "Same title")
    assert first.read_text(encoding="utf-8") == "my work"
