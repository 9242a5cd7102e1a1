"""Read every file under content/ into validated articles, or into diagnostics.

Nothing is skipped silently: each Markdown file becomes an :class:`Article` (published or
draft) or produces at least one :class:`Diagnostic`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from mskb.diagnostics import Diagnostic, did_you_mean
from mskb.errors import explain
from mskb.schema import KINDS, SLUG_PATTERN, FrontMatter
from mskb.vocabulary import Vocabulary
from mskb.yamlsource import YamlSyntaxError, parse_yaml

DATA_FOLDER = "data"
FOLDER_KINDS = {folder: kind for kind, folder in KINDS.items()}
_FENCE = re.compile(r"^(```|~~~)")
KEY_FACTS = (
    "What it is",
    "How it is taken or done",
    "How soon it may help",
    "Common side effects",
    "Who prescribes or provides it",
)
"""The labelled points every treatment's Key facts box gives, in this order."""
TREATMENT_SECTIONS = (
    "How it works",
    "What the evidence says",
    "What to expect",
    "Questions to ask your clinician",
)
"""The sections every treatment article has, in this order, after the Key facts box."""
_H1 = re.compile(r"^#(?!#)\s")


@dataclass
class Article:
    """One article: where it came from, its validated front matter and its Markdown body."""

    path: str  # as shown in diagnostics, e.g. content/treatments/baclofen.md
    src_uri: str  # e.g. treatments/baclofen.md
    meta: FrontMatter
    body: str

    @property
    def slug(self) -> str:
        return PurePosixPath(self.src_uri).stem

    @property
    def kind(self) -> str:
        return self.meta.kind

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass
class Asset:
    """A non-Markdown file under content/ (an image, say), published as it is."""

    path: str
    src_uri: str


@dataclass
class Loaded:
    articles: list[Article]
    drafts: list[Article]
    assets: list[Asset]
    diagnostics: list[Diagnostic]


def url_of(src_uri: str) -> str:
    """The directory URL a Markdown file is served at.

    ``a/b.md`` and ``a/b/index.md`` -> ``a/b/``.
    """
    path = PurePosixPath(src_uri)
    index = path.stem in ("index", "README")
    parts = path.parent.parts if index else (*path.parent.parts, path.stem)
    return "/".join(parts) + "/" if parts else ""


def load_articles(content_dir: Path, vocabulary: Vocabulary) -> Loaded:
    """Read every file under ``content_dir`` except the vocabularies, in one pass."""
    root = content_dir.name
    loaded = Loaded([], [], [], [])
    urls: dict[str, list[str]] = {}
    for file in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        rel = file.relative_to(content_dir).as_posix()
        display = f"{root}/{rel}"
        if rel.startswith(f"{DATA_FOLDER}/") or file.name.startswith("."):
            continue
        if file.suffix.lower() != ".md":
            loaded.assets.append(Asset(display, rel))
            continue
        problems = list(_path_problems(rel, display, vocabulary))
        urls.setdefault(url_of(rel), []).append(display)
        article = None
        if PurePosixPath(rel).parts[0] in FOLDER_KINDS and len(PurePosixPath(rel).parts) > 1:
            article, read_problems = _read_article(file, rel, display, vocabulary)
            problems.extend(read_problems)
        if problems or article is None:
            loaded.diagnostics.extend(problems)
        elif article.meta.draft:
            loaded.drafts.append(article)
        else:
            loaded.articles.append(article)
    clashes = {display: (url, paths) for url, paths in urls.items() if len(paths) > 1
               for display in paths}
    for display, (url, paths) in clashes.items():
        others = " and ".join(p for p in paths if p != display)
        loaded.diagnostics.append(Diagnostic(
            display, 1, "", f"produces the same web address /{url} as {others}; rename one of them"
        ))
    if clashes:
        loaded.articles = [a for a in loaded.articles if a.path not in clashes]
        loaded.drafts = [a for a in loaded.drafts if a.path not in clashes]
    return loaded


def _path_problems(rel: str, display: str, vocabulary: Vocabulary) -> Iterator[Diagnostic]:
    """Where a file lives decides its kind and URL; check that before reading it."""
    path = PurePosixPath(rel)
    folder = path.parts[0] if len(path.parts) > 1 else ""
    if folder not in FOLDER_KINDS:
        places = ", ".join(f"content/{f}/" for f in FOLDER_KINDS)
        yield Diagnostic(display, 1, "", f"articles must live in one of {places}; move it there")
        return
    for part in (*path.parts[1:-1], path.stem):
        if not re.fullmatch(SLUG_PATTERN, part):
            better = re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") or "article"
            yield Diagnostic(
                display, 1, "",
                f"'{part}' cannot be part of a web address; use lower-case letters, digits and "
                f"hyphens (rename it to '{better}')",
            )
            return
    if folder in ("treatments", "types"):
        vocab_name = "treatments" if folder == "treatments" else "spasticity_types"
        entries = getattr(vocabulary, vocab_name)
        if len(path.parts) != 2 or path.stem == "index":
            yield Diagnostic(
                display, 1, "",
                f"articles in content/{folder}/ are named after a slug from "
                f"{vocabulary.files[vocab_name]}, directly in that folder (no sub-folders, "
                f"no index.md: the index page is generated)",
            )
        elif entries and path.stem not in entries:
            yield Diagnostic(
                display, 1, "",
                f"'{path.stem}' is not in {vocabulary.files[vocab_name]}"
                f"{did_you_mean(path.stem, entries)}; rename the file to a known slug or add "
                f"the new entry to the vocabulary first",
            )
    elif path.stem == "index" and len(path.parts) == 2:
        yield Diagnostic(
            display, 1, "", f"content/{folder}/index.md is generated; give the article another name"
        )


def _read_article(
    file: Path, rel: str, display: str, vocabulary: Vocabulary
) -> tuple[Article | None, list[Diagnostic]]:
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(
            display, line, "",
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file with UTF-8 encoding",
        )]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [Diagnostic(
            display, 1, "",
            "missing front matter: the file must start with a line '---', then the fields "
            "(title, kind, summary, ...), then another '---' (copy archetypes/article.md)",
        )]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, [Diagnostic(
            display, 1, "", "front matter is never closed: add a line '---' after the last field"
        )]
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    problems: list[Diagnostic] = []
    try:
        document = parse_yaml(yaml_text, first_line=2)
    except YamlSyntaxError as exc:
        return None, [Diagnostic(display, exc.line, "", f"front matter is {exc.message}")]
    for line, key in document.duplicate_keys():
        problems.append(Diagnostic(display, line, key, "written twice; keep one"))
    if not isinstance(document.data, dict):
        problems.append(Diagnostic(
            display, 2, "", "front matter must be `field: value` lines, like `title: Baclofen`"
        ))
        return None, problems
    meta = None
    try:
        meta = FrontMatter.model_validate(document.data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        for loc, message in explain(exc, FrontMatter):
            field = ".".join(map(str, loc[:1])) + "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:]
            )
            problems.append(Diagnostic(display, document.line_of(loc), field, message))
    folder_kind = FOLDER_KINDS[PurePosixPath(rel).parts[0]]
    kind = document.data.get("kind")
    if kind in KINDS and kind != folder_kind:
        problems.append(Diagnostic(
            display, document.line_of(("kind",)), "kind",
            f"'{kind}' articles live in content/{KINDS[kind]}/, but this file is in "
            f"content/{KINDS[folder_kind]}/; move the file or write `kind: {folder_kind}`",
        ))
    problems.extend(_body_problems(body, display, end + 2))
    if folder_kind == "treatment" and body.strip():
        problems.extend(_treatment_structure(body, display, end + 2))
    if problems or meta is None:
        return None, problems
    return Article(path=display, src_uri=rel, meta=meta, body=body), []


def _body_problems(body: str, display: str, first_line: int) -> Iterator[Diagnostic]:
    if not body.strip():
        yield Diagnostic(
            display, first_line, "", "the article has no text: write it below the closing '---'"
        )
        return
    fenced = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            yield Diagnostic(
                display, number, "",
                "the page title comes from `title:`; remove this '# ' heading or make it '## '",
            )


def _treatment_structure(body: str, display: str, first_line: int) -> Iterator[Diagnostic]:
    """Every treatment article has the same shape, so readers can compare treatments.

    A ``!!! abstract "Key facts"`` box with the points in :data:`KEY_FACTS`, then the ``##``
    sections in :data:`TREATMENT_SECTIONS`, in order.
    """
    lines = body.split("\n")
    box = next((i for i, line in enumerate(lines) if line.startswith('!!! abstract "Key facts"')),
               None)
    if box is None:
        yield Diagnostic(
            display, first_line, "",
            'a treatment article starts with a `!!! abstract "Key facts"` box listing: '
            + "; ".join(f"**{label}:**" for label in KEY_FACTS),
        )
    else:
        inside = []
        for line in lines[box + 1:]:
            if line.strip() and not line.startswith("    "):
                break
            inside.append(line)
        labels = re.findall(r"^    - \*\*([^*]+?):\*\*", "\n".join(inside), flags=re.M)
        if tuple(labels) != KEY_FACTS:
            missing = [label for label in KEY_FACTS if label not in labels]
            what = f"missing: {', '.join(missing)}" if missing else "they are out of order"
            yield Diagnostic(
                display, first_line + box, "",
                "the Key facts box lists these points, each as `- **Label:** text`, in this "
                f"order: {'; '.join(KEY_FACTS)} ({what})",
            )
    headings = [(i, line[3:].strip()) for i, line in enumerate(lines) if line.startswith("## ")]
    found = [(i, title) for i, title in headings if title in TREATMENT_SECTIONS]
    if tuple(title for _, title in found) != TREATMENT_SECTIONS:
        missing = [title for title in TREATMENT_SECTIONS if title not in dict(found).values()]
        what = f"missing: {', '.join(missing)}" if missing else "they are out of order"
        line = len(lines) - 1
        for (_, before), (i, title) in pairwise(found):
            if TREATMENT_SECTIONS.index(title) < TREATMENT_SECTIONS.index(before):
                line = i
                break
        yield Diagnostic(
            display, first_line + line, "",
            "a treatment article has the sections "
            + ", ".join(f"'## {t}'" for t in TREATMENT_SECTIONS) + f" in this order ({what})",
        )
