"""Where fetched articles meet the store: written as held by their feed, released with it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from tui.model import Article
from tui.store import importing
from tui.store.bodies import FAST_LEVEL
from tui.store.db import Store
from tui.store.importing import ImportSummary, Indexed, index_article, release_holder

if TYPE_CHECKING:
    from tui.feeds.subscriptions import Feed


class Prepared(NamedTuple):
    """An article with what the store derives from it: worked out wherever there is a core
    free (a worker process), so that writing it is only SQL."""

    article: Article
    indexed: Indexed


def prepare(articles: Iterable[Article]) -> list[Prepared]:
    # Bodies compressed quickly: compressing at the store's usual level was a quarter of
    # reading a feed (its items are a few KB each, and thousands come at once).
    return [Prepared(*index_article(article, FAST_LEVEL)) for article in articles]


def begin_writing(store: Store) -> None:
    """Make the connection's scratch tables the writer keeps its reading in."""
    importing.begin_writing(store)


def store_feeds(db: sqlite3.Connection, held: list[tuple[str, list[Prepared]]]) -> ImportSummary:
    """Write feeds' articles, (holder, articles) each, in the caller's transaction, as
    `import_items` with replace=False does: those that left a feed's window stay held.
    `begin_writing` first."""
    summary = ImportSummary()
    importing.write_holders(db, held, summary)
    return summary


def release_feed(store: Store, feed: Feed) -> None:
    """The feed holds nothing any more: its articles leave unless a file or feed holds them."""
    release_holder(store, feed.holder)


def article_counts(store: Store) -> dict[str, int]:
    """How many articles each feed holds, by holder."""
    return dict(
        store.rows(
            "SELECT h.name, count(*) FROM holdings o JOIN holders h ON h.id = o.holder"
            " WHERE h.name LIKE 'feed:%' AND o.copy = 0 GROUP BY h.name"
        )
    )
