"""Each article's day and source as one number, packed a thousand articles to a row, so that
the shape of a search counts its matches' days and sources without reading the date index.

`shape_cells` counts and numbers every (day, source) that has articles; `shape_facets`
holds, per thousand rowids, the number of each article's cell (0: no article). Triggers list
the articles an import inserts, removes or moves in `shape_dirty`, and `refresh` brings the
counts and numbers up to date before the import's transaction commits (and, before it
empties `shape_dirty`, the keywords' numbers: tui/store/keyword_facets.py). Four bytes an
article: 4 MB at a million.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from tui.store import keyword_facets, packed

CHUNK = 1000  # articles a row: 4,000 bytes, within one page of the table
_EMPTY = bytes(4 * CHUNK)


def _write(db: sqlite3.Connection, changes: Iterable[tuple[int, int]]) -> None:
    """Set the cell number of each (rowid, cell) given."""
    by_chunk: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for rowid, cell in changes:
        by_chunk[rowid // CHUNK].append((rowid % CHUNK, cell))
    for chunk, entries in by_chunk.items():
        row = db.execute("SELECT cells FROM shape_facets WHERE chunk = ?", (chunk,)).fetchone()
        cells = packed.ints(row[0] if row else _EMPTY)
        for offset, cell in entries:
            cells[offset] = cell
        if any(cells):
            db.execute(
                "INSERT OR REPLACE INTO shape_facets (chunk, cells) VALUES (?, ?)",
                (chunk, packed.blob(cells)),
            )
        else:
            db.execute("DELETE FROM shape_facets WHERE chunk = ?", (chunk,))


def refresh(db: sqlite3.Connection) -> None:
    """Bring the counts and cell numbers up to date with the articles this transaction
    inserted, removed or moved (listed by triggers in `shape_dirty`)."""
    try:
        moved = db.execute(
            "SELECT d.sort_date, d.source_norm, a.sort_date, a.source_norm FROM shape_dirty d"
            " LEFT JOIN articles a ON a.rowid = d.article_rowid"
        ).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return  # a store still being upgraded to schema 6, which counts every article
        raise
    if not moved:
        return
    change: Counter[tuple[str, str]] = Counter()
    for was_date, was_source, date, source in moved:
        if was_date is not None:
            change[was_date, was_source] -= 1
        if date is not None:
            change[date, source] += 1
    # A cell new to the store takes the next number; one that is there keeps its own.
    (number,) = db.execute("SELECT id FROM shape_next_cell").fetchone()
    changed = [
        (date, source, number + i, n) for i, ((date, source), n) in enumerate(change.items()) if n
    ]
    db.executemany(
        "INSERT INTO shape_cells VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
        changed,
    )
    db.execute("UPDATE shape_next_cell SET id = ?", (number + len(changed),))
    db.executemany(
        "DELETE FROM shape_cells WHERE sort_date = ? AND source_norm = ? AND n <= 0",
        [(date, source) for date, source, _, n in changed if n < 0],
    )
    _write(
        db,
        db.execute(
            "SELECT d.article_rowid, coalesce(c.id, 0) FROM shape_dirty d"
            " LEFT JOIN articles a ON a.rowid = d.article_rowid"
            " LEFT JOIN shape_cells c"
            " ON c.sort_date = a.sort_date AND c.source_norm = a.source_norm"
        ).fetchall(),
    )
    keyword_facets.refresh(db)
    db.execute("DELETE FROM shape_dirty")


def build(db: sqlite3.Connection) -> None:
    """Number every article's cell (an upgrade: `shape_cells` is filled in already)."""
    db.execute("DELETE FROM shape_facets")
    cursor = db.execute(
        "SELECT a.rowid, c.id FROM articles a"
        " JOIN shape_cells c ON c.sort_date = a.sort_date AND c.source_norm = a.source_norm"
    )
    while batch := cursor.fetchmany(50_000):
        _write(db, batch)


class Numbers(NamedTuple):
    """Every article's cell number, by rowid (0: no article), and each number's cell."""

    every: array[int]
    cells: dict[int, tuple[str, str]]


def numbers(db: sqlite3.Connection, *, dirty_too: bool = False) -> Numbers | None:
    """The numbers as `db` sees them (in one read transaction, so that the numbers and the
    cells agree); None when an article was written without its number (by a writer other
    than `Store.transaction`), unless `dirty_too`."""
    if not dirty_too and db.execute("SELECT 1 FROM shape_dirty LIMIT 1").fetchone():
        return None
    # In one array indexed by rowid (4 MB at a million), so that looking each article up
    # is one C call.
    every = array("I")
    for chunk, blob in db.execute("SELECT chunk, cells FROM shape_facets ORDER BY chunk"):
        every.frombytes(bytes(4 * (CHUNK * chunk - len(every))))
        every.extend(packed.ints(blob))
    cells = {
        number: (sort_date, source)
        for sort_date, source, number in db.execute(
            "SELECT sort_date, source_norm, id FROM shape_cells"
        )
    }
    return Numbers(every, cells)


def cell_counts(numbers: Numbers, rowids: Sequence[int]) -> Counter[tuple[str, str]] | None:
    """How many of these articles are in each (sort_date, source_norm); a rowid with no
    number is an article the store no longer holds (`numbers` is None while one is written
    without its number), and counts for nothing. None if a number names no cell."""
    every = numbers.every
    if rowids and max(rowids) >= len(every):
        every = every + array("I", bytes(4 * (max(rowids) + 1 - len(every))))
    counts: Counter[tuple[str, str]] = Counter()
    for number, n in Counter(map(every.__getitem__, rowids)).items():
        if number == 0:
            continue
        if number not in numbers.cells:
            return None
        counts[numbers.cells[number]] = n
    return counts
