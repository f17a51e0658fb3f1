"""The keywords pane and the related pane: short lists beside the reader."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.reactive import reactive

from tui.app.widgets.rowlist import RowList
from tui.store.db import RelatedRow
from tui.text.display import display_line
from tui.types import RelatedReason

# How the related pane marks why an article is there; the help screen explains them.
# One mark per reason: a «read also» link, the same story told elsewhere, a copy of this
# article from another outlet, close coverage further apart in time.
REASON_MARKS: dict[RelatedReason, str] = {
    "link": "↩",
    "same-story": "≡",
    "duplicate": "⧉",
    "similar": "≈",
}


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


# Narrower than this, a related row shows its title only.
WHY_FROM_WIDTH = 60


class RelatedList(RowList):
    """«Read also» links first, then copies and the same story from other outlets; each row
    marked with its reason and, when the pane is wide enough, the few words of why."""

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

    def set_cursor(self, index: int, *, announce: bool = True) -> None:
        super().set_cursor(index, announce=announce)
        # The highlighted article's why, on the pane's lower border: a narrow pane has no room
        # for it beside the title. Content, not markup: the words come from articles.
        why = self.items[self.cursor].why if self.cursor < len(self.items) else ""
        width = max(1, self.size.width - 6)
        self.border_subtitle = Content(display_line(why, width, self.options, pad=False))

    def row_segments(self, index: int, width: int) -> list[Segment]:
        item = self.items[index]
        room = max(1, width - 2)
        segments: list[Segment] = []
        if item.why and width >= WHY_FROM_WIDTH:
            why_width = room * 2 // 5
            room -= why_width + 1
            dim = self.get_component_rich_style("rowlist--dim")
            segments += [Segment(display_line(item.why, why_width, self.options), dim)]
            segments += [Segment(" ")]
        return [
            *segments,
            Segment(display_line(item.title, room, self.options)),
            Segment(" "),
            Segment(REASON_MARKS[item.reason], self.get_component_rich_style("rowlist--mark")),
        ]
