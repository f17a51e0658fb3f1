"""What the reader's analyst keys do: open an article's address, mark a view read (and undo
it), export a view, save and choose searches, see the shape of the filter and narrow it."""

from __future__ import annotations

import datetime
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui.app.keymap import text
from tui.app.screens.analyst import (
    ConfirmScreen,
    Narrowing,
    SavedSearchesScreen,
    SaveSearchScreen,
    ShapeScreen,
)
from tui.search.query import Query, QueryError, parse_query, with_keyword, with_source
from tui.store import saved
from tui.text.display import display_line
from tui.text.sanitize import sanitize

if TYPE_CHECKING:
    from tui.app.screens.main import MainScreen

WEB_SCHEMES = ("http", "https")


def _say(screen: MainScreen, key: str, *, severity: str = "information", **values: object) -> None:
    message = text(key, screen.lang).format(**values)
    screen.notify(
        display_line(message, 10_000, screen.options, pad=False),
        severity=severity,  # type: ignore[arg-type]
    )


def _view(screen: MainScreen) -> Query:
    """The query of the articles the list shows."""
    return screen.results.query if screen.results is not None else Query()


# o: the article's address in the user's browser


def open_url(screen: MainScreen) -> None:
    """Open the shown article's address with Python's webbrowser (which honours $BROWSER).
    Only web addresses: a `file:` or `javascript:` address in an article is not followed."""
    if screen.shown is None:
        return
    url = sanitize(screen.shown.url, one_line=True).strip()
    if not url:
        _say(screen, "no_url", severity="warning")
        return
    if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
        _say(screen, "not_web_url", severity="warning")
        return
    screen.run_worker(lambda: _open(screen, url), thread=True, group="browser")


def _open(screen: MainScreen, url: str) -> None:
    # In a thread: a browser may take its time to start, and the reader must not wait.
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    screen.app.call_from_thread(
        _say,
        screen,
        "opened_url" if opened else "no_browser",
        severity="information" if opened else "warning",
    )


# A: every article of the view read, after a yes; z: undone


def mark_view_read(screen: MainScreen) -> None:
    """Count the view's unread articles, ask, then mark them; in threads, as a view of a
    million articles takes a while to count and to mark."""
    query = _view(screen)

    def count() -> None:
        unread, _ = saved.counts(screen.store, query)
        screen.app.call_from_thread(ask, unread)

    def ask(unread: int) -> None:
        if not unread:
            _say(screen, "nothing_unread")
            return
        question = display_line(
            text("confirm_all_read", screen.lang).format(n=f"{unread:,}"),
            10_000,
            screen.options,
            pad=False,
        )
        screen.app.push_screen(ConfirmScreen(question, screen.lang, screen.options), answered)

    def answered(yes: object) -> None:
        if yes:
            screen.run_worker(mark, thread=True, group="marks")

    def mark() -> None:
        ids = saved.mark_view_read(screen.store, query)
        screen.app.call_from_thread(marked, ids)

    def marked(ids: list[str]) -> None:
        screen.undo_read = ids
        _say(screen, "marked_all_read", n=f"{len(ids):,}")
        screen.search(screen.search_box.value)

    screen.run_worker(count, thread=True, group="marks")


def undo_mark_view_read(screen: MainScreen) -> None:
    if not screen.undo_read:
        _say(screen, "nothing_to_undo")
        return
    ids, screen.undo_read = screen.undo_read, []

    def unmark() -> None:
        saved.mark_unread(screen.store, ids)
        screen.app.call_from_thread(unmarked)

    def unmarked() -> None:
        _say(screen, "undone", n=f"{len(ids):,}")
        screen.search(screen.search_box.value)

    screen.run_worker(unmark, thread=True, group="marks")


# e: the view as a JSON Lines file


def export_folder() -> Path:
    """Where `e` writes: the user's documents folder when there is one, else the folder the
    reader was started in."""
    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.cwd()


def export_view(screen: MainScreen) -> None:
    query = _view(screen)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = export_folder() / f"qari-{stamp}.jsonl"
    _say(screen, "exporting")
    screen.run_worker(lambda: _export(screen, query, path), thread=True, group="export")


def _export(screen: MainScreen, query: Query, path: Path) -> None:
    from tui.analyst.export import export

    try:
        with path.open("x", encoding="utf-8") as out:
            written = export(screen.store, query, "jsonl", out)
    except OSError as error:
        screen.app.call_from_thread(
            _say, screen, "export_failed", severity="error", error=f"{path}: {error.strerror}"
        )
        return
    screen.app.call_from_thread(_say, screen, "exported", n=f"{written:,}", path=str(path))


# S: save the search; l: choose a saved one


def save_search(screen: MainScreen) -> None:
    query = screen.search_box.value
    try:
        parse_query(query)
    except QueryError:
        _say(screen, "bad_search", severity="warning")
        return

    def named(name: object) -> None:
        if isinstance(name, str) and name.strip():
            saved.add_search(screen.store, name, query)
            _say(screen, "saved_search", name=saved.clean_name(name))

    screen.app.push_screen(SaveSearchScreen(query, screen.lang, screen.options), named)


def choose_saved_search(screen: MainScreen) -> None:
    def chosen(query: object) -> None:
        if isinstance(query, str):
            screen.search_box.set_value(query, announce=False)
            screen.search(query, focus_list=True)

    screen.app.push_screen(SavedSearchesScreen(screen.store, screen.lang, screen.options), chosen)


# f: the shape of the filter; a source or keyword chosen there narrows it


def show_filter_shape(screen: MainScreen) -> None:
    def narrowed(answer: object) -> None:
        if not isinstance(answer, tuple):
            return
        narrowing: Narrowing = answer
        kind, name = narrowing
        screen.narrow(with_source if kind == "source" else with_keyword, name)

    screen.app.push_screen(
        ShapeScreen(screen.store, _view(screen), screen.lang, screen.options), narrowed
    )
