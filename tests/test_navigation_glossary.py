"""The menu on a phone, the contributor pages out of it, and glossary words (issue 12), without
a browser: the menu's plain logic, and what the built pages hold.

What a reader sees in Chromium (the open menu, a word's explanation opened by tap and by
keyboard, print, axe) is in tests/browser/test_navigation_glossary_browser.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import markdown
import pytest
import yaml

from conftest import REPO, Project, article_text, link_targets, load_hook, published_articles
from mskb.content.schema import GlossaryEntry
from mskb.pages.compact import compact, compact_source
from mskb.pages.glossary import GlossaryExtension

navigation = load_hook("navigation")
CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
GLOSSARY = {entry["term"]: entry for entry in yaml.safe_load(
    (REPO / "content" / "data" / "glossary.yml").read_text(encoding="utf-8"))}


# --- The menu's plain logic ----------------------------------------------------------------------

@pytest.mark.parametrize("count", [0, 1, 8, navigation.LIMIT])
def test_a_small_section_is_listed_whole(count):
    for current in range(count):
        assert window_list(count, current) == list(range(count))


@pytest.mark.parametrize("count", [navigation.LIMIT + 1, 22, 1000])
def test_a_large_section_lists_a_window_of_neighbours_of_constant_size(count):
    size = 2 * navigation.RADIUS + 1
    for current in range(count):
        shown = window_list(count, current)
        assert len(shown) == size, "the menu is as long on every page"
        assert current in shown
        assert shown == list(range(shown[0], shown[0] + size)), "neighbours, in order"
        assert shown[0] >= 0 and shown[-1] < count
        if navigation.RADIUS <= current < count - navigation.RADIUS:
            assert shown.index(current) == navigation.RADIUS, "centred away from the ends"


def window_list(count: int, current: int) -> list[int]:
    return list(navigation.window(count, current))


@pytest.mark.parametrize("section, index, expected", [
    ("Treatments", "Treatments A to Z", "Treatments A to Z"),
    ("Guides", "Guides", "All guides"),
    ("Spasticity types", "Spasticity types", "All spasticity types"),
    ("Experiences", "", "All experiences"),
])
def test_the_overview_link_says_what_it_leads_to(section, index, expected):
    assert navigation.overview_title(section, index) == expected


def _page(title: str, url: str):
    return SimpleNamespace(title=title, url=url)


def test_the_section_view_is_the_index_an_overview_link_the_window_and_the_a_to_z():
    index = _page("Experiences", "experiences/")
    pages = [_page(f"Story {n}", f"experiences/story-{n}/") for n in range(40)]
    view = navigation.section_view([index, *pages], 20, section_title="Experiences",
                                   a_to_z=("Treatments A to Z", "treatments/"))
    assert view[0] is index, "Material shows the first child as the section's own link"
    assert (view[1].title, view[1].url) == ("All experiences", "experiences/")
    assert (view[2].title, view[2].url) == ("Treatments A to Z", "treatments/"), \
        "the A to Z near the top, seen on a phone without scrolling"
    assert view[3:] == pages[15:26]
    without = navigation.section_view([index, *pages[:3]], 0, section_title="Experiences",
                                      a_to_z=None)
    assert without[2:] == pages[:3], "no A to Z link in the treatments' own menu"


# --- The built site: the menu ----------------------------------------------------------------


def _menu(page) -> dict[str, list[tuple[str, str]]]:
    """Each top-level item of the main menu: the links listed under it (text, address)."""
    menu = {}
    for item in page.select("nav.md-nav--primary > ul > li"):
        head = item.find(["a", "label"]).get_text(" ", strip=True)
        links = item.select("nav[data-md-level='1'] > ul > li > a.md-nav__link")
        menu[head] = [(a.get_text(" ", strip=True), a["href"]) for a in links]
    return menu


def _section_pages(folder: str) -> set[str]:
    return {url for url in published_articles() if url.startswith(f"{folder}/")}


@pytest.mark.parametrize("url, section, folder, overview", [
    ("guides/what-is-spasticity/", "Guides", "guides", "All guides"),
    ("experiences/physio-for-stiff-legs/", "Experiences", "experiences", "All experiences"),
    ("types/stiffness/", "Spasticity types", "types", "All spasticity types"),
])
def test_an_articles_menu_lists_its_whole_small_section_and_the_a_to_z(
        built_site: Project, url, section, folder, overview):
    menu = _menu(built_site.page(url))
    listed = menu[section]
    assert listed[0] == (overview, "../"), "the section's overview comes first"
    assert listed[1] == ("Treatments A to Z", "../../treatments/")
    pages = {target for _, href in listed[2:]
             for target in link_targets_of(href, url)}
    expected = _section_pages(folder)
    if len(expected) <= navigation.LIMIT:
        assert expected <= pages, f"every page of {section} is in the menu"
    assert all(not links for name, links in menu.items()
               if name not in (section, "About")), "other sections: their title only"


def link_targets_of(href: str, url: str) -> set[str]:
    from bs4 import BeautifulSoup

    return link_targets(BeautifulSoup(f'<a href="{href}">x</a>', "html.parser"), url)


def test_a_treatments_menu_has_the_a_to_z_first_and_a_window_of_treatments(built_site):
    listed = _menu(built_site.page("treatments/baclofen/"))["Treatments"]
    assert listed[0] == ("Treatments A to Z", "../")
    assert ("Baclofen", "./") in listed
    assert len(listed) - 1 <= max(navigation.LIMIT, 2 * navigation.RADIUS + 1)
    assert [name for name, _ in listed].count("Treatments A to Z") == 1


def test_a_section_of_any_size_gives_a_menu_of_the_same_size(project: Project):
    for n in range(40):
        project.write(f"experiences/extra/story-{n:02d}.md", article_text(
            title=f"Extra story {n:02d}", kind="experience", sources=[], treatments=["massage"],
            published=f"2020-01-{n % 28 + 1:02d}", last_reviewed="2020-02-01",
            next_review="2021-01-01"))
    project.build()
    sizes = set()
    for path in sorted((project.site / "experiences").glob("*/index.html"))[:50]:
        url = path.parent.relative_to(project.site).as_posix() + "/"
        listed = _menu(project.page(url)).get("Experiences", [])
        if not listed:
            continue  # not a page of the section's menu (the lists of accounts by topic)
        assert listed[0] == ("All experiences", "../")
        assert any(href == "./" for _, href in listed), f"/{url} is in its own menu"
        sizes.add(len(listed))
    assert sizes == {2 * navigation.RADIUS + 1 + 2}, sizes


def test_the_theme_templates_lose_their_indentation_not_their_words():
    source = ("<nav>\n  {% for item in items %}\n\n    <a href=\"{{ item.url }}\">\n"
              "      {{ item.title }}\n    </a>\n  {% endfor %}\n</nav>\n")
    assert compact_source(source) == (
        "<nav>\n{% for item in items %}\n<a href=\"{{ item.url }}\">\n{{ item.title }}\n</a>\n"
        "{% endfor %}\n</nav>\n")
    env = compact(jinja2.Environment())
    items = [{"url": "a/", "title": "One"}, {"url": "b/", "title": "Two words"}]
    assert env.from_string(source).render(items=items) == (
        '<nav>\n<a href="a/">\nOne\n</a>\n<a href="b/">\nTwo words\n</a>\n</nav>')
    # Where spaces show, the template is left as it is.
    kept = "<pre>\n  two spaces\n</pre>\n"
    assert compact_source(kept) == kept


def test_a_built_pages_menu_is_not_indented(built_site: Project):
    html = (built_site.site / "guides" / "triggers" / "index.html").read_text(encoding="utf-8")
    start = html.index('class="md-sidebar md-sidebar--primary"')
    menu = html[start:html.index('class="md-sidebar md-sidebar--secondary"')]
    assert "Leg spasticity" in menu
    assert not [line for line in menu.splitlines() if line[:1] in (" ", "\t")]
    assert "\n\n\n" not in menu


# --- The built site: contributor pages out of the menu ------------------------------------------


@pytest.mark.parametrize("url", ["", "treatments/baclofen/", "glossary/", "contributing/",
                                 "contributing/front-matter/", "404.html"])
def test_contributor_pages_are_in_the_footer_not_the_menu(built_site: Project, url: str):
    page = built_site.page(url)
    menu = page.select_one("nav.md-nav--primary")
    assert not [a["href"] for a in menu.select("a[href]") if "contributing" in a["href"]]
    footer = {a.get_text(" ", strip=True): a["href"]
              for a in page.select("footer .md-copyright a")}
    if url == "404.html":  # addresses from the site's root: it is served for any path
        assert footer["How to contribute"].endswith("/knowledge-base/contributing/")
        assert footer["Front matter reference"].endswith("/contributing/front-matter/")
        return
    assert link_targets_of(footer["How to contribute"], url) == {"contributing/"}
    assert link_targets_of(footer["Front matter reference"], url) == \
        {"contributing/front-matter/"}


def test_the_about_menu_keeps_about_policy_disclaimer_and_glossary(built_site: Project):
    about = _menu(built_site.page("about/"))["About"]
    assert [name for name, _ in about] == ["Editorial policy", "Disclaimer", "Glossary"]
    assert "contributing" not in str(CONFIG["nav"])
    on_a_page = _menu(built_site.page("glossary/"))["About"]
    assert on_a_page[0] == ("About this knowledge base", "../about/"), \
        "the section's overview is in its panel on a phone too"


@pytest.mark.parametrize("url", ["treatments/", "guides/", "about/"])
def test_on_an_index_page_the_menu_opens_at_the_top(built_site: Project, url: str):
    """Its section's panel would list nothing but the page shown: the phone's menu opens on
    every section instead (the section is not marked open)."""
    page = built_site.page(url)
    opened = [toggle.find_next_sibling().get_text(" ", strip=True)
              for toggle in page.select("nav.md-nav--primary > ul > li > input[checked]")]
    assert opened == []
    current = page.select_one("nav.md-nav--primary a.md-nav__link--active")
    assert current is not None and current["href"] == "./", "still marked as the page shown"


def test_the_contributing_page_links_the_front_matter_reference(built_site: Project):
    article = built_site.article("contributing/")
    assert "contributing/front-matter/" in link_targets(article, "contributing/")


def test_under_a_page_one_line_reports_a_problem_and_edit_is_in_the_footer(built_site):
    page = built_site.page("treatments/baclofen/")
    box = page.select_one(".kb-page-feedback")
    assert [a.get_text(strip=True) for a in box.find_all("a")] == [
        "Report a problem with this page"]
    assert len(box.get_text(" ", strip=True)) < 100, "compact"
    edit = [a for a in page.select("footer a") if a.get_text(strip=True) == "Edit this page"]
    assert len(edit) == 1 and edit[0]["href"].endswith("/content/treatments/baclofen.md")


# --- The glossary page ------------------------------------------------------------------------


def test_glossary_has_a_letter_bar_and_bold_terms_under_letter_headings(built_site: Project):
    page = built_site.page("glossary/")
    article = built_site.article("glossary/")
    bar = article.select_one("nav.kb-az")
    letters = {term[0].upper() for term in GLOSSARY}
    assert {a.get_text() for a in bar.find_all("a")} == letters
    headings = {h["id"]: h.get_text(strip=True) for h in article.select("h2.kb-glossary__letter")}
    assert set(headings.values()) == letters
    for link in bar.find_all("a"):
        assert link["href"][1:] in headings
    for term in GLOSSARY:
        dt = article.find("dt", string=term)
        assert dt is not None and dt.find_parent(class_="kb-glossary") is not None, term
        assert dt.find_previous("h2").get_text(strip=True) == term[0].upper(), term
    contents = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert not set(contents) & letters, "the letters are not repeated in the contents"
    css = (REPO / "docs" / "stylesheets" / "glossary.css").read_text(encoding="utf-8")
    assert ".md-typeset .kb-glossary dt {\n  font-weight: 700;" in css


# --- Glossary words in articles ---------------------------------------------------------------


def test_every_word_opens_an_explanation_with_a_way_to_the_glossary_and_back(built_site):
    url = "guides/what-is-spasticity/"
    page = built_site.page(url)
    article = built_site.article(url)
    glossary = built_site.article("glossary/")
    words = article.select("a.kb-term")
    assert words
    for word in words:
        assert not word.has_attr("title"), "not a hover title"
        entry = article.find(id=word["href"][1:])
        assert "kb-words__entry" in entry["class"]
        term = entry.dt.get_text(strip=True)
        assert entry.dd.get_text(" ", strip=True).startswith(
            " ".join(GLOSSARY[term]["definition"].split()))
        more = entry.find("a", string="More in the glossary")
        path, anchor = more["href"].split("#")
        assert link_targets_of(path, url) == {"glossary/"}
        assert glossary.find(id=anchor).name == "dt"
        close = entry.find("a", string="Close")
        assert close["href"] == f"#{word['id']}", "Close goes back to the word"
    contents = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert "Words used on this page" not in contents, "the list is on paper only"
    assert article.select_one("h2#words-used-on-this-page"), "a heading on paper"


def _render(body: str, *entries: dict, page: str = "guides/x.md") -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc",
                                       GlossaryExtension([GlossaryEntry(**e) for e in entries])])
    return md.convert(f'<div data-kb-glossary="start" data-kb-page="{page}" markdown></div>\n\n'
                      f'{body}\n\n<div data-kb-glossary="end" markdown></div>\n\n'
                      '<div data-kb-glossary="words" markdown></div>\n'), md


CLONUS = {"term": "Clonus", "definition": "Jerking.", "page": "types/clonus.md"}


def test_a_words_full_page_is_linked_once_on_the_page():
    html, _ = _render("Clonus is common.", CLONUS)
    assert html.count('href="../types/clonus.md"') == 1
    html, _ = _render("Clonus is common. See [the clonus page](../types/clonus.md).", CLONUS)
    assert html.count('href="../types/clonus.md"') == 1, "not again in the list of words"


def test_the_list_of_words_is_not_in_the_pages_contents():
    html, md = _render("## Before\n\nClonus is common.\n\n## After\n\nText.", CLONUS)
    assert [token["name"] for token in md.toc_tokens] == ["Before", "After"]
    assert '<h2 class="kb-words__title" id="words-used-on-this-page">' in html


def test_glossary_css_and_javascript_are_loaded():
    assert "stylesheets/glossary.css" in CONFIG["extra_css"]
    assert "javascripts/glossary.js" in CONFIG["extra_javascript"]
    for path in ("docs/stylesheets/glossary.css", "docs/javascripts/glossary.js"):
        assert (REPO / path).is_file()
