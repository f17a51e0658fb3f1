"""The help screen: every key, from the one keymap, and what the list's marks mean."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.keymap import KEYS, Key, text, word
from tui.text.display import DisplayOptions, display_line
from tui.types import Language

KEY_WIDTH = 16
MARK_WORDS = (
    "mark_unread",
    "mark_starred",
    "mark_link",
    "mark_duplicate",
    "mark_story",
    "mark_similar",
)


def key_names(key: Key) -> str:
    """The keys as a person types them: `/` for slash, `?` for question_mark."""
    names = key.keys.split(",")
    if key.key_display:
        names[0] = key.key_display
    return " ".join(n.replace("question_mark", "?").replace("slash", "/") for n in names)


class KeyTable(ScrollView, can_focus=True):
    """One line per key, then the marks; laid out again for whatever width it is given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", show=False),
        Binding("down,j", "scroll_down", show=False),
    ]

    def __init__(self, lang: Language, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.options = options

    def text_lines(self) -> list[str]:
        """The lines as drawn at the current width."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return []
        keys_width = min(KEY_WIDTH, width // 3)
        label_width = max(1, width - keys_width - 1)
        lines = []
        for key in KEYS:
            names = key_names(key)[:keys_width]
            if self.lang == "en":
                lines.append(f"{names:<{keys_width}} {key.english}"[:width].ljust(width))
            else:
                label = display_line(key.arabic, label_width, self.options)
                lines.append(f"{label} {names:>{keys_width}}")
        lines.append(" " * width)
        for name in ("marks", *MARK_WORDS):
            shown = text(name, self.lang)
            lines.append(display_line(shown, width, self.options._replace(direction="ltr")))
        return lines

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.text_lines()))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        lines = self.text_lines()
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(lines):
            return Strip.blank(width, self.rich_style)
        return Strip([Segment(lines[index], self.rich_style)]).crop_extend(
            0, width, self.rich_style
        )


class HelpScreen(ModalScreen[None]):
    """A table of keys; Escape, q, ? or F1 close it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-body {
            width: 64;
            max-width: 100%;
            height: 80%;
            border: round $accent;
            border-title-align: right;
            background: $surface;
            padding: 0 1;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", show=False)
    ]

    def __init__(self, lang: Language, options: DisplayOptions) -> None:
        super().__init__()
        self.lang = lang
        self.options = options

    def compose(self) -> ComposeResult:
        table = KeyTable(self.lang, self.options, id="help-body")
        table.border_title = word("help", self.lang, self.options)
        yield table
