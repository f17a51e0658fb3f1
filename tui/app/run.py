"""Running the reader in a real terminal: the display mode, and BDSM around the alt screen."""

from __future__ import annotations

import argparse
import atexit
import os
import sys

from tui.config import Config
from tui.store.db import Store
from tui.text.display import DisplayOptions
from tui.text.terminal import BDSM_EXPLICIT, BDSM_IMPLICIT, choose_bidi_mode


def _write(sequence: str) -> None:
    stream = sys.__stdout__
    if stream is not None and stream.isatty():
        stream.write(sequence)
        stream.flush()


def run_app(store: Store, args: argparse.Namespace, config: Config) -> int:
    """Open the reader on `store`; returns the exit status."""
    from tui.app.app import QariApp

    mode, notice = choose_bidi_mode(args.bidi or config.bidi, os.environ)
    options = DisplayOptions(harakat=config.harakat and not args.no_harakat, bidi=mode)
    app = QariApp(store, options, args.lang or config.lang, args.search)
    if notice:
        app.call_later(app.notify, notice, timeout=8)
    if mode == "app":
        # BDSM explicit mode: the terminal must not reorder what qari has already ordered.
        # Implicit mode comes back on exit, on a crash (atexit) and while suspended.
        atexit.register(_write, BDSM_IMPLICIT)
        app.on_suspend = lambda: _write(BDSM_IMPLICIT)
        app.on_resume = lambda: _write(BDSM_EXPLICIT)
        _write(BDSM_EXPLICIT)
    try:
        app.run()
    finally:
        if mode == "app":
            _write(BDSM_IMPLICIT)
    return app.return_code or 0
