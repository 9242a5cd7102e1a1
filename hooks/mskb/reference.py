"""The contributor reference for front matter, generated from the schema so they cannot drift."""

from __future__ import annotations

from mskb.render import Renderer
from mskb.schema import CATEGORIES, OUTCOMES, FrontMatter, Source
from mskb.vocabulary import VOCABULARY_FILES

REFERENCE_URI = "contributing/front-matter.md"


def _fields(model) -> list[dict]:
    rows = []
    for name, info in model.model_fields.items():
        rows.append({
            "name": name,
            "required": info.is_required(),
            "description": info.description or "",
        })
    return rows


def front_matter_reference() -> str:
    """Markdown of the reference page listing every field, its rule and whether it is required."""
    renderer = Renderer()
    front = {"title": "Front matter reference",
             "description": "Every field an article's front matter can have, and its rules.",
             "kb_kind": "reference"}
    return renderer.page(
        "front_matter_reference.md.j2", REFERENCE_URI, front,
        fields=_fields(FrontMatter), source_fields=_fields(Source),
        outcomes=OUTCOMES, categories=CATEGORIES,
        files=[f"content/data/{name}" for name, _ in VOCABULARY_FILES.values()],
    )
