"""Fetching a calendar URL so that it cannot be turned against the caller's own network.

Before each request (the first and every redirect, followed by hand) the URL is read by urllib3's
parser, the one ``requests`` connects by; it must be http(s), without credentials, backslashes or
spaces. Unless private addresses are allowed, every address the host resolves to must be public,
and the connection goes to the first of those very addresses (the URL's host replaced by it, the
name kept for the Host header and for TLS), so a DNS server that answers differently a moment later
(DNS rebinding) changes nothing. The body is read in pieces as they arrive, so both the size cap
and the deadline hold against a server that sends endlessly or a byte at a time.

A proxy configured for ``requests`` (``HTTPS_PROXY``…) still carries the request: it is then the
proxy that connects.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, cast
from urllib.parse import urljoin

import requests
import urllib3
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from radical_social._version import __version__
from radical_social.errors import DeliveryError
from radical_social.event.values import clipped

if TYPE_CHECKING:
    from requests.adapters import _HostParams, _PoolKwargs

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65536
CALENDAR = "text/calendar, */*;q=0.5"
"""The Accept header of a calendar download."""
_USER_AGENT = f"radical_social/{__version__}"
_KINDS = ("unspecified", "loopback", "link_local", "multicast", "private", "reserved")
"""Address properties refused, in the order a refusal names them."""
_SHOWN = 200
"""Characters of a refused URL quoted in a message."""

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class _Target:
    """A checked URL: what to ask for, and, when pinned, the address to connect to and the Host to name."""

    url: str
    host: str
    """The host name (an IPv6 address without its brackets), which TLS certificates are checked against."""
    pinned: str | None = None
    """The URL with its host replaced by the checked address; None when private addresses are allowed."""
    host_header: str = ""


class Fetched(NamedTuple):
    """A downloaded body, with what the server said it is and the URL it came from after redirects."""

    body: bytes
    content_type: str
    url: str


def fetch(url: str, *, session: requests.Session | None, timeout: float, max_bytes: int,
          allow_private: bool) -> bytes:
    """The body of ``url``; see ``radical_social.sources.calendars.fetch_calendar``."""
    return fetch_document(url, session=session, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private,
                          accept=CALENDAR, kind="calendar").body


def fetch_document(url: str, *, session: requests.Session | None, timeout: float, max_bytes: int,
                   allow_private: bool, accept: str, kind: str) -> Fetched:
    """``url``'s body and Content-Type, fetched as ``fetch`` does; ``accept`` is the Accept header, and
    ``kind`` names the thing in the message of a body too large (``the page is larger than 5 MB``)."""
    deadline = time.monotonic() + timeout
    headers = {"Accept": accept, "User-Agent": _USER_AGENT}
    http = session if session is not None else requests.Session()
    pinning = _PinnedAdapter()
    came_from = ""
    try:
        for _ in range(MAX_REDIRECTS + 1):
            target = _target(url, allow_private, came_from)
            with _get(http, pinning, target, deadline, headers) as response:
                location = response.headers.get("Location") if response.status_code in _REDIRECTS else None
                if not location:
                    body = _body(response, _shown(url), deadline, max_bytes, kind)
                    return Fetched(body, response.headers.get("Content-Type", ""), url)
            came_from, url = f"{_shown(url)} redirects to ", urljoin(url, location)
        raise DeliveryError(f"{_shown(url)}: more than {MAX_REDIRECTS} redirects")
    finally:
        pinning.close()
        if session is None:
            http.close()


def _shown(url: str) -> str:
    """A URL as messages quote it: printable, and not endless."""
    text = url.encode("ascii", "backslashreplace").decode()
    text = "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in text)
    return clipped(text, _SHOWN)


def _target(url: str, allow_private: bool, came_from: str) -> _Target:
    """The checked URL; ``DeliveryError`` saying why it may not be fetched."""
    try:
        target = _checked(url, allow_private)
    except _Refused as exc:
        raise DeliveryError(f"{came_from}{_shown(url)}: {exc}") from None
    return target


class _Refused(Exception):
    """Why a URL may not be fetched."""


def _checked(url: str, allow_private: bool) -> _Target:
    scheme = url.partition(":")[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        hint = "; write https:// instead of webcal://" if scheme == "webcal" else ""
        raise _Refused(f"only http:// and https:// URLs can be fetched{hint}")
    if "\\" in url:
        raise _Refused("the URL has a backslash; URLs use / only")
    if not url.isprintable() or any(char.isspace() for char in url):
        raise _Refused("the URL has spaces or control characters; encode them (%20)")
    try:
        parts = parse_url(url)
    except LocationParseError:
        raise _Refused("the URL cannot be read (a bad host, port or bracket)") from None
    if parts.auth is not None or "@" in (parts.netloc or ""):
        raise _Refused("the URL has a user name or password in it; pages and calendars are fetched without them")
    if not parts.host:
        raise _Refused("the URL has no host name")
    port = parts.port or (443 if scheme == "https" else 80)
    if allow_private:
        return _Target(url, parts.host)
    host = parts.host.strip("[]")
    address = _public_address(host, port)
    literal = f"[{address}]" if address.version == 6 else str(address)
    pinned = parts._replace(scheme=scheme, host=literal, auth=None).url
    return _Target(url, host, pinned, parts.host if parts.port is None else f"{parts.host}:{parts.port}")


def _public_address(host: str, port: int) -> Address:
    """The first address ``host`` resolves to, once every one of them is known to be public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise _Refused(f"the host {host} cannot be resolved ({exc})") from None
    addresses = [ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]) for *_, sockaddr in found]
    for address in addresses:
        kind = _kind(address)
        if kind:
            where = "is" if host == str(address) else f"is at {address},"
            raise _Refused(f"{host} {where} a {kind} address; addresses of the local network are "
                           "refused (allow_private=True, or --allow-private on the command line, allows them)")
    if not addresses:
        raise _Refused(f"the host {host} cannot be resolved")
    return addresses[0]


def _kind(address: Address) -> str | None:
    """The kind of a non-public address ("loopback", "private", …), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        address = address.ipv4_mapped or address.sixtofour or address
    for kind in _KINDS:
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


class _PinnedAdapter(requests.adapters.HTTPAdapter):
    """Connects to the checked address the URL names, verifying TLS for the host name it stands for."""

    hostname: str | None = None

    def build_connection_pool_key_attributes(self, request: requests.PreparedRequest, verify: bool | str,
                                             cert: Any = None) -> tuple[_HostParams, _PoolKwargs]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        if host_params.get("scheme") == "https" and self.hostname:
            tls = cast("dict[str, Any]", pool_kwargs)
            tls["server_hostname"] = self.hostname
            tls["assert_hostname"] = self.hostname if verify is not False else False
        return host_params, pool_kwargs


def _get(http: requests.Session, pinning: _PinnedAdapter, target: _Target, deadline: float,
         headers: dict[str, str]) -> requests.Response:
    """The response to GET, through the session, or, pinned, through ``pinning`` with the session's settings."""
    shown = _shown(target.url)
    try:
        if target.pinned is None:
            return http.get(target.url, headers=headers, timeout=_left(shown, deadline), allow_redirects=False,
                            stream=True)
        pinning.hostname = target.host
        request = http.prepare_request(requests.Request("GET", target.pinned,
                                                        headers=headers | {"Host": target.host_header}))
        settings = http.merge_environment_settings(request.url, {}, True, None, None)
        verify = True if settings["verify"] is None else settings["verify"]
        return pinning.send(request, stream=True, timeout=_left(shown, deadline), verify=verify,
                            cert=settings["cert"], proxies=settings["proxies"])
    except requests.Timeout as exc:
        raise DeliveryError(f"{shown}: timed out") from exc
    except requests.RequestException as exc:
        raise DeliveryError(f"{shown}: cannot be fetched ({exc})") from exc


def _left(url: str, deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeliveryError(f"{url}: timed out")
    return left


def _body(response: requests.Response, url: str, deadline: float, max_bytes: int, kind: str) -> bytes:
    """The body of a 2xx response, refused once it passes ``max_bytes`` or the deadline."""
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"{url}: the server answered {response.status_code} {response.reason or ''}".rstrip())
    declared = response.headers.get("Content-Length", "")
    body = bytearray()
    try:
        if declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(url, max_bytes, kind)
        for chunk in _chunks(response):
            body += chunk
            if len(body) > max_bytes:
                raise _too_large(url, max_bytes, kind)
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


def _too_large(url: str, max_bytes: int, kind: str) -> DeliveryError:
    return DeliveryError(f"{url}: the {kind} is larger than {_size(max_bytes)}")


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    if count >= 1000:
        return f"{count / 1000:g} kB"
    return f"{count} bytes"
