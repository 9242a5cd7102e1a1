"""Readability of an article's text: SMOG grade, measured with textstat on the rendered words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import textstat

_BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "div", "br"}
_SKIP = {"code", "pre"}


class _Text(HTMLParser):
    """Collect visible text, one block per line so headings and list items count as sentences."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def plain_text(body: str) -> str:
    """The words a reader sees, without Markdown syntax, code or link addresses."""
    html = markdown.markdown(body, extensions=["admonition", "attr_list", "def_list", "md_in_html"])
    parser = _Text()
    parser.feed(html)
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    # A block without closing punctuation (a heading, a list item) still ends a sentence.
    return "\n".join(line if line[-1] in ".?!:" else f"{line}." for line in lines if line)


def smog_grade(body: str) -> float:
    """SMOG grade of the article body (higher is harder; 12 is about the end of school)."""
    return grade_of_text(plain_text(body))


def grade_of_text(text: str) -> float:
    """SMOG grade of text already made plain by :func:`plain_text`."""
    return round(textstat.smog_index(text), 1)


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n")


def hardest_sentence(text: str) -> str:
    """The sentence of ``text`` (made plain) with the most words of three or more syllables:
    SMOG counts those, so it is the sentence that raises the grade most."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return max(sentences, key=textstat.polysyllabcount, default="")
