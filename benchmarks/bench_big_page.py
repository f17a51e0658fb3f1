"""Peak memory of importing one huge scraped page (200 MB by default), against the goal of
400 MB: `python benchmarks/bench_big_page.py [--megabytes N]`.

The page is written by this script: a title, a date, paragraphs of Arabic words drawn from a
vocabulary of a few thousand, a source and keywords. The installed `qari import` reads it into
a new store; the figure is the child's peak resident set size as the kernel counts it."""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
GOAL_MB = 400


def write_page(path: Path, megabytes: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 8))) for _ in range(6000)
    ]
    target = megabytes << 20
    with path.open("w", encoding="utf-8") as page:
        page.write("تقرير مطول عن الموسم الزراعي في صعيد مصر\n")
        page.write("تاريخ النشر: 2025-05-08\n")
        written = 0
        paragraph = 0
        while written < target:
            words = rng.choices(vocabulary, k=rng.randint(40, 160))
            line = f"{' '.join(words)} {paragraph}.\n"
            page.write(line)
            written += len(line.encode("utf-8"))
            paragraph += 1
        page.write("المصدر: الوادي\nكلمات دلالية: الزراعة، الصعيد\n")
    return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    qari = shutil.which("qari", path=str(Path(sys.executable).parent)) or "qari"
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.txt"
        size = write_page(page, args.megabytes)
        began = time.perf_counter()
        done = subprocess.run(
            [qari, "import", "--store", str(Path(tmp) / "store.sqlite3"), str(page)],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - began
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        listed = subprocess.run(
            [qari, "list", "--store", str(Path(tmp) / "store.sqlite3"), "--search", "الصعيد"],
            capture_output=True,
            text=True,
            check=False,
        )
        found = len(listed.stdout.splitlines())
        if found != 1:
            print(f"qari list said: {listed.stdout!r} {listed.stderr!r}", file=sys.stderr)
        store_mb = (Path(tmp) / "store.sqlite3").stat().st_size / (1 << 20)
    print(f"page: {size / (1 << 20):.0f} MB; import: {seconds:.1f} s; store: {store_mb:.0f} MB")
    print(f"peak RSS of qari import: {peak_mb:.0f} MB (goal: under {GOAL_MB} MB)")
    print(f"the article is found by a search: {'yes' if found == 1 else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
