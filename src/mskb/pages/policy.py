"""The Content-Security-Policy every page carries, as a ``<meta>`` element at the top of its head.

The policy lets a page use the site's own files and nothing else: scripts, styles, images,
fonts, the search code (Pagefind's, with its WebAssembly) and its index come from
the site (``'self'``); no other host, no frames, plugins, forms or ``<base>``. Inline code is
allowed by its SHA-256 hash only, and only the inline code of the *template* is trusted:
:func:`template_code` hashes the scripts and styles of the page with its content (the HTML
rendered from Markdown) left out, so a
``<script>`` or ``<style>`` that came with an article, or an ``onclick`` attribute, is blocked
by the reader's browser even if it got past the content rules. Material's base template writes
inline scripts whose text depends on the page's depth (``__md_scope=new URL("../..",location)``),
so the hashes are computed for each page from its final HTML.

Style attributes are blocked too, except the three that Python-Markdown's tables write for a
column's alignment (``style="text-align: left;"``, ``center``, ``right``): those are allowed by
hash with ``'unsafe-hashes'`` in ``style-src-attr`` (and only on pages that have them), so an
aligned table keeps its alignment and no other inline style applies.

A ``<meta>`` policy applies to everything after it in the document, so it is inserted as the
first element of ``<head>`` (after ``<meta charset>``, which must stay first), before any
script, style or link. ``frame-ancestors`` and reporting cannot be set from a ``<meta>`` (the
browser ignores them there and says so in the console), so they are not used.

Plain Python and lxml: nothing here imports MkDocs (``hooks/security.py`` wires it in).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree, html

from mskb.content.htmlpolicy import runs_code
from mskb.pages.render import split_at_title
from mskb.xpath import attributes, elements

ALIGNMENT_STYLES = tuple(f"text-align: {side};" for side in ("left", "center", "right"))
"""The style attributes Python-Markdown's tables write; the only inline styles allowed."""

DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
"""Script elements of these types hold data (Material's ``__config``); browsers never run them."""

WASM = "'wasm-unsafe-eval'"
"""Lets a page compile WebAssembly (Pagefind's search); nothing else 'unsafe-eval' allows."""

CSP_META = "Content-Security-Policy"
REFERRER_META = '<meta name="referrer" content="no-referrer">'

_HEAD_START = re.compile(
    r"\A\ufeff?\s*(?:<!--.*?-->\s*)*(?:<!doctype[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"(?:<html(?:\s[^>]*)?>\s*)?(?:<!--.*?-->\s*)*<head(?:\s[^>]*)?>",
    re.IGNORECASE | re.DOTALL,
)
_CHARSET_META = re.compile(r"\s*<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_CSP_ELEMENT = re.compile(
    r'<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]*)">')


class PolicyError(ValueError):
    """A page the policy cannot be added to (no ``<head>``, or a policy already there)."""


@dataclass(frozen=True)
class Code:
    """Hash sources (``'sha256-...'``) of inline scripts and styles."""

    scripts: frozenset[str] = frozenset()
    styles: frozenset[str] = frozenset()

    def __or__(self, other: Code) -> Code:
        return Code(self.scripts | other.scripts, self.styles | other.styles)


def source_hash(text: str) -> str:
    """The CSP hash source of an inline script's or style's text, as the browser computes it.

    Browsers turn CR LF and CR into LF before parsing, then hash the element's UTF-8 text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_code(document: str) -> Code:
    """The hashes of every inline ``<script>`` and ``<style>`` in an HTML document or fragment.

    A script with a ``src`` is a file (allowed by ``'self'``), not inline code; a data block
    (``type="application/json"``) is never run, so it needs no hash.
    """
    if not document.strip():
        return Code()
    return scan(html.document_fromstring(document)).code


@dataclass(frozen=True)
class Scan:
    """What the policy needs of a parsed page, found in one walk over its elements and one
    XPath over its attributes (each ``//`` of an XPath walks the whole tree again: a dozen of
    them were a tenth of the build's time at 1,000 articles, issue 15)."""

    code: Code  # every inline script and style in the page
    inline: list[html.HtmlElement]  # the elements behind ``code``, in document order
    frames: list[html.HtmlElement]  # iframe, frame, object, embed
    has_policy: bool  # a Content-Security-Policy <meta> in the head already
    suspects: list[tuple[html.HtmlElement, str, str]]  # see _SUSPECT_ATTRIBUTES


_FRAMES = frozenset({"iframe", "frame", "object", "embed"})


def scan(tree: html.HtmlElement) -> Scan:
    """The inline code, frames, policy and suspect attributes of a parsed page."""
    inline, frames, has_policy = [], [], False
    scripts, styles = set(), set()
    for element in tree.iter("script", "style", "iframe", "frame", "object", "embed", "meta"):
        tag = element.tag
        if tag == "script":
            kind = (element.get("type") or "").split(";")[0].strip().lower()
            if element.get("src") is None and kind not in DATA_SCRIPT_TYPES:
                inline.append(element)
                scripts.add(source_hash(element.text or ""))
        elif tag == "style":
            inline.append(element)
            styles.add(source_hash(element.text or ""))
        elif tag == "meta":
            parent = element.getparent()
            if parent is not None and parent.tag == "head" and _is_csp(element):
                has_policy = True
        else:
            frames.append(element)
    return Scan(Code(frozenset(scripts), frozenset(styles)), inline, frames, has_policy,
                attributes(tree, _SUSPECT_ATTRIBUTES))


def template_code(document: str, content: str) -> Code:
    """The inline code of ``document`` that its template wrote, not its ``content``.

    ``content`` is the HTML the template was given as the page's body (MkDocs' ``page.content``,
    written into the document as it is). The code is that of the document with every copy of
    the content left out, so nothing in the content is trusted, however it is written (a
    ``<script>`` left open, a stray ``</article>``).
    """
    return _template_code(document, content, None)


def page_code(document: str, content: str, scanned: Scan) -> Code:
    """:func:`template_code`, from the page's own :func:`scan` when its content can neither
    hold inline code nor hide the template's: content without a ``<script``, ``<style``, a
    comment or any other element whose text is not markup (which, left open, would swallow the
    template's code after it). Then the page's code is the template's alone, and the page need
    not be parsed a second time without its content. Otherwise as :func:`template_code`."""
    return _template_code(document, content, scanned)


_MAY_HOLD_CODE = re.compile(
    r"<\s*/?\s*(?:script|style|textarea|title|xmp|noscript|iframe|noembed|noframes|plaintext|"
    r"template|svg|math|object|embed|frame|frameset|head|html|body)|<[!?]|\x00",
    re.IGNORECASE)


def _template_code(document: str, content: str, scanned: Scan | None) -> Code:
    # The theme writes the content in two pieces, with the page's actions after the title.
    pieces = split_at_title(content)
    for piece in pieces:
        if piece and piece not in document:
            raise PolicyError("the page's content is not in its HTML, so the template's own "
                              "inline code cannot be told from the content's")
    if scanned is not None and not any(_MAY_HOLD_CODE.search(piece) for piece in pieces):
        return scanned.code
    for piece in pieces:
        document = document.replace(piece, "") if piece else document
    return inline_code(document)


def policy(code: Code, *, style_attributes: Iterable[str] = ()) -> str:
    """The Content-Security-Policy allowing the site's own files and the given inline code."""
    attributes = sorted({source_hash(value) for value in style_attributes})
    directives = [
        "default-src 'self'",
        # 'wasm-unsafe-eval': the search (Pagefind, docs/javascripts/search.js) runs its
        # WebAssembly module, from the site's own pagefind/ folder, and browsers compile
        # WebAssembly only where the policy allows it. It allows WebAssembly only, never
        # JavaScript's eval() or new Function() ('unsafe-eval'), nor inline code.
        " ".join(["script-src 'self'", WASM, *sorted(code.scripts)]),
        " ".join(["style-src 'self'", *sorted(code.styles)]),
        # Python-Markdown's tables align columns with style="text-align: ...": those three
        # values only, by hash ('unsafe-hashes' is what lets a hash match an attribute).
        # Nothing else written in a style attribute applies. Material's scripts set styles
        # through the CSSOM (element.style), which a policy does not restrict.
        " ".join(["style-src-attr", "'unsafe-hashes'", *attributes]) if attributes
        else "style-src-attr 'none'",
        "img-src 'self' data:",  # Material's stylesheet draws its icons as data: SVG images
        "connect-src 'self'",  # the search fetches its index, in parts, from pagefind/
        "worker-src 'none'",  # Pagefind searches in the page (search.js sets noWorker)
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(directives)


def with_csp(document: str, code: Code | None = None, *,
             tree: html.HtmlElement | None = None, scanned: Scan | None = None) -> str:
    """``document`` with the Content-Security-Policy and no-referrer ``<meta>`` elements.

    ``code`` is the inline code to allow (see :func:`template_code`); without it, every inline
    script and style in the document is allowed, which is right only for a page that holds
    no content (the 404 page is a template alone). Raises :class:`PolicyError` if the document
    does not start with a ``<head>`` to put them in, or already has a policy. ``tree`` is the
    document already parsed, or ``scanned`` its :func:`scan`, when the caller has it (the build
    parses and scans each page once).
    """
    start = _HEAD_START.match(document)
    if start is None:
        raise PolicyError("the page has no <head> element at its start to hold its "
                          "Content-Security-Policy")
    if scanned is None:
        scanned = scan(html.document_fromstring(document) if tree is None else tree)
    if scanned.has_policy:
        raise PolicyError("the page already has a Content-Security-Policy")
    code = scanned.code if code is None else code
    values = {value for _, name, value in scanned.suspects
              if name == "style" and value in ALIGNMENT_STYLES}
    meta = (f'<meta http-equiv="{CSP_META}" content="{policy(code, style_attributes=values)}">'
            + REFERRER_META)
    at = start.end()
    charset = _CHARSET_META.match(document, at)
    if charset is not None:
        at = charset.end()
    return document[:at] + meta + document[at:]


def allow_scripts(document: str, scripts: Iterable[str]) -> str:
    """``document`` with more inline scripts allowed in the policy :func:`with_csp` added.

    For ``mkdocs serve`` only, whose live-reload script is added to each page as it is sent.
    """
    added = sorted(set(scripts))
    found = _CSP_ELEMENT.search(document)
    if found is None or not added:
        return document
    directives = found["policy"].split("; ")
    directives = [" ".join([d, *added]) if d.startswith("script-src ") else d
                  for d in directives]
    element = f'<meta http-equiv="{CSP_META}" content="{"; ".join(directives)}">'
    return document[:found.start()] + element + document[found.end():]


def page_policy(document: str) -> str | None:
    """The policy of a page's CSP ``<meta>`` element in its head, or None."""
    tree = html.document_fromstring(document)
    for meta in elements(tree, "//head/meta[@http-equiv]"):
        if _is_csp(meta):
            return meta.get("content")
    return None


def script_sources(policy_text: str) -> list[str] | None:
    """What a policy lets run scripts: the sources of ``script-src`` (or, without it,
    ``default-src``) and of ``script-src-elem`` and ``script-src-attr``; None if it sets none.

    A browser applies the first of each directive and ignores repeats, and so does this.
    """
    directives: dict[str, list[str]] = {}
    for part in policy_text.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    general = directives.get("script-src", directives.get("default-src"))
    if general is None:
        return None
    return [*general, *directives.get("script-src-elem", []),
            *directives.get("script-src-attr", [])]


_SUSPECT_ATTRIBUTES = etree.XPath(
    "//@style | //@*[starts-with(name(), 'on')] | //@href[contains(., ':')]"
    " | //@src[contains(., ':')] | //@action[contains(., ':')]"
    " | //@formaction[contains(., ':')]")
"""Attributes that may be blocked: event handlers, styles, and link targets with a colon (a
target without one has no scheme, so cannot run code). The XPath picks them in C: looping over
every attribute of every element in Python took most of this module's time (issue 15); as a
union of simple paths it takes half the time of one path with a compound condition."""


def blocked(document: str, code: Code, *, tree: html.HtmlElement | None = None,
            scanned: Scan | None = None) -> list[str]:
    """What in ``document`` the policy allowing ``code`` stops the browser from using.

    For the build log: inline scripts and styles that are not the template's, event handler
    attributes (``onclick``), links that run code (``javascript:``, ``data:``), style attributes
    and frames. ``tree`` is the document already parsed, or ``scanned`` its :func:`scan`, if
    the caller has it.
    """
    if scanned is None:
        scanned = scan(html.document_fromstring(document) if tree is None else tree)
    found = []
    for element in scanned.inline:
        allowed = code.scripts if element.tag == "script" else code.styles
        if source_hash(element.text or "") not in allowed:
            found.append(f"<{element.tag}> {_sample(element.text or '')}")
    for element, name, value in scanned.suspects:  # names are lower case
        tag = element.tag
        if name.startswith("on"):
            found.append(f'<{tag} {name}="{_sample(value)}">')
        elif name == "style" and value not in ALIGNMENT_STYLES:
            found.append(f'<{tag} style="{_sample(value)}">')
        elif name != "style" and runs_code(value):
            found.append(f'<{tag} {name}="{_sample(value)}">')
    found += [f"<{e.tag}>" for e in scanned.frames]
    return found


def _is_csp(meta: html.HtmlElement) -> bool:
    return (meta.get("http-equiv") or "").strip().lower() == CSP_META.lower()


def _sample(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."
