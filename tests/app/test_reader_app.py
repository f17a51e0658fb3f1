"""The reader app driven by Textual's pilot, on a real store holding the bundled sample."""

from __future__ import annotations

import unicodedata

from textual.pilot import Pilot

from tui.app.app import QariBase, make_app
from tui.app.screens.help import HelpScreen
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.reader import ReaderView
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.side_lists import KeywordList, RelatedList
from tui.store.db import Store
from tui.text.display import DisplayOptions
from tui.text.normalize import normalize

SIZE = (120, 40)


def logical(display: str) -> str:
    """Undo presentation forms, so screen text can be compared with stored text."""
    return unicodedata.normalize("NFKC", display)


def reading(lines: list[str]) -> str:
    """Right-to-left display lines back in reading order (Arabic words only are exact)."""
    return " ".join(logical(line[::-1]).strip() for line in lines)


async def settle(pilot: Pilot, app: QariBase) -> None:
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[" " if c == " " else c for c in text])


def shown_id(app: QariBase) -> str:
    assert app.shown is not None
    return app.shown.id


def list_ids(app: QariBase) -> list[str]:
    article_list = app.query_one(ArticleList)
    rows = [article_list.row(i) for i in range(article_list.row_count())]
    return [r.id for r in rows if r is not None]


def article_words(store: Store, article_id: str) -> str:
    article = store.article(article_id)
    assert article is not None
    return normalize(" ".join([article.title, *article.body, *article.keywords, article.source]))


async def test_opens_on_the_newest_article_with_its_panes_filled(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        article_list = app.query_one(ArticleList)
        assert article_list.row_count() == app.store.count() >= 30
        assert app.focused is article_list
        first = article_list.row(0)
        assert first is not None and shown_id(app) == first.id
        reader_text = normalize(reading(app.query_one(ReaderView).text_lines()))
        assert normalize(" ".join(first.title.split()[:3])) in reader_text
        assert normalize(" ".join(app.shown.body[0].split()[:4])) in reader_text
        assert app.query_one(KeywordList).row_count() == len(app.shown.keywords) > 0
        assert app.query_one(RelatedList).row_count() > 0


async def test_moving_the_selection_shows_each_article(app: QariBase) -> None:
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
        assert not app.store.article(ids[2]).read  # previewing is not reading


async def test_enter_opens_in_the_reader_and_marks_read(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "enter")
        assert app.focused is app.query_one(ReaderView)
        assert app.store.article(shown_id(app)).read
        assert app.store.history()[0] == shown_id(app)


async def test_tab_and_number_keys_move_between_panes(app: QariBase) -> None:
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


async def test_n_and_p_step_through_articles_from_the_reader(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        ids = list_ids(app)
        await pilot.press("2", "n", "n")
        assert shown_id(app) == ids[2]
        assert app.focused.id == "reader"
        await pilot.press("p")
        assert shown_id(app) == ids[1]


async def test_reader_scrolls_with_keys(app: QariBase) -> None:
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


async def test_search_is_arabic_aware_and_live(app: QariBase) -> None:
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


async def test_search_with_harakat_matches_without(app: QariBase) -> None:
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


async def test_a_bad_query_says_why_and_keeps_the_list(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = list_ids(app)
        await pilot.press("slash")
        await type_text(pilot, "after:2025-13-01")
        await settle(pilot, app)
        box = app.query_one(SearchBox)
        assert box.has_class("-error") and str(box.border_subtitle)
        assert list_ids(app) == before


async def test_keyword_enter_filters_and_escape_clears_keeping_the_article(app: QariBase) -> None:
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


async def test_related_jump_and_backspace_back(app: QariBase) -> None:
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


async def test_star_then_find_starred(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "s")
        starred = shown_id(app)
        assert app.store.article(starred).starred
        assert app.query_one(ArticleList).row(1).starred
        await pilot.press("slash")
        await type_text(pilot, "is:starred")
        await settle(pilot, app)
        assert list_ids(app) == [starred]
        await pilot.press("escape", "s")
        await settle(pilot, app)
        assert not app.store.article(starred).starred


async def test_u_toggles_read(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("u")
        assert app.store.article(shown_id(app)).read
        await pilot.press("u")
        assert not app.store.article(shown_id(app)).read


async def test_y_copies_logical_text_and_Y_the_url(app: QariBase) -> None:
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


async def test_help_lists_every_key(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_an_article_by_title(app: QariBase) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        ids = list_ids(app)
        target = app.store.article(ids[5])
        await pilot.press("ctrl+p")
        await type_text(pilot, " ".join(target.title.split()[:2]))
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert shown_id(app) == target.id


async def test_narrow_screen_shows_one_pane_at_a_time(app: QariBase) -> None:
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
    app = make_app(sample_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.query_one(ArticleList).border_title == "Articles"
        assert any(
            b.description == "Quit" for b in app.active_bindings.values() for b in [b.binding]
        )


async def test_narrow_screen_reaches_every_pane(app: QariBase) -> None:
    async with app.run_test(size=(70, 24)) as pilot:
        await settle(pilot, app)
        for key, pane in (("3", "keywords"), ("4", "related"), ("2", "reader"), ("1", "articles")):
            await pilot.press(key)
            await pilot.pause()
            assert app.focused.id == pane
            assert app.query_one(f"#{pane}").region.width > 60
