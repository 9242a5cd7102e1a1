"""The contributor reference for front matter, generated from the schema so they cannot drift."""

from __future__ import annotations

from mskb.content.rules import RECOGNISED_HOSTS, RULES
from mskb.content.schema import CATEGORIES, OUTCOMES, FrontMatter, Source
from mskb.content.vocabulary import VOCABULARY_FILES
from mskb.pages.render import Renderer

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
        rules=RULES, hosts=RECOGNISED_HOSTS,
    )


START = ("<!-- BEGIN front matter reference: generated from src/mskb/content/schema.py by "
         "`python -m mskb reference`. Edit the schema, not these lines. -->")
END = "<!-- END front matter reference -->"
GUIDE = "CONTRIBUTING.md"


def front_matter_tables() -> str:
    """The same reference as GitHub-flavoured Markdown tables, for CONTRIBUTING.md."""
    def rows(model) -> str:
        lines = ["| Field | Required | What to write |", "| --- | --- | --- |"]
        lines += [f"| `{f['name']}` | {'yes' if f['required'] else 'no'} | "
                  f"{' '.join(f['description'].split()).replace('|', '&#124;')} |"
                  for f in _fields(model)]
        return "\n".join(lines)

    files = ", ".join(f"`content/data/{name}`" for name, _ in VOCABULARY_FILES.values())
    return "\n".join([
        rows(FrontMatter), "", "Each entry of `sources`:", "", rows(Source), "",
        "Outcomes an experience can report: "
        + ", ".join(f"`{slug}` ({words})" for slug, words in OUTCOMES.items()) + ".", "",
        f"Tags are slugs listed in {files}; treatment groups are "
        + ", ".join(f"`{c}`" for c in CATEGORIES) + ".", "",
        "### Content rules", "",
        "`./scripts/check` and the build apply every rule below (`src/mskb/content/rules.py`). "
        "An error stops the build until it is fixed; a warning is reported and the article is "
        "published all the same. A rule marked \"check only\" is too costly for every build: "
        "`./scripts/check`, the pre-commit hook and CI report it.", "",
        "| Rule | Severity | What it asks |", "| --- | --- | --- |",
        *(f"| `{rule.name}` | {rule.severity}{'' if rule.in_build else ' (check only)'} | "
          f"{_cell(rule.statement)} |" for rule in RULES),
        "",
        "Recognised sites for sources (and their subdomains): "
        + ", ".join(f"`{host}`" for host in RECOGNISED_HOSTS) + ".",
    ])


def _cell(text: str) -> str:
    """Text for a Markdown table cell: tags named in a rule are shown, not parsed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "|", "&#124;")


def with_reference(document: str) -> str:
    """``document`` with the text between the reference markers regenerated."""
    if document.count(START) != 1 or document.count(END) != 1:
        raise ValueError(f"the reference markers are missing; put these two lines where the "
                         f"reference goes:\n{START}\n{END}")
    head, rest = document.split(START)
    _, tail = rest.split(END)
    return f"{head}{START}\n\n{front_matter_tables()}\n\n{END}{tail}"
