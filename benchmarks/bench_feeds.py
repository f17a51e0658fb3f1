"""Fetching many feeds: qari against newsboat, from the same local servers, in the same run.

    python benchmarks/bench_feeds.py [--feeds 200] [--items 25] [--runs 2] [--jobs 8]

Writes N feeds of M full-content items each (Arabic text drawn from the bundled sample's
words, every item carrying a word of its own), serves them from eight HTTP servers on
127.0.0.1 to 127.0.0.8 (as eight sites would be), then, alternating, times from launch to
exit:

- `qari fetch --jobs J` into a new store that subscribed to every feed (`qari feeds import`);
- `newsboat -x reload` into a new cache, with `reload-threads J`.

Each figure is wall time, and the CPU time the program and its children used (a fairer
comparison on a machine others are using). qari's modules are compiled first, as
`pip install .` leaves them: an editable install run under PYTHONDONTWRITEBYTECODE (as on
this machine) would otherwise compile them from source at every start. Then checks that
qari stored every item and that each item's own word finds it (and it alone) through qari's
search (exit status 1 if any is missing). Prints each run's wall times and the best of each.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from feed_server import FeedServer, Route

HOSTS = [f"127.0.0.{n}" for n in range(1, 9)]
TOKEN = "رمز{feed}ع{item}"  # a word only this item has


def vocabulary() -> list[str]:
    words: set[str] = set()
    for path in (ROOT / "data" / "articles").glob("*.txt"):
        words.update(re.findall(r"[\u0621-\u064a]{2,}", path.read_text(encoding="utf-8")))
    return sorted(words)


def _digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "أبتثجحخدذر"))


def make_feed(number: int, items: int, words: list[str], rng: random.Random, base: str) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>موقع رقم {number}</title><link>{base}/</link>",
    ]
    for item in range(items):
        title = " ".join(rng.choices(words, k=8))
        paragraphs = [" ".join(rng.choices(words, k=rng.randint(60, 80))) for _ in range(4)]
        token = TOKEN.format(feed=_digits(number), item=_digits(item))
        paragraphs[-1] += " " + token
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        day = 1 + (number + item) % 28
        parts.append(
            f"<item><title>{escape(title)}</title><link>{base}/a/{number}/{item}</link>"
            f"<guid>{base}/a/{number}/{item}</guid>"
            f"<pubDate>Mon, {day:02d} Dec 2025 10:{item % 60:02d}:00 +0300</pubDate>"
            f"<category>{escape(rng.choice(words))}</category>"
            f"<description>{escape(paragraphs[0][:200])}</description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def qari(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = shutil.which("qari", path=str(Path(sys.executable).parent)) or "qari"
    # Reader state of its own: the default state file is shared by every qari on the
    # machine, and another one writing to it would hold this one up.
    env = {**os.environ, "XDG_STATE_HOME": str(work / "state"), "XDG_DATA_HOME": str(work)}
    return subprocess.run([command, *args], capture_output=True, text=True, check=False, env=env)


def run_qari(urls: list[str], work: Path, jobs: int) -> tuple[float, float, Path]:
    store = work / "qari.sqlite3"
    opml = work / "feeds.opml"
    outlines = "\n".join(
        f'<outline type="rss" text="f{n}" xmlUrl="{u}"/>' for n, u in enumerate(urls)
    )
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8")
    done = qari(work, "feeds", "import", "--store", str(store), str(opml))
    assert done.returncode == 0, done.stderr
    cpu = _children_cpu()
    began = time.perf_counter()
    done = qari(work, "fetch", "--store", str(store), "--jobs", str(jobs))
    took = time.perf_counter() - began
    assert done.returncode == 0, done.stderr
    return took, _children_cpu() - cpu, store


def run_newsboat(urls: list[str], work: Path, jobs: int) -> tuple[float, float, int]:
    (work / "urls").write_text("\n".join(urls) + "\n")
    (work / "config").write_text(f"reload-threads {jobs}\n")
    cache = work / "cache.db"
    cpu = _children_cpu()
    began = time.perf_counter()
    subprocess.run(
        [
            "newsboat",
            "-x",
            "reload",
            "-u",
            str(work / "urls"),
            "-c",
            str(cache),
            "-C",
            str(work / "config"),
        ],
        capture_output=True,
        check=True,
        cwd=work,
        env={"HOME": str(work), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    took = time.perf_counter() - began
    cpu = _children_cpu() - cpu
    with sqlite3.connect(cache) as db:
        count = db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
    return took, cpu, count


def check_qari(store: Path, feeds: int, items: int) -> tuple[bool, str]:
    from tui.search.query import parse_query
    from tui.store.db import Store

    opened = Store(store, store.parent / "state" / "qari" / "state.sqlite3")
    try:
        count = opened.count()
        missing = [
            (feed, item)
            for feed in range(feeds)
            for item in range(items)
            if opened.results(
                parse_query(TOKEN.format(feed=_digits(feed), item=_digits(item)))
            ).count
            != 1
        ]
    finally:
        opened.close()
    verdict = f"{count} articles stored, {feeds * items - len(missing)} found by their own word"
    return count == feeds * items and not missing, verdict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("newsboat") is None:
        print("newsboat is not installed (Debian: apt-get install newsboat)", file=sys.stderr)
        return 2
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui")], check=True)
    words = vocabulary()
    rng = random.Random(7)
    servers = [FeedServer(host) for host in HOSTS]
    for server in servers:
        server.__enter__()
    try:
        urls = []
        size = 0
        for number in range(args.feeds):
            server = servers[number % len(servers)]
            body = make_feed(number, args.items, words, rng, server.base)
            size += len(body)
            server.routes[f"/feed/{number}.xml"] = Route(body)
            urls.append(server.url(f"/feed/{number}.xml"))
        print(
            f"{args.feeds} feeds x {args.items} items, {size / 1e6:.1f} MB, "
            f"from {len(servers)} servers; --jobs / reload-threads {args.jobs}"
        )
        timings: dict[str, list[float]] = {"qari": [], "newsboat": []}
        verdict, complete = "", False
        for run in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="bench_feeds_") as folder:
                work = Path(folder)
                (work / "nb").mkdir()
                (work / "qari").mkdir()
                nb_time, nb_cpu, nb_count = run_newsboat(urls, work / "nb", args.jobs)
                q_time, q_cpu, store = run_qari(urls, work / "qari", args.jobs)
                timings["newsboat"].append(nb_time)
                timings["qari"].append(q_time)
                print(
                    f"run {run + 1}: newsboat {nb_time:.2f} s ({nb_cpu:.2f} s CPU, "
                    f"{nb_count} items), qari {q_time:.2f} s ({q_cpu:.2f} s CPU)"
                )
                if run == args.runs - 1:
                    complete, verdict = check_qari(store, args.feeds, args.items)
        print(f"qari: {verdict}")
        best_q, best_nb = min(timings["qari"]), min(timings["newsboat"])
        print(f"best: qari {best_q:.2f} s, newsboat {best_nb:.2f} s ({best_q / best_nb:.2f}x)")
    finally:
        for server in servers:
            server.__exit__(None, None, None)
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
