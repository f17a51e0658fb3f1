"""Article content is untrusted text: markup shows literally and no control reaches the screen.

Every field of a few hostile articles (title, body, keywords, source, a «read also» title)
carries Rich/Textual markup, every C0 and C1 control, DEL, escape sequences (OSC title and
clipboard writes, CSI, DCS, bracketed-paste end) and the bidi embedding, override and isolate
controls. Each surface is checked as drawn: the app's screen through Textual's pilot, and the
bytes `qari` writes to a pseudo-terminal and to a pipe.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import Terminal, child_env, qari_command, screen_lines, screen_text
from textual.command import CommandList
from textual.pilot import Pilot

from tui.app.app import QariApp
from tui.app.widgets.side_lists import KeywordList, RelatedList
from tui.search.query import Query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.text.display import DisplayOptions

C0 = "".join(map(chr, range(0x20)))
C1 = "".join(map(chr, range(0x80, 0xA0)))
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = C0 + "\x7f" + C1 + BIDI
# Sequences a terminal would act on, each with a signature no honest output contains.
SEQUENCES = {
    "\x1b]0;pwned\x07": b"\x1b]0;",  # set the window title
    "\x1b]2;pwned\x1b\\": b"\x1b]2;",
    "\x1b]52;c;cHduZWQ=\x07": b"\x1b]52;",  # write the clipboard
    "\x1b]8;;https://e.vil\x1b\\here\x1b]8;;\x1b\\": b"\x1b]8;",  # a hyperlink
    "\x9d0;pwned\x9c": "\x9d".encode(),  # 8-bit OSC
    "\x9b2J": "\x9b".encode(),  # 8-bit CSI: clear the screen
    "\x1bP+q544e\x1b\\": b"\x1bP+q",  # DCS: ask the terminal for its name
    "\x1b[201~": b"\x1b[201~",  # end a bracketed paste
    "\x1b[6n": b"\x1b[6n",  # make the terminal type its cursor position
    "\x1bc": b"\x1bc",  # reset the terminal
}
HOSTILE = "".join(SEQUENCES) + CONTROLS
MARKUP = "[bold]x[/] [/] [@click=app.quit]boom[/] [link=https://e.vil]e[/link]"


def field(marker: str) -> str:
    """A field in an LTR paragraph, so its markup reads left to right on the screen too."""
    return f"{marker} {MARKUP} {HOSTILE} end"


RECORDS: list[dict[str, Any]] = [
    {
        "title": field("TITLEMARK"),
        "body": [field("BODYMARK"), "نص عربي عن الاقتصاد " + HOSTILE + " والسياحة"],
        "keywords": [field("KEYMARK"), "اقتصاد"],
        "source": field("SRCMARK"),
        "date": "2025-05-08",
        "url": "https://example.com/a\x1b]0;pwned\x07\n\x1b[201~rm -rf",
        "related": [{"title": field("RELMARK"), "body": ["مقال مرتبط عن الاقتصاد والسياحة"]}],
    },
    {
        "title": "عنوان " + MARKUP + HOSTILE + " خبر",
        "body": ["خبر " + MARKUP + HOSTILE + " عن الاقتصاد"],
        "keywords": ["اقتصاد", "سياحة " + MARKUP + HOSTILE],
        "source": "مصدر " + MARKUP + HOSTILE,
        "date": "2025-05-07",
    },
]
MARKERS = ("TITLEMARK", "BODYMARK", "KEYMARK", "SRCMARK", "RELMARK")
SIZE = (220, 50)


def bad_characters(text: str) -> set[str]:
    return {hex(ord(c)) for c in text if c in CONTROLS}


@pytest.fixture
def hostile_store(tmp_path: Path) -> Iterator[Store]:
    source = tmp_path / "hostile.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    store = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    summary = import_sources(store, [source])
    assert summary.imported == len(RECORDS) and not summary.rejected
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield store
    store.close()


def bad_on_screen(app: QariApp) -> set[str]:
    return bad_characters("".join(screen_lines(app)))


async def settle(pilot: Pilot, app: QariApp) -> None:
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await pilot.pause(0.1)


def hostile_id(store: Store) -> str:
    rows = store.results(Query()).window(0, 10)
    return next(r.id for r in rows if r.title.startswith("TITLEMARK"))


async def test_markup_in_every_field_shows_literally_and_commands_nothing(
    hostile_store: Store,
) -> None:
    app = QariApp(hostile_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.main.read_article(hostile_id(hostile_store))
        await settle(pilot, app)
        screen = screen_text(app)
        assert not bad_on_screen(app)
        # Every surface shows its field, brackets and all: the list and the reader (title),
        # the reader (body, source), the keywords pane, the related pane.
        for marker in MARKERS:
            assert f"{marker} [bold]x[/] [/] [@cli" in screen, marker
        assert f"BODYMARK {MARKUP}" in screen
        assert "[link=https://e.vil]e[/link]" in screen

        # Clicking where `[@click=app.quit]` is drawn, in every pane, quits nothing.
        lines = screen.split("\n")
        for y, line in enumerate(lines):
            x = line.find("@click")
            if x >= 0:
                await pilot.click(offset=(x + 2, y))
                await pilot.pause(0.05)
        await settle(pilot, app)
        assert app.is_running and app.return_code is None


async def test_no_control_character_reaches_the_screen_from_any_surface(
    hostile_store: Store,
) -> None:
    app = QariApp(hostile_store, DisplayOptions(), "ar")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        seen: list[str] = []
        side_rows = 0
        # Each hostile article in the reader, each of its keywords and related articles
        # selected in turn: every row is drawn as the cursor passes it.
        for _ in range(2):
            seen += screen_lines(app)
            await pilot.press("2", "end", "3", "down", "down", "4", "down", "down", "1", "down")
            await settle(pilot, app)
            seen += screen_lines(app)
            side_rows += app.query_one(KeywordList).row_count()
            side_rows *= app.query_one(RelatedList).row_count()
        assert not bad_characters("".join(seen))
        # The checks saw the hostile fields, not an empty screen.
        text = "\n".join(seen)
        for marker in MARKERS:
            assert marker in text, marker
        assert side_rows

        # Activating a hostile keyword filters by it; the search box shows it, clean.
        await pilot.press("1", "home")
        await settle(pilot, app)
        app.main.read_article(hostile_id(hostile_store))
        await settle(pilot, app)
        await pilot.press("3", "home", "enter")
        await settle(pilot, app)
        assert "#" in app.main.search_box.value and "KEYMARK" in app.main.search_box.value
        assert app.main.results is not None and app.main.results.count == 1
        assert not bad_on_screen(app)


async def test_the_command_palette_shows_hostile_titles_literally(hostile_store: Store) -> None:
    app = QariApp(hostile_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"titlemark")
        await pilot.pause(1.0)
        assert "TITLEMARK [bold]x[/] [/] [@click=app.quit]boom[/]" in screen_text(app)
        assert not bad_on_screen(app)
        # What a chosen hit puts in the palette's input is clean too.
        hits = [option.hit for option in app.screen.query_one(CommandList).options]
        assert any("TITLEMARK" in str(hit.text) for hit in hits)
        assert not bad_characters("".join(str(hit.text) for hit in hits))
        # Choosing the hit puts its title in the palette's input, then opens the article.
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert app.is_running and app.main.shown is not None
        assert app.main.shown.title.startswith("TITLEMARK")
        assert not bad_on_screen(app)


async def test_notifications_and_the_clipboard_carry_no_controls(hostile_store: Store) -> None:
    app = QariApp(hostile_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.main.read_article(hostile_id(hostile_store))
        await settle(pilot, app)
        for key in ("s", "u", "y"):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert not bad_on_screen(app)
        # What is pasted into a shell is typed into it: no escape sequence may ride along,
        # and the words are all there, in logical order.
        copied = app.clipboard
        assert not bad_characters(copied.replace("\n", ""))
        assert "TITLEMARK [bold]x[/]" in copied and "BODYMARK" in copied
        await pilot.press("Y")
        await pilot.pause(0.1)
        assert app.clipboard.startswith("https://example.com/a")
        assert not bad_characters(app.clipboard)
        assert not bad_on_screen(app)


async def test_terminal_bidi_mode_shows_markup_in_logical_order(hostile_store: Store) -> None:
    app = QariApp(hostile_store, DisplayOptions(bidi="terminal"), "ar")
    # Terminal mode wraps each Arabic line in an isolate of qari's own: those pairs, holding no
    # bidi control, are not content; anything else is.
    own_isolates = re.compile("\u2067([^\u202a-\u202e\u2066-\u2069]*)\u2069")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        for article_id in [r.id for r in hostile_store.results(Query()).window(0, 10)]:
            app.main.read_article(article_id)
            await settle(pilot, app)
            assert not bad_characters(own_isolates.sub(r"\1", "".join(screen_lines(app))))
            assert "[@click=app.quit]boom[/]" in screen_text(app)


@pytest.mark.parametrize("query", ["is:[/]", "after:[bold]", "is:[@click=app.quit]x"])
async def test_a_search_error_quoting_brackets_is_shown_not_parsed(
    hostile_store: Store, query: str
) -> None:
    app = QariApp(hostile_store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *query)
        await pilot.pause(0.4)
        assert app.is_running
        assert query.split(":")[1] in screen_text(app)


async def test_a_keyword_no_query_can_name_warns_instead_of_crashing(tmp_path: Path) -> None:
    source = tmp_path / "odd.jsonl"
    unsearchable = ['"قمة" «كبرى» “G20”', "\u200b"]
    record = {"title": "عنوان", "body": ["نص"], "keywords": [*unsearchable, "اقتصاد"]}
    source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    store = Store(tmp_path / "s.sqlite3", tmp_path / "t.sqlite3")
    import_sources(store, [source])
    app = QariApp(store, DisplayOptions(), "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        for index in range(len(unsearchable)):
            await pilot.press("3", "home", *["down"] * index, "enter")
            await settle(pilot, app)
            assert app.is_running
            assert "cannot be searched" in screen_text(app)
        # A search that does not parse, then a keyword: the keyword replaces it.
        await pilot.press("slash", *"is:x")
        await settle(pilot, app)
        assert app.main.search_box.value == "is:x" and app.main.query_error
        await pilot.press("tab", "3", "end")
        await settle(pilot, app)
        keywords = app.query_one(KeywordList)
        assert app.focused is keywords and keywords.cursor == len(unsearchable)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.search_box.value == "#اقتصاد"
        assert app.main.results is not None and app.main.results.count == 1
    store.close()


# The real command, in a pseudo-terminal and through a pipe.


# The only string sequence Textual writes: OSC 22, the mouse pointer's shape.
POINTER_SHAPE = re.compile(rb"\x1b\]22;[a-z-]*\x07")


def assert_inert(raw: bytes) -> None:
    """No injected sequence, no C1 or bidi control, and of the C0 controls only those a
    screen-drawing program sends itself (ESC, CR, LF, BS; BEL ends its OSC 22)."""
    raw = POINTER_SHAPE.sub(b"", raw)
    assert b"\x1b]" not in raw
    for signature in SEQUENCES.values():
        assert signature not in raw, signature
    assert b"pwned" not in raw
    text = raw.decode("utf-8", errors="replace")
    assert not bad_characters(text.translate({0x1B: None, 0x0D: None, 0x0A: None, 0x08: None}))


@pytest.fixture
def hostile_store_file(hostile_store: Store) -> Path:
    return hostile_store.path


def test_the_reader_in_a_real_terminal_writes_no_injected_sequence(
    hostile_store_file: Path, tmp_path: Path
) -> None:
    terminal = Terminal(["--store", str(hostile_store_file)], child_env(tmp_path), (200, 50))
    try:
        terminal.wait_for(lambda: "TITLEMARK" in terminal.text() or "ﻥﺍﻮﻨﻋ" in terminal.text())
        # Both articles in the reader, their keywords and related panes, the palette.
        for keys in ("\r", "3", "\x1b[B", "4", "\x1b[B", "1", "\x1b[B", "\r", "3", "4"):
            terminal.send(keys, pause=0.25)
        terminal.send("\x10", pause=0.4)  # ctrl+p
        terminal.send("titlemark", pause=0.1)
        terminal.wait_for(lambda: "titlemark" in terminal.text())
        terminal.send("\x1b", pause=0.1)
        terminal.wait_for(lambda: "TITLEMARK" in terminal.text() or "BODYMARK" in terminal.text())
        terminal.send("q", pause=0.5)
    finally:
        status = terminal.finish()
    assert status == 0
    assert terminal.screen.title != "pwned"
    assert_inert(bytes(terminal.raw))


def test_qari_list_on_a_terminal_writes_no_injected_sequence(
    hostile_store_file: Path, tmp_path: Path
) -> None:
    terminal = Terminal(
        ["list", "--store", str(hostile_store_file)], child_env(tmp_path), (160, 30)
    )
    assert terminal.finish() == 0
    raw = bytes(terminal.raw)
    assert b"TITLEMARK" in raw
    assert_inert(raw)
    assert terminal.screen.title != "pwned"


def test_qari_list_piped_is_clean_text_and_json_is_lossless_and_inert(
    hostile_store_file: Path, tmp_path: Path
) -> None:
    env = child_env(tmp_path)
    plain = subprocess.run(
        [qari_command(), "list", "--store", str(hostile_store_file)],
        capture_output=True,
        env=env,
        timeout=30,
        check=True,
    ).stdout
    assert plain.count(b"\n") == 3  # two articles and the «read also» one: one line each
    assert f"TITLEMARK {MARKUP}".encode() in plain
    assert_inert(plain.replace(b"\t", b" "))

    raw = subprocess.run(
        [qari_command(), "list", "--json", "--store", str(hostile_store_file)],
        capture_output=True,
        env=env,
        timeout=30,
        check=True,
    ).stdout
    # Bytes a terminal would act on: only the newlines of the layout are left.
    assert not bad_characters(raw.decode("utf-8").replace("\n", ""))
    listed = json.loads(raw)
    # The JSON is the data itself, every control kept, only written as \u escapes.
    by_title = {item["title"]: item for item in listed}
    first = by_title[RECORDS[0]["title"]]
    assert first["source"] == RECORDS[0]["source"]
    assert first["keywords"] == RECORDS[0]["keywords"]
    assert [r["title"] for r in first["related"]] == [RECORDS[0]["related"][0]["title"]]


def test_import_reports_a_hostile_file_name_on_one_clean_line(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    name = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202enews\nline.txt"
    (folder / name).write_bytes(b"")  # empty: rejected, so its name is reported
    (folder / "good.txt").write_text("عنوان\nنص الخبر\n", encoding="utf-8")
    done = subprocess.run(
        [qari_command(), "import", "--store", str(tmp_path / "s.sqlite3"), str(folder)],
        capture_output=True,
        env=child_env(tmp_path),
        timeout=30,
        check=False,
    )
    assert done.returncode == 1
    errors = done.stderr.decode("utf-8")
    assert errors.count("\n") == 1 and errors.startswith("rejected: ")
    assert "news line.txt: empty file" in errors
    assert not bad_characters(errors.replace("\n", ""))
