"""``python -m mskb benchmark [N ...]``: what the site costs to build as it grows, against a floor.

For each N, the project is copied to a temporary folder and N articles of the seeded corpus
(:mod:`mskb.maintenance.corpus`) are added. Then, in separate processes:

- the check (``python -m mskb check``, what pre-commit and CI's check step run), which must find
  no errors;
- the **floor**: the same Markdown files (front matter removed) built by stock Material for
  MkDocs (``theme: material``, ``plugins: [search]``, the site's Markdown extensions, a one-page
  nav, no hooks, no extra CSS or JavaScript, no print-site). It is what rendering this much text
  costs whatever the site does with it, so the ratio of the two shows what the site's own pages
  (topic pages, mentions, bundles, the whole guide, the glossary words, the menus) add, and
  whether that grows faster than the text;
- the site's own strict build (``mkdocs build --strict``), as ``./scripts/build`` runs it,
  without PDFs.

Each process's CPU time (user and system, with any children it waited for) comes from
``os.wait4``, which reports that one process alone; CPU time rather than wall time, because
other work on the machine slows the wall clock but not the CPU count. Its peak memory is that of
the process and its children together (psutil, every 50 ms): the build runs Pagefind while the
MkDocs process still holds its own memory, and ``wait4`` would report only the larger of the
two. Then the built site is measured: the largest page of each kind (an article,
a page of the experiences index, a topic page, a page of the treatments A to Z, a page of
mentions, another listing, a topic bundle), the whole guide, what the search costs a reader
(measured in Chromium by :mod:`mskb.maintenance.searchcost`: the search code a page load
fetches, and what the first search, for "baclofen", fetches; gzip), Pagefind's search files
(all of them, and the largest single file) and the whole site. The figures print as a Markdown
table, one row per N, to paste into README.md, and with ``--json`` are written as JSON too.

A report, not a test: figures vary from machine to machine and from run to run. MkDocs is run
only as a subprocess; nothing here imports it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

import mskb
from mskb.content import frontmatter
from mskb.content.kinds import KINDS
from mskb.content.loading import DATA_FOLDER
from mskb.maintenance import corpus, searchcost
from mskb.search import command as search_command

DEFAULT_COUNTS = (300,)
"""Articles added when no count is given: a site several times today's size that still
measures in well under a minute, so CI can run it on every pull request."""
DEFAULT_SEED = 15
"""Any fixed number does; the figures in README.md were measured with this one."""
PROJECT_FILES = ("mkdocs.yml", "docs", "hooks", "content")
"""What the build reads from the repository (as tests/conftest.py copies it)."""
PAGE_KINDS: dict[str, tuple[str, str]] = {
    "article": ("Largest article", "article"),
    "experiences": ("Largest experiences page", "experiences index"),
    "topic": ("Largest topic page", "topic page"),
    "a-z": ("Largest A to Z page", "A to Z"),
    "mentions": ("Largest mentions page", "mentions page"),
    "listing": ("Largest other listing", "other listing"),
    "bundle": ("Largest bundle", "bundle"),
    "guide": ("Whole guide", "whole guide"),
}
"""The kinds of built page measured, each with its column heading and its name in the list of
largest pages. An article is an experience or a guide (a treatment's or type's article is its
topic page); the other listings are the guides' and types' indexes and Compare treatments; the
whole guide is ``/print_page/``. A listing's later pages are of its kind (:func:`page_kind`)."""
LISTINGS = ("guides/", "types/", "treatments/compare/")
"""The other listings (``listing`` in :data:`PAGE_KINDS`); Compare treatments' pages for each
group (``treatments/compare/<group>/``) are too."""


@dataclass
class Usage:
    """What one process used: CPU seconds (user and system), peak memory, wall seconds."""

    cpu: float
    peak_mb: float
    wall: float


@dataclass
class Largest:
    """The largest built page of one kind."""

    url: str
    kb: float


@dataclass
class Result:
    """Everything measured for one N."""

    added: int
    seed: int
    kinds: dict[str, int]
    words: int
    articles: int
    pages: int
    check: Usage
    floor: Usage
    build: Usage
    largest: dict[str, Largest] = field(default_factory=dict)
    indexer: Usage | None = None  # Pagefind alone, run again on the built site
    search_kb: float = 0.0  # every file Pagefind wrote
    search_chunk_kb: float = 0.0  # its largest file, the most one fetch can cost
    search_load_kb: float | None = None  # search code a page load fetches (gzip)
    search_query_kb: float | None = None  # what the first search fetches (gzip)
    search_note: str = ""  # why the search's cost was not measured
    site_mb: float = 0.0
    wall: float = 0.0

    @property
    def ratio(self) -> float:
        return self.build.cpu / self.floor.cpu if self.floor.cpu else 0.0


class BenchmarkError(RuntimeError):
    """A step failed: its command and the end of its output."""


SAMPLE_SECONDS = 0.05
"""How often the memory of a measured process and its children is read."""


class _TreeMemory:
    """The peak of the resident memory of a process and all its children together, read every
    :data:`SAMPLE_SECONDS` on a thread of its own while the process runs (psutil: the same on
    Linux and macOS)."""

    def __init__(self, pid: int) -> None:
        import psutil  # the benchmark's alone: building the site does not need it

        self._psutil = psutil
        self._root = psutil.Process(pid)
        self.peak = 0  # bytes
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            total = 0
            try:
                processes = [self._root, *self._root.children(recursive=True)]
            except self._psutil.Error:  # the process has ended
                return
            for process in processes:
                # One that ended between the listing and the read holds nothing any more.
                with contextlib.suppress(self._psutil.Error):
                    total += process.memory_info().rss
            self.peak = max(self.peak, total)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        """Stop sampling; the peak in bytes."""
        self._done.set()
        self._thread.join()
        return self.peak


def measure(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Usage:
    """Run ``command``; its own CPU time (``os.wait4``) and the peak memory of it and its
    children together.

    ``getrusage(RUSAGE_CHILDREN)`` would mix in every earlier child's; ``wait4`` reports this
    process and the children it waited for alone, but its peak memory is the largest single
    process's, not theirs together, so the memory is sampled as well (:class:`_TreeMemory`);
    the larger figure is reported, should a peak fall between two samples. Output goes to a
    file, so that a long log cannot fill a pipe while nobody reads it.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
        memory = _TreeMemory(process.pid)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            together = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if process.returncode != 0:
            output.seek(0)
            tail = output.read()[-4000:]
            raise BenchmarkError(f"`{' '.join(command)}` failed with exit status "
                                 f"{process.returncode}:\n{tail}")
    largest = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes / KB
    peak = max(together, largest) / (1024 * 1024)
    return Usage(round(usage.ru_utime + usage.ru_stime, 2), round(peak, 1), round(wall, 2))


def copy_project(root: Path, destination: Path) -> Path:
    """The files the build reads, copied from the repository at ``root``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    destination.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy(source, destination / name)
    return destination


def write_floor(content: Path, config: Path, destination: Path) -> Path:
    """A stock Material project of every article in ``content``, front matter removed.

    The site's Markdown extensions are kept (the articles are written for them); nothing else
    of the site is. Links to pages the floor does not have (the about pages, generated pages)
    are reported at info level, not as warnings, so the floor's strict build passes.
    """
    docs = destination / "docs"
    for kind in KINDS.values():
        for path in sorted((content / kind.folder).rglob("*.md")):
            target = docs / path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(frontmatter.split(path.read_text(encoding="utf-8")).body,
                              encoding="utf-8")
    (docs / "index.md").write_text("# Floor\n\nStock Material, the same articles.\n",
                                   encoding="utf-8")
    site = yaml.safe_load(config.read_text(encoding="utf-8"))
    floor = {
        "site_name": "Floor",
        "theme": {"name": "material"},
        "plugins": ["search"],
        "nav": [{"Home": "index.md"}],
        "markdown_extensions": site.get("markdown_extensions", []),
        "validation": {"omitted_files": "info", "not_found": "info", "absolute_links": "info",
                       "unrecognized_links": "info", "anchors": "info"},
    }
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(floor, sort_keys=False),
                                            encoding="utf-8")
    return destination


def page_kind(url: str, topics: set[str]) -> str | None:
    """Which of :data:`PAGE_KINDS` the built page at ``url`` (``treatments/baclofen/``) is.

    A listing's later pages (``experiences/page/2/``, :mod:`mskb.pages.paging`) are of its
    kind, and so is each letter of the Treatments A to Z (``treatments/a-to-z/b/``)."""
    parts = url.strip("/").split("/")
    if len(parts) >= 3 and parts[-2] == "page" and parts[-1].isdigit():
        return page_kind("/".join(parts[:-2]) + "/", topics)
    first = parts[0]
    if first == "print_page":
        return "guide"
    if first == "print" and len(parts) > 1:
        return "bundle"
    if first == "mentions" and len(parts) > 1:
        return "mentions"
    if url == "experiences/":
        return "experiences"
    if url == "treatments/" or (len(parts) == 3 and parts[:2] == ["treatments", "a-to-z"]):
        return "a-z"
    if url in LISTINGS or (len(parts) == 3 and parts[:2] == ["treatments", "compare"]):
        return "listing"
    if len(parts) == 2 and f"{first}/{parts[1]}" in topics:
        return "topic"
    if len(parts) >= 2 and first in (KINDS["experience"].folder, KINDS["guide"].folder):
        return "article"
    return None


def measure_site(site: Path, topics: set[str]) -> tuple[dict[str, Largest], int, float]:
    """The largest page of each kind, the number of pages and the site's size in MB."""
    largest: dict[str, Largest] = {}
    pages, total = 0, 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.name != "index.html":
            continue
        pages += 1
        url = path.parent.relative_to(site).as_posix() + "/"
        kind = page_kind(url, topics)
        if kind and (kind not in largest or size / 1024 > largest[kind].kb):
            largest[kind] = Largest(url, round(size / 1024, 1))
    return largest, pages, round(total / 1024 / 1024, 1)


def topic_urls(content: Path) -> set[str]:
    """``treatments/<slug>`` and ``types/<slug>`` of every entry of the vocabularies."""
    found = set()
    for kind in KINDS.values():
        if kind.vocabulary is None:
            continue
        name = f"{kind.vocabulary}.yml"
        entries = yaml.safe_load((content / DATA_FOLDER / name).read_text(encoding="utf-8"))
        found |= {f"{kind.folder}/{entry['slug']}" for entry in entries}
    return found


def environment() -> dict[str, str]:
    """The subprocesses import this same ``mskb`` (the hooks too), never print PDFs, and are
    not slowed by MkDocs' end-of-life notice."""
    env = {key: value for key, value in os.environ.items() if key != "KB_PDF"}
    package = str(Path(mskb.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package, env.get("PYTHONPATH")]))
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run_one(root: Path, count: int, seed: int, scratch: Path,
            profile: Path | None = None) -> Result:
    """Generate, check, build the floor and the site for ``count`` added articles; with
    ``profile``, build the site once more under cProfile and write its statistics there
    (read them with ``python -m pstats``). That build is not measured: profiling slows
    Python code several times over, and fine-grained code the most."""
    started = time.perf_counter()
    env = environment()
    project = copy_project(root, scratch / "project")
    added = corpus.generate(project / "content", count, seed)
    python = sys.executable
    check = measure([python, "-m", "mskb", "check", "content"], project, env)
    floor_dir = write_floor(project / "content", project / "mkdocs.yml", scratch / "floor")
    build = [python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "site"]
    floor = measure(build, floor_dir, env)
    site = measure(build, project, env)
    if profile is not None:
        measure([python, "-m", "cProfile", "-o", str(profile.resolve()), "-m", "mkdocs",
                 *build[3:]], project, env)
    largest, pages, site_mb = measure_site(project / "site", topic_urls(project / "content"))
    search = [p.stat().st_size for p in (project / "site" / "pagefind").rglob("*") if p.is_file()]
    articles = sum(1 for kind in KINDS.values()
                   for _ in (project / "content" / kind.folder).rglob("*.md"))
    load_kb, query_kb, note = measure_search(project / "site", env)
    # The indexer alone, as the build's last step runs it (its CPU and peak are in the build's
    # figures too, as a child's): a process of its own, so its peak memory shows apart.
    indexer = measure(search_command(project / "site", scratch / "pagefind"), project, env)
    return Result(
        added=count, seed=seed, kinds=added.kinds, words=added.words, articles=articles,
        pages=pages, check=check, floor=floor, build=site, largest=largest, indexer=indexer,
        search_kb=round(sum(search) / 1024, 1),
        search_chunk_kb=round(max(search, default=0) / 1024, 1),
        search_load_kb=load_kb, search_query_kb=query_kb, search_note=note,
        site_mb=site_mb, wall=round(time.perf_counter() - started, 1))


def measure_search(site: Path, env: dict[str, str]) -> tuple[float | None, float | None, str]:
    """What the search costs a reader of ``site``, in KB (gzip): on a page load, and for the
    first search; or, where Playwright or Chromium is missing, why not.

    Measured by :mod:`mskb.maintenance.searchcost` in a process of its own, as every step here
    is (Playwright's synchronous API refuses to start inside another's event loop).
    """
    command = [sys.executable, "-m", "mskb.maintenance.searchcost", str(site), "--json"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    if done.returncode == searchcost.UNAVAILABLE:
        return None, None, "the search's cost was not measured: " + \
            done.stderr.strip().removeprefix("error: ")
    if done.returncode not in (0, 1):  # 1: over a budget, which the table shows
        raise BenchmarkError(f"`{' '.join(command)}` failed with exit status "
                             f"{done.returncode}:\n{(done.stdout + done.stderr)[-4000:]}")
    figures = json.loads(done.stdout)
    return (round(figures["page_load_gzip"] / 1024, 1),
            round(figures["first_query_gzip"] / 1024, 1), "")


def _size(kb: float) -> str:
    return f"{kb / 1024:.1f} MB" if kb >= 1024 else f"{kb:.0f} KB"


COLUMNS = ("Added articles", "Articles", "Pages", "Check CPU", "Build CPU", "Floor CPU",
           "Build / floor", "Peak memory", "Of which Pagefind: CPU, peak",
           *(column for column, _ in PAGE_KINDS.values()),
           "Search: page load, first search", "Search files (largest)", "Site")
"""The table's columns, in order."""


def row(result: Result) -> list[str]:
    """One result as the table's cells (:data:`COLUMNS`)."""
    sizes = [_size(result.largest[kind].kb) if kind in result.largest else "-"
             for kind in PAGE_KINDS]
    return [f"{result.added:,}", f"{result.articles:,}", f"{result.pages:,}",
            f"{result.check.cpu:.1f} s", f"{result.build.cpu:.1f} s", f"{result.floor.cpu:.1f} s",
            f"{result.ratio:.1f}", f"{result.build.peak_mb:,.0f} MB",
            "-" if result.indexer is None
            else f"{result.indexer.cpu:.1f} s, {result.indexer.peak_mb:,.0f} MB", *sizes,
            "-" if result.search_load_kb is None or result.search_query_kb is None
            else f"{result.search_load_kb:.1f} KB, {result.search_query_kb:.0f} KB",
            f"{_size(result.search_kb)} ({_size(result.search_chunk_kb)})",
            f"{result.site_mb:.1f} MB"]


def table(results: Sequence[Result]) -> str:
    """The results as a Markdown table, one row per N, to paste into README.md."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(row(result)) + " |" for result in results]
    return "\n".join(lines)


def details(result: Result) -> str:
    """Which page is the largest of each kind, and how long the run took."""
    pages = "; ".join(f"{label} /{result.largest[kind].url} {_size(result.largest[kind].kb)}"
                      for kind, (_, label) in PAGE_KINDS.items() if kind in result.largest)
    mix = ", ".join(f"{count:,} {kind}s" for kind, count in result.kinds.items())
    return (f"{result.added:,} added ({mix}; {result.words:,} words, seed {result.seed}): "
            f"{pages}. Wall time: build {result.build.wall:.0f} s, floor "
            f"{result.floor.wall:.0f} s, whole run {result.wall:.0f} s."
            + (f" Note: {result.search_note}." if result.search_note else ""))


def as_json(results: Sequence[Result]) -> str:
    """The results as JSON: a list with one object per N, every figure in it."""
    data = []
    for result in results:
        entry = asdict(result)
        entry["ratio"] = round(result.ratio, 2)
        entry["largest"] = {kind: entry["largest"][kind]
                            for kind in PAGE_KINDS if kind in entry["largest"]}
        data.append(entry)
    return json.dumps(data, indent=2) + "\n"


def run(argv: list[str]) -> int:
    """The command line: 0 when every N was measured, 1 when a step failed."""
    parser = argparse.ArgumentParser(
        prog="python -m mskb benchmark",
        description="Add N generated articles to a copy of the site; measure the check, the "
        "build and a stock Material build of the same text; print a Markdown table.")
    parser.add_argument("counts", nargs="*", type=int, metavar="N",
                        help=f"articles to add (default: {' '.join(map(str, DEFAULT_COUNTS))})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"the corpus' seed (default: {DEFAULT_SEED})")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument("--profile", type=Path, metavar="PATH",
                        help="also profile one more build of the site with cProfile and write "
                        "the statistics here (with -N before its suffix when several N are given)")
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="the repository to copy (default: .)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if any(count < 1 for count in args.counts):
        parser.print_usage(sys.stderr)
        print("error: N is a number of articles to add, 1 or more", file=sys.stderr)
        return 2
    if not (args.project / "mkdocs.yml").is_file():
        print(f"{args.project}: no mkdocs.yml here; run this from the repository root",
              file=sys.stderr)
        return 2
    results = []
    counts = args.counts or DEFAULT_COUNTS
    for count in counts:
        profile = args.profile
        if profile and len(counts) > 1:
            profile = profile.with_name(f"{profile.stem}-{count}{profile.suffix}")
        print(f"Measuring {count:,} added articles ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="mskb-benchmark-") as scratch:
            try:
                result = run_one(args.project.resolve(), count, args.seed, Path(scratch),
                                 profile)
            except BenchmarkError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        results.append(result)
        print(details(result), file=sys.stderr, flush=True)
        if args.json:  # after each N, so a long run's first figures are kept
            args.json.write_text(as_json(results), encoding="utf-8")
    print(table(results) + "\n")
    for result in results:
        print(f"- {details(result)}")
    return 0

