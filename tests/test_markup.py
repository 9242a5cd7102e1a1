"""Valid HTML from the theme (mskb.pages.markup, hooks/markup.py) and on the whole guide
(mskb.printing.print_page), without Java: each mending on markup copied from what Material for
MkDocs 9 and mkdocs-print-site write, and the built site free of every kind of error the W3C
checker found. The checker itself runs in tests/test_html_validity.py (full lane).

Pages are read back with BeautifulSoup's own parser, not the code's.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import Project
from mskb.pages.markup import TOGGLES_FORM, valid_markup
from mskb.pages.policy import Code, inline_code, page_policy, with_csp
from mskb.printing.print_page import repair_print_page

# As Material's base.html, partials/nav-item.html, partials/toc.html and partials/search.html
# write them (copied from a built page).
DRAWER = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
          'autocomplete="off">')
SEARCH = ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
          'autocomplete="off">')
OVERLAY = '<label class="md-overlay" for="__drawer"></label>'
SECTION = '<label class="md-nav__link " for="__nav_3" id="__nav_3_label" tabindex="">'
NESTED = '<label class="md-nav__link" for="__nav_3_2" id="__nav_3_2_label" tabindex="0">'
TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
TOC_TITLE = '<label class="md-nav__title" for="__toc">'
SEARCH_FIELD = ('<input type="text" class="md-search__input" name="query" aria-label="Search" '
                'placeholder="Search" autocapitalize="off" autocorrect="off" autocomplete="off" '
                'spellcheck="false" data-md-component="search-query" required>')
SCRIPT = '<script>var __md_scope=new URL("..",location),__md_hash=e=>[...e].length</script>'


def _page(body: str, head: str = "") -> str:
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>T</title>'
            f'{head}</head>\n<body dir="ltr">\n{body}\n</body></html>\n')


def _soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def test_the_menu_and_search_checkboxes_keep_autocomplete_off_through_their_form():
    page = valid_markup(_page(f"    {DRAWER}\n    {SEARCH}\n    {OVERLAY}"))
    soup = _soup(page)
    forms = soup.find_all("form")
    assert len(forms) == 1
    form = forms[0]
    assert form.attrs == {"id": TOGGLES_FORM, "autocomplete": "off", "hidden": ""}
    assert not form.contents, "the form is empty: the checkboxes stay where Material put them"
    for name in ("__drawer", "__search"):
        box = soup.find(id=name)
        assert box.parent.name == "body" and box["form"] == TOGGLES_FORM
        assert "autocomplete" not in box.attrs
        assert box["type"] == "checkbox" and box["data-md-toggle"] == name.strip("_")
    # The form comes first, so the browser knows each checkbox's form when it reads it.
    assert page.index(f'id="{TOGGLES_FORM}"') < page.index('id="__drawer"')
    assert soup.find("label", class_="md-overlay")["for"] == "__drawer"


def test_autocomplete_is_kept_where_it_is_allowed_and_where_a_form_decides_already():
    field = f'<form class="md-search__form" name="search">{SEARCH_FIELD}</form>'
    inside = '<form id="f"><input type="checkbox" id="c" autocomplete="off"></form>'
    owned = '<input type="radio" id="r" form="f" autocomplete="off">'
    page = _page(field + inside + owned)
    assert valid_markup(page) == page  # the checker reports the last two: a person decides


def test_an_empty_tabindex_is_removed_and_any_other_kept():
    labels = [SECTION, NESTED, '<label for="__nav_3" tabindex="-1">', "<label>"]
    inputs = '<input type="checkbox" id="__nav_3"><input type="checkbox" id="__nav_3_2">'
    soup = _soup(valid_markup(_page(inputs + "".join(f"{label}x</label>" for label in labels))))
    found = soup.find_all("label")
    assert "tabindex" not in found[0].attrs
    assert found[0].attrs == {"class": ["md-nav__link"], "for": "__nav_3", "id": "__nav_3_label"}
    assert [label.get("tabindex") for label in found[1:]] == ["0", "-1", None]


def test_the_contents_title_names_its_checkbox_only_where_the_page_has_one():
    without = _soup(valid_markup(_page(f"{TOC_TITLE}Table of contents</label>")))
    assert without.label.attrs == {"class": ["md-nav__title"]}
    page = _page(f"{TOC_TOGGLE}{TOC_TITLE}Table of contents</label>")
    assert valid_markup(page) == page


def test_nothing_but_the_mended_attributes_changes():
    body = (f"{SCRIPT}\n<!-- {SECTION} -->\n    {DRAWER}\n"
            f"<p title='a &amp; b'>a&nbsp;b &mdash; &lt;label for=\"x\"&gt;</p>\n"
            f"<script>document.write('<label for=\"nowhere\" tabindex=\"\">')</script>\n"
            f"<LABEL CLASS=x\n  FOR=nowhere TabIndex=''>Y</LABEL>\n{SECTION}z</label>\n"
            f'<input type="checkbox" id="__nav_3">')
    page = _page(body)
    form = f'<form id="{TOGGLES_FORM}" autocomplete="off" hidden></form>'
    drawer = DRAWER.replace(' autocomplete="off">', f' form="{TOGGLES_FORM}">')
    section = SECTION.replace(' tabindex=""', "")
    expected = (page.replace(f"    {DRAWER}", f"    {form}{drawer}")
                .replace("<LABEL CLASS=x\n  FOR=nowhere TabIndex=''>", "<LABEL CLASS=x>")
                .replace(f"{SECTION}z", f"{section}z"))
    assert valid_markup(page) == expected  # scripts, comments, text and entities as they were
    assert valid_markup(expected) == expected


def test_a_page_with_nothing_to_mend_is_returned_as_it_is():
    page = _page(f"{SCRIPT}<p>Text</p>{SEARCH_FIELD}")
    assert valid_markup(page) == page
    assert valid_markup("") == ""


def test_the_content_security_policy_still_matches_the_mended_page():
    page = with_csp(_page(f"{DRAWER}{SEARCH}{SECTION}x</label>{TOC_TITLE}y</label>",
                          head=f"{SCRIPT}<style>.a{{color:red}}</style>"))
    mended = valid_markup(page)
    assert mended != page
    assert page_policy(mended) == page_policy(page)
    assert inline_code(mended) == inline_code(page)


# As mkdocs-print-site writes the whole guide (renderer.py): a section per nav section with a
# heading-number attribute, and its heading-numbering style after the last article.
PRINT_PAGE = _page(
    f'{DRAWER}<div class="md-content"><article class="md-content__inner md-typeset">'
    '<div id="print-site-page" class="print-site-enumerate-headings">'
    "<section class='print-page md-section' id='section-2' heading-number='2'><h1>Types</h1>"
    '<section class="print-page" id="types" heading-number="2.1"><h1 id="types">Types</h1>'
    "</section></section></div><style>.print-site-enumerate-headings #section-2 > h1:before "
    "{ content: '2 ' }</style> after"
    "<svg><style>.keep{}</style></svg></article></div>"
    '<nav class="md-nav md-nav--secondary"><label class="md-nav__title" for="__toc">'
    "Table of contents</label></nav>",
    head='<link rel="stylesheet" href="../assets/stylesheets/main.css">')


def test_the_whole_guide_is_repaired_into_valid_html():
    repaired, added = repair_print_page(PRINT_PAGE)
    assert added == Code(), "without a Guide, nothing is added"
    soup = _soup(repaired)
    assert not soup.find_all(attrs={"heading-number": True})
    assert [s.get("data-heading-number") for s in soup.find_all("section")] == ["2", "2.1"]
    head_styles = soup.head.find_all("style")
    assert [s.string for s in head_styles] == [
        ".print-site-enumerate-headings #section-2 > h1:before { content: '2 ' }"]
    assert soup.head.contents[-1] is head_styles[0], "after the stylesheets, as it was"
    assert [s.string for s in soup.body.find_all("style")] == [".keep{}"], "an SVG's own stays"
    assert "</div> after" in repaired, "the text after the style stays where it was"
    assert soup.find(id="__drawer")["form"] == TOGGLES_FORM
    assert "for" not in soup.find("label", class_="md-nav__title").attrs
    # The style's text is unchanged, so the hash the page's policy allows still matches it.
    assert inline_code(repaired).styles == inline_code(PRINT_PAGE).styles


INVALID = {
    "a checkbox with autocomplete": lambda soup: soup.select(
        "input[autocomplete][type=checkbox], input[autocomplete][type=radio]"),
    "a label with an empty tabindex": lambda soup: [
        e for e in soup.select("label[tabindex]") if not e["tabindex"].strip()],
    "a label naming no element": lambda soup: [
        e for e in soup.select("label[for]") if soup.find(id=e["for"]) is None],
    "a heading-number attribute": lambda soup: soup.select("[heading-number]"),
    "a style in the body": lambda soup: [
        e for e in soup.body.find_all("style") if e.find_parent("svg") is None],
}


def test_no_built_page_has_any_kind_of_error_the_checker_found(built_site: Project):
    pages = sorted(built_site.site.rglob("*.html"))
    assert len(pages) > 50
    found = []
    for path in pages:
        soup = _soup(path.read_text(encoding="utf-8"))
        for kind, select in INVALID.items():
            found += [f"{path.relative_to(built_site.site)}: {kind}: {str(e)[:100]}"
                      for e in select(soup)]
    assert found == [], "\n".join(found[:20])
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(f'form="{TOGGLES_FORM}"', home)) == 2
