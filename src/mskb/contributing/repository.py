"""Links from every page to the repository: edit the page's file, or report a problem with it.

The repository's address is set once, as ``extra.repository`` in mkdocs.yml. Everything else
(the branch, the issue form's file and its field for the page address) is fixed here, beside
the forms in .github/ISSUE_TEMPLATE/ that a test checks it against.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import yaml

BRANCH = "main"
REPORT_FORM = "report-a-problem.yml"
"""The issue form in .github/ISSUE_TEMPLATE/ for problems with a page."""
REPORT_PAGE_FIELD = "page"
"""The id of that form's "Page address" field, which GitHub fills from the link's query."""
TOKEN = "{{ repository }}"
"""Written in a page under docs/, replaced by the repository's address when the site is built."""


class RepositoryError(ValueError):
    """mkdocs.yml does not say where the repository is, or says it oddly."""


def checked(repository: object) -> str:
    """The repository address from mkdocs.yml, without a trailing slash, or a clear error."""
    if not isinstance(repository, str) or not repository.startswith("https://"):
        raise RepositoryError(
            "mkdocs.yml: set `extra: repository:` to the repository's address, for example "
            "https://github.com/ms-spasticity-kb/knowledge-base (the Edit and Report links "
            "on every page use it)")
    return repository.rstrip("/")


def edit_url(repository: str, path: str) -> str:
    """GitHub's editor for a file of the repository, e.g. ``content/treatments/baclofen.md``."""
    return f"{repository}/edit/{BRANCH}/{path}"


def report_url(repository: str, page_address: str, page_title: str) -> str:
    """A new issue from the "Report a problem" form, with the page's address filled in."""
    query = urlencode({"template": REPORT_FORM, REPORT_PAGE_FIELD: page_address,
                       "title": f"Problem with the page: {page_title}"})
    return f"{repository}/issues/new?{query}"


def form_url(repository: str, form: str) -> str:
    return f"{repository}/issues/new?{urlencode({'template': form})}"


def fill(markdown: str, repository: str) -> str:
    """Replace the repository token in a page under docs/ by the address from mkdocs.yml."""
    return markdown.replace(TOKEN, repository)


class _AnyTags(yaml.SafeLoader):
    """Reads mkdocs.yml for its settings, whatever tags (``!ENV``, ``!!python/name``) it uses."""


_AnyTags.add_multi_constructor("", lambda loader, suffix, node: None)


def setting(config: Path, name: str) -> str:
    """One plain setting of mkdocs.yml (``site_url``), without loading MkDocs."""
    if not config.is_file():
        return ""
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTags) or {}
    return str(settings.get(name) or "")


def served_path(config: str | Path) -> str:
    """The path the site is served at, from ``site_url``: ``/knowledge-base/``."""
    path = urlsplit(setting(Path(config), "site_url")).path or "/"
    return path if path.endswith("/") else path + "/"
