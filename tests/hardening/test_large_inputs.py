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
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Size

from tui.app.app import QariBase, make_app
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


def screen_text(app: QariBase) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.parametrize("shape", ["one paragraph", "many paragraphs"])
async def test_a_5mb_article_shows_its_first_screen_before_all_its_lines_are_made(
    big_store: tuple[Store, dict[str, str]], shape: str
) -> None:
    store, ids = big_store
    app = make_app(store, DisplayOptions(), "en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        body_words = visual("الاقتصاد")
        assert body_words not in screen_text(app)
        began = time.perf_counter()
        app.open_article(ids[shape])
        while screen_text(app).count(body_words) < 3 and time.perf_counter() - began < 60:
            await asyncio.sleep(0.01)
        first_screen = time.perf_counter() - began
        reader = app.reader
        assert app.shown is not None and app.shown.id == ids[shape]
        assert not reader.complete
        # The whole article would be some 80,000 lines at this width.
        assert reader.virtual_size.height < 20_000
        # Generous for a loaded machine; making every line first takes about half a minute.
        assert first_screen < 3, first_screen
        # While the rest is made, keys are answered: PageDown scrolls in a fraction of a
        # second, and never waits long (a loaded machine, a garbage collection).
        # Timed by hand: the pilot's own press waits for an idle CPU, which this is not.
        waits = []
        for _ in range(7):
            top = reader.scroll_offset.y
            began = time.perf_counter()
            app.post_message(events.Key("pagedown", None))
            while reader.scroll_offset.y == top and time.perf_counter() - began < 10:
                await asyncio.sleep(0.005)
            waits.append(time.perf_counter() - began)
        assert sorted(waits)[3] < 0.5 and max(waits) < 3, waits
        assert app.is_running and not reader.complete


async def test_a_2mb_title_is_cut_before_it_is_shaped(
    big_store: tuple[Store, dict[str, str]],
) -> None:
    """The newest article, so the first screen shows it: in the list and the reader; then
    the screen is resized, so every row is drawn again at new widths."""
    store, ids = big_store
    app = make_app(store, DisplayOptions(), "en")
    began = time.perf_counter()
    async with app.run_test(size=(120, 40)):
        while app.shown is None or "…" not in screen_text(app):
            await asyncio.sleep(0.01)
            assert time.perf_counter() - began < 60
        assert app.shown.id == ids["huge title"]
        assert time.perf_counter() - began < 3
        began = time.perf_counter()
        for width in (100, 130, 90):
            # As the pilot resizes, without its wait for an idle CPU (see above).
            app._driver._size = Size(width, 40)  # type: ignore[union-attr]
            app.post_message(events.Resize(Size(width, 40), Size(width, 40)))
            while len(screen_text(app).split("\n")[0]) != width:
                await asyncio.sleep(0.01)
                assert time.perf_counter() - began < 60
        assert time.perf_counter() - began < 3
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
