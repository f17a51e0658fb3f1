"""Which terminal draws qari, what it does with Arabic, and how qari writes Arabic for it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from tui.text.display import Bidi
from tui.types import BIDI_CHOICES

# BDSM (ECMA-48 bidirectional support mode): explicit mode means the terminal must not reorder.
# Write BDSM_EXPLICIT before entering the alternate screen, BDSM_IMPLICIT after leaving it.
BDSM_EXPLICIT = "\x1b[8l"
BDSM_IMPLICIT = "\x1b[8h"

BIDI_MODES = BIDI_CHOICES
HARAKAT_MODES = (True, False, "auto")


class Profile(NamedTuple):
    """What one terminal does with Arabic, as measured in it."""

    name: str  # as people know it
    bidi: Bidi  # how qari writes for it when left to choose
    marks: bool = True  # draws harakat on their own letter
    off: str = ""  # the escape that turns the terminal's own BiDi off while qari runs
    on: str = ""  # and the one that turns it back on
    isolates: bool = True  # draws RLI and PDI as nothing (mlterm gives each a cell)


PROFILES: dict[str, Profile] = {
    "xterm": Profile("xterm", "app"),
    "vte": Profile("VTE (GNOME Terminal, xfce4-terminal)", "app"),
    # kitty shapes each word itself and draws its letters right to left: qari orders the words.
    "kitty": Profile("kitty", "words"),
    # Konsole and mlterm reorder every row; each has its own escape to stop that for a session.
    "konsole": Profile(
        "Konsole",
        "app",
        off="\x1b]50;BidiRenderingEnabled=false\x07",
        on="\x1b]50;BidiRenderingEnabled=true\x07",
    ),
    "mlterm": Profile(
        "mlterm",
        "app",
        off="\x1b]5379;use_ctl=false\x07",
        on="\x1b]5379;use_ctl=true\x07",
        isolates=False,
    ),
    # foot drops the letter under some harakat; Alacritty draws them on the next cell.
    "alacritty": Profile("Alacritty", "app", marks=False),
    "foot": Profile("foot", "app", marks=False),
    "wezterm": Profile("WezTerm", "app"),
    "windows-terminal": Profile("Windows Terminal", "app"),
    # These reorder and have no escape to stop it: they get logical order.
    "iterm2": Profile("iTerm2", "terminal"),
    "apple-terminal": Profile("Apple Terminal", "terminal"),
}
UNKNOWN = Profile("this terminal", "app")


class Detected(NamedTuple):
    """The terminal found, and where qari found out."""

    key: str | None  # a key of PROFILES, None when unknown
    via: str = "environment"  # "environment", "tmux" or "query"
    tmux: bool = False  # qari runs inside tmux: escapes for the terminal go through it

    @property
    def profile(self) -> Profile:
        return PROFILES.get(self.key or "", UNKNOWN)


class Setup(NamedTuple):
    """How qari draws in the detected terminal, and what it writes around its session."""

    bidi: Bidi
    harakat: bool
    isolate: bool  # terminal mode may wrap lines in RLI…PDI
    enter: str  # written before qari takes the screen
    leave: str  # written after it gives it back (also on a crash and while suspended)
    notice: str | None


def from_environment(env: Mapping[str, str]) -> str | None:
    """The terminal the environment names, when it names one (only reliable locally)."""
    program = env.get("TERM_PROGRAM", "")
    term = env.get("TERM", "")
    if "KONSOLE_VERSION" in env or "KONSOLE_DBUS_SESSION" in env:
        return "konsole"
    if "MLTERM" in env or term.startswith("mlterm"):
        return "mlterm"
    if "KITTY_WINDOW_ID" in env or term == "xterm-kitty":
        return "kitty"
    if "ALACRITTY_WINDOW_ID" in env or "ALACRITTY_SOCKET" in env or term == "alacritty":
        return "alacritty"
    if term.startswith("foot"):
        return "foot"
    if "VTE_VERSION" in env:
        return "vte"
    if "WT_SESSION" in env:
        return "windows-terminal"
    known = {"iTerm.app": "iterm2", "Apple_Terminal": "apple-terminal", "WezTerm": "wezterm"}
    if program in known:
        return known[program]
    if "XTERM_VERSION" in env:
        return "xterm"
    return None


_XTVERSION_NAMES = (
    ("xterm", "xterm"),
    ("kitty", "kitty"),
    ("foot", "foot"),
    ("konsole", "konsole"),
    ("mlterm", "mlterm"),
    ("wezterm", "wezterm"),
    ("iterm2", "iterm2"),
    ("alacritty", "alacritty"),
    ("vte", "vte"),
)


def from_xtversion(text: str) -> str | None:
    """The terminal named by an XTVERSION reply's text ("XTerm(379)", "kitty(0.26.5)", …)."""
    lowered = text.lower()
    for word, key in _XTVERSION_NAMES:
        if lowered.startswith(word):
            return key
    return None


def from_secondary_da(params: list[int]) -> str | None:
    """The terminal a secondary device attributes reply (CSI > Pp ; Pv ; Pc c) points to.

    Only the identities no other terminal is known to send: many answer with a generic one.
    """
    if not params:
        return None
    if params[0] == 65:
        return "vte"
    if params[0] == 24:
        return "mlterm"
    if params[0] == 41:
        return "xterm"
    if params[:2] == [1, 115]:
        return "konsole"
    if params[:2] == [1, 4000]:
        return "kitty"
    return None


_DCS_REPLY = re.compile(r"\x1bP>\|([^\x1b]*)\x1b\\")
_DA2_REPLY = re.compile(r"\x1b\[>([0-9;]*)c")


def from_replies(replies: str) -> str | None:
    """The terminal named by what it answered to XTVERSION and secondary DA."""
    version = _DCS_REPLY.search(replies)
    if version:
        found = from_xtversion(version.group(1))
        if found:
            return found
    attributes = _DA2_REPLY.search(replies)
    if attributes:
        params = [int(p) for p in attributes.group(1).split(";") if p.isdigit()]
        return from_secondary_da(params)
    return None


def through_tmux(sequence: str) -> str:
    """`sequence` wrapped for tmux to pass to the terminal outside it (needs allow-passthrough)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def choose_setup(
    requested: str, harakat: bool | str, detected: Detected, *, lasting: bool = False
) -> Setup:
    """Decide how to draw Arabic in the detected terminal.

    "auto" takes the terminal's measured way; "app" has qari order everything (on kitty, the
    words: kitty orders letters whatever it is told) and turns off the terminal's own BiDi where
    an escape can; "terminal" sends logical order for a terminal that reorders itself.
    `lasting`: the output stays on screen after qari ends (`qari list`).
    """
    if requested not in BIDI_MODES:
        raise ValueError(f"bidi mode must be one of {', '.join(BIDI_MODES)}, not {requested!r}")
    if harakat not in HARAKAT_MODES:
        raise ValueError(f"harakat must be true, false or auto, not {harakat!r}")
    profile = detected.profile
    if requested == "terminal":
        bidi: Bidi = "terminal"
    elif requested == "app":
        bidi = "words" if profile.bidi == "words" else "app"
    else:
        bidi = profile.bidi
    if lasting and profile.off and bidi == "app":
        # Output that stays on the screen after qari ends must suit the terminal with its own
        # BiDi back on: Konsole and mlterm reorder what is on screen again when it comes back.
        bidi = "terminal"
    enter = leave = ""
    if bidi != "terminal":
        enter, leave = BDSM_EXPLICIT + profile.off, BDSM_IMPLICIT + profile.on
        if detected.tmux:
            # tmux keeps these to itself: the terminal outside must be told through it.
            enter, leave = through_tmux(enter), through_tmux(leave)
    notice = _notice(bidi, profile) if requested == "auto" and not lasting else None
    return Setup(
        bidi,
        profile.marks if harakat == "auto" else bool(harakat),
        profile.isolates,
        enter,
        leave,
        notice,
    )


def _notice(bidi: Bidi, profile: Profile) -> str | None:
    """One line saying what qari did about the terminal's BiDi, and both ways to do better."""
    both_ways = (
        "for the best picture turn the terminal's own BiDi off and run with --bidi app "
        '(or bidi = "app" in the config file); --bidi terminal lets the terminal order the text'
    )
    if bidi == "terminal":
        return (
            f"{profile.name} reorders Arabic itself, so qari sends it in logical order; "
            f"{both_ways}."
        )
    if profile.off:
        return (
            f"qari turns {profile.name}'s own BiDi off while it runs and back on when it ends; "
            f"if Arabic looks reversed, {both_ways}."
        )
    return None
