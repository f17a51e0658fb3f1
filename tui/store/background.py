"""Writes that the reader hands off, so that a key never waits for a lock."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

Write = Callable[[], None]


class BackgroundWrites:
    """Writes done one after another, in the order given, on a thread of their own.

    The reader's marks and history go through here: the state file may be locked for a
    moment by another qari, and the key that set a mark must not wait for it. `flush` waits
    until every write given so far is done (the reader calls it as it closes, so nothing
    given is lost); a write that fails is handed to `on_error` and the others go on.
    """

    def __init__(self, on_error: Callable[[Exception], None]) -> None:
        self._on_error = on_error
        self._queue: queue.Queue[Write | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def put(self, write: Write) -> None:
        with self._start:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="qari-writes", daemon=True)
                self._thread.start()
        self._queue.put(write)

    def _run(self) -> None:
        while True:
            write = self._queue.get()
            try:
                if write is None:
                    return
                write()
            except Exception as error:  # noqa: BLE001 - reported, and the next write goes on
                self._on_error(error)
            finally:
                self._queue.task_done()

    def flush(self) -> None:
        """Wait until every write given so far is done."""
        self._queue.join()

    def close(self) -> None:
        """Do every write given, then stop the thread."""
        with self._start:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()
