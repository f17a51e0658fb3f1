"""Saved searches and a whole view marked read at once: the analyst's part of the state file.

Every statement that reads or writes the state file for these lives here, so that the way
the store reaches that file can change in one place.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.search.query import Query, parse_query
from tui.store.db import Store


class SavedSearch(NamedTuple):
    """A search kept under a name, with how many articles it finds and how many are unread."""

    name: str
    query: str
    unread: int
    total: int


class SearchNameError(ValueError):
    """A name no saved search can have; the message says why."""


def clean_name(name: str) -> str:
    """The name as kept: one line, spaces collapsed; an empty one is refused."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise SearchNameError("a saved search needs a name")
    return cleaned


def add_search(store: Store, name: str, query: str) -> bool:
    """Keep `query` under `name`, replacing what that name held; True if it held something.

    The query must parse (`QueryError` otherwise): a saved search that cannot run is no use.
    """
    name = clean_name(name)
    parse_query(query)
    with store.state_transaction() as db:
        existed = db.execute("SELECT 1 FROM state.searches WHERE name = ?", (name,)).fetchone()
        db.execute(
            "INSERT INTO state.searches (name, query) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET query = excluded.query",
            (name, query),
        )
    return existed is not None


def remove_search(store: Store, name: str) -> bool:
    """Forget a saved search; False when there was none of that name."""
    with store.state_transaction() as db:
        cursor = db.execute("DELETE FROM state.searches WHERE name = ?", (clean_name(name),))
    return cursor.rowcount > 0


def saved_query(store: Store, name: str) -> str | None:
    """The query saved under `name`, or None."""
    rows = store.rows("SELECT query FROM state.searches WHERE name = ?", (" ".join(name.split()),))
    return str(rows[0][0]) if rows else None


def saved_queries(store: Store) -> list[tuple[str, str]]:
    """Every (name, query), in the order they were first saved."""
    return [
        (str(name), str(query))
        for name, query in store.rows(
            "SELECT name, query FROM state.searches ORDER BY added, rowid"
        )
    ]


def counts(store: Store, query: Query) -> tuple[int, int]:
    """How many articles the query finds that are unread, and how many in all.

    The read ones are counted from the marks (a reader's thousands, not the store's
    millions), so this costs one count of the matches and one walk of the marks; the
    matches found as the shape finds them (tui/store/stats.py) where it can, else by SQL.
    """
    return counts_of(store, [query])[0]


def counts_of(store: Store, queries: list[Query]) -> list[tuple[int, int]]:
    """`counts` of each query, those the shape's way takes counted together (one read of
    what they share: tui/store/stats.py)."""
    from tui.store.stats import unread_and_total

    fast = unread_and_total(store, queries)
    return [found or _counted_by_sql(store, q) for q, found in zip(queries, fast)]


def _counted_by_sql(store: Store, query: Query) -> tuple[int, int]:
    """`counts` by SQL: the matches counted by their condition, the read ones from the marks."""
    if query.is_empty:
        total = store.count()
        read = store.scalar(
            "SELECT count(*) FROM state.marks m JOIN articles a ON a.id = m.article_id"
            " WHERE m.read = 1"
        )
        return total - read, total
    where, params = store.where(query)
    total = store.scalar(f"SELECT count(*) FROM articles a WHERE {where}", params)
    read = store.scalar(
        "SELECT count(*) FROM state.marks m JOIN articles a ON a.id = m.article_id"
        f" WHERE m.read = 1 AND {where}",
        params,
    )
    return total - read, total


def saved_searches(store: Store) -> list[SavedSearch]:
    """Every saved search with its counts; one whose query no longer parses counts nothing."""
    saved = saved_queries(store)
    queries: list[Query | None] = []
    for _, text in saved:
        try:
            queries.append(parse_query(text))
        except ValueError:
            queries.append(None)
    counted = iter(counts_of(store, [q for q in queries if q is not None]))
    return [
        SavedSearch(name, text, *(next(counted) if query is not None else (0, 0)))
        for (name, text), query in zip(saved, queries)
    ]


def mark_view_read(store: Store, query: Query) -> list[str]:
    """Mark every article the query finds read; the ids that were unread, for an undo."""
    where, params = store.where(query)
    # Found on a reading connection, marked on the state file's own: an import writing the
    # store at the same time holds neither up.
    ids = [
        str(row[0])
        for row in store.rows(
            f"SELECT a.id FROM articles a WHERE {where} AND NOT EXISTS"
            " (SELECT 1 FROM state.marks m WHERE m.article_id = a.id AND m.read = 1)",
            params,
        )
    ]
    with store.state_transaction() as db:
        db.executemany(
            "INSERT INTO state.marks (article_id, read) VALUES (?, 1)"
            " ON CONFLICT (article_id) DO UPDATE SET read = 1, changed = datetime('now')",
            [(article_id,) for article_id in ids],
        )
    return ids


def mark_unread(store: Store, ids: list[str]) -> None:
    """Undo `mark_view_read`: these articles are unread again."""
    with store.state_transaction() as db:
        db.executemany(
            "UPDATE state.marks SET read = 0, changed = datetime('now') WHERE article_id = ?",
            [(article_id,) for article_id in ids],
        )
