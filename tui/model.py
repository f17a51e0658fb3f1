"""The article: what an importer produces, its identity, and what the store keeps."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import NamedTuple, overload
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tui.text.pieces import joined_words


class Origin(NamedTuple):
    """Where an article was read from: a file and the line its record starts on."""

    file: str
    line: int


NO_ORIGIN = Origin("", 0)


def located(file: str, line: int | None, text: str) -> str:
    """`text` after the file (and line) it is about, as one line of a report."""
    return f"{file}: {text}" if line is None else f"{file}:{line}: {text}"


class Rejection(NamedTuple):
    """A file or a record that could not be imported, and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return located(self.file, self.line, self.reason)


class Notice(NamedTuple):
    """Something a person should know about an article that was imported all the same, or a
    file that was passed over (a FIFO, a symlink loop)."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return located(self.file, self.line, self.message)


def _hash(key: str) -> str:
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# Query parameters that say where a reader came from, not which article it is.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def canonical_url(url: str) -> str:
    """The url as identity: scheme and host lower case, no fragment, no tracking parameters."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.startswith(_TRACKING)
        ]
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def copy_key(title: str, body: Iterable[str]) -> str:
    """What a «read also» copy shares with its full article: the title and first paragraph,
    compared as search compares them (hamza, harakat, digits and spacing do not matter)."""
    first = next(iter(body), "")
    return _hash(joined_words(title) + "\n" + joined_words(first))


def copy_id(title: str, body: Iterable[str]) -> str:
    """The id of a «read also» copy while the store has no full article it is a copy of: its
    title and every paragraph it quotes, so copies of two daily items that open alike (and
    differ further down) stay two."""
    key = "\n".join([joined_words(title), *map(joined_words, body)])
    return _hash("copy\n" + key)


def content_id(title: str, body: Iterable[str], date: datetime.date | None, source: str) -> str:
    """The id of an article known by what it says: a daily item that repeats its title and
    dateline is a new article each day, and a corrected text is a new article too."""
    digest = hashlib.blake2b(digest_size=8)
    head = [joined_words(title), date.isoformat() if date else "", joined_words(source)]
    digest.update("\n".join(["text", *head]).encode("utf-8", "surrogatepass"))
    # Paragraph by paragraph, so a huge article is never held twice.
    for paragraph in body:
        digest.update(("\n" + joined_words(paragraph)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# Paragraphs are packed (compressed) a chunk of about this many characters at a time once a
# body grows past it: a huge page is then held in a fraction of its size while it is imported.
PACK_CHARS = 1 << 20


class PackedBody(Sequence[str]):
    """The paragraphs of a huge article, kept zlib-compressed a chunk at a time and unpacked
    only while they are read. Its `chunks` are whole zlib streams, one after another: the
    store keeps them as they are."""

    def __init__(self, chunks: list[bytes], counts: list[int], chars: int) -> None:
        self.chunks = chunks
        self.counts = counts  # paragraphs in each chunk
        self.chars = chars

    def _chunk(self, index: int) -> list[str]:
        return zlib.decompress(self.chunks[index]).decode("utf-8", "surrogatepass").split("\n")

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self.chunks)):
            yield from self._chunk(index)

    def __len__(self) -> int:
        return sum(self.counts)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and start == 0:
                return list(itertools.islice(self, stop))
            return list(self)[index]
        if index < 0:
            index += len(self)
        for chunk, count in enumerate(self.counts):
            if index < count:
                return self._chunk(chunk)[index]
            index -= count
        raise IndexError("paragraph index out of range")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))


class BodyBuilder:
    """Paragraphs as they are read: a tuple for an ordinary article, a PackedBody once they
    pass PACK_CHARS."""

    def __init__(self) -> None:
        self.open: list[str] = []
        self.open_chars = 0
        self.chunks: list[bytes] = []
        self.counts: list[int] = []
        self.chars = 0

    def append(self, paragraph: str) -> None:
        self.open.append(paragraph)
        self.open_chars += len(paragraph)
        self.chars += len(paragraph)
        if self.open_chars >= PACK_CHARS:
            self._pack()

    def _pack(self) -> None:
        text = "\n".join(self.open).encode("utf-8", "surrogatepass")
        self.chunks.append(zlib.compress(text, 6))
        self.counts.append(len(self.open))
        self.open, self.open_chars = [], 0

    def build(self) -> Sequence[str]:
        if not self.chunks:
            return tuple(self.open)
        if self.open:
            self._pack()
        return PackedBody(self.chunks, self.counts, self.chars)


@dataclass(frozen=True)
class Article:
    """One news article in logical (reading) order; shaping happens only on display.

    Its identity: the url when it has one, else the feed's guid, else what it says (title,
    date, source and every paragraph). A «read also» copy (`partial`) is known by its title
    and first paragraph until the store finds the full article it is a copy of.
    """

    title: str
    body: Sequence[str]
    date: datetime.date | None = None
    source: str = ""
    keywords: tuple[str, ...] = ()
    url: str = ""
    origin: Origin = NO_ORIGIN
    related: tuple[Article, ...] = field(default=(), compare=False)
    related_titles: tuple[str, ...] = ()
    partial: bool = False
    guid: str = ""

    def __reduce__(self) -> tuple[type[Article], tuple[object, ...]]:
        # Imports send articles between processes by the thousand: their fields as one tuple
        # pickle several times faster than a dataclass does by default.
        return Article, tuple(map(self.__getattribute__, _ARTICLE_FIELDS))

    @property
    def copy_key(self) -> str:
        return copy_key(self.title, self.body)

    @property
    def id(self) -> str:
        if self.url.strip():
            return _hash("url\n" + canonical_url(self.url))
        if self.guid.strip():
            return _hash("guid\n" + self.guid.strip())
        if self.partial:
            return copy_id(self.title, self.body)
        return content_id(self.title, self.body, self.date, self.source)


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
