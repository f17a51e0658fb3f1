"""Schema 7: holders by number. A file's path is stored once, in `holders`; what it holds and
the articles it showed first name it by number. A store of schema 6 is upgraded keeping what
each file holds, and an import after the upgrade still updates and removes what it should."""

from __future__ import annotations

import json
import os
from pathlib import Path

from support import back_to_schema

from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.schema import SCHEMA_VERSION

HOLDINGS = (
    "SELECT h.name, o.article_id, o.line, o.copy FROM holdings o"
    " JOIN holders h ON h.id = o.holder ORDER BY 1, 2"
)


def _record(n: int) -> dict[str, object]:
    return {
        "title": f"افتتاح محطة تحلية المياه رقم {n} في العقبة",
        "body": [f"قالت الوزارة إن المحطة رقم {n} تنتج ما يكفي مئة ألف منزل.", "فقرة ثانية."],
        "date": f"2025-04-{n % 28 + 1:02d}",
        "source": "وكالة الأنباء",
        "url": f"https://example.test/water/{n}",
    }


def _write(path: Path, numbers: list[int]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(_record(n), ensure_ascii=False) + "\n" for n in numbers),
        encoding="utf-8",
    )
    return path


def _origins(store: Store) -> dict[str, tuple[str, int]]:
    ids = [r[0] for r in store.rows("SELECT id FROM articles")]
    origins = {}
    for article_id in ids:
        article = store.article(article_id)
        assert article is not None
        origins[article_id] = (article.origin_file, article.origin_line)
    return origins


def test_a_path_is_stored_once_and_each_article_names_its_first_file(tmp_path: Path) -> None:
    first = _write(tmp_path / "news" / "first.jsonl", [1, 2, 3])
    second = _write(tmp_path / "news" / "second.jsonl", [3, 4])
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    try:
        import_sources(store, [first, second])
        names = [r[0] for r in store.rows("SELECT name FROM holders ORDER BY id")]
        assert names == [str(first.resolve()), str(second.resolve())]
        assert store.scalar("SELECT count(*) FROM holdings") == 5
        assert store.scalar("SELECT count(*) FROM holdings WHERE typeof(holder) <> 'integer'") == 0
        assert store.scalar("SELECT count(*) FROM articles WHERE origin_file <> ''") == 0
        # Article 3 came first from the first file; only 4 was first shown by the second.
        a, b = str(first.resolve()), str(second.resolve())
        assert sorted(_origins(store).values()) == [(a, 1), (a, 2), (a, 3), (b, 2)]
    finally:
        store.close()


def test_a_schema_6_store_keeps_what_each_file_holds_and_imports_on(tmp_path: Path) -> None:
    first = _write(tmp_path / "news" / "first.jsonl", [1, 2, 3])
    second = _write(tmp_path / "news" / "second.jsonl", [3, 4])
    path, state = tmp_path / "store.sqlite3", tmp_path / "state.sqlite3"
    store = Store(path, state)
    import_sources(store, [first, second])
    holdings, origins = store.rows(HOLDINGS), _origins(store)
    store.close()
    back_to_schema(path, 6)

    store = Store(path, state)
    try:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert store.rows(HOLDINGS) == holdings
        # Articles stored before keep their file's name in full; it reads the same.
        assert store.scalar("SELECT count(*) FROM articles WHERE origin_file <> ''") == 4
        assert _origins(store) == origins
        again = import_sources(store, [first, second])
        assert (again.imported, again.removed, again.skipped_files) == (0, 0, 2)
        # The first file drops article 3 (still in the second) and article 1 (in no other).
        _write(first, [2, 5])
        os.utime(first, ns=(1, 1))
        summary = import_sources(store, [first, second])
        assert (summary.imported, summary.removed) == (1, 1)
        ids = {r[0] for r in store.rows("SELECT url FROM articles")}
        assert ids == {f"https://example.test/water/{n}" for n in (2, 3, 4, 5)}
        # Article 3 was shown with the first file's text: it now shows the second's.
        three = store.rows("SELECT id FROM articles WHERE url LIKE '%/3'")[0][0]
        shown = store.article(three)
        assert shown is not None and shown.origin_file == str(second.resolve())
    finally:
        store.close()
