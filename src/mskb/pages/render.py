"""Jinja2 rendering of generated Markdown, with every value escaped for Markdown and HTML."""

from __future__ import annotations

import hashlib
import itertools
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from mskb.clock import today_for_build as today_for_build  # the hooks import it from here
from mskb.content import frontmatter
from mskb.content.article import url_of
from mskb.content.links import linked_pages
from mskb.content.schema import NICE_POSITIONS
from mskb.pages.related import URGENT_HELP, related

TEMPLATES = Path(__file__).parent / "templates"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]!#|])")


def markdown_text(value: Any) -> Any:
    """Escape a value for use as Markdown text; HTML escaping is left to autoescape.

    Applied to every ``{{ ... }}`` (as Jinja's ``finalize``), so a title such as
    ``<script>`` or ``*bold*`` shows as typed and never becomes markup. Values already marked
    safe (links built by :func:`href`) pass through.
    """
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def split_at_title(html: str) -> tuple[str, str]:
    """A page's HTML in two: up to and including its title's ``</h1>``, and the rest (``""``
    and the whole page when it has no title). The theme puts the page's actions between the
    two (docs/overrides/partials/content.html), and the Content-Security-Policy removes both
    from the page to find the theme's own inline code (:func:`mskb.pages.policy.template_code`).
    """
    head, found, rest = html.partition("</h1>")
    return (head + found, rest) if found else ("", html)


def relative(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for two paths from the same root, neither going up
    (``..``), as a page's links are: without relpath's two ``os.getcwd()`` calls, which were a
    tenth of the time taken to write the pages' Markdown (issue 15)."""
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    target = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(target), len(base)) and target[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def long_date(value: date) -> str:
    """``2026-11-01`` -> ``1 November 2026``, the way UK health sites write dates."""
    return f"{value.day} {value:%B %Y}"


def web_address(url: str) -> Markup:
    """A URL safe to put inside Markdown link parentheses."""
    cleaned = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return Markup(cleaned.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E"))


def html_text(value: Any) -> Markup:
    """Escape a value for raw HTML inside generated Markdown, where Markdown escapes would show."""
    return escape(value)


def runs(items: Any, attribute: str) -> list[tuple[Any, list[Any]]]:
    """``items`` in runs of the same ``attribute``, in their order (Jinja's ``groupby``
    sorts them): ``[(value, [item, ...]), ...]``."""
    return [(value, list(run))
            for value, run in itertools.groupby(items, key=lambda item: getattr(item, attribute))]


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=markdown_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["web_address"] = web_address
    env.filters["html"] = html_text
    env.filters["runs"] = runs
    env.globals["related"] = related
    env.globals["linked_pages"] = linked_pages
    env.globals["nice_positions"] = NICE_POSITIONS
    env.globals["urgent_help"] = URGENT_HELP
    return env


LINKED = "\x00kb-linked\x00"
"""Written by a template as ``{{ linked_by_frames }}``; replaced, once the page is rendered, by
the pages (``src_uri``) that its frames link to, separated by spaces."""


GLOSSARY_MARKER = "kb-glossary-"
"""What starts a marker paragraph of the glossary (mskb.pages.glossary), before the nonce."""
NONCE = "\x00kb-nonce\x00"
"""Written into a page's markers while it is rendered; then replaced by the page's nonce."""
FRAME_MARKER = re.compile(r"<!--kb-frame-([0-9a-f]{16})-(\d+)-->(?:\n(?=\n))?"
                          r"|<!--kb-frame-([0-9a-f]{16})-(\d+)r-->")


def nonce_of(markdown: str, frames: list[str]) -> str:
    """A page's nonce: a digest of its Markdown (with :data:`NONCE` in place of the nonce) and
    its frames. Nothing an article's author writes can hold it (it is a digest of what they
    write, and of itself), the same inputs give the same Markdown (``./scripts/serve`` rebuilds
    a page when its Markdown changes, mskb.preview), and a change to a frame changes it."""
    digest = hashlib.sha256(markdown.encode("utf-8"))
    for frame in frames:
        digest.update(b"\x00" + frame.encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass
class Frames:
    """The parts of generated pages written as HTML rather than Markdown (the *frames*).

    A template writes such a part inside ``{% call frame() %}...{% endcall %}``: the page's
    Markdown holds an HTML comment in its place, which Python-Markdown passes over as one raw
    block, and :meth:`splice` puts the HTML back into the page's rendered HTML. Python-Markdown
    took as long over the boxes around an article (In short, the tags, the review history, the
    disclaimer, written as Markdown inside ``markdown``-attributed HTML) as over the article
    itself (issue 15). In a frame, every value is escaped for HTML (``|html``) and every link
    is written as its address (``url()``); nothing in it is read as Markdown (the article's
    abbreviations and glossary words are not applied there, as they were not before: the frames
    are outside the article's text). The comment carries the page's nonce (:func:`nonce_of`),
    so nothing an article's author writes can stand for a frame.
    """

    parts: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """``src_uri`` -> the page's nonce and frames."""

    def splice(self, src_uri: str, html: str) -> str:
        """``html``, the page's rendered HTML, with its frames in place of their markers."""
        nonce, parts = self.parts.get(src_uri, ("", []))
        if not parts:
            return html

        # Python-Markdown writes a raw block with a blank line after it. A frame in place of
        # Markdown (an HTML block with `markdown`) had none; one in place of raw HTML had it.
        def frame(found: re.Match[str]) -> str:
            if (found.group(1) or found.group(3)) != nonce:
                return found.group(0)  # not this page's (its cleaning removes a comment)
            return parts[int(found.group(2) or found.group(4))]

        return FRAME_MARKER.sub(frame, html)


class Renderer:
    """Renders one generated Markdown page at a time, with links relative to that page."""

    def __init__(self, **globals_: Any):
        self.env = make_environment()
        self.env.globals.update(globals_)
        self.frames = Frames()

    def page(
        self, template: str, src_uri: str, front_matter: dict[str, Any], **context: Any
    ) -> str:
        base = posixpath.dirname(src_uri)

        def href(target: str, anchor: str = "") -> Markup:
            link = relative(target, base or ".")
            return Markup(link + (f"#{anchor}" if anchor else ""))

        here = url_of(src_uri) or "."
        linked: set[str] = set()
        frames: list[str] = []

        def url(target: str, anchor: str = "") -> Markup:
            """The address of ``target`` (a Markdown path) from this page, for raw HTML, where
            MkDocs does not turn ``.md`` paths into addresses: ``../page/2/``."""
            linked.add(target)
            link = relative(url_of(target) or ".", here) + "/"
            return Markup(escape(link + (f"#{anchor}" if anchor else "")))

        def frame(caller, raw: bool = False) -> Markup:
            """A part of the page written in HTML (see :class:`Frames`), without the blank
            lines around it, as Python-Markdown would have written it: ``raw`` for HTML that
            was raw HTML in the Markdown, not Markdown in an HTML block."""
            frames.append(str(caller()).strip("\n"))
            return Markup(f"<!--kb-frame-{NONCE}-{len(frames) - 1}{'r' if raw else ''}-->")

        def glossary_marker(kind: str, *values: str) -> Markup:
            """A marker for the glossary's links (mskb.pages.glossary), as a paragraph."""
            return Markup(" ".join([f"{GLOSSARY_MARKER}{NONCE}", kind, *values]))

        body = self.env.get_template(template).render(
            href=href, url=url, frame=frame, glossary_marker=glossary_marker, page_uri=src_uri,
            linked_by_frames=Markup(LINKED), **context)
        if LINKED in body:
            body = body.replace(LINKED, " ".join(sorted(linked)))
        if NONCE in body:
            nonce = nonce_of(body, frames)
            body = body.replace(NONCE, nonce)
            if frames:
                self.frames.parts[src_uri] = (nonce, frames)
        if "description" in front_matter:
            # Material writes page.meta.description into <meta content="..."> unescaped (MkDocs'
            # templates do not autoescape): a summary with a '"' could add attributes there.
            front_matter = {**front_matter,
                            "description": str(escape(front_matter["description"]))}
        return frontmatter.write(front_matter, body)
