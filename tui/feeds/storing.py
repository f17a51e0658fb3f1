"""Where fetched articles meet the store: written as held by their feed, released with it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from tui.model import Article
from tui.store.db import Store
from tui.store.importing import ImportSummary, _index, _Indexed, _Writer

if TYPE_CHECKING:
    from tui.feeds.subscriptions import Feed


class Prepared(NamedTuple):
    """An article with what the store derives from it: worked out wherever there is a core
    free (a worker process), so that writing it is only SQL."""

    article: Article
    indexed: _Indexed


def prepare(articles: Iterable[Article]) -> list[Prepared]:
    return [Prepared(article, _index(article)) for article in articles]


def store_articles(db: sqlite3.Connection, holder: str, items: list[Prepared]) -> ImportSummary:
    """Write a feed's articles in the caller's transaction; those that left the feed's window
    stay (the feed's holding only grows)."""
    summary = ImportSummary()
    writer = _Writer(db, summary, holder)
    for article, indexed in items:
        writer.write(article, indexed)
    return summary


def release_feed(store: Store, feed: Feed) -> None:
    """The feed holds nothing any more: its articles leave the store."""
    with store.transaction() as db:
        stale = db.execute(
            "SELECT rowid, id FROM articles WHERE origin_file = ?", (feed.holder,)
        ).fetchall()
        writer = _Writer(db, ImportSummary(), feed.holder)
        for rowid, article_id in stale:
            writer.remove(rowid, article_id)


def article_counts(store: Store) -> dict[str, int]:
    """How many articles each feed holds, by holder."""
    return dict(
        store.rows(
            "SELECT origin_file, count(*) FROM articles WHERE origin_file LIKE 'feed:%'"
            " GROUP BY origin_file"
        )
    )
