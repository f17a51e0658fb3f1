"""The store's SQLite schema, its version, and the way from each old version to the next."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 9

_V1 = """
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_norm TEXT NOT NULL,
    date TEXT,
    sort_date TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    source_norm TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    origin_file TEXT NOT NULL DEFAULT '',
    origin_line INTEGER NOT NULL DEFAULT 0,
    partial INTEGER NOT NULL DEFAULT 0,
    digest TEXT NOT NULL
);
CREATE INDEX articles_by_date ON articles (sort_date);
CREATE INDEX articles_by_title ON articles (title_norm);
CREATE INDEX articles_by_origin ON articles (origin_file);
CREATE TABLE keywords (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    keyword TEXT NOT NULL,
    norm TEXT NOT NULL,
    PRIMARY KEY (article_rowid, position)
) WITHOUT ROWID;
CREATE INDEX keywords_by_norm ON keywords (norm, article_rowid);
CREATE TABLE links (
    article_id TEXT NOT NULL,
    related_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (article_id, related_id)
) WITHOUT ROWID;
CREATE INDEX links_back ON links (related_id);
CREATE TABLE title_links (
    article_id TEXT NOT NULL,
    title_norm TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (article_id, title_norm)
) WITHOUT ROWID;
CREATE INDEX title_links_back ON title_links (title_norm);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,
    articles INTEGER NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5 (terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE fts_terms USING fts5vocab (fts, row);
"""

# The list's order with what its filters read besides (the id for the reader's marks, the
# source), so that counting, paging and filtering the list walk this small index and never
# visit the rows, each of which holds a whole article.
_V2 = """
DROP INDEX articles_by_date;
CREATE INDEX articles_by_date ON articles (sort_date, rowid, id, source_norm);
"""

# Identity and provenance. An article's id is its url, else its guid, else all it says (see
# tui/model.py); `copy_key` (title and first paragraph) is how a «read also» copy finds its
# full article; `body_z` holds a huge article's text compressed. `holdings` says which files
# (and feeds) hold each article: an article leaves the store only when nothing holds it.
_V3 = """
ALTER TABLE articles ADD COLUMN guid TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN copy_key TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN body_z BLOB;
DROP INDEX articles_by_origin;
CREATE TABLE holdings (
    holder TEXT NOT NULL,
    article_id TEXT NOT NULL,
    line INTEGER NOT NULL DEFAULT 0,
    copy INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (holder, article_id)
) WITHOUT ROWID;
CREATE INDEX holdings_by_article ON holdings (article_id, copy)
"""

_V3_INDEXES = """
CREATE INDEX articles_by_copy ON articles (copy_key, partial)
"""


def _new_id(title: str, body: str, date: str | None, source: str, url: str, partial: int) -> str:
    from tui.model import Article

    article = Article(
        title,
        tuple(body.split("\n")),
        date=datetime.date.fromisoformat(date) if date else None,
        source=source,
        url=url,
        partial=bool(partial),
    )
    return article.id


def _to_v3(db: sqlite3.Connection) -> None:
    """Give every article its new id, and make its marks, history and links follow it.

    Articles the old identity merged (a daily item under one title) cannot be told apart
    from what the store kept, so the files are forgotten: the next import reads each file
    again and brings them back.
    """
    from tui.model import copy_key

    run_script(db, _V3)
    db.execute("CREATE TEMP TABLE idmap (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    rows = db.execute(
        "SELECT rowid, id, title, body, date, source, url, partial, origin_file, origin_line"
        " FROM articles ORDER BY partial, sort_date DESC, rowid DESC"
    )
    taken: set[str] = set()
    duplicates: list[int] = []
    for rowid, old, title, body, date, source, url, partial, holder, line in rows.fetchall():
        new = _new_id(title, body, date, source, url, partial)
        db.execute("INSERT INTO temp.idmap VALUES (?, ?)", (old, new))
        if new in taken:
            # Two rows the new identity calls one article (the same url): the full and newer
            # one stays, and the other's marks and links join it.
            duplicates.append(rowid)
            continue
        taken.add(new)
        db.execute(
            "UPDATE articles SET id = ?, copy_key = ? WHERE rowid = ?",
            (new, copy_key(title, body.split("\n", 1)[:1]), rowid),
        )
        if holder:
            db.execute(
                "INSERT OR IGNORE INTO holdings VALUES (?, ?, ?, ?)", (holder, new, line, partial)
            )
    for rowid in duplicates:
        db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
        db.execute("DELETE FROM keywords WHERE article_rowid = ?", (rowid,))
        db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
    run_script(db, _V3_INDEXES)
    for table, column in (("links", "article_id"), ("links", "related_id")):
        db.execute(
            f"UPDATE OR IGNORE {table} SET {column} = "
            f"(SELECT new FROM temp.idmap WHERE old = {column})"
            f" WHERE {column} IN (SELECT old FROM temp.idmap WHERE old <> new)"
        )
    db.execute(
        "UPDATE OR IGNORE title_links SET article_id ="
        " (SELECT new FROM temp.idmap WHERE old = article_id)"
        " WHERE article_id IN (SELECT old FROM temp.idmap WHERE old <> new)"
    )
    move_state(db, "SELECT old, new FROM temp.idmap WHERE old <> new")
    db.execute("DROP TABLE temp.idmap")
    db.execute("DELETE FROM files")


# Marks to move to an article's new id, queued by an import in the store's own transaction and
# moved on the state file's connection once that has committed (see Store.transaction).
PENDING_MOVES = """
CREATE TABLE IF NOT EXISTS main.pending_moves (
    seq INTEGER PRIMARY KEY,
    old TEXT NOT NULL,
    new TEXT NOT NULL
)
"""


def defer_state_move(db: sqlite3.Connection, old: str, new: str) -> None:
    """Marks and history of article `old` are to follow article `new`, once the store's
    transaction has committed."""
    db.execute("INSERT INTO pending_moves (old, new) VALUES (?, ?)", (old, new))


def move_state(db: sqlite3.Connection, pairs_sql: str, params: tuple[object, ...] = ()) -> None:
    """Marks and history of each (old id, new id) pair the query gives follow the new id; a
    mark set on either stays set."""
    db.execute(
        "INSERT INTO state.marks (article_id, read, starred, changed)"
        f" SELECT p.new, m.read, m.starred, m.changed FROM ({pairs_sql}) p"
        " JOIN state.marks m ON m.article_id = p.old WHERE true"
        " ON CONFLICT (article_id) DO UPDATE SET read = max(read, excluded.read),"
        " starred = max(starred, excluded.starred)",
        params,
    )
    db.execute(
        f"DELETE FROM state.marks WHERE article_id IN (SELECT old FROM ({pairs_sql}))", params
    )
    db.execute(
        f"UPDATE state.history SET article_id = (SELECT new FROM ({pairs_sql}) p"
        " WHERE p.old = article_id)"
        f" WHERE article_id IN (SELECT old FROM ({pairs_sql}))",
        params * 2,
    )


# Feed subscriptions, what each feed's server last said, and which linked pages each feed has
# had fetched for full text (once each: a page is not fetched again on the next run).
_V4 = """
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    full_text TEXT NOT NULL DEFAULT 'auto',
    etag TEXT,
    last_modified TEXT,
    moved_to TEXT,
    last_fetched TEXT,
    last_status TEXT NOT NULL DEFAULT 'not fetched yet',
    not_before REAL,
    added INTEGER NOT NULL
);
CREATE TABLE feed_pages (
    feed_url TEXT NOT NULL,
    page_url TEXT NOT NULL,
    PRIMARY KEY (feed_url, page_url)
) WITHOUT ROWID;
"""

# A leaner store (measured on the synthetic corpus: 2.2 times the JSONL it came from, before):
# - the full-text index keeps no copy of the terms it indexes (a contentless FTS5 table); an
#   article leaves it with its terms worked out again from the stored article (importing's
#   _Writer._unindex), so the index is built anew here the same way: what an older qari
#   indexed may differ, and FTS5 refuses to take out terms it does not hold;
#   `index_terms` names the version of the terms (tui/store/importing.py terms_version): an
#   import that finds the index made by other terms builds it anew (reindex below);
# - the `fts_terms` vocabulary view was never read;
# - bodies are stored compressed (tui/store/bodies.py), as huge ones already were.
# The index is given terms qari has already normalised and joined with spaces, so FTS5's
# plainest tokenizer, which splits at ASCII spaces and punctuation only, holds exactly those
# terms, in about 60% of the time `unicode61` takes (tests/store/test_tokenizer.py). Stores
# made with `unicode61` keep it: on Arabic and Latin text it holds the same terms.
_V5 = """
DROP TABLE IF EXISTS fts_terms;
DROP TABLE fts;
CREATE VIRTUAL TABLE fts USING fts5 (terms, content = '', tokenize = 'ascii');
CREATE TABLE IF NOT EXISTS index_terms (version TEXT NOT NULL)
"""
_V5_BATCH = 500


def _to_v5(db: sqlite3.Connection) -> None:
    run_script(db, _V5)
    reindex(db, pack_bodies=True)


def reindex(db: sqlite3.Connection, *, pack_bodies: bool = False) -> None:
    """Build the full-text index anew from the stored articles (and compress the bodies
    stored as text), in the caller's transaction."""
    from tui.store.bodies import pack, paragraphs
    from tui.store.importing import _terms_of, terms_version

    db.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
    db.execute("DELETE FROM index_terms")
    db.execute("INSERT INTO index_terms VALUES (?)", (terms_version(),))
    last = 0
    while True:
        rows = db.execute(
            "SELECT rowid, title, source, body, body_z FROM articles WHERE rowid > ?"
            " ORDER BY rowid LIMIT ?",
            (last, _V5_BATCH),
        ).fetchall()
        if not rows:
            return
        keywords: dict[int, list[str]] = {}
        for rowid, keyword in db.execute(
            "SELECT article_rowid, keyword FROM keywords WHERE article_rowid BETWEEN ? AND ?"
            " ORDER BY article_rowid, position",
            (rows[0][0], rows[-1][0]),
        ):
            keywords.setdefault(rowid, []).append(keyword)
        terms, packed = [], []
        for rowid, title, source, body, body_z in rows:
            stored = body if body_z is None else body_z
            terms.append(
                (rowid, _terms_of(title, keywords.get(rowid, ()), source, paragraphs(stored)))
            )
            if pack_bodies and body_z is None and (body_z := pack(body)) is not None:
                packed.append((body_z, rowid))
        db.executemany("INSERT INTO fts (rowid, terms) VALUES (?, ?)", terms)
        db.executemany("UPDATE articles SET body = '', body_z = ? WHERE rowid = ?", packed)
        last = rows[-1][0]


# Counts for the shape of a filter (tui/store/stats.py): articles per day and source, each
# such cell numbered, so that the whole store, a date range or a source is counted from a
# few thousand rows rather than a million; and each article's cell number
# (tui/store/facets.py). Triggers list every article a transaction inserts, removes or moves
# in `shape_dirty`, with the day and source it had when the transaction began (none if it
# was not there), and `Store.transaction` brings the counts and numbers up to date from that
# list before it commits: exact whatever writes the articles, one small statement an article.
# (REPLACE would delete rows without firing the triggers: articles are written with plain
# INSERT, UPDATE and DELETE.) The keywords have no triggers of their own: a trigger for each
# of an article's keywords cost an import more than counts save; they are counted from the
# same list of articles (schema 8).
_V6 = """
CREATE TABLE shape_cells (
    sort_date TEXT NOT NULL,
    source_norm TEXT NOT NULL,
    id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (sort_date, source_norm)
) WITHOUT ROWID;
CREATE TABLE shape_next_cell (id INTEGER NOT NULL);
CREATE TABLE shape_facets (chunk INTEGER PRIMARY KEY, cells BLOB NOT NULL);
CREATE TABLE shape_dirty (
    article_rowid INTEGER PRIMARY KEY,
    sort_date TEXT,
    source_norm TEXT
);
INSERT INTO shape_cells SELECT sort_date, source_norm, row_number() OVER (), count(*)
    FROM articles GROUP BY sort_date, source_norm;
INSERT INTO shape_next_cell SELECT coalesce(max(id), 0) + 1 FROM shape_cells;
CREATE TRIGGER shape_article_in AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO shape_dirty VALUES (new.rowid, NULL, NULL);
END;
CREATE TRIGGER shape_article_out AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO shape_dirty VALUES (old.rowid, old.sort_date, old.source_norm);
END;
CREATE TRIGGER shape_article_moved AFTER UPDATE OF rowid, sort_date, source_norm ON articles
BEGIN
    INSERT OR IGNORE INTO shape_dirty VALUES (old.rowid, old.sort_date, old.source_norm);
    INSERT OR IGNORE INTO shape_dirty VALUES (new.rowid, NULL, NULL);
END
"""


def _to_v6(db: sqlite3.Connection) -> None:
    from tui.store.facets import build

    # Built anew whatever a half-written store holds of them.
    for kind, name in db.execute(
        "SELECT type, name FROM sqlite_master WHERE name LIKE 'shape%' AND type <> 'index'"
    ).fetchall():
        db.execute(f"DROP {kind} IF EXISTS {name}")
    _run_triggers(db, _V6)
    build(db)


# Holders by number. A holder (a file's path, a feed's `feed:URL`) was named in full in every
# `holdings` row, twice with its index, and in each article's `origin_file`: about a hundred
# bytes an article for a path of 35 characters, 3% of a store of synthetic news, and longer
# keys in two indexes every imported article adds to. The article a file first showed now
# names it by number (`origin`); articles stored before keep `origin_file`, read when `origin`
# is NULL, so that upgrading a big store rewrites its small holdings, not its articles.
_V7 = """
CREATE TABLE holders (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO holders (name) SELECT DISTINCT holder FROM holdings ORDER BY holder;
ALTER TABLE articles ADD COLUMN origin INTEGER;
CREATE TABLE numbered_holdings (
    holder INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    line INTEGER NOT NULL DEFAULT 0,
    copy INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (holder, article_id)
) WITHOUT ROWID;
INSERT INTO numbered_holdings
    SELECT h.id, o.article_id, o.line, o.copy FROM holdings o JOIN holders h ON h.name = o.holder
    ORDER BY h.id, o.article_id;
DROP TABLE holdings;
ALTER TABLE numbered_holdings RENAME TO holdings;
CREATE INDEX holdings_by_article ON holdings (article_id, copy)
"""

# An article's origin as a file name (or `feed:URL`), from `articles a`.
ORIGIN = "coalesce((SELECT name FROM holders WHERE id = a.origin), a.origin_file)"


def holder_number(db: sqlite3.Connection, name: str) -> int:
    """The number of the holder named `name`, numbered now if it is new (in the caller's
    transaction). Numbers are never reused: an article's `origin` keeps its name."""
    db.execute("INSERT OR IGNORE INTO holders (name) VALUES (?)", (name,))
    return int(db.execute("SELECT id FROM holders WHERE name = ?", (name,)).fetchone()[0])


# Each article's keywords as numbers and each keyword's count (tui/store/keyword_facets.py),
# so that the shape of a search counts its matches' keywords from a few megabytes rather
# than by a lookup in the keyword table for each match; kept up to date from `shape_dirty`.
_V8 = """
CREATE TABLE shape_keywords (
    norm TEXT PRIMARY KEY,
    id INTEGER NOT NULL UNIQUE,
    n INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE shape_keyword_facets (
    chunk INTEGER PRIMARY KEY,
    starts BLOB NOT NULL,
    numbers BLOB NOT NULL
)
"""


def _to_v8(db: sqlite3.Connection) -> None:
    from tui.store import facets, keyword_facets

    db.execute("DROP TABLE IF EXISTS shape_keywords")
    db.execute("DROP TABLE IF EXISTS shape_keyword_facets")
    run_script(db, _V8)
    # Articles written behind the store's back, listed in `shape_dirty` without a cell
    # number yet, have their keywords numbered with it as the upgrade's transaction ends.
    known = facets.numbers(db, dirty_too=True)
    assert known is not None
    keyword_facets.build(db, known.every)


# The articles that carry each common keyword, as bits by rowid (tui/store/keyword_bits.py),
# so that the shape of a big filter counts its top keywords without reading its matches'
# keywords; kept up to date with the keywords' numbers.
_V9 = """
CREATE TABLE shape_kbits (key INTEGER PRIMARY KEY, bits BLOB NOT NULL);
CREATE TABLE shape_kbits_of (number INTEGER PRIMARY KEY);
CREATE TABLE shape_kbits_twice (
    number INTEGER NOT NULL,
    rowid INTEGER NOT NULL,
    more INTEGER NOT NULL,
    PRIMARY KEY (number, rowid)
) WITHOUT ROWID
"""


def _to_v9(db: sqlite3.Connection) -> None:
    from tui.store import keyword_bits

    db.execute("DROP TABLE IF EXISTS shape_kbits")
    db.execute("DROP TABLE IF EXISTS shape_kbits_of")
    db.execute("DROP TABLE IF EXISTS shape_kbits_twice")
    run_script(db, _V9)
    keyword_bits.build(db)


def rebuild_shape(db: sqlite3.Connection) -> None:
    """The shape of the store (cells, keywords' numbers, common keywords' bits) built anew
    from its articles and keywords, as the upgrades to schemas 6, 8 and 9 build it: after an
    import that did not keep it up to date (tui/store/bulk.py)."""
    _to_v6(db)
    _to_v8(db)
    _to_v9(db)


STATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS state.marks (
    article_id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    changed TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS state.history (
    seq INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    opened TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS state.searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    added TEXT NOT NULL DEFAULT (datetime('now'))
);
"""
# Every table STATE_SCHEMA makes: a state file missing one is brought up to date on opening.
STATE_TABLES = ("marks", "history", "searches")


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: `executescript` would commit the caller's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _run_triggers(db: sqlite3.Connection, script: str) -> None:
    """`run_script` for a script whose triggers hold `;` inside BEGIN … END: each statement
    runs once SQLite calls it complete."""
    statement = ""
    for part in script.split(";"):
        statement += part + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                db.execute(statement)
            statement = ""


# MIGRATIONS[n] takes a store at version n to version n + 1, inside the caller's transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: lambda db: run_script(db, _V1),
    1: lambda db: run_script(db, _V2),
    2: _to_v3,
    3: lambda db: run_script(db, _V4),
    4: _to_v5,
    5: _to_v6,
    6: lambda db: run_script(db, _V7),
    7: _to_v8,
    8: _to_v9,
}
