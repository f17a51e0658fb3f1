"""The analyst's keys in the reader, driven by Textual's pilot on real stores: o opens the
address, A marks the view read (after a yes) and z undoes it, e exports the view, S saves the
search, l chooses a saved one, f shows the filter's shape and narrows it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_reader_app import SIZE, settle, type_text, wait_until
from textual.widgets import Sparkline

from tui.app import analyst
from tui.app.app import QariApp
from tui.app.keymap import KEYS, label
from tui.app.screens.analyst import (
    ConfirmScreen,
    SavedSearchesScreen,
    SavedSearchList,
    SaveSearchScreen,
    ShapeScreen,
)
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.side_lists import KeywordList
from tui.search.query import parse_query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.saved import add_search, counts, saved_query
from tui.text.display import DisplayOptions

NEW_KEYS = ("o", "A", "z", "e", "S", "l", "f")


@pytest.fixture
def url_store(tmp_path: Path) -> Iterator[Store]:
    """Articles with addresses, one of them not a web address."""
    source = tmp_path / "news.jsonl"
    records = [
        {
            "title": f"خبر رقم {n}",
            "body": [f"نص الخبر {n} عن المياه"],
            "date": f"2025-05-{n + 1:02d}",
            "url": "file:///etc/passwd" if n == 0 else f"https://news.example/{n}",
        }
        for n in range(3)
    ]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    import_sources(store, [source])
    yield store
    store.close()


def notices(app: QariApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_o_opens_the_shown_article_in_the_browser(
    url_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(analyst.webbrowser, "open", lambda url: opened.append(url) or True)
    app = QariApp(url_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.main.shown is not None
        newest = app.main.shown.url
        await pilot.press("o")
        await settle(pilot, app)
        assert opened == [newest] == ["https://news.example/2"]
        # A file: address in an article is not handed to the browser.
        await pilot.press("end")
        await settle(pilot, app)
        assert app.main.shown is not None and app.main.shown.url.startswith("file:")
        await pilot.press("o")
        await settle(pilot, app)
        assert opened == [newest]
        assert "Not a web address that can be opened" in notices(app)


async def test_A_asks_then_marks_the_view_read_and_z_undoes_it(app: QariApp) -> None:
    store = app.store
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.main.search_box.set_value("أسوان")
        await settle(pilot, app)
        query = parse_query("أسوان")
        unread, total = counts(store, query)
        assert unread == total > 1
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot, app)
        assert counts(store, query)[0] == total
        await pilot.press("A")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert counts(store, query)[0] == 0
        # Only the view: other articles stay unread, and the list shows the new marks.
        assert counts(store, parse_query("-أسوان"))[0] > 0
        assert app.main.article_list.row(0).read  # type: ignore[union-attr]
        await pilot.press("z")
        await settle(pilot, app)
        assert counts(store, query)[0] == total
        assert not app.main.article_list.row(0).read  # type: ignore[union-attr]
        assert app.main.undo_read == []


async def test_e_exports_the_view_and_says_where(
    app: QariApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analyst, "export_folder", lambda: tmp_path)
    app.lang = app.main.lang = "en"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.main.search_box.set_value("أسوان")
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        written = list(tmp_path.glob("qari-*.jsonl"))
        assert len(written) == 1
        lines = written[0].read_text(encoding="utf-8").splitlines()
        assert len(lines) == app.main.results.count  # type: ignore[union-attr]
        assert all("أسوان" in json.dumps(json.loads(line), ensure_ascii=False) for line in lines)
        await wait_until(pilot, lambda: any(str(written[0]) in n for n in notices(app)))


async def test_S_saves_the_current_search_under_a_typed_name(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.main.search_box.set_value("أسوان -#رياضة")
        await settle(pilot, app)
        await pilot.press("S")
        await settle(pilot, app)
        assert isinstance(app.screen, SaveSearchScreen)
        await type_text(pilot, "مياه أسوان")
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, SaveSearchScreen)
        assert saved_query(app.store, "مياه أسوان") == "أسوان -#رياضة"


async def test_l_lists_saved_searches_with_unread_counts_and_runs_one(app: QariApp) -> None:
    add_search(app.store, "first", "مطر")
    add_search(app.store, "مياه أسوان", "أسوان -#رياضة")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("l")
        await settle(pilot, app)
        assert isinstance(app.screen, SavedSearchesScreen)
        found = app.screen.query_one(SavedSearchList)
        await wait_until(pilot, lambda: len(found.items) == 2)
        assert found.items[1].unread == found.items[1].total > 0
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, SavedSearchesScreen)
        assert app.main.search_box.value == "أسوان -#رياضة"
        assert app.main.results is not None
        assert app.main.results.count == found.items[1].total
        # d removes the one under the cursor.
        await pilot.press("l")
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        assert saved_query(app.store, "first") is None


async def test_f_shows_the_filter_shape_and_narrows_it(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.main.search_box.set_value("أسوان")
        await settle(pilot, app)
        total = app.main.results.count  # type: ignore[union-attr]
        await pilot.press("f")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ShapeScreen)
        await wait_until(pilot, lambda: screen.shape is not None)
        assert screen.shape is not None and screen.shape.total == total
        assert sum(screen.query_one(Sparkline).data or []) == total - screen.shape.undated
        sources = screen.query_one("#shape-sources", KeywordList)
        assert sources.items == tuple(screen.shape.sources)
        top_source = screen.shape.sources[0][0]
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.search_box.value.startswith("أسوان source:")
        narrowed = app.main.results
        assert narrowed is not None and narrowed.query.sources == (top_source,)
        assert narrowed.count == screen.shape.sources[0][1]
        # Tab to the keywords; Enter adds the top keyword.
        await pilot.press("f")
        await settle(pilot, app)
        shape_screen = app.screen
        assert isinstance(shape_screen, ShapeScreen)
        await wait_until(pilot, lambda: shape_screen.shape is not None)
        await pilot.press("tab", "enter")
        await settle(pilot, app)
        assert app.main.results is not None
        assert len(app.main.results.query.keywords) == 1
        assert isinstance(app.main.search_box, SearchBox)


async def test_every_new_key_is_in_the_palette_in_both_languages(sample_store: Store) -> None:
    new = [key for key in KEYS if key.keys in NEW_KEYS]
    assert len(new) == len(NEW_KEYS)
    for lang in ("ar", "en"):
        app = QariApp(sample_store, DisplayOptions(), lang)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            titles = [c.title for c in app.get_system_commands(app.main)]
            for key in new:
                assert label(key, lang, DisplayOptions()) in titles, key  # type: ignore[arg-type]
