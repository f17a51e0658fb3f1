"""Tests for tui.text.terminal: who reorders, the app or the terminal."""

from __future__ import annotations

import pytest

from tui.text.terminal import choose_bidi_mode


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"KONSOLE_VERSION": "230804"}, "Konsole"),
        ({"KONSOLE_DBUS_SESSION": "/Sessions/1"}, "Konsole"),
        ({"MLTERM": "3.9.3"}, "mlterm"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "Apple Terminal"),
        ({"TERM_PROGRAM": "iTerm.app"}, "iTerm2"),
    ],
)
def test_auto_lets_a_terminal_that_always_reorders_do_it(env: dict[str, str], name: str) -> None:
    mode, notice = choose_bidi_mode("auto", {"TERM": "xterm-256color", **env})
    assert mode == "terminal"
    assert notice is not None
    assert "\n" not in notice
    assert name in notice
    assert "--bidi app" in notice
    assert 'bidi = "app"' in notice


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"TERM": "xterm-256color"},
        {"TERM_PROGRAM": "vscode"},
        {"TERM_PROGRAM": "WezTerm"},
        {"VTE_VERSION": "7600"},
        {"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"},
    ],
)
def test_auto_keeps_the_work_in_the_app_elsewhere(env: dict[str, str]) -> None:
    assert choose_bidi_mode("auto", env) == ("app", None)


@pytest.mark.parametrize("mode", ["app", "terminal"])
@pytest.mark.parametrize("env", [{}, {"KONSOLE_VERSION": "230804"}])
def test_an_explicit_mode_wins_silently(mode: str, env: dict[str, str]) -> None:
    assert choose_bidi_mode(mode, env) == (mode, None)


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="bidi mode"):
        choose_bidi_mode("rtl", {})
