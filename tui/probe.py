"""Find the terminal qari draws in: from the environment, from tmux, or by asking the terminal."""

from __future__ import annotations

import os
import re
import select
import subprocess
import termios
import time
from collections.abc import Callable, Mapping

from tui.text.terminal import Detected, Setup, choose_setup, from_environment, from_replies

# XTVERSION, secondary DA, then primary DA: every terminal answers the last, so its reply means
# no other answer is still coming and the wait ends early.
QUERIES = b"\x1b[>0q\x1b[>c\x1b[c"
# A terminal answers at once, but over ssh the answer crosses the network twice. Replies that
# come after the wait would reach the app as keys, so the remote wait is the longer one; the
# primary DA reply ends either as soon as it comes.
QUERY_TIMEOUT = 0.3
REMOTE_QUERY_TIMEOUT = 1.5
_PRIMARY_DA_REPLY = re.compile(rb"\x1b\[\?[0-9;]*c")
_TMUX_VERSION = re.compile(r"\x1bP>\|tmux")
TMUX_TIMEOUT = 2.0


def ask_terminal(fd_in: int, fd_out: int, timeout: float = QUERY_TIMEOUT) -> str:
    """Send the identity queries to the terminal on `fd_out` and return its replies on `fd_in`.

    Must run before anything else reads the terminal (Textual): the replies arrive as input.
    Returns "" when the terminal says nothing within `timeout` seconds.
    """
    saved = termios.tcgetattr(fd_in)
    raw = termios.tcgetattr(fd_in)
    raw[3] &= ~(termios.ICANON | termios.ECHO)  # lflag: byte by byte, not echoed back
    raw[6][termios.VMIN] = 0
    raw[6][termios.VTIME] = 0
    termios.tcsetattr(fd_in, termios.TCSANOW, raw)
    got = b""
    try:
        os.write(fd_out, QUERIES)
        end = time.monotonic() + timeout
        while not _PRIMARY_DA_REPLY.search(got):
            left = end - time.monotonic()
            if left <= 0 or not select.select([fd_in], [], [], left)[0]:
                break
            chunk = os.read(fd_in, 1024)
            if not chunk:
                break
            got += chunk
    finally:
        termios.tcsetattr(fd_in, termios.TCSANOW, saved)
    return got.decode("utf-8", "replace")


def _tmux(env: Mapping[str, str], *args: str) -> str | None:
    """Run a tmux command for qari's pane; its output, or None when tmux is not there."""
    try:
        done = subprocess.run(
            ["tmux", *args],
            check=False,
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def _pane(env: Mapping[str, str]) -> list[str]:
    pane = env.get("TMUX_PANE")
    return ["-t", pane] if pane else []


def from_tmux(env: Mapping[str, str]) -> str | None:
    """The terminal of the tmux client showing qari's pane: what it answered tmux to XTVERSION
    (tmux 3.3 asks), else its TERM, else what the tmux server's environment says."""
    answer = _tmux(
        env, "display-message", "-p", *_pane(env), "#{client_termtype}\t#{client_termname}"
    )
    if answer is not None:
        termtype, _, termname = answer.partition("\t")
        found = from_replies(f"\x1bP>|{termtype}\x1b\\") if termtype else None
        if found is None and termname:
            found = from_environment({"TERM": termname})
        if found is not None:
            return found
    # The pane inherits the environment of the terminal that started the server.
    return from_environment({k: v for k, v in env.items() if k not in ("TERM", "TERM_PROGRAM")})


def detect(env: Mapping[str, str], fd_in: int | None = None, fd_out: int | None = None) -> Detected:
    """Which terminal qari draws in.

    Locally the environment says; inside tmux, tmux says; over ssh (or when the environment
    names nothing) the terminal is asked, when `fd_in` and `fd_out` are a terminal.
    """
    if "TMUX" in env:
        return Detected(from_tmux(env), "tmux", tmux=True)
    named = from_environment(env)
    remote = any(k in env for k in ("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"))
    if (remote or named is None) and _is_terminal(fd_in) and _is_terminal(fd_out):
        assert fd_in is not None and fd_out is not None
        if not _in_foreground(fd_in):
            # Changing a terminal's modes from the background (`qari list &`) stops the process.
            return Detected(named, "environment")
        replies = ask_terminal(fd_in, fd_out, REMOTE_QUERY_TIMEOUT if remote else QUERY_TIMEOUT)
        found = from_replies(replies)
        if found is not None:
            return Detected(found, "query")
        if _TMUX_VERSION.search(replies):
            # A tmux on the far side of ssh: the terminal behind it is unknown.
            return Detected(named, "query", tmux=True)
    return Detected(named, "environment")


def allow_passthrough(env: Mapping[str, str]) -> Callable[[], None]:
    """Let qari's tmux pane pass escapes to the terminal outside (tmux 3.3 forbids it by
    default); return what puts the pane's setting back as it was."""
    pane = _pane(env)
    before = _tmux(env, "show-options", "-p", "-v", *pane, "allow-passthrough")
    if before is None or before in ("on", "all"):
        return lambda: None
    _tmux(env, "set-option", "-p", *pane, "allow-passthrough", "on")

    def restore() -> None:
        if before:
            _tmux(env, "set-option", "-p", *pane, "allow-passthrough", before)
        else:
            _tmux(env, "set-option", "-p", "-u", *pane, "allow-passthrough")

    return restore


def terminal_setup(
    requested: str, harakat: bool | str, env: Mapping[str, str], *, lasting: bool = False
) -> tuple[Setup, Callable[[], None]]:
    """Detect the terminal on stdin/stdout and decide how to draw in it; with what undoes any
    change made to tmux on the way."""
    fds = (0, 1) if _is_terminal(0) and _is_terminal(1) else (None, None)
    setup = choose_setup(requested, harakat, detect(env, *fds), lasting=lasting)
    if setup.enter and "TMUX" in env:
        return setup, allow_passthrough(env)
    return setup, lambda: None


def _in_foreground(fd: int) -> bool:
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:
        return True  # not our controlling terminal: no job control can stop us


def _is_terminal(fd: int | None) -> bool:
    try:
        return fd is not None and os.isatty(fd)
    except OSError:
        return False
