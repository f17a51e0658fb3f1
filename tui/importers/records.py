"""JSON and JSON Lines dumps: one object per article."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from tui.importers.dates import parse_date
from tui.importers.keywords import split_keywords
from tui.model import Article, Origin, Rejection


class BadRecord(ValueError):
    """A record that is not an article; the message says which field is wrong."""


_SURROGATE = re.compile("[\ud800-\udfff]")


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


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise BadRecord(f"field '{name}' should be text, not {type(value).__name__}")
    return str(value).strip()


def _paragraphs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = value.replace("\r\n", "\n").split("\n")
    elif isinstance(value, list) and all(isinstance(p, str) for p in value):
        parts = value
    else:
        raise BadRecord("field 'body' should be text or a list of paragraphs")
    return tuple(p.strip() for p in parts if p.strip())


def _keywords(value: Any, evidence: str) -> tuple[str, ...]:
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
    raise BadRecord("field 'keywords' should be a list of text or text")


def record_article(record: Any, path: str, line: int) -> Article:
    """The article a decoded JSON object describes."""
    if not isinstance(record, dict):
        raise BadRecord(f"expected an object, found {type(record).__name__}")
    record = _clean(record)
    title = _text(record, "title")
    if not title:
        raise BadRecord("no 'title'")
    body = _paragraphs(record.get("body", record.get("text", "")))
    if not body:
        raise BadRecord("no 'body'")
    raw_date = _text(record, "date")
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
            item_body = _paragraphs(item.get("body", ""))
            if item_title and item_body:
                related.append(
                    Article(
                        item_title,
                        item_body,
                        origin=Origin(path, line),
                        url=_text(item, "url"),
                        partial=True,
                    )
                )
            elif item_title:
                related_titles.append(item_title)
        else:
            raise BadRecord("field 'related' should hold titles or objects")
    return Article(
        title,
        body,
        date=parse_date(raw_date) if raw_date else None,
        source=_text(record, "source"),
        keywords=_keywords(record.get("keywords"), "\n".join([title, *body])),
        url=_text(record, "url"),
        origin=Origin(path, line),
        related=tuple(related),
        related_titles=tuple(related_titles),
    )


def _one(record: Any, path: str, line: int) -> Article | Rejection:
    try:
        return record_article(record, path, line)
    except BadRecord as error:
        return Rejection(path, line, str(error))


def _json_error(error: ValueError | RecursionError) -> str:
    """A one-line reason for text `json` cannot read."""
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg}"
    if isinstance(error, RecursionError):
        return "not valid JSON: nested too deeply"
    # Python refuses integers of more than 4300 digits with a plain ValueError.
    return f"not valid JSON: {str(error).split(':')[0]}"


def read_json_lines(lines: Iterable[str], path: str) -> Iterator[Article | Rejection]:
    """Each non-blank line is one record; a bad line is rejected on its own."""
    for number, line in enumerate(lines, start=1):
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
        yield _one(record, path, number)


_SPACE = re.compile(r"[\s,]*")


def read_json_document(text: str, path: str) -> Iterator[Article | Rejection]:
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
        yield _one(record, path, text.count("\n", 0, offset) + 1)
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
        yield _one(record, path, line)
