"""Publish an event to a CalDAV calendar collection (RFC 4791) with the ``caldav`` package.

The event is one calendar object in the collection, found by its UID. ``publish`` creates it,
updates it in place when its content changed (same resource, SEQUENCE raised), writes nothing
when nothing changed, and cancels it by storing it with ``STATUS:CANCELLED`` (it is not deleted:
whoever sees the calendar sees the cancellation). Every failure is a ``DeliveryError`` whose
message never holds the password. See ``docs/how-to/publish-to-your-calendar.md``.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast
from urllib.parse import urlsplit

from radical_social.calendar.invites import DEFAULT_ALARM, invite
from radical_social.errors import DeliveryError

if TYPE_CHECKING:
    from caldav.calendarobjectresource import CalendarObjectResource
    from caldav.collection import Calendar
    from caldav.davclient import DAVClient

    from radical_social.event.model import Event

PASSWORD_VARIABLE = "RADICAL_SOCIAL_CALDAV_PASSWORD"
"""The environment variable the command reads the CalDAV password from."""
DEFAULT_TIMEOUT = 15.0
"""Seconds to wait for the server's answer to each request."""
UNCOMPARED = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED", "PRODID"})
"""Properties that change with every write or every release, not with the event: not compared."""

Action = Literal["created", "updated", "cancelled", "unchanged"]
ClientFactory = Callable[..., "DAVClient"]
"""Builds the client: called with ``url``, ``username``, ``password``, ``timeout`` and ``enable_rfc6764``."""

_ERRNO_TEXT = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


@dataclass(frozen=True, kw_only=True, slots=True)
class CalDavResult:
    """What ``publish_to_caldav`` did: the calendar object's URL, the action taken and the SEQUENCE now stored."""

    href: str
    action: Action
    sequence: int


def password_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The password in ``RADICAL_SOCIAL_CALDAV_PASSWORD``; ``DeliveryError`` when it is unset or empty."""
    password = environ.get(PASSWORD_VARIABLE, "")
    if not password:
        raise DeliveryError(f"set {PASSWORD_VARIABLE} to the CalDAV password (an app password, where offered)")
    return password


def publish_to_caldav(event: Event, *, url: str, user: str, password: str, cancel: bool = False,
            now: datetime | None = None, alarm: timedelta | None = DEFAULT_ALARM, templates: Path | None = None,
            client_factory: ClientFactory | None = None, timeout: float = DEFAULT_TIMEOUT) -> CalDavResult:
    """Create, update or cancel ``event`` in the calendar collection at ``url``, logged in as ``user``.

    ``cancel`` stores the event with STATUS:CANCELLED (it must be in the collection already);
    ``now``, ``alarm`` and ``templates`` are as for ``invite``. Raises ``DeliveryError``.
    """
    collection = _collection_url(url)
    if not user:
        raise DeliveryError("a CalDAV user name is needed")
    if not password:
        raise DeliveryError(f"no password given for CalDAV user {user!r}")
    if cancel:
        event = replace(event, status="cancelled")

    def render(sequence: int) -> bytes:
        return invite(replace(event, sequence=sequence), now=now, alarm=alarm, templates=templates, method=None)

    desired = render(event.sequence)
    with _translated_errors(collection, user, password, timeout), _client(
        client_factory, url=collection, username=user, password=password, timeout=timeout, enable_rfc6764=False,
    ) as client:
        from caldav.collection import Calendar

        return _publish_to(Calendar(client=client, url=collection), event, desired, render, cancel=cancel)


def _publish_to(calendar: Calendar, event: Event, desired: bytes, render: Callable[[int], bytes], *,
                cancel: bool) -> CalDavResult:
    """Create the collection's object with the event's UID, or update it in place."""
    _require_calendar(calendar)
    stored = _find(calendar, event.uid)
    if stored is not None:
        return _update(stored, event, desired, render)
    if cancel:
        raise DeliveryError(f"nothing to cancel: no event with UID {event.uid} in {calendar.url}")
    from caldav.calendarobjectresource import Event as DAVEvent

    created = DAVEvent(calendar.client, parent=calendar)
    created.save(raw_data=desired, no_overwrite=True)  # named after the UID; never overwrites
    return CalDavResult(href=str(created.url), action="created", sequence=event.sequence)


def _update(stored: CalendarObjectResource, event: Event, desired: bytes,
            render: Callable[[int], bytes]) -> CalDavResult:
    """Replace the stored object in place with a raised SEQUENCE, unless its content is the same."""
    stored_sequence = _sequence(stored.data)
    if _content(desired) == _content(stored.data):
        return CalDavResult(href=str(stored.url), action="unchanged", sequence=stored_sequence)
    sequence = max(event.sequence, stored_sequence + 1)
    stored.save(raw_data=render(sequence))  # If-Match: the stored ETag, so a concurrent change is not lost
    action: Action = "cancelled" if event.status == "cancelled" else "updated"
    return CalDavResult(href=str(stored.url), action=action, sequence=sequence)


def _require_calendar(calendar: Calendar) -> None:
    """Refuse a collection that is not a calendar, such as a user's principal or the server's root."""
    from caldav.elements import cdav, dav

    kinds = cast("list[str] | None", calendar.get_property(dav.ResourceType()))  # the resourcetype tags
    if cdav.Calendar.tag not in (kinds or ()):
        raise DeliveryError(f"{calendar.url} is not a CalDAV calendar collection: use the URL of one calendar")


def _find(calendar: Calendar, uid: str) -> CalendarObjectResource | None:
    """The collection's object with this UID, or None."""
    from caldav.lib.error import NotFoundError

    try:
        return cast("CalendarObjectResource", calendar.get_event_by_uid(uid))  # a coroutine only when async
    except NotFoundError:
        return None


def _content(ics: bytes | str) -> list[tuple[str, list[bytes]]]:
    """What a calendar says, whatever the order or folding of its lines, without the UNCOMPARED stamps."""
    from icalendar import Calendar as ICalendar

    return sorted(
        (str(component.name), sorted(component.content_line(name, value).to_ical()
                                for name, value in component.property_items(recursive=False)
                                if name not in UNCOMPARED and name not in ("BEGIN", "END")))
        for component in ICalendar.from_ical(ics).walk()
    )


def _sequence(ics: bytes | str) -> int:
    """The SEQUENCE of the first VEVENT (0 when it has none)."""
    from icalendar import Calendar as ICalendar

    for component in ICalendar.from_ical(ics).walk("VEVENT"):
        return int(component.get("SEQUENCE", 0))
    return 0


def _collection_url(url: str) -> str:
    """The collection URL, ending in ``/``; refused unless http(s) with a host and without credentials."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise DeliveryError("the CalDAV collection URL is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeliveryError("the CalDAV collection URL must be an https:// (or http://) URL with a host")
    if parts.username is not None or parts.password is not None:
        raise DeliveryError("the CalDAV collection URL must not hold a user name or password: "
                            f"pass the user on its own and the password in {PASSWORD_VARIABLE}")
    return parts._replace(path=parts.path if parts.path.endswith("/") else parts.path + "/").geturl()


@contextmanager
def _client(factory: ClientFactory | None, **options: Any) -> Iterator[DAVClient]:
    """A client from ``factory`` (default ``caldav.DAVClient``), closed on exit."""
    if factory is None:
        from caldav.davclient import DAVClient

        factory = DAVClient
    client = factory(**options)
    try:
        yield client
    finally:
        client.close()


@contextmanager
def _translated_errors(collection: str, user: str, password: str, timeout: float) -> Iterator[None]:
    """Turn what caldav and the HTTP library raise into ``DeliveryError`` (the only boundary).

    The messages are built here from the user, the URL (refused if it holds credentials), the
    status and at most a short errno text, and the cause is dropped (``from None``): the password
    is in none of them.
    """
    try:
        from caldav.lib import error
    except ImportError:
        raise DeliveryError("publishing to CalDAV needs the caldav package: "
                            "pip install 'radical-social[caldav]'") from None
    host = urlsplit(collection).netloc
    secrets = (password, base64.b64encode(f"{user}:{password}".encode()).decode())
    try:
        yield
    except (error.ETagMismatchError, error.ScheduleTagMismatchError, error.UidConflictError, error.ConsistencyError):
        raise DeliveryError(f"the event changed in {collection} while it was published; publish again") from None
    except error.AuthorizationError as exc:
        if exc.status == 403:
            raise DeliveryError(f"CalDAV user {user!r} may not write to {collection} (403 Forbidden)") from None
        raise DeliveryError(f"CalDAV login refused for user {user!r} at {host}: "
                            "check the user name and the password (or app password)") from None
    except error.NotFoundError:
        raise DeliveryError(f"no CalDAV calendar collection at {collection} (404 Not Found)") from None
    except error.DAVError as exc:
        raise DeliveryError(f"the server at {host} refused the request: {_said(exc, secrets)}") from None
    except OSError as exc:  # the HTTP library's connection, TLS and timeout errors
        raise DeliveryError(f"could not reach the CalDAV server at {host}: {_reason(exc, timeout)}") from None
    except (ValueError, AttributeError, KeyError, TypeError, SyntaxError):  # malformed XML (lxml's errors are
        # SyntaxErrors) or iCalendar data
        raise DeliveryError(f"the server at {host} sent an answer that is not CalDAV (broken XML or calendar "
                            f"data); is {collection} a calendar collection?") from None


_SAID = 120
"""Characters of a server's status line quoted in an error."""


def _said(exc: Exception, secrets: tuple[str, ...]) -> str:
    """What the server said: its status line, the first line of a plain-text body and the DAV preconditions
    it named; short, printable, and with the credentials cut out should a server echo them."""
    status = getattr(exc, "status", None)
    first = str(getattr(exc, "url", "") or "").split("\n", 1)[0]  # caldav keeps the status line there
    said = first if status is not None and first.startswith(str(status)) else str(status or "no status")
    body = getattr(exc, "body", None)
    text = (body.decode(errors="replace") if isinstance(body, bytes) else str(body or "")).strip()
    if text and not text.startswith("<"):  # an XML body says its piece in the preconditions
        said += ": " + text.split("\n", 1)[0]
    for secret in filter(None, secrets):  # before the cut, or a secret crossing it would leave a prefix
        said = said.replace(secret, "…")
    said = "".join(char for char in said if char.isprintable())[:_SAID]
    preconditions = [tag.rpartition("}")[2] for tag in getattr(exc, "preconditions", None) or ()]
    return said + (f" ({', '.join(preconditions[:5])})" if preconditions else "")


def _reason(exc: OSError, timeout: float) -> str:
    """A short, credential-free reason for a failed connection."""
    text = str(exc)
    if "timed out" in text.lower() or "Timeout" in type(exc).__name__:
        return f"no answer within {timeout:g} s"
    if "resolve" in text:
        return "its host name could not be resolved"
    if "SSL" in text or "certificate" in text.lower():
        return "the TLS (https) connection failed; check the certificate"
    found = _ERRNO_TEXT.search(text)
    return found.group(1).strip().lower() if found else "the connection failed"
