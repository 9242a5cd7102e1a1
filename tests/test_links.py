"""Link checks: inside the built site (every pull request) and to cited sites (weekly)."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, article_text, check_content
from mskb.maintenance.links import (
    ExternalLink,
    check_external,
    external_links,
    internal_problems,
)
from mskb.maintenance.report import weekly_report
from mskb.maintenance.reviews import Review, reviews_due


def test_the_built_site_has_no_broken_internal_link_or_anchor(built_site):
    assert internal_problems(built_site.site, "https://example.org/knowledge-base/") == []


def test_the_whole_guide_page_has_unique_ids_and_every_in_page_link_lands(built_site):
    page = BeautifulSoup((built_site.site / "print_page/index.html").read_text(), "html.parser")
    ids = Counter(element["id"] for element in page.find_all(id=True))
    assert [i for i, count in ids.items() if count > 1] == []
    targets = [a["href"][1:] for a in page.find_all("a", href=True) if a["href"].startswith("#")]
    assert len(targets) > 100  # glossary words and contents entries
    assert [t for t in targets if t and t not in ids] == []
    # A word is explained once, in the list of words used at the end of the guide, and every
    # article's use of it links there.
    words = page.select("a.kb-term[href$='-word-spasticity']")
    assert len(words) > 3 and {a["href"] for a in words} == {"#kb-doc-words--word-spasticity"}
    assert len(page.select("#kb-doc-words .kb-words__entry dt")) == len(
        {dt.get_text() for dt in page.select("#kb-doc-words .kb-words__entry dt")})


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>")
    return tmp_path


def test_broken_internal_links_are_reported_with_every_page_they_are_on(tmp_path):
    site = _site(tmp_path, {
        "index.html": '<p id="top"></p><a href="a/">ok</a> <a href="a/#part">ok</a>'
                      ' <a href="gone/">x</a>'
                      ' <a href="https://elsewhere.example/">other site</a>'
                      ' <a href="mailto:x@example.org">mail</a>',
        "a/index.html": '<h2 id="part">Part</h2> <a href="../">home</a> <a href="#nowhere">x</a>'
                        ' <a href="../#top">home, anchor</a> <a href="../#gone">x</a>'
                        ' <img srcset="../missing-2x.png 2x, ../index.html 1x" alt="">'
                        ' <a href="/kb/../outside/">x</a>'
                        ' <a href="../gone/">x</a> <a href="/kb/a/#part">absolute ok</a>'
                        ' <a href="/other/">outside</a> <img src="../missing.png" alt="">'
                        ' <a href="javascript:alert(1)">x</a>'
                        ' <a href="https://example.org/kb/b/">own site, absolute, missing</a>',
    })
    broken = {(b.target, b.pages): b.problem
              for b in internal_problems(site, "https://example.org/kb/")}
    assert set(broken) == {
        ("gone/", ("",)), ("../gone/", ("a/",)), ("#nowhere", ("a/",)), ("/other/", ("a/",)),
        ("../missing.png", ("a/",)), ("javascript:alert(1)", ("a/",)),
        ("https://example.org/kb/b/", ("a/",)), ("../#gone", ("a/",)),
        ("../missing-2x.png", ("a/",)), ("/kb/../outside/", ("a/",)),
    }
    assert broken[("../#gone", ("a/",))] == "leads to a missing section '#gone' of /"
    assert broken[("#nowhere", ("a/",))] == "leads to a missing section '#nowhere' of /a/"
    assert broken[("gone/", ("",))] == "leads to a missing page or file (gone/index.html)"
    assert "outside the site" in broken[("/other/", ("a/",))]


def test_links_command_fails_and_names_the_page(tmp_path):
    site = _site(tmp_path / "site", {"index.html": "<p>home</p>",
                                     "b/index.html": '<a href="../nope/">x</a>'})
    result = subprocess.run([sys.executable, "-m", "mskb", "links", str(site), "--config",
                             str(REPO / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "/b/: link '../nope/' leads to a missing page or file (nope/index.html)" in result.stdout
    assert "1 broken link" in result.stderr


# ---------------------------------------------------------------------------------------------
# Cited web addresses
# ---------------------------------------------------------------------------------------------


class _Answers(http.server.BaseHTTPRequestHandler):
    """A stand-in for cited sites: each path answers as real sites do."""

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        path = self.path
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/moved-to-gone":
            self.send_response(302)
            self.send_header("Location", "/gone")
        elif path == "/ok" or (path == "/no-head" and not head):
            self.send_response(200)
        elif path == "/no-head":
            self.send_response(405)
        elif path == "/gone":
            self.send_response(404)
        elif path == "/garbage":
            self.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
            return
        elif path == "/robots-say-no":
            self.send_response(403)
        else:
            self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sites():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_cited_addresses_are_sorted_into_working_gone_and_to_check_by_hand(sites):
    paths = ["/ok", "/moved", "/no-head", "/gone", "/moved-to-gone", "/robots-say-no", "/error",
             "/garbage"]
    links = [ExternalLink(sites + path, [f"content/x.md:{n}"]) for n, path in enumerate(paths)]
    check_external(links, timeout=5)
    status = {link.url.removeprefix(sites): link.status for link in links}
    assert status == {"/ok": "ok", "/moved": "ok", "/no-head": "ok", "/gone": "broken",
                      "/moved-to-gone": "broken", "/robots-say-no": "unsure", "/error": "unsure",
                      "/garbage": "unsure"}
    closed = ExternalLink("http://127.0.0.1:9/")  # nothing listens on the discard port
    check_external([closed], timeout=5)
    assert closed.status == "unsure" and "no answer" in closed.detail


def test_every_cited_address_is_found_with_its_file_and_line(tmp_path):
    content = tmp_path / "content"
    (content / "guides").mkdir(parents=True)
    (content / "guides/a.md").write_text(
        "---\nsources:\n  - url: https://www.nice.org.uk/guidance/ng220\n---\n\n"
        "See [the MS Trust](https://mstrust.org.uk/a-z/spasticity). Also "
        "<https://www.nhs.uk/conditions/multiple-sclerosis/>, and https://www.nice.org.uk/guidance/ng220.\n"
    )
    found = {link.url: link.places for link in external_links(content, root=tmp_path)}
    assert found == {
        "https://www.nice.org.uk/guidance/ng220": ["content/guides/a.md:3",
                                                   "content/guides/a.md:6"],
        "https://mstrust.org.uk/a-z/spasticity": ["content/guides/a.md:6"],
        "https://www.nhs.uk/conditions/multiple-sclerosis/": ["content/guides/a.md:6"],
    }


def test_the_real_articles_cite_many_addresses_each_with_a_place():
    links = external_links(REPO / "content", REPO / "docs", root=REPO)
    assert len(links) > 40
    assert all(link.places and link.url.startswith("https://") for link in links)


# ---------------------------------------------------------------------------------------------
# Reviews and the weekly report
# ---------------------------------------------------------------------------------------------


def test_reviews_due_lists_overdue_articles_oldest_first(project):
    project.write("guides/late.md", article_text(title="Late", next_review="2027-01-02"))
    project.write("guides/later.md", article_text(title="Later", next_review="2027-03-01"))
    project.write("guides/fine.md", article_text(title="Fine", next_review="2028-01-01"))
    diagnostics, published, _ = check_content(project.content)
    assert diagnostics == []
    mine = [a for a in published if a.meta.title in ("Late", "Later", "Fine")]
    due = reviews_due(mine, date(2027, 6, 1))
    assert [(r.title, r.next_review, r.path) for r in due] == [
        ("Late", date(2027, 1, 2), "content/guides/late.md"),
        ("Later", date(2027, 3, 1), "content/guides/later.md")]
    assert [r.title for r in reviews_due(mine, date(2027, 1, 2))] == []  # due that day
    assert [r.title for r in reviews_due(mine, date(2027, 1, 2), within_days=60)] == [
        "Late", "Later"]


def test_weekly_report_lists_what_to_do_and_counts_it():
    gone = ExternalLink("https://gone.example/a|b", ["content/x.md:3"], "broken", "HTTP 404")
    fine = ExternalLink("https://fine.example/", ["content/y.md:4"], "ok", "HTTP 200")
    late = Review("content/guides/late.md", "Late | early", date(2027, 1, 2), "Editorial team")
    refused = ExternalLink("https://shy.example/", ["content/z.md:5"], "unsure", "HTTP 403")
    text, todo = weekly_report([gone, fine, refused], [late], [], date(2027, 6, 1))
    assert todo == 2, "a site that refuses automated checks is listed, not counted"
    assert "## Links to check by hand (1)" in text and "https://shy.example/" in text
    assert "## Broken links (1)" in text and "## Reviews overdue (1)" in text
    assert "https://gone.example/a\\|b | HTTP 404 | content/x.md:3 |" in text  # table stays whole
    assert "Late \\| early (`content/guides/late.md`) | 2027-01-02 | Editorial team |" in text
    assert "fine.example" not in text
    assert weekly_report([fine], [], [], date(2027, 6, 1))[1] == 0


@pytest.mark.parametrize("today, status", [("2026-12-01", 0), ("2040-01-01", 3)])
def test_report_command_exit_status_says_whether_there_is_anything_to_do(tmp_path, today, status):
    report = tmp_path / "report.md"
    result = subprocess.run(
        [sys.executable, "-m", "mskb", "report", "--no-external", "--today", today,
         "--output", str(report)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == status, result.stderr
    overdue = len(check_content(REPO / "content")[1]) if status else 0
    assert f"## Reviews overdue ({overdue})" in report.read_text()


def test_repairing_the_whole_guide_page_keeps_labels_and_descriptions_pointing_home():
    from mskb.printing.print_page import repair_print_page
    page, _ = repair_print_page(
        '<html><body><section class="print-page" id="a"><h2 id="a-x">X</h2>'
        '<input id="q"><label for="q">Q</label><p aria-describedby="q w">t</p>'
        '<dt id="w">w</dt><a href="#a-w">w</a><a href="#contributing">c</a></section>'
        '<section class="print-page" id="b"><dt id="w">w</dt></section></body></html>')
    soup = BeautifulSoup(page, "html.parser")
    assert soup.label["for"] == "a-q" and soup.find(id="a-q").name == "input"
    assert soup.p["aria-describedby"] == "a-q a-w"
    assert [dt["id"] for dt in soup.find_all("dt")] == ["a-w", "b-w"]
    assert soup.find("a", href="#a-w") is not None
    assert soup.find("a", href="#contributing") is None  # left out of the guide: plain text
