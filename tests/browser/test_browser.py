"""What a reader's browser does with the built site: accessibility (axe-core) and privacy.

Runs Debian's Chromium through Playwright against the real site served on localhost.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

# One page of every type a reader meets.
PAGES = [
    "",                                    # home
    "types/",                              # spasticity types index
    "types/stiffness/",                    # spasticity type
    "treatments/",                         # treatments A to Z
    "treatments/compare/",                 # the comparison of treatments
    "treatments/baclofen/",                # treatment
    "experiences/",                        # experiences index
    "experiences/physio-for-stiff-legs/",  # experience
    "guides/symptom-diary/",               # guide
    "glossary/",                           # glossary
    "about/editorial-policy/",             # about page
    "contributing/front-matter/",          # generated reference
    "print_page/",                         # the whole guide, for printing
    "print/treatments/baclofen/",          # a topic bundle
    "404.html",                            # page not found
]
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": WCAG_A_AA})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def search(page, words: str) -> None:
    """Open the search dialog with "/", type, and wait for results and for the dialog's
    opening transitions to end: measured mid-fade, its text is still grey."""
    page.keyboard.press("/")
    page.keyboard.type(words)
    page.wait_for_selector(".md-search-result__item")
    # A function, not an expression: Playwright polls an expression with eval(), which the
    # pages' Content-Security-Policy refuses.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== "
                           "'running')")


@pytest.mark.parametrize("width, scheme", [(375, "light"), (1280, "dark")])
@pytest.mark.parametrize("url", PAGES)
def test_page_has_no_accessibility_violations(browser, server, url, width, scheme):
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(server + url)
    violations = _violations(page)
    page.close()
    assert violations == [], f"/{url}"


@pytest.mark.parametrize("width", [375, 1280])
def test_open_search_dialog_has_no_accessibility_violations(browser, server, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(server + "treatments/")
    search(page, "baclofen")
    violations = _violations(page)
    page.close()
    assert violations == []


class OtherHosts:
    """Blocks and records every request and WebSocket a browser context makes to any address
    but the site's own, of any kind: documents, images, fonts, fetches, workers."""

    def __init__(self, context, own: str) -> None:
        self.context = context
        self.own = own
        self.found: list[str] = []
        context.route("**/*", self._request)
        context.route_web_socket(lambda url: True, self._web_socket)
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def stop(self) -> None:
        """Closing a context while a route is handling a request can hang; stop routing first."""
        self.context.unroute_all(behavior="ignoreErrors")

    def watch(self, page) -> None:
        page.on("websocket", lambda socket: self.found.append(f"WebSocket {socket.url}"))

    def _request(self, route) -> None:
        if urlsplit(route.request.url).netloc == self.own:
            route.continue_()
        else:
            self.found.append(f"{route.request.resource_type} {route.request.url}")
            route.abort("blockedbyclient")

    def _web_socket(self, socket_route) -> None:
        self.found.append(f"WebSocket route {socket_route.url}")
        socket_route.close()


@pytest.mark.parametrize("width, media", [(1280, "screen"), (375, "screen"), (1280, "print")],
                         ids=["desktop", "phone", "print"])
def test_reading_pages_and_searching_contacts_no_other_host(browser, server, width, media):
    context = browser.new_context(viewport={"width": width, "height": 800})
    other_hosts = OtherHosts(context, urlsplit(server).netloc)
    page = context.new_page()
    page.emulate_media(media=media)
    for url in PAGES:
        page.goto(server + url, wait_until="networkidle")
    page.emulate_media(media="screen")  # searching is done on screen
    page.goto(server + "treatments/", wait_until="networkidle")  # the print page has no search
    search(page, "baclofen")
    page.keyboard.press("Enter")  # the first result
    page.wait_for_url("**/treatments/baclofen/", wait_until="networkidle")
    other_hosts.stop()
    context.close()
    assert other_hosts.found == []


def test_privacy_recorder_catches_requests_and_web_sockets_to_other_hosts(browser, server):
    """The recorder above can fail: a page (with no policy) that reaches out is caught."""
    context = browser.new_context()
    other_hosts = OtherHosts(context, urlsplit(server).netloc)
    page = context.new_page()
    page.route(server + "probe/", lambda route: route.fulfill(content_type="text/html", body=(
        '<img alt="" src="https://example.invalid/pixel.png">'
        "<script>fetch('http://192.0.2.77/data').catch(() => {});"
        "new WebSocket('wss://example.invalid/socket');</script>")))
    page.goto(server + "probe/")
    page.wait_for_timeout(500)
    other_hosts.stop()
    context.close()
    assert sorted(other_hosts.found) == [
        "WebSocket route wss://example.invalid/socket", "fetch http://192.0.2.77/data",
        "image https://example.invalid/pixel.png"]


def test_search_finds_a_treatment_by_its_brand_name(browser, server):
    page = browser.new_page()
    page.goto(server)
    search(page, "Lioresal")
    titles = [item.inner_text().splitlines()[0]
              for item in page.query_selector_all(".md-search-result__item")[:3]]
    assert "Baclofen" in titles
    page.close()
