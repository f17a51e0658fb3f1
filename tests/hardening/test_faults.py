"""`qari import` killed with SIGKILL at random moments: the store stays sound, and running the
import again ends with exactly the articles of the files, none twice, and the reader's state.

benchmarks/fuzz_importers.py --kills N does the same many more times.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support import article_ids, child_env, qari_command

from tui.store.db import Store

MAKE_CORPUS = Path(__file__).parents[1] / "tools" / "make_corpus.py"
ARTICLES = 2500


class Watcher:
    """A connection that sees when another one commits to the store (PRAGMA data_version)."""

    def __init__(self, store: Path) -> None:
        self.db = sqlite3.connect(store, timeout=5)
        self.version = self.read()

    def read(self) -> int:
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def committed(self) -> bool:
        return self.read() != self.version

    def close(self) -> None:
        self.db.close()


def kill_during_import(store: Path, source: Path, home: Path, rng: random.Random) -> bool:
    """Start `qari import`, and once it has committed its first batch, SIGKILL it after a
    random delay; whether it was still importing when killed."""
    watcher = Watcher(store)
    process = subprocess.Popen(
        [qari_command(), "import", "--store", str(store), str(source)],
        env=child_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        began = time.monotonic()
        while process.poll() is None and time.monotonic() - began < 60:
            if watcher.committed():
                break
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.3))
        alive = process.poll() is None
        if alive:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return alive
    finally:
        watcher.close()
        # Workers the import started die with it, as they would under a killed shell.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def write_variant(source: Path, records: list[dict[str, Any]], variant: int) -> None:
    """The file as it might be re-downloaded: a tenth of its articles gone, a third edited
    (spread through the file, so every batch has writes), fifty new ones."""
    kept = []
    for n, record in enumerate(records):
        if (n + variant) % 10 == 0:
            continue
        if (n + variant) % 3 == 0:
            record = {**record, "body": [*record["body"], f"تحديث رقم {variant}"]}
        kept.append(record)
    kept += [{"title": f"خبر جديد {variant} رقم {n}", "body": ["نص جديد"]} for n in range(50)]
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8"
    )


def import_to_the_end(store: Path, source: Path, home: Path) -> str:
    done = subprocess.run(
        [qari_command(), "import", "--store", str(store), str(source)],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def assert_sound(store: Path, state: Path, ids: set[str], *, complete: bool = True) -> None:
    """The store passes SQLite's and FTS5's integrity checks, opens, and holds each article
    once, in the index too; `complete`: exactly `ids`, else some of them."""
    for path in (store, state):
        db = sqlite3.connect(path)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path
        finally:
            db.close()
    opened = Store(store, state)
    try:
        db = opened.db
        stored = [r[0] for r in db.execute("SELECT id FROM articles")]
        assert len(stored) == len(set(stored))
        assert set(stored) == ids if complete else set(stored) <= ids
        # The index and keywords hold each article once, and nothing else.
        assert db.execute("SELECT count(*) FROM fts").fetchone()[0] == len(stored)
        assert (
            db.execute(
                "SELECT count(*) FROM fts WHERE rowid NOT IN (SELECT rowid FROM articles)"
            ).fetchone()[0]
            == 0
        )
        assert (
            db.execute(
                "SELECT count(*) FROM keywords WHERE article_rowid NOT IN (SELECT rowid FROM articles)"
            ).fetchone()[0]
            == 0
        )
        if complete:
            # FTS5's own check of its index against its rows: raises if they disagree.
            db.execute("INSERT INTO fts (fts) VALUES ('integrity-check')")
    finally:
        opened.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(ARTICLES), "--out", str(path), "--seed", "6"],
        check=True,
    )
    return path


def test_killed_imports_leave_a_sound_store_and_a_rerun_completes_it(
    corpus: Path, tmp_path: Path
) -> None:
    rng = random.Random(int(os.environ.get("QARI_FAULT_SEED", "6")))
    store, state = tmp_path / "store.sqlite3", tmp_path / "state" / "qari" / "state.sqlite3"
    source = tmp_path / "dump" / "news.jsonl"
    source.parent.mkdir()
    shutil.copy(corpus, source)
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    ids = article_ids(source)
    marked = sorted(ids)[:3]
    with_state = Store(store, state)
    with_state.set_mark(marked[0], read=True)
    with_state.set_mark(marked[1], starred=True)
    with_state.record_opened(marked[2])
    with_state.close()

    # Killed during the first import, then run to the end.
    assert kill_during_import(store, source, tmp_path, rng)
    assert_sound(store, state, ids, complete=False)
    assert import_to_the_end(store, source, tmp_path).startswith("imported ")
    assert_sound(store, state, ids)

    # Killed while importing changed versions of the file (updates, deletions, new
    # articles in every batch), checked after each kill; the last version run to the end.
    landed = 0
    every_id = set(ids)
    for variant in range(1, 5):
        write_variant(source, records, variant)
        new_ids = article_ids(source)
        every_id |= new_ids
        landed += kill_during_import(store, source, tmp_path, rng)
        assert_sound(store, state, every_id, complete=False)
    assert landed >= 2, "the kills did not land while the imports were running"
    import_to_the_end(store, source, tmp_path)
    assert len(new_ids - ids) == 50 and len(ids - new_ids) == ARTICLES // 10
    assert_sound(store, state, new_ids)
    assert import_to_the_end(store, source, tmp_path).startswith("imported 0, updated 0")

    # The reader's state is kept by article id, whatever happened to the articles.
    reopened = Store(store, state)
    try:
        marks = dict(reopened.rows("SELECT article_id, read + 2 * starred FROM state.marks"))
        assert marks == {marked[0]: 1, marked[1]: 2, marked[2]: 1}
        assert reopened.history() == [marked[2]]
    finally:
        reopened.close()
