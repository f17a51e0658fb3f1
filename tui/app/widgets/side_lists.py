"""The keywords pane and the related pane: short lists beside the reader."""

from __future__ import annotations

from rich.segment import Segment

from tui.app.widgets.rowlist import RowList
from tui.store.db import RelatedRow
from tui.text.display import DisplayOptions, display_line


class KeywordList(RowList):
    """The shown article's keywords, each with how many articles carry it."""

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self.items: list[tuple[str, int]] = []

    def show_keywords(self, items: list[tuple[str, int]]) -> None:
        self.items = items
        self.reset_rows(0)

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

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self.items: list[RelatedRow] = []

    def show_related(self, items: list[RelatedRow]) -> None:
        self.items = items
        self.reset_rows(0)

    def row_count(self) -> int:
        return len(self.items)

    def row_segments(self, index: int, width: int) -> list[Segment]:
        item = self.items[index]
        mark = "↩" if item.reason == "link" else "≈"
        return [
            Segment(display_line(item.title, max(1, width - 2), self.options)),
            Segment(" "),
            Segment(mark, self.get_component_rich_style("rowlist--mark")),
        ]
