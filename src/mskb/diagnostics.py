"""Compiler-style diagnostics: ``path:line: field: what is wrong (how to fix it)``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file, pointing at the line a contributor has to change.

    An error stops the build; a warning is reported and the article is published all the same.
    ``rule`` names the checker rule (``mskb.content.rules.RULES``) that found it.
    """

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"
    rule: str = ""

    def __str__(self) -> str:
        level = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}: {level}{field}{self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command: shown on the pull request, on the line to fix."""
        title = self.field or self.rule or "content"
        return (f"::{self.severity} file={_escape(self.path, True)},line={self.line},"
                f"title={_escape(title, True)}::"
                f"{_escape((self.field + ': ' if self.field else '') + self.message)}")


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, str]:
    """By file, then line, then the words shown: the order a contributor fixes them in."""
    return diagnostic.path, diagnostic.line, str(diagnostic).split(":", 2)[2]


def _escape(text: str, in_property: bool = False) -> str:
    """Escape a value for a workflow command (GitHub's toolkit rules)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class ContentError(Exception):
    """Raised when the content has errors; carries every diagnostic found in one run."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=sort_key)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        files = len({d.path for d in errors})
        super().__init__(f"{plural(len(errors), 'content error')} in {plural(files, 'file')}")


def plural(count: int, noun: str) -> str:
    """``plural(1, "file")`` -> ``1 file``; ``plural(2, "file")`` -> ``2 files``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
