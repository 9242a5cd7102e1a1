"""``python -m mskb``: the knowledge base's tools for contributors, CI and maintainers.

``check`` is the build's content validation without building: fast enough for a pre-commit hook,
it prints one ``path:line: field: message`` line per problem, or with ``--format github`` one
annotation per problem that GitHub shows on the pull request. ``new`` starts an article,
``links`` checks the built site, ``report`` is the weekly check, ``story`` turns a story issue
into a draft, ``reference`` regenerates the front matter reference in CONTRIBUTING.md and
``benchmark`` measures how the build grows with generated articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from mskb.content.loading import load
from mskb.content.readability import smog_grade
from mskb.content.schema import FrontMatter
from mskb.contributing import repository, story
from mskb.contributing.reference import GUIDE, with_reference
from mskb.contributing.scaffold import ScaffoldError, new_article
from mskb.diagnostics import plural
from mskb.maintenance import benchmark
from mskb.maintenance import links as linkcheck
from mskb.maintenance import report as weekly


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["story"]:  # it has its own arguments (mskb.story.run)
        return story.run(argv[1:])
    if argv[:1] == ["benchmark"]:  # so has this (mskb.maintenance.benchmark.run)
        return benchmark.run(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m mskb", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every article and vocabulary")
    check.add_argument(
        "content", nargs="?", default="content", type=Path,
        help="the content folder (default: ./content)",
    )
    check.add_argument(
        "--readability", action="store_true",
        help="also list every article's SMOG grade (the readability rule warns above the limit)",
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
    commands.add_parser(
        "benchmark", help="add N generated articles to a copy of the site and measure the "
        "build against stock Material; see `python -m mskb benchmark --help`")
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
        return weekly.run(Path("content"), Path("docs"), args.output,
                          args.today or date.today(), external=not args.no_external)
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

    return _check(args.content, github=args.format == "github", grades=args.readability)


def _check(content_dir: Path, *, github: bool, grades: bool) -> int:
    """Print every error and warning; exit status 1 when there is an error, else 0."""
    if not content_dir.is_dir():
        print(f"{content_dir}: no such folder; run this from the repository root",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    checked = load(content_dir)
    elapsed = time.perf_counter() - started
    for diagnostic in checked.diagnostics:
        print(diagnostic.github() if github else diagnostic)
    if grades:
        for article in sorted(checked.articles + checked.drafts, key=lambda a: a.path):
            print(f"{article.path}: readability: SMOG grade {smog_grade(article.body)}")
    errors, warnings = checked.errors, checked.warnings
    counts = f"{plural(len(errors), 'error')} and {plural(len(warnings), 'warning')}"
    if errors:
        files = len({d.path for d in errors})
        print(f"\n{counts} in {plural(files, 'file')}. Each line says file:line: field: what to "
              "fix; nothing is published until the errors are fixed. Help: CONTRIBUTING.md",
              file=sys.stderr)
        return 1
    print(f"{plural(len(checked.articles), 'article')} and {plural(len(checked.drafts), 'draft')} "
          f"checked in {elapsed:.2f} s: {counts}"
          + (" (warnings do not stop the build)." if warnings else "."))
    return 0


def _links(site: Path, config: Path) -> int:
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here; run ./scripts/build first", file=sys.stderr)
        return 2
    site_url = repository.setting(config, "site_url")
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
