"""The article store: SQLite on disk, full-text search, keywords, links and reader state."""

from __future__ import annotations

import datetime
import errno
import itertools
import os
import sqlite3
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from tui.search.query import Query
from tui.store.facets import refresh as refresh_facets
from tui.store.schema import (
    MIGRATIONS,
    ORIGIN,
    PENDING_MOVES,
    SCHEMA_VERSION,
    STATE_SCHEMA,
    STATE_TABLES,
    move_state,
    run_script,
)
from tui.types import RelatedReason

ORDER = "ORDER BY a.sort_date DESC, a.rowid DESC"
LIST_COLUMNS = (
    "a.rowid, a.id, a.title, a.date, a.source, coalesce(m.read, 0), coalesce(m.starred, 0)"
)
MARKS_JOIN = "LEFT JOIN state.marks m ON m.article_id = a.id"


WAL_ATTEMPTS = 20
READERS_KEPT = 4  # idle query connections kept open
PROGRESS_STEPS = 10_000
WALK_FROM = 10  # see Store._many_match
LEAN_SCHEMA = 5  # the first schema whose upgrade frees much of the file


class StoreError(Exception):
    """The store cannot be used; the message is one line a person can act on."""


class Ticket:
    """Work that can be cancelled from another thread: see `Store.cancellable`."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def is_cancelled(self) -> bool:
        return self.cancelled


class Interrupted(Exception):
    """A query was cancelled from another thread (`Ticket.cancel`): its answer is not wanted."""


class ListRow(NamedTuple):
    """What the article list shows of one article."""

    rowid: int
    id: str
    title: str
    date: datetime.date | None
    source: str
    read: bool
    starred: bool


class StoredArticle(NamedTuple):
    """One article as the reader shows it."""

    id: str
    title: str
    date: datetime.date | None
    source: str
    body: tuple[str, ...]
    keywords: tuple[str, ...]
    url: str
    origin_file: str
    origin_line: int
    read: bool
    starred: bool


class RelatedRow(NamedTuple):
    """A related article, why (reason: link, same-story, duplicate or similar; why: a few
    words of what the two share) and how close it is (1 for a link)."""

    id: str
    title: str
    reason: RelatedReason
    score: float = 0.0
    why: str = ""


def body_text(body: str | bytes) -> str:
    """An article's body as stored: text, or (a huge one) compressed UTF-8."""
    if not isinstance(body, bytes):
        return body
    # One zlib stream, or several one after another (each a run of whole paragraphs).
    parts = []
    while body:
        stream = zlib.decompressobj()
        parts.append(stream.decompress(body).decode("utf-8", "surrogatepass"))
        body = stream.unused_data
    return "\n".join(parts)


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def fts_quoted(text: str) -> str:
    """`text` as one FTS5 string: its terms, in order, as a phrase."""
    return '"' + text.replace('"', '""') + '"'


def fts_phrase(text: str) -> str | None:
    """An FTS5 phrase for `text` compared as the index compares it, or None if it has no words."""
    from tui.text.normalize import index_terms

    terms = index_terms(text)
    if not terms:
        return None
    return fts_quoted(" ".join(terms))


def fts_prefix(typed: str) -> str:
    """An FTS5 expression for a word still being typed (see `prefix_terms`); empty while
    it is too short to tell anything (two letters, or an article and two letters), so that
    the list stays as it was rather than emptying on the way to a word."""
    from tui.text.normalize import prefix_terms

    before, exact, begins = prefix_terms(typed)
    parts = [fts_quoted(t) for t in before]
    if begins:
        either = [fts_quoted(t) for t in exact] + [fts_quoted(b) + "*" for b in begins]
        parts.append("(" + " OR ".join(either) + ")")
    return " AND ".join(parts)


def fts_match(query: Query) -> str:
    """The FTS5 expression for the query's words, phrases and prefix; empty without any."""
    parts = [p for p in map(fts_phrase, (*query.words, *query.phrases)) if p]
    if query.prefix:
        parts.append(fts_prefix(query.prefix))
    return " AND ".join(p for p in parts if p)


def _read_only(path: Path) -> bool:
    """Whether `path` is an existing store that cannot be written (a read-only mount)."""
    try:
        _private_file(path)
    except OSError as error:
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and path.is_file():
            return True
        raise
    return False


def _private_file(path: Path) -> None:
    """Create `path` readable by its owner only, before SQLite creates it with the umask."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


class Results:
    """The articles a query selects, newest first, read one window at a time.

    `Results(store, query, first=N)` finds only the first N (and `complete` is False when
    there may be more): at a million articles a common word is in most of them, and sorting
    every match takes a second, while the newest N are found in a fraction of that. The
    reader shows those at once and the whole list when it comes.
    """

    def __init__(self, store: Store, query: Query, *, first: int | None = None) -> None:
        self.store = store
        self.query = query
        self._rowids: array[int] | None = None
        self.complete = True
        if query.is_empty and first is None:
            self.count = store.count()
            return
        # With `first`, the newest in the date index (of the matches): whatever the store's
        # size, only that many entries are walked when most articles match.
        where, params = store.where(query, first=first)
        sql = f"SELECT a.rowid FROM articles a WHERE {where} {ORDER}"
        if first is not None:
            sql += " LIMIT ?"
            params.append(first + 1)
        self._rowids = store.integers(sql, params)
        if first is not None and len(self._rowids) > first:
            del self._rowids[first:]
            self.complete = False
        self.count = len(self._rowids)

    def window(self, offset: int, limit: int) -> list[ListRow]:
        """Rows offset..offset+limit of the list."""
        if self._rowids is None:
            # The offset is skipped in the date index, from whichever end is nearer; only the
            # window's rows are read.
            direction = "DESC"
            if offset > self.count // 2:
                direction = "ASC"
                offset, limit = max(0, self.count - offset - limit), min(limit, self.count - offset)
            rows = self.store.rows(
                f"SELECT {LIST_COLUMNS} FROM (SELECT rowid FROM articles ORDER BY"
                f" sort_date {direction}, rowid {direction} LIMIT ? OFFSET ?) w"
                f" JOIN articles a ON a.rowid = w.rowid {MARKS_JOIN} {ORDER}",
                (max(limit, 0), offset),
            )
        else:
            wanted = self._rowids[offset : offset + limit].tolist()
            if not wanted:
                return []
            marks = ",".join("?" * len(wanted))
            found = {
                r[0]: r
                for r in self.store.rows(
                    f"SELECT {LIST_COLUMNS} FROM articles a {MARKS_JOIN} "
                    f"WHERE a.rowid IN ({marks})",
                    wanted,
                )
            }
            rows = [found[r] for r in wanted if r in found]
        return [ListRow(r[0], r[1], r[2], _date(r[3]), r[4], bool(r[5]), bool(r[6])) for r in rows]

    def index_of(self, article_id: str) -> int | None:
        """The position of an article in this list, or None when the query leaves it out."""
        found = self.store.rows("SELECT rowid, sort_date FROM articles WHERE id = ?", (article_id,))
        if not found:
            return None
        rowid, sort_date = found[0]
        if self._rowids is not None:
            try:
                return self._rowids.index(rowid)
            except ValueError:
                return None
        return self.store.scalar(
            "SELECT count(*) FROM articles WHERE (sort_date, rowid) > (?, ?)", (sort_date, rowid)
        )


class Store:
    """An article store in one SQLite file, with the reader's state in another beside it.

    Each file is written on a connection of its own: `transaction()` takes the store's write
    lock only, and the reader's marks (`set_mark`, `record_opened`) take the state file's
    only, so an import never holds up a star and a star never holds up an import. Queries run
    on connections of their own too, borrowed from a pool for as long as one query takes:
    in WAL mode a reader never waits for a writer, nor for another reader's long scan. A
    query can be stopped from another thread (`cancellable`, with a `Ticket`).
    """

    def __init__(
        self,
        path: Path,
        state_path: Path,
        *,
        on_upgrade: Callable[[int, int], None] | None = None,
        on_building: Callable[[], None] | None = None,
    ) -> None:
        """`on_upgrade(old, new)` is told before a store of an older schema is upgraded,
        which takes a while in a big store (a new, empty store is not told); `on_building()`
        before the indexes an import that was stopped left unbuilt are built
        (tui/store/bulk.py)."""
        self.path = Path(path)
        self.state_path = Path(state_path)
        self._lock = threading.RLock()  # the write connection
        self._state_lock = threading.RLock()  # the state connection
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._tickets: dict[int, Ticket] = {}  # thread id -> the work it may be told to stop
        self._writing: int | None = None  # the thread inside `transaction()`
        # Set by a big import, which builds the shape once at its end (tui/store/bulk.py).
        self.shape_deferred = False
        self._closed = False
        try:
            self.readonly = _read_only(self.path)
            _private_file(self.state_path)
            self.db = self._connect_store()
            if not self.readonly:
                self._use_wal(self.db, "main")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.state = self._connect_state()
            self._migrate(on_upgrade)
            if not self.readonly:
                left = {
                    name
                    for (name,) in self.db.execute(
                        "SELECT name FROM sqlite_master WHERE name IN ('pending_moves', 'unbuilt')"
                    )
                }
                if "pending_moves" in left:
                    self._apply_state_moves()
                if "unbuilt" in left:
                    from tui.store.bulk import finish_left

                    finish_left(self, on_building)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open the store: {error}") from error
        except OSError as error:
            # The state file or a folder may be what failed: name it, not the store.
            raise StoreError(
                f"{error.filename or self.path}: cannot open the store: {error.strerror}"
            ) from error

    def _connect_store(self) -> sqlite3.Connection:
        if self.readonly:
            # A store on a read-only mount (or a file we may not write): read as it is.
            # The reader's marks live in the state file, which stays writable.
            db = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro&immutable=1",
                uri=True,
                timeout=30,
                check_same_thread=False,
                isolation_level=None,
            )
        else:
            db = sqlite3.connect(
                self.path, timeout=30, check_same_thread=False, isolation_level=None
            )
        db.execute("PRAGMA busy_timeout = 30000")
        return db

    def _connect_state(self) -> sqlite3.Connection:
        """The state file alone, attached as `state` to a connection whose own database is
        in memory, so that statements name `state.marks` wherever they run."""
        db = sqlite3.connect(":memory:", timeout=30, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 30000")
        self._attach_state(db)
        return db

    def _connect_reader(self) -> sqlite3.Connection:
        db = self._connect_store()
        try:
            self._attach_state(db)
        except BaseException:
            db.close()
            raise
        return db

    def _use_wal(self, db: sqlite3.Connection, schema: str) -> None:
        """Put a database in WAL mode. Switching a new file needs it alone for a moment and
        SQLite does not wait for that, so a second qari opening the same new store at the same
        instant tries again."""
        for attempt in itertools.count(1):
            try:
                db.execute(f"PRAGMA {schema}.journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == WAL_ATTEMPTS:
                    raise
                time.sleep(0.02 * attempt)

    def _attach_state(self, db: sqlite3.Connection) -> None:
        try:
            db.execute("ATTACH DATABASE ? AS state", (str(self.state_path),))
            self._use_wal(db, "state")
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.state_path}: cannot open the reading state of {self.path}: {error}"
            ) from error

    def _migrate(self, on_upgrade: Callable[[int, int], None] | None = None) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: this store was written by a newer qari (schema {version}); "
                f"this qari reads schema {SCHEMA_VERSION} and older"
            )
        state_tables = self.state.execute(
            "SELECT count(*) FROM state.sqlite_master WHERE type = 'table' AND name IN"
            f" ({','.join('?' * len(STATE_TABLES))})",
            STATE_TABLES,
        ).fetchone()[0]
        if version == SCHEMA_VERSION and state_tables == len(STATE_TABLES):
            # Nothing to change, so no write lock: opening never waits for an import.
            return
        if self.readonly and version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: this store is read-only and was written by an older qari "
                f"(schema {version}); open it once where it can be written to upgrade it"
            )
        with self._state_lock:
            run_script(self.state, STATE_SCHEMA)
        if version == SCHEMA_VERSION:
            return
        if on_upgrade is not None and version > 0:
            on_upgrade(version, SCHEMA_VERSION)
        # A migration may move marks to new ids: the store and its state, both locked, on a
        # connection that has both, for this once.
        self._attach_state(self.db)
        try:
            with self.transaction():
                # Again under the lock: another qari may have just done it.
                version = found = self.db.execute("PRAGMA user_version").fetchone()[0]
                while version < SCHEMA_VERSION:
                    MIGRATIONS[version](self.db)
                    version += 1
                    self.db.execute(f"PRAGMA user_version = {version}")
        finally:
            self.db.execute("DETACH DATABASE state")
        if 0 < found < LEAN_SCHEMA:
            # Schema 5 compressed the bodies and dropped the index's copy of its terms: the
            # file keeps the freed pages until it is rebuilt, once, here.
            self.db.execute("VACUUM")

    def close(self) -> None:
        with self._pool_lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()
        with self._state_lock:
            self.state.close()
        with self._lock:
            self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the store (not its state file); taken at once (IMMEDIATE)
        so concurrent writers queue. Marks that follow an article to a new id are queued in
        it (`defer_state_move`) and moved once it has committed; the shape's counts and the
        cell numbers of the articles it wrote (tui/store/facets.py) are brought up to date
        before it commits."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            self._writing = threading.get_ident()
            try:
                self.db.execute(PENDING_MOVES)
                yield self.db
                if not self.shape_deferred:
                    refresh_facets(self.db)
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            finally:
                self._writing = None
            self.db.execute("COMMIT")
            self._apply_state_moves()

    def _apply_state_moves(self) -> None:
        """Move the marks an import queued, then forget them; a run that stopped between
        the two moves them again at the next opening, which changes nothing twice."""
        with self._lock:
            if not self.db.execute("SELECT 1 FROM pending_moves").fetchone():
                return
            self.db.execute("BEGIN IMMEDIATE")
            try:
                moves = self.db.execute(
                    "SELECT old, new FROM pending_moves ORDER BY seq"
                ).fetchall()
                with self.state_transaction() as state:
                    for old, new in moves:
                        move_state(state, "SELECT ? AS old, ? AS new", (old, new))
                self.db.execute("DELETE FROM pending_moves")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    @contextmanager
    def state_transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the state file alone."""
        with self._state_lock:
            self.state.execute("BEGIN IMMEDIATE")
            try:
                yield self.state
            except BaseException:
                self.state.execute("ROLLBACK")
                raise
            self.state.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """A statement on the write connection: its own temporary tables and settings."""
        with self._lock:
            self.db.execute(sql, params)

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A connection for one query: the write connection inside this thread's own write
        transaction (which must see what it wrote), else one from the pool."""
        if self._writing == threading.get_ident():
            with self._lock:
                yield self.db
            return
        with self._pool_lock:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed store.")
            db = self._idle.pop() if self._idle else None
            ticket = self._tickets.get(threading.get_ident())
        if ticket is not None and ticket.cancelled:
            if db is not None:
                self._put_back(db)
            raise Interrupted
        if db is None:
            db = self._connect_reader()
        if ticket is not None:
            # Asked every few thousand steps of SQLite's machine: a scan stops within a
            # millisecond of being cancelled, whenever that comes.
            db.set_progress_handler(ticket.is_cancelled, PROGRESS_STEPS)
        try:
            yield db
        except sqlite3.OperationalError as error:
            if str(error) == "interrupted":
                raise Interrupted from error
            raise
        finally:
            if ticket is not None:
                db.set_progress_handler(None, 0)
            self._put_back(db)

    def _put_back(self, db: sqlite3.Connection) -> None:
        with self._pool_lock:
            if self._closed or len(self._idle) >= READERS_KEPT:
                db.close()
            else:
                self._idle.append(db)

    @contextmanager
    def cancellable(self, ticket: Ticket) -> Iterator[Ticket]:
        """The queries this thread runs inside stop (raise `Interrupted`) once `ticket` is
        cancelled, from any thread."""
        thread = threading.get_ident()
        with self._pool_lock:
            self._tickets[thread] = ticket
        try:
            yield ticket
        finally:
            with self._pool_lock:
                del self._tickets[thread]

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection whose queries all see the store as it was at the first of them."""
        with self._reader() as db:
            if db.in_transaction:
                yield db
                return
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._reader() as db:
            return db.execute(sql, params).fetchall()

    def integers(self, sql: str, params: Sequence[object] = ()) -> array[int]:
        """The first column of every row: 8 bytes a row, never a list of row tuples."""
        with self._reader() as db:
            cursor = db.execute(sql, params)
            return array("q", (row[0] for row in cursor))

    def scalar(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._reader() as db:
            value: int = db.execute(sql, params).fetchone()[0]
            return value

    # Queries

    def where(self, query: Query, *, first: int | None = None) -> tuple[str, list[object]]:
        """The SQL condition (over `articles a`) that a parsed query means."""
        if query.is_empty:
            return "1", []
        # Imported by the first search: the reader's first screen needs no normalising, and
        # importing it was some 13M instructions of qari's start (callgrind).
        from tui.text.normalize import normalize

        clauses: list[str] = []
        params: list[object] = []
        match = fts_match(query)
        keywords = [normalize(keyword) for keyword in query.keywords]
        # Matching articles are found by rowid. When they are many, `+` stops SQLite from
        # reading each one's row (a whole article) to sort them: it walks the date index
        # instead and tests each entry against the matches.
        rowid = "+a.rowid" if self._many_match(match, keywords, first) else "a.rowid"
        if match:
            clauses.append(f"{rowid} IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(match)
        for excluded in filter(
            None, map(fts_phrase, (*query.exclude_words, *query.exclude_phrases))
        ):
            clauses.append("a.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(excluded)
        for keyword in keywords:
            clauses.append(f"{rowid} IN (SELECT article_rowid FROM keywords WHERE norm = ?)")
            params.append(keyword)
        for keyword in query.exclude_keywords:
            clauses.append("a.rowid NOT IN (SELECT article_rowid FROM keywords WHERE norm = ?)")
            params.append(normalize(keyword))
        for source in query.sources:
            clauses.append("instr(a.source_norm, ?) > 0")
            params.append(normalize(source))
        for source in query.exclude_sources:
            clauses.append("instr(a.source_norm, ?) = 0")
            params.append(normalize(source))
        if query.after is not None:
            clauses.append("a.sort_date >= ?")
            params.append(query.after.isoformat())
        if query.before is not None:
            clauses.append("a.sort_date <> '' AND a.sort_date < ?")
            params.append(query.before.isoformat())
        mark = "SELECT 1 FROM state.marks m WHERE m.article_id = a.id AND m.{}"
        for flag, column, present in (
            ("read", "read", True),
            ("unread", "read", False),
            ("starred", "starred", True),
            ("unstarred", "starred", False),
        ):
            if flag in query.flags:
                clauses.append(
                    ("EXISTS" if present else "NOT EXISTS") + f" ({mark.format(column)})"
                )
        return " AND ".join(clauses) or "1", params

    def _many_match(self, match: str, keywords: list[str], first: int | None = None) -> bool:
        """Whether the words (an FTS match) and every keyword are each in a tenth of the
        articles or more; counting stops at a tenth, so this stays cheap.

        For the `first` newest matches only, enough is WALK_FROM times that many, whatever
        the store's size: walking the date index from its newest end finds them within
        store size / matches * first entries, while looking up each match's date reads
        every matching row."""
        if not match and not keywords:
            return False
        enough = first * WALK_FROM if first is not None else self.count() // 10
        counts = [
            self.scalar(
                "SELECT count(*) FROM (SELECT 1 FROM keywords WHERE norm = ? LIMIT ?)",
                (keyword, enough),
            )
            for keyword in keywords
        ]
        if match:
            counts.append(
                self.scalar(
                    "SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
                    (match, enough),
                )
            )
        return min(counts) >= enough

    def results(self, query: Query, *, first: int | None = None) -> Results:
        return Results(self, query, first=first)

    def article(self, article_id: str) -> StoredArticle | None:
        rows = self.rows(
            "SELECT a.rowid, a.id, a.title, a.date, a.source, coalesce(a.body_z, a.body), a.url,"
            f" {ORIGIN}, "
            f"a.origin_line, coalesce(m.read, 0), coalesce(m.starred, 0) FROM articles a "
            f"{MARKS_JOIN} WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            return None
        rowid, aid, title, date, source, body, url, ofile, oline, read, starred = rows[0]
        keywords = tuple(
            r[0]
            for r in self.rows(
                "SELECT keyword FROM keywords WHERE article_rowid = ? ORDER BY position", (rowid,)
            )
        )
        return StoredArticle(
            aid,
            title,
            _date(date),
            source,
            tuple(body_text(body).split("\n")),
            keywords,
            url,
            ofile,
            oline,
            bool(read),
            bool(starred),
        )

    def keyword_counts(self, keywords: Sequence[str]) -> list[int]:
        """How many articles carry each keyword (compared normalised)."""
        from tui.text.normalize import normalize

        return [
            self.scalar("SELECT count(*) FROM keywords WHERE norm = ?", (normalize(k),))
            for k in keywords
        ]

    def count(self) -> int:
        return self.scalar("SELECT count(*) FROM articles")

    # Reader state: kept by article id in the state file, so imports never touch it.

    def set_mark(
        self, article_id: str, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        with self.state_transaction() as db:
            _set_marks(db, article_id, read=read, starred=starred)

    def record_opened(self, article_id: str) -> None:
        """Mark an article read and add it to the reading history, in one commit."""
        with self.state_transaction() as db:
            _set_marks(db, article_id, read=True)
            db.execute("INSERT INTO state.history (article_id) VALUES (?)", (article_id,))

    def history(self, limit: int = 100) -> list[str]:
        return [
            r[0]
            for r in self.rows(
                "SELECT article_id FROM state.history ORDER BY seq DESC LIMIT ?", (limit,)
            )
        ]


def _set_marks(db: sqlite3.Connection, article_id: str, **marks: bool | None) -> None:
    """Set the `read` and `starred` marks given (None leaves one as it is)."""
    db.execute("INSERT OR IGNORE INTO state.marks (article_id) VALUES (?)", (article_id,))
    for column, value in marks.items():
        if value is not None:
            db.execute(
                f"UPDATE state.marks SET {column} = ?, changed = datetime('now')"
                " WHERE article_id = ?",
                (int(value), article_id),
            )
