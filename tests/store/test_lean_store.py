"""Schema v5: a contentless full-text index and compressed bodies. A v4 store is rewritten in
place (marks, history, holdings and what search finds survive), and the index stays exact
as articles are updated and removed, although it keeps no copy of the terms it holds."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from support import numbers_to_names

from tui.search.query import parse_query
from tui.store import db as store_db
from tui.store import importing
from tui.store.bodies import head, head_bytes, pack
from tui.store.db import Store, body_text
from tui.store.importing import import_sources
from tui.store.schema import _V7, MIGRATIONS, SCHEMA_VERSION, run_script

PARAGRAPH = (
    "وقال وزير الكهرباء إن محطة أسوان الشمسية الجديدة تغطي حاجة خمسين ألف منزل من الطاقة،"
    " وإن المرحلة الثانية من المشروع تبدأ في العام المقبل بتمويل من البنك الدولي."
)
WORDS = ["أسوان", "الكهرباء", "شمسية", '"المرحلة الثانية"', "منزل -الأنباء", "تمويل"]


def _records(tag: str, n: int = 12) -> list[object]:
    return [
        {
            "title": f"خبر {tag} رقم {i} عن محطة أسوان",
            "body": [f"{PARAGRAPH} سابقا ({i})", *([PARAGRAPH] * (i % 4)), f"فقرة {tag} قصيرة"],
            "date": f"2025-03-{i % 28 + 1:02d}",
            "source": "وكالة الأنباء" if i % 2 else "صحيفة الوادي",
            "keywords": ["الطاقة", f"وسم {i % 3}"],
            "url": f"https://example.test/{tag}/{i}",
        }
        for i in range(n)
    ]


def _found(store: Store) -> dict[str, list[str]]:
    return {
        text: [row.id for row in store.results(parse_query(text)).window(0, 100)] for text in WORDS
    }


def _integrity(path: Path) -> None:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        db.execute("INSERT INTO fts (fts) VALUES ('integrity-check')")
    finally:
        db.close()


def _v4_store(root: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store as qari wrote it at schema 4: the index holding a copy of its terms, bodies
    kept as text. Today's importer numbers its holders, so the store has them until
    `_name_holders` names them as schema 4 did."""
    to_v4 = MIGRATIONS[3]
    with monkeypatch.context() as patched:
        patched.setattr(store_db, "SCHEMA_VERSION", 4)
        patched.setitem(MIGRATIONS, 3, lambda db: (to_v4(db), run_script(db, _V7)))
        patched.setattr(importing, "pack", lambda text, raw=None, level=None: None)
        patched.setattr(importing, "_same_terms", lambda store: None)  # (no such table in v4)
        store = Store(root / "store.sqlite3", root / "state.sqlite3")
        import_sources(store, sources)
    return store


def _name_holders(path: Path) -> None:
    db = sqlite3.connect(path)
    numbers_to_names(db)
    db.commit()
    db.close()


HOLDINGS = (
    "SELECT h.name, o.article_id, o.line, o.copy FROM holdings o"
    " JOIN holders h ON h.id = o.holder ORDER BY 1, 2"
)


def test_a_v4_store_is_rewritten_keeping_marks_history_holdings_and_search(
    tmp_path: Path,
    write_jsonl: Callable[[Path, Sequence[object]], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [
        write_jsonl(tmp_path / "src" / "a.jsonl", _records("a")),
        write_jsonl(tmp_path / "src" / "b.jsonl", _records("b")),
    ]
    old = _v4_store(tmp_path, files, monkeypatch)
    assert old.scalar("PRAGMA user_version") == 4
    assert old.scalar("SELECT count(*) FROM articles WHERE body_z IS NOT NULL") == 0
    ids = [r[0] for r in old.rows("SELECT id FROM articles ORDER BY rowid")]
    old.set_mark(ids[0], starred=True)
    old.record_opened(ids[1])
    found = _found(old)
    articles = {i: old.article(i) for i in ids}
    holdings = old.rows(HOLDINGS)
    old.close()
    _name_holders(tmp_path / "store.sqlite3")

    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.rows("SELECT name FROM sqlite_master WHERE name = 'fts_terms'") == []
    (fts_sql,) = store.rows("SELECT sql FROM sqlite_master WHERE name = 'fts'")[0]
    assert "content = ''" in fts_sql
    # Every body long enough to pay is compressed, and reads back as it was.
    assert store.scalar("SELECT count(*) FROM articles WHERE body_z IS NULL") == 0
    assert {i: store.article(i) for i in ids} == articles
    assert _found(store) == found
    assert all(found.values())
    assert store.rows(HOLDINGS) == holdings
    assert store.history() == [ids[1]]
    assert store.article(ids[0]).starred and store.article(ids[1]).read  # type: ignore[union-attr]
    # The moved index can be taken from: an edited file updates and removes articles.
    write_jsonl(files[0], _records("a", 8)[::-1])
    os.utime(files[0], ns=(1, 1))
    summary = import_sources(store, files)
    assert (summary.removed, summary.unchanged) == (4, 20)
    assert _found(store)["أسوان"] == [i for i in found["أسوان"] if store.article(i) is not None]
    store.close()
    _integrity(tmp_path / "store.sqlite3")


def test_updates_and_removals_leave_no_trace_in_the_index(
    tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    path = tmp_path / "a.jsonl"
    store = Store(tmp_path / "s.sqlite3", tmp_path / "st.sqlite3")
    write_jsonl(path, _records("a"))
    import_sources(store, [path])
    changed = _records("a")
    for record in changed[:6]:
        record["body"][0] = "نص جديد عن سد النهضة"  # type: ignore[index]
    write_jsonl(path, changed[3:])
    os.utime(path, ns=(2, 2))
    summary = import_sources(store, [path])
    assert (summary.updated, summary.removed) == (3, 3)
    assert store.count() == 9
    assert len(store.results(parse_query("النهضة")).window(0, 100)) == 3
    # Only what is stored now is found: no index entry outlives its article's old text.
    assert store.scalar("SELECT count(*) FROM fts") == 9
    assert len(store.results(parse_query("سابقا")).window(0, 100)) == 6
    store.close()
    _integrity(tmp_path / "s.sqlite3")


def test_bodies_are_compressed_when_it_pays() -> None:
    assert pack("قصير") is None
    packed = pack(PARAGRAPH * 3)
    assert packed is not None and len(packed) < len((PARAGRAPH * 3).encode())
    assert body_text(packed) == PARAGRAPH * 3


@pytest.mark.parametrize("chars", [0, 1, 10, 150, 3000])
def test_the_head_of_a_body_is_read_from_the_start_of_what_is_stored(chars: int) -> None:
    text = "\n".join(f"{PARAGRAPH} {n}" for n in range(40))
    packed = pack(text)
    assert packed is not None
    assert head(packed[: head_bytes(chars)], chars) == text[:chars]
    assert head(text, chars) == text[:chars]
    # A huge body: several streams, each a run of whole paragraphs.
    streams = b"".join(p for p in (pack(text[:5000]), pack(text[5001:])) if p)
    assert head(streams, chars) == text[:chars]


def test_an_index_made_with_other_terms_is_built_anew_before_writing(
    tmp_path: Path,
    write_jsonl: Callable[[Path, Sequence[object]], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", _records("a"))
    store = Store(tmp_path / "s.sqlite3", tmp_path / "st.sqlite3")
    import_sources(store, [path])
    # A qari whose words stem otherwise: every term gains a letter.
    real = importing.joined_terms
    monkeypatch.setattr(
        importing, "joined_terms", lambda text: " ".join(t + "ز" for t in real(text).split())
    )
    monkeypatch.setattr(importing, "terms_version", lambda: "other")
    changed = _records("a")
    for record in changed[:6]:
        record["body"][0] = "نص جديد عن سد النهضة"  # type: ignore[index]
    write_jsonl(path, changed[2:])
    os.utime(path, ns=(2, 2))
    summary = import_sources(store, [path])
    assert (summary.updated, summary.removed) == (4, 2)
    assert store.rows("SELECT version FROM index_terms") == [("other",)]
    # What the index holds is all of the new kind.
    assert store.scalar("SELECT count(*) FROM fts WHERE fts MATCH 'سابقاز'") == 6
    assert store.scalar("SELECT count(*) FROM fts WHERE fts MATCH 'سابقا'") == 0
    store.close()
    _integrity(tmp_path / "s.sqlite3")
