"""The help screen: every key, from the one keymap, in the reader's language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.keymap import KEYS, Key, label, word
from tui.text.display import DisplayOptions, display_line

KEY_WIDTH = 16
LABEL_WIDTH = 30


def _keys_text(key: Key) -> str:
    names = [key.key_display or k for k in key.keys.split(",")]
    if key.key_display:
        names = [key.key_display] + [k for k in key.keys.split(",")[1:]]
    return " ".join(n.replace("question_mark", "?").replace("slash", "/") for n in names)


class HelpScreen(ModalScreen[None]):
    """A table of keys; Escape, q, ? or F1 close it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", show=False)]

    def __init__(self, lang: str, options: DisplayOptions) -> None:
        super().__init__()
        self.lang = lang
        self.options = options

    def compose(self) -> ComposeResult:
        text = Text()
        for key in KEYS:
            shown = label(key, self.lang, self.options) if self.lang == "en" else key.arabic
            if self.lang == "en":
                text.append(_keys_text(key).ljust(KEY_WIDTH), "bold")
                text.append(shown.ljust(LABEL_WIDTH) + "\n")
            else:
                text.append(display_line(shown, LABEL_WIDTH, self.options))
                text.append("  " + _keys_text(key).rjust(KEY_WIDTH) + "\n", "bold")
        with VerticalScroll(id="help-body") as body:
            body.border_title = word("help", self.lang, self.options)
            yield Static(text, id="help-keys")
