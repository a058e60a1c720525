"""Bluesky: one post with its card, over XRPC with requests.

Four calls on the account's PDS: ``com.atproto.server.createSession`` (handle and app password),
``com.atproto.repo.getRecord`` (was this post made already?), ``com.atproto.repo.uploadBlob`` (the
card, re-encoded to JPEG when it is over the app view's 1,000,000-byte limit) and
``com.atproto.repo.createRecord`` (an ``app.bsky.feed.post`` with the image and its alt text and
aspect ratio, or a link card with it as thumbnail; link and hashtag facets at UTF-8 byte offsets).

The record key is derived from the post (event UID, SEQUENCE, channel, moment), so a run resuming
one killed after posting finds the record with ``getRecord`` and posts nothing again: the PDS
itself answers 500, not a clean conflict, for a key that exists.

requests, not the ``atproto`` SDK: its import takes 2.5–3.9 s here and it pulls in 15 MB, for
four small calls; the retry policy and keeping the password out of every message stay shared with
Mastodon.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from radical_social._version import __version__
from radical_social.delivery.retrying import RetryPolicy, address_problem, send
from radical_social.errors import DeliveryError

if TYPE_CHECKING:
    import regex
    import requests

    from radical_social.delivery.mastodon import Image

PASSWORD_VARIABLE = "RADICAL_SOCIAL_BLUESKY_PASSWORD"
DEFAULT_SERVER = "https://bsky.social"
MAX_IMAGE_BYTES = 1_000_000
"""The largest image blob the Bluesky app view shows (the PDS itself takes more)."""
POST = "app.bsky.feed.post"
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"

# As the Bluesky app detects them (@atproto/api's RichText.detectFacets): links with a scheme, and
# hashtags of up to 64 characters with at least one that is neither a digit nor punctuation.
_LINK = re.compile(r"(?:(?<=^)|(?<=[\s(]))https?://\S+", re.IGNORECASE)
_HANDLE = re.compile(r"([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?")


@cache
def _tag_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A hashtag, and the punctuation that ends one (``regex`` for ``\\p{P}``, imported when a post needs it)."""
    import regex

    invisible = r"\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2"
    return (regex.compile(rf"(?<=^|\s)[#＃]((?!\ufe0f)[^\s{invisible}]*[^\d\s\p{{P}}{invisible}]+[^\s{invisible}]*)"),
            regex.compile(r"\p{P}+$"))


@dataclass(frozen=True, slots=True)
class BlueskyAccount:
    """Where to post on Bluesky: the handle, its app password (never shown) and its PDS."""

    handle: str
    """The account's handle, e.g. ``name.bsky.social`` (a leading @ is dropped)."""
    password: str = field(repr=False)
    """An app password (Settings → Privacy and security → App passwords)."""
    url: str = DEFAULT_SERVER
    """The PDS's address; Bluesky's own by default."""

    channel = "bluesky"

    def __post_init__(self) -> None:
        object.__setattr__(self, "handle", self.handle.strip().removeprefix("@"))
        object.__setattr__(self, "password", self.password.strip())  # a copied password often ends in a line break
        problems = [problem for problem in (server_problem(self.url), handle_problem(self.handle)) if problem]
        if not self.password:
            problems.append(f"the Bluesky app password is empty: set {PASSWORD_VARIABLE}")
        elif not self.password.isprintable():
            problems.append(f"the Bluesky app password in {PASSWORD_VARIABLE} has control characters inside it; "
                            "copy it again")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def server(self) -> str:
        """The address without a trailing slash."""
        return self.url.rstrip("/")


def server_problem(url: str) -> str | None:
    """What is wrong with a PDS's address, or None."""
    return address_problem(url, "the Bluesky server", "the app password")


def handle_problem(handle: str) -> str | None:
    """What is wrong with a handle, or None."""
    if not _HANDLE.fullmatch(handle) or len(handle) > 253:
        return f"the Bluesky handle must be a domain name, e.g. name.bsky.social; got {handle[:100]!r}"
    return None


def record_key(key: tuple[str, int, str, str]) -> str:
    """A record key for the post ``(uid, sequence, channel, moment)``: the same for the same post, and a
    valid TID (13 characters of base32-sortable), the key type ``app.bsky.feed.post`` declares.

    Its time part is a microsecond of 2023–2034 picked by the post's hash, not the time of posting:
    nothing reads a post's time from its key (``createdAt`` says it)."""
    digest = hashlib.sha256(json.dumps(list(key)).encode("utf-8")).digest()
    start, span = 1_672_531_200_000_000, 12 * 365 * 86_400_000_000  # 2023-01-01, about twelve years
    micros = start + int.from_bytes(digest[:8], "big") % span
    value = micros << 10 | int.from_bytes(digest[8:10], "big") & 0x3FF
    return "".join(_TID_ALPHABET[value >> shift & 31] for shift in range(60, -1, -5))


def facets(text: str) -> list[dict[str, Any]]:
    """The link and hashtag facets of ``text``, with the UTF-8 byte offsets Bluesky indexes them by."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for match in _LINK.finditer(text):
        link = _trimmed(match.group())
        found.append((match.start(), match.start() + len(link), {"$type": "app.bsky.richtext.facet#link",
                                                                  "uri": link}))
    tag_pattern, trailing = _tag_patterns()
    for hashtag in tag_pattern.finditer(text):
        tag = trailing.sub("", hashtag.group(1))
        if tag and len(tag) <= 64:
            found.append((hashtag.start(), hashtag.start() + 1 + len(tag), {"$type": "app.bsky.richtext.facet#tag",
                                                                           "tag": tag}))
    result: list[dict[str, Any]] = []
    taken = 0
    for start, end, feature in sorted(found, key=lambda item: item[0]):
        if start < taken:
            continue  # a "#" inside a link
        taken = end
        begin = len(text[:start].encode("utf-8"))
        result.append({"index": {"byteStart": begin, "byteEnd": begin + len(text[start:end].encode("utf-8"))},
                       "features": [feature]})
    return result


def _trimmed(link: str) -> str:
    """A link without the punctuation that ends the sentence around it (a closing bracket it opened stays)."""
    while link and (link[-1] in ".,;:!?\"'" or (link[-1] == ")" and link.count("(") < link.count(")"))):
        link = link[:-1]
    return link


def post_record(account: BlueskyAccount, *, text: str, language: str, image: Image | None, link_card: bool,
                title: str, key: tuple[str, int, str, str], policy: RetryPolicy,
                now: datetime | None = None) -> tuple[str, str]:
    """Post ``text`` with ``image`` (as an image, or as the thumbnail of a link card to the post's first
    link when ``link_card``) and return the record's at:// URI and public URL; when the record of
    this ``key`` exists already, return it and send nothing. ``DeliveryError`` with the server's
    reason, never the password."""
    import requests

    rkey = record_key(key)
    with requests.Session() as session:
        session.headers["User-Agent"] = f"radical-social/{__version__}"
        try:
            did, handle = _log_in(session, account, policy)
            uri = f"at://{did}/{POST}/{rkey}"
            url = f"https://bsky.app/profile/{handle}/post/{rkey}"
            if _made(session, account, did, rkey, policy):
                return uri, url
            record: dict[str, Any] = {"$type": POST, "text": text, "langs": [language],
                                      "createdAt": _timestamp(now or datetime.now(timezone.utc))}
            spans = facets(text)
            if spans:
                record["facets"] = spans
            links = [feature["uri"] for span in spans for feature in span["features"] if "uri" in feature]
            embed = _embed(session, account, image, links[0] if link_card and links else None, title, policy)
            if embed:
                record["embed"] = embed
            try:
                _answer(send(session, "POST", _xrpc(account, "com.atproto.repo.createRecord"), policy=policy,
                             what=_what(account, "posting"),
                             json={"repo": did, "collection": POST, "rkey": rkey, "record": record}),
                        account, "posting")
            except DeliveryError:
                # Made, its answer lost? A retry of it then gets a 500 for the existing key, not the record.
                if not _made(session, account, did, rkey, policy):
                    raise
        except DeliveryError as exc:
            raise DeliveryError(str(exc).replace(account.password, "***")) from None
    return uri, url


def _made(session: requests.Session, account: BlueskyAccount, did: str, rkey: str, policy: RetryPolicy) -> bool:
    """Whether the account has the post of this record key already."""
    found = send(session, "GET", _xrpc(account, "com.atproto.repo.getRecord"), policy=policy,
                 what=_what(account, "looking for the post"), params={"repo": did, "collection": POST, "rkey": rkey})
    if found.status_code == 200:
        return True
    if _error(found) != "RecordNotFound":
        _answer(found, account, "looking for the post")
    return False


def _log_in(session: requests.Session, account: BlueskyAccount, policy: RetryPolicy) -> tuple[str, str]:
    """The account's DID and handle; the session's token goes into ``session``'s headers."""
    response = send(session, "POST", _xrpc(account, "com.atproto.server.createSession"), policy=policy,
                    what=_what(account, "logging in"),
                    json={"identifier": account.handle, "password": account.password})
    if response.status_code == 401:
        raise DeliveryError(f"Bluesky at {_host(account)} refused the handle {account.handle} or its app password "
                            f"(HTTP 401): set {PASSWORD_VARIABLE} to an app password of this account")
    session_data = _answer(response, account, "logging in")
    token, did = session_data.get("accessJwt"), session_data.get("did")
    if not isinstance(token, str) or not isinstance(did, str):
        raise DeliveryError(f"{_what(account, 'logging in')}: the answer has no session")
    session.headers["Authorization"] = f"Bearer {token}"
    handle = session_data.get("handle")
    return did, handle if isinstance(handle, str) else account.handle


def _embed(session: requests.Session, account: BlueskyAccount, image: Image | None, link: str | None,
           title: str, policy: RetryPolicy) -> dict[str, Any] | None:
    """The post's embed: the card as an image, or as a link card's thumbnail; None without either."""
    if image is None and link is None:
        return None
    blob = width = height = None
    if image is not None:
        data, media_type, width, height = fitted(image.data, image.media_type)
        uploaded = _answer(send(session, "POST", _xrpc(account, "com.atproto.repo.uploadBlob"), policy=policy,
                                what=_what(account, "image upload"), data=data,
                                headers={"Content-Type": media_type}), account, "image upload")
        blob = uploaded.get("blob")
        if not isinstance(blob, dict):
            raise DeliveryError(f"{_what(account, 'image upload')}: the answer has no blob")
    if link is not None:
        external: dict[str, Any] = {"uri": link, "title": title, "description": image.alt if image else ""}
        if blob is not None:
            external["thumb"] = blob
        return {"$type": "app.bsky.embed.external", "external": external}
    assert image is not None
    return {"$type": "app.bsky.embed.images",
            "images": [{"image": blob, "alt": image.alt, "aspectRatio": {"width": width, "height": height}}]}


def fitted(data: bytes, media_type: str) -> tuple[bytes, str, int, int]:
    """The image as it is when it is at most ``MAX_IMAGE_BYTES``, else re-encoded as JPEG (smaller
    and smaller) until it is; with its media type, width and height."""
    from PIL import Image as Pillow

    with Pillow.open(io.BytesIO(data)) as picture:
        width, height = picture.size
        if len(data) <= MAX_IMAGE_BYTES:
            return data, media_type, width, height
        rgb = picture.convert("RGB")
    scale = 1.0
    for quality in (90, 85, 80, 75, 70, 60, 50, 50, 50, 50, 50, 50):
        resized = rgb if scale == 1.0 else rgb.resize((max(1, round(width * scale)), max(1, round(height * scale))))
        out = io.BytesIO()
        resized.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= MAX_IMAGE_BYTES:
            return out.getvalue(), "image/jpeg", resized.width, resized.height
        if quality == 50:
            scale *= 0.75
    raise DeliveryError(f"the card does not fit in {MAX_IMAGE_BYTES:,} bytes even as a small JPEG")


def _answer(response: requests.Response, account: BlueskyAccount, doing: str) -> dict[str, Any]:
    """The JSON object of a 2xx answer; ``DeliveryError`` with the server's own message otherwise."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not 200 <= response.status_code < 300:
        said = " ".join(str(data.get("message") or data.get("error") or "").split())[:300] \
            if isinstance(data, dict) else ""
        raise DeliveryError(f"{_what(account, doing)}: refused (HTTP {response.status_code}): "
                            f"{said or response.reason}")
    if not isinstance(data, dict):
        raise DeliveryError(f"{_what(account, doing)}: answered without a JSON object")
    return data


def _error(response: requests.Response) -> str | None:
    """The XRPC error name of an answer (``RecordNotFound``), if any."""
    try:
        data = response.json()
    except ValueError:
        return None
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, str) else None


def _timestamp(moment: datetime) -> str:
    """``createdAt``: UTC, milliseconds, Z, as the lexicon's datetime format and the app write it."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _xrpc(account: BlueskyAccount, method: str) -> str:
    return f"{account.server}/xrpc/{method}"


def _what(account: BlueskyAccount, doing: str) -> str:
    return f"Bluesky at {_host(account)} ({doing})"


def _host(account: BlueskyAccount) -> str:
    return urlsplit(account.url).netloc
