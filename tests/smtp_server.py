"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1 and a free port, in a thread.

``running_smtp(...)`` yields a ``SmtpServer`` whose ``received`` list holds every message the
server accepted, as the exact bytes that came over the wire. Options: refuse some recipients
(550), require a login (``accounts``), offer STARTTLS or speak implicit TLS with a certificate
made by ``self_signed_certificate``.
"""

from __future__ import annotations

import base64
import shutil
import socket
import ssl
import subprocess
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

REFUSED = "550 5.1.1 No such mailbox here"


@dataclass(frozen=True)
class Received:
    """One accepted message: the envelope and the raw DATA bytes (CRLF, dots unstuffed)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


@dataclass
class _Handler:
    refuse: frozenset[str]
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if address.lower() in self.refuse:
            return REFUSED
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.original_content, bytes)
        self.received.append(Received(envelope.mail_from or "", tuple(envelope.rcpt_tos),
                                      envelope.original_content))
        return "250 Message accepted"


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    received: list[Received]

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


def _authenticator(accounts: Mapping[str, str], echo: bool) -> Any:
    def authenticate(server: Any, session: Session, envelope: Envelope, mechanism: str,
                     auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword)
              and accounts.get(auth_data.login.decode()) == auth_data.password.decode())
        if ok or not echo or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=ok, handled=False)
        # A careless server: its refusal quotes what the client sent, credentials and all.
        plain = base64.b64encode(b"\0" + auth_data.login + b"\0" + auth_data.password).decode()
        said = f"{plain} {base64.b64encode(auth_data.password).decode()} {auth_data.password.decode()}"
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 bad credentials: {said}")

    return authenticate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_smtp(*, refuse: Collection[str] = (), accounts: Mapping[str, str] | None = None,
                 tls: Literal["starttls", "ssl"] | None = None, certificate: tuple[Path, Path] | None = None,
                 host: str = "127.0.0.1", echo_auth: bool = False) -> Iterator[SmtpServer]:
    """Start the server; stop it on exit. ``certificate`` is (cert, key), needed for ``tls``;
    ``echo_auth`` makes a refused login's 535 reply quote the credentials the client sent."""
    handler = _Handler(frozenset(address.lower() for address in refuse))
    context = None
    if tls is not None:
        assert certificate is not None, "TLS needs a certificate"
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*certificate)
    options: dict[str, Any] = {"decode_data": False, "server_hostname": "localhost"}
    if accounts is not None:
        # aiosmtpd cannot tell an implicit-TLS connection from a plain one: only STARTTLS can be required
        options |= {"authenticator": _authenticator(accounts, echo_auth), "auth_require_tls": tls == "starttls"}
    if tls == "starttls":
        options |= {"tls_context": context, "require_starttls": True}
    elif tls == "ssl":
        options["ssl_context"] = context
    controller = Controller(handler, hostname=host, port=free_port(), **options)
    controller.start()
    try:
        yield SmtpServer(host, controller.port, handler.received)
    finally:
        controller.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for ``localhost`` and its key, made with the openssl tool (skip without it)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    cert, key = folder / "localhost.pem", folder / "localhost.key"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key
