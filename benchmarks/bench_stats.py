"""How fast `qari stats` (the shape of a filter) and the saved searches' unread counts answer
in a big store; the goal of issue 14: a million articles within a second.

    python benchmarks/bench_stats.py [--size 1000000] [--keep DIR] [--runs 3]
    python benchmarks/bench_stats.py --store PATH [--state PATH] [--cold] [--runs 3]

Without --store it builds a store of --size articles straight into qari's schema (made by
`Store`, so every index is the one qari makes): dates spread over five years, fifteen
sources, one to six keywords each drawn with a Zipf-like skew from 5,000, a short indexed
text, and a tenth of the articles marked read. Writing rows directly takes minutes where
importing a million generated pages takes about an hour on a shared machine; what `stats`
reads (the date index, the keyword index, the full-text index, the marks, the counts and
numbers `Store.transaction` keeps) is the same. --keep DIR keeps it (and reuses it next time).
With --store it measures an existing store instead (one `qari import` or `bench_scale.py
--keep` built; a store of an older schema is upgraded on its first opening, so give it a
copy). --state names its state file (default: state.sqlite3 beside it).

Each query is timed in its own child process that opens the store and computes the shape
once. Warm: the operating system's file cache holds what was read before, as for a store in
use (each filter is run once untimed first); the figure is the median of --runs, and the
slowest run is shown too. --cold first asks the system to drop the store file's pages from
its cache (posix_fadvise, that file only; not the whole machine's cache), then times one
run: a reader opened on a store not read lately; it shows what the disk read for it too.
The CPU time the shape took is shown beside each: on a machine shared with other work the
wall time includes waiting for a core (and for the disk), the CPU time not. Each figure is
printed beside the goal of a second, met or NOT met (by wall time), and so are the saved
searches' counts: every filter's unread and total counts together, as `qari searches list`
computes them with each filter saved. `qari stats` run as a command adds the interpreter's
start.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "tools"))

from make_corpus import SOURCES  # the synthetic corpus's outlets

GOAL_SECONDS = 1.0
WORDS = [
    "المياه",
    "الكهرباء",
    "الزراعة",
    "التعليم",
    "الصحة",
    "الاقتصاد",
    "السياحة",
    "النقل",
    "الطاقة",
    "المناخ",
    "الأمطار",
    "الحكومة",
    "البرلمان",
    "الانتخابات",
    "الشباب",
    "الرياضة",
    "الثقافة",
    "المعرض",
    "المهرجان",
    "الاستثمار",
    "البنك",
    "التضخم",
    "الأسعار",
    "القمح",
    "الذهب",
    "النفط",
    "الغاز",
    "الموانئ",
    "الطرق",
    "المدارس",
    "الجامعات",
    "المستشفيات",
]
PLACES = [
    "القاهرة",
    "أسوان",
    "الرياض",
    "جدة",
    "دبي",
    "الدوحة",
    "عمّان",
    "بيروت",
    "بغداد",
    "تونس",
    "الرباط",
    "الخرطوم",
]
KEYWORDS = 5000

# (what it is, the query): from the whole store to narrow filters.
QUERIES = (
    ("everything", ""),
    ("a common word (~1/3)", "المياه"),
    ("a rare word", "الخرطوم الذهب"),
    ("a common keyword", '#"وسم 1"'),
    ("a source", 'source:"صحيفة الوادي"'),
    ("unread", "is:unread"),
    ("half a year", "after:2024-01-01 before:2024-07-01"),
    ("word, minus a keyword", 'المياه -#"وسم 2"'),
)


def build(path: Path, size: int) -> None:
    """A store of `size` articles written straight into qari's schema."""
    from tui.store.db import Store
    from tui.text.normalize import index_terms, normalize

    store = Store(path, path.with_name("state.sqlite3"))
    rng = random.Random(14)
    first = datetime.date(2021, 1, 1)
    weights = [1 / (rank + 1) for rank in range(KEYWORDS)]
    keyword_names = [f"وسم {n + 1}" for n in range(KEYWORDS)]
    keyword_norms = [normalize(k) for k in keyword_names]
    source_norms = [normalize(s) for s in SOURCES]
    batch = 20_000
    began = time.perf_counter()
    for start in range(0, size, batch):
        articles, keywords, texts = [], [], []
        for rowid in range(start + 1, min(size, start + batch) + 1):
            day = (first + datetime.timedelta(days=rng.randrange(5 * 365))).isoformat()
            source = rng.randrange(len(SOURCES))
            words = rng.sample(WORDS, 6) + [rng.choice(PLACES)]
            title = " ".join(words[:4])
            body = " ".join(words) + f" {rowid}"
            articles.append(
                (
                    rowid,
                    f"{rowid:016x}",
                    title,
                    normalize(title),
                    day,
                    day,
                    SOURCES[source],
                    source_norms[source],
                    body,
                    "bench",
                )
            )
            chosen = set(rng.choices(range(KEYWORDS), weights, k=rng.randint(1, 6)))
            keywords += [
                (rowid, position, keyword_names[k], keyword_norms[k])
                for position, k in enumerate(sorted(chosen))
            ]
            texts.append((rowid, " ".join(index_terms(title + " " + body))))
        with store.transaction() as db:
            db.executemany(
                "INSERT INTO articles (rowid, id, title, title_norm, date, sort_date, source,"
                " source_norm, body, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                articles,
            )
            db.executemany("INSERT INTO keywords VALUES (?, ?, ?, ?)", keywords)
            db.executemany("INSERT INTO fts (rowid, terms) VALUES (?, ?)", texts)
        # The marks live in the state file, written on its own connection.
        with store.state_transaction() as state:
            state.executemany(
                "INSERT INTO state.marks (article_id, read) VALUES (?, 1)",
                [(a[1],) for a in articles if rng.random() < 0.1],
            )
        done = min(size, start + batch)
        rate = done / (time.perf_counter() - began)
        print(f"\r  built {done:,} of {size:,} ({rate:,.0f} articles/s)", end="", flush=True)
    print()
    store.db.execute("ANALYZE")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


MEASURE = """
import json, sys, time
def read_bytes():  # what the process had the disk read (Linux; 0 elsewhere)
    try:
        with open("/proc/self/io") as io:
            return next(int(l.split()[1]) for l in io if l.startswith("read_bytes"))
    except OSError:
        return 0
began = time.perf_counter()
from tui.search.query import parse_query
from tui.store.db import Store
from tui.store.saved import counts
from tui.store.stats import filter_shape
store = Store(sys.argv[1], sys.argv[2])
opened = time.perf_counter()
query = parse_query(sys.argv[3])
cpu, read = time.process_time(), read_bytes()
shape = filter_shape(store, query)
shaped = time.perf_counter()
cpu, read = time.process_time() - cpu, read_bytes() - read
unread, total = counts(store, query)
counted = time.perf_counter()
assert total == shape.total, (total, shape.total)
print(json.dumps({"open": opened - began, "stats": shaped - opened, "cpu": cpu, "read": read,
                  "unread": counted - shaped, "total": total}))
"""

# Every filter's unread and total counts in one process: what `qari searches list` (and the
# reader's pane of saved searches) computes with each filter saved.
MEASURE_SAVED = """
import json, sys, time
from tui.search.query import parse_query
from tui.store.db import Store
from tui.store.saved import counts_of
store = Store(sys.argv[1], sys.argv[2])
began, cpu = time.perf_counter(), time.process_time()
counts_of(store, [parse_query(text) for text in sys.argv[3:]])
print(json.dumps({"wall": time.perf_counter() - began, "cpu": time.process_time() - cpu}))
"""


def queries_for(store: Path) -> list[tuple[str, str]]:
    """QUERIES with the store's own most common keywords and source and its last half year,
    for a store not built here (read from the counts qari keeps)."""
    import sqlite3

    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        keywords = [k for (k,) in db.execute(SQL_TOP_KEYWORDS)] + ["none", "none"]
        (source,) = db.execute(SQL_TOP_SOURCE).fetchone()
        (last,) = db.execute("SELECT max(sort_date) FROM shape_cells").fetchone()
    finally:
        db.close()
    end = datetime.date.fromisoformat(last)
    start = end - datetime.timedelta(days=182)
    own = {
        "a common keyword": f'#"{keywords[0]}"',
        "a source": f'source:"{source}"',
        "half a year": f"after:{start.isoformat()} before:{end.isoformat()}",
        "word, minus a keyword": f'المياه -#"{keywords[1]}"',
    }
    return [(name, own.get(name, query)) for name, query in QUERIES]


SQL_TOP_KEYWORDS = "SELECT norm FROM shape_keywords ORDER BY n DESC LIMIT 2"
SQL_TOP_SOURCE = "SELECT source_norm FROM shape_cells GROUP BY 1 ORDER BY sum(n) DESC LIMIT 1"


def measure(store: Path, state: Path, *queries: str, script: str = MEASURE) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", script, str(store), str(state), *queries],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def uncache(store: Path) -> None:
    """Ask the system to forget the store file's pages (and its log's): the next read goes
    to the disk. Only pages not waiting to be written are dropped."""
    for path in (store, store.with_name(store.name + "-wal")):
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def verdict(seconds: float) -> str:
    return "met" if seconds <= GOAL_SECONDS else "NOT met"


def command_seconds(store: Path, home: Path) -> float:
    env = {
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui", "stats", "--store", str(store), "--json"],
        capture_output=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, help="measure this store instead of building one")
    parser.add_argument("--state", type=Path, help="its state file (default: beside it)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the store in DIR and keep it")
    parser.add_argument(
        "--cold", action="store_true", help="also time each filter once with the store uncached"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="qari-bench-stats-"))
    try:
        if args.store is None:
            folder.mkdir(parents=True, exist_ok=True)
            store = folder / "store.sqlite3"
            if not store.exists():
                print(f"building a store of {args.size:,} articles in {folder}")
                build(store, args.size)
        else:
            store = args.store
        state = args.state or store.with_name("state.sqlite3")
        # Opened once first: a store of an older schema is upgraded then, not while timed.
        began = time.perf_counter()
        measure(store, state, "")
        print(f"opened (and upgraded if it had to be) in {time.perf_counter() - began:,.1f} s")
        queries = QUERIES if args.store is None else queries_for(store)
        rows = []
        for name, query in queries:
            cold = None
            if args.cold:
                uncache(store)
                cold = measure(store, state, query)
            else:
                measure(store, state, query)  # not timed: what it reads is in the cache now
            runs = [measure(store, state, query) for _ in range(args.runs)]
            stats = [r["stats"] for r in runs]
            rows.append(
                (
                    name,
                    query,
                    int(runs[0]["total"]),
                    cold,
                    statistics.median(stats),
                    max(stats),
                    statistics.median(r["cpu"] for r in runs),
                    statistics.median(r["unread"] for r in runs),
                )
            )
        texts = [query for _, query in queries]
        saved_cold = None
        if args.cold:
            uncache(store)
            saved_cold = measure(store, state, *texts, script=MEASURE_SAVED)
        saved_runs = [measure(store, state, *texts, script=MEASURE_SAVED) for _ in range(args.runs)]
        saved_wall = statistics.median(r["wall"] for r in saved_runs)
        saved_cpu = statistics.median(r["cpu"] for r in saved_runs)
        command = statistics.median(
            command_seconds(store, folder / "home") for _ in range(args.runs)
        )
        size = measure(store, state, "")["total"]
        print(f"\n`qari stats` on a store of {int(size):,} articles (median of {args.runs} runs)")
        print(
            f"goal: each within {GOAL_SECONDS:.0f} s (met/NOT met, by wall time);"
            " wall time (CPU time), ms; cold: and what the disk read for it\n"
        )
        cold_head = "| cold | 1 s goal " if args.cold else ""
        cold_rule = "---:|---|" if args.cold else ""
        print(
            f"| filter | query | articles {cold_head}| warm | 1 s goal | slowest | 1 s goal"
            " | unread count | 1 s goal |"
        )
        print(f"|---|---|---:|{cold_rule}---:|---|---:|---|---:|---|")
        for name, query, total, cold, median, slowest, cpu_s, unread_s in rows:
            cold_cells = ""
            if cold is not None:
                cold_cells = (
                    f" {cold['stats'] * 1000:,.0f} ({cold['cpu'] * 1000:,.0f})"
                    f" {cold['read'] / 1e6:,.0f} MB | {verdict(cold['stats'])} |"
                )
            print(
                f"| {name} | `{query}` | {total:,} |{cold_cells}"
                f" {median * 1000:,.0f} ({cpu_s * 1000:,.0f}) | {verdict(median)} |"
                f" {slowest * 1000:,.0f} | {verdict(slowest)} |"
                f" {unread_s * 1000:,.0f} | {verdict(unread_s)} |"
            )
        cold_saved = ""
        if saved_cold is not None:
            cold_saved = (
                f"; cold {saved_cold['wall'] * 1000:,.0f} ({saved_cold['cpu'] * 1000:,.0f})"
                f" — {verdict(saved_cold['wall'])}"
            )
        print(
            f"\nsaved searches: the {len(texts)} filters' unread and total counts together"
            f" (`qari searches list` with each saved): {saved_wall * 1000:,.0f}"
            f" ({saved_cpu * 1000:,.0f}) ms — {verdict(saved_wall)}{cold_saved}"
        )
        worst = max(r[5] for r in rows)
        print(
            f"\n`qari stats --json` as a command (interpreter start included): "
            f"{command * 1000:,.0f} ms"
        )
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        worst_cpu = max(r[6] for r in rows)
        print(
            f"goal: every filter's shape within {GOAL_SECONDS:.0f} s at {int(size):,}, warm: slowest "
            f"{worst * 1000:,.0f} ms (most CPU time: {worst_cpu * 1000:,.0f} ms)"
            f" — {verdict(worst)}"
        )
        if args.cold:
            coldest = max(r[3]["stats"] for r in rows if r[3] is not None)
            print(
                f"cold (the store's pages dropped from the cache first): slowest "
                f"{coldest * 1000:,.0f} ms — {verdict(coldest)}"
            )
    finally:
        if args.keep is None and args.store is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
