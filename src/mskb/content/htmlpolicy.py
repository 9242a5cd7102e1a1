"""What HTML an article may carry: the policy, in one place, for the checker and the build.

Articles are written in Markdown. The checker (rule ``body-html``) refuses, with the line, raw
HTML beyond a few harmless inline tags, attribute lists that set anything but a class or an
id, link targets that run code, and images from other sites. As a second line of defence the
build passes every article's rendered HTML through :func:`clean` (nh3, a maintained binding of
the Rust sanitiser ammonia), so the published page holds nothing the policy refuses, whatever
path it came by. Nothing a contributor writes can run in a reader's browser or make it contact
another host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3

CONTRIBUTOR_TAGS = frozenset({"br", "sup", "sub", "abbr", "kbd"})
"""Raw HTML tags an article may use; everything else is written in Markdown."""
ATTRIBUTE_LIST_KEYS: frozenset[str] = frozenset()
"""``key=value`` pairs an attribute list may set (none: only ``.class`` and ``#id``)."""
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Where links may lead, besides pages of this site."""

# What Python-Markdown and the project's extensions (admonition, attr_list, def_list,
# md_in_html, tables, toc, abbr, details, superfences) and the article template produce.
RENDERED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
})
RENDERED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "aria-label", "aria-hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"style", "colspan", "rowspan"},  # style: the tables extension's text-align
    "th": {"style", "colspan", "rowspan", "scope"},
    "details": {"open"},
    "ol": {"start"},
}


def runs_code(target: str) -> bool:
    """A link target with a scheme other than :data:`LINK_SCHEMES` (``javascript:``, ``data:``,
    ``vbscript:`` ...), however it is spelt."""
    cleaned = "".join(char for char in target if char > " ").lower()
    scheme = urlsplit(cleaned).scheme
    return bool(scheme) and scheme not in LINK_SCHEMES


def from_another_host(target: str) -> bool:
    """An address on another site (``https://…`` or ``//host/…``): images may not be."""
    parts = urlsplit(target.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src") and runs_code(value):
        return None
    if tag == "img" and name == "src" and from_another_host(value):
        return None  # the reader's browser would ask another site for it
    return value


def clean(html: str) -> str:
    """An article's rendered HTML with everything outside the policy removed."""
    return nh3.clean(
        html, tags=set(RENDERED_TAGS), attributes=RENDERED_ATTRIBUTES,
        attribute_filter=_attribute, url_schemes=set(LINK_SCHEMES),
        filter_style_properties={"text-align"}, link_rel=None, strip_comments=True,
    )
