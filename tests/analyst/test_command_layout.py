"""How the analyst's commands lay out their answers: bars, and tables on a terminal."""

from __future__ import annotations

from tui.analyst.commands import bar, searches_lines, stats_lines
from tui.store.saved import SavedSearch
from tui.store.stats import Shape
from tui.text.display import DisplayOptions, visual

SHAPE = Shape(
    total=7,
    period="month",
    by_period=[("2025-01", 4), ("2025-02", 0), ("2025-03", 2)],
    undated=1,
    sources=[("صحيفة الوادي", 5), ("الأهرام", 2)],
    keywords=[("مياه", 6)],
)


def test_a_bar_is_as_long_as_its_share_in_eighths_of_a_cell() -> None:
    assert bar(4, 4, 10) == "█" * 10
    assert bar(2, 4, 10) == "█" * 5 + " " * 5
    assert bar(1, 8, 1) == "▏"
    assert bar(1, 1000, 4).startswith("▏")  # never nothing for something
    assert bar(0, 4, 3) == "   "


def test_stats_on_a_pipe_are_tab_separated_logical_text() -> None:
    lines = stats_lines(SHAPE, None, 0)
    assert lines[:2] == ["total\t7", "undated\t1"]
    assert "صحيفة الوادي\t5" in lines and "2025-02\t0" in lines


def test_stats_on_a_terminal_shape_names_and_draw_bars() -> None:
    lines = stats_lines(SHAPE, DisplayOptions(), 80)
    assert lines[0] == "7 articles (1 undated)"
    source = next(line for line in lines if visual("صحيفة الوادي") in line)
    assert source.rstrip().endswith("█" * 48)
    assert all(len(line) <= 80 for line in lines)
    assert not any("صحيفة" in line for line in lines)  # shaped, never logical


def test_saved_searches_on_a_pipe_and_on_a_terminal() -> None:
    found = [SavedSearch("مياه أسوان", "أسوان -#رياضة", 3, 5)]
    assert searches_lines(found, None) == ["مياه أسوان\t3\t5\tأسوان -#رياضة"]
    shown = searches_lines(found, DisplayOptions())
    assert visual("مياه أسوان") in shown[1] and shown[1].lstrip().startswith("3")
