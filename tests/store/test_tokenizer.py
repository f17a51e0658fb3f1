"""The full-text index of a new store splits the terms it is given with FTS5's `ascii`
tokenizer, older stores with `unicode61`: on Arabic and Latin text both must hold exactly
the terms qari gave them, so that a store of either kind finds the same articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support import ARABIC, MARKS, TRICKY

from tui.store.db import Store
from tui.text.pieces import joined_terms

TOKENIZERS = ("ascii", "unicode61 remove_diacritics 0")


def _instances(terms: list[str]) -> list[list[tuple[str, int, int]]]:
    """Each term FTS5 stored, with its document and offset, under each tokenizer."""
    db = sqlite3.connect(":memory:")
    found = []
    for number, tokenizer in enumerate(TOKENIZERS):
        db.execute(f"CREATE VIRTUAL TABLE f{number} USING fts5 (t, tokenize = '{tokenizer}')")
        db.execute(f"CREATE VIRTUAL TABLE v{number} USING fts5vocab (f{number}, instance)")
        db.executemany(f"INSERT INTO f{number} (rowid, t) VALUES (?, ?)", enumerate(terms, 1))
        found.append(
            db.execute(f"SELECT term, doc, offset FROM v{number} ORDER BY 2, 3").fetchall()
        )
    return found


@settings(max_examples=300)
@given(st.lists(st.text(alphabet=ARABIC + MARKS + TRICKY), max_size=4))
def test_both_tokenizers_hold_the_terms_qari_gives(texts: list[str]) -> None:
    terms = [joined_terms(text) for text in texts]
    ascii_held, unicode_held = _instances(terms)
    assert ascii_held == unicode_held
    # ... and those are the terms, one by one, in order.
    assert [term for term, _, _ in ascii_held] == " ".join(t for t in terms if t).split()


@given(st.lists(st.text(), max_size=4))
def test_the_ascii_tokenizer_holds_the_terms_of_any_text(texts: list[str]) -> None:
    """Exactly the terms qari gave, whatever the script. (`unicode61` does not: it drops
    combining marks newer than its Unicode 6.1 tables, as in "0\u093a", on the index and on
    the query alike, so an older store is consistent with itself.)"""
    terms = [joined_terms(text) for text in texts]
    ascii_held, _ = _instances(terms)
    assert [term for term, _, _ in ascii_held] == " ".join(t for t in terms if t).split()


def test_a_new_store_indexes_with_the_ascii_tokenizer(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", tmp_path / "state.db")
    (sql,) = store.rows("SELECT sql FROM sqlite_master WHERE name = 'fts'")[0]
    assert "tokenize = 'ascii'" in sql
