"""The names of qari's modes, marks and panes, each written once as a Literal type."""

from __future__ import annotations

from typing import Literal, get_args

# The exit status of every qari command given words it cannot use (argparse's own).
USAGE_ERROR = 2

# Who reorders right-to-left text: qari ("app") or the terminal; "auto" lets qari choose.
BidiChoice = Literal["auto", "app", "terminal"]
# How qari writes: "app" orders and shapes all; "words" orders the words of a line and leaves
# each word's letters to the terminal (kitty); "terminal" sends logical order.
BidiMode = Literal["app", "words", "terminal"]
Language = Literal["ar", "en"]
Mark = Literal["read", "starred"]
# "link": a «read also» block ties the two; "duplicate": the same report from another outlet;
# "same-story": the same event told elsewhere; "similar": close coverage further apart in time.
RelatedReason = Literal["link", "duplicate", "same-story", "similar"]
Pane = Literal["articles", "reader", "keywords", "related"]

BIDI_CHOICES: tuple[BidiChoice, ...] = get_args(BidiChoice)
LANGUAGES: tuple[Language, ...] = get_args(Language)
PANES: tuple[Pane, ...] = get_args(Pane)
