"""A keyboard list of one-line rows drawn with the Line API: only visible rows are rendered."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.widgets.line_style import LineStyle
from tui.text.display import DisplayOptions, display_line

# Drawn rows kept: a few screens' worth at a few widths, however long the list.
STRIPS_KEPT = 1000


class RowList(LineStyle, ScrollView, can_focus=True):
    """Rows come from `row_count` and `row_segments`; no widget per row, so a million rows cost
    what a screenful does. With no rows, the list shows its `notice`."""

    DEFAULT_CSS = """
    RowList {
        /* A stable gutter: rows are drawn to a width that does not change when the scrollbar
           appears, or the start of every right-to-left row would be cut off. */
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        & > .rowlist--cursor {
            background: $accent 40%;
            text-style: bold;
        }
        & > .rowlist--dim {
            color: $text-muted;
        }
        & > .rowlist--mark {
            color: $warning;
            text-style: bold;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowlist--cursor", "rowlist--dim", "rowlist--mark"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", show=False),
        Binding("down,j", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown,space", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "activate", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    # Shown, in logical order, when there are no rows.
    notice: reactive[str] = reactive("", init=False)

    class RowMessage(Message):
        """Something happened at one row of a list."""

        def __init__(self, rowlist: RowList, index: int) -> None:
            super().__init__()
            self.rowlist = rowlist
            self.index = index

        @property
        def control(self) -> RowList:
            return self.rowlist

    class Highlighted(RowMessage):
        """The cursor moved to a row."""

    class Activated(RowMessage):
        """Enter (or a double click) on a row."""

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(STRIPS_KEPT)

    # What subclasses provide

    def row_count(self) -> int:
        raise NotImplementedError

    def row_segments(self, index: int, width: int) -> list[Segment]:
        """The row as segments exactly `width` cells wide."""
        raise NotImplementedError

    # Drawing

    def reset_rows(self) -> None:
        """The rows changed: forget drawn lines, resize, put the cursor on the first row."""
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count())
        self.set_cursor(0, announce=False)
        self.refresh()

    def forget_row(self, index: int) -> None:
        """Draw a row again: what it shows has changed."""
        width = self.scrollable_content_region.width
        for selected in (False, True):
            for focused in (False, True):
                self._strips.discard((index, width, selected, focused))
        self.refresh_row(index)

    def refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def watch_notice(self) -> None:
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count())

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.line_style
        if index >= self.row_count() or width <= 0:
            if index == 0 and self.notice and width > 0:
                line = display_line(self.notice, width, self.options)
                return Strip([Segment(line, base)])
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (index, width, selected, selected and self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            segments = self.row_segments(index, width)
            if selected:
                # The cursor style goes over the row's own colours, not under them.
                cursor = self.get_component_rich_style("rowlist--cursor")
                if not self.has_focus:
                    cursor = Style(bold=True, underline=True)
                segments = [
                    Segment(text, style + cursor if style else cursor)
                    for text, style, _ in segments
                ]
            strip = Strip(segments).apply_style(base)
            strip = strip.crop_extend(0, width, base)
            self._strips.set(key, strip)
        return strip

    def on_focus(self) -> None:
        self.refresh_row(self.cursor)

    def on_blur(self) -> None:
        self.refresh_row(self.cursor)

    # Moving

    def set_cursor(self, index: int, *, announce: bool = True) -> None:
        count = self.row_count()
        index = max(0, min(index, count - 1)) if count else 0
        old = self.cursor
        self.set_reactive(RowList.cursor, index)
        self.refresh_row(old)
        self.refresh_row(index)
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True)
        if announce and count:
            self.post_message(self.Highlighted(self, index))

    def action_move(self, delta: int) -> None:
        self.set_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.set_cursor(self.cursor + direction * max(1, self.size.height - 1))

    def action_jump(self, index: int) -> None:
        self.set_cursor(index if index >= 0 else self.row_count() - 1)

    def action_activate(self) -> None:
        if self.row_count():
            self.post_message(self.Activated(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.row_count():
            self.set_cursor(index)
            if event.chain >= 2:
                self.action_activate()
