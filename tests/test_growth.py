"""No page grows with the number of articles (issue 15): the site with 5,000 more articles.

A copy of the project gets the benchmark's corpus (``mskb.maintenance.corpus``, seed 15: 2,750
personal accounts, 1,750 guides and 500 new treatments, each about 600 words) and is built once,
as ``./scripts/build`` builds it, in its own process. The largest built page of each kind,
sorted into kinds by the benchmark's own ``page_kind`` so that this test and
``./scripts/benchmark`` agree, must be under its limit: 40 KB of HTML for an article, 100 KB
for every page of a listing (the experiences index, a topic's page, the Treatments A to Z, a
page of everything that mentions a topic, the other indexes and Compare treatments).

The build takes minutes, so the module builds once and is left out of the fast lane.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO
from mskb.maintenance import benchmark, corpus

pytestmark = pytest.mark.slow

ADDED = 5_000
LIMITS_KB = {
    "article": 40,
    "experiences": 100,
    "topic": 100,
    "a-z": 100,
    "mentions": 100,
    "listing": 100,
}
"""The largest page of each kind (benchmark.PAGE_KINDS) may be this big, in KB of HTML."""


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> tuple[dict[str, benchmark.Largest], Path]:
    """The largest page of each kind in the site built with :data:`ADDED` more articles."""
    project = benchmark.copy_project(REPO, tmp_path_factory.mktemp("grown") / "project")
    added = corpus.generate(project / "content", ADDED, benchmark.DEFAULT_SEED)
    assert sum(added.kinds.values()) == ADDED
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
             "--site-dir", "site"]
    benchmark.measure(build, project, benchmark.environment())
    largest, _, _ = benchmark.measure_site(project / "site",
                                           benchmark.topic_urls(project / "content"))
    return largest, project / "site"


@pytest.mark.parametrize("kind", LIMITS_KB)
def test_the_largest_page_of_each_kind_stays_under_its_limit(grown, kind):
    largest, _ = grown
    assert kind in largest, f"no {benchmark.PAGE_KINDS[kind][1]} was built"
    page = largest[kind]
    assert page.kb < LIMITS_KB[kind], (
        f"/{page.url} is {page.kb:.1f} KB of HTML, over the {LIMITS_KB[kind]} KB a "
        f"{benchmark.PAGE_KINDS[kind][1]} may be with {ADDED:,} more articles")


def test_the_long_listings_are_split_into_pages(grown):
    """What keeps them small: 2,750 more accounts at twenty to a page, 1,750 more guides, the
    A to Z by letter and Compare treatments by group."""
    _, site = grown
    accounts = corpus.kind_counts(ADDED)["experience"]
    pages = [path.name for path in (site / "experiences" / "page").iterdir()]
    assert len(pages) + 1 >= accounts // 20
    assert (site / "experiences" / "page" / str(len(pages) + 1) / "index.html").is_file()
    assert (site / "guides" / "page" / "2" / "index.html").is_file()
    assert (site / "treatments" / "a-to-z" / "b" / "index.html").is_file()
    assert any((site / "treatments" / "compare").glob("*/index.html"))
