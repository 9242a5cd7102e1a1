"""The glossary's data: plain-English explanations of the words articles use.

Read from content/data/glossary.yml. Pages link each term's first use to its explanation
(:mod:`mskb.pages.glossary`, a Python-Markdown treeprocessor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mskb.content.schema import GlossaryEntry
from mskb.content.vocabulary import load_entries
from mskb.diagnostics import Diagnostic

GLOSSARY_FILE = "glossary.yml"


@dataclass
class Glossary:
    entries: list[GlossaryEntry] = field(default_factory=list)
    file: str = f"content/data/{GLOSSARY_FILE}"
    lines: dict[str, int] = field(default_factory=dict)  # term -> the line its entry starts on

    def add(self, entry: GlossaryEntry, line: int = 1) -> None:
        self.entries.append(entry)
        self.lines[entry.term] = line

    def line_of(self, entry: GlossaryEntry) -> int:
        return self.lines.get(entry.term, 1)


def load_glossary(data_dir: Path, display_dir: str) -> tuple[Glossary, list[Diagnostic]]:
    display = f"{display_dir}/{GLOSSARY_FILE}"
    entries, problems = load_entries(data_dir / GLOSSARY_FILE, display, GlossaryEntry, key="term")
    glossary = Glossary(file=display)
    for entry, line in entries:
        glossary.add(entry, line)
    return glossary, problems
