"""Fetching a calendar URL so that it cannot be turned against the caller's own network.

Before each request (the first and every redirect, followed by hand) the URL must be http(s) and,
unless private addresses are allowed, every address its host resolves to must be public. The body
is read in pieces as they arrive, so both the size cap and the deadline hold against a server that
sends endlessly or a byte at a time.

Residual risk, by choice: the host is resolved here and again by ``requests`` when it connects. A
DNS server that answers a public address first and a private one a moment later (DNS rebinding)
gets past the check; pinning the connection to the checked address would mean replacing the
caller's transport adapter. Where that matters, also run fetches through an egress proxy or a
firewall that refuses private destinations.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from radical_social._version import __version__
from radical_social.errors import DeliveryError

if TYPE_CHECKING:
    import requests

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65536
_HEADERS = {"Accept": "text/calendar, */*;q=0.5", "User-Agent": f"radical_social/{__version__}"}
_KINDS = ("unspecified", "loopback", "link_local", "multicast", "private", "reserved")
"""Address properties refused, in the order a refusal names them."""

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def fetch(url: str, *, session: requests.Session | None, timeout: float, max_bytes: int,
          allow_private: bool) -> bytes:
    """The body of ``url``; see ``radical_social.importing.fetch_calendar``."""
    import requests

    deadline = time.monotonic() + timeout
    http = session if session is not None else requests.Session()
    came_from = ""
    try:
        for _ in range(MAX_REDIRECTS + 1):
            refusal = _refusal(url, allow_private)
            if refusal:
                raise DeliveryError(f"{came_from}{url}: {refusal}")
            with _get(http, url, deadline) as response:
                location = response.headers.get("Location") if response.status_code in _REDIRECTS else None
                if not location:
                    return _body(response, url, deadline, max_bytes)
            came_from, url = f"{url} redirects to ", urljoin(url, location)
        raise DeliveryError(f"{url}: more than {MAX_REDIRECTS} redirects")
    finally:
        if session is None:
            http.close()


def _refusal(url: str, allow_private: bool) -> str | None:
    """Why ``url`` may not be fetched, or None."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        hint = "; write https:// instead of webcal://" if scheme == "webcal" else ""
        return f"only http:// and https:// URLs can be fetched{hint}"
    if not parts.hostname:
        return "the URL has no host name"
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return "the URL has an invalid port"
    return None if allow_private else _address_refusal(parts.hostname, port)


def _address_refusal(host: str, port: int) -> str | None:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        return f"the host {host} cannot be resolved ({exc})"
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        kind = _kind(address)
        if kind:
            return (f"{host} is at {address}, a {kind} address; addresses of the local network are "
                    "refused (allow_private=True, or --allow-private on the command line, allows them)")
    return None


def _kind(address: Address) -> str | None:
    """The kind of a non-public address ("loopback", "private", …), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        address = address.ipv4_mapped or address.sixtofour or address
    for kind in _KINDS:
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def _get(http: requests.Session, url: str, deadline: float) -> requests.Response:
    import requests

    try:
        return http.get(url, headers=_HEADERS, timeout=_left(url, deadline), allow_redirects=False, stream=True)
    except requests.Timeout as exc:
        raise DeliveryError(f"{url}: timed out") from exc
    except requests.RequestException as exc:
        raise DeliveryError(f"{url}: cannot be fetched ({exc})") from exc


def _left(url: str, deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeliveryError(f"{url}: timed out")
    return left


def _body(response: requests.Response, url: str, deadline: float, max_bytes: int) -> bytes:
    """The body of a 2xx response, refused once it passes ``max_bytes`` or the deadline."""
    import requests
    import urllib3

    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"{url}: the server answered {response.status_code} {response.reason or ''}".rstrip())
    declared = response.headers.get("Content-Length", "")
    body = bytearray()
    try:
        if declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(url, max_bytes)
        for chunk in _chunks(response):
            body += chunk
            if len(body) > max_bytes:
                raise _too_large(url, max_bytes)
            _left(url, deadline)
    except (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError) as exc:
        raise DeliveryError(f"{url}: timed out") from exc
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise DeliveryError(f"{url}: the download broke off ({exc})") from exc
    return bytes(body)


def _chunks(response: requests.Response) -> Iterator[bytes]:
    """The decoded body as it arrives: each piece is what one read from the network gives."""
    read1 = getattr(response.raw, "read1", None)
    if read1 is None:  # urllib3 1.x has no read1: pieces of a fixed size instead
        yield from response.iter_content(_CHUNK)
        return
    while chunk := read1(_CHUNK, decode_content=True):
        yield chunk


def _too_large(url: str, max_bytes: int) -> DeliveryError:
    return DeliveryError(f"{url}: the calendar is larger than {_size(max_bytes)}")


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    if count >= 1000:
        return f"{count / 1000:g} kB"
    return f"{count} bytes"
