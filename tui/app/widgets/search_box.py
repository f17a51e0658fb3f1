"""The search box: edits the query in logical order and shows it shaped, in reading order."""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.text.display import DisplayOptions, display_line, paragraph_direction

CARET = "▏"


class SearchBox(Widget, can_focus=True):
    """A one-line editor. The caret is drawn as a character inserted at the logical cursor,
    so the bidi algorithm puts it where a reader of the query expects it."""

    DEFAULT_CSS = """
    SearchBox {
        height: 3;
        border: round $panel-lighten-2;
        padding: 0 1;
        &:focus {
            border: round $accent;
        }
        &.-error {
            border: round $error;
        }
    }
    """

    value: reactive[str] = reactive("", init=False)
    # Why the typed query cannot be searched, shown under the box; "" when it can.
    error: reactive[str] = reactive("", init=False)

    class Changed(Message):
        """The text was edited."""

        def __init__(self, box: SearchBox, value: str) -> None:
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> SearchBox:
            return self.box

    class Submitted(Changed):
        """Enter in the box."""

    def __init__(self, options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self.cursor = 0

    def set_value(self, value: str, *, announce: bool = True) -> None:
        self.cursor = len(value)
        self.value = value
        if announce:
            self.post_message(self.Changed(self, value))
        self.refresh()

    def watch_error(self, error: str) -> None:
        # Content, not markup: the message quotes what was typed, brackets and all.
        self.border_subtitle = Content(error) if error else ""
        self.set_class(bool(error), "-error")

    def render_line(self, y: int) -> Strip:
        # Drawn as a strip, not Text: Textual's text layout would trim the alignment padding.
        width = self.content_region.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        if self.has_focus:
            text = self.value[: self.cursor] + CARET + self.value[self.cursor :]
        else:
            text = self.value
        line = display_line(text, width, self.options._replace(direction="rtl"))
        return Strip([Segment(line, self.rich_style)]).crop_extend(0, width, self.rich_style)

    def _edit(self, value: str, cursor: int) -> None:
        self.cursor = cursor
        self.value = value
        self.post_message(self.Changed(self, value))
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        value, cursor = self.value, self.cursor
        rtl = paragraph_direction(value, "rtl") == "rtl"
        handled = True
        if event.key == "backspace":
            if cursor:
                self._edit(value[: cursor - 1] + value[cursor:], cursor - 1)
        elif event.key == "delete":
            self._edit(value[:cursor] + value[cursor + 1 :], cursor)
        elif event.key in ("left", "right"):
            forward = (event.key == "left") == rtl
            self.cursor = max(0, min(len(value), cursor + (1 if forward else -1)))
            self.refresh()
        elif event.key in ("home", "ctrl+a"):
            self.cursor = 0
            self.refresh()
        elif event.key in ("end", "ctrl+e"):
            self.cursor = len(value)
            self.refresh()
        elif event.key == "ctrl+u":
            self._edit("", 0)
        elif event.key == "enter":
            self.post_message(self.Submitted(self, value))
        elif event.is_printable and event.character:
            self._edit(value[:cursor] + event.character + value[cursor:], cursor + 1)
        else:
            handled = False
        if handled:
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        text = " ".join(event.text.split())
        self._edit(
            self.value[: self.cursor] + text + self.value[self.cursor :], self.cursor + len(text)
        )
        event.stop()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
