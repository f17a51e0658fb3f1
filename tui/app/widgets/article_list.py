"""The article list: a window onto the store's results, fetched a page at a time."""

from __future__ import annotations

from collections import OrderedDict

from rich.segment import Segment

from tui.app.widgets.rowlist import RowList
from tui.store.db import ListRow, Results
from tui.text.display import DisplayOptions, display_line

PAGE = 200
PAGES_KEPT = 8
DATE_WIDTH = 10
SOURCE_WIDTH = 14
MARKS_WIDTH = 2


class ArticleList(RowList):
    """Each row: date, source, title, star and unread marks (right to left in reading order)."""

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self.results: Results | None = None
        self._pages: OrderedDict[int, list[ListRow]] = OrderedDict()

    def show_results(self, results: Results, cursor: int = 0) -> None:
        self.results = results
        self._pages.clear()
        self.reset_rows(cursor)

    def row_count(self) -> int:
        return self.results.count if self.results else 0

    def row(self, index: int) -> ListRow | None:
        """The row at `index`, from a cached page or the store."""
        if self.results is None or not 0 <= index < self.results.count:
            return None
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self.results.window(number * PAGE, PAGE)
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = index - number * PAGE
        return page[offset] if offset < len(page) else None

    def replace_row(self, index: int, row: ListRow) -> None:
        """Show a row's new marks without asking the store again."""
        page = self._pages.get(index // PAGE)
        if page is not None and index % PAGE < len(page):
            page[index % PAGE] = row
        self.forget_row(index)

    def row_segments(self, index: int, width: int) -> list[Segment]:
        row = self.row(index)
        if row is None:
            return [Segment(" " * width)]
        dim = self.get_component_rich_style("rowlist--dim")
        mark = self.get_component_rich_style("rowlist--mark")
        date = row.date.isoformat() if row.date else "—".center(DATE_WIDTH)
        source_width = SOURCE_WIDTH if width >= 60 else 0
        title_width = max(1, width - DATE_WIDTH - source_width - MARKS_WIDTH - 3)
        segments = [Segment(date, dim), Segment(" ")]
        if source_width:
            segments += [
                Segment(display_line(row.source, source_width, self.options), dim),
                Segment(" "),
            ]
        title_style = None if row.read else mark
        segments += [
            Segment(display_line(row.title, title_width, self.options), title_style),
            Segment(" "),
            Segment("★" if row.starred else " ", mark),
            Segment(" " if row.read else "●", mark),
        ]
        return segments
