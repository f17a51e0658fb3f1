"""Big inputs: a 20 MB article and a JSON Lines file of a million lines.

    python benchmarks/bench_large_inputs.py [--article-mb 20] [--lines 1000000] [--keep DIR]

Each measurement runs in a fresh child process and prints a Markdown table:

- import of a 20 MB scraped page (one paragraph per line, and all of it one paragraph):
  wall time and peak resident memory (VmHWM) of `qari import`;
- the reader on that article (Textual headless, 120x40): time from opening it to the first
  screen showing its text, how many display lines exist then, the slowest PageDown while
  the rest is wrapped in the background, time until every line is made, and memory;
- import of a million JSON Lines (short articles; a tenth of the lines broken): wall time,
  lines per second, resident memory sampled every half second (it should stay flat), peak,
  and the store's size; then the same file again (unchanged, so skipped).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
    "(قنا)",
    "«عاجل»",
    "٤٥",
]


def write_page(path: Path, megabytes: int, one_paragraph: bool) -> None:
    rng = random.Random(20)
    target = megabytes << 20
    with path.open("w", encoding="utf-8") as out:
        out.write("مقال طويل جدا عن الاقتصاد\nتاريخ النشر: 8th, May 2025 GMT\n")
        written = 0
        while written < target:
            paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
            out.write(paragraph + (" " if one_paragraph else ".\n"))
            written += len(paragraph.encode()) + 1
        out.write("\nالمصدر: الأسبوع\nكلمات دلالية: الاقتصاد المصري قطاع السياحة\n")


def write_lines(path: Path, lines: int) -> None:
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            if n % 10 == 9:
                out.write('{"title": "سطر مكسور", "body": [\n')
                continue
            record = {
                "title": f"خبر رقم {n} عن {rng.choice(WORDS)}",
                "body": [" ".join(rng.choice(WORDS) for _ in range(12))],
                "date": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "keywords": [rng.choice(WORDS), rng.choice(WORDS)],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


# A child that imports while a thread samples its own resident memory.
IMPORT = """
import json, sys, threading, time
from tui.cli import main

samples = []
def rss():
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS:", "VmHWM:")):
            yield line.split()[0], int(line.split()[1]) * 1024

def sample():
    while True:
        samples.append(dict(rss())["VmRSS:"])
        time.sleep(0.5)

threading.Thread(target=sample, daemon=True).start()
began = time.perf_counter()
status = main(["import", "--store", sys.argv[1], sys.argv[2]])
elapsed = time.perf_counter() - began
print(json.dumps({"status": status, "seconds": elapsed, "samples": samples,
                  "peak": dict(rss())["VmHWM:"]}))
"""

READER = """
import asyncio, json, sys, time
from pathlib import Path
from textual import events
from tui.app.app import QariApp
from tui.app.widgets.reader import ReaderView
from tui.store.db import Store
from tui.text.display import DisplayOptions, visual

def memory(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

store = Store(Path(sys.argv[1]), Path(sys.argv[2]))
article_id = store.rows("SELECT id FROM articles ORDER BY length(coalesce(body_z, body)) DESC LIMIT 1")[0][0]
result = {}

async def run():
    app = QariApp(store, DisplayOptions(), "ar")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        text = lambda: "\\n".join(s.text for s in app.screen._compositor.render_strips())
        word = visual("الاقتصاد")
        began = time.perf_counter()
        app.main.read_article(article_id)
        while text().count(word) < 3:
            await asyncio.sleep(0.002)
        result["first screen"] = time.perf_counter() - began
        reader = app.main.query_one(ReaderView)
        result["lines then"] = reader.virtual_size.height
        result["rss at first screen"] = memory("VmRSS:")
        slowest = 0.0
        for _ in range(20):
            top = reader.scroll_offset.y
            pressed = time.perf_counter()
            app.post_message(events.Key("pagedown", None))
            while reader.scroll_offset.y == top:
                await asyncio.sleep(0.002)
            slowest = max(slowest, time.perf_counter() - pressed)
        result["slowest pagedown"] = slowest
        while not reader.complete:
            await asyncio.sleep(0.05)
        result["all lines made"] = time.perf_counter() - began
        result["lines"] = reader.virtual_size.height
        result["rss when complete"] = memory("VmRSS:")
        result["peak"] = memory("VmHWM:")

asyncio.run(run())
print(json.dumps(result))
"""


def child(script: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def mb(size: float) -> str:
    return f"{size / 2**20:,.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--article-mb", type=int, default=20)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="qari-large-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"## A {args.article_mb} MB article\n")
        print(
            "| shape | import | import peak RSS | first screen | lines then | slowest "
            "PageDown | all lines made | lines | RSS first screen / complete / peak |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for shape, one in (("paragraphs", False), ("one paragraph", True)):
            page = folder / f"article-{shape.replace(' ', '-')}.txt"
            write_page(page, args.article_mb, one)
            store, state = folder / f"{page.stem}.sqlite3", folder / f"{page.stem}-state.sqlite3"
            for leftover in folder.glob(f"{page.stem}*.sqlite3*"):
                leftover.unlink()
            imported = child(IMPORT, str(store), str(page))
            reader = child(READER, str(store), str(state))
            print(
                f"| {shape} ({mb(page.stat().st_size)}) | {imported['seconds']:.1f} s | "
                f"{mb(imported['peak'])} | {reader['first screen']:.2f} s | "
                f"{reader['lines then']:,} | {reader['slowest pagedown']:.2f} s | "
                f"{reader['all lines made']:.0f} s | {reader['lines']:,} | "
                f"{mb(reader['rss at first screen'])} / {mb(reader['rss when complete'])} / "
                f"{mb(reader['peak'])} |"
            )

        lines = folder / "million.jsonl"
        write_lines(lines, args.lines)
        store = folder / "million.sqlite3"
        for leftover in folder.glob("million.sqlite3*"):
            leftover.unlink()
        print(
            f"\n## {args.lines:,} JSON Lines ({mb(lines.stat().st_size)}, one line in ten broken)\n"
        )
        first = child(IMPORT, str(store), str(lines))
        again = child(IMPORT, str(store), str(lines))
        samples = first["samples"]
        steady = samples[len(samples) // 10 :] or samples
        print(
            "| run | time | lines/s | RSS over the run (10th pct → max, after warm-up) | "
            "peak RSS | store |"
        )
        print("|---|---|---|---|---|---|")
        for name, run in (("first import", first), ("again, unchanged", again)):
            ordered = sorted(run["samples"][len(run["samples"]) // 10 :] or [run["peak"]])
            low = ordered[len(ordered) // 10]
            print(
                f"| {name} | {run['seconds']:.1f} s | {args.lines / run['seconds']:,.0f} | "
                f"{mb(low)} → {mb(ordered[-1])} | {mb(run['peak'])} | "
                f"{mb(store.stat().st_size)} |"
            )
        print(
            f"\nRSS samples every 0.5 s during the first import: {len(samples)}; "
            f"first {mb(samples[0]) if samples else '-'}, "
            f"at a quarter {mb(steady[len(steady) // 4])}, at half "
            f"{mb(steady[len(steady) // 2])}, last {mb(samples[-1])}"
        )
        print(
            textwrap.dedent(f"""
            exit status of the first import: {first["status"]} (1: lines were rejected)""")
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
