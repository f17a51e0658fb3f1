"""The names of qari's modes, marks and panes, each written once as a Literal type."""

from __future__ import annotations

from typing import Literal, get_args

# Who reorders right-to-left text: qari ("app") or the terminal; "auto" lets qari choose.
BidiChoice = Literal["auto", "app", "terminal"]
BidiMode = Literal["app", "terminal"]
Language = Literal["ar", "en"]
Mark = Literal["read", "starred"]
# "link": a «read also» block ties the two; "similar": shared keywords and words.
RelatedReason = Literal["link", "similar"]
Pane = Literal["articles", "reader", "keywords", "related"]

BIDI_CHOICES: tuple[BidiChoice, ...] = get_args(BidiChoice)
LANGUAGES: tuple[Language, ...] = get_args(Language)
PANES: tuple[Pane, ...] = get_args(Pane)
