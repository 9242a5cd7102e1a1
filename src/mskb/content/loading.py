"""Read everything under content/ in one pass, and judge it by the rules.

Nothing is skipped silently: each Markdown file becomes an :class:`Article` (published or
draft) or produces at least one error. Warnings are reported and publish the article all the
same.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from mskb.clock import today_for_build
from mskb.content import frontmatter
from mskb.content.article import (
    IMAGE_SUFFIXES,
    MARKDOWN_SUFFIXES,
    MAX_ARTICLE_BYTES,
    Article,
    Asset,
    FileKind,
    OtherFile,
    SourceFile,
)
from mskb.content.explain import explain, field_path
from mskb.content.glossary import GLOSSARY_FILE, Glossary, load_glossary
from mskb.content.rules import BUILD_RULES, RULES, Context, Rule, check_files
from mskb.content.schema import FrontMatter
from mskb.content.vocabulary import VOCABULARY_FILES, Vocabulary, load_vocabulary
from mskb.content.wholeguide import WHOLE_GUIDE_FILE, WholeGuide, load_whole_guide
from mskb.content.yamlsource import YamlSyntaxError, parse_yaml
from mskb.diagnostics import ContentError, Diagnostic

DATA_FOLDER = "data"
DATA_FILES = frozenset([*(name for name, _ in VOCABULARY_FILES.values()), GLOSSARY_FILE,
                        WHOLE_GUIDE_FILE])


@dataclass
class Content:
    """Everything under content/, read and judged."""

    vocabulary: Vocabulary
    glossary: Glossary
    whole_guide: WholeGuide
    articles: list[Article] = field(default_factory=list)
    drafts: list[Article] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def load(content_dir: Path, *, rules: Iterable[Rule] = RULES, today: date | None = None
         ) -> Content:
    """Read and judge everything; the result lists every problem found in one run."""
    data_dir, display_dir = content_dir / DATA_FOLDER, f"{content_dir.name}/{DATA_FOLDER}"
    vocabulary, problems = load_vocabulary(data_dir, display_dir)
    glossary, glossary_problems = load_glossary(data_dir, display_dir)
    whole_guide, guide_problems = load_whole_guide(data_dir, display_dir)
    content = Content(vocabulary, glossary, whole_guide,
                      diagnostics=problems + glossary_problems + guide_problems)
    files, others = [], []
    for path, kind in walk(content_dir):
        rel = path.relative_to(content_dir).as_posix()
        display = f"{content_dir.name}/{rel}"
        if kind == "article":
            files.append(read(path, display, rel, vocabulary))
        elif kind != "data":
            others.append(OtherFile(display, rel, kind, _size(path)))
    context = Context(vocabulary, glossary, others, today or today_for_build(), whole_guide)
    diagnostics = check_files(files, context, rules)
    content.diagnostics += diagnostics
    failed = {d.path for d in diagnostics if d.severity == "error"}
    content.assets = [Asset(o.path, o.src_uri) for o in others
                      if o.kind == "image" and o.path not in failed]
    for source in files:
        if source.path in failed or source.meta is None:
            continue
        (content.drafts if source.meta.draft else content.articles).append(source.article())
    return content


def walk(content_dir: Path) -> Iterator[tuple[Path, FileKind]]:
    """Every file and link under ``content_dir``, sorted, with what it is; links are never
    followed (a link could publish any file of the machine that builds the site)."""
    for folder, dirs, names in os.walk(content_dir, followlinks=False):
        here = Path(folder)
        dirs.sort()
        for name in sorted(names + [d for d in dirs if (here / d).is_symlink()]):
            path = here / name
            yield path, _kind(path, path.relative_to(content_dir).parts)


def _kind(path: Path, parts: tuple[str, ...]) -> FileKind:
    if path.is_symlink():
        return "link"
    if any(part.startswith(".") for part in parts):
        return "hidden"
    if parts[0] == DATA_FOLDER:
        return "data" if len(parts) == 2 and parts[1] in DATA_FILES else "stray data"
    if path.suffix == ".md":
        return "article"
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return "misnamed article"
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return "image"
    return "other"


def _size(path: Path) -> int:
    return path.lstat().st_size


def load_or_raise(content_dir: Path) -> Content:
    """What the build reads: :func:`load` with the build's rules (every error is among them),
    raising :class:`ContentError` with every diagnostic if any is an error."""
    content = load(content_dir, rules=BUILD_RULES)
    if content.errors:
        raise ContentError(content.diagnostics)
    return content


def read(file: Path, display: str, rel: str, vocabulary: Vocabulary) -> SourceFile:
    """Read one Markdown file: its front matter parsed and validated against the schema.

    Files outside the article folders are not opened: the rules say where to move them.
    """
    source = SourceFile(display, rel, size=_size(file))
    if source.folder_kind is None or source.size > MAX_ARTICLE_BYTES:
        return source  # the rules say where to move it, or that it is too large to read
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        source.problems.append((line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the "
                                      "file with UTF-8 encoding"))
        return source
    source.text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        parts = frontmatter.split(source.text)
    except frontmatter.FrontMatterError as exc:
        source.problems.append((exc.line, exc.message))
        return source
    source.body, source.body_line = parts.body, parts.body_line
    try:
        source.document = parse_yaml(parts.yaml_text, first_line=2)
    except YamlSyntaxError as exc:
        source.problems.append((exc.line, f"front matter {exc.message}"))
        return source
    for line, key in source.document.duplicate_keys():
        source.problems.append((line, f"{key}: written twice; keep one"))
    data = source.document.data
    if not isinstance(data, dict):
        source.problems.append((2, "front matter must be `field: value` lines, like "
                                   "`title: Baclofen`"))
        return source
    source.data = data
    try:
        source.meta = FrontMatter.model_validate(data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        for loc, message in explain(exc, FrontMatter):
            source.problems.append((source.line_of(*loc), f"{field_path(loc)}: {message}"))
    return source
