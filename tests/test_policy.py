"""The Content-Security-Policy on every page (mskb.pages.policy, hooks/security.py), without a
browser: where the policy is, what it allows, and that a page's own content is never trusted.

The hashes are checked against values Chromium itself printed ("Either ... a hash
('sha256-...') is required"), and the built pages are read with BeautifulSoup's own parser,
not lxml's, so the tests do not share the code's way of reading HTML.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import Project, load_hook
from mskb.pages import policy
from mskb.pages.policy import WASM, PolicyError, template_code, with_csp

# What Chromium 14x asked for when it refused these (copied from its console messages).
CHROMIUM_HASHES = {
    "window.__ran = 1": "'sha256-3/L0fSjNLXEyFKmFMVnVS1RODeCjek7eREDWl6QspwI='",
    "color:red": "'sha256-8f935d27GvUutRyY9yWScUMiFUk4WTdZURISiYfPOeQ='",
}
DOCUMENT = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>A page</title>
    <link rel="stylesheet" href="site.css">
    <script>window.__ran = 1</script>
  </head>
  <body><article>{content}</article><script src="site.js"></script></body>
</html>
"""
# 'wasm-unsafe-eval' lets the search compile its WebAssembly; it never allows eval().
SOURCE = re.compile(r"^(?:'self'|'none'|'unsafe-hashes'|'wasm-unsafe-eval'"
                    r"|'sha256-[A-Za-z0-9+/]+={0,2}'|data:)$")


def _directives(text: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in text.split(";") if part.strip()}


def _policy_of(soup: BeautifulSoup) -> str:
    metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$",
                                                                  re.IGNORECASE)})
    assert len(metas) == 1, f"{len(metas)} policies"
    return metas[0]["content"]


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# --- with_csp and template_code -----------------------------------------------------------------


def test_inline_script_is_allowed_by_the_hash_the_browser_computes():
    page = with_csp(DOCUMENT.format(content="<p>Text</p>"))
    directives = _directives(_policy_of(BeautifulSoup(page, "html.parser")))
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'",
                                        CHROMIUM_HASHES["window.__ran = 1"]]
    assert policy.source_hash("color:red") == CHROMIUM_HASHES["color:red"]


def test_line_endings_are_hashed_as_the_browser_reads_them():
    assert policy.source_hash("a = 1;\r\nb = 2;\rc = 3;") == _sha256("a = 1;\nb = 2;\nc = 3;")


def test_policy_is_first_in_head_after_the_charset_and_the_doctype_is_kept():
    page = with_csp(DOCUMENT.format(content=""))
    assert page.startswith("<!doctype html>\n<html lang=\"en\">")
    head = BeautifulSoup(page, "html.parser").head
    children = [child for child in head.children if child.name]
    assert children[0].get("charset") == "utf-8"
    assert children[1].get("http-equiv") == "Content-Security-Policy"
    assert (children[2].get("name"), children[2].get("content")) == ("referrer", "no-referrer")
    added = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">'
                       r'<meta name="referrer" content="no-referrer">')
    assert added.sub("", page, count=1) == DOCUMENT.format(content=""), "nothing else changed"


def test_policy_allows_the_site_only():
    directives = _directives(policy.policy(policy.Code(frozenset({"'sha256-AAAA'"}))))
    assert directives == {
        "default-src": ["'self'"], "script-src": ["'self'", "'wasm-unsafe-eval'", "'sha256-AAAA'"],
        "style-src": ["'self'"], "style-src-attr": ["'none'"], "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"], "worker-src": ["'none'"], "object-src": ["'none'"],
        "frame-src": ["'none'"], "base-uri": ["'none'"], "form-action": ["'none'"]}


def test_page_without_a_head_is_refused_with_a_clear_error():
    with pytest.raises(PolicyError, match="no <head>"):
        with_csp("<p>Just a fragment</p>")
    with pytest.raises(PolicyError, match="no <head>"):
        with_csp("<!doctype html><html><body><p>No head</p></body></html>")


def test_page_that_already_has_a_policy_is_refused():
    with pytest.raises(PolicyError, match="already has"):
        with_csp(with_csp(DOCUMENT.format(content="")))


@pytest.mark.parametrize("content", [
    "<script>alert(1)</script>",
    "<p>Open</p><script>alert(1)",  # never closed: runs on into the template
    "</article></body><script>alert(1)</script>",  # breaks out of the article
    "<style>body{display:none}</style>",
])
def test_code_in_the_content_is_never_trusted(content):
    document = DOCUMENT.format(content=content)
    code = template_code(document, content)
    assert code == policy.Code(frozenset({CHROMIUM_HASHES["window.__ran = 1"]}))
    assert policy.blocked(document, code), "the build log names what is blocked"
    page = with_csp(document, code)
    assert _sha256("alert(1)") not in page and "unsafe-inline" not in page


def test_content_missing_from_the_page_is_an_error():
    with pytest.raises(PolicyError, match="not in its HTML"):
        template_code(DOCUMENT.format(content=""), "<p>Somewhere else</p>")


def test_table_alignment_is_the_only_style_attribute_allowed():
    content = ('<table><tr><th style="text-align: left;">A</th>'
               '<td style="text-align: right;">1</td><td style="color:red">2</td></tr></table>')
    page = with_csp(DOCUMENT.format(content=content))
    directives = _directives(_policy_of(BeautifulSoup(page, "html.parser")))
    assert directives["style-src-attr"] == ["'unsafe-hashes'", *sorted(
        [_sha256("text-align: left;"), _sha256("text-align: right;")])]
    assert CHROMIUM_HASHES["color:red"] not in page
    assert policy.blocked(DOCUMENT.format(content=content), policy.Code()) == [
        "<script> window.__ran = 1", '<td style="color:red">']


def test_blocked_names_handlers_javascript_links_and_frames():
    content = ('<p onclick="steal()">x</p><a href=" javascript:steal()">y</a>'
               '<iframe src="https://example.org/"></iframe>')
    found = policy.blocked(DOCUMENT.format(content=content),
                           template_code(DOCUMENT.format(content=content), content))
    assert found == ['<p onclick="steal()">', '<a href="javascript:steal()">', "<iframe>"]


def test_script_sources_reads_every_directive_that_can_run_a_script():
    assert policy.script_sources("default-src 'self'") == ["'self'"]
    assert policy.script_sources("img-src 'self'") is None
    assert policy.script_sources(
        "script-src 'self'; script-src-elem 'unsafe-inline'; script-src 'unsafe-eval'"
    ) == ["'self'", "'unsafe-inline'"]


# --- The built site -----------------------------------------------------------------------------


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _inline_code(soup: BeautifulSoup) -> tuple[set[str], set[str]]:
    scripts = {_sha256(s.string or "") for s in soup.find_all("script")
               if not s.get("src") and s.get("type") != "application/json"}
    styles = {_sha256(s.string or "") for s in soup.find_all("style")}
    return scripts, styles


def test_every_built_page_has_one_policy_before_anything_it_governs(built_site: Project):
    pages = _pages(built_site.site)
    kinds = {str(p.relative_to(built_site.site)) for p in pages}
    assert {"index.html", "404.html", "print_page/index.html",
            "print/treatments/baclofen/index.html", "treatments/index.html"} <= kinds
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert text.lstrip().lower().startswith("<!doctype html>"), path
        soup = BeautifulSoup(text, "html.parser")
        _policy_of(soup)
        head = [child for child in soup.head.children if child.name]
        first = next(i for i, e in enumerate(head) if e.get("http-equiv") is not None)
        assert all(e.name == "meta" and e.get("charset") for e in head[:first]), path
        assert head[first + 1].get("name") == "referrer", path
        assert head[first + 1]["content"] == "no-referrer", path


def test_every_built_page_allows_its_own_inline_code_and_no_other_host(built_site: Project):
    for path in _pages(built_site.site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        directives = _directives(_policy_of(soup))
        scripts, styles = _inline_code(soup)
        assert set(directives["script-src"]) == {"'self'", WASM} | scripts, path
        assert set(directives["style-src"]) == {"'self'"} | styles, path
        for name, sources in directives.items():
            assert all(SOURCE.match(source) for source in sources), (path, name, sources)
    whole = BeautifulSoup((built_site.site / "print_page/index.html").read_text(), "html.parser")
    assert _inline_code(whole)[1], "the whole guide's own <style> is allowed"


def _build(project: Project, *, strict: bool) -> None:
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.site),
                         strict=strict)
    build(config)


def test_a_script_in_a_page_is_blocked_and_stops_the_strict_build(project: Project, caplog):
    about = project.root / "docs" / "about" / "index.md"
    about.write_text(about.read_text() + "\n<script>window.__ran = 1</script>\n"
                     '\n<p onclick="window.__ran = 2">Click</p>\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        project.build()
    logged = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("docs/about/index.md: <script> window.__ran = 1 will not work")
               for m in logged), logged
    assert any(m.startswith('docs/about/index.md: <p onclick="window.__ran = 2"> will not work')
               for m in logged), logged
    _build(project, strict=False)
    soup = project.page("about/")
    assert soup.find("script", string="window.__ran = 1"), "the script is on the page"
    assert CHROMIUM_HASHES["window.__ran = 1"] not in _policy_of(soup)
    scripts, _ = _inline_code(soup)
    assert set(_directives(_policy_of(soup))["script-src"]) == \
        {"'self'", WASM} | scripts - {CHROMIUM_HASHES["window.__ran = 1"]}


def test_an_aligned_table_keeps_its_alignment(project: Project):
    about = project.root / "docs" / "about" / "index.md"
    about.write_text(about.read_text() + "\n| Left | Right |\n|:-----|------:|\n| a | 1 |\n",
                     encoding="utf-8")
    project.build()
    soup = project.page("about/")
    assert soup.find("th", style="text-align: left;")
    attributes = _directives(_policy_of(soup))["style-src-attr"]
    assert attributes == ["'unsafe-hashes'", *sorted(
        [_sha256("text-align: left;"), _sha256("text-align: right;")])]


def test_mkdocs_serve_live_reload_script_is_allowed_in_the_page_it_is_added_to(tmp_path: Path):
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        load_hook("security").on_serve(server, config=None, builder=lambda: None)
        page = with_csp(DOCUMENT.format(content="<script>alert(1)</script>"),
                        template_code(DOCUMENT.format(content="<script>alert(1)</script>"),
                                      "<script>alert(1)</script>"))
        served = server._inject_js_into_html(page.encode(), 1).decode()
    finally:
        server.server_close()
    soup = BeautifulSoup(served, "html.parser")
    reload = next(s.string for s in soup.find_all("script") if "livereload(" in (s.string or ""))
    sources = _directives(_policy_of(soup))["script-src"]
    assert _sha256(reload) in sources
    assert _sha256("alert(1)") not in sources, "the page's own content is still not trusted"
