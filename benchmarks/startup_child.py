"""qari's reader, instrumented, for `bench_startup.py --breakdown`: where the start's time goes.

    python -X importtime benchmarks/startup_child.py STORE OUT
    python -X importtime benchmarks/startup_child.py --bare OUT
    valgrind --tool=callgrind python benchmarks/startup_child.py --exit-at-paint STORE|--bare OUT

Runs the reader on STORE as `qari --store STORE --bidi app` does, in the terminal it was
started in, until the first frame with the newest articles' rows is drawn; then it quits and
writes the time of each phase, as JSON, to OUT, and the `-X importtime` lines to OUT.imports.
Only the standard library's smallest modules are imported before qari, so qari's imports
are measured as a user's `qari` pays for them.

With --exit-at-paint the process ends at once when that frame is drawn, writing nothing:
what it ran is then the start to the first frame and nothing after (for counting its
instructions, `bench_startup.py --instructions`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict

# Set by --exit-at-paint: end the process when the first frame is drawn.
EXIT_AT_PAINT = False


def _log_imports(out: str) -> None:
    # -X importtime writes to file descriptor 2: that becomes the log, and Textual, which
    # draws on sys.__stderr__, gets the terminal under a new descriptor.
    terminal = os.dup(2)
    log = os.open(out + ".imports", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 2)
    sys.__stderr__ = sys.stderr = open(terminal, "w")  # noqa: SIM115 (the process's own)


def _time_stylesheet(spent: dict[str, float]) -> None:
    from textual.css.stylesheet import Stylesheet

    _timed(Stylesheet, "parse", "stylesheet: parse", spent)
    _timed(Stylesheet, "reparse", "stylesheet: parse", spent)
    # Textual parses new widgets' CSS when it first applies rules: counted as parsing only.
    _timed(Stylesheet, "apply", "stylesheet: apply", spent, inner="stylesheet: parse")


def _timed(owner: object, name: str, bucket: str, spent: dict[str, float], inner: str = "") -> None:
    """Add the time calls of `owner.name` take to `spent[bucket]`, less what `inner` took;
    a call from within a call (Textual's apply recurses) is counted once."""
    original = getattr(owner, name)
    depth = [0]

    def wrapper(*args: object, **kwargs: object) -> object:
        depth[0] += 1
        start, before = time.perf_counter(), spent.get(inner, 0.0)
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[bucket] += time.perf_counter() - start - (spent.get(inner, 0.0) - before)

    setattr(owner, name, wrapper)


def bare(out: str) -> None:
    """The bare app of bench_startup.py, with the same marks: the floor's own breakdown."""
    began = time.perf_counter()
    _log_imports(out)
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    imported = time.perf_counter()
    spent: dict[str, float] = defaultdict(float)
    marks: dict[str, float] = {}
    _time_stylesheet(spent)

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("floorword")

        def post_display_hook(self) -> None:
            if EXIT_AT_PAINT:
                os._exit(0)
            marks.setdefault("painted", time.perf_counter())
            self.exit()

    app = Bare()
    marks["app.run"] = time.perf_counter()
    app.run()
    figures = {
        "imports": imported - began,
        "app start to first frame": marks["painted"] - marks["app.run"],
        "total in-process": marks["painted"] - began,
        **spent,
    }
    with open(out, "w") as file:
        json.dump(figures, file)


def main(store: str, out: str) -> None:
    began = time.perf_counter()
    _log_imports(out)

    import tui.cli

    cli_imported = time.perf_counter()
    import tui.app.run
    from tui.app.app import QariApp

    reader_imported = time.perf_counter()
    from tui.app.screens.main import MainScreen
    from tui.app.widgets.article_list import ArticleList
    from tui.app.widgets.reader import ReaderView
    from tui.store.db import Store
    from tui.text import display

    spent: dict[str, float] = defaultdict(float)
    marks: dict[str, float] = {}

    _time_stylesheet(spent)
    _timed(ArticleList, "render_line", "list lines", spent)
    _timed(ReaderView, "render_line", "reader lines", spent)
    _timed(display, "_shape", "shaping", spent)
    _timed(tui.app.run, "terminal_setup", "asking the terminal which it is", spent)
    results = Store.results

    def first_results(*args: object, **kwargs: object) -> object:
        # Only the queries begun before the first frame: the count of all the articles
        # starts after it, on a thread of its own.
        if "first frame" in marks:
            return results(*args, **kwargs)  # type: ignore[arg-type]
        start = time.perf_counter()
        try:
            return results(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent["the list's first query"] += time.perf_counter() - start

    Store.results = first_results  # type: ignore[method-assign,assignment]
    run_app = tui.app.run.run_app

    def marked_run_app(*args: object) -> int:
        marks["app.run"] = time.perf_counter()
        return run_app(*args)  # type: ignore[arg-type]

    tui.app.run.run_app = marked_run_app  # type: ignore[assignment]
    show_results = MainScreen._show_results

    def marked_show_results(self: MainScreen, *args: object) -> None:
        marks.setdefault("results", time.perf_counter())
        show_results(self, *args)  # type: ignore[arg-type]

    MainScreen._show_results = marked_show_results  # type: ignore[method-assign]

    post_display_hook = QariApp.post_display_hook

    def painted(self: QariApp) -> None:
        now = time.perf_counter()
        post_display_hook(self)
        marks.setdefault("first frame", now)
        if "results" in marks and "painted" not in marks:
            if EXIT_AT_PAINT:
                os._exit(0)
            marks["painted"] = now
            self.exit()

    QariApp.post_display_hook = painted  # type: ignore[method-assign]
    tui.cli.main(["--store", store, "--bidi", "app"])
    figures = {
        "imports": reader_imported - began,
        "imports: of which tui.cli": cli_imported - began,
        "open the store": marks["app.run"] - reader_imported,
        "app start to first frame": marks["first frame"] - marks["app.run"],
        "first frame to the newest row": marks["painted"] - marks["first frame"],
        "total in-process": marks["painted"] - began,
        **spent,
    }
    with open(out, "w") as file:
        json.dump(figures, file)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[0] == "--exit-at-paint":
        EXIT_AT_PAINT = True
        arguments = arguments[1:]
    if arguments[0] == "--bare":
        bare(arguments[1])
    else:
        main(arguments[0], arguments[1])
