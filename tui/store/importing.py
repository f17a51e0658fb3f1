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
from contextlib import contextmanager
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
# Imports this big are indexed (normalised, tokenised, hashed) in worker processes while the
# parent parses and writes.
PARALLEL_BYTES = 8 << 20
INDEX_BATCH = 200
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

    @property
    def articles(self) -> int:
        """Articles seen so far, whatever happened to them."""
        return self.imported + self.updated + self.unchanged


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


class _Indexed(NamedTuple):
    """What the store derives from an article: in a worker process when the import is big."""

    id: str
    digest: str
    title_norm: str
    source_norm: str
    terms: str  # what the full-text index holds
    keyword_norms: list[str]
    related_title_norms: list[str]  # of the «read also» titles without a body
    related: list[_Indexed]  # the «read also» articles


def _index(article: Article) -> _Indexed:
    related = [_index(r) for r in article.related]
    text = "\n".join([article.title, *article.body, *article.keywords, article.source])
    return _Indexed(
        article.id,  # a hash of normalised words: computed once
        _digest(article, [r.id for r in related]),
        normalize(article.title),
        normalize(article.source),
        " ".join(index_terms(text)),
        [normalize(keyword) for keyword in article.keywords],
        [normalize(title) for title in article.related_titles],
        related,
    )


def _index_batch(articles: list[Article]) -> list[_Indexed]:
    return [_index(article) for article in articles]


Item = tuple[Article, _Indexed]


def _indexed(items: Iterable[Article | Rejection], pool: Pool | None) -> Iterator[Item | Rejection]:
    """Each article with what the store derives from it, in order. With a pool, its processes
    index the next batches while the caller writes this one; only a few batches are ever in
    flight, and only what was derived travels back, so memory stays flat."""
    if pool is None:
        for item in items:
            yield item if isinstance(item, Rejection) else (item, _index(item))
        return
    in_flight: deque[tuple[list[Article | Rejection], AsyncResult[list[_Indexed]]]] = deque()
    for batch in _batches(items, INDEX_BATCH):
        articles = [item for item in batch if not isinstance(item, Rejection)]
        in_flight.append((batch, pool.apply_async(_index_batch, (articles,))))
        if len(in_flight) > IN_FLIGHT:
            yield from _joined(*in_flight.popleft())
    while in_flight:
        yield from _joined(*in_flight.popleft())


def _batches(
    items: Iterable[Article | Rejection], size: int
) -> Iterator[list[Article | Rejection]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _joined(
    batch: list[Article | Rejection], result: AsyncResult[list[_Indexed]]
) -> Iterator[Item | Rejection]:
    indexed = iter(result.get())
    for item in batch:
        yield item if isinstance(item, Rejection) else (item, next(indexed))


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool(total_bytes: int) -> Pool | None:
    """Worker processes to index articles in, when the import is big and there are cores."""
    cores = os.cpu_count() or 1
    if total_bytes < PARALLEL_BYTES or cores < 2 or "fork" not in get_all_start_methods():
        return None
    # Forked before the progress bar starts its thread, so no other thread is copied.
    return get_context("fork").Pool(min(cores - 1, 3), initializer=_ignore_interrupts)


class _Writer:
    """Upserts articles into an open transaction and counts what changed."""

    def __init__(self, db: sqlite3.Connection, summary: ImportSummary, origin_file: str) -> None:
        self.db = db
        self.summary = summary
        # One spelling per file (its resolved path), so a later import finds what it left.
        self.origin_file = origin_file

    def _insert(self, article: Article, indexed: _Indexed) -> int:
        date = article.date.isoformat() if article.date else None
        cursor = self.db.execute(
            "INSERT INTO articles (id, title, title_norm, date, sort_date, source, source_norm,"
            " body, url, origin_file, origin_line, partial, digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                indexed.id,
                article.title,
                indexed.title_norm,
                date,
                date or "",
                article.source,
                indexed.source_norm,
                "\n".join(article.body),
                article.url,
                self.origin_file,
                article.origin.line,
                int(article.partial),
                indexed.digest,
            ),
        )
        rowid = cursor.lastrowid
        assert rowid is not None
        self.db.execute("INSERT INTO fts (rowid, terms) VALUES (?, ?)", (rowid, indexed.terms))
        self.db.executemany(
            "INSERT INTO keywords (article_rowid, position, keyword, norm) VALUES (?, ?, ?, ?)",
            [
                (rowid, position, keyword, norm)
                for position, (keyword, norm) in enumerate(
                    zip(article.keywords, indexed.keyword_norms)
                )
            ],
        )
        return rowid

    def _delete(self, rowid: int) -> None:
        self.db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
        self.db.execute("DELETE FROM keywords WHERE article_rowid = ?", (rowid,))
        self.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def remove(self, rowid: int, article_id: str) -> None:
        """An article gone from its file: the article, its index rows and the links it made."""
        self._delete(rowid)
        self.db.execute("DELETE FROM links WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM title_links WHERE article_id = ?", (article_id,))

    def write(self, article: Article, indexed: _Indexed) -> list[str]:
        """Store one article and its «read also» articles; the ids written.

        Links are stored one way, from the article that names them, and replaced as a whole
        so that a «read also» entry dropped from a page is dropped from the store too.
        """
        related_ids = [
            self._write_one(r, i, count=False) for r, i in zip(article.related, indexed.related)
        ]
        written = [self._write_one(article, indexed, count=True), *related_ids]
        self.db.execute("DELETE FROM links WHERE article_id = ?", (indexed.id,))
        self.db.execute("DELETE FROM title_links WHERE article_id = ?", (indexed.id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO links VALUES (?, ?, ?)",
            [(indexed.id, rid, position) for position, rid in enumerate(related_ids)],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO title_links VALUES (?, ?, ?)",
            [
                (indexed.id, title, position)
                for position, title in enumerate(indexed.related_title_norms)
            ],
        )
        return written

    def _write_one(self, article: Article, indexed: _Indexed, *, count: bool) -> str:
        found = self.db.execute(
            "SELECT rowid, digest, partial FROM articles WHERE id = ?", (indexed.id,)
        ).fetchone()
        if found is None:
            self._insert(article, indexed)
            if count:
                self.summary.imported += 1
        elif found[1] == indexed.digest or (article.partial and not found[2]):
            # A «read also» copy never overwrites the full article it is a copy of.
            if count:
                self.summary.unchanged += 1
        else:
            self._delete(found[0])
            self._insert(article, indexed)
            if count:
                self.summary.updated += 1
        return indexed.id


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
    progress.start(sum(sizes.values()))
    advance = progress.advance
    try:
        with _bulk_writes(store):
            done = 0
            for path in files:

                def read(position: int, before: int = done) -> None:
                    advance(before + position, summary.articles)

                _import_file(store, path, summary, on_rejected, pool, read)
                done += sizes[path]
                advance(done, summary.articles)
    finally:
        progress.finish()
        if pool is not None:
            pool.terminate()
    return summary


@contextmanager
def _bulk_writes(store: Store) -> Iterator[None]:
    """Settings for writing many batches, put back afterwards.

    In WAL mode a commit at synchronous NORMAL cannot corrupt the store (a power cut may lose
    the last batches, which the next import writes again); FULL would sync every batch. A
    bigger page cache keeps the indexes that every article touches in memory.
    """
    saved = {name: store.scalar(f"PRAGMA main.{name}") for name in ("synchronous", "cache_size")}
    store.rows("PRAGMA main.synchronous = NORMAL")
    store.rows("PRAGMA main.cache_size = -32000")
    try:
        yield
    finally:
        for name, value in saved.items():
            store.rows(f"PRAGMA main.{name} = {int(value)}")


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
    on_read: Callable[[int], None] | None = None,
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
    # The ids this file holds now, kept by SQLite (on disk when they are many), not in memory.
    store.rows("CREATE TEMP TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY)")
    store.rows("DELETE FROM temp.seen")
    articles = 0
    rejections = len(summary.rejected)
    pending: list[Item] = []

    def flush() -> None:
        with store.transaction() as db:
            writer = _Writer(db, summary, key)
            written = [
                (article_id,)
                for article, indexed in pending
                for article_id in writer.write(article, indexed)
            ]
            db.executemany("INSERT OR IGNORE INTO temp.seen VALUES (?)", written)
        pending.clear()

    for item in _indexed(read_file(path, on_read), pool):
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
        stale = db.execute(
            "SELECT rowid, id FROM articles WHERE origin_file = ?"
            " AND id NOT IN (SELECT id FROM temp.seen)",
            (key,),
        ).fetchall()
        writer = _Writer(db, summary, key)
        for rowid, article_id in stale:
            writer.remove(rowid, article_id)
        if len(summary.rejected) > rejections:
            # Not remembered as read: the next import reads it again and reports it again.
            db.execute("DELETE FROM files WHERE path = ?", (key,))
        else:
            db.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, digest, articles)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, stat.st_size, stat.st_mtime_ns, digest, articles),
            )
