"""Saved searches and a whole view marked read, kept in the state file beside the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui.search.query import QueryError, parse_query
from tui.store.db import Store
from tui.store.saved import (
    SavedSearch,
    SearchNameError,
    add_search,
    counts,
    mark_unread,
    mark_view_read,
    remove_search,
    saved_query,
    saved_searches,
)


def test_a_saved_search_is_listed_with_its_unread_and_total(sample_store: Store) -> None:
    add_search(sample_store, "  مياه   أسوان ", "أسوان -#رياضة")
    total = sample_store.results(parse_query("أسوان -#رياضة")).count
    assert total > 1
    first = sample_store.results(parse_query("أسوان -#رياضة")).window(0, 1)[0]
    sample_store.set_mark(first.id, read=True)
    assert saved_searches(sample_store) == [
        SavedSearch("مياه أسوان", "أسوان -#رياضة", total - 1, total)
    ]
    assert saved_query(sample_store, "مياه أسوان") == "أسوان -#رياضة"


def test_unread_counts_agree_with_is_unread(sample_store: Store) -> None:
    for row in sample_store.results(parse_query("")).window(0, 5):
        sample_store.set_mark(row.id, read=True)
    for text in ("", "أسوان", "is:starred", "is:read", "source:الوادي"):
        unread = sample_store.results(parse_query(f"{text} is:unread")).count
        assert counts(sample_store, parse_query(text)) == (
            unread if "is:read" not in text else 0,
            sample_store.results(parse_query(text)).count,
        )


def test_saving_under_a_name_again_replaces_and_remove_forgets(sample_store: Store) -> None:
    assert not add_search(sample_store, "a", "أسوان")
    assert add_search(sample_store, "a", "#الطاقة")
    add_search(sample_store, "b", "مطر")
    assert [s.name for s in saved_searches(sample_store)] == ["a", "b"]
    assert saved_query(sample_store, "a") == "#الطاقة"
    assert remove_search(sample_store, "a")
    assert not remove_search(sample_store, "a")
    assert [s.name for s in saved_searches(sample_store)] == ["b"]


def test_a_search_that_cannot_run_or_has_no_name_is_refused(sample_store: Store) -> None:
    with pytest.raises(QueryError):
        add_search(sample_store, "x", '"unterminated')
    with pytest.raises(SearchNameError):
        add_search(sample_store, " \t", "أسوان")
    assert saved_searches(sample_store) == []


def test_saved_searches_survive_a_rebuilt_store(sample_store: Store, tmp_path: Path) -> None:
    add_search(sample_store, "a", "أسوان")
    sample_store.close()
    (tmp_path / "store.sqlite3").unlink()
    again = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    try:
        assert saved_query(again, "a") == "أسوان"
    finally:
        again.close()


def test_a_state_file_from_before_saved_searches_gets_the_table(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    store.close()
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    db.execute("DROP TABLE searches")
    db.commit()
    db.close()
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    try:
        add_search(store, "a", "أسوان")
        assert saved_query(store, "a") == "أسوان"
    finally:
        store.close()


def test_marking_a_view_read_and_undoing_it(sample_store: Store) -> None:
    query = parse_query("أسوان")
    already = sample_store.results(query).window(0, 1)[0].id
    sample_store.set_mark(already, read=True)
    changed = mark_view_read(sample_store, query)
    assert already not in changed
    assert len(changed) == sample_store.results(query).count - 1
    assert counts(sample_store, query)[0] == 0
    # Articles outside the view keep their marks.
    assert counts(sample_store, parse_query("-أسوان"))[0] > 0
    mark_unread(sample_store, changed)
    assert counts(sample_store, query)[0] == len(changed)
    assert sample_store.article(already).read  # type: ignore[union-attr]
