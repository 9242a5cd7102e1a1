"""The whole guide prints the articles content/data/whole_guide.yml lists (issue 15): the list
is checked line by line, and the built guide holds exactly those articles, so it does not grow
with every article added to the site."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import CONTENT, Project
from mskb.content.loading import load
from mskb.content.wholeguide import MAX_ARTICLES, WHOLE_GUIDE_FILE, load_whole_guide

LISTED = yaml.safe_load((CONTENT / "data" / WHOLE_GUIDE_FILE).read_text(encoding="utf-8"))


def _problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / WHOLE_GUIDE_FILE).write_text(text, encoding="utf-8")
    _, problems = load_whole_guide(tmp_path, "content/data")
    return [str(p) for p in problems]


def test_a_list_written_wrongly_gets_its_line_and_the_fix(tmp_path: Path):
    assert _problems(tmp_path, "articles:\n  - guides/a.md\n  - guides/a.md\n  - 3\n") == [
        "content/data/whole_guide.yml:3: articles: 'guides/a.md' is listed twice (first on "
        "line 2); keep one",
        "content/data/whole_guide.yml:4: articles: each entry is an article's file under "
        "content/, like `treatments/baclofen.md`"]
    assert _problems(tmp_path, "- guides/a.md\n") == [
        "content/data/whole_guide.yml:1: articles: must be `articles:` followed by one line "
        "`- folder/file.md` for each article the guide prints"]
    broken = _problems(tmp_path, "articles:\n  - guides/a.md\n\tguides/b.md\n")
    assert broken == ["content/data/whole_guide.yml:3: is not valid YAML: found character '\\t' "
                      "that cannot start any token (indent with spaces, not tabs)"]


def test_the_guide_is_bounded(tmp_path: Path):
    many = "".join(f"  - guides/g{n}.md\n" for n in range(MAX_ARTICLES + 1))
    problems = _problems(tmp_path, "articles:\n" + many)
    assert problems == [
        f"content/data/whole_guide.yml:{MAX_ARTICLES + 2}: articles: lists {MAX_ARTICLES + 1} "
        f"articles; the whole guide prints at most {MAX_ARTICLES}, so it stays a guide a reader "
        "can print. Take some out: each article is still printable on its own and in its "
        "topic's bundle"]


def test_today_every_type_treatment_and_guide_is_in_the_guide():
    content = load(CONTENT)
    assert not content.errors
    printable = {a.src_uri for a in content.articles if a.kind != "experience"}
    assert set(LISTED["articles"]) == printable


def test_an_article_not_listed_is_left_out_of_the_guide_only(project: Project):
    listed = [uri for uri in LISTED["articles"] if uri != "guides/driving.md"]
    (project.content / "data" / WHOLE_GUIDE_FILE).write_text(
        yaml.safe_dump({"articles": listed}), encoding="utf-8")
    project.build()
    guide = project.page("print_page/")
    sections = {s["id"] for s in guide.select("section.print-page[id]")}
    assert "guides-driving" not in sections
    assert {"guides-triggers", "treatments-baclofen", "types-clonus"} <= sections
    entries = [a.get_text(" ", strip=True) for a in guide.select("a.kb-toc__entry")]
    assert not [e for e in entries if e.startswith("Driving")]
    # Still a page of the site, and linked from the guide by its address on the web.
    assert project.article("guides/driving/").h1.get_text(strip=True).startswith("Driving")
    addresses = {a["href"] for a in guide.select("a[href]")}
    assert any(href.endswith("/guides/driving/") for href in addresses)
