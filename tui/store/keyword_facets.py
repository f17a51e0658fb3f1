"""Each article's keywords as numbers, packed a thousand articles to a row, and how many
articles carry each keyword, so that the shape of a search counts its matches' keywords from
one read of a few megabytes rather than one lookup in the keyword table for each match.

`shape_keywords` numbers every keyword (by its normalised form) and counts its rows in
`keywords`; `shape_keyword_facets` holds, per thousand rowids, where each article's numbers
start (`starts`, 1,001 numbers) and the numbers themselves (`numbers`), all as little-endian
32-bit integers. An article's keywords change only with the article itself (the importer
writes them after inserting it and deletes them with it), so the articles `shape_dirty` lists
(tui/store/facets.py) are the ones whose numbers `refresh` writes again before the import's
transaction commits; the numbers an article had are in its row already (and the common
keywords' bits follow: tui/store/keyword_bits.py). Counted like the
keyword table's rows: a keyword given twice to one article counts twice. About four bytes a
keyword: 28 MB for a million articles of six keywords.
"""

from __future__ import annotations

import sqlite3
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import groupby

from tui.store import keyword_bits, packed

CHUNK = 1000  # articles a row, as the cell numbers (tui/store/facets.py)
_BATCH = 500  # keywords looked up in one statement


def _unpacked(row: tuple[bytes, bytes] | None) -> list[array[int]]:
    """A chunk's numbers, one array an article."""
    starts = packed.ints(row[0] if row else bytes(4 * (CHUNK + 1)))
    numbers = packed.ints(row[1] if row else b"")
    return [numbers[starts[i] : starts[i + 1]] for i in range(CHUNK)]


def _store(db: sqlite3.Connection, chunk: int, lists: Sequence[Sequence[int]]) -> None:
    """Write a chunk's numbers (one list an article), or drop it when it holds none."""
    starts = array("I", [0])
    numbers = array("I")
    for numbers_of in lists:
        numbers.extend(numbers_of)
        starts.append(len(numbers))
    if numbers:
        db.execute(
            "INSERT OR REPLACE INTO shape_keyword_facets (chunk, starts, numbers) VALUES (?, ?, ?)",
            (chunk, packed.blob(starts), packed.blob(numbers)),
        )
    else:
        db.execute("DELETE FROM shape_keyword_facets WHERE chunk = ?", (chunk,))


def _numbered(db: sqlite3.Connection, norms: Iterable[str]) -> dict[str, int]:
    """The number of each keyword, a new keyword taking the next one (counted 0 so far)."""
    wanted = sorted(set(norms))
    if not wanted:
        return {}
    known: dict[str, int] = {}
    for i in range(0, len(wanted), _BATCH):
        batch = wanted[i : i + _BATCH]
        marks = ", ".join("?" * len(batch))
        known.update(
            db.execute(f"SELECT norm, id FROM shape_keywords WHERE norm IN ({marks})", batch)
        )
    (number,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM shape_keywords").fetchone()
    new = [(norm, number + i) for i, norm in enumerate(n for n in wanted if n not in known)]
    db.executemany("INSERT INTO shape_keywords (norm, id, n) VALUES (?, ?, 0)", new)
    known.update(new)
    return known


def _count(db: sqlite3.Connection, change: Counter[int]) -> None:
    db.executemany(
        "UPDATE shape_keywords SET n = n + ? WHERE id = ?",
        [(n, number) for number, n in change.items() if n],
    )
    db.executemany(
        "DELETE FROM shape_keywords WHERE id = ? AND n <= 0",
        [(number,) for number, n in change.items() if n < 0],
    )


def refresh(db: sqlite3.Connection) -> None:
    """Write again the numbers of the articles this transaction inserted, removed or moved
    (listed in `shape_dirty`), and the counts they change; before `shape_dirty` is emptied."""
    dirty = sorted(r for (r,) in db.execute("SELECT article_rowid FROM shape_dirty"))
    if not dirty:
        return
    # The keywords of the dirty articles the store still holds.
    now: defaultdict[int, list[str]] = defaultdict(list)
    # CROSS JOIN keeps the dirty list the outer loop: left to itself, the planner walked the
    # whole keyword table in its order for every transaction (a second a batch at a million
    # articles, which made the import of a million 18 minutes instead of 11).
    for rowid, norm in db.execute(
        "SELECT k.article_rowid, k.norm FROM shape_dirty d"
        " CROSS JOIN keywords k ON k.article_rowid = d.article_rowid"
        " JOIN articles a ON a.rowid = d.article_rowid"
        " ORDER BY k.article_rowid, k.position"
    ):
        now[rowid].append(norm)
    numbers = _numbered(db, (norm for norms in now.values() for norm in norms))
    change: Counter[int] = Counter()
    changed: list[tuple[int, array[int], array[int]]] = []  # (rowid, had, has)
    for chunk, rowids in groupby(dirty, lambda r: r // CHUNK):
        lists = _unpacked(
            db.execute(
                "SELECT starts, numbers FROM shape_keyword_facets WHERE chunk = ?", (chunk,)
            ).fetchone()
        )
        for rowid in rowids:
            offset = rowid % CHUNK
            had = lists[offset]
            change.subtract(had)
            lists[offset] = array("I", [numbers[norm] for norm in now.get(rowid, ())])
            change.update(lists[offset])
            changed.append((rowid, had, lists[offset]))
        _store(db, chunk, lists)
    _count(db, change)
    keyword_bits.refresh(db, changed)


def build(db: sqlite3.Connection, exists: Sequence[int]) -> None:
    """Number every keyword of every article (an upgrade); `exists[rowid]` is not 0 for an
    article the store holds (the cell numbers, tui/store/facets.py), so that a keyword row
    left by an article no longer there counts for nothing."""
    db.execute("DELETE FROM shape_keywords")
    db.execute("DELETE FROM shape_keyword_facets")
    numbers: dict[str, int] = {}
    counts: Counter[int] = Counter()
    chunk, lists = -1, [array("I") for _ in range(CHUNK)]
    # In the keyword table's own order (by article): one walk of it, no sort. (Unordered,
    # SQLite walks the smaller index by keyword instead.)
    rows = db.execute("SELECT article_rowid, norm FROM keywords ORDER BY article_rowid")
    for rowid, norm in rows:
        if not (0 <= rowid < len(exists) and exists[rowid]):
            continue
        if rowid // CHUNK != chunk:
            if chunk >= 0:
                _store(db, chunk, lists)
            chunk, lists = rowid // CHUNK, [array("I") for _ in range(CHUNK)]
        number = numbers.setdefault(norm, len(numbers) + 1)
        lists[rowid % CHUNK].append(number)
        counts[number] += 1
    if chunk >= 0:
        _store(db, chunk, lists)
    db.executemany(
        "INSERT INTO shape_keywords (norm, id, n) VALUES (?, ?, ?)",
        [(norm, number, counts[number]) for norm, number in numbers.items()],
    )


def totals(db: sqlite3.Connection) -> Counter[str]:
    """How many articles of the store carry each keyword (by its normalised form)."""
    return Counter(dict(db.execute("SELECT norm, n FROM shape_keywords").fetchall()))


def counts(db: sqlite3.Connection, rowids: Sequence[int]) -> Counter[str]:
    """How many of these articles (all in the store, rowids in increasing order) carry each
    keyword: their numbers gathered chunk by chunk into one array, then counted at once."""
    found = array("I")
    for chunk, in_chunk in groupby(rowids, lambda r: r // CHUNK):
        row = db.execute(
            "SELECT starts, numbers FROM shape_keyword_facets WHERE chunk = ?", (chunk,)
        ).fetchone()
        if row is None:
            continue
        starts, numbers = packed.ints(row[0]), packed.ints(row[1])
        base = chunk * CHUNK
        for rowid in in_chunk:
            offset = rowid - base
            found += numbers[starts[offset] : starts[offset + 1]]
    by_number = Counter(found)
    if not by_number:
        return Counter()
    names = dict(db.execute("SELECT id, norm FROM shape_keywords").fetchall())
    return Counter({names[number]: n for number, n in by_number.items()})


def carrying(db: sqlite3.Connection, norm: str) -> array[int]:
    """The rowids of the articles that carry keyword `norm`, in increasing order, from
    its number found in each chunk's numbers: a read in order of the few megabytes that
    `counts` reads next, where a common keyword's entries in the keyword index lie
    scattered over the disk (seconds to read when the store is not in the file cache)."""
    row = db.execute("SELECT id FROM shape_keywords WHERE norm = ?", (norm,)).fetchone()
    found = array("q")
    if row is None:
        return found
    pattern = packed.blob(array("I", [row[0]]))
    append = found.append
    for chunk, starts_blob, numbers in db.execute(
        "SELECT chunk, starts, numbers FROM shape_keyword_facets ORDER BY chunk"
    ):
        find = numbers.find
        at = find(pattern)
        if at < 0:
            continue
        starts, base, last = packed.ints(starts_blob), chunk * CHUNK, -1
        while at >= 0:
            if at & 3:  # the pattern across two numbers
                at = find(pattern, at + 1)
                continue
            # The article whose numbers hold this one: the last to start at or before it.
            offset = bisect_right(starts, at >> 2) - 1
            if offset != last:  # (an article given the keyword twice: once)
                append(base + offset)
                last = offset
            at = find(pattern, at + 4)
    return found
