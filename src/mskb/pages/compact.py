"""Theme templates without their indentation: every page a third lighter, at no cost per page.

Material's templates are indented for people to read, and Jinja copies that indentation, and a
line break for every line holding only a ``{% if %}`` or ``{% for %}``, into every page: about
10 KB of blank space per page, most of it in the menu, a quarter of a long article's HTML. A
reader on a phone plan downloads it with every page. The fix is made once per template, as it
is compiled, not once per page: :class:`CompactTemplates` removes each line's leading spaces
and tabs and every blank line from a template's source, and :func:`compact` also sets Jinja's
``trim_blocks`` and ``lstrip_blocks``, so a line that holds only a block tag adds nothing to
the output. Only the templates' own white space goes: what a page says (its Markdown, rendered
into ``page.content``) is inserted as it is, so a ``<pre>`` in an article keeps its spaces. A
line break is kept wherever the template had one between two pieces of text, so no two words
run together (a browser shows any run of white space between words as one space).

A template with ``<pre>`` or ``<textarea>`` (where spaces show) is left as it is; Material's
templates have none. Minifying the finished HTML (mkdocs-minify-plugin) was passed over: it
re-parses every page after it is rendered, a cost per page, and the pages' inline scripts and
styles, whose Content-Security-Policy hashes are taken from the finished page, would be
rewritten as well.

Plain Jinja: nothing here imports MkDocs (``hooks/navigation.py`` wires it in).
"""

from __future__ import annotations

import re

from jinja2 import Environment
from jinja2.ext import Extension

_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{2,}")
_KEEP_SPACES = re.compile(r"<(?:pre|textarea)\b", re.IGNORECASE)


def compact_source(source: str) -> str:
    """A template's source without leading spaces or tabs on any line, nor blank lines."""
    if _KEEP_SPACES.search(source):
        return source
    return _BLANK_LINES.sub("\n", _INDENT.sub("", source))


class CompactTemplates(Extension):
    """A Jinja extension: :func:`compact_source` on every template as it is compiled."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return compact_source(source)


def compact(env: Environment) -> Environment:
    """``env``, changed in place to compile its templates compactly (before it renders any).

    It also stops Jinja asking the file system, each time a template is used, whether the file
    changed (``auto_reload``): Material's templates import and include one another about 55
    times a page, each time a ``stat`` of the file. An environment serves one build only
    (MkDocs makes a new one for every build, ``mkdocs serve``'s rebuilds included), during
    which the theme does not change.
    """
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.auto_reload = False
    env.add_extension(CompactTemplates)
    return env
