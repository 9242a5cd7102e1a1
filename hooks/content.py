"""MkDocs hook: publish the articles in content/ and the pages generated from them.

Wiring only: the content logic lives in the plain ``mskb`` package (``src/mskb``, installed
into ``.venv``). Nothing is written to disk (pages are ``File.generated``) and no state is kept
between builds: what later hooks need rides on this build's ``config``, which ``mkdocs serve``
loads anew for every rebuild.

Preview builds (``./scripts/serve``: ``KB_PREVIEW=1 mkdocs serve --dirty``): each page tells
MkDocs whether its inputs changed since its output in the site folder was written
(``mskb.preview``), so a rebuild writes only the pages an edit changed. What that needs from the
last build is in the site folder (``mskb.preview.STORE``), never in Python.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs_print_site_plugin.exclude import exclude

from mskb import preview
from mskb.content import htmlpolicy
from mskb.contributing import repository
from mskb.contributing.reference import REFERENCE_URI, front_matter_reference
from mskb.diagnostics import ContentError
from mskb.pages.build import build_site
from mskb.pages.glossary import GlossaryExtension
from mskb.pages.render import today_for_build

log = logging.getLogger("mkdocs.hooks.content")

PREVIEW = "kb_preview"
"""``config.extra`` key: this preview build's :class:`_PreviewBuild` (on_files to on_post_build)."""
PLUGINS_READING_EVERY_PAGE = ("material/search", "search", "print-site")
"""Plugins switched off (their ``enabled`` option) at the end of a partial preview build, so
that their output from the last complete build stays: the search index and the whole guide."""
_BUILD_LOGGER = "mkdocs.commands.build"  # where MkDocs warns about dirty builds


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    content_dir = Path(config.config_file_path).absolute().parent / "content"
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
    config.markdown_extensions.append(GlossaryExtension(site.glossary.entries))
    config.extra["kb_documents"] = site.documents
    config.extra["kb_frames"] = site.frames  # the pages' HTML parts, for on_page_content
    config.extra["kb_files"] = files  # for on_post_build, which lets go of their pages
    # For hooks/printing.py: the whole guide prints the articles content/data/whole_guide.yml
    # lists, and every page that is not an article (the about pages, the experiences page).
    config.extra["kb_left_out_of_guide"] = site.articles - site.whole_guide
    if preview.requested():
        _plan_preview(files, site, config)
    return files


@dataclass
class _PreviewBuild:
    plan: preview.Plan
    pages: dict[str, File]  # every page of this build, by src_uri
    members: dict[str, list[str]]  # each bundle's members
    in_bundles: frozenset[str]  # the pages that are members of a bundle


def _plan_preview(files: Files, site, config: MkDocsConfig) -> None:
    """Tell MkDocs which pages to read and write again (``File.is_modified``, which only a
    dirty build asks), and whether this build is partial (``mskb.preview.is_partial_build``)."""
    site_dir = Path(config.site_dir)
    pages = {file.src_uri: file
             for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)}
    sources = {uri: file.content_bytes for uri, file in pages.items()}
    members = preview.bundle_members(sources)
    root = Path(config.config_file_path).absolute().parent
    shared = [repr(site.glossary.entries), str(config.extra.get("kb_build_date", "")),
              str(config.site_url)]
    digests = preview.page_digests(sources, members, preview.setup_digest(root, shared))
    in_bundles = frozenset(name for names in members.values() for name in names)

    def written(uri: str) -> bool:
        return (Path(pages[uri].abs_dest_path).is_file()
                and (uri not in in_bundles or preview.has_stored_content(site_dir, uri)))

    plan = preview.plan(preview.read_manifest(site_dir), digests, written)
    for uri, file in pages.items():
        _report_modified(file, uri in plan.modified)
    # Until this build has written them, the pages it writes are not recorded as written.
    preview.write_manifest(site_dir, plan.unchanged(), plan.titles)
    config.extra[PREVIEW] = _PreviewBuild(plan, pages, members, in_bundles)
    config.extra[preview.PARTIAL_BUILD] = plan.partial
    if plan.partial:
        log.info("Preview: rebuilding %d of %d pages, the ones this change affects",
                 len(plan.modified), len(pages))


def _report_modified(file: File, modified: bool) -> None:
    # An instance attribute, read by MkDocs' dirty build in place of the method.
    file.is_modified = lambda: modified  # type: ignore[method-assign]


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """In a partial preview build, the pages not rebuilt keep the titles they were last built
    with, for the menus and previous/next links of the pages that are: MkDocs does not read
    them, and would show them without a title."""
    build = config.extra.get(PREVIEW)
    if build is not None:
        for page in nav.pages:
            title = build.plan.titles.get(page.file.src_uri)
            if title is not None:
                page.title = title
    return nav


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Once the pages are read, before any is written: a bundle written again is filled with
    the HTML of its members as last written when they are not rendered again."""
    build = config.extra.get(PREVIEW)
    if build is not None:
        site_dir = Path(config.site_dir)
        for uri in preview.members_to_load(build.plan, build.members):
            page = build.pages[uri].page
            if page is not None:
                page.content = preview.stored_content(site_dir, uri)
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Keep the rendered HTML of each page a bundle holds, as the bundle reads it, for later
    preview builds."""
    build = config.extra.get(PREVIEW)
    if build is not None and page.content is not None and page.file.src_uri in build.in_bundles:
        preview.store_content(Path(config.site_dir), page.file.src_uri, page.content)
    return output


def _finish_preview(config: MkDocsConfig) -> None:
    """Once every page to rebuild is written, record what the site folder holds; in a partial
    build, the search index and the whole guide stay as the last complete build wrote them."""
    build = config.extra.get(PREVIEW)
    if build is None:
        return
    if build.plan.partial:
        # Off only now, so that the pages just written are the same as in a complete build
        # (Material's header shows the search box only while its plugin is enabled).
        for name in PLUGINS_READING_EVERY_PAGE:
            plugin = config.plugins.get(name)
            if plugin is not None:
                plugin.config["enabled"] = False
    titles = {uri: file.page.title if file.page is not None and file.page.markdown is not None
              else build.plan.titles.get(uri) for uri, file in build.pages.items()}
    preview.write_manifest(Path(config.site_dir), build.plan.digests, titles)


def on_startup(*, command: str, dirty: bool) -> None:
    if command == "serve" and dirty:  # a preview: say what may be stale, not "inaccurate"
        preview.install_notice(logging.getLogger(_BUILD_LOGGER))


def on_shutdown() -> None:
    preview.remove_notice(logging.getLogger(_BUILD_LOGGER))


@event_priority(100)  # before mkdocs-print-site joins the pages into /print_page/
def on_post_build(config: MkDocsConfig) -> None:
    """Let go of what no page needs once every page is written: each page's Markdown and HTML
    (mkdocs-print-site keeps its own copy of the pages it prints, and only of those). Held to
    the end, they were a fifth of the memory of a 5,000-article build (issue 15)."""
    _finish_preview(config)  # first: it reads the titles of the pages written
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
        # Absolute: `mkdocs build -f mkdocs.yml` gives the configuration's path as typed.
        root = Path(config.config_file_path).absolute().parent
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
