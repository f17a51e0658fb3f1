"""How right and how fast the related pane is, on our labelled set of Arabic news stories.

    python benchmarks/bench_related.py [--store-1m PATH | --build N] [--sweep]

The labelled set (tests/fixtures/related_eval.jsonl) holds stories, each told by four to six
articles from different outlets and days, wire copies among them, and distractors: articles
that share vocabulary and keywords with a story without being about it. It is imported with
the real importer into a new store, and every article's `related` list is scored:

- precision@5: of the computed matches shown in the first five, the share from the same story
  (averaged over the story articles that show any);
- recall@5: of the article's story companions (at most five), the share shown in the first five;
- distractors with a match: the share of distractors that show any computed match at all.

Each figure is printed for the whole set and for each half of the stories. The threshold is
the lowest at which half A meets the goals (`--sweep` prints the figures for a range of
thresholds); the weights and the news-word list were developed looking at the whole set, so
half B checks the threshold, not the whole method.

Speed: the labelled set is imported into a big store (which keeps them) and `related` is
timed for each of its articles and for articles of the big store, in process (what the
reader's pane waits for) and as the `qari related` command (which adds starting Python). The big store is the one given by
`--store-1m`, or is built with tests/tools/make_corpus.py at `--build` articles (a million takes
about an hour and a half on a shared 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.store import related as related_module
from tui.store.db import Store
from tui.store.importing import import_sources

FIXTURE = ROOT / "tests" / "fixtures" / "related_eval.jsonl"
COMPUTED = {"same-story", "duplicate", "similar"}
TUNED_HALF = ("boat-sfax", "coach-ittihad", "fire-bulaq", "poison-assiut")
AT = 5


def labels() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def ids_by_url(store: Store) -> dict[str, str]:
    return dict(
        store.rows("SELECT url, id FROM articles WHERE url LIKE 'https://eval.qari.test/%'")
    )


def shown(store: Store, ids: dict[str, str]) -> dict[str, list[str]]:
    """Each labelled article's first computed matches, as urls."""
    url_of = {v: k for k, v in ids.items()}
    return {
        url: [
            url_of.get(r.id, r.id)
            for r in related_module.related(store, article_id, limit=AT)
            if r.reason in COMPUTED
        ][:AT]
        for url, article_id in ids.items()
    }


def scores(records: list[dict], found: dict[str, list[str]], stories: Iterable[str]) -> str:
    stories = set(stories)
    story_of = {r["url"]: r["story"] for r in records}
    precision, recall, distractors, matched = [], [], 0, 0
    for record in records:
        url, story = record["url"], record["story"]
        if story is None:
            if record["imitates"] in stories:
                distractors += 1
                matched += bool(found[url])
            continue
        if story not in stories:
            continue
        companions = {u for u, s in story_of.items() if s == story and u != url}
        hits = sum(u in companions for u in found[url])
        if found[url]:
            precision.append(hits / len(found[url]))
        recall.append(hits / min(AT, len(companions)))
    p = statistics.fmean(precision) if precision else 0.0
    r = statistics.fmean(recall) if recall else 0.0
    d = matched / distractors if distractors else 0.0
    return (
        f"precision@5 {p:.3f}  recall@5 {r:.3f}  distractors with a match {d:.0%}"
        f" ({matched}/{distractors})  [{len(recall)} story articles]"
    )


def quality(store: Store, records: list[dict], sweep: bool) -> None:
    ids = ids_by_url(store)
    all_stories = {r["story"] for r in records if r["story"]}
    half_a = set(TUNED_HALF)
    half_b = all_stories - half_a
    if sweep:
        shipped = related_module.THRESHOLD
        for step in range(6, 21):
            related_module.THRESHOLD = step / 100
            found = shown(store, ids)
            print(f"  threshold {step / 100:.2f}  A: {scores(records, found, half_a)}")
            print(f"                  B: {scores(records, found, half_b)}")
        related_module.THRESHOLD = shipped
    found = shown(store, ids)
    print(f"threshold {related_module.THRESHOLD}")
    print(f"  all stories ({len(all_stories)}): {scores(records, found, all_stories)}")
    print(f"  half A, tuned on ({len(half_a)}): {scores(records, found, half_a)}")
    print(f"  half B, held out ({len(half_b)}): {scores(records, found, half_b)}")
    pairs = {frozenset((r["url"], r["duplicate_of"])) for r in records if r.get("duplicate_of")}
    url_of = {v: k for k, v in ids.items()}
    marked = {
        frozenset((url, url_of.get(r.id, r.id)))
        for url in ids
        for r in related_module.related(store, ids[url])
        if r.reason == "duplicate"
    }
    told, false_copies = len(pairs & marked), len(marked - pairs)
    duplicates = pairs
    print(
        f"  wire copies marked duplicate: {told}/{len(duplicates)};"
        f" other articles marked duplicate: {false_copies}"
    )


def build(size: int, folder: Path) -> Path:
    corpus = folder / f"corpus_{size}.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "tests/tools/make_corpus.py"), str(size), "--out", str(corpus)],
        check=True,
    )
    store = folder / f"store_{size}.sqlite3"
    began = time.perf_counter()
    subprocess.run(
        [qari(), "import", "--store", str(store), str(corpus)], check=True, env=env(folder)
    )
    print(f"built a {size:,}-article store in {time.perf_counter() - began:.0f} s")
    return store


def qari() -> str:
    return str(Path(sys.executable).with_name("qari"))


def env(folder: Path) -> dict[str, str]:
    home = folder / "home"
    return dict(
        os.environ,
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
    )


def percentiles(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return (
        f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms,"
        f" max {times[-1] * 1000:.0f} ms"
    )


def speed(big: Path, folder: Path, records: list[dict]) -> None:
    store = Store(big, folder / "bench_state.sqlite3")
    import_sources(store, [FIXTURE])
    total = store.count()
    print(f"speed in a store of {total:,} articles (the labelled set imported into it)")
    ids = list(ids_by_url(store).values())
    top = store.scalar("SELECT max(rowid) FROM articles")
    rng = random.Random(7)
    others = [
        r[0]
        for r in store.rows(
            f"SELECT id FROM articles WHERE rowid IN ({','.join('?' * 60)})",
            [rng.randint(1, top) for _ in range(60)],
        )
    ][:50]
    for name, group in (("labelled articles", ids), ("generated articles", others)):
        related_module.related(store, group[0])  # the first call pays for opening the index
        times, counts = [], []
        for article_id in group:
            began = time.perf_counter()
            rows = related_module.related(store, article_id)
            times.append(time.perf_counter() - began)
            counts.append(sum(r.reason in COMPUTED for r in rows))
        print(
            f"  related(), {len(group)} {name}: {percentiles(times)};"
            f" {statistics.fmean(counts):.1f} computed matches on average"
        )
        found = shown(store, ids_by_url(store)) if name == "labelled articles" else None
        if found is not None:
            stories = {r["story"] for r in records if r["story"]}
            print(f"    quality among {total:,}: {scores(records, found, stories)}")
    store.close()
    times = []
    for article_id in ids[:20]:
        began = time.perf_counter()
        subprocess.run(
            [qari(), "related", article_id, "--json", "--store", str(big)],
            check=True,
            capture_output=True,
            env=env(folder),
        )
        times.append(time.perf_counter() - began)
    began = time.perf_counter()
    subprocess.run([qari(), "--version"], check=True, capture_output=True, env=env(folder))
    start = time.perf_counter() - began
    print(
        f"  `qari related ID --json`, 20 labelled articles: {percentiles(times)}"
        f" (of which starting qari: `qari --version` takes {start * 1000:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--store-1m",
        type=Path,
        help="a big store to time in (the labelled set's 58 articles are imported into it)",
    )
    parser.add_argument("--build", type=int, default=0, help="build a store of N articles")
    parser.add_argument("--sweep", action="store_true", help="figures for other thresholds")
    args = parser.parse_args()
    records = labels()
    with tempfile.TemporaryDirectory(prefix="bench_related_") as tmp:
        folder = Path(tmp)
        store = Store(folder / "eval.sqlite3", folder / "eval_state.sqlite3")
        summary = import_sources(store, [FIXTURE])
        print(
            f"labelled set: {summary.imported} articles,"
            f" {len({r['story'] for r in records if r['story']})} stories,"
            f" {sum(r['story'] is None for r in records)} distractors"
        )
        quality(store, records, args.sweep)
        store.close()
        big = args.store_1m
        if big is None and args.build:
            big = build(args.build, folder)
        if big is not None:
            speed(big, folder, records)


if __name__ == "__main__":
    main()
