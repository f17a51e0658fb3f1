"""OPML 2.0 subscription lists: read (categories from nested outlines) and written."""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from xml.sax.saxutils import quoteattr

from lxml import etree

CATEGORY_SEPARATOR = "/"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Subscription(NamedTuple):
    url: str
    name: str
    category: str


class OpmlError(ValueError):
    """The file is not an OPML list we can read."""


def read_opml(data: bytes) -> list[Subscription]:
    """The feeds an OPML file lists; a feed's category is the path of outlines around it
    (joined with /), or its own `category` attribute when it has no outline around it."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise OpmlError(f"line {error.lineno}: not XML: {error.msg}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise OpmlError("declares XML entities (refused: entity expansion)")
    if root.tag != "opml":
        raise OpmlError(f"not OPML (its root is <{root.tag}>)")
    body = root.find("body")
    if body is None:
        raise OpmlError("OPML without a <body>")
    found: list[Subscription] = []
    _walk(body, [], found)
    return found


def _walk(element: etree._Element, path: list[str], found: list[Subscription]) -> None:
    for outline in element.iterfind("outline"):
        label = " ".join((outline.get("title") or outline.get("text") or "").split())
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            category = CATEGORY_SEPARATOR.join(path) or (outline.get("category") or "").strip()
            found.append(Subscription(url, label, category))
        else:
            _walk(outline, [*path, label] if label else path, found)


def write_opml(subscriptions: list[Subscription], title: str = "qari subscriptions") -> str:
    """OPML 2.0 with one outline per category (nested along its /) holding its feeds."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_escape(title)}</title></head>",
        "  <body>",
    ]
    tree: dict[str, Any] = {}
    for subscription in subscriptions:
        node = tree
        for part in [p for p in subscription.category.split(CATEGORY_SEPARATOR) if p]:
            node = node.setdefault(part, {})
        node.setdefault("", []).append(subscription)
    _write(tree, lines, 2)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attribute(text: str) -> str:
    # Characters XML 1.0 cannot hold at all are left out rather than making the file unreadable.
    return quoteattr(_NOT_XML.sub("", text))


def _write(node: dict[str, Any], lines: list[str], depth: int) -> None:
    indent = "  " * depth
    for subscription in node.get("", []):
        name = _attribute(subscription.name)
        lines.append(
            f'{indent}<outline type="rss" text={name} title={name}'
            f" xmlUrl={_attribute(subscription.url)}/>"
        )
    for label, child in node.items():
        if label:
            lines.append(f"{indent}<outline text={_attribute(label)}>")
            _write(child, lines, depth + 1)
            lines.append(f"{indent}</outline>")


def _escape(text: str) -> str:
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
