"""Reader-first pages (issue 12), in the built HTML: the title first, each related page listed
once and grouped, the comparison linked, and illustrative accounts labelled wherever listed."""

from __future__ import annotations

import re

import pytest

from conftest import Project, link_targets, published_articles, vocabulary
from mskb.content.links import linked_pages
from mskb.content.schema import NICE_POSITIONS

ARTICLES = published_articles()
TOPIC_FOLDERS = {"treatments": "treatments", "types": "spasticity_types"}


def _internal_hrefs(article, url: str) -> list[str]:
    """Every link target in the main column, as site paths with their #anchor, in order."""
    found = []
    for link in article.select("a[href]"):
        href = link["href"]
        if href.startswith(("http:", "https:", "mailto:")):
            found.append(href)
            continue
        path, _, anchor = href.partition("#")
        if not path:  # a link within the page
            found.append("#" + anchor)
            continue
        (target,) = link_targets_for(href.split("#")[0], url)
        found.append(target + ("#" + anchor if anchor else ""))
    return found


def link_targets_for(href: str, url: str) -> set[str]:
    from bs4 import BeautifulSoup

    return link_targets(BeautifulSoup(f'<a href="{href}">x</a>', "html.parser"), url)


@pytest.mark.parametrize("url", ["", "treatments/", "treatments/baclofen/", "types/stiffness/",
                                 "experiences/physio-for-stiff-legs/", "glossary/",
                                 "treatments/steroids/"])
def test_nothing_but_the_header_comes_before_the_title(built_site: Project, url: str):
    article = built_site.article(url)
    first = next(child for child in article.find_all(recursive=False))
    assert first.name == "h1", f"/{url} starts its main column with <{first.name}>"
    actions = first.find_next_sibling()
    assert "kb-page-actions" in actions.get("class", []), "the page's actions follow the title"


@pytest.mark.parametrize("url", sorted(ARTICLES))
def test_no_link_target_is_repeated_in_an_articles_main_column(built_site: Project, url: str):
    hrefs = _internal_hrefs(built_site.article(url), url)
    repeated = sorted({href for href in hrefs if hrefs.count(href) > 1})
    assert repeated == [], f"/{url} links to these more than once"


@pytest.mark.parametrize("url", sorted(u for u in ARTICLES if u.split("/")[0] in TOPIC_FOLDERS)
                         + ["treatments/steroids/"])
def test_a_topic_page_never_links_to_itself(built_site: Project, url: str):
    article = built_site.article(url)
    assert url not in link_targets(article, url)


@pytest.mark.parametrize("url", ["types/stiffness/", "types/spasms/"])
def test_a_types_treatments_are_grouped_in_nices_order(built_site: Project, url: str):
    article = built_site.article(url)
    heading = article.find("h2", string=re.compile("^(More )?[Tt]reatments used for it$"))
    labels = []
    for element in heading.find_next_siblings():
        if element.name == "h2":
            break
        if "kb-related-label" in element.get("class", []):
            labels.append(element.get_text(strip=True))
    order = list(NICE_POSITIONS.values()) + ["Not yet described"]
    assert labels, f"/{url} groups its treatments"
    ranks = [order.index(label) for label in labels]
    assert ranks == sorted(ranks)


def test_personal_accounts_are_summarised_and_labelled_illustrative(built_site: Project):
    article = built_site.article("types/stiffness/")
    heading = article.find("h2", string="Personal accounts")
    summary = heading.find_next_sibling("p").get_text(" ", strip=True)
    experiences = [f for f in ARTICLES.values() if f["kind"] == "experience"
                   and "stiffness" in f.get("spasticity_types", [])]
    assert summary.startswith(f"{len(experiences)} personal accounts mention Stiffness")
    assert "not evidence" in summary
    listed = heading.find_next_sibling("ul").find_all("li")
    assert len(listed) == 3
    provenance = {f["title"]: f.get("provenance") for f in ARTICLES.values()}
    for item in listed:
        illustrative = provenance[item.a.get_text(strip=True)] == "illustrative"
        assert ("(illustrative)" in item.get_text(" ", strip=True)) == illustrative
    more = article.find("a", string=re.compile(r"^All \d+ accounts that mention Stiffness"))
    assert more is not None
    assert more["href"].endswith("#personal-accounts")
    assert link_targets(more.parent, "types/stiffness/") == {"mentions/types/stiffness/"}
    everything = built_site.article("mentions/types/stiffness/")
    accounts = everything.find("h2", id="personal-accounts").find_next_sibling("ul")
    assert len(accounts.find_all("li", recursive=False)) == len(experiences)


def test_a_treatments_accounts_say_what_people_reported(built_site: Project):
    article = built_site.article("treatments/baclofen/")
    heading = article.find("h2", string="Personal accounts")
    summary = heading.find_next_sibling("p").get_text(" ", strip=True)
    outcomes = [f["outcomes"]["baclofen"] for f in ARTICLES.values()
                if f["kind"] == "experience" and "baclofen" in f.get("outcomes", {})]
    assert outcomes, "some accounts report on baclofen"
    assert "What they said about it:" in summary
    assert f"{outcomes.count('helped')} helped" in summary
    provenance = {f["title"]: f.get("provenance") for f in ARTICLES.values()}
    for item in heading.find_next_sibling("ul").find_all("li"):
        illustrative = provenance[item.a.get_text(strip=True)] == "illustrative"
        assert ("(illustrative)" in item.get_text(" ", strip=True)) == illustrative


def test_the_experiences_index_and_home_say_which_accounts_are_illustrative(
    built_site: Project,
):
    experiences = [f for f in ARTICLES.values() if f["kind"] == "experience"]
    illustrative = [f for f in experiences if f.get("provenance") == "illustrative"]
    text = built_site.article("experiences/").get_text(" ", strip=True)
    if len(illustrative) == len(experiences):
        assert f"All {len(experiences)} accounts here are illustrative." in text
    else:
        assert f"{len(illustrative)} of these {len(experiences)} accounts are illustrative" in text
    assert "share your experience" in text
    # Each account the index names (the newest in full, a few under each treatment and type)
    # is labelled where it is named.
    provenance = {url: f.get("provenance") for url, f in ARTICLES.items()
                  if f["kind"] == "experience"}
    named = 0
    for link in built_site.article("experiences/").select("li a[href]"):
        (target,) = link_targets_for(link["href"].split("#")[0], "experiences/")
        if target not in provenance:
            continue  # a treatment, a type, or the page of all its accounts
        named += 1
        label = str((link.find_parent("strong") or link).next_sibling or "")
        assert label.startswith(" (illustrative)") == (provenance[target] == "illustrative"), \
            link.get_text()
    assert named > len(experiences), "accounts are named more than once: newest, by topic"
    home = built_site.article("").get_text(" ", strip=True)
    assert '"(illustrative)" were written by our editorial team' in home


@pytest.mark.parametrize("url", ["treatments/", "treatments/baclofen/", "treatments/steroids/",
                                 "types/stiffness/", "types/ms-hug/"])
def test_the_comparison_is_linked(built_site: Project, url: str):
    assert "treatments/compare/" in link_targets(built_site.article(url), url)


def test_the_a_to_z_lists_each_treatment_once_with_its_nice_position(built_site: Project):
    article = built_site.article("treatments/")
    names = [entry["name"] for entry in vocabulary("treatments")]
    for name in names:
        assert len(article.find_all("a", string=name)) == 1, name
    baclofen = article.find("a", string="Baclofen").find_parent("li")
    assert "First medicines to try" in baclofen.get_text(" ", strip=True)


# --- linked_pages: what the article's own text links to ------------------------------------


def test_linked_pages_reads_inline_links_relative_to_the_article():
    body = ("See [gabapentin](../treatments/gabapentin.md) and [diary](../guides/symptom-diary.md"
            "#start), [NICE](https://www.nice.org.uk/) and ![a picture](picture.png).\n\n"
            "```\n[not a link](../types/clonus.md)\n```\n")
    assert linked_pages(body, "treatments/baclofen.md") == {
        "treatments/gabapentin.md", "guides/symptom-diary.md"}


# --- When to get urgent help (issue 13): from every Safety box and every page's footer -------

URGENT = "guides/when-to-get-urgent-help/"


@pytest.mark.parametrize("url", sorted(u for u, f in ARTICLES.items() if f.get("safety")))
def test_every_safety_box_points_to_urgent_help(built_site: Project, url: str):
    box = built_site.article(url).select_one(".kb-safety")
    assert box is not None, f"/{url} has safety points but no Safety box"
    if url != URGENT:
        assert URGENT in link_targets(box, url) | link_targets(built_site.article(url), url)


@pytest.mark.parametrize("url", ["", "treatments/", "treatments/baclofen/", "glossary/",
                                 "experiences/physio-for-stiff-legs/", "about/disclaimer/"])
def test_every_pages_footer_points_to_urgent_help(built_site: Project, url: str):
    footer = built_site.page(url).select_one("footer.md-footer")
    assert URGENT in link_targets(footer, url)
