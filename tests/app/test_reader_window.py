"""A huge article keeps only a window of its display lines, and every line can be reached."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import screen_text
from textual import events
from textual.pilot import Pilot

from tui.app.app import QariApp
from tui.app.widgets import reader as reader_module
from tui.app.widgets.reader import ReaderView
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.text.display import DisplayOptions, iter_display_lines, visual

SIZE = (120, 40)
SENTENCE = "قال وزير الري إن مياه النيل في اسوان تكفي الموسم الزراعي كله"


@pytest.fixture
def huge_article_store(tmp_path: Path) -> Iterator[Store]:
    """One article: three thousand short paragraphs, one paragraph of some 200,000 characters
    (with a word too long for any line inside it), then short ones again."""
    huge = " ".join([SENTENCE] * 1500 + ["ب" * 9000] + [SENTENCE] * 1500)
    body = [f"{n} {SENTENCE}" for n in range(3000)] + [huge] + ["الخاتمة " + SENTENCE] * 50
    source = tmp_path / "huge.jsonl"
    source.write_text(json.dumps({"title": "مقال ضخم", "body": body}, ensure_ascii=False))
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    import_sources(store, [source])
    yield store
    store.close()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await pilot.pause(0.02)


def kept(reader: ReaderView) -> int:
    """How many body lines the reader holds."""
    return sum(len(reader._blocks.get(key) or []) for key in list(reader._blocks.keys()))


async def test_a_huge_article_keeps_a_window_and_shows_every_line(
    huge_article_store: Store,
) -> None:
    app = QariApp(huge_article_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main.shown is not None)
        reader = app.query_one(ReaderView)
        await wait_until(pilot, lambda: reader.complete)
        article = app.main.shown
        assert article is not None
        width = reader.scrollable_content_region.width
        body = list(iter_display_lines(article.body, width, DisplayOptions()))
        assert len(body) > 5000
        # Counted to the end, yet only a few blocks of lines are held.
        limit = reader_module.BLOCKS_KEPT * (reader_module.BLOCK + 50)
        assert kept(reader) <= limit < len(body)
        # Every line, made again from the places kept, is the line it stands for.
        lines = reader.text_lines()
        assert lines[-len(body) :] == body
        assert kept(reader) <= limit
        # End goes to the last line, Home back to the title, wherever the window was.
        app.main.action_pane("reader")
        await pilot.press("end")
        await wait_until(pilot, lambda: reader.scroll_offset.y >= reader.max_scroll_y > 0)
        bottom = reader.scrollable_content_region.height - 1
        assert reader.render_line(bottom).text.strip() == body[-1].strip()
        await pilot.press("home")
        await wait_until(pilot, lambda: reader.scroll_offset.y == 0)
        assert reader.render_line(0).text.strip() == lines[0].strip()


async def test_pages_pressed_faster_than_the_scroll_moves_each_move_a_page(
    huge_article_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys come faster than the scroll animates and than lines are counted (a held key, a
    busy machine): each PageDown and PageUp goes a page on from where the one before was
    taking the view, over lines counted then and there."""
    # Counting in the background stalls after the first screen and a line.
    monkeypatch.setattr(reader_module, "CHUNK", 1)
    monkeypatch.setattr(reader_module, "GROW_EVERY", 3600)
    app = QariApp(huge_article_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        title = visual("مقال ضخم")
        await wait_until(pilot, lambda: title in screen_text(app))
        app.main.action_pane("reader")
        reader = app.query_one(ReaderView)
        page = reader.scrollable_content_region.height
        assert reader.virtual_size.height < 2 * page
        # Posted together, so each is handled before the scroll of the one before has moved.
        for _ in range(3):
            app.post_message(events.Key("pagedown", None))
        await wait_until(pilot, lambda: reader.scroll_offset.y == 3 * page)
        assert reader.scroll_target_y == 3 * page
        for _ in range(2):
            app.post_message(events.Key("pageup", None))
        await wait_until(pilot, lambda: reader.scroll_offset.y == page)
        assert reader.scroll_target_y == page
        assert not reader.complete


async def test_end_before_the_lines_are_counted_follows_them_to_the_last(
    huge_article_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End while the lines are still being counted goes to the last line counted at once,
    then on with each step of the counting, and rests on the article's last line; moving
    the view stops it following."""
    # The background counting stalls after one step; the test takes the steps itself.
    monkeypatch.setattr(reader_module, "GROW_EVERY", 3600)
    app = QariApp(huge_article_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        title = visual("مقال ضخم")
        await wait_until(pilot, lambda: title in screen_text(app))
        app.main.action_pane("reader")
        reader = app.query_one(ReaderView)
        await pilot.press("end")
        await wait_until(pilot, lambda: reader.scroll_offset.y > 0)
        # Drawing the bottom row counts one more line, so the end may be one line on.
        assert reader.max_scroll_y - 1 <= reader.scroll_offset.y
        assert not reader.complete
        while not reader.complete:
            reader._grow()
            assert reader.scroll_offset.y == reader.max_scroll_y
        article = app.main.shown
        assert article is not None
        width = reader.scrollable_content_region.width
        last = list(iter_display_lines(article.body, width, DisplayOptions()))[-1]
        bottom = reader.scrollable_content_region.height - 1
        await pilot.pause()
        assert reader.render_line(bottom).text.strip() == last.strip()
        # From the top, counted again at a new width; End, then a line up: it stays there.
        await pilot.press("home")
        await wait_until(pilot, lambda: reader.scroll_offset.y == 0)
        await pilot.resize_terminal(SIZE[0] - 10, SIZE[1])
        await wait_until(pilot, lambda: not reader.complete)
        await pilot.press("end")
        await wait_until(pilot, lambda: reader.scroll_offset.y > 0)
        where = reader.scroll_offset.y - 1
        await pilot.press("up")
        await wait_until(pilot, lambda: reader.scroll_offset.y == where)
        while not reader.complete:
            reader._grow()
        await pilot.pause()
        assert reader.scroll_offset.y == where < reader.max_scroll_y - 1000


async def test_a_resize_far_into_an_article_comes_back_to_its_paragraph_in_the_background(
    huge_article_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting the lines at the new width up to where the reader was would hold up the
    screen: the top shows at once, and the paragraph that was at the top of the view comes
    back when its lines have been counted again."""
    app = QariApp(huge_article_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        title = visual("مقال ضخم")
        await wait_until(pilot, lambda: title in screen_text(app))
        app.main.action_pane("reader")
        reader = app.query_one(ReaderView)
        await wait_until(pilot, lambda: reader.complete)
        await pilot.press("end", "pageup")
        await wait_until(pilot, lambda: reader.scroll_offset.y == reader.scroll_target_y > 0)
        before = reader._top_place()
        assert before is not None
        # The counting at the new width stalls after one step; the test takes the steps.
        monkeypatch.setattr(reader_module, "GROW_EVERY", 3600)
        width = reader._width
        await pilot.resize_terminal(SIZE[0] - 10, SIZE[1])
        await wait_until(pilot, lambda: reader._width != width)
        assert reader.scroll_offset.y == 0 and not reader.complete
        while not reader.complete:
            reader._grow()
        await pilot.pause()
        after = reader._top_place()
        assert after is not None and after[0] == before[0] and after <= before
        assert reader.scroll_offset.y > 0


async def test_another_article_opens_at_its_top_whatever_the_last_was_waiting_for(
    huge_article_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End following the counting, or a place to come back to after a resize, belong to
    the article they were asked for: the next one opens at its top and stays there."""
    source = tmp_path / "long.jsonl"
    body = [f"{n} {SENTENCE}" for n in range(300)]
    source.write_text(json.dumps({"title": "مقال آخر", "body": body}, ensure_ascii=False))
    import_sources(huge_article_store, [source])
    (other,) = huge_article_store.rows("SELECT id FROM articles WHERE title = 'مقال آخر'")[0]
    (huge,) = huge_article_store.rows("SELECT id FROM articles WHERE title = 'مقال ضخم'")[0]
    monkeypatch.setattr(reader_module, "GROW_EVERY", 3600)
    app = QariApp(huge_article_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(ReaderView)
        title = visual("مقال ضخم")
        for waiting in ("end", "resize"):
            app.main.read_article(huge)
            await wait_until(pilot, lambda: title in screen_text(app))
            if waiting == "end":
                await pilot.press("end")
                await wait_until(pilot, lambda: reader.scroll_offset.y > 0)
            else:
                # Far enough that the place is not found in the step counted at once.
                for _ in range(40):
                    app.post_message(events.Key("pagedown", None))
                await wait_until(
                    pilot,
                    lambda: reader.scroll_offset.y == 40 * reader.scrollable_content_region.height,
                )
                await pilot.resize_terminal(SIZE[0] + 10, SIZE[1])
                await wait_until(pilot, lambda: reader.scroll_offset.y == 0)
                assert reader._seek is not None
            assert not reader.complete
            app.main.read_article(other)
            await wait_until(pilot, lambda: visual("مقال آخر") in screen_text(app))
            while not reader.complete:
                reader._grow()
            await pilot.pause()
            assert reader.scroll_offset.y == 0
