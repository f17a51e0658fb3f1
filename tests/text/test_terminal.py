"""Tests for tui.text.terminal: naming the terminal, and how qari draws Arabic in each."""

from __future__ import annotations

import pytest

from tui.text.terminal import (
    BDSM_EXPLICIT,
    BDSM_IMPLICIT,
    PROFILES,
    Detected,
    choose_setup,
    from_environment,
    from_replies,
    through_tmux,
)

# What each terminal answered to XTVERSION, secondary DA and primary DA, captured in it
# (WezTerm's XTVERSION in the form its documentation gives).
REPLIES = {
    "xterm": "\x1bP>|XTerm(379)\x1b\\\x1b[>41;379;0c\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c",
    "vte": "\x1b[>65;7006;1c\x1b[?65;1;9c",
    "kitty": "\x1bP>|kitty(0.26.5)\x1b\\\x1b[>1;4000;26c\x1b[?62;c",
    "mlterm": "\x1b[>24;279;0c\x1b[?63;1;2;3;4;6;7;15;18;22;29c",
    "konsole": "\x1bP>|Konsole 22.12.3\x1b\\\x1b[>1;115;0c\x1b[?62;1;4c",
    "foot": "\x1bP>|foot(1.13.1)\x1b\\\x1b[>1;011301;0c\x1b[?62;4;22c",
    "wezterm": "\x1bP>|WezTerm 20240203-110809-5046fc22\x1b\\\x1b[>1;277;0c\x1b[?65;4;6;18;22c",
}


@pytest.mark.parametrize(("key", "replies"), REPLIES.items())
def test_a_terminal_is_named_by_its_replies(key: str, replies: str) -> None:
    assert from_replies(replies) == key


@pytest.mark.parametrize(
    "replies",
    [
        "",
        "\x1b[?6c",  # Alacritty answers only the generic DA a dozen terminals send
        "\x1b[>0;1700;1c\x1b[?6c",
        "\x1bP>|tmux 3.3a\x1b\\\x1b[>84;0;0c\x1b[?1;2c",
    ],
)
def test_replies_that_name_no_terminal_give_none(replies: str) -> None:
    assert from_replies(replies) is None


@pytest.mark.parametrize(
    ("env", "key"),
    [
        ({"KONSOLE_VERSION": "221203", "TERM": "xterm-256color"}, "konsole"),
        ({"MLTERM": "3.9.0"}, "mlterm"),
        ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}, "kitty"),
        ({"TERM": "xterm-kitty"}, "kitty"),  # over ssh, TERM is all that is left
        ({"ALACRITTY_WINDOW_ID": "4194311", "TERM": "alacritty"}, "alacritty"),
        ({"TERM": "foot"}, "foot"),
        ({"VTE_VERSION": "7006", "TERM": "xterm-256color"}, "vte"),
        ({"XTERM_VERSION": "XTerm(379)", "TERM": "xterm"}, "xterm"),
        ({"TERM_PROGRAM": "iTerm.app"}, "iterm2"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "apple-terminal"),
        ({"TERM_PROGRAM": "WezTerm"}, "wezterm"),
        ({"WT_SESSION": "1a2b"}, "windows-terminal"),
        ({"TERM": "xterm-256color"}, None),
        ({}, None),
    ],
)
def test_the_environment_names_the_local_terminal(env: dict[str, str], key: str | None) -> None:
    assert from_environment(env) == key


@pytest.mark.parametrize(
    ("key", "bidi"),
    [
        ("xterm", "app"),
        ("vte", "app"),
        ("kitty", "words"),
        ("konsole", "app"),
        ("mlterm", "app"),
        ("alacritty", "app"),
        ("foot", "app"),
        ("iterm2", "terminal"),
        (None, "app"),
    ],
)
def test_auto_draws_in_each_terminals_measured_way(key: str | None, bidi: str) -> None:
    assert choose_setup("auto", "auto", Detected(key)).bidi == bidi


def test_app_mode_turns_bdsm_on_and_off_around_the_session() -> None:
    setup = choose_setup("auto", True, Detected("vte"))
    assert (setup.enter, setup.leave, setup.notice) == (BDSM_EXPLICIT, BDSM_IMPLICIT, None)


@pytest.mark.parametrize("key", ["konsole", "mlterm"])
def test_a_reordering_terminal_with_an_escape_has_its_bidi_off_while_qari_runs(key: str) -> None:
    setup = choose_setup("auto", True, Detected(key))
    profile = PROFILES[key]
    assert setup.bidi == "app"
    assert setup.enter == BDSM_EXPLICIT + profile.off
    assert setup.leave == BDSM_IMPLICIT + profile.on
    # The notice says both ways: BiDi off with --bidi app, or --bidi terminal.
    assert setup.notice is not None and "\n" not in setup.notice
    assert profile.name in setup.notice
    assert "--bidi app" in setup.notice and "--bidi terminal" in setup.notice


def test_konsole_and_mlterm_escapes() -> None:
    assert PROFILES["konsole"].off == "\x1b]50;BidiRenderingEnabled=false\x07"
    assert PROFILES["mlterm"].off == "\x1b]5379;use_ctl=false\x07"


def test_a_terminal_that_cannot_stop_reordering_gets_logical_order_and_a_notice() -> None:
    setup = choose_setup("auto", True, Detected("apple-terminal"))
    assert setup.bidi == "terminal"
    assert (setup.enter, setup.leave) == ("", "")
    assert setup.notice is not None
    assert "Apple Terminal" in setup.notice
    assert "--bidi app" in setup.notice and 'bidi = "app"' in setup.notice


def test_output_that_stays_on_screen_uses_terminal_mode_where_bidi_comes_back() -> None:
    # `qari list` in Konsole: its BiDi is back on as soon as qari ends.
    assert choose_setup("auto", True, Detected("konsole"), lasting=True).bidi == "terminal"
    vte = choose_setup("auto", True, Detected("vte"), lasting=True)
    assert (vte.bidi, vte.enter) == ("app", BDSM_EXPLICIT)


def test_inside_tmux_the_escapes_go_through_to_the_outer_terminal() -> None:
    setup = choose_setup("auto", True, Detected("vte", "tmux", tmux=True))
    assert setup.enter == "\x1bPtmux;\x1b\x1b[8l\x1b\\"
    assert setup.leave == "\x1bPtmux;\x1b\x1b[8h\x1b\\"
    assert through_tmux("\x1b]50;x\x07") == "\x1bPtmux;\x1b\x1b]50;x\x07\x1b\\"


@pytest.mark.parametrize("mode", ["app", "terminal"])
@pytest.mark.parametrize("key", [None, "konsole", "vte"])
def test_an_explicit_mode_wins_silently(mode: str, key: str | None) -> None:
    setup = choose_setup(mode, True, Detected(key))
    assert (setup.bidi, setup.notice) == (mode, None)
    assert bool(setup.enter) == (mode == "app")


def test_app_mode_in_kitty_orders_words_since_kitty_orders_letters_anyway() -> None:
    assert choose_setup("app", True, Detected("kitty")).bidi == "words"
    assert choose_setup("terminal", True, Detected("kitty")).bidi == "terminal"


@pytest.mark.parametrize(
    ("key", "shown"), [("foot", False), ("alacritty", False), ("xterm", True), (None, True)]
)
def test_harakat_auto_hides_marks_where_the_terminal_cannot_draw_them(
    key: str | None, shown: bool
) -> None:
    assert choose_setup("auto", "auto", Detected(key)).harakat is shown
    assert choose_setup("auto", True, Detected(key)).harakat is True
    assert choose_setup("auto", False, Detected(key)).harakat is False


def test_mlterm_gets_no_isolates_since_it_draws_them_as_cells() -> None:
    assert choose_setup("terminal", True, Detected("mlterm")).isolate is False
    assert choose_setup("terminal", True, Detected("konsole")).isolate is True


def test_unknown_modes_are_refused() -> None:
    with pytest.raises(ValueError, match="bidi mode"):
        choose_setup("rtl", True, Detected(None))
    with pytest.raises(ValueError, match="harakat"):
        choose_setup("auto", "sometimes", Detected(None))
