"""What the full-text index holds of a text, worked out once per distinct word.

News repeats its vocabulary: of the words an import meets, nearly all were met before. So a
text is cut at whitespace and each piece's terms (normalised, tokenised, stemmed) are looked
up in a table filled as pieces are met, instead of normalising every character of every text.

Cutting at whitespace first gives the terms of the whole text: NFKC composes nothing across
a whitespace character (none is the base of a composition), none of the folds turns a
whitespace character into a letter, and a word never runs across whitespace.
tests/store/test_terms.py checks this against `index_terms` on generated text.
"""

from __future__ import annotations

from tui.text.normalize import index_terms

# Distinct pieces remembered; the table starts again when full (a few tens of MB at most).
PIECES = 1 << 18

_known: dict[str, str] = {}


def joined_terms(text: str) -> str:
    """The index terms of `text` joined by spaces: `" ".join(index_terms(text))`."""
    known = _known
    pieces = text.split()
    found: list[str | None] = list(map(known.get, pieces))
    if None in found:
        for number, terms in enumerate(found):
            if terms is None:
                if len(known) >= PIECES:
                    known.clear()
                piece = pieces[number]
                found[number] = known[piece] = " ".join(index_terms(piece))
    return " ".join(filter(None, found))
