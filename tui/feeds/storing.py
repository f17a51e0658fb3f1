"""Where fetched articles meet the store: written as held by their feed, released with it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tui.model import Article
from tui.store.db import Store
from tui.store.importing import ImportSummary, _index, _Writer

if TYPE_CHECKING:
    from tui.feeds.parse import Notice
    from tui.feeds.subscriptions import Feed


def store_articles(
    store: Store,
    holder: str,
    articles: Iterable[Article],
    on_notice: Callable[[Notice], None] | None = None,
) -> ImportSummary:
    """Write a feed's articles; those that left the feed's window stay (replace=False)."""
    summary = ImportSummary()
    indexed = [(article, _index(article)) for article in articles]
    with store.transaction() as db:
        writer = _Writer(db, summary, holder)
        for article, index in indexed:
            writer.write(article, index)
    return summary


def release_feed(store: Store, feed: Feed) -> None:
    with store.transaction() as db:
        stale = db.execute(
            "SELECT rowid, id FROM articles WHERE origin_file = ?", (feed.holder,)
        ).fetchall()
        writer = _Writer(db, ImportSummary(), feed.holder)
        for rowid, article_id in stale:
            writer.remove(rowid, article_id)


def article_counts(store: Store) -> dict[str, int]:
    """How many articles each holder holds."""
    return dict(
        store.rows(
            "SELECT origin_file, count(*) FROM articles WHERE origin_file LIKE 'feed:%'"
            " GROUP BY origin_file"
        )
    )
