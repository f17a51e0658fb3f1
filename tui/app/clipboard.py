"""Copying to the desktop's clipboard with its own tool, where there is a desktop to copy to."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping

TOOL_TIMEOUT = 5


def clipboard_command(env: Mapping[str, str]) -> list[str] | None:
    """The command that puts its input on this desktop's clipboard, or None.

    Over ssh the desktop is at the other end, where only the terminal (OSC 52) can reach it.
    """
    if "SSH_CONNECTION" in env or "SSH_TTY" in env:
        return None
    path = env.get("PATH", "")
    candidates: list[list[str]] = []
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if env.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    for command in candidates:
        found = shutil.which(command[0], path=path)
        if found is not None:
            return [found, *command[1:]]
    return None


def copy_with_tool(text: str, env: Mapping[str, str]) -> bool:
    """Put `text` on the desktop's clipboard; False when there is no tool or it failed."""
    command = clipboard_command(env)
    if command is None:
        return False
    try:
        subprocess.run(
            command,
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TOOL_TIMEOUT,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return True
