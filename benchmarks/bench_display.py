"""Time the display engine on a long Arabic article: first screen and whole article, cold cache."""

from __future__ import annotations

import itertools
import random
import time

from tui.text.display import display_lines, iter_display_lines

WIDTH = 100
SCREEN_LINES = 40
WORDS = 5_000
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىة"
EXTRAS = ["Apple", "iPhone", "2025", "٤٥", "(قنا)", "«عاجل»", "،", "."]


def article(seed: int = 1) -> list[str]:
    """Return paragraphs of 40-120 generated words, WORDS words in all."""
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 9))) for _ in range(3_000)
    ]
    words = [
        rng.choice(EXTRAS) if rng.random() < 0.05 else rng.choice(vocabulary) for _ in range(WORDS)
    ]
    paragraphs = []
    while words:
        size = rng.randint(40, 120)
        paragraphs.append(" ".join(words[:size]))
        words = words[size:]
    return paragraphs


def cold() -> None:
    display_lines.cache_clear()


def main() -> None:
    paragraphs = article()
    cold()
    start = time.perf_counter()
    first = list(itertools.islice(iter_display_lines(paragraphs, WIDTH), SCREEN_LINES))
    first_screen = time.perf_counter() - start
    cold()
    start = time.perf_counter()
    every = list(iter_display_lines(paragraphs, WIDTH))
    whole = time.perf_counter() - start
    print(f"article: {WORDS} words, {len(paragraphs)} paragraphs, width {WIDTH}")
    print(f"first screen ({len(first)} lines): {first_screen * 1000:.1f} ms")
    print(f"all {len(every)} lines: {whole * 1000:.1f} ms")


if __name__ == "__main__":
    main()
