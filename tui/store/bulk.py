"""A big import writes the store's articles without the indexes only reading uses, and
builds those, and the shape of the store, once at the end.

Every article an import inserts lands at a random place in each index of the store (its
title, its keywords by name, its «read also» titles), and every batch's commit writes each
index page it changed: importing 100,000 articles wrote 554,000 pages of write-ahead log
for a store of 77,000, 43% of them for indexes the import never reads. The shape of the
store (tui/store/facets.py, keyword_facets.py, keyword_bits.py) was brought up to date batch
by batch: a fifth of the importing process's time. Built once from the finished tables,
both take 3-5 s at 100,000 articles; the import of 100,000 took 55-58 s instead of 74-79,
of a million 13 min 6 s instead of 14 min 40 s (the README has the benchmark's figures).

So an import that reads more than the store holds (the first import of an archive, say)
drops those indexes and leaves `shape_dirty` to grow, then builds both in one transaction.
The indexes the import itself looks things up with (an article's id, its copy key, its
holders, the links by what they link to) and the date index the reader's list is drawn from
stay. While it runs, a reader sees the articles come in; its counts are taken from the
articles themselves (as for a store written behind its back), and a search by keyword or
the related pane is slower until the indexes are there.

`unbuilt` lists what is left to build, committed before anything is dropped: an import that
was killed leaves it behind, and the next opening of the store builds it (`finish_left`),
unless the import that left it still runs (it holds a lock on the file `STORE.bulk`).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.store.db import Store

# Indexes only reading uses: the related pane (titles), keyword filters and counts (keywords
# by name), «read also» titles back to the articles naming them.
READING_INDEXES = ("articles_by_title", "keywords_by_norm", "title_links_back")
# An import smaller than this writes batch by batch as always: building the indexes anew
# costs about as much as a store of this size takes to read.
LEAST_BYTES = 64 << 20
SHAPE = "shape"  # the row of `unbuilt` that says the shape is to be built


def worth_it(store: Store, unread: int) -> bool:
    """Whether an import of `unread` bytes is big enough, against the store, to build the
    indexes at the end rather than keep them up to date."""
    if store.readonly or unread < LEAST_BYTES:
        return False
    try:
        size = store.path.stat().st_size
    except OSError:
        return False
    return unread >= size


def _lock_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".bulk")


@contextmanager
def _lock(store: Store) -> Iterator[bool]:
    """Whether this process holds the lock of `STORE.bulk` inside (False when another
    process has it); the file goes when the holder lets go."""
    fd = os.open(_lock_path(store), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        yield False
        return
    try:
        yield True
    finally:
        _lock_path(store).unlink(missing_ok=True)
        os.close(fd)


@contextmanager
def deferred(store: Store, on_building: Callable[[], None] | None = None) -> Iterator[None]:
    """Write without the reading indexes and the shape inside; build them on the way out,
    also when the import stopped (Ctrl+C): what it saved is then as any store."""
    with _lock(store) as mine:
        if not mine:
            yield  # another import of the same store builds them (or will)
            return
        with store.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS unbuilt (name TEXT PRIMARY KEY, sql TEXT)")
            for name, sql in db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN"
                f" ({','.join('?' * len(READING_INDEXES))})",
                READING_INDEXES,
            ).fetchall():
                db.execute("INSERT OR REPLACE INTO unbuilt VALUES (?, ?)", (name, sql))
                db.execute(f"DROP INDEX {name}")
            db.execute("INSERT OR REPLACE INTO unbuilt VALUES (?, NULL)", (SHAPE,))
        store.shape_deferred = True
        try:
            yield
        finally:
            store.shape_deferred = False
            _build(store, on_building)


def finish_left(store: Store, on_building: Callable[[], None] | None = None) -> None:
    """Build what an import that was stopped left unbuilt, unless it is still running."""
    with _lock(store) as mine:
        if mine:
            _build(store, on_building)


def _build(store: Store, on_building: Callable[[], None] | None) -> None:
    from tui.store.schema import rebuild_shape

    if on_building is not None:
        on_building()
    with store.transaction() as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'unbuilt'").fetchone():
            return  # built by another qari meanwhile
        left = dict(db.execute("SELECT name, sql FROM unbuilt").fetchall())
        for name, sql in left.items():
            if sql is not None:
                _create(db, name, sql)
        if SHAPE in left:
            rebuild_shape(db)
        db.execute("DROP TABLE unbuilt")


def _create(db: sqlite3.Connection, name: str, sql: str) -> None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is None:
        db.execute(sql)
