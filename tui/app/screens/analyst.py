"""The analyst's dialogs: name a search to save it, choose a saved search, see the shape of
the current filter and narrow it, and say yes or no to marking a whole view read."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.segment import Segment
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Sparkline, Static

from tui.app.keymap import text, word
from tui.app.widgets.rowlist import RowList
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.side_lists import KeywordList
from tui.search.query import Query
from tui.store.db import Store
from tui.store.saved import SavedSearch, remove_search, saved_searches
from tui.store.stats import Shape, filter_shape
from tui.text.display import DisplayOptions, display_line
from tui.types import Language

DIALOG_CSS = """
    align: center middle;
    & > Vertical {
        width: 80%;
        max-width: 110;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-align: right;
        border-subtitle-align: left;
        background: $surface;
        padding: 0 1;
    }
"""

Narrowing = tuple[Literal["source", "keyword"], str]


class _Dialog(ModalScreen[object]):
    def __init__(self, lang: Language, options: DisplayOptions) -> None:
        super().__init__()
        self.lang = lang
        self.options = options
        # Arabic lines end at the right edge, as in the reader.
        self.set_class(lang == "ar", "-rtl")

    def word(self, key: str, **values: object) -> str:
        """A word from the keymap's WORDS with its {values} filled, as the screen shows it."""
        if not values:
            return word(key, self.lang, self.options)
        return display_line(text(key, self.lang).format(**values), 10_000, self.options, pad=False)


class ConfirmScreen(_Dialog):
    """A yes or no question: y or Enter say yes, n or Escape no."""

    DEFAULT_CSS = (
        "ConfirmScreen {"
        + DIALOG_CSS
        + "& Static { width: 100%; } &.-rtl Static { text-align: right; } }"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", show=False),
        Binding("n,escape", "answer(False)", show=False),
    ]

    def __init__(self, question: str, lang: Language, options: DisplayOptions) -> None:
        super().__init__(lang, options)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), id="question")
            yield Static(Content(self.word("yes_no")), id="answers")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class SaveSearchScreen(_Dialog):
    """A name for the current search; Enter saves (the caller does), Escape gives up."""

    DEFAULT_CSS = "SaveSearchScreen {" + DIALOG_CSS + "&.-rtl #query { text-align: right; } }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, query: str, lang: Language, options: DisplayOptions) -> None:
        super().__init__(lang, options)
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.word("save_search_title")
            yield Static(
                Content(display_line(self.query_text, 100, self.options, pad=False)), id="query"
            )
            name = SearchBox(self.options, id="name")
            name.border_title = self.word("search_name")
            yield name

    def on_mount(self) -> None:
        self.query_one("#name", SearchBox).focus()

    @on(SearchBox.Submitted, "#name")
    def _save(self, message: SearchBox.Submitted) -> None:
        if message.value.strip():
            self.dismiss(message.value)


class SavedSearchList(RowList):
    """Saved searches, each with its unread and total counts."""

    DEFAULT_CSS = "SavedSearchList { height: auto; max-height: 20; }"

    items: reactive[tuple[SavedSearch, ...]] = reactive((), init=False)

    def watch_items(self) -> None:
        self.reset_rows()

    def row_count(self) -> int:
        return len(self.items)

    def row_segments(self, index: int, width: int) -> list[Segment]:
        item = self.items[index]
        counts = f"{item.unread:>7,}/{item.total:<7,} "
        room = max(1, width - len(counts))
        name_width = room // 2
        return [
            Segment(
                counts,
                self.get_component_rich_style("rowlist--mark" if item.unread else "rowlist--dim"),
            ),
            Segment(
                display_line(item.query, room - name_width - 1, self.options),
                self.get_component_rich_style("rowlist--dim"),
            ),
            Segment(" "),
            Segment(display_line(item.name, name_width, self.options)),
        ]


class SavedSearchesScreen(_Dialog):
    """Choose a saved search with the arrows and Enter (its query is the answer); d removes
    the one under the cursor; Escape closes."""

    DEFAULT_CSS = "SavedSearchesScreen {" + DIALOG_CSS + "}"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "dismiss(None)", show=False),
        Binding("d,delete", "remove", show=False),
    ]

    def __init__(self, store: Store, lang: Language, options: DisplayOptions) -> None:
        super().__init__(lang, options)
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.word("saved_searches")
            box.border_subtitle = "↑↓ ⏎ · d ✕ · Esc"
            found = SavedSearchList(self.options, id="saved")
            found.notice = text("counting", self.lang)
            yield found

    @property
    def saved_list(self) -> SavedSearchList:
        return self.query_one("#saved", SavedSearchList)

    def on_mount(self) -> None:
        self.saved_list.focus()
        self._count()

    @work(thread=True, exclusive=True)
    def _count(self) -> None:
        # Counting each search can take a moment in a big store: never on the UI's thread.
        found = tuple(saved_searches(self.store))
        self.app.call_from_thread(self._show, found)

    def _show(self, found: tuple[SavedSearch, ...]) -> None:
        self.saved_list.notice = "" if found else text("no_saved_searches", self.lang)
        self.saved_list.items = found

    @on(RowList.Activated, "#saved")
    def _choose(self, message: RowList.Activated) -> None:
        self.dismiss(self.saved_list.items[message.index].query)

    def action_remove(self) -> None:
        items = self.saved_list.items
        cursor = self.saved_list.cursor
        if cursor >= len(items):
            return
        remove_search(self.store, items[cursor].name)
        self.notify(self.word("removed_search", name=items[cursor].name))
        self.saved_list.items = items[:cursor] + items[cursor + 1 :]
        self.saved_list.set_cursor(cursor, announce=False)


class ShapeScreen(_Dialog):
    """The current filter's timeline, top sources and top keywords; Enter on a source or a
    keyword narrows the filter to it (the answer), Tab moves between the two lists."""

    DEFAULT_CSS = (
        "ShapeScreen {"
        + DIALOG_CSS
        + """
        #timeline { height: 6; margin: 1 0 0 0; }
        #span { height: 1; }
        #span > Static { width: 1fr; }
        #per { text-align: center; }
        #last { text-align: right; }
        #tops { height: 14; }
        #tops > KeywordList {
            width: 1fr;
            border: round $panel-lighten-2;
            border-title-align: right;
            &:focus { border: round $accent; }
        }
    }"""
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f", "dismiss(None)", show=False),
    ]

    shape: reactive[Shape | None] = reactive(None, init=False)

    def __init__(self, store: Store, query: Query, lang: Language, options: DisplayOptions) -> None:
        super().__init__(lang, options)
        self.store = store
        self.filter = query

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.word("shape")
            box.border_subtitle = self.word("counting")
            yield Sparkline([], id="timeline")
            with Horizontal(id="span"):
                yield Static("", id="first")
                yield Static("", id="per")
                yield Static("", id="last")
            with Horizontal(id="tops"):
                keywords = KeywordList(self.options, id="shape-keywords")
                keywords.border_title = self.word("keywords")
                yield keywords
                sources = KeywordList(self.options, id="shape-sources")
                sources.border_title = self.word("sources")
                yield sources

    def on_mount(self) -> None:
        self.query_one("#shape-sources").focus()
        self._measure()

    @work(thread=True, exclusive=True)
    def _measure(self) -> None:
        shape = filter_shape(self.store, self.filter)
        self.app.call_from_thread(setattr, self, "shape", shape)

    def watch_shape(self, shape: Shape | None) -> None:
        if shape is None:
            return
        box = self.query_one(Vertical)
        box.border_subtitle = self.word("shape_total", n=f"{shape.total:,}")
        self.query_one("#timeline", Sparkline).data = [n for _, n in shape.by_period] or [0]
        if shape.by_period:
            # Time runs left to right under the timeline, as it does in the bars.
            peak = max(shape.by_period, key=lambda p: p[1])
            per = self.word(f"per_{shape.period}")
            self.query_one("#first", Static).update(Content(shape.by_period[0][0]))
            self.query_one("#per", Static).update(Content(f"{per} · ↑ {peak[1]:,} {peak[0]}"))
            self.query_one("#last", Static).update(Content(shape.by_period[-1][0]))
        self.query_one("#shape-sources", KeywordList).items = tuple(shape.sources)
        self.query_one("#shape-keywords", KeywordList).items = tuple(shape.keywords)

    @on(RowList.Activated, "#shape-sources")
    def _narrow_to_source(self, message: RowList.Activated) -> None:
        if self.shape is not None:
            answer: Narrowing = ("source", self.shape.sources[message.index][0])
            self.dismiss(answer)

    @on(RowList.Activated, "#shape-keywords")
    def _narrow_to_keyword(self, message: RowList.Activated) -> None:
        if self.shape is not None:
            answer: Narrowing = ("keyword", self.shape.keywords[message.index][0])
            self.dismiss(answer)
