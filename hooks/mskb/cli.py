"""``python -m mskb check``: the build's content validation, without building.

Fast enough for a pre-commit hook; prints one ``path:line: field: message`` line per problem,
or with ``--format github`` one annotation per problem that GitHub shows on the pull request.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from mskb.diagnostics import Diagnostic
from mskb.readability import GRADE_LIMIT, smog_grade
from mskb.scaffold import ScaffoldError, new_article
from mskb.schema import FrontMatter
from mskb.site import check_content


def main(argv: list[str] | None = None) -> int:
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
    new = commands.add_parser("new", help="start a new article from a template, as a draft")
    new.add_argument("kind", help="spasticity-type, treatment, experience or guide")
    new.add_argument("title", help='the title, in quotes: "My first month on baclofen"')
    new.add_argument("--content", default="content", type=Path,
                     help="the content folder (default: ./content)")
    args = parser.parse_args(argv)

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
            "Help: docs/contributing/index.md",
            file=sys.stderr,
        )
        return 1
    _report_readability(published + drafts, show_all=args.readability, github=args.format == "github")
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
