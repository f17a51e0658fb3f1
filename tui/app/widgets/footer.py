"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer, which rebuilds its keys whenever bindings may have changed: while the
    reader opens, focus moves and bound reactives ask it five times for the same keys, each
    time styling and laying out every key anew. Here an unchanged set of keys is left as is."""

    _composed: Hashable = None

    def _shown_keys(self) -> Hashable:
        bindings = tuple(
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return (bindings, self.compact, self.show_command_palette)

    def on_mount(self) -> None:
        # Mounted after the screen's first frame (see MainScreen._mount_footer): its keys
        # were announced before Footer.on_mount subscribed to hear of them.
        self.bindings_changed(self.screen)

    async def recompose(self) -> None:
        shown = self._shown_keys()
        if shown == self._composed:
            return
        self._composed = shown
        await super().recompose()
