"""Hostile and careless input: each kind is refused with a file:line message, or made inert.

One fixture per category (the files a contributor or an attacker would add under content/),
the exact messages ``./scripts/check`` prints for it, and the same fixture through the full
MkDocs build, which must fail and publish nothing.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from conftest import FIXTURES, Project, article_text, copy_project
from mskb.content.loading import load

DATA = FIXTURES / "broken" / "content" / "data"
RAW = "content/guides/a.md:{line}: raw HTML <{tag}> is not published; write it in Markdown " \
      "(## headings, - lists, [words](address) links). Articles may use only <abbr>, <br>, " \
      "<kbd>, <sub>, <sup>; to show a tag as text, put it in `backticks`"
RUNS = "content/guides/a.md:{line}: the link '{target}' would run code in the reader's " \
       "browser; link to a web page (https://...), an e-mail address (mailto:) or a page of " \
       "this site"
FIRST = 24  # the line of the first _body() line after 'Some text.'


def _body(*lines: str) -> str:
    return "Some text.\n\n" + "\n\n".join(lines) + "\n"


def _alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(9):
        this, before = chr(98 + level), chr(97 + level)
        lines.append(f"{this}: &{this} [" + ", ".join([f"*{before}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n\nText.\n"


def _link(path: Path, target: str) -> None:
    os.symlink(target, path)


CATEGORIES: dict[str, tuple[dict[str, str | bytes], list[str]]] = {
    "raw-html": (
        {"guides/a.md": article_text(body=_body(
            "<script>alert(1)</script>", '<p onclick="x()">Hi</p>',
            '<iframe src="https://evil.example/"></iframe>', "<form action=x></form>",
            '<object data="x.swf"></object>', "<svg onload=alert(1)>",
            '<base href="https://evil.example/">',
            '<meta http-equiv="refresh" content="0;url=https://evil.example">',
            "<style>.kb-disclaimer{display:none}</style>"))},
        [RAW.format(line=FIRST + 2 * i, tag=tag) for i, tag in enumerate(
            ["script", "p", "iframe", "form", "object", "svg", "base", "meta", "style"])],
    ),
    "handlers-and-attribute-lists": (
        {"guides/a.md": article_text(body=_body(
            '<sup onmouseover="x()">1</sup>', "[Read more](#){onclick=alert(1)}",
            "Fine: <abbr>MS</abbr>, H<sub>2</sub>O, [a class](#top){: .note #here }"))},
        ["content/guides/a.md:24: <sup> may not have the attribute 'onmouseover' (it runs code "
         "or changes how the page looks); remove it",
         "content/guides/a.md:26: the attribute list sets 'onclick'; an attribute list may give "
         "only a class (.name) or an id (#name)"],
    ),
    "link-targets": (
        {"guides/a.md": article_text(body=_body(
            "[x](javascript:alert(1))", "[y](  JaVaScRiPt:alert(1))",
            "[z](data:text/html;base64,PHNjcmlwdD4=)", "<vbscript:msgbox>",
            "[ref]: javascript:alert(2)", "Fine: [NHS](https://www.nhs.uk/) and "
            "[call](tel:111) and `[code](javascript:x)`"))},
        [RUNS.format(line=24, target="javascript:alert(1"),
         RUNS.format(line=26, target="JaVaScRiPt:alert(1"),
         RUNS.format(line=28, target="data:text/html;base64,PHNjcmlwdD4="),
         RUNS.format(line=30, target="vbscript:msgbox"),
         RUNS.format(line=32, target="javascript:alert(2)")],
    ),
    "images-from-other-hosts": (
        {"guides/a.md": article_text(body=_body(
            "![pixel](https://tracker.example/p.gif)", "![pixel](//tracker.example/p.gif)"))},
        [f"content/guides/a.md:{line}: the image '{target}' is on another site, so every "
         "reader's browser would contact it; save the image in content/ beside the article "
         "and use its file name" for line, target in
         ((24, "https://tracker.example/p.gif"), (26, "//tracker.example/p.gif"))],
    ),
    "invisible-characters": (
        {"guides/a.md": article_text(body=_body("Take it\u202e daily.", "Bell\x07 here.")),
         "guides/b.md": article_text(title="Evil\u202etitle")},
        ["content/guides/a.md:24: contains the invisible character U+202E; delete it (retype "
         "the words around it if you cannot see it)",
         "content/guides/a.md:26: contains the invisible character U+0007; delete it (retype "
         "the words around it if you cannot see it)",
         "content/guides/b.md:2: title: contains the invisible character U+202E, which can hide "
         "or reorder text; delete it (retype the words around it if you cannot see it)"],
    ),
    "yaml-aliases": (
        {"guides/a.md": _alias_bomb()},
        ["content/guides/a.md:2: front matter uses a YAML anchor or alias ('&' or '*'); "
         "write the value out in full, or put quotes around text starting with & or *"],
    ),
    "yaml-nesting": (
        {"guides/a.md": "---\ntitle: " + "[" * 600 + "]" * 600 + "\n---\n\nText.\n"},
        ["content/guides/a.md:2: front matter is nested more than 12 levels deep; front "
         "matter and vocabularies need far fewer"],
    ),
    "yaml-control-characters": (
        {"guides/a.md": article_text().replace("reviewed_by: Editorial team",
                                               "reviewed_by: Editorial\x00 team"),
         "guides/b.md": article_text().replace("kind: guide", "kind: gui\x1bde")},
        ["content/guides/a.md:7: front matter is not valid YAML: it contains the invisible "
         "control character U+0000; delete it (retype the line if you cannot see it)",
         "content/guides/b.md:3: front matter is not valid YAML: it contains the invisible "
         "control character U+001B; delete it (retype the line if you cannot see it)"],
    ),
    "size": (
        {"guides/a.md": article_text(body="Word. " * 40_000)},
        ["content/guides/a.md:1: is 240 KB; an article may be at most 200 KB: split it into "
         "several articles"],
    ),
    "front-matter-fence": (
        {"guides/a.md": article_text(
            summary="A summary of at least twenty characters, folded over lines.",
            draft=True).replace("summary: A summary", "summary: >\n  A summary\n  ...\n  ---\n "
                                " more")},
        [],  # the indented fences belong to the folded value: the draft stays a draft
    ),
    "files": (
        {"guides/a.md": article_text(), "guides/page.html": "<script>alert(1)</script>",
         "guides/logo.svg": "<svg onload='alert(1)'/>", "guides/story.MD": article_text(),
         "guides/notes.markdown": article_text(), "guides/.secret.md": article_text(),
         "data/extra.md": article_text(), "guides/unused.png": b"\x89PNG\r\n\x1a\n"},
        ["content/data/extra.md:1: content/data/ holds only treatments.yml, "
         "spasticity_types.yml, body_regions.yml, glossary.yml and whole_guide.yml; move this "
         "file or delete it",
         "content/guides/.secret.md:1: is a hidden file (its name or folder starts with '.'); "
         "delete it, or rename it without the dot",
         "content/guides/logo.svg:1: files of type '.svg' are not published from content/; only "
         "articles (.md) and images (.avif, .gif, .jpeg, .jpg, .png, .webp)",
         "content/guides/notes.markdown:1: articles end in '.md', in lower case; rename it to "
         "'notes.md'",
         "content/guides/page.html:1: files of type '.html' are not published from content/; "
         "only articles (.md) and images (.avif, .gif, .jpeg, .jpg, .png, .webp)",
         "content/guides/story.MD:1: articles end in '.md', in lower case; rename it to "
         "'story.md'",
         "content/guides/unused.png:1: no article shows this image; add it to an article "
         "(`![what it shows](file name)`) or delete it"],
    ),
    "symbolic-links": (
        {"guides/a.md": article_text()},
        ["content/guides/passwd.md:1: is a symbolic link; content/ holds regular files only: "
         "put the file itself here, or delete the link",
         "content/guides/secrets:1: is a symbolic link; content/ holds regular files only: put "
         "the file itself here, or delete the link"],
    ),
    "vocabulary-and-glossary": (
        {"guides/a.md": article_text(),
         "data/body_regions.yml": yaml.safe_dump([{"slug": "index", "name": "Index"},
                                                  {"slug": "legs", "name": "Legs"}]),
         "data/glossary.yml": yaml.safe_dump([{"term": "MS hug", "definition": "A band."},
                                              {"term": "MS-hug", "definition": "The same."}])},
        ["content/data/body_regions.yml:2: slug: 'index' is the name of a generated page; "
         "choose another slug",
         "content/data/glossary.yml:3: term: 'MS-hug' and 'MS hug' would have the same link "
         "(#ms-hug); make them differ in letters or digits, or make one an alias of the other"],
    ),
}


def _write(content: Path, category: str) -> None:
    files, _ = CATEGORIES[category]
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    if category == "symbolic-links":
        _link(content / "guides" / "passwd.md", "/etc/passwd")
        _link(content / "guides" / "secrets", "/proc/self")


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_hostile_input_gets_its_exact_message(tmp_path, category):
    content = tmp_path / "content"
    shutil.copytree(DATA, content / "data")
    _write(content, category)
    _, expected = CATEGORIES[category]
    assert [str(d) for d in load(content).diagnostics] == expected


def test_indented_fences_inside_a_folded_value_do_not_end_the_front_matter(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DATA, content / "data")
    _write(content, "front-matter-fence")
    checked = load(content)
    assert [a.path for a in checked.drafts] == ["content/guides/a.md"]
    assert "---" in checked.drafts[0].meta.summary and checked.articles == []


@pytest.mark.slow
@pytest.mark.parametrize("category", [c for c, (_, expected) in CATEGORIES.items() if expected])
def test_hostile_input_fails_the_build_and_publishes_nothing(tmp_path, category, caplog):
    project = copy_project(tmp_path)
    _write(project.content, category)
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises((PluginError, Abort)):
        project.build()
    first = CATEGORIES[category][1][0]
    assert first in caplog.text
    assert not (project.site / "index.html").exists()
    assert "alert(" not in "".join(p.read_text(errors="replace")
                                   for p in project.site.rglob("*.html"))


# --- Made inert rather than refused -----------------------------------------------------------


def test_glossary_definitions_and_multi_line_fields_are_one_line_of_text(project: Project):
    glossary = project.content / "data" / "glossary.yml"
    entries = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    spasticity = next(e for e in entries if e["term"] == "Spasticity")
    spasticity["definition"] = ("Stiff muscles.\n\n[x](#){onclick=alert(1)}\n\n!!! danger "
                                "\"Fake\"\n    Fake box.")
    glossary.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    project.write("guides/two-lines.md", article_text(
        title="First line\n\nSecond line", summary="A summary\n\n!!! danger \"Fake\"\n    box.",
        body="Spasticity is common.\n"))
    project.build()
    page = project.page("guides/two-lines/")
    assert page.select("[onclick]") == [] and page.select(".admonition.danger") == []
    assert page.select_one("h1").get_text() == "First line Second line"
    index = project.page("guides/")
    assert "First line Second line" in index.get_text(" ")
    assert index.select(".admonition") == []


def test_published_article_html_holds_nothing_the_policy_refuses(project: Project):
    """The render-time defence: even HTML the checker never saw (here a template's own output
    is bypassed by writing the page's HTML through a Markdown extension path) is cleaned."""
    from mskb.content.htmlpolicy import clean

    dirty = ('<p onclick="x()">Hi <a href="javascript:alert(1)">x</a>'
             '<img src="https://tracker.example/p.gif" alt="p"><script>alert(1)</script>'
             '<style>p{}</style><iframe src="https://e.example"></iframe>'
             '<td style="text-align: left; position: fixed">c</td></p>')
    cleaned = clean(dirty)
    for refused in ("onclick", "javascript:", "tracker.example", "<script", "<style",
                    "<iframe", "position"):
        assert refused not in cleaned, refused
    assert "Hi" in cleaned and 'alt="p"' in cleaned
