"""qari's own joining gives exactly what arabic-reshaper gives, on every letter and on text made
of letters, tatweels, lam-alefs, digits, Latin and punctuation; anything else goes to it."""

from __future__ import annotations

import re

import pytest
from arabic_reshaper.arabic_reshaper import HARAKAT_RE
from arabic_reshaper.letters import LETTERS_ARABIC
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text import shaping
from tui.text.shaping import _FORMS, _HARAKA, _JOINED_HERE, _join, reshaper, shape

# What the reshaper gets from qari: no ZWJs (display.py takes them out first).
LETTERS = sorted(_FORMS)
PASSED = [chr(c) for c in range(0x110000) if re.fullmatch(_JOINED_HERE, chr(c))]
HARAKAT = ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u0615"]
OTHERS = ["\u06d6", "\u08d4", "\u067e", "\u06af", "\u0671", "\u06cc", "\u200c", "\ufefb"]


def reshaped(text: str) -> str:
    result: str = reshaper().reshape(text)
    return result


def test_every_letter_joined_here_has_the_reshapers_forms() -> None:
    for letter in LETTERS:
        assert _FORMS[letter] == LETTERS_ARABIC[letter], hex(ord(letter))
    assert len(LETTERS) == 37  # hamza to yeh, and the tatweel


def test_what_passes_unshaped_is_neither_a_letter_nor_a_haraka_to_the_reshaper() -> None:
    for char in PASSED:
        if char not in _FORMS:
            is_haraka = bool(_HARAKA.match(char))
            assert char not in LETTERS_ARABIC, hex(ord(char))
            assert bool(HARAKAT_RE.match(char)) == is_haraka, hex(ord(char))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "بدء أعمال القطار السريع بين المدن الكبرى",
        "لا إله إلا الله",  # lam-alefs of every kind, and الله without its ligature
        "للأطفال والآباء الإسلامية",
        "الري الحديث يخفض استهلاك المياه بنسبة 49%",
        "Apple تطلق iPhone 16 بميزات…",
        "ـبـ لـ ـل ء ءب بء",  # tatweels, hamza, letters cut from their words
        "«هل» (يعود) ؟ ، ؛ ١٢٣",
        "تعليم العرض كله مقروءاً",
        "َبِسْمِ لَّا لاً مُحَمَّدٌ",  # harakat first, on a lam, on an alef of a lam-alef
    ],
)
def test_text_joined_here_is_shaped_as_the_reshaper_shapes_it(text: str) -> None:
    assert _JOINED_HERE.fullmatch(text)
    assert shape(text) == _join(text) == reshaped(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*LETTERS, *HARAKAT, "\u0644", "\u0627", " ", "a", "."])))
def test_any_text_of_these_letters_is_shaped_as_the_reshaper_shapes_it(text: str) -> None:
    assert _join(text) == reshaped(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*LETTERS[:12], "\u0644", *OTHERS, " "])))
def test_text_with_anything_else_goes_to_the_reshaper(text: str) -> None:
    assert shape(text) == reshaped(text)


def test_a_configuration_file_of_the_reshapers_sends_all_text_to_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    class Recording:
        def reshape(self, text: str) -> str:
            calls.append(text)
            return text

    monkeypatch.setattr(shaping, "_OWN_CONFIGURATION", True)
    monkeypatch.setattr(shaping, "reshaper", lambda: Recording())
    assert shape("كتب") == "كتب"
    assert calls == ["كتب"]
