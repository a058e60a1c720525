"""A real PostgreSQL for the journal's tests, from Debian's packages (``apt-get install postgresql``).

``running_postgres()`` runs ``initdb`` and ``pg_ctl`` from ``/usr/lib/postgresql/*/bin`` in a temporary
folder on 127.0.0.1 and a free port, with a password (scram-sha-256) for TCP connections, and stops it
afterwards. PostgreSQL refuses to run as root, so as root it runs as the ``postgres`` user (``runuser``)
in a folder that user owns. Nothing is installed here: without the binaries the tests skip, except in
CI (``CI=true`` or ``1``), where they fail.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "postgres"


@dataclass(frozen=True)
class Postgres:
    """A running server: its address and the superuser's password."""

    port: int
    password: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{database}"


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


@contextmanager
def running_postgres() -> Iterator[Postgres]:
    folder = binaries()
    if folder is None:
        message = "PostgreSQL's binaries are missing (apt-get install postgresql)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message)
        pytest.skip(message)
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", SUPERUSER, "--"] if as_root else []
    home = Path(tempfile.mkdtemp(prefix="radical-social-pg-"))
    if as_root:
        owner = pwd.getpwnam(SUPERUSER)
        os.chown(home, owner.pw_uid, owner.pw_gid)
    password = secrets.token_urlsafe(18)
    password_file = home / "password"
    password_file.write_text(password, encoding="utf-8")
    if as_root:
        os.chown(password_file, owner.pw_uid, owner.pw_gid)
    data, port = home / "data", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    try:
        run(str(folder / "initdb"), "-D", str(data), "-U", SUPERUSER, f"--pwfile={password_file}",
            "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8", "--no-sync")
        run(str(folder / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-t", "60", "-o",
            f"-h 127.0.0.1 -p {port} -k {home} -F", "start")
        try:
            yield Postgres(port, password)
        finally:
            run(str(folder / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
