"""Tests for tui.probe: asking a terminal who it is (a pty whose other end answers) and tmux."""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.probe import QUERIES, allow_passthrough, ask_terminal, detect, from_tmux

KONSOLE = b"\x1bP>|Konsole 22.12.3\x1b\\\x1b[>1;115;0c\x1b[?62;1;4c"
VTE = b"\x1b[>65;7006;1c\x1b[?65;1;9c"


class FakeTerminal:
    """The far end of a pty that answers the identity queries as a given terminal would."""

    def __init__(self, answer: bytes, delay: float = 0.0) -> None:
        self.master, self.slave = os.openpty()
        self.answer = answer
        self.delay = delay
        self.heard = b""
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while QUERIES not in self.heard:
            try:
                chunk = os.read(self.master, 1024)
            except OSError:
                return
            if not chunk:
                return
            self.heard += chunk
        time.sleep(self.delay)
        try:
            os.write(self.master, self.answer)
        except OSError:
            return  # the test is over and closed the pty

    def close(self) -> None:
        os.close(self.slave)
        os.close(self.master)
        self._thread.join(timeout=2)


@pytest.fixture
def terminal() -> Iterator[type[FakeTerminal]]:
    made: list[FakeTerminal] = []

    def make(answer: bytes, delay: float = 0.0) -> FakeTerminal:
        fake = FakeTerminal(answer, delay)
        made.append(fake)
        return fake

    yield make  # type: ignore[misc]
    for fake in made:
        fake.close()


def test_the_terminal_is_asked_and_its_answer_returned(terminal) -> None:
    fake = terminal(KONSOLE)
    assert ask_terminal(fake.slave, fake.slave) == KONSOLE.decode()
    assert fake.heard == QUERIES


def test_the_wait_ends_at_the_primary_da_reply_not_the_timeout(terminal) -> None:
    fake = terminal(VTE)
    began = time.monotonic()
    assert ask_terminal(fake.slave, fake.slave, timeout=30) == VTE.decode()
    assert time.monotonic() - began < 20


def test_a_silent_terminal_gives_nothing_after_the_timeout(terminal) -> None:
    fake = terminal(b"")
    assert ask_terminal(fake.slave, fake.slave, timeout=0.2) == ""


def test_an_answer_after_the_timeout_is_not_waited_for(terminal) -> None:
    fake = terminal(KONSOLE, delay=1.0)
    assert ask_terminal(fake.slave, fake.slave, timeout=0.1) == ""


def test_over_ssh_the_terminal_is_asked_even_when_term_names_another(terminal) -> None:
    fake = terminal(KONSOLE)
    env = {"SSH_TTY": "/dev/pts/3", "TERM": "xterm-256color"}
    assert detect(env, fake.slave, fake.slave) == ("konsole", "query", False)


def test_locally_the_environment_is_enough_and_nothing_is_asked(terminal) -> None:
    fake = terminal(KONSOLE)
    assert detect({"VTE_VERSION": "7006"}, fake.slave, fake.slave) == ("vte", "environment", False)
    time.sleep(0.1)
    assert fake.heard == b""


def test_an_environment_that_names_nothing_leads_to_asking(terminal) -> None:
    fake = terminal(VTE)
    assert detect({"TERM": "xterm-256color"}, fake.slave, fake.slave).key == "vte"


def test_a_tmux_on_the_far_side_of_ssh_is_noticed(terminal) -> None:
    fake = terminal(b"\x1bP>|tmux 3.3a\x1b\\\x1b[>84;0;0c\x1b[?1;2c")
    assert detect({"SSH_CONNECTION": "x"}, fake.slave, fake.slave) == (None, "query", True)


def test_the_terminal_settings_are_put_back(terminal) -> None:
    import termios

    fake = terminal(KONSOLE)
    before = termios.tcgetattr(fake.slave)
    ask_terminal(fake.slave, fake.slave)
    assert termios.tcgetattr(fake.slave) == before


# tmux: a stand-in `tmux` on PATH answers as tmux 3.3 does and notes what it was asked.


def fake_tmux(tmp_path: Path, display: str, passthrough: str = "") -> dict[str, str]:
    log = tmp_path / "tmux.log"
    script = tmp_path / "bin" / "tmux"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        'case "$1" in\n'
        f"  display-message) printf '%s\\n' '{display}' ;;\n"
        f"  show-options) printf '%s\\n' '{passthrough}' ;;\n"
        "esac\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return {
        "PATH": f"{script.parent}:{os.environ.get('PATH', '')}",
        "TMUX": "/tmp/tmux-0/default,1,0",
        "TMUX_PANE": "%3",
        "TERM": "tmux-256color",
    }


def asked(tmp_path: Path) -> list[str]:
    return (tmp_path / "tmux.log").read_text().splitlines()


def test_inside_tmux_the_clients_xtversion_answer_names_the_terminal(tmp_path: Path) -> None:
    env = fake_tmux(tmp_path, "kitty(0.26.5)\txterm-kitty")
    assert detect(env) == ("kitty", "tmux", True)
    assert asked(tmp_path)[0].startswith("display-message -p -t %3 ")


def test_inside_tmux_the_clients_term_is_next(tmp_path: Path) -> None:
    assert from_tmux(fake_tmux(tmp_path, "\tfoot")) == "foot"


def test_inside_tmux_the_servers_environment_is_last(tmp_path: Path) -> None:
    # VTE answers no XTVERSION and its TERM is xterm-256color: the environment tmux inherited
    # from the terminal that started it is what is left.
    env = fake_tmux(tmp_path, "\txterm-256color")
    assert from_tmux({**env, "VTE_VERSION": "7006"}) == "vte"
    assert from_tmux(env) is None


def test_passthrough_is_allowed_for_qaris_pane_and_put_back(tmp_path: Path) -> None:
    env = fake_tmux(tmp_path, "", passthrough="")
    restore = allow_passthrough(env)
    assert asked(tmp_path)[-1] == "set-option -p -t %3 allow-passthrough on"
    restore()
    assert asked(tmp_path)[-1] == "set-option -p -u -t %3 allow-passthrough"


def test_passthrough_already_on_is_left_alone(tmp_path: Path) -> None:
    env = fake_tmux(tmp_path, "", passthrough="on")
    allow_passthrough(env)()
    assert not any(line.startswith("set-option") for line in asked(tmp_path))


def test_without_tmux_nothing_breaks(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "TMUX": "x", "TMUX_PANE": "%1", "VTE_VERSION": "7006"}
    assert detect(env) == ("vte", "tmux", True)
    allow_passthrough(env)()


BACKGROUND_CHILD = """
import os, sys
from tui.probe import detect
os.setsid()
fd = os.open(sys.argv[1], os.O_RDWR)  # the pty becomes this session's terminal
pid = os.fork()
if pid == 0:
    os.setpgid(0, 0)  # a job in the background, as `qari list &` is
    found = detect({"TERM": "xterm-256color"}, fd, fd)
    os.write(1, repr(tuple(found)).encode())
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_a_job_in_the_background_does_not_touch_the_terminal(terminal) -> None:
    import subprocess
    import sys

    fake = terminal(VTE)
    done = subprocess.run(
        [sys.executable, "-c", BACKGROUND_CHILD, os.ttyname(fake.slave)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # Changing the terminal's modes from the background would have stopped it (SIGTTOU).
    assert done.stdout == "(None, 'environment', False)"
    assert fake.heard == b""
