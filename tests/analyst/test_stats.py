"""The shape of a filter: totals, a timeline whose step follows the span, top sources and
keywords, all from indexes."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from pathlib import Path

from tui.search.query import parse_query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.stats import filter_shape, period_for, period_label, timeline

D = datetime.date


def test_the_step_follows_the_span() -> None:
    assert period_for(D(2025, 1, 1), D(2025, 2, 15)) == "day"
    assert period_for(D(2025, 1, 1), D(2025, 9, 1)) == "week"
    assert period_for(D(2023, 1, 1), D(2025, 9, 1)) == "month"


def test_labels_are_days_iso_weeks_and_months() -> None:
    assert period_label(D(2025, 5, 8), "day") == "2025-05-08"
    assert period_label(D(2025, 5, 8), "week") == "2025-W19"
    # ISO weeks: 2024-12-30 belongs to the first week of 2025.
    assert period_label(D(2024, 12, 30), "week") == "2025-W01"
    assert period_label(D(2025, 5, 8), "month") == "2025-05"


def test_a_timeline_has_every_period_between_first_and_last() -> None:
    period, rows = timeline({D(2025, 1, 30): 2, D(2025, 1, 31): 1, D(2025, 4, 10): 4})
    assert period == "week"
    assert rows[0] == ("2025-W05", 3)
    assert rows[-1] == ("2025-W15", 4)
    assert len(rows) == 11 and sum(n for _, n in rows) == 7
    assert timeline({}) == ("day", [])
    assert timeline({D(2020, 1, 5): 1, D(2022, 3, 1): 1})[1][1] == ("2020-02", 0)


def _store(tmp_path: Path, records: list[dict[str, object]]) -> Store:
    source = tmp_path / "dump.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    import_sources(store, [source])
    return store


def test_the_shape_counts_what_the_query_finds(tmp_path: Path) -> None:
    records = [
        {
            "title": f"خبر {n}",
            "body": [f"نص عن أسوان {n}" if n % 2 else f"نص {n}"],
            "date": f"2025-03-{1 + n:02d}",
            "source": ["الأهرام", "صحيفة الوادي", "الأهرام"][n % 3],
            "keywords": ["مياه", "زراعة"][: 1 + n % 2],
        }
        for n in range(9)
    ] + [{"title": "بلا تاريخ", "body": ["أسوان"], "source": "الأهرام", "keywords": ["مياه"]}]
    store = _store(tmp_path, records)
    try:
        shape = filter_shape(store, parse_query(""))
        assert shape.total == 10 and shape.undated == 1
        assert shape.period == "day" and len(shape.by_period) == 9
        assert shape.sources == [("الأهرام", 7), ("صحيفة الوادي", 3)]
        assert shape.keywords == [("مياه", 10), ("زراعة", 4)]
        narrow = filter_shape(store, parse_query("أسوان"))
        assert narrow.total == 5 and narrow.undated == 1
        assert narrow.by_period[0] == ("2025-03-02", 1) and narrow.by_period[1][1] == 0
        expected = Counter(["صحيفة الوادي", "الأهرام", "الأهرام", "صحيفة الوادي", "الأهرام"])
        assert dict(narrow.sources) == dict(expected)
        assert dict(narrow.keywords) == {"مياه": 5, "زراعة": 4}
        assert filter_shape(store, parse_query(""), top=1).keywords == [("مياه", 10)]
        # Most of the store: counted as all the keywords less those of the few others.
        store.set_mark(store.results(parse_query("زراعة")).window(0, 1)[0].id, read=True)
        unread = filter_shape(store, parse_query("is:unread"))
        assert unread.total == 9 and dict(unread.keywords) == {"مياه": 9, "زراعة": 3}
        assert filter_shape(store, parse_query("-#مياه")).keywords == []
        assert json.loads(json.dumps(narrow.as_json()))["by_period"][0] == ["2025-03-02", 1]
    finally:
        store.close()


def test_the_shape_is_counted_from_indexes(sample_store: Store) -> None:
    """The plans SQLite picks: dates and sources from the kept counts, keywords by article
    (the keywords' key) or all of them from their index; no article row is read."""
    from tui.store.stats import _ALL_KEYWORDS, _CELLS, _KEYWORDS_OF

    def plan(sql: str, params: list[object]) -> str:
        return " ".join(str(r[-1]) for r in sample_store.rows(f"EXPLAIN QUERY PLAN {sql}", params))

    where, params = sample_store.where(parse_query("source:الوادي after:2025-01-01"))
    cells = plan(_CELLS.format(where), params)
    assert "PRIMARY KEY (sort_date>?)" in cells, cells  # shape_cells' key: a range of days
    of = plan(_KEYWORDS_OF.format("SELECT value FROM json_each(?)"), ["[1, 2]"])
    assert "SEARCH k USING PRIMARY KEY" in of, of
    assert "keywords_by_norm" in plan(_ALL_KEYWORDS, [])
