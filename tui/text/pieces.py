"""Text worked out once per distinct word, with a table of the words already met.

News repeats its vocabulary: of the words an import meets, nearly all were met before. So a
text is cut at whitespace and each piece's result (its words normalised, or its index terms)
is looked up in a table filled as pieces are met, instead of normalising every character of
every text.

Cutting at whitespace first gives the result of the whole text: NFKC composes nothing across
a whitespace character (none is the base of a composition), none of the folds turns a
whitespace character into a letter, a word never runs across whitespace, and a combining
mark after whitespace starts no word of its own on either side of the cut.
tests/text/test_pieces.py checks this against `words` and `index_terms` on generated text.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.text.normalize import index_terms, words

# Distinct pieces remembered by a table; it starts again when full (a few tens of MB at most).
PIECES = 1 << 18


class PieceTable:
    """`work` of a text, for a `work` whose result on a text is its results on the text's
    whitespace-separated pieces joined by spaces, empty ones left out."""

    def __init__(self, work: Callable[[str], str], size: int = PIECES) -> None:
        self.work = work
        self.size = size
        self.known: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        known = self.known
        pieces = text.split()
        found: list[str | None] = list(map(known.get, pieces))
        if None in found:
            for number, result in enumerate(found):
                if result is None:
                    if len(known) >= self.size:
                        known.clear()
                    piece = pieces[number]
                    found[number] = known[piece] = self.work(piece)
        return " ".join(filter(None, found))


def _words(piece: str) -> str:
    return " ".join(words(piece))


def _terms(piece: str) -> str:
    return " ".join(index_terms(piece))


# `" ".join(words(text))`: how ids and copy keys compare text (tui/model.py).
joined_words = PieceTable(_words)
# `" ".join(index_terms(text))`: what the full-text index holds of a text.
joined_terms = PieceTable(_terms)
