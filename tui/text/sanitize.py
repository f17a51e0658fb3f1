"""Make untrusted article text safe to put on a terminal: no control codes, no bidi controls."""

from __future__ import annotations

import re

# Escape sequences are removed whole, not just their ESC: a bare "[31m" left behind is noise.
# String sequences (OSC, DCS, SOS, PM, APC) end at BEL or ST (ESC \ or U+009C); one that never
# ends only loses its introducer, so a stray ESC ] can't swallow the rest of an article.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[ [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]            # CSI
    | \x9b   [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]            # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])                 # string sequence introducer
      [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)                    # ... body and terminator
    | \x1b [\x20-\x2f]* [\x30-\x7e]                             # any other ESC sequence
    """,
    re.VERBOSE,
)

# Embedding, override and isolate controls, and the implicit marks LRM, RLM and ALM: content
# must not steer the reordering the display engine does, nor the terminal's.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

# Lone surrogates (from a lenient decode) can't be encoded for the terminal nor the bidi engine.
_DROPPED = (
    [c for c in range(0x20) if c not in (0x09, 0x0A)]
    + [0x7F]
    + list(range(0x80, 0xA0))
    + [ord(c) for c in _BIDI_CONTROLS]
    + list(range(0xD800, 0xE000))
)
_TABLE: dict[int, str | None] = {c: None for c in _DROPPED}
_TABLE[0x09] = " "

_LINE_BREAKS = re.compile("[\n\u2028\u2029]+")


def sanitize(text: str, *, one_line: bool = False) -> str:
    """Return `text` without escape sequences, control characters or bidi controls.

    Tabs become spaces and carriage returns go. With `one_line`, each run of line or paragraph
    separators becomes a single space.
    """
    text = _ESCAPE_SEQUENCE.sub("", text).translate(_TABLE)
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return text
