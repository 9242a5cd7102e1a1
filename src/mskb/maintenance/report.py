"""The weekly report: cited web addresses that fail, and reviews due, as one Markdown issue body.

The weekly workflow runs ``python -m mskb report`` and keeps one issue labelled ``weekly check``
up to date with what it prints.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from mskb.content.loading import load
from mskb.maintenance.links import ExternalLink, check_external, external_links
from mskb.maintenance.reviews import Review, reviews_due

TODO = 3
"""Exit status of ``report`` when there is something to do (1 stays a failure)."""


def run(content: Path, docs: Path, output: Path | None, today: date, *, external: bool) -> int:
    """Write the report (to ``output`` or standard output); 0, or :data:`TODO`, or 2."""
    checked = load(content)
    if checked.errors:
        for diagnostic in checked.errors:
            print(diagnostic, file=sys.stderr)
        return 2
    cited = external_links(content, docs, root=content.parent) if external else []
    check_external(cited)
    published = checked.articles
    overdue = reviews_due(published, today)
    soon = [r for r in reviews_due(published, today, within_days=28) if r not in overdue]
    text, todo = weekly_report(cited, overdue, soon, today)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    print(f"{todo} thing{'s' if todo != 1 else ''} to do "
          f"({len(cited)} web addresses asked, {len(published)} articles).", file=sys.stderr)
    return TODO if todo else 0


def weekly_report(links: list[ExternalLink], overdue: list[Review], soon: list[Review],
                  today: date) -> tuple[str, int]:
    """The Markdown body of the weekly maintenance issue, and how many things need doing.

    Links that would not answer an automated check are listed but not counted: many sites
    refuse requests from cloud machines, and the issue should close when nothing is gone.
    """
    broken = [link for link in links if link.status == "broken"]
    unsure = [link for link in links if link.status == "unsure"]
    out = [
        f"Checked on {today.isoformat()}: {len(links)} web addresses cited in the articles and "
        "pages, and every article's review date. This issue is updated every week by the "
        "weekly workflow (`.github/workflows/weekly.yml`) and closed when nothing is left.",
        "",
    ]

    def table(title: str, rows: list[str], header: str, empty: str) -> None:
        out.extend([f"## {title} ({len(rows)})", ""])
        out.extend([header, *rows] if rows else [empty])
        out.append("")

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    link_header = "| Web address | Answer | Cited in |\n| --- | --- | --- |"
    def link_row(link: ExternalLink) -> str:
        return f"| {cell(link.url)} | {cell(link.detail)} | {', '.join(link.places)} |"

    table("Broken links", [link_row(link) for link in broken], link_header, "None.")
    table("Links to check by hand", [link_row(link) for link in unsure], link_header, "None.")
    review_header = "| Article | Review due | Last reviewed by |\n| --- | --- | --- |"
    table("Reviews overdue", [f"| {cell(r.title)} (`{r.path}`) | {r.next_review.isoformat()} | "
                              f"{cell(r.reviewed_by)} |" for r in overdue],
          review_header, "None.")
    table("Reviews due in the next four weeks",
          [f"| {cell(r.title)} (`{r.path}`) | {r.next_review.isoformat()} | "
           f"{cell(r.reviewed_by)} |" for r in soon], review_header, "None.")
    return "\n".join(out), len(broken) + len(overdue)
