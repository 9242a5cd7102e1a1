"""What a reader sees of a treatment's safety points and Key facts (front matter `safety` and
`key_facts`, GitHub issue 12): on its page, first after In short; on paper; and from `mskb new`.

The pages are the real site, built once (the ``built_site`` fixture); what each page should show
is read from the articles' front matter directly, not through the code under test.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import (
    CONTENT,
    REPO,
    VALID_FRONT_MATTER,
    Project,
    check_content,
    front_matter,
    published_articles,
    remove_article,
    vocabulary,
)
from mskb.content.schema import EVIDENCE, NICE_POSITIONS, SAFETY_REQUIRED, KeyFacts

LABELS = ["What it is", "How it is taken or done", "How soon it may help", "Common side effects",
          "Who prescribes or provides it", "Where it sits in NICE guidance",
          "How strong the evidence is"]
MEDICINES_AND_INJECTIONS = {"oral-medicine", "injection", "intrathecal", "topical"}
TREATMENTS = sorted(path.stem for path in (CONTENT / "treatments").glob("*.md"))
NEEDS_SAFETY = sorted(entry["slug"] for entry in vocabulary("treatments")
                      if entry["category"] in MEDICINES_AND_INJECTIONS
                      and entry["slug"] in TREATMENTS)


def _admonitions(built_site: Project, url: str) -> list:
    """The boxes (admonitions) of the article at ``url``, in page order."""
    return built_site.article(url).select(".admonition")


def _title(box) -> str:
    return box.select_one(".admonition-title").get_text(strip=True)


def _box(built_site: Project, url: str, title: str):
    boxes = [box for box in _admonitions(built_site, url) if _title(box) == title]
    assert len(boxes) == 1, f"/{url} has {len(boxes)} boxes titled {title!r}"
    return boxes[0]


def test_the_medicines_and_injections_are_the_groups_the_schema_requires_safety_for():
    assert SAFETY_REQUIRED == MEDICINES_AND_INJECTIONS
    assert len(NEEDS_SAFETY) >= 12 and "baclofen" in NEEDS_SAFETY


def test_baclofen_s_first_box_after_in_short_is_safety(built_site):
    article = built_site.article("treatments/baclofen/")
    in_short = article.select_one(".kb-in-short")
    first = in_short.find_next(class_="admonition")
    assert _title(first) == "Safety"
    assert "Never stop baclofen suddenly" in first.get_text()
    assert first.select_one("li strong").get_text() == "Never stop baclofen suddenly:"
    # Nothing stands between In short and the box: no text a reader must scroll past first.
    assert in_short.find_next_sibling() is first


@pytest.mark.parametrize("slug", NEEDS_SAFETY)
def test_every_medicine_and_injection_shows_safety_then_key_facts(built_site, slug):
    url = f"treatments/{slug}/"
    titles = [_title(box) for box in _admonitions(built_site, url)]
    assert titles[:2] == ["Safety", "Key facts"], f"/{url}: {titles}"
    points = [li.get_text(" ", strip=True) for li in _box(built_site, url, "Safety").select("li")]
    expected = front_matter(CONTENT / "treatments" / f"{slug}.md")["safety"]
    assert [" ".join(p.split()) for p in points] == [" ".join(p.split()) for p in expected]


@pytest.mark.parametrize("slug", TREATMENTS)
def test_key_facts_show_all_seven_points_in_order(built_site, slug):
    url = f"treatments/{slug}/"
    box = _box(built_site, url, "Key facts")
    items = box.select("li")
    assert [li.strong.get_text() for li in items] == [f"{label}:" for label in LABELS]
    facts = front_matter(CONTENT / "treatments" / f"{slug}.md")["key_facts"]
    text = {label: " ".join(li.get_text(" ", strip=True).split()) for label, li in
            zip(LABELS, items, strict=True)}
    nice, evidence = facts["nice_position"], facts["evidence"]
    assert text["Where it sits in NICE guidance"].startswith(
        f"Where it sits in NICE guidance: {NICE_POSITIONS[nice['value']]}. ")
    assert text["How strong the evidence is"].startswith(
        f"How strong the evidence is: {EVIDENCE[evidence['value']]}. ")
    assert " ".join(facts["how_taken"]["text"].split()) in text["How it is taken or done"]
    # The article's own text no longer has a Key facts box: the page shows one, not two.
    assert [_title(b) for b in _admonitions(built_site, url)].count("Key facts") == 1


def test_no_other_kind_of_page_shows_key_facts_and_no_experience_shows_safety(built_site):
    for url, front in published_articles().items():
        if front["kind"] == "treatment":
            continue
        titles = [_title(box) for box in _admonitions(built_site, url)]
        assert "Key facts" not in titles, url
        if front["kind"] == "experience":
            assert not built_site.article(url).select(".kb-safety"), url


# --- On paper --------------------------------------------------------------------------------

def _rules(css: str, printing: bool = True) -> list[tuple[str, str]]:
    """``(selectors, declarations)`` of each rule that applies on paper: at the top level and
    inside ``@media print`` (and ``@supports``), not inside ``@media screen``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found, i = [], 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            break
        head = css[i:brace].strip()
        depth, j = 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        inner = css[brace + 1:j - 1]
        if head.startswith("@media"):
            if "print" in head or "all" in head:
                found += _rules(inner)
        elif head.startswith("@supports"):
            found += _rules(inner)
        elif not head.startswith("@"):
            found.append((head, inner))
        i = j
    return found


def _hidden_on_paper(css: str) -> list[str]:
    """Selectors that print.css hides on paper (``display: none``, ``visibility: hidden``)."""
    selectors = []
    for head, body in _rules(css):
        if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", body):
            selectors += [s.strip() for s in head.split(",") if s.strip()]
    return selectors


def test_print_css_does_not_hide_the_safety_box(built_site):
    css = (REPO / "docs" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    hidden = _hidden_on_paper(css)
    assert hidden, "the parser found print.css's hidden elements"
    page = built_site.page("treatments/baclofen/")
    safety = next(box for box in page.select(".kb-safety"))
    chain = [safety, *safety.parents]
    for selector in hidden:
        if "::" in selector or re.search(r":(hover|focus|active|visited)", selector):
            continue
        matched = page.select(selector)
        assert not any(element in matched for element in chain), (
            f"print.css hides the Safety box with '{selector}'")


def test_the_safety_box_is_printed_with_the_article(built_site):
    """Printing a page prints the page itself; the topic's print bundle and the whole-guide
    print page carry the Safety box too."""
    for url in ("print/treatments/baclofen/", "print_page/"):
        path = built_site.site / url / "index.html"
        if not path.exists():
            continue
        boxes = [box for box in built_site.page(url).select(".kb-safety")
                 if "Never stop baclofen suddenly" in box.get_text()]
        assert boxes, f"/{url} prints Baclofen without its Safety box"


# --- The `mskb new` scaffold --------------------------------------------------------------------

@pytest.mark.parametrize(("title", "slug", "needs_safety"), [
    ("Tizanidine", "tizanidine", True), ("Massage", "massage", False)])
def test_a_new_treatment_starts_with_key_facts_and_safety_to_fill_in(
        tmp_path, title, slug, needs_safety):
    from mskb.contributing.scaffold import new_article

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    remove_article(content, f"treatments/{slug}.md")
    path = new_article(content, "treatment", title)
    diagnostics, _, drafts = check_content(content)
    assert diagnostics == [] and [a.path for a in drafts] == [f"content/treatments/{slug}.md"]
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    facts = KeyFacts.model_validate(front["key_facts"])
    assert facts.what_it_is.startswith("TODO")
    for name in ("how_taken", "how_soon", "side_effects", "who_provides", "nice_position",
                 "evidence"):
        assert getattr(facts, name).text.startswith("TODO"), name
    assert facts.nice_position.text.endswith(", ".join(NICE_POSITIONS) + ".")
    assert len(front["safety"]) == 1 and front["safety"][0].startswith("TODO")
    assert ("need at least one" in front["safety"][0]) is needs_safety
    assert '!!! abstract "Key facts"' not in path.read_text(encoding="utf-8")
    # Without its safety point a medicine's draft fails the check, with the rule's message.
    if needs_safety:
        text = path.read_text(encoding="utf-8")
        start = text.index("safety:\n")
        path.write_text(text[:start] + text[text.index("key_facts:\n"):], encoding="utf-8")
        diagnostics, _, _ = check_content(content)
        assert [d.rule for d in diagnostics] == ["treatment-safety"]


def test_the_reference_explains_key_facts_and_safety_with_a_valid_example():
    from mskb.content.schema import FrontMatter
    from mskb.contributing.reference import KEY_FACTS_EXAMPLE, front_matter_reference

    example = yaml.safe_load(KEY_FACTS_EXAMPLE)
    meta = FrontMatter.model_validate({**VALID_FRONT_MATTER, "kind": "treatment", **example})
    assert meta.safety and meta.key_facts is not None
    reference = front_matter_reference()
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for text in (reference, guide):
        assert KEY_FACTS_EXAMPLE.rstrip("\n") in text
        for values in (NICE_POSITIONS, EVIDENCE):
            for value, label in values.items():
                assert f"`{value}` ({label})" in text
