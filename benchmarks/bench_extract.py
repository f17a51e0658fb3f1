"""Article extraction on our Arabic page fixtures: qari's extractor, and trafilatura if present.

    python benchmarks/bench_extract.py [--rounds 50]

For each page in tests/feeds/fixtures/pages (expected.json holds each page's body, written
by hand), prints the paragraphs each extractor keeps that are not the article (precision),
the article's paragraphs it finds (recall), and the time per page. trafilatura is not a
dependency of qari: `pip install trafilatura lxml_html_clean` to compare with it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.feeds.extract import decode_page, extract_page

PAGES = ROOT / "tests" / "feeds" / "fixtures" / "pages"


def ours(markup: str) -> list[str]:
    return list(extract_page(markup).body)


def extractors() -> dict[str, Callable[[str], list[str]]]:
    found: dict[str, Callable[[str], list[str]]] = {"qari": ours}
    try:
        import trafilatura
    except ImportError:
        return found

    def with_trafilatura(markup: str) -> list[str]:
        text = trafilatura.extract(markup, include_comments=False, include_tables=False)
        return [line.strip() for line in (text or "").split("\n") if line.strip()]

    found["trafilatura"] = with_trafilatura
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    pages = {}
    for name in expected:
        data = (
            (PAGES / name)
            .read_text(encoding="utf-8")
            .encode("cp1256" if "1256" in name else "utf-8")
        )
        pages[name] = decode_page(data)
    for label, extract in extractors().items():
        kept = found = wanted = 0
        began = time.perf_counter()
        for _ in range(args.rounds):
            results = {name: extract(markup) for name, markup in pages.items()}
        per_page = (time.perf_counter() - began) / (args.rounds * len(pages)) * 1000
        for name, body in results.items():
            want = expected[name]["body"]
            kept += len(body)
            found += len(set(body) & set(want))
            wanted += len(want)
            for extra in (p for p in body if p not in want):
                print(f"  {label} {name}: not the article: {extra[:60]}")
        print(
            f"{label}: precision {found / max(kept, 1):.2f}, recall {found / wanted:.2f}, "
            f"{per_page:.2f} ms a page"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
