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

Playwright is imported only when PDFs are asked for: a normal build does not need it.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mskb.pages.policy import page_policy, script_sources
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


@dataclass(frozen=True)
class Document:
    url: str  # the page to print, relative to the site root: "print/treatments/baclofen/"
    pdf_uri: str  # where its PDF goes, relative to the site root


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


def write_pdfs(site_dir: Path, documents: list[Document]) -> list[Path]:
    """Print every document to its PDF; raise :class:`PdfError` naming any page that failed.

    Runs in a thread of its own: Playwright's synchronous API refuses to run where an asyncio
    loop is already running (another Playwright session in the same process, for instance).
    """
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_write_pdfs, site_dir, documents).result()


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


def _write_pdfs(site_dir: Path, documents: list[Document]) -> list[Path]:
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
                written.append(_write_pdf(page, guard, site_dir, document))
        except PlaywrightError as exc:
            raise PdfError(f"PDF of /{document.url} failed: {exc}") from exc
        finally:
            context.unroute_all(behavior="ignoreErrors")  # closing while routing can hang
            browser.close()
    return written


def _write_pdf(page: Page, guard: _Guard, site_dir: Path, document: Document) -> Path:
    _check_policy(site_dir, document.url)  # before the page can run anything
    guard.refused.clear()
    target = site_dir / document.pdf_uri
    try:
        response = page.goto(guard.base + document.url, wait_until="load")
        if response is None or not response.ok:
            raise PdfError(f"/{document.url}: page not found, so no PDF was written")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.emulate_media(media="print")
        page.pdf(path=str(target), prefer_css_page_size=True, print_background=True,
                 outline=True, tagged=True)
        page.emulate_media(media="screen")
        guard.check(page, document.url)
    except PdfError:
        target.unlink(missing_ok=True)
        raise
    log.debug("PDF written: %s", document.pdf_uri)
    return target


def _check_policy(site_dir: Path, url: str) -> None:
    """The page must let only the site's own scripts run: its policy, not the printer, says so."""
    path = site_dir / url if url.endswith(".html") else site_dir / url / "index.html"
    if not path.is_file():
        raise PdfError(f"/{url}: page not found, so no PDF was written")
    found = page_policy(path.read_text(encoding="utf-8"))
    sources = script_sources(found) if found else None
    if sources is None or any(s != "'self'" and not s.startswith("'sha256-") for s in sources):
        raise PdfError(f"/{url}: the page has no Content-Security-Policy that lets only the "
                       "site's own scripts run (hooks/security.py adds it to every page), so "
                       "it is not printed")
