"""The index terms worked out piece by piece (with a table of known pieces) are those of the
whole text: the index an import builds is the one `index_terms` describes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.store import terms
from tui.store.terms import joined_terms
from tui.text.normalize import index_terms

ARABIC = "".join(map(chr, [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]))
MARKS = "".join(map(chr, range(0x064B, 0x0653))) + "\u0301\u0308\u0670"
# Whitespace of every kind next to what NFKC and the folds change, split or join.
TRICKY = (
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u00ad\u00b4\u02d8\ufe70\ufe7f\ufefb\ufdf2ـ٠٩۰۹أإآةىکیİßﬁ_-.،«»()"
    "aZ09"
)


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
