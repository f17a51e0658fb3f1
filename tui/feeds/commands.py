"""The `qari feeds` and `qari fetch` commands: subscriptions, OPML, fetching."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.feeds.subscriptions import (
    FULL_TEXT,
    JOBS,
    add_feed,
    feeds,
    find_feed,
    listing,
    remove_feed,
    valid_url,
)
from tui.text.sanitize import sanitize
from tui.types import USAGE_ERROR

if TYPE_CHECKING:
    from tui.feeds.fetch import FeedOutcome
    from tui.feeds.opml import Subscription
    from tui.model import Notice
    from tui.store.db import Store

COMMANDS = ("feeds", "fetch")


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `feeds` and `fetch` to the `qari` parser's subcommands."""
    feeds_parser = commands.add_parser(
        "feeds",
        parents=[common],
        help="subscribe to feeds, list them, import and export OPML",
        description="Manage feed subscriptions (RSS 2.0, RSS 1.0, Atom). They live in the "
        "store; `qari fetch` fetches them.",
    )
    actions = feeds_parser.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="subscribe to a feed")
    add.add_argument("url", metavar="URL", help="the feed's address (http or https)")
    add.add_argument("--name", help="the name articles show as their source (default: its title)")
    add.add_argument("--category", help="a category; / nests categories in OPML")
    add.add_argument(
        "--full-text",
        choices=FULL_TEXT,
        default=None,
        help="fetch each item's linked page for its whole text: when the item carries only a "
        "summary (auto, the default), always, or never",
    )
    opml_in = actions.add_parser("import", parents=[common], help="subscribe to an OPML list")
    opml_in.add_argument("file", metavar="FILE.opml", type=Path)
    actions.add_parser("export", parents=[common], help="print the subscriptions as OPML 2.0")
    lister = actions.add_parser("list", parents=[common], help="list the subscriptions")
    lister.add_argument(
        "--json",
        action="store_true",
        help="a JSON list of {url, name, category, full_text, last_fetched, last_status, articles}",
    )
    remove = actions.add_parser("remove", parents=[common], help="unsubscribe from a feed")
    remove.add_argument("feed", metavar="URL|NAME")

    fetch = commands.add_parser(
        "fetch",
        parents=[common],
        help="fetch every subscribed feed",
        description="Fetch every subscribed feed into the store. Exit status: 0 when every "
        "feed was fetched, 1 when any failed (each named on its own line of standard error "
        "with the reason), 2 for usage errors.",
    )
    fetch.add_argument(
        "--jobs", metavar="N", type=int, default=JOBS, help=f"feeds at once (default {JOBS})"
    )
    fetch.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=30.0,
        help="the most one feed (or page) may take, retries included (default 30)",
    )


def _line(text: str) -> str:
    # Names and reasons come from feeds and servers: no escape sequences from them.
    return sanitize(text, one_line=True)


def run(args: argparse.Namespace, store_opener: Any) -> int:
    """Run `qari feeds ...` or `qari fetch`; `store_opener(path, create)` opens the store
    (subscribing creates a named store that is not there yet; the rest only use one)."""
    if args.command == "fetch" and (args.jobs < 1 or not args.timeout > 0):
        print("qari fetch: error: --jobs and --timeout must be above 0", file=sys.stderr)
        return USAGE_ERROR
    if args.command == "feeds" and args.feeds_command == "add" and not valid_url(args.url):
        print(f"qari feeds add: error: not an http(s) address: {_line(args.url)}", file=sys.stderr)
        return USAGE_ERROR
    if args.command == "feeds" and args.feeds_command == "import":
        # Imported here, so that the reader and `qari fetch` do without it.
        from tui.feeds.opml import OpmlError, read_opml

        try:
            subscriptions = read_opml(args.file.read_bytes())
        except OSError as error:
            print(f"qari feeds import: error: {args.file}: {error.strerror}", file=sys.stderr)
            return USAGE_ERROR if isinstance(error, FileNotFoundError) else 1
        except OpmlError as error:
            print(f"qari feeds import: error: {args.file}: {error}", file=sys.stderr)
            return 1
    subscribing = args.command == "feeds" and args.feeds_command in ("add", "import")
    store: Store = store_opener(args.store, subscribing)
    try:
        if args.command == "fetch":
            return _fetch(store, args)
        if args.feeds_command == "add":
            new = add_feed(
                store, args.url, name=args.name, category=args.category, full_text=args.full_text
            )
            print(("subscribed to " if new else "updated ") + _line(args.url))
            return 0
        if args.feeds_command == "import":
            return _import(store, subscriptions)
        if args.feeds_command == "export":
            from tui.feeds.opml import Subscription, write_opml

            sys.stdout.write(
                write_opml([Subscription(f.url, f.display_name, f.category) for f in feeds(store)])
            )
            return 0
        if args.feeds_command == "list":
            return _list(store, args.json)
        return _remove(store, args.feed)
    finally:
        store.close()


def _import(store: Store, subscriptions: list[Subscription]) -> int:
    new = rejected = 0
    for subscription in subscriptions:
        if not valid_url(subscription.url):
            print(f"rejected: not an http(s) address: {_line(subscription.url)}", file=sys.stderr)
            rejected += 1
            continue
        new += add_feed(
            store,
            subscription.url,
            name=subscription.name or None,
            category=subscription.category or None,
        )
    print(
        f"subscribed to {new} new, {len(subscriptions) - new - rejected} known, rejected {rejected}"
    )
    return 1 if rejected else 0


def _list(store: Store, as_json: bool) -> int:
    rows = listing(store)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(
            "\t".join(
                _line(str(row[key] if row[key] is not None else "-"))
                for key in ("name", "category", "articles", "last_fetched", "last_status", "url")
            )
        )
    return 0


def _remove(store: Store, wanted: str) -> int:
    found = find_feed(store, wanted)
    if not found:
        print(
            f"qari feeds remove: error: no feed with this URL or name: {_line(wanted)}",
            file=sys.stderr,
        )
        return 1
    if len(found) > 1:
        urls = ", ".join(_line(f.url) for f in found)
        print(f"qari feeds remove: error: several feeds have this name: {urls}", file=sys.stderr)
        return 1
    remove_feed(store, found[0])
    print(f"unsubscribed from {_line(found[0].url)}")
    return 0


class _Bar:
    """A progress bar of feeds done, on standard error, while a terminal is there."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("fetching"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("feeds"),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("fetch", total=total)
        self.progress.start()

    def advance(self, done: int) -> None:
        self.progress.update(self.task, completed=done)

    def stop(self) -> None:
        self.progress.stop()


def _fetch(store: Store, args: argparse.Namespace) -> int:
    from tui.feeds.fetch import fetch_all

    terminal = sys.stderr.isatty()
    subscriptions = feeds(store)
    if not subscriptions:
        if terminal:
            print("qari fetch: no feeds yet: `qari feeds add URL` subscribes", file=sys.stderr)
        return 0
    bar: _Bar | None = None

    def start(total: int) -> None:
        nonlocal bar
        if terminal:
            bar = _Bar(total)

    def report(outcome: FeedOutcome, done: int, total: int) -> None:
        if outcome.error is not None:
            feed = outcome.feed
            line = f"{_line(feed.display_name)} ({_line(feed.url)}): {_line(outcome.error)}"
            if bar is not None:
                bar.console.print(line, markup=False, highlight=False)
            else:
                print(line, file=sys.stderr)
        if bar is not None:
            bar.advance(done)

    def warn(notice: Notice) -> None:
        if bar is not None:
            where = f"{notice.file}:{notice.line}" if notice.line else notice.file
            bar.console.print(
                f"warning: {_line(where)}: {_line(notice.message)}", markup=False, highlight=False
            )

    try:
        summary = fetch_all(
            store,
            jobs=args.jobs,
            timeout=args.timeout,
            on_start=start,
            on_outcome=report,
            on_notice=warn,
        )
    finally:
        if bar is not None:
            bar.stop()
    if terminal:
        print(
            f"fetched {summary.feeds - summary.failed} of {summary.feeds} feeds: "
            f"{summary.new} new articles, {summary.updated} updated",
            file=sys.stderr,
        )
    return 1 if summary.failed else 0
