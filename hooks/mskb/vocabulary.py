"""Controlled vocabularies: the treatments, spasticity types and body regions articles tag."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel, ValidationError

from mskb.diagnostics import Diagnostic
from mskb.errors import explain
from mskb.schema import BodyRegionEntry, SpasticityTypeEntry, TreatmentEntry
from mskb.yamlsource import YamlSyntaxError, parse_yaml

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

    def alias_of(self, attribute: str, value: str) -> str | None:
        """The slug whose name or alias is ``value`` (any case), if there is one."""
        return self._aliases.get(attribute, {}).get(value.strip().lower())

    def add(self, attribute: str, entry: BaseModel) -> None:
        getattr(self, attribute)[entry.slug] = entry
        names = self._aliases.setdefault(attribute, {})
        for name in (entry.name, *entry.aliases):
            names.setdefault(name.lower(), entry.slug)


def load_vocabulary(data_dir: Path, display_dir: str) -> tuple[Vocabulary, list[Diagnostic]]:
    """Read and validate ``treatments.yml``, ``spasticity_types.yml`` and ``body_regions.yml``."""
    vocabulary = Vocabulary()
    diagnostics: list[Diagnostic] = []
    for attribute, (filename, model) in VOCABULARY_FILES.items():
        display = f"{display_dir}/{filename}"
        vocabulary.files[attribute] = display
        for problem in _load_file(vocabulary, attribute, data_dir / filename, display, model):
            diagnostics.append(problem)
    return vocabulary, diagnostics


def _load_file(
    vocabulary: Vocabulary, attribute: str, path: Path, display: str, model: type[BaseModel]
) -> Iterator[Diagnostic]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        yield Diagnostic(display, 1, "", "vocabulary file is missing; restore it from git")
        return
    except UnicodeDecodeError as exc:
        yield Diagnostic(display, 1, "", f"not UTF-8 text ({exc.reason}); save it as UTF-8")
        return
    try:
        document = parse_yaml(text)
    except YamlSyntaxError as exc:
        yield Diagnostic(display, exc.line, "", exc.message)
        return
    for line, key in document.duplicate_keys():
        yield Diagnostic(display, line, key, "written twice in one entry; keep one")
    if not isinstance(document.data, list):
        yield Diagnostic(display, 1, "", "must be a list of entries, each starting with '- slug:'")
        return
    seen: set[str] = set()
    for index, item in enumerate(document.data):
        slug = item.get("slug") if isinstance(item, dict) else None
        if isinstance(slug, str):
            if slug in seen:
                yield Diagnostic(
                    display, document.line_of((index, "slug")), "slug",
                    f"'{slug}' is defined twice; keep one entry",
                )
                continue
            seen.add(slug)
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            for loc, message in explain(exc, model):
                full = (index, *loc)
                yield Diagnostic(display, document.line_of(full), ".".join(map(str, loc)), message)
            continue
        vocabulary.add(attribute, entry)
