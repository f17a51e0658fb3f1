"""Decide who reorders bidi text, the app or the terminal, and the escapes that say so."""

from __future__ import annotations

from collections.abc import Mapping

from tui.types import BIDI_CHOICES, BidiMode

# BDSM (ECMA-48 bidirectional support mode): explicit mode means the terminal must not reorder.
# Write BDSM_EXPLICIT before entering the alternate screen, BDSM_IMPLICIT after leaving it.
BDSM_EXPLICIT = "\x1b[8l"
BDSM_IMPLICIT = "\x1b[8h"


def _reordering_terminal(env: Mapping[str, str]) -> str | None:
    """Name the terminal when it reorders text on its own and ignores BDSM, else None."""
    if "KONSOLE_VERSION" in env or "KONSOLE_DBUS_SESSION" in env:
        return "Konsole"
    if "MLTERM" in env:
        return "mlterm"
    program = env.get("TERM_PROGRAM", "")
    if program == "Apple_Terminal":
        return "Apple Terminal"
    if program == "iTerm.app":
        return "iTerm2"
    return None


def choose_bidi_mode(requested: str, env: Mapping[str, str]) -> tuple[BidiMode, str | None]:
    """Return the bidi mode to use ("app" or "terminal") and a one-line notice, or None.

    "auto" lets the terminal reorder only when it would anyway: drawing text the app already
    reordered, such a terminal would reverse it a second time.
    """
    if requested == "app":
        return "app", None
    if requested == "terminal":
        return "terminal", None
    if requested != "auto":
        raise ValueError(f"bidi mode must be one of {', '.join(BIDI_CHOICES)}, not {requested!r}")
    terminal = _reordering_terminal(env)
    if terminal is None:
        return "app", None
    notice = (
        f"{terminal} reorders Arabic itself, so qari lets it (bidi: terminal); "
        'if text looks reversed, run with --bidi app or set bidi = "app" in the config file.'
    )
    return "terminal", notice
