"""The article: what an importer produces and the store keeps."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

from tui.text.normalize import words


class Origin(NamedTuple):
    """Where an article was read from: a file and the line its record starts on."""

    file: str
    line: int


class Rejection(NamedTuple):
    """A file or a record that could not be imported, and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


def article_id(title: str, body: tuple[str, ...]) -> str:
    """A stable id from what the article says, so any file that holds it gives the same id.

    The normalised words of the title and of the first paragraph are the article's identity:
    a page and a `إقرأ أيضاً` copy of it agree on both, while spelling variants (hamza,
    harakat, digits) and whitespace do not change it.
    """
    first = body[0] if body else ""
    key = " ".join(words(title)) + "\n" + " ".join(words(first))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Article:
    """One news article in logical (reading) order; shaping happens only on display."""

    title: str
    body: tuple[str, ...]
    date: datetime.date | None = None
    source: str = ""
    keywords: tuple[str, ...] = ()
    url: str = ""
    origin: Origin = Origin("", 0)
    related: tuple[Article, ...] = field(default=(), compare=False)
    related_titles: tuple[str, ...] = ()
    partial: bool = False

    @property
    def id(self) -> str:
        return article_id(self.title, self.body)
