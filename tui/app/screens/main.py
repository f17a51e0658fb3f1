"""The main screen: the search box over the article list, the reader, keywords and related.

The screen holds what the reader is showing (`shown`, `results`, the side panes' rows) in
reactives; the panes are bound to them and redraw themselves when they change. Messages from
the panes arrive at `@on` handlers picked by the sending pane's id.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from tui.app.clipboard import copy_with_tool
from tui.app.keymap import bindings, text, word
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.reader import ReaderView
from tui.app.widgets.rowlist import RowList
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.side_lists import KeywordList, RelatedList
from tui.search.query import Query, QueryError, parse_query, with_keyword
from tui.store.background import BackgroundWrites
from tui.store.db import Interrupted, RelatedRow, Results, Store, StoredArticle, Ticket
from tui.text.display import DisplayOptions
from tui.text.sanitize import sanitize
from tui.types import PANES, Language, Mark, Pane

# Under this many columns one pane is shown at a time: the active one.
NARROW = 80
# Typing pauses this long (seconds) before the list follows the search box.
SEARCH_DELAY = 0.1
FIRST_RESULTS = 200  # the rows a search shows before it has counted them all
# Articles opened in earlier sessions that Backspace can go back to.
HISTORY_KEPT = 100


def article_text(article: StoredArticle) -> str:
    """An article as logical text for the clipboard: never the shaped display form.

    Sanitised, because what is pasted into a terminal is typed into it: an `ESC [201~` in an
    article would end a shell's bracketed paste and run the rest as commands.
    """
    head = [article.title, article.date.isoformat() if article.date else "", article.source]
    text = "\n".join([*(h for h in head if h), "", *article.body]) + "\n"
    return sanitize(text)


class MainScreen(Screen[None]):
    """Reading: search, the list of articles, the reader, and the shown article's neighbours."""

    DEFAULT_CSS = """
    MainScreen {
        layout: vertical;
        #panes {
            height: 1fr;
        }
        #side {
            width: 24%;
        }
        .pane {
            border: round $panel-lighten-2;
            border-title-align: right;
            border-subtitle-align: left;
            background: $surface;
            &:focus {
                border: round $accent;
            }
        }
        /* The key footer's bar, drawn in the first frame; the footer is mounted in it after. */
        #footer {
            dock: bottom;
            height: 1;
            background: $footer-background;
        }
        &.-narrow {
            #side, ArticleList {
                width: 1fr;
            }
            .pane, #side {
                display: none;
            }
            .pane.-active, #side.-active {
                display: block;
            }
        }
    }
    """
    # The list has the focus from the start: given to the search box first and then moved,
    # the focus styled both of them twice more before the first frame.
    AUTO_FOCUS = "#articles"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (declared by Screen)
        (0, "-narrow"),
        (NARROW, "-wide"),
    ]

    # What the panes are bound to.
    shown: reactive[StoredArticle | None] = reactive(None, init=False, always_update=True)
    results: reactive[Results | None] = reactive(None, init=False)
    keywords: reactive[tuple[tuple[str, int], ...]] = reactive((), init=False)
    related: reactive[tuple[RelatedRow, ...]] = reactive((), init=False)
    notice: reactive[str] = reactive("", init=False)
    query_error: reactive[str] = reactive("", init=False)
    active: reactive[Pane] = reactive("articles", init=False)

    def __init__(
        self, store: Store, options: DisplayOptions, lang: Language, search: str = ""
    ) -> None:
        super().__init__()
        self.store = store
        self.options = options
        self.lang = lang
        self.initial_search = search
        # Key labels are in the reader's language, known only at run time, so the screen's
        # bindings are made per instance from the one keymap.
        self._bindings = bindings(lang, options)
        self._query = Query()
        self._search_timer: Timer | None = None
        # Articles to go back to with Backspace, the latest last.
        self._back: list[str] = []
        # Marks and history are written on a thread of their own: a key never waits for
        # the state file's lock (another qari may hold it for a moment).
        self.writes = BackgroundWrites(on_error=self._write_failed)
        # The search under way, cancelled as soon as a newer one starts.
        self._search_ticket = Ticket()
        # The articles the last `A` marked read, for `z` to make unread again.
        self.undo_read: list[str] = []

    def word(self, name: str) -> str:
        return word(name, self.lang, self.options)

    # Layout

    def compose(self) -> ComposeResult:
        # The classes the first layout would give (the width's breakpoint, the active pane)
        # are given here: each change after mounting styles the whole screen again. Given
        # without styling anything: the panes are styled as they mount, and the screen once
        # more as it is first shown.
        self.add_class("-wide" if self.app.size.width >= NARROW else "-narrow", update=False)
        search = SearchBox(self.options, id="search").data_bind(error=MainScreen.query_error)
        search.border_title = self.word("search")
        yield search
        with Horizontal(id="panes"):
            with Vertical(id="side").set_class(self._is_active("side"), "-active", update=False):
                yield self._pane(
                    KeywordList(self.options, id="keywords").data_bind(items=MainScreen.keywords)
                )
                yield self._pane(
                    RelatedList(self.options, id="related").data_bind(items=MainScreen.related)
                )
            yield self._pane(
                ReaderView(self.options, id="reader").data_bind(
                    article=MainScreen.shown, notice=MainScreen.notice
                )
            )
            yield self._pane(
                ArticleList(self.options, id="articles").data_bind(
                    results=MainScreen.results, notice=MainScreen.notice
                )
            )
        yield Static("", id="footer", markup=False)

    def _mount_footer(self) -> None:
        # The key footer (Textual's Footer) shows its keys only after the first frame, but
        # its module, stylesheet and styling took some 5 ms of that frame (measured): the
        # frame has its empty bar, and the footer goes into it once the frame is drawn.
        from tui.app.widgets.footer import KeyFooter

        for bar in self.query("#footer"):
            if bar.is_attached:  # not when the reader is closing already
                bar.mount(KeyFooter())

    def _pane(self, widget: Widget) -> Widget:
        assert widget.id is not None
        widget.border_title = self.word(widget.id)
        widget.add_class("pane", update=False)
        widget.set_class(self._is_active(widget.id), "-active", update=False)
        return widget

    def _is_active(self, name: str) -> bool:
        return self.active in ("keywords", "related") if name == "side" else self.active == name

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    def on_unmount(self) -> None:
        self._search_ticket.cancel()
        self.writes.close()

    def _write_failed(self, error: Exception) -> None:
        message = f"{self.word('not_saved')}: {sanitize(str(error), one_line=True)}"
        self.app.call_from_thread(self.notify, message, severity="error")

    def _load_history(self) -> None:
        history = self.store.history(HISTORY_KEPT)
        # Before anything opened since the start: those are the later ones.
        self._back[:0] = [a for a, b in zip(history, [None, *history]) if a != b][::-1]

    def on_mount(self) -> None:
        # Backspace's way back into earlier sessions is read after the first frame.
        self.call_after_refresh(self._load_history)
        self.call_after_refresh(self._mount_footer)
        self.watch_active(self.active)
        if self.initial_search:
            self.search_box.set_value(self.initial_search, announce=False)
            self.search(self.initial_search, focus_list=True)
        else:
            # The newest articles are read here, not in a worker: a walk of a few hundred
            # entries of the date index at any size, and the first frame shows them instead
            # of an empty list a frame earlier. Counting them all comes after, in a worker
            # started once that frame is drawn: at a million articles the count walks the
            # whole date index, which took half the first frame's time from it (measured).
            first = self.store.results(self._query, first=FIRST_RESULTS)
            self._show_results(first, None, True)
            if not first.complete:
                self.call_after_refresh(self._count_all, first, self._search_ticket)

    # Panes

    def watch_active(self, pane: Pane) -> None:
        for name in PANES:
            self.query_one(f"#{name}").set_class(name == pane, "-active")
        self.query_one("#side").set_class(pane in ("keywords", "related"), "-active")

    def on_descendant_focus(self) -> None:
        focused = self.focused
        pane = next((p for p in PANES if focused is not None and focused.id == p), None)
        if pane is not None:
            self.active = pane

    def action_pane(self, name: Pane) -> None:
        self.active = name
        # At once, not as `focus()` does it, after the keys already waiting: they are for
        # the pane just chosen.
        self.set_focus(self.query_one(f"#{name}"))

    def _cycle(self, step: int) -> None:
        current = PANES.index(self.active)
        if self.focused is self.search_box:
            current = len(PANES) - 1 if step > 0 else 0
        self.action_pane(PANES[(current + step) % len(PANES)])

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_help(self) -> None:
        # The help screen, the palette and the fetcher are imported when first asked for.
        from tui.app.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.lang, self.options))

    # Showing and opening articles

    def show_article(self, article_id: str, *, opened: bool = False) -> bool:
        """Show an article in the reader; `opened` marks it read and adds it to the history."""
        article = self.store.article(article_id)
        if article is None:
            return False
        if opened:
            self.writes.put(partial(self.store.record_opened, article_id))
            if not article.read:
                article = article._replace(read=True)
                self.article_list.update_marks(article_id, read=True, starred=article.starred)
        self.shown = article
        return True

    def open_article(self, article_id: str) -> None:
        """Open an article from anywhere (list, related, palette): Backspace comes back."""
        if self.shown is not None and self.shown.id != article_id:
            self._back.append(self.shown.id)
        if self.show_article(article_id, opened=True):
            self._select_in_list(article_id)

    def read_article(self, article_id: str) -> None:
        """Open an article and move to the reader."""
        self.open_article(article_id)
        self.action_pane("reader")

    def watch_shown(self, old: StoredArticle | None, new: StoredArticle | None) -> None:
        if new is None:
            self.keywords, self.related = (), ()
        elif old is None or old.id != new.id:
            # After the list and the reader are painted: they are what the reader waits for.
            self.call_after_refresh(self._load_side_panes, new)

    @work(exclusive=True, thread=True, group="side")
    def _load_side_panes(self, article: StoredArticle) -> None:
        # Imported here, after the first screen: story matching is not needed to draw it.
        from tui.store.related import related

        counts = self.store.keyword_counts(article.keywords)
        items = tuple(related(self.store, article.id))
        self.app.call_from_thread(
            self._fill_side_panes, article.id, tuple(zip(article.keywords, counts)), items
        )

    def _fill_side_panes(
        self,
        article_id: str,
        keywords: tuple[tuple[str, int], ...],
        items: tuple[RelatedRow, ...],
    ) -> None:
        if self.shown is not None and self.shown.id == article_id:
            self.keywords, self.related = keywords, items

    def _select_in_list(self, article_id: str) -> None:
        if self.results is not None:
            self._find_in_list(self.results, article_id)

    @work(exclusive=True, thread=True, group="find")
    def _find_in_list(self, results: Results, article_id: str) -> None:
        """Put the list's cursor on an article, found off the UI thread (in the whole store
        that means counting the articles newer than it)."""
        index = results.index_of(article_id)
        if index is not None:
            self.app.call_from_thread(self._put_cursor, results, article_id, index)

    def _put_cursor(self, results: Results, article_id: str, index: int) -> None:
        if self.results is results and self.shown is not None and self.shown.id == article_id:
            self.article_list.set_cursor(index, announce=False)

    @on(RowList.Highlighted, "#articles")
    def _preview(self, message: RowList.Highlighted) -> None:
        row = self.article_list.row(message.index)
        if row is not None and (self.shown is None or self.shown.id != row.id):
            self.show_article(row.id)

    @on(RowList.Activated, "#articles")
    def _open_from_list(self, message: RowList.Activated) -> None:
        row = self.article_list.row(message.index)
        if row is not None:
            self.read_article(row.id)

    @on(RowList.Activated, "#related")
    def _open_related(self, message: RowList.Activated) -> None:
        if message.index < len(self.related):
            self.read_article(self.related[message.index].id)

    @on(RowList.Activated, "#keywords")
    def _filter_by_keyword(self, message: RowList.Activated) -> None:
        """Add #keyword to the search, or make it the search when the typed one is broken."""
        if message.index < len(self.keywords):
            self.narrow(with_keyword, self.keywords[message.index][0])

    def narrow(self, add: Callable[[str, str], str], name: str) -> None:
        """Narrow the search by a keyword or source (`add` puts it in the query text), or
        make it the search when the typed one is broken."""
        try:
            try:
                value = add(self.search_box.value, name)
            except QueryError:
                value = add("", name)
        except ValueError:
            # Quote marks of every kind, or invisible marks only: no query can name it.
            self.notify(self.word("keyword_unsearchable"), severity="warning")
            return
        self.search_box.set_value(value, announce=False)
        self.search(value, focus_list=True)

    def _step_article(self, step: int) -> None:
        article_list = self.article_list
        article_list.set_cursor(article_list.cursor + step, announce=False)
        row = article_list.row(article_list.cursor)
        if row is not None:
            self.open_article(row.id)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def action_go_back(self) -> None:
        """Back to the article shown before the last one opened, in this session or before."""
        while self._back:
            article_id = self._back.pop()
            if self.shown is not None and article_id == self.shown.id:
                continue
            if self.show_article(article_id):
                self._select_in_list(article_id)
                return
        self.notify(self.word("history_empty"))

    # Search

    @on(SearchBox.Changed, "#search")
    def _search_soon(self, message: SearchBox.Changed) -> None:
        self._cancel_pending_search()
        self._search_timer = self.set_timer(SEARCH_DELAY, partial(self.search, message.value))

    @on(SearchBox.Submitted, "#search")
    def _search_now(self, message: SearchBox.Submitted) -> None:
        self.search(message.value)
        self.action_pane("articles")

    def _cancel_pending_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def search(self, text: str, *, focus_list: bool = False) -> None:
        """Show the articles `text` selects; a search still waiting for typing to pause is
        dropped, so it cannot come after this one."""
        self._cancel_pending_search()
        try:
            query = parse_query(text, typing=True)
        except QueryError as error:
            self.query_error = error.message
            return
        self.query_error = ""
        self._query = query
        # The search before this one stops where it is, whatever query it is in.
        self._search_ticket.cancel()
        self._search_ticket = Ticket()
        shown = self.shown.id if self.shown is not None else None
        self._run_search(query, shown, focus_list, self._search_ticket)

    @work(exclusive=True, thread=True, group="search")
    def _run_search(
        self, query: Query, shown: str | None, focus_list: bool, ticket: Ticket
    ) -> None:
        # The reader's own marks are written first, so that `is:starred` just after a star
        # finds it (this thread waits for them; the UI thread does not).
        self.writes.flush()
        try:
            with self.store.cancellable(ticket):
                # The newest matches first, shown at once; then all of them, counted.
                first = self.store.results(query, first=FIRST_RESULTS)
                index = first.index_of(shown) if shown is not None and first.count else None
        except Interrupted:
            return
        if ticket.cancelled:
            return
        self.app.call_from_thread(self._show_results, first, index, focus_list)
        if not first.complete:
            self._all_results(first, ticket)

    @work(exclusive=True, thread=True, group="count")
    def _count_all(self, first: Results, ticket: Ticket) -> None:
        self._all_results(first, ticket)

    def _all_results(self, first: Results, ticket: Ticket) -> None:
        """Find every match of the query `first` holds the newest of, and show them."""
        try:
            with self.store.cancellable(ticket):
                results = self.store.results(first.query)
        except Interrupted:
            return
        if not ticket.cancelled:
            self.app.call_from_thread(self._show_all_results, first, results)

    def _show_results(self, results: Results, index: int | None, focus_list: bool) -> None:
        if results.query != self._query:
            return
        self.results = results
        self._show_count(results)
        if results.count:
            self.notice = ""
            # Announced: the article under the cursor is shown, if it is not already.
            self.article_list.set_cursor(index or 0)
        else:
            notice = "empty_store" if results.query.is_empty else "no_results"
            self.notice = text(notice, self.lang)
            self.shown = None
        if focus_list:
            self.action_pane("articles")

    def _show_all_results(self, first: Results, results: Results) -> None:
        """The whole list in place of its first rows: they are the same rows, so the cursor
        stays on the row it is on."""
        if self.results is not first:
            return
        article_list = self.article_list
        cursor, top = article_list.cursor, article_list.scroll_y
        self.results = results
        self._show_count(results)
        article_list.scroll_to(y=top, animate=False, immediate=True)
        article_list.set_cursor(cursor, announce=False)

    def _show_count(self, results: Results) -> None:
        self.article_list.border_subtitle = f"{results.count:,}" + (
            "+" if not results.complete else ""
        )

    def action_fetch_feeds(self) -> None:
        """Fetch every feed in the background; new articles join the list, the selection
        stays, and a feed that fails is a notification."""
        from tui.app.refresh import fetch_feeds

        fetch_feeds(
            self.app,
            self.store,
            lang=self.lang,
            options=self.options,
            show_progress=self._show_fetch_progress,
            reload=lambda: self.search(self.search_box.value),
        )

    def _show_fetch_progress(self, text: str) -> None:
        count = f"{self.results.count:,}" if self.results is not None else ""
        self.article_list.border_subtitle = text or count

    def action_focus_search(self) -> None:
        self.set_focus(self.search_box)

    def action_clear_search(self) -> None:
        self.search_box.set_value("", announce=False)
        self.search("", focus_list=True)

    # Marks and copying

    def action_toggle_mark(self, mark: Mark) -> None:
        """Flip the shown article's `read` or `starred` mark and say what it is now."""
        if self.shown is None:
            return
        value = not getattr(self.shown, mark)
        if mark == "read":
            self.writes.put(partial(self.store.set_mark, self.shown.id, read=value))
            self.shown = self.shown._replace(read=value)
            self.notify(self.word("read" if value else "unread"))
        else:
            self.writes.put(partial(self.store.set_mark, self.shown.id, starred=value))
            self.shown = self.shown._replace(starred=value)
            self.notify(self.word("starred" if value else "unstarred"))
        self.article_list.update_marks(
            self.shown.id, read=self.shown.read, starred=self.shown.starred
        )

    def action_copy_article(self) -> None:
        if self.shown is not None:
            self._copy(article_text(self.shown))

    def action_copy_url(self) -> None:
        if self.shown is None:
            return
        if not self.shown.url:
            self.notify(self.word("no_url"), severity="warning")
            return
        self._copy(sanitize(self.shown.url, one_line=True))

    def _copy(self, text: str) -> None:
        # Textual asks the terminal to copy (OSC 52); many terminals ignore that, so the
        # desktop's own tool copies too where there is one, and the notice says which did.
        self.app.copy_to_clipboard(text)
        self._copy_with_tool(text)

    @work(thread=True, group="copy")
    def _copy_with_tool(self, text: str) -> None:
        copied = copy_with_tool(text, os.environ)
        self.app.call_from_thread(
            self.notify, self.word("copied" if copied else "sent_to_terminal")
        )

    # The analyst's keys (tui/app/analyst.py, imported when first used)

    def action_open_url(self) -> None:
        from tui.app import analyst

        analyst.open_url(self)

    def action_mark_view_read(self) -> None:
        from tui.app import analyst

        analyst.mark_view_read(self)

    def action_undo_mark_view_read(self) -> None:
        from tui.app import analyst

        analyst.undo_mark_view_read(self)

    def action_export_view(self) -> None:
        from tui.app import analyst

        analyst.export_view(self)

    def action_save_search(self) -> None:
        from tui.app import analyst

        analyst.save_search(self)

    def action_saved_searches(self) -> None:
        from tui.app import analyst

        analyst.choose_saved_search(self)

    def action_filter_shape(self) -> None:
        from tui.app import analyst

        analyst.show_filter_shape(self)
