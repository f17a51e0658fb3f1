"""What the reader did (read, starred, history) outlives re-imports, a rebuilt store and a
schema upgrade: it is kept by article id in its own file."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

import tui.store.db as db_module
from tui.search.query import parse_query
from tui.store.db import Store, StoreError
from tui.store.importing import import_sources
from tui.store.schema import MIGRATIONS, SCHEMA_VERSION, STATE_SCHEMA
from tui.text.normalize import index_terms, normalize, words


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


def state_by_title(store: Store) -> tuple[dict[str, tuple[bool, bool]], list[str]]:
    """The reader's state with each article named by its title, which outlives a new id."""
    titles = dict(store.rows("SELECT id, title FROM articles"))
    marks, history = user_state(store)
    return {titles[i]: mark for i, mark in marks.items()}, [titles[i] for i in history]


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
    use_the_reader(store)
    state = state_by_title(store)

    assert import_sources(store, [source]).skipped_files == 1
    assert state_by_title(store) == state
    write_records(source, 20, edited=True)
    summary = import_sources(store, [source])
    # An edited record is a new article (its text is its identity), at the same line with
    # the same title and first paragraph: its marks and history follow it.
    assert (summary.imported, summary.updated, summary.removed) == (0, 10, 0)
    assert store.count() == 20
    assert state_by_title(store) == state
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


def _old_id(title: str, first: str) -> str:
    """The id qari gave an article before schema 3: its title and first paragraph."""
    key = " ".join(words(title)) + "\n" + " ".join(words(first))
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def _old_store(path: Path, version: int, source: Path) -> list[str]:
    """A store as a qari of schema `version` left it after importing `source`; the ids."""
    db = sqlite3.connect(path, isolation_level=None)
    for step in range(version):
        MIGRATIONS[step](db)
    db.execute(f"PRAGMA user_version = {version}")
    ids = []
    for line, text in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(text)
        article_id = _old_id(record["title"], record["body"][0])
        if article_id in ids:
            continue  # the old identity merged it with an earlier one
        ids.append(article_id)
        cursor = db.execute(
            "INSERT INTO articles (id, title, title_norm, date, sort_date, body, origin_file,"
            " origin_line, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'old')",
            (
                article_id,
                record["title"],
                normalize(record["title"]),
                record.get("date"),
                record.get("date") or "",
                "\n".join(record["body"]),
                str(source.resolve()),
                line,
            ),
        )
        db.execute(
            "INSERT INTO fts (rowid, terms) VALUES (?, ?)",
            (cursor.lastrowid, " ".join(index_terms(record["title"] + "\n" + record["body"][0]))),
        )
        db.execute(
            "INSERT INTO keywords VALUES (?, 0, 'اقتصاد', ?)",
            (cursor.lastrowid, normalize("اقتصاد")),
        )
    db.execute(
        "INSERT INTO files VALUES (?, ?, ?, 'old', ?)",
        (str(source.resolve()), source.stat().st_size, source.stat().st_mtime_ns, len(ids)),
    )
    db.close()
    return ids


# The stores from before the identity change (v3); later migrations only add tables.
@pytest.mark.parametrize("old_version", range(1, min(SCHEMA_VERSION, 3)))
def test_a_store_from_an_older_qari_is_upgraded_with_its_articles_and_state(
    tmp_path: Path, old_version: int
) -> None:
    source = write_records(tmp_path / "a.jsonl", 30)
    path, state_path = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    old_ids = _old_store(path, old_version, source)
    state = sqlite3.connect(state_path, isolation_level=None)
    state.executescript(STATE_SCHEMA.replace("state.", ""))
    state.execute("INSERT INTO marks (article_id, read, starred) VALUES (?, 1, 0)", (old_ids[0],))
    state.execute("INSERT INTO marks (article_id, read, starred) VALUES (?, 0, 1)", (old_ids[2],))
    state.execute("INSERT INTO history (article_id) VALUES (?)", (old_ids[0],))
    state.close()

    store = Store(path, state_path)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.scalar("PRAGMA integrity_check") == "ok"
    assert store.count() == 30
    expected = {"عنوان الخبر رقم 0": (True, False), "عنوان الخبر رقم 2": (False, True)}
    assert state_by_title(store) == (expected, ["عنوان الخبر رقم 0"])
    assert store.results(parse_query("#اقتصاد is:starred")).count == 1
    # The files are read again once, to bring back what the old identity merged.
    summary = import_sources(store, [source])
    assert summary.skipped_files == 0 and summary.imported == 0
    assert state_by_title(store) == (expected, ["عنوان الخبر رقم 0"])
    assert import_sources(store, [source]).skipped_files == 1
    store.close()


def test_articles_the_old_identity_merged_come_back_after_the_upgrade(tmp_path: Path) -> None:
    source = tmp_path / "gold.jsonl"
    records = [
        {
            "title": "أسعار الذهب اليوم في مصر",
            "body": ["القاهرة - بوابة الأخبار", f"سجل سعر الجرام {4700 + day} جنيها."],
            "date": f"2025-05-0{day}",
            "url": f"https://news.example/gold/{day}",
        }
        for day in (6, 7, 8)
    ]
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    path, state_path = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    assert len(_old_store(path, 2, source)) == 1
    store = Store(path, state_path)
    assert store.count() == 1
    summary = import_sources(store, [source])
    assert store.count() == 3
    assert summary.imported == 2
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
