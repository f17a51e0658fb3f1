"""The command palette with typed Arabic shown shaped and in reading order, and Textual's own
words (the palette's placeholder, the quit hint) in the interface language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual.command import CommandInput, CommandPalette
from textual.strip import Strip
from textual.widget import Widget

from tui.app.widgets.search_box import CARET
from tui.text.display import DisplayOptions, display_line, paragraph_direction, visual

if TYPE_CHECKING:
    from textual.app import App

# Arabic and English: what Textual would otherwise say in English only.
WORDS: dict[str, tuple[str, str]] = {
    "placeholder": ("ابحث عن أمر أو عنوان مقال…", "Search for commands and article titles…"),
    "quit_title": ("هل تريد الخروج؟", "Do you want to quit?"),
    "quit_hint": ("اضغط {key} للخروج", "Press {key} to quit"),
}


def _word(name: str, lang: str, options: DisplayOptions, **values: str) -> str:
    arabic, english = WORDS[name]
    if lang == "en":
        return english.format(**values)
    return visual(arabic.format(**values), options)


class PaletteInput(CommandInput):
    """The palette's input: edited in logical order like any Input, drawn as the search box is,
    with the caret a character at the logical cursor so reordering puts it where it belongs."""

    def __init__(self, options: DisplayOptions, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.options = options._replace(direction="ltr" if lang == "en" else "rtl")

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self.value:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        value, cursor = self.value, self.cursor_position
        text = value[:cursor] + CARET + value[cursor:] if self.has_focus else value
        line = display_line(text, width, self.options)
        return Strip([Segment(line, self.rich_style)]).crop_extend(0, width, self.rich_style)

    def _rtl(self) -> bool:
        return paragraph_direction(self.value, self.options.direction) == "rtl"

    # In right-to-left text the left arrow moves on in the text, as the reader's eye does.
    def action_cursor_left(self, select: bool = False) -> None:
        if self._rtl():
            super().action_cursor_right(select)
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        if self._rtl():
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)


class QariPalette(CommandPalette):
    """Textual's command palette with a PaletteInput and a placeholder in qari's language."""

    def __init__(self, options: DisplayOptions, lang: str) -> None:
        super().__init__(placeholder=_word("placeholder", lang, options), id="--command-palette")
        self.options = options
        self.lang = lang

    def compose(self) -> Iterable[Widget]:
        for widget in super().compose():
            if type(widget) is CommandInput:
                # The same input, drawn for Arabic: Textual's palette finds it by its class.
                yield PaletteInput(
                    self.options,
                    self.lang,
                    placeholder=widget.placeholder,
                    select_on_focus=False,
                )
            else:
                yield widget


def open_palette(app: App[Any], options: DisplayOptions, lang: str) -> None:
    """Open the command palette, unless it is open already."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(QariPalette(options, lang))


def quit_hint(app: App[Any], options: DisplayOptions, lang: str) -> None:
    """Say which key quits, for a person who pressed Ctrl+C, in the interface language."""
    quits = [
        active.binding.key_display or key
        for key, active in app.active_bindings.items()
        if active.binding.action in ("quit", "app.quit")
    ]
    if quits:
        # The plainest key: qari's own q before Textual's ctrl+q.
        shown = min(quits, key=len)
        app.notify(
            _word("quit_hint", lang, options, key=shown),
            title=_word("quit_title", lang, options),
            markup=False,
        )
