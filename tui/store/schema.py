"""The store's SQLite schema, its version, and the way from each old version to the next."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 4

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
"""


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: `executescript` would commit the caller's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# MIGRATIONS[n] takes a store at version n to version n + 1, inside the caller's transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: lambda db: run_script(db, _V1),
    1: lambda db: run_script(db, _V2),
    2: lambda db: None,  # the identity and provenance migration takes this place on merge
    3: lambda db: run_script(db, _V4),
}
