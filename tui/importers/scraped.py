"""The scraped page format: title, date, body, source, keywords and «read also» articles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tui.importers.dates import parse_date
from tui.importers.keywords import split_keywords
from tui.model import Article, BodyBuilder, Notice, Origin
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


# A «read also» line with a title, waiting to learn whether the body goes on after it: past
# this many lines it is taken for a link in the body (a block of related articles is short).
_PENDING_LINES = 200


def parse_page(
    text: str | Iterable[str], path: str, notices: list[Notice] | None = None
) -> Article:
    """The article (with its «read also» articles in `related`) that a scraped page holds.

    `text` is the page, or its lines, read once: a huge page's body is packed as it is read
    (see `BodyBuilder`). A date that cannot be read is added to `notices`, when given, and
    the article kept without one.

    A «read also» line with a title after its colon, followed further down by the page's
    source, date or keywords line, is a link in the middle of the body: the title becomes a
    related link and the body goes on.
    """
    lines = enumerate(text.split("\n") if isinstance(text, str) else text, start=1)
    title_line, title = next(((n, t.strip()) for n, t in lines if t.strip()), (0, ""))
    if not title:
        raise NotAnArticle("empty file")
    body = BodyBuilder()
    date = None
    source = ""
    raw_keywords = ""
    read_also: list[tuple[int, str]] = []
    inline_titles: list[str] = []
    in_read_also = False
    # (line, title, the lines after it) of a «read also» line not yet known to be a link.
    pending: tuple[int, str, list[tuple[int, str]]] | None = None

    def as_link() -> None:
        nonlocal pending
        assert pending is not None
        inline_titles.append(pending[1])
        for _, waiting in pending[2]:
            if waiting:
                body.append(waiting)
        pending = None

    for number, raw in lines:
        line = raw.strip()
        found = _marker(line) if line else None
        if found is None:
            if pending is not None:
                pending[2].append((number, line))
                if len(pending[2]) > _PENDING_LINES:
                    as_link()
            elif in_read_also:
                read_also.append((number, line))
            elif line:
                body.append(line)
            continue
        marker, rest = found
        if pending is not None:
            # Another field follows: the body went on after the «read also» line.
            as_link()
        if marker == _READ_ALSO and rest and body and not in_read_also:
            pending = (number, rest, [])
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
    if pending is not None:
        # Nothing followed: a block of related articles whose first title is on its line.
        read_also += [(pending[0], pending[1]), *pending[2]]
    paragraphs = body.build()
    if not paragraphs:
        raise NotAnArticle("not an article: a title line but no body")
    evidence = "\n".join([title, *paragraphs[:50]])
    article = Article(
        title,
        paragraphs,
        date=date,
        source=source,
        keywords=tuple(split_keywords(raw_keywords, evidence)) if raw_keywords else (),
        origin=Origin(path, title_line),
        related_titles=tuple(dict.fromkeys(inline_titles)),
    )
    return replace(article, related=tuple(_related_articles(read_also, path)))
