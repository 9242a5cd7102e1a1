"""Long listings split into pages: the numbering, and a site built with tiny pages.

The real site's listings fit on one page each (no pagination shows: see the last test), so the
site read here (``paged_site``, in conftest.py) is the real content built with a page size of a
few entries (``mskb.pages.paging``'s sizes are a parameter of the build), which splits every
listing into several pages. What a
reader should find is worked out from the front matter, not from ``mskb``.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import (
    SMALL_PAGES,
    SMALL_PER_POSITION,
    Project,
    link_targets,
    published_articles,
    vocabulary,
)
from mskb.pages.paging import page_count, page_numbers, page_uri, paginate
from mskb.search import indexed_pages

ACCOUNTS, GUIDES, MENTIONS, LETTER = (SMALL_PAGES[name] for name in (
    "accounts", "guides", "mentions", "treatments"))
"""Entries on a page of the experiences index, the guides, a page of everything that mentions
a topic, a letter of the A to Z, in the site built with small pages (conftest.paged_site)."""
PER_POSITION = SMALL_PER_POSITION


# --- The numbering -------------------------------------------------------------------------------

def test_the_first_page_keeps_the_listings_address_and_the_others_are_numbered_below_it():
    assert page_uri("experiences/index.md", 1) == "experiences/index.md"
    assert page_uri("experiences/index.md", 2) == "experiences/page/2.md"
    assert page_uri("mentions/types/clonus.md", 12) == "mentions/types/clonus/page/12.md"
    assert page_uri("treatments/a-to-z/b.md", 3) == "treatments/a-to-z/b/page/3.md"
    with pytest.raises(ValueError):
        page_uri("guides/index.md", 0)


def test_a_listing_has_as_many_pages_as_it_needs_and_at_least_one():
    assert [page_count(total, 20) for total in (0, 1, 20, 21, 40, 2750)] == [1, 1, 1, 2, 2, 138]


@pytest.mark.parametrize(("current", "count", "shown"), [
    (1, 1, "1"),
    (1, 2, "1 2"),
    (2, 5, "1 2 3 4 5"),
    (1, 10, "1 2 … 10"),
    (3, 10, "1 2 3 4 … 10"),
    (4, 10, "1 2 3 4 5 … 10"),
    (5, 10, "1 … 4 5 6 … 10"),
    (10, 10, "1 … 9 10"),
    (70, 138, "1 … 69 70 71 … 138"),
])
def test_the_pagination_shows_the_ends_and_the_neighbours_of_the_current_page(
    current, count, shown,
):
    numbers = page_numbers(current, count)
    assert " ".join("…" if n is None else str(n) for n in numbers) == shown
    assert len(numbers) <= 7, "the pagination does not grow with the number of pages"


def test_paginate_slices_each_entry_onto_exactly_one_page_in_order():
    items = list(range(47))
    pages = list(paginate("guides/index.md", items, 20))
    assert [page.number for page in pages] == [1, 2, 3]
    assert [entry for page in pages for entry in page.items] == items
    assert [(page.first, page.last) for page in pages] == [(1, 20), (21, 40), (41, 47)]
    assert [page.src_uri for page in pages] == [
        "guides/index.md", "guides/page/2.md", "guides/page/3.md"]
    assert [page.title("Guides") for page in pages] == [
        "Guides", "Guides, page 2 of 3", "Guides, page 3 of 3"]
    assert (pages[0].previous_uri, pages[0].next_uri) == (None, "guides/page/2.md")
    assert (pages[2].previous_uri, pages[2].next_uri) == ("guides/page/2.md", None)
    (only,) = paginate("guides/index.md", items[:3], 20)
    assert not only.paged


# --- A site built with tiny pages ----------------------------------------------------------------

def _pages(site: Project, first: str) -> list[str]:
    """The URLs of a listing's pages, found by following "Next" from its first page (and
    checking that "Previous" leads back)."""
    urls = [first]
    while True:
        nav = site.article(urls[-1]).select_one('nav[aria-label="Pagination"]')
        assert nav is not None, f"{urls[-1]}: no pagination"
        previous = nav.select('a[rel="prev"]')
        if len(urls) == 1:
            assert not previous, f"{first}: the first page has no Previous"
        else:
            (back,) = previous
            assert link_targets(back.parent, urls[-1]) == {urls[-2]}, urls[-1]
            assert back.get_text(" ", strip=True).startswith("← Previous")
        following = nav.select('a[rel="next"]')
        if not following:
            return urls
        (link,) = following
        (target,) = link_targets(link.parent, urls[-1])
        assert target not in urls, f"{urls[-1]}: Next leads back to {target}"
        urls.append(target)


def _newest_first(front: dict) -> tuple[int, str]:
    return -date.fromisoformat(str(front["published"])).toordinal(), front["title"].lower()


def test_the_experiences_index_lists_every_account_once_newest_first_a_page_at_a_time(
    paged_site: Project,
):
    articles = published_articles()
    expected = [front["title"] for front in sorted(
        (f for f in articles.values() if f["kind"] == "experience"), key=_newest_first)]
    urls = _pages(paged_site, "experiences/")
    count = -(-len(expected) // ACCOUNTS)
    assert urls == ["experiences/", *(f"experiences/page/{n}/" for n in range(2, count + 1))]
    listed = []
    for number, url in enumerate(urls, start=1):
        page = paged_site.page(url)
        title = "Experiences" if number == 1 else f"Experiences, page {number} of {count}"
        assert page.find("h1").get_text(strip=True) == title
        assert page.title.get_text().startswith(f"{title} - "), url
        heading = "Newest accounts" if number == 1 else "Older accounts"
        items = page.find("h2", string=heading).find_next_sibling("ul").find_all(
            "li", recursive=False)
        assert len(items) <= ACCOUNTS
        listed += [li.a.get_text() for li in items]
    assert listed == expected
    # Only the first page has the lists by treatment and by type.
    first = paged_site.article("experiences/").get_text()
    assert "Accounts by treatment" in first
    assert "Accounts by treatment" not in paged_site.article(urls[1]).get_text()
    assert f"The {ACCOUNTS} newest of the {len(expected)} accounts" in " ".join(first.split())


def test_the_pagination_marks_the_current_page_and_links_every_page_it_numbers(
    paged_site: Project,
):
    urls = _pages(paged_site, "experiences/")
    for number, url in enumerate(urls, start=1):
        nav = paged_site.article(url).select_one('nav[aria-label="Pagination"]')
        (current,) = nav.select('[aria-current="page"]')
        assert current.get_text() == str(number) and current["aria-label"] == f"Page {number}"
        numbered = {int(a.get_text()): a for a in nav.select("li a")}
        assert {1, len(urls), number} <= set(numbered), url
        for shown, link in numbered.items():
            assert link_targets(link.parent, url) == {urls[shown - 1]}, (url, shown)
        gaps = nav.select("li.kb-pagination__item--gap")
        assert len(numbered) + len(gaps) <= 7, url
        assert all(gap.get_text() == "…" for gap in gaps)


def test_a_listings_later_pages_are_left_out_of_the_menu_search_and_whole_guide(
    paged_site: Project,
):
    urls = _pages(paged_site, "guides/")
    assert len(urls) > 2
    menu = paged_site.page("guides/").select_one(".md-sidebar--primary")
    assert not any("page/" in t for t in link_targets(menu, "guides/"))
    # The search (Pagefind's index, mskb.search) has the guides themselves, and no listing's
    # page: docs/overrides/main.html leaves the lists of pages out, and the later pages say
    # `search: {exclude: true}` besides.
    searched = indexed_pages(paged_site.site / "pagefind")
    assert any(url.startswith("/guides/") and url != "/guides/" for url in searched)
    assert "/guides/" not in searched
    assert not any("/page/" in url for url in searched)
    guide = (paged_site.site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r", page \d+ of \d+", guide)


def test_the_guides_are_listed_a_to_z_across_their_pages(paged_site: Project):
    expected = sorted((f["title"] for f in published_articles().values()
                       if f["kind"] == "guide"), key=str.lower)
    listed = []
    for url in _pages(paged_site, "guides/"):
        items = paged_site.article(url).select("article > ul > li")
        assert 0 < len(items) <= GUIDES, url
        listed += [li.a.get_text() for li in items]
    assert listed == expected


def test_everything_that_mentions_a_topic_is_on_its_pages_and_its_accounts_link_leads_there(
    paged_site: Project,
):
    articles = published_articles()
    mentioning = {url for url, f in articles.items()
                  if "stiffness" in f.get("spasticity_types", []) and url != "types/stiffness/"}
    accounts = {url for url in mentioning if articles[url]["kind"] == "experience"}
    urls = _pages(paged_site, "mentions/types/stiffness/")
    assert len(urls) == -(-len(mentioning) // MENTIONS)
    listed: list[str] = []
    for url in urls:
        entries = [link_targets(li, url) for li in paged_site.article(url).select("ul > li")]
        # Each entry links to its article; the pagination and the first page's list of the
        # groups link to these pages (or nowhere, for an ellipsis).
        entries = [targets for targets in entries
                   if targets and not any(t.startswith("mentions/") for t in targets)]
        assert 0 < len(entries) <= MENTIONS, url
        for targets in entries:
            (target,) = targets
            listed.append(target)
    assert set(listed) == mentioning and len(listed) == len(mentioning)
    # The topic's page says how many accounts there are and links to where they begin.
    own = paged_site.article("types/stiffness/")
    more = own.find("a", string=re.compile(r"^All \d+ accounts that mention"))
    assert more.get_text().startswith(f"All {len(accounts)} accounts")
    target, _, anchor = more["href"].partition("#")
    (page,) = link_targets(more.parent, "types/stiffness/")
    assert page in urls and anchor == "personal-accounts"
    heading = paged_site.article(page).find(id=anchor)
    assert heading.get_text() == "Personal accounts"
    first = heading.find_next("ul").find("a")
    newest = sorted(accounts, key=lambda url: _newest_first(articles[url]))[0]
    assert link_targets(first.parent, page) == {newest}
    # The first page names each group and the page it begins on.
    contents = paged_site.article(urls[0]).find(string=re.compile("The groups, in order"))
    assert contents is not None


def test_a_long_a_to_z_has_a_page_per_letter_listing_every_name_a_medicine_goes_by(
    paged_site: Project,
):
    treatments = vocabulary("treatments")
    az = paged_site.article("treatments/")
    bar = az.select_one('nav.kb-az[aria-label="Jump to a letter"]')
    names = {entry["name"]: entry for entry in treatments}
    expected: dict[str, set[str]] = {}  # the letter's page -> every name listed there
    see: dict[str, str] = {}  # other name -> the page it points to
    for entry in treatments:
        own = f"treatments/{entry['slug']}/"
        for name in (entry["name"], *entry.get("aliases", []), *entry.get("us_brand_names", [])):
            letter = name[0].lower() if name[0].isalpha() else "other"
            expected.setdefault(f"treatments/a-to-z/{letter}/", set()).add(name)
            if name != entry["name"]:
                see[name] = own
    assert link_targets(bar, "treatments/") == set(expected)
    assert not az.select("h2 + ul"), "the A to Z's own page leaves the lists to the letters"
    for letter_page, wanted in expected.items():
        found: dict[str, set[str]] = {}
        for url in _pages_or_one(paged_site, letter_page):
            article = paged_site.article(url)
            (current,) = article.select('nav.kb-az [aria-current="page"]')
            assert link_targets(current.parent, url) >= {letter_page}
            items = article.select("article > ul > li")
            assert 0 < len(items) <= LETTER, url
            for li in items:
                found[li.strong.get_text()] = link_targets(li, url)
        assert set(found) == wanted, letter_page
        for name, targets in found.items():
            if name in names:
                assert targets == {f"treatments/{names[name]['slug']}/"}, name
            else:
                assert targets == {see[name]}, name
        titles = [paged_site.page(url).find("h1").get_text() for url in
                  _pages_or_one(paged_site, letter_page)]
        assert titles[0].startswith("Treatments A to Z: ")


def _pages_or_one(site: Project, first: str) -> list[str]:
    """A listing's pages; just ``first`` when it needs one page (and shows no pagination)."""
    if site.article(first).select_one('nav[aria-label="Pagination"]') is None:
        return [first]
    return _pages(site, first)


def test_a_types_page_names_a_few_treatments_of_each_position_and_counts_the_rest(
    paged_site: Project,
):
    article = paged_site.article("types/stiffness/")
    heading = next(h for h in article.find_all("h2") if "reatments used for it" in h.get_text())
    own_tags = set(published_articles()["types/stiffness/"].get("treatments", []))
    listed = set()
    more = None
    for element in heading.find_next_siblings():
        if element.name == "h2":
            break
        if element.name == "ul":
            items = element.find_all("li")
            tagged = sum(1 for t in link_targets(element, "types/stiffness/")
                         if t.split("/")[1] in own_tags)
            assert len(items) <= PER_POSITION + tagged
            listed |= link_targets(element, "types/stiffness/")
        if element.name == "p" and element.get_text().startswith("And "):
            more = element
    assert more is not None, "some treatments are left to the page of everything"
    hidden = int(more.get_text().split()[1])
    assert hidden > 0
    assert link_targets(more, "types/stiffness/") == {"mentions/types/stiffness/"}
    # Every treatment whose article tags the type is named here or on the pages of everything.
    tagging = {url for url, f in published_articles().items()
               if f["kind"] == "treatment" and "stiffness" in f.get("spasticity_types", [])}
    everything = set()
    for url in _pages(paged_site, "mentions/types/stiffness/"):
        everything |= link_targets(paged_site.article(url), url)
    text = link_targets(article, "types/stiffness/")
    assert tagging <= listed | everything | text


def test_a_long_comparison_has_a_page_per_group_and_each_treatment_links_to_its_row(
    paged_site: Project,
):
    treatments = vocabulary("treatments")
    landing = paged_site.article("treatments/compare/")
    assert not landing.select("table"), "the groups' tables are on their own pages"
    groups = landing.select_one('nav[aria-label="Groups of treatments"]')
    group_pages = sorted(link_targets(groups, "treatments/compare/"))
    categories = {entry["category"] for entry in treatments}
    assert group_pages == sorted(f"treatments/compare/{c}/" for c in categories)
    rows: dict[str, str] = {}  # treatment page -> the comparison page its row is on
    for first in group_pages:
        for url in _pages_or_one(paged_site, first):
            article = paged_site.article(url)
            (table,) = article.select("table.kb-compare__table")
            body = table.select("tbody tr")
            assert 0 < len(body) <= SMALL_PAGES["compare"], url
            for row in body:
                (target,) = link_targets(row.th, url)
                assert target not in rows, f"{target} is in two rows"
                rows[target] = url
            (current,) = article.select('nav[aria-label="Groups of treatments"] '
                                        '[aria-current="page"]')
            assert link_targets(current.parent, url) == {first}
    assert set(rows) == {f"treatments/{entry['slug']}/" for entry in treatments}
    # "Compare baclofen with other medicines taken by mouth" leads to its row.
    own = paged_site.article("treatments/baclofen/")
    link = own.find("a", string=re.compile(r"^Compare Baclofen with other"))
    (target,) = link_targets(link.parent, "treatments/baclofen/")
    assert target == rows["treatments/baclofen/"]
    assert link["href"].endswith("#treatment-baclofen")


def test_the_real_sites_listings_fit_on_one_page_and_show_no_pagination(built_site: Project):
    for url in ("experiences/", "guides/", "treatments/", "mentions/types/stiffness/",
                "treatments/compare/"):
        page = built_site.page(url)
        assert page.select_one('nav[aria-label="Pagination"]') is None, url
    for folder in ("experiences/page", "treatments/a-to-z"):
        assert not (built_site.site / folder).exists(), folder
    compare = built_site.site / "treatments" / "compare"
    assert [path.name for path in compare.iterdir()] == ["index.html"]
