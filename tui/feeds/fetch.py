"""Fetching every subscribed feed: concurrently, each within its time limit, into the store."""

from __future__ import annotations

import datetime
import gc
import os
import signal
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from tui.feeds.http import Fetcher, FetchError, Limits
from tui.feeds.parse import Entry, FeedError, parse_feed
from tui.feeds.storing import Prepared, begin_writing, prepare, store_feeds
from tui.feeds.subscriptions import (
    JOBS,
    Feed,
    FeedUpdate,
    feeds,
    known_pages,
    record_fetch,
    remember_pages,
)
from tui.model import Article, Notice, Origin
from tui.store.db import Store
from tui.store.importing import _bulk_writes

if TYPE_CHECKING:
    from tui.feeds.extract import Page

PER_HOST = 2
SUMMARY_CHARS = 500  # an item shorter than this is a summary...
ELLIPSIS_CHARS = 3000  # ...and so is one up to this long that trails off
_ELLIPSES = ("…", "...", "[…]", "[...]", "(…)")
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
PAGE_BYTES = 8 << 20
# Feeds are read (parsed, their articles indexed) in worker processes when there are this
# many and more than one core: reading costs more than fetching, and threads share one core.
PARALLEL_FEEDS = 16
WRITE_BATCH = 2000  # articles a transaction writes at most
# Articles read are written once there are this many, or once WRITE_EVERY seconds have
# passed: the writing process keeps up with the readers, and what is left to write after the
# last feed is read is little (a batch of 500 costs hardly more an article than one of 2,000).
WRITE_FROM = 500
WRITE_EVERY = 1.0


class FeedOutcome(NamedTuple):
    """What fetching one feed came to."""

    feed: Feed
    error: str | None  # why it failed, in one line; None when it was fetched
    update: FeedUpdate
    articles: list[Prepared]
    notices: list[Notice]
    pages: list[str]  # linked pages fetched for their full text

    @property
    def failed(self) -> bool:
        return self.error is not None


class FetchSummary(NamedTuple):
    feeds: int
    failed: int
    new: int  # articles the store did not have
    updated: int


def wants_full_text(entry: Entry, mode: str) -> bool:
    """Whether an item's linked page is fetched: always, never, or (auto) when the item
    carries a summary: a short text, or one that trails off in an ellipsis."""
    if not entry.url or mode == "never":
        return False
    if mode == "always":
        return True
    text = "\n".join(entry.body).rstrip()
    return len(text) < SUMMARY_CHARS or (len(text) < ELLIPSIS_CHARS and text.endswith(_ELLIPSES))


def to_article(entry: Entry, source: str, holder: str, page: Page | None = None) -> Article:
    """The article an item becomes, with what its page said when it was fetched."""
    body, keywords, date = entry.body, entry.keywords, entry.date
    if page is not None:
        if sum(map(len, page.body)) > sum(map(len, body)):
            body = page.body
        keywords = tuple(dict.fromkeys((*keywords, *page.keywords)))
        date = date or page.date
    return Article(
        title=entry.title or (page.title if page else "") or (body[0] if body else ""),
        body=body or (entry.title,),
        date=date,
        source=source,
        keywords=keywords,
        url=entry.url,
        origin=Origin(holder, entry.line),
        guid=entry.guid,
    )


class _Read(NamedTuple):
    """A feed document read: its title, what is ready to store, what waits for its page."""

    title: str
    entries: int
    ready: list[Prepared]
    waiting: list[Entry]
    notices: list[Notice]


def _read_feed(body: bytes, url: str, content_type: str, feed: Feed, pages_done: set[str]) -> _Read:
    """Parse a feed and prepare the articles that need no page (in a worker process, when
    there is a pool); raises FeedError."""
    parsed = parse_feed(body, url, content_type)
    source = feed.name or parsed.title or feed.display_name
    ready: list[Article] = []
    waiting: list[Entry] = []
    for entry in parsed.entries:
        if not wants_full_text(entry, feed.full_text):
            ready.append(to_article(entry, source, feed.holder))
        elif entry.url not in pages_done:
            waiting.append(entry)
        # else its page was read on an earlier run: the store has the whole article
    return _Read(parsed.title, len(parsed.entries), prepare(ready), waiting, parsed.notices)


def _fetch_page(fetcher: Fetcher, url: str) -> tuple[Page | None, bool]:
    """The page's article, and whether asking again would be pointless (fetched, or gone)."""
    # Here: a fetch of feeds that carry their whole text never loads lxml.html.
    from tui.feeds.extract import NotAPage, decode_page, extract_page

    try:
        response = fetcher.get(url, max_bytes=PAGE_BYTES, accept=PAGE_ACCEPT)
    except FetchError as error:
        return None, error.permanent
    try:
        text = decode_page(response.body, response.headers.get("content-type", ""))
        return extract_page(text, response.url), True
    except NotAPage:
        return None, True


def _failed(feed: Feed, reason: str, **update: object) -> FeedOutcome:
    return FeedOutcome(feed, reason, FeedUpdate(reason, **update), [], [], [])  # type: ignore[arg-type]


def fetch_feed(
    feed: Feed,
    fetcher: Fetcher,
    pages_done: set[str],
    page_pool: ThreadPoolExecutor | None = None,
    read_pool: ProcessPoolExecutor | None = None,
) -> FeedOutcome:
    """Fetch and read one feed, and the pages of its items that need them; no store here."""
    if feed.not_before is not None and feed.not_before > time.time():
        until = datetime.datetime.fromtimestamp(feed.not_before, datetime.timezone.utc)
        reason = f"the server asked to wait until {until:%Y-%m-%d %H:%M:%S} UTC (HTTP 429)"
        return _failed(feed, reason, not_before=feed.not_before)
    try:
        response = fetcher.get(
            feed.fetch_url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT
        )
    except FetchError as error:
        return _failed(feed, str(error), not_before=error.retry_at)
    moved_to = response.moved_to
    if response.status == 304:
        return FeedOutcome(feed, None, FeedUpdate("unchanged", moved_to=moved_to), [], [], [])
    job = (response.body, response.url, response.headers.get("content-type", ""), feed, pages_done)
    try:
        read = (
            _read_feed(*job) if read_pool is None else read_pool.submit(_read_feed, *job).result()
        )
    except FeedError as error:
        return _failed(feed, str(error), moved_to=moved_to)
    # Whatever a hostile feed does to a parser, the run goes on.
    except Exception as error:  # noqa: BLE001
        return _failed(feed, f"unreadable: {type(error).__name__}: {error}", moved_to=moved_to)
    feed = feed._replace(title=read.title or feed.title)
    pages: dict[str, tuple[Page | None, bool]] = {}
    if read.waiting:
        urls = list(dict.fromkeys(entry.url for entry in read.waiting))
        if page_pool is None:
            pages = {url: _fetch_page(fetcher, url) for url in urls}
        else:
            pages = dict(zip(urls, page_pool.map(lambda u: _fetch_page(fetcher, u), urls)))
    articles = read.ready + prepare(
        to_article(entry, feed.display_name, feed.holder, pages[entry.url][0])
        for entry in read.waiting
    )
    broken = next((n for n in read.notices if n.message.startswith("broken XML")), None)
    failure = None
    if broken is not None:
        failure = f"line {broken.line}: {broken.message}; {len(articles)} items read before it"
    update = FeedUpdate(
        failure or f"ok: {read.entries} items",
        title=read.title or None,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        moved_to=moved_to,
        validators=failure is None,
    )
    done = [url for url, (_, final) in pages.items() if final]
    notices = [n for n in read.notices if n is not broken]
    return FeedOutcome(feed, failure, update, articles, notices, done)


def _interleaved(subscriptions: list[Feed]) -> list[Feed]:
    """One feed of each host in turn, so the workers do not queue behind one host's limit."""
    by_host: dict[str, list[Feed]] = defaultdict(list)
    for feed in subscriptions:
        by_host[urlsplit(feed.fetch_url).netloc.lower()].append(feed)
    queues = list(by_host.values())
    order = []
    while queues:
        for queue in queues:
            order.append(queue.pop(0))
        queues = [q for q in queues if q]
    return order


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _nothing() -> None:
    pass


@contextmanager
def _read_pool(feeds: int, allowed: bool) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes to read feeds in. Not multiprocessing's Pool: its thread that looks
    after the workers wakes for every result waiting to be read, and spun beside the thread
    reading the results (a large one takes a while) for a third of this process's time."""
    cores = os.cpu_count() or 1
    if not allowed or feeds < PARALLEL_FEEDS or cores < 2 or "fork" not in get_all_start_methods():
        yield None
        return
    # What is alive now lives as long as the run: the collector leaves it alone, in this
    # process and in the workers forked from it (which then copy fewer of its pages). Its
    # passes over these objects were a twentieth of a worker's time.
    gc.freeze()
    pool = ProcessPoolExecutor(cores, get_context("fork"), initializer=_ignore_interrupts)
    try:
        # The first task forks every worker: here, before any thread of ours starts, so no
        # lock is copied held.
        pool.submit(_nothing).result()
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _batches(
    store: Store,
    subscriptions: list[Feed],
    fetcher: Fetcher,
    jobs: int,
    pool: ProcessPoolExecutor | None,
    most: int,
) -> Iterator[list[FeedOutcome]]:
    """Outcomes as feeds finish, gathered into batches to be written in one transaction each:
    a commit flushes the full-text index, which costs as much as writing many articles."""
    with (
        ThreadPoolExecutor(jobs, thread_name_prefix="qari-feed") as feed_threads,
        ThreadPoolExecutor(jobs, thread_name_prefix="qari-page") as page_threads,
    ):
        known = known_pages(store, subscriptions)
        pending: set[Future[FeedOutcome]] = {
            feed_threads.submit(fetch_feed, feed, fetcher, known[feed.url], page_threads, pool)
            for feed in subscriptions
        }
        batch: list[FeedOutcome] = []
        written = time.monotonic()
        while pending:
            done, pending = wait(pending, timeout=WRITE_EVERY, return_when=FIRST_COMPLETED)
            batch += [future.result() for future in done]
            due = time.monotonic() - written >= WRITE_EVERY
            articles = sum(len(o.articles) for o in batch)
            if batch and (due or not pending or articles >= min(WRITE_FROM, most)):
                yield batch
                batch = []
                written = time.monotonic()


def fetch_all(
    store: Store,
    *,
    jobs: int = JOBS,
    timeout: float = 30.0,
    on_start: Callable[[int], None] | None = None,
    on_outcome: Callable[[FeedOutcome, int, int], None] | None = None,
    on_notice: Callable[[Notice], None] | None = None,
    only: list[Feed] | None = None,
    processes: bool = True,
    write_batch: int = WRITE_BATCH,
) -> FetchSummary:
    """Fetch every subscribed feed (or `only` these) and store what they hold.

    `on_start(total)` is called once the work is set up (a progress bar may start its thread
    then, not before: worker processes are forked first); `on_outcome(outcome, done, total)`
    as each feed finishes. Articles are written by the calling thread, as feeds come in.
    Without `processes` everything runs in threads of this process (for a caller, such as
    the reader, that must not fork). A transaction writes at most about `write_batch` articles: the
    store is the writer's while it lasts.
    """
    subscriptions = _interleaved(only if only is not None else feeds(store))
    fetcher = Fetcher(Limits(total=timeout), per_host=PER_HOST)
    failed = new = updated = done = 0
    with _read_pool(len(subscriptions), processes) as pool, _bulk_writes(store):
        begin_writing(store)
        if on_start is not None:
            on_start(len(subscriptions))
        for batch in _batches(store, subscriptions, fetcher, jobs, pool, write_batch):
            with store.transaction() as db:
                held = [(o.feed.holder, o.articles) for o in batch if o.articles]
                summary = store_feeds(db, held)
                new += summary.imported
                updated += summary.updated
                for outcome in batch:
                    if outcome.pages:
                        remember_pages(db, outcome.feed, outcome.pages)
                    record_fetch(db, outcome.feed, outcome.update)
            for outcome in batch:
                done += 1
                failed += outcome.failed
                if on_notice is not None:
                    for notice in outcome.notices:
                        on_notice(notice)
                if on_outcome is not None:
                    on_outcome(outcome, done, len(subscriptions))
    return FetchSummary(len(subscriptions), failed, new, updated)
