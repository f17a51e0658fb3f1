"""The command palette's input draws typed Arabic for reading, and Textual's words follow the
interface language."""

from __future__ import annotations

from textual.command import CommandInput
from textual.pilot import Pilot

from tui.app.app import QariApp
from tui.app.widgets.palette import PaletteInput, QariPalette
from tui.store.db import Store
from tui.text.display import DisplayOptions, visual

SIZE = (120, 40)


async def open_palette(pilot: Pilot, app: QariApp) -> PaletteInput:
    await pilot.pause(0.2)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, QariPalette)
    palette_input = app.screen.query_one(CommandInput)
    assert isinstance(palette_input, PaletteInput)
    return palette_input


async def test_typed_arabic_is_shown_shaped_and_in_reading_order(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        palette_input = await open_palette(pilot, app)
        await pilot.press(*"الطاقة الشمسية")
        await pilot.pause()
        assert palette_input.value == "الطاقة الشمسية"  # edited in logical order
        line = "".join(segment.text for segment in palette_input.render_line(0))
        # The caret sits after the last word typed, at the left end of the reversed line.
        assert line.rstrip().endswith(visual("الطاقة الشمسية▏"))
        assert visual("الطاقة الشمسية") not in ("", "الطاقة الشمسية")


async def test_left_arrow_moves_on_through_arabic_text(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        palette_input = await open_palette(pilot, app)
        await pilot.press(*"قنا")
        await pilot.press("home")
        await pilot.press("left")
        assert palette_input.cursor_position == 1
        await pilot.press("right")
        assert palette_input.cursor_position == 0


async def test_the_placeholder_follows_the_interface_language(sample_store: Store) -> None:
    for lang, placeholder in (
        ("ar", visual("ابحث عن أمر أو عنوان مقال…")),
        ("en", "Search for commands and article titles…"),
    ):
        app = QariApp(sample_store, DisplayOptions(), lang)
        async with app.run_test(size=SIZE) as pilot:
            palette_input = await open_palette(pilot, app)
            assert palette_input.placeholder == placeholder


async def test_ctrl_c_says_how_to_quit_in_the_interface_language(sample_store: Store) -> None:
    for lang, said in (("ar", visual("اضغط q للخروج")), ("en", "Press q to quit")):
        app = QariApp(sample_store, DisplayOptions(), lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.2)
            await pilot.press("ctrl+c")
            await pilot.pause(0.2)
            messages = [n.message for n in app._notifications]
            assert said in messages
            assert not any("to quit the app" in m for m in messages)
