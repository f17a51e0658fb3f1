"""A big import builds the reading indexes and the shape at its end (tui/store/bulk.py):
what it leaves is the store an import batch by batch leaves, also when it is stopped."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import bits_are_exact

from tui.search.query import parse_query
from tui.store import bulk, importing
from tui.store.db import Store
from tui.store.importing import ImportSummary, Progress, import_sources
from tui.store.stats import filter_shape
from tui.text.normalize import normalize

MAKE_CORPUS = Path(__file__).parents[1] / "tools" / "make_corpus.py"
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "news.jsonl"
    subprocess.run([sys.executable, str(MAKE_CORPUS), "1500", "--out", str(path)], check=True)
    return path


@pytest.fixture
def sources(tmp_path: Path, synthetic: Path, fixtures_dir: Path, example_page: Path) -> Path:
    """Synthetic news, and pages with «read also» copies that become their full articles."""
    folder = tmp_path / "sources"
    shutil.copytree(fixtures_dir / "pages", folder / "pages")
    shutil.copy(example_page, folder / "example.txt")
    shutil.copy(synthetic, folder / "news.jsonl")
    return folder


def _open(path: Path) -> Store:
    return Store(path, path.with_name(path.stem + "-state.sqlite3"))


def _indexes(store: Store) -> dict[str, str]:
    return dict(
        store.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    )


def _contents(store: Store) -> dict[str, object]:
    """What a reader can see of a store, whatever order and numbers it was written in."""
    return {
        "articles": sorted(store.rows("SELECT id, title, sort_date, partial FROM articles")),
        "links": sorted(store.rows("SELECT * FROM links")),
        "title_links": sorted(store.rows("SELECT * FROM title_links")),
        "holdings": sorted(
            store.rows(
                "SELECT h.name, o.article_id, o.line, o.copy FROM holdings o"
                " JOIN holders h ON h.id = o.holder"
            )
        ),
        "cells": sorted(store.rows("SELECT sort_date, source_norm, n FROM shape_cells")),
        "keywords": sorted(store.rows("SELECT norm, n FROM shape_keywords")),
        "bitted": sorted(
            store.rows(
                "SELECT k.norm FROM shape_kbits_of b JOIN shape_keywords k ON k.id = b.number"
            )
        ),
        "indexes": _indexes(store),
        "tables": sorted(store.rows("SELECT name FROM sqlite_master WHERE type = 'table'")),
    }


def _searches(store: Store) -> dict[str, list[str]]:
    found = {}
    for text in ("الطاقة", "#اقتصاد", "محطة شمسية", "source:الشروق"):
        rows = store.results(parse_query(text)).window(0, 50)
        found[text] = [r.id for r in rows]
    return found


def test_a_big_import_leaves_the_store_an_import_batch_by_batch_leaves(
    tmp_path: Path, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batched = _open(tmp_path / "batched.sqlite3")
    bulky = _open(tmp_path / "bulk.sqlite3")
    building: list[bool] = []

    class Told(Progress):
        def building(self) -> None:
            # The indexes are not there yet while the import runs; the lock file is.
            building.append(
                "articles_by_title" not in _indexes(bulky)
                and (tmp_path / "bulk.sqlite3.bulk").exists()
            )

    try:
        first = import_sources(batched, [sources])
        monkeypatch.setattr(bulk, "LEAST_BYTES", 0)
        second = import_sources(bulky, [sources], Told())
        assert building == [True]
        assert (first.imported, first.updated, len(first.rejected)) == (
            second.imported,
            second.updated,
            len(second.rejected),
        )
        assert _contents(bulky) == _contents(batched)
        assert _searches(bulky) == _searches(batched)
        bits_are_exact(bulky)
        assert not (tmp_path / "bulk.sqlite3.bulk").exists()
        # The next import, small against the store, writes batch by batch again.
        (sources / "more.jsonl").write_text(
            '{"title": "مقال آخر عن الطاقة", "body": ["نص قصير عن الطاقة."],'
            ' "keywords": ["اقتصاد"]}\n',
            encoding="utf-8",
        )
        monkeypatch.setattr(bulk, "LEAST_BYTES", bulk.LEAST_BYTES)
        import_sources(batched, [sources])
        monkeypatch.undo()
        import_sources(bulky, [sources], Told())
        assert building == [True]
        assert _contents(bulky) == _contents(batched)
    finally:
        batched.close()
        bulky.close()


def test_a_big_file_only_touched_is_passed_over_without_building(
    tmp_path: Path, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "LEAST_BYTES", 0)
    store = _open(tmp_path / "store.sqlite3")
    told: list[int] = []

    class Told(Progress):
        def building(self) -> None:
            told.append(store.count())

    try:
        source = tmp_path / "news.jsonl"
        shutil.copy(synthetic, source)
        import_sources(store, [source], Told())
        assert told == [1500]
        os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
        summary = import_sources(store, [source], Told())
        assert (summary.skipped_files, summary.unchanged) == (1, 1500)
        assert told == [1500]
    finally:
        store.close()


def test_a_big_import_is_worth_it_only_when_bigger_than_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _open(tmp_path / "store.sqlite3")
    try:
        size = store.path.stat().st_size
        assert not bulk.worth_it(store, bulk.LEAST_BYTES - 1)
        assert bulk.worth_it(store, max(bulk.LEAST_BYTES, size))
        monkeypatch.setattr(bulk, "LEAST_BYTES", 0)
        assert not bulk.worth_it(store, size - 1)
    finally:
        store.close()


def test_an_import_stopped_by_ctrl_c_builds_what_it_saved(
    tmp_path: Path, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "LEAST_BYTES", 0)
    monkeypatch.setattr(importing, "BATCH", 200)
    store = _open(tmp_path / "store.sqlite3")
    summary = ImportSummary()
    finish = importing._Writer.finish

    def stop_in_the_fourth_batch(writer: importing._Writer) -> None:
        if summary.saved == 600:
            raise KeyboardInterrupt
        finish(writer)

    monkeypatch.setattr(importing._Writer, "finish", stop_in_the_fourth_batch)
    try:
        with pytest.raises(KeyboardInterrupt):
            import_sources(store, [synthetic], summary=summary)
        assert store.count() == 600
        assert store.count() == summary.saved
        assert "unbuilt" not in {n for (n,) in store.rows("SELECT name FROM sqlite_master")}
        assert set(bulk.READING_INDEXES) <= set(_indexes(store))
        assert store.scalar("SELECT total(n) FROM shape_cells") == store.count()
        assert store.scalar("SELECT count(*) FROM shape_dirty") == 0
        bits_are_exact(store)
    finally:
        store.close()


def test_an_import_killed_midway_is_built_by_the_next_opening(
    tmp_path: Path, synthetic: Path
) -> None:
    path = tmp_path / "store.sqlite3"
    # A real import in a process of its own, killed (no cleanup of any kind) once it has
    # saved every batch, as it starts building.
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from tui.store import bulk
        from tui.store.db import Store
        from tui.store.importing import ImportSummary, Progress, import_sources

        bulk.LEAST_BYTES = 0
        store = Store(Path({str(path)!r}), Path({str(tmp_path / "state.sqlite3")!r}))
        summary = ImportSummary()

        class Kill(Progress):
            def building(self):
                os._exit(9)

        import_sources(store, [Path({str(synthetic)!r})], Kill(), summary=summary)
        """
    )
    killed = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert killed.returncode == 9
    with sqlite3.connect(path) as db:
        left = {n for (n,) in db.execute("SELECT name FROM unbuilt")}
        assert left == {*bulk.READING_INDEXES, bulk.SHAPE}
        assert db.execute("SELECT count(*) FROM shape_dirty").fetchone()[0] == 1500
    told: list[bool] = []
    store = Store(path, tmp_path / "state.sqlite3", on_building=lambda: told.append(True))
    try:
        assert told == [True]
        names = {n for (n,) in store.rows("SELECT name FROM sqlite_master")}
        assert "unbuilt" not in names and set(bulk.READING_INDEXES) <= names
        assert store.scalar("SELECT total(n) FROM shape_cells") == store.count() == 1500
        bits_are_exact(store)
    finally:
        store.close()
    assert not (tmp_path / "store.sqlite3.bulk").exists()


def test_a_reader_opening_during_a_big_import_leaves_the_building_to_it(
    tmp_path: Path, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "LEAST_BYTES", 0)
    path = tmp_path / "store.sqlite3"
    store = _open(path)
    seen: list[tuple[int, bool, int]] = []
    summary = ImportSummary()

    class Peek(Progress):
        def advance(self, done_bytes: int, articles: int) -> None:
            if summary.saved and not seen:
                told: list[bool] = []
                reader = Store(
                    path, tmp_path / "reader-state.sqlite3", on_building=lambda: told.append(True)
                )
                try:
                    # It sees what was saved, and its counts are the articles' own.
                    shape = filter_shape(reader, parse_query("#اقتصاد"))
                    carried = reader.scalar(
                        "SELECT count(DISTINCT article_rowid) FROM keywords WHERE norm = ?",
                        (normalize("اقتصاد"),),
                    )
                    seen.append((reader.count(), bool(told), shape.total - carried))
                    assert "unbuilt" in {
                        n for (n,) in reader.rows("SELECT name FROM sqlite_master")
                    }
                finally:
                    reader.close()

    try:
        import_sources(store, [synthetic], Peek(), summary=summary)
        count, told, off = seen[0]
        assert 0 < count <= 1500
        assert not told
        assert off == 0
        assert store.count() == 1500
    finally:
        store.close()
