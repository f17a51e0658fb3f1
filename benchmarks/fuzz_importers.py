"""Fuzz the importers, and kill imports with SIGKILL: a script for issue 6, not part of CI.

    python benchmarks/fuzz_importers.py [--inputs 100000] [--seed 0] [--jobs 2]
                                        [--store-every 100] [--kills 25] [--kill-articles 4000]

Fuzzing: generated and mutated inputs, each written to a temporary file with a .txt, .json or
.jsonl suffix and read with `tui.importers.sources.read_file`. Half are mutations of real
inputs (the example page, the bundled sample articles, the JSON and JSON Lines fixtures) by
byte flips, truncation, deleted and repeated spans, inserted NULs, controls, escape
sequences, invalid UTF-8, BOMs, huge lines and deep JSON nesting, and re-encoding (UTF-16,
Windows-1256, Latin-1, CRLF); half are generated: scraped pages, JSON records with values of
every type (lone surrogate escapes, huge numbers, deep nesting), random bytes.

Every input must give articles or rejections. An article must be storable (its text encodes
as UTF-8, it has an id); a rejection must be one line. Every `--store-every`th input is also
imported into a store and each stored article drawn. Anything else, an exception or an
input that takes over `--timeout` seconds, is a failure: the input is saved under
benchmarks/fuzz-failures/ and the script exits 1.

Kills (`--kills N`, 0 to skip): `python -m tui import` of a corpus of `--kill-articles`
articles (tests/tools/make_corpus.py) is killed with SIGKILL at a random moment after it
starts writing, N times, then a quarter as many times while re-importing the file after it
changed. After every kill the store must pass `PRAGMA integrity_check` and open; after a
final run to the end it must hold exactly the file's articles, each once.
"""

from __future__ import annotations

import argparse
import codecs
import json
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tui.importers.sources import read_file
from tui.model import Article, Rejection
from tui.search.query import Query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.text.display import display_line, display_lines

ROOT = Path(__file__).resolve().parents[1]

FAILURES = ROOT / "benchmarks" / "fuzz-failures"
MAKE_CORPUS = ROOT / "tests" / "tools" / "make_corpus.py"
SUFFIXES = (".txt", ".json", ".jsonl")

# Inputs


def seeds() -> list[tuple[str, bytes]]:
    """Real inputs to mutate: (suffix, bytes)."""
    found: list[tuple[str, bytes]] = []
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        if path.is_file() and path.suffix in SUFFIXES:
            found.append((path.suffix, path.read_bytes()))
    for path in sorted((ROOT / "data" / "articles").glob("*.txt")):
        found.append((".txt", path.read_bytes()))
    return found


INSERTS = [
    b"\x00",
    b"\x00" * 64,
    b"\x1b",
    b"\x1b]0;pwned\x07",
    b"\x1b]52;c;cHduZWQ=\x07",
    b"\x1b[2J",
    b"\x1bP+q\x1b\\",
    b"\x07",
    b"\x08",
    b"\x7f",
    "\x9b".encode(),
    "\u202e".encode(),
    "\u2066".encode(),
    b"\r",
    b"\r\n",
    b"\n\n\n",
    b"\t",
    b"\xff",
    b"\xfe",
    b"\xc0\x80",
    b"\xd9",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    b"[bold]",
    b"[/]",
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\ud800",
    b"\\u0000",
    b'"\\',
    "إقرأ أيضاً:\n".encode(),
    "المصدر: ".encode(),
    "كلمات دلالية: ".encode(),
    "تاريخ النشر: ".encode(),
    "\u0651\u064e".encode(),
    "\u200d\u200c".encode(),
    "ﷲ".encode(),
    b"1e999999",
    b"-0",
    b"NaN",
]


def huge_line(rng: random.Random) -> bytes:
    unit = rng.choice([b"x", "خ".encode(), b"[", b'{"a":', "بَ".encode(), b" ", b"\xd9"])
    size = rng.choice([10_000, 70_000, 300_000]) if rng.random() < 0.95 else 2_000_000
    return unit * (size // len(unit))


def deep_nesting(rng: random.Random) -> bytes:
    depth = rng.choice([100, 990, 1100, 5000, 100_000])
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
    return opener * depth + b"1" + closer * rng.choice([depth, depth // 2, 0])


def reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors=rng.choice(["replace", "ignore", "surrogateescape"]))
    codec = rng.choice(
        [
            "utf-16",
            "utf-16-le",
            "utf-16-be",
            "cp1256",
            "latin-1",
            "utf-32",
            "utf-8-sig",
            "crlf",
            "cr",
        ]
    )
    if codec == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogateescape")
    if codec == "cr":
        return text.replace("\n", "\r").encode("utf-8", "surrogateescape")
    return text.encode(
        codec,
        errors=rng.choice(["replace", "ignore", "surrogatepass"])
        if codec.startswith("utf")
        else "replace",
    )


def mutate(data: bytes, rng: random.Random, pool: list[tuple[str, bytes]]) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 5, 8, 20])):
        at = rng.randint(0, len(buffer))
        kind = rng.choices(
            [
                "flip",
                "byte",
                "cut",
                "delete",
                "repeat",
                "insert",
                "huge",
                "nest",
                "splice",
                "encode",
            ],
            weights=[8, 4, 2, 4, 3, 10, 1, 1, 3, 1],
        )[0]
        if kind == "flip" and buffer:
            at = min(at, len(buffer) - 1)
            buffer[at] ^= 1 << rng.randint(0, 7)
        elif kind == "byte" and buffer:
            buffer[min(at, len(buffer) - 1)] = rng.randint(0, 255)
        elif kind == "cut":
            del buffer[at:]
        elif kind == "delete":
            del buffer[at : at + rng.randint(1, 200)]
        elif kind == "repeat":
            span = bytes(buffer[at : at + rng.randint(1, 300)])
            buffer[at:at] = span * rng.randint(1, 50)
        elif kind == "insert":
            buffer[at:at] = rng.choice(INSERTS)
        elif kind == "huge":
            buffer[at:at] = huge_line(rng)
        elif kind == "nest":
            buffer[at:at] = deep_nesting(rng)
        elif kind == "splice":
            other = rng.choice(pool)[1]
            start = rng.randint(0, len(other))
            buffer[at:at] = other[start : start + rng.randint(1, 2000)]
        elif kind == "encode":
            buffer = bytearray(reencode(bytes(buffer), rng))
    return bytes(buffer)


TEXTS = [
    "خبر",
    "الاقتصاد",
    "وزير المالية",
    "«عاجل»",
    "(قنا)",
    "Apple",
    "2024",
    "٤٥",
    " ",
    "\n",
    "\u064e",
    "\u0651",
    "\u200d",
    "\u202e",
    "\x1b]0;x\x07",
    "\x00",
    "\x7f",
    "\x9b",
    "\ud800",
    "\udc00",
    "[bold]",
    "[/]",
    '"',
    "“",
    "»",
    "#",
    "is:",
    "\u2028",
    "ﷲ",
    "لا",
    "\U0001f600",
    "\r\n",
    "\t",
    "\ufeff",
    "ـ",
]


def random_text(rng: random.Random, size: int = 12) -> str:
    return "".join(rng.choice(TEXTS) for _ in range(rng.randint(0, size)))


def random_value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randint(0, 9 if depth < 4 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 2**63, 10**400, 1.5, float("inf"), float("nan"), -0.0])
    if kind in (3, 4, 5):
        return random_text(rng)
    if kind in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {random_text(rng, 3): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_record(rng: random.Random) -> object:
    if rng.random() < 0.15:
        return random_value(rng)
    record: dict[str, object] = {}
    fields = {
        "title": lambda: random_text(rng) if rng.random() < 0.8 else random_value(rng),
        "body": lambda: rng.choice(
            [
                random_text(rng, 40),
                [random_text(rng, 30) for _ in range(rng.randint(0, 5))],
                random_value(rng),
            ]
        ),
        "text": lambda: random_text(rng, 40),
        "date": lambda: rng.choice(
            [
                "2025-05-08",
                "8 مايو 2025",
                "8th, May 2025 GMT",
                "31/02/2024",
                random_text(rng, 4),
                random_value(rng),
            ]
        ),
        "source": lambda: random_text(rng, 4) if rng.random() < 0.8 else random_value(rng),
        "keywords": lambda: rng.choice(
            [
                random_text(rng, 8),
                [random_text(rng, 3) for _ in range(rng.randint(0, 6))],
                random_value(rng),
            ]
        ),
        "url": lambda: random_text(rng, 4),
        "related": lambda: (
            [
                rng.choice(
                    [
                        random_text(rng, 5),
                        {"title": random_text(rng, 5), "body": [random_text(rng, 20)]},
                        random_value(rng),
                    ]
                )
                for _ in range(rng.randint(0, 4))
            ]
            if rng.random() < 0.9
            else random_value(rng)
        ),
    }
    for name, make in fields.items():
        if rng.random() < (0.95 if name in ("title", "body") else 0.5):
            record[name] = make()
    return record


def json_bytes(value: object, rng: random.Random, *, indent: int | None = None) -> bytes:
    text = json.dumps(value, ensure_ascii=rng.random() < 0.5, indent=indent)
    return text.encode("utf-8", "surrogatepass")


def generated(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["page", "page", "jsonl", "jsonl", "json", "bytes", "text"])
    if kind == "page":
        lines = [random_text(rng, 6) or "عنوان"]
        if rng.random() < 0.7:
            lines.append(
                "تاريخ النشر: "
                + rng.choice(
                    ["8th, May 2025 GMT", "2024-01-01", "8 مايو 2025", random_text(rng, 3)]
                )
            )
        lines += [random_text(rng, 40) for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.7:
            lines.append("المصدر: " + random_text(rng, 3))
        if rng.random() < 0.7:
            lines.append("كلمات دلالية: " + random_text(rng, 12))
        if rng.random() < 0.5:
            lines.append(rng.choice(["إقرأ أيضاً:", "اقرأ أيضا", "اقرأ أيضًا:"]))
            lines += [random_text(rng, 20) for _ in range(rng.randint(0, 8))]
        data = "\n".join(lines).encode("utf-8", "surrogatepass")
        return rng.choice([".txt", ".txt", ".txt", ".json", ".jsonl"]), data
    if kind == "jsonl":
        records = [random_record(rng) for _ in range(rng.randint(0, 20))]
        data = b"\n".join(json_bytes(r, rng) for r in records)
        return rng.choice([".jsonl", ".jsonl", ".json", ".txt"]), data
    if kind == "json":
        records = [random_record(rng) for _ in range(rng.randint(0, 12))]
        data = json_bytes(
            records if rng.random() < 0.8 else records[:1], rng, indent=rng.choice([None, 1, 2])
        )
        return rng.choice([".json", ".json", ".jsonl", ".txt"]), data
    if kind == "bytes":
        return rng.choice(SUFFIXES), rng.randbytes(rng.choice([0, 1, 10, 500, 70_000]))
    return rng.choice(SUFFIXES), random_text(rng, 200).encode("utf-8", "surrogatepass")


def make_input(rng: random.Random, pool: list[tuple[str, bytes]]) -> tuple[str, str, bytes]:
    """(how it was made, suffix, bytes)."""
    if rng.random() < 0.5:
        suffix, data = rng.choice(pool)
        if rng.random() < 0.15:
            suffix = rng.choice(SUFFIXES)
        return "mutated", suffix, mutate(data, rng, pool)
    suffix, data = generated(rng)
    if rng.random() < 0.3:
        data = mutate(data, rng, pool)
    return "generated", suffix, data


# Checking one input


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def storable(article: Article) -> None:
    """Raise if the article could not be stored or shown: no title, no body, text that does
    not encode, no id."""
    if not article.title.strip() or not article.body:
        raise ValueError("an article without a title or a body")
    texts = [
        article.title,
        *article.body,
        article.source,
        article.url,
        *article.keywords,
        *article.related_titles,
    ]
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"a field that is not text: {type(text).__name__}")
        text.encode("utf-8")
    assert article.id
    for related in article.related:
        storable(related)


def check_file(path: Path, counts: Counter[str]) -> None:
    got_article = False
    for item in read_file(path):
        if isinstance(item, Article):
            storable(item)
            counts["articles"] += 1 + len(item.related)
            got_article = True
        elif isinstance(item, Rejection):
            if "\n" in str(item) or "\r" in str(item):
                raise ValueError(f"a rejection of more than one line: {str(item)!r}")
            counts["rejections"] += 1
        else:
            raise TypeError(f"read_file gave a {type(item).__name__}")
    counts["files with articles" if got_article else "files rejected whole"] += 1


def check_store(path: Path, folder: Path, counts: Counter[str]) -> None:
    store = Store(folder / "store.sqlite3", folder / "state.sqlite3")
    try:
        import_sources(store, [path])
        for row in store.results(Query()).window(0, 200):
            article = store.article(row.id)
            assert article is not None
            display_line(article.title, 40)
            for paragraph in article.body[:3]:
                display_lines(paragraph, 50)
        counts["stored"] += 1
    finally:
        store.close()
        for leftover in folder.glob("*.sqlite3*"):
            leftover.unlink()


def fuzz_chunk(job: tuple[int, int, int, int, float]) -> tuple[Counter[str], list[str], float]:
    seed, first, count, store_every, timeout = job
    pool = seeds()
    counts: Counter[str] = Counter()
    failures: list[str] = []
    slowest = 0.0
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix="qari-fuzz-") as folder:
        root = Path(folder)
        for number in range(first, first + count):
            rng = random.Random(f"{seed}:{number}")
            how, suffix, data = make_input(rng, pool)
            path = root / f"input{suffix}"
            path.write_bytes(data)
            counts[how] += 1
            began = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                check_file(path, counts)
                if store_every and number % store_every == 0:
                    check_store(path, root, counts)
            except Hang:
                failures.append(_save(number, suffix, data, f"took over {timeout} s"))
            except Exception:  # noqa: BLE001 - every exception is what we are looking for
                failures.append(_save(number, suffix, data, traceback.format_exc()))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            slowest = max(slowest, time.perf_counter() - began)
            counts["inputs"] += 1
            counts["bytes"] += len(data)
    return counts, failures, slowest


def _save(number: int, suffix: str, data: bytes, reason: str) -> str:
    FAILURES.mkdir(exist_ok=True)
    (FAILURES / f"{number}{suffix}").write_bytes(data)
    (FAILURES / f"{number}.reason.txt").write_text(reason)
    return f"input {number}{suffix}: {reason.strip().splitlines()[-1]}"


def fuzz(inputs: int, seed: int, jobs: int, store_every: int, timeout: float) -> bool:
    chunk = 500
    work = [
        (seed, first, min(chunk, inputs - first), store_every, timeout)
        for first in range(0, inputs, chunk)
    ]
    totals: Counter[str] = Counter()
    failures: list[str] = []
    slowest = 0.0
    began = time.perf_counter()
    # Not multiprocessing.Pool: its daemon workers could not start an import's own workers.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as workers:
        for done, (counts, failed, slow) in enumerate(workers.map(fuzz_chunk, work), 1):
            totals.update(counts)
            failures += failed
            slowest = max(slowest, slow)
            if done % 20 == 0 or done == len(work):
                rate = totals["inputs"] / (time.perf_counter() - began)
                print(
                    f"  {totals['inputs']:,} inputs, {rate:,.0f}/s, {len(failures)} failures",
                    file=sys.stderr,
                    flush=True,
                )
    elapsed = time.perf_counter() - began
    print("## Fuzzing read_file")
    print(
        f"inputs: {totals['inputs']:,} ({totals['mutated']:,} mutated, "
        f"{totals['generated']:,} generated; {totals['bytes'] / 2**20:,.0f} MB)"
    )
    print(
        f"articles: {totals['articles']:,} (files with articles: {totals['files with articles']:,})"
    )
    print(
        f"rejections: {totals['rejections']:,} (files rejected whole: "
        f"{totals['files rejected whole']:,})"
    )
    print(f"imported into a store and drawn: {totals['stored']:,}")
    print(
        f"uncaught exceptions, unstorable articles, multi-line rejections, hangs: {len(failures)}"
    )
    print(
        f"time: {elapsed:,.1f} s, {totals['inputs'] / elapsed:,.0f} inputs/s with {jobs} "
        f"processes; slowest input {slowest:.2f} s"
    )
    for failure in failures[:20]:
        print(f"  FAILED {failure}")
    return not failures


# Kills


def article_count(store: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.OperationalError:
        return 0


def expected_ids(source: Path) -> set[str]:
    ids: set[str] = set()
    for item in read_file(source):
        if isinstance(item, Article):
            ids.add(item.id)
            ids.update(r.id for r in item.related)
    return ids


def integrity(store: Path, state: Path) -> None:
    for path in (store, state):
        db = sqlite3.connect(path)
        try:
            result = db.execute("PRAGMA integrity_check").fetchall()
        finally:
            db.close()
        if result != [("ok",)]:
            raise AssertionError(f"{path}: integrity_check says {result[:3]}")
    Store(store, state).close()


def exact(store: Path, state: Path, ids: set[str]) -> None:
    integrity(store, state)
    opened = Store(store, state)
    try:
        db = opened.db
        stored = [r[0] for r in db.execute("SELECT id FROM articles")]
        problems = []
        if len(stored) != len(set(stored)):
            problems.append(f"{len(stored) - len(set(stored))} duplicate ids")
        if set(stored) != ids:
            problems.append(f"{len(ids - set(stored))} missing, {len(set(stored) - ids)} extra")
        fts = db.execute("SELECT count(*) FROM fts").fetchone()[0]
        if fts != len(stored):
            problems.append(f"{fts} index rows for {len(stored)} articles")
        db.execute("INSERT INTO fts (fts) VALUES ('integrity-check')")
        if problems:
            raise AssertionError("; ".join(problems))
    finally:
        opened.close()


def kill_once(store: Path, source: Path, env: dict[str, str], delay: float) -> tuple[bool, int]:
    """Start an import, SIGKILL it `delay` seconds after its first commit (seen through
    PRAGMA data_version); whether it was still running, and the articles then stored."""
    watcher = sqlite3.connect(store, timeout=5)
    version = watcher.execute("PRAGMA data_version").fetchone()[0]
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "import", "--store", str(store), str(source)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    began = time.monotonic()
    while process.poll() is None and time.monotonic() - began < 120:
        if watcher.execute("PRAGMA data_version").fetchone()[0] != version:
            break
        time.sleep(0.002)
    watcher.close()
    time.sleep(delay)
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the import's worker processes, if any
    except ProcessLookupError:
        pass
    return alive, article_count(store)


def write_variant(source: Path, records: list[dict], variant: int) -> None:
    """The file re-downloaded: a tenth of it gone, a third edited, a hundred new articles."""
    kept = []
    for n, record in enumerate(records):
        if (n + variant) % 10 == 0:
            continue
        if (n + variant) % 3 == 0:
            record = {**record, "body": [*record["body"], f"تحديث {variant}"]}
        kept.append(record)
    kept += [{"title": f"خبر جديد {variant} رقم {n}", "body": ["نص"]} for n in range(100)]
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8"
    )


def kills(count: int, articles: int, seed: int) -> bool:
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="qari-kills-"))
    try:
        env = dict(
            os.environ,
            XDG_DATA_HOME=str(folder / "data"),
            XDG_STATE_HOME=str(folder / "state"),
            XDG_CONFIG_HOME=str(folder / "config"),
        )
        store, state = folder / "store.sqlite3", folder / "state" / "qari" / "state.sqlite3"
        source = folder / "corpus.jsonl"
        subprocess.run(
            [
                sys.executable,
                str(MAKE_CORPUS),
                str(articles),
                "--out",
                str(source),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        records = [json.loads(line) for line in source.read_text("utf-8").splitlines()]
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tui", "import", "--store", str(folder / "t.db"), str(source)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        full = time.perf_counter() - began
        # The reader's marks, made before any kill, must be there at the end.
        with_state = Store(store, state)
        marked = sorted(expected_ids(source))[:2]
        with_state.set_mark(marked[0], starred=True)
        with_state.record_opened(marked[1])
        with_state.close()
        print(
            f"\n## kill -9 during `qari import` ({articles:,} articles; a whole import takes "
            f"{full:.1f} s)"
        )
        print(
            "Each kill lands a random 0–60 % of that after the import's first commit. Most "
            "kills interrupt a new version of the file (a tenth of it gone, a third edited, "
            "a hundred new articles), the others the same file again.\n"
        )
        print("| kill | file | still importing | articles then | integrity_check, opens |")
        print("|---|---|---|---|---|")
        ok, landed, variant = True, 0, 0
        for number in range(1, count + 1):
            if number > 1 and rng.random() < 0.7:
                variant += 1
                write_variant(source, records, variant)
            alive, stored = kill_once(store, source, env, rng.uniform(0, full * 0.6))
            landed += alive
            try:
                integrity(store, state)
                verdict = "ok"
            except (AssertionError, sqlite3.Error) as error:
                ok, verdict = False, f"FAILED: {error}"
            print(
                f"| {number} | {'version ' + str(variant) if variant else 'first'} | "
                f"{'yes' if alive else 'no (it had finished)'} | {stored:,} | {verdict} |"
            )
        done = subprocess.run(
            [sys.executable, "-m", "tui", "import", "--store", str(store), str(source)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        ids = expected_ids(source)
        try:
            if done.returncode != 0:
                raise AssertionError(f"the run to the end failed: {done.stderr.strip()}")
            exact(store, state, ids)
            verdict = f"exactly the file's {len(ids):,} articles, each once; index consistent"
        except AssertionError as error:
            ok, verdict = False, f"FAILED: {error}"
        reopened = Store(store, state)
        try:
            kept = reopened.rows(
                "SELECT starred FROM state.marks WHERE article_id = ?", (marked[0],)
            ) == [(1,)] and reopened.history() == [marked[1]]
        finally:
            reopened.close()
        print(
            f"\n{count} kills, {landed} while the import was running. After a run to the "
            f"end: {verdict}. Reader state (a star, an opened article) kept: "
            f"{'yes' if kept else 'NO'}."
        )
        return ok and kept
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--store-every",
        type=int,
        default=100,
        help="import every Nth input into a store too (0: never)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds one input may take before it counts as a hang",
    )
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--kill-articles", type=int, default=4000)
    args = parser.parse_args()
    ok = True
    if args.inputs:
        ok = fuzz(args.inputs, args.seed, args.jobs, args.store_every, args.timeout)
    if args.kills:
        ok = kills(args.kills, args.kill_articles, args.seed) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
