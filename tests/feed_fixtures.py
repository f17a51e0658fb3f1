"""The feeds and article pages we wrote for the feed tests, as a server sends them."""

from __future__ import annotations

from pathlib import Path

FEED_FIXTURES = Path(__file__).parent / "feeds" / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FEED_FIXTURES / name).read_bytes()


def windows_1256_feed() -> bytes:
    """The Windows-1256 feed: written here in UTF-8, served in the encoding it declares."""
    return (FEED_FIXTURES / "rss_1256.xml").read_text(encoding="utf-8").encode("cp1256")


def page_bytes(name: str) -> bytes:
    text = (FEED_FIXTURES / "pages" / name).read_text(encoding="utf-8")
    return text.encode("cp1256" if "1256" in name else "utf-8")
