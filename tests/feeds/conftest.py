"""Feed test fixtures: a local HTTP server and the feeds and pages we wrote for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_server import FeedServer

FEED_FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FEED_FIXTURES / name).read_bytes()


def windows_1256_feed() -> bytes:
    """The Windows-1256 feed: written here in UTF-8, served in the encoding it declares."""
    return (FEED_FIXTURES / "rss_1256.xml").read_text(encoding="utf-8").encode("cp1256")


def page_bytes(name: str) -> bytes:
    text = (FEED_FIXTURES / "pages" / name).read_text(encoding="utf-8")
    return text.encode("cp1256" if "1256" in name else "utf-8")


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running
