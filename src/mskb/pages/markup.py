"""Valid HTML from the theme: the few attributes Material writes that the HTML standard forbids.

The W3C Nu HTML Checker (``tests/test_html_validity.py``) found three kinds of mistake in the
markup Material for MkDocs writes on every page, none of them in the site's own templates or
content. Each is mended here with the smallest change that keeps the page working exactly as
before (checked in Chromium by ``tests/browser/test_markup_browser.py``):

- ``autocomplete="off"`` on the hidden checkboxes that open the mobile menu and the search
  (``__drawer``, ``__search``, in Material's ``base.html``). The attribute is allowed on text
  fields only, but Material needs its effect: without it the browser restores a checkbox's
  state when the reader goes back to a page or (Firefox) reloads it, so the menu or the search
  would be open again. The standard way to ask for the same thing is ``autocomplete="off"`` on
  the control's *form*: the checkboxes are given an empty, hidden
  ``<form id="__kb_toggles" autocomplete="off">`` as their form owner (its ``form``
  attribute), so they stay where Material's stylesheet expects them (``#__drawer:checked ~
  .md-container``) and are still never restored.
- ``tabindex=""`` on the labels that open a top-level section of the menu
  (``partials/nav-item.html`` writes it for sections, which it keeps out of the tab order). An
  empty value is invalid, and browsers ignore it, so it is removed: the label stays out of the
  tab order and a click on it still does not move the focus to it (``tabindex="-1"`` would).
  Material's script listens for clicks on ``label[tabindex]`` to update the section's
  ``aria-expanded``, but only in the desktop sidebar, where section labels are never shown:
  on a phone or tablet the menu is the drawer, which that script does not handle either way.
- ``<label for="__toc">`` heading the table of contents on a page with no ``__toc`` checkbox
  (a section's index page, the whole guide): a label must name an existing control. The label
  names nothing there, so ``for`` is removed; clicking it already did nothing.

Only start tags are rewritten, in place: every other character of the page is kept, so
the page's Content-Security-Policy (hashes of its inline code) still matches, and the fix can
run after ``hooks/security.py``. Plain Python: nothing here imports MkDocs (``hooks/markup.py``
wires it in; ``mskb.printing.print_page`` applies it to the whole guide).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

TOGGLES_FORM = "__kb_toggles"
"""The id of the empty form that owns Material's menu and search checkboxes."""

NO_AUTOCOMPLETE_TYPES = frozenset({"checkbox", "radio", "file", "submit", "image", "reset",
                                   "button"})
"""Input types the standard does not allow ``autocomplete`` on."""

_TOGGLES_FORM_ELEMENT = f'<form id="{TOGGLES_FORM}" autocomplete="off" hidden></form>'
_ATTRIBUTE = re.compile(r"""\s+(?P<name>[^\s/>"'=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_TAG_NAME = re.compile(r"<[^\s/>]+")


@dataclass(frozen=True)
class _StartTag:
    start: int  # offset of "<" in the document
    text: str  # the tag as written, "<" to ">"
    name: str  # lower case
    attributes: dict[str, str | None]  # names lower case, values unescaped
    in_form: bool


_ATTRIBUTES = r"""(?:\s*[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?|\s*/(?!>))*"""
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (an unclosed one runs to the end, as in a browser)
    r"|<![^>]*>|<\?[^>]*>"  # a doctype, a bogus comment
    # a raw text element: its text is not markup, whatever it holds
    rf"|(?P<rawtag><(?P<raw>script|style|textarea|title)(?![^\s/>])(?P<rawattributes>{_ATTRIBUTES})\s*/?>)"
    r".*?(?:</(?P=raw)\s*>|\Z)"
    rf"|<(?P<name>[a-zA-Z][^\s/>]*)(?P<attributes>{_ATTRIBUTES})\s*/?>"  # a start tag
    r"|</(?P<end>[a-zA-Z][^\s/>]*)[^>]*>",  # an end tag
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE_VALUE = re.compile(
    r"""(?P<name>[^\s/>"'=]+)(?:\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s>]*)))?""")


_MENDED_TAGS = frozenset({"input", "label"})
_ID = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))""", re.IGNORECASE)


_RAW = ("script", "style", "textarea", "title")
_MENDABLE_NAME = r"(?:input|label|form)(?![^\s/>])"
_SKIPPED = (
    r"<!--.*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>"  # as in _TOKEN
    + "".join(rf"|<{raw}(?![^\s/>]){_ATTRIBUTES}\s*/?>.*?(?:</{raw}\s*>|\Z)" for raw in _RAW)
    + rf"|<(?!{_MENDABLE_NAME})[a-zA-Z][^\s/>]*{_ATTRIBUTES}\s*/?>"  # another start tag
    + r"|</(?!form(?![^\s/>]))[a-zA-Z][^\s/>]*[^>]*>"  # another end tag
    + r"|[^<]+"  # text
    # a "<" that starts nothing below (as _TOKEN, which passes over it)
    + rf"|<(?!{_MENDABLE_NAME}{_ATTRIBUTES}\s*/?>|/form(?![^\s/>])[^>]*>)"
)
_MENDABLE = re.compile(
    # Whatever this module leaves alone, passed over in one match (atomic, possessive: never
    # tried again), then a start tag it may mend or a form's start or end, or the end.
    rf"(?>{_SKIPPED})*+(?:<(?P<name>input|label|form)(?![^\s/>])(?P<attributes>{_ATTRIBUTES})"
    r"\s*/?>|</(?P<end>form)(?![^\s/>])[^>]*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
"""The tokens of :data:`_TOKEN` that matter here, found as that finds them, without handing
Python every other tag of the page (a Python step for each of a page's thousand tags was most
of this module's time, issue 15)."""


def _start_tags(document: str) -> list[_StartTag]:
    """The start tags this module may mend (``<input>``, ``<label>``) and where they are, as
    the browser's tokenizer would find them.

    What is not markup is skipped as a browser skips it (comments, the text of ``<script>``,
    ``<style>``, ``<textarea>`` and ``<title>``), so a ``<label`` written inside a script is
    never touched. Regular expressions, run by Python's C engine: the standard library's
    ``html.parser`` found the same tags but, in pure Python and building every tag's
    attributes, took a sixth of the build's time at 1,000 articles (issue 15).
    """
    tags: list[_StartTag] = []
    in_form = False
    for token in _MENDABLE.finditer(document):
        name = token["name"]
        if name is None:
            if token["end"] is not None:
                in_form = False
            continue
        name = name.lower()
        if name == "form":
            in_form = True
            continue
        attributes: dict[str, str | None] = {}
        for attribute in _ATTRIBUTE_VALUE.finditer(token["attributes"]):
            key = attribute["name"].lower()
            if key not in attributes:  # the first of a repeated attribute counts
                value = next((v for v in attribute.group("double", "single", "bare")
                              if v is not None), None)
                attributes[key] = None if value is None else html.unescape(value)
        start = token.start("name") - 1  # the "<", after what was passed over
        tags.append(_StartTag(start, document[start:token.end()], name, attributes, in_form))
    return tags


def _ids(document: str) -> set[str]:
    """The ids of every element of ``document``, as the browser's tokenizer finds them."""
    ids: set[str] = set()
    for token in _TOKEN.finditer(document):
        name = token["name"]
        if name is not None:
            _add_id(token["attributes"], ids)
        elif token["raw"] is not None:
            _add_id(token["rawattributes"], ids)
    return ids


_ID_LOOKUP = etree.XPath("id($value)")
_ID_SEARCH = etree.XPath("//*[@id = $value]")


def has_id(tree: etree._Element) -> Callable[[str], bool]:
    """Whether the page parsed as ``tree`` has an element with a given id: for
    :func:`valid_markup`, when the caller has parsed the page already (``hooks/security.py``
    has). The parser's own table of ids answers in a step, not a search of the page."""

    def found(value: str) -> bool:
        if not value:
            return False
        if value.split() == [value]:
            return bool(_ID_LOOKUP(tree, value=value))
        return bool(_ID_SEARCH(tree, value=value))  # id() would read a list of ids

    return found


def _add_id(attributes: str, ids: set[str]) -> None:
    found = _ID.search(attributes)
    if found:
        value = html.unescape(next(v for v in found.groups() if v is not None))
        if value:
            ids.add(value)


def valid_markup(document: str, has_id: Callable[[str], bool] | None = None) -> str:
    """``document`` with Material's invalid attributes mended (see the module's docstring).

    ``has_id`` tells whether the document has an element with a given id, when the caller knows
    (:func:`has_id`); otherwise the document's ids are found here. Idempotent, and a page
    without those attributes is returned unchanged.
    """
    tags = _start_tags(document)
    if has_id is None:
        has_id = _ids(document).__contains__
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the document
    form_added = has_id(TOGGLES_FORM)
    for tag in tags:
        replacement = _mended(tag, has_id)
        if replacement is None:
            continue
        if tag.name == "input" and not form_added:
            replacement = _TOGGLES_FORM_ELEMENT + replacement
            form_added = True
        edits.append((tag.start, tag.start + len(tag.text), replacement))
    parts, at = [], 0
    for start, end, replacement in edits:
        parts += [document[at:start], replacement]
        at = end
    parts.append(document[at:])
    return "".join(parts)


def _mended(tag: _StartTag, has_id: Callable[[str], bool]) -> str | None:
    """The start tag rewritten to be valid, or None if it is valid (or not one of ours)."""
    attributes = tag.attributes
    if tag.name == "input":
        kind = (attributes.get("type") or "").strip().lower()
        if (kind in NO_AUTOCOMPLETE_TYPES
                and (attributes.get("autocomplete") or "").strip().lower() == "off"
                and "form" not in attributes and not tag.in_form):
            return _rewritten(tag.text, drop={"autocomplete"}, add={"form": TOGGLES_FORM})
    elif tag.name == "label":
        drop = set()
        if "tabindex" in attributes and not (attributes["tabindex"] or "").strip():
            drop.add("tabindex")
        target = attributes.get("for")
        if target is not None and not has_id(target):
            drop.add("for")
        if drop:
            return _rewritten(tag.text, drop=drop)
    return None


def _rewritten(text: str, *, drop: set[str], add: dict[str, str] | None = None) -> str:
    """A start tag's text without the attributes named in ``drop``, and with ``add`` at its end.

    Every other attribute is kept exactly as it was written.
    """
    name = _TAG_NAME.match(text)
    if name is None:  # pragma: no cover - the parser found a start tag here
        return text
    parts, at = [text[:name.end()]], name.end()
    for attribute in _ATTRIBUTE.finditer(text, at):
        if attribute.start() != at:
            break  # the closing "/>" or ">"
        if attribute["name"].lower() not in drop:
            parts.append(attribute.group(0))
        at = attribute.end()
    parts += [f' {key}="{value}"' for key, value in (add or {}).items()]
    return "".join(parts) + text[at:]
