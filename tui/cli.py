"""The `qari` command: open the reader, import files, list articles, show related ones."""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from tui.text.sanitize import sanitize
from tui.types import BIDI_CHOICES, LANGUAGES, USAGE_ERROR

# Each command imports what it needs when it runs: `qari --version` and `qari list` never
# load Textual, and the reader never loads the importer (tests/test_startup_imports.py).
if TYPE_CHECKING:
    import argparse

    from tui.config import Config
    from tui.search.query import QueryError
    from tui.store.db import ListRow, Store
    from tui.store.importing import ImportSummary
    from tui.text.display import DisplayOptions


# Characters JSON leaves as they are but a terminal acts on (DEL, the C1 controls, of which
# U+009B is CSI) or that reorder the text around them (bidi controls; U+2028 and U+2029 break
# lines): written as \u escapes, the JSON means the same to a program and is inert on a screen.
_JSON_INERT = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


# What opening the reader may be given: options with a value, and flags.
_READER_VALUED = ("--store", "--search", "--bidi", "--lang")
_READER_FLAGS = ("--debug", "--version", "--no-harakat")


def opens_the_reader(argv: Sequence[str]) -> bool:
    """Whether `argv` holds only the reader's own options, written out in full: then no
    command's parser is needed (building them, and importing the feed and analyst modules
    that declare theirs, took a tenth of qari's own start). Anything else, a command, help,
    an abbreviated option, gets the whole parser."""
    words = iter(argv)
    for word in words:
        if word in _READER_VALUED:
            next(words, None)
        elif not (word in _READER_FLAGS or word.split("=", 1)[0] in _READER_VALUED):
            return False
    return True


def reader_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The reader's options read as argparse reads them, when `argv` is nothing but those
    options spelt out in full with good values (a plain `qari`, as a launcher or a shell
    alias starts it); None for anything else, which argparse reads, errors and help included."""
    values: dict[str, str] = {}
    flags = {"--no-harakat": False}
    words = iter(argv)
    for word in words:
        if word in flags or word == "--debug":
            flags[word] = True
            continue
        name, equals, value = word.partition("=")
        if name not in _READER_VALUED:
            return None
        if not equals:
            following = next(words, None)
            if following is None or following.startswith("-"):
                return None  # argparse's error (a search starting with "-" comes joined)
            value = following
        if (name == "--bidi" and value not in BIDI_CHOICES) or (
            name == "--lang" and value not in LANGUAGES
        ):
            return None
        values[name] = value
    store = values.get("--store")
    namespace = SimpleNamespace(
        store=None if store is None else Path(store),
        debug=flags.get("--debug", False),
        search=values.get("--search", ""),
        bidi=values.get("--bidi"),
        lang=values.get("--lang"),
        no_harakat=flags["--no-harakat"],
        command=None,
    )
    return cast("argparse.Namespace", namespace)


def _fail(message: str, debug: bool) -> int:
    if debug:
        import traceback

        traceback.print_exc()
    print(f"qari: error: {message}", file=sys.stderr)
    return 1


def _bad_search(command: str, error: QueryError) -> int:
    print(
        f"{command}: error: bad search at character {error.position + 1}: {error.message}",
        file=sys.stderr,
    )
    return USAGE_ERROR


class NoStore(Exception):
    """A store was named that does not exist, by a command that only reads."""


def open_store(path: Path | None, *, with_sample: bool, create: bool = False) -> Store:
    """The store at `path` (default: the user's); an empty default store gets the sample.

    Only `import` creates a named store: a mistyped path is an error, not a new empty store.
    """
    from tui.store.db import Store
    from tui.store.paths import default_store_path, state_path

    if path is not None and not create and not path.exists():
        from tui.importers.sources import shown

        raise NoStore(f"no store at {shown(path)} (`qari import --store PATH FILES` creates one)")
    where = path or default_store_path()

    def slow(doing: str) -> None:
        # Before the screen is taken: a big store takes a minute or more, and says so.
        from tui.importers.sources import shown

        print(
            f"qari: {doing.format(shown(where))}; a big store takes a minute or more …",
            file=sys.stderr,
            flush=True,
        )

    def upgrading(old: int, new: int) -> None:
        slow(f"upgrading {{}} from schema {old} to {new}")

    def building() -> None:
        slow("building the indexes of {} that a stopped import left unbuilt")

    store = Store(where, state_path(), on_upgrade=upgrading, on_building=building)
    if path is None and with_sample and store.count() == 0:
        from tui.store.importing import import_sources
        from tui.store.paths import sample_dir

        import_sources(store, [sample_dir()])
    return store


def run_import(args: argparse.Namespace) -> int:
    from tui.model import Notice, Rejection
    from tui.progress_bar import BarProgress
    from tui.store.importing import ImportSummary, import_sources

    missing = [str(p) for p in args.sources if not p.exists()]
    if missing:
        print(f"qari import: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return USAGE_ERROR
    store = open_store(args.store, with_sample=False, create=True)
    progress = BarProgress() if sys.stderr.isatty() else None
    summary = ImportSummary()

    def report(rejection: Rejection) -> None:
        # File names come from wherever the files came from: no escape sequences from them.
        print(f"rejected: {sanitize(str(rejection), one_line=True)}", file=sys.stderr)

    def warn(notice: Notice) -> None:
        print(f"warning: {sanitize(str(notice), one_line=True)}", file=sys.stderr)

    try:
        summary = import_sources(
            store, args.sources, progress, on_rejected=report, on_notice=warn, summary=summary
        )
    except KeyboardInterrupt:
        print(
            f"qari import: interrupted; {summary.saved} articles were saved. "
            "Run the same import again to continue.",
            file=sys.stderr,
        )
        return 130
    finally:
        store.close()
    print(_summary_line(summary))
    return 1 if summary.rejected else 0


def _summary_line(summary: ImportSummary) -> str:
    line = (
        f"imported {summary.imported}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, removed {summary.removed}, "
        f"rejected {len(summary.rejected)}"
    )
    if summary.notices:
        line += f", warnings {len(summary.notices)}"
    return line + f" ({summary.changed_files} of {summary.files} files read)"


def _list_json(store: Store, rows: list[ListRow]) -> str:
    import json

    from tui.store.related import links

    items = []
    for row in rows:
        article = store.article(row.id)
        assert article is not None
        items.append(
            {
                "id": row.id,
                "title": row.title,
                "date": row.date.isoformat() if row.date else None,
                "source": row.source,
                "keywords": list(article.keywords),
                # Links only: computing similar articles for every row would be wasted work.
                "related": [{"id": r.id, "title": r.title} for r in links(store, row.id)],
                "url": article.url,
            }
        )
    text = json.dumps(items, ensure_ascii=False, indent=2)
    return _JSON_INERT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _list_lines(rows: list[ListRow], options: DisplayOptions | None) -> list[str]:
    """The rows as lines: tab-separated logical text for a pipe, or for the terminal, columns
    drawn as the reader draws them (`options`)."""
    if options is None:
        return [
            f"{r.date.isoformat() if r.date else '----------'}\t{sanitize(r.source, one_line=True)}"
            f"\t{sanitize(r.title, one_line=True)}"
            for r in rows
        ]
    from tui.text.display import display_line

    width = os.get_terminal_size(sys.stdout.fileno()).columns
    source_width = 16
    title_width = max(10, width - 10 - source_width - 4)
    return [
        display_line(r.title, title_width, options)
        + "  "
        + display_line(r.source, source_width, options)
        + "  "
        + (r.date.isoformat() if r.date else " " * 10)
        for r in rows
    ]


def _print_list(rows: list[ListRow], args: argparse.Namespace, config: Config) -> None:
    """Print the rows; on a terminal, in its bidi mode, with BDSM around them as the reader."""
    if not sys.stdout.isatty():
        for line in _list_lines(rows, None):
            print(line)
        return
    from tui.probe import terminal_setup
    from tui.text.display import DisplayOptions

    harakat = False if args.no_harakat else config.harakat
    setup, restore = terminal_setup(args.bidi or config.bidi, harakat, os.environ, lasting=True)
    options = DisplayOptions(harakat=setup.harakat, bidi=setup.bidi, isolate=setup.isolate)
    try:
        sys.stdout.write(setup.enter)
        for line in _list_lines(rows, options):
            print(line)
    finally:
        sys.stdout.write(setup.leave)
        sys.stdout.flush()
        restore()


def run_list(args: argparse.Namespace, config: Config) -> int:
    from tui.search.query import QueryError, parse_query

    if args.saved is not None:
        from tui.analyst.commands import Refused, chosen_query

        store = open_store(args.store, with_sample=True)
        try:
            args.search = chosen_query(store, "qari list", "", args.saved)[1]
        except Refused as refused:
            print(refused, file=sys.stderr)
            return USAGE_ERROR
        finally:
            store.close()
    try:
        query = parse_query(args.search)
    except QueryError as error:
        return _bad_search("qari list", error)
    # Added to the parsed query, not to its text: a keyword needs no quoting that way.
    keywords = [" ".join(k.split()) for k in args.keyword]
    if not all(keywords):
        print("qari list: error: --keyword needs a keyword", file=sys.stderr)
        return USAGE_ERROR
    query = query._replace(keywords=tuple(dict.fromkeys((*query.keywords, *keywords))))
    store = open_store(args.store, with_sample=True)
    try:
        results = store.results(query)
        rows = results.window(0, results.count if args.limit is None else args.limit)
        if args.json:
            print(_list_json(store, rows))
        else:
            _print_list(rows, args, config)
    finally:
        store.close()
    return 0


# `qari related`


def run_related(args: argparse.Namespace) -> int:
    from tui.store.related import related

    if args.limit < 0:
        print("qari related: error: --limit must be 0 or more", file=sys.stderr)
        return USAGE_ERROR
    store = open_store(args.store, with_sample=True)
    try:
        if not store.rows("SELECT 1 FROM articles WHERE id = ?", (args.id,)):
            print(
                f"qari related: error: no article with id {sanitize(args.id, one_line=True)}",
                file=sys.stderr,
            )
            return 1
        rows = related(store, args.id, limit=args.limit)
    finally:
        store.close()
    if args.json:
        import json

        items = [
            {"id": r.id, "title": r.title, "reason": r.reason, "score": r.score, "why": r.why}
            for r in rows
        ]
        text = json.dumps(items, ensure_ascii=False, indent=2)
        print(_JSON_INERT.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    else:
        for r in rows:
            print(
                f"{r.id}\t{r.reason}\t{r.score:.3f}\t{sanitize(r.title, one_line=True)}"
                f"\t{sanitize(r.why, one_line=True)}"
            )
    return 0


def run_reader(args: argparse.Namespace, config: Config) -> int:
    from tui.search.query import QueryError, parse_query

    try:
        parse_query(args.search)
    except QueryError as error:
        return _bad_search("qari", error)
    store = open_store(args.store, with_sample=True)
    try:
        from tui.app.run import run_app

        return run_app(store, args, config)
    finally:
        store.close()


# Options whose value may begin with "-": a search that excludes a word (`--search -sport`).
_DASHED_VALUES = ("--search",)


def _join_dashed_values(argv: list[str]) -> list[str]:
    """`--search -word` as `--search=-word`, so argparse does not take the query for an option."""
    joined: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            joined.append(word)
            joined.extend(words)
            break
        if word in _DASHED_VALUES:
            value = next(words, None)
            if value is not None and value.startswith("-") and value != "--":
                joined.append(f"{word}={value}")
                continue
            joined.append(word)
            if value is not None:
                joined.append(value)
            continue
        joined.append(word)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    # No garbage collection while the reader's modules (Textual's among them) load: it finds
    # next to nothing then, and its passes over the growing heap took about 25 ms of CPU (a
    # tenth of the imports, measured). The reader turns it on after its first frame
    # (tui/app/run.py), every other command as soon as it is known.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv, collecting)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None, collecting: bool) -> int:
    words = _join_dashed_values(list(sys.argv[1:] if argv is None else argv))
    args = reader_arguments(words)
    if args is None:
        from tui.arguments import build_parser

        parser = build_parser(commands=not opens_the_reader(words))
        try:
            args = parser.parse_args(words)
        except SystemExit as done:
            # --help, --version and usage errors end here, with argparse's status.
            return done.code if isinstance(done.code, int) else USAGE_ERROR
    if collecting and args.command is not None:
        gc.enable()
    args.store = getattr(args, "store", None)
    args.debug = getattr(args, "debug", False)
    # Every command from here on reads the store or the config.
    import sqlite3

    from tui.config import ConfigError, load_config
    from tui.store.db import StoreError
    from tui.store.paths import config_path, default_store_path

    try:
        config = load_config(config_path())
        if args.command is None:
            return run_reader(args, config)
        # Imported already: a command was named, so the whole parser was built.
        from tui.analyst import commands as analyst_commands
        from tui.feeds import commands as feed_commands

        if args.command == "import":
            return run_import(args)
        if args.command in feed_commands.COMMANDS:
            return feed_commands.run(
                args, lambda path, create: open_store(path, with_sample=False, create=create)
            )
        if args.command in analyst_commands.COMMANDS:
            status = analyst_commands.run(
                args, lambda path: open_store(path, with_sample=True), config
            )
            sys.stdout.flush()
            return status
        if args.command == "list":
            status = run_list(args, config)
            sys.stdout.flush()
            return status
        status = run_related(args)
        sys.stdout.flush()
        return status
    except NoStore as error:
        print(f"qari: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except (StoreError, ConfigError) as error:
        return _fail(str(error), args.debug)
    except sqlite3.Error as error:
        # Damage found after the store opened (a corrupt page, a full disk).
        return _fail(f"{args.store or default_store_path()}: {error}", args.debug)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read our output has gone (`qari list | head`): stop quietly, as `cat` does.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 141
