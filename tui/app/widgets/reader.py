"""The reader: an article's header and body, wrapped for the pane and drawn line by line."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.store.db import StoredArticle
from tui.text.display import DisplayOptions, display_line, iter_display_lines

CHUNK = 400
GROW_EVERY = 0.001


class ReaderView(ScrollView, can_focus=True):
    """Display lines are made as they are first needed, the rest in small steps afterwards,
    so a long article's first screen never waits for its end."""

    DEFAULT_CSS = """
    ReaderView {
        width: 1fr;
        padding: 0 1;
        /* A stable gutter, as in RowList: the wrap width never changes under the text. */
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        & > .reader--title {
            color: $accent;
            text-style: bold;
        }
        & > .reader--meta {
            color: $text-muted;
        }
        & > .reader--rule {
            color: $panel-lighten-2;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"reader--title", "reader--meta", "reader--rule"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", show=False),
        Binding("down,j", "scroll_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown,space", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    article: reactive[StoredArticle | None] = reactive(None, init=False, always_update=True)
    # Shown, in logical order, when there is no article to show.
    notice: reactive[str] = reactive("", init=False)

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self._lines: list[tuple[str, str]] = []
        self._source: Iterator[tuple[str, str]] | None = None
        self._width = 0

    def watch_article(self, old: StoredArticle | None, new: StoredArticle | None) -> None:
        # The same article with new marks keeps its place; another starts at its top.
        if old is None or new is None or old.id != new.id:
            self.scroll_to(0, 0, animate=False, immediate=True)
            self._rewrap()

    def watch_notice(self) -> None:
        self.refresh()

    def _rewrap(self) -> None:
        self._width = self.scrollable_content_region.width
        self._lines = []
        self._source = self._make_lines(self._width) if self.article and self._width > 0 else None
        self._fill(self.size.height + 1)
        if self._source is not None:
            self._grow_all(self._source)
        self.refresh()

    @work(exclusive=True, group="reader-lines")
    async def _grow_all(self, source: Iterator[tuple[str, str]]) -> None:
        """Make the rest of the lines a step at a time. Exclusive: a rewrap cancels the steps
        for the lines it threw away, and they stop by themselves once they are not current."""
        while self._source is source:
            self._grow()
            await asyncio.sleep(GROW_EVERY)

    def _make_lines(self, width: int) -> Iterator[tuple[str, str]]:
        article = self.article
        assert article is not None
        # Lazily, the title and the meta line too: content decides how long they are.
        for line in iter_display_lines([article.title], width, self.options):
            yield line, "title"
        meta = " · ".join(
            part
            for part in (article.date.isoformat() if article.date else "", article.source)
            if part
        )
        if meta:
            for line in iter_display_lines([meta], width, self.options):
                yield line, "meta"
        yield "─" * width, "rule"
        yield from zip(
            iter_display_lines(article.body, width, self.options), itertools.repeat("body")
        )

    def _fill(self, count: int) -> None:
        """Make display lines until there are `count` of them or the article ends."""
        if self._source is None:
            return
        missing = count - len(self._lines)
        if missing > 0:
            self._lines.extend(itertools.islice(self._source, missing))
            if len(self._lines) < count:
                self._source = None
        self.virtual_size = Size(self._width, len(self._lines) + (1 if self._source else 0))

    def _grow(self) -> None:
        self._fill(len(self._lines) + CHUNK)
        self.refresh()

    @property
    def complete(self) -> bool:
        """Every display line of the article has been made."""
        return self._source is None

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._rewrap()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if width != self._width:
            self._rewrap()
        if self.article is None:
            if index == 0 and self.notice and width > 0:
                line = display_line(self.notice, width, self.options)
                return Strip([Segment(line, self.rich_style)])
            return Strip.blank(width, self.rich_style)
        if index >= len(self._lines):
            self._fill(index + 1)
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        text, kind = self._lines[index]
        style: Style = self.rich_style
        if kind != "body":
            style = style + self.get_component_rich_style(f"reader--{kind}")
        return Strip([Segment(text, style)]).crop_extend(0, width, self.rich_style)

    def text_lines(self) -> list[str]:
        """All display lines (for tests and screenshots): completes the article first."""
        self._fill(10**9)
        return [text for text, _ in self._lines]
