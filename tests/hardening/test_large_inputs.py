"""Big inputs stay cheap: a 5 MB article opens at once (its lines are made as they are
needed), a huge title is cut before it is shaped, and a JSON Lines import streams.

benchmarks/bench_large_inputs.py measures the full sizes: a 20 MB article, a million lines.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import screen_text
from textual import events

from tui.app.app import QariApp
from tui.app.widgets.reader import ReaderView
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.text.display import DisplayOptions, visual

WORDS = [
    "الاقتصاد",
    "المصري",
    "يشهد",
    "نموا",
    "ملحوظا",
    "في",
    "قطاع",
    "السياحة",
    "خلال",
    "العام",
    "الماضي",
    "وفقا",
    "لتقرير",
    "صادر",
    "عن",
    "البنك",
    "المركزي",
    "Apple",
    "2024",
    "والتنمية",
    "المستدامة",
]
MEGABYTE = 1 << 20


def words(rng: random.Random, size: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(size // 7))


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, str]]]:
    """Three articles: 5 MB in one paragraph, 5 MB in many, and one with a 2 MB title."""
    folder = tmp_path_factory.mktemp("big")
    rng = random.Random(5)
    records = {
        "one paragraph": {"title": "مقال من فقرة واحدة", "body": [words(rng, 5 * MEGABYTE)]},
        "many paragraphs": {
            "title": "مقال من فقرات كثيرة",
            "body": [words(rng, 400) for _ in range(5 * MEGABYTE // 400)],
        },
        "huge title": {
            "title": " ".join(["عنوان Apple 2024 طويل"] * (MEGABYTE // 16)),
            "body": ["نص قصير"],
        },
    }
    source = folder / "big.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values()),
        encoding="utf-8",
    )
    store = Store(folder / "store.sqlite3", folder / "state.sqlite3")
    assert import_sources(store, [source]).imported == 3
    ids = {
        shape: store.rows("SELECT id FROM articles WHERE title = ?", (record["title"],))[0][0]
        for shape, record in records.items()
    }
    yield store, ids
    store.close()


async def wait_for(condition: Callable[[], bool], timeout: float = 120) -> None:
    """Wait for a condition, not a time; `timeout` only turns a hang into a failure."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("shape", ["one paragraph", "many paragraphs"])
async def test_a_5mb_article_shows_its_first_screen_before_all_its_lines_are_made(
    big_store: tuple[Store, dict[str, str]], shape: str
) -> None:
    """How fast is measured by benchmarks/bench_large_inputs.py; this checks the order."""
    store, ids = big_store
    app = QariApp(store, DisplayOptions(), "en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        body_words = visual("الاقتصاد")
        assert body_words not in screen_text(app)
        app.main.read_article(ids[shape])
        await wait_for(lambda: screen_text(app).count(body_words) >= 3)
        reader = app.main.query_one(ReaderView)
        assert app.main.shown is not None and app.main.shown.id == ids[shape]
        assert not reader.complete
        # The whole article would be some 80,000 lines at this width.
        assert reader.virtual_size.height < 20_000
        # While the rest is made, keys are answered. Posted, not pressed: the pilot's own
        # press waits for an idle moment, which this is not.
        for _ in range(7):
            # The target moves when the key is handled; the offset may still be moving
            # from the key before.
            target = reader.scroll_target_y
            app.post_message(events.Key("pagedown", None))
            await wait_for(lambda target=target: reader.scroll_target_y != target)
        await wait_for(lambda: reader.scroll_offset.y == reader.scroll_target_y)
        assert app.is_running and not reader.complete


async def test_a_2mb_title_is_cut_before_it_is_shaped(
    big_store: tuple[Store, dict[str, str]],
) -> None:
    """The newest article, so the first screen shows it: in the list and the reader; then
    the screen is resized, so every row is drawn again at new widths."""
    store, ids = big_store
    app = QariApp(store, DisplayOptions(), "en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: app.main.shown is not None and "…" in screen_text(app))
        assert app.main.shown is not None and app.main.shown.id == ids["huge title"]
        for width in (100, 130, 90):
            await pilot.resize_terminal(width, 40)
            await wait_for(lambda width=width: "…" in screen_text(app) and app.size.width == width)
        assert app.is_running


# Memory while importing JSON Lines, measured in a child process (peak resident set).

MEASURE = """
import sys
from tui.cli import main
main(["import", "--store", sys.argv[1], sys.argv[2]])
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]) * 1024)
"""


def peak_import_memory(store: Path, source: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(store), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def write_padded_lines(path: Path, lines: int, padding: int) -> Path:
    """JSON Lines whose records carry a big field the importer does not keep: the file is
    big, the store stays small, so only reading the file can make memory grow."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            record = {"title": f"عنوان {n}", "body": [f"نص الخبر {n}"], "raw": "x" * padding}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc for the peak")
def test_a_json_lines_import_streams_the_file(tmp_path: Path) -> None:
    small = write_padded_lines(tmp_path / "small.jsonl", 20, 200_000)
    large = write_padded_lines(tmp_path / "large.jsonl", 400, 200_000)
    assert large.stat().st_size > 75 * MEGABYTE
    small_peak = peak_import_memory(tmp_path / "a.sqlite3", small)
    large_peak = peak_import_memory(tmp_path / "b.sqlite3", large)
    # Twenty times the file, the same memory give or take the store's page cache; holding
    # the file, or its records, would cost more than the file's 80 MB.
    assert large_peak - small_peak < 40 * MEGABYTE, (small_peak, large_peak)
