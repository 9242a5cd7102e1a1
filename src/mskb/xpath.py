"""Typed XPath queries over lxml trees, shared by the link checker, the print page and the policy.

lxml's stubs type ``xpath()`` as any result an XPath can give; these two say which one a path
gives, in one place.
"""

from __future__ import annotations

from typing import cast

from lxml import etree, html


def elements(tree: etree._Element, path: str) -> list[html.HtmlElement]:
    """The elements a path selecting elements (``//*[@id]``) finds."""
    return cast("list[html.HtmlElement]", tree.xpath(path))


def strings(tree: etree._Element, path: str) -> list[str]:
    """The attribute values a path ending in an attribute (``//a/@href``) finds."""
    return [str(value) for value in cast("list[str]", tree.xpath(path))]


def attributes(tree: etree._Element,
               path: str | etree.XPath) -> list[tuple[html.HtmlElement, str, str]]:
    """``(element, name, value)`` of each attribute a path ending in attributes finds (the path
    as text, or compiled once with ``etree.XPath``)."""
    found = cast("list[etree._ElementUnicodeResult]",
                 path(tree) if isinstance(path, etree.XPath) else tree.xpath(path))
    return [(cast("html.HtmlElement", value.getparent()), str(value.attrname), str(value))
            for value in found]
