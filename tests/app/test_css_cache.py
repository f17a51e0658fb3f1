"""The parsed stylesheet kept between starts: the next start parses nothing and draws the same,
and a cache file it cannot use costs it only the parsing."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from tui.app.app import QariApp
from tui.app.css_cache import ParsedCss, cache_file
from tui.store.db import Store
from tui.text.display import DisplayOptions

Parses = list[str]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Parses:
    """The name of every CSS source Textual parses from here on."""
    parsed: Parses = []
    original: Callable[..., Any] = Stylesheet._parse_rules

    def counted(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        parsed.append(read_from[1])
        return original(self, css, read_from, is_default_rules, tie_breaker, scope)

    monkeypatch.setattr(Stylesheet, "_parse_rules", counted)
    return parsed


async def first_screen(store: Store, *, cached: bool) -> str:
    """The reader's first screen as an SVG, the stylesheet cached as `qari` caches it."""
    app = QariApp(store, DisplayOptions(), "ar")
    parsed = ParsedCss(cache_file())
    if cached:
        parsed.install(app.stylesheet)
    async with app.run_test(size=(120, 40)) as pilot:
        # Once it is settled: the side panes, the count and the key footer come after the
        # first frame, later on a busy machine.
        screen = ""
        for _ in range(200):
            await pilot.pause(0.05)
            shown, screen = screen, app.export_screenshot()
            if shown == screen and app.main.keywords:
                break
    parsed.save()
    return screen


async def test_the_next_start_parses_nothing_and_draws_the_same(
    sample_store: Store, parses: Parses
) -> None:
    plain = await first_screen(sample_store, cached=False)
    assert "MainScreen.DEFAULT_CSS" in parses
    assert not cache_file().exists()  # written only by a start that caches

    parses.clear()
    first = await first_screen(sample_store, cached=True)
    assert "MainScreen.DEFAULT_CSS" in parses
    assert cache_file().exists()

    parses.clear()
    again = await first_screen(sample_store, cached=True)
    assert parses == []
    assert first == plain
    assert again == plain


@pytest.mark.parametrize(
    "content",
    [
        b"not a pickle",
        pickle.dumps({"textual": [("elsewhere", 1, 2)], "variables": {}, "rules": {}}),
        pickle.dumps(["a", "list"]),
    ],
    ids=["garbage", "another-textual", "wrong-shape"],
)
async def test_a_file_it_cannot_use_is_parsed_over_and_replaced(
    sample_store: Store, parses: Parses, content: bytes
) -> None:
    plain = await first_screen(sample_store, cached=False)
    path = cache_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)

    parses.clear()
    assert await first_screen(sample_store, cached=True) == plain
    assert "MainScreen.DEFAULT_CSS" in parses
    assert ParsedCss(path)._rules  # the file was written again, and is usable


def test_an_unwritable_cache_dir_is_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    parsed = ParsedCss(blocked / "css.pickle")
    parsed._changed = True
    parsed.save()  # its folder is a file: nothing is written, nothing raised
    assert blocked.read_text() == ""


def test_a_textual_that_parses_otherwise_is_left_to_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another Textual's private parsing method, with other arguments: not replaced."""
    original: Callable[..., Any] = Stylesheet._parse_rules

    def other(self: Stylesheet, css: str, location: Any, *, defaults: bool = False) -> Any:
        return original(self, css, location, defaults)

    monkeypatch.setattr(Stylesheet, "_parse_rules", other)
    stylesheet = Stylesheet()
    ParsedCss(tmp_path / "css.pickle").install(stylesheet)
    assert stylesheet._parse_rules.__func__ is other  # type: ignore[attr-defined]
