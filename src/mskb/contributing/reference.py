"""The contributor reference for front matter, generated from the schema so they cannot drift."""

from __future__ import annotations

from mskb.content.rules import RECOGNISED_HOSTS, RULES
from mskb.content.schema import (
    CATEGORIES,
    EVIDENCE,
    KEY_FACT_LABELS,
    NICE_POSITIONS,
    ONSETS,
    OUTCOMES,
    PROVIDERS,
    REVIEWER_ROLES,
    ROUTES,
    SAFETY_REQUIRED,
    FrontMatter,
    KeyFacts,
    Review,
    Source,
    TreatmentEntry,
)
from mskb.content.vocabulary import VOCABULARY_FILES
from mskb.pages.render import Renderer

REFERENCE_URI = "contributing/front-matter.md"
KEY_FACT_VALUES: dict[str, dict[str, str]] = {
    "how_taken": ROUTES, "how_soon": ONSETS, "who_provides": PROVIDERS,
    "nice_position": NICE_POSITIONS, "evidence": EVIDENCE,
}
"""The Key facts points whose `value` comes from a fixed list, with that list (value: label)."""
KEY_FACTS_EXAMPLE = """\
safety:
  - "Never stop tizanidine on your own: ask your doctor how to lower the dose safely."
  - "Tizanidine can lower your blood pressure: get up slowly, and tell your team if you feel
    faint."
key_facts:
  what_it_is: a muscle relaxant that damps down the nerve messages that make muscles tighten.
  how_taken:
    value: by-mouth
    text: tablets by mouth, starting with a low dose that is raised in small steps.
  how_soon:
    value: weeks
    text: it usually takes some weeks to find the dose that suits you.
  side_effects:
    value: Tiredness, drowsiness, dry mouth, dizziness
    text: >-
      tiredness, drowsiness, a dry mouth and low blood pressure, which can make you dizzy.
  who_provides:
    value: gp-or-ms-team
    text: your neurologist, MS team or GP.
  nice_position:
    value: second-line
    text: >-
      NICE suggests tizanidine or dantrolene when baclofen and gabapentin have not helped enough.
  evidence:
    value: moderate
    text: >-
      Trials found it worked better than a dummy pill, but many were of mixed quality.
"""
"""A treatment's `safety` and `key_facts`, as the reference shows them (a test validates it)."""


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
        review_fields=_fields(Review), roles=REVIEWER_ROLES,
        treatment_fields=_fields(TreatmentEntry),
        outcomes=OUTCOMES, categories=CATEGORIES,
        files=[f"content/data/{name}" for name, _ in VOCABULARY_FILES.values()],
        rules=RULES, hosts=RECOGNISED_HOSTS, key_facts=_key_facts(),
        key_facts_example=KEY_FACTS_EXAMPLE, safety_required=_safety_required(),
    )


def _safety_required() -> list[str]:
    """The treatment groups whose articles must list safety points, in the vocabulary's order."""
    return [category for category in CATEGORIES if category in SAFETY_REQUIRED]


def _key_facts() -> list[dict]:
    """Each point of `key_facts`: its name, the label readers see, what to write, its values."""
    return [{"name": name, "label": KEY_FACT_LABELS[name], "description": info.description or "",
             "choices": KEY_FACT_VALUES.get(name, {})}
            for name, info in KeyFacts.model_fields.items()]


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
    facts = ["| Point | Shown as | What to write |", "| --- | --- | --- |"]
    facts += [f"| `{f['name']}` | {f['label']} | {_cell(f['description'])} |"
              for f in _key_facts()]
    values = [f"- `{f['name']}`: " + ", ".join(f"`{value}` ({label})"
                                              for value, label in f["choices"].items()) + "."
              for f in _key_facts() if f["choices"]]
    required = ", ".join(f"`{c}`" for c in _safety_required())
    return "\n".join([
        rows(FrontMatter), "", "Each entry of `sources`:", "", rows(Source), "",
        "Each entry of `reviews` (the page's Review history):", "", rows(Review), "",
        "Reviewer roles: " + ", ".join(f"`{role}` ({_clinician(clinician)})"
                                       for role, clinician in REVIEWER_ROLES.items())
        + ". An article no clinician has reviewed says so on its page.", "",
        "### Key facts and safety points (treatments)", "",
        "Every treatment article gives its Key facts in `key_facts`; the page shows them in a "
        "box at the top, and the comparison of treatments puts them side by side. Each point but "
        "`what_it_is` has a `value` from a fixed list (for the comparison) and a `text` line "
        "(for the page):", "",
        *facts, "",
        "The values each point can take (and the words readers see for them):", "",
        *values, "",
        "`safety` lists what readers must know to use a treatment safely, one warning a line, "
        "each starting with the warning itself (the words before the first colon are shown in "
        f"bold). It is required for treatments in the groups {required} (medicines and "
        "injections), optional for other treatments, and not allowed in experiences. The page "
        "shows the points in a box titled Safety, straight after In short, and prints it. For "
        "example:", "",
        "```yaml", KEY_FACTS_EXAMPLE.rstrip("\n"), "```", "",
        "Outcomes an experience can report: "
        + ", ".join(f"`{slug}` ({words})" for slug, words in OUTCOMES.items()) + ".", "",
        f"Tags are slugs listed in {files}; treatment groups are "
        + ", ".join(f"`{c}`" for c in CATEGORIES) + ".", "",
        "Each entry of `content/data/treatments.yml`:", "", rows(TreatmentEntry), "",
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


def _clinician(clinician: bool) -> str:
    return "a clinician" if clinician else "not a clinician"


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
