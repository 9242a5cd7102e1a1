"""Every content rule, one small function each, dispatched by one table (:data:`RULES`).

A rule's docstring states the rule; the function yields ``(line, message)`` for each place
that breaks it, with the file line to change and how to fix it. Each rule is an ``error``
(nothing is published until it is fixed) or a ``warning`` (reported by ``./scripts/check`` and
the build, and published all the same). ``./scripts/check``, the build and the tests all run
this table; the contributor reference lists it. Modelled on python/peps' ``check-peps.py``.

File rules judge one Markdown file (:class:`~mskb.content.article.SourceFile`). A rule that
compares fields reads each through ``SourceFile.value``, which validates that field on its own:
it runs whatever other fields are wrong, skips only when a field it needs is itself wrong (the
schema reports that), and never depends on the order in which fields are declared or written.
Site rules judge the files together.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from mskb.clock import today_for_build
from mskb.content import htmlpolicy
from mskb.content.article import (
    IMAGE_SUFFIXES,
    INVALID,
    MAX_ARTICLE_BYTES,
    MAX_IMAGE_BYTES,
    OtherFile,
    SourceFile,
    url_of,
)
from mskb.content.frontmatter import CODE_FENCE, slugify
from mskb.content.glossary import Glossary
from mskb.content.kinds import BY_FOLDER, KINDS
from mskb.content.links import page_links
from mskb.content.readability import grade_of_text, hardest_sentence, plain_text
from mskb.content.schema import (
    CATEGORIES,
    KEY_FACT_LABELS,
    SAFETY_REQUIRED,
    SLUG_PATTERN,
    invisible_character,
)
from mskb.content.vocabulary import Vocabulary
from mskb.content.wholeguide import NEVER_PRINTED, WholeGuide
from mskb.diagnostics import Diagnostic, Severity, did_you_mean, sort_key

Finding = tuple[int, str]
"""``(file line, message)``: what a rule yields for each place that breaks it."""


@dataclass(frozen=True)
class Context:
    """What rules may look up besides the file itself."""

    vocabulary: Vocabulary
    glossary: Glossary
    others: tuple[OtherFile, ...] | list[OtherFile] = ()  # files under content/ not articles
    today: date = field(default_factory=today_for_build)  # SOURCE_DATE_EPOCH, as the build
    whole_guide: WholeGuide = field(default_factory=lambda: WholeGuide(""))


# ---------------------------------------------------------------------------------------------
# Constants the rules use: the lists a contributor can read in one place
# ---------------------------------------------------------------------------------------------

TREATMENT_SECTIONS = (
    "How it works",
    "What the evidence says",
    "What to expect",
    "Questions to ask your clinician",
)
"""The sections every treatment article has, in this order (its Key facts and safety points
are in front matter: the page shows them first)."""
MIN_SOURCES = 2
"""Recognised sources a spasticity type, treatment or guide cites at the least."""
RECOGNISED_HOSTS = (
    # UK guidelines, medicines information and regulators
    "nice.org.uk", "gov.uk", "medicines.org.uk",
    # NHS bodies in all four nations (hospital trusts, boards, NHS inform)
    "nhs.uk", "nhs.scot", "nhsinform.scot", "nhsggc.scot", "hscni.net", "nhsforthvalley.com",
    "wales.nhs.uk",
    # MS charities that publish reviewed health information
    "mstrust.org.uk", "mssociety.org.uk", "nationalmssociety.org", "msif.org",
    # Systematic reviews and peer-reviewed papers, by their permanent addresses
    "cochranelibrary.com", "doi.org", "pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov",
    "journalslibrary.nihr.ac.uk",
    # International health bodies
    "who.int",
)
"""A source is recognised when its web address is on one of these sites or their subdomains.

Judged by the address, which anyone can verify, rather than by the publisher's name as typed.
A site that publishes reviewed health information can be added here in a pull request."""
MAX_SOURCE_AGE = 10
"""Years after which a source gets a warning, unless it is marked `landmark: true`."""
READABILITY_LIMITS = {"experience": 10.0}
"""SMOG grade above which an article gets a readability warning, by kind of article."""
READABILITY_LIMIT = 12.0
"""For other kinds: about the reading level at the end of school."""
_H1 = re.compile(r"^#(?!#)\s")


def recognised(url: str) -> bool:
    """Whether a source's web address is on a site in :data:`RECOGNISED_HOSTS`."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == site or host.endswith("." + site) for site in RECOGNISED_HOSTS)


# ---------------------------------------------------------------------------------------------
# Where a file lives
# ---------------------------------------------------------------------------------------------


def article_folder(file: SourceFile, context: Context) -> Iterator[Finding]:
    """An article lives in one of the article folders: content/types/, content/treatments/,
    content/experiences/ or content/guides/."""
    if file.folder_kind is None:
        places = ", ".join(f"content/{folder}/" for folder in BY_FOLDER)
        yield 1, f"articles must live in one of {places}; move it there"


def web_address_names(file: SourceFile, context: Context) -> Iterator[Finding]:
    """File and folder names are lower-case letters, digits and hyphens, as in a web address."""
    path = PurePosixPath(file.src_uri)
    for part in (*path.parts[1:-1], path.stem):
        if not re.fullmatch(SLUG_PATTERN, part):
            better = slugify(part) or "article"
            yield 1, (f"'{part}' cannot be part of a web address; use lower-case letters, digits "
                      f"and hyphens (rename it to '{better}')")
            return


def topic_file_names(file: SourceFile, context: Context) -> Iterator[Finding]:
    """A spasticity type or treatment article is named after its slug in the vocabulary, directly
    in its folder; no article is called index.md (each section's index page is generated)."""
    kind, path = file.folder_kind, PurePosixPath(file.src_uri)
    if kind is None or not re.fullmatch(SLUG_PATTERN, path.stem):
        return
    if kind.vocabulary is None:
        if path.stem == "index" and len(path.parts) == 2:
            yield 1, (f"content/{kind.folder}/index.md is generated; give the article another "
                      "name")
        return
    data_file = context.vocabulary.files[kind.vocabulary]
    entries = getattr(context.vocabulary, kind.vocabulary)
    if len(path.parts) != 2 or path.stem == "index":
        yield 1, (f"articles in content/{kind.folder}/ are named after a slug from {data_file}, "
                  "directly in that folder (no sub-folders, no index.md: the index page is "
                  "generated)")
    elif entries and path.stem not in entries:
        yield 1, (f"'{path.stem}' is not in {data_file}{did_you_mean(path.stem, entries)}; "
                  "rename the file to a known slug or add the new entry to the vocabulary first")


def article_size(file: SourceFile, context: Context) -> Iterator[Finding]:
    """An article is at most 200 KB (about 30,000 words); a longer one is not read at all."""
    if file.size > MAX_ARTICLE_BYTES:
        yield 1, (f"is {file.size // 1000:,} KB; an article may be at most "
                  f"{MAX_ARTICLE_BYTES // 1000} KB: split it into several articles")


# ---------------------------------------------------------------------------------------------
# Front matter
# ---------------------------------------------------------------------------------------------


def front_matter(file: SourceFile, context: Context) -> Iterator[Finding]:
    """The file starts with front matter between two '---' lines, in UTF-8, that follows the
    schema: every required field, no unknown field, each value of the right type, and tags
    that are slugs from content/data/ (the front matter reference lists every field)."""
    yield from file.problems


def kind_matches_folder(file: SourceFile, context: Context) -> Iterator[Finding]:
    """`kind:` matches the folder the article is in (a treatment in content/treatments/)."""
    kind, folder = (file.data or {}).get("kind"), file.folder_kind
    if folder is not None and kind in KINDS and kind != folder.name:
        yield file.line_of("kind"), (
            f"'{kind}' articles live in content/{KINDS[kind].folder}/, but this file is in "
            f"content/{folder.folder}/; move the file or write `kind: {folder.name}`")


def _valid(*values: object) -> bool:
    return all(value is not INVALID for value in values)


def reviewed_after_published(file: SourceFile, context: Context) -> Iterator[Finding]:
    """`last_reviewed` is not before `published`."""
    published, last = file.value("published"), file.value("last_reviewed")
    if _valid(published, last) and last < published:
        yield file.line_of("last_reviewed"), (
            f"{last} is before published ({published}); a review cannot precede publication")


def next_review_after_last(file: SourceFile, context: Context) -> Iterator[Finding]:
    """`next_review` is after `last_reviewed`."""
    last, next_ = file.value("last_reviewed"), file.value("next_review")
    if _valid(last, next_) and next_ <= last:
        yield file.line_of("next_review"), (
            f"{next_} is not after last_reviewed ({last}); set the date the next review is due, "
            "usually a year or two after the last one")


def review_history(file: SourceFile, context: Context) -> Iterator[Finding]:
    """`reviews`, when given, is the article's review history, newest first: no review is
    dated after `last_reviewed` or before `published`, and the newest one is the
    `last_reviewed` review (so the page's history and its Last reviewed date agree)."""
    reviews, published = file.value("reviews"), file.value("published")
    last = file.value("last_reviewed")
    if not _valid(reviews, published, last) or not reviews:
        return
    for index, review in enumerate(reviews):
        line = file.line_of("reviews", index, "date")
        if review.date > last:
            yield line, (f"{review.date} is after last_reviewed ({last}); correct the date, or "
                         f"set `last_reviewed: {review.date}`")
        elif review.date < published:
            yield line, (f"{review.date} is before published ({published}); a review cannot "
                         "precede publication")
        if index and review.date > reviews[index - 1].date:
            yield line, (f"reviews are listed newest first: move the review of {review.date} "
                         f"above the one of {reviews[index - 1].date}")
    newest = max(review.date for review in reviews)
    if newest < last:
        yield file.line_of("reviews"), (
            f"the newest review is of {newest}, but last_reviewed is {last}; add the review of "
            f"{last} at the top of `reviews` (date, reviewer, changes)")


def recognised_sources(file: SourceFile, context: Context) -> Iterator[Finding]:
    """A spasticity type, treatment or guide cites at least two recognised sources: web
    addresses on the recognised sites listed below (NICE, the NHS, the MS charities, Cochrane,
    papers by DOI or PubMed, and others)."""
    kind, sources = file.value("kind"), file.value("sources")
    if not _valid(kind, sources) or kind == "experience":
        return
    count = sum(recognised(source.url) for source in sources)
    if count < MIN_SOURCES:
        others = len(sources) - count
        yield file.line_of("sources"), (
            f"a {kind} article needs at least {MIN_SOURCES} recognised sources; it has "
            f"{count}" + (f" (and {others} on other sites)" if others else "") + "; cite pages "
            "of NICE, the NHS, the MS Trust, the MS Society or Cochrane, or papers by their "
            "doi.org or PubMed address (every recognised site is listed under 'Content rules' "
            "in CONTRIBUTING.md)")


def source_age(file: SourceFile, context: Context) -> Iterator[Finding]:
    """A source is at most ten years old (by its `year`, against today), so the facts it backs
    are current; a landmark study or guideline that is still current is marked
    `landmark: true` instead."""
    sources = file.value("sources")
    if not _valid(sources):
        return
    for index, source in enumerate(sources):
        age = context.today.year - source.year
        if age > MAX_SOURCE_AGE and not source.landmark:
            yield file.line_of("sources", index), (
                f"'{source.title}' ({source.year}) is {age} years old, more than "
                f"{MAX_SOURCE_AGE}; replace it with a newer source, or add `landmark: true` to "
                "it if it is a landmark study or guideline that is still current")


def provenance(file: SourceFile, context: Context) -> Iterator[Finding]:
    """An experience says where it comes from (`provenance: contributed` for a real person's
    account shared with consent, `illustrative` for one written for the site); other articles
    have no provenance."""
    kind, value = file.value("kind"), file.value("provenance")
    if not _valid(kind, value):
        return
    if kind == "experience" and value is None:
        yield file.line_of("provenance"), (
            "an experience must say where it comes from: add `provenance: contributed` or "
            "`provenance: illustrative`")
    elif kind != "experience" and value is not None:
        yield file.line_of("provenance"), "only experiences have a provenance; remove this line"


def outcomes(file: SourceFile, context: Context) -> Iterator[Finding]:
    """Only experiences report outcomes, and only for treatments listed in `treatments`."""
    kind, value, tagged = file.value("kind"), file.value("outcomes"), file.value("treatments")
    if not _valid(kind, value) or not value:
        return
    if kind != "experience":
        yield file.line_of("outcomes"), "only experiences report outcomes; remove this field"
        return
    for slug in value if _valid(tagged) else ():
        if slug not in tagged:
            yield file.line_of("outcomes", slug), (
                f"outcome given for '{slug}', which is not in `treatments`; add it there")


def experience_tags(file: SourceFile, context: Context) -> Iterator[Finding]:
    """An experience tags at least one treatment or spasticity type, so readers of those pages
    find it."""
    meta = file.meta
    if meta and meta.kind == "experience" and not (meta.treatments or meta.spasticity_types):
        yield file.line_of("treatments"), (
            "tags no treatment or spasticity type, so no topic page links to it; add the ones "
            "it mentions, for example `treatments: [baclofen]`")


# ---------------------------------------------------------------------------------------------
# The article's text
# ---------------------------------------------------------------------------------------------


def has_text(file: SourceFile, context: Context) -> Iterator[Finding]:
    """The article has text below its front matter."""
    if file.document is not None and not file.body.strip():
        yield file.body_line, "the article has no text: write it below the closing '---'"


def no_title_heading(file: SourceFile, context: Context) -> Iterator[Finding]:
    """The body has no level-1 ('# ') heading: the page title comes from `title:`."""
    fenced = False
    for number, line in file.body_lines() if file.document is not None else ():
        if CODE_FENCE.match(line):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            yield number, ("the page title comes from `title:`; remove this '# ' heading or make "
                           "it '## '")


def links_once(file: SourceFile, context: Context) -> Iterator[Finding]:
    """The text links to each page of the site once, where it is first mentioned: the lists
    after an article leave out what its text links to, and a second link to the same page is
    one more stop for keyboard and screen-reader users."""
    if file.document is None:
        return
    first: dict[str, int] = {}
    for number, page in page_links(file.body_lines(), file.src_uri):
        if page in first:
            yield number, (f"links again to {page}, which line {first[page]} already links to; "
                           "keep the first link and write this mention as plain text")
        else:
            first[page] = number


_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s>]*)>")
_TAG_ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_ATTRIBUTE_LIST = re.compile(
    r"(?<!\\)\{:?((?:\s*(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))+)\s*\}")
# Not when the brackets are escaped (\[x\](...) is text, as the story converter writes it).
_LINK = re.compile(r"(!?)(?<!\\)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_ALLOWED_TAGS = ", ".join(f"<{tag}>" for tag in sorted(htmlpolicy.CONTRIBUTOR_TAGS))


def body_html(file: SourceFile, context: Context) -> Iterator[Finding]:
    """The article's text is Markdown: raw HTML only for <abbr>, <br>, <kbd>, <sub> and <sup>,
    with no event handlers or styles; attribute lists ({: ... }) give only a class or an id;
    links lead to web pages, e-mail or phone numbers, never to code (javascript:, data:);
    images come from this site, never from another one. So nothing an article holds can run
    in a reader's browser or tell another site what they read."""
    if file.document is None:
        return
    fenced = False
    for number, line in file.body_lines():
        if CODE_FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        text = _INLINE_CODE.sub("", line)
        for target in _AUTOLINK.findall(text):
            if htmlpolicy.runs_code(target):
                yield number, _runs_code(target)
        for closing, tag, attributes in _TAG.findall(_AUTOLINK.sub("", text)):
            if closing:
                continue  # its opening tag is reported
            if tag.lower() not in htmlpolicy.CONTRIBUTOR_TAGS:
                yield number, (f"raw HTML <{tag.lower()}> is not published; write it "
                               "in Markdown (## headings, - lists, [words](address) links). "
                               f"Articles may use only {_ALLOWED_TAGS}; to show a tag as text, "
                               "put it in `backticks`")
                continue
            for name, value in _TAG_ATTRIBUTE.findall(attributes):
                name = name.lower()
                if name.startswith("on") or name == "style":
                    yield number, (f"<{tag.lower()}> may not have the attribute '{name}' (it "
                                   "runs code or changes how the page looks); remove it")
                elif name in ("href", "src") and htmlpolicy.runs_code(value.strip("\"'")):
                    yield number, _runs_code(value.strip("\"'"))
        for tokens in _ATTRIBUTE_LIST.findall(text):
            for token in tokens.split():
                key = token.split("=", 1)[0]
                if "=" in token and key not in htmlpolicy.ATTRIBUTE_LIST_KEYS:
                    yield number, (f"the attribute list sets '{key}'; an attribute list may "
                                   "give only a class (.name) or an id (#name)")
        links = [(bang, target) for bang, target in _LINK.findall(text)]
        reference = _REFERENCE.match(line)
        if reference:
            links.append(("", reference.group(1)))
        for bang, target in links:
            if htmlpolicy.runs_code(target):
                yield number, _runs_code(target)
            elif bang and htmlpolicy.from_another_host(target):
                yield number, (f"the image '{target}' is on another site, so every reader's "
                               "browser would contact it; save the image in content/ beside "
                               "the article and use its file name")


def _runs_code(target: str) -> str:
    shown = target if len(target) <= 40 else target[:37] + "..."
    return (f"the link '{shown}' would run code in the reader's browser; link to a web page "
            "(https://...), an e-mail address (mailto:) or a page of this site")


def invisible_characters(file: SourceFile, context: Context) -> Iterator[Finding]:
    """The text has no invisible control or bidirectional-formatting characters, which can
    hide or reorder what readers see."""
    for number, line in file.body_lines() if file.document is not None else ():
        char = invisible_character(line)
        if char is not None:
            yield number, (f"contains the invisible character U+{ord(char):04X}; delete it "
                           "(retype the words around it if you cannot see it)")


def _is_treatment(file: SourceFile) -> bool:
    kind = file.folder_kind
    return kind is not None and kind.name == "treatment" and bool(file.body.strip())


_KEY_FACTS_BOX = '!!! abstract "Key facts"'
_KEY_FACT_NAMES = ", ".join(f"{name} ({label})" for name, label in KEY_FACT_LABELS.items())


def treatment_key_facts(file: SourceFile, context: Context) -> Iterator[Finding]:
    """A treatment article gives its Key facts in front matter, under `key_facts`: what_it_is,
    how_taken, how_soon, side_effects, who_provides, nice_position and evidence (the page shows
    them in a box at the top, and readers compare treatments by them). No other kind of article
    has `key_facts`, and a treatment's text has no `!!! abstract "Key facts"` box of its own."""
    kind, facts = file.value("kind"), file.value("key_facts")
    if not _valid(kind):
        return
    if kind == "treatment" and facts is None:
        yield file.line_of("key_facts"), (
            f"a treatment article needs Key facts: add `key_facts:` with {_KEY_FACT_NAMES}; "
            "each but what_it_is has a `value` from a fixed list and a `text` line (see "
            "content/treatments/baclofen.md, and the lists in the front matter reference)")
    elif kind != "treatment" and facts is not None:  # INVALID too: it should not be there
        yield file.line_of("key_facts"), (
            "only treatment articles have Key facts; remove `key_facts` (put facts in the text)")
    if kind != "treatment":
        return
    fenced = False
    for number, line in file.body_lines():
        if CODE_FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith(_KEY_FACTS_BOX):
            yield number, (
                "the Key facts box now comes from front matter: move each of its points into "
                "`key_facts:` (what_it_is, how_taken, ...) and delete this box, or the page "
                "would show it twice")


def treatment_safety(file: SourceFile, context: Context) -> Iterator[Finding]:
    """A treatment that is a medicine or an injection (its category in
    content/data/treatments.yml is oral-medicine, injection, intrathecal or topical) lists at
    least one point under `safety`: what readers must know to use it safely, shown in a box
    titled Safety at the top of the page. Experiences have no `safety`: one person's account
    does not give safety advice."""
    kind, safety = file.value("kind"), file.value("safety")
    if not _valid(kind, safety):
        return
    if kind == "experience" and safety:
        yield file.line_of("safety"), (
            "experiences have no safety points: one person's account does not give safety "
            "advice; remove `safety` and tell what happened to you in the text (the "
            "treatment's own page lists its safety points)")
        return
    entry = context.vocabulary.treatments.get(PurePosixPath(file.src_uri).stem)
    if kind != "treatment" or entry is None or entry.category not in SAFETY_REQUIRED or safety:
        return
    yield file.line_of("safety"), (
        f"{entry.name} is in the group '{entry.category}' "
        f"({CATEGORIES[entry.category].lower()}), so its article lists at least one safety "
        "point: add `safety:` with one warning a line, each starting with the warning itself, "
        "for example \"Never stop baclofen suddenly: ...\"")


def treatment_sections(file: SourceFile, context: Context) -> Iterator[Finding]:
    """A treatment article has the sections `## How it works`, `## What the evidence says`,
    `## What to expect` and `## Questions to ask your clinician`, in that order."""
    if not _is_treatment(file):
        return
    lines = file.body_lines()
    found = [(number, line[3:].strip()) for number, line in lines
             if line.startswith("## ") and line[3:].strip() in TREATMENT_SECTIONS]
    if tuple(title for _, title in found) == TREATMENT_SECTIONS:
        return
    missing = [title for title in TREATMENT_SECTIONS if title not in {t for _, t in found}]
    what = f"missing: {', '.join(missing)}" if missing else "they are out of order"
    line = lines[-1][0]
    for (_, before), (number, title) in pairwise(found):
        if TREATMENT_SECTIONS.index(title) < TREATMENT_SECTIONS.index(before):
            line = number
            break
    yield line, ("a treatment article has the sections "
                 + ", ".join(f"'## {t}'" for t in TREATMENT_SECTIONS) + f" in this order ({what})")


def readability(file: SourceFile, context: Context) -> Iterator[Finding]:
    """The text reads at SMOG grade 12 or below (10 for experiences): short sentences and
    everyday words. A warning, never an error: a patient's own words are published as written."""
    meta = file.meta
    if meta is None or not file.body.strip():
        return
    limit = READABILITY_LIMITS.get(meta.kind, READABILITY_LIMIT)
    text = plain_text(file.body)
    grade = grade_of_text(text)
    if grade <= limit:
        return
    sentence = hardest_sentence(text)
    line = _line_of_text(file, sentence)
    shown = sentence if len(sentence) <= 160 else sentence[:157] + "..."
    yield line, (f"SMOG grade {grade} is above {limit:g}; the hardest sentence is \"{shown}\". "
                 "Use shorter sentences and everyday words")


def _line_of_text(file: SourceFile, sentence: str) -> int:
    """The body line where ``sentence`` starts (its first few words), else the body's first."""
    words = sentence.split()[:4]
    pattern = re.compile(r"\W+".join(map(re.escape, words))) if words else None
    for number, line in file.body_lines():
        if pattern and pattern.search(line):
            return number
    return file.body_line


# ---------------------------------------------------------------------------------------------
# Rules over all files together
# ---------------------------------------------------------------------------------------------

SiteFinding = tuple[str, int, str]
"""``(path, line, message)``: a site rule names the file too."""


def unique_addresses(files: list[SourceFile], context: Context) -> Iterator[SiteFinding]:
    """No two files produce the same web address (`a.md` and `a/index.md` both make /a/)."""
    by_url: dict[str, list[str]] = {}
    for file in files:
        by_url.setdefault(url_of(file.src_uri), []).append(file.path)
    for url, paths in by_url.items():
        for path in paths if len(paths) > 1 else ():
            others = " and ".join(p for p in paths if p != path)
            yield path, 1, (f"produces the same web address /{url} as {others}; rename one of "
                            "them")


def glossary_pages(files: list[SourceFile], context: Context) -> Iterator[SiteFinding]:
    """A glossary entry's `page:` is a published page: an article or a topic's page."""
    pages = {file.src_uri for file in files if file.meta is not None and not file.meta.draft}
    for kind in KINDS.values():
        if kind.vocabulary:
            pages |= {kind.topic_uri(slug) for slug in getattr(context.vocabulary,
                                                               kind.vocabulary)}
    for entry in context.glossary.entries:
        if entry.page and entry.page not in pages:
            yield context.glossary.file, context.glossary.line_of(entry), (
                f"page: '{entry.term}' points to {entry.page}, which is not a published page; "
                "fix the path or remove `page:`")


def whole_guide(files: list[SourceFile], context: Context) -> Iterator[SiteFinding]:
    """Each line of `data/whole_guide.yml` names a published article the whole guide may print
    (not a personal account, not a draft)."""
    by_uri = {file.src_uri: file for file in files}
    guide = context.whole_guide
    for uri, line in guide.lines.items():
        file = by_uri.get(uri)
        if file is None:
            folders = tuple(f"{kind.folder}/" for kind in KINDS.values())
            hint = did_you_mean(uri, by_uri) or (
                "" if uri.startswith(folders) else
                f" (articles are in the folders {', '.join(sorted(folders))})")
            yield guide.file, line, (f"'{uri}' is not an article under content/{hint}; correct "
                                     "the path or remove the line")
        elif file.meta is None:
            continue  # the article's own errors are reported on it
        elif file.meta.kind in NEVER_PRINTED:
            yield guide.file, line, (f"'{uri}' is a personal account: the whole guide lists the "
                                     "accounts on its experiences page instead of printing "
                                     "them; remove this line")
        elif file.meta.draft:
            yield guide.file, line, (f"'{uri}' is a draft, so it is not published; remove this "
                                     "line, or add it back when the article is published")


def glossary_anchors(files: list[SourceFile], context: Context) -> Iterator[SiteFinding]:
    """No two glossary terms make the same link on a page (`MS hug` and `MS-hug` both make
    #ms-hug)."""
    seen: dict[str, str] = {}
    for entry in context.glossary.entries:
        other = seen.setdefault(entry.anchor, entry.term)
        if other != entry.term:
            yield context.glossary.file, context.glossary.line_of(entry), (
                f"term: '{entry.term}' and '{other}' would have the same link (#{entry.anchor}); "
                "make them differ in letters or digits, or make one an alias of the other")


_IMAGES = ", ".join(sorted(IMAGE_SUFFIXES))


def regular_files(files: list[SourceFile], context: Context) -> Iterator[SiteFinding]:
    """content/ holds regular files only: no symbolic links (they could publish any file of
    the machine that builds the site) and no hidden files."""
    for other in context.others:
        if other.kind == "link":
            yield other.path, 1, ("is a symbolic link; content/ holds regular files only: put "
                                  "the file itself here, or delete the link")
        elif other.kind == "hidden":
            yield other.path, 1, ("is a hidden file (its name or folder starts with '.'); "
                                  "delete it, or rename it without the dot")


def file_types(files: list[SourceFile], context: Context) -> Iterator[SiteFinding]:
    """Only articles (`.md`, in lower case) and images (.png, .jpg, .jpeg, .gif, .webp, .avif)
    are published from content/, and content/data/ holds only the vocabularies, the glossary
    and the whole guide's list. Web pages, scripts and SVG images (which can hold scripts) are
    refused."""
    for other in context.others:
        name = PurePosixPath(other.src_uri)
        if other.kind == "misnamed article":
            yield other.path, 1, (f"articles end in '.md', in lower case; rename it to "
                                  f"'{name.stem}.md'")
        elif other.kind == "stray data":
            yield other.path, 1, ("content/data/ holds only treatments.yml, "
                                  "spasticity_types.yml, body_regions.yml, glossary.yml and "
                                  "whole_guide.yml; move this file or delete it")
        elif other.kind == "other":
            yield other.path, 1, (f"files of type '{name.suffix or name.name}' are not published "
                                  f"from content/; only articles (.md) and images ({_IMAGES})")


def images(files: list[SourceFile], context: Context) -> Iterator[SiteFinding]:
    """An image is at most 1 MB, and some article shows it (an image no article uses is
    published for nobody)."""
    used = {target for file in files for target in _image_targets(file)}
    for other in context.others:
        if other.kind != "image":
            continue
        if other.size > MAX_IMAGE_BYTES:
            yield other.path, 1, (f"is {other.size // 1000:,} KB; an image may be at most "
                                  f"{MAX_IMAGE_BYTES // 1000:,} KB: make it smaller")
        if other.src_uri not in used:
            yield other.path, 1, ("no article shows this image; add it to an article "
                                  "(`![what it shows](file name)`) or delete it")


_IMAGE_TARGET = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def _image_targets(file: SourceFile) -> Iterator[str]:
    """The content/ paths of the images an article's body refers to."""
    folder = posixpath.dirname(file.src_uri)
    for match in _IMAGE_TARGET.finditer(file.body):
        target = urlsplit(match.group(1)).path
        if target and not target.startswith("/"):
            yield posixpath.normpath(posixpath.join(folder, target))


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    check: Callable[[SourceFile, Context], Iterable[Finding]] | None = None
    site_check: Callable[[list[SourceFile], Context], Iterable[SiteFinding]] | None = None
    field: str = ""  # the front matter field a finding is about, shown before the message
    needs: Literal["file", "front matter", "schema"] = "file"
    in_build: bool = True
    """False for a warning too costly for every build (readability loads a 130,000-word
    pronouncing dictionary): ``./scripts/check``, pre-commit and CI's check step report it."""
    """What must be readable for the rule to run: the file's place, its front matter as
    written (a mapping), or front matter that passed the schema."""

    @property
    def statement(self) -> str:
        """The rule, as its docstring states it, on one line."""
        function = self.check or self.site_check
        return " ".join((function.__doc__ or "").split()) if function else ""


RULES: tuple[Rule, ...] = (
    Rule("regular-files", "error", site_check=regular_files),
    Rule("file-types", "error", site_check=file_types),
    Rule("images", "error", site_check=images),
    Rule("article-size", "error", article_size),
    Rule("article-folder", "error", article_folder),
    Rule("web-address-names", "error", web_address_names),
    Rule("topic-file-names", "error", topic_file_names),
    Rule("front-matter", "error", front_matter),
    Rule("kind-matches-folder", "error", kind_matches_folder, field="kind",
         needs="front matter"),
    Rule("reviewed-after-published", "error", reviewed_after_published, field="last_reviewed",
         needs="front matter"),
    Rule("next-review-after-last", "error", next_review_after_last, field="next_review",
         needs="front matter"),
    Rule("review-history", "error", review_history, field="reviews", needs="front matter"),
    Rule("recognised-sources", "error", recognised_sources, field="sources",
         needs="front matter"),
    Rule("source-age", "warning", source_age, field="sources", needs="front matter"),
    Rule("provenance", "error", provenance, field="provenance", needs="front matter"),
    Rule("outcomes", "error", outcomes, field="outcomes", needs="front matter"),
    Rule("has-text", "error", has_text, needs="front matter"),
    Rule("no-title-heading", "error", no_title_heading, needs="front matter"),
    Rule("body-html", "error", body_html, needs="front matter"),
    Rule("invisible-characters", "error", invisible_characters, needs="front matter"),
    Rule("links-once", "error", links_once, needs="front matter"),
    Rule("treatment-key-facts", "error", treatment_key_facts, field="key_facts",
         needs="front matter"),
    Rule("treatment-safety", "error", treatment_safety, field="safety", needs="front matter"),
    Rule("treatment-sections", "error", treatment_sections, needs="front matter"),
    Rule("experience-tags", "warning", experience_tags, field="treatments", needs="schema"),
    Rule("readability", "warning", readability, field="readability", needs="schema",
         in_build=False),
    Rule("unique-addresses", "error", site_check=unique_addresses),
    Rule("glossary-pages", "error", site_check=glossary_pages),
    Rule("glossary-anchors", "error", site_check=glossary_anchors),
    Rule("whole-guide", "error", site_check=whole_guide),
)
"""Every content rule, in the order a contributor meets them."""
BY_NAME = {rule.name: rule for rule in RULES}
BUILD_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.in_build)
"""What the build runs: every error and every warning but the costly ones."""


def _ready(file: SourceFile, rule: Rule) -> bool:
    if rule.needs == "front matter":
        return file.data is not None
    if rule.needs == "schema":
        return file.meta is not None
    return True


def check_file(file: SourceFile, context: Context,
               rules: Iterable[Rule] = RULES) -> list[Diagnostic]:
    """Every finding of the file rules on one file, as diagnostics."""
    found = []
    for rule in rules:
        if rule.check is None or not _ready(file, rule):
            continue
        for line, message in rule.check(file, context):
            found.append(Diagnostic(file.path, line, rule.field, message, rule.severity,
                                    rule.name))
    return found


def check_files(files: list[SourceFile], context: Context,
                rules: Iterable[Rule] = RULES) -> list[Diagnostic]:
    """Every rule on every file (linear in the number of files), sorted by file and line."""
    rules = tuple(rules)
    found = [d for file in files for d in check_file(file, context, rules)]
    for rule in rules:
        if rule.site_check is not None:
            found += [Diagnostic(path, line, rule.field, message, rule.severity, rule.name)
                      for path, line, message in rule.site_check(files, context)]
    return sorted(found, key=sort_key)
