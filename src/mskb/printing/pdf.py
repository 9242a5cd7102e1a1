"""PDF files of printable pages, rendered by headless Chromium through Playwright.

Chromium is the engine the browser tests already use and the one most readers print with, so a
PDF looks like the reader's own printout. It runs the pages' JavaScript (the combined print
page builds its table of contents with it), lays out CSS paged media (page numbers in the page
margins), keeps text selectable, turns in-document links into PDF links and writes a tagged PDF
with bookmarks. The pages are served from a local web server, and every request to another host
is refused (:mod:`mskb.server`), so a PDF can never contain anything fetched from elsewhere.

Playwright is imported only when PDFs are asked for: a normal build does not need it.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mskb.server import serve

log = logging.getLogger(__name__)

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
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


def _write_pdfs(site_dir: Path, documents: list[Document]) -> list[Path]:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PdfError(
            "PDFs need Playwright: run `pip install -e .[pdf]` (and `apt-get install chromium`)"
        ) from exc

    written = []
    with serve(site_dir) as base, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium_path(),
                                                 args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise PdfError(f"could not start Chromium for PDFs: {exc}") from exc
        own = urlsplit(base).netloc
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_()
                   if urlsplit(route.request.url).netloc == own else route.abort())
        try:
            for document in documents:
                target = site_dir / document.pdf_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                response = page.goto(base + document.url, wait_until="load")
                if response is None or not response.ok:
                    raise PdfError(f"/{document.url}: page not found, so no PDF was written")
                page.emulate_media(media="print")
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=True,
                         outline=True, tagged=True)
                page.emulate_media(media="screen")
                log.debug("PDF written: %s", document.pdf_uri)
                written.append(target)
        except PlaywrightError as exc:
            raise PdfError(f"PDF of /{document.url} failed: {exc}") from exc
        finally:
            browser.close()
    return written
