"""One iMIP message (RFC 6047): text, HTML and the iTIP calendar, for one attendee."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social.calendar.invites import Attendee, invite
from radical_social.errors import EventError, Problem
from radical_social.text.templating import render

if TYPE_CHECKING:
    from radical_social.event.model import Event

WIRE_POLICY = policy.SMTP
"""CRLF line endings, RFC 2047 headers: the bytes written are the bytes sent."""
ATTACHMENT_NAME = "invite.ics"


def invitation(event: Event, attendee: Attendee, *, method: str, sequence: int, now: datetime,
               templates: Path | None = None, update: bool = False) -> EmailMessage:
    """The message inviting ``attendee`` (``method`` REQUEST) or cancelling (CANCEL).

    ``multipart/mixed``: a ``multipart/alternative`` of text, HTML and the ``text/calendar``
    part with its ``method``, then the same calendar as ``invite.ics``. ``update`` tells the
    templates this person had an earlier version.
    """
    organizer = organizer_address(event)
    cancel = method == "CANCEL"
    sent = replace(event, sequence=sequence, status="cancelled" if cancel else event.status)
    calendar = invite(sent, now=now, method=method, attendees=(attendee,), templates=templates)
    context = _context(sent, attendee, cancel=cancel, update=update)
    kind = "cancellation" if cancel else "invitation"
    message = EmailMessage(policy=WIRE_POLICY)
    message["From"] = organizer
    message["To"] = Address(attendee.name or "", addr_spec=attendee.email)
    message["Subject"] = " ".join(_render("subject", "txt", context, templates).split())
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=organizer.domain)
    message.set_content(_render(kind, "txt", context, templates), cte="quoted-printable")
    message.add_alternative(_render(kind, "html", context, templates), subtype="html", cte="quoted-printable")
    message.add_alternative(calendar, maintype="text", subtype="calendar", cte="base64",
                            params={"charset": "utf-8", "method": method})
    message.make_mixed()
    message.add_attachment(calendar, maintype="application", subtype="ics", filename=ATTACHMENT_NAME)
    return message


def organizer_address(event: Event) -> Address:
    """The organizer as the From address; iTIP needs one, so an event without it is refused."""
    if event.organizer is None or not event.organizer.email:
        raise EventError([Problem("organizer.email", "email invitations need the organizer's email address")])
    if not event.organizer.email.isascii():
        raise EventError([Problem("organizer.email", f"{event.organizer.email!r} cannot be sent from: SMTP needs "
                                                     "an address in plain ASCII")])
    return Address(event.organizer.name, addr_spec=event.organizer.email)


def content_hash(event: Event, method: str) -> str:
    """A digest of what attendees see: the method and every field of the event but SEQUENCE."""
    fields = event.to_mapping()
    del fields["sequence"]
    text = json.dumps({"method": method, "event": fields}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _context(event: Event, attendee: Attendee, *, cancel: bool, update: bool) -> dict[str, Any]:
    from radical_social.text import words
    from radical_social.text.wording import resolve_language

    organizer = event.organizer
    return {
        "event": event,
        "name": attendee.name,
        "organizer": organizer.name if organizer else "",
        "when": words.upper_first(words.when(event)),
        "where": event.venue.one_line if event.venue else None,
        "url": event.url,
        "cancel": cancel,
        "update": update,
        "language": resolve_language(event.language)[0],
    }


def _render(kind: str, extension: str, context: dict[str, Any], templates: Path | None) -> str:
    return render(f"email/{kind}.{context['language']}.{extension}.j2", templates=templates, **context)
