"""The `qari` command line's grammar: argparse's parsers for the reader and every command.

Not imported by a plain `qari` (the reader with its own options written out in full): cli.py
reads those without argparse, whose import and parsers took some 15 M instructions of the
reader's start.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from tui import __version__
from tui.types import BIDI_CHOICES, LANGUAGES, USAGE_ERROR

# The largest count SQLite takes (a signed 64-bit integer).
_MAX_COUNT = 2**63 - 1


def count(text: str) -> int:
    """A whole number from 0 up, for options such as --limit: anything else is a usage error."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if not 0 <= value <= _MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 to {_MAX_COUNT})")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line (the usage itself is in --help)."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _common() -> _Parser:
    common = _Parser(add_help=False)
    # SUPPRESS, so a subcommand's absent option does not undo one given before it.
    common.add_argument(
        "--store",
        metavar="PATH",
        type=Path,
        default=argparse.SUPPRESS,
        help="the article store to use (default: the user data dir's qari/store.sqlite3)",
    )
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show a full traceback when something fails",
    )
    return common


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The `qari` parser; without `commands`, only the reader's own options."""
    common = _common()
    parser = _Parser(
        prog="qari",
        description="qari (قارئ) reads Arabic news in the terminal. Without a command it opens "
        "the reader; on first run with an empty default store it imports the bundled sample.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"qari {__version__}")
    parser.add_argument(
        "--search",
        metavar="QUERY",
        default="",
        help="start with this search (see `qari list --help` for the language)",
    )
    parser.add_argument(
        "--bidi",
        choices=BIDI_CHOICES,
        default=None,
        help="who orders right-to-left text: qari (app), turning the terminal's own "
        "BiDi off where it can, or a terminal that insists on doing it itself "
        "(terminal); auto picks for the terminal found (default: auto, or the "
        "config file's `bidi`)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of pane titles and key labels (default: ar)",
    )
    parser.add_argument(
        "--no-harakat", action="store_true", help="hide harakat (short vowel marks) in the reader"
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    _add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"), common)
    return parser


def _add_commands(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    from tui.analyst import commands as analyst_commands
    from tui.feeds import commands as feed_commands

    importer = commands.add_parser(
        "import",
        parents=[common],
        help="import articles from files and folders",
        description="Import scraped Arabic news pages (.txt), JSON arrays and JSON Lines files, "
        "from files and folders (recursively). Importing is idempotent and incremental: "
        "unchanged files are skipped. Exit status: 0 when nothing was rejected, 1 when "
        "something was (the rest is still imported), 2 for usage errors.",
    )
    importer.add_argument(
        "sources", nargs="+", type=Path, metavar="SOURCE", help="a file or a folder"
    )

    lister = commands.add_parser(
        "list",
        parents=[common],
        help="print articles, newest first",
        description="Print the articles in the store, newest first (unknown dates last). "
        "Search language: words (all must match, Arabic-normalised: hamza, harakat, "
        'ta marbuta and digits do not matter), "an exact phrase", #keyword, '
        '#"multi word keyword", source:NAME, after:YYYY-MM-DD (on or after), '
        "before:YYYY-MM-DD, is:unread, is:starred; put - before a term to exclude it.",
    )
    chosen = lister.add_mutually_exclusive_group()
    chosen.add_argument("--search", metavar="QUERY", default="", help="only articles matching")
    chosen.add_argument("--saved", metavar="NAME", help="only articles a saved search finds")
    lister.add_argument(
        "--keyword",
        metavar="KW",
        action="append",
        default=[],
        help="only articles with this keyword (repeatable)",
    )
    lister.add_argument(
        "--limit", metavar="N", type=count, default=None, help="at most N articles (default: all)"
    )
    lister.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of {id, title, date, source, keywords, related, url}",
    )
    _add_related_parser(commands, common)
    feed_commands.add_commands(commands, common)
    analyst_commands.add_commands(commands, common)


def _add_related_parser(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    related = commands.add_parser(
        "related",
        parents=[common],
        help="print the articles related to one article",
        description="Print the articles related to the article ID (as `qari list --json` "
        "gives it): «read also» links first (link), then copies of it from other outlets "
        "(duplicate), then the same story from other outlets and days (same-story) and "
        "close coverage further apart in time (similar). Nothing is computed below a "
        "calibrated threshold, so an article may have none.",
    )
    related.add_argument("id", metavar="ID", help="the article's id")
    related.add_argument(
        "--limit", metavar="N", type=int, default=10, help="at most N articles (default: 10)"
    )
    related.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of {id, title, reason, score, why}; score is how close, "
        "0 to 1 (1 for a link)",
    )
