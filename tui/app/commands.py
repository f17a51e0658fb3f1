"""Command palette providers: qari's actions, and jumping to an article by its title."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from tui.app.screens.main import MainScreen
from tui.text.display import display_line
from tui.text.sanitize import sanitize

TITLE_HITS = 20


class ArticleTitles(Provider):
    """Matches the typed words against article titles, compared normalised."""

    async def search(self, query: str) -> Hits:
        from tui.text.normalize import normalize  # not needed before the palette opens

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return
        needle = normalize(query).strip()
        if not needle:
            return
        # A scan of every title: in a thread, so typing in the palette never waits for it.
        found = await asyncio.to_thread(
            screen.store.rows,
            "SELECT id, title FROM articles WHERE instr(title_norm, ?) > 0 "
            "ORDER BY sort_date DESC LIMIT ?",
            (needle, TITLE_HITS),
        )
        width = max(20, screen.size.width - 20)
        for article_id, title in found:
            yield Hit(
                0.9,
                Text(display_line(title, width, screen.options, pad=False)),
                partial(screen.read_article, article_id),
                # The palette puts this in its input when the hit is chosen: no controls.
                text=sanitize(title, one_line=True),
            )
