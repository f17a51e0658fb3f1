"""The scraped page format: title, date, body, source, keywords and «read also» articles."""

from __future__ import annotations

from dataclasses import replace

from tui.importers.dates import parse_date
from tui.importers.keywords import split_keywords
from tui.model import Article, Origin
from tui.text.normalize import normalize

# Markers are compared after normalisation, so hamza, tanween and harakat variants all match.
_DATE = normalize("تاريخ النشر")
_SOURCE = normalize("المصدر")
_KEYWORDS = normalize("كلمات دلالية")
_READ_ALSO = normalize("اقرأ أيضا")

_SENTENCE_END = (".", "،", ",", "؛", ";", ":", "؟", "?", "!", "»", '"', ")")
TITLE_MAX_WORDS = 18


class NotAnArticle(ValueError):
    """The text is not a page in this format."""


def _marker(line: str) -> tuple[str, str] | None:
    """(marker, rest) when the line starts with one of the page's field markers."""
    head, colon, rest = line.partition(":")
    norm = normalize(head).strip()
    for marker in (_DATE, _SOURCE, _KEYWORDS):
        if colon and norm == marker:
            return marker, rest.strip()
    if norm.startswith(_READ_ALSO) and len(norm) <= len(_READ_ALSO) + 2:
        return _READ_ALSO, rest.strip()
    return None


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufefc" for c in text)


def _looks_like_title(line: str) -> bool:
    return len(line.split()) <= TITLE_MAX_WORDS and not line.endswith(_SENTENCE_END)


def _related_articles(lines: list[tuple[int, str]], path: str) -> list[Article]:
    """Split the «read also» block into articles: a title line, then its paragraphs.

    A blank line always starts a new article; without blank lines, a short line with no
    closing punctuation after a paragraph is taken as the next title.
    """
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in lines:
        if not line:
            if current:
                groups.append(current)
            current = []
            continue
        starts_new = (
            len(current) >= 2 and _looks_like_title(line) and not _looks_like_title(current[-1][1])
        )
        if starts_new:
            groups.append(current)
            current = []
        current.append((number, line))
    if current:
        groups.append(current)
    related = []
    for group in groups:
        (number, title), *paragraphs = group
        if paragraphs:
            body = tuple(text for _, text in paragraphs)
            related.append(Article(title, body, origin=Origin(path, number), partial=True))
    return related


def parse_page(text: str, path: str) -> Article:
    """The article (with its «read also» articles in `related`) that a scraped page holds."""
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    content = [(n, line) for n, line in lines if line]
    if not content:
        raise NotAnArticle("empty file")
    title_line, title = content[0]
    body: list[str] = []
    date = None
    source = ""
    raw_keywords = ""
    read_also: list[tuple[int, str]] = []
    in_read_also = False
    for number, line in lines[title_line:]:
        found = _marker(line) if line else None
        if found is not None:
            marker, rest = found
            in_read_also = marker == _READ_ALSO
            if marker == _DATE:
                date = parse_date(rest)
            elif marker == _SOURCE:
                source = rest
            elif marker == _KEYWORDS:
                raw_keywords = rest
            elif rest:
                read_also.append((number, rest))
            continue
        if in_read_also:
            read_also.append((number, line))
        elif line:
            body.append(line)
    if not body:
        raise NotAnArticle("not an article: a title line but no body")
    if not _has_arabic(title + " ".join(body[:3])):
        raise NotAnArticle("not an article: no Arabic text")
    evidence = "\n".join([title, *body])
    article = Article(
        title,
        tuple(body),
        date=date,
        source=source,
        keywords=tuple(split_keywords(raw_keywords, evidence)) if raw_keywords else (),
        origin=Origin(path, title_line),
    )
    return replace(article, related=tuple(_related_articles(read_also, path)))
