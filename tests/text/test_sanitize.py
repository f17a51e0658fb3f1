"""Tests for tui.text.sanitize: what untrusted text may send to a terminal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.sanitize import sanitize

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
FORBIDDEN = (
    {chr(code) for code in range(0x20) if code != 0x0A}
    | {"\x7f"}
    | {chr(code) for code in range(0x80, 0xA0)}
    | set(BIDI_CONTROLS)
    | {chr(code) for code in range(0xD800, 0xE000)}
)


@pytest.mark.parametrize("code", [c for c in range(0x20) if c not in (0x09, 0x0A)])
def test_each_c0_control_is_dropped(code: int) -> None:
    assert sanitize(f"قنا{chr(code)}وطن") == "قناوطن"


@pytest.mark.parametrize("code", range(0x80, 0xA0))
def test_each_c1_control_is_dropped(code: int) -> None:
    assert sanitize(f"قنا{chr(code)}وطن") == "قناوطن"


def test_delete_is_dropped() -> None:
    assert sanitize("a\x7fb") == "ab"


def test_lone_surrogates_are_dropped() -> None:
    assert sanitize("قنا\udcff\ud800") == "قنا"


def test_tab_becomes_a_space_and_carriage_return_goes() -> None:
    assert sanitize("a\tb\r\nc") == "a b\nc"


def test_newlines_are_kept_unless_one_line() -> None:
    assert sanitize("سطر\nسطر") == "سطر\nسطر"
    assert sanitize("سطر\nسطر", one_line=True) == "سطر سطر"


def test_one_line_turns_each_run_of_line_and_paragraph_separators_into_one_space() -> None:
    assert sanitize("a\n\nb\u2028c\u2029d\r\ne", one_line=True) == "a b c d e"
    assert sanitize("a\u2028b") == "a\u2028b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mأحمر\x1b[0m", "أحمر"),
        ("\x1b[1;2Hx", "x"),
        ("\x1b[?25lx\x1b[?1049h", "x"),
        ("\x1b[38;2;255;0;0mx", "x"),
        ("\x1b]0;عنوان\x07نص", "نص"),
        ("\x1b]8;;https://example.com\x1b\\رابط\x1b]8;;\x1b\\", "رابط"),
        ("\x1bP1$r0m\x1b\\x", "x"),
        ("\x1b_apc\x1b\\x", "x"),
        ("\x1b(Bx", "x"),
        ("\x1b7x\x1b8", "x"),
        ("\x1bcx", "x"),
        ("\x9b31mx", "x"),
        ("\x9d0;title\x9cx", "x"),
        ("x\x1b", "x"),
    ],
)
def test_escape_sequences_are_removed_whole(text: str, expected: str) -> None:
    assert sanitize(text) == expected


def test_an_unterminated_osc_loses_only_its_introducer() -> None:
    assert sanitize("\x1b]0;بقية المقال") == "0;بقية المقال"


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_bidi_controls_are_dropped(control: str) -> None:
    assert sanitize(f"{control}Apple{control} تطلق") == "Apple تطلق"


def test_text_that_needs_no_cleaning_is_unchanged() -> None:
    text = "«مستقبل وطن» بقنا: 8th, May 2025\u00a0GMT — مُحَمَّد ب\u200cب ﷲ"
    assert sanitize(text) == text


@settings(max_examples=200)
@given(st.text(), st.booleans())
def test_nothing_forbidden_survives_and_sanitizing_twice_changes_nothing(
    text: str, one_line: bool
) -> None:
    clean = sanitize(text, one_line=one_line)
    assert not FORBIDDEN & set(clean)
    if one_line:
        assert not {"\n", "\u2028", "\u2029"} & set(clean)
    assert sanitize(clean, one_line=one_line) == clean
