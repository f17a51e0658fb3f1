"""The article list: a window onto the store's results, fetched a page at a time."""

from __future__ import annotations

from rich.segment import Segment
from textual.cache import LRUCache
from textual.reactive import reactive

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

    DEFAULT_CSS = """
    ArticleList {
        width: 38%;
    }
    """

    results: reactive[Results | None] = reactive(None, init=False, always_update=True)

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(options, id=id)
        self._pages: LRUCache[int, list[ListRow]] = LRUCache(PAGES_KEPT)

    def watch_results(self) -> None:
        self._pages.clear()
        self.reset_rows()

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
            self._pages.set(number, page)
        offset = index - number * PAGE
        return page[offset] if offset < len(page) else None

    def update_marks(self, article_id: str, *, read: bool, starred: bool) -> None:
        """Show an article's new marks wherever its row is, without asking the store again."""
        for number in list(self._pages.keys()):
            page = self._pages.get(number) or []
            for offset, row in enumerate(page):
                if row.id == article_id:
                    page[offset] = row._replace(read=read, starred=starred)
                    self.forget_row(number * PAGE + offset)

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
