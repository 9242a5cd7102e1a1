"""PDF files of printable pages, rendered by headless Chromium through Playwright.

Chromium is the engine the browser tests already use and the one most readers print with, so a
PDF looks like the reader's own printout. It runs the pages' JavaScript (the combined print
page builds its table of contents with it), lays out CSS paged media (page numbers in the page
margins), keeps text selectable, turns in-document links into PDF links and writes a tagged PDF
with bookmarks.

Nothing leaves the machine while printing, and a page that tries is a build error:

- the pages are served from a local web server (:mod:`mskb.server`) and every request to
  another address, of any kind, is refused: HTTP(S) by a route that aborts it, WebSockets by a
  WebSocket route that never connects, and underneath both Chromium sends everything that is
  not loopback to a proxy on this machine that refuses every connection, and resolves no host
  names but localhost (:func:`offline_args`);
- only the site's own scripts run: each page must carry the site's Content-Security-Policy
  (``hooks/security.py``), which lets no inline script run unless it is the template's, by
  hash; script files are loaded only from the site's script folders (:data:`SITE_SCRIPTS`);
- every refused request, WebSocket and policy violation is recorded, and :class:`PdfError`
  names the page and the address.

Every document is printed in two editions, standard (12 pt) and large print (16 pt, the
reader's "Text size" step 2), and each in a few passes, because Chromium has no
``target-counter()`` to number a contents list: the first pass is read back with pypdf, whose
named destinations say on which sheet every linked part starts; the numbers are written into
the page (:data:`_FILL`) and it is printed again, until nothing changes (:func:`_print_settled`).
The same reading finds sheets that would hold fewer than :data:`MIN_LINES` lines of text, the
tail of an article, and moves the block before them onto that sheet (:data:`_PUSH`). Hidden
links to every block (:data:`_PREPARE`) give each one a named destination to measure by; they
are removed before the last pass, which is checked against the one before it. The README
("Printing") gives the measurements behind this choice over Paged.js and WeasyPrint.

Playwright is imported only when PDFs are asked for: a normal build does not need it.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mskb.pages.policy import WASM, page_policy, script_sources
from mskb.printing.document import QUESTIONS_ID
from mskb.server import serve

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route, WebSocketRoute

log = logging.getLogger(__name__)

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
SITE_SCRIPTS = ("assets/javascripts/", "javascripts/", "js/")
"""Where the site's script files are: Material's, the site's own (docs/javascripts/) and
mkdocs-print-site's. The printer loads no script file from anywhere else."""
ENVIRONMENT_SWITCH = "KB_PDF"
"""Set to 1 to make `mkdocs build` write the PDFs (the deploy workflow does)."""


LARGE_PRINT_SUFFIX = "-large-print"
MIN_LINES = 4
"""No sheet but the cover and the questions sheet may hold fewer lines of text than this."""
MAX_PASSES = 6
"""Passes before a document's page numbers must have settled (two or three in practice)."""
MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 18 * MM, 20 * MM
"""The page margins of print.css (the running header and footer are printed in them)."""


@dataclass(frozen=True)
class Edition:
    name: str
    text_size: str  # the reader's "Text size" step the page is printed at ("" is standard)
    body_pt: float  # the size of its body text, in points


STANDARD = Edition("standard", "", 12)
LARGE_PRINT = Edition("large print", "2", 16)


def large_print(pdf_uri: str) -> str:
    """Where a PDF's large-print edition goes: ``x.pdf`` -> ``x-large-print.pdf``."""
    return pdf_uri.removesuffix(".pdf") + LARGE_PRINT_SUFFIX + ".pdf"


@dataclass(frozen=True)
class Document:
    url: str  # the page to print, relative to the site root: "print/treatments/baclofen/"
    pdf_uri: str  # where its PDF goes, relative to the site root

    def editions(self) -> list[tuple[Edition, str]]:
        return [(STANDARD, self.pdf_uri), (LARGE_PRINT, large_print(self.pdf_uri))]


class PdfError(RuntimeError):
    pass


def requested() -> bool:
    return os.environ.get(ENVIRONMENT_SWITCH, "").strip().lower() in ("1", "true", "yes", "on")


def chromium_path() -> str | None:
    """Debian's Chromium (``KB_CHROMIUM`` to override); None lets Playwright use its own."""
    configured = os.environ.get("KB_CHROMIUM")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


def write_pdfs(
    site_dir: Path, documents: list[Document], notes: list[str] | None = None
) -> list[Path]:
    """Print every document to its PDFs; raise :class:`PdfError` naming any page that failed.

    ``notes`` collects what a reader would notice but that does not stop a build (a sheet left
    nearly empty).

    Runs in a thread of its own: Playwright's synchronous API refuses to run where an asyncio
    loop is already running (another Playwright session in the same process, for instance).
    """
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_write_pdfs, site_dir, documents,
                             notes if notes is not None else []).result()


def offline_args(proxy: str) -> list[str]:
    """Chromium switches that keep every connection on this machine.

    Everything but loopback goes through ``proxy``, which refuses connections (Chromium
    bypasses a proxy for loopback addresses by default, so the local server is reached
    directly: ``--proxy-bypass-list=<-loopback>`` would send it through the dead proxy too),
    and no host name but localhost is looked up, so not even a DNS query leaves.
    """
    return [f"--proxy-server={proxy}",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]


@contextmanager
def _dead_proxy() -> Iterator[str]:
    """The address of a port on this machine that refuses every connection (bound, closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


_VIOLATIONS = """
window.__kbViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kbViolations.push(event.effectiveDirective + " " + (event.blockedURI || "inline"));
});
"""


class _Guard:
    """Refuses, and remembers, whatever a page tries beyond the site's own files."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.own = urlsplit(base).netloc
        self.refused: list[str] = []

    def request(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc != self.own:
            self.refused.append(f"tried to reach {url}")
            route.abort("blockedbyclient")
        elif route.request.resource_type == "script" and not url.split("?")[0].startswith(
                tuple(self.base + folder for folder in SITE_SCRIPTS)):
            self.refused.append(f"tried to run the script {url}, which is not one of the "
                                f"site's own (in {', '.join(SITE_SCRIPTS)})")
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def web_socket(self, socket_route: WebSocketRoute) -> None:
        self.refused.append(f"tried to open a WebSocket to {socket_route.url}")
        socket_route.close(code=1008, reason="refused by the PDF printer")

    def check(self, page: Page, url: str) -> None:
        """Raise :class:`PdfError` if the page tried anything, or its policy blocked anything."""
        blocked = page.evaluate("window.__kbViolations || []")
        problems = self.refused + [f"its Content-Security-Policy blocked {b}" for b in blocked]
        if problems:
            raise PdfError(f"/{url}: {'; '.join(dict.fromkeys(problems))}. A page to print "
                           "may use the site's own files and scripts only")


def _write_pdfs(site_dir: Path, documents: list[Document], notes: list[str]) -> list[Path]:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PdfError(
            "PDFs need Playwright: run `pip install -e .[pdf]` (and `apt-get install chromium`)"
        ) from exc

    written = []
    with serve(site_dir) as base, _dead_proxy() as proxy, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium_path(),
                                                 args=[*CHROMIUM_ARGS, *offline_args(proxy)])
        except PlaywrightError as exc:
            raise PdfError(f"could not start Chromium for PDFs: {exc}") from exc
        guard = _Guard(base)
        # One page for every document, as a reader's browser would reuse its cache: a fresh
        # context per document doubles the time. The guard's record is emptied before each.
        context = browser.new_context(service_workers="block")
        try:
            context.add_init_script(_VIOLATIONS)
            context.route("**/*", guard.request)
            context.route_web_socket(lambda url: True, guard.web_socket)
            page = context.new_page()
            for document in documents:
                for edition, pdf_uri in document.editions():
                    written.append(_write_pdf(page, guard, site_dir, document, edition, pdf_uri,
                                              notes))
        except PlaywrightError as exc:
            raise PdfError(f"PDF of /{document.url} failed: {exc}") from exc
        finally:
            context.unroute_all(behavior="ignoreErrors")  # closing while routing can hang
            browser.close()
    return written


def _write_pdf(
    page: Page, guard: _Guard, site_dir: Path, document: Document, edition: Edition, pdf_uri: str,
    notes: list[str],
) -> Path:
    _check_policy(site_dir, document.url)  # before the page can run anything
    guard.refused.clear()
    target = site_dir / pdf_uri
    try:
        response = page.goto(guard.base + document.url, wait_until="load")
        if response is None or not response.ok:
            raise PdfError(f"/{document.url}: page not found, so no PDF was written")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.emulate_media(media="print")
        made_on = f"{date.today().day} {date.today():%B %Y}"
        parts = page.evaluate(_PREPARE, {"textSize": edition.text_size, "madeOn": made_on,
                                         "parts": PARTS})
        data = _print_settled(page, document, edition, frozenset(parts), notes)
        target.write_bytes(data)
        page.emulate_media(media="screen")
        guard.check(page, document.url)
    except PdfError:
        target.unlink(missing_ok=True)
        raise
    log.debug("PDF written: %s", pdf_uri)
    return target


def _pdf(page: Page) -> bytes:
    return page.pdf(prefer_css_page_size=True, print_background=True, outline=True, tagged=True)


def _print_settled(
    page: Page, document: Document, edition: Edition, parts: frozenset[str], notes: list[str]
) -> bytes:
    """Print until every page number in the document is right and no sheet is near empty.

    The returned printing is one whose page numbers were already right when it was printed,
    read back to check. The hidden links that measure every block are only there while a
    sheet needs mending: usually the first printing places the numbers and the second, without
    them, confirms them, so each edition is printed twice.
    """
    lines = frozenset(page.evaluate(_PROBES, [True, PARTS]))
    probes = True
    mendable = True  # until a measured printing finds nothing it can mend
    for _ in range(MAX_PASSES):
        data = _pdf(page)
        layout = measure(data, edition, parts, lines)
        changed = page.evaluate(_FILL, layout.starts)
        if not probes and mendable and (layout.pushes_needed() or layout.blank_last_page()):
            page.evaluate(_PROBES, [True, PARTS])
            probes = True
            continue
        pushed = 0
        if probes:
            pushed = (page.evaluate(_PUSH, layout.pushes())
                      + page.evaluate(_HIDE, layout.spilled_lines()))
            wanted = layout.pushes_needed() or layout.blank_last_page()
            mendable = mendable and not (wanted and not pushed)
        if not pushed:
            if not changed and not probes:
                for number in layout.short_pages():
                    notes.append(f"/{document.url} ({edition.name}): page {number} holds fewer "
                                 f"than {MIN_LINES} lines of text and could not be filled")
                return data
            if probes:
                page.evaluate(_PROBES, [False, PARTS])
                probes = False
    raise PdfError(f"/{document.url} ({edition.name}): its page numbers did not settle after "
                   f"{MAX_PASSES} printings")


@dataclass
class Layout:
    """Where a printing put things: read back from the PDF with pypdf."""

    pages: int
    body_pt: float
    parts: frozenset[str] = frozenset()  # ids of the document's parts, each starting a sheet
    ruled: frozenset[str] = frozenset()  # ids of the questions sheet's ruled lines
    starts: dict[str, int] = field(default_factory=dict)  # element id -> its page (from 1)
    tops: dict[str, float] = field(default_factory=dict)  # element id -> its top (points up)
    lines: list[int] = field(default_factory=list)  # lines of text in each page's body
    height: float = 842.0

    def exempt(self, number: int) -> bool:
        """The cover, and the questions sheet (its lines are drawn, not text)."""
        questions = self.starts.get(QUESTIONS_ID)
        return number == 1 or (questions is not None and number >= questions)

    def short_pages(self) -> list[int]:
        return [number for number, count in enumerate(self.lines, start=1)
                if count < MIN_LINES and not self.exempt(number)]

    def blank_last_page(self) -> bool:
        """A last sheet holding only ruled lines that ran on from the questions sheet."""
        questions = self.starts.get(QUESTIONS_ID)
        return (questions is not None and self.pages > questions and bool(self.lines)
                and self.lines[-1] == 0)

    def spilled_lines(self) -> list[str]:
        """The ruled lines on a blank last sheet: left out, the questions sheet ends a sheet
        sooner (its lines are for the reader's own questions; a sheet of only lines is waste)."""
        if not self.blank_last_page():
            return []
        return [key for key in self.ruled if self.starts.get(key) == self.pages]

    def pushes_needed(self) -> bool:
        """Whether a short sheet could be mended (it continues the sheet before it)."""
        return any(not self._starts_a_part(number) for number in self.short_pages())

    def pushes(self) -> list[str]:
        """For each short sheet that continues the sheet before it, the block to move onto it:
        the last on the sheet before that starts at least five lines below the top, so that
        sheet keeps enough too."""
        room = 5 * 1.5 * self.body_pt
        body_top = self.height - TOP_MARGIN
        chosen = []
        for number in self.short_pages():
            if self._starts_a_part(number):
                continue  # a part shorter than a few lines on a sheet of its own
            candidates = [key for key, page in self.starts.items()
                          if page == number - 1 and key.startswith(PROBE_PREFIX)
                          and body_top - self.tops[key] >= room]
            if candidates:
                chosen.append(min(candidates, key=lambda key: self.tops[key]))
        return chosen

    def _starts_a_part(self, number: int) -> bool:
        return any(self.starts.get(part) == number for part in self.parts)


def measure(
    data: bytes, edition: Edition, parts: frozenset[str] = frozenset(),
    ruled: frozenset[str] = frozenset(),
) -> Layout:
    """The sheet and height of every named destination, and each sheet's lines of body text."""
    from pypdf import PdfReader  # with Playwright, only when PDFs are printed

    reader = PdfReader(io.BytesIO(data))
    layout = Layout(pages=len(reader.pages), body_pt=edition.body_pt, parts=parts, ruled=ruled,
                    height=float(reader.pages[0].mediabox.height) if reader.pages else 842.0)
    for name, destination in reader.named_destinations.items():
        key = str(name).removeprefix("/")
        number = reader.get_destination_page_number(destination)
        if number is None or number < 0:
            continue
        layout.starts[key] = number + 1
        top = destination.get("/Top")
        layout.tops[key] = float(top) if top is not None else layout.height
    for page in reader.pages:
        height = float(page.mediabox.height)
        content = page.get_contents()
        body = [y for y in _baselines(content.get_data() if content is not None else b"")
                if BOTTOM_MARGIN < y < height - TOP_MARGIN]
        layout.lines.append(_count_lines(body))
    return layout


_OPERATIONS = re.compile(rb"(?m)^(?:([qQ])|([-+\d. ]+) (cm|Tm))\s*$")
"""The operators that place text, in Chromium's (Skia's) content streams, one a line: saving
and restoring the graphics state, changing its matrix, and starting a run of text."""


def _baselines(content: bytes) -> list[float]:
    """The height above the page's foot of every run of text in a page's content stream.

    pypdf's own text extraction decodes every glyph and took 37 s of the 51 s the whole guide
    took to print; only the positions are needed here, so the few operators that set them are
    followed (:data:`_OPERATIONS`), which takes 0.2 s and counts the same lines as pdfplumber.
    """
    matrix: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    saved: list[tuple[float, ...]] = []
    heights = []
    for match in _OPERATIONS.finditer(content):
        if match.group(1) == b"q":
            saved.append(matrix)
        elif match.group(1) == b"Q":
            matrix = saved.pop() if saved else matrix
        else:
            numbers = tuple(float(n) for n in match.group(2).split())
            if len(numbers) != 6:
                continue
            if match.group(3) == b"cm":
                matrix = _multiply(numbers, matrix)
            else:
                heights.append(numbers[4] * matrix[1] + numbers[5] * matrix[3] + matrix[5])
    return heights


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix product ``m × n`` of two PDF matrices ``(a b c d e f)``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _count_lines(baselines: list[float], tolerance: float = 3.0) -> int:
    count, last = 0, None
    for y in sorted(baselines):
        if last is None or y - last > tolerance:
            count += 1
        last = y
    return count


PROBE_PREFIX = "kb-probe-"
PARTS = ("section.kb-bundle-article, #print-site-page section.print-page, .kb-doc-words, "
         ".kb-questions")
"""The parts of a printed document whose blocks a sheet may start with: a bundle's articles,
the whole guide's pages, the words used and the questions sheet (one list, for the scripts)."""

_PREPARE = r"""
(edition) => {
  const root = document.documentElement;
  root.setAttribute("data-kb-pdf", "");
  if (edition.textSize) { root.setAttribute("data-kb-text-size", edition.textSize); }
  else { root.removeAttribute("data-kb-text-size"); }
  document.querySelectorAll("[data-kb-print-date]").forEach((element) => {
    element.textContent = "Made on " + edition.madeOn + ".";
  });
  document.querySelectorAll("details:not([open])").forEach((details) => { details.open = true; });
  // A link to another page of the site leads to the page on the site, not to this printer's
  // local copy (print.js has already written the same address out after it).
  const canonical = document.querySelector("link[rel='canonical']");
  if (canonical) {
    document.querySelectorAll("a[href]").forEach((link) => {
      const href = link.getAttribute("href");
      if (!/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href)) {
        link.setAttribute("href", new URL(href, canonical.href).href);
      }
    });
  }
  // A link to a part of this document prints its page; "00" holds the room until it is known.
  document.querySelectorAll(".md-content a[href^='#']").forEach((link) => {
    if (link.closest(".kb-toc, .kb-words__more") || link.classList.contains("kb-term") ||
        link.classList.contains("headerlink")) { return; }
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (id && document.getElementById(id)) { link.setAttribute("data-kb-page", "00"); }
  });
  document.querySelectorAll("[data-kb-page-of]").forEach((span) => { span.textContent = "00"; });
  // The document's parts, each starting a sheet of its own: its articles and end sheets.
  const ids = [];
  document.querySelectorAll(edition.parts + ", .kb-about-document").forEach((part) => {
    if (part.id) { ids.push(part.id); }
  });
  return ids;
}
"""
_PROBES = """
([add, parts]) => {
  // Every block a sheet may start with gets a hidden link, so the PDF says where it is.
  document.querySelectorAll("[data-kb-probes]").forEach((nav) => nav.remove());
  if (!add) { return []; }
  const probes = document.createElement("nav");
  probes.hidden = true;
  probes.setAttribute("data-kb-probes", "");
  let number = 0;
  const ruled = [];
  document.querySelectorAll(parts).forEach((part) => {
    for (const child of part.children) {
      if (child.matches("section")) { continue; }
      const blocks = [child];
      if (child.matches("ul, ol, dl, .kb-lines")) { blocks.push(...child.children); }
      for (const block of blocks) {
        if (!block.id) { block.id = "kb-probe-" + number++; }
        if (block.matches(".kb-line")) { ruled.push(block.id); }
        const link = document.createElement("a");
        link.href = "#" + block.id;
        probes.append(link);
      }
    }
  });
  document.body.append(probes);
  return ruled;
}
"""
_HIDE = """
(ids) => {
  let hidden = 0;
  for (const id of ids) {
    const line = document.getElementById(id);
    if (line && !line.hidden) { line.hidden = true; hidden += 1; }
  }
  return hidden;
}
"""
_FILL = """
(starts) => {
  let changed = 0;
  const set = (element, attribute, value) => {
    const old = attribute ? element.getAttribute(attribute) : element.textContent;
    if (old === value) { return; }
    changed += 1;
    if (attribute) { element.setAttribute(attribute, value); } else { element.textContent = value; }
  };
  document.querySelectorAll("[data-kb-page-of]").forEach((span) => {
    const page = starts[span.getAttribute("data-kb-page-of")];
    set(span, null, page ? String(page) : "");
  });
  document.querySelectorAll("a[data-kb-page]").forEach((link) => {
    const page = starts[decodeURIComponent(link.getAttribute("href").slice(1))];
    if (page) { set(link, "data-kb-page", String(page)); }
    else { link.removeAttribute("data-kb-page"); changed += 1; }
  });
  return changed;
}
"""
_PUSH = """
(ids) => {
  let pushed = 0;
  for (const id of ids) {
    let block = document.getElementById(id);
    // Keep a heading with what follows it, and a list's first item with the list.
    while (block && block.previousElementSibling &&
           block.previousElementSibling.matches("h1, h2, h3, h4, h5, h6")) {
      block = block.previousElementSibling;
    }
    if (block && block.matches("li:first-child, dt:first-child, div:first-child") &&
        block.parentElement.matches("ul, ol, dl")) {
      block = block.parentElement;
    }
    if (block && !block.classList.contains("kb-push")) {
      block.classList.add("kb-push");
      pushed += 1;
    }
  }
  return pushed;
}
"""



def _check_policy(site_dir: Path, url: str) -> None:
    """The page must let only the site's own scripts run: its policy, not the printer, says so."""
    path = site_dir / url if url.endswith(".html") else site_dir / url / "index.html"
    if not path.is_file():
        raise PdfError(f"/{url}: page not found, so no PDF was written")
    found = page_policy(path.read_text(encoding="utf-8"))
    sources = script_sources(found) if found else None
    # 'wasm-unsafe-eval' (the search's WebAssembly) runs no script: it is not eval().
    if sources is None or any(s not in ("'self'", WASM) and not s.startswith("'sha256-")
                              for s in sources):
        raise PdfError(f"/{url}: the page has no Content-Security-Policy that lets only the "
                       "site's own scripts run (hooks/security.py adds it to every page), so "
                       "it is not printed")
