"""Tests for tui.store.db: the SQLite files, their schema, reader state and windows of rows."""

from __future__ import annotations

import datetime
import sqlite3
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tui.model import Article
from tui.search.query import parse_query
from tui.store.db import Store, StoreError
from tui.store.importing import import_sources
from tui.store.schema import MIGRATIONS, SCHEMA_VERSION, STATE_SCHEMA, run_script


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _records(n: int, dated: bool = True) -> list[object]:
    return [
        {
            "title": f"خبر رقم {i}",
            "body": f"نص الخبر رقم {i}.",
            "date": f"2025-01-{i % 28 + 1:02d}" if dated else None,
            "source": "وكالة",
        }
        for i in range(n)
    ]


def test_store_and_state_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "place"
    store = Store(folder / "store.sqlite3", tmp_path / "state" / "state.sqlite3")
    store.set_mark("x", read=True)
    for path in (folder / "store.sqlite3", tmp_path / "state" / "state.sqlite3"):
        assert _mode(path) == 0o600
    for path in [*folder.glob("*-wal"), *folder.glob("*-shm")]:
        assert _mode(path) & 0o077 == 0
    assert _mode(folder) == 0o700
    store.close()


def test_the_store_is_in_wal_mode(store: Store) -> None:
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA state.journal_mode") == "wal"


def test_a_new_store_has_the_current_schema(store: Store) -> None:
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.count() == 0


def test_every_old_version_has_a_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_an_older_store_is_migrated_keeping_its_articles(version: int, tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    # Migrations from v3 on move reader state along: it is attached, as the store has it.
    db.execute("ATTACH DATABASE ? AS state", (str(tmp_path / "state.sqlite3"),))
    run_script(db, STATE_SCHEMA)
    for step in range(version):
        MIGRATIONS[step](db)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(
        "INSERT INTO articles (id, title, title_norm, date, sort_date, body, digest)"
        " VALUES ('00000000000000aa', 'خبر قديم', 'خبر قديم', '2024-01-02', '2024-01-02',"
        " 'نص الخبر', 'x')"
    )
    db.execute("INSERT INTO fts (rowid, terms) VALUES (1, 'خبر قديم نص')")
    db.close()
    store = Store(path, tmp_path / "state.sqlite3")
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    results = store.results(parse_query("قديم"))
    # The article keeps its text and gets the id today's identity gives it (from v3 on, it
    # has that id already).
    expected = Article("خبر قديم", ("نص الخبر",), date=datetime.date(2024, 1, 2)).id
    if version >= 3:
        expected = "00000000000000aa"
    assert [(r.id, r.title) for r in results.window(0, 5)] == [(expected, "خبر قديم")]
    store.close()


def test_reopening_keeps_articles_and_schema(
    tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    path = write_jsonl(tmp_path / "src" / "a.jsonl", _records(3))
    store = Store(tmp_path / "s.sqlite3", tmp_path / "st.sqlite3")
    import_sources(store, [path])
    store.close()
    again = Store(tmp_path / "s.sqlite3", tmp_path / "st.sqlite3")
    assert again.count() == 3
    assert again.scalar("PRAGMA user_version") == SCHEMA_VERSION
    again.close()


def test_a_store_from_a_newer_qari_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError) as raised:
        Store(path, tmp_path / "state.sqlite3")
    message = str(raised.value)
    assert "\n" not in message
    assert str(path) in message
    assert "newer" in message
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    db.close()


@pytest.mark.parametrize("which", ["store", "state"])
def test_a_corrupt_file_is_a_store_error(which: str, tmp_path: Path) -> None:
    paths = {"store": tmp_path / "store.sqlite3", "state": tmp_path / "state.sqlite3"}
    paths[which].write_bytes(b"this is not a database, just text " * 200)
    with pytest.raises(StoreError) as raised:
        Store(paths["store"], paths["state"])
    assert "\n" not in str(raised.value)
    assert str(paths["store"]) in str(raised.value)


def test_a_folder_where_the_store_should_be_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "store.sqlite3").mkdir()
    with pytest.raises(StoreError):
        Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")


def test_marks_and_history(store: Store) -> None:
    store.set_mark("a", read=True)
    store.set_mark("b", starred=True)
    store.set_mark("a", starred=True)
    store.set_mark("b", starred=False)
    assert store.rows("SELECT article_id, read, starred FROM state.marks ORDER BY 1") == [
        ("a", 1, 1),
        ("b", 0, 0),
    ]
    store.record_opened("c")
    store.record_opened("a")
    store.record_opened("c")
    assert store.history() == ["c", "a", "c"]
    assert store.history(limit=1) == ["c"]
    assert store.scalar("SELECT read FROM state.marks WHERE article_id = 'c'") == 1


def test_state_survives_deleting_and_rebuilding_the_store(
    tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    source = write_jsonl(tmp_path / "src" / "a.jsonl", _records(3))
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    import_sources(store, [source])
    first = store.results(parse_query("")).window(0, 3)
    store.set_mark(first[0].id, starred=True)
    store.record_opened(first[1].id)
    store.close()
    for leftover in tmp_path.glob("store.sqlite3*"):
        leftover.unlink()

    rebuilt = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    assert rebuilt.count() == 0
    import_sources(rebuilt, [source])
    rows = {r.id: r for r in rebuilt.results(parse_query("")).window(0, 3)}
    assert rows[first[0].id].starred and not rows[first[0].id].read
    assert rows[first[1].id].read and not rows[first[1].id].starred
    assert not rows[first[2].id].read and not rows[first[2].id].starred
    assert rebuilt.history() == [first[1].id]
    rebuilt.close()


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    with pytest.raises(ZeroDivisionError), store.state_transaction() as db:
        db.execute("INSERT INTO state.marks (article_id) VALUES ('x')")
        1 / 0  # noqa: B018
    assert store.scalar("SELECT count(*) FROM state.marks") == 0
    with store.state_transaction() as db:
        db.execute("INSERT INTO state.marks (article_id) VALUES ('x')")
    assert store.scalar("SELECT count(*) FROM state.marks") == 1
    insert = "INSERT INTO holdings (holder, article_id) VALUES ('f', 'x')"
    with pytest.raises(ZeroDivisionError), store.transaction() as db:
        db.execute(insert)
        1 / 0  # noqa: B018
    assert store.scalar("SELECT count(*) FROM holdings") == 0
    with store.transaction() as db:
        db.execute(insert)
    assert store.scalar("SELECT count(*) FROM holdings") == 1


def test_the_store_and_its_state_are_written_on_connections_of_their_own(store: Store) -> None:
    """An import's write lock on the store does not hold up a mark, nor a mark an import."""
    with store.transaction():
        store.set_mark("x", starred=True)  # would wait for the busy timeout if it shared a lock
    with store.state_transaction(), store.transaction() as db:
        db.execute("INSERT INTO holdings (holder, article_id) VALUES ('f', 'x')")
    assert store.scalar("SELECT starred FROM state.marks WHERE article_id = 'x'") == 1


def test_the_stored_article(store: Store, fixtures_dir: Path) -> None:
    import_sources(store, [fixtures_dir / "records.json"])
    [aid] = [r[0] for r in store.rows("SELECT id FROM articles WHERE title LIKE 'افتتاح%'")]
    article = store.article(aid)
    assert article is not None
    assert article.id == aid
    assert article.date == datetime.date(2024, 10, 14)
    assert article.body == (
        "افتتح محافظ المدينة جسرا جديدا يربط ضفتي النهر بطول 800 متر.",
        "ويخفف الجسر الازدحام عن الجسر القديم.",
    )
    assert article.keywords == ("الجسور", "النقل", "المحافظة")
    assert article.url == "https://example.org/bridge"
    assert article.origin_file == str((fixtures_dir / "records.json").resolve())
    assert article.origin_line == 2
    assert (article.read, article.starred) == (False, False)
    assert store.article("0000000000000000") is None


def test_keyword_counts_compare_normalised(
    store: Store, tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    write_jsonl(
        tmp_path / "src" / "a.jsonl",
        [
            {"title": "أ", "body": "نص أول", "keywords": ["أسوان", "الري"]},
            {"title": "ب", "body": "نص ثان", "keywords": ["اسوان"]},
        ],
    )
    import_sources(store, [tmp_path / "src"])
    assert store.keyword_counts(["إسوان", "الري", "غائب"]) == [2, 1, 0]


class TestWindows:
    """The list reads rows a window at a time, newest first, unknown dates last."""

    @pytest.fixture
    def filled(
        self, store: Store, tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
    ) -> Store:
        records = [
            {"title": "قديم", "body": "نص قديم", "date": "2023-01-01"},
            {"title": "بلا تاريخ أول", "body": "نص بلا تاريخ أول"},
            {"title": "حديث", "body": "نص حديث", "date": "2025-06-01"},
            {"title": "وسط أول", "body": "نص وسط أول", "date": "2024-03-03"},
            {"title": "وسط ثان", "body": "نص وسط ثان", "date": "2024-03-03"},
            {"title": "بلا تاريخ ثان", "body": "نص بلا تاريخ ثان", "date": "قريبا"},
        ]
        import_sources(store, [write_jsonl(tmp_path / "src" / "a.jsonl", records)])
        return store

    ORDER = ("حديث", "وسط ثان", "وسط أول", "قديم", "بلا تاريخ ثان", "بلا تاريخ أول")

    @pytest.mark.parametrize("text", ["", "نص"], ids=["all", "searched"])
    def test_newest_first_unknown_dates_last(self, filled: Store, text: str) -> None:
        results = filled.results(parse_query(text))
        assert results.count == 6
        assert [r.title for r in results.window(0, 100)] == list(self.ORDER)
        assert [r.title for r in results.window(2, 3)] == list(self.ORDER[2:5])
        assert results.window(6, 10) == []
        assert results.window(0, 0) == []

    @pytest.mark.parametrize("text", ["", "نص"], ids=["all", "searched"])
    def test_index_of(self, filled: Store, text: str) -> None:
        results = filled.results(parse_query(text))
        for position, row in enumerate(results.window(0, 6)):
            assert results.index_of(row.id) == position
        assert results.index_of("0000000000000000") is None

    def test_index_of_an_article_the_query_leaves_out(self, filled: Store) -> None:
        everything = filled.results(parse_query("")).window(0, 6)
        results = filled.results(parse_query("حديث"))
        assert results.count == 1
        assert results.index_of(everything[0].id) == 0
        assert results.index_of(everything[1].id) is None

    def test_rows_carry_date_source_and_marks(self, filled: Store) -> None:
        top = filled.results(parse_query("")).window(0, 1)[0]
        assert top.date == datetime.date(2025, 6, 1)
        assert top.source == ""
        assert (top.read, top.starred) == (False, False)
        filled.set_mark(top.id, read=True, starred=True)
        again = filled.results(parse_query("")).window(0, 1)[0]
        assert (again.read, again.starred) == (True, True)
