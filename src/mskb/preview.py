"""Preview builds: which pages a ``./scripts/serve`` rebuild has to write again.

``./scripts/serve`` runs ``mkdocs serve --dirty`` with ``KB_PREVIEW=1``. In a dirty build
MkDocs renders and writes only the pages whose ``File.is_modified()`` is true; every page of
this site is generated in memory (``hooks/content.py``), and such a file always says it was
modified, so every edit rebuilt the whole site (about 23 s at 1,000 added articles). Here each
page says honestly whether it changed since the output already in the site folder was written.

A page changed when its **inputs** differ from those of the build that wrote its output:

- its Markdown (for an article, a topic page, an index, the A to Z...: everything
  ``mskb.pages.build`` knows about it, including the titles and summaries of the pages it
  lists, so a page that lists an edited article is rebuilt when what it shows of it changes);
- for a topic bundle (``print/...``), the inputs of each of its members too: a bundle is filled
  with its members' rendered HTML (``hooks/printing.py``). The members it is rebuilt with are
  not rendered again: their HTML as last written is kept in the site folder
  (:func:`store_content`);
- what every page shares (:func:`setup_digest`): ``mkdocs.yml``, the hooks, the theme
  overrides, the glossary, the build date. When any of these changes, every page is rebuilt.

What a build needs from the last one is in the site folder, under :data:`STORE` (a dot folder,
which MkDocs never removes or copies): the digest of the inputs of each page written, with its
title (:data:`MANIFEST`), and each page's rendered HTML. Nothing is kept in Python between
rebuilds, and a page whose output is missing is always rebuilt.

A build that skips some pages is **partial** (:func:`is_partial_build`). What reads every page
(the whole guide, the search index) keeps the output of the last complete build in a partial
build: those hooks and plugins ask :func:`is_partial_build` and do nothing.

Plain logic: this module imports nothing from MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mskb.content import frontmatter
from mskb.printing.bundles import BUNDLE_FOLDER

ENVIRONMENT_SWITCH = "KB_PREVIEW"
"""Set to 1 by ``./scripts/serve`` (with ``mkdocs serve --dirty``); ``--full`` leaves it out."""
STORE = ".kb-preview"
"""In the site folder (a dot folder: MkDocs neither removes nor copies it): what a preview build
needs from the last one."""
MANIFEST = f"{STORE}/manifest.json"
"""The inputs' digest and the title of every page written."""
PARTIAL_BUILD = "kb_partial_build"
"""``config.extra`` key: true in a build that skips the pages that did not change."""
MANIFEST_FORMAT = 1

SETUP_PATHS = ("mkdocs.yml", "hooks", "docs/overrides")
"""What every page is rendered with, relative to the project: a change rebuilds every page."""

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it

DIRTY_WARNING = "A 'dirty' build is being performed"
"""How MkDocs' warning about dirty builds starts (mkdocs/commands/build.py, MkDocs 1.6)."""
PREVIEW_NOTICE = (
    "Preview: after the first build, only the pages an edit changes are rebuilt. Other pages' "
    "menus and previous/next links may show an old title, and search and the whole guide stay "
    "as they were at start-up (README: Previewing an edit). `./scripts/build` checks the whole "
    "site; `./scripts/serve --full` rebuilds everything on every change."
)


def requested(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this build is a preview build (``KB_PREVIEW=1``, set by ``./scripts/serve``)."""
    value = (os.environ if environ is None else environ).get(ENVIRONMENT_SWITCH, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def is_partial_build(extra: Mapping[str, Any]) -> bool:
    """Whether this build skips pages that did not change (pass the build's ``config.extra``).

    A hook or plugin that reads every page (the whole guide, a search index) must do nothing
    in a partial build, so that the output of the last complete build stays in place: most
    pages were not read in this one.
    """
    return bool(extra.get(PARTIAL_BUILD, False))


# --- What a page depends on ----------------------------------------------------------------------

def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))  # so ("ab", "c") differs from ("a", "bc")
        digest.update(data)
    return digest.hexdigest()


def setup_digest(root: Path, shared: Iterable[str] = (), paths: Sequence[str] = SETUP_PATHS) -> str:
    """A digest of what every page is rendered with: the files under ``paths`` (relative to the
    project's ``root``; compiled Python left out) and the ``shared`` values of this build."""
    parts: list[str | bytes] = []
    for name in paths:
        top = root / name
        found = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in found:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    parts += ["--shared--", *shared]
    return _hash(*parts)


def page_digests(
    pages: Mapping[str, str | bytes], members: Mapping[str, Sequence[str]], setup: str
) -> dict[str, str]:
    """The digest of each page's inputs: ``pages`` maps each page's ``src_uri`` to its source
    (Markdown), ``members`` each bundle to its members' ``src_uri``; ``setup`` is
    :func:`setup_digest`. A bundle's digest covers its members' Markdown too."""
    own = {uri: _hash(setup, uri, source) for uri, source in pages.items()}
    digests = dict(own)
    for bundle, names in members.items():
        if bundle in own:
            inputs = (f"{name}\0{own.get(name, '')}" for name in names)
            digests[bundle] = _hash(own[bundle], *inputs)
    return digests


def bundle_members(sources: Mapping[str, str | bytes]) -> dict[str, list[str]]:
    """The ``src_uri`` of each member of each bundle among ``sources`` (``src_uri`` to
    Markdown), from the bundle's front matter (``kb_members``, written by
    ``mskb.pages.build``)."""
    members = {}
    for uri, source in sources.items():
        if not uri.startswith(f"{BUNDLE_FOLDER}/"):
            continue
        text = source.decode("utf-8") if isinstance(source, bytes) else source
        front = yaml.load(frontmatter.split(text).yaml_text, Loader=_YAML_LOADER) or {}
        members[uri] = [member["src_uri"] for member in front.get("kb_members") or []]
    return members


# --- What to rebuild -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Manifest:
    """What the site folder holds: per page, the digest of the inputs its output was written
    from, and its title then."""

    pages: dict[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """What a preview build does: the pages it writes again (``modified``), the digest of every
    page's inputs, and the titles of the other pages (for the menus and previous/next links of
    those it writes, which MkDocs would otherwise show untitled: it does not read them)."""

    digests: dict[str, str]
    modified: frozenset[str]
    titles: dict[str, str | None]

    @property
    def partial(self) -> bool:
        """Some pages are not written again (see :func:`is_partial_build`)."""
        return len(self.modified) < len(self.digests)

    def unchanged(self) -> dict[str, str]:
        """The digests of the pages not written again (they stay as they are)."""
        return {uri: digest for uri, digest in self.digests.items() if uri not in self.modified}


def plan(previous: Manifest | None, digests: Mapping[str, str],
         written: Callable[[str], bool]) -> Plan:
    """Which pages to write again: those whose inputs' digest differs from the one their output
    in the site folder was written from (``previous``, None when there is none) and those whose
    output is missing (``written(src_uri)`` false)."""
    known = previous.pages if previous is not None else {}
    modified = frozenset(uri for uri, digest in digests.items()
                         if uri not in known or known[uri][0] != digest or not written(uri))
    titles = {uri: known[uri][1] for uri in digests if uri not in modified}
    return Plan(dict(digests), modified, titles)


def members_to_load(plan: Plan, members: Mapping[str, Sequence[str]]) -> set[str]:
    """The members of the bundles written again that are not: their rendered HTML is taken from
    the store (:func:`stored_content`) rather than rendered again."""
    return {name for bundle in plan.modified & members.keys() for name in members[bundle]
            if name in plan.digests and name not in plan.modified}


# --- What the site folder holds ------------------------------------------------------------------

def read_manifest(site_dir: Path) -> Manifest | None:
    """The manifest of the output in ``site_dir``; None when there is none or it cannot be read
    (then every page is rebuilt)."""
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            return None
        return Manifest({uri: (str(entry[0]), entry[1]) for uri, entry in data["pages"].items()})
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def write_manifest(site_dir: Path, digests: Mapping[str, str],
                   titles: Mapping[str, str | None]) -> None:
    """Record the pages whose output in ``site_dir`` was written from inputs with these
    digests. Written twice a build: at its start without the pages it is about to write again
    (so that a build that stops half-way leaves none of them marked as written), and at its end
    with every page."""
    data = {"format": MANIFEST_FORMAT,
            "pages": {uri: [digest, titles.get(uri)] for uri, digest in sorted(digests.items())}}
    path = site_dir / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def _content_path(site_dir: Path, src_uri: str) -> Path:
    return site_dir / STORE / "content" / f"{src_uri}.html"


def store_content(site_dir: Path, src_uri: str, html: str) -> None:
    """Keep a page's rendered HTML (its content, before the theme's template), as a bundle that
    has it as a member would read it."""
    path = _content_path(site_dir, src_uri)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def stored_content(site_dir: Path, src_uri: str) -> str | None:
    try:
        return _content_path(site_dir, src_uri).read_text(encoding="utf-8")
    except OSError:
        return None


def has_stored_content(site_dir: Path, src_uri: str) -> bool:
    return _content_path(site_dir, src_uri).is_file()


# --- MkDocs' notice ------------------------------------------------------------------------------

class PreviewNotice(logging.Filter):
    """On MkDocs' build logger: its warning that a dirty build "will likely lead to inaccurate
    navigation" becomes an information line saying what may be stale in the preview and how to
    get a full build. As a warning it would also stop a strict build (``strict: true``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
            record.msg, record.args = PREVIEW_NOTICE, ()
        return True


def install_notice(logger: logging.Logger) -> None:
    """Add :class:`PreviewNotice` to ``logger`` (once: installing it again does nothing)."""
    if not any(isinstance(f, PreviewNotice) for f in logger.filters):
        logger.addFilter(PreviewNotice())


def remove_notice(logger: logging.Logger) -> None:
    for existing in [f for f in logger.filters if isinstance(f, PreviewNotice)]:
        logger.removeFilter(existing)
