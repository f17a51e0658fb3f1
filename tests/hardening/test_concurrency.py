"""Several qari on one store at once: a reader (the app, or a second Store) while an import
runs, two imports, several first starts. Nothing fails with "database is locked"."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import article_ids, child_env, qari_command

from tui.app.app import QariApp
from tui.search.query import Query, parse_query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.text.display import DisplayOptions

MAKE_CORPUS = Path(__file__).parents[1] / "tools" / "make_corpus.py"


def make_corpus(path: Path, count: int, seed: int) -> Path:
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(count), "--out", str(path), "--seed", str(seed)],
        check=True,
    )
    return path


def start_import(store: Path, source: Path, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [qari_command(), "import", "--store", str(store), str(source)],
        env=child_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "locked" not in err
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "a.jsonl", 3000, seed=11)


def test_a_second_store_reads_and_marks_while_an_import_writes(tmp_path: Path) -> None:
    # Eight batches: the reads must see the import between two of them, and a faster
    # importer wrote the shared 3,000 articles' three before a loaded machine's reads came.
    corpus = make_corpus(tmp_path / "many.jsonl", 8000, seed=13)
    store_path, state_path = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    Store(store_path, state_path).close()
    importing = start_import(store_path, corpus, tmp_path)
    seen_counts: set[int] = set()

    rounds = 0
    while importing.poll() is None or rounds < 3:
        reader = Store(store_path, state_path)
        rows = reader.results(Query()).window(0, 50)
        seen_counts.add(reader.count())
        reader.results(parse_query("وزير"))
        if rows:
            reader.article(rows[0].id)
            reader.set_mark(rows[0].id, starred=True)
            reader.record_opened(rows[-1].id)
        reader.close()
        rounds += 1
    finished(importing)
    assert len(seen_counts) >= 3, "the reads did not overlap the import"
    # Nothing above failed with "database is locked": reads do not wait for the import,
    # and the reader's writes wait for one of its batches, well inside the busy timeout.
    final = Store(store_path, state_path)
    assert final.count() == len(article_ids(corpus))
    assert final.results(parse_query("is:starred")).count >= 1
    final.close()


async def test_the_app_reads_stars_and_searches_while_an_import_runs(
    corpus: Path, tmp_path: Path
) -> None:
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    seed = tmp_path / "seed.jsonl"
    seed.write_text('{"title": "عنوان أول", "body": ["نص عن وزير المالية"]}\n', encoding="utf-8")
    import_sources(store, [seed])
    app = QariApp(store, DisplayOptions(), "en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        importing = start_import(store.path, corpus, tmp_path)
        # Rounds of keys until the import is over, however long a loaded machine makes it
        # (`finished` fails a hung import); the first round surely starts while it runs.
        rounds = 0
        deadline = asyncio.get_running_loop().time() + 300
        while (importing.poll() is None and asyncio.get_running_loop().time() < deadline) or (
            rounds < 3
        ):
            for keys in (("n",), ("s",), ("u",), ("p",), ("slash", "ز"), ("backspace", "tab")):
                await pilot.press(*keys)
            rounds += 1
            await pilot.pause(0.05)
        finished(importing)
        await pilot.press("escape")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert app.is_running
        assert app.main.results is not None and app.main.results.count == store.count() > 3000
    store.close()


def test_two_imports_into_one_store_at_once(corpus: Path, tmp_path: Path) -> None:
    other = make_corpus(tmp_path / "b.jsonl", 1500, seed=12)
    store_path = tmp_path / "store.sqlite3"
    first = start_import(store_path, corpus, tmp_path)
    second = start_import(store_path, other, tmp_path)
    finished(first)
    finished(second)
    store = Store(store_path, tmp_path / "state" / "qari" / "state.sqlite3")
    assert store.count() == len(article_ids(corpus) | article_ids(other))
    assert store.scalar("PRAGMA integrity_check") == "ok"
    store.close()


def test_several_qari_starting_at_once_on_a_new_store(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("خبر قصير\nنص الخبر القصير.\n", encoding="utf-8")
    for attempt in range(4):
        home = tmp_path / str(attempt)
        starting = [
            subprocess.Popen(
                [qari_command(), "import", "--store", str(home / "new.sqlite3"), str(page)],
                env=child_env(home),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        for process in starting:
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err


def test_switching_a_new_store_to_wal_is_tried_again_when_sqlite_says_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two qari switching one new file to WAL at once: SQLite refuses one at once, without
    waiting (it would deadlock); it must try again rather than fail. Played here by a
    connection that is refused twice, as racing processes show rarely but surely."""
    import sqlite3

    import tui.store.db as db_module

    refusals = {"main": 2, "state": 2}

    class Racing:
        def __init__(self, connection: sqlite3.Connection) -> None:
            self.connection = connection

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            for schema, left in refusals.items():
                if sql == f"PRAGMA {schema}.journal_mode = WAL" and left:
                    refusals[schema] -= 1
                    raise sqlite3.OperationalError("database is locked")
            return self.connection.execute(sql, *args)

        def __getattr__(self, name: str) -> object:
            return getattr(self.connection, name)

    real_connect = sqlite3.connect
    monkeypatch.setattr(db_module.sqlite3, "connect", lambda *a, **k: Racing(real_connect(*a, **k)))
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    assert refusals == {"main": 0, "state": 0}
    assert store.scalar("PRAGMA main.journal_mode") == "wal"
    assert store.scalar("PRAGMA state.journal_mode") == "wal"
    store.close()
