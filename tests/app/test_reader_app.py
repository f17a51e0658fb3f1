"""The reader app driven by Textual's pilot, on a real store holding the bundled sample."""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import screen_text
from textual import events
from textual.command import CommandList
from textual.pilot import Pilot

from tui.app.app import QariApp
from tui.app.keymap import KEYS, label, word
from tui.app.screens import main as main_screen
from tui.app.screens.help import HelpScreen, KeyTable, key_names
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.reader import ReaderView
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.side_lists import KeywordList, RelatedList
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.text.display import DisplayOptions
from tui.text.normalize import normalize
from tui.types import Language

SIZE = (120, 40)


def logical(display: str) -> str:
    """Undo presentation forms, so screen text can be compared with stored text."""
    return unicodedata.normalize("NFKC", display)


def reading(lines: list[str]) -> str:
    """Right-to-left display lines back in reading order (Arabic words only are exact)."""
    return " ".join(logical(line[::-1]).strip() for line in lines)


async def settle(pilot: Pilot, app: QariApp) -> None:
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await asyncio.to_thread(app.main.writes.flush)
    await pilot.pause()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 30) -> None:
    """Wait for a condition, not for a time; fail after `timeout` seconds without it."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await pilot.pause(0.02)


@pytest.fixture
def long_article_store(tmp_path: Path) -> Iterator[Store]:
    """A store whose one article is long enough to be wrapped in many steps."""
    source = tmp_path / "long.jsonl"
    body = [" ".join(["كلمة عربية طويلة نسبيا"] * 40)] * 400
    source.write_text(json.dumps({"title": "مقال طويل", "body": body}, ensure_ascii=False))
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    import_sources(store, [source])
    yield store
    store.close()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[" " if c == " " else c for c in text])


def shown_id(app: QariApp) -> str:
    assert app.main.shown is not None
    return app.main.shown.id


def list_ids(app: QariApp) -> list[str]:
    article_list = app.query_one(ArticleList)
    rows = [article_list.row(i) for i in range(article_list.row_count())]
    return [r.id for r in rows if r is not None]


def article_words(store: Store, article_id: str) -> str:
    article = store.article(article_id)
    assert article is not None
    return normalize(" ".join([article.title, *article.body, *article.keywords, article.source]))


async def test_opens_on_the_newest_article_with_its_panes_filled(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        article_list = app.query_one(ArticleList)
        assert article_list.row_count() == app.store.count() >= 30
        assert app.focused is article_list
        first = article_list.row(0)
        assert first is not None and shown_id(app) == first.id
        reader_text = normalize(reading(app.query_one(ReaderView).text_lines()))
        assert normalize(" ".join(first.title.split()[:3])) in reader_text
        assert normalize(" ".join(app.main.shown.body[0].split()[:4])) in reader_text
        assert app.query_one(KeywordList).row_count() == len(app.main.shown.keywords) > 0
        assert app.query_one(RelatedList).row_count() > 0


async def test_moving_the_selection_shows_each_article(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        ids = list_ids(app)
        await pilot.press("down")
        assert shown_id(app) == ids[1]
        await pilot.press("j", "j")
        assert shown_id(app) == ids[3]
        await pilot.press("k")
        assert shown_id(app) == ids[2]
        await pilot.press("end")
        assert shown_id(app) == ids[-1]
        await pilot.press("home")
        assert shown_id(app) == ids[0]
        await settle(pilot, app)
        assert not app.store.article(ids[2]).read  # previewing is not reading


async def test_enter_opens_in_the_reader_and_marks_read(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "enter")
        assert app.focused is app.query_one(ReaderView)
        await settle(pilot, app)
        assert app.store.article(shown_id(app)).read
        assert app.store.history()[0] == shown_id(app)


async def test_tab_and_number_keys_move_between_panes(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["reader", "keywords", "related", "articles"]
        await pilot.press("shift+tab")
        assert app.focused.id == "related"
        for key, pane in (("1", "articles"), ("2", "reader"), ("3", "keywords"), ("4", "related")):
            await pilot.press(key)
            assert app.focused.id == pane


async def test_n_and_p_step_through_articles_from_the_reader(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        ids = list_ids(app)
        await pilot.press("2", "n", "n")
        assert shown_id(app) == ids[2]
        assert app.focused.id == "reader"
        await pilot.press("p")
        assert shown_id(app) == ids[1]


async def test_reader_scrolls_with_keys(app: QariApp) -> None:
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot, app)
        reader = app.query_one(ReaderView)
        await pilot.press("2", "pagedown")
        assert reader.scroll_offset.y > 0
        await pilot.press("home")
        assert reader.scroll_offset.y == 0
        await pilot.press("down", "down")
        assert reader.scroll_offset.y == 2
        await pilot.press("end")
        assert reader.scroll_offset.y == reader.max_scroll_y > 0


async def test_search_is_arabic_aware_and_live(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
        await type_text(pilot, "اسوان")  # no hamza; the articles write أسوان
        await settle(pilot, app)
        ids = list_ids(app)
        assert 0 < len(ids) < app.store.count()
        assert all("اسوان" in article_words(app.store, i) for i in ids)
        assert app.focused is app.query_one(SearchBox)  # typing stays in the box
        await pilot.press("enter")
        assert app.focused is app.query_one(ArticleList)


async def test_search_with_harakat_matches_without(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "أَسْوَان")
        await settle(pilot, app)
        with_harakat = list_ids(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "اسوان")
        await settle(pilot, app)
        assert list_ids(app) == with_harakat and with_harakat


async def test_a_bad_query_says_why_and_keeps_the_list(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = list_ids(app)
        await pilot.press("slash")
        # Pasted, not typed: a prefix such as "after" is a search of its own, which a slow
        # machine would run before the whole query is there.
        app.query_one(SearchBox).post_message(events.Paste("after:2025-13-01"))
        await settle(pilot, app)
        box = app.query_one(SearchBox)
        assert box.has_class("-error") and str(box.border_subtitle)
        assert list_ids(app) == before


async def test_keyword_enter_filters_and_escape_clears_keeping_the_article(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "down")
        chosen = shown_id(app)
        await pilot.press("3")
        keywords = app.query_one(KeywordList)
        keyword, count = keywords.items[0]
        await pilot.press("enter")
        await settle(pilot, app)
        assert keyword in app.query_one(SearchBox).value
        ids = list_ids(app)
        assert len(ids) == count and chosen in ids
        for article_id in ids:
            assert keyword in app.store.article(article_id).keywords
        assert app.focused is app.query_one(ArticleList)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.query_one(SearchBox).value == ""
        assert len(list_ids(app)) == app.store.count()
        assert shown_id(app) == chosen
        article_list = app.query_one(ArticleList)
        assert article_list.row(article_list.cursor).id == chosen


async def test_related_jump_and_backspace_back(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        start = shown_id(app)
        await pilot.press("4")
        related = app.query_one(RelatedList)
        target = related.items[0].id
        await pilot.press("enter")
        await settle(pilot, app)
        assert shown_id(app) == target != start
        assert app.store.article(target).read
        await pilot.press("backspace")
        assert shown_id(app) == start


async def test_star_then_find_starred(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "s")
        starred = shown_id(app)
        assert app.query_one(ArticleList).row(1).starred  # shown at once
        await settle(pilot, app)
        assert app.store.article(starred).starred  # and written
        await pilot.press("slash")
        await type_text(pilot, "is:starred")
        await settle(pilot, app)
        assert list_ids(app) == [starred]
        await pilot.press("escape", "s")
        await settle(pilot, app)
        assert not app.store.article(starred).starred


async def test_u_toggles_read(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("u")
        assert app.main.shown.read  # at once on screen
        await settle(pilot, app)
        assert app.store.article(shown_id(app)).read  # and saved
        await pilot.press("u")
        await settle(pilot, app)
        assert not app.main.shown.read
        assert not app.store.article(shown_id(app)).read


async def test_y_copies_logical_text_and_Y_the_url(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        article = app.store.article(shown_id(app))
        assert app.clipboard.startswith(article.title + "\n")
        assert article.body[0] in app.clipboard
        assert not any("\ufb50" <= c <= "\ufeff" for c in app.clipboard)  # no shaped forms
        app.copy_to_clipboard("unchanged")
        await pilot.press("Y")  # the sample has no URLs: a warning, clipboard untouched
        assert app.clipboard == "unchanged"


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_help_lists_every_key(sample_store: Store, lang: Language) -> None:
    app = QariApp(sample_store, DisplayOptions(), lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(app.screen.query_one(KeyTable).text_lines())
        for key in KEYS:
            assert label(key, lang, DisplayOptions()) in shown, key
            assert key_names(key) in shown, key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_an_article_by_title(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        ids = list_ids(app)
        target = app.store.article(ids[5])
        await pilot.press("ctrl+p")
        await type_text(pilot, " ".join(target.title.split()[:2]))
        # The title search runs in a thread: wait until its hit is the one highlighted.
        await wait_until(
            pilot,
            lambda: any(
                target.title in str(option.hit.text)
                for option in app.screen.query(CommandList).first().options[:1]
            ),
        )
        await pilot.press("enter")
        await settle(pilot, app)
        assert shown_id(app) == target.id


async def test_backspace_goes_back_across_a_restart(sample_store: Store) -> None:
    ids: list[str] = []
    app = QariApp(sample_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        ids = list_ids(app)
        await pilot.press("down", "down", "enter", "1", "down", "enter")
        assert shown_id(app) == ids[3]
    again = QariApp(sample_store, DisplayOptions(), "en")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert shown_id(again) == ids[0]  # the newest, previewed
        await pilot.press("backspace")
        assert shown_id(again) == ids[3]
        await pilot.press("backspace")
        assert shown_id(again) == ids[2]
        await pilot.press("backspace")
        assert shown_id(again) == ids[2]  # nothing older: it stays, and says so


async def test_narrow_screen_shows_one_pane_at_a_time(app: QariApp) -> None:
    async with app.run_test(size=(70, 24)) as pilot:
        await settle(pilot, app)
        visible = [
            p
            for p in ("articles", "reader", "keywords", "related")
            if app.query_one(f"#{p}").display and app.query_one(f"#{p}").region.width
        ]
        assert visible == ["articles"]
        await pilot.press("2")
        await pilot.pause()
        assert app.query_one("#reader").region.width > 60
        assert app.query_one("#articles").region.width == 0


async def test_english_labels(sample_store: Store) -> None:
    app = QariApp(sample_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.query_one(ArticleList).border_title == "Articles"
        assert any(
            b.description == "Quit" for b in app.active_bindings.values() for b in [b.binding]
        )


async def test_narrow_screen_reaches_every_pane(app: QariApp) -> None:
    async with app.run_test(size=(70, 24)) as pilot:
        await settle(pilot, app)
        for key, pane in (("3", "keywords"), ("4", "related"), ("2", "reader"), ("1", "articles")):
            await pilot.press(key)
            await pilot.pause()
            assert app.focused.id == pane
            assert app.query_one(f"#{pane}").region.width > 60


# Bugs found reading the reader as a maintainer would (issue 13): each test failed before its fix.


async def test_escape_right_after_typing_drops_the_pending_search(
    app: QariApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long delay, so Escape surely comes before the typed search would run.
    monkeypatch.setattr(main_screen, "SEARCH_DELAY", 0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "is:starred")
        await pilot.press("escape")
        await pilot.pause(0.8)  # past the delay: a timer left running has fired by now
        await settle(pilot, app)
        assert app.query_one(SearchBox).value == ""
        assert len(list_ids(app)) == app.store.count()


async def test_rewrapping_a_long_article_keeps_one_growth_chain(
    long_article_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines past the first screen are made in steps; each rewrap must stop the last steps."""
    wakeups_after_the_end = 0
    grow = ReaderView._grow

    def counting(reader: ReaderView) -> None:
        nonlocal wakeups_after_the_end
        wakeups_after_the_end += reader.complete
        grow(reader)

    monkeypatch.setattr(ReaderView, "_grow", counting)
    app = QariApp(long_article_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        reader = app.query_one(ReaderView)
        for width in (100, 90, 110, 95, 120):
            await pilot.resize_terminal(width, 40)
        await wait_until(pilot, lambda: reader.complete)
        await pilot.pause(0.2)
        assert wakeups_after_the_end <= 1


async def test_opening_a_related_article_clears_its_unread_dot_in_the_list(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        target = app.query_one(RelatedList).items[0].id
        await pilot.press("enter")
        await settle(pilot, app)
        article_list = app.query_one(ArticleList)
        row = article_list.row(list_ids(app).index(target))
        assert row is not None and row.id == target and row.read


def visible_panes(app: QariApp) -> list[str]:
    return [
        pane
        for pane in ("articles", "reader", "keywords", "related")
        if app.query_one(f"#{pane}").display and app.query_one(f"#{pane}").region.width
    ]


async def test_the_layout_follows_each_resize_at_once(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        assert visible_panes(app) == ["articles"]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert visible_panes(app) == ["articles", "reader", "keywords", "related"]


async def test_resizing_under_the_help_keeps_the_layout_and_focus_right(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "question_mark")
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.query_one(ReaderView)
        assert visible_panes(app) == ["reader"]


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_help_fits_a_narrow_screen_and_explains_the_marks(
    sample_store: Store, lang: str
) -> None:
    app = QariApp(sample_store, DisplayOptions(), lang)
    async with app.run_test(size=(50, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one(KeyTable)
        assert 0 <= table.region.x and table.region.right <= 50
        text = "\n".join(table.text_lines())
        for mark in ("↩", "≈", "●", "★"):
            assert mark in text


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_an_empty_store_says_so(store: Store, lang: str) -> None:
    app = QariApp(store, DisplayOptions(), lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert word("empty_store", lang, DisplayOptions()) in screen_text(app)


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_a_search_without_results_says_so(sample_store: Store, lang: str) -> None:
    app = QariApp(sample_store, DisplayOptions(), lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "zzqqxx")
        await settle(pilot, app)
        assert not list_ids(app)
        assert word("no_results", lang, DisplayOptions()) in screen_text(app)


async def test_copying_without_a_clipboard_tool_does_not_claim_it_copied(
    app: QariApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Textual copies by asking the terminal (OSC 52), which many terminals ignore."""
    monkeypatch.setenv("PATH", str(tmp_path))
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        await pilot.pause()
        shown = screen_text(app)
        assert word("copied", "ar", DisplayOptions()) not in shown
        assert word("sent_to_terminal", "ar", DisplayOptions()) in shown


async def test_copying_uses_the_desktop_clipboard_tool_when_there_is_one(
    app: QariApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pasted = tmp_path / "clipboard"
    tool = tmp_path / "xclip"
    tool.write_text(f"#!/bin/sh\ncat > {pasted}\n", encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setenv("DISPLAY", ":0")
    for name in ("WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        # The notice comes once the tool has exited (the file exists as soon as it starts).
        copied = word("copied", "ar", DisplayOptions())
        await wait_until(pilot, lambda: copied in screen_text(app))
        assert pasted.read_text(encoding="utf-8") == app.clipboard
        assert app.clipboard.startswith(app.store.article(shown_id(app)).title)
        assert word("copied", "ar", DisplayOptions()) in screen_text(app)
