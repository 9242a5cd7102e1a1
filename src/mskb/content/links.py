"""The pages of the site an article's Markdown links to, with the line of each link.

Used by the checker (a page is linked once: :func:`mskb.content.rules.links_once`) and by the
generated lists after an article, which leave out what the article's text already links to
(:mod:`mskb.pages.related`). Inline links only (``[text](target)``), which is how the
contributor guide asks for links; anything inside fenced code is not a link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator

from mskb.content.frontmatter import CODE_FENCE

_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")


def page_links(lines: Iterable[tuple[int, str]], src_uri: str) -> Iterator[tuple[int, str]]:
    """``(line, page)`` for each link to a page of the site, where ``page`` is its ``.md``
    path from the content root without its ``#anchor`` (images and web addresses apart)."""
    base = posixpath.dirname(src_uri)
    fenced = False
    for number, line in lines:
        if CODE_FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for bang, target in _LINK.findall(_INLINE_CODE.sub("", line)):
            path = target.split("#", 1)[0]
            if bang or not path.endswith(".md") or "://" in path or path.startswith("/"):
                continue
            yield number, posixpath.normpath(posixpath.join(base, path))


def linked_pages(markdown: str, src_uri: str) -> set[str]:
    """The pages that ``markdown`` (an article's body) links to."""
    return {page for _, page in page_links(enumerate(markdown.split("\n")), src_uri)}
