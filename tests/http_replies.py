"""The tests' small HTTP servers (calendars to import, event pages): their base, and one reply."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalServer(ThreadingHTTPServer):
    """A threaded HTTP server on a free port of 127.0.0.1, answered by ``handler``."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"



def answer(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    """Reply ``status`` with ``body``; ``content_type="text/html"`` is the header ``Content-Type``."""
    handler.send_response(status)
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    for name, value in ({"Content-Length": str(len(body))} | named).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
