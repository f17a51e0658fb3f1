"""How qari scales: import, re-import, first paint, memory, search and paging, 1k to 1M.

    python benchmarks/bench_scale.py [--sizes 1000,100000] [--million] [--runs 5] [--keep DIR]

For each size it writes a corpus with tests/tools/make_corpus.py and measures, each in a
fresh child process so that one measurement cannot warm up the next (the operating system's
file cache stays warm: these are the figures of a store in use, not of a cold boot):

- import: `python -m tui import --store S corpus.jsonl`, wall time from launch to exit
  (interpreter start included), as articles per second, and the importer's peak RSS; at
  100,000 newsboat (when installed) stores the same items in the same run, as
  bench_import.py has it, for issue 12's goal of an import as fast as newsboat's;
- re-import: the same command again (the file is unchanged, so it is skipped), and again
  after touching the file (same bytes, new mtime: the file is hashed, then skipped);
- first paint: `python -m tui --store S` started in a pseudo-terminal, timed from launch to
  the end of the first frame that shows the newest article's row (the terminal answers
  Textual's synchronized-output query, so frames arrive whole, as a real terminal shows them);
- paging: in the same terminal, PageDown x50, End, Home; for each key the time until its
  first frame is complete, and until the screen is quiet (side panes filled);
- reader peak RSS: VmHWM of that process after paging and a search typed into it;
- search: a child process drives the app with Textual's pilot (`App.run_test`), types a
  query key by key and times from the last keystroke to the first frame that shows the new
  results; "excluding debounce" starts the clock when the 100 ms debounce fires.

Runs of the reader alternate between 1k and 100k, so the load of a shared machine falls on
both alike; a 1M store is built and measured after them. Prints a Markdown table and the
goals of issue 12 with the measured ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import fcntl
import json
import math
import os
import select
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any, NamedTuple

import bench_import

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
COLUMNS, LINES = 120, 40
SYNC_QUERY = "\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_END = "\x1b[?2026l"
PAGE_DOWN, END, HOME = b"\x1b[6~", b"\x1b[F", b"\x1b[H"
QUIET = 0.3  # seconds without a frame: the screen has settled
GOAL_SIZE = 100_000  # measured alternately with the smallest; bigger sizes alone
# From very common to rare, as a reader might type them.
SEARCHES = (
    "الحكومة",
    "الطاقة الشمسية",
    '"البنك المركزي"',
    "#الاقتصاد",
    "هالة الكبيسي",
    "source:الشروق",
    "الصحة after:2025-01-01",
    "-الحكومة",
    "is:unread",
)
PTY_SEARCH = "الحكومة"


def child_env(home: Path) -> dict[str, str]:
    """The environment of every child: its own XDG dirs, a plain xterm, this checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KONSOLE", "MLTERM", "TERM_PROGRAM", "TEXTUAL"))
    }
    env.update(
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG="C.UTF-8",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch to exit, and the child's peak RSS in MB."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, argv)
    return seconds, usage.ru_maxrss / 1024


# The reader in a pseudo-terminal


class Terminal:
    """`python -m tui` on a pseudo-terminal; output is collected as whole frames."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
        )
        os.close(slave)
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.pending = ""
        self.carry = ""
        self.synced = False  # until Textual wraps frames in synchronized-output marks

    def read(self, timeout: float) -> list[tuple[float, str]]:
        """Frames completed within `timeout` seconds, each with the time it ended."""
        frames: list[tuple[float, str]] = []
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return frames
        try:
            data = os.read(self.master, 1 << 20)
        except OSError:
            return frames
        now = time.perf_counter()
        text = self.decoder.decode(data)
        if SYNC_QUERY in self.carry + text:
            os.write(self.master, SYNC_REPLY)
        self.carry = (self.carry + text)[-len(SYNC_QUERY) :]
        self.pending += text
        if SYNC_END in self.pending:
            self.synced = True
            *done, self.pending = self.pending.split(SYNC_END)
            frames += [(now, frame) for frame in done]
        elif not self.synced:
            frames.append((now, self.pending))
            self.pending = ""
        return frames

    def wait_for(self, text: str, timeout: float = 60) -> float:
        """The time the first frame holding `text` was complete."""
        deadline = time.perf_counter() + timeout
        tail = ""  # before frames are synchronized, `text` may straddle two reads
        while (left := deadline - time.perf_counter()) > 0:
            for when, frame in self.read(left):
                if text in tail + frame:
                    return when
                tail = frame[-len(text) :]
        raise TimeoutError(f"no frame showed {text!r} within {timeout} s")

    def settle(self, timeout: float = 30) -> float | None:
        """Read until no frame comes for QUIET seconds; the time the last frame ended."""
        last = None
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            frames = self.read(QUIET)
            if not frames:
                return last
            last = frames[-1][0]
        return last

    def key(self, key: bytes) -> tuple[float, float]:
        """Press a key: seconds until its first frame, and until the screen settles."""
        self.settle()
        sent = time.perf_counter()
        os.write(self.master, key)
        first = None
        deadline = sent + 30
        while first is None and time.perf_counter() < deadline:
            frames = self.read(deadline - time.perf_counter())
            if frames:
                first = frames[0][0]
        assert first is not None, "the app did not answer a key"
        last = self.settle() or first
        return first - sent, last - sent

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


class Session(NamedTuple):
    first_paint: float
    frame_worst: float
    settle_worst: float
    peak_rss_mb: float


def reader_session(store: Path, home: Path, newest: str) -> Session:
    """Launch the reader, page through the list, search, and quit."""
    argv = [PYTHON, "-m", "tui", "--store", str(store), "--bidi", "app"]
    terminal = Terminal(argv, child_env(home))
    try:
        first_paint = terminal.wait_for(newest) - terminal.started
        keys = [PAGE_DOWN] * 50 + [END, HOME]
        timings = [terminal.key(k) for k in keys]
        terminal.key(b"/")
        for character in PTY_SEARCH:
            os.write(terminal.master, character.encode())
            time.sleep(0.05)
        terminal.settle()
        rss = terminal.peak_rss_mb()
    finally:
        terminal.close()
    return Session(first_paint, max(t[0] for t in timings), max(t[1] for t in timings), rss)


# Search, driven by Textual's pilot in a child process


def search_child(store_path: str, state_path: str, queries: list[str]) -> None:
    """Print, as JSON, each query's latency with and without the debounce (seconds)."""
    from tui.app.app import QariApp
    from tui.search.query import QueryError, parse_query
    from tui.store.db import Store
    from tui.text.display import DisplayOptions

    store = Store(Path(store_path), Path(state_path))
    app = QariApp(store, DisplayOptions(), "ar")
    # Times for the query being measured only: a pause in typing may run a partial query.
    wanted: list[object] = [None]
    stamps: dict[str, float] = {}
    run_search, show_results = app.main.search, app.main._show_results

    def timed_run_search(text: str, *, focus_list: bool = False) -> None:
        try:
            if parse_query(text, typing=True) == wanted[0]:
                stamps["debounced"] = time.perf_counter()
        except QueryError:
            pass
        run_search(text, focus_list=focus_list)

    def timed_show_results(results, index, focus_list):  # type: ignore[no-untyped-def]
        # The first window of results: the reader shows it before it has counted them all.
        show_results(results, index, focus_list)
        if results.query == wanted[0]:
            stamps["shown"] = time.perf_counter()

    def painted() -> None:
        if "shown" in stamps and "painted" not in stamps:
            stamps["painted"] = time.perf_counter()

    app.main.search = timed_run_search  # type: ignore[method-assign]
    app.main._show_results = timed_show_results  # type: ignore[method-assign]
    app.post_display_hook = painted  # type: ignore[method-assign]

    async def until(condition, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("the app did not show the results")
            await asyncio.sleep(0.002)

    async def drive() -> list[dict[str, Any]]:
        measured = []
        async with app.run_test(size=(COLUMNS, LINES)) as pilot:
            await until(lambda: app.main.results is not None)
            await pilot.press("slash")
            for query in queries:
                await pilot.press("ctrl+u")
                await until(
                    lambda: app.main.results is not None and app.main.results.query.is_empty
                )
                await pilot.pause(0.3)
                wanted[0] = parse_query(query, typing=True)
                for character in query[:-1]:
                    await pilot.press(character)
                # Timed from the last key: what a partial query showed before does not count.
                stamps.clear()
                typed = time.perf_counter()
                await pilot.press(query[-1])
                await until(lambda: "painted" in stamps)
                measured.append(
                    {
                        "query": query,
                        "count": app.main.results.count if app.main.results else 0,
                        "total": stamps["painted"] - typed,
                        "excluding_debounce": stamps["painted"] - stamps["debounced"],
                    }
                )
        return measured

    print(json.dumps(asyncio.run(drive()), ensure_ascii=False))
    store.close()


def search_latencies(store: Path, home: Path, runs: int) -> list[dict[str, Any]]:
    """Each query's median latency over `runs` child processes."""
    argv = [
        PYTHON,
        __file__,
        "--search-child",
        str(store),
        str(home / "search-state.sqlite3"),
        json.dumps(SEARCHES),
    ]
    measured = []
    for _ in range(runs):
        done = subprocess.run(
            argv, env=child_env(home), cwd=ROOT, check=True, capture_output=True, text=True
        )
        measured.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return [
        {
            **each[0],
            **{key: median([run[key] for run in each]) for key in ("total", "excluding_debounce")},
        }
        for each in zip(*measured)
    ]


# The whole benchmark


class Built(NamedTuple):
    store: Path
    home: Path
    corpus_mb: float
    import_seconds: float
    import_rss_mb: float
    reimport_seconds: float
    touched_seconds: float


class Figures(NamedTuple):
    size: int
    import_rate: float
    import_seconds: float
    import_rss_mb: float
    reimport_seconds: float
    touched_seconds: float
    first_paint: float
    frame_worst: float
    settle_worst: float
    peak_rss_mb: float
    search: list[dict[str, Any]]
    store_mb: float
    corpus_mb: float
    # newsboat storing the same items, in the same run (seconds, peak RSS, CPU, items)
    newsboat: tuple[float, float, float, int] | None = None


def newest_date(store: Path) -> str:
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        return db.execute(
            "SELECT date FROM articles ORDER BY sort_date DESC, rowid DESC LIMIT 1"
        ).fetchone()[0]
    finally:
        db.close()


def build(size: int, work: Path, reuse: bool) -> Built:
    """Write the corpus and import it, then import it again unchanged and touched."""
    home = work / f"home-{size}"
    home.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{size}.jsonl"
    store = work / f"store-{size}.sqlite3"
    if reuse and store.exists():
        corpus_mb = corpus.stat().st_size / 2**20 if corpus.exists() else math.nan
        return Built(store, home, corpus_mb, math.nan, math.nan, math.nan, math.nan)
    if not corpus.exists():
        # The same size always gives the same corpus: one written whole is used again.
        print(f"[{size:,}] writing the corpus …", file=sys.stderr, flush=True)
        partial = corpus.with_suffix(".partial")
        subprocess.run(
            [PYTHON, str(ROOT / "tests/tools/make_corpus.py"), str(size), "--out", str(partial)],
            check=True,
        )
        partial.rename(corpus)
    for stale in (
        store,
        store.with_name(store.name + "-wal"),
        store.with_name(store.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = child_env(home)
    command = [PYTHON, "-m", "tui", "import", "--store", str(store), str(corpus)]
    print(f"[{size:,}] importing …", file=sys.stderr, flush=True)
    first, rss = run_timed(command, env)
    again, _ = run_timed(command, env)
    os.utime(corpus)
    touched, _ = run_timed(command, env)
    return Built(store, home, corpus.stat().st_size / 2**20, first, rss, again, touched)


def median(values: list[float]) -> float:
    return statistics.median(values)


def run(sizes: list[int], runs: int, work: Path, reuse: bool) -> list[Figures]:
    """Build and measure the sizes the goals compare, alternating between them so that the
    load of a shared machine falls on each alike; then any bigger size, on its own, as its
    files would push the smaller stores out of the file cache."""
    compared = [size for size in sizes if size <= GOAL_SIZE]
    bigger = [size for size in sizes if size > GOAL_SIZE]
    return [
        figure
        for group in (compared, bigger)
        if group
        for figure in measure(group, runs, work, reuse)
    ]


def measure(sizes: list[int], runs: int, work: Path, reuse: bool) -> list[Figures]:
    built = {size: build(size, work, reuse) for size in sizes}
    newsboat = None
    if GOAL_SIZE in built and not reuse and shutil.which("newsboat"):
        # Issue 12's import goal is newsboat's time for the same items, side by side.
        newsboat = bench_import.run_newsboat(work / f"corpus-{GOAL_SIZE}.jsonl", work)
    sessions: dict[int, list[Session]] = {size: [] for size in sizes}
    for number in range(runs):
        for size in sizes:
            b = built[size]
            print(f"[{size:,}] reader run {number + 1}/{runs} …", file=sys.stderr, flush=True)
            sessions[size].append(reader_session(b.store, b.home, newest_date(b.store)))
    figures = []
    for size in sizes:
        b = built[size]
        print(f"[{size:,}] searching …", file=sys.stderr, flush=True)
        search = search_latencies(b.store, b.home, runs)
        done = sessions[size]
        figures.append(
            Figures(
                size,
                size / b.import_seconds,
                b.import_seconds,
                b.import_rss_mb,
                b.reimport_seconds,
                b.touched_seconds,
                median([s.first_paint for s in done]),
                max(s.frame_worst for s in done),
                max(s.settle_worst for s in done),
                median([s.peak_rss_mb for s in done]),
                search,
                b.store.stat().st_size / 2**20,
                b.corpus_mb,
                newsboat if size == GOAL_SIZE else None,
            )
        )
    return figures


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def report(figures: list[Figures], runs: int) -> str:
    load = os.getloadavg()[0]
    caption = (
        f"qari scale benchmark: {os.cpu_count()} cores, load average {load:.1f} at the end, "
        f"{COLUMNS}x{LINES} terminal. First paint and reader RSS: medians of {runs} launches; "
        f"search: each query's median of {runs} runs; paging: the worst of all runs."
    )
    header = (
        "| articles | store MB (JSONL MB) | import articles/s | import s (peak RSS MB) "
        "| re-import s (touched s) | first paint ms | reader peak RSS MB "
        "| search ms, worst (excl. debounce) | paging worst frame ms (settled) |"
    )
    lines = [caption, "", header, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in figures:
        worst = max(f.search, key=lambda s: s["total"])
        worst_excl = max(s["excluding_debounce"] for s in f.search)
        lines.append(
            f"| {f.size:,} | {f.store_mb:,.0f} ({f.corpus_mb:,.0f}) | {f.import_rate:,.0f} "
            f"| {f.import_seconds:.1f} ({f.import_rss_mb:.0f}) "
            f"| {f.reimport_seconds:.2f} ({f.touched_seconds:.2f}) | {ms(f.first_paint)} "
            f"| {f.peak_rss_mb:.0f} | {ms(worst['total'])} ({ms(worst_excl)}) "
            f"| {ms(f.frame_worst)} ({ms(f.settle_worst)}) |"
        )
    lines += [
        "",
        "Search latency, keystroke to painted list, ms (excluding the 100 ms debounce):",
        "",
        "| query | " + " | ".join(f"{f.size:,}" for f in figures) + " |",
        "|---|" + "---:|" * len(figures),
    ]
    for index, query in enumerate(SEARCHES):
        cells = [
            f"{ms(f.search[index]['total'])} ({ms(f.search[index]['excluding_debounce'])}) "
            f"· {f.search[index]['count']:,} hits"
            for f in figures
        ]
        lines.append(f"| `{query}` | " + " | ".join(cells) + " |")
    small = figures[0]
    big = figures[-1]  # the million when it was built
    lines += ["", f"Goals of issue 12 ({big.size:,} against {small.size:,}):"]
    goals = [
        (
            f"first paint {big.first_paint / small.first_paint:.2f}x",
            "≤ 1.2x",
            big.first_paint <= 1.2 * small.first_paint,
        ),
        (
            f"reader peak RSS {big.peak_rss_mb / small.peak_rss_mb:.2f}x",
            "≤ 1.3x",
            big.peak_rss_mb <= 1.3 * small.peak_rss_mb,
        ),
        (
            f"worst search to first window painted {ms(max(s['total'] for s in big.search))} ms",
            "≤ 300 ms",
            max(s["total"] for s in big.search) <= 0.3,
        ),
        (f"import {big.import_rate:,.0f} articles/s", "≥ 2,000/s", big.import_rate >= 2000),
        (
            f"re-import of the unchanged file {big.reimport_seconds:.2f} s",
            "< 1 s",
            big.reimport_seconds < 1,
        ),
        (
            f"store {big.store_mb / big.corpus_mb:.2f}x the JSONL",
            "≤ 1x",
            big.store_mb <= big.corpus_mb,
        ),
    ]
    hundred = next((f for f in figures if f.size == GOAL_SIZE), None)
    if hundred is not None and not math.isnan(hundred.import_rate):
        goals.append(
            (
                f"import at 100k {hundred.import_rate:,.0f} articles/s",
                *bench_import.import_goal(
                    hundred.import_rate, hundred.import_seconds, hundred.newsboat, hundred.size
                ),
            )
        )
    lines += [f"- {what} (goal {goal}): {'met' if ok else 'NOT met'}" for what, goal, ok in goals]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,100000", help="store sizes, smallest first (default: 1000,100000)"
    )
    parser.add_argument(
        "--million",
        action="store_true",
        help="add a 1,000,000-article store when the disk has room (~15 GB)",
    )
    parser.add_argument("--runs", type=int, default=5, help="reader launches per size")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: use the stores already there, skip the import",
    )
    parser.add_argument("--search-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search_child:
        store, state, queries = args.search_child
        search_child(store, state, json.loads(queries))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="qari-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.million:
        if shutil.disk_usage(work).free > 15 * 2**30:
            sizes.append(1_000_000)
        else:
            print("not enough free disk for 1,000,000 articles; skipped", file=sys.stderr)
    try:
        print(report(run(sizes, args.runs, work, args.reuse), args.runs))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
