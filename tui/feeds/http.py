"""HTTP GET for feeds and article pages: timeouts, a time limit, size caps, gzip, redirects."""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from tui import __version__

USER_AGENT = f"qari/{__version__}"
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}


@dataclass(frozen=True)
class Limits:
    """How long and how much one fetch may take."""

    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    total: float = 30.0  # per feed (or page), retries and redirects included
    max_bytes: int = 32 << 20  # after gzip is undone
    max_redirects: int = 5
    backoff: float = 1.0  # before the one retry
    longest_wait: float = 10.0  # a Retry-After longer than this is not waited for in this run


class Response(NamedTuple):
    """What a GET got: the final url, its status and headers, and the body (empty on 304)."""

    url: str
    status: int
    headers: dict[str, str]  # names lower-cased, values exactly as received
    body: bytes
    moved_to: str | None  # where the permanent redirects that began the chain led


class FetchError(Exception):
    """A fetch that failed; the message is the one-line reason a person reads."""

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool = False,
        out_of_time: bool = False,
        retry_at: float | None = None,
        permanent: bool = False,
    ) -> None:
        super().__init__(reason)
        self.retryable = retryable  # a connection error or a 5xx: worth one more try
        self.out_of_time = out_of_time
        self.retry_at = retry_at  # a 429's Retry-After, as a time.time()
        self.permanent = permanent  # a 4xx: asking again will not help


def retry_after(value: str | None, now: float) -> float | None:
    """The time a `Retry-After` header (seconds or an HTTP date) names, or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return now + int(value)
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


class HostLimit:
    """At most `per_host` requests in flight to any one host."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}

    def __call__(self, host: str) -> threading.Semaphore:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(self.per_host)
            return self._hosts[host]


class _Clock:
    """The time left of one fetch's limit."""

    def __init__(self, total: float) -> None:
        self.total = total
        self.end = time.monotonic() + total

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise FetchError(f"no answer within {self.total:g} s", out_of_time=True)
        return left


class Fetcher:
    """GETs urls within `limits`, at most `per_host` at a time to one host; thread-safe."""

    def __init__(
        self,
        limits: Limits | None = None,
        per_host: int = 2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limits = limits or Limits()
        self.host_limit = HostLimit(per_host)
        self.sleep = sleep
        self._tls: ssl.SSLContext | None = None
        self._tls_lock = threading.Lock()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        accept: str = "*/*",
    ) -> Response:
        """GET `url`, once more after a connection error, a 5xx or a short 429; raises
        FetchError. A 304 is a Response like any other."""
        limits = self.limits
        clock = _Clock(limits.total)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip", "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in (1, 2):
            try:
                return self._follow(url, headers, clock, max_bytes or limits.max_bytes)
            except FetchError as error:
                if attempt == 2 or error.out_of_time:
                    raise
                if error.retry_at is not None:
                    wait = error.retry_at - time.time()
                    if wait > min(limits.longest_wait, clock.left()):
                        raise
                elif error.retryable:
                    wait = limits.backoff
                else:
                    raise
                if wait >= clock.left():
                    raise
                self.sleep(max(wait, 0.0))
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict[str, str], clock: _Clock, max_bytes: int) -> Response:
        moved_to: str | None = None
        permanent_so_far = True
        for _ in range(self.limits.max_redirects + 1):
            status, response_headers, body = self._one(url, headers, clock, max_bytes)
            if status in REDIRECTS:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} without a Location", permanent=True)
                target = urljoin(url, location.strip())
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(
                        f"redirected to a non-HTTP address: {target[:200]}", permanent=True
                    )
                permanent_so_far = permanent_so_far and status in PERMANENT
                if permanent_so_far:
                    moved_to = target
                url = target
                continue
            return Response(url, status, response_headers, body, moved_to)
        raise FetchError(f"more than {self.limits.max_redirects} redirects", permanent=True)

    def _tls_context(self) -> ssl.SSLContext:
        # Made when first needed: loading the system's certificates took 50 ms, before any
        # feed was fetched, in a run of plain-HTTP feeds that needs none of them.
        with self._tls_lock:
            if self._tls is None:
                self._tls = ssl.create_default_context()
            return self._tls

    def _connection(self, url: str, clock: _Clock) -> tuple[http.client.HTTPConnection, str]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an HTTP address: {url[:200]}", permanent=True)
        timeout = min(self.limits.connect_timeout, clock.left())
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=timeout, context=self._tls_context()
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return connection, path

    def _one(
        self, url: str, headers: dict[str, str], clock: _Clock, max_bytes: int
    ) -> tuple[int, dict[str, str], bytes]:
        connection, path = self._connection(url, clock)
        host = urlsplit(url).netloc.lower()
        with self.host_limit(host):
            try:
                connection.connect()
                # Kept: the connection lets go of its socket once the response is begun.
                sock = connection.sock
                assert sock is not None
                sock.settimeout(min(self.limits.read_timeout, clock.left()))
                connection.request("GET", path, headers={**headers, "Connection": "close"})
                response = connection.getresponse()
                received = {name.lower(): value for name, value in response.getheaders()}
                status = response.status
                if status in REDIRECTS or status == 304:
                    return status, received, b""
                if status == 429:
                    raise FetchError(
                        "HTTP 429 Too Many Requests",
                        retry_at=retry_after(received.get("retry-after"), time.time())
                        or time.time() + self.limits.backoff,
                    )
                if status >= 400:
                    raise FetchError(
                        f"HTTP {status} {response.reason}".strip(),
                        retryable=status >= 500,
                        permanent=status < 500,
                        retry_at=retry_after(received.get("retry-after"), time.time())
                        if status == 503
                        else None,
                    )
                body = _read_body(response, sock, received, clock, self.limits, max_bytes)
                return status, received, body
            except FetchError:
                raise
            except TimeoutError:
                # A read that waits past the time limit is the limit's doing, not the server's.
                clock.left()
                raise FetchError(
                    f"no answer within {self.limits.read_timeout:g} s", retryable=True
                ) from None
            except ssl.SSLError as error:
                raise FetchError(f"TLS error: {error.reason or error}") from None
            except (OSError, http.client.HTTPException) as error:
                raise FetchError(_connection_reason(error), retryable=True) from None
            finally:
                connection.close()


def _connection_reason(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "unknown host"
    if isinstance(error, http.client.HTTPException):
        return f"bad HTTP response: {type(error).__name__}"
    return f"connection error: {getattr(error, 'strerror', None) or error}"


def _read_body(
    response: http.client.HTTPResponse,
    sock: socket.socket,
    headers: dict[str, str],
    clock: _Clock,
    limits: Limits,
    max_bytes: int,
) -> bytes:
    """The body, read in pieces so that neither an endless nor a slow response outlasts the
    limits; gzip is undone as it arrives, never past `max_bytes` (a gzip bomb stops there)."""
    gzipped = headers.get("content-encoding", "").strip().lower() in ("gzip", "x-gzip")
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    parts: list[bytes] = []
    size = 0
    too_big = FetchError(f"response larger than {max_bytes >> 20} MB", permanent=True)
    while True:
        sock.settimeout(min(limits.read_timeout, clock.left()))
        chunk = response.read1(1 << 16)
        if not chunk:
            break
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, max_bytes - size + 1)
                while inflate.unconsumed_tail and size + len(chunk) <= max_bytes:
                    chunk += inflate.decompress(inflate.unconsumed_tail, max_bytes - size + 1)
            except zlib.error:
                raise FetchError("broken gzip data", permanent=True) from None
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        parts.append(chunk)
        clock.left()
    return b"".join(parts)
