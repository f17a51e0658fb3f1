"""Text worked out piece by piece (with a table of known pieces) is what the whole text gives:
the index an import builds is the one `index_terms` describes, and an article's id and copy
key are those its words give."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ARABIC, MARKS, TRICKY

from tui import model
from tui.text.normalize import index_terms, words
from tui.text.pieces import PieceTable, joined_terms, joined_words

TEXT = st.text(alphabet=ARABIC + MARKS + TRICKY)


PIECEWISE = pytest.mark.parametrize(
    ("piecewise", "whole"), [(joined_terms, index_terms), (joined_words, words)]
)


@PIECEWISE
@settings(max_examples=400)
@given(text=TEXT)
def test_piecewise_is_the_whole_text(
    piecewise: Callable[[str], str], whole: Callable[[str], list[str]], text: str
) -> None:
    assert piecewise(text) == " ".join(whole(text))


@PIECEWISE
@given(text=st.text())
def test_piecewise_of_any_text(
    piecewise: Callable[[str], str], whole: Callable[[str], list[str]], text: str
) -> None:
    assert piecewise(text) == " ".join(whole(text))


@given(TEXT, st.lists(TEXT, max_size=4), TEXT)
def test_ids_and_copy_keys_are_those_of_the_words(title: str, body: list[str], source: str) -> None:
    """What ids were before they were worked out piece by piece: stores keep them."""

    def joined(text: str) -> str:
        return " ".join(words(text))

    assert model.copy_key(title, body) == model._hash(
        joined(title) + "\n" + joined(body[0] if body else "")
    )
    assert model.copy_id(title, body) == model._hash(
        "copy\n" + "\n".join([joined(title), *map(joined, body)])
    )
    date = datetime.date(2026, 3, 1)
    text = "\n".join(["text", joined(title), date.isoformat(), joined(source)])
    text += "".join("\n" + joined(paragraph) for paragraph in body)
    expected = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    assert model.content_id(title, body, date, source) == expected


def test_a_full_table_starts_again() -> None:
    table = PieceTable(lambda piece: " ".join(index_terms(piece)), size=2)
    text = "الوزير يصل إلى القاهرة والوزير"
    assert table(text) == " ".join(index_terms(text))
    assert len(table.known) <= 2
    assert table("يصل") == " ".join(index_terms("يصل"))
