"""Import speed and store size, next to the goals of issue 12.

    python benchmarks/bench_import.py [--size 100000] [--code DIR] [--keep DIR]

Writes a synthetic corpus with tests/tools/make_corpus.py (kept in --keep, default a temporary
folder, and reused when it is there), then, each in a fresh child process
(`python -m tui import --store S corpus.jsonl`, wall time from launch to exit, interpreter
start included):

- import: a new store, as articles per second, with the importer's peak RSS;
- re-import: the same command again (the file is unchanged: its size and time say so);
- touched re-import: after touching the file (same bytes, new mtime: it is hashed, then
  skipped);
- store size: the store file (and what is left in its write-ahead log) against the JSONL.

`--code DIR` runs the importer of another checkout (say `git worktree add /tmp/old REV`), to
set figures before and after a change side by side on the same machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GOAL_RATE = 5_300  # newsboat 2.21 storing the same items (issue 12)
GOAL_REIMPORT = 1.0  # seconds
GOAL_SIZE = 1.0  # store / JSONL


def run_timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float]:
    """Seconds from launch to exit, the child's peak RSS in MB, and the CPU seconds it and its
    worker processes used (steadier than wall time on a shared machine)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), argv)
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose qari runs")
    parser.add_argument("--keep", type=Path, help="folder for the corpus (reused) and store")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="qari-import-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{args.size}.jsonl"
    if not corpus.exists():
        print(f"writing {args.size:,} articles …", file=sys.stderr, flush=True)
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "tests/tools/make_corpus.py"),
                str(args.size),
                "--out",
                str(corpus),
            ],
            check=True,
        )
    store = work / "store.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(args.code.resolve()), XDG_STATE_HOME=str(work / "state"))
    command = [PYTHON, "-m", "tui", "import", "--store", str(store), str(corpus)]
    print(f"importing with {args.code} …", file=sys.stderr, flush=True)
    seconds, rss, cpu = run_timed(command, env, args.code)
    again, _, _ = run_timed(command, env, args.code)
    os.utime(corpus)
    touched, _, _ = run_timed(command, env, args.code)
    jsonl = corpus.stat().st_size
    stored = store.stat().st_size
    wal = Path(f"{store}-wal")
    log = wal.stat().st_size if wal.exists() else 0
    rate = args.size / seconds
    rows = [
        (
            "import",
            (
                f"{rate:,.0f} articles/s ({seconds:.1f} s; {cpu / args.size * 1000:.2f} ms CPU"
                f" an article; peak RSS {rss:.0f} MB)"
            ),
            f"≥ {GOAL_RATE:,}/s",
            rate >= GOAL_RATE,
        ),
        (
            "re-import, unchanged",
            f"{again:.2f} s",
            f"< {GOAL_REIMPORT:.0f} s",
            again < GOAL_REIMPORT,
        ),
        (
            "re-import, touched",
            f"{touched:.2f} s",
            f"< {GOAL_REIMPORT:.0f} s",
            touched < GOAL_REIMPORT,
        ),
        (
            "store / JSONL",
            (
                f"{stored / jsonl:.2f} ({stored / 1e6:.0f} MB + {log / 1e6:.0f} MB"
                f" log / {jsonl / 1e6:.0f} MB)"
            ),
            f"≤ {GOAL_SIZE:.1f}",
            stored <= jsonl * GOAL_SIZE,
        ),
    ]
    print(f"\n{args.size:,} articles, qari from {args.code}\n")
    print("| figure | measured | goal | met |")
    print("|---|---|---|---|")
    for name, measured, goal, met in rows:
        print(f"| {name} | {measured} | {goal} | {'yes' if met else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
