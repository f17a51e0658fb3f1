"""The installed `qari` command in a real pseudo-terminal, read back as a person sees it."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import Terminal, child_env

from tui.search.query import with_keyword
from tui.store.db import Store
from tui.store.related import related
from tui.text.display import visual

ARABIC_LETTERS = re.compile("[\u0621-\u064a]")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    env = child_env(tmp_path)
    started: list[Terminal] = []

    def start(*args: str, **extra_env: str) -> Terminal:
        terminal = Terminal(list(args), {**env, **extra_env})
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        if terminal.process.poll() is None:
            os.killpg(terminal.process.pid, signal.SIGKILL)
            terminal.process.wait()


def default_store(tmp_path: Path) -> Store:
    return Store(
        tmp_path / "data" / "qari" / "store.sqlite3", tmp_path / "state" / "qari" / "state.sqlite3"
    )


def row_of(lines: list[str], text: str) -> int:
    for number, line in enumerate(lines):
        if text in line:
            return number
    raise AssertionError(f"{text!r} is not on the screen:\n" + "\n".join(lines))


def test_first_run_reads_right_and_brackets_the_alt_screen_with_bdsm(session, tmp_path):
    terminal = session()
    terminal.wait_for(lambda: "│" in terminal.text() and "2025" in terminal.text())
    store = default_store(tmp_path)
    newest = store.results(__import__("tui.search.query", fromlist=["Query"]).Query()).window(0, 1)[
        0
    ]
    article = store.article(newest.id)
    assert article is not None
    lines = terminal.lines()

    # The first paragraph: its first words end the top line at the right edge of the reader,
    # its last words are on a lower line: reading order, right-aligned.
    words = article.body[0].split()
    terminal.wait_for(lambda: visual(" ".join(words[-2:])) in terminal.text())
    lines = terminal.lines()
    first = row_of(lines, visual(" ".join(words[:3])))
    assert re.search(re.escape(visual(" ".join(words[:3]))) + r" *│", lines[first])
    last = row_of(lines, visual(" ".join(words[-2:])))
    assert last > first
    # Nothing unshaped: every Arabic letter on the screen is a presentation form.
    assert not ARABIC_LETTERS.search(terminal.text())

    terminal.send("q", pause=1.5)
    assert terminal.finish() == 0
    raw = bytes(terminal.raw)
    assert raw.index(b"\x1b[8l") < raw.index(b"\x1b[?1049h")
    assert raw.rindex(b"\x1b[8h") > raw.rindex(b"\x1b[?1049l")


def test_keyword_filter_and_related_jump(session, tmp_path):
    terminal = session()
    terminal.wait_for(lambda: "2025" in terminal.text())
    store = default_store(tmp_path)
    from tui.search.query import Query, parse_query

    newest = store.article(store.results(Query()).window(0, 1)[0].id)
    assert newest is not None and newest.keywords

    # Keywords pane, Enter on the first keyword: the search box holds #keyword, the list
    # holds exactly the articles carrying it.
    terminal.send("3")
    terminal.send("\r", pause=1.5)
    keyword = newest.keywords[0]
    expected = store.results(parse_query(with_keyword("", keyword))).count
    assert expected < store.count()
    terminal.wait_for(lambda: visual(with_keyword("", keyword)) in terminal.text())
    titles_on_screen = [
        r for r in store.results(parse_query(with_keyword("", keyword))).window(0, expected)
    ]
    screen = terminal.text()
    for row in titles_on_screen[:5]:
        assert visual(" ".join(row.title.split()[:2])) in screen
    assert re.search(rf"─ {expected} ─", screen)

    # Escape clears the filter; Related pane, Enter: the related article is in the reader.
    terminal.send("\x1b", pause=1.5)
    terminal.wait_for(lambda: re.search(rf"─ {store.count()} ─", terminal.text()) is not None)
    target = related(store, newest.id)[0]
    terminal.send("4")
    terminal.send("\r", pause=1.5)
    target_words = visual(" ".join(target.title.split()[:3]))
    terminal.wait_for(lambda: target_words in terminal.text())
    reader_title_row = row_of(terminal.lines(), target_words)
    assert reader_title_row < 8  # it is the reader's heading, near the top
    # Backspace goes back to where we were.
    terminal.send("\x7f", pause=1.5)
    terminal.wait_for(lambda: visual(" ".join(newest.title.split()[:3])) in terminal.text())
    terminal.send("q", pause=1.5)
    assert terminal.finish() == 0
    store.close()


def test_bidi_terminal_mode_sends_logical_order_without_bdsm(session, tmp_path):
    terminal = session("--bidi", "terminal")
    terminal.wait_for(lambda: "2025" in terminal.text())
    store = default_store(tmp_path)
    from tui.search.query import Query

    article = store.article(store.results(Query()).window(0, 1)[0].id)
    assert article is not None
    # A terminal that reorders by itself gets the words as they are written.
    terminal.wait_for(lambda: " ".join(article.body[0].split()[:3]) in terminal.text())
    assert ARABIC_LETTERS.search(terminal.text())
    terminal.send("q", pause=1.5)
    assert terminal.finish() == 0
    assert b"\x1b[8l" not in bytes(terminal.raw)
    store.close()


def test_auto_mode_in_konsole_picks_terminal_and_says_how_to_override(session):
    terminal = session(KONSOLE_VERSION="230804")
    terminal.wait_for(lambda: "--bidi app" in terminal.text())
    terminal.send("q", pause=1.5)
    assert terminal.finish() == 0
    assert b"\x1b[8l" not in bytes(terminal.raw)
