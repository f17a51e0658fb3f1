"""The reader: an article's header and body, wrapped for the pane and drawn line by line."""

from __future__ import annotations

import asyncio
import bisect
import itertools
from collections.abc import Iterator
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.widgets.line_style import LineStyle
from tui.store.db import StoredArticle
from tui.text.display import (
    LAZY_PARAGRAPH,
    DisplayOptions,
    Resume,
    display_line,
    display_lines,
    iter_display_lines,
    line_starts,
    prepare_segments,
    resumable_lines,
)

CHUNK = 400  # lines counted in one step, in the background
GROW_EVERY = 0.001
BLOCK = 200  # lines at least between two places a body's lines are made again from
BLOCKS_KEPT = 16


class _Place(NamedTuple):
    """Where the body's lines can be made again from: a paragraph's first line (resume
    None), or a line inside a huge paragraph."""

    paragraph: int
    resume: Resume | None


_Key = tuple[int, int, int]


def _key(place: _Place) -> _Key:
    """A place's order in the article, the same at any width: paragraph, then where in it."""
    resume = place.resume or Resume(0, 0)
    return place.paragraph, resume.segment, resume.offset


class ReaderView(LineStyle, ScrollView, can_focus=True):
    """Display lines are made as they are first needed and counted in small steps
    afterwards, so a long article's first screen never waits for its end; only a window of
    them is kept, with the places they can be made again from."""

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
        Binding("home", "home", show=False),
        Binding("end", "end", show=False),
    ]

    article: reactive[StoredArticle | None] = reactive(None, init=False, always_update=True)
    # Shown, in logical order, when there is no article to show.
    notice: reactive[str] = reactive("", init=False)

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self._width = 0
        # The title, meta and rule lines, kept; the body's lines are made again as needed
        # from places kept every BLOCK lines or so, a few blocks kept at a time. A 20 MB
        # article is then a few thousand places, not a quarter of a million lines.
        self._head: list[tuple[str, str]] = []
        self._places: list[_Place] = []
        self._place_lines: list[int] = []
        self._blocks: LRUCache[int, list[str]] = LRUCache(BLOCKS_KEPT)
        self._prepared: LRUCache[int, list[str]] = LRUCache(2)  # huge paragraphs, ready
        # Counting the body's lines, ahead of what is shown: None once all are counted.
        self._scan: Iterator[tuple[str, _Place | None]] | None = None
        self._counted = 0  # lines counted so far, head included
        # Where End put the view while lines were still being counted: it follows the end
        # as they are, until the view is moved (None: not following).
        self._end_y: int | None = None
        # After a rewrap, the place the top line was made from, to come back to once its
        # lines are counted again (in the background: counting a long article up to where
        # it was read would freeze the screen); the last line counted at or before it, and
        # whether the counting has passed it.
        self._seek: _Key | None = None
        self._seek_line = 0
        self._seek_passed = False

    def watch_article(self, old: StoredArticle | None, new: StoredArticle | None) -> None:
        # The same article with new marks keeps its place; another starts at its top.
        if old is None or new is None or old.id != new.id:
            self._seek = self._end_y = None
            self.scroll_to(0, 0, animate=False, immediate=True)
            self._rewrap()

    def watch_notice(self) -> None:
        self.refresh()

    def _rewrap(self) -> None:
        seek = self._seek if self._seek is not None else self._top_place()
        following = self._end_y is not None
        self._width = self.scrollable_content_region.width
        self._head, self._places, self._place_lines = [], [], []
        self._blocks.clear()
        self._prepared.clear()
        self._scan = None
        self._counted = 0
        self._end_y = None
        self._seek, self._seek_line, self._seek_passed = seek, 0, False
        if self.article and self._width > 0:
            self._head = list(self._head_lines(self._width))
            self._counted = len(self._head)
            if self.article.body:
                self._scan = self._body_lines(0, None, made=False)
        # A step of counting at once when there is a place to come back to: a short
        # article shows it in the first frame.
        self._fill(self.size.height + 1 + (CHUNK if seek else 0))
        if following:
            self.action_end()
        elif seek is not None:
            self.scroll_to(y=0, animate=False)
            self._arrive()
        if self._scan is not None:
            self._grow_all(self._scan)
        self.refresh()

    @work(exclusive=True, group="reader-lines")
    async def _grow_all(self, scan: Iterator[tuple[str, _Place | None]]) -> None:
        """Count the rest of the lines a step at a time. Exclusive: a rewrap cancels the steps
        for the lines it threw away, and they stop by themselves once they are not current."""
        while self._scan is scan:
            self._grow()
            await asyncio.sleep(GROW_EVERY)

    def _head_lines(self, width: int) -> Iterator[tuple[str, str]]:
        article = self.article
        assert article is not None
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

    def _body_lines(
        self, paragraph: int, resume: Resume | None, *, made: bool = True
    ) -> Iterator[tuple[str, _Place | None]]:
        """The body's lines from a place on (its first line being the place's), each with
        the place it can be made again from, if it is one (None for the rest). Not `made`:
        only where the lines begin, each line "" (counting them needs no more)."""
        article = self.article
        assert article is not None
        width, options = self._width, self.options
        blank = " " * width if made else ""
        for index in range(paragraph, len(article.body)):
            text = article.body[index]
            if index > paragraph:
                yield blank, None
            if len(text) <= LAZY_PARAGRAPH:
                if made:
                    lines = display_lines(text, width, options)
                else:
                    lines = tuple("" for _ in line_starts(text, width, options))
                for number, line in enumerate(lines):
                    yield line, _Place(index, None) if number == 0 else None
                continue
            # A huge paragraph: wrapped as it is read, resumable inside.
            prepared = self._prepared.get(index)
            if prepared is None:
                prepared = prepare_segments(text, options)
                self._prepared.set(index, prepared)
            start = resume if index == paragraph else None
            if made:
                lines_from = resumable_lines(text, width, options, start, prepared=prepared)
            else:
                starts = line_starts(text, width, options, start, prepared=prepared)
                lines_from = (("", where) for where in starts)
            for line, where in lines_from:
                yield line, None if where is None else _Place(index, where)

    def _fill(self, count: int) -> None:
        """Count lines until there are `count` of them or the article ends."""
        scan = self._scan
        if scan is not None:
            last = self._place_lines[-1] if self._place_lines else -BLOCK
            while self._counted < count:
                step = next(scan, None)
                if step is None:
                    self._scan = None
                    self._seek_passed = True
                    break
                _, place = step
                if place is not None and self._seek is not None and not self._seek_passed:
                    if _key(place) <= self._seek:
                        self._seek_line = self._counted
                    else:
                        self._seek_passed = True
                if place is not None and self._counted - last >= BLOCK:
                    self._places.append(place)
                    self._place_lines.append(self._counted)
                    last = self._counted
                self._counted += 1
        self.virtual_size = Size(self._width, self._counted + (1 if self._scan else 0))

    def _grow(self) -> None:
        self._fill(self._counted + CHUNK)
        self._arrive()
        if self._end_y is not None and self.scroll_target_y == self._end_y:
            self.action_end()
        else:
            self._end_y = None
        self.refresh()

    def _arrive(self) -> None:
        """Back to the place a rewrap left, once counted, unless the view has been moved."""
        if self._seek is not None and self._seek_passed:
            if self.scroll_target_y == 0:
                self.scroll_to(y=self._seek_line, animate=False)
            self._seek = None

    def _top_place(self) -> _Key | None:
        """The place the top line shown is made from, when it is in the body."""
        index = self.scroll_offset.y
        block = bisect.bisect_right(self._place_lines, index) - 1
        if self.article is None or block < 0 or index >= self._counted:
            return None
        place = self._places[block]
        starts = self._body_lines(place.paragraph, place.resume, made=False)
        for _, found in itertools.islice(starts, index - self._place_lines[block] + 1):
            if found is not None:
                place = found
        return _key(place)

    def _line(self, index: int) -> tuple[str, str] | None:
        """Display line `index` (counted already) and its kind."""
        if index < len(self._head):
            return self._head[index]
        block = bisect.bisect_right(self._place_lines, index) - 1
        if block < 0 or index >= self._counted:
            return None
        start = self._place_lines[block]
        end = self._place_lines[block + 1] if block + 1 < len(self._places) else self._counted
        lines = self._blocks.get(block)
        if lines is None or start + len(lines) <= index:
            place = self._places[block]
            made = self._body_lines(place.paragraph, place.resume)
            lines = [line for line, _ in itertools.islice(made, end - start)]
            self._blocks.set(block, lines)
        offset = index - start
        return (lines[offset], "body") if offset < len(lines) else None

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """A page on from where the scroll is going, not from where its animation has got
        to: Textual's own pages start from the latter, so a key pressed before the last
        page's scroll has moved was lost. The lines the page shows are counted first, or
        the scroll would stop where the counting in the background has got to."""
        height = self.scrollable_content_region.height
        moving = self.app.animator.is_being_animated(self, "scroll_y")
        start = round(self.scroll_target_y) if moving else self.scroll_offset.y
        target = max(0, start + direction * height)
        self._fill(target + height + 1)
        self.scroll_to(y=target)

    def action_home(self) -> None:
        self._seek = self._end_y = None
        self.scroll_home()

    def action_end(self) -> None:
        """To the last line at once; while the lines are still being counted, to the last
        one counted, and on with each step of the counting until all are (Textual's own End
        stopped where the counting was when the key came)."""
        self._seek = None
        y = self._scroll_end()
        self._end_y = None if self.complete else y

    def _scroll_end(self) -> int:
        y = self.max_scroll_y
        self.scroll_to(y=y, animate=False)
        return y

    @property
    def complete(self) -> bool:
        """Every display line of the article has been counted."""
        return self._scan is None

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._rewrap()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._rewrap()
        index = self.scroll_offset.y + y
        base = self.line_style
        if self.article is None:
            if index == 0 and self.notice and width > 0:
                line = display_line(self.notice, width, self.options)
                return Strip([Segment(line, base)])
            return Strip.blank(width, base)
        if index >= self._counted:
            self._fill(index + 1)
        found = self._line(index)
        if found is None:
            return Strip.blank(width, base)
        text, kind = found
        style: Style = base
        if kind != "body":
            style = style + self.get_component_rich_style(f"reader--{kind}")
        return Strip([Segment(text, style)]).crop_extend(0, width, base)

    def text_lines(self) -> list[str]:
        """All display lines (for tests and screenshots): counts the article's first."""
        self._fill(10**9)
        return [found[0] for index in range(self._counted) if (found := self._line(index))]
