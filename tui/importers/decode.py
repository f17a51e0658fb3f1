"""Bytes to text: the encodings Arabic news dumps arrive in."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

SNIFF = 64 * 1024


class NotText(ValueError):
    """The bytes are not text in any encoding we read."""


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 50)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


def _mostly_utf8(sample: bytes) -> bool:
    """Whether the sample's multi-byte characters are valid UTF-8 with rare exceptions.

    Windows-1256 Arabic read as UTF-8 gives about fifty errors for each valid character.
    """
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    return good > 2 * bad


def detect_encoding(sample: bytes) -> str:
    """The codec for a file that begins with `sample`.

    A BOM decides; then UTF-8 when the sample is valid UTF-8 (a character cut at the end of
    the sample is allowed); then Windows-1256 when that reads as Arabic, which is what Arabic
    Windows tools write; charset-normalizer has the last word on anything else.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_binary(sample):
        raise NotText("binary file, not text")
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3 and error.reason.startswith("unexpected end"):
            return "utf-8"
    if _mostly_utf8(sample):
        # A stray bad byte in UTF-8 text: read as Windows-1256 it would all be mojibake.
        return "utf-8"
    try:
        if _arabic_share(sample.decode("cp1256")) > 0.5:
            return "cp1256"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample).best()
    if best is None:
        raise NotText("not text in any known encoding")
    return best.encoding


def decode(data: bytes) -> str:
    """The text of a whole file, with line endings made `\\n`."""
    encoding = detect_encoding(data[:SNIFF])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotText(f"invalid {encoding} at byte {error.start}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
