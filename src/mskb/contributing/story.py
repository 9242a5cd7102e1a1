"""``python -m mskb story``: turn a "Share your experience" issue into a draft experience.

Readers who never used git fill in the issue form in .github/ISSUE_TEMPLATE/; GitHub writes
its answers into the issue body as ``### <label>`` sections. A workflow runs this command when
a maintainer labels the issue, and opens a pull request with the file it writes.

The body comes from anyone on the internet, so the result is a valid, escaped draft under
content/experiences/ or a refusal (:class:`StoryError`) that says what to fix, in words a
maintainer can post back on the issue. Nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import sys
import tempfile
import unicodedata
from datetime import date
from itertools import pairwise
from pathlib import Path

from mskb.content import frontmatter
from mskb.content.frontmatter import slugify
from mskb.content.kinds import KINDS
from mskb.content.loading import DATA_FOLDER, load
from mskb.content.vocabulary import VOCABULARY_FILES, Vocabulary, load_vocabulary
from mskb.contributing.scaffold import a_year_after
from mskb.diagnostics import did_you_mean

FIELDS: dict[str, str] = {
    "title": "A title for your story",
    "summary": "Your story in one or two sentences",
    "story": "Your experience",
    "treatments": "Treatments you mention",
    "spasticity_types": "Kinds of spasticity",
    "body_regions": "Parts of the body",
    "name": "Name to show",
    "consent": "Consent",
}
"""Each field of the issue form: its id there, and its label, which is what the body holds."""
REQUIRED = ("title", "summary", "story")
CONSENT = (
    "This is my own experience, or I share it with the permission of the person it is about.",
    "I agree that an edited version may be published under CC BY-SA 4.0.",
    "I understand that it will be shown as a personal account, not medical advice.",
)
"""The consent boxes of the form, all of which must be ticked."""
ANONYMOUS = "Anonymous contributor"
NO_RESPONSE = "_No response_"
MAX_BODY = 65_536  # GitHub's own limit for an issue body
MAX_STORY = 20_000
MAX_NAME = 60
TITLE_LENGTH = (3, 120)
SUMMARY_LENGTH = (20, 400)
FOLDER = KINDS["experience"].folder

_MARKUP = re.compile(r"<\s*[A-Za-z!/?]")  # what the schema refuses as HTML in plain text
_INVISIBLE = dict.fromkeys((*range(8234, 8239), *range(8294, 8298)))
_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    **{char: "\\" + char for char in "\\[]!{}`"},
})
_TICKED = re.compile(r"^- \[[xX]\] (.*)$")
_ZERO_WIDTH = "\u200b"  # no space, but enough to stop GitHub reading a mention or an address
_AUTOLINKED = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)", re.IGNORECASE)
"""Where GitHub's autolinker sees an address with no markup: ``<scheme>://`` and ``www.``."""


class StoryError(ValueError):
    """Why no article was written, for the maintainer (and to post back on the issue)."""


def form_options(vocabulary: Vocabulary) -> dict[str, list[str]]:
    """The options of each dropdown of the form: the vocabulary's names, in file order."""
    return {attribute: [entry.name for entry in getattr(vocabulary, attribute).values()]
            for attribute in VOCABULARY_FILES}


def parse_issue_body(body: str) -> dict[str, str]:
    """Label -> raw answer, from the ``### <label>`` sections GitHub writes for an issue form.

    GitHub writes the sections in the form's order. The headings up to the story's are found
    from the top and the rest from the bottom, so a story may hold any heading, even a label.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    labels = list(FIELDS.values())
    found = {label: [i for i, line in enumerate(lines) if line.rstrip() == f"### {label}"]
             for label in labels}
    split = labels.index(FIELDS["story"]) + 1
    starts: dict[int, str] = {}
    low, high = 0, len(lines)
    for label in labels[:split]:
        first = next((i for i in found[label] if i >= low), None)
        if first is not None:
            starts[first], low = label, first + 1
    for label in reversed(labels[split:]):
        last = next((i for i in reversed(found[label]) if low <= i < high), None)
        if last is not None:
            starts[last], high = label, last
    bounds = sorted(starts) + [len(lines)]
    return {starts[start]: "\n".join(lines[start + 1:end]).strip()
            for start, end in pairwise(bounds)}


def story_to_article(body: str, *, issue: int, content_dir: Path, today: date) -> Path:
    """Write the draft experience told in issue ``issue``'s ``body``; return its path."""
    if isinstance(issue, bool) or not isinstance(issue, int) or issue < 1:
        raise StoryError(f"{issue!r} is not an issue number")
    if len(body) > MAX_BODY:
        raise StoryError(f"The issue is {len(body):,} characters; the limit is {MAX_BODY:,}. "
                         "Ask the author to shorten it")
    vocabulary, problems = load_vocabulary(content_dir / DATA_FOLDER,
                                           f"{content_dir.name}/{DATA_FOLDER}")
    if problems:
        raise StoryError("The vocabularies have problems: " + "; ".join(map(str, problems)))
    answers = parse_issue_body(body)
    value = {field: _clean(_answer(answers, label)) for field, label in FIELDS.items()}
    for field in REQUIRED:
        if not value[field]:
            raise StoryError(f"The story is missing: {FIELDS[field]}")
    ticked = {m.group(1).strip() for m in map(_TICKED.match, value["consent"].split("\n")) if m}
    for box in CONSENT:
        if box not in ticked:
            raise StoryError(f"The consent box '{box}' is not ticked")

    title = _one_line(value["title"], "title")
    summary = _one_line(value["summary"], "summary")
    name = _one_line(value["name"], "name") or ANONYMOUS
    _check_length(title, "title", *TITLE_LENGTH)
    _check_length(summary, "summary", *SUMMARY_LENGTH)
    _check_length(name, "name", 1, MAX_NAME)
    if not any(char.isalnum() for char in title):
        raise StoryError(f"The title '{title}' has no letters or digits; ask the author for "
                         "a title of a few words")
    story = value["story"]
    if len(story) > MAX_STORY:
        raise StoryError(f"The story is {len(story):,} characters; the limit is "
                         f"{MAX_STORY:,}. Ask the author to shorten it")
    text = escape_story(story)

    next_year = a_year_after(today)
    front = {
        "title": title,
        "kind": "experience",
        "summary": summary,
        **{attribute: _slugs(value[attribute], vocabulary, attribute)
           for attribute in VOCABULARY_FILES},
        "provenance": "contributed",
        "authors": [name],
        "reviewed_by": "Editorial team",
        "published": today.isoformat(),
        "last_reviewed": today.isoformat(),
        "next_review": next_year.isoformat(),
        "sources": [],
        "draft": True,
    }
    comments = (
        f"# Contributed through issue #{issue}. An editor must check this edited version with\n"
        "# the author before it is published. Add `outcomes:` if wanted (for example\n"
        "# `outcomes: {baclofen: helped}`), then delete `draft: true` when it is ready.\n"
    )
    article = frontmatter.write(front, text, comments=comments)

    path = _free_path(content_dir, slugify(title) or f"experience-{issue}", issue)
    _validate(article, path.name, content_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": fail rather than overwrite
        file.write(article)
    return path


def escape_story(story: str) -> str:
    """Markdown that shows the story as text: paragraphs, lists and emphasis, nothing more.

    HTML is escaped as entities; the characters that form links, images, code, attribute lists
    and admonitions are backslash-escaped; indentation is dropped (no code blocks); a level-1
    heading becomes level 2, as the page has its own title.
    """
    lines = []
    for line in story.translate(_ESCAPES).split("\n"):
        line = line.strip()
        line = re.sub(r"^#(?=\s)", "##", line)  # '# Heading' -> '## Heading'
        line = re.sub(r"^#(?!#)", r"\\#", line)  # '#word' is a heading to Python-Markdown too
        line = re.sub(r"^\?", "&#63;", line)  # '??? note' would be a collapsible block
        line = re.sub(r"^~", "&#126;", line)  # '~~~' would open a code block
        line = re.sub(r"^=+$", lambda m: "-" * len(m.group(0)), line)  # setext level 1 -> 2
        lines.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


def for_comment(reason: str) -> str:
    """A refusal made safe to post on the issue: it may quote the author's own words, so no
    @mention, link, image or HTML in it may work.

    Markup is escaped as in :func:`escape_story`; a zero-width space (U+200B) after each ``@``
    and inside each ``://`` and ``www.`` keeps GitHub from making mentions, e-mail or web links
    of bare text (``https:<U+200B>//evil.example``), which still reads the same.
    """
    text = escape_story(reason.replace("@", "@" + _ZERO_WIDTH)).replace("\n", " ").strip()
    return _AUTOLINKED.sub(_ZERO_WIDTH, text)


def _answer(answers: dict[str, str], label: str) -> str:
    value = answers.get(label, "")
    return "" if value == NO_RESPONSE else value


def _clean(text: str) -> str:
    """Newlines normalised; control characters (but tab and newline) and bidi controls gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").translate(_INVISIBLE)
    return "".join(char for char in text
                   if char in "\n\t" or unicodedata.category(char) != "Cc").strip()


def _one_line(text: str, what: str) -> str:
    line = " ".join(text.split())
    match = _MARKUP.search(line)
    if match:
        raise StoryError(f"The {what} contains HTML markup "
                         f"('{line[match.start():match.start() + 8]}'); it must be plain text")
    return line


def _check_length(text: str, what: str, low: int, high: int) -> None:
    if not low <= len(text) <= high:
        raise StoryError(f"The {what} is {len(text):,} characters; it must be {low} to {high}")


def _slugs(answer: str, vocabulary: Vocabulary, attribute: str) -> list[str]:
    """Dropdown answers -> slugs. GitHub joins them with ', ' and some names hold commas, so
    the longest run of pieces that is a known name (or alias, any case) is taken each time.

    A run of n pieces holds n - 1 commas (no piece holds one), so no run longer than the most
    commas in any slug, name or alias, plus one, can match: only those are tried, which keeps
    the work linear in the number of pieces (trying every run was cubic).
    """
    entries = getattr(vocabulary, attribute)
    longest = 1 + max((name.count(",") for entry in entries.values()
                       for name in (entry.slug, entry.name, *entry.other_names)), default=0)
    none = answer == "None" and not vocabulary.alias_of(attribute, "None")  # an empty dropdown
    pieces = [piece.strip() for piece in answer.split(",")] if answer and not none else []
    slugs: list[str] = []
    start = 0
    while start < len(pieces):
        for end in range(min(len(pieces), start + longest), start, -1):
            candidate = ", ".join(pieces[start:end])
            slug = candidate if candidate in entries else vocabulary.alias_of(attribute,
                                                                             candidate)
            if slug:
                break
        else:
            if not pieces[start]:
                start += 1
                continue
            names = [name.lower() for entry in entries.values()
                     for name in (entry.name, *entry.other_names)]
            what = attribute.replace("_", " ").rstrip("s")
            raise StoryError(f"'{pieces[start]}' is not a {what} in {vocabulary.files[attribute]}"
                             f"{did_you_mean(pieces[start], names)}")
        if slug not in slugs:
            slugs.append(slug)
        start = end
    return slugs


def _free_path(content_dir: Path, slug: str, issue: int) -> Path:
    """``<slug>.md``, else ``<slug>-<issue>.md``, inside the experiences folder; never taken."""
    folder = content_dir / FOLDER
    names = [f"{slug}-{issue}.md"] if slug == "index" else [f"{slug}.md", f"{slug}-{issue}.md"]
    for name in names:
        path = folder / name
        if path.resolve().parent != folder.resolve():
            raise StoryError(f"'{name}' would land outside {content_dir.name}/{FOLDER}/")
        if not path.exists():
            return path
    raise StoryError(f"{content_dir.name}/{FOLDER}/{names[-1]} already exists; rename that file "
                     "or delete it if it came from this issue, then try again")


def _validate(article: str, filename: str, content_dir: Path) -> None:
    """Check the article with the project's own checker, in a scratch copy of the vocabularies.

    Errors refuse it; warnings (readability, say) do not: a patient's own words are kept.
    """
    with tempfile.TemporaryDirectory() as scratch:
        content = Path(scratch) / content_dir.name
        shutil.copytree(content_dir / DATA_FOLDER, content / DATA_FOLDER)
        (content / FOLDER).mkdir(parents=True)
        (content / FOLDER / filename).write_text(article, encoding="utf-8")
        checked = load(content)
    errors = [d for d in checked.errors if d.path.endswith(f"/{FOLDER}/{filename}")]
    if errors or len(checked.drafts) != 1:
        raise StoryError("The article would not pass the check: "
                         + "; ".join(map(str, errors)))


def run(argv: list[str]) -> int:
    """The command line: 0 when the file was written, 1 when refused, 2 for a usage error."""
    parser = argparse.ArgumentParser(
        prog="python -m mskb story",
        description="Turn a 'Share your experience' issue into a draft experience.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--event", type=Path,
                        help="a GitHub event JSON file (issue.body and issue.number are read)")
    source.add_argument("--body", type=Path, help="a file holding the issue body (with --issue)")
    parser.add_argument("--issue", type=int, help="the issue number, with --body")
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="the content folder (default: ./content)")
    parser.add_argument("--github-output", type=Path,
                        help="append path=<file>, or error=<why>, to this file ($GITHUB_OUTPUT)")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the date to write, as YYYY-MM-DD (default: today)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.event:
            issue = json.loads(args.event.read_text(encoding="utf-8"))["issue"]
            body, number = issue["body"] or "", int(issue["number"])
        else:
            if args.issue is None:
                parser.print_usage(sys.stderr)
                print("error: --body needs --issue N", file=sys.stderr)
                return 2
            body, number = args.body.read_text(encoding="utf-8"), args.issue
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: cannot read the issue: {exc!r}", file=sys.stderr)
        return 2
    try:
        path = story_to_article(body, issue=number, content_dir=args.content,
                                today=args.today or date.today())
    except StoryError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        if args.github_output:
            reason = for_comment(str(exc))
            delimiter = f"EOF_{secrets.token_hex(16)}"
            while delimiter in reason:
                delimiter = f"EOF_{secrets.token_hex(16)}"
            _append(args.github_output, f"error<<{delimiter}\n{reason}\n{delimiter}\n")
        return 1
    print(path)
    if args.github_output:
        _append(args.github_output, f"path={path}\n")
    return 0


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)
