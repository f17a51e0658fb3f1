"""Snapshots of the real screens on the sample store: what a person sees, cell by cell."""

from __future__ import annotations

import textual
from textual.pilot import Pilot

from tui.app.app import QariApp

# The SVGs below were drawn by this Textual, the one the test extras pin: another draws
# other cells. After a deliberate upgrade, look at each new SVG before keeping it.
SNAPSHOT_TEXTUAL = "8.2.8"


def test_the_snapshots_are_compared_with_the_textual_that_drew_them() -> None:
    assert textual.__version__ == SNAPSHOT_TEXTUAL, (
        f"snapshots were drawn by textual {SNAPSHOT_TEXTUAL}; this is {textual.__version__}: "
        "install '.[test]', or regenerate with --snapshot-update and look at every SVG"
    )


async def settle(pilot: Pilot) -> None:
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen_120x40(app: QariApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_main_screen_80x24(app: QariApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_keyword_filter_120x40(app: QariApp, snap_compare) -> None:
    async def filter_by_keyword(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "3", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=filter_by_keyword)


def test_help_screen(app: QariApp, snap_compare) -> None:
    async def open_help(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_help)


def test_filter_shape_120x40(app: QariApp, snap_compare) -> None:
    async def show_shape(pilot: Pilot) -> None:
        await settle(pilot)
        for key in "أسوان":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=show_shape)
