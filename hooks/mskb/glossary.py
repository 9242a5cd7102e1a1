"""The glossary: plain-English explanations of the words articles use.

The first time a glossary term appears in an article's text, it becomes a link to its
explanation in a "Words used on this page" list at the end of that page. A link works with a
keyboard, a mouse and a finger alike, and the list prints with the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mskb.diagnostics import Diagnostic
from mskb.schema import GlossaryEntry
from mskb.vocabulary import load_entries

GLOSSARY_FILE = "glossary.yml"

# Parts of a Markdown line where a term must not become a link: inline code, links and images,
# raw HTML tags, bare web addresses, and attribute lists.
_PROTECTED = re.compile(r"(`[^`]*`|!?\[[^\]]*\]\([^)]*\)|<[^>]+>|https?://\S+|\{[^}]*\})")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SKIP_LINE = re.compile(r"^\s*(#|!!!|\?\?\?|\|)")


@dataclass
class Glossary:
    entries: list[GlossaryEntry] = field(default_factory=list)
    _by_form: dict[str, GlossaryEntry] = field(default_factory=dict)
    _pattern: re.Pattern | None = None

    def add(self, entry: GlossaryEntry) -> None:
        self.entries.append(entry)
        for form in (entry.term, *entry.aliases):
            self._by_form.setdefault(form.lower(), entry)
        self._pattern = None

    def _compiled(self) -> re.Pattern | None:
        """One pattern for every form, longest first, so "flexor spasm" wins over "spasm"."""
        if self._pattern is None and self._by_form:
            forms = sorted(self._by_form, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<![\w-])(" + "|".join(map(re.escape, forms)) + r")(?![\w-])", re.IGNORECASE
            )
        return self._pattern

    def link_terms(self, body: str, page_uri: str) -> tuple[str, list[GlossaryEntry]]:
        """Link the first use of each term in ``body``; return the new body and the terms used.

        One pass over the lines with one combined pattern: linear in the length of the article.
        Headings, code, links, HTML and admonition titles are left alone, and so is a term on
        the page that explains it in full.
        """
        pattern = self._compiled()
        if pattern is None:
            return body, []
        used: dict[str, GlossaryEntry] = {}
        out = []
        fenced = False
        for line in body.split("\n"):
            if _FENCE.match(line):
                fenced = not fenced
            if fenced or _SKIP_LINE.match(line):
                out.append(line)
                continue
            pieces = _PROTECTED.split(line)
            for index in range(0, len(pieces), 2):  # even pieces are unprotected text
                pieces[index] = pattern.sub(
                    lambda match: self._link(match, used, page_uri), pieces[index]
                )
            out.append("".join(pieces))
        return "\n".join(out), list(used.values())

    def _link(self, match: re.Match, used: dict[str, GlossaryEntry], page_uri: str) -> str:
        entry = self._by_form[match.group(0).lower()]
        if entry.term in used or entry.page == page_uri:
            return match.group(0)
        used[entry.term] = entry
        title = entry.definition.replace('"', "'")
        return f'[{match.group(0)}](#word-{entry.anchor} "{title}"){{ .kb-term }}'


def load_glossary(data_dir: Path, display_dir: str) -> tuple[Glossary, list[Diagnostic]]:
    entries, problems = load_entries(
        data_dir / GLOSSARY_FILE, f"{display_dir}/{GLOSSARY_FILE}", GlossaryEntry, key="term"
    )
    glossary = Glossary()
    for entry in entries:
        glossary.add(entry)
    return glossary, problems
