"""Printed documents stand on their own (issue 14): the parts a document has once, its running
header, its contents list and questions sheet, and how the printer reads a first printing back.
The PDFs themselves are read back in tests/browser/test_pdf_documents.py."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from lxml import html

from conftest import Project
from mskb.pages.policy import inline_code
from mskb.printing import document
from mskb.printing.pdf import LARGE_PRINT, STANDARD, Layout, _baselines, _count_lines, large_print
from mskb.printing.print_page import Guide, repair_print_page

ARTICLE = """<section id="{key}">
<h1 id="{key}--t">{title}</h1>
<p>Uses the word
<a class="kb-term" id="{key}--word-spasm-ref" href="#{key}--word-spasm">spasm</a>.</p>
<h2 id="{key}--q">Questions to ask your clinician</h2>
<ul><li>What dose should I take?</li><li>What if I feel sleepy?</li></ul>
<h2 class="kb-words__title" id="{key}--words">Words used on this page</h2>
<dl class="kb-words"><div class="kb-words__entry" id="{key}--word-spasm"><dt>Spasm</dt>
<dd>A sudden tightening. <span class="kb-words__more"><a href="#x">Close</a></span></dd></div></dl>
<div class="kb-review kb-review-history"><h2>Review history</h2>
<p><strong>Last reviewed:</strong> 3 March 2026<br>
<strong>Next review due:</strong> 3 March 2027</p></div>
<div class="kb-disclaimer"><p><strong>Disclaimer:</strong> not medical advice.</p></div>
</section>"""


def _part(key: str, title: str = "Baclofen") -> html.HtmlElement:
    return html.fragment_fromstring(ARTICLE.format(key=key, title=title))


def test_contents_entries_are_links_with_a_page_number_for_the_printer_to_fill():
    markup = document.contents([document.Entry("treatments-baclofen", "Baclofen", "Treatment"),
                                document.Entry("kb-questions", "Questions", group="At the end")])
    soup = BeautifulSoup(markup, "html.parser")
    first, second = soup.select("a.kb-toc__entry")
    assert first["href"] == "#treatments-baclofen"
    assert first.get_text(" ", strip=True) == "Baclofen (Treatment)"
    assert first.select_one(".kb-toc__page")["data-kb-page-of"] == "treatments-baclofen"
    assert second.find_parent("li", class_="kb-toc__group").select_one(
        ".kb-toc__group-name").get_text() == "At the end"


def test_running_header_names_the_document_and_each_articles_review_date():
    css = document.running_style("Everything about Baclofen",
                                 [("treatments-baclofen", "3 March 2026")], cover=True)
    assert css.startswith("@media print{")
    assert '@page{@top-left{content:"Everything about Baclofen"}}' in css
    assert '@page kb-part-1{@top-right{content:"Last reviewed 3 March 2026"}}' in css
    assert "#treatments-baclofen{page:kb-part-1}" in css
    assert "@page:first{@top-left{content:none}" in css, "the cover carries no header"
    single = document.running_style("Baclofen", reviewed="3 March 2026")
    assert '@page{@top-right{content:"Last reviewed 3 March 2026"}}' in single


def test_a_title_cannot_break_out_of_the_header_style():
    css = document.running_style('Evil "}</style><script>alert(1)</script>')
    assert "</style>" not in css and "<script" not in css
    assert 'content:"Evil \\"}' in css, "the title's own quote is escaped"


def test_each_article_loses_its_disclaimer_and_word_list_to_one_list_for_the_document():
    parts = [_part("treatments-baclofen"), _part("experiences-a", "An account")]
    assert document.remove_disclaimers(parts) == 2
    words = document.gather_words((p, f"{p.get('id')}--") for p in parts)
    assert words is not None
    entries = words.find_class("kb-words__entry")
    assert [e.get("id") for e in entries] == ["kb-doc-words--word-spasm"], "each word once"
    assert not words.find_class("kb-words__more"), "screen-only links are left out"
    for part in parts:
        assert not part.find_class("kb-words") and not part.find_class("kb-words__title")
        assert part.find_class("kb-term")[0].get("href") == "#kb-doc-words--word-spasm"


def test_questions_move_from_the_article_to_the_questions_sheet_with_tick_boxes():
    part = _part("treatments-baclofen")
    questions = document.take_questions(part)
    assert [q.text for q in questions] == ["What dose should I take?", "What if I feel sleepy?"]
    assert "Questions to ask your clinician" not in part.text_content()
    sheet = document.questions_sheet("Tick the questions.", [("", questions)])
    assert sheet.findtext("h1") == document.QUESTIONS_TITLE
    assert [li.text for li in sheet.find_class("kb-question-list")[0]] == [
        "What dose should I take?", "What if I feel sleepy?"]
    assert len(sheet.find_class("kb-line")) == document.RULED_LINES


def test_the_review_date_is_read_from_the_templates_box_not_an_imitation():
    part = _part("treatments-baclofen")
    fake = html.fragment_fromstring('<div class="kb-review-history"><p><strong>Last reviewed:'
                                    '</strong> 1 January 2099</p></div>')
    part.insert(1, fake)
    assert document.last_reviewed(part) == "3 March 2026"


GUIDE_PAGE = """<!doctype html><html><head><title>Guide</title></head><body>
<div id="print-site-page">
<section id="print-site-cover-page"><div class="kb-cover"><h1>Site</h1>
<div class="kb-disclaimer"><p><strong>Disclaimer:</strong> once.</p></div></div></section>
<section class="print-page md-section" id="section-2"><h1>Treatments</h1>
{baclofen}
<section class="print-page" id="treatments-tizanidine">
<h1 id="treatments-tizanidine-t">Tizanidine</h1>
<p>See <a href="#experiences-my-story">my story</a> and
<a href="#treatments-baclofen">baclofen</a>.</p>
</section></section></div></body></html>"""


def _guide() -> tuple[BeautifulSoup, str, object]:
    baclofen = ARTICLE.format(key="treatments-baclofen", title="Baclofen").replace(
        "<section id=", '<section class="print-page" id=').replace("--", "-")
    page = GUIDE_PAGE.format(baclofen=baclofen)
    guide = Guide("Site: the whole guide", "https://example.org/kb/", "27 November 2026",
                  {"experiences-my-story": "https://example.org/kb/experiences/my-story/"})
    repaired, added = repair_print_page(page, guide)
    return BeautifulSoup(repaired, "html.parser"), repaired, added


def test_the_whole_guide_gets_contents_about_one_disclaimer_words_and_questions():
    soup, _, _ = _guide()
    cover = soup.find(id="print-site-cover-page")
    contents = cover.find_next_sibling()
    assert contents.name == "nav" and "kb-doc-contents" in contents["class"]
    assert contents.find_next_sibling()["id"] == document.ABOUT_ID
    titles = [a.select_one(".kb-toc__title").get_text() for a in contents.select("a")]
    assert titles == ["Baclofen", "Tizanidine", document.WORDS_TITLE, document.QUESTIONS_TITLE]
    assert contents.select_one(".kb-toc__group-name").get_text() == "Treatments"
    assert soup.get_text().count("Disclaimer:") == 1
    ends = [s["id"] for s in soup.find(id="print-site-page").find_all("section", recursive=False)]
    assert ends[-2:] == [document.WORDS_ID, document.QUESTIONS_ID]
    questions = [li.get_text() for li in soup.select(".kb-question-list li")]
    assert questions == list(document.GENERAL_QUESTIONS)


def test_the_whole_guide_prints_the_address_of_a_page_it_leaves_out():
    soup, _, _ = _guide()
    story = soup.find("a", string="my story")
    assert story["href"] == "https://example.org/kb/experiences/my-story/"
    assert soup.find("a", string="baclofen")["href"] == "#treatments-baclofen"


def test_the_whole_guides_running_header_is_allowed_by_its_policy_and_shares_section_titles():
    soup, repaired, added = _guide()
    style = soup.head.find("style").string
    assert '"Site: the whole guide"' in style
    # Baclofen opens the Treatments section: its title prints on Baclofen's first sheet.
    assert "#treatments-baclofen,#section-2-title{page:kb-part-1}" in style
    assert inline_code(repaired).styles == added.styles


def test_large_print_pdfs_sit_beside_the_standard_ones():
    assert large_print("print/x/ms-spasticity-x.pdf") == "print/x/ms-spasticity-x-large-print.pdf"
    assert LARGE_PRINT.body_pt >= 16 > STANDARD.body_pt


def test_the_printer_counts_the_lines_of_text_chromium_placed_on_a_sheet():
    # Chromium's content streams: a flipped device-pixel matrix, then runs of text, one a line.
    stream = (b".75 0 0 -.75 0 841.92 cm\nq\n1 0 0 1 0 0 cm\nBT\n/F1 16 Tf\n"
              b"1 0 0 -1 60 200 Tm\n<0011> Tj\nET\nBT\n1 0 0 -1 300 200.5 Tm\n<0012> Tj\nET\n"
              b"BT\n1 0 0 -1 60 224 Tm\n<0013> Tj\nET\nQ\n")
    heights = _baselines(stream)
    assert [round(h, 1) for h in heights] == [691.9, 691.5, 673.9]
    assert _count_lines(heights) == 2, "two runs on one baseline are one line"


def test_a_short_sheet_pulls_the_last_block_that_leaves_the_sheet_before_it_enough():
    layout = Layout(pages=4, body_pt=12, parts=frozenset({"a"}), lines=[10, 30, 2, 30],
                    starts={"a": 2, "kb-probe-1": 2, "kb-probe-2": 2, "kb-probe-3": 2,
                            "kb-questions": 4},
                    tops={"a": 791, "kb-probe-1": 780, "kb-probe-2": 500, "kb-probe-3": 120})
    assert layout.short_pages() == [3], "the cover and the questions sheet are exempt"
    assert layout.pushes() == ["kb-probe-3"]
    # A part that starts on the short sheet is shorter than a few lines: nothing to move.
    layout.starts["b"], layout.parts = 3, frozenset({"a", "b"})
    assert layout.pushes() == []


def test_a_bundle_page_has_one_date_on_its_cover_contents_and_its_questions_last(
        built_site: Project):
    bundle = built_site.article("print/treatments/baclofen/")
    cover = bundle.select_one(".kb-cover")
    assert len(re.findall(r"\b20\d\d\b", cover.get_text())) == 1, cover.get_text()
    assert len(bundle.select(".kb-disclaimer")) == 1
    entries = [a["href"] for a in bundle.select(".kb-doc-contents a.kb-toc__entry")]
    assert entries[0] == "#treatments-baclofen" and entries[-1] == f"#{document.QUESTIONS_ID}"
    last = bundle.select("section")[-1]
    assert last["id"] == document.QUESTIONS_ID
    first_question = last.select_one(".kb-question-list li").get_text(" ", strip=True)
    assert first_question.startswith("What dose should I aim for")
    assert "Questions to ask your clinician" not in bundle.select_one(
        "#treatments-baclofen").get_text()
    head = built_site.page("print/treatments/baclofen/").head.find("style").string
    assert '"Everything about Baclofen"' in head and "Last reviewed" in head


def test_a_type_bundles_questions_gather_those_of_its_first_line_treatments(
        built_site: Project):
    bundle = built_site.article("print/types/stiffness/")
    sheet = bundle.select_one(f"#{document.QUESTIONS_ID}")
    headings = [h.get_text(strip=True) for h in sheet.find_all("h2")]
    assert "About Baclofen" in headings and "About Gabapentin" in headings, headings
    assert headings[-1] == "My own questions"


def test_ruled_lines_that_run_onto_a_sheet_of_their_own_are_left_out():
    layout = Layout(pages=3, body_pt=16, lines=[10, 20, 0], ruled=frozenset({"l1", "l2", "l3"}),
                    starts={"kb-questions": 2, "l1": 2, "l2": 3, "l3": 3})
    assert layout.blank_last_page()
    assert sorted(layout.spilled_lines()) == ["l2", "l3"]
    layout.lines[-1] = 5  # the sheet has text on it: it stays
    assert not layout.blank_last_page() and layout.spilled_lines() == []
