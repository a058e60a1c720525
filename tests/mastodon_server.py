"""A Mastodon API double for the tests, held to Mastodon's published API description.

No Mastodon server installs offline, so ``running_mastodon()`` serves the calls publishing uses on
127.0.0.1 (a free port, in a thread) and checks every request (headers, query, body) against
``tests/data/mastodon-openapi.json``: the part of the community OpenAPI document
(abraham/mastodon-openapi, see its ``x-source``) for those operations. A request the document does
not allow is answered 422 and noted in ``violations``; the tests expect none.

It answers as Mastodon does: 401 for a wrong token, 202 and then 206 while an image is processed,
200 with the same status for a repeated ``Idempotency-Key``, and on demand (``faults``, per
operation, consumed in order) 422, 429 with ``Retry-After`` and ``X-RateLimit-Reset``, 5xx, a
connection dropped mid-request, or the work done and its answer lost (a 502 from a gateway).
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema

DOCUMENT = json.loads((Path(__file__).parent / "data" / "mastodon-openapi.json").read_text(encoding="utf-8"))
TOKEN = "s3cret-t0ken-never-shown"
ACCOUNT = {"id": "1", "username": "organiser", "acct": "organiser", "display_name": "Bottega Sartori",
           "locked": False, "bot": False, "group": False, "indexable": True, "created_at": "2026-01-01T00:00:00.000Z",
           "note": "", "uri": "", "avatar": "", "avatar_static": "", "header": "", "header_static": "",
           "followers_count": 0, "following_count": 0, "statuses_count": 0, "emojis": [], "fields": []}
_FOCUS = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


@dataclass
class Media:
    id: str
    data: bytes
    media_type: str
    description: str | None
    focus: str | None
    polls_left: int


@dataclass
class Mastodon:
    """The server's state, read by the tests."""

    url: str = ""
    statuses: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    faults: dict[str, list[int | str]] = field(default_factory=dict)
    """``"POST /api/v2/media"`` → answers to give first: a status code, ``"drop"``, ``"cut"`` (an answer cut
    short) or ``"done-then-502"``."""
    processing_polls: int = 0
    """How many times ``GET /api/v1/media/:id`` answers 206 before the image is ready."""
    retry_after: str = "1"
    on_status: Callable[[dict[str, Any]], None] | None = None
    """Called with each new status after it is stored and before the answer is sent."""
    status_delay: float = 0.0
    idempotency: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _operation(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    for template, operations in DOCUMENT["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return template, operations[method.lower()]
    return None


def _json_violations(body: Any, schema: dict[str, Any]) -> list[str]:
    # TextStatus and MediaStatus overlap (a status with text and media is both), so the document's
    # oneOf is checked as anyOf: the body must be at least one of them.
    choices = schema.get("oneOf") or [schema]
    root = {"anyOf": choices, "components": DOCUMENT["components"]}
    return [" / ".join([error.message, *sorted({reason.message for reason in error.context or ()})])
            for error in jsonschema.Draft202012Validator(root).iter_errors(body)]


def _form_parts(content_type: str, body: bytes) -> dict[str, tuple[bytes, str | None]]:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    parts: dict[str, tuple[bytes, str | None]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        parts[str(name)] = (payload if isinstance(payload, bytes) else b"", part.get_content_type()
                            if part.get_filename() else None)
    return parts


def _handler(state: Mastodon) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        lose_answer = False

        def _answer(self, code: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
            if self.lose_answer:
                code, body, headers = 502, {"error": "Bad gateway"}, None
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(data)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):  # the client is gone (killed): as a real server, go on
                self.close_connection = True

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            path = self.path.split("?")[0]
            name = f"{method} {path}"
            with state.lock:
                state.requests.append(name)
                found = _operation(method, path)
                key = f"{method} {found[0]}" if found else name
                fault = state.faults.get(key, [None]).pop(0) if state.faults.get(key) else None
            if fault == "drop":  # the server dies mid-request: half the body read, no answer
                self.rfile.read(length // 2)
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            body = self.rfile.read(length)
            if fault == "cut":  # the answer starts, then the connection goes: a body cut short
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            self.lose_answer = fault == "done-then-502"
            if found is None:
                state.violations.append(f"{name}: not an operation of the API description")
                self._answer(404, {"error": "Record not found"})
                return
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._answer(401, {"error": "The access token is invalid"})
                return
            if isinstance(fault, int):
                headers = {}
                if fault == 429:
                    reset = datetime.now(timezone.utc) + timedelta(seconds=int(state.retry_after))
                    headers = {"Retry-After": state.retry_after, "X-RateLimit-Limit": "300",
                               "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset.isoformat()}
                error = {422: "Validation failed: Text character limit of 500 exceeded", 429: "Too many requests"}
                self._answer(fault, {"error": error.get(fault, "Internal server error")}, headers)
                return
            problems = self._check(found[1], body)
            if problems:
                state.violations.extend(f"{name}: {problem}" for problem in problems)
                self._answer(422, {"error": "; ".join(problems)})
                return
            getattr(self, "_" + found[1]["operationId"])(path, body)

        def _check(self, operation: dict[str, Any], body: bytes) -> list[str]:
            problems = []
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"] not in self.headers and parameter.get("required"):
                    problems.append(f"header {parameter['name']} is required")
            declared = {parameter["name"]: parameter["schema"].get("type")
                        for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
            for name, values in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items():
                kind = declared.get(name, "unknown")
                if kind == "unknown":
                    problems.append(f"query parameter {name!r} is not in the description")
                elif (kind == "boolean" and values[0] not in ("true", "false")) or (
                        kind == "integer" and not values[0].isdigit()):
                    problems.append(f"query parameter {name}={values[0]!r} is not a {kind}")
            request = operation.get("requestBody")
            if request is None:
                return problems + ([f"a body the operation does not take ({len(body)} bytes)"] if body else [])
            content_type = self.headers.get("Content-Type", "")
            kind = content_type.split(";")[0].strip()
            if kind not in request["content"]:
                return [*problems, f"Content-Type {kind!r} is not one of {sorted(request['content'])}"]
            schema = request["content"][kind]["schema"]
            if kind == "application/json":
                try:
                    return problems + _json_violations(json.loads(body), schema)
                except ValueError:
                    return [*problems, "the body is not JSON"]
            parts = _form_parts(content_type, body)
            problems += [f"missing form field {name!r}" for name in schema.get("required", []) if name not in parts]
            problems += [f"form field {name!r} is not in the description" for name in parts
                         if name not in schema["properties"]]
            for name, (_, filename_type) in parts.items():
                if schema["properties"].get(name, {}).get("format") == "binary" and filename_type is None:
                    problems.append(f"form field {name!r} must be a file with a MIME type")
            focus = parts.get("focus")
            if focus is not None:
                match = _FOCUS.fullmatch(focus[0].decode())
                if not match or not all(-1 <= float(value) <= 1 for value in match.groups()):
                    problems.append(f"focus {focus[0]!r} is not two numbers from -1.0 to 1.0")
            return problems

        def _createMediaV2(self, path: str, body: bytes) -> None:
            parts = _form_parts(self.headers["Content-Type"], body)
            with state.lock:
                media = Media(id=str(1000 + len(state.media)), data=parts["file"][0],
                              media_type=parts["file"][1] or "", polls_left=state.processing_polls,
                              description=parts["description"][0].decode() if "description" in parts else None,
                              focus=parts["focus"][0].decode() if "focus" in parts else None)
                state.media[media.id] = media
            ready = media.polls_left == 0
            self._answer(200 if ready else 202, self._media_entity(media, ready))

        def _getMedia(self, path: str, body: bytes) -> None:
            media = state.media.get(path.rsplit("/", 1)[1])
            if media is None:
                self._answer(404, {"error": "Record not found"})
                return
            if media.polls_left > 0:
                media.polls_left -= 1
                self._answer(206)
                return
            self._answer(200, self._media_entity(media, True))

        def _media_entity(self, media: Media, ready: bool) -> dict[str, Any]:
            return {"id": media.id, "type": "image", "url": f"{state.url}/media/{media.id}.png" if ready else None,
                    "preview_url": f"{state.url}/media/{media.id}-small.png", "description": media.description,
                    "meta": {"focus": dict(zip("xy", map(float, (media.focus or "0,0").split(",")), strict=True))}}

        def _getAccountsVerifyCredentials(self, path: str, body: bytes) -> None:
            account = {**ACCOUNT, "source": {"privacy": "public", "sensitive": False, "language": "", "note": "",
                                             "fields": []}}
            missing = [name for name in DOCUMENT["x-required"]["Account"] if name not in account]
            assert not missing, f"the double's account lacks {missing}"
            self._answer(200, account)

        def _getAccountStatuses(self, path: str, body: bytes) -> None:
            query = parse_qs(urlsplit(self.path).query)
            if path.split("/")[4] != ACCOUNT["id"]:
                self._answer(404, {"error": "Record not found"})
                return
            with state.lock:
                found = [status for status in reversed(state.statuses)
                         if status["media_attachments"] or query.get("only_media") != ["true"]]
            self._answer(200, found[:min(40, int(query.get("limit", ["20"])[0]))])

        def _createStatus(self, path: str, body: bytes) -> None:
            request = json.loads(body)
            key = self.headers.get("Idempotency-Key")
            if state.status_delay:
                threading.Event().wait(state.status_delay)
            with state.lock:
                if key is not None and key in state.idempotency:  # Mastodon replays the status it made
                    status = next(s for s in state.statuses if s["id"] == state.idempotency[key])
                    self._answer(200, status)
                    return
                unknown = [i for i in request.get("media_ids", []) if i not in state.media]
                if unknown:
                    self._answer(422, {"error": f"Validation failed: media {unknown} not found"})
                    return
                identifier = str(110000000000000000 + len(state.statuses))
                status = {
                    "id": identifier, "uri": f"{state.url}/users/organiser/statuses/{identifier}",
                    "url": f"{state.url}/@organiser/{identifier}", "created_at": datetime.now(timezone.utc).isoformat(),
                    "account": ACCOUNT,
                    "content": request.get("status", ""), "visibility": request.get("visibility", "public"),
                    "language": request.get("language"), "sensitive": False, "spoiler_text": "",
                    "media_attachments": [self._media_entity(state.media[i], True)
                                          for i in request.get("media_ids", [])],
                    "mentions": [], "tags": [], "emojis": [], "reblogs_count": 0, "favourites_count": 0,
                    "replies_count": 0, "idempotency_key": key,
                }
                missing = [name for name in DOCUMENT["x-required"]["Status"] if name not in status]
                assert not missing, f"the double's status lacks {missing}"
                state.statuses.append(status)
                if key is not None:
                    state.idempotency[key] = identifier
            if state.on_status is not None:
                state.on_status(status)
            self._answer(200, status)

    return Handler


@contextmanager
def running_mastodon() -> Iterator[Mastodon]:
    """A Mastodon double on 127.0.0.1 and a free port, until the block ends."""
    state = Mastodon()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
