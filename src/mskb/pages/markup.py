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

import re
from dataclasses import dataclass
from html.parser import HTMLParser

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


class _StartTags(HTMLParser):
    """Every start tag of a document, where it is, as the browser's tokenizer would find it.

    Python's parser skips what is not markup as a browser does (comments, the text of
    ``<script>`` and ``<style>``), so a ``<label`` written inside a script is never touched.
    """

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self._lines = [0] + [m.end() for m in re.finditer("\n", document)]
        self._in_form = False
        self.tags: list[_StartTag] = []
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        text = self.get_starttag_text() or ""
        self.tags.append(_StartTag(self._lines[line - 1] + column, text, tag, dict(attrs),
                                   self._in_form))
        if tag == "form":
            self._in_form = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def valid_markup(document: str) -> str:
    """``document`` with Material's invalid attributes mended (see the module's docstring).

    Idempotent, and a page without those attributes is returned unchanged.
    """
    tags = _StartTags(document).tags
    ids = {value for tag in tags if (value := tag.attributes.get("id"))}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the document
    form_added = TOGGLES_FORM in ids
    for tag in tags:
        replacement = _mended(tag, ids)
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


def _mended(tag: _StartTag, ids: set[str]) -> str | None:
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
        if target is not None and target not in ids:
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
