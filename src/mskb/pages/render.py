"""Jinja2 rendering of generated Markdown, with every value escaped for Markdown and HTML."""

from __future__ import annotations

import posixpath
import re
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
    env.globals["related"] = related
    env.globals["linked_pages"] = linked_pages
    env.globals["nice_positions"] = NICE_POSITIONS
    env.globals["urgent_help"] = URGENT_HELP
    return env


class Renderer:
    """Renders one generated Markdown page at a time, with links relative to that page."""

    def __init__(self, **globals_: Any):
        self.env = make_environment()
        self.env.globals.update(globals_)

    def page(
        self, template: str, src_uri: str, front_matter: dict[str, Any], **context: Any
    ) -> str:
        base = posixpath.dirname(src_uri)

        def href(target: str, anchor: str = "") -> Markup:
            link = posixpath.relpath(target, base or ".")
            return Markup(link + (f"#{anchor}" if anchor else ""))

        here = url_of(src_uri) or "."

        def url(target: str, anchor: str = "") -> Markup:
            """The address of ``target`` (a Markdown path) from this page, for raw HTML, where
            MkDocs does not turn ``.md`` paths into addresses: ``../page/2/``."""
            link = posixpath.relpath(url_of(target) or ".", here) + "/"
            return Markup(escape(link + (f"#{anchor}" if anchor else "")))

        body = self.env.get_template(template).render(href=href, url=url, page_uri=src_uri,
                                                      **context)
        if "description" in front_matter:
            # Material writes page.meta.description into <meta content="..."> unescaped (MkDocs'
            # templates do not autoescape): a summary with a '"' could add attributes there.
            front_matter = {**front_matter,
                            "description": str(escape(front_matter["description"]))}
        return frontmatter.write(front_matter, body)
