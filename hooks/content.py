"""MkDocs hook: publish the articles in content/ and the pages generated from them.

Wiring only: the content logic lives in the plain ``mskb`` package (``src/mskb``, installed
into ``.venv``). Nothing is written to disk (pages are ``File.generated``) and no state is kept
between builds: what later hooks need rides on this build's ``config``, which ``mkdocs serve``
loads anew for every rebuild.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs_print_site_plugin.exclude import exclude

from mskb.content import htmlpolicy
from mskb.contributing import repository
from mskb.contributing.reference import REFERENCE_URI, front_matter_reference
from mskb.diagnostics import ContentError
from mskb.pages.build import build_site
from mskb.pages.glossary import GlossaryExtension
from mskb.pages.render import today_for_build

log = logging.getLogger("mkdocs.hooks.content")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    content_dir = Path(config.config_file_path).parent / "content"
    try:
        site = build_site(content_dir, site_name=config.site_name,
                          site_url=config.site_url or "", build_date=today_for_build())
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            _report(diagnostic)
        raise PluginError(
            f"{exc}. Nothing was published. Fix the lines above "
            "(`./scripts/check` lists them without building)."
        ) from None
    for diagnostic in site.warnings:
        _report(diagnostic)

    for page in site.pages:
        # A listing's later pages (and the A to Z's letters) are reached from its first page,
        # not the menu.
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        _add(files, File.generated(config, page.src_uri, content=page.markdown,
                                   inclusion=inclusion), page.source)
    for page in site.drafts:
        log.info("Draft, not published (shown by `mkdocs serve` only): %s", page.source)
        draft = File.generated(
            config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.DRAFT
        )
        _add(files, draft, page.source)
    for asset in site.assets:
        file = File(asset.src_uri, src_dir=str(content_dir), dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls)
        _add(files, file, asset.path)

    reference = File.generated(config, REFERENCE_URI, content=front_matter_reference())
    _add(files, reference, None)

    config.nav = _expand_nav(config.nav, site.sections)
    # Per build, on the build's own config: the glossary links (a Markdown treeprocessor) and
    # the documents hooks/printing.py prints to PDF.
    config.markdown_extensions.append(GlossaryExtension(site.glossary.entries,
                                                      site.frames.glossary_prefix))
    config.extra["kb_documents"] = site.documents
    config.extra["kb_frames"] = site.frames  # the pages' HTML parts, for on_page_content
    config.extra["kb_files"] = files  # for on_post_build, which lets go of their pages
    # For hooks/printing.py: the whole guide prints the articles content/data/whole_guide.yml
    # lists, and every page that is not an article (the about pages, the experiences page).
    config.extra["kb_left_out_of_guide"] = site.articles - site.whole_guide
    return files


@event_priority(100)  # before mkdocs-print-site joins the pages into /print_page/
def on_post_build(config: MkDocsConfig) -> None:
    """Let go of what no page needs once every page is written: each page's Markdown and HTML
    (mkdocs-print-site keeps its own copy of the pages it prints, and only of those). Held to
    the end, they were a fifth of the memory of a 5,000-article build (issue 15)."""
    files: Files = config.extra.get("kb_files") or Files([])
    print_site = config.plugins.get("print-site")
    excluded = print_site.config["exclude"] if print_site is not None else []
    left_out = config.extra.get("kb_left_out_of_guide", frozenset())
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        page.markdown, page.content = "", None  # "", not None: see on_page_content
        if hasattr(page, "html") and (file.src_uri in left_out
                                      or exclude(file.src_path, excluded)):
            del page.html


def _report(diagnostic) -> None:
    """Errors as errors; warnings at info level, in the same words as ``./scripts/check``, so
    that ``--strict`` does not turn a readability warning into a failed build."""
    if diagnostic.severity == "error":
        log.error(str(diagnostic))
    else:
        log.info(str(diagnostic))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        config.extra["repository"] = repository.checked(config.extra.get("repository"))
        config.extra["kb_report_form"] = repository.form_url(config.extra["repository"],
                                                             repository.REPORT_FORM)
    except repository.RepositoryError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _in_docs(page, config):
        return repository.fill(markdown, config.extra["repository"])
    return markdown


@event_priority(100)  # before mkdocs-print-site copies the page into the whole guide
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """An article's HTML keeps only what the HTML policy allows, whatever path it came by."""
    # Rendered: MkDocs holds every page until the last is written. Empty, not None: MkDocs
    # reads None as "not read yet", and the page's title would be lost with it.
    page.markdown = ""
    # The parts of a generated page written as HTML (mskb.pages.render.Frames), before the
    # policy's cleaning: an article's frames are cleaned with its text.
    frames = config.extra.get("kb_frames")
    if frames is not None:
        html = frames.splice(page.file.src_uri, html)
    if page.meta.get("kb_source"):
        return htmlpolicy.clean(html)
    return html


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    repo = config.extra["repository"]
    source = page.meta.get("kb_source")  # content/... for an article
    if source:
        page.edit_url = repository.edit_url(repo, source)
    elif _in_docs(page, config):
        root = Path(config.config_file_path).parent
        page.edit_url = repository.edit_url(
            repo, Path(page.file.abs_src_path).relative_to(root).as_posix())
    else:
        page.edit_url = None  # generated (indexes, bundles, the whole guide): no file to edit
    address = page.canonical_url or page.abs_url or page.url
    context["kb_report_url"] = repository.report_url(repo, address, page.title or "")
    return context


def _in_docs(page: Page, config: MkDocsConfig) -> bool:
    source = page.file.abs_src_path
    return (page.file.generated_by is None and source is not None
            and Path(source).is_relative_to(config.docs_dir) and Path(source).is_file())


def _add(files: Files, file: File, source: str | None) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        theirs = existing.generated_by or f"docs/{existing.src_uri}"
        raise PluginError(
            f"{source or file.src_uri}: produces the same page as {theirs}; rename one of them"
        )
    files.append(file)


def _expand_nav(nav: list | None, sections: dict[str, list[str]]) -> list:
    """Replace each section index named in mkdocs.yml's nav by the section and its pages."""
    if not nav:
        raise PluginError("mkdocs.yml has no `nav:`; the content sections are placed through it")
    missing = set(sections)

    def expand(item):
        if isinstance(item, dict):
            return {title: expand_value(value) for title, value in item.items()}
        return item

    def expand_value(value):
        if isinstance(value, list):
            return [expand(child) for child in value]
        if isinstance(value, str) and value in sections:
            missing.discard(value)
            return [value, *sections[value]]
        return value

    expanded = [expand(item) for item in nav]
    if missing:
        raise PluginError(
            "mkdocs.yml `nav:` must name every section index, as in `- Treatments: "
            f"treatments/index.md`; missing: {', '.join(sorted(missing))}"
        )
    return expanded
