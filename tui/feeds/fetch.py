"""Fetching every subscribed feed: concurrently, each within its time limit, into the store."""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import NamedTuple
from urllib.parse import urlsplit

from tui.feeds.extract import NotAPage, Page, decode_page, extract_page
from tui.feeds.http import Fetcher, FetchError, Limits
from tui.feeds.parse import Entry, FeedError, Notice, parse_feed
from tui.feeds.storing import store_articles
from tui.feeds.subscriptions import (
    JOBS,
    Feed,
    FeedUpdate,
    feeds,
    known_pages,
    record_fetch,
    remember_pages,
)
from tui.model import Article, Origin
from tui.store.db import Store

PER_HOST = 2
SUMMARY_CHARS = 500  # an item shorter than this is a summary...
ELLIPSIS_CHARS = 3000  # ...and so is one up to this long that trails off
_ELLIPSES = ("…", "...", "[…]", "[...]", "(…)")
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
PAGE_BYTES = 8 << 20


class FeedOutcome(NamedTuple):
    """What fetching one feed came to."""

    feed: Feed
    error: str | None  # why it failed, in one line; None when it was fetched
    update: FeedUpdate
    articles: list[Article]
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
    )


def _now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _fetch_page(fetcher: Fetcher, url: str) -> tuple[Page | None, bool]:
    """The page's article, and whether asking again would be pointless (fetched, or gone)."""
    try:
        response = fetcher.get(url, max_bytes=PAGE_BYTES, accept=PAGE_ACCEPT)
    except FetchError as error:
        return None, error.permanent
    try:
        text = decode_page(response.body, response.headers.get("content-type", ""))
        return extract_page(text, response.url), True
    except NotAPage:
        return None, True


def fetch_feed(
    feed: Feed,
    fetcher: Fetcher,
    pages_done: set[str],
    page_pool: ThreadPoolExecutor | None = None,
) -> FeedOutcome:
    """Fetch and read one feed, and the pages of its items that need them; no store here."""
    if feed.not_before is not None and feed.not_before > time.time():
        until = datetime.datetime.fromtimestamp(feed.not_before, datetime.timezone.utc)
        reason = f"the server asked to wait until {until:%Y-%m-%d %H:%M:%S} UTC (HTTP 429)"
        return FeedOutcome(feed, reason, FeedUpdate(reason, not_before=feed.not_before), [], [], [])
    try:
        response = fetcher.get(
            feed.fetch_url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept=FEED_ACCEPT,
        )
    except FetchError as error:
        reason = str(error)
        return FeedOutcome(feed, reason, FeedUpdate(reason, not_before=error.retry_at), [], [], [])
    moved_to = response.moved_to
    if response.status == 304:
        return FeedOutcome(feed, None, FeedUpdate("unchanged", moved_to=moved_to), [], [], [])
    try:
        parsed = parse_feed(response.body, response.url, response.headers.get("content-type", ""))
    except FeedError as error:
        reason = str(error)
        return FeedOutcome(feed, reason, FeedUpdate(reason, moved_to=moved_to), [], [], [])
    feed = feed._replace(title=parsed.title or feed.title)
    source = feed.display_name
    wanted = [
        entry
        for entry in parsed.entries
        if wants_full_text(entry, feed.full_text) and entry.url not in pages_done
    ]
    pages: dict[str, tuple[Page | None, bool]] = {}
    if wanted:
        urls = list(dict.fromkeys(entry.url for entry in wanted))
        if page_pool is None:
            pages = {url: _fetch_page(fetcher, url) for url in urls}
        else:
            pages = dict(zip(urls, page_pool.map(lambda u: _fetch_page(fetcher, u), urls)))
    articles = []
    for entry in parsed.entries:
        if entry.url in pages_done and wants_full_text(entry, feed.full_text):
            continue  # its page was read on an earlier run: the store has the full text
        page = pages.get(entry.url, (None, False))[0]
        articles.append(to_article(entry, source, feed.holder, page))
    broken = next((n for n in parsed.notices if n.message.startswith("broken XML")), None)
    failure = None
    if broken is not None:
        failure = f"line {broken.line}: {broken.message}; {len(articles)} items read before it"
    status = failure or f"ok: {len(parsed.entries)} items"
    update = FeedUpdate(
        status,
        title=parsed.title or None,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        moved_to=moved_to,
        validators=failure is None,
    )
    done = [url for url, (_, final) in pages.items() if final]
    notices = [n for n in parsed.notices if n is not broken]
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


def _completed(
    store: Store,
    subscriptions: list[Feed],
    fetcher: Fetcher,
    jobs: int,
) -> Iterator[FeedOutcome]:
    with (
        ThreadPoolExecutor(jobs, thread_name_prefix="qari-feed") as pool,
        ThreadPoolExecutor(jobs, thread_name_prefix="qari-page") as page_pool,
    ):
        pending: set[Future[FeedOutcome]] = {
            pool.submit(fetch_feed, feed, fetcher, known_pages(store, feed), page_pool)
            for feed in subscriptions
        }
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()


def fetch_all(
    store: Store,
    *,
    jobs: int = JOBS,
    timeout: float = 30.0,
    on_outcome: Callable[[FeedOutcome, int, int], None] | None = None,
    on_notice: Callable[[Notice], None] | None = None,
    only: list[Feed] | None = None,
) -> FetchSummary:
    """Fetch every subscribed feed (or `only` these) and store what they hold.

    `on_outcome(outcome, done, total)` is told of each feed as it finishes. Articles are
    written by the calling thread, feed by feed, as the feeds come in.
    """
    subscriptions = _interleaved(only if only is not None else feeds(store))
    fetcher = Fetcher(Limits(total=timeout), per_host=PER_HOST)
    failed = new = updated = 0
    for done, outcome in enumerate(_completed(store, subscriptions, fetcher, jobs), start=1):
        if outcome.articles:
            summary = store_articles(store, outcome.feed.holder, outcome.articles, on_notice)
            new += summary.imported
            updated += summary.updated
        if outcome.pages:
            remember_pages(store, outcome.feed, outcome.pages)
        record_fetch(store, outcome.feed, outcome.update)
        if on_notice is not None:
            for notice in outcome.notices:
                on_notice(notice)
        failed += outcome.failed
        if on_outcome is not None:
            on_outcome(outcome, done, len(subscriptions))
    return FetchSummary(len(subscriptions), failed, new, updated)
