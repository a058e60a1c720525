"""A real Radicale CalDAV server for the tests: a subprocess on 127.0.0.1, a free port, a temporary folder.

``running_radicale(folder, accounts)`` writes an htpasswd file and a config (plain passwords,
``delay = 0`` so wrong logins answer at once, ``owner_only`` rights), starts ``python -m radicale``,
waits until the port answers and yields a ``RadicaleServer``; on exit the process is stopped.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 30.0
"""Seconds the server may take to answer on its port."""
STOP_TIMEOUT = 10.0
"""Seconds the server may take to exit after SIGTERM before it is killed."""

CONFIG = """\
[server]
hosts = 127.0.0.1:{port}

[auth]
type = htpasswd
htpasswd_filename = {htpasswd}
htpasswd_encryption = plain
delay = 0

[rights]
type = owner_only

[storage]
filesystem_folder = {storage}

[web]
type = none

[logging]
level = warning
"""


@dataclass(frozen=True)
class RadicaleServer:
    """A running server: its base URL (``http://127.0.0.1:PORT/``) and the log file it writes to."""

    url: str
    log: Path

    def collection_url(self, user: str, name: str) -> str:
        """The URL of ``user``'s calendar collection ``name`` (Radicale's layout: ``/USER/NAME/``)."""
        return f"{self.url}{user}/{name}/"


@contextmanager
def running_radicale(folder: Path, accounts: Mapping[str, str]) -> Iterator[RadicaleServer]:
    """Start Radicale with ``accounts`` (user → password) under ``folder``; stop it on exit."""
    port = free_port()
    htpasswd = folder / "htpasswd"
    htpasswd.write_text("".join(f"{user}:{password}\n" for user, password in accounts.items()), encoding="utf-8")
    config = folder / "config"
    config.write_text(CONFIG.format(port=port, htpasswd=htpasswd, storage=folder / "collections"), encoding="utf-8")
    log = folder / "radicale.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                   stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(process, port, log)
        yield RadicaleServer(url=f"http://127.0.0.1:{port}/", log=log)
    finally:
        stop(process)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process`` and wait for it; kill it if it does not exit in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Poll the port until it accepts a connection; fail with the server's log if it exits or is too slow."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"radicale exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"radicale did not answer on port {port} within {START_TIMEOUT:.0f} s:\n"
                       f"{log.read_text(errors='replace')}")
