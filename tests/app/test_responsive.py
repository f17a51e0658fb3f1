"""The UI thread never waits: not for a search scanning the store, nor for an import's locks.

Nothing here is timed. A search that would never end on its own stands for a long scan, and
locks held by another connection stand for an import: if a key waited for either, the test
would hang on it (and fail at the busy timeout) instead of seeing the key's effect.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from functools import partial

import pytest
from textual.pilot import Pilot

from tui.app.app import QariApp
from tui.app.widgets.article_list import ArticleList
from tui.search.query import Query
from tui.store.db import Interrupted, Results, Store, Ticket

SIZE = (120, 40)
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await pilot.pause(0.02)


def shown_id(app: QariApp) -> str:
    assert app.main.shown is not None
    return app.main.shown.id


ENDLESS_WORD = "بلانهاية"


@pytest.fixture
def endless_search(sample_store: Store, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """A search for ENDLESS_WORD scans without end until it is cancelled; the event is set
    when it has started. Other searches are as usual."""
    started = threading.Event()
    real = sample_store.results

    def results(query: Query, *, first: int | None = None) -> Results:
        if query.words == (ENDLESS_WORD,):
            started.set()
            sample_store.scalar(ENDLESS)
        return real(query, first=first)

    monkeypatch.setattr(sample_store, "results", results)
    return started


async def test_keys_are_handled_while_a_search_scans(
    app: QariApp, endless_search: threading.Event
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main.shown is not None)
        await app.workers.wait_for_complete()
        newest = app.main.results
        app.main.search(ENDLESS_WORD + " ")
        await wait_until(pilot, endless_search.is_set)
        # Meanwhile the reader answers: the list moves, an article opens and is starred.
        app.main.action_pane("articles")
        await pilot.press("down", "enter", "s")
        assert app.main.results is newest  # the endless search has shown nothing
        article_list = app.query_one(ArticleList)
        opened = article_list.row(1)
        assert opened is not None and shown_id(app) == opened.id
        assert app.main.shown is not None and app.main.shown.starred
        # A new search cancels the endless one, which stops, and its results come.
        app.main.search("")
        await wait_until(pilot, lambda: app.main.results is not newest)
        await app.workers.wait_for_complete()
        assert article_list.row_count() == app.store.count()
        await asyncio.to_thread(app.main.writes.flush)
        stored = app.store.article(opened.id)
        assert stored is not None and stored.starred


@pytest.fixture
def locked(sample_store: Store) -> Iterator[Callable[[], None]]:
    """Another connection holds the write locks of the store and of its state file, as an
    import (or another qari writing marks) does; calling the result lets them go."""
    holders = []
    for path in (sample_store.path, sample_store.state_path):
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        holders.append(db)

    def release() -> None:
        while holders:
            db = holders.pop()
            db.execute("ROLLBACK")
            db.close()

    yield release
    release()


async def test_marks_do_not_wait_for_an_import(app: QariApp, locked: Callable[[], None]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main.shown is not None)
        await app.workers.wait_for_complete()
        article_list = app.query_one(ArticleList)
        await pilot.press("s", "down", "enter", "escape", "1", "u")
        # Every key took effect while both files stayed locked.
        starred = article_list.row(0)
        opened = article_list.row(1)
        assert starred is not None and starred.starred
        assert opened is not None and shown_id(app) == opened.id
        assert app.main.shown is not None and not app.main.shown.read  # `u` after opening
        marks = app.store.rows("SELECT count(*) FROM state.marks")
        assert marks == [(0,)]  # nothing written yet: the locks are held
        locked()
        await asyncio.to_thread(app.main.writes.flush)
        stored = app.store.article(starred.id)
        assert stored is not None and stored.starred
        reopened = app.store.article(opened.id)
        assert reopened is not None and not reopened.read
        assert app.store.history()[0] == opened.id


def test_a_query_does_not_wait_for_another_threads_scan(sample_store: Store) -> None:
    ticket = Ticket()
    outcome: list[object] = []

    def scan() -> None:
        with sample_store.cancellable(ticket):
            try:
                outcome.append(sample_store.scalar(ENDLESS))
            except Interrupted as stopped:
                outcome.append(stopped)

    scanning = threading.Thread(target=scan)
    scanning.start()
    while not sample_store._tickets:  # the scan has begun
        pass
    newest = sample_store.results(Query()).window(0, 1)[0]
    assert sample_store.article(newest.id) is not None
    assert scanning.is_alive()  # the point query came back while the scan went on
    ticket.cancel()
    scanning.join(timeout=30)
    assert not scanning.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Interrupted)


def test_a_cancelled_ticket_stops_every_later_query(sample_store: Store) -> None:
    ticket = Ticket()
    ticket.cancel()
    with sample_store.cancellable(ticket), pytest.raises(Interrupted):
        sample_store.count()
    assert sample_store.count() > 0  # outside it, queries run


def prefix_is(app: QariApp, typed: str) -> bool:
    return app.main.results is not None and app.main.results.query.prefix == typed


async def test_the_list_narrows_as_a_word_is_typed(app: QariApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main.results is not None)
        total = app.store.count()
        await pilot.press("slash")
        counts = []
        for typed in ("i", "ip", "iph", "ipho", "iphon"):
            await pilot.press(typed[-1])
            await wait_until(pilot, partial(prefix_is, app, typed))
            assert app.main.results is not None
            counts.append(app.main.results.count)
        assert counts[0] == total  # one letter tells nothing yet
        assert counts[-1] >= 1 and counts == sorted(counts, reverse=True)
        row = app.query_one(ArticleList).row(0)
        assert row is not None and "iPhone" in row.title
