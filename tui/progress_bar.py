"""The progress bar `qari import` draws on a terminal: bytes read, articles per second, time left."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as Bar

from tui.store.importing import Progress


class BarProgress(Progress):
    """A rich progress bar on stderr: bytes read, articles per second, time remaining."""

    def __init__(self) -> None:
        self.bar = Bar(
            TextColumn("{task.fields[doing]}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task("import", total=1, rate="", doing="importing")
        self.began = time.perf_counter()

    def start(self, total_bytes: int) -> None:
        self.bar.update(self.task, total=max(total_bytes, 1))
        self.bar.start()

    def advance(self, done_bytes: int, articles: int) -> None:
        rate = articles / max(time.perf_counter() - self.began, 1e-6)
        self.bar.update(self.task, completed=done_bytes, rate=f"{rate:,.0f} articles/s")

    def building(self) -> None:
        self.bar.update(self.task, doing="indexing", rate="")

    def finish(self) -> None:
        self.bar.stop()
