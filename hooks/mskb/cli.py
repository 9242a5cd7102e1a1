"""``python -m mskb``: the knowledge base's tools for contributors, CI and maintainers.

``check`` is the build's content validation without building: fast enough for a pre-commit hook,
it prints one ``path:line: field: message`` line per problem, or with ``--format github`` one
annotation per problem that GitHub shows on the pull request. ``new`` starts an article,
``links`` checks the built site, ``report`` is the weekly check, ``story`` turns a story issue
into a draft and ``reference`` regenerates the front matter reference in CONTRIBUTING.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import yaml

from mskb import links as linkcheck
from mskb import story
from mskb.diagnostics import Diagnostic
from mskb.readability import GRADE_LIMIT, smog_grade
from mskb.reference import GUIDE, with_reference
from mskb.scaffold import ScaffoldError, new_article
from mskb.schema import FrontMatter
from mskb.site import check_content


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["story"]:  # it has its own arguments (mskb.story.run)
        return story.run(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m mskb", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every article and vocabulary")
    check.add_argument(
        "content", nargs="?", default="content", type=Path,
        help="the content folder (default: ./content)",
    )
    check.add_argument(
        "--readability", action="store_true",
        help="list every article's SMOG grade, not only those above the limit",
    )
    check.add_argument(
        "--format", choices=("text", "github"), default="text",
        help="github: print annotations that GitHub shows on the pull request's lines",
    )
    commands.add_parser("schema", help="print the front matter schema as JSON Schema")
    links = commands.add_parser(
        "links", help="check every link inside the built site (run after mkdocs build)")
    links.add_argument("site", nargs="?", default="site", type=Path,
                       help="the built site (default: ./site)")
    links.add_argument("--config", default="mkdocs.yml", type=Path,
                       help="mkdocs.yml, for the published address (default: ./mkdocs.yml)")
    commands.add_parser(
        "story", help="turn a 'Share your experience' issue into a draft article (the story "
        "workflow runs it); see `python -m mskb story --help`")
    reference = commands.add_parser(
        "reference", help="regenerate the front matter reference in CONTRIBUTING.md")
    reference.add_argument("file", nargs="?", default=Path(GUIDE), type=Path,
                           help=f"the guide to update (default: ./{GUIDE})")
    reference.add_argument("--check", action="store_true",
                           help="change nothing; fail if the reference is out of date")
    report = commands.add_parser(
        "report", help="weekly report: cited web addresses that fail, and reviews due; "
        "exit status 3 when there is something to do")
    report.add_argument("--output", type=Path, help="write the Markdown report to this file")
    report.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the date to compare review dates with (default: today)")
    report.add_argument("--no-external", action="store_true",
                        help="skip asking the cited web sites (reviews only)")
    new = commands.add_parser("new", help="start a new article from a template, as a draft")
    new.add_argument("kind", help="spasticity-type, treatment, experience or guide")
    new.add_argument("title", help='the title, in quotes: "My first month on baclofen"')
    new.add_argument("--content", default="content", type=Path,
                     help="the content folder (default: ./content)")
    args = parser.parse_args(argv)

    if args.command == "reference":
        return _reference(args.file, check=args.check)
    if args.command == "links":
        return _links(args.site, args.config)
    if args.command == "report":
        return _report(Path("content"), Path("docs"), args.output, args.today or date.today(),
                       external=not args.no_external)
    if args.command == "new":
        try:
            path = new_article(args.content, args.kind, args.title)
        except ScaffoldError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"Wrote {path}: replace every TODO, check with ./scripts/check, and delete "
              "`draft: true` when it is ready.")
        return 0

    if args.command == "schema":
        print(json.dumps(FrontMatter.model_json_schema(), indent=2))
        return 0

    if not args.content.is_dir():
        print(f"{args.content}: no such folder; run this from the repository root", file=sys.stderr)
        return 2
    started = time.perf_counter()
    diagnostics, published, drafts = check_content(args.content)
    elapsed = time.perf_counter() - started
    for diagnostic in diagnostics:
        print(diagnostic.github() if args.format == "github" else diagnostic)
    if diagnostics:
        files = len({d.path for d in diagnostics})
        print(
            f"\n{len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}. Each line says file:line: field: what to fix. "
            "Help: CONTRIBUTING.md",
            file=sys.stderr,
        )
        return 1
    _report_readability(published + drafts, show_all=args.readability,
                        github=args.format == "github")
    print(
        f"{len(published)} articles and {len(drafts)} drafts checked in {elapsed:.2f} s: "
        "no problems."
    )
    return 0


def _report_readability(articles, *, show_all: bool, github: bool = False) -> None:
    """Print SMOG grades: every article with --readability, else only those over the limit."""
    grades = sorted(((smog_grade(a.body), a.path) for a in articles), reverse=True)
    for grade, path in grades:
        if grade > GRADE_LIMIT:
            advice = (f"SMOG grade {grade} is above {GRADE_LIMIT:g}; use shorter sentences and "
                      "everyday words")
            if github:
                print(Diagnostic(path, 1, "readability", advice).github("warning"))
            else:
                print(f"{path}: readability: {advice} (warning)")
        elif show_all:
            print(f"{path}: readability: SMOG grade {grade}")
    if grades:
        middle = grades[len(grades) // 2][0]
        print(f"Readability: median SMOG grade {middle}, hardest {grades[0][0]} ({grades[0][1]}).")


class _AnyTags(yaml.SafeLoader):
    """Reads mkdocs.yml for one setting, whatever tags (``!ENV``, ``!!python/name``) it uses."""


_AnyTags.add_multi_constructor("", lambda loader, suffix, node: None)


def _links(site: Path, config: Path) -> int:
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here; run ./scripts/build first", file=sys.stderr)
        return 2
    site_url = ""
    if config.is_file():
        settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTags) or {}
        site_url = settings.get("site_url") or ""
    started = time.perf_counter()
    broken = linkcheck.internal_problems(site, site_url)
    pages = sum(1 for _ in site.rglob("*.html"))
    for link in broken:
        print(link)
    print(f"{pages} pages checked in {time.perf_counter() - started:.1f} s: "
          + (f"{len(broken)} broken link{'s' if len(broken) != 1 else ''}." if broken
             else "every internal link and anchor leads somewhere."),
          file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0


TODO = 3
"""Exit status of ``report`` when there is something to do (1 stays a failure)."""


def _report(content: Path, docs: Path, output: Path | None, today: date, *,
            external: bool) -> int:
    diagnostics, published, drafts = check_content(content)
    if diagnostics:
        for diagnostic in diagnostics:
            print(diagnostic, file=sys.stderr)
        return 2
    cited = linkcheck.external_links(content, docs, root=content.parent) if external else []
    linkcheck.check_external(cited)
    overdue = linkcheck.reviews_due(published, today)
    soon = [r for r in linkcheck.reviews_due(published, today, within_days=28)
            if r not in overdue]
    text, todo = linkcheck.weekly_report(cited, overdue, soon, today)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    print(f"{todo} thing{'s' if todo != 1 else ''} to do "
          f"({len(cited)} web addresses asked, {len(published)} articles).", file=sys.stderr)
    return TODO if todo else 0


def _reference(file: Path, *, check: bool) -> int:
    try:
        current = file.read_text(encoding="utf-8")
        updated = with_reference(current)
    except (OSError, ValueError) as exc:
        print(f"{file}: {exc}", file=sys.stderr)
        return 2
    if updated == current:
        print(f"{file}: the front matter reference is up to date.")
        return 0
    if check:
        print(f"{file}: the front matter reference differs from the schema; run "
              "`python -m mskb reference` to regenerate it.", file=sys.stderr)
        return 1
    file.write_text(updated, encoding="utf-8")
    print(f"{file}: front matter reference regenerated from the schema.")
    return 0
