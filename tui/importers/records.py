"""JSON and JSON Lines dumps: one object per article."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from tui.importers.dates import parse_date
from tui.importers.keywords import split_keywords
from tui.importers.scraped import date_notice
from tui.model import Article, Notice, Origin, Rejection


class BadRecord(ValueError):
    """A record that is not an article; the message says which field is wrong."""


_SURROGATE = re.compile("[\ud800-\udfff]")
# How a lone surrogate gets into a decoded record: an escape of one (\ud800), since no text
# decoded from a file by qari holds one (a strict decoder refuses them).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _clean(value: Any, depth: int = 4) -> Any:
    """A decoded JSON value with each lone surrogate (an escape such as \\ud800 without its
    pair) made U+FFFD: such text cannot be encoded, so it could be neither stored nor shown.

    Only as deep as an article's fields go (a related object's body list is the deepest):
    anything deeper is rejected by the field checks, and a deep walk could exhaust the stack.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if depth == 0:
        return value
    if isinstance(value, list):
        return [_clean(item, depth - 1) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item, depth - 1) for key, item in value.items()}
    return value


# Each field and the names common dumps give it, first found wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "head_line"),
    "body": ("body", "content", "text", "article"),
    "date": ("date", "published", "pubDate", "published_at", "date_extracted"),
    "source": ("source", "publisher"),
    "keywords": ("keywords", "tags", "categories"),
    "url": ("url", "link"),
    "guid": ("guid",),
}


def _field(record: dict[str, Any], name: str) -> tuple[str, Any]:
    """The name a record gives a field, and its value (None when it has none)."""
    for key in FIELDS[name]:
        value = record.get(key)
        if value is not None and value != "":
            return key, value
    return FIELDS[name][0], None


def _text(record: dict[str, Any], name: str) -> str:
    key, value = _field(record, name) if name in FIELDS else (name, record.get(name))
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise BadRecord(f"field '{key}' should be text, not {type(value).__name__}")
    return str(value).strip()


def _paragraphs(value: Any, key: str = "body") -> tuple[str, ...]:
    if isinstance(value, str):
        parts = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    elif isinstance(value, list) and all(isinstance(p, str) for p in value):
        parts = value
    else:
        raise BadRecord(f"field '{key}' should be text or a list of paragraphs")
    return tuple(p.strip() for p in parts if p.strip())


def _keywords(value: Any, evidence: str, key: str = "keywords") -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(split_keywords(value, evidence)) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(k, str) for k in value):
        seen: dict[str, None] = {}
        for keyword in value:
            if keyword.strip():
                seen.setdefault(keyword.strip())
        return tuple(seen)
    raise BadRecord(f"field '{key}' should be a list of text or text")


def record_article(
    record: Any, path: str, line: int, notices: list[Notice] | None = None, *, clean: bool = True
) -> Article:
    """The article a decoded JSON object (or a CSV row) describes; a date that is there but
    cannot be read is added to `notices`, and the article kept without one. `clean=False`
    when the record is known to hold no lone surrogate."""
    if not isinstance(record, dict):
        raise BadRecord(f"expected an object, found {type(record).__name__}")
    if clean:
        record = _clean(record)
    title = _text(record, "title")
    if not title:
        raise BadRecord("no 'title'")
    body_key, raw_body = _field(record, "body")
    body = _paragraphs(raw_body if raw_body is not None else "", body_key)
    if not body:
        raise BadRecord("no 'body'")
    date = None
    _, raw_date = _field(record, "date")
    if isinstance(raw_date, (int, float)) and not isinstance(raw_date, bool):
        date = parse_date(raw_date)
        raw_date = str(raw_date)
    else:
        raw_date = _text(record, "date")
        date = parse_date(raw_date) if raw_date else None
    if raw_date and date is None and notices is not None:
        notices.append(date_notice(raw_date, path, line))
    related: list[Article] = []
    related_titles: list[str] = []
    raw_related = record.get("related") or []
    if not isinstance(raw_related, list):
        raise BadRecord("field 'related' should be a list")
    for item in raw_related:
        if isinstance(item, str) and item.strip():
            related_titles.append(item.strip())
        elif isinstance(item, dict):
            item_title = _text(item, "title")
            item_key, item_body = _field(item, "body")
            paragraphs = _paragraphs(item_body if item_body is not None else "", item_key)
            if item_title and paragraphs:
                related.append(
                    Article(
                        item_title,
                        paragraphs,
                        origin=Origin(path, line),
                        url=_text(item, "url"),
                        partial=True,
                    )
                )
            elif item_title:
                related_titles.append(item_title)
        else:
            raise BadRecord("field 'related' should hold titles or objects")
    keywords_key, raw_keywords = _field(record, "keywords")
    return Article(
        title,
        body,
        date=date,
        source=_text(record, "source"),
        keywords=_keywords(raw_keywords, "\n".join([title, *body[:50]]), keywords_key),
        url=_text(record, "url"),
        guid=_text(record, "guid"),
        origin=Origin(path, line),
        related=tuple(related),
        related_titles=tuple(related_titles),
        # A «read also» copy whose full article its store never had (as `qari export` marks it).
        partial=record.get("partial") is True,
    )


def _one(
    record: Any, path: str, line: int, *, clean: bool = True
) -> Iterator[Article | Rejection | Notice]:
    notices: list[Notice] = []
    try:
        yield record_article(record, path, line, notices, clean=clean)
    except BadRecord as error:
        yield Rejection(path, line, str(error))
        return
    yield from notices


def _json_error(error: ValueError | RecursionError) -> str:
    """A one-line reason for text `json` cannot read."""
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg}"
    if isinstance(error, RecursionError):
        return "not valid JSON: nested too deeply"
    # Python refuses integers of more than 4300 digits with a plain ValueError.
    return f"not valid JSON: {str(error).split(':')[0]}"


def read_json_lines(
    lines: Iterable[str], path: str, first: int = 1
) -> Iterator[Article | Rejection | Notice]:
    """Each non-blank line is one record; a bad line is rejected on its own. `first` is the
    number of the first line (lines read in batches elsewhere)."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        if "\x00" in line:
            yield Rejection(path, number, "not text in the file's encoding")
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            yield Rejection(path, number, _json_error(error))
            continue
        lone = _SURROGATE_ESCAPE.search(line) or _SURROGATE.search(line)
        yield from _one(record, path, number, clean=lone is not None)


_SPACE = re.compile(r"[\s,]*")


def read_json_document(text: str, path: str) -> Iterator[Article | Rejection | Notice]:
    """A JSON array of records (or a single record), each record rejected on its own."""
    decoder = json.JSONDecoder()
    stripped = text.lstrip("\ufeff \t\n")
    offset = len(text) - len(stripped)
    if not stripped.startswith("["):
        try:
            record, end = decoder.raw_decode(text, offset)
        except (ValueError, RecursionError) as error:
            raise BadRecord(_json_error(error)) from None
        if text[end:].strip():
            raise BadRecord("not valid JSON: extra data after the first value")
        yield from _one(record, path, text.count("\n", 0, offset) + 1)
        return
    position = offset + 1
    line, counted = 1, 0
    while True:
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if position >= len(text):
            raise BadRecord("not valid JSON: the array is not closed")
        if text[position] == "]":
            if text[position + 1 :].strip():
                raise BadRecord("not valid JSON: extra data after the array")
            return
        line += text.count("\n", counted, position)
        counted = position
        try:
            record, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError) as error:
            yield Rejection(path, line, f"{_json_error(error)}; the rest of the file is skipped")
            return
        yield from _one(record, path, line)


def read_csv(lines: Iterable[str], path: str) -> Iterator[Article | Rejection | Notice]:
    """A CSV file whose header row names the fields as JSON records do; each row a record."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        yield Rejection(path, 1, f"not valid CSV: {error}")
        return
    header = [name.strip().lstrip("\ufeff") for name in header]
    known = {name for names in FIELDS.values() for name in names}
    if not known.intersection(header):
        yield Rejection(path, 1, "not valid CSV: the header row names no field qari reads")
        return
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Rejection(path, line, f"not valid CSV: {error}")
            return
        if any(cell.strip() for cell in row):
            yield from _one(dict(zip(header, row)), path, line)
        line = reader.line_num + 1
