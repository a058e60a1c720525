"""SMTP settings and one reusable connection; smtplib's errors become ``DeliveryError`` here."""

from __future__ import annotations

import base64
import ipaddress
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Protocol
from urllib.parse import unquote, urlsplit

from radical_social.errors import DeliveryError

if TYPE_CHECKING:
    import smtplib

Security = Literal["starttls", "ssl", "none"]
PASSWORD_VARIABLE = "RADICAL_SOCIAL_SMTP_PASSWORD"
"""The environment variable the CLI reads the SMTP password from."""
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}


class SmtpClient(Protocol):
    """What sending needs of ``smtplib.SMTP``; tests may hand in their own."""

    def sendmail(self, from_addr: str, to_addrs: Sequence[str], msg: bytes) -> object: ...

    def quit(self) -> object: ...

    def close(self) -> None: ...


Connect = Callable[["SmtpSettings"], SmtpClient]
"""Opens a connection, secured and logged in, or raises ``DeliveryError``."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SmtpSettings:
    """Where and how to send. The password never shows in ``repr``."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    security: Security = "starttls"
    timeout: float = 30.0
    """Seconds any one exchange with the server may take."""
    pause: float = 1.0
    """Seconds between two messages, to stay under providers' rate limits."""

    def __post_init__(self) -> None:
        if self.user and self.security == "none" and not is_loopback(self.host):
            raise DeliveryError(f"refusing to send the SMTP password to {self.host} unencrypted: "
                                "use STARTTLS or SSL")

    @classmethod
    def from_url(cls, url: str, *, password: str | None = None, security: Security | None = None,
                 timeout: float = 30.0, pause: float = 1.0) -> SmtpSettings:
        """Settings from ``smtp://[user@]host[:port]`` (``smtps://`` for implicit TLS).

        ``security`` defaults to SSL for ``smtps://`` or port 465, STARTTLS otherwise; the port
        to the usual one for the security. A user may contain ``@`` (``smtp://me@example.org@host``).
        """
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError:  # an unclosed [ of an IPv6 address
            hostname = None
        if not hostname or parts.scheme not in ("smtp", "smtps"):
            raise DeliveryError("the SMTP server must look like smtp://[user@]host[:port]")
        if parts.password is not None:
            raise DeliveryError(f"put the SMTP password in {PASSWORD_VARIABLE}, not in the URL")
        try:
            port = parts.port
        except ValueError:
            raise DeliveryError(f"the SMTP port of {parts.hostname} is not a number from 0 to 65535") from None
        chosen = security or ("ssl" if parts.scheme == "smtps" or port == 465 else "starttls")
        return cls(host=hostname, port=port or DEFAULT_PORTS[chosen],
                   user=unquote(parts.username) if parts.username else None, password=password,
                   security=chosen, timeout=timeout, pause=pause)


def open_smtp(settings: SmtpSettings) -> SmtpClient:
    """A connection to the server, secured as asked and logged in when there is a user."""
    if settings.user and not settings.password:
        raise DeliveryError(f"no SMTP password for user {settings.user!r}: set {PASSWORD_VARIABLE}")
    client = _connect(settings)
    try:
        _secure_and_log_in(client, settings)
    except BaseException:
        client.close()
        raise
    return client


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    import smtplib
    import ssl

    where = f"{settings.host}:{settings.port}"
    try:
        if settings.security == "ssl":
            return smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                    context=ssl.create_default_context())
        return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"could not connect to the SMTP server {where}: {exc}") from exc


def _secure_and_log_in(client: smtplib.SMTP, settings: SmtpSettings) -> None:
    import smtplib
    import ssl

    try:
        if settings.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.user:
            _log_in(client, settings.user, settings.password or "")
    except _LoginRefused as exc:
        raise DeliveryError(f"SMTP login refused for user {settings.user!r} at {settings.host}: {exc} "
                            "(the server's words are not shown: they may quote the password)") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"the SMTP server {settings.host}:{settings.port} failed: {exc}") from exc


class _LoginRefused(Exception):
    """The server refused AUTH; the message is its reply codes only."""


def _log_in(client: smtplib.SMTP, user: str, password: str) -> None:
    """``login``, or AUTH PLAIN in UTF-8 (RFC 4616) for what smtplib cannot encode (non-ASCII)."""
    import smtplib

    try:
        if f"{user}{password}".isascii():
            client.login(user, password)
            return
        client.ehlo_or_helo_if_needed()
        if not client.has_extn("auth"):
            raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
        token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
        code, reply = client.docmd("AUTH", f"PLAIN {token}")
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, reply)
    except smtplib.SMTPResponseException as exc:  # never its text: some servers quote the AUTH line
        raise _LoginRefused(_codes(exc)) from None


class Outbox:
    """Sends messages over one connection: opened at the first message, reopened after a drop.

    A refusal for one message is returned as its reason; only failing to connect or to log in
    raises (``DeliveryError``), since then no message can go.
    """

    def __init__(self, settings: SmtpSettings, connect: Connect = open_smtp) -> None:
        self._settings = settings
        self._connect = connect
        self._client: SmtpClient | None = None
        self._count = 0

    def send(self, sender: str, recipient: str, data: bytes) -> str | None:
        """Send one message; None when the server accepted it, else the reason it did not."""
        import smtplib

        if self._count:
            time.sleep(self._settings.pause)
        self._count += 1
        client = self._client = self._client or self._connect(self._settings)
        try:
            client.sendmail(sender, [recipient], data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(recipient, (0, b"refused"))
            return f"{code} {text.decode(errors='replace')}"
        except smtplib.SMTPResponseException as exc:
            return _reply(exc)
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            return f"the connection failed: {exc or type(exc).__name__}"
        return None

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        import smtplib

        if self._client is None:
            return
        try:
            self._client.quit()
        except (smtplib.SMTPException, OSError):
            self._drop()
        self._client = None

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _drop(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
    return f"{exc.smtp_code} {text}"


_STATUS_CODE = re.compile(rb"[245]\.\d{1,3}\.\d{1,3}(?=\s|$)")


def _codes(exc: smtplib.SMTPResponseException) -> str:
    """The reply code and the enhanced status code (RFC 3463) of a reply, without its text."""
    reply = exc.smtp_error if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error).encode()
    status = _STATUS_CODE.match(reply.lstrip())
    return f"{exc.smtp_code} {status.group().decode()}" if status else str(exc.smtp_code)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine, the only place a secret may travel unencrypted."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
