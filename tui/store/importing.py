"""Import: files into the store, idempotent, incremental, in batched transactions."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import os
import signal
import sqlite3
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import NamedTuple

from tui.importers.sources import Lines, find_files, parse_lines, read_file, shown, unshown
from tui.model import Article, Notice, PackedBody, Rejection
from tui.store import bulk
from tui.store.bodies import LEVEL, pack, paragraphs
from tui.store.db import Store, body_text
from tui.store.schema import ORIGIN, defer_state_move, holder_number, reindex
from tui.text.normalize import normalize, words
from tui.text.pieces import joined_terms

# Articles written in one transaction: BATCH, and up to BIG_BATCH in a big store (one
# article in BATCH_SHARE of those it holds), where every batch changes pages all over the
# indexes by id, title and holder and a bigger one changes each page for more articles.
BATCH = 1000
BIG_BATCH = 5000
BATCH_SHARE = 200
CACHE_KIB = 65536  # the page cache of a bulk import (see _bulk_writes)
BIG_CACHE_KIB = 131072  # and of one writing big batches
CHECKPOINT_PAGES = 100_000  # pages of write-ahead log copied into the store at once (400 MB)
# Imports this big are indexed (normalised, tokenised, hashed) in worker processes while the
# parent parses and writes.
PARALLEL_BYTES = 8 << 20
INDEX_BATCH = 200
UNINDEX_BATCH = 1000  # articles taken out of the full-text index at a time (_Writer._unindex)
# An article with more characters than this is indexed in the importing process, and its
# text is stored compressed.
BIG = 1 << 20
TERMS_IN_ORDER = 1 << 20
# Batches handed to the workers ahead of the one being written: enough for a worker to
# stay busy while the writer commits a transaction.
IN_FLIGHT = 16
# The importing process parses and indexes a batch itself each time it has waited for the
# workers' results more than this many times since it last took one (see _work).
SHARE_AFTER = 0


@dataclass
class ImportSummary:
    """What an import did, article by article and file by file, and what it could not read."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    files: int = 0
    skipped_files: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # Articles written and committed: what an interrupted import has saved.
    saved: int = 0

    @property
    def articles(self) -> int:
        """Articles seen so far, whatever happened to them."""
        return self.imported + self.updated + self.unchanged

    @property
    def changed_files(self) -> int:
        return self.files - self.skipped_files


class Progress:
    """Called as files are read; the CLI draws a progress bar from it."""

    def start(self, total_bytes: int) -> None: ...
    def advance(self, done_bytes: int, articles: int) -> None: ...
    def finish(self) -> None: ...
    def building(self) -> None:
        """Every file is read: the indexes a big import leaves to the end are being built."""


def _digest(article: Article, related_ids: list[str], body: bytes | None = None) -> str:
    """What changes when anything stored of the article changes; `body`, when given, is
    the body as UTF-8 with a newline before each paragraph (as it is hashed here)."""
    fields = [
        article.title,
        article.date.isoformat() if article.date else None,
        article.source,
        list(article.keywords),
        article.url,
        article.guid,
        related_ids,
        list(article.related_titles),
    ]
    digest = hashlib.blake2b(json.dumps(fields, ensure_ascii=False).encode(), digest_size=12)
    if body is not None:
        digest.update(body)
        return digest.hexdigest()
    # Paragraph by paragraph, so a huge article is never copied whole.
    for paragraph in article.body:
        digest.update(b"\n" + paragraph.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _file_digest(path: Path, known: str | None) -> tuple[str, bool]:
    """What tells a file whose time changed from one whose bytes changed, and whether it is
    `known`, the digest stored when the file was last read.

    SHA-1, which the processors qari runs on compute in hardware: 319 MB in 0.47 s here
    against 1.74 s for blake2b, so that a touched 100,000-article file is passed over within
    the second its re-import may take. It guards no secret (a file made to collide with
    another only goes unread). A digest stored by an earlier qari (blake2b, no `sha1:`) is
    computed too, in the same pass, so that an unchanged file is not read again for the
    change of method, and the SHA-1 stored from then on."""
    new = hashlib.sha1(usedforsecurity=False)
    old = None if known is None or known.startswith("sha1:") else hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            new.update(chunk)
            if old is not None:
                old.update(chunk)
    digest = f"sha1:{new.hexdigest()}"
    return digest, known == (digest if old is None else old.hexdigest())


class Indexed(NamedTuple):
    """What the store derives from an article: in a worker process when the import is big."""

    id: str
    copy_key: str
    copy_text: str  # a «read also» copy's words, to find which full article holds them
    digest: str
    title_norm: str
    source_norm: str
    terms: str  # what the full-text index holds
    keyword_norms: list[str]
    related_title_norms: list[str]  # of the «read also» titles without a body
    related: list[Indexed]  # the «read also» articles
    body_z: bytes | None  # the body compressed (see tui/store/bodies.py), or None: kept as text


def _size(article: Article) -> int:
    if isinstance(article.body, PackedBody):
        return article.body.chars
    return sum(map(len, article.body))


def _terms(article: Article) -> str:
    """What the full-text index holds of an article, paragraph by paragraph."""
    return _terms_of(article.title, article.keywords, article.source, article.body)


def _terms_of(title: str, keywords: Iterable[str], source: str, body: Iterable[str]) -> str:
    """What the full-text index holds of an article, paragraph by paragraph.

    The index keeps no copy of them (it is contentless): taking an article out of it needs
    them again, worked out from what the store holds (see _Writer._unindex), so this depends
    on nothing but these fields.

    Of a huge article the index keeps the first TERMS_IN_ORDER characters of terms in order
    (so phrases match there) and each further term once (so every word still matches):
    the terms of every word in order would take several times the article's memory.
    """
    if isinstance(body, (list, tuple)):
        # One call for the whole text when every term is kept in order (as nearly always):
        # the pieces of the joined text are those of its parts, one after another.
        texts = [title, *keywords, source, *body]
        if sum(map(len, texts)) < TERMS_IN_ORDER:
            whole = joined_terms(" ".join(texts))
            # Each part adds at most its terms and a space to what the loop below counts.
            if len(whole) + len(texts) < TERMS_IN_ORDER:
                return whole
    kept: list[str] = []
    length = 0
    rest: set[str] = set()
    for paragraph in itertools.chain((title,), keywords, (source,), body):
        if length < TERMS_IN_ORDER:
            terms = joined_terms(paragraph)
            kept.append(terms)
            length += len(terms) + 1
        else:
            rest.update(joined_terms(paragraph).split())
    if rest:
        kept.append(" ".join(sorted(rest)))
    return " ".join(term for term in kept if term)


# Text that the index terms of each normalisation and stemming rule show in.
_PROBE = (
    "أَسْوانُ: الوزيرة «قالت» إن ١٢٣ و۴۵ Apple iPhone İSTANBUL Straße",
    ["بالكتاب", "ـمـؤتـمـر", "ﻻ ﷲ ک ی ة ى إ آ ٱ"],
    "وكالة الأنباء",
    ["وللمدارس والمعلمين يتعلمون فالكتابات", "ab\u200ccd e\u00adf g\u200bh"],
)


@functools.cache
def terms_version() -> str:
    """A fingerprint of what the index holds of text: the index cannot take an article out
    unless the terms it works out again are the ones it was given (see _Writer._unindex)."""
    title, keywords, source, body = _PROBE
    terms = _terms_of(title, keywords, source, body)
    return hashlib.blake2b(terms.encode(), digest_size=8).hexdigest()


def _index(article: Article, level: int = LEVEL) -> Indexed:
    related = [_index(r, level) for r in article.related]
    if isinstance(article.body, PackedBody) or _size(article) > BIG:
        digest, body_z = _digest(article, [r.id for r in related]), None
    else:
        # Encoded once, for the digest and for the store.
        text = "\n".join(article.body)
        raw = text.encode("utf-8", "surrogatepass")
        digest = _digest(article, [r.id for r in related], b"\n" + raw if article.body else b"")
        body_z = pack(text, raw, level)
    return Indexed(
        article.id,  # a hash of normalised words: computed once
        article.copy_key,
        " ".join(" ".join(words(p.rstrip(". …"))) for p in article.body[1:])
        if article.partial
        else "",
        digest,
        normalize(article.title),
        normalize(article.source),
        _terms(article),
        [normalize(keyword) for keyword in article.keywords],
        [normalize(title) for title in article.related_titles],
        related,
        body_z,
    )


def _index_batch(articles: list[Article]) -> list[Indexed]:
    return [_index(article) for article in articles]


Item = tuple[Article, Indexed]


Read = Article | Rejection | Notice


def _parsed_and_indexed(batch: Lines) -> list[Item | Rejection | Notice]:
    """A batch of lines as what `_indexed` yields: parsed and indexed, in a worker."""
    return [_lean(item) if isinstance(item, Article) else item for item in parse_lines(batch)]


def _lean(article: Article, level: int = LEVEL) -> Item:
    """An article and what is derived from it, to send to the process that writes it: a body
    the store keeps compressed travels compressed (writing it needs nothing else of it)."""
    indexed = _index(article, level)
    if indexed.body_z is None or article.partial:
        return article, indexed
    packed = PackedBody([indexed.body_z], [len(article.body)], _size(article))
    return dataclasses.replace(article, body=packed), indexed


Done = Callable[[], Iterable[Item | Rejection | Notice]]
# A batch's work: whether it is done, and its results (waited for when it is not).
Work = tuple[Callable[[], bool], Done]


def _ready() -> bool:
    return True


def _indexed(
    items: Iterable[Read | Lines], pool: Pool | None
) -> Iterator[Item | Rejection | Notice]:
    """Each article with what the store derives from it, in order. With a pool, its processes
    parse and index the next batches while the caller writes this one; only a few batches
    are ever in flight, and only what was derived travels back, so memory stays flat."""
    if pool is None:
        for item in items:
            if isinstance(item, Lines):
                yield from _parsed_and_indexed(item)
            else:
                yield (item, _index(item)) if isinstance(item, Article) else item
        return
    waits = [0]  # how often the results of a batch were not there when they were wanted
    in_flight: deque[Work] = deque()

    def oldest() -> Iterable[Item | Rejection | Notice]:
        ready, done = in_flight.popleft()
        if not ready():
            waits[0] += 1
        return done()

    for work in _work(items, pool, waits):
        in_flight.append(work)
        if len(in_flight) > IN_FLIGHT:
            yield from oldest()
    while in_flight:
        yield from oldest()


def _work(items: Iterable[Read | Lines], pool: Pool, waits: list[int]) -> Iterator[Work]:
    """The work of indexing `items`, handed to the pool batch by batch as it comes.

    After this process has had to wait for a batch's results (`waits` counts it), it parses
    and indexes the next batch of lines itself: the workers are behind, and it would wait
    for them again. So the work shares itself out, whatever the split between writing and
    indexing on this machine and at this size of store. (Sharing whenever the workers had
    more than a few batches still to finish took, on a loaded machine, a third of the batches
    while the worker sat idle: the pool's threads in this process, which send the batches
    and take the results, were kept from running by the indexing itself.)"""
    loose: list[Read] = []
    taken = 0  # the waits counted when this process last took a batch
    for item in items:
        if isinstance(item, Lines):
            if loose:
                yield _index_loose(loose, pool)
                loose = []
            if waits[0] - taken > SHARE_AFTER:
                taken = waits[0]
                yield _ready, _parsed_and_indexed(item).copy
                continue
            result = pool.apply_async(_parsed_and_indexed, (item,))
            yield result.ready, result.get
            continue
        loose.append(item)
        if len(loose) >= INDEX_BATCH:
            yield _index_loose(loose, pool)
            loose = []
    if loose:
        yield _index_loose(loose, pool)


def _index_loose(read: list[Read], pool: Pool) -> Work:
    """Articles read here indexed in the pool; a huge one here, since sending it to a worker
    would copy it twice more."""
    batch: list[Read | Item] = [
        (item, _index(item)) if isinstance(item, Article) and _size(item) > BIG else item
        for item in read
    ]
    articles = [item for item in batch if isinstance(item, Article)]
    result = pool.apply_async(_index_batch, (articles,))
    return result.ready, functools.partial(_joined, batch, result)


def _joined(
    batch: list[Read | Item], result: AsyncResult[list[Indexed]]
) -> list[Item | Rejection | Notice]:
    indexed = iter(result.get())
    return [(item, next(indexed)) if isinstance(item, Article) else item for item in batch]


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool(total_bytes: int) -> Pool | None:
    """Worker processes to index articles in, when the import is big and there are cores."""
    cores = os.cpu_count() or 1
    if total_bytes < PARALLEL_BYTES or cores < 2 or "fork" not in get_all_start_methods():
        return None
    # Forked before the progress bar starts its thread, so no other thread is copied.
    return get_context("fork").Pool(_workers(), initializer=_ignore_interrupts)


def _workers() -> int:
    """Worker processes beside this one: a core each, this process taking one."""
    return max(1, min((os.cpu_count() or 1) - 1, 3))


def _body_columns(article: Article, indexed: Indexed) -> tuple[str, bytes | None]:
    """The body as the store keeps it: as text when it is short, else compressed (a huge one
    paragraph by paragraph, so it is never held whole as text a second time)."""
    if indexed.body_z is not None:
        return "", indexed.body_z
    if isinstance(article.body, PackedBody):
        # Written into the row chunk by chunk after it is inserted (see _write_packed).
        return "", None
    if _size(article) <= BIG:
        return "\n".join(article.body), None
    compressor = zlib.compressobj(6)
    chunks = []
    for number, paragraph in enumerate(article.body):
        text = paragraph if number == 0 else "\n" + paragraph
        chunks.append(compressor.compress(text.encode("utf-8", "surrogatepass")))
    chunks.append(compressor.flush())
    return "", b"".join(chunks)


def _write_packed(db: sqlite3.Connection, rowid: int, body: PackedBody) -> None:
    """A packed body's chunks into its row as they are: straight into the row's pages where
    this Python can (no joined copy, no copy made by SQLite), else joined."""
    if not hasattr(db, "blobopen"):  # Python 3.10
        db.execute("UPDATE articles SET body_z = ? WHERE rowid = ?", (b"".join(body.chunks), rowid))
        return
    size = sum(map(len, body.chunks))
    db.execute("UPDATE articles SET body_z = zeroblob(?) WHERE rowid = ?", (size, rowid))
    with db.blobopen("articles", "body_z", rowid) as blob:
        for chunk in body.chunks:
            blob.write(chunk)


def _by_keyword(row: tuple[int, int, str, str]) -> tuple[str, int]:
    return row[3], row[0]


class _Writer:
    """Writes articles held by one holder (a file, a feed) into an open transaction, and
    counts what changed."""

    def __init__(self, db: sqlite3.Connection, summary: ImportSummary, holder: str) -> None:
        self.db = db
        self.summary = summary
        self.hold_for(holder)
        # Holders whose files must be read again: what they hold lost the text it was shown with.
        self.reread: set[str] = set()
        # Terms of the articles inserted, indexed together by finish(): FTS5 writes what it
        # has pending to disk whenever another statement opens a savepoint, so indexing each
        # article as it is inserted wrote a segment of the index for every article.
        self._to_index: dict[int, str] = {}
        # And the terms of the articles deleted, taken out of the index together for the
        # same reason, before it gets the new ones: an update took out each article's old
        # terms on its own, a segment of the index written for every article (adding
        # 20,000 changed articles to a million: a third of the writer's time).
        self._to_unindex: list[tuple[int, str]] = []
        # Their keywords, written together by finish() too, in the order of the index by
        # keyword, so that each page of it is written once for many articles.
        self._keywords: dict[int, list[tuple[int, int, str, str]]] = {}
        # The id of the article write() inserted as new, which no link can name yet.
        self._fresh = ""

    def hold_for(self, holder: str) -> None:
        """Write what `holder` holds from now on."""
        self.holder = holder
        self.number = holder_number(self.db, holder)

    def finish(self) -> None:
        """Index what was inserted and take out what was deleted; before the transaction
        commits."""
        self._take_out()
        self.db.executemany(
            "INSERT INTO fts (rowid, terms) VALUES (?, ?)", sorted(self._to_index.items())
        )
        self._to_index.clear()
        rows = sorted(itertools.chain.from_iterable(self._keywords.values()), key=_by_keyword)
        self.db.executemany(
            "INSERT INTO keywords (article_rowid, position, keyword, norm) VALUES (?, ?, ?, ?)",
            rows,
        )
        self._keywords.clear()

    def _insert(self, article: Article, indexed: Indexed, article_id: str) -> int:
        date = article.date.isoformat() if article.date else None
        cursor = self.db.execute(
            "INSERT INTO articles (id, title, title_norm, date, sort_date, source, source_norm,"
            " body, body_z, url, origin, origin_line, partial, digest, guid, copy_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                article.title,
                indexed.title_norm,
                date,
                date or "",
                article.source,
                indexed.source_norm,
                *_body_columns(article, indexed),
                article.url,
                self.number,
                article.origin.line,
                int(article.partial),
                indexed.digest,
                article.guid,
                indexed.copy_key,
            ),
        )
        rowid = cursor.lastrowid
        assert rowid is not None
        if indexed.body_z is None and isinstance(article.body, PackedBody):
            _write_packed(self.db, rowid, article.body)
        self._to_index[rowid] = indexed.terms
        if article.keywords:
            self._keywords[rowid] = [
                (rowid, position, keyword, norm)
                for position, (keyword, norm) in enumerate(
                    zip(article.keywords, indexed.keyword_norms)
                )
            ]
        return rowid

    def _unindex(self, rowid: int) -> None:
        """Take an article out of the full-text index. The index keeps no copy of what it
        holds, so the terms to take out are worked out again from the stored article."""
        if self._to_index.pop(rowid, None) is not None:
            return  # inserted in this transaction: not indexed yet
        row = self.db.execute(
            "SELECT title, source, coalesce(body_z, body) FROM articles WHERE rowid = ?", (rowid,)
        ).fetchone()
        if row is None:
            return
        title, source, body = row
        keywords = [
            k
            for (k,) in self.db.execute(
                "SELECT keyword FROM keywords WHERE article_rowid = ? ORDER BY position", (rowid,)
            )
        ]
        self._to_unindex.append((rowid, _terms_of(title, keywords, source, paragraphs(body))))
        if len(self._to_unindex) >= UNINDEX_BATCH:
            # A holder released whole (a big file gone) takes out its articles a thousand
            # at a time, not all of their terms held at once.
            self._take_out()

    def _take_out(self) -> None:
        self.db.executemany(
            "INSERT INTO fts (fts, rowid, terms) VALUES ('delete', ?, ?)", self._to_unindex
        )
        self._to_unindex.clear()

    def _delete(self, rowid: int) -> None:
        self._unindex(rowid)
        if self._keywords.pop(rowid, None) is None:
            self.db.execute("DELETE FROM keywords WHERE article_rowid = ?", (rowid,))
        self.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def _remove(self, rowid: int, article_id: str) -> None:
        """An article nothing holds any more: it, its index rows and the links it made."""
        self._delete(rowid)
        self.db.execute("DELETE FROM links WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM title_links WHERE article_id = ?", (article_id,))
        self.summary.removed += 1

    def _hold(self, article_id: str, line: int, *, copy: bool) -> None:
        # What this holder held before this reading is replaced; within one reading, a holder
        # that holds the whole article and a copy of it holds the article.
        self.db.execute(
            "INSERT INTO temp.seen (id, copy, line) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET copy = min(copy, excluded.copy),"
            " line = excluded.line",
            (article_id, int(copy), line),
        )
        self.db.execute(
            "INSERT INTO holdings (holder, article_id, line, copy)"
            " SELECT ?, ?, ?, copy FROM temp.seen WHERE id = ?"
            " ON CONFLICT (holder, article_id) DO UPDATE SET"
            " line = excluded.line, copy = excluded.copy",
            (self.number, article_id, line, article_id),
        )

    def write(self, article: Article, indexed: Indexed) -> list[str]:
        """Store one article and its «read also» articles; the ids this holder now holds.

        Links are stored one way, from the article that names them, and replaced as a whole
        so that a «read also» entry dropped from a page is dropped from the store too.
        """
        related_ids = [self._write_copy(r, i) for r, i in zip(article.related, indexed.related)]
        self._fresh = ""
        article_id = (
            self._write_copy(article, indexed)
            if article.partial
            else self._write_full(article, indexed)
        )
        if article_id != self._fresh:
            # An article that was in the store: what it linked to before is replaced. (One
            # inserted just now links to nothing yet: two statements an article saved.)
            self.db.execute("DELETE FROM links WHERE article_id = ?", (article_id,))
            self.db.execute("DELETE FROM title_links WHERE article_id = ?", (article_id,))
        links = [
            (article_id, rid, position)
            for position, rid in enumerate(related_ids)
            if rid != article_id
        ]
        if links:
            self.db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?, ?)", links)
        if indexed.related_title_norms:
            self.db.executemany(
                "INSERT OR IGNORE INTO title_links VALUES (?, ?, ?)",
                [
                    (article_id, title, position)
                    for position, title in enumerate(indexed.related_title_norms)
                ],
            )
        return [article_id, *related_ids]

    def _write_full(self, article: Article, indexed: Indexed) -> str:
        found = self.db.execute(
            "SELECT rowid, digest FROM articles WHERE id = ?", (indexed.id,)
        ).fetchone()
        if found is None:
            self._insert(article, indexed, indexed.id)
            self._fresh = indexed.id
            self.summary.imported += 1
        elif found[1] == indexed.digest:
            self.summary.unchanged += 1
        else:
            self._delete(found[0])
            self._insert(article, indexed, indexed.id)
            self.summary.updated += 1
        self._hold(indexed.id, article.origin.line, copy=False)
        self._absorb_copies(indexed)
        return indexed.id

    def _absorb_copies(self, indexed: Indexed) -> None:
        """«Read also» copies stored before their full article came: they become it."""
        copies = self.db.execute(
            "SELECT rowid, id, coalesce(body_z, body) FROM articles"
            " WHERE copy_key = ? AND partial = 1 AND id <> ?",
            (indexed.copy_key, indexed.id),
        ).fetchall()
        if not copies:
            return
        full = self.db.execute(
            "SELECT coalesce(body_z, body) FROM articles WHERE id = ?", (indexed.id,)
        ).fetchone()[0]
        text = " ".join(words(body_text(full)))
        for rowid, copy, body in copies:
            paragraphs = body_text(body).split("\n")[1:]
            rest = " ".join(" ".join(words(p.rstrip(". …"))) for p in paragraphs)
            if rest and rest not in text:
                continue
            self._delete(rowid)
            self._merge(copy, indexed.id)

    def _merge(self, old: str, new: str) -> None:
        """Links, holdings, marks and history of article `old` go to article `new`."""
        self._fresh = ""  # `new` links to what `old` did
        self.db.execute(
            "UPDATE OR IGNORE links SET related_id = ? WHERE related_id = ?", (new, old)
        )
        self.db.execute(
            "UPDATE OR IGNORE links SET article_id = ? WHERE article_id = ?", (new, old)
        )
        self.db.execute("DELETE FROM links WHERE ? IN (article_id, related_id)", (old,))
        self.db.execute(
            "INSERT OR IGNORE INTO holdings (holder, article_id, line, copy)"
            " SELECT holder, ?, line, 1 FROM holdings WHERE article_id = ?",
            (new, old),
        )
        self.db.execute("DELETE FROM holdings WHERE article_id = ?", (old,))
        defer_state_move(self.db, old, new)

    def _write_copy(self, article: Article, indexed: Indexed) -> str:
        """A «read also» copy: held as a copy of its full article when the store has one,
        else stored as itself until the full article comes."""
        full = self._full_for(article, indexed)
        if full is not None:
            self._hold(full, article.origin.line, copy=True)
            return full
        found = self.db.execute(
            "SELECT rowid, digest, partial, coalesce(body_z, body) FROM articles WHERE id = ?",
            (indexed.id,),
        ).fetchone()
        if found is None:
            self._insert(article, indexed, indexed.id)
            self._fresh = indexed.id
            self._adopt_orphaned_state(indexed)
        elif found[2] and found[1] != indexed.digest:
            # Two copies of one article that differ: the longer is kept, whatever the order.
            body = "\n".join(article.body)
            stored = body_text(found[3])
            if (body.count("\n"), len(body), indexed.digest) > (
                stored.count("\n"),
                len(stored),
                found[1],
            ):
                self._delete(found[0])
                self._insert(article, indexed, indexed.id)
        self._hold(indexed.id, article.origin.line, copy=True)
        return indexed.id

    def _adopt_orphaned_state(self, indexed: Indexed) -> None:
        """A copy stored again after its full article went: the full one's marks come back."""
        for old, text in self.db.execute(
            "SELECT id, text FROM temp.orphans WHERE copy_key = ?", (indexed.copy_key,)
        ).fetchall():
            if not indexed.copy_text or indexed.copy_text in text:
                defer_state_move(self.db, old, indexed.id)
                self.db.execute("DELETE FROM temp.orphans WHERE id = ?", (old,))
                return

    def _full_for(self, article: Article, indexed: Indexed) -> str | None:
        """The full article a copy is a copy of: the same url, or the same title and first
        paragraph with every further paragraph of the copy in it (the newest such)."""
        if article.url.strip():
            # Known by a url: the full article has the same id.
            found = self.db.execute(
                "SELECT id FROM articles WHERE id = ? AND partial = 0", (indexed.id,)
            ).fetchone()
            if found:
                return str(found[0])
        for article_id, body in self.db.execute(
            "SELECT id, coalesce(body_z, body) FROM articles WHERE copy_key = ? AND partial = 0"
            " ORDER BY sort_date DESC, rowid DESC",
            (indexed.copy_key,),
        ).fetchall():
            if not indexed.copy_text or indexed.copy_text in " ".join(words(body_text(body))):
                return str(article_id)
        return None

    def succeed(self, old: str) -> None:
        """An article this holder held and holds no longer, when the holder now holds at the
        same line one with the same title and first paragraph and nothing else holds the old:
        that is the old one edited (a corrected source, a fixed typo). Its marks follow it,
        and it counts as updated rather than removed and imported."""
        found = self.db.execute(
            "SELECT h.line, a.copy_key FROM holdings h JOIN articles a ON a.id = h.article_id"
            " WHERE h.holder = ? AND h.article_id = ? AND h.copy = 0"
            " AND NOT EXISTS (SELECT 1 FROM holdings o WHERE o.article_id = h.article_id"
            " AND o.holder <> h.holder)",
            (self.number, old),
        ).fetchone()
        if found is None:
            return
        # What this holder holds now is in `seen`, with the line as its holdings have it: found
        # there by line (the holdings have no index by line: a holder's every row was read
        # for each article it no longer holds, hours for a big file whose ids all changed).
        successors = self.db.execute(
            "SELECT s.id FROM temp.seen s JOIN articles a ON a.id = s.id"
            " WHERE s.line = ? AND s.copy = 0 AND a.copy_key = ? AND s.id <> ?",
            (found[0], found[1], old),
        ).fetchall()
        if len(successors) != 1:
            return
        defer_state_move(self.db, old, successors[0][0])
        self.summary.imported -= 1
        self.summary.updated += 1
        self.summary.removed -= 1  # counted again when it is released

    def release(self, article_ids: Iterable[str]) -> None:
        """This holder no longer holds these articles; each leaves the store when nothing
        else holds it."""
        for article_id in article_ids:
            self.db.execute(
                "DELETE FROM holdings WHERE holder = ? AND article_id = ?",
                (self.number, article_id),
            )
            self.settle(article_id)

    def settle(self, article_id: str) -> None:
        """Remove the article if nothing holds it; make it a copy again if nothing holds it
        whole; mark for reading again the files that hold it when its text left with another."""
        row = self.db.execute(
            f"SELECT rowid, partial, {ORIGIN}, copy_key FROM articles a WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return
        rowid, partial, shown_by, key = row
        holders = self.db.execute(
            "SELECT h.name, o.copy FROM holdings o JOIN holders h ON h.id = o.holder"
            " WHERE o.article_id = ?",
            (article_id,),
        ).fetchall()
        if not holders:
            self._remove(rowid, article_id)
            return
        if not partial and all(copy for _, copy in holders):
            # Only «read also» copies of it are left: it goes back to being the copy those
            # files hold, which reading them again stores; its marks wait for that copy.
            body = self.db.execute(
                "SELECT coalesce(body_z, body) FROM articles WHERE rowid = ?", (rowid,)
            )
            self.db.execute(
                "INSERT OR REPLACE INTO temp.orphans VALUES (?, ?, ?)",
                (article_id, key, " ".join(words(body_text(body.fetchone()[0])))),
            )
            self._remove(rowid, article_id)
            self.summary.removed -= 1
            self.db.execute("DELETE FROM holdings WHERE article_id = ?", (article_id,))
            self.reread.update(holder for holder, _ in holders)
        elif shown_by == self.holder:
            # Shown with the text of a file that no longer holds it: another's, which is read
            # again in case its text differs.
            self.db.execute(
                "UPDATE articles SET (origin, origin_line, origin_file) ="
                " (SELECT holder, line, '' FROM holdings WHERE article_id = ?"
                " ORDER BY copy, holder LIMIT 1) WHERE rowid = ?",
                (article_id, rowid),
            )
            self.reread.update(holder for holder, copy in holders if not copy)


def _scratch(store: Store) -> None:
    """The connection's own tables: what the holder being read holds (`seen`), and the marks
    of full articles that went back to being copies (`orphans`), until a copy takes them.

    Before writing, an index made with other terms (a qari that normalises or stems words
    otherwise) is built anew: articles could not be taken out of it."""
    _same_terms(store)
    store.execute(
        "CREATE TEMP TABLE IF NOT EXISTS seen"
        " (id TEXT PRIMARY KEY, copy INTEGER NOT NULL, line INTEGER NOT NULL)"
    )
    store.execute("CREATE INDEX IF NOT EXISTS temp.seen_by_line ON seen (line)")
    store.execute(
        "CREATE TEMP TABLE IF NOT EXISTS orphans"
        " (id TEXT PRIMARY KEY, copy_key TEXT NOT NULL, text TEXT NOT NULL)"
    )


def index_article(article: Article, level: int = LEVEL) -> tuple[Article, Indexed]:
    """The article and what the store derives from it: pure, so any process may work it out;
    the article as lean as writing it allows (see `_lean`), to send to the writing process.
    `level`: zlib's, for the body (tui/store/bodies.py)."""
    return _lean(article, level)


def begin_writing(store: Store) -> None:
    """Make the connection's scratch tables that `write_holders` keeps its reading in."""
    _scratch(store)


def write_holders(
    db: sqlite3.Connection,
    holdings: Iterable[tuple[str, Iterable[tuple[Article, Indexed]]]],
    summary: ImportSummary,
) -> None:
    """Write the articles each holder holds, (holder, articles) each, in the caller's
    transaction, as `import_items` with replace=False does (what a holder held before stays
    held); `begin_writing` first. The articles of all the holders are indexed together at the
    end: the full-text index and the index by keyword are written once, not once a holder
    (writing 200 feeds of 25 articles a holder at a time took 1.6 times as long)."""
    writer: _Writer | None = None
    for holder, items in holdings:
        db.execute("DELETE FROM temp.seen")  # what this holder holds in this reading
        if writer is None:
            writer = _Writer(db, summary, holder)
        else:
            writer.hold_for(holder)
        for article, indexed in items:
            writer.write(article, indexed)
    if writer is not None:
        writer.finish()


def _same_terms(store: Store) -> None:
    """Build the index anew unless it was made with the terms this qari works out."""
    if store.rows("SELECT version FROM index_terms") != [(terms_version(),)]:
        with store.transaction() as db:
            reindex(db)


def _is_file(holder: str) -> bool:
    return not holder.startswith("feed:")


def import_items(
    store: Store,
    holder: str,
    items: Iterable[Read],
    *,
    replace: bool = False,
    summary: ImportSummary | None = None,
    on_rejected: Callable[[Rejection], None] | None = None,
    on_notice: Callable[[Notice], None] | None = None,
    pool: Pool | None = None,
) -> ImportSummary:
    """Store the articles `holder` (a file's path, or "feed:" and a feed's url) holds.

    With `replace`, what the holder held before and holds no longer is released: it leaves
    the store unless something else holds it. Without, what it holds only grows (a feed's
    items stay when they leave the feed's window). Writes in batches, each one transaction.
    """
    summary = summary if summary is not None else ImportSummary()
    _write(store, holder, items, summary, on_rejected, on_notice, pool, replace=replace)
    return summary


def release_holder(
    store: Store, holder: str, summary: ImportSummary | None = None
) -> ImportSummary:
    """`holder` holds nothing any more (a feed unsubscribed, say)."""
    summary = summary if summary is not None else ImportSummary()
    _scratch(store)
    store.execute("DELETE FROM temp.orphans")
    with store.transaction() as db:
        writer = _Writer(db, summary, holder)
        held = [
            r[0]
            for r in db.execute(
                "SELECT article_id FROM holdings WHERE holder = ?", (writer.number,)
            )
        ]
        writer.release(held)
        writer.finish()
        reread = {h for h in writer.reread if _is_file(h)}
    _reread(store, reread, summary, None, None)
    return summary


def _write(
    store: Store,
    holder: str,
    items: Iterable[Read | Lines],
    summary: ImportSummary,
    on_rejected: Callable[[Rejection], None] | None,
    on_notice: Callable[[Notice], None] | None,
    pool: Pool | None,
    *,
    replace: bool,
) -> tuple[int, set[str]]:
    """Write a holder's items; (articles read, holders to read again)."""
    # The ids this holder holds now, kept by SQLite (on disk when they are many).
    _scratch(store)
    store.execute("DELETE FROM temp.seen")
    articles = 0
    reread: set[str] = set()
    pending: list[Item] = []

    def flush() -> None:
        with store.transaction() as db:
            writer = _Writer(db, summary, holder)
            for article, indexed in pending:
                writer.write(article, indexed)
            writer.finish()
        summary.saved = summary.imported + summary.updated
        pending.clear()

    whole_rejected = False
    batch = _batch_size(store)
    for item in _indexed(items, pool):
        if isinstance(item, Rejection):
            _reject(summary, item, on_rejected)
            # The holder could not be read at all (gone unreadable, say): what it held stays.
            whole_rejected |= item.line is None
            continue
        if isinstance(item, Notice):
            summary.notices.append(item)
            if on_notice:
                on_notice(item)
            continue
        pending.append(item)
        articles += 1
        if len(pending) >= batch:
            flush()
            batch = _batch_size(store)
    flush()
    if replace and not whole_rejected:
        with store.transaction() as db:
            writer = _Writer(db, summary, holder)
            stale = [
                r[0]
                for r in db.execute(
                    "SELECT article_id FROM holdings WHERE holder = ?"
                    " AND article_id NOT IN (SELECT id FROM temp.seen)",
                    (writer.number,),
                ).fetchall()
            ]
            for old in stale:
                writer.succeed(old)
            writer.release(stale)
            # Held now only as a «read also» copy: a full article no file holds whole any more
            # goes back to being a copy.
            for (article_id,) in db.execute("SELECT id FROM temp.seen WHERE copy = 1").fetchall():
                writer.settle(article_id)
            writer.finish()
            reread = {h for h in writer.reread if _is_file(h)}
    return articles, reread


def _batch_size(store: Store) -> int:
    """How many articles to write in one transaction, by the size of the store; a big batch
    with the bigger page cache, to hold the pages it changes until it commits (put back by
    `_bulk_writes`)."""
    last = store.integers("SELECT coalesce(max(rowid), 0) FROM articles")[0]
    size = max(BATCH, min(BIG_BATCH, last // BATCH_SHARE))
    if size > BATCH and store.db.execute("PRAGMA main.cache_size").fetchone()[0] > -BIG_CACHE_KIB:
        store.execute(f"PRAGMA main.cache_size = {-BIG_CACHE_KIB}")
    return size


def import_sources(
    store: Store,
    sources: Iterable[Path],
    progress: Progress | None = None,
    on_rejected: Callable[[Rejection], None] | None = None,
    on_notice: Callable[[Notice], None] | None = None,
    summary: ImportSummary | None = None,
) -> ImportSummary:
    """Import files and folders: new and changed files are read, unchanged ones skipped.

    `summary`, when given, is filled in as the import goes, so that a caller interrupted
    midway still knows what was saved.
    """
    summary = summary if summary is not None else ImportSummary()
    progress = progress or Progress()
    _scratch(store)
    store.execute("DELETE FROM temp.orphans")
    files: list[Path] = []
    for found in find_files(sources):
        if isinstance(found, Rejection):
            _reject(summary, found, on_rejected)
        elif isinstance(found, Notice):
            summary.notices.append(found)
            if on_notice:
                on_notice(found)
        else:
            files.append(found)
    sizes = {}
    unread = {}  # bytes of the files that may have changed since they were last read
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            sizes[path] = 0
            continue
        sizes[path] = stat.st_size
        if _read_as(store, path) != (stat.st_size, stat.st_mtime_ns):
            unread[path] = stat.st_size
    # Only when there is much to read: an import of unchanged files starts no process.
    pool = _pool(sum(unread.values()))
    progress.start(sum(sizes.values()))
    advance = progress.advance
    reread: set[str] = set()
    try:
        with _bulk_writes(store), ExitStack() as deferred:
            done = 0
            left = sum(unread.values())  # of this file and the files after it
            asked = False

            def reading() -> None:
                # About to read a file whose bytes changed: if it and those after it are
                # more than the store holds, the reading indexes and the shape are built at
                # the end (a file only touched is passed over without it).
                nonlocal asked
                if not asked and bulk.worth_it(store, left):
                    deferred.enter_context(bulk.deferred(store, progress.building))
                    asked = True

            for path in files:

                def read(position: int, before: int = done) -> None:
                    advance(before + position, summary.articles)

                reread |= _import_file(
                    store, path, summary, on_rejected, on_notice, pool, read, reading
                )
                done += sizes[path]
                left -= unread.get(path, 0)
                advance(done, summary.articles)
            _reread(store, reread, summary, on_rejected, on_notice)
    finally:
        progress.finish()
        if pool is not None:
            pool.terminate()
    return summary


def _read_as(store: Store, path: Path) -> tuple[int, int] | None:
    """The size and modification time a file had when it was last read, if it was."""
    found = store.rows("SELECT size, mtime_ns FROM files WHERE path = ?", (shown(path.resolve()),))
    return (found[0][0], found[0][1]) if found else None


def _reread(
    store: Store,
    holders: set[str],
    summary: ImportSummary,
    on_rejected: Callable[[Rejection], None] | None,
    on_notice: Callable[[Notice], None] | None,
) -> None:
    """Read again the files that hold articles whose text left with another file, until
    none is left to read (each file at most twice: a bound, not a case that arises)."""
    done: dict[str, int] = {}
    while holders:
        holder = holders.pop()
        done[holder] = done.get(holder, 0) + 1
        if done[holder] > 2:
            continue
        # Counted apart: these articles were counted when their files were first met.
        quiet = ImportSummary()
        holders |= _import_file(
            store, unshown(holder), quiet, on_rejected, on_notice, None, None, force=True
        )
        summary.rejected += quiet.rejected
        summary.removed += quiet.removed


@contextmanager
def _bulk_writes(store: Store) -> Iterator[None]:
    """Settings for writing many batches, put back afterwards.

    In WAL mode a commit at synchronous NORMAL cannot corrupt the store (a power cut may lose
    the last batches, which the next import writes again); FULL would sync every batch. A
    bigger page cache keeps the indexes that every article touches in memory.

    In a big store each batch changes pages all over its indexes (an article's id, title and
    holder land at random places), about five thousand pages a batch at a million articles;
    with SQLite's default of a checkpoint every thousand pages of log, every batch was copied
    into the store and synced. A longer log is copied once for several batches, and a page
    changed by many of them once: adding 20,000 articles to a million-article store took
    about half the time with a log of 80 MB (396 to 695 articles/s, benchmarks in the
    README); with batches of 5,000 (see `_batch_size`) and a log of up to 400 MB it wrote
    1.5 GB to disk instead of 3.2 GB with 80 MB. The log is copied into the store when the
    import's connection closes (later when a reader has the store open), and its file is cut
    back to 64 MB whenever it starts again from its beginning.
    """
    saved = {
        name: store.db.execute(f"PRAGMA main.{name}").fetchone()[0]
        for name in ("synchronous", "cache_size")
    }
    autocheckpoint = store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    store.execute("PRAGMA main.synchronous = NORMAL")
    store.execute(f"PRAGMA main.cache_size = {-CACHE_KIB}")
    store.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
    store.execute(f"PRAGMA main.journal_size_limit = {64 << 20}")
    try:
        yield
    finally:
        for name, value in saved.items():
            store.execute(f"PRAGMA main.{name} = {int(value)}")
        store.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")


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
    on_notice: Callable[[Notice], None] | None,
    pool: Pool | None = None,
    on_read: Callable[[int], None] | None = None,
    reading: Callable[[], None] | None = None,
    *,
    force: bool = False,
) -> set[str]:
    """Import one file unless it is unchanged (`reading()` is told before it is read); the
    holders to read again afterwards."""
    summary.files += 1
    try:
        key = shown(path.resolve())
        stat = path.stat()
        known = store.rows(
            "SELECT size, mtime_ns, digest, articles FROM files WHERE path = ?", (key,)
        )
        if not force and known and known[0][0] == stat.st_size and known[0][1] == stat.st_mtime_ns:
            summary.unchanged += known[0][3]
            summary.skipped_files += 1
            return set()
        digest, same = _file_digest(path, known[0][2] if known else None)
    except OSError as error:
        _reject(
            summary, Rejection(shown(path), None, f"cannot read: {error.strerror}"), on_rejected
        )
        return set()
    if not force and same:
        with store.transaction() as db:
            db.execute(
                "UPDATE files SET size = ?, mtime_ns = ?, digest = ? WHERE path = ?",
                (stat.st_size, stat.st_mtime_ns, digest, key),
            )
        summary.unchanged += known[0][3]
        summary.skipped_files += 1
        return set()
    if reading is not None:
        reading()
    rejections = len(summary.rejected)
    articles, reread = _write(
        store,
        key,
        read_file(path, on_read, batched=pool is not None),
        summary,
        on_rejected,
        on_notice,
        pool,
        replace=True,
    )
    with store.transaction() as db:
        if len(summary.rejected) > rejections:
            # Not remembered as read: the next import reads it again and reports it again.
            db.execute("DELETE FROM files WHERE path = ?", (key,))
        else:
            db.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, digest, articles)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, stat.st_size, stat.st_mtime_ns, digest, articles),
            )
    return reread
