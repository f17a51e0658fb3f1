"""Article bodies as the store keeps them: compressed, since they are only ever displayed.

A body is stored as text (`articles.body`) when it is short, else as zlib-compressed UTF-8
(`articles.body_z`); `tui.store.db.body_text` reads either. Arabic text in UTF-8 compresses
to about a third, which is most of what made a store bigger than the files it came from.
"""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Iterator

# Below this many bytes compression saves next to nothing and costs a call per read.
PACK_FROM = 160
LEVEL = 6
# Fetched feeds' bodies: a few KB each, compressed in under half of level 6's time and
# about a tenth larger (Arabic news in UTF-8: 0.45 of its size against 0.41).
FAST_LEVEL = 1
# Unpacked at a time when a body is read paragraph by paragraph.
PIECE = 1 << 20


def pack(text: str, raw: bytes | None = None, level: int = LEVEL) -> bytes | None:
    """The body compressed, or None when it is better kept as text; `raw`, when given, is
    `text` already encoded."""
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    if len(raw) < PACK_FROM:
        return None
    packed = zlib.compress(raw, level)
    return packed if len(packed) < len(raw) else None


def head_bytes(chars: int) -> int:
    """How many bytes of a stored body are enough to read its first `chars` characters
    (deflate never grows data by more than a few bytes in each 16 KB)."""
    return chars * 4 + 1024


def head(stored: str | bytes | None, chars: int) -> str:
    """The first `chars` characters of a body as stored, or of the start of one (the first
    `head_bytes(chars)` bytes of a compressed one are enough)."""
    if stored is None:
        return ""
    if not isinstance(stored, bytes):
        return stored[:chars]
    parts: list[str] = []
    got = 0
    data = stored
    while data and got < chars:
        stream = zlib.decompressobj()
        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        text = decoder.decode(stream.decompress(data, chars * 4))
        parts.append(text)
        got += len(text) + 1
        # One stream after another (a huge article: runs of whole paragraphs), joined by
        # a newline as db.body_text joins them.
        data = stream.unused_data if stream.eof else b""
    return "\n".join(parts)[:chars]


def paragraphs(stored: str | bytes) -> Iterator[str]:
    """The paragraphs of a body as stored, as db.body_text would split them, unpacked a
    piece at a time so that a huge one is never held whole."""
    if not isinstance(stored, bytes):
        yield from stored.split("\n")
        return
    data = stored
    first = True
    while first or data:
        first = False
        stream = zlib.decompressobj()
        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        rest = ""
        while True:
            piece = stream.decompress(data, PIECE)
            data = stream.unconsumed_tail
            lines = (rest + decoder.decode(piece, final=stream.eof and not data)).split("\n")
            rest = lines.pop()
            yield from lines
            if stream.eof or not (piece or data):
                break
        yield rest
        data = stream.unused_data
