"""The shape's fast paths (counts the store keeps, marks, complements) against a plain count
of every article the query's condition selects, on random stores that imports change."""

from __future__ import annotations

import datetime
import json
import random
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from support import back_to_previous_schema, bits_are_exact

from tui.search.query import parse_query
from tui.store import keyword_bits, keyword_facets, stats
from tui.store.db import Store
from tui.store.facets import cell_counts, numbers
from tui.store.importing import import_sources
from tui.store.schema import SCHEMA_VERSION
from tui.store.stats import filter_shape, timeline
from tui.text.normalize import normalize

WORDS = ["مياه", "كهرباء", "زراعة", "تعليم", "صحة", "نفط", "ذهب", "قمح"]
SOURCES = ["الأهرام", "صحيفة الوادي", "الوطن", "أخبار اليوم"]
KEYWORDS = ["أسوان", "الطاقة الشمسية", "السد", "الموانئ", "القمح"]


def _record(rng: random.Random, n: int) -> dict[str, object]:
    record: dict[str, object] = {
        "title": f"{rng.choice(WORDS)} {rng.choice(WORDS)} رقم {n}",
        "body": [" ".join(rng.choices(WORDS, k=5)), f"فقرة {n}"],
        "source": rng.choice(SOURCES + [""]),
        "keywords": rng.sample(KEYWORDS, rng.randint(0, 3)),
    }
    if rng.random() < 0.9:
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(120))
        record["date"] = day.isoformat()
    return record


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))


def _query(rng: random.Random) -> str:
    parts = [
        lambda: rng.choice(WORDS),
        lambda: "-" + rng.choice(WORDS),
        lambda: f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"',
        lambda: f'source:"{rng.choice(SOURCES)}"',
        lambda: f'-source:"{rng.choice(SOURCES)}"',
        lambda: f'#"{rng.choice(KEYWORDS)}"',
        lambda: f'-#"{rng.choice(KEYWORDS)}"',
        lambda: f"after:2024-0{rng.randint(1, 4)}-1{rng.randint(0, 9)}",
        lambda: f"before:2024-0{rng.randint(1, 4)}-2{rng.randint(0, 8)}",
        lambda: "is:" + rng.choice(["read", "unread", "starred", "unstarred"]),
    ]
    return " ".join(rng.choice(parts)() for _ in range(rng.choice([0, 1, 1, 2, 2, 3])))


def _plain_shape(
    store: Store, text: str
) -> tuple[int, int, list[object], Counter[str], Counter[str]]:
    """What the shape must say, counted article by article from the query's condition."""
    where, params = store.where(parse_query(text))
    found = {r[0] for r in store.rows(f"SELECT a.rowid FROM articles a WHERE {where}", params)}
    days: Counter[datetime.date] = Counter()
    sources: Counter[str] = Counter()
    undated = 0
    for rowid, sort_date, source in store.rows(
        "SELECT rowid, sort_date, source_norm FROM articles"
    ):
        if rowid in found:
            if source:
                sources[source] += 1
            if sort_date:
                days[datetime.date.fromisoformat(sort_date)] += 1
            else:
                undated += 1
    keywords: Counter[str] = Counter(
        norm
        for rowid, norm in store.rows("SELECT article_rowid, norm FROM keywords")
        if rowid in found
    )
    return len(found), undated, list(timeline(dict(days))), sources, keywords


def _check(store: Store, rng: random.Random, queries: int) -> None:
    for text in ["", "is:unread", "is:read", "is:starred", "is:unstarred"] + [
        _query(rng) for _ in range(queries)
    ]:
        shape = filter_shape(store, parse_query(text), top=0)
        total, undated, period_rows, sources, keywords = _plain_shape(store, text)
        assert (shape.total, shape.undated) == (total, undated), text
        assert [shape.period, shape.by_period] == period_rows, text
        assert Counter({normalize(s): n for s, n in shape.sources}) == sources, text
        assert Counter({normalize(k): n for k, n in shape.keywords}) == keywords, text
        counts = [n for _, n in shape.sources + shape.keywords]
        assert all(n > 0 for n in counts), text
        # The top few (the common keywords' bits, when the filter is big enough): the
        # same as the first few of all.
        for top in (1, 3):
            first = filter_shape(store, parse_query(text), top=top)
            assert first == shape._replace(
                sources=shape.sources[:top], keywords=shape.keywords[:top]
            ), text


def _kept_counts_are_exact(store: Store) -> None:
    by_cell = "SELECT sort_date, source_norm, count(*) FROM articles GROUP BY 1, 2 ORDER BY 1, 2"
    assert store.rows("SELECT sort_date, source_norm, n FROM shape_cells ORDER BY 1, 2") == (
        store.rows(by_cell)
    )
    bits_are_exact(store)
    ids = [r[0] for r in store.rows("SELECT id FROM shape_cells")]
    assert len(set(ids)) == len(ids)
    # Every article's cell number names its own day and source.
    with store.reading() as db:
        rowids = [r for (r,) in db.execute("SELECT rowid FROM articles")]
        known = numbers(db)
    assert known is not None
    counts = cell_counts(known, rowids)
    assert counts == Counter({(d, s): n for d, s, n in store.rows(by_cell)})
    # Each keyword's count and number, and every article's keywords as numbers.
    every = Counter(
        norm
        for (norm,) in store.rows(
            "SELECT k.norm FROM keywords k JOIN articles a ON a.rowid = k.article_rowid"
        )
    )
    assert Counter(dict(store.rows("SELECT norm, n FROM shape_keywords"))) == every
    keyword_ids = [r[0] for r in store.rows("SELECT id FROM shape_keywords")]
    assert len(set(keyword_ids)) == len(keyword_ids)
    with store.reading() as db:
        for rowid in rowids:
            assert keyword_facets.counts(db, [rowid]) == Counter(
                norm
                for (norm,) in db.execute(
                    "SELECT norm FROM keywords WHERE article_rowid = ?", (rowid,)
                )
            )
        assert keyword_facets.counts(db, sorted(rowids)) == every


@pytest.mark.parametrize("seed", range(4))
def test_the_shape_is_what_a_plain_count_finds(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(keyword_facets, "CHUNK", 7)  # many chunks in a small store
    monkeypatch.setattr(keyword_facets, "_BATCH", 2)  # keywords looked up in many batches
    if seed % 2:
        monkeypatch.setattr(stats, "SPLIT_FROM", 1)  # keywords counted in two halves
    # Keywords carried by a few articles have bits, and every filter's top keywords are
    # counted from them.
    monkeypatch.setattr(keyword_bits, "LEAST", 2 + seed)
    monkeypatch.setattr(stats, "BITS_FROM", 1)
    records = [_record(rng, n) for n in range(rng.randint(30, 120))]
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _write(first, records[: len(records) // 2])
    _write(second, records[len(records) // 2 :])
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    try:
        import_sources(store, [first, second])
        ids = [r[0] for r in store.rows("SELECT id FROM articles")]
        for article_id in rng.sample(ids, len(ids) // 3):
            store.set_mark(article_id, read=True, starred=rng.random() < 0.3)
        _kept_counts_are_exact(store)
        _check(store, rng, 40)
        # An import that changes articles' dates and sources, drops some and adds others;
        # then a file that leaves: the kept counts follow each.
        changed = [
            dict(r, source=rng.choice(SOURCES)) if rng.random() < 0.3 else r for r in records
        ]
        changed = [r for r in changed if rng.random() < 0.8] + [
            _record(rng, 1000 + n) for n in range(10)
        ]
        _write(first, changed[: len(changed) // 2])
        import_sources(store, [first, second])
        _kept_counts_are_exact(store)
        _check(store, rng, 20)
        second.unlink()
        import_sources(store, [first, second])
        _kept_counts_are_exact(store)
        _check(store, rng, 20)
    finally:
        store.close()


@pytest.mark.parametrize("version", [SCHEMA_VERSION - 1, 5])
def test_an_older_store_gains_the_counts_on_opening(
    tmp_path: Path, version: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyword_facets, "CHUNK", 7)  # many chunks in a small store
    monkeypatch.setattr(keyword_bits, "LEAST", 3)
    monkeypatch.setattr(keyword_bits, "CHUNK", 16)
    rng = random.Random(7)
    source = tmp_path / "a.jsonl"
    _write(source, [_record(rng, n) for n in range(40)])
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    import_sources(store, [source])
    expected = filter_shape(store, parse_query(""), top=0)
    store.close()
    back_to_previous_schema(tmp_path / "store.sqlite3", version)
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    try:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        _kept_counts_are_exact(store)
        assert filter_shape(store, parse_query(""), top=0) == expected
        _check(store, rng, 20)
        _write(source, [_record(rng, n) for n in range(20)])
        import_sources(store, [source])
        _kept_counts_are_exact(store)
    finally:
        store.close()


def test_odd_keywords_and_writes_behind_the_stores_back_are_counted_too(tmp_path: Path) -> None:
    """A keyword holding the separator the counting joins with; an article written on a
    connection of its own, whose cell number is not kept until the next import."""
    rng = random.Random(3)
    records = [_record(rng, n) for n in range(30)]
    records[0]["keywords"] = ["سد\x1fأسوان", "أسوان"]
    records[1]["keywords"] = ["أسوان", "اسوان", "السد"]  # one keyword twice, as written
    source = tmp_path / "a.jsonl"
    _write(source, records)
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    try:
        import_sources(store, [source])
        _check(store, rng, 10)
        _kept_counts_are_exact(store)
        db = sqlite3.connect(tmp_path / "store.sqlite3")
        db.execute(
            "INSERT INTO articles (id, title, title_norm, body, digest, sort_date, source_norm)"
            " VALUES ('x', 'خبر', 'خبر', '', '', '2024-02-02', 'الوطن')"
        )
        db.commit()
        db.close()
        assert store.scalar("SELECT count(*) FROM shape_dirty") == 1
        _check(store, rng, 10)
        _write(source, records[1:])
        import_sources(store, [source])
        assert store.scalar("SELECT count(*) FROM shape_dirty") == 0
        _kept_counts_are_exact(store)
        _check(store, rng, 10)
    finally:
        store.close()
