"""Which articles the whole guide prints: ``content/data/whole_guide.yml``.

The whole guide ("Print or save the whole guide", and its PDF) is the knowledge base as one
document to take to an appointment. It used to print every type, treatment and guide, so it
grew with every article: at 5,000 articles it was a 24 MB page that took a gigabyte of memory to
build, and would have printed to thousands of sheets (issue 15). Now editors choose what it
holds, up to :data:`MAX_ARTICLES`, as a printed book's contents are chosen; everything else is
still printable on its own and in its topic's bundle. The order is the site's menu order.

Plain Python: nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mskb.content.vocabulary import MAX_DATA_BYTES
from mskb.content.yamlsource import YamlSyntaxError, parse_yaml
from mskb.diagnostics import Diagnostic

WHOLE_GUIDE_FILE = "whole_guide.yml"
MAX_ARTICLES = 100
"""Enough for every type, the treatments people ask about most, and the practical guides; at
about four printed sheets an article, a guide of at most some 400 sheets."""
NEVER_PRINTED = ("experience",)
"""Kinds of article the whole guide never prints: the personal accounts are listed by treatment
on the experiences page, which the guide holds."""


@dataclass
class WholeGuide:
    """The articles the whole guide prints (``treatments/baclofen.md``), each with its line."""

    file: str
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def articles(self) -> frozenset[str]:
        return frozenset(self.lines)


def load_whole_guide(data_dir: Path, display_dir: str) -> tuple[WholeGuide, list[Diagnostic]]:
    """Read the list; every problem with its line. Whether each entry is an article the guide
    may print is the checker's rule ``whole-guide`` (:mod:`mskb.content.rules`)."""
    display = f"{display_dir}/{WHOLE_GUIDE_FILE}"
    guide = WholeGuide(display)
    path = data_dir / WHOLE_GUIDE_FILE
    if path.is_symlink():
        return guide, []  # never followed; the regular-files rule reports it
    try:
        size = path.stat().st_size
        if size > MAX_DATA_BYTES:
            return guide, [Diagnostic(display, 1, "", f"is {size // 1000:,} KB; a data file may "
                                      f"be at most {MAX_DATA_BYTES // 1000} KB")]
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return guide, [Diagnostic(display, 1, "", "data file is missing; restore it from git")]
    except UnicodeDecodeError as exc:
        return guide, [Diagnostic(display, 1, "", f"not UTF-8 text ({exc.reason}); save it as "
                                  "UTF-8")]
    except YamlSyntaxError as exc:
        return guide, [Diagnostic(display, exc.line, "", exc.message)]
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        return guide, [Diagnostic(display, 1, "articles", "must be `articles:` followed by one "
                                  "line `- folder/file.md` for each article the guide prints")]
    problems = []
    for index, entry in enumerate(data["articles"]):
        line = document.line_of(("articles", index))
        if not isinstance(entry, str) or not entry.strip():
            problems.append(Diagnostic(display, line, "articles", "each entry is an article's "
                                       "file under content/, like `treatments/baclofen.md`"))
        elif entry.strip() in guide.lines:
            problems.append(Diagnostic(display, line, "articles", f"'{entry}' is listed twice "
                                       f"(first on line {guide.lines[entry.strip()]}); keep one"))
        else:
            guide.lines[entry.strip()] = line
    if len(guide.lines) > MAX_ARTICLES:
        problems.append(Diagnostic(
            display, line, "articles", f"lists {len(guide.lines)} articles; the whole guide "
            f"prints at most {MAX_ARTICLES}, so it stays a guide a reader can print. Take some "
            "out: each article is still printable on its own and in its topic's bundle"))
    return guide, problems
