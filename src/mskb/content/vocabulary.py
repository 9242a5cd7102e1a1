"""Controlled vocabularies: the treatments, spasticity types and body regions articles tag."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mskb.content.explain import explain
from mskb.content.schema import BodyRegionEntry, SpasticityTypeEntry, TreatmentEntry
from mskb.content.yamlsource import YamlSyntaxError, parse_yaml
from mskb.diagnostics import Diagnostic

M = TypeVar("M", bound=BaseModel)

MAX_DATA_BYTES = 500_000
"""A vocabulary or the glossary larger than this is refused unread."""
VOCABULARY_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "treatments": ("treatments.yml", TreatmentEntry),
    "spasticity_types": ("spasticity_types.yml", SpasticityTypeEntry),
    "body_regions": ("body_regions.yml", BodyRegionEntry),
}


@dataclass
class Vocabulary:
    """The three vocabularies, each a dict from slug to entry, in file order."""

    treatments: dict[str, TreatmentEntry] = field(default_factory=dict)
    spasticity_types: dict[str, SpasticityTypeEntry] = field(default_factory=dict)
    body_regions: dict[str, BodyRegionEntry] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    _aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    _related: dict[str, dict[str, str]] = field(default_factory=dict)

    def alias_of(self, attribute: str, value: str) -> str | None:
        """The slug whose name, alias or US brand name is ``value`` (any case), if there is
        one. A related medicine (``related``) is not another name: see :meth:`related_to`."""
        return self._aliases.get(attribute, {}).get(value.strip().lower())

    def related_to(self, attribute: str, value: str) -> str | None:
        """The slug of the entry that lists ``value`` (any case) among its related medicines,
        when ``value`` is not itself a name of an entry; None otherwise."""
        if self.alias_of(attribute, value):
            return None
        return self._related.get(attribute, {}).get(value.strip().lower())

    def add(self, attribute: str, entry: Any) -> None:
        getattr(self, attribute)[entry.slug] = entry
        names = self._aliases.setdefault(attribute, {})
        for name in (entry.name, *entry.other_names):
            names.setdefault(name.lower(), entry.slug)
        related = self._related.setdefault(attribute, {})
        for name in getattr(entry, "related", ()):
            # "pregabalin (Lyrica)" is found by either name.
            for form in (name, *re.findall(r"[^()]+", name)):
                if form.strip():
                    related.setdefault(form.strip().lower(), entry.slug)


def load_vocabulary(data_dir: Path, display_dir: str) -> tuple[Vocabulary, list[Diagnostic]]:
    """Read and validate ``treatments.yml``, ``spasticity_types.yml`` and ``body_regions.yml``."""
    vocabulary = Vocabulary()
    diagnostics: list[Diagnostic] = []
    for attribute, (filename, model) in VOCABULARY_FILES.items():
        display = f"{display_dir}/{filename}"
        vocabulary.files[attribute] = display
        entries, problems = load_entries(data_dir / filename, display, model)
        diagnostics.extend(problems)
        for entry, _ in entries:
            vocabulary.add(attribute, entry)
    return vocabulary, diagnostics


def load_entries(
    path: Path, display: str, model: type[M], key: str = "slug"
) -> tuple[list[tuple[M, int]], list[Diagnostic]]:
    """Read a YAML list of entries, validating each against ``model``; ``key`` must be unique.

    Returns each valid entry with the file line it starts on, and the problems found.
    """
    entries: list[tuple[M, int]] = []
    problems = list(_read_entries(path, display, model, key, entries))
    return entries, problems


def _read_entries(
    path: Path, display: str, model: type[M], key: str, entries: list[tuple[M, int]]
) -> Iterator[Diagnostic]:
    if path.is_symlink():
        return  # never followed; the regular-files rule reports it
    try:
        size = path.stat().st_size
        if size > MAX_DATA_BYTES:
            yield Diagnostic(display, 1, "", f"is {size // 1000:,} KB; a data file may be at most "
                             f"{MAX_DATA_BYTES // 1000} KB")
            return
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        yield Diagnostic(display, 1, "", "data file is missing; restore it from git")
        return
    except UnicodeDecodeError as exc:
        yield Diagnostic(display, 1, "", f"not UTF-8 text ({exc.reason}); save it as UTF-8")
        return
    try:
        document = parse_yaml(text)
    except YamlSyntaxError as exc:
        yield Diagnostic(display, exc.line, "", exc.message)
        return
    for line, name in document.duplicate_keys():
        yield Diagnostic(display, line, name, "written twice in one entry; keep one")
    if not isinstance(document.data, list):
        yield Diagnostic(display, 1, "",
                         f"must be a list of entries, each starting with '- {key}:'")
        return
    seen: set[str] = set()
    for index, item in enumerate(document.data):
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, str):
            if value.lower() in seen:
                yield Diagnostic(
                    display, document.line_of((index, key)), key,
                    f"'{value}' is defined twice; keep one entry",
                )
                continue
            seen.add(value.lower())
        try:
            entries.append((model.model_validate(item), document.line_of((index,))))
        except ValidationError as exc:
            for loc, message in explain(exc, model):
                yield Diagnostic(
                    display, document.line_of((index, *loc)), ".".join(map(str, loc)), message
                )
