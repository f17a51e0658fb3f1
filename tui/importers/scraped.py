"""The scraped page format: title, date, body, source, keywords and «read also» articles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tui.importers.dates import parse_date
from tui.importers.keywords import split_keywords
from tui.model import Article, Notice, Origin
from tui.text.normalize import normalize

# Markers are compared after normalisation, so hamza, tanween and harakat variants all match.
_DATE = normalize("تاريخ النشر")
_SOURCE = normalize("المصدر")
_KEYWORDS = normalize("كلمات دلالية")
_READ_ALSO = normalize("اقرأ أيضا")
# Each label a site may give a field, to the field it names.
_LABELS = {
    **dict.fromkeys(map(normalize, ("تاريخ النشر", "نشر بتاريخ")), _DATE),
    normalize("المصدر"): _SOURCE,
    **dict.fromkeys(
        map(
            normalize,
            (
                "كلمات دلالية",
                "الكلمات الدلالية",
                "كلمات مفتاحية",
                "الكلمات المفتاحية",
                "كلمات دالة",
                "الكلمات الدالة",
                "الوسوم",
                "وسوم",
            ),
        ),
        _KEYWORDS,
    ),
}

_SENTENCE_END = (".", "،", ",", "؛", ";", ":", "؟", "?", "!", "»", '"', ")")
TITLE_MAX_WORDS = 18


class NotAnArticle(ValueError):
    """The text is not a page in this format."""


def _marker(line: str) -> tuple[str, str] | None:
    """(marker, rest) when the line starts with one of the page's field markers."""
    head, colon, rest = line.partition(":")
    norm = " ".join(normalize(head).split())
    if colon and norm in _LABELS:
        return _LABELS[norm], rest.strip()
    if norm.startswith(_READ_ALSO) and len(norm) <= len(_READ_ALSO) + 2:
        return _READ_ALSO, rest.strip()
    return None


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


def date_notice(raw: str, path: str, line: int | None) -> Notice:
    """The warning for a date that is there but cannot be read."""
    shown = raw if len(raw) <= 60 else raw[:60] + "…"
    return Notice(path, line, f"cannot read the date «{shown}»; the article is kept without one")


def parse_page(
    text: str | Iterable[str], path: str, notices: list[Notice] | None = None
) -> Article:
    """The article (with its «read also» articles in `related`) that a scraped page holds.

    `text` is the page, or its lines (so a huge page is never held twice). A date that cannot
    be read is added to `notices`, when given, and the article kept without one.

    A «read also» line with a title after its colon, followed further down by the page's
    source, date or keywords line, is a link in the middle of the body: the title becomes a
    related link and the body goes on.
    """
    raw_lines = text.split("\n") if isinstance(text, str) else text
    lines = [(number, line.strip()) for number, line in enumerate(raw_lines, start=1)]
    del raw_lines
    found = [(number, _marker(line)) for number, line in lines if line]
    content = [number for number, _ in found]
    if not content:
        raise NotAnArticle("empty file")
    title_line = content[0]
    title = lines[title_line - 1][1]
    last_field = max((n for n, marker in found if marker and marker[0] != _READ_ALSO), default=0)
    markers = {n: marker for n, marker in found if marker}
    del found
    body: list[str] = []
    date = None
    source = ""
    raw_keywords = ""
    read_also: list[tuple[int, str]] = []
    inline_titles: list[str] = []
    in_read_also = False
    for number, line in lines[title_line:]:
        marker_rest = markers.get(number)
        if marker_rest is not None:
            marker, rest = marker_rest
            if marker == _READ_ALSO and rest and body and number < last_field:
                inline_titles.append(rest)
                continue
            in_read_also = marker == _READ_ALSO
            if marker == _DATE:
                date = parse_date(rest) if rest else None
                if rest and date is None and notices is not None:
                    notices.append(date_notice(rest, path, number))
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
    del lines
    if not body:
        raise NotAnArticle("not an article: a title line but no body")
    evidence = "\n".join([title, *body[:50]])
    article = Article(
        title,
        tuple(body),
        date=date,
        source=source,
        keywords=tuple(split_keywords(raw_keywords, evidence)) if raw_keywords else (),
        origin=Origin(path, title_line),
        related_titles=tuple(dict.fromkeys(inline_titles)),
    )
    return replace(article, related=tuple(_related_articles(read_also, path)))
