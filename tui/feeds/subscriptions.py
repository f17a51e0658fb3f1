"""Feed subscriptions in the store: add, find, list, remove, and what each fetch learned."""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import sqlite3

    from tui.store.db import Store

FULL_TEXT = ("auto", "always", "never")
JOBS = 8  # feeds fetched at once
_COLUMNS = (
    "url, name, title, category, full_text, etag, last_modified, moved_to, last_fetched,"
    " last_status, not_before"
)


class Feed(NamedTuple):
    """A subscription and what its last fetch left."""

    url: str
    name: str = ""  # given by the user; wins over the feed's own title
    title: str = ""
    category: str = ""
    full_text: str = "auto"
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None  # where a permanent redirect leads: fetched from there
    last_fetched: str | None = None
    last_status: str = "not fetched yet"
    not_before: float | None = None  # a 429's Retry-After

    @property
    def display_name(self) -> str:
        return self.name or self.title or urlsplit(self.url).netloc or self.url

    @property
    def holder(self) -> str:
        """What the store calls this feed among the holders of its articles."""
        return "feed:" + self.url

    @property
    def fetch_url(self) -> str:
        return self.moved_to or self.url


class FeedUpdate(NamedTuple):
    """What one fetch learned about a feed, to be kept for the next."""

    status: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None
    not_before: float | None = None
    validators: bool = False  # whether etag and last_modified are new (a 200)


def valid_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def add_feed(
    store: Store,
    url: str,
    *,
    name: str | None = None,
    category: str | None = None,
    full_text: str | None = None,
) -> bool:
    """Subscribe to `url`; True when it is new. For a known feed the options given replace
    the ones it had."""
    with store.transaction() as db:
        known = db.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone()
        if known is None:
            db.execute(
                "INSERT INTO feeds (url, name, category, full_text, added) VALUES (?, ?, ?, ?, ?)",
                (url, name or "", category or "", full_text or "auto", time.time_ns()),
            )
            return True
        for column, value in (("name", name), ("category", category), ("full_text", full_text)):
            if value is not None:
                db.execute(f"UPDATE feeds SET {column} = ? WHERE url = ?", (value, url))
        return False


def _feed(row: tuple[Any, ...]) -> Feed:
    return Feed(*row)


def feeds(store: Store) -> list[Feed]:
    """Every subscription, in the order they were added."""
    return [_feed(r) for r in store.rows(f"SELECT {_COLUMNS} FROM feeds ORDER BY added, url")]


def find_feed(store: Store, url_or_name: str) -> list[Feed]:
    """The feed with this url, else the feeds with this name (or title, when unnamed)."""
    found = store.rows(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url_or_name,))
    if found:
        return [_feed(found[0])]
    return [f for f in feeds(store) if f.display_name == url_or_name]


def remove_feed(store: Store, feed: Feed) -> None:
    """Unsubscribe; the articles no file or other feed holds leave the store with it."""
    # Here, not at the top: storing brings in the importer, which `qari feeds list` and
    # every command's argument parser (which imports this module) can do without.
    from tui.feeds.storing import release_feed

    release_feed(store, feed)
    with store.transaction() as db:
        db.execute("DELETE FROM feeds WHERE url = ?", (feed.url,))
        db.execute("DELETE FROM feed_pages WHERE feed_url = ?", (feed.url,))


def record_fetch(db: sqlite3.Connection, feed: Feed, update: FeedUpdate) -> None:
    """Keep what a fetch learned, in the caller's transaction."""
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    db.execute(
        "UPDATE feeds SET last_fetched = ?, last_status = ?, not_before = ?,"
        " title = coalesce(?, title), moved_to = coalesce(?, moved_to) WHERE url = ?",
        (now, update.status, update.not_before, update.title, update.moved_to, feed.url),
    )
    if update.validators:
        # Kept exactly as the server wrote them: they are sent back byte for byte.
        db.execute(
            "UPDATE feeds SET etag = ?, last_modified = ? WHERE url = ?",
            (update.etag, update.last_modified, feed.url),
        )


def known_pages(store: Store, subscriptions: list[Feed]) -> dict[str, set[str]]:
    """The linked pages each of these feeds (by url) has had fetched already: one query, not
    one a feed (200 feeds: 50 ms before the first was fetched)."""
    wanted = {feed.url for feed in subscriptions}
    known: dict[str, set[str]] = {url: set() for url in wanted}
    for feed_url, page_url in store.rows("SELECT feed_url, page_url FROM feed_pages"):
        if feed_url in wanted:
            known[feed_url].add(page_url)
    return known


def remember_pages(db: sqlite3.Connection, feed: Feed, pages: list[str]) -> None:
    """Note the pages fetched for a feed's items, in the caller's transaction."""
    db.executemany(
        "INSERT OR IGNORE INTO feed_pages (feed_url, page_url) VALUES (?, ?)",
        [(feed.url, page) for page in pages],
    )


def listing(store: Store) -> list[dict[str, object]]:
    """The subscriptions as `qari feeds list --json` prints them."""
    from tui.feeds.storing import article_counts

    counts = article_counts(store)
    return [
        {
            "url": f.url,
            "name": f.display_name,
            "category": f.category,
            "full_text": f.full_text,
            "last_fetched": f.last_fetched,
            "last_status": f.last_status,
            "articles": counts.get(f.holder, 0),
        }
        for f in feeds(store)
    ]
