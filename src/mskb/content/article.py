"""What the content package hands on: articles, files published as they are, and their URLs."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import TypeAdapter, ValidationError

from mskb.content.kinds import BY_FOLDER, Kind
from mskb.content.schema import FrontMatter
from mskb.content.yamlsource import YamlDocument


class _Invalid:
    """A field that is missing or does not match the schema (the schema reports it)."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
# One validator per field, built at run time from the schema's annotations: not a type that a
# static checker can read, so mypy rejects it as TypeAdapter's argument.
_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]
    for name, info in FrontMatter.model_fields.items()
}


MAX_ARTICLE_BYTES = 200_000
"""An article longer than this (about 30,000 words) is refused unread: split it."""
MAX_IMAGE_BYTES = 1_000_000
"""Readers on phones pay for every byte: an image is at most this size."""
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
"""The only files published from content/ besides articles. Not SVG: it can hold scripts."""
FileKind = Literal["article", "data", "image", "link", "hidden", "stray data",
                   "misnamed article", "other"]


@dataclass(frozen=True)
class OtherFile:
    """A file under content/ that is not an article: an image, or something the rules refuse."""

    path: str  # content/guides/images/stretch.png
    src_uri: str  # guides/images/stretch.png
    kind: FileKind
    size: int


@functools.lru_cache(maxsize=16384)  # asked for each link of each bundle member (issue 15)
def url_of(src_uri: str) -> str:
    """The directory URL a Markdown file is served at.

    ``a/b.md`` and ``a/b/index.md`` -> ``a/b/``.
    """
    path = PurePosixPath(src_uri)
    index = path.stem in ("index", "README")
    parts = path.parent.parts if index else (*path.parent.parts, path.stem)
    return "/".join(parts) + "/" if parts else ""


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
class SourceFile:
    """A Markdown file under content/ as read, before the rules judge it.

    ``meta`` is None when the front matter could not be read or does not match the schema; the
    problems found while reading are in ``problems`` as ``(line, message)``.
    """

    path: str  # content/treatments/baclofen.md
    src_uri: str  # treatments/baclofen.md
    text: str = ""
    data: dict[str, Any] | None = None  # the front matter as written
    document: YamlDocument | None = None
    meta: FrontMatter | None = None
    body: str = ""
    body_line: int = 1  # the file line the body starts on
    size: int = 0  # bytes
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def folder_kind(self) -> Kind | None:
        """The kind its folder says it is (None outside the article folders)."""
        parts = PurePosixPath(self.src_uri).parts
        return BY_FOLDER.get(parts[0]) if len(parts) > 1 else None

    def value(self, name: str) -> Any:
        """The validated value of one front matter field, or :data:`INVALID`.

        Each field is validated on its own (its default when it is left out), so a rule that
        compares two fields runs whatever other fields are wrong, and does not depend on the
        order in which fields are declared in the schema or written in the file.
        """
        if self.meta is not None:
            return getattr(self.meta, name)
        if self.data is None:
            return INVALID
        info = FrontMatter.model_fields[name]
        if name not in self.data:
            return INVALID if info.is_required() else info.get_default(call_default_factory=True)
        value = self.data[name]
        try:
            return _ADAPTERS[name].validate_python(
                value.strip() if isinstance(value, str) else value)
        except ValidationError:
            return INVALID

    def line_of(self, *loc: object) -> int:
        """The file line of the front matter value at ``loc`` (``"sources", 1, "url"``)."""
        return self.document.line_of(loc) if self.document else 1

    def body_lines(self) -> list[tuple[int, str]]:
        """``(file line, text)`` of each body line."""
        return list(enumerate(self.body.split("\n"), start=self.body_line))

    def article(self) -> Article:
        assert self.meta is not None, "only a file whose front matter passed has an article"
        return Article(self.path, self.src_uri, self.meta, self.body)
