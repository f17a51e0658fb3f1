"""Command palette providers: qari's actions, and jumping to an article by its title."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import Hit, Hits, Provider

from tui.text.display import display_line
from tui.text.normalize import normalize
from tui.text.sanitize import sanitize

if TYPE_CHECKING:
    from tui.app.app import QariBase

TITLE_HITS = 20


class ArticleTitles(Provider):
    """Matches the typed words against article titles, compared normalised."""

    async def search(self, query: str) -> Hits:
        app: QariBase = self.app  # type: ignore[assignment]
        needle = normalize(query).strip()
        if not needle:
            return
        # A scan of every title: in a thread, so typing in the palette never waits for it.
        found = await asyncio.to_thread(
            app.store.rows,
            "SELECT id, title FROM articles WHERE instr(title_norm, ?) > 0 "
            "ORDER BY sort_date DESC LIMIT ?",
            (needle, TITLE_HITS),
        )
        width = max(20, app.size.width - 20)
        for article_id, title in found:
            yield Hit(
                0.9,
                Text(display_line(title, width, app.options, pad=False)),
                partial(app.open_article, article_id),
                # The palette puts this in its input when the hit is chosen: no controls.
                text=sanitize(title, one_line=True),
            )
