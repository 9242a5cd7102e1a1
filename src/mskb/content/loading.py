"""Read everything under content/ in one pass, and judge it by the rules.

Nothing is skipped silently: each Markdown file becomes an :class:`Article` (published or
draft) or produces at least one error. Warnings are reported and publish the article all the
same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from mskb.content import frontmatter
from mskb.content.article import Article, Asset, SourceFile
from mskb.content.explain import explain, field_path
from mskb.content.glossary import Glossary, load_glossary
from mskb.content.rules import Context, check_files
from mskb.content.schema import FrontMatter
from mskb.content.vocabulary import Vocabulary, load_vocabulary
from mskb.content.yamlsource import YamlSyntaxError, parse_yaml
from mskb.diagnostics import ContentError, Diagnostic

DATA_FOLDER = "data"


@dataclass
class Content:
    """Everything under content/, read and judged."""

    vocabulary: Vocabulary
    glossary: Glossary
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


def load(content_dir: Path) -> Content:
    """Read and judge everything; the result lists every problem found in one run."""
    data_dir, display_dir = content_dir / DATA_FOLDER, f"{content_dir.name}/{DATA_FOLDER}"
    vocabulary, problems = load_vocabulary(data_dir, display_dir)
    glossary, glossary_problems = load_glossary(data_dir, display_dir)
    content = Content(vocabulary, glossary, diagnostics=problems + glossary_problems)
    files = []
    for file in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        rel = file.relative_to(content_dir).as_posix()
        if rel.startswith(f"{DATA_FOLDER}/") or file.name.startswith("."):
            continue
        display = f"{content_dir.name}/{rel}"
        if file.suffix.lower() != ".md":
            content.assets.append(Asset(display, rel))
            continue
        files.append(read(file, display, rel, vocabulary))
    diagnostics = check_files(files, Context(vocabulary, glossary))
    content.diagnostics += diagnostics
    failed = {d.path for d in diagnostics if d.severity == "error"}
    for source in files:
        if source.path in failed or source.meta is None:
            continue
        (content.drafts if source.meta.draft else content.articles).append(source.article())
    return content


def load_or_raise(content_dir: Path) -> Content:
    """:func:`load`, raising :class:`ContentError` with every diagnostic if any is an error."""
    content = load(content_dir)
    if content.errors:
        raise ContentError(content.diagnostics)
    return content


def read(file: Path, display: str, rel: str, vocabulary: Vocabulary) -> SourceFile:
    """Read one Markdown file: its front matter parsed and validated against the schema.

    Files outside the article folders are not opened: the rules say where to move them.
    """
    source = SourceFile(display, rel)
    if source.folder_kind is None:
        return source
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
        source.problems.append((exc.line, f"front matter is {exc.message}"))
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
