"""Tests for the HTTP side of fetching, against a real server on 127.0.0.1."""

from __future__ import annotations

import gzip
import time

import pytest
from feed_server import FeedServer, Route

from tui import __version__
from tui.feeds.http import Fetcher, FetchError, Limits, retry_after

BODY = "<rss><channel><title>خبر</title></channel></rss>".encode()


def fetcher(**limits: float) -> tuple[Fetcher, list[float]]:
    """A fetcher whose waits are recorded instead of slept."""
    waits: list[float] = []
    return Fetcher(Limits(**limits), sleep=waits.append), waits  # type: ignore[arg-type]


def test_it_names_itself_and_asks_for_gzip_which_it_undoes(server: FeedServer) -> None:
    server.routes["/feed"] = Route(BODY, gzip=True)
    response = fetcher()[0].get(server.url("/feed"))
    assert response.body == BODY
    assert response.headers["content-encoding"] == "gzip"
    sent = server.hits("/feed")[0]
    assert sent["user-agent"] == f"qari/{__version__}"
    assert "gzip" in sent["accept-encoding"]


def test_validators_go_back_exactly_as_received_and_a_304_has_no_body(
    server: FeedServer,
) -> None:
    etag = 'W/"آ-1"'.encode().decode("latin-1")  # bytes a server may send, kept as they are
    server.routes["/feed"] = Route(BODY, etag=etag, last_modified="Mon, 01 Dec 2025 10:00:00 GMT")
    first = fetcher()[0].get(server.url("/feed"))
    assert first.headers["etag"] == etag
    second = fetcher()[0].get(
        server.url("/feed"),
        etag=first.headers["etag"],
        last_modified=first.headers["last-modified"],
    )
    assert (second.status, second.body) == (304, b"")
    sent = server.hits("/feed")[1]
    assert sent["if-none-match"] == etag
    assert sent["if-modified-since"] == "Mon, 01 Dec 2025 10:00:00 GMT"


def test_permanent_redirects_are_reported_and_temporary_ones_are_not(server: FeedServer) -> None:
    server.routes["/old"] = Route(status=301, location="/new")
    server.routes["/new"] = Route(BODY)
    server.routes["/away"] = Route(status=302, location=server.url("/new"))
    moved = fetcher()[0].get(server.url("/old"))
    assert (moved.body, moved.url, moved.moved_to) == (BODY, server.url("/new"), server.url("/new"))
    temporary = fetcher()[0].get(server.url("/away"))
    assert temporary.body == BODY and temporary.moved_to is None


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/feed", "javascript:x"])
def test_a_redirect_off_http_is_refused(server: FeedServer, target: str) -> None:
    server.routes["/feed"] = Route(status=302, location=target)
    with pytest.raises(FetchError, match="non-HTTP"):
        fetcher()[0].get(server.url("/feed"))


def test_a_redirect_loop_ends(server: FeedServer) -> None:
    server.routes["/loop"] = Route(status=302, location="/loop")
    with pytest.raises(FetchError, match="redirects"):
        fetcher()[0].get(server.url("/loop"))
    assert len(server.hits("/loop")) == 6


def test_a_5xx_is_tried_once_more_after_a_pause(server: FeedServer) -> None:
    server.routes["/flaky"] = Route(BODY, fail_first=1)
    client, waits = fetcher(backoff=0.5)
    assert client.get(server.url("/flaky")).body == BODY
    assert waits == [0.5]
    server.routes["/down"] = Route(BODY, fail_first=5)
    with pytest.raises(FetchError, match="503"):
        client.get(server.url("/down"))
    assert len(server.hits("/down")) == 2


def test_a_404_is_not_retried(server: FeedServer) -> None:
    client, waits = fetcher()
    with pytest.raises(FetchError, match="404") as failure:
        client.get(server.url("/missing"))
    assert failure.value.permanent and waits == []
    assert len(server.hits("/missing")) == 1


def test_a_429_is_waited_out_when_short_and_reported_when_long(server: FeedServer) -> None:
    server.routes["/busy"] = Route(BODY, status=429, headers={"Retry-After": "2"})
    client, waits = fetcher(longest_wait=5)
    with pytest.raises(FetchError, match="429"):
        client.get(server.url("/busy"))  # asked twice, the server said 429 twice
    assert len(waits) == 1 and 1 <= waits[0] <= 2
    server.routes["/later"] = Route(BODY, status=429, headers={"Retry-After": "3600"})
    client, waits = fetcher(longest_wait=5)
    with pytest.raises(FetchError) as failure:
        client.get(server.url("/later"))
    assert waits == [] and len(server.hits("/later")) == 1
    assert failure.value.retry_at is not None and failure.value.retry_at > time.time() + 3000


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("120", 1000.0) == 1120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 0.0) == 1445412480.0
    assert retry_after("soon", 0.0) is None


def test_a_stalled_server_costs_the_time_limit_and_no_retry(server: FeedServer) -> None:
    server.routes["/stall"] = Route(stall=True)
    client, waits = fetcher(total=1.5, read_timeout=10)
    began = time.monotonic()
    with pytest.raises(FetchError, match="within") as failure:
        client.get(server.url("/stall"))
    assert failure.value.out_of_time
    assert time.monotonic() - began < 10
    assert waits == [] and len(server.hits("/stall")) == 1


def test_an_endless_response_stops_at_the_size_cap(server: FeedServer) -> None:
    server.routes["/endless"] = Route(endless=True)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetcher()[0].get(server.url("/endless"), max_bytes=1 << 20)


def test_a_gzip_bomb_stops_at_the_size_cap(server: FeedServer) -> None:
    server.routes["/bomb"] = Route(b"", headers={"Content-Encoding": "gzip"})
    server.routes["/bomb"].body = gzip.compress(b"\0" * (64 << 20))
    with pytest.raises(FetchError, match="larger than"):
        fetcher()[0].get(server.url("/bomb"), max_bytes=1 << 20)


def test_a_refused_connection_is_a_one_line_reason() -> None:
    with FeedServer() as gone:
        url = gone.url("/feed")
    client, waits = fetcher(backoff=0.1)
    with pytest.raises(FetchError, match="connection refused"):
        client.get(url)
    assert waits == [0.1]
