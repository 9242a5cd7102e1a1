"""Compiler-style diagnostics: ``path:line: field: what is wrong (how to fix it)``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, pointing at the line a contributor has to change."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}: {field}{self.message}"

    def github(self, level: str = "error") -> str:
        """A GitHub Actions workflow command: shown on the pull request, on the line to fix."""
        title = f"{self.field}: " if self.field else ""
        return (f"::{level} file={_escape(self.path, True)},line={self.line},"
                f"title={_escape(title.rstrip(': ') or 'content', True)}::"
                f"{_escape(title + self.message)}")


def _escape(text: str, in_property: bool = False) -> str:
    """Escape a value for a workflow command (GitHub's toolkit rules)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class ContentError(Exception):
    """Raised when the content has problems; carries every diagnostic found in one run."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        files = len({d.path for d in self.diagnostics})
        count = len(self.diagnostics)
        super().__init__(
            f"{count} content error{'s' if count != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}"
        )


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def format_loc(loc: Iterable[object]) -> str:
    """Turn a location such as ``('sources', 1, 'url')`` into ``sources[1].url``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
