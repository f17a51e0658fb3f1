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
- store size: the store file (and what is left in its write-ahead log) against the JSONL;
- newsboat (when installed): the same articles written as one RSS 2.0 file (kept beside the
  corpus), which `newsboat -x reload` stores into a new cache from a `file://` address, in the
  same run. Issue 12's goal is qari's import at least as fast as newsboat's: this is that
  measurement, side by side on this machine (the issue quotes about 5,300 items/s on its own).

`--code DIR` runs the importer of another checkout (say `git worktree add /tmp/old REV`), to
set figures before and after a change side by side on the same machine.
"""

from __future__ import annotations

import argparse
import datetime
import email.utils
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GOAL_RATE = 5_300  # newsboat 2.21 storing the same items on issue 12's machine
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


def _pub_date(text: object) -> str:
    try:
        day = datetime.date.fromisoformat(str(text)[:10])
    except ValueError:
        return ""
    moment = datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.timezone.utc)
    return f"<pubDate>{email.utils.format_datetime(moment)}</pubDate>"


def write_rss(corpus: Path, rss: Path) -> None:
    """The corpus as one RSS 2.0 feed: what newsboat stores of an item (title, link, guid,
    date, categories, full content) from what qari imports of the article."""
    with corpus.open(encoding="utf-8") as lines, rss.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>corpus</title><link>https://news.example/</link><description>bench"
            "</description>\n"
        )
        for number, line in enumerate(lines):
            article = json.loads(line)
            link = escape(article.get("url") or f"https://news.example/item/{number}")
            body = "".join(f"<p>{escape(p)}</p>" for p in article.get("body", []))
            tags = "".join(f"<category>{escape(k)}</category>" for k in article.get("keywords", []))
            out.write(
                f"<item><title>{escape(article['title'])}</title><link>{link}</link>"
                f"<guid>{link}</guid>{_pub_date(article.get('date'))}{tags}"
                f"<content:encoded>{escape(body)}</content:encoded></item>\n"
            )
        out.write("</channel></rss>\n")


def run_newsboat(corpus: Path, work: Path) -> tuple[float, float, float, int]:
    """newsboat storing the corpus's items: seconds, peak RSS in MB, CPU seconds, items."""
    rss = corpus.with_suffix(".rss")
    if not rss.exists():
        print("writing the same articles as RSS …", file=sys.stderr, flush=True)
        write_rss(corpus, rss)
    home = work / "newsboat"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    (home / "urls").write_text(rss.resolve().as_uri() + "\n")
    (home / "config").write_text("reload-threads 8\n")
    cache = home / "cache.db"
    argv = ["newsboat", "-x", "reload", "-u", str(home / "urls"), "-c", str(cache)]
    argv += ["-C", str(home / "config")]
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    print("newsboat storing the same items …", file=sys.stderr, flush=True)
    seconds, rss_mb, cpu = run_timed(argv, env, home)
    with sqlite3.connect(cache) as db:
        items = db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
    return seconds, rss_mb, cpu, items


def import_goal(
    rate: float, seconds: float, newsboat: tuple[float, float, float, int] | None, size: int
) -> tuple[str, bool]:
    """Issue 12's goal for an import of `size` articles and whether `rate` meets it: as fast
    as newsboat storing the same items, side by side on this machine when newsboat ran (the
    issue's 5,300 items/s were newsboat's on its own machine), else that figure."""
    if newsboat is None:
        return f"≥ {GOAL_RATE:,}/s (issue 12's figure for newsboat)", rate >= GOAL_RATE
    nb_seconds, _, _, nb_items = newsboat
    goal = (
        f"≥ newsboat's {nb_items / nb_seconds:,.0f}/s in this run"
        f" (qari's time {seconds / nb_seconds:.2f}x newsboat's)"
    )
    return (
        goal,
        nb_items == size and rate >= nb_items / nb_seconds,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose qari runs")
    parser.add_argument("--keep", type=Path, help="folder for the corpus (reused) and store")
    parser.add_argument(
        "--no-newsboat", action="store_true", help="skip newsboat even when it is installed"
    )
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
    newsboat = None
    if not args.no_newsboat and shutil.which("newsboat"):
        newsboat = run_newsboat(corpus, work)
    rows = [
        (
            "import",
            (
                f"{rate:,.0f} articles/s ({seconds:.1f} s; {cpu / args.size * 1000:.2f} ms CPU"
                f" an article; peak RSS {rss:.0f} MB)"
            ),
            *import_goal(rate, seconds, newsboat, args.size),
        ),
    ]
    if newsboat is not None:
        nb_seconds, nb_rss, nb_cpu, nb_items = newsboat
        rows.append(
            (
                "newsboat 2.21, same items, this run",
                (
                    f"{nb_items / nb_seconds:,.0f} items/s ({nb_items:,} items,"
                    f" {nb_seconds:.1f} s; {nb_cpu / max(nb_items, 1) * 1000:.2f} ms CPU an"
                    f" item; peak RSS {nb_rss:.0f} MB)"
                ),
                "(the goal of the line above)",
                None,
            )
        )
    rows += [
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
        shown = "" if met is None else "yes" if met else "no"
        print(f"| {name} | {measured} | {goal} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
