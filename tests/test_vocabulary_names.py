"""Other names of a treatment (issue 13): the same medicine's names, US-only brand names, and
different medicines that are only related, each shown for what it is."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, Project, article_text
from mskb.content.loading import load
from mskb.content.vocabulary import load_vocabulary


def _names(site: Project, url: str) -> dict[str, str]:
    """The label -> names lines of a topic's names box, as a reader sees them."""
    box = site.article(url).select_one(".kb-names")
    lines = {}
    for strong in box.find_all("strong"):
        label = strong.get_text(strip=True).rstrip(":")
        lines[label] = strong.next_sibling.strip()
    return lines


def test_a_different_medicine_is_related_never_another_name(built_site: Project):
    assert _names(built_site, "treatments/gabapentin/") == {
        "Also called": "Neurontin", "Related medicines": "pregabalin (Lyrica)"}
    cannabinoids = _names(built_site, "treatments/cannabinoids/")
    assert "CBD" not in cannabinoids["Also called"]
    assert "CBD (cannabidiol)" in cannabinoids["Related medicines"]


def test_us_brand_names_are_marked_as_such(built_site: Project):
    assert _names(built_site, "treatments/baclofen/") == {
        "Also called": "Lioresal, Lyflex", "US brand names": "Lyvispah, Ozobax"}
    assert _names(built_site, "treatments/intrathecal-baclofen/")["US brand names"] == "Gablofen"
    listed = built_site.article("treatments/").get_text(" ", strip=True)
    assert "(also called Lioresal, Lyflex) (US brand names: Lyvispah, Ozobax)" in listed
    assert "pregabalin" not in listed


def test_search_finds_a_medicine_by_its_us_brand_name(built_site: Project):
    # Pagefind's index (mskb.search): each page's searched text is a gzip fragment file.
    found = set()
    for path in (built_site.site / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        if "Ozobax" in fragment["content"]:
            found.add(fragment["url"])
    assert "/treatments/baclofen/" in found


def test_brand_names_lead_to_their_medicine_and_related_ones_do_not():
    vocabulary, problems = load_vocabulary(REPO / "content" / "data", "content/data")
    assert problems == []
    assert vocabulary.alias_of("treatments", "ozobax") == "baclofen"
    assert vocabulary.alias_of("treatments", "Klonopin") == "benzodiazepines"
    assert vocabulary.alias_of("treatments", "pregabalin") is None
    assert vocabulary.related_to("treatments", "Lyrica") == "gabapentin"
    assert vocabulary.related_to("treatments", "pregabalin (Lyrica)") == "gabapentin"


@pytest.mark.parametrize(("tag", "expected"), [
    ("Ozobax", "content/guides/a.md:21: treatments[0]: unknown treatment 'Ozobax' (did you mean "
     "'baclofen'? 'Ozobax' is another name for it); the known ones are listed in "
     "content/data/treatments.yml"),
    ("pregabalin", "content/guides/a.md:21: treatments[0]: unknown treatment 'pregabalin' "
     "('pregabalin' is a different medicine, related to 'gabapentin': tag 'gabapentin' only if "
     "the article is about it too, or add 'pregabalin' as a new entry); the known ones are "
     "listed in content/data/treatments.yml"),
])
def test_tagging_a_name_says_what_it_is(tmp_path: Path, tag: str, expected: str):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "data", content / "data")
    (content / "guides").mkdir()
    (content / "guides" / "a.md").write_text(article_text(treatments=[tag]), encoding="utf-8")
    found = [str(d) for d in load(content).diagnostics if d.path == "content/guides/a.md"]
    assert found == [expected]


def test_a_name_listed_twice_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "content" / "data", data)
    path = data / "treatments.yml"
    path.write_text(path.read_text().replace("us_brand_names: [Lyvispah, Ozobax]",
                                             "us_brand_names: [Ozobax, Ozobax]"))
    _, problems = load_vocabulary(data, "content/data")
    assert [p.message for p in problems] == ["'Ozobax' is listed twice; keep one"]
