"""The reader app: the article list, the reader, keywords and related, and search."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer

from tui.app.commands import ArticleTitles
from tui.app.keymap import KEYS, bindings, label, word
from tui.app.refresh import fetch_feeds
from tui.app.screens.help import HelpScreen
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.palette import open_palette, quit_hint
from tui.app.widgets.reader import ReaderView
from tui.app.widgets.rowlist import RowList
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.side_lists import KeywordList, RelatedList
from tui.search.query import Query, QueryError, parse_query, with_keyword
from tui.store.db import Results, Store, StoredArticle
from tui.store.related import related
from tui.text.display import DisplayOptions
from tui.text.sanitize import sanitize

PANES = ("articles", "reader", "keywords", "related")
NARROW = 80
SEARCH_DELAY = 0.1


def article_text(article: StoredArticle) -> str:
    """An article as logical text for the clipboard: never the shaped display form.

    Sanitised, because what is pasted into a terminal is typed into it: an `ESC [201~` in an
    article would end a shell's bracketed paste and run the rest as commands.
    """
    head = [article.title, article.date.isoformat() if article.date else "", article.source]
    text = "\n".join([*(h for h in head if h), "", *article.body]) + "\n"
    return sanitize(text)


class QariBase(App[int]):
    """The app; `make_app` gives it the key bindings for a language and display mode."""

    CSS_PATH = Path(__file__).with_name("qari.tcss")
    TITLE = "qari"
    COMMANDS = App.COMMANDS | {ArticleTitles}

    def __init__(
        self, store: Store, options: DisplayOptions, lang: str = "ar", search: str = ""
    ) -> None:
        super().__init__()
        self.store = store
        self.options = options
        self.lang = lang
        self.initial_search = search
        self.results: Results | None = None
        self.shown: StoredArticle | None = None
        self.back_stack: list[str] = []
        self._search_timer: Timer | None = None
        self._query: Query = Query()
        self.on_suspend: Callable[[], None] | None = None
        self.on_resume: Callable[[], None] | None = None

    # Layout

    def compose(self) -> ComposeResult:
        search = SearchBox(self.options, id="search")
        search.border_title = word("search", self.lang, self.options)
        yield search
        with Horizontal(id="panes"):
            with Vertical(id="side"):
                yield self._titled(KeywordList(self.options, id="keywords"), "keywords")
                yield self._titled(RelatedList(self.options, id="related"), "related")
            yield self._titled(ReaderView(self.options, id="reader"), "reader")
            yield self._titled(ArticleList(self.options, id="articles"), "articles")
        yield Footer()

    def _titled(self, widget: Widget, name: str) -> Widget:
        widget.border_title = word(name, self.lang, self.options)
        widget.add_class("pane")
        return widget

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def reader(self) -> ReaderView:
        return self.query_one("#reader", ReaderView)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    def on_mount(self) -> None:
        if self.on_suspend is not None:
            self.app_suspend_signal.subscribe(self, lambda _: self.on_suspend and self.on_suspend())
        if self.on_resume is not None:
            self.app_resume_signal.subscribe(self, lambda _: self.on_resume and self.on_resume())
        self._narrow(self.size.width)
        if self.initial_search:
            self.search_box.set_value(self.initial_search, announce=False)
        self.run_search(self.initial_search, focus_list=True)

    def on_resize(self) -> None:
        self._narrow(self.size.width)

    def _narrow(self, width: int) -> None:
        """Under 80 columns one pane is shown at a time: the focused one."""
        self.screen.set_class(width < NARROW, "-narrow")
        self._mark_active(self._active_pane() or "articles")

    def _active_pane(self) -> str | None:
        focused = self.focused
        return focused.id if focused is not None and focused.id in PANES else None

    def _mark_active(self, name: str) -> None:
        for pane in PANES:
            self.query_one(f"#{pane}").set_class(pane == name, "-active")
        self.query_one("#side").set_class(name in ("keywords", "related"), "-active")

    def on_descendant_focus(self) -> None:
        if (name := self._active_pane()) is not None:
            self._mark_active(name)

    # Showing articles

    def show_article(
        self, article_id: str, *, remember: bool = False, mark_read: bool = False
    ) -> None:
        article = self.store.article(article_id)
        if article is None:
            return
        if remember and self.shown is not None and self.shown.id != article_id:
            self.back_stack.append(self.shown.id)
        if mark_read and not article.read:
            self.store.record_opened(article_id)
            article = article._replace(read=True)
            self._refresh_list_row(article_id)
        self.shown = article
        self.reader.show(article)
        self.load_side_panes(article)

    @work(exclusive=True, thread=True, group="side")
    def load_side_panes(self, article: StoredArticle) -> None:
        counts = self.store.keyword_counts(article.keywords)
        items = related(self.store, article.id)
        self.call_from_thread(
            self._fill_side_panes, article.id, list(zip(article.keywords, counts)), items
        )

    def _fill_side_panes(
        self, article_id: str, keywords: list[tuple[str, int]], items: list
    ) -> None:
        if self.shown is None or self.shown.id != article_id:
            return
        self.query_one(KeywordList).show_keywords(keywords)
        self.query_one(RelatedList).show_related(items)

    def open_article(self, article_id: str) -> None:
        """Open an article from anywhere (related, palette): remembered for Backspace."""
        self.show_article(article_id, remember=True, mark_read=True)
        self._select_in_list(article_id)
        self.action_pane("reader")

    def _select_in_list(self, article_id: str) -> None:
        if self.results is None:
            return
        index = self.results.index_of(article_id)
        if index is not None:
            self.article_list.set_cursor(index, announce=False)

    def _refresh_list_row(self, article_id: str) -> None:
        article_list = self.article_list
        row = article_list.row(article_list.cursor)
        if row is not None and row.id == article_id:
            fresh = self.store.article(article_id)
            if fresh is not None:
                article_list.replace_row(
                    article_list.cursor, row._replace(read=fresh.read, starred=fresh.starred)
                )

    def on_row_list_highlighted(self, message: RowList.Highlighted) -> None:
        if isinstance(message.rowlist, ArticleList):
            row = message.rowlist.row(message.index)
            if row is not None and (self.shown is None or self.shown.id != row.id):
                self.show_article(row.id)

    def on_row_list_activated(self, message: RowList.Activated) -> None:
        rowlist = message.rowlist
        if isinstance(rowlist, ArticleList):
            row = rowlist.row(message.index)
            if row is not None:
                self.show_article(row.id, mark_read=True)
                self.action_pane("reader")
        elif isinstance(rowlist, KeywordList) and rowlist.items:
            self._search_keyword(rowlist.items[message.index][0])
        elif isinstance(rowlist, RelatedList) and rowlist.items:
            self.open_article(rowlist.items[message.index].id)

    def _search_keyword(self, keyword: str) -> None:
        """Add #keyword to the search, or make it the search when the typed one is broken."""
        try:
            try:
                value = with_keyword(self.search_box.value, keyword)
            except QueryError:
                value = with_keyword("", keyword)
        except ValueError:
            # Quote marks of every kind, or invisible marks only: no query can name it.
            self.notify(word("keyword_unsearchable", self.lang, self.options), severity="warning")
            return
        self.search_box.set_value(value, announce=False)
        self.run_search(value, focus_list=True)

    # Search

    def on_search_box_submitted(self, message: SearchBox.Submitted) -> None:
        self.run_search(message.value)
        self.action_pane("articles")

    def on_search_box_changed(self, message: SearchBox.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.run_search(message.value))

    def run_search(self, text: str, *, focus_list: bool = False) -> None:
        try:
            query = parse_query(text)
        except QueryError as error:
            # Content, not markup: the message quotes what was typed, brackets and all.
            self.search_box.border_subtitle = Content(error.message)
            self.search_box.add_class("-error")
            return
        self.search_box.border_subtitle = ""
        self.search_box.remove_class("-error")
        self._query = query
        self._search(query, focus_list)

    @work(exclusive=True, thread=True, group="search")
    def _search(self, query: Query, focus_list: bool) -> None:
        results = self.store.results(query)
        self.call_from_thread(self._show_results, results, focus_list)

    def _show_results(self, results: Results, focus_list: bool) -> None:
        if results.query != self._query:
            return
        self.results = results
        cursor = 0
        if self.shown is not None:
            cursor = results.index_of(self.shown.id) or 0
        self.article_list.show_results(results, cursor)
        if results.count == 0:
            self.reader.show(None)
            self.query_one(KeywordList).show_keywords([])
            self.query_one(RelatedList).show_related([])
            self.shown = None
        self.article_list.border_subtitle = f"{results.count:,}"
        if focus_list:
            self.action_pane("articles")

    # Actions

    def action_focus_search(self) -> None:
        self.search_box.focus()

    def action_clear_search(self) -> None:
        self.search_box.set_value("", announce=False)
        self.run_search("", focus_list=True)

    def action_pane(self, name: str) -> None:
        self._mark_active(name)
        self.query_one(f"#{name}").focus()

    def _cycle(self, step: int) -> None:
        current = self._active_pane() or "articles"
        if self.focused is self.search_box:
            current = PANES[-1] if step > 0 else PANES[0]
        self.action_pane(PANES[(PANES.index(current) + step) % len(PANES)])

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def _step_article(self, step: int) -> None:
        article_list = self.article_list
        article_list.set_cursor(article_list.cursor + step, announce=False)
        row = article_list.row(article_list.cursor)
        if row is not None:
            self.show_article(row.id, mark_read=True)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def action_back(self) -> None:
        if not self.back_stack:
            self.notify(word("history_empty", self.lang, self.options))
            return
        article_id = self.back_stack.pop()
        self.show_article(article_id)
        self._select_in_list(article_id)

    def _toggle(self, mark: str, on: str, off: str) -> None:
        """Flip the shown article's `read` or `starred` mark and say what it is now."""
        if self.shown is None:
            return
        value = not getattr(self.shown, mark)
        self.store.set_mark(self.shown.id, **{mark: value})
        self.shown = self.shown._replace(**{mark: value})
        self._refresh_list_row(self.shown.id)
        self.notify(word(on if value else off, self.lang, self.options))

    def action_toggle_star(self) -> None:
        self._toggle("starred", "starred", "unstarred")

    def action_toggle_read(self) -> None:
        self._toggle("read", "read", "unread")

    def action_copy_article(self) -> None:
        if self.shown is not None:
            self.copy_to_clipboard(article_text(self.shown))
            self.notify(word("copied", self.lang, self.options))

    def action_copy_url(self) -> None:
        if self.shown is None:
            return
        if not self.shown.url:
            self.notify(word("no_url", self.lang, self.options), severity="warning")
            return
        self.copy_to_clipboard(sanitize(self.shown.url, one_line=True))
        self.notify(word("copied_url", self.lang, self.options))

    def action_fetch_feeds(self) -> None:
        fetch_feeds(
            self,
            self.store,
            lang=self.lang,
            options=self.options,
            show_progress=self._show_fetch_progress,
            reload=lambda: self.run_search(self.search_box.value),
        )

    def _show_fetch_progress(self, text: str) -> None:
        count = f"{self.results.count:,}" if self.results is not None else ""
        self.article_list.border_subtitle = text or count

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.lang, self.options))

    def action_command_palette(self) -> None:
        open_palette(self, self.options, self.lang)

    def action_help_quit(self) -> None:
        quit_hint(self, self.options, self.lang)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key in KEYS:
            if key.action in ("command_palette", "focus_search"):
                continue
            yield SystemCommand(
                label(key, self.lang, self.options),
                key.english,
                lambda action=key.action: self.run_action(action),
            )


def make_app(store: Store, options: DisplayOptions, lang: str = "ar", search: str = "") -> QariBase:
    """The app with its keys labelled for `lang`, shaped for the display mode in `options`."""
    app_class = type(
        "QariApp",
        (QariBase,),
        {
            "BINDINGS": bindings(lang, options),
            "__module__": __name__,
        },
    )
    return app_class(store, options, lang, search)
