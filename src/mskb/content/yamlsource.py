"""YAML parsing that remembers where every value came from.

Front matter and vocabularies are parsed into plain Python data *and* a node tree, so a
diagnostic about ``sources[1].url`` can point at the line where that URL is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps.

    PyYAML turns ``2026-13-01`` into a crash and ``2026-11-01`` into a date before the schema
    sees it; dates stay text here and the schema parses them, with a message a person can act on.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's C parser (PyYAML's ``CSafeLoader``) keeps every mark's line too and reads YAML about
# ten times faster than the pure-Python one, which was most of the time spent loading content
# (issue 15). Its error messages are libyaml's own, though, and the hints below are written for
# PyYAML's: a text the C parser refuses is read again by the Python one for its message.
class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """:class:`_Loader`, parsed by libyaml when PyYAML was built with it."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

_HINTS = {
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "mapping values are not allowed here": (
        "put quotes around text that contains a colon, or check the indentation"
    ),
    "could not find expected ':'": "each line needs `field: value`; check for a missing colon",
    "found undefined alias": "a value starting with * must be quoted",
}


class YamlSyntaxError(Exception):
    """Malformed YAML, with the 1-based line within the parsed text."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


Path = tuple[str | int, ...]
"""Where a value is: mapping keys as text, list positions as numbers (``("sources", 1, "url")``)."""


@dataclass
class YamlDocument:
    """Parsed data, and the line of every value in it.

    The parser's node tree is read once, into :attr:`lines`, and let go: kept for every article
    it held most of the memory of a 5,000-article build (issue 15).
    """

    data: Any
    first_line: int  # file line of the first line of the YAML text
    lines: dict[Path, int]  # 0-based line of each value: its key's line in a mapping
    lists: frozenset[Path]  # the values that are lists (every other container is a mapping)
    duplicates: list[tuple[int, str]]  # (file line, key) of each key written twice

    def line_of(self, loc: tuple[object, ...]) -> int:
        """File line of the value at ``loc``, or of the closest enclosing value that exists.

        A key that is present points at the key's own line; a missing key points at the
        line of the mapping that should hold it.
        """
        path: Path = ()
        for part in loc:
            step: str | int = part if path in self.lists and isinstance(part, int) else str(part)
            if path + (step,) not in self.lines:
                break
            path += (step,)
        return self.first_line + self.lines.get(path, 0)

    def duplicate_keys(self) -> Iterator[tuple[int, str]]:
        """Yield ``(line, key)`` for every key written twice in the same mapping.

        YAML keeps only the last value of a repeated key, so the first would be lost silently.
        """
        yield from self.duplicates


def _index(node: yaml.Node | None, first_line: int
           ) -> tuple[dict[Path, int], frozenset[Path], list[tuple[int, str]]]:
    """:attr:`YamlDocument.lines`, ``lists`` and ``duplicates`` of a node tree, in one pass."""
    lines: dict[Path, int] = {}
    lists: set[Path] = set()
    duplicates: list[tuple[int, str]] = []
    if node is None:
        return lines, frozenset(), duplicates
    lines[()] = node.start_mark.line
    stack: list[tuple[Path, yaml.Node]] = [((), node)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        duplicates.append((first_line + key.start_mark.line, key.value))
                    seen.add(key.value)
                    lines.setdefault(path + (key.value,), key.start_mark.line)  # the first
                    stack.append((path + (key.value,), value))
        elif isinstance(node, yaml.SequenceNode):
            lists.add(path)
            for number, item in enumerate(node.value):
                lines[path + (number,)] = item.start_mark.line
                stack.append((path + (number,), item))
    duplicates.sort()
    return lines, frozenset(lists), duplicates


MAX_DEPTH = 12
"""Deepest nesting of lists and mappings allowed: front matter needs 3, vocabularies 3."""


def _scan(text: str, first_line: int, loader: type = _Loader) -> None:
    """Refuse what the readers of this project never need and an attacker would use.

    One linear pass over the parser's events, before anything is built: anchors and aliases
    (``&a`` and ``*a``: chains of them are expanded exponentially), nesting deeper than
    :data:`MAX_DEPTH` (deep nesting overflows the recursive composer), and a second document.
    """
    depth = documents = 0
    for event in yaml.parse(text, Loader=loader):
        line = first_line + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlSyntaxError(line, "uses a YAML anchor or alias ('&' or '*'); write the "
                                  "value out in full, or put quotes around text starting with "
                                  "& or *")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(line, f"is nested more than {MAX_DEPTH} levels deep; "
                                      "front matter and vocabularies need far fewer")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlSyntaxError(line, "holds a second YAML document (a line '---' or "
                                      "'...'); remove it")


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; raise :class:`YamlSyntaxError` with its file line.

    Every failure of the YAML reader becomes a :class:`YamlSyntaxError`, never a traceback.
    """
    try:
        return _parse(text, first_line, _FastLoader)
    except YamlSyntaxError:
        return _parse(text, first_line, _Loader)  # for PyYAML's message and its hint


def _parse(text: str, first_line: int, kind: type) -> YamlDocument:
    loader = None
    try:
        _scan(text, first_line, kind)
        loader = kind(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:  # a control character or a byte YAML refuses
        line = first_line + text[: exc.position].count("\n")
        raise YamlSyntaxError(
            line, f"is not valid YAML: it contains the invisible control character "
            f"U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X}; "
            "delete it (retype the line if you cannot see it)") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "cannot be read"
        hint = next((h for text_, h in _HINTS.items() if problem.startswith(text_)), "")
        message = f"is not valid YAML: {problem}" + (f" ({hint})" if hint else "")
        raise YamlSyntaxError(line, message) from exc
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise YamlSyntaxError(first_line, f"is not valid YAML: {exc}") from exc
    finally:
        if loader is not None:
            loader.dispose()
    lines, lists, duplicates = _index(node, first_line)
    return YamlDocument(data, first_line, lines, lists, duplicates)
