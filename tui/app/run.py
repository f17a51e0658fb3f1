"""Running the reader in a real terminal: the display mode, and BDSM around the alt screen."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from functools import partial
from typing import TYPE_CHECKING

from tui.config import Config
from tui.probe import terminal_setup
from tui.store.db import Store
from tui.text.display import DisplayOptions

if TYPE_CHECKING:
    import argparse

    from tui.app.css_cache import ParsedCss


def _write(sequence: str) -> None:
    stream = sys.__stdout__
    if stream is not None and stream.isatty():
        stream.write(sequence)
        stream.flush()


def _collect_again() -> None:
    # What loading made lives as long as the reader: frozen, later collections never walk it
    # (the cycles already garbage by then, some two thousand objects, stay with it).
    gc.freeze()
    gc.enable()


def _first_frame(parsed: ParsedCss) -> None:
    _collect_again()
    parsed.save()


def run_app(store: Store, args: argparse.Namespace, config: Config) -> int:
    """Open the reader on `store`; returns the exit status."""
    # No garbage collection while Textual loads and the first screen is built: it finds next
    # to nothing then, and its passes over the fresh objects cost 50-130 ms of the start.
    gc.disable()
    from tui.app.app import QariApp
    from tui.app.css_cache import ParsedCss, cache_file

    # Asked before Textual takes the terminal: the answers arrive as input.
    setup, restore = terminal_setup(
        args.bidi or config.bidi, False if args.no_harakat else config.harakat, os.environ
    )
    options = DisplayOptions(harakat=setup.harakat, bidi=setup.bidi, isolate=setup.isolate)
    app = QariApp(store, options, args.lang or config.lang, args.search)
    # The stylesheet as parsed in the last start; kept once the first frame is drawn.
    parsed = ParsedCss(cache_file())
    parsed.install(app.stylesheet)
    app.on_first_frame = partial(_first_frame, parsed)
    if setup.notice:
        app.call_later(app.notify, setup.notice, timeout=8)
    if setup.enter:
        # The terminal's own BiDi off (BDSM explicit mode and the like): it must not reorder
        # what qari has already ordered. It comes back on exit, on a crash and while suspended.
        atexit.register(_write, setup.leave)
        app.on_suspend = lambda: _write(setup.leave)
        app.on_resume = lambda: _write(setup.enter)
        _write(setup.enter)
    try:
        app.run()
    finally:
        gc.enable()
        _write(setup.leave)
        restore()
    return app.return_code or 0
