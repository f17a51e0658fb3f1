"""Import: files into the store, idempotent, incremental, in batched transactions."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui.importers.sources import find_files, read_file
from tui.model import Article, Rejection
from tui.store.db import Store
from tui.text.normalize import index_terms, normalize

BATCH = 1000


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


class _Writer:
    """Upserts articles into an open transaction and counts what changed."""

    def __init__(self, db: sqlite3.Connection, summary: ImportSummary, origin_file: str) -> None:
        self.db = db
        self.summary = summary
        # One spelling per file (its resolved path), so a later import finds what it left.
        self.origin_file = origin_file

    def _insert(self, article: Article, digest: str) -> int:
        date = article.date.isoformat() if article.date else None
        cursor = self.db.execute(
            "INSERT INTO articles (id, title, title_norm, date, sort_date, source, source_norm,"
            " body, url, origin_file, origin_line, partial, digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.title,
                normalize(article.title),
                date,
                date or "",
                article.source,
                normalize(article.source),
                "\n".join(article.body),
                article.url,
                self.origin_file,
                article.origin.line,
                int(article.partial),
                digest,
            ),
        )
        rowid = cursor.lastrowid
        assert rowid is not None
        text = "\n".join([article.title, *article.body, *article.keywords, article.source])
        self.db.execute(
            "INSERT INTO fts (rowid, terms) VALUES (?, ?)", (rowid, " ".join(index_terms(text)))
        )
        self.db.executemany(
            "INSERT INTO keywords (article_rowid, position, keyword, norm) VALUES (?, ?, ?, ?)",
            [(rowid, i, k, normalize(k)) for i, k in enumerate(article.keywords)],
        )
        return rowid

    def _delete(self, rowid: int) -> None:
        self.db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
        self.db.execute("DELETE FROM keywords WHERE article_rowid = ?", (rowid,))
        self.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def write(self, article: Article) -> list[str]:
        """Store one article and its «read also» articles; the ids written.

        Links are stored one way, from the article that names them, and replaced as a whole
        so that a «read also» entry dropped from a page is dropped from the store too.
        """
        related_ids = [self._write_one(r, [], count=False) for r in article.related]
        written = [self._write_one(article, related_ids, count=True), *related_ids]
        self.db.execute("DELETE FROM links WHERE article_id = ?", (article.id,))
        self.db.execute("DELETE FROM title_links WHERE article_id = ?", (article.id,))
        for position, rid in enumerate(related_ids):
            self.db.execute(
                "INSERT OR IGNORE INTO links VALUES (?, ?, ?)", (article.id, rid, position)
            )
        for position, title in enumerate(article.related_titles):
            self.db.execute(
                "INSERT OR IGNORE INTO title_links VALUES (?, ?, ?)",
                (article.id, normalize(title), position),
            )
        return written

    def _write_one(self, article: Article, related_ids: list[str], *, count: bool) -> str:
        digest = _digest(article, related_ids)
        found = self.db.execute(
            "SELECT rowid, digest, partial FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if found is None:
            self._insert(article, digest)
            if count:
                self.summary.imported += 1
        elif found[1] == digest or (article.partial and not found[2]):
            # A «read also» copy never overwrites the full article it is a copy of.
            if count:
                self.summary.unchanged += 1
        else:
            self._delete(found[0])
            self._insert(article, digest)
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
    progress.start(sum(sizes.values()))
    done = 0
    for path in files:
        _import_file(store, path, summary, on_rejected)
        done += sizes[path]
        progress.advance(done, summary.imported + summary.updated + summary.unchanged)
    progress.finish()
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
    pending: list[Article] = []

    def flush() -> None:
        with store.transaction() as db:
            writer = _Writer(db, summary, key)
            for article in pending:
                seen.update(writer.write(article))
        pending.clear()

    for item in read_file(path):
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
        writer = _Writer(db, summary, key)
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
