"""A real browser for the tests: Debian's headless Chromium, driven over the DevTools protocol.

One Chromium runs for the whole test session (starting it costs about half a second, a page about
0.2 s). Pages come from a real HTTP server on 127.0.0.1, so their relative links (``cards/link.png``,
``../feed.atom``) resolve as on a web host. Without ``/usr/bin/chromium`` the tests skip, except in
CI (``CI=true``), where that is a failure: ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import itertools
import json
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import websocket

from tests.parsers import in_ci

CHROMIUM = Path("/usr/bin/chromium")
# The flags that work on this machine's closed network (/work/.library/env/machines/python.md).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
HEIGHTS = {390: 844, 1280: 800}  # a phone held upright and a laptop's screen, in CSS pixels
TIMEOUT = 30.0


class _Connection:
    """One websocket to the browser; commands answered in order, events kept until asked for."""

    def __init__(self, url: str) -> None:
        # No Origin header: Chromium refuses websockets from web origins it was not told about.
        self._socket = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self._ids = itertools.count(1)
        self._events: deque[dict[str, Any]] = deque()

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        while True:
            answer = self._receive()
            if answer.get("id") == number:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error'].get('message')}")
                return dict(answer["result"])
            if "method" in answer:
                self._events.append(answer)

    def wait_for(self, event: str, session: str) -> dict[str, Any]:
        def matches(message: dict[str, Any]) -> bool:
            return message.get("method") == event and message.get("sessionId") == session

        for message in self._events:
            if matches(message):
                self._events.remove(message)
                return message
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            message = self._receive()
            if matches(message):
                return message
            if "method" in message:
                self._events.append(message)
        raise TimeoutError(f"no {event} within {TIMEOUT:.0f} s")

    def _receive(self) -> dict[str, Any]:
        return dict(json.loads(self._socket.recv()))

    def close(self) -> None:
        self._socket.close()


@dataclass
class Tab:
    """A page loaded in its own tab at a given width (CSS pixels); a phone's at 390."""

    url: str
    width: int
    _connection: _Connection
    _session: str

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page (a promise is awaited)."""
        result = self._connection.call(
            "Runtime.evaluate", self._session, expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"in {self.url}: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    def accessibility_tree(self) -> list[dict[str, Any]]:
        """The nodes a screen reader is given (roles, computed names, properties), ignored ones left out."""
        nodes = self._connection.call("Accessibility.getFullAXTree", self._session)["nodes"]
        return [node for node in nodes if not node.get("ignored")]

    def on_node(self, node: dict[str, Any], function: str) -> Any:
        """The JSON value of a JavaScript function called with ``this`` the DOM node of an accessibility node."""
        resolved = self._connection.call("DOM.resolveNode", self._session, backendNodeId=node["backendDOMNodeId"])
        result = self._connection.call(
            "Runtime.callFunctionOn",
            self._session,
            functionDeclaration=function,
            objectId=resolved["object"]["objectId"],
            returnByValue=True,
        )
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """What the reader sees first: the viewport, as PNG."""
        data = self._connection.call("Page.captureScreenshot", self._session, format="png")["data"]
        return base64.b64decode(data)


class Chromium:
    """A headless Chromium started once, with a fresh profile, stopped by close()."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="radical-social-chromium-"))
        log = self.profile / "stderr.log"
        with log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [
                    str(CHROMIUM),
                    *FLAGS,
                    f"--user-data-dir={self.profile / 'profile'}",
                    "--remote-debugging-port=0",
                    "about:blank",
                ],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        try:
            self._connection = _Connection(self._devtools_url(log))
        except BaseException:
            self.close()
            raise

    def _devtools_url(self, log: Path) -> str:
        """Chromium writes its port and the browser's websocket path into the profile once listening."""
        port_file = self.profile / "profile" / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited ({self.process.returncode}): {log.read_text()[-2000:]}")
            lines = port_file.read_text().split() if port_file.exists() else []
            if len(lines) == 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.02)
        raise TimeoutError(f"Chromium did not listen within {TIMEOUT:.0f} s: {log.read_text()[-2000:]}")

    @contextmanager
    def open(self, url: str, width: int) -> Iterator[Tab]:
        """Load url in a new tab at width (390: a phone, with its meta viewport honoured), closed after."""
        connection = self._connection
        target = connection.call("Target.createTarget", url="about:blank")["targetId"]
        try:
            session = connection.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            connection.call("Page.enable", session)
            connection.call("Accessibility.enable", session)
            connection.call(
                "Emulation.setDeviceMetricsOverride",
                session,
                width=width,
                height=HEIGHTS.get(width, 800),
                deviceScaleFactor=1,
                mobile=width < 600,
            )
            navigation = connection.call("Page.navigate", session, url=url)
            if "errorText" in navigation:
                raise RuntimeError(f"{url}: {navigation['errorText']}")
            connection.wait_for("Page.loadEventFired", session)
            tab = Tab(url, width, connection, session)
            status = tab.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
            if status != 200:
                raise RuntimeError(f"{url}: HTTP status {status}")
            tab.evaluate("document.fonts.ready.then(() => true)")
            yield tab
        finally:
            connection.call("Target.closeTarget", targetId=target)

    def close(self) -> None:
        if hasattr(self, "_connection"):
            # Already going away or not: the process is stopped below either way.
            with contextlib.suppress(OSError, RuntimeError, websocket.WebSocketException):
                self._connection.call("Browser.close")
            self._connection.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def require_chromium() -> None:
    """Skip when Chromium is not installed, except in CI (``CI=true``), where that is a failure."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: apt-get install chromium"
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def running_chromium() -> Iterator[Chromium]:
    require_chromium()
    browser = Chromium()
    try:
        yield browser
    finally:
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No line per request on the test output."""


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve folder over HTTP on 127.0.0.1 on a free port; yields the base URL (ends with /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
