"""When each article last changed, read from the repository's history with one ``git log``.

The build shows the dates of the last few commits that touched an article ("Changed on"). All
files are read in one linear pass over one ``git log`` of the content folder, never one call per
file. Without git, outside a repository, or in a shallow clone (whose history is cut short and
would give every file the same date) there is nothing to show: :func:`changed_dates` returns an
empty mapping and never raises.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

CHANGED_DATES = 3
"""How many dates of change each article shows, newest first."""
GIT_TIMEOUT = 20
"""Seconds after which the history is given up (nothing is shown)."""
_COMMIT, _FIELD = "\x1e", "\x1f"


def changed_dates(content_dir: Path, *, limit: int = CHANGED_DATES) -> dict[str, list[date]]:
    """Path relative to ``content_dir`` (``treatments/baclofen.md``) -> the distinct dates of
    the last commits that changed it, newest first, at most ``limit`` of them.

    Empty when the history cannot be read in full: git missing or failing, no repository, or a
    shallow clone.
    """
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(content_dir), "log", "--relative",
             "--name-only", f"--format={_COMMIT}%cs{_FIELD}%D", "--", "."],
            capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    return parse_log(result.stdout, limit=limit)


def parse_log(output: str, *, limit: int = CHANGED_DATES) -> dict[str, list[date]]:
    """The dates of change of each file in ``git log`` output (newest commit first), in one
    pass; empty if any commit is the cut-off end of a shallow clone (marked ``grafted``)."""
    dates: dict[str, list[date]] = {}
    for commit in output.split(_COMMIT)[1:]:
        head, _, names = commit.partition("\n")
        day_text, _, refs = head.partition(_FIELD)
        if "grafted" in (ref.strip() for ref in refs.split(",")):
            return {}
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            return {}
        for name in names.splitlines():
            name = name.strip()
            if not name:
                continue
            seen = dates.setdefault(name, [])
            if len(seen) < limit and day not in seen:
                seen.append(day)
    return dates
