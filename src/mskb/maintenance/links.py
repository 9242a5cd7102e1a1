"""Link checks: every link inside the built site, and every web address the articles cite.

``internal_problems`` reads the built site (each HTML file parsed once, so the check is linear
in the number of pages) and reports links to pages, files or anchors that do not exist.
``check_external`` asks each cited web address whether it still answers; the weekly report
(:mod:`mskb.maintenance.report`) lists those that do not.
"""

from __future__ import annotations

import http.client
import posixpath
import re
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html

from mskb.xpath import strings

_LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                    ("iframe", "src"), ("source", "src"), ("video", "poster"),
                    ("object", "data"))
_IGNORED_SCHEMES = ("mailto", "tel", "data")
_NOT_CITED = {"localhost", "127.0.0.1", "example.org", "example.com"}
"""Addresses in instructions (a local preview, placeholders), not cited sources."""
_URL = re.compile(r"https?://[^\s<>\"'`)\]]+")


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link in the built site that leads nowhere, with every page it appears on."""

    target: str  # the link as written in the page
    problem: str
    pages: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.pages[:3])
        more = f" and {len(self.pages) - 3} more pages" if len(self.pages) > 3 else ""
        return f"/{self.pages[0]}: link '{self.target}' {self.problem} (on {where}{more})"


def internal_problems(site_dir: Path, site_url: str = "") -> list[BrokenLink]:
    """Links in ``site_dir`` to pages, files or anchors that are not in the built site.

    Absolute links are resolved against the path of ``site_url`` (``/knowledge-base/`` on
    GitHub Pages); links to other sites are left to :func:`check_external`.
    """
    base = urlsplit(site_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    anchors: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []  # (page, link as written)
    for file in sorted(site_dir.rglob("*.html")):
        page = file.relative_to(site_dir).as_posix()
        tree = html.fromstring(file.read_bytes())
        anchors[page] = set(strings(tree, "//@id")) | set(strings(tree, "//a/@name"))
        for tag, attribute in _LINK_ATTRIBUTES:
            links.extend((page, value) for value in strings(tree, f"//{tag}/@{attribute}"))
        for srcset in strings(tree, "//img/@srcset | //source/@srcset"):
            links.extend((page, candidate.split()[0]) for candidate in srcset.split(",")
                         if candidate.strip())

    broken: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page, link in links:
        problem = _problem(site_dir, page, link, anchors, base, base_path)
        if problem:
            broken[(link, problem)].append(_page_url(page))
    return sorted(BrokenLink(link, problem, tuple(sorted(set(pages))))
                  for (link, problem), pages in broken.items())


def _problem(site_dir: Path, page: str, link: str, anchors: dict[str, set[str]],
             base, base_path: str) -> str | None:
    parts = urlsplit(link.strip())
    if parts.scheme in _IGNORED_SCHEMES:
        return None
    if parts.scheme == "javascript":
        return "runs a script instead of leading to a page"
    own_site = parts.netloc == base.netloc and parts.scheme in ("http", "https", "")
    if (parts.scheme or parts.netloc) and not own_site:
        return None  # another site: checked weekly by check_external
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return f"points outside the site (its pages are under {base_path})"
        target = path[len(base_path):]
    elif path:
        target = posixpath.join(posixpath.dirname(page), path)
    else:
        target = page
    folder = target.endswith("/")
    target = posixpath.normpath(target) if target else "."
    if target == ".." or target.startswith("../"):
        return "points above the top of the site"
    target = "" if target == "." else target + ("/" if folder else "")
    file = site_dir / target
    if target == "" or target.endswith("/") or file.is_dir():
        target = posixpath.join(target, "index.html") if target else "index.html"
        file = site_dir / target
    if not file.is_file():
        return f"leads to a missing page or file ({target})"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html") and fragment not in anchors.get(target, set()):
        return f"leads to a missing section '#{fragment}' of /{_page_url(target)}"
    return None


def _page_url(page: str) -> str:
    return page.removesuffix("index.html")


# ---------------------------------------------------------------------------------------------
# Web addresses cited by the articles and pages
# ---------------------------------------------------------------------------------------------


@dataclass
class ExternalLink:
    url: str
    places: list[str] = field(default_factory=list)  # "content/x.md:12"
    status: str = ""  # "ok", "broken" or "unsure"
    detail: str = ""


def external_links(*folders: Path, root: Path | None = None) -> list[ExternalLink]:
    """Every web address in the Markdown files of ``folders``, with the lines that cite it."""
    found: dict[str, ExternalLink] = {}
    for folder in folders:
        for file in sorted(folder.rglob("*.md")):
            shown = file.relative_to(root).as_posix() if root else file.as_posix()
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                for match in _URL.finditer(line):
                    url = match.group().rstrip(".,;:!?*_")
                    if urlsplit(url).hostname in _NOT_CITED:
                        continue
                    found.setdefault(url, ExternalLink(url)).places.append(f"{shown}:{number}")
    return sorted(found.values(), key=lambda link: link.url)


USER_AGENT = ("Mozilla/5.0 (compatible; ms-spasticity-kb-linkcheck/1.0; "
              "weekly check of the sources an open health knowledge base cites)")


def check_external(links: list[ExternalLink], *, timeout: float = 20, workers: int = 8) -> None:
    """Set each link's status: ``ok``, ``broken`` (gone) or ``unsure`` (to check by hand)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = pool.map(lambda link: _ask(link.url, timeout), links)
        for link, (status, detail) in zip(links, answers, strict=True):
            link.status, link.detail = status, detail


def _ask(url: str, timeout: float) -> tuple[str, str]:
    status, detail = _request(url, "HEAD", timeout)
    if status != "ok":  # some servers refuse HEAD or answer it wrongly: ask properly
        status, detail = _request(url, "GET", timeout)
    return status, detail


def _request(url: str, method: str, timeout: float) -> tuple[str, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return "ok", f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        if error.code in (404, 410):
            return "broken", f"HTTP {error.code}: the page is gone"
        return "unsure", f"HTTP {error.code}: the site would not answer an automated check"
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if "Name or service not known" in str(reason) or "nodename nor servname" in str(reason):
            return "broken", "the site's name no longer exists"
        return "unsure", f"no answer ({reason})"
