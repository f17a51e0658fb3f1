"""Finding a keyword's articles from the keywords' packed numbers."""

from __future__ import annotations

from pathlib import Path

from tui.store import keyword_facets
from tui.store.db import Store


def test_a_keyword_is_found_only_where_an_article_carries_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    try:
        with store.transaction() as db:
            # Numbers whose bytes hold keyword 1's across two of them (00 00 00 01 | 00 00
            # 00 02: 01 00 00 00 at the fourth byte), an article with keyword 1 twice, an
            # article with none between, and keyword 1 as the last number of a chunk.
            db.executemany(
                "INSERT INTO shape_keywords (norm, id, n) VALUES (?, ?, ?)",
                [("one", 1, 4), ("big", 0x01000000, 1), ("bigger", 0x02000000, 1)],
            )
            first = [[] for _ in range(keyword_facets.CHUNK)]
            first[3] = [0x01000000, 0x02000000]
            first[4] = [1, 1]
            first[6] = [0x02000000, 1]
            first[-1] = [1]
            keyword_facets._store(db, 0, first)
            second = [[] for _ in range(keyword_facets.CHUNK)]
            second[0] = [1]
            keyword_facets._store(db, 2, second)
        with store.reading() as db:
            found = keyword_facets.carrying(db, "one")
            assert list(found) == [4, 6, keyword_facets.CHUNK - 1, 2 * keyword_facets.CHUNK]
            assert list(keyword_facets.carrying(db, "none")) == []
            assert keyword_facets.counts(db, found) == {"one": 5, "bigger": 1}
    finally:
        store.close()
