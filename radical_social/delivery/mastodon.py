"""Mastodon: one post with its card, over the REST API with requests.

Three calls: ``POST /api/v2/media`` (the card, its alt text as description, a focus point), ``GET
/api/v1/media/:id`` while the server is still processing it, and ``POST /api/v1/statuses`` with an
``Idempotency-Key``, so a repeated request (a retry, a run resumed after a crash) gets the status
made the first time instead of a second one. The server keeps the key for an hour; past it, a run
resuming a stopped one first looks for the status carrying the media that run uploaded (``GET
/api/v1/accounts/verify_credentials``, ``GET /api/v1/accounts/:id/statuses``).

requests, not Mastodon.py: the three calls are small, requests is already a dependency, and the
retry policy (bounded waits on 429, bounded retries on 5xx) and keeping the token out of every
message stay in one place for Mastodon and Bluesky alike; Mastodon.py would add a dependency with
its own rate-limit pacing to work around.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from radical_social._version import __version__
from radical_social.delivery.retrying import RetryPolicy, address_problem, send
from radical_social.errors import DeliveryError

if TYPE_CHECKING:
    import requests

TOKEN_VARIABLE = "RADICAL_SOCIAL_MASTODON_TOKEN"
VISIBILITIES = ("public", "unlisted")
FOCUS = "0.0,0.0"
"""The focus point sent with the card, for previews that crop it: its centre."""
_POLL = 0.5
"""Seconds between two looks at an image the server is still processing."""


@dataclass(frozen=True, slots=True)
class MastodonAccount:
    """A Mastodon account to publish with: the server's address and an access token with the
    ``write:media`` and ``write:statuses`` scopes (never shown: not in the repr, nor in any message)."""

    url: str
    """The server, e.g. ``https://mastodon.example``."""
    token: str = field(repr=False)
    visibility: str = "public"
    """``public`` or ``unlisted`` (kept out of the public timelines)."""

    channel = "mastodon"

    def __post_init__(self) -> None:
        problem = server_problem(self.url)
        if problem:
            raise ValueError(problem)
        if not self.token.strip():
            raise ValueError(f"the Mastodon token is empty: set {TOKEN_VARIABLE}")
        object.__setattr__(self, "token", self.token.strip())  # a copied token often ends in a line break
        if not self.token.isprintable() or any(char.isspace() for char in self.token):
            raise ValueError(f"the Mastodon token in {TOKEN_VARIABLE} has spaces or control characters inside it; "
                             "copy it again")
        if self.visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}; got {self.visibility!r}")

    @property
    def server(self) -> str:
        """The address without a trailing slash."""
        return self.url.rstrip("/")


def server_problem(url: str) -> str | None:
    """What is wrong with a server's address, or None."""
    return address_problem(url, "the Mastodon server", "the token")


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """A card to attach: its bytes, file name, media type and alt text."""

    data: bytes
    filename: str
    media_type: str
    alt: str


def post_status(account: MastodonAccount, *, text: str, language: str, image: Image | None,
                idempotency_key: str, policy: RetryPolicy, attachment: str | None = None,
                on_upload: Callable[[str], None] | None = None) -> tuple[str, str | None]:
    """Post ``text`` (with ``image``) and return the status's id and public URL; ``DeliveryError`` with the
    server's reason, never the token.

    ``attachment`` is the media id an earlier run uploaded for this post before it died: when one of
    the account's statuses carries it, that status is the post, and nothing is sent again.
    ``on_upload`` hears the new media id before the status is posted (the journal keeps it)."""
    import requests

    with requests.Session() as session:
        session.headers.update({"Authorization": f"Bearer {account.token}",
                                "User-Agent": f"radical-social/{__version__}"})
        try:
            made = _status_carrying(session, account, attachment, policy) if attachment else None
            if made is not None:
                return _identified(made, account)
            media = [_upload(session, account, image, policy)] if image else []
            if on_upload is not None and media:
                on_upload(media[0])
            response = send(session, "POST", f"{account.server}/api/v1/statuses", policy=policy,
                            what=f"Mastodon at {_host(account)}", headers={"Idempotency-Key": idempotency_key},
                            json={"status": text, "language": language, "visibility": account.visibility,
                                  "media_ids": media})
            status = _object(_answer(response, account), account)
        except DeliveryError as exc:
            raise DeliveryError(str(exc).replace(account.token, "***")) from None
    return _identified(status, account)


def _identified(status: dict[str, Any], account: MastodonAccount) -> tuple[str, str | None]:
    """A status's id and public URL."""
    identifier = status.get("id")
    if not isinstance(identifier, str):
        raise DeliveryError(f"Mastodon at {_host(account)} answered without a status id")
    url = status.get("url") or status.get("uri")
    return identifier, url if isinstance(url, str) else None


def _upload(session: requests.Session, account: MastodonAccount, image: Image, policy: RetryPolicy) -> str:
    """The media id of the uploaded card, once the server has processed it."""
    what = f"Mastodon at {_host(account)} (image upload)"
    response = send(session, "POST", f"{account.server}/api/v2/media", policy=policy, what=what,
                    files={"file": (image.filename, image.data, image.media_type)},
                    data={"description": image.alt, "focus": FOCUS})
    media = _object(_answer(response, account), account)
    identifier = media.get("id")
    if not isinstance(identifier, str):
        raise DeliveryError(f"{what}: the answer has no media id")
    deadline = time.monotonic() + policy.processing
    while response.status_code in (202, 206) or media.get("url") is None:
        if time.monotonic() > deadline:
            raise DeliveryError(f"{what}: the image was still processing after {policy.processing:.0f} s; "
                                "retry later")
        time.sleep(_POLL)
        response = send(session, "GET", f"{account.server}/api/v1/media/{identifier}", policy=policy, what=what)
        media = _object(_answer(response, account), account) if response.status_code != 206 else media
    return identifier


def _status_carrying(session: requests.Session, account: MastodonAccount, attachment: str,
                     policy: RetryPolicy) -> dict[str, Any] | None:
    """The account's recent status (of its last 40 with media) that carries the media ``attachment``, or None."""
    what = f"Mastodon at {_host(account)} (looking for the post a stopped run made)"
    me = _object(_answer(send(session, "GET", f"{account.server}/api/v1/accounts/verify_credentials",
                              policy=policy, what=what), account), account)
    statuses = _answer(send(session, "GET", f"{account.server}/api/v1/accounts/{me.get('id')}/statuses",
                            policy=policy, what=what, params={"only_media": "true", "limit": "40"}), account)
    for status in statuses if isinstance(statuses, list) else ():
        media = status.get("media_attachments") if isinstance(status, dict) else None
        if any(isinstance(item, dict) and item.get("id") == attachment for item in media or ()):
            return dict(status)
    return None


def _answer(response: requests.Response, account: MastodonAccount) -> Any:
    """The JSON of a 2xx answer; ``DeliveryError`` with the server's own message otherwise."""
    host = _host(account)
    if response.status_code in (401, 403):
        raise DeliveryError(f"Mastodon at {host} refused the token (HTTP {response.status_code}): set "
                            f"{TOKEN_VARIABLE} to a token of this server with write:media and write:statuses")
    if response.status_code == 206:
        return {}
    try:
        data = response.json()
    except ValueError:
        data = None
    if not 200 <= response.status_code < 300:
        said = data.get("error") if isinstance(data, dict) else None
        reason = " ".join(str(said).split())[:300] if said else response.reason
        raise DeliveryError(f"Mastodon at {host} refused the post (HTTP {response.status_code}): {reason}")
    return data


def _object(data: Any, account: MastodonAccount) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DeliveryError(f"Mastodon at {_host(account)} answered without a JSON object")
    return data


def _host(account: MastodonAccount) -> str:
    return urlsplit(account.url).netloc
