"""The reader app: a store, a language and a display mode, and the main screen over them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.app.commands import ArticleTitles
from tui.app.keymap import KEYS, label
from tui.app.screens.main import MainScreen
from tui.store.db import Store
from tui.text.display import DisplayOptions
from tui.types import Language


class QariApp(App[int]):
    """Opens the main screen; everything the reader does happens there."""

    TITLE = "qari"
    COMMANDS = App.COMMANDS | {ArticleTitles}

    def __init__(
        self, store: Store, options: DisplayOptions, lang: Language = "ar", search: str = ""
    ) -> None:
        super().__init__()
        self.store = store
        self.options = options
        self.lang: Language = lang
        self.main = MainScreen(store, options, lang, search)
        # Set by whoever runs the app in a real terminal (BDSM around a suspend).
        self.on_suspend: Callable[[], None] | None = None
        self.on_resume: Callable[[], None] | None = None
        # Called once, when the first frame is drawn.
        self.on_first_frame: Callable[[], None] | None = None

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def on_mount(self) -> None:
        self.app_suspend_signal.subscribe(self, lambda _: self.on_suspend and self.on_suspend())
        self.app_resume_signal.subscribe(self, lambda _: self.on_resume and self.on_resume())

    def post_display_hook(self) -> None:
        if self.on_first_frame is not None:
            on_first_frame, self.on_first_frame = self.on_first_frame, None
            on_first_frame()

    def action_command_palette(self) -> None:
        # A palette whose input shows typed Arabic shaped and in reading order.
        from tui.app.widgets.palette import open_palette

        open_palette(self, self.options, self.lang)

    def action_help_quit(self) -> None:
        from tui.app.widgets.palette import quit_hint

        quit_hint(self, self.options, self.lang)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for key in KEYS:
            if key.palette:
                yield SystemCommand(
                    label(key, self.lang, self.options),
                    key.english,
                    partial(self.run_action, key.action, self.main),
                )
