"""How fast qari opens, next to a bare Textual app: the floor Textual itself sets.

    python benchmarks/bench_startup.py [--runs 11] [--sizes 1000,100000] [--million]
                                       [--store-dir DIR] [--breakdown] [--instructions]

Each program is started in a pseudo-terminal of 120x40 and timed from launch until the end
of the first frame that shows a known text (the terminal answers Textual's synchronized-output
query, so frames arrive whole, as a real terminal shows them):

- bare: a Textual app with one Static widget showing a Latin word, started by the same Python;
- qari: the installed `qari --store S --bidi app`, until the newest article's row is drawn
  (its date, which the list draws in ASCII digits: the title is on screen in presentation
  forms and in visual order, so it is no good to look for).

qari's modules are compiled first, as `pip install .` leaves them (an editable install under
PYTHONDONTWRITEBYTECODE would otherwise compile them from source at every start). qari keeps
the stylesheet Textual parses in the user's cache dir (here each store's home): the first
start in a fresh home parses it and writes it, as the first start after an install does; the
paired rounds include that start, and --instructions counts after them.

Runs are paired: every round starts the bare app and then qari on each store, so the load of
a shared machine falls on all alike. Printed: medians, the spread (min-max and the
interquartile range), and qari's ratio to the bare app per store size (the median of each
round's ratio), next to the goal of issue 15 (at most 1.3x).

Stores are generated (tests/tools/make_corpus.py) and imported once by the helpers of
bench_scale.py, under --store-dir (default: a folder in the temporary dir, kept so the next
run reuses them; a million-article store takes hours to import on a small machine).

--breakdown also starts qari, instrumented, in the same kind of terminal and prints where
its time goes: interpreter start, imports (by package, from `-X importtime`), opening the
store, Textual applying the stylesheet, composing and the first frames, drawing the list's
and the reader's lines, and shaping.

--instructions also counts the instructions each start runs until its first frame (the bare
app's, and qari's on each store), under valgrind's callgrind, once each (about half a minute
a start): unlike times, the count does not move with the load of a shared machine (repeated
runs agree within 0.1%), so it can tell a change of a few milliseconds where paired wall
times cannot. It is a proxy: a start also waits for the disk and the kernel, which it does
not count, and bare's count includes its garbage collections, which qari turns off while it
starts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import COLUMNS, LINES, PYTHON, Terminal, build, child_env, newest_date

GOAL = 1.3
# Started for --breakdown: its own file, so that nothing it imports is loaded before qari.
# What qari asks a terminal (XTVERSION, secondary and primary DA), and xterm 390's answers.
IDENTITY_QUERIES = "\x1b[>0q\x1b[>c\x1b[c"
XTERM_REPLIES = b"\x1bP>|XTerm(390)\x1b\\\x1b[>41;390;0c\x1b[?64;1;2;6;9;15;18;21;22c"
CHILD = Path(__file__).with_name("startup_child.py")
BARE_WORD = "floorword"
BARE_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static({BARE_WORD!r})


Bare().run()
"""


def qari_command() -> list[str]:
    """The `qari` installed beside this Python (the command a user runs)."""
    installed = Path(PYTHON).with_name("qari")
    if not installed.exists():
        found = shutil.which("qari")
        if found is None:
            raise SystemExit("no installed `qari` command: pip install -e . first")
        installed = Path(found)
    return [str(installed)]


class Xterm(Terminal):
    """The pseudo-terminal answering as xterm does: qari asks which terminal it is in before
    Textual starts, and a real terminal answers at once (a silent one costs qari's whole wait,
    0.3 s, which no user sees)."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        super().__init__(argv, env)
        self.asked: str | None = ""

    def read(self, timeout: float) -> list[tuple[float, str]]:
        frames = super().read(timeout)
        if self.asked is not None:
            self.asked = (self.asked + self.pending + "".join(f for _, f in frames))[-64:]
            if IDENTITY_QUERIES in self.asked:
                os.write(self.master, XTERM_REPLIES)
                self.asked = None
        return frames


class Timed(NamedTuple):
    wall: float  # seconds from launch until a complete frame showed the text
    cpu: float  # of which the process was on a CPU (its threads alive then, summed)
    waiting: float  # and ready to run but waiting for a CPU another process held


def cpu_times(pid: int) -> tuple[float, float]:
    """Seconds a process's threads have run, and waited to run, from /proc's schedstat
    (nanoseconds, where /proc/PID/stat counts in ticks of 10 ms)."""
    ran = waited = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "schedstat").read_text().split()
        except OSError:
            continue  # a thread that has just ended
        ran += int(fields[0])
        waited += int(fields[1])
    return ran / 1e9, waited / 1e9


def time_to_text(argv: list[str], env: dict[str, str], text: str) -> Timed:
    """How long from launch until a complete frame shows `text`, and how much of that the
    process spent on a CPU: on a machine shared with other work the wall time swings with
    their load, the CPU time much less."""
    terminal = Xterm(argv, env)
    try:
        wall = terminal.wait_for(text) - terminal.started
        return Timed(wall, *cpu_times(terminal.process.pid))
    finally:
        terminal.close()


class Spread(NamedTuple):
    median: float
    low: float
    high: float
    q1: float
    q3: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        q1, _, q3 = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
        return cls(statistics.median(values), min(values), max(values), q1, q3)

    def ms(self) -> str:
        return (
            f"{self.median * 1000:.0f} ms (min {self.low * 1000:.0f}, max {self.high * 1000:.0f},"
            f" IQR {self.q1 * 1000:.0f}-{self.q3 * 1000:.0f})"
        )


class Store(NamedTuple):
    size: int
    path: Path
    home: Path
    newest: str


def stores(sizes: list[int], work: Path) -> list[Store]:
    """The stores of these sizes under `work`, built where missing. Each is labelled with the
    articles it holds: an import stopped early (a million takes hours) leaves fewer."""
    built = []
    for size in sizes:
        b = build(size, work, reuse=True)
        db = sqlite3.connect(f"file:{b.store}?mode=ro", uri=True)
        try:
            held = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
        built.append(Store(held, b.store, b.home, newest_date(b.store)))
    return built


def compile_installed() -> None:
    """Leave qari's modules compiled, as `pip install .` does. An editable install run with
    PYTHONDONTWRITEBYTECODE set (as on this machine) otherwise compiles every module from
    source at every start, some 35 ms that no installed qari pays and Textual, compiled when
    it was installed, does not pay either."""
    found = subprocess.run(
        [PYTHON, "-c", "import tui; print(tui.__path__[0])"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
    )
    subprocess.run([PYTHON, "-m", "compileall", "-q", found.stdout.strip()], check=True)


def paired_runs(built: list[Store], runs: int, work: Path) -> dict[str, list[Timed]]:
    bare_script = work / "bare_app.py"
    bare_script.write_text(BARE_APP)
    bare_env = child_env(work / "home-bare")
    qari = qari_command()
    times: dict[str, list[Timed]] = defaultdict(list)
    for number in range(runs):
        print(f"round {number + 1}/{runs} …", file=sys.stderr, flush=True)
        times["bare"].append(time_to_text([PYTHON, str(bare_script)], bare_env, BARE_WORD))
        for store in built:
            argv = [*qari, "--store", str(store.path), "--bidi", "app"]
            times[str(store.size)].append(time_to_text(argv, child_env(store.home), store.newest))
    return times


def report(built: list[Store], timed: dict[str, list[Timed]], runs: int) -> str:
    times = {key: [t.wall for t in values] for key, values in timed.items()}
    cpu = {key: [t.cpu for t in values] for key, values in timed.items()}
    waiting = {key: [t.waiting for t in values] for key, values in timed.items()}
    bare = times["bare"]
    lines = [
        (
            f"qari startup benchmark: {os.cpu_count()} cores, load average "
            f"{os.getloadavg()[0]:.1f} at the end, {COLUMNS}x{LINES} pseudo-terminal, "
            f"{runs} paired rounds."
        ),
        "",
        (
            "| program | articles | first paint: median (min, max, IQR) | ratio to bare "
            f"(median of rounds, IQR) | goal ≤ {GOAL}x |"
        ),
        "|---|---:|---|---|---|",
        f"| bare Textual, one Static | – | {Spread.of(bare).ms()} | 1 | |",
    ]
    for store in built:
        mine = times[str(store.size)]
        ratios = Spread.of([q / b for q, b in zip(mine, bare)])
        met = "met" if ratios.median <= GOAL else "NOT met"
        lines.append(
            f"| qari | {store.size:,} | {Spread.of(mine).ms()} | {ratios.median:.2f}x "
            f"({ratios.q1:.2f}-{ratios.q3:.2f}) | {met} |"
        )
    lines += [
        "",
        (
            "The same runs in CPU time (on a CPU until that frame, all threads; the wall time "
            "less the waiting for a CPU held by other processes and the waits for the terminal):"
        ),
        "",
        (
            "| program | articles | CPU to first paint: median (IQR) | waiting for a CPU: median "
            "| CPU ratio to bare (median of rounds, IQR) |"
        ),
        "|---|---:|---|---:|---|",
    ]
    for key, name, size in [("bare", "bare Textual, one Static", "–")] + [
        (str(store.size), "qari", f"{store.size:,}") for store in built
    ]:
        spread = Spread.of(cpu[key])
        ratios = Spread.of([q / b for q, b in zip(cpu[key], cpu["bare"])])
        lines.append(
            f"| {name} | {size} | {spread.median * 1000:.0f} ms ({spread.q1 * 1000:.0f}-"
            f"{spread.q3 * 1000:.0f}) | {statistics.median(waiting[key]) * 1000:.0f} ms | "
            f"{ratios.median:.2f}x ({ratios.q1:.2f}-{ratios.q3:.2f}) |"
        )
    return "\n".join(lines)


# --breakdown: where qari's time goes


def import_groups(lines: list[str]) -> list[tuple[str, float]]:
    """Self time of every import, summed by package (tui's by module), largest first."""
    groups: dict[str, float] = defaultdict(float)
    for line in lines:
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line[len("import time:") :].split("|")
        name = name.strip()
        top = name.split(".")[0]
        key = ".".join(name.split(".")[:2]) if top == "tui" else top
        groups[key] += int(self_us) / 1e6
    return sorted(groups.items(), key=lambda item: -item[1])


def instrumented(args: list[str], env: dict[str, str], runs: int) -> list[dict[str, float]]:
    """Run startup_child.py `runs` times; each run's phases, and its imports by package."""
    out = Path(tempfile.mkdtemp(prefix="qari-startup-")) / "phases.json"
    rounds = []
    for _ in range(runs):
        terminal = Xterm([PYTHON, "-X", "importtime", str(CHILD), *args, str(out)], env)
        try:
            deadline = time.perf_counter() + 60
            while terminal.process.poll() is None and time.perf_counter() < deadline:
                terminal.read(0.1)  # drained, or the child would block on a full terminal
        finally:
            terminal.close()
        phases = json.loads(out.read_text())
        imports = import_groups(Path(f"{out}.imports").read_text().splitlines())
        phases |= {f"import self time: {name}": seconds for name, seconds in imports}
        rounds.append(phases)
    shutil.rmtree(out.parent)
    return rounds


def breakdown(built: list[Store], work: Path, runs: int) -> str:
    """A table of where the time goes: the bare app and qari on each store, medians."""
    env = child_env(work / "home-bare")
    started = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", "pass"], env=env, check=True)
        started.append(time.perf_counter() - start)
    columns = {"bare": instrumented(["--bare"], env, runs)}
    for store in built:
        columns[f"qari {store.size:,}"] = instrumented(
            [str(store.path)], child_env(store.home), runs
        )
    phases = list(
        dict.fromkeys(k for c in columns.values() for k in c[0] if "import self" not in k)
    )
    packages = sorted(
        {k for c in columns.values() for r in c for k in r if "import self" in k},
        key=lambda k: -max(statistics.median(r.get(k, 0.0) for r in c) for c in columns.values()),
    )
    interpreter = statistics.median(started) * 1000
    lines = [
        (
            f"Where the time goes (ms, medians of {runs} instrumented runs each, which add a "
            f"little; interpreter start, `python -c pass`: {interpreter:.0f}):"
        ),
        "",
        "| phase | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for name in phases + packages[:12]:
        cells = []
        for rounds in columns.values():
            values = [r[name] for r in rounds if name in r]
            cells.append(f"{statistics.median(values) * 1000:.1f}" if values else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --instructions: a count of what each start runs, which the machine's load does not change


def instructions(args: list[str], env: dict[str, str]) -> int:
    """Instructions the instrumented child runs from launch to its first frame (callgrind)."""
    out = Path(tempfile.mkdtemp(prefix="qari-startup-"))
    counted = out / "callgrind.out"
    env = env | {"PYTHONHASHSEED": "0"}  # the same dicts and sets, run after run
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={counted}", PYTHON]
    terminal = Xterm([*argv, str(CHILD), "--exit-at-paint", *args, str(out / "unused")], env)
    try:
        deadline = time.perf_counter() + 600
        while terminal.process.poll() is None and time.perf_counter() < deadline:
            terminal.read(0.1)
    finally:
        terminal.close()
    try:
        found = re.search(r"^(?:summary|totals): (\d+)", counted.read_text(), re.MULTILINE)
    finally:
        shutil.rmtree(out)
    if found is None:
        raise SystemExit("callgrind wrote no instruction count")
    return int(found.group(1))


def instruction_counts(built: list[Store], work: Path) -> str:
    if shutil.which("valgrind") is None:
        return "--instructions needs valgrind (apt-get install valgrind)."
    bare = instructions(["--bare"], child_env(work / "home-bare"))
    lines = [
        "Instructions from launch to the first frame (callgrind, one run each):",
        "",
        "| program | articles | instructions | ratio to bare |",
        "|---|---:|---:|---:|",
        f"| bare Textual, one Static | – | {bare / 1e6:,.1f} M | 1 |",
    ]
    for store in built:
        mine = instructions([str(store.path)], child_env(store.home))
        lines.append(f"| qari | {store.size:,} | {mine / 1e6:,.1f} M | {mine / bare:.3f}x |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="paired rounds (default: 11)")
    parser.add_argument("--sizes", default="1000,100000", help="store sizes (default: 1000,100000)")
    parser.add_argument("--million", action="store_true", help="add a 1,000,000-article store")
    parser.add_argument(
        "--store-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "qari-bench-startup",
        help="where the generated stores are built and kept (reused when there)",
    )
    parser.add_argument("--breakdown", action="store_true", help="also show where qari's time goes")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each start's instructions to its first frame (valgrind; load-proof)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    args.store_dir.mkdir(parents=True, exist_ok=True)
    built = stores(sizes, args.store_dir)
    compile_installed()
    print(report(built, paired_runs(built, args.runs, args.store_dir), args.runs))
    if args.breakdown:
        print()
        print(breakdown(built, args.store_dir, max(3, args.runs // 2)))
    if args.instructions:
        print()
        print(instruction_counts(built, args.store_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
