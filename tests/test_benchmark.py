"""The growth benchmark (``./scripts/benchmark``): its corpus is seeded, realistic and valid, and
its table has the columns the README shows. No timing is asserted: figures vary by machine."""

from __future__ import annotations

import json
import os
import posixpath
import pstats
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import REPO, front_matter
from mskb.content.loading import load
from mskb.content.rules import TREATMENT_SECTIONS
from mskb.maintenance import benchmark, corpus
from mskb.maintenance.benchmark import COLUMNS, Largest, Result, Usage


def _generated(tmp_path: Path, name: str, count: int, seed: int) -> tuple[Path, corpus.Corpus]:
    content = tmp_path / name / "content"
    shutil.copytree(REPO / "content", content)
    return content, corpus.generate(content, count, seed)


def _files(content: Path) -> dict[str, bytes]:
    return {path.relative_to(content).as_posix(): path.read_bytes()
            for path in sorted(content.rglob("*")) if path.is_file()}


def test_the_same_seed_writes_the_same_corpus_and_another_seed_another(tmp_path):
    first, _ = _generated(tmp_path, "a", 30, seed=7)
    again, _ = _generated(tmp_path, "b", 30, seed=7)
    other, _ = _generated(tmp_path, "c", 30, seed=8)
    assert _files(first) == _files(again)
    assert _files(first) != _files(other)


@pytest.fixture(scope="module")
def forty(tmp_path_factory) -> tuple[Path, corpus.Corpus]:
    return _generated(tmp_path_factory.mktemp("corpus"), "site", 40, seed=1)


def test_a_generated_corpus_passes_the_check_with_no_errors(forty):
    content, generated = forty
    checked = load(content)
    assert not checked.errors, "\n".join(map(str, checked.errors[:5]))
    published = {article.path for article in checked.articles}
    assert {f"content/{path.relative_to(content).as_posix()}"
            for path in generated.files} <= published


def test_the_corpus_has_the_mix_of_kinds_and_adds_its_treatments_to_the_vocabulary(forty):
    content, generated = forty
    kinds = Counter(front_matter(path)["kind"] for path in generated.files)
    assert kinds == {"experience": 22, "guide": 14, "treatment": 4} == generated.kinds
    assert corpus.kind_counts(1000) == {"experience": 550, "guide": 350, "treatment": 100}
    vocabulary = yaml.safe_load((content / "data/treatments.yml").read_text(encoding="utf-8"))
    slugs = [entry["slug"] for entry in vocabulary]
    assert slugs[-4:] == generated.treatments
    for slug in generated.treatments:
        assert (content / "treatments" / f"{slug}.md") in generated.files


def test_each_article_is_about_600_words_in_five_sections_with_lists_and_links(forty):
    content, generated = forty
    for path in generated.files:
        front = front_matter(path)
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        headings = re.findall(r"^## (.+)$", body, re.MULTILINE)
        assert len(headings) == corpus.SECTIONS, path
        assert 450 <= len(body.split()) <= 800, path
        assert re.search(r"^(- |1\. )", body, re.MULTILINE), path
        folder = path.parent.name
        links = [posixpath.normpath(posixpath.join(folder, link))
                 for link in re.findall(r"\]\(([^)]+\.md)\)", body)]
        assert links and len(links) == len(set(links)), path
        if front["kind"] == "treatment":
            assert [h for h in headings if h in TREATMENT_SECTIONS] == list(TREATMENT_SECTIONS)
            assert front["key_facts"] and front["safety"]
        elif front["kind"] == "experience":
            assert 1 <= len(front["treatments"]) <= 3
            assert set(front.get("outcomes", {})) <= set(front["treatments"])
        if front["kind"] != "experience":
            for slug in front["treatments"]:
                if slug != path.stem:
                    assert f"treatments/{slug}.md" in links, (path, slug)
    published = {front_matter(path)["published"] for path in generated.files}
    assert len(published) > 30  # spread over years, so the newest-first lists reorder


def test_the_floor_is_stock_material_over_the_same_text(forty, tmp_path):
    content, generated = forty
    floor = benchmark.write_floor(content, REPO / "mkdocs.yml", tmp_path / "floor")
    config = yaml.safe_load((floor / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"] == {"name": "material"} and config["plugins"] == ["search"]
    assert config["nav"] == [{"Home": "index.md"}]
    assert not {"hooks", "extra_css", "extra_javascript"} & set(config)
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["markdown_extensions"] == site["markdown_extensions"]
    for path in generated.files:
        text = (floor / "docs" / path.relative_to(content)).read_text(encoding="utf-8")
        assert not text.startswith("---") and text in path.read_text(encoding="utf-8")


def test_built_pages_are_sorted_into_their_kinds():
    topics = {"treatments/baclofen", "types/clonus"}
    kinds = {url: benchmark.page_kind(url, topics) for url in (
        "experiences/", "experiences/my-story/", "guides/driving/", "treatments/",
        "treatments/baclofen/", "types/clonus/", "treatments/compare/", "mentions/types/clonus/",
        "print/treatments/baclofen/", "print_page/", "glossary/", "./",
        # A listing's later pages, the A to Z's letters, the comparison's groups.
        "experiences/page/2/", "guides/page/12/", "mentions/types/clonus/page/3/",
        "treatments/a-to-z/b/", "treatments/a-to-z/b/page/2/", "treatments/compare/injection/",
        "treatments/compare/injection/page/2/", "guides/", "types/",
        # An article whose name looks like a page's is still an article.
        "experiences/page/", "guides/page-2/")}
    assert kinds == {
        "experiences/": "experiences", "experiences/my-story/": "article",
        "guides/driving/": "article", "treatments/": "a-z", "treatments/baclofen/": "topic",
        "types/clonus/": "topic", "treatments/compare/": "listing",
        "mentions/types/clonus/": "mentions", "print/treatments/baclofen/": "bundle",
        "print_page/": "guide", "glossary/": None, "./": None,
        "experiences/page/2/": "experiences", "guides/page/12/": "listing",
        "mentions/types/clonus/page/3/": "mentions", "treatments/a-to-z/b/": "a-z",
        "treatments/a-to-z/b/page/2/": "a-z", "treatments/compare/injection/": "listing",
        "treatments/compare/injection/page/2/": "listing", "guides/": "listing",
        "types/": "listing", "experiences/page/": "article", "guides/page-2/": "article"}


def _result(added: int) -> Result:
    return Result(
        added=added, seed=1, kinds=corpus.kind_counts(added), words=600 * added,
        articles=61 + added, pages=2 * added, check=Usage(2.5, 90.0, 3.0),
        floor=Usage(4.0, 100.0, 5.0), build=Usage(20.0, 1536.0, 25.0),
        indexer=Usage(3.5, 1200.0, 4.0),
        largest={kind: Largest(f"{kind}/", 2048.0 if kind == "guide" else 40.0)
                 for kind in benchmark.PAGE_KINDS},
        search_kb=3000.0, search_chunk_kb=70.0, search_load_kb=3.1, search_query_kb=193.9,
        site_mb=31.2, wall=40.0)


def test_the_table_has_a_column_for_each_figure_and_a_row_for_each_count():
    lines = benchmark.table([_result(300), _result(1000)]).splitlines()
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    assert cells[0] == list(COLUMNS) == [
        "Added articles", "Articles", "Pages", "Check CPU", "Build CPU", "Floor CPU",
        "Build / floor", "Peak memory", "Of which Pagefind: CPU, peak", "Largest article",
        "Largest experiences page",
        "Largest topic page", "Largest A to Z page", "Largest mentions page",
        "Largest other listing",
        "Largest bundle", "Whole guide", "Search: page load, first search",
        "Search files (largest)", "Site"]
    assert all(cell == "---" for cell in cells[1])
    assert [row[0] for row in cells[2:]] == ["300", "1,000"]
    assert cells[3] == ["1,000", "1,061", "2,000", "2.5 s", "20.0 s", "4.0 s", "5.0", "1,536 MB",
                        "3.5 s, 1,200 MB",
                        "40 KB", "40 KB", "40 KB", "40 KB", "40 KB", "40 KB", "40 KB", "2.0 MB",
                        "3.1 KB, 194 KB", "2.9 MB (70 KB)", "31.2 MB"]


def test_the_json_holds_every_figure(tmp_path):
    data = json.loads(benchmark.as_json([_result(300)]))
    assert data[0]["added"] == 300 and data[0]["ratio"] == 5.0
    assert data[0]["build"] == {"cpu": 20.0, "peak_mb": 1536.0, "wall": 25.0}
    assert data[0]["indexer"] == {"cpu": 3.5, "peak_mb": 1200.0, "wall": 4.0}
    assert list(data[0]["largest"]) == list(benchmark.PAGE_KINDS)
    assert data[0]["largest"]["guide"] == {"url": "guide/", "kb": 2048.0}


def test_the_command_refuses_a_folder_without_the_site_and_counts_below_one(tmp_path, capsys):
    assert benchmark.run(["10", "--project", str(tmp_path)]) == 2
    assert "no mkdocs.yml here" in capsys.readouterr().err
    assert benchmark.run(["0"]) == 2
    assert "1 or more" in capsys.readouterr().err


@pytest.mark.slow
def test_a_small_run_checks_and_builds_both_sites_and_measures_every_kind(tmp_path):
    profile = tmp_path / "build.pstats"
    result = benchmark.run_one(REPO, 20, 1, tmp_path / "run", profile)
    assert pstats.Stats(str(profile)).total_calls > 0
    assert result.kinds == corpus.kind_counts(20)
    assert result.check.cpu > 0 and result.floor.cpu > 0 and result.build.cpu > 0
    assert result.build.peak_mb > 0
    assert result.indexer is not None and 0 < result.indexer.cpu < result.build.cpu
    assert 0 < result.indexer.peak_mb <= result.build.peak_mb, "the build's child"
    assert set(result.largest) == set(benchmark.PAGE_KINDS)
    assert result.largest["guide"].url == "print_page/"
    assert 0 < result.search_chunk_kb < result.search_kb
    # Measured in Chromium (mskb.maintenance.searchcost), which the test machines have.
    assert result.search_note == ""
    assert result.search_load_kb is not None and 0 < result.search_load_kb < 60
    assert result.search_query_kb is not None and 0 < result.search_query_kb < 300
    assert len(benchmark.table([result]).splitlines()) == 3


def test_a_search_cost_not_measured_shows_as_a_dash_with_the_reason():
    result = _result(300)
    result.search_load_kb = result.search_query_kb = None
    result.search_note = "the search's cost was not measured: could not start Chromium"
    cells = [cell.strip() for cell in benchmark.table([result]).splitlines()[2].split("|")]
    assert cells[COLUMNS.index("Search: page load, first search") + 1] == "-"
    assert benchmark.details(result).endswith(
        "Note: the search's cost was not measured: could not start Chromium.")


def test_without_chromium_the_search_is_not_measured_and_the_reason_is_given(built_site):
    env = {**os.environ, "KB_CHROMIUM": "/nonexistent/chromium",
           "PYTHONPATH": str(REPO / "src")}
    load_kb, query_kb, note = benchmark.measure_search(built_site.site, env)
    assert (load_kb, query_kb) == (None, None)
    assert note.startswith("the search's cost was not measured: could not start Chromium: ")
    assert "/nonexistent/chromium" in note


# A parent that holds 120 MB and starts a child that holds 120 MB more while it waits: the build
# holds its own memory while Pagefind indexes, so the machine needs both at once.
_PARENT_AND_CHILD = """
import subprocess, sys
held = b"p" * (120 * 1024 * 1024)
subprocess.run([sys.executable, "-c",
                "import time; held = b'c' * (120 * 1024 * 1024); time.sleep(0.5)"], check=True)
"""


def test_peak_memory_is_a_process_and_its_children_together(tmp_path):
    usage = benchmark.measure([sys.executable, "-c", _PARENT_AND_CHILD], tmp_path,
                              dict(os.environ))
    assert usage.peak_mb > 230, "each holds 120 MB; the largest alone is about 130 MB"
    assert usage.cpu > 0
