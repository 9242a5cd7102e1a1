"""Every PDF the build writes, read the way a reader meets it on paper.

The site is built once with KB_PDF=1 (as the deploy workflow builds it); then every PDF, the whole
guide and each topic bundle, standard and large print, is read once with pdfplumber, which is
independent of the printer's own pypdf (pypdf only resolves named link destinations here). Each
page is split into its top margin (the running header), its bottom margin (the page number) and
its body, line by line, with font sizes, tick boxes and link annotations; the tests then check
what a reader relies on: the contents list's page numbers, the running header and "Page n of N",
no near-empty pages, one disclaimer, the large-print size, the "(page N)" after internal links,
and the questions sheet at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import pdfplumber
import pypdf
import pytest
from pdfminer.pdftypes import PDFObjRef, resolve1

from conftest import CONTENT, Project, front_matter, vocabulary

pytestmark = pytest.mark.browser

MM = 72 / 25.4
TOP_MARGIN = 18 * MM
BOTTOM_MARGIN = 20 * MM
"""The page margins (A4, in points): the running header and the page number print in them."""
SLACK = 1.0
"""Points of leeway when comparing positions on the page (rounding)."""

GUIDE = "print_page/ms-spasticity-knowledge-base.pdf"
GUIDE_TITLE = "MS Spasticity Knowledge Base: the whole guide"
LARGE = "-large-print"
CONTENTS = "Contents"
ABOUT = "About this document"
QUESTIONS = "Questions for my clinician"
OWN_QUESTIONS = "Questions to ask your clinician"
MIN_LINES = 4
MAX_GUIDE_PAGES = 260
MIN_GUIDE_PAGE_LINKS = 20
HEADING_RATIO = 1.2
"""A line at least this many times the body text size is a heading (the lead paragraph is 1.1)."""

FOLDERS = {"treatments": "treatments", "types": "spasticity_types"}
"""The PDF folder of each kind of topic bundle, and the vocabulary that names its topics."""


def _bundles() -> dict[str, str]:
    """Site path of each topic bundle's standard PDF -> the document's title."""
    found = {}
    for folder, field in FOLDERS.items():
        for entry in vocabulary(field):
            slug = entry["slug"]
            found[f"print/{folder}/{slug}/ms-spasticity-{slug}.pdf"] = \
                f"Everything about {entry['name']}"
    return found


def _large(path: str) -> str:
    return path.removesuffix(".pdf") + LARGE + ".pdf"


TITLES = {GUIDE: GUIDE_TITLE, **_bundles()}
TITLES |= {_large(path): title for path, title in TITLES.items()}
"""Every PDF the build writes (site path) -> the title its running header carries."""
PDFS = sorted(TITLES)
BACLOFEN = "print/treatments/baclofen/ms-spasticity-baclofen.pdf"
GUIDES = [GUIDE, _large(GUIDE)]


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


every_pdf = pytest.mark.parametrize("pdf", PDFS, ids=_name)


# --- Reading the PDFs ---------------------------------------------------------------------------

def squeeze(text: str) -> str:
    """Text without whitespace and with plain quotes, to compare what wraps differently."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d\u00a0", "''\"\" "))
    return "".join(text.split())


@dataclass
class Line:
    """A line of text in a page's body (between the margins)."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    """The size of its largest character, in points."""


@dataclass
class Link:
    """A link annotation: where it is, where it goes and the text under it."""

    x0: float
    top: float
    x1: float
    bottom: float
    target: int | None
    """The page an internal link goes to (1-based); None for a web link."""
    uri: str | None
    text: str


@dataclass
class Sheet:
    number: int
    header: str
    """The text in the top margin."""
    footer: str
    """The text in the bottom margin."""
    lines: list[Line]
    sizes: Counter
    """Characters of body text by size (points, to 0.1)."""
    boxes: list[tuple[float, float, float, float]]
    """Small squares drawn on the page (tick boxes): x0, top, x1, bottom."""
    links: list[Link]

    def box_left_of(self, line: Line) -> bool:
        return any(x1 <= line.x0 + SLACK and x1 >= line.x0 - 40
                   and top < line.bottom and bottom > line.top
                   for x0, top, x1, bottom in self.boxes)


@dataclass
class Document:
    path: str
    sheets: list[Sheet]

    @property
    def name(self) -> str:
        return _name(self.path)

    @cached_property
    def body_size(self) -> float:
        """The most common size of body text, in points."""
        sizes: Counter = Counter()
        for sheet in self.sheets:
            sizes.update(sheet.sizes)
        return sizes.most_common(1)[0][0] if sizes else 0.0

    def is_heading(self, line: Line) -> bool:
        return line.size >= HEADING_RATIO * self.body_size

    def starts(self, number: int, title: str, *, heading: bool = False) -> bool:
        """Whether a line on page ``number`` starts with ``title`` (which may wrap there)."""
        lines = self.sheets[number - 1].lines
        wanted = squeeze(title)
        for at, line in enumerate(lines):
            if heading and not self.is_heading(line):
                continue
            if squeeze(" ".join(item.text for item in lines[at:at + 4])).startswith(wanted):
                return True
        return False


def _read_pdf(path: Path, site_path: str) -> Document:
    reader = pypdf.PdfReader(path)
    named = {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
             for name, dest in reader.named_destinations.items()}
    sheets = []
    with pdfplumber.open(path) as pdf:
        numbers = {page.page_obj.pageid: page.page_number for page in pdf.pages}

        def target(dest) -> int | None:
            dest = resolve1(dest)
            if isinstance(dest, dict):  # a destination dictionary: /D holds the destination
                dest = resolve1(dest.get("D"))
            if isinstance(dest, list) and dest and isinstance(dest[0], PDFObjRef):
                return numbers.get(dest[0].objid)
            name = getattr(dest, "name", dest)
            if isinstance(name, bytes):
                name = name.decode("utf-8", "replace")
            return named.get(name) if isinstance(name, str) else None

        for page in pdf.pages:
            header, footer, body = [], [], []
            sizes: Counter = Counter()
            for found in page.extract_text_lines(return_chars=True):
                chars = [char for char in found["chars"] if char["text"].strip()]
                line = Line(found["text"], found["top"], found["bottom"], found["x0"],
                            found["x1"], max((char["size"] for char in chars), default=0.0))
                if line.bottom <= TOP_MARGIN + SLACK:
                    header.append(line.text)
                elif line.top >= page.height - BOTTOM_MARGIN - SLACK:
                    footer.append(line.text)
                else:
                    body.append(line)
                    sizes.update(round(char["size"], 1) for char in chars)
            links = []
            for annot in page.annots:
                data = annot["data"]
                action = resolve1(data.get("A")) or {}
                dest = data.get("Dest")
                if dest is None and getattr(resolve1(action.get("S")), "name", "") == "GoTo":
                    dest = action.get("D")
                x0, top, x1, bottom = annot["x0"], annot["top"], annot["x1"], annot["bottom"]
                text = "".join(
                    char["text"] for char in page.chars
                    if x0 - SLACK <= (char["x0"] + char["x1"]) / 2 <= x1 + SLACK
                    and top - SLACK <= (char["top"] + char["bottom"]) / 2 <= bottom + SLACK)
                links.append(Link(x0, top, x1, bottom, None if dest is None else target(dest),
                                  annot.get("uri"), text))
            boxes = [(rect["x0"], rect["top"], rect["x1"], rect["bottom"]) for rect in page.rects
                     if 5 <= rect["width"] <= 20 and abs(rect["width"] - rect["height"]) <= 2]
            sheets.append(Sheet(page.page_number, " ".join(header), " ".join(footer), body,
                                sizes, boxes, links))
            page.close()  # frees the page's parsed objects; the guide has hundreds of pages
    return Document(site_path, sheets)


@pytest.fixture(scope="module")
def documents(pdf_site: Project) -> dict[str, Document]:
    """Every PDF in the built site, read once: site path -> its pages."""
    paths = {path.relative_to(pdf_site.site).as_posix(): path
             for path in sorted(pdf_site.site.rglob("*.pdf"))}
    return {site_path: _read_pdf(path, site_path) for site_path, path in paths.items()}


def _document(documents: dict[str, Document], pdf: str) -> Document:
    if pdf not in documents:
        pytest.fail(f"{_name(pdf)} was not written (expected at {pdf})")
    document = documents[pdf]
    assert document.sheets, f"{document.name} has no pages"
    return document


# --- The parts of a document --------------------------------------------------------------------

NUMBER = re.compile(r"^(.*?)\s*(\d+)$")
NOTE = re.compile(r"^(.*\S)\s*\([^()]*\)$")


@dataclass
class Entry:
    """A contents entry: its lines (top to bottom), the page it is on and its link's target."""

    page: int
    lines: list[str]
    target: int | None

    @property
    def numbered(self) -> int | None:
        """Which of its lines ends in the page number."""
        return next((at for at, text in enumerate(self.lines) if NUMBER.match(text)), None)

    @property
    def number(self) -> int | None:
        at = self.numbered
        return None if at is None else int(NUMBER.match(self.lines[at]).group(2))

    @property
    def titles(self) -> list[str]:
        """What its title may be: all its words but the number, or those without the note in
        brackets before the number (a title may itself end in brackets: "Stiffness (tonic
        spasticity)"). The longer comes first."""
        at = self.numbered
        if at is None:
            return [" ".join(self.lines)]
        parts = list(self.lines[:at + 1])
        parts[at] = NUMBER.match(parts[at]).group(1)
        joined = " ".join(parts)  # a long title wraps, its note with it
        found = [joined]
        note = NOTE.match(joined)
        if note:
            found.append(note.group(1))
        return found

    @property
    def note(self) -> str:
        """The note in brackets before the page number ("Treatment"), if any."""
        at = self.numbered
        if at is None:
            return ""
        parts = [*self.lines[:at], NUMBER.match(self.lines[at]).group(1)]
        note = re.search(r"\(([^()]*)\)$", " ".join(parts))
        return note.group(1) if note and len(self.titles) > 1 else ""

    @property
    def label(self) -> str:
        """Its title, then its note: the same however the entry wraps."""
        return self.titles[-1] + (f" ({self.note})" if self.note else "")

    @property
    def text(self) -> str:
        return " / ".join(self.lines)


def _contents_pages(document: Document) -> list[Sheet]:
    """The sheets from page 2 ("Contents") to the one with "About this document"."""
    pages = []
    for sheet in document.sheets[1:]:
        pages.append(sheet)
        if any(squeeze(line.text) == squeeze(ABOUT) for line in sheet.lines):
            return pages
    pytest.fail(f"{document.name}: no page has the heading '{ABOUT}' after the contents")


def _entries(document: Document) -> list[Entry]:
    """The contents entries: the body lines under each internal link of the contents pages,
    above "About this document"."""
    entries = []
    for sheet in _contents_pages(document):
        about = next((line.top for line in sheet.lines if squeeze(line.text) == squeeze(ABOUT)),
                     sheet.lines[-1].bottom if sheet.lines else 0.0)
        for link in sheet.links:
            if (link.target is None and link.uri) or link.top >= about:
                continue
            lines = [line.text for line in sheet.lines
                     if link.top - SLACK <= (line.top + line.bottom) / 2 <= link.bottom + SLACK
                     and line.x0 < link.x1 and line.x1 > link.x0]
            if lines:
                entries.append(Entry(sheet.number, lines, link.target))
    return entries


def _questions_start(document: Document) -> int | None:
    """The page whose body starts with the heading "Questions for my clinician"."""
    after = _contents_pages(document)[-1].number
    for sheet in document.sheets[after:]:
        if sheet.lines and squeeze(sheet.lines[0].text) == squeeze(QUESTIONS):
            return sheet.number
    return None


def _questions(document: Document) -> list[tuple[int, str]]:
    """The questions on the questions sheet, in order: (page, text); each starts at a tick box,
    and its wrapped lines follow at the same indent."""
    start = _questions_start(document)
    found: list[tuple[int, str]] = []
    if start is None:
        return found
    indent = None
    for sheet in document.sheets[start - 1:]:
        for line in sheet.lines:
            if sheet.box_left_of(line):
                found.append((sheet.number, line.text))
                indent = line.x0
            elif found and indent is not None and abs(line.x0 - indent) <= SLACK \
                    and not document.is_heading(line):
                found[-1] = (found[-1][0], f"{found[-1][1]} {line.text}")
            else:
                indent = None
    return found


def _continues(last: Link, piece: Link) -> bool:
    """Whether ``piece`` is the rest of the link ``last``: further along the same line, or at
    the start of the next line."""
    height = last.bottom - last.top
    same_line = abs(piece.top - last.top) <= SLACK and piece.x0 >= last.x1 - SLACK
    next_line = last.top + height / 2 < piece.top <= last.bottom + height / 2
    return same_line or next_line


def _page_links(document: Document) -> list[tuple[int, Link, str]]:
    """Internal links outside the contents pages: (page, link, its whole text). A link that
    wraps is one annotation a line, so the pieces going to the same page, one on the next line
    (or at the top of the next page) are joined until one ends in "(page N)"."""
    contents = {sheet.number for sheet in _contents_pages(document)}
    found: list[tuple[int, Link, str]] = []
    last: tuple[int, Link] | None = None  # the page and annotation of the latest piece
    for sheet in document.sheets:
        if sheet.number in contents:
            continue
        for at, piece in enumerate(sheet.links):
            if piece.target is None:
                continue
            if found and last:
                page, link, text = found[-1]
                open_ = not re.search(r"\(page\d+\)$", squeeze(text))
                follows = (last[0] == sheet.number and _continues(last[1], piece)) or \
                    (last[0] == sheet.number - 1 and at == 0)
                if open_ and follows and link.target == piece.target:
                    found[-1] = (page, link, text + " " + piece.text)
                    last = (sheet.number, piece)
                    continue
            found.append((sheet.number, piece, piece.text))
            last = (sheet.number, piece)
    return found


def _own_questions(slug: str) -> list[str]:
    """The questions listed under "## Questions to ask your clinician" in a treatment article."""
    text = (CONTENT / "treatments" / f"{slug}.md").read_text(encoding="utf-8")
    section = text.split(f"## {OWN_QUESTIONS}\n", 1)[1].split("\n## ", 1)[0]
    items: list[str] = []
    for line in section.splitlines():
        if re.match(r"^[-*] ", line):
            items.append(line[2:].strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    plain = []
    for item in items:
        item = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", item)  # a link: its text
        plain.append(re.sub(r"[*_`]", "", item))
    return plain


def _experience_titles() -> list[str]:
    titles = []
    for path in sorted((CONTENT / "experiences").glob("*.md")):
        front = front_matter(path)
        if front.get("kind") == "experience":
            titles.append(" ".join(front["title"].split()))
    return titles


# --- The tests ----------------------------------------------------------------------------------

def test_every_pdf_the_build_writes_is_checked(documents):
    written = set(documents)
    assert written == set(PDFS), (
        f"PDFs not written: {sorted(set(PDFS) - written)}; "
        f"written but not checked here: {sorted(written - set(PDFS))}")


@every_pdf
def test_contents_entries_give_the_page_their_heading_is_on(documents, pdf):
    document = _document(documents, pdf)
    name, total = document.name, len(document.sheets)
    first = document.sheets[1].lines if total > 1 else []
    assert first and first[0].text == CONTENTS, (
        f"{name} page 2 starts with {first[0].text if first else 'nothing'!r}, not '{CONTENTS}'")
    entries = _entries(document)
    assert entries, f"{name}: the contents list has no entries (no links on its pages)"
    problems = []
    linked = {(entry.page, text) for entry in entries for text in entry.lines}
    for sheet in _contents_pages(document):
        for line in sheet.lines:
            if squeeze(line.text) == squeeze(ABOUT):
                break
            if re.search(r"\s\d+$", line.text) and (sheet.number, line.text) not in linked:
                problems.append(f"{name} page {sheet.number}: the contents entry "
                                f"'{line.text}' is not a link")
    for entry in entries:
        number = entry.number
        where = f"{name} page {entry.page}: the contents entry '{entry.text}'"
        if number is None:
            problems.append(f"{where} gives no page number")
            continue
        if not 1 <= number <= total:
            problems.append(f"{where} gives page {number}, but there are {total} pages")
            continue
        if not any(document.starts(number, title, heading=True) for title in entry.titles):
            actual = [sheet.number for sheet in document.sheets[2:]
                      if any(document.starts(sheet.number, title, heading=True)
                             for title in entry.titles)]
            problems.append(f"{where} says page {number}, but no heading "
                            + " or ".join(f"'{title}'" for title in entry.titles)
                            + f" starts a line on page {number}"
                            + (f" (it is on page {actual[0]})" if actual else ""))
        if entry.target != number:
            problems.append(f"{where} says page {number}, but its link goes to page "
                            f"{entry.target}")
    assert not problems, "\n".join(problems)


@every_pdf
def test_contents_entries_end_in_their_page_number(documents, pdf):
    """A title that wraps ends, on its last line, in its note and page number."""
    document = _document(documents, pdf)
    problems = []
    for entry in _entries(document):
        at = entry.numbered
        if at is not None and at != len(entry.lines) - 1:
            problems.append(
                f"{document.name} page {entry.page}: the contents entry '{entry.label}' "
                f"wraps onto {len(entry.lines)} lines and its page number {entry.number} ends "
                f"line {at + 1} ('{entry.lines[at]}'), not the last ('{entry.lines[-1]}')")
    assert not problems, "\n".join(problems)


@every_pdf
def test_every_sheet_but_the_cover_has_the_title_on_top_and_page_n_of_n_below(documents, pdf):
    document = _document(documents, pdf)
    name, total = document.name, len(document.sheets)
    title = TITLES[pdf]
    cover = document.sheets[0]
    problems = []
    if cover.header or cover.footer:
        problems.append(f"{name} page 1 (the cover) has a running header or page number: "
                        f"'{cover.header}' / '{cover.footer}'")
    header = re.compile(re.escape(squeeze(title)) + r"(Lastreviewed\d{1,2}[A-Z][a-z]+\d{4})?")
    for sheet in document.sheets[1:]:
        where = f"{name} page {sheet.number}"
        if not header.fullmatch(squeeze(sheet.header)):
            problems.append(f"{where}: the top margin reads '{sheet.header}', not '{title}' "
                            "(with 'Last reviewed <date>' on an article's pages)")
        if squeeze(sheet.footer) != squeeze(f"Page {sheet.number} of {total}"):
            problems.append(f"{where}: the bottom margin reads '{sheet.footer}', not "
                            f"'Page {sheet.number} of {total}'")
    assert not problems, "\n".join(problems)


@every_pdf
def test_no_near_empty_pages(documents, pdf):
    """Every page but the cover and the questions sheet has at least four lines of text."""
    document = _document(documents, pdf)
    start = _questions_start(document)
    assert start, f"{document.name} has no page starting with '{QUESTIONS}'"
    problems = []
    for sheet in document.sheets[1:start - 1]:
        if len(sheet.lines) < MIN_LINES:
            shown = " / ".join(line.text for line in sheet.lines)
            problems.append(f"{document.name} page {sheet.number}: only {len(sheet.lines)} "
                            f"lines of text" + (f" ('{shown}')" if shown else ""))
    assert not problems, "\n".join(problems)


@every_pdf
def test_every_document_ends_with_its_questions_sheet(documents, pdf):
    """From "Questions for my clinician" to the end: tick-box questions and lines to write on."""
    document = _document(documents, pdf)
    start = _questions_start(document)
    assert start, f"{document.name} has no page starting with '{QUESTIONS}'"
    questions = _questions(document)
    assert questions, f"{document.name} page {start}: the questions sheet has no tick boxes"
    in_questions = {squeeze(text) for _, text in questions}
    problems = []
    for sheet in document.sheets[start:]:
        others = [line.text for line in sheet.lines
                  if not any(squeeze(line.text) in question for question in in_questions)
                  and not document.is_heading(line)]
        if others:
            problems.append(f"{document.name} page {sheet.number} (after the questions sheet "
                            f"on page {start}): '{' / '.join(others)}'")
    assert not problems, (
        "the document does not end with its questions sheet:\n" + "\n".join(problems))


@every_pdf
def test_one_disclaimer_per_document(documents, pdf):
    document = _document(documents, pdf)
    pages = [sheet.number for sheet in document.sheets
             for text in [sheet.header, *(line.text for line in sheet.lines), sheet.footer]
             for _ in range(text.count("Disclaimer:"))]
    assert len(pages) == 1, (
        f"{document.name}: 'Disclaimer:' is printed {len(pages)} times (pages {pages}), "
        "not once")


@every_pdf
def test_body_text_is_12_pt_or_16_pt_in_large_print(documents, pdf):
    document = _document(documents, pdf)
    size = document.body_size
    if LARGE in pdf:
        assert size >= 16, (
            f"{document.name}: most of the text is {size} pt, smaller than 16 pt large print")
    else:
        assert 11.5 <= size <= 12.5, f"{document.name}: most of the text is {size} pt, not 12 pt"


@every_pdf
def test_internal_links_print_the_page_they_go_to(documents, pdf):
    document = _document(documents, pdf)
    problems = []
    for page, link, text in _page_links(document):
        shown = " ".join(text.split())
        printed = re.search(r"\(page(\d+)\)$", squeeze(text))
        if not printed:
            problems.append(f"{document.name} page {page}: the link '{shown}' goes to page "
                            f"{link.target} but does not end in '(page {link.target})'")
        elif int(printed.group(1)) != link.target:
            problems.append(f"{document.name} page {page}: the link '{shown}' goes to page "
                            f"{link.target}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pdf", GUIDES, ids=_name)
def test_the_whole_guide_has_many_page_references(documents, pdf):
    document = _document(documents, pdf)
    references = [text for _, link, text in _page_links(document)
                  if re.search(r"\(page\d+\)$", squeeze(text))]
    assert len(references) >= MIN_GUIDE_PAGE_LINKS, (
        f"{document.name}: only {len(references)} links print '(page N)'")


@every_pdf
def test_web_links_open_the_public_site_not_the_build_machine(documents, pdf):
    document = _document(documents, pdf)
    problems = [f"{document.name} page {sheet.number}: the link '{link.text}' opens {link.uri}"
                for sheet in document.sheets for link in sheet.links
                if link.uri and urlsplit(link.uri).hostname in ("127.0.0.1", "localhost",
                                                                "0.0.0.0", "::1")]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pdf", [BACLOFEN, _large(BACLOFEN)], ids=_name)
def test_baclofen_questions_sheet_starts_with_its_own_questions(documents, pdf):
    document = _document(documents, pdf)
    own = _own_questions("baclofen")
    assert own, f"content/treatments/baclofen.md lists no '{OWN_QUESTIONS}'"
    start = _questions_start(document)
    assert start, f"{document.name} has no page starting with '{QUESTIONS}'"
    questions = _questions(document)
    problems = []
    for question in own:
        if not any(document.starts(sheet.number, question)
                   for sheet in document.sheets[start - 1:]):
            problems.append(f"{document.name} page {start}: the question '{question}' is not on "
                            "the questions sheet")
        elif not any(squeeze(text) == squeeze(question) for _, text in questions):
            problems.append(f"{document.name} page {start}: the question '{question}' has no "
                            "tick box")
    sheet_starts = [squeeze(text) for _, text in questions[:len(own)]]
    if not problems and sheet_starts != [squeeze(question) for question in own]:
        problems.append(
            f"{document.name} page {start}: the questions sheet starts with "
            f"{[text for _, text in questions[:len(own)]]}, not Baclofen's own {own}")
    assert not problems, "\n".join(problems)


def test_large_print_baclofen_lists_the_same_contents(documents):
    standard = _document(documents, BACLOFEN)
    large = _document(documents, _large(BACLOFEN))
    listed = {document.name: [entry.label for entry in _entries(document)]
              for document in (standard, large)}
    assert listed[standard.name], f"{standard.name}: the contents list has no entries"
    assert [squeeze(label) for label in listed[large.name]] == \
        [squeeze(label) for label in listed[standard.name]], (
        f"{large.name} lists {listed[large.name]} in its contents; "
        f"{standard.name} lists {listed[standard.name]}")


@pytest.mark.parametrize("pdf", GUIDES, ids=_name)
def test_the_whole_guide_prints_no_personal_account_in_full(documents, pdf):
    document = _document(documents, pdf)
    titles = _experience_titles()
    assert titles, "content/experiences/ has no personal accounts"
    problems = []
    for sheet in document.sheets:
        for at, line in enumerate(sheet.lines):
            if not document.is_heading(line):
                continue
            heading = squeeze(" ".join(item.text for item in sheet.lines[at:at + 3]))
            for title in titles:
                if heading.startswith(squeeze(title)):
                    problems.append(
                        f"{document.name} page {sheet.number}: the personal account '{title}' "
                        + ("starts the page" if at == 0 else "is a heading"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pdf", GUIDES, ids=_name)
def test_the_whole_guide_ends_with_general_questions(documents, pdf):
    document = _document(documents, pdf)
    start = _questions_start(document)
    assert start, f"{document.name} has no page starting with '{QUESTIONS}'"
    own = {squeeze(question) for question in _own_questions("baclofen")}
    questions = _questions(document)
    assert questions, f"{document.name} page {start}: the questions sheet has no tick boxes"
    assert not own & {squeeze(text) for _, text in questions}, (
        f"{document.name} page {start}: the guide's questions sheet has Baclofen's own "
        "questions, not general ones")


def test_the_whole_guide_has_fewer_than_260_pages(documents):
    document = _document(documents, GUIDE)
    assert len(document.sheets) < MAX_GUIDE_PAGES, (
        f"{document.name} has {len(document.sheets)} pages, {MAX_GUIDE_PAGES} or more")
