"""The shape's top keywords counted from the common keywords' bits (tui/store/keyword_bits.py)
against a plain count of the keyword rows of every article the query's condition selects,
on small stores whose every keyword is made "common", as the bits are kept through writes."""

from __future__ import annotations

import datetime
import tempfile
from array import array
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import bits_are_exact

from tui.search.query import parse_query
from tui.store import bitsets, keyword_bits, saved, stats
from tui.store.db import Store
from tui.store.stats import filter_shape
from tui.text.normalize import index_terms, normalize

WORDS = ["مياه", "كهرباء", "نفط", "ذهب"]
SOURCES = ["الأهرام", "الوطن", "أخبار اليوم"]
KEYWORDS = ["أسوان", "اسوان", "السد", "الطاقة", "القمح", "الموانئ", "النيل"]
FIRST = datetime.date(2024, 1, 1)

article = st.fixed_dictionaries(
    {
        "day": st.one_of(st.none(), st.integers(0, 90)),
        "source": st.sampled_from(SOURCES),
        "words": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        # Drawn with repeats now and then: an article may carry a keyword twice (and
        # «أسوان»/«اسوان» are one keyword once normalised).
        "keywords": st.lists(st.sampled_from(KEYWORDS), max_size=4),
        "read": st.booleans(),
    }
)
query_part = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda w: "-" + w),
    st.sampled_from(KEYWORDS).map(lambda k: f'#"{k}"'),
    st.sampled_from(KEYWORDS).map(lambda k: f'-#"{k}"'),
    st.sampled_from(SOURCES).map(lambda s: f'source:"{s}"'),
    st.integers(0, 90).map(lambda d: f"after:{FIRST + datetime.timedelta(days=d)}"),
    st.integers(0, 90).map(lambda d: f"before:{FIRST + datetime.timedelta(days=d)}"),
    st.sampled_from(["is:read", "is:unread", "is:starred", "is:unstarred"]),
)
queries = st.lists(query_part, min_size=1, max_size=3).map(" ".join)


def _write(store: Store, articles: list[dict[str, object]], start: int) -> None:
    """Articles written as the importer writes them (in a store transaction): rows, keywords,
    index terms; then their marks."""
    with store.transaction() as db:
        for n, a in enumerate(articles, start):
            day = None if a["day"] is None else (FIRST + datetime.timedelta(days=a["day"]))  # type: ignore[arg-type]
            date = day.isoformat() if day else None
            title = " ".join(a["words"])  # type: ignore[arg-type]
            db.execute(
                "INSERT INTO articles (rowid, id, title, title_norm, date, sort_date, source,"
                " source_norm, body, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '')",
                (
                    n,
                    f"a{n}",
                    title,
                    normalize(title),
                    date,
                    date or "",
                    a["source"],
                    normalize(str(a["source"])),
                ),
            )
            db.executemany(
                "INSERT INTO keywords VALUES (?, ?, ?, ?)",
                [(n, i, k, normalize(k)) for i, k in enumerate(a["keywords"])],  # type: ignore[arg-type]
            )
            db.execute(
                "INSERT INTO fts (rowid, terms) VALUES (?, ?)",
                (n, " ".join(index_terms(title))),
            )
    for n, a in enumerate(articles, start):
        if a["read"]:
            store.set_mark(f"a{n}", read=True, starred=n % 3 == 0)


def _plain_top(store: Store, text: str, top: int) -> tuple[int, list[tuple[str, int]]]:
    """The total and the `top` keywords (by count, then name) counted row by row."""
    where, params = store.where(parse_query(text))
    found = {r[0] for r in store.rows(f"SELECT a.rowid FROM articles a WHERE {where}", params)}
    counts = Counter(
        norm
        for rowid, norm in store.rows("SELECT article_rowid, norm FROM keywords")
        if rowid in found
    )
    ranked = sorted(counts.items(), key=lambda c: (-c[1], c[0]))
    return len(found), ranked[:top]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.lists(article, min_size=1, max_size=40),
    second=st.lists(article, max_size=15),
    drop=st.lists(st.integers(1, 40), max_size=10),
    least=st.integers(1, 6),
    texts=st.lists(queries, min_size=1, max_size=6),
    top=st.integers(1, 4),
    chunk=st.sampled_from([16, 512]),
)
def test_the_top_keywords_from_bits_are_what_a_plain_count_finds(
    monkeypatch: pytest.MonkeyPatch,
    first: list[dict[str, object]],
    second: list[dict[str, object]],
    drop: list[int],
    least: int,
    texts: list[str],
    top: int,
    chunk: int,
) -> None:
    monkeypatch.setattr(keyword_bits, "LEAST", least)  # "common": carried `least` times
    # Many rows of bits in a small store (16 rowids a row), or rows of offsets (fewer than
    # 4 articles in 512) and of bits.
    monkeypatch.setattr(keyword_bits, "CHUNK", chunk)
    monkeypatch.setattr(stats, "BITS_FROM", 1)  # the bits for every filter
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store.sqlite3", Path(folder) / "state.sqlite3")
        try:
            _write(store, first, 1)
            bits_are_exact(store)
            # A second import: new articles, some gone, some moved to another day and
            # source; the bits follow, and keywords gain or lose theirs.
            _write(store, second, 100)
            with store.transaction() as db:
                db.executemany("DELETE FROM articles WHERE rowid = ?", [(r,) for r in drop])
                db.execute(
                    "UPDATE articles SET sort_date = '2024-02-02', source_norm = 'الوطن'"
                    " WHERE rowid % 5 = 0"
                )
            bits_are_exact(store)
            expected = []
            texts = ["", *texts]
            for text in texts:
                shape = filter_shape(store, parse_query(text), top=top)
                total, keywords = _plain_top(store, text, top)
                assert shape.total == total, text
                assert [(normalize(k), n) for k, n in shape.keywords] == keywords, text
                # And all of them, counted from the numbers, agree.
                every = filter_shape(store, parse_query(text), top=0)
                assert every.keywords[:top] == shape.keywords, text
                assert every.by_period == shape.by_period, text
                assert every.sources[:top] == shape.sources, text
                # A saved search's counts, from the same matches: as SQL counts them.
                where, params = store.where(parse_query(text))
                read = store.scalar(
                    "SELECT count(*) FROM articles a JOIN state.marks m ON m.article_id = a.id"
                    f" WHERE m.read = 1 AND {where}",
                    params,
                )
                assert saved.counts(store, parse_query(text)) == (total - read, total), text
                expected.append((total - read, total))
            # The pane of saved searches counts them together: the same.
            assert saved.counts_of(store, [parse_query(t) for t in texts]) == expected
        finally:
            store.close()


def test_masks_and_bits_turn_into_each_other() -> None:
    rowids = [0, 1, 7, 8, 63, 64, 999]
    mask = bitsets.mask_of(rowids + [5000], 1000)
    assert [i for i, b in enumerate(mask) if b] == rowids
    bits = bitsets.pack(mask)
    assert bits == sum(1 << r for r in rowids)
    assert bitsets.unpack(bits | 1 << 2000, 1000) == mask
    held = bitsets.held(array("I", [0, 5, 0, 70000, 1 << 24, 0, 0, 1]), 16)
    assert list(held) == [0, 1, 0, 1, 1, 0, 0, 1] + [0] * 8


def test_a_row_keeps_a_few_articles_as_offsets_and_many_as_bits() -> None:
    dense = keyword_bits.CHUNK // 128
    few = list(range(0, 3 * (dense - 1), 3))
    many = list(range(0, keyword_bits.CHUNK, 7))
    assert len(keyword_bits._row(few)) == 2 * len(few) < keyword_bits.CHUNK // 8
    assert len(keyword_bits._row(many)) == keyword_bits.CHUNK // 8
    assert keyword_bits._offsets(keyword_bits._row(few)) == few
    assert keyword_bits._offsets(keyword_bits._row(many)) == many
    assert keyword_bits._row([]) == b""
