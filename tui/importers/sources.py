"""Files and folders to articles: finds the files, reads each in its format, rejects the rest."""

from __future__ import annotations

import codecs
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tui.importers.decode import SNIFF, NotText, decode, detect_encoding
from tui.importers.records import BadRecord, read_json_document, read_json_lines
from tui.importers.scraped import NotAnArticle, parse_page
from tui.model import Article, Origin, Rejection

JSON_LINES_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
JSON_SUFFIXES = {".json"}
HTML_SUFFIXES = {".html", ".htm"}

_BAD_BYTES = "qari-bad-bytes"


def _nul_for_bad_bytes(error: UnicodeError) -> tuple[str, int]:
    """Undecodable bytes become NUL, which no JSON line may hold: that line alone is rejected."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "\x00", error.end


codecs.register_error(_BAD_BYTES, _nul_for_bad_bytes)


def find_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file named, and every file below every folder named (hidden ones left out)."""
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(folder) / name
        else:
            yield path


def _is_json_lines(path: Path, sample: str) -> bool:
    if path.suffix.lower() in JSON_LINES_SUFFIXES:
        return True
    if not sample.lstrip("\ufeff \t\n").startswith("{"):
        return False
    first = sample.lstrip("\ufeff \t\n").split("\n", 1)[0]
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def _decoded_lines(handle: io.BufferedReader, encoding: str) -> Iterator[str]:
    """Lines of a file decoded one at a time, so memory does not grow with the file."""
    if encoding.startswith("utf-16"):
        yield from io.TextIOWrapper(handle, encoding=encoding, errors=_BAD_BYTES, newline=None)
        return
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError:
            line = "\x00"  # not JSON: the reader rejects this line alone
        yield line.lstrip("\ufeff") if number == 1 else line


def _telling(
    lines: Iterator[str], handle: io.BufferedReader, on_read: Callable[[int], None]
) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if number % 1000 == 0:
            on_read(handle.tell())
        yield line


def read_file(
    path: Path, on_read: Callable[[int], None] | None = None
) -> Iterator[Article | Rejection]:
    """The articles in one file, or a Rejection for each record (or the file) that fails.

    `on_read`, when given, is told every thousand lines of a JSON Lines file how many bytes
    of it have been read, for a progress bar.
    """
    name = str(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        yield _read_html_page(path)
        return
    try:
        with path.open("rb") as handle:
            sample = handle.read(SNIFF)
            if not sample.strip():
                yield Rejection(name, None, "empty file")
                return
            encoding = detect_encoding(sample)
            if _is_json_lines(path, sample.decode(encoding, errors="replace")):
                handle.seek(0)
                lines = _decoded_lines(handle, encoding)
                if on_read is not None:
                    lines = _telling(lines, handle, on_read)
                yield from read_json_lines(lines, name)
                return
            data = sample + handle.read()
    except NotText as error:
        yield Rejection(name, None, str(error))
        return
    except OSError as error:
        yield Rejection(name, None, f"cannot read: {error.strerror or error}")
        return
    try:
        text = decode(data)
        is_json = path.suffix.lower() in JSON_SUFFIXES
        if is_json or text.lstrip("\ufeff \t\n").startswith(("[", "{")):
            yield from read_json_document(text, name)
        else:
            yield parse_page(text, name)
    except (NotText, NotAnArticle, BadRecord) as error:
        yield Rejection(name, None, str(error))


def _read_html_page(path: Path) -> Article | Rejection:
    """A saved article page, read by the extractor that reads fetched pages."""
    from tui.feeds.extract import NotAPage, decode_page, extract_page

    try:
        page = extract_page(decode_page(path.read_bytes()))
    except OSError as error:
        return Rejection(str(path), None, f"cannot read: {error.strerror or error}")
    except NotAPage as error:
        return Rejection(str(path), None, str(error))
    return Article(
        title=page.title or page.body[0],
        body=page.body,
        date=page.date,
        source=page.source,
        keywords=page.keywords,
        url=page.url,
        origin=Origin(str(path), 1),
    )
