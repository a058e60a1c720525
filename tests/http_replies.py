"""One reply of the tests' small HTTP servers (calendars to import, event pages)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


def answer(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    """Reply ``status`` with ``body``; ``content_type="text/html"`` is the header ``Content-Type``."""
    handler.send_response(status)
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    for name, value in ({"Content-Length": str(len(body))} | named).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
