"""The keywords pane and the related pane: short lists beside the reader."""

from __future__ import annotations

from rich.segment import Segment
from textual.reactive import reactive

from tui.app.widgets.rowlist import RowList
from tui.store.db import RelatedRow
from tui.text.display import display_line
from tui.types import RelatedReason

# How the related pane marks why an article is there; the help screen explains them.
REASON_MARKS: dict[RelatedReason, str] = {"link": "↩", "similar": "≈"}


class KeywordList(RowList):
    """The shown article's keywords, each with how many articles carry it."""

    DEFAULT_CSS = """
    KeywordList {
        height: 1fr;
    }
    """

    items: reactive[tuple[tuple[str, int], ...]] = reactive((), init=False)

    def watch_items(self) -> None:
        self.reset_rows()

    def row_count(self) -> int:
        return len(self.items)

    def row_segments(self, index: int, width: int) -> list[Segment]:
        keyword, count = self.items[index]
        number = f"{count:>4} "
        return [
            Segment(number, self.get_component_rich_style("rowlist--dim")),
            Segment(display_line(keyword, max(1, width - len(number)), self.options)),
        ]


class RelatedList(RowList):
    """«Read also» links first (marked ↩), then computed related articles (marked ≈)."""

    DEFAULT_CSS = """
    RelatedList {
        height: 1fr;
    }
    """

    items: reactive[tuple[RelatedRow, ...]] = reactive((), init=False)

    def watch_items(self) -> None:
        self.reset_rows()

    def row_count(self) -> int:
        return len(self.items)

    def row_segments(self, index: int, width: int) -> list[Segment]:
        item = self.items[index]
        return [
            Segment(display_line(item.title, max(1, width - 2), self.options)),
            Segment(" "),
            Segment(REASON_MARKS[item.reason], self.get_component_rich_style("rowlist--mark")),
        ]
