"""`qari searches`, `qari export` and `qari stats`, and `--saved` for `qari list`.

Only argparse at import: each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.types import USAGE_ERROR

if TYPE_CHECKING:
    from tui.config import Config
    from tui.search.query import Query
    from tui.store.db import Store
    from tui.store.saved import SavedSearch
    from tui.store.stats import Shape
    from tui.text.display import DisplayOptions

COMMANDS = ("searches", "export", "stats")
FORMATS = ("jsonl", "csv", "md")

OpenStore = Callable[[Path | None], "Store"]


class Refused(Exception):
    """A usage error found while running: the message is the whole line to print."""


def _selection(parser: argparse.ArgumentParser) -> None:
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--search", metavar="QUERY", default="", help="only articles matching")
    chosen.add_argument("--saved", metavar="NAME", help="only articles a saved search finds")


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `searches`, `export` and `stats` to the `qari` parser's subcommands."""
    searches = commands.add_parser(
        "searches",
        parents=[common],
        help="save searches under a name, list them with their unread counts",
        description="Saved searches live with the reader's state (read marks, history), so "
        "a re-import never loses them. `qari list --saved NAME` runs one; the reader "
        "lists them with their unread counts.",
    )
    actions = searches.add_subparsers(dest="searches_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="save a search (replaces the name's)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", metavar="QUERY", help="a search, as `qari list --search` takes")
    lister = actions.add_parser("list", parents=[common], help="list the saved searches")
    lister.add_argument(
        "--json", action="store_true", help="a JSON array of {name, query, unread, total}"
    )
    remove = actions.add_parser("remove", parents=[common], help="forget a saved search")
    remove.add_argument("name", metavar="NAME")

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write the articles a search finds as JSON Lines, CSV or Markdown",
        description="Write articles, newest first. jsonl: one object per article with the "
        "fields of `qari list --json` plus body (paragraphs); `qari import` reads it back "
        "into the same articles and «read also» links. csv: id,title,date,source,keywords,"
        "url,body in UTF-8 with a byte order mark (keywords joined with ؛). md: one section "
        "per article, for a report.",
    )
    _selection(export)
    export.add_argument("--format", choices=FORMATS, required=True, help="the file format")
    export.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE (default: stdout)"
    )

    stats = commands.add_parser(
        "stats",
        parents=[common],
        help="how many articles a search finds, when, from which sources, under which keywords",
        description="The shape of a search: its total, articles per day, week or month "
        "(chosen by the span of its dates), and its top sources and keywords, most first.",
    )
    _selection(stats)
    stats.add_argument(
        "--json",
        action="store_true",
        help="a JSON object {total, period, by_period, undated, sources, keywords}; "
        "by_period, sources and keywords are lists of [name, count]",
    )
    stats.add_argument(
        "--top", metavar="N", type=int, default=20, help="sources and keywords shown (0: all)"
    )


def run(args: argparse.Namespace, open_store: OpenStore, config: Config) -> int:
    """Run one of COMMANDS."""
    try:
        if args.command == "searches":
            return _run_searches(args, open_store, config)
        if args.command == "export":
            return _run_export(args, open_store)
        return _run_stats(args, open_store, config)
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return USAGE_ERROR


def chosen_query(store: Store, command: str, search: str, saved: str | None) -> tuple[Query, str]:
    """The query `--search` or `--saved` names, and its text; Refused when it cannot run."""
    from tui.search.query import QueryError, parse_query
    from tui.store.saved import saved_query
    from tui.text.sanitize import sanitize

    text = search
    if saved is not None:
        found = saved_query(store, saved)
        if found is None:
            raise Refused(
                f"{command}: error: no saved search named {sanitize(saved, one_line=True)!r}"
                " (`qari searches list` lists them)"
            )
        text = found
    try:
        return parse_query(text), text
    except QueryError as error:
        raise Refused(
            f"{command}: error: bad search at character {error.position + 1}: {error.message}"
        ) from None


# Output on a terminal goes through the display pipeline, as `qari list` does.


@contextmanager
def terminal_lines(args: argparse.Namespace, config: Config) -> Iterator[DisplayOptions | None]:
    """The display options for stdout when it is a terminal (BDSM around the lines, as the
    reader does), None for a pipe, which gets logical text."""
    if not sys.stdout.isatty():
        yield None
        return
    from tui.probe import terminal_setup
    from tui.text.display import DisplayOptions

    harakat = False if getattr(args, "no_harakat", False) else config.harakat
    bidi = getattr(args, "bidi", None) or config.bidi
    setup, restore = terminal_setup(bidi, harakat, os.environ, lasting=True)
    try:
        sys.stdout.write(setup.enter)
        yield DisplayOptions(harakat=setup.harakat, bidi=setup.bidi, isolate=setup.isolate)
    finally:
        sys.stdout.write(setup.leave)
        sys.stdout.flush()
        restore()


def _width() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        return 80


# `qari searches`


def _run_searches(args: argparse.Namespace, open_store: OpenStore, config: Config) -> int:
    from tui.search.query import QueryError
    from tui.store.saved import SearchNameError, add_search, remove_search, saved_searches
    from tui.text.sanitize import sanitize

    store = open_store(args.store)
    try:
        if args.searches_command == "add":
            try:
                replaced = add_search(store, args.name, args.query)
            except SearchNameError as error:
                raise Refused(f"qari searches add: error: {error}") from None
            except QueryError as error:
                raise Refused(
                    f"qari searches add: error: bad search at character {error.position + 1}:"
                    f" {error.message}"
                ) from None
            name = sanitize(" ".join(args.name.split()), one_line=True)
            print(f"{'replaced' if replaced else 'saved'} search {name!r}")
            return 0
        if args.searches_command == "remove":
            if not remove_search(store, args.name):
                raise Refused(
                    "qari searches remove: error: no saved search named "
                    f"{sanitize(args.name, one_line=True)!r}"
                )
            print(f"removed search {sanitize(' '.join(args.name.split()), one_line=True)!r}")
            return 0
        found = saved_searches(store)
    finally:
        store.close()
    if args.json:
        from tui.analyst.export import inert_json

        print(inert_json([s._asdict() for s in found]))
        return 0
    with terminal_lines(args, config) as options:
        for line in searches_lines(found, options):
            print(line)
    return 0


def searches_lines(found: list[SavedSearch], options: DisplayOptions | None) -> list[str]:
    """Saved searches as lines: tab-separated logical text for a pipe; for a terminal,
    columns of unread and total counts beside the name and query, drawn as the reader does."""
    from tui.text.sanitize import sanitize

    if options is None:
        return [
            f"{sanitize(s.name, one_line=True)}\t{s.unread}\t{s.total}"
            f"\t{sanitize(s.query, one_line=True)}"
            for s in found
        ]
    from tui.text.display import display_line

    width = _width()
    name_width = max(8, min(24, width // 4))
    query_width = max(8, width - name_width - 2 * 9 - 3)
    lines = [f"{'unread':>8} {'total':>8}  " + "name".rjust(name_width) + "  query"]
    for s in found:
        lines.append(
            f"{s.unread:>8,} {s.total:>8,}  "
            + display_line(s.name, name_width, options)
            + "  "
            + display_line(s.query, query_width, options, pad=False)
        )
    return lines


# `qari export`


def _run_export(args: argparse.Namespace, open_store: OpenStore) -> int:
    from tui.analyst.export import export

    store = open_store(args.store)
    try:
        query, _ = chosen_query(store, "qari export", args.search, args.saved)
        if args.output is None:
            export(store, query, args.format, sys.stdout)
            sys.stdout.flush()
            return 0
        try:
            with args.output.open("w", encoding="utf-8", newline="") as out:
                written = export(store, query, args.format, out)
        except OSError as error:
            print(f"qari export: error: {args.output}: {error.strerror}", file=sys.stderr)
            return 1
    finally:
        store.close()
    print(f"exported {written} articles to {args.output}", file=sys.stderr)
    return 0


# `qari stats`

BLOCKS = " ▏▎▍▌▋▊▉█"
BAR_WIDTH = 48


def bar(count: int, most: int, width: int) -> str:
    """A horizontal bar `width` cells long at `most`, in eighths of a cell."""
    if most <= 0 or width <= 0:
        return ""
    eighths = round(count * width * 8 / most)
    if count and not eighths:
        eighths = 1
    return ("█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")).ljust(width)


def _run_stats(args: argparse.Namespace, open_store: OpenStore, config: Config) -> int:
    from tui.store.stats import filter_shape

    if args.top < 0:
        raise Refused("qari stats: error: --top must be 0 or more")
    store = open_store(args.store)
    try:
        query, _ = chosen_query(store, "qari stats", args.search, args.saved)
        shape = filter_shape(store, query, args.top)
    finally:
        store.close()
    if args.json:
        from tui.analyst.export import inert_json

        print(inert_json(shape.as_json()))
        return 0
    with terminal_lines(args, config) as options:
        for line in stats_lines(shape, options, _width() if options is not None else 0):
            print(line)
    return 0


def stats_lines(shape: Shape, options: DisplayOptions | None, width: int) -> list[str]:
    """The shape as lines: for a pipe, sections of tab-separated `name, count`; for a
    terminal of `width` columns, each count with a bar, names drawn as the reader does."""
    from tui.text.sanitize import sanitize

    sections: list[tuple[str, list[tuple[str, int]], bool]] = [
        (f"per {shape.period}", list(shape.by_period), False),
        ("sources", list(shape.sources), True),
        ("keywords", list(shape.keywords), True),
    ]
    if options is None:
        lines = [f"total\t{shape.total}"]
        if shape.undated:
            lines.append(f"undated\t{shape.undated}")
        for title, rows, _ in sections:
            lines += ["", title]
            lines += [f"{sanitize(name, one_line=True)}\t{n}" for name, n in rows]
        return lines
    from tui.text.display import display_line

    lines = [
        f"{shape.total:,} articles" + (f" ({shape.undated:,} undated)" if shape.undated else "")
    ]
    for title, rows, text in sections:
        if not rows:
            continue
        lines += ["", title]
        most = max(n for _, n in rows)
        digits = len(f"{most:,}")
        name_width = 24 if text else max(len(name) for name, _ in rows)
        bar_width = max(4, min(BAR_WIDTH, width - name_width - digits - 3))
        for name, n in rows:
            shown = display_line(name, name_width, options) if text else name.ljust(name_width)
            lines.append(f"{shown} {n:>{digits},} {bar(n, most, bar_width)}".rstrip())
    return lines
