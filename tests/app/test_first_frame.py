"""What the reader does around its first frame: the key footer comes after it."""

from __future__ import annotations

from tui.app.app import QariApp
from tui.app.widgets.footer import KeyFooter


def _footer_keys(app: QariApp) -> set[str | None]:
    return {
        getattr(key, "action", None)
        for footer in app.main.query(KeyFooter)
        for key in footer.query("FooterKey")
    }


async def test_the_footer_shows_its_keys_after_the_first_frame(app: QariApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        # Mounted after the first frame, then composed: on a loaded machine that can take
        # longer than a moment, so the test waits for it (up to 20 s) rather than a fixed time.
        for _ in range(400):
            if {"next_article", "help", "app.quit"} <= _footer_keys(app):
                break
            await pilot.pause(0.05)
        assert {"next_article", "help", "app.quit"} <= _footer_keys(app)
        assert len(app.main.query(KeyFooter)) == 1


async def test_quitting_at_the_first_frame_leaves_no_error(app: QariApp) -> None:
    # The footer is mounted once the first frame is drawn: a reader already closing by then
    # (q pressed at once) must close cleanly, not fail to mount it.
    shown = app.post_display_hook

    def quit_at_first_frame() -> None:
        shown()
        app.exit()

    app.post_display_hook = quit_at_first_frame  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
    assert app.return_code == 0
