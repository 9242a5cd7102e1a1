"""The real content passes the checker, and the glossary explains the words articles use.

The content rules themselves are in ``mskb.content.rules`` and proved in test_rules.py; here the
real content is only run through them.
"""

from __future__ import annotations

import markdown
import pytest
import yaml

from conftest import REPO, Project, check_content
from mskb.content.readability import plain_text
from mskb.content.schema import GlossaryEntry
from mskb.pages.glossary import GlossaryExtension

CONTENT = REPO / "content"


def test_the_checker_finds_no_errors_in_the_real_content():
    errors, published, drafts = check_content(CONTENT)
    assert [str(d) for d in errors] == []
    articles = {p.relative_to(REPO).as_posix() for p in CONTENT.rglob("*.md")
                if "data" not in p.relative_to(CONTENT).parts}
    assert {a.path for a in published + drafts} == articles, "an article was dropped"


def test_readability_ignores_markdown_code_and_link_addresses():
    text = plain_text("## Heading\n\nSee [the page](https://example.org/a-very-long-address).\n\n"
                      "```\ncode_block()\n```\n")
    assert text == "Heading.\nSee the page."


# --- Glossary links (a treeprocessor over the rendered tree) --------------------------------------

START = '<div data-kb-glossary="start" data-kb-page="{page}" markdown></div>\n\n'
END = ('\n\n<div data-kb-glossary="end" markdown></div>\n\n'
       '<div data-kb-glossary="words" markdown></div>\n')


def _render(body: str, *entries: dict, page: str = "guides/x.md") -> str:
    glossary = [GlossaryEntry(**entry) for entry in entries]
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "admonition",
                                       GlossaryExtension(glossary)])
    return md.convert(START.format(page=page) + body + END)


SPASM = {"term": "Spasm", "aliases": ["spasms"], "definition": "A sudden tightening."}
FLEXOR = {"term": "Flexor spasm", "definition": "A spasm that bends a joint."}


def test_glossary_links_only_the_first_use_longest_form_first():
    html = _render("Flexor spasm first, then spasms, then Spasms again.", SPASM, FLEXOR)
    assert html.startswith(
        '<p><a class="kb-term" href="#word-flexor-spasm" id="word-flexor-spasm-ref">'
        'Flexor spasm</a> first, then <a class="kb-term" href="#word-spasm" '
        'id="word-spasm-ref">spasms</a>, then Spasms again.</p>')
    assert ('<h2 class="kb-words__title" id="words-used-on-this-page">Words used on this page'
            '</h2>') in html
    assert html.index('id="word-flexor-spasm"') < html.index('id="word-spasm"')


@pytest.mark.parametrize("body", [
    "## Spasms at night",
    "A `spasm` in code.",
    "See [night spasms][ref].\n\n[ref]: ../types/spasms.md",
    "See [spasms](../types/spasms.md).",
    "<p>Night spasms</p>",
    "    spasm in indented code",
    '!!! note "Spasms"\n    Text without the word.',
])
def test_glossary_leaves_headings_code_links_and_raw_html_alone(body):
    html = _render(body, SPASM)
    assert 'class="kb-term"' not in html
    assert "Words used on this page" not in html
    assert "[" not in html.replace("[ref]", ""), "Markdown link syntax leaked into the page"


def test_glossary_definitions_are_text_not_markdown():
    hostile = {"term": "Spasm", "definition": "A *tightening* [x](#){onclick=alert(1)}."}
    html = _render("A spasm.", hostile)
    assert "onclick=" not in html.replace("{onclick=alert(1)}", "")
    assert "<em>" not in html
    assert "A *tightening* [x](#){onclick=alert(1)}." in html


def test_glossary_term_is_not_linked_on_its_own_full_page():
    clonus = {"term": "Clonus", "definition": "Jerking.", "page": "types/clonus.md"}
    html = _render("Clonus is common.", clonus, page="types/clonus.md")
    assert html.startswith("<p>Clonus is common.</p>")
    assert "Words used" not in html


def test_pages_without_markers_are_left_alone():
    md = markdown.Markdown(extensions=[GlossaryExtension([GlossaryEntry(**SPASM)])])
    assert md.convert("A spasm.") == "<p>A spasm.</p>"


def test_glossary_page_lists_every_term_with_its_definition(built_site: Project):
    article = built_site.article("glossary/")
    terms = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in article.find_all("dt")}
    entries = yaml.safe_load((CONTENT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    for entry in entries:
        assert entry["term"] in terms
        assert " ".join(entry["definition"].split()) in terms[entry["term"]]


def test_article_explains_its_glossary_words_at_the_end_of_the_page(built_site: Project):
    """Each word's first use leads to its entry in the list at the end of the page (shown on
    screen as a panel, on paper as the list: test_navigation_glossary.py)."""
    article = built_site.article("guides/what-is-spasticity/")
    links = article.select("a.kb-term")
    assert links, "no glossary term linked"
    targets = [link["href"] for link in links]
    assert len(targets) == len(set(targets)), "a term is linked more than once"
    glossary = {entry["term"]: " ".join(entry["definition"].split()) for entry in yaml.safe_load(
        (CONTENT / "data" / "glossary.yml").read_text(encoding="utf-8"))}
    for link in links:
        entry = article.find(id=link["href"][1:])
        assert entry is not None and entry.parent.name == "dl", link["href"]
        term = entry.dt.get_text(strip=True)
        assert entry.dd.get_text(" ", strip=True).startswith(glossary[term])
        assert not link.has_attr("title"), "explained on the page, not in a hover title"
    # (Only for a word whose full page the article does not link to already.)
    full_page = built_site.article("guides/symptom-diary/").select_one("dl.kb-words dd > a")
    assert full_page is not None and not full_page["href"].endswith(".md"), \
        "the 'Read the full page' link was not turned into the page's address"
