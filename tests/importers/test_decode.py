"""Tests for tui.importers.decode: the encodings Arabic dumps arrive in."""

from __future__ import annotations

import codecs

import pytest

from tui.importers.decode import NotText, decode, detect_encoding

TEXT = "«عاجل» أمطار غزيرة على أسوان (2025)\nتاريخ النشر: 8 مايو 2025\nنص الخبر هنا.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("cp1256"), "cp1256"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1256"],
)
def test_encoding_is_detected(data: bytes, expected: str) -> None:
    assert detect_encoding(data) == expected
    assert decode(data) == TEXT


def test_a_character_cut_at_the_end_of_the_sample_is_still_utf8() -> None:
    data = TEXT.encode("utf-8")
    cut = data[: data.index("أسوان".encode()) + 1]  # half of alef with hamza
    assert detect_encoding(cut) == "utf-8"


def test_crlf_and_lone_cr_become_newlines() -> None:
    assert decode("سطر\r\nسطر ثان\rثالث\n".encode()) == "سطر\nسطر ثان\nثالث\n"


def test_crlf_in_utf16_and_cp1256() -> None:
    text = TEXT.replace("\n", "\r\n")
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == TEXT
    assert decode(text.encode("cp1256")) == TEXT


def test_the_bom_is_not_part_of_the_text() -> None:
    assert not decode(codecs.BOM_UTF8 + TEXT.encode()).startswith("\ufeff")
    assert not decode(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")).startswith("\ufeff")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        bytes(range(256)) * 4,
        b"%PDF-1.7\n" + bytes(range(32)) * 8,
    ],
    ids=["png", "all-bytes", "control-heavy"],
)
def test_binary_is_not_text(data: bytes) -> None:
    with pytest.raises(NotText, match="binary"):
        detect_encoding(data)


def test_invalid_utf16_names_the_byte() -> None:
    data = codecs.BOM_UTF16_LE + "نص".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(NotText, match=r"invalid utf-16 at byte \d+"):
        decode(data)


def test_cp1256_with_latin_names_is_still_cp1256() -> None:
    text = "شركة Apple تطلق iPhone 16 في الأسواق العربية بسعر 799 دولارا.\n"
    assert detect_encoding(text.encode("cp1256")) == "cp1256"
    assert decode(text.encode("cp1256")) == text


def test_utf8_with_a_stray_byte_is_not_taken_for_cp1256() -> None:
    """Read as Windows-1256, UTF-8 Arabic turns into mojibake that still looks Arabic."""
    data = TEXT.encode("utf-8") + b"\xff" + "فقرة أخيرة.\n".encode()
    assert detect_encoding(data) == "utf-8"
    with pytest.raises(NotText, match=r"invalid utf-8 at byte \d+"):
        decode(data)
