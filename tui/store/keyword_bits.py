"""Which articles carry each common keyword, as bits by rowid, so that the shape of a big
filter counts its top keywords exactly without reading its matches' keywords one by one.

A filter that finds a third of a million articles has two million keyword numbers
(tui/store/keyword_facets.py); counting them is most of a second of Python. Its top twenty
keywords, though, are among the common ones, and a common keyword's count is the size of
(its bits AND the filter's bits): one C operation over 125 KB. `top_counts` counts the
keywords with bits in order of their count in the whole store and stops when the next
could not reach the twentieth count found; the keywords without bits carry fewer articles
than that, or it gives up (None) and the numbers are counted instead.

`shape_kbits_of` lists the keywords that have bits: those carried by at least one article
in `SHARE` (and `LEAST` articles), kept until they fall under half that. A keyword counts
as many times as the keyword table has rows for it, and an article may carry one twice (two
spellings of one normalised keyword): a bit says once, so `shape_kbits_twice` lists each
(keyword, article, times more than once), counted on top of the bits.
`shape_kbits` holds their articles, `CHUNK` rowids a row keyed by the keyword's number and
the chunk, in one of two forms: where the keyword is dense (one article in 128 or more), as
bits (4,000 bytes); elsewhere as the offsets of its articles in the chunk (2 bytes each,
under 500 bytes, which tells the forms apart). A chunk without the keyword has no row.
`refresh` keeps them up to date in the import's transaction, from the numbers each changed
article had and has. At a million articles of a news store: 587 keywords in 21 MB (as bits
only, 75 MB; as offsets only, 10 MB but slower to count).
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import compress

from tui.store import bitsets, packed

# Rowids a row: as bits 4,000 bytes, which with the row's header fill one page of 4 KB (a
# row of 4 KB would spill onto a second page; smaller ones mean more rows to read). A
# multiple of 8 below 65,536 (an offset in two bytes).
CHUNK = 32_000
_SHIFT = 24  # a row's key: the keyword's number << _SHIFT | the chunk
SHARE = 1000  # a keyword has bits when carried by one article in SHARE
LEAST = 500  # and by at least this many

_BITTED = (
    "SELECT k.id, k.n, k.norm FROM shape_kbits_of b JOIN shape_keywords k ON k.id = b.number"
    " ORDER BY k.n DESC, k.id"
)
_MOST_UNBITTED = (
    "SELECT coalesce(max(n), 0) FROM shape_keywords"
    " WHERE id NOT IN (SELECT number FROM shape_kbits_of)"
)


def threshold(db: sqlite3.Connection) -> int:
    """How many articles a keyword must carry to be given bits."""
    (held,) = db.execute("SELECT total(n) FROM shape_cells").fetchone()
    return max(LEAST, int(held) // SHARE)


def _dense() -> int:
    """Articles from which a row is kept as bits: one in 128 rowids. Fewer, as offsets:
    counting them is a Python step each (some 30 ns), where a row of bits is one C step."""
    return CHUNK // 128


def _is_bits(row: bytes) -> bool:
    return len(row) == CHUNK // 8


def _offsets(row: bytes) -> list[int]:
    """The offsets of the articles a row holds, in increasing order."""
    if _is_bits(row):
        mask = bitsets.unpack(int.from_bytes(row, "little"), CHUNK)
        return list(compress(range(CHUNK), mask))
    return list(packed.shorts(row))


def _row(offsets: Iterable[int]) -> bytes:
    """The row for the articles at these offsets (in increasing order)."""
    found = list(offsets)
    if len(found) >= _dense():
        return bitsets.pack(bitsets.mask_of(found, CHUNK)).to_bytes(CHUNK // 8, "little")
    return packed.short_blob(found)


def _rows(db: sqlite3.Connection, number: int) -> list[tuple[int, bytes]]:
    """The keyword's rows as (chunk, row), in order."""
    low = number << _SHIFT
    return [
        (key - low, row)
        for key, row in db.execute(
            "SELECT key, bits FROM shape_kbits WHERE key BETWEEN ? AND ?",
            (low, low + (1 << _SHIFT) - 1),
        )
    ]


def bits_of(db: sqlite3.Connection, number: int) -> int:
    """The articles that carry the keyword numbered `number`, as bits (0 for one without)."""
    rows = _rows(db, number)
    if not rows:
        return 0
    size = CHUNK // 8
    joined = bytearray(size * (rows[-1][0] + 1))
    for chunk, row in rows:
        if _is_bits(row):
            joined[chunk * size : (chunk + 1) * size] = row
        else:
            base = chunk * CHUNK
            for offset in packed.shorts(row):
                rowid = base + offset
                joined[rowid >> 3] |= 1 << (rowid & 7)
    return int.from_bytes(joined, "little")


def number_of(db: sqlite3.Connection, norm: str) -> int | None:
    """The number of keyword `norm` if it has bits."""
    row = db.execute(
        "SELECT k.id FROM shape_keywords k JOIN shape_kbits_of b ON b.number = k.id"
        " WHERE k.norm = ?",
        (norm,),
    ).fetchone()
    return None if row is None else int(row[0])


class Selected:
    """Some articles, as bits and as a mask of bytes (tui/store/bitsets.py), cut into the
    chunks of the rows."""

    def __init__(self, mask: bytearray) -> None:
        self.bits = bitsets.pack(mask).to_bytes(len(mask) // 8, "little")
        self.mask = memoryview(mask)
        self._chunks: dict[int, int] = {}

    def count(self, chunk: int, row: bytes) -> int:
        """How many of these articles a row of the keyword's holds."""
        if not _is_bits(row):
            base = chunk * CHUNK
            return sum(map(self.mask[base : base + CHUNK].__getitem__, packed.shorts(row)))
        bits = self._chunks.get(chunk)
        if bits is None:
            size = CHUNK // 8
            bits = int.from_bytes(self.bits[chunk * size : (chunk + 1) * size], "little")
            self._chunks[chunk] = bits
        return (bits & int.from_bytes(row, "little")).bit_count()


def top_counts(db: sqlite3.Connection, mask: bytearray, top: int) -> Counter[str] | None:
    """How many of the articles of `mask` (one byte a rowid: tui/store/bitsets.py) carry
    each keyword, for every keyword that may be among the `top` most carried (by count, then
    name): all the keywords counted, which include the top ones; None when a keyword without
    bits might be."""
    selected = Selected(mask)
    twice: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for number, rowid, more in db.execute("SELECT number, rowid, more FROM shape_kbits_twice"):
        twice[number].append((rowid, more))
    heap: list[int] = []  # the `top` highest counts so far, lowest first
    found: Counter[str] = Counter()
    for number, n, norm in db.execute(_BITTED).fetchall():
        if len(heap) == top and n < heap[0]:
            break  # this keyword and those after it carry fewer in the whole store
        count = sum(selected.count(chunk, row) for chunk, row in _rows(db, number))
        count += sum(more for rowid, more in twice.get(number, ()) if mask[rowid])
        if count:
            found[norm] = count
            if len(heap) < top:
                heapq.heappush(heap, count)
            elif count > heap[0]:
                heapq.heapreplace(heap, count)
    # The lowest count the top could hold; with fewer than `top` found, any at all.
    lowest = heap[0] if len(heap) == top else 1
    (most,) = db.execute(_MOST_UNBITTED).fetchone()
    return found if most < lowest else None


def _write(db: sqlite3.Connection, changes: dict[tuple[int, int], list[tuple[int, bool]]]) -> None:
    """Add or take away articles: per (keyword number, chunk), (offset, added) in order."""
    for (number, chunk), flips in changes.items():
        key = number << _SHIFT | chunk
        found = db.execute("SELECT bits FROM shape_kbits WHERE key = ?", (key,)).fetchone()
        row = found[0] if found else b""
        if _is_bits(row):
            bits = bytearray(row)
            for offset, on in flips:
                if on:
                    bits[offset >> 3] |= 1 << (offset & 7)
                else:
                    bits[offset >> 3] &= ~(1 << (offset & 7)) & 0xFF
            held = int.from_bytes(bits, "little").bit_count()
            row = bytes(bits) if held >= _dense() else _row(_offsets(bytes(bits)))
        else:
            offsets = set(packed.shorts(row))
            for offset, on in flips:
                if on:
                    offsets.add(offset)
                else:
                    offsets.discard(offset)
            row = _row(sorted(offsets))
        if row:
            db.execute("INSERT OR REPLACE INTO shape_kbits (key, bits) VALUES (?, ?)", (key, row))
        else:
            db.execute("DELETE FROM shape_kbits WHERE key = ?", (key,))


def _drop(db: sqlite3.Connection, numbers: Iterable[int]) -> None:
    for number in numbers:
        low = number << _SHIFT
        db.execute(
            "DELETE FROM shape_kbits WHERE key BETWEEN ? AND ?", (low, low + (1 << _SHIFT) - 1)
        )
        db.execute("DELETE FROM shape_kbits_of WHERE number = ?", (number,))


def _give(db: sqlite3.Connection, number: int, norm: str) -> None:
    """Give a keyword its bits, from the keyword index (the articles the store holds, as
    their numbers were written)."""
    rowids = [
        r
        for (r,) in db.execute(
            "SELECT DISTINCT k.article_rowid FROM keywords k"
            " JOIN articles a ON a.rowid = k.article_rowid WHERE k.norm = ?",
            (norm,),
        )
    ]
    changes: defaultdict[tuple[int, int], list[tuple[int, bool]]] = defaultdict(list)
    for rowid in rowids:
        changes[number, rowid // CHUNK].append((rowid % CHUNK, True))
    _write(db, changes)
    db.execute("INSERT INTO shape_kbits_of (number) VALUES (?)", (number,))


def refresh(
    db: sqlite3.Connection, changed: Sequence[tuple[int, Sequence[int], Sequence[int]]]
) -> None:
    """Bring the bits up to date with articles whose numbers changed ((rowid, the numbers
    it had, the numbers it has), the counts in `shape_keywords` already changed); then give
    bits to keywords that have become common and take them from those no longer so."""
    if not changed:
        return
    bitted = {n for (n,) in db.execute("SELECT number FROM shape_kbits_of")}
    changes: defaultdict[tuple[int, int], list[tuple[int, bool]]] = defaultdict(list)
    twice_gone: list[tuple[int, int]] = []
    twice_now: list[tuple[int, int, int]] = []
    touched: set[int] = set()
    for rowid, had, has in changed:
        chunk, offset = divmod(rowid, CHUNK)
        touched.update(has)
        for number, n in Counter(had).items():
            if number in bitted:
                changes[number, chunk].append((offset, False))
            if n > 1:
                twice_gone.append((number, rowid))
        for number, n in Counter(has).items():
            if number in bitted:
                changes[number, chunk].append((offset, True))
            if n > 1:
                twice_now.append((number, rowid, n - 1))
    _write(db, changes)
    db.executemany("DELETE FROM shape_kbits_twice WHERE number = ? AND rowid = ?", twice_gone)
    db.executemany("INSERT INTO shape_kbits_twice VALUES (?, ?, ?)", twice_now)
    least = threshold(db)
    rare = {
        n
        for (n,) in db.execute(
            "SELECT number FROM shape_kbits_of"
            " WHERE number NOT IN (SELECT id FROM shape_keywords WHERE n >= ?)",
            (least // 2,),
        )
    }
    _drop(db, rare)
    bitted -= rare
    new = sorted(touched - bitted)
    for i in range(0, len(new), 500):
        batch = new[i : i + 500]
        marks = ", ".join("?" * len(batch))
        for number, norm in db.execute(
            f"SELECT id, norm FROM shape_keywords WHERE id IN ({marks}) AND n >= ?",
            (*batch, least),
        ).fetchall():
            _give(db, number, norm)


def build(db: sqlite3.Connection) -> None:
    """Give bits to every keyword common enough (an upgrade: the keywords are numbered),
    from the keywords' numbers in one walk, so that the bits say what the numbers say."""
    from tui.store import keyword_facets

    db.execute("DELETE FROM shape_kbits")
    db.execute("DELETE FROM shape_kbits_of")
    db.execute("DELETE FROM shape_kbits_twice")
    wanted = {
        number
        for (number,) in db.execute("SELECT id FROM shape_keywords WHERE n >= ?", (threshold(db),))
    }
    twice: list[tuple[int, int, int]] = []
    chunk, offsets = -1, defaultdict[int, list[int]](list)

    # Written in the order of their keys once all are made, so that a keyword's rows lie
    # together in the file (read cold, a keyword is then one read, not one a chunk).
    rows: list[tuple[int, bytes]] = []

    def flush() -> None:
        rows.extend((number << _SHIFT | chunk, _row(found)) for number, found in offsets.items())
        offsets.clear()

    for first, starts_blob, numbers_blob in db.execute(
        "SELECT chunk, starts, numbers FROM shape_keyword_facets ORDER BY chunk"
    ):
        starts, numbers = packed.ints(starts_blob), packed.ints(numbers_blob)
        base = first * keyword_facets.CHUNK
        for offset in range(keyword_facets.CHUNK):
            mine = numbers[starts[offset] : starts[offset + 1]]
            if not mine:
                continue
            rowid = base + offset
            if rowid // CHUNK != chunk:
                flush()
                chunk = rowid // CHUNK
            at = rowid % CHUNK
            for number in wanted.intersection(mine):
                offsets[number].append(at)
            if len(set(mine)) != len(mine):
                twice += [(n, rowid, k - 1) for n, k in Counter(mine).items() if k > 1]
    flush()
    rows.sort()
    db.executemany("INSERT INTO shape_kbits (key, bits) VALUES (?, ?)", rows)
    db.executemany("INSERT INTO shape_kbits_of (number) VALUES (?)", [(n,) for n in wanted])
    db.executemany("INSERT INTO shape_kbits_twice VALUES (?, ?, ?)", twice)
