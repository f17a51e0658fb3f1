"""Feed test fixtures: a real HTTP server on 127.0.0.1 for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from feed_server import FeedServer


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running
