"""Bounded retries over HTTP: 429 waits as the server says, 5xx and lost connections back off; a
request never loops or waits past the ``RetryPolicy``."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from radical_social.delivery.smtp import is_loopback
from radical_social.errors import DeliveryError

if TYPE_CHECKING:
    import requests


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How long publishing keeps trying before a post is "failed, retry later"."""

    attempts: int = 4
    """Tries per request, the first included."""
    max_wait: float = 60.0
    """Seconds: the longest single wait; a ``Retry-After`` beyond it gives up at once."""
    backoff: float = 1.0
    """Seconds before the second try after a 5xx or a lost connection; doubled for each later one."""
    timeout: float = 30.0
    """Seconds to wait for the server's answer to one request."""
    processing: float = 120.0
    """Seconds to wait, in all, for the server to process an uploaded image."""

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be at least 1; got {self.attempts}")
        for name in ("max_wait", "backoff", "timeout", "processing"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative; got {getattr(self, name)}")


def send(session: requests.Session, method: str, url: str, *, policy: RetryPolicy, what: str,
         **options: Any) -> requests.Response:
    """The server's answer to a request that is neither a 429 nor a 5xx, after at most ``policy.attempts``
    tries; ``DeliveryError`` ending in "retry later" when the server stayed busy, broken or silent."""
    import requests

    for attempt in range(1, policy.attempts + 1):
        last = attempt == policy.attempts
        try:
            response = session.request(method, url, timeout=policy.timeout, **options)
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:  # lost or cut short: worth another try
            if last:
                raise DeliveryError(f"{what}: no answer after {attempt} tries ({type(exc).__name__}); "
                                    "retry later") from None
            time.sleep(min(policy.max_wait, policy.backoff * 2 ** (attempt - 1)))
            continue
        except requests.RequestException as exc:  # a redirect loop, a bad URL: another try would not help
            raise DeliveryError(f"{what}: the request failed ({type(exc).__name__}); retry later") from None
        if response.status_code == 429:
            wait = retry_after(response, default=policy.backoff * 2 ** (attempt - 1))
            if last or wait > policy.max_wait:
                raise DeliveryError(f"{what}: rate limited (429) after {attempt} tries, next allowed in "
                                    f"{wait:.0f} s; retry later")
            time.sleep(wait)
            continue
        if response.status_code >= 500:
            if last:
                raise DeliveryError(f"{what}: the server failed (HTTP {response.status_code}) {attempt} times; "
                                    "retry later")
            time.sleep(min(policy.max_wait, policy.backoff * 2 ** (attempt - 1)))
            continue
        return response
    raise AssertionError("unreachable: the last attempt returns or raises")


def address_problem(url: str, server: str, secret: str) -> str | None:
    """What is wrong with the address of ``server`` (\"the Mastodon server\"), or None: https://, or http://
    to this machine only (elsewhere it would send the ``secret`` unencrypted)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return f"{server} must be an https:// address; got {url[:100]!r}"
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        return (f"{server} must be an https:// address: http:// would send {secret} unencrypted "
                f"(it is allowed for this machine only: localhost, 127.0.0.1, ::1); got {url[:100]!r}")
    return None



def retry_after(response: requests.Response, *, default: float) -> float:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date), else ``X-RateLimit-Reset`` (an ISO
    date, as Mastodon sends), else ``default``."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    when: datetime | None = None
    try:
        when = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        when = None
    reset = response.headers.get("X-RateLimit-Reset", "").strip()
    if when is None and reset:
        try:
            when = datetime.fromisoformat(reset.replace("Z", "+00:00"))
        except ValueError:
            when = None
    if when is None or when.utcoffset() is None:
        return default
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
