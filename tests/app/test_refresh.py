"""`r` in the reader: feeds fetched in the background from a local server, the list kept."""

from __future__ import annotations

import asyncio
from pathlib import Path

from feed_server import FeedServer, Route
from textual.pilot import Pilot

from tui.app.app import QariApp
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.side_lists import KeywordList
from tui.feeds.subscriptions import add_feed
from tui.store.db import Store
from tui.text.display import DisplayOptions

FEED = (Path(__file__).parents[1] / "feeds" / "fixtures" / "rss.xml").read_bytes()
SIZE = (120, 40)


async def settle(pilot: Pilot, app: QariApp) -> None:
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await asyncio.to_thread(app.main.writes.flush)
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await pilot.pause()


def list_ids(app: QariApp) -> list[str]:
    article_list = app.query_one(ArticleList)
    rows = [article_list.row(i) for i in range(article_list.row_count())]
    return [r.id for r in rows if r is not None]


async def test_r_fetches_new_articles_without_losing_the_selection(sample_store: Store) -> None:
    with FeedServer() as server:
        server.routes["/rss"] = Route(FEED)
        add_feed(sample_store, server.url("/rss"), name="قري نيوز")
        add_feed(sample_store, server.url("/missing"), name="مفقود")
        app = QariApp(sample_store, DisplayOptions(), "en")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            before = list_ids(app)
            await pilot.press("down", "down")
            await settle(pilot, app)
            assert app.main.shown is not None
            selected = app.main.shown.id
            await pilot.press("r")
            await settle(pilot, app)
            after = list_ids(app)
            assert len(after) == len(before) + 3
            assert app.main.shown is not None and app.main.shown.id == selected
            cursor = app.query_one(ArticleList).cursor
            assert after[cursor] == selected
            messages = [n.message for n in app._notifications]
            assert "New articles: 3" in messages
            assert [n.severity for n in app._notifications if "HTTP 404" in n.message] == ["error"]
            # A fetched article reads like an imported one: keywords, and `source:` finds it.
            query = 'source:"قري نيوز"'
            app.main.search_box.set_value(query, announce=False)
            app.main.search(query, focus_list=True)
            await settle(pilot, app)
            assert len(list_ids(app)) == 3
            titles = {sample_store.article(i).title for i in list_ids(app)}  # type: ignore[union-attr]
            assert "هطول أمطار غزيرة على الساحل" in titles
            market = next(
                i
                for i in list_ids(app)
                if "سوق" in sample_store.article(i).title  # type: ignore[union-attr]
            )
            app.main.show_article(market)
            await settle(pilot, app)
            keywords = [k for k, _ in app.query_one(KeywordList).items]
            assert keywords == ["أسواق", "المدينة", "التجارة"]


async def test_r_without_feeds_says_how_to_add_one(sample_store: Store) -> None:
    app = QariApp(sample_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["No feeds yet: qari feeds add URL"]
