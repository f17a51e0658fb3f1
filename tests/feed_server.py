"""A real HTTP server on 127.0.0.x for feed tests: routes of fixtures, and every request seen."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Self


@dataclass
class Route:
    """How the server answers one path."""

    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answered with 304 when the request sends it back
    last_modified: str | None = None
    gzip: bool = False
    location: str | None = None  # for a redirect status
    stall: bool = False  # send the headers, then nothing
    endless: bool = False  # a body that never ends
    fail_first: int = 0  # answer the first requests with 503
    delay: float = 0.0


class FeedServer:
    """Serves `routes` on `host` (a loopback address) from threads, until closed."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.closing = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._answer(self)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [headers for seen, headers in self.requests if seen == path]

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {name.lower(): value for name, value in handler.headers.items()}
        with self._lock:
            self.requests.append((handler.path, headers))
            seen = sum(1 for path, _ in self.requests if path == handler.path)
        route = self.routes.get(handler.path)
        if route is None:
            self._send(handler, 404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.delay:
            time.sleep(route.delay)
        if seen <= route.fail_first:
            self._send(handler, 503, {"Content-Type": "text/plain"}, b"try later")
            return
        extra = dict(route.headers)
        if route.etag is not None:
            extra["ETag"] = route.etag
        if route.last_modified is not None:
            extra["Last-Modified"] = route.last_modified
        unchanged = (route.etag is not None and headers.get("if-none-match") == route.etag) or (
            route.last_modified is not None
            and headers.get("if-modified-since") == route.last_modified
        )
        if unchanged:
            self._send(handler, 304, extra, b"")
            return
        if route.location is not None:
            self._send(handler, route.status, {**extra, "Location": route.location}, b"")
            return
        if route.stall or route.endless:
            handler.send_response(route.status)
            handler.send_header("Content-Type", route.content_type)
            handler.end_headers()
            handler.wfile.flush()
            chunk = b"<item><title>" + "لا ينتهي".encode() * 500 + b"</title></item>"
            while not self.closing.is_set():
                if route.endless:
                    try:
                        handler.wfile.write(chunk)
                    except OSError:
                        return
                else:
                    self.closing.wait(0.1)
            return
        body = route.body
        if route.gzip and "gzip" in headers.get("accept-encoding", ""):
            body = gzip.compress(body)
            extra["Content-Encoding"] = "gzip"
        self._send(handler, route.status, {"Content-Type": route.content_type, **extra}, body)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except OSError:
            pass
