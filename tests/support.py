"""What tests share: the real `qari` command, its environment, a pty; what a pilot's app shows."""

from __future__ import annotations

import fcntl
import html
import os
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyte
import pytest
from rich.cells import cell_len
from textual.app import App

if TYPE_CHECKING:
    from tui.store.db import Store


def qari_command() -> str:
    found = shutil.which("qari", path=str(Path(sys.executable).parent)) or shutil.which("qari")
    if found is None:
        pytest.fail("the qari console script is not installed (pip install '.[test]')")
    return found


def child_env(home: Path) -> dict[str, str]:
    """A clean environment whose data, state and config dirs are under `home`."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }


# What qari asks a terminal to learn which one it is (XTVERSION, secondary and primary DA).
IDENTITY_QUERIES = b"\x1b[>0q\x1b[>c\x1b[c"


class Terminal:
    """`qari` in a pseudo-terminal: pyte draws the screen, every byte written is kept.

    With `answer`, the terminal answers qari's identity queries with those bytes, as a real
    terminal would; without, it stays silent as pyte does.
    """

    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        size: tuple[int, int] = (120, 40),
        answer: bytes = b"",
    ) -> None:
        self.answer = answer
        columns, lines = size
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.process = subprocess.Popen(
            [qari_command(), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.raw.extend(data)
                self.stream.feed(data)
                if self.answer and IDENTITY_QUERIES in self.raw:
                    os.write(self.master, self.answer)
                    self.answer = b""

    def wait_for(self, condition: Callable[[], bool], timeout: float = 20) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if condition():
                self.pump(0.3)
                return
        pytest.fail("the screen never showed what was expected:\n" + self.text())

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def send(self, keys: str, pause: float = 0.5) -> None:
        os.write(self.master, keys.encode())
        self.pump(pause)

    def finish(self, timeout: float = 15) -> int:
        """Wait for qari to exit, reading what it writes on the way out; its exit status."""
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self.pump(0.1)
        self.pump(0.2)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        os.close(self.master)
        return self.process.wait()


def article_ids(source: Path) -> set[str]:
    """Every article a file holds, «read also» copies included, as an import stores them."""
    from tui.importers.sources import read_file
    from tui.model import Article

    ids: set[str] = set()
    for item in read_file(source):
        assert isinstance(item, Article)
        ids.add(item.id)
        ids.update(r.id for r in item.related)
    return ids


# What an app under a pilot shows, read back from Textual's own screenshot (an SVG: each run of
# text is placed at its column, on its line).
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+"'
    r' clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)
_SVG_CELL_WIDTH = 12.2  # Rich draws a cell 0.61 of its 20-unit line height wide


def screen_lines(app: App[Any]) -> list[str]:
    """Every line the app shows now, toasts, overlays and screens underneath included."""
    width, height = app.size
    lines: list[dict[int, str]] = [{} for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        column = round(float(x) / _SVG_CELL_WIDTH)
        lines[int(line)][column] = html.unescape(text).replace("\xa0", " ").rstrip("\n")
    shown = []
    for runs in lines:
        text = ""
        for column in sorted(runs):
            text += " " * (column - cell_len(text)) + runs[column]
        shown.append(text + " " * (width - cell_len(text)))
    return shown


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


# Alphabets for generated text that the index's terms are tested on (tests/store).
ARABIC = "".join(map(chr, [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]))
MARKS = "".join(map(chr, range(0x064B, 0x0653))) + "\u0301\u0308\u0670"
# Whitespace of every kind next to what NFKC and the folds change, split or join.
TRICKY = (
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u00ad\u00b4\u02d8\ufe70\ufe7f\ufefb\ufdf2ـ٠٩۰۹أإآةىکیİßﬁ_-.،«»()"
    "aZ09"
)


def numbers_to_names(db: sqlite3.Connection) -> None:
    """Undo schema 7 in an open connection: holders named in full in `holdings` and in each
    article's `origin_file`, no `holders` table, no `origin` column."""
    db.execute(
        "CREATE TABLE named (holder TEXT NOT NULL, article_id TEXT NOT NULL,"
        " line INTEGER NOT NULL DEFAULT 0, copy INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (holder, article_id)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO named SELECT h.name, o.article_id, o.line, o.copy"
        " FROM holdings o JOIN holders h ON h.id = o.holder"
    )
    db.execute(
        "UPDATE articles SET origin_file = (SELECT name FROM holders WHERE id = origin)"
        " WHERE origin IS NOT NULL"
    )
    db.execute("DROP TABLE holdings")
    db.execute("ALTER TABLE named RENAME TO holdings")
    db.execute("CREATE INDEX holdings_by_article ON holdings (article_id, copy)")
    db.execute("ALTER TABLE articles DROP COLUMN origin")
    db.execute("DROP TABLE holders")


def _drop(pattern: str) -> Callable[[sqlite3.Connection], None]:
    """Undo a schema that only added the tables whose names are LIKE `pattern`."""

    def drop(db: sqlite3.Connection) -> None:
        for kind, name in db.execute(
            "SELECT type, name FROM sqlite_master WHERE name LIKE ? AND type <> 'index'",
            (pattern,),
        ).fetchall():
            db.execute(f"DROP {kind} IF EXISTS {name}")

    return drop


# UNDO[n] takes a store at schema n back to schema n - 1: the common keywords' bits (9), the
# keywords' kept numbers (8),
# holders by number (7), the shape's kept counts (6).
UNDO = {
    9: _drop("shape_kbits%"),
    8: _drop("shape_keyword%"),
    7: numbers_to_names,
    6: _drop("shape%"),
}


def back_to_schema(store: Path, version: int) -> None:
    """Make a store look as the qari of schema `version` left it."""
    from tui.store.schema import SCHEMA_VERSION

    db = sqlite3.connect(store)
    for step in range(SCHEMA_VERSION, version, -1):
        UNDO[step](db)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


def back_to_previous_schema(store: Path, version: int | None = None) -> None:
    """Make a store look as the qari before this schema (or that of schema `version`) left
    it."""
    from tui.store.schema import SCHEMA_VERSION

    back_to_schema(store, SCHEMA_VERSION - 1 if version is None else version)


def bits_are_exact(store: Store) -> None:
    """The keywords with bits are those the rule gives them to, their bits are the articles
    that carry them, and each article that carries one twice is listed."""
    from tui.store import bitsets, keyword_bits

    with store.reading() as db:
        least = keyword_bits.threshold(db)
        bitted = {n for (n,) in db.execute("SELECT number FROM shape_kbits_of")}
        numbers = dict(db.execute("SELECT norm, id FROM shape_keywords").fetchall())
        rows = Counter(
            (numbers[norm], rowid)
            for rowid, norm in db.execute(
                "SELECT k.article_rowid, k.norm FROM keywords k"
                " JOIN articles a ON a.rowid = k.article_rowid"
            )
        )
        twice = {(number, rowid, n - 1) for (number, rowid), n in rows.items() if n > 1}
        assert set(db.execute("SELECT number, rowid, more FROM shape_kbits_twice")) == twice
        for number, n in db.execute("SELECT id, n FROM shape_keywords"):
            carried = [rowid for (k, rowid) in rows if k == number]
            if number in bitted:
                assert n >= least // 2
                size = bitsets.rounded(max(carried) + 1)
                assert keyword_bits.bits_of(db, number) == bitsets.pack(
                    bitsets.mask_of(carried, size)
                )
            else:
                assert n < least, (number, n, least)
        assert bitted <= set(numbers.values())
