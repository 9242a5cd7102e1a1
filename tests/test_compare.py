"""Compare treatments (/treatments/compare/): one accessible table per category of treatment,
every value the label of the treatment's front matter `key_facts`.

The expected values are read from the content through the loader, and the labels from the
schema's value lists: nothing about a particular treatment is written here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT, Project, link_targets
from mskb.content.loading import load
from mskb.content.schema import CATEGORIES, EVIDENCE, NICE_POSITIONS, ONSETS, PROVIDERS, ROUTES
from mskb.index import build_index, treatment_order

URL = "treatments/compare/"
COLUMNS = {
    "How it is taken": ("how_taken", ROUTES),
    "How soon it may help": ("how_soon", ONSETS),
    "Common side effects": ("side_effects", None),  # free text, shown as written
    "Who provides it": ("who_provides", PROVIDERS),
    "NICE position": ("nice_position", NICE_POSITIONS),
    "Evidence": ("evidence", EVIDENCE),
}


@pytest.fixture(scope="module")
def content():
    loaded = load(CONTENT)
    assert not loaded.errors, loaded.errors[:3]
    return loaded


@pytest.fixture(scope="module")
def expected(content):
    """Category -> the treatments' topics in the order the page lists them."""
    index = build_index(content.articles, content.vocabulary)
    groups = {category: [] for category in CATEGORIES}
    for topic in sorted(index.treatments.values(), key=treatment_order):
        groups[topic.entry.category].append(topic)
    return {category: topics for category, topics in groups.items() if topics}


@pytest.fixture(scope="module")
def page(built_site: Project) -> BeautifulSoup:
    return built_site.article(URL)


def _tables(page):
    return page.select("table.kb-compare__table")


def test_page_is_titled_and_says_it_is_a_summary_not_advice(built_site: Project, page):
    assert page.h1.get_text(strip=True) == "Compare treatments"
    intro = page.get_text(" ", strip=True)
    assert "summary" in intro and "not advice" in intro
    for heading in COLUMNS:
        assert f"{heading}:" in intro, f"the intro explains the column {heading!r}"
    assert "not medical advice" in page.select_one(".kb-disclaimer").get_text()
    head = built_site.page(URL)
    assert head.title.get_text().startswith("Compare treatments")
    assert head.find("meta", attrs={"name": "description"})["content"]


def test_one_table_per_category_in_order_each_with_a_caption(page, expected):
    tables = _tables(page)
    assert [t.caption.get_text(strip=True) for t in tables] == [
        CATEGORIES[category] for category in expected]
    # The caption holds the group's heading: screen readers can jump from table to table.
    for table, category in zip(tables, expected, strict=True):
        heading = table.caption.find("h2")
        assert heading is not None and heading["id"] == f"group-{category}"


def test_every_header_cell_has_a_scope_and_the_columns_are_the_key_facts(page):
    for table in _tables(page):
        header = table.thead.find_all("th")
        assert [th.get("scope") for th in header] == ["col"] * (len(COLUMNS) + 1)
        assert [th.get_text(strip=True) for th in header] == ["Treatment", *COLUMNS]
        for row in table.tbody.find_all("tr"):
            cells = row.find_all(["th", "td"], recursive=False)
            assert cells[0].name == "th" and cells[0].get("scope") == "row"
            assert all(cell.name == "td" for cell in cells[1:])
        assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))


def test_each_row_links_to_its_treatment_page_in_treatment_order(page, expected):
    for table, (category, topics) in zip(_tables(page), expected.items(), strict=True):
        rows = table.tbody.find_all("tr")
        assert [row["id"] for row in rows] == [f"treatment-{t.slug}" for t in topics], category
        for row, topic in zip(rows, topics, strict=True):
            link = row.th.a
            assert link.get_text(strip=True) == topic.name
            own = topic.src_uri.removesuffix(".md") + "/"
            assert link_targets(row.th, URL) == {own}


def test_every_cell_is_the_label_of_its_treatments_front_matter_value(page, expected, content):
    facts = {article.slug: article.meta.key_facts for article in content.articles
             if article.kind == "treatment"}
    checked = 0
    for table, topics in zip(_tables(page), expected.values(), strict=True):
        for row, topic in zip(table.tbody.find_all("tr"), topics, strict=True):
            cells = row.find_all("td")
            given = facts.get(topic.slug)
            if given is None:
                assert len(cells) == 1 and cells[0]["colspan"] == str(len(COLUMNS))
                assert "Not yet given" in cells[0].get_text() or "No article yet" in \
                    cells[0].get_text()
                continue
            assert len(cells) == len(COLUMNS)
            for cell, (heading, (name, labels)) in zip(cells, COLUMNS.items(), strict=True):
                value = getattr(given, name).value
                assert cell.get_text(strip=True) == (labels[value] if labels else value), (
                    topic.slug, name)
                assert cell["data-label"] == heading  # the label a card shows on a phone
                checked += 1
    assert checked, "at least one treatment has Key facts"


def test_every_treatment_is_on_the_page_once(page, content):
    slugs = [row["data-kb-treatment"] for row in page.select("tbody tr[data-kb-treatment]")]
    assert sorted(slugs) == sorted(content.vocabulary.treatments)


def test_jump_links_lead_to_the_groups(page):
    ids = {element["id"] for element in page.select("[id]")}
    links = page.select("nav.kb-compare-groups a[href]")
    assert len(links) == len(_tables(page))
    assert all(link["href"].removeprefix("#") in ids for link in links)


def test_page_comes_right_after_the_a_to_z_in_the_treatments_section(built_site: Project,
                                                                      content):
    """In the navigation (previous and next links, the whole guide): Treatments A to Z, then
    this page, then the treatments from A to Z."""
    def following(url: str) -> set[str]:
        link = built_site.page(url).select_one("a.md-footer__link--next")
        return link_targets(BeautifulSoup(str(link), "html.parser"), url)

    assert following("treatments/") == {URL}
    first = min(content.vocabulary.treatments.items(), key=lambda item: item[1].name.lower())
    assert following(URL) == {f"treatments/{first[0]}/"}


def test_page_has_no_inline_code_and_loads_its_own_script_and_styles(built_site: Project):
    head = built_site.page(URL)
    article = head.select_one("article")
    assert article.select("[style]") == [] and article.select("script") == []
    scripts = [s["src"] for s in head.select("script[src]")]
    styles = [s["href"] for s in head.select("link[rel=stylesheet]")]
    assert any(src.endswith("javascripts/compare.js") for src in scripts)
    assert any(href.endswith("stylesheets/compare.css") for href in styles)
    # The checkboxes and the side-by-side view are JavaScript's: without it, tables only.
    assert article.select(".kb-compare input, .kb-compare button") == []


def test_compare_assets_exist_and_do_nothing_without_the_comparison(built_site: Project):
    script = (built_site.site / "javascripts" / "compare.js").read_text(encoding="utf-8")
    # On every other page the script stops at its first lookup.
    assert 'document.querySelector("[data-kb-compare]")' in script
    assert "if (!root" in script
    css = (built_site.site / "stylesheets" / "compare.css").read_text(encoding="utf-8")
    assert "@page compare" in css and "size: A4 landscape" in css


# --- Treatments without an article, and values that must be escaped ---------------------------

def _compare_html(content_dir: Path) -> BeautifulSoup:
    from mskb.pages.build import COMPARE_URI, build_site

    site = build_site(content_dir)
    markdown = next(page.markdown for page in site.pages if page.src_uri == COMPARE_URI)
    return BeautifulSoup(markdown, "html.parser")


def test_a_treatment_without_an_article_says_so_plainly(tmp_path: Path):
    content_dir = tmp_path / "content"
    shutil.copytree(CONTENT, content_dir)
    with (content_dir / "data" / "treatments.yml").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write(
            "\n- slug: test-boots\n  name: Boots & braces *for* feet_x\n"
            "  category: surgery\n  aliases: []\n"
            "  description: A treatment listed in the vocabulary with no article yet.\n")
    html = _compare_html(content_dir)
    row = html.select_one("tr#treatment-test-boots")
    assert row is not None
    # Escaped for HTML, and not turned into Markdown emphasis or escapes.
    assert row.th.a.get_text() == "Boots & braces *for* feet_x"
    assert row.th.a["href"] == "../test-boots/"
    cells = row.find_all("td")
    assert len(cells) == 1 and cells[0]["colspan"] == str(len(COLUMNS))
    assert cells[0].get_text(strip=True).startswith("No article yet")
    # After the treatments with Key facts in its group.
    surgery = row.find_parent("tbody").find_all("tr")
    assert surgery[-1] is row
