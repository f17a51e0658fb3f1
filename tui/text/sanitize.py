"""Make untrusted article text safe to put on a terminal: no control codes, no bidi controls."""

from __future__ import annotations

import re
from functools import cache

# Escape sequences are removed whole, not just their ESC: a bare "[31m" left behind is noise.
# String sequences (OSC, DCS, SOS, PM, APC) end at BEL or ST (ESC \ or U+009C); one that never
# ends only loses its introducer, so a stray ESC ] can't swallow the rest of an article.
_ESCAPE_SEQUENCE = r"""
      \x1b\[ [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]            # CSI
    | \x9b   [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]            # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])                 # string sequence introducer
      [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)                    # ... body and terminator
    | \x1b [\x20-\x2f]* [\x30-\x7e]                             # any other ESC sequence
    """


@cache
def _escape_sequences() -> re.Pattern[str]:
    # Compiled when first needed: nearly all text has no escape sequence, and compiling this
    # was a quarter of what importing this module cost every start (callgrind).
    return re.compile(_ESCAPE_SEQUENCE, re.VERBOSE)


# Embedding, override and isolate controls, and the implicit marks LRM, RLM and ALM: content
# must not steer the reordering the display engine does, nor the terminal's.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

# C0 controls but tab and newline, DEL, C1 controls, the bidi controls, and lone surrogates
# (from a lenient decode), which can't be encoded for the terminal nor the bidi engine.
# Regular expressions rather than str.translate: they pass over clean text (nearly all of it)
# at memory speed, which matters for a paragraph of megabytes.
_DROPPED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}\ud800-\udfff]")
_INTRODUCERS = re.compile("[\x1b\x90\x98\x9b\x9d\x9e\x9f]")

_LINE_BREAKS = re.compile("[\n\u2028\u2029]+")


def sanitize(text: str, *, one_line: bool = False) -> str:
    """Return `text` without escape sequences, control characters or bidi controls.

    Tabs become spaces and carriage returns go. With `one_line`, each run of line or paragraph
    separators becomes a single space.
    """
    if _INTRODUCERS.search(text):
        text = _escape_sequences().sub("", text)
    text = _DROPPED.sub("", text).replace("\t", " ")
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return text
