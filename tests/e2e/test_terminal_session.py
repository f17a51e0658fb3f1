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
KONSOLE_REPLIES = b"\x1bP>|Konsole 22.12.3\x1b\\\x1b[>1;115;0c\x1b[?62;1;4c"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    env = child_env(tmp_path)
    started: list[Terminal] = []

    def start(*args: str, answer: bytes = b"", **extra_env: str) -> Terminal:
        terminal = Terminal(list(args), {**env, **extra_env}, answer=answer)
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
    # The reader fills in after the list: wait for it rather than for a time.
    words = " ".join(article.body[0].split()[:3])
    terminal.wait_for(lambda: words in bytes(terminal.raw).decode("utf-8", "replace"))
    terminal.send("q", pause=1.5)
    assert terminal.finish() == 0
    # A terminal that reorders by itself gets the words as they are written, each Arabic line
    # isolated right to left (pyte draws no isolates: the bytes are what is checked).
    raw = bytes(terminal.raw).decode("utf-8", "replace")
    assert "\u2067" + " ".join(article.body[0].split()[:3]) in raw
    assert "\x1b[8l" not in raw
    store.close()


def test_auto_mode_in_konsole_turns_its_bidi_off_for_the_session_and_says_so(session):
    terminal = session(KONSOLE_VERSION="221203")
    terminal.wait_for(lambda: "--bidi app" in terminal.text())
    terminal.send("q", pause=1.5)
    assert terminal.finish() == 0
    raw = bytes(terminal.raw)
    off, on = b"\x1b]50;BidiRenderingEnabled=false\x07", b"\x1b]50;BidiRenderingEnabled=true\x07"
    assert raw.index(off) < raw.index(b"\x1b[?1049h")
    assert raw.rindex(on) > raw.rindex(b"\x1b[?1049l")


def test_over_ssh_the_terminal_is_asked_before_the_screen_is_taken(session):
    # The fake terminal answers as Konsole does; the environment names no terminal.
    terminal = session(SSH_TTY="/dev/pts/7", answer=KONSOLE_REPLIES)
    terminal.wait_for(lambda: "2025" in terminal.text())
    terminal.send("q", pause=1.5)
    assert terminal.finish() == 0
    raw = bytes(terminal.raw)
    assert raw.index(b"\x1b[>0q") < raw.index(b"\x1b]50;BidiRenderingEnabled=false\x07")
    assert raw.index(b"\x1b]50;BidiRenderingEnabled=false\x07") < raw.index(b"\x1b[?1049h")


def test_qari_list_on_a_terminal_writes_bdsm_around_reordered_lines(session, tmp_path):
    terminal = session("list", "--limit", "3")
    assert terminal.finish() == 0
    raw = bytes(terminal.raw).decode("utf-8", "replace")
    assert raw.index("\x1b[8l") < raw.index("\x1b[8h")
    listed = raw[raw.index("\x1b[8l") : raw.index("\x1b[8h")]
    store = default_store(tmp_path)
    from tui.search.query import Query

    newest = store.results(Query()).window(0, 1)[0]
    assert visual(" ".join(newest.title.split()[:2])) in listed
    assert not ARABIC_LETTERS.search(listed)  # shaped: presentation forms only
    store.close()


def test_qari_list_in_konsole_over_ssh_sends_isolated_logical_lines(session, tmp_path):
    # Konsole's BiDi comes back on when qari ends: output that stays is in terminal mode.
    terminal = session("list", "--limit", "3", SSH_TTY="/dev/pts/7", answer=KONSOLE_REPLIES)
    assert terminal.finish() == 0
    raw = bytes(terminal.raw).decode("utf-8", "replace")
    assert "\x1b[8l" not in raw and "\x1b]50;" not in raw
    store = default_store(tmp_path)
    from tui.search.query import Query

    newest = store.results(Query()).window(0, 1)[0]
    assert "\u2067" + " ".join(newest.title.split()[:2]) in raw
    store.close()
