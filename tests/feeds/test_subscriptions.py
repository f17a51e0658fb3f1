"""Tests for subscriptions in the store, and the migration that made room for them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from support import back_to_schema

from tui.feeds.subscriptions import add_feed, feeds, find_feed
from tui.model import Article
from tui.store.db import Store
from tui.store.importing import import_items
from tui.store.schema import SCHEMA_VERSION


def test_a_v3_store_gets_the_feed_tables_and_keeps_its_articles_and_marks(tmp_path: Path) -> None:
    path, state = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    store = Store(path, state)
    import_items(
        store, str(tmp_path / "a.txt"), [Article("خبر", ("نص الخبر.",), url="http://a.example/1")]
    )
    (article_id,) = [r[0] for r in store.rows("SELECT id FROM articles")]
    store.set_mark(article_id, starred=True)
    store.close()
    back_to_schema(path, 6)  # (later steps rewrite what they find: schema 7's is undone)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE feeds")
    db.execute("DROP TABLE feed_pages")
    db.execute("PRAGMA user_version = 3")
    db.close()
    store = Store(path, state)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    stored = store.article(article_id)
    assert stored is not None and stored.starred
    assert feeds(store) == []
    add_feed(store, "http://a.example/rss", name="أ")
    assert [f.url for f in find_feed(store, "أ")] == ["http://a.example/rss"]
    store.close()


def test_adding_a_known_feed_changes_only_what_is_given(store: Store) -> None:
    assert add_feed(store, "http://a.example/rss", name="أ", category="محلي")
    assert not add_feed(store, "http://a.example/rss", full_text="never")
    (feed,) = feeds(store)
    assert (feed.name, feed.category, feed.full_text) == ("أ", "محلي", "never")
    assert feed.display_name == "أ" and feed.holder == "feed:http://a.example/rss"
