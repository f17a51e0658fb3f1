"""RSS 2.0, RSS 1.0 and Atom documents to entries: text only, dates read, hostile input refused."""

from __future__ import annotations

import codecs
import datetime
import re
from typing import NamedTuple
from urllib.parse import urljoin

from lxml import etree

from tui.feeds.html import element_paragraphs, html_paragraphs, html_text
from tui.importers.dates import parse_date
from tui.model import Notice

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii"}
_KEYWORD_SEPARATORS = re.compile(r"\s*[,،;|]\s*")


class FeedError(ValueError):
    """The document is not a feed we can read; the message says why in one line."""


class Entry(NamedTuple):
    """One item of a feed, as text."""

    title: str
    body: tuple[str, ...]
    date: datetime.date | None
    keywords: tuple[str, ...]
    url: str
    guid: str
    summary_only: bool  # the body is a description or summary, not the item's content
    line: int


class ParsedFeed(NamedTuple):
    title: str
    entries: list[Entry]
    notices: list[Notice]


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_feed(body: bytes, content_type: str = "") -> str:
    """The text of a feed: a BOM decides, then the HTTP charset, then the XML declaration,
    then UTF-8, then what qari's sniffer makes of it (Windows-1256 Arabic included)."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    declared = _XML_ENCODING.match(body[:200])
    http = _codec(m.group(1)) if (m := _CHARSET.search(content_type)) else None
    xml = _codec(declared.group(1).decode("ascii")) if declared else None
    if http in _WESTERN:
        # Servers label feeds ISO-8859-1 by default, and a Western codec decodes any bytes:
        # for an Arabic feed the document's own word (or UTF-8 that is valid) is the truth.
        http = None
    candidates = (http, xml, "utf-8")
    for codec in candidates:
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    # Here: charset_normalizer is loaded only for a feed that needs guessing.
    from tui.importers.decode import NotText, detect_encoding

    try:
        return body.decode(detect_encoding(body[: 64 * 1024]), errors="replace")
    except NotText as error:
        raise FeedError(str(error)) from None


# Local names of the tags met, lower case: a feed repeats a few tags thousands of times.
_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_KEPT = 1024  # a hostile feed's endless new tags do not grow it further

Named = list[tuple[str, etree._Element]]


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1].lower()
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_KEPT:
            _LOCAL_NAMES[tag] = name
    return name


def _named(element: etree._Element) -> Named:
    """An element's children with their local names, worked out once for every look-up."""
    return [(_local(child.tag), child) for child in element]


def _children(named: Named, name: str) -> list[etree._Element]:
    return [child for local, child in named if local == name]


def _first(named: Named, *names: str) -> etree._Element | None:
    for name in names:
        for local, child in named:
            if local == name:
                return child
    return None


def _text(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _markup_paragraphs(element: etree._Element | None) -> list[str]:
    """Paragraphs of an RSS element or an Atom text construct (text, html or xhtml)."""
    if element is None:
        return []
    kind = (element.get("type") or "").lower()
    if kind == "xhtml" or (kind == "" and len(element)):
        return element_paragraphs(element)
    text = _text(element)
    if kind == "text":
        return [p for p in (" ".join(line.split()) for line in text.split("\n")) if p]
    return html_paragraphs(text)


def _keywords(item: Named) -> tuple[str, ...]:
    found: list[str] = []
    for name, child in item:
        if name == "category":
            value = child.get("label") or child.get("term") or _text(child)
        elif name == "subject":
            value = _text(child)
        else:
            continue
        found.extend(k for k in _KEYWORD_SEPARATORS.split(html_text(value)) if k)
    return tuple(dict.fromkeys(found))


def _link(item: Named, base: str) -> str:
    for link in _children(item, "link"):
        href = link.get("href")
        if href is None:
            text = _text(link).strip()  # RSS: the link is the element's text
            if text:
                return urljoin(base, text)
        elif link.get("rel", "alternate") == "alternate":
            return str(urljoin(base, href.strip()))
    return ""


def _entry(element: etree._Element, base: str, notices: list[Notice]) -> Entry:
    item = _named(element)
    guid_element = _first(item, "guid", "id")
    guid = _text(guid_element).strip()
    url = _link(item, base)
    if (
        not url
        and guid_element is not None
        and guid_element.get("isPermaLink", "true") == "true"
        and guid.startswith(("http://", "https://"))
    ):
        url = guid
    content = _first(item, "encoded", "content")
    if (
        content is not None
        and _local(content.tag) == "encoded"
        and content.tag != (f"{{{CONTENT_NS}}}encoded")
    ):
        content = None
    body = _markup_paragraphs(content)
    summary_only = not body
    if not body:
        body = _markup_paragraphs(_first(item, "description", "summary"))
    date_element = _first(item, "pubdate", "published", "issued", "date", "updated", "modified")
    date = None
    if date_element is not None:
        written = _text(date_element).strip()
        date = parse_date(written)
        if date is None and written:
            notices.append(Notice(base, element.sourceline, f"unreadable date {written[:80]!r}"))
    title = html_text(_text(_first(item, "title")))
    return Entry(
        title, tuple(body), date, _keywords(item), url, guid, summary_only, element.sourceline or 0
    )


def _parser() -> etree.XMLParser:
    # Entities are never expanded (a bomb stays a few bytes), no DTD or anything else is
    # loaded from anywhere, and a broken document gives what came before the break.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        recover=True,
        huge_tree=False,
        encoding="utf-8",
    )


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS or Atom document fetched from `url`; raises FeedError."""
    text = decode_feed(body, content_type)
    if not text.strip():
        raise FeedError("empty response")
    parser = _parser()
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise FeedError(f"not XML: {error.msg}") from None
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    if root is None:
        reason = f"line {errors[0].line}: {errors[0].message}" if errors else "no document"
        raise FeedError(f"not XML: {reason}")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FeedError("declares XML entities (refused: entity expansion)")
    kind = _local(root.tag)
    named = _named(root)
    if kind == "rss":
        channel = _first(named, "channel")
        if channel is None:
            raise FeedError("an RSS document without a channel")
        items = _children(_named(channel), "item")
    elif kind == "rdf":
        channel = _first(named, "channel")
        items = _children(named, "item")
    elif kind == "feed":
        channel = root
        items = _children(named, "entry")
    else:
        raise FeedError(f"not an RSS or Atom feed (its root is <{kind or '?'}>)")
    notices: list[Notice] = []
    if errors:
        # Only the items that ended before the break: what the parser made of the rest is
        # guesswork (a title swallowing the next tags, say).
        line = errors[0].line
        starts = [item.sourceline or 0 for item in items]
        items = [item for item, after in zip(items, starts[1:]) if after <= line]
        notices.append(Notice(url, line, f"broken XML: {errors[0].message.strip()}"))
    title = html_text(_text(_first(_named(channel), "title"))) if channel is not None else ""
    entries = [_entry(item, url, notices) for item in items]
    return ParsedFeed(title, [e for e in entries if e.title or e.body], notices)
