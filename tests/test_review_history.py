"""The public review trail (issue 13): every article's Review history, whether a clinician has
reviewed it, and the dates its file changed on in the repository's history."""

from __future__ import annotations

import os
import subprocess
from datetime import date

import pytest

from conftest import Project, article_text
from mskb.maintenance.history import changed_dates, parse_log

GUIDE = "guides/a-test-guide.md"
URL = "guides/a-test-guide/"


def _history(project: Project, url: str = URL):
    return project.article(url).select_one(".kb-review-history")


def _git(project: Project, *args: str, when: str = "2026-01-01T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args],
                   cwd=project.root, env=env, check=True, capture_output=True)


def test_the_page_shows_the_dates_of_the_commits_that_changed_the_article(project: Project):
    project.write(GUIDE, article_text())
    _git(project, "init", "-q")
    _git(project, "add", "-A", when="2026-02-01T12:00:00+00:00")
    _git(project, "commit", "-q", "-m", "First", when="2026-02-01T12:00:00+00:00")
    project.write(GUIDE, article_text(body="Some changed text for the body.\n"))
    _git(project, "commit", "-q", "-am", "Second", when="2026-03-02T12:00:00+00:00")
    project.build()
    changed = _history(project).select_one(".kb-changed-on").get_text(" ", strip=True)
    assert changed == "Changed on: 2 March 2026, 1 February 2026"
    other = _history(project, "treatments/baclofen/").select_one(".kb-changed-on")
    assert other.get_text(" ", strip=True) == "Changed on: 1 February 2026"


def test_without_git_history_the_page_shows_no_dates_and_the_build_succeeds(
        project: Project, monkeypatch):
    project.write(GUIDE, article_text())
    project.build()  # a copy without .git
    assert _history(project).select_one(".kb-changed-on") is None
    monkeypatch.setenv("PATH", "")  # no git at all
    assert changed_dates(project.content) == {}


def test_a_shallow_clone_shows_no_dates_rather_than_wrong_ones():
    shallow = "\x1e2026-03-02\x1fgrafted, HEAD -> main\n\nguides/a.md\n"
    assert parse_log(shallow) == {}
    full = ("\x1e2026-03-02\x1fHEAD -> main\n\nguides/a.md\n"
            "\x1e2026-03-02\x1f\n\nguides/a.md\n"
            "\x1e2026-02-01\x1f\n\nguides/a.md\nguides/b.md\n")
    assert parse_log(full) == {"guides/a.md": [date(2026, 3, 2), date(2026, 2, 1)],
                               "guides/b.md": [date(2026, 2, 1)]}
    assert parse_log(full, limit=1)["guides/a.md"] == [date(2026, 3, 2)]


def test_an_article_no_clinician_has_reviewed_says_so(project: Project):
    project.write(GUIDE, article_text())  # reviewed_by: Editorial team, no `reviews`
    project.build()
    history = _history(project)
    text = history.get_text(" ", strip=True)
    assert "Last reviewed: 2 January 2026" in text and "Reviewed by: Editorial team" in text
    assert history.find_all("li") == []  # no recorded reviews beyond the dates above
    assert history.select_one(".kb-no-clinician").get_text(strip=True) == \
        "No clinician has reviewed this article yet."


def test_the_review_history_lists_each_review_and_a_clinician_review_is_not_denied(
        project: Project):
    reviews = [
        {"date": "2026-01-02", "reviewer": "Neurologist",
         "changes": "Checked the doses against the BNF."},
        {"date": "2026-01-01", "reviewer": "Editorial team", "changes": "First published."},
    ]
    project.write(GUIDE, article_text(reviews=reviews))
    project.build()
    history = _history(project)
    assert history.find("h2").get_text(strip=True) == "Review history"
    assert [li.get_text(" ", strip=True) for li in history.find_all("li")] == [
        "2 January 2026 , Neurologist: Checked the doses against the BNF.",
        "1 January 2026 , Editorial team: First published."]
    assert history.select_one(".kb-no-clinician") is None


@pytest.mark.parametrize(("reviews", "expected"), [
    ([{"date": "2026-01-02", "reviewer": "Neurologist", "changes": "Checked."},
      {"date": "2026-01-03", "reviewer": "Editorial team", "changes": "Typo."}],
     ["content/guides/a-test-guide.md:24: reviews: 2026-01-03 is after last_reviewed "
      "(2026-01-02); correct the date, or set `last_reviewed: 2026-01-03`",
      "content/guides/a-test-guide.md:24: reviews: reviews are listed newest first: move the "
      "review of 2026-01-03 above the one of 2026-01-02"]),
    ([{"date": "2026-01-01", "reviewer": "Editorial team", "changes": "First published."}],
     ["content/guides/a-test-guide.md:20: reviews: the newest review is of 2026-01-01, but "
      "last_reviewed is 2026-01-02; add the review of 2026-01-02 at the top of `reviews` (date, "
      "reviewer, changes)"]),
], ids=["after-last-reviewed-and-out-of-order", "newest-is-not-last-reviewed"])
def test_the_review_history_agrees_with_last_reviewed(tmp_path, reviews, expected):
    from test_rules import _content

    from mskb.content.loading import load

    content = load(_content(tmp_path, {"guides/a-test-guide.md": article_text(reviews=reviews)}))
    assert [str(d) for d in content.diagnostics if d.rule == "review-history"] == expected


def test_a_reviewer_is_a_role_from_the_list(tmp_path):
    from test_rules import _content

    from mskb.content.loading import load

    reviews = [{"date": "2026-01-02", "reviewer": "Dr Smith", "changes": "Checked."}]
    content = load(_content(tmp_path, {"guides/a.md": article_text(reviews=reviews)}))
    (message,) = [str(d) for d in content.diagnostics]
    assert message.startswith("content/guides/a.md:22: reviews[0].reviewer: 'Dr Smith' is not "
                              "allowed; use one of 'Editorial team', 'Person with MS', ")


def test_the_build_reads_the_history_of_every_file_with_one_git_call(monkeypatch):
    import mskb.maintenance.history as history
    from conftest import REPO
    from mskb.pages.build import build_site

    calls = []
    run = subprocess.run

    def counted(*args, **kwargs):
        calls.append(args[0])
        return run(*args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counted)
    site = build_site(REPO / "content")
    assert len(calls) == 1
    assert len(site.pages) > 40
