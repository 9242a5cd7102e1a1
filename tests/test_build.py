"""Build tests: the real site and variations of it, built in-process and read with a parser."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import (
    REPO,
    Project,
    article_text,
    front_matter,
    link_targets,
    published_articles,
    remove_article,
    vocabulary,
)

CONTENT = REPO / "content"


def _section(article, heading_text: str):
    """The elements between an h2 whose text starts with ``heading_text`` and the next h2."""
    heading = next(h for h in article.find_all("h2") if h.get_text().startswith(heading_text))
    items = []
    for sibling in heading.find_next_siblings():
        if (sibling.name == "h2" or sibling.find("h2") is not None
                or "kb-disclaimer" in sibling.get("class", [])):
            break
        items.append(sibling)
    return items


# --- The real site ------------------------------------------------------------------------------


def test_every_article_in_content_becomes_a_page_with_its_title(built_site: Project):
    articles = published_articles()
    assert len(articles) >= 9
    for url, front in articles.items():
        article = built_site.article(url)
        assert article.h1.get_text(strip=True) == front["title"], url


def test_every_treatment_and_type_in_the_vocabularies_has_a_page(built_site: Project):
    for folder, name in (("treatments", "treatments"), ("types", "spasticity_types")):
        for entry in vocabulary(name):
            article = built_site.article(f"{folder}/{entry['slug']}/")
            assert article.h1.get_text(strip=True), entry["slug"]
            headings = [h.get_text() for h in article.find_all("h2")]
            assert "Personal accounts" in headings, entry["slug"]


def _accounts_listed(site: Project, own: str) -> set[str]:
    """The personal accounts a topic's page links to, with those on its page of every account
    (linked as "All N accounts that mention ...") when it has one."""
    article = site.article(own)
    listed = set()
    for element in _section(article, "Personal accounts"):
        listed |= {t for t in link_targets(element, own)
                   if t.startswith(("experiences/", "mentions/"))}
    everything = {t for t in listed if t.startswith("mentions/")}
    for page in everything:
        listed |= link_targets(site.article(page), page)
    return {t for t in listed - everything if t.startswith("experiences/") and t.count("/") == 2}


def test_treatment_without_an_article_still_lists_what_mentions_it(project: Project):
    remove_article(project.content, "treatments/stretching.md")
    project.build()
    article = project.article("treatments/stretching/")
    assert "No full article yet" in article.get_text()
    tagging = {f"experiences/{p.stem}/" for p in (project.content / "experiences").glob("*.md")
               if "stretching" in (front_matter(p).get("treatments") or [])}
    assert len(tagging) > 3, "more accounts than the page lists by name"
    assert _accounts_listed(project, "treatments/stretching/") == tagging


def test_every_article_links_to_the_pages_of_its_treatments_and_types(built_site: Project):
    for url, front in published_articles().items():
        article = built_site.article(url)
        expected = {f"treatments/{s}/" for s in front.get("treatments", [])}
        expected |= {f"types/{s}/" for s in front.get("spasticity_types", [])}
        expected.discard(url)
        assert expected <= link_targets(article, url), (url, expected - link_targets(article, url))


def test_every_treatment_and_type_page_lists_everything_that_mentions_it(built_site: Project):
    articles = published_articles()
    for folder, field in (("treatments", "treatments"), ("types", "spasticity_types")):
        for slug in {s for front in articles.values() for s in front.get(field, [])}:
            own = f"{folder}/{slug}/"
            mentioning = {url for url, front in articles.items()
                          if slug in front.get(field, []) and url != own}
            others = {url for url in mentioning if articles[url]["kind"] != "experience"}
            # Each article once, in the text or in the grouped lists after it, or (when a group
            # is longer than the page names) on the page of everything that mentions it.
            linked = link_targets(built_site.article(own), own)
            for page in {t for t in linked if t.startswith("mentions/")}:
                linked |= link_targets(built_site.article(page), page)
            assert others <= linked, f"{own}: not linked {others - linked}"
            # Personal accounts: the newest few by name (unless the text links to them) and
            # the rest on the page of every account.
            accounts = mentioning - others
            listed = _accounts_listed(built_site, own)
            assert accounts <= listed | linked, own
            assert listed <= accounts, own


# What readers see for each outcome: a symbol and words (never colour alone), written out
# independently of the schema's OUTCOMES and OUTCOME_SYMBOLS.
OUTCOME_WORDS = {"helped": "\u2713 helped", "mixed": "\u00b1 mixed results",
                 "no-effect": "\u2013 no effect",
                 "side-effects": "\u2717 stopped because of side effects",
                 "too-early": "\u2026 too early to say"}


def _names(name: str) -> dict[str, str]:
    return {entry["slug"]: entry["name"] for entry in vocabulary(name)}




def _newest_first(front: dict) -> tuple[int, str]:
    """Experiences newest first; those of the same day by title, A to Z."""
    # str(): YAML reads an unquoted date as a date, a quoted one (as the story converter
    # writes it) as text.
    return -date.fromisoformat(str(front["published"])).toordinal(), front["title"].lower()


def _long_date(value) -> str:
    return f"{value.day} {value:%B %Y}"


def test_treatment_page_shows_the_outcome_each_experience_reported(built_site: Project):
    reported = [(front["title"], slug, outcome)
                for front in published_articles().values() if front["kind"] == "experience"
                for slug, outcome in front.get("outcomes", {}).items()]
    assert len({slug for _, slug, _ in reported}) >= 5, "starter experiences report outcomes"
    for title, slug, outcome in reported:
        own = f"treatments/{slug}/"
        items = _section(built_site.article(own), "Personal accounts")[1].find_all("li")
        more = built_site.article(own).find("a", string=lambda t: t and t.startswith("All "))
        if more is not None:  # every account is on the treatment's page of accounts
            (page,) = link_targets(more.parent, own)
            items += built_site.article(page).select("ul > li")
        text = {li.a.get_text(): li.get_text() for li in items}
        assert f"{title} (illustrative): {OUTCOME_WORDS[outcome]}" in text[title], (slug, title)


def test_outcome_labels_have_words_and_a_symbol_hidden_from_screen_readers(built_site: Project):
    labels = built_site.article("experiences/").select(".kb-outcome")
    assert labels
    for label in labels:
        symbol = label.find("span", attrs={"aria-hidden": "true"})
        words = label.get_text(strip=True).removeprefix(symbol.get_text())
        assert f"{symbol.get_text()} {words.strip()}" in OUTCOME_WORDS.values()


def test_treatments_a_to_z_lists_every_treatment_with_aliases_position_and_letter_bar(
    built_site: Project,
):
    article = built_site.article("treatments/")
    treatments = vocabulary("treatments")
    listed = {li.a.get_text(strip=True): li.get_text(" ", strip=True)
              for li in article.select("h2 + ul > li")}
    positions = {"first-line": "First medicines to try", "alongside": "Part of everyday care",
                 "specialist": "Specialist option"}
    for entry in treatments:
        assert entry["name"] in listed, entry["name"]
        for alias in (*entry.get("aliases", []), *entry.get("us_brand_names", [])):
            assert alias in listed[entry["name"]]
        path = CONTENT / "treatments" / f"{entry['slug']}.md"
        position = front_matter(path)["key_facts"]["nice_position"]["value"]
        if position in positions:
            assert positions[position] in listed[entry["name"]], entry["name"]
    bar = article.select_one("nav.kb-az")
    letters_with_entries = {e["name"][0].upper() for e in treatments}
    assert {a.get_text() for a in bar.find_all("a")} == letters_with_entries
    for link in bar.find_all("a"):
        assert article.find(id=link["href"][1:]) is not None, link["href"]


def test_types_index_lists_every_type(built_site: Project):
    article = built_site.article("types/")
    names = {li.a.get_text(strip=True) for li in article.select("ul > li")}
    assert names == {entry["name"] for entry in vocabulary("spasticity_types")}


# The experiences index: the newest accounts in full, twenty to a page (the pages after the
# first list the older ones), then each treatment and spasticity type with its count and newest
# few, so the page (which the printed guide can keep in place of the accounts) does not grow
# with the number of accounts. Written out, not read from mskb.
NEWEST_ON_INDEX = 20
NEWEST_BY_TOPIC = 3
BY_TOPIC = {"treatments": ("Accounts by treatment", "treatments", "treatments"),
            "spasticity_types": ("Accounts by type of spasticity", "spasticity_types", "types")}


def _experiences(articles: dict[str, dict]) -> list[tuple[str, dict]]:
    """(url, front matter) of every experience, newest first (same day: title A to Z)."""
    return sorted(((url, f) for url, f in articles.items() if f["kind"] == "experience"),
                  key=lambda pair: _newest_first(pair[1]))


def _newest_listed(article) -> list:
    """The items of the experiences index's "Newest accounts" list."""
    (items,) = [e for e in _section(article, "Newest accounts") if e.name == "ul"]
    return items.find_all("li", recursive=False)


def _target(href: str, base: str) -> str:
    """The site path an internal link's address (without its #anchor) leads to."""
    (target,) = link_targets(BeautifulSoup(f'<a href="{href}">x</a>', "html.parser"), base)
    return target


def _listing(site: Project, first: str) -> list[str]:
    """The URLs of a listing's pages: ``first`` and those its "Next" links lead to in turn."""
    urls = [first]
    while True:
        following = site.article(urls[-1]).select('nav[aria-label="Pagination"] a[rel="next"]')
        if not following:
            return urls
        (target,) = link_targets(following[0].parent, urls[-1])
        urls.append(target)


def _resolves(site: Project, element, base: str) -> None:
    """Every internal link in ``element`` leads to a built page and, with #anchor, to an
    element of that page with that id."""
    for link in element.select("a[href]"):
        if link["href"].startswith(("http:", "https:", "mailto:")):
            continue
        path, _, anchor = link["href"].partition("#")
        target = _target(path, base) if path else base
        assert (site.site / target / "index.html").is_file(), (base, link["href"])
        if anchor:
            assert site.page(target).find(id=anchor) is not None, (base, link["href"])


def _check_experiences_index(site: Project, articles: dict[str, dict]) -> None:
    """What a reader sees on /experiences/, worked out from the front matter alone."""
    article = site.article("experiences/")
    experiences = _experiences(articles)
    # Newest accounts: the newest twenty, each in full.
    items = _newest_listed(article)
    newest = experiences[:NEWEST_ON_INDEX]
    assert [li.a.get_text() for li in items] == [f["title"] for _, f in newest]
    treatments, regions = _names("treatments"), _names("body_regions")
    for li, (_, front) in zip(items, newest, strict=True):
        outcomes = front.get("outcomes", {})
        tagged = ", ".join(
            treatments[slug] + (f" ({OUTCOME_WORDS[outcomes[slug]]})" if slug in outcomes else "")
            for slug in front.get("treatments", []))
        if tagged:
            assert f"Treatments: {tagged}" in li.get_text(), front["title"]
        body = ", ".join(regions[slug] for slug in front.get("body_regions", []))
        if body:
            assert f"Body: {body}" in li.get_text(), front["title"]
        assert ("(illustrative)" in li.get_text()) == (front.get("provenance") == "illustrative")
    # By treatment, then by type: each topic that accounts mention once, A to Z, with its count
    # and newest few by name, and a link to a page naming every one.
    for field, (heading, vocabulary_name, folder) in BY_TOPIC.items():
        names = _names(vocabulary_name)
        mentioning = {slug: [(url, f) for url, f in experiences if slug in f.get(field, [])]
                      for slug in names}
        expected = sorted((slug for slug, found in mentioning.items() if found),
                          key=lambda slug: names[slug].lower())
        (listing,) = [e for e in _section(article, heading) if e.name == "ul"]
        entries = listing.find_all("li", recursive=False)
        assert [li.strong.get_text() for li in entries] == [names[s] for s in expected], heading
        for li, slug in zip(entries, expected, strict=True):
            found = mentioning[slug]
            count = len(found)
            text = " ".join(li.get_text().split())
            assert text.startswith(f"{names[slug]}: {count} personal account"
                                   f"{'s' if count != 1 else ''}"), text
            titles = [a.get_text() for a in li.find_all("a")[1:]]
            named = [f["title"] for _, f in found[:NEWEST_BY_TOPIC]]
            assert titles[:len(named)] == named, slug
            for _, front in found[:NEWEST_BY_TOPIC]:
                marked = f"{front['title']} (illustrative)" in text
                assert marked == (front.get("provenance") == "illustrative"), slug
            if count > NEWEST_BY_TOPIC:
                assert f"and {count - NEWEST_BY_TOPIC} more: all {count} accounts" in text
            else:
                assert len(titles) == count and "more: all" not in text, slug
            # The topic's name leads to a page that lists every one of its accounts.
            (target,) = link_targets(li.strong, "experiences/")
            if target.startswith("mentions/"):  # the list of every account, maybe paged
                assert target.startswith(f"mentions/{folder}/{slug}/"), target
                page = site.article(target)
                listed = link_targets(page.find(id="personal-accounts").find_next_sibling("ul"),
                                      target)
                for later in _listing(site, target)[1:]:
                    listed |= link_targets(site.article(later), later)
            else:  # its own page names every one, in its text or its list of accounts
                assert target == f"{folder}/{slug}/" and count <= NEWEST_BY_TOPIC, target
                listed = link_targets(site.article(target), target)
            assert {url for url, _ in found} <= listed, (slug, target)
    _resolves(site, article, "experiences/")


def test_experiences_index_names_the_newest_and_every_treatment_and_type(built_site: Project):
    # The real content has fewer accounts than the first page lists, so it lists them all (the
    # tests below add more; tests/test_paging.py builds the index with smaller pages).
    articles = published_articles()
    _check_experiences_index(built_site, articles)
    article = built_site.article("experiences/")
    headings = [h.get_text() for h in article.find_all(["h1", "h2", "h3"])]
    assert len(headings) == len(set(headings)), headings
    untreated = [f for f in articles.values() if f["kind"] == "experience"
                 and not f.get("treatments")]
    said = re.search(r"names? no treatment", article.get_text()) is not None
    assert said == bool(untreated), "accounts without a treatment are counted, if any"


def test_article_shows_summary_review_dates_reviewer_sources_and_disclaimer(built_site: Project):
    front = front_matter(CONTENT / "treatments" / "baclofen.md")
    article = built_site.article("treatments/baclofen/")
    assert article.select_one(".kb-summary").get_text(" ", strip=True) == front["summary"]
    review = article.select_one(".kb-review").get_text(" ", strip=True)
    assert f"Last reviewed: {_long_date(front['last_reviewed'])}" in review
    assert f"Next review due: {_long_date(front['next_review'])}" in review
    assert "Reviewed by: Editorial team" in review
    sources = _section(article, "Sources")[0].find_all("li")
    assert [li.a["href"] for li in sources] == [s["url"] for s in front["sources"]]
    assert "not medical advice" in article.select_one(".kb-disclaimer").get_text()
    head = built_site.page("treatments/baclofen/")
    assert head.find("meta", attrs={"name": "description"})["content"] == front["summary"]


def test_experience_is_labelled_as_an_illustrative_personal_account(built_site: Project):
    article = built_site.article("experiences/physio-for-stiff-legs/")
    notice = article.select_one(".admonition")
    assert "A personal account, not medical advice" in notice.get_text()
    assert "illustrative account" in notice.get_text()
    assert "not one real person's words" in notice.get_text()
    assert "personal account, not medical advice" in article.select_one(".kb-disclaimer").get_text()


def test_print_page_has_every_reference_article_in_navigation_order(built_site: Project):
    """The whole guide holds the types, treatments and guides; the personal accounts are
    listed on the experiences page, which it keeps, not printed in full."""
    page = built_site.page("print_page/")
    ids = [s["id"] for s in page.select("section.print-page[id]")
           if not s["id"].startswith("section-")]  # print-site's wrappers of nav sections
    articles = published_articles()
    reference = {url.rstrip("/").replace("/", "-") for url, f in articles.items()
                 if f["kind"] != "experience"}
    assert reference <= set(ids), reference - set(ids)
    assert "experiences" in ids
    assert not [i for i in ids if i.startswith("experiences-")], "accounts are listed, not printed"
    # Navigation order: sections in mkdocs.yml order.
    sections = [i.split("-")[0] for i in ids if i != "index"]
    order = ["types", "treatments", "experiences", "guides", "about", "contributing"]
    assert sections == sorted(sections, key=order.index)


def test_front_matter_reference_documents_every_schema_field(built_site: Project):
    from mskb.content.schema import FrontMatter

    article = built_site.article("contributing/front-matter/")
    fields = [dt.code.get_text() for dt in article.dl.find_all("dt")]
    assert fields == list(FrontMatter.model_fields)
    required = [dt.code.get_text() for dt in article.dl.find_all("dt") if "(required)" in dt.text]
    assert required == [n for n, f in FrontMatter.model_fields.items() if f.is_required()]


def test_no_page_makes_the_browser_contact_a_third_party(built_site: Project):
    offenders = []
    for path in built_site.site.rglob("*.html"):
        page = built_site.page(str(path.relative_to(built_site.site)))
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"),
                               ("iframe", "src"), ("source", "src"), ("video", "src")):
            for element in page.find_all(tag):
                if tag == "link" and "canonical" in element.get("rel", []):
                    continue  # names the page's own address; the browser fetches nothing
                url = element.get(attribute, "")
                if re.match(r"^(https?:)?//", url):
                    offenders.append(f"{path}: <{tag} {attribute}={url}>")
    for path in built_site.site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", path.read_text()):
            offenders.append(f"{path}: url({url})")
    assert offenders == []


# --- Variations built from a fresh copy ----------------------------------------------------------


def test_content_error_fails_the_build_and_publishes_nothing(project: Project, caplog):
    project.write("guides/oops.md", article_text(treatments=["baclofin"]))
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises((PluginError, Abort)):
        project.build()
    assert "content/guides/oops.md:" in caplog.text
    assert "unknown treatment 'baclofin' (did you mean 'baclofen'?)" in caplog.text
    assert not (project.site / "index.html").exists()


def test_draft_is_left_out_of_the_site_and_named_in_the_build_log(project: Project, caplog):
    project.write("guides/work-in-progress.md", article_text(title="Not ready", draft=True))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        project.build()
    assert "content/guides/work-in-progress.md" in caplog.text
    assert not (project.site / "guides" / "work-in-progress").exists()
    assert "Not ready" not in (project.site / "guides" / "index.html").read_text()


def test_special_characters_in_a_title_are_shown_as_typed_never_as_markup(project: Project):
    title = "Heat & cold: 3 < 5 *tips* [not a link]"
    summary = "Use `ice` _briefly_ & carefully; 2 > 1 {: .x } # not a heading."
    project.write("guides/tips.md", article_text(title=title, summary=summary))
    project.build()
    article = project.article("guides/tips/")
    assert article.h1.get_text() == title
    assert article.select_one(".kb-summary").get_text() == summary
    assert article.h1.find(["em", "a", "code"]) is None
    listing = project.article("guides/")
    item = next(li for li in listing.select("li") if li.a and li.a.get_text() == title)
    assert summary in item.get_text()
    assert item.find(["em", "code"]) is None


def test_article_page_size_does_not_grow_with_the_number_of_articles(project: Project):
    def sizes() -> dict[str, int]:
        project.build()
        urls = ("treatments/baclofen/", "guides/symptom-diary/",
                "experiences/neck-and-back-with-tens/", "")
        return {url: len((project.site / url / "index.html").read_bytes()) for url in urls}

    def add_experiences(count: int) -> None:
        for n in range(count):
            project.write(f"experiences/extra/story-{n:04d}.md", article_text(
                title=f"Extra story {n}", kind="experience", sources=[],
                treatments=["massage"], published="2020-01-01", last_reviewed="2020-01-01",
                next_review="2021-01-01",
            ))

    add_experiences(5)
    small = sizes()
    add_experiences(300)
    large = sizes()
    for url in small:
        growth = large[url] - small[url]
        assert growth < 600, f"/{url} grew by {growth} bytes with 295 more articles"


def _add_accounts(project: Project, count: int, start: int = 0, *, words: int = 0) -> None:
    """``count`` more accounts, newer than the real ones (one a day from 2027), each tagging two
    treatments and one type in turn so every treatment and type gets some; a third contributed.
    ``words``: that many more words in each title and summary, up to their longest."""
    treatments = [entry["slug"] for entry in vocabulary("treatments")]
    types = [entry["slug"] for entry in vocabulary("spasticity_types")]
    for n in range(start, start + count):
        tagged = [treatments[2 * n % len(treatments)], treatments[(2 * n + 1) % len(treatments)]]
        day = date(2027, 1, 1).toordinal() + n
        title = f"Extra story {n:04d} about {tagged[0]}" + " and more" * words
        summary = "What I tried for my stiff legs, and how it went." + " More of it." * words
        project.write(f"experiences/extra-story-{n:04d}.md", article_text(
            title=title[:120], summary=summary[:400], kind="experience", sources=[],
            treatments=tagged, spasticity_types=[types[n % len(types)]],
            outcomes={tagged[0]: "helped"}, body_regions=["legs"],
            provenance="contributed" if n % 3 == 0 else "illustrative",
            published=date.fromordinal(day).isoformat(),
            last_reviewed=date.fromordinal(day).isoformat(),
            next_review=date.fromordinal(day + 365).isoformat(),
        ))


def _index_size(project: Project) -> int:
    project.build()
    return len((project.site / "experiences" / "index.html").read_bytes())


def _topics_with_accounts(articles: dict[str, dict]) -> int:
    """How many treatments and types accounts mention: the entries of the lists by topic."""
    return sum(len({slug for f in articles.values() if f["kind"] == "experience"
                    for slug in f.get(field, [])}) for field in BY_TOPIC)


def test_experiences_index_does_not_grow_with_the_number_of_accounts(project: Project):
    real = _index_size(project)
    topics_before = _topics_with_accounts(published_articles(project.content))
    _add_accounts(project, 60)
    sixty = _index_size(project)
    # More lines only for the treatments and types that had no account before (the page is
    # as long as the vocabularies at most), and a few characters for the "and N more" links.
    new_topics = sum(len(vocabulary(name)) for name in ("treatments", "spasticity_types")) \
        - topics_before
    growth = sixty - real
    assert growth < 700 * new_topics + 3000, f"grew by {growth} bytes with 60 more accounts"
    # Five times as many: the same page, but for its numbers and which titles are newest.
    _add_accounts(project, 240, start=60)
    three_hundred = _index_size(project)
    assert abs(three_hundred - sixty) < 500, f"{sixty} bytes with 60 more, {three_hundred} with 300"
    articles = published_articles(project.content)
    assert sum(f["kind"] == "experience" for f in articles.values()) > 300
    assert _topics_with_accounts(articles) == topics_before + new_topics
    _check_experiences_index(project, articles)
    newest = [li.a.get_text() for li in _newest_listed(project.article("experiences/"))]
    assert [t[:len("Extra story 0299")] for t in newest] == [
        f"Extra story {n:04d}" for n in range(299, 279, -1)], "the twenty newest, newest first"


def test_experiences_index_stays_small_when_every_topic_has_many_long_accounts(
        project: Project):
    # Every treatment and type has more accounts than the index names, and every title and
    # summary is as long as allowed: the longest the page gets, with any number of accounts.
    _add_accounts(project, 60, words=60)
    size = _index_size(project)
    assert size < 100_000, f"/experiences/ is {size} bytes"
    article = project.article("experiences/")
    for heading, _, _ in BY_TOPIC.values():
        for li in _section(article, heading)[1].find_all("li", recursive=False):
            assert "more: all" in li.get_text(), li.strong.get_text()


def test_accounts_without_a_treatment_are_counted_and_reachable(project: Project):
    typed = article_text(title="Only a type", kind="experience", sources=[],
                         spasticity_types=["clonus"], published="2027-03-01",
                         last_reviewed="2027-03-01", next_review="2028-03-01")
    unfiled = article_text(title="Neither a treatment nor a type", kind="experience",
                           sources=[], published="2027-03-02", last_reviewed="2027-03-02",
                           next_review="2028-03-02")
    project.write("experiences/only-a-type.md", typed)
    project.write("experiences/unfiled.md", unfiled)
    project.build()  # strict: every link and #anchor on the page resolves
    article = project.article("experiences/")
    _check_experiences_index(project, published_articles(project.content))
    note = " ".join(_section(article, "Accounts by treatment")[-1].get_text().split())
    assert note == ("2 personal accounts name no treatment: 1 is listed by type of spasticity, "
                    "and 1 names no type either: see personal accounts not filed under a "
                    "treatment or type."), note
    links = {a.get_text(): a["href"] for a in _section(article, "Accounts by treatment")[-1]
             .find_all("a")}
    assert links["by type of spasticity"] == "#accounts-by-type-of-spasticity"
    (page,) = link_targets(_section(article, "Accounts by treatment")[-1].find_all("a")[-1]
                           .parent, "experiences/")
    listed = project.article(page)
    assert [li.a.get_text() for li in listed.select("ul > li")] == [
        "Neither a treatment nor a type"]
    clonus = next(li for li in _section(article, "Accounts by type of spasticity")[1]
                  .find_all("li", recursive=False) if li.strong.get_text() == "Clonus")
    assert "Only a type" in clonus.get_text()


def test_no_hook_state_survives_a_rebuild(project: Project):
    """`mkdocs serve` keeps hook modules loaded; a rebuild must forget the last build."""
    extra = project.write("guides/temporary.md", article_text(title="Temporary guide"))
    project.build()
    assert "Temporary guide" in (project.site / "guides" / "index.html").read_text()
    extra.unlink()
    project.build()
    assert "Temporary guide" not in (project.site / "guides" / "index.html").read_text()
    assert not (project.site / "guides" / "temporary").exists()


def test_build_writes_nothing_into_docs_or_content(project: Project):
    def snapshot() -> dict[str, float]:
        return {str(p): p.stat().st_mtime_ns for folder in ("docs", "content", "hooks")
                for p in (project.root / folder).rglob("*")
                if "__pycache__" not in p.parts}

    before = snapshot()
    project.build()
    assert snapshot() == before


def test_serve_watches_content_and_hooks():
    config = load_config(str(REPO / "mkdocs.yml"))
    assert str(REPO / "content") in config.watch
    assert str(REPO / "hooks") in config.watch
