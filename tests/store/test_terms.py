"""The index terms worked out piece by piece (with a table of known pieces) are those of the
whole text: the index an import builds is the one `index_terms` describes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ARABIC, MARKS, TRICKY

from tui.store import terms
from tui.store.terms import joined_terms
from tui.text.normalize import index_terms


@settings(max_examples=400)
@given(st.text(alphabet=ARABIC + MARKS + TRICKY))
def test_piecewise_terms_are_the_whole_texts(text: str) -> None:
    assert joined_terms(text) == " ".join(index_terms(text))


@given(st.text())
def test_piecewise_terms_of_any_text(text: str) -> None:
    assert joined_terms(text) == " ".join(index_terms(text))


def test_a_full_table_starts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "PIECES", 2)
    monkeypatch.setattr(terms, "_known", {})
    text = "الوزير يصل إلى القاهرة والوزير"
    assert joined_terms(text) == " ".join(index_terms(text))
    assert len(terms._known) <= 2
