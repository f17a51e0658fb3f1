"""What the reader did (read, starred, history) outlives re-imports, a rebuilt store and a
schema upgrade: it is kept by article id in its own file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import tui.store.db as db_module
from tui.search.query import parse_query
from tui.store.db import Store, StoreError
from tui.store.importing import import_sources
from tui.store.schema import MIGRATIONS, SCHEMA_VERSION


def write_records(path: Path, count: int, *, edited: bool = False) -> Path:
    records = []
    for n in range(count):
        body = [f"الفقرة الأولى من الخبر رقم {n}", "فقرة ثانية عن الاقتصاد"]
        if edited and n % 2:
            body.append("فقرة أضيفت بعد النشر")
        records.append({"title": f"عنوان الخبر رقم {n}", "body": body, "keywords": ["اقتصاد"]})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def user_state(store: Store) -> tuple[dict[str, tuple[bool, bool]], list[str]]:
    marks = {
        article_id: (bool(read), bool(starred))
        for article_id, read, starred in store.rows(
            "SELECT article_id, read, starred FROM state.marks"
        )
    }
    return marks, store.history()


def use_the_reader(store: Store) -> tuple[dict[str, tuple[bool, bool]], list[str]]:
    """Read, star and open some articles, as a person would; the state it leaves."""
    ids = sorted(r[0] for r in store.rows("SELECT id FROM articles"))
    store.record_opened(ids[0])
    store.record_opened(ids[1])
    store.set_mark(ids[1], read=False)
    store.set_mark(ids[2], starred=True)
    store.record_opened(ids[0])
    state = user_state(store)
    assert state[0] == {ids[0]: (True, False), ids[1]: (False, False), ids[2]: (False, True)}
    assert state[1] == [ids[0], ids[1], ids[0]]
    return state


def test_state_survives_re_imports_of_unchanged_and_changed_files(tmp_path: Path) -> None:
    source = write_records(tmp_path / "dump" / "a.jsonl", 20)
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    import_sources(store, [source])
    state = use_the_reader(store)

    assert import_sources(store, [source]).skipped_files == 1
    assert user_state(store) == state
    write_records(source, 20, edited=True)
    summary = import_sources(store, [source])
    assert summary.updated == 10
    assert user_state(store) == state
    # The list and the search see the marks on the updated articles too.
    assert store.results(parse_query("is:starred")).count == 1
    assert store.results(parse_query("is:read")).count == 1
    store.close()


def test_state_survives_a_store_deleted_and_rebuilt(tmp_path: Path) -> None:
    source = write_records(tmp_path / "dump" / "a.jsonl", 20)
    path, state_path = tmp_path / "store.sqlite3", tmp_path / "state" / "state.sqlite3"
    store = Store(path, state_path)
    import_sources(store, [source])
    state = use_the_reader(store)
    store.close()

    for leftover in tmp_path.glob("store.sqlite3*"):
        leftover.unlink()
    store = Store(path, state_path)
    assert store.count() == 0
    import_sources(store, [source])
    assert user_state(store) == state
    assert store.results(parse_query("is:starred")).count == 1
    store.close()


def test_a_store_at_version_0_is_migrated_and_keeps_the_state_file(tmp_path: Path) -> None:
    source = write_records(tmp_path / "a.jsonl", 20)
    path, state_path = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    store = Store(path, state_path)
    import_sources(store, [source])
    state = use_the_reader(store)
    store.close()
    path.unlink()
    old = sqlite3.connect(path)
    old.execute("PRAGMA user_version = 0")
    old.close()

    store = Store(path, state_path)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    import_sources(store, [source])
    assert store.count() == 20
    assert user_state(store) == state
    store.close()


@pytest.mark.parametrize("old_version", range(1, SCHEMA_VERSION))
def test_a_store_from_an_older_qari_is_upgraded_with_its_articles_and_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_version: int
) -> None:
    source = write_records(tmp_path / "a.jsonl", 30)
    path, state_path = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    with monkeypatch.context() as old_qari:
        old_qari.setattr(db_module, "SCHEMA_VERSION", old_version)
        store = Store(path, state_path)
        import_sources(store, [source])
        state = use_the_reader(store)
        assert store.scalar("PRAGMA user_version") == old_version
        store.close()

    store = Store(path, state_path)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.scalar("PRAGMA integrity_check") == "ok"
    assert store.count() == 30
    assert user_state(store) == state
    assert store.results(parse_query("#اقتصاد is:starred")).count == 1
    assert import_sources(store, [source]).skipped_files == 1
    store.close()


def test_a_migration_that_fails_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_records(tmp_path / "a.jsonl", 10)
    path, state_path = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    store = Store(path, state_path)
    import_sources(store, [source])
    state = use_the_reader(store)
    store.close()

    def half_done(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE added_by_the_next_version (x)")
        db.execute("DELETE FROM articles")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(MIGRATIONS, SCHEMA_VERSION, half_done)
    with pytest.raises(StoreError, match="disk I/O error"):
        Store(path, state_path)
    monkeypatch.undo()

    store = Store(path, state_path)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.count() == 10
    assert not store.rows("SELECT name FROM sqlite_master WHERE name = 'added_by_the_next_version'")
    assert user_state(store) == state
    store.close()
