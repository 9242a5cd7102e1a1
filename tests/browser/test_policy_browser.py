"""The Content-Security-Policy in Chromium: every page type works under it with no console
error and no violation, and the PDF printer lets nothing leave the machine.

Pages are the real site, served on localhost at its published path by a server that answers a
missing address with the site's 404 page, as GitHub Pages does.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_browser import search

from conftest import CHROMIUM, SITE_PATH, Project
from mskb.pages.policy import source_hash, with_csp
from mskb.printing.pdf import CHROMIUM_ARGS, Document, PdfError, offline_args, write_pdfs
from mskb.server import QuietHandler, serve

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "spasticity type": "types/stiffness/",
    "treatment": "treatments/baclofen/",
    "treatments A to Z": "treatments/",
    "experiences index": "experiences/",
    "experience": "experiences/physio-for-stiff-legs/",
    "guide": "guides/symptom-diary/",
    "glossary": "glossary/",
    "topic bundle": "print/treatments/baclofen/",
    "whole guide": "print_page/",
    "404 page": "404.html",
    "404 for a missing address": "no/such/page/",
}
RECORD_VIOLATIONS = """
window.__kbViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kbViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ${event.sample}`);
});
window.print = () => { window.__kbPrinted = (window.__kbPrinted || 0) + 1; };
"""


class GitHubPagesHandler(QuietHandler):
    """Answers a missing address with the site's own 404.html and status 404."""

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = next(Path(self.directory).glob("*/404.html"), None)
        if code != 404 or page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def site(built_site: Project):
    with serve(built_site.site, mount=SITE_PATH, handler=GitHubPagesHandler) as base:
        yield base


class Watched:
    """A page with everything Chromium reports recorded: console errors, uncaught exceptions
    and policy violations (the init script sees those; Chromium also logs them as errors)."""

    def __init__(self, browser, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 800})
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.missing = False
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message) -> None:
        text = message.text
        if message.type != "error" and "Content Security Policy" not in text:
            return
        if ("status of 404" in text and message.location.get("url") == self.page.url and
                self.missing):
            return  # the missing address itself, which the test asked for
        self.errors.append(f"{message.type}: {text}")

    def open(self, url: str, *, missing: bool = False) -> str:
        self.missing = missing
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == (404 if missing else 200), url
        return response.text()

    def problems(self) -> list[str]:
        return self.errors + self.page.evaluate("window.__kbViolations")

    def close(self) -> None:
        self.context.close()


def _assert_policy_meta(text: str, url: str) -> None:
    head = BeautifulSoup(text, "html.parser").head
    policies = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(policies) == 1, url
    assert "default-src 'self'" in policies[0]["content"], url
    assert head.find("meta", attrs={"name": "referrer", "content": "no-referrer"}), url


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_works_under_its_policy_with_no_console_error(browser, site, kind):
    url = PAGE_TYPES[kind]
    watched = Watched(browser)
    text = watched.open(site + url, missing=kind == "404 for a missing address")
    _assert_policy_meta(text, url)
    # The template's inline scripts ran (Material's, allowed by hash) ...
    assert watched.page.evaluate("typeof __md_get") == "function", url
    if kind == "whole guide":  # ... and the guide's contents list (made at build time) is there
        assert watched.page.locator("nav.kb-doc-contents li").count() > 20
    # A page's running-header style (a <style> in its head; the 404 page has none) is allowed
    # by its policy: a blocked one would be among the problems below.
    if not kind.startswith("404"):
        assert watched.page.evaluate("document.head.querySelectorAll('style').length") >= 1, url
    watched.page.emulate_media(media="print")
    watched.page.wait_for_timeout(100)
    problems = watched.problems()
    watched.close()
    assert problems == [], f"/{url}"


def test_search_works_under_the_policy(browser, site):
    watched = Watched(browser, width=375)
    watched.open(site + "treatments/")
    search(watched.page, "baclofen")
    problems = watched.problems()
    # Enter opens the first result (not a form submission, which form-action would refuse).
    watched.page.keyboard.press("Enter")
    watched.page.wait_for_url("**/treatments/baclofen/")
    watched.page.wait_for_load_state("networkidle")
    problems += watched.problems()
    watched.close()
    assert problems == []


def test_reading_controls_work_under_the_policy(browser, site):
    watched = Watched(browser, width=375)
    page = watched.page
    watched.open(site + "guides/what-is-spasticity/")
    schemes = []
    for _ in range(3):  # the colour scheme button, all the way round
        page.locator("form[data-md-component='palette'] label:not([hidden])").first.click()
        schemes.append(page.evaluate("document.body.getAttribute('data-md-color-media')"))
    assert len(set(schemes)) == 3
    page.locator("button[data-kb-text-size]").click()
    assert page.evaluate("document.documentElement.getAttribute('data-kb-text-size')") == "1"
    page.locator("button[data-kb-print]").click()
    assert page.evaluate("window.__kbPrinted") == 1
    page.locator(".kb-term").first.click()  # a glossary word's explanation (glossary.js)
    page.locator(".kb-term__popup:popover-open").wait_for()
    page.keyboard.press("Escape")
    page.reload(wait_until="networkidle")  # the remembered text size, applied before drawing
    assert page.evaluate("document.documentElement.getAttribute('data-kb-text-size')") == "1"
    problems = watched.problems()
    watched.close()
    assert problems == []


def test_a_script_written_in_a_page_does_not_run(browser, tmp_path_factory):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("script-in-page"))
    about = project.root / "docs" / "about" / "index.md"
    about.write_text(about.read_text() + "\n<script>window.__ran = 1</script>\n"
                     '\n<p id="kb-handler" onclick="window.__ran = 2">Click</p>\n'
                     '\n<p id="kb-styled" style="color: rgb(255, 0, 0)">Red?</p>\n'
                     "\n| Left | Right |\n|:-----|------:|\n| a | 1 |\n", encoding="utf-8")
    build(load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.site),
                      strict=False))  # strict, the build stops (tests/test_policy.py)
    with serve(project.site, mount=SITE_PATH) as base:
        watched = Watched(browser)
        watched.open(base + "about/")
        page = watched.page
        page.locator("#kb-handler").click()
        ran = page.evaluate("window.__ran")
        colour = page.evaluate("getComputedStyle(document.getElementById('kb-styled')).color")
        aligned = page.evaluate("getComputedStyle(document.querySelector('td:last-child'))"
                                ".textAlign")
        template = page.evaluate("typeof __md_get")
        violations = page.evaluate("window.__kbViolations")
        watched.close()
    assert ran is None
    assert colour != "rgb(255, 0, 0)"
    assert aligned == "right", "a table's alignment is the one style attribute allowed"
    assert template == "function", "the template's own scripts still run"
    assert len(violations) == 3, violations


# --- The PDF printer ----------------------------------------------------------------------------


def _page(script: str = "", body: str = "", *, policy: str | None = "hashed") -> str:
    """A page to print. Its policy: ``hashed`` allows only its own inline script by hash (and
    leaves connections to the printer); ``site`` is the site's own (with_csp); None: none."""
    head = f"<title>A page</title><script>{script}</script>" if script else "<title>A page</title>"
    document = f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head>' \
               f"<body><h1>A page</h1><p>Some text.</p>{body}</body></html>"
    if policy == "hashed":
        meta = (f'<meta http-equiv="Content-Security-Policy" content="script-src '
                f'{source_hash(script)}">')
        return document.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + meta)
    return with_csp(document) if policy == "site" else document


def _print(tmp_path: Path, text: str, *, files: dict[str, str] | None = None) -> Path:
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "page" / "index.html").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(content, encoding="utf-8")
    return site


def test_printer_prints_a_page_that_keeps_to_the_site(tmp_path: Path):
    site = _print(tmp_path, _page("document.title = 'Printed'", policy="site").replace(
        "</body>", '<script src="../javascripts/own.js"></script></body>'),
        files={"javascripts/own.js": "document.body.dataset.own = '1';"})
    written = write_pdfs(site, [Document("page/", "page/page.pdf")])
    assert written == [site / "page" / "page.pdf", site / "page" / "page-large-print.pdf"]
    assert all(path.read_bytes().startswith(b"%PDF") for path in written)


@pytest.mark.parametrize("script, address", [
    ("fetch('http://example.invalid/data').catch(() => {})", "http://example.invalid/data"),
    ("new Image().src = 'https://192.0.2.77/pixel.png'", "https://192.0.2.77/pixel.png"),
    ("new WebSocket('ws://example.invalid/socket')", "ws://example.invalid/socket"),
    ("new WebSocket('wss://192.0.2.77:8443/socket')", "wss://192.0.2.77:8443/socket"),
])
def test_page_that_tries_to_reach_another_host_stops_the_printer(tmp_path, script, address):
    site = _print(tmp_path, _page(script))
    with pytest.raises(PdfError, match=r"^/page/: .*") as raised:
        write_pdfs(site, [Document("page/", "page/page.pdf")])
    assert address in str(raised.value)
    assert not (site / "page" / "page.pdf").exists()


def test_printer_names_the_page_that_reached_out_among_several(tmp_path: Path):
    site = _print(tmp_path, _page("document.title = 'Fine'"), files={
        "other/index.html": _page("fetch('http://example.invalid/x').catch(() => {})")})
    documents = [Document("page/", "page/page.pdf"), Document("other/", "other/other.pdf")]
    with pytest.raises(PdfError, match=r"^/other/: tried to reach http://example.invalid/x\."):
        write_pdfs(site, documents)
    assert (site / "page" / "page.pdf").is_file()
    assert not (site / "other" / "other.pdf").exists()


def test_request_the_site_policy_blocks_stops_the_printer_too(tmp_path: Path):
    # Under the site's policy the browser itself refuses the image: nothing reaches the
    # network, and the printer names the page and the address from the policy's report.
    site = _print(tmp_path, _page(body='<img alt="" src="http://example.invalid/i.png">',
                                  policy="site"))
    with pytest.raises(PdfError, match=r"^/page/: .*img-src http://example.invalid/i.png"):
        write_pdfs(site, [Document("page/", "page/page.pdf")])


def test_printer_refuses_a_page_without_the_policy(tmp_path: Path):
    site = _print(tmp_path, _page("document.title = 'x'", policy=None))
    with pytest.raises(PdfError, match=r"^/page/: the page has no Content-Security-Policy"):
        write_pdfs(site, [Document("page/", "page/page.pdf")])


def test_printer_runs_no_script_file_but_the_sites_own(tmp_path: Path):
    site = _print(tmp_path, _page(body='<script src="../uploads/x.js"></script>', policy="site"),
                  files={"uploads/x.js": "document.title = 'ran';"})
    with pytest.raises(PdfError, match=r"^/page/: tried to run the script .*uploads/x\.js"):
        write_pdfs(site, [Document("page/", "page/page.pdf")])


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_printers_chromium_reaches_loopback_only(browser, tmp_path: Path):
    """Beneath the routes: with the printer's switches, Chromium cannot reach this machine's
    own non-loopback address, which the same Chromium without them can."""
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to try")
    (tmp_path / "index.html").write_text("<title>reached</title>", encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(
        ("0.0.0.0", 0), functools.partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    try:
        normal = browser.new_page()
        assert normal.goto(f"http://{address}:{port}/").ok, "reachable without the switches"
        normal.close()
        with socket.socket() as dead:
            dead.bind(("127.0.0.1", 0))
            proxy = f"http://127.0.0.1:{dead.getsockname()[1]}"
            offline = browser.browser_type.launch(executable_path=CHROMIUM,
                                                  args=[*CHROMIUM_ARGS, *offline_args(proxy)])
            try:
                page = offline.new_page()
                assert page.goto(f"http://127.0.0.1:{port}/").ok, "loopback still works"
                with pytest.raises(Exception, match="ERR_PROXY_CONNECTION_FAILED"):
                    page.goto(f"http://{address}:{port}/")
                with pytest.raises(Exception, match="ERR_PROXY_CONNECTION_FAILED|ERR_NAME"):
                    page.goto("http://example.invalid/")
            finally:
                offline.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
