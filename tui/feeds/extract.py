"""An article page to an article: its body without the page around it, keywords, date."""

from __future__ import annotations

import codecs
import datetime
import re
from typing import NamedTuple

import lxml.html
from lxml import etree

from tui.feeds.html import DROPPED, element_paragraphs
from tui.importers.dates import parse_date
from tui.importers.decode import NotText, detect_encoding

# What a page wraps around its article: menus, boxes of other articles, comments, footers.
_BOILERPLATE_TAGS = frozenset(
    ["nav", "footer", "aside", "form", "header", "menu", "dialog", "figcaption"]
)
_BOILERPLATE = re.compile(
    r"comment|footer|sidebar|side-bar|\bnav|navbar|menu|related|popular|most-?read|"
    r"trending|share|social|breadcrumb|widget|newsletter|subscribe|advert|\bads?\b|"
    r"banner|cookie|promo|read-?also|more-?news|latest|tags?-?list|author-box|pagination",
    re.IGNORECASE,
)
_BODY_HINT = re.compile(r"article-?body|articlebody|entry-content|post-content|story-?body")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_KEYWORD_SEPARATORS = re.compile(r"\s*[,،;|]\s*")
MIN_PARAGRAPH = 25  # characters: shorter lines are captions, bylines, buttons


class Page(NamedTuple):
    """What an article page says."""

    title: str
    body: tuple[str, ...]
    keywords: tuple[str, ...]
    date: datetime.date | None
    url: str
    source: str  # the site's name, when the page says it


class NotAPage(ValueError):
    """The bytes are not an HTML page with an article in it."""


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def decode_page(body: bytes, content_type: str = "") -> str:
    """A page's text: BOM, then the HTTP charset, then `<meta charset>`, then UTF-8, then
    qari's sniffer (Windows-1256 Arabic included)."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    http_charset = _HTTP_CHARSET.search(content_type)
    meta = _META_CHARSET.search(body[:8192])
    for name in (
        _codec(http_charset.group(1)) if http_charset else None,
        _codec(meta.group(1).decode("ascii")) if meta else None,
        "utf-8",
    ):
        if name is None:
            continue
        try:
            return body.decode(name)
        except UnicodeDecodeError:
            continue
    try:
        return body.decode(detect_encoding(body[: 64 * 1024]), errors="replace")
    except NotText as error:
        raise NotAPage(str(error)) from None


def _meta(root: etree._Element, *names: str) -> list[str]:
    wanted = {n.lower() for n in names}
    return [
        (m.get("content") or "").strip()
        for m in root.iter("meta")
        if (m.get("name") or m.get("property") or m.get("itemprop") or "").lower() in wanted
        and (m.get("content") or "").strip()
    ]


def _keywords(root: etree._Element) -> tuple[str, ...]:
    found: list[str] = []
    for value in _meta(root, "keywords", "news_keywords"):
        found.extend(k for k in _KEYWORD_SEPARATORS.split(value) if k)
    found.extend(_meta(root, "article:tag"))
    return tuple(dict.fromkeys(" ".join(k.split()) for k in found if k.strip()))


def _date(root: etree._Element, markup: str) -> datetime.date | None:
    candidates = _meta(
        root,
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "date",
        "dc.date.issued",
        "dc.date",
    )
    candidates += [
        e.get("datetime") or e.get("content") or ""
        for e in root.iter()
        if isinstance(e.tag, str) and (e.get("itemprop") or "").lower() == "datepublished"
    ]
    candidates += _JSON_LD_DATE.findall(markup)
    candidates += [t.get("datetime") or "" for t in root.iter("time")]
    for text in candidates:
        if text and (found := parse_date(text)) is not None:
            return found
    return None


def _title(root: etree._Element) -> str:
    for value in _meta(root, "og:title"):
        return " ".join(value.split())
    for tag in ("h1", "title"):
        for element in root.iter(tag):
            text = " ".join(element.text_content().split())
            if text:
                return text
    return ""


def _text_length(element: etree._Element) -> int:
    return len(" ".join(element.text_content().split()))


def _link_density(element: etree._Element) -> float:
    total = _text_length(element)
    if not total:
        return 0.0
    linked = sum(_text_length(a) for a in element.iter("a"))
    return linked / total


def _strip_boilerplate(root: etree._Element) -> None:
    doomed = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag in DROPPED or tag in _BOILERPLATE_TAGS:
            doomed.append(element)
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if marks.strip() and _BOILERPLATE.search(marks) and not _BODY_HINT.search(marks):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()


def _best_container(root: etree._Element) -> etree._Element | None:
    """The element that holds the article: marked as its body, else the one whose
    paragraphs hold the most text that is not links (a parent gets a paragraph's whole
    length, a grandparent half of it)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        marked = (element.get("itemprop") or "").lower() == "articlebody" or _BODY_HINT.search(
            marks
        )
        if marked and _text_length(element) >= MIN_PARAGRAPH:
            return element
    scores: dict[etree._Element, float] = {}
    for paragraph in root.iter("p"):
        length = _text_length(paragraph)
        if length < MIN_PARAGRAPH:
            continue
        weight = length * (1 - _link_density(paragraph))
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + weight / 2
    if not scores:
        return None
    return max(scores, key=lambda e: scores[e])


def _drop_link_lists(container: etree._Element) -> None:
    """Lists and boxes of links inside the article («read also», tags): not its text."""
    doomed = [
        element
        for element in container.iter("ul", "ol", "div", "p", "section", "table")
        if element is not container and _link_density(element) > 0.5
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def extract_page(markup: str, url: str = "") -> Page:
    """The article in an HTML page; raises NotAPage when there is no article text."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as error:
        raise NotAPage(f"not HTML: {error}") from None
    title = _title(root)
    keywords = _keywords(root)
    date = _date(root, markup)
    source = " ".join(next(iter(_meta(root, "og:site_name", "application-name")), "").split())
    canonical = next(
        (link.get("href") or "" for link in root.iter("link") if link.get("rel") == "canonical"),
        "",
    )
    _strip_boilerplate(root)
    container = _best_container(root)
    if container is None:
        raise NotAPage("no article text in the page")
    _drop_link_lists(container)
    body = [p for p in element_paragraphs(container) if p != title]
    if not body:
        raise NotAPage("no article text in the page")
    return Page(title, tuple(body), keywords, date, canonical or url, source)
