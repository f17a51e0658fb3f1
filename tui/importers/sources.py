"""Files and folders to articles: finds the files, reads each in its format, rejects the rest."""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal, NamedTuple, overload

from tui.importers.decode import SNIFF, NotText, decode, detect_encoding
from tui.importers.records import BadRecord, read_csv, read_json_document, read_json_lines
from tui.importers.scraped import NotAnArticle, parse_page
from tui.model import Article, Notice, Origin, Rejection

JSON_LINES_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv"}
HTML_SUFFIXES = {".html", ".htm"}

_BAD_BYTES = "qari-bad-bytes"


def _nul_for_bad_bytes(error: UnicodeError) -> tuple[str, int]:
    """Undecodable bytes become NUL, which no JSON line may hold: that line alone is rejected."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "\x00", error.end


codecs.register_error(_BAD_BYTES, _nul_for_bad_bytes)


def shown(path: Path | str) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 (a name saved
    in Windows-1256, say) written as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def unshown(text: str) -> Path:
    """The path `shown` wrote as `text` (only bytes above 0x7f are ever escaped)."""
    return Path(os.fsdecode(_ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m[1], 16)), text)))


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def not_a_file(path: Path) -> str | None:
    """Why `path` is not a regular file to read (never opening it), or None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symlink loop"
        if error.errno == errno.ENOENT and os.path.islink(path):
            return "cannot read: a link to nothing"
        return f"cannot read: {error.strerror}"
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def find_files(paths: Iterable[Path]) -> Iterator[Path | Notice | Rejection]:
    """Every file named, and every file below every folder named (hidden ones left out).

    What is not a regular file is never opened: found in a folder, it is passed over with a
    Notice; named on its own, it is a Rejection.
    """
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    found = Path(folder) / name
                    why = not_a_file(found)
                    if why is None:
                        yield found
                    else:
                        yield Notice(shown(found), None, f"skipped: {why}")
        else:
            why = not_a_file(path)
            if why is None:
                yield path
            else:
                yield Rejection(
                    shown(path), None, why if why.startswith("cannot") else f"{why}, not a file"
                )


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


class Lines(NamedTuple):
    """Lines of a JSON Lines file read but not parsed yet: `parse_lines` makes them
    articles, in whichever process has a core free (see tui/store/importing.py).

    `lines` is either the lines decoded, or whole lines as the file holds them, in
    `encoding`: then the process that parses them decodes them too, and the one that read
    them only cut the file into blocks at line ends (decoding each line and encoding it
    again to send it took the reading process 12-16 µs a line; cutting blocks takes 5)."""

    name: str
    first: int  # the number of the first line
    lines: list[str] | bytes
    encoding: str = "utf-8"


def parse_lines(batch: Lines) -> list[Article | Rejection | Notice]:
    """What the lines of a batch hold, as `read_file` would yield them."""
    lines: Iterable[str] = (
        batch.lines
        if isinstance(batch.lines, list)
        else _block_lines(batch.lines, batch.encoding, batch.first)
    )
    return list(read_json_lines(lines, batch.name, batch.first))


def _block_lines(block: bytes, encoding: str, first: int) -> Iterator[str]:
    """A block's lines, each as `_decoded_lines` gives it (cut at \\n only, kept)."""
    for number, raw in enumerate(io.BytesIO(block), start=first):
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError:
            line = "\x00"  # not JSON: the reader rejects this line alone
        yield line.lstrip("\ufeff") if number == 1 else line


# Lines are handed on in batches of about this many characters (bytes, read as blocks), or
# this many lines.
BATCH_CHARS = 1 << 19
BATCH_LINES = 200


def _batched(lines: Iterator[str], name: str) -> Iterator[Lines | Article | Rejection | Notice]:
    """Lines in batches; a line longer than a batch is parsed here, where it is, since
    handing it on would copy it twice more."""
    batch: list[str] = []
    first = chars = 0
    for number, line in enumerate(lines, start=1):
        if len(line) > BATCH_CHARS:
            if batch:
                yield Lines(name, first, batch)
                batch, chars = [], 0
            yield from read_json_lines([line], name, number)
            continue
        if not batch:
            first = number
        batch.append(line)
        chars += len(line)
        if chars >= BATCH_CHARS or len(batch) >= BATCH_LINES:
            yield Lines(name, first, batch)
            batch, chars = [], 0
    if batch:
        yield Lines(name, first, batch)


def _blocks(
    handle: io.BufferedReader,
    name: str,
    encoding: str,
    on_read: Callable[[int], None] | None,
) -> Iterator[Lines | Article | Rejection | Notice]:
    """The file as blocks of whole lines, undecoded, for `parse_lines`; as `_batched`, a line
    longer than a block is parsed here. Only for encodings in which the byte \\n is always a
    line's end (not UTF-16)."""
    number = 1
    pending = b""  # the start of the next line
    long: list[bytes] = []  # a line longer than a block, as far as it is read
    while block := handle.read(BATCH_CHARS):
        data = pending + block if pending else block
        cut = data.rfind(b"\n") + 1
        if not cut:
            long.append(data)
            pending = b""
            continue
        start = 0
        if long:
            start = data.index(b"\n") + 1
            line = b"".join([*long, data[:start]])
            long = []
            yield from read_json_lines(_block_lines(line, encoding, number), name, number)
            number += 1
        if start < cut:
            yield Lines(name, number, data[start:cut], encoding)
            number += data.count(b"\n", start, cut)
        pending = data[cut:]
        if on_read is not None:
            on_read(handle.tell())
    last = b"".join([*long, pending])
    if long or len(last) > BATCH_CHARS:
        yield from read_json_lines(_block_lines(last, encoding, number), name, number)
    elif last:
        yield Lines(name, number, last, encoding)


def _looks_like_json(head: str) -> bool:
    return _JSON_START.match(head.lstrip("\ufeff")) is not None


_JSON_START = re.compile(r'\s*(?:\{\s*["}]|\[\s*(?:[{\["\]]|-?\d|true|false|null))')


def _page_lines(handle: io.BufferedReader, encoding: str) -> Iterator[str]:
    """A page's lines decoded one at a time; any of \\n, \\r\\n or \\r ends a line."""
    if encoding.startswith("utf-16"):
        try:
            yield from io.TextIOWrapper(handle, encoding=encoding, newline=None)
        except UnicodeDecodeError as error:
            raise NotText(f"invalid {encoding}: {error.reason}") from None
        return
    offset = 0
    for raw in handle:
        size = len(raw)
        if raw.endswith(b"\n"):
            raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        # \r is one byte in every encoding read here, never inside a multi-byte character.
        for part in raw.split(b"\r"):
            try:
                yield part.decode(encoding)
            except UnicodeDecodeError as error:
                raise NotText(f"invalid {encoding} at byte {offset + error.start}") from None
            offset += len(part) + 1
        offset += size - len(raw) - 1


@overload
def read_file(
    path: Path, on_read: Callable[[int], None] | None = None, *, batched: Literal[False] = False
) -> Iterator[Article | Rejection | Notice]: ...
@overload
def read_file(
    path: Path, on_read: Callable[[int], None] | None = None, *, batched: bool
) -> Iterator[Article | Rejection | Notice | Lines]: ...
def read_file(
    path: Path, on_read: Callable[[int], None] | None = None, *, batched: bool = False
) -> Iterator[Article | Rejection | Notice | Lines]:
    """The articles in one file, or a Rejection for each record (or the file) that fails,
    and a Notice for what a person should know about an article kept all the same.

    `on_read`, when given, is told every thousand lines of a JSON Lines file how many bytes
    of it have been read, for a progress bar. With `batched`, the lines of a JSON Lines file
    come as `Lines`, for the caller to parse (with `parse_lines`) where it likes.
    """
    name = shown(path)
    why = not_a_file(path)
    if why is not None:
        yield Rejection(name, None, why)
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        yield _read_html_page(path, name)
        return
    notices: list[Notice] = []
    try:
        with path.open("rb") as handle:
            sample = handle.read(SNIFF)
            if not sample.strip():
                yield Rejection(name, None, "empty file")
                return
            encoding = detect_encoding(sample)
            head = sample.decode(encoding, errors="replace")
            suffix = path.suffix.lower()
            if _is_json_lines(path, head):
                handle.seek(0)
                if batched and not encoding.startswith("utf-16"):
                    yield from _blocks(handle, name, encoding, on_read)
                    return
                lines = _decoded_lines(handle, encoding)
                if on_read is not None:
                    lines = _telling(lines, handle, on_read)
                if batched:
                    yield from _batched(lines, name)
                else:
                    yield from read_json_lines(lines, name)
                return
            if suffix in CSV_SUFFIXES:
                handle.seek(0)
                text = io.TextIOWrapper(handle, encoding=encoding, errors=_BAD_BYTES, newline="")
                yield from read_csv(text, name)
                return
            if suffix not in JSON_SUFFIXES and not _looks_like_json(head):
                handle.seek(0)
                article = parse_page(_page_lines(handle, encoding), name, notices)
            else:
                data = sample + handle.read()
                article = None
    except (NotText, NotAnArticle) as error:
        yield Rejection(name, None, str(error))
        return
    except OSError as error:
        yield Rejection(name, None, f"cannot read: {error.strerror or error}")
        return
    if article is not None:
        yield article
        yield from notices
        return
    try:
        yield from read_json_document(decode(data), name)
    except (NotText, BadRecord) as error:
        yield Rejection(name, None, str(error))


def _read_html_page(path: Path, name: str) -> Article | Rejection:
    """A saved article page, read by the extractor that reads fetched pages."""
    from tui.feeds.extract import NotAPage, decode_page, extract_page

    try:
        page = extract_page(decode_page(path.read_bytes()))
    except OSError as error:
        return Rejection(name, None, f"cannot read: {error.strerror or error}")
    except NotAPage as error:
        return Rejection(name, None, str(error))
    return Article(
        title=page.title or page.body[0],
        body=page.body,
        date=page.date,
        source=page.source,
        keywords=page.keywords,
        url=page.url,
        origin=Origin(name, 1),
    )
