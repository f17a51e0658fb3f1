"""Import: files into the store, idempotent, incremental, in batched transactions."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import NamedTuple

from tui.importers.sources import find_files, read_file
from tui.model import Article, Rejection
from tui.store.db import Store
from tui.text.normalize import index_terms, normalize

BATCH = 1000
# Imports this big are prepared (normalised, indexed, hashed) in worker processes while the
# parent parses and writes: about twice as fast on two cores.
PARALLEL_BYTES = 8 << 20
PREPARE_BATCH = 200
IN_FLIGHT = 4


@dataclass
class ImportSummary:
    """What an import did, article by article, and what it could not read."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    files: int = 0
    skipped_files: int = 0
    rejected: list[Rejection] = field(default_factory=list)


class Progress:
    """Called as files are read; the CLI draws a progress bar from it."""

    def start(self, total_bytes: int) -> None: ...
    def advance(self, done_bytes: int, articles: int) -> None: ...
    def finish(self) -> None: ...


def _digest(article: Article, related_ids: list[str]) -> str:
    fields = [
        article.title,
        list(article.body),
        article.date.isoformat() if article.date else None,
        article.source,
        list(article.keywords),
        article.url,
        related_ids,
        list(article.related_titles),
    ]
    return hashlib.blake2b(
        json.dumps(fields, ensure_ascii=False).encode(), digest_size=12
    ).hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class _Prepared(NamedTuple):
    """An article with all the store keeps of it computed, so a worker process can do it."""

    id: str
    digest: str
    partial: bool
    row: tuple[object, ...]  # the articles columns, id to digest
    terms: str  # what the full-text index holds
    keywords: list[tuple[int, str, str]]  # position, keyword, normalised keyword
    related: tuple[_Prepared, ...]  # the «read also» articles
    related_titles: tuple[str, ...]  # normalised «read also» titles without a body


def _prepare(article: Article, origin_file: str) -> _Prepared:
    related = tuple(_prepare(r, origin_file) for r in article.related)
    article_id = article.id  # a hash of normalised words: computed once
    digest = _digest(article, [r.id for r in related])
    date = article.date.isoformat() if article.date else None
    row = (
        article_id,
        article.title,
        normalize(article.title),
        date,
        date or "",
        article.source,
        normalize(article.source),
        "\n".join(article.body),
        article.url,
        origin_file,
        article.origin.line,
        int(article.partial),
        digest,
    )
    text = "\n".join([article.title, *article.body, *article.keywords, article.source])
    return _Prepared(
        article_id,
        digest,
        article.partial,
        row,
        " ".join(index_terms(text)),
        [(i, k, normalize(k)) for i, k in enumerate(article.keywords)],
        related,
        tuple(normalize(title) for title in article.related_titles),
    )


def _prepare_batch(
    items: list[Article | Rejection], origin_file: str
) -> list[_Prepared | Rejection]:
    return [
        item if isinstance(item, Rejection) else _prepare(item, origin_file) for item in items
    ]


def _prepared(
    items: Iterable[Article | Rejection], origin_file: str, pool: Pool | None
) -> Iterator[_Prepared | Rejection]:
    """The items prepared, in order. With a pool, its processes prepare the next batches while
    the caller writes this one, and only a few batches are ever in flight."""
    if pool is None:
        for item in items:
            yield item if isinstance(item, Rejection) else _prepare(item, origin_file)
        return
    in_flight: deque[AsyncResult[list[_Prepared | Rejection]]] = deque()
    batch: list[Article | Rejection] = []
    for item in itertools.chain(items, [None]):
        if item is not None:
            batch.append(item)
        if batch and (item is None or len(batch) >= PREPARE_BATCH):
            in_flight.append(pool.apply_async(_prepare_batch, (batch, origin_file)))
            batch = []
        while in_flight and (item is None or len(in_flight) > IN_FLIGHT):
            yield from in_flight.popleft().get()


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool(total_bytes: int) -> Pool | None:
    """Worker processes to prepare articles in, when the import is big and there are cores."""
    cores = os.cpu_count() or 1
    if total_bytes < PARALLEL_BYTES or cores < 2 or "fork" not in get_all_start_methods():
        return None
    # Forked before the progress bar starts its thread, so no other thread is copied.
    return get_context("fork").Pool(min(cores - 1, 3), initializer=_ignore_interrupts)


class _Writer:
    """Upserts prepared articles into an open transaction and counts what changed."""

    def __init__(self, db: sqlite3.Connection, summary: ImportSummary) -> None:
        self.db = db
        self.summary = summary

    def _insert(self, article: _Prepared) -> int:
        cursor = self.db.execute(
            "INSERT INTO articles (id, title, title_norm, date, sort_date, source, source_norm,"
            " body, url, origin_file, origin_line, partial, digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            article.row,
        )
        rowid = cursor.lastrowid
        assert rowid is not None
        self.db.execute("INSERT INTO fts (rowid, terms) VALUES (?, ?)", (rowid, article.terms))
        self.db.executemany(
            "INSERT INTO keywords (article_rowid, position, keyword, norm) VALUES (?, ?, ?, ?)",
            [(rowid, *keyword) for keyword in article.keywords],
        )
        return rowid

    def _delete(self, rowid: int) -> None:
        self.db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
        self.db.execute("DELETE FROM keywords WHERE article_rowid = ?", (rowid,))
        self.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def write(self, article: _Prepared) -> list[str]:
        """Store one article and its «read also» articles; the ids written.

        Links are stored one way, from the article that names them, and replaced as a whole
        so that a «read also» entry dropped from a page is dropped from the store too.
        """
        related_ids = [self._write_one(r, count=False) for r in article.related]
        written = [self._write_one(article, count=True), *related_ids]
        self.db.execute("DELETE FROM links WHERE article_id = ?", (article.id,))
        self.db.execute("DELETE FROM title_links WHERE article_id = ?", (article.id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO links VALUES (?, ?, ?)",
            [(article.id, rid, position) for position, rid in enumerate(related_ids)],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO title_links VALUES (?, ?, ?)",
            [(article.id, title, position)
             for position, title in enumerate(article.related_titles)],
        )
        return written

    def _write_one(self, article: _Prepared, *, count: bool) -> str:
        found = self.db.execute(
            "SELECT rowid, digest, partial FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if found is None:
            self._insert(article)
            if count:
                self.summary.imported += 1
        elif found[1] == article.digest or (article.partial and not found[2]):
            # A «read also» copy never overwrites the full article it is a copy of.
            if count:
                self.summary.unchanged += 1
        else:
            self._delete(found[0])
            self._insert(article)
            if count:
                self.summary.updated += 1
        return article.id


def import_sources(
    store: Store,
    sources: Iterable[Path],
    progress: Progress | None = None,
    on_rejected: Callable[[Rejection], None] | None = None,
) -> ImportSummary:
    """Import files and folders: new and changed files are read, unchanged ones skipped."""
    summary = ImportSummary()
    progress = progress or Progress()
    files = list(find_files(sources))
    sizes = {}
    for path in files:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0
    pool = _pool(sum(sizes.values()))
    # In WAL mode a commit at NORMAL cannot corrupt the store; a power cut may lose the last
    # batches, which the next import writes again. FULL would sync every batch.
    synchronous = store.scalar("PRAGMA main.synchronous")
    store.rows("PRAGMA main.synchronous = NORMAL")
    progress.start(sum(sizes.values()))
    try:
        done = 0
        for path in files:
            _import_file(store, path, summary, on_rejected, pool)
            done += sizes[path]
            progress.advance(done, summary.imported + summary.updated + summary.unchanged)
    finally:
        progress.finish()
        store.rows(f"PRAGMA main.synchronous = {int(synchronous)}")
        if pool is not None:
            pool.terminate()
    return summary


def _reject(
    summary: ImportSummary, rejection: Rejection, on_rejected: Callable[[Rejection], None] | None
) -> None:
    summary.rejected.append(rejection)
    if on_rejected:
        on_rejected(rejection)


def _import_file(
    store: Store,
    path: Path,
    summary: ImportSummary,
    on_rejected: Callable[[Rejection], None] | None,
    pool: Pool | None = None,
) -> None:
    summary.files += 1
    key = str(path.resolve())
    try:
        stat = path.stat()
        known = store.rows(
            "SELECT size, mtime_ns, digest, articles FROM files WHERE path = ?", (key,)
        )
        if known and known[0][0] == stat.st_size and known[0][1] == stat.st_mtime_ns:
            summary.unchanged += known[0][3]
            summary.skipped_files += 1
            return
        digest = _file_digest(path)
    except OSError as error:
        _reject(summary, Rejection(str(path), None, f"cannot read: {error.strerror}"), on_rejected)
        return
    if known and known[0][2] == digest:
        with store.transaction() as db:
            db.execute(
                "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
                (stat.st_size, stat.st_mtime_ns, key),
            )
        summary.unchanged += known[0][3]
        summary.skipped_files += 1
        return
    seen: set[str] = set()
    articles = 0
    rejections = len(summary.rejected)
    pending: list[_Prepared] = []

    def flush() -> None:
        with store.transaction() as db:
            writer = _Writer(db, summary)
            for article in pending:
                seen.update(writer.write(article))
        pending.clear()

    for item in _prepared(read_file(path), key, pool):
        if isinstance(item, Rejection):
            _reject(summary, item, on_rejected)
            continue
        pending.append(item)
        articles += 1
        if len(pending) >= BATCH:
            flush()
    flush()
    with store.transaction() as db:
        # Articles this file held before but holds no longer go; their state stays by id.
        stale = [
            r
            for r in db.execute("SELECT rowid, id FROM articles WHERE origin_file = ?", (key,))
            if r[1] not in seen
        ]
        writer = _Writer(db, summary)
        for rowid, article_id in stale:
            writer._delete(rowid)
            db.execute("DELETE FROM links WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM title_links WHERE article_id = ?", (article_id,))
        if len(summary.rejected) > rejections:
            # Not remembered as read: the next import reads it again and reports it again.
            db.execute("DELETE FROM files WHERE path = ?", (key,))
        else:
            db.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, digest, articles)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, stat.st_size, stat.st_mtime_ns, digest, articles),
            )
