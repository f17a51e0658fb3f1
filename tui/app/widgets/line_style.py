"""The style a Line API widget draws its lines in, worked out once per style update."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object


class LineStyle(_Base):
    """`line_style` is the widget's `rich_style`, which Textual works out anew at every ask by
    walking the styles of every ancestor; a list drawing its first screen asked for it three
    times a row, a third of its drawing time (measured). Forgotten when Textual updates the
    widget's styles, as Textual forgets its own component styles."""

    _line_style: Style | None = None

    def notify_style_update(self) -> None:
        self._line_style = None
        super().notify_style_update()

    @property
    def line_style(self) -> Style:
        if self._line_style is None:
            self._line_style = self.rich_style
        return self._line_style
