"""An article file's two parts, read and written in one place: front matter and Markdown body.

Also the one slug function (file names, anchors, URLs) and the one pattern for a fenced code
block, which every reader of Markdown lines here shares.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

FENCE = "---"
CODE_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
"""A line that opens or closes a fenced code block."""
MAX_SLUG = 60


class FrontMatterError(ValueError):
    """The file's front matter cannot be found; ``line`` is where to look."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Split:
    yaml_text: str
    body: str
    body_line: int  # the file line the body starts on


def split(text: str) -> Split:
    """Split a file's text (newlines already ``\\n``) at its front matter fences.

    The front matter opens with a line ``---`` and closes with the next line that is exactly
    ``---`` (or YAML's ``...``) from the first column: an indented ``---`` inside a folded value
    is part of that value, not the end of the front matter.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise FrontMatterError(
            1, "missing front matter: the file must start with a line '---', then the fields "
            "(title, kind, summary, ...), then another '---' (copy archetypes/article.md)")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if end is None:
        raise FrontMatterError(
            1, "front matter is never closed: add a line '---' after the last field")
    return Split("\n".join(lines[1:end]), "\n".join(lines[end + 1:]), end + 2)


# libyaml's emitter when PyYAML has it: the same YAML, written about ten times faster (every
# page of the site is written through here on every build; issue 15).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write(fields: dict[str, Any], body: str, *, comments: str = "") -> str:
    """An article's text: ``comments`` (``#`` lines), ``fields`` as YAML, then ``body``."""
    head = yaml.dump(fields, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return f"{FENCE}\n{comments}{head}{FENCE}\n\n{body}"


def slugify(text: str, *, limit: int = MAX_SLUG) -> str:
    """``"Baclofen: my first month"`` -> ``baclofen-my-first-month`` (letters, digits, dashes)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")
