"""Make the README's screenshots: the real app on the bundled sample, saved as SVG."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app.app import QariApp
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.paths import sample_dir
from tui.text.display import DisplayOptions

HERE = Path(__file__).resolve().parent
SIZE = (120, 40)
# The screen text is already in visual order and shaped; an SVG viewer must draw it as it is,
# not run its own bidi over each run of text (which would reverse the Arabic a second time).
NO_VIEWER_BIDI = "text { unicode-bidi: bidi-override; direction: ltr; }"


async def settle(pilot: Pilot) -> None:
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def main_screen(pilot: Pilot) -> None:
    await settle(pilot)


async def keyword_filter(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("down", "3", "enter")
    await settle(pilot)


async def help_screen(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def filter_shape(pilot: Pilot) -> None:
    await settle(pilot)
    for key in "أسوان":
        await pilot.press(key)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)


async def shoot(app: QariApp, name: str, steps: Callable[[Pilot], Awaitable[None]]) -> Path:
    async with app.run_test(size=SIZE) as pilot:
        await steps(pilot)
        svg = app.export_screenshot(title=f"qari — {name}")
    svg = svg.replace("<style>", "<style>" + NO_VIEWER_BIDI, 1)
    path = HERE / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


async def make_all() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store.sqlite3", Path(folder) / "state.sqlite3")
        import_sources(store, [sample_dir()])
        for name, steps in (
            ("main", main_screen),
            ("filtered", keyword_filter),
            ("help", help_screen),
            ("shape", filter_shape),
        ):
            path = await shoot(QariApp(store, DisplayOptions(), "ar"), name, steps)
            print(path.relative_to(HERE.parent))
        store.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(make_all()))
