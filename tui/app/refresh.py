"""Fetching the subscribed feeds from the reader: a worker thread, its progress, its outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.feeds.subscriptions import feeds
from tui.text.display import DisplayOptions, visual
from tui.text.sanitize import sanitize

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

    # Imported when the reader first fetches: the fetcher (HTTP, lxml, the importer) is a
    # third of the reader's imports, and most sessions never fetch.
    from tui.feeds.fetch import FeedOutcome, FetchSummary
    from tui.store.db import Store

GROUP = "fetch-feeds"
BATCH = 200  # articles written at a time
FAILURES_SHOWN = 3  # notifications: more failures than this are counted, not listed

WORDS: dict[str, tuple[str, str]] = {
    "no_feeds": ("لا اشتراكات بعد: qari feeds add", "No feeds yet: qari feeds add URL"),
    "busy": ("التحديث جارٍ", "Already fetching"),
    "fetching": ("تحديث {done}/{total}", "Fetching {done}/{total}"),
    "new": ("مقالات جديدة: {new}", "New articles: {new}"),
    "failed": ("تعذر التحديث", "Fetching failed"),
    "more": ("و{count} غيرها", "and {count} more"),
}


def _word(name: str, lang: str, options: DisplayOptions, **fields: object) -> str:
    arabic, english = WORDS[name]
    return english.format(**fields) if lang == "en" else visual(arabic.format(**fields), options)


def _line(text: str, options: DisplayOptions) -> str:
    # Feed names and reasons come from the network: text only, shaped like any other.
    return visual(sanitize(text, one_line=True), options)


def fetch_feeds(
    app: App[Any],
    store: Store,
    *,
    lang: str,
    options: DisplayOptions,
    show_progress: Callable[[str], None],
    reload: Callable[[], None],
) -> Worker[FetchSummary] | None:
    """Fetch every feed in a thread; `show_progress(text)` is told how far it got ("" at the
    end) and `reload()` is called once the articles are stored, both on the app's thread.
    A failed feed is a notification. Returns the worker, or None when there is nothing to do
    (no feeds, or a fetch already running)."""
    if any(w.group == GROUP and not w.is_finished for w in app.workers):
        app.notify(_word("busy", lang, options))
        return None
    if not feeds(store):
        app.notify(_word("no_feeds", lang, options), severity="warning")
        return None
    from tui.feeds.fetch import fetch_all

    failures: list[FeedOutcome] = []

    def advance(outcome: FeedOutcome, done: int, total: int) -> None:
        if outcome.failed:
            failures.append(outcome)
        app.call_from_thread(
            show_progress, _word("fetching", lang, options, done=done, total=total)
        )

    def fetch() -> FetchSummary:
        # Threads only: forking a process that runs the app would copy its threads' locks.
        # Small transactions: the list and the reader read the store meanwhile.
        return fetch_all(store, on_outcome=advance, processes=False, write_batch=BATCH)

    def finished(summary: FetchSummary) -> None:
        show_progress("")
        reload()
        app.notify(_word("new", lang, options, new=summary.new), markup=False)
        if failures:
            lines = [
                _line(f"{o.feed.display_name}: {o.error}", options)
                for o in failures[:FAILURES_SHOWN]
            ]
            if len(failures) > FAILURES_SHOWN:
                lines.append(_word("more", lang, options, count=len(failures) - FAILURES_SHOWN))
            app.notify(
                "\n".join(lines),
                title=_word("failed", lang, options),
                severity="error",
                markup=False,
            )

    def work() -> FetchSummary:
        try:
            summary = fetch()
        except Exception as error:  # the reader stays up whatever a feed does
            message = _line(f"{type(error).__name__}: {error}", options)
            app.call_from_thread(show_progress, "")
            app.call_from_thread(
                app.notify,
                message,
                title=_word("failed", lang, options),
                severity="error",
                markup=False,
            )
            raise
        app.call_from_thread(finished, summary)
        return summary

    return app.run_worker(work, thread=True, group=GROUP, exit_on_error=False)
