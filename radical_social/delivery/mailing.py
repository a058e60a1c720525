"""Email invitations that land in people's calendars (iMIP, RFC 6047; iTIP, RFC 5546).

One message per attendee, so nobody sees the others' addresses. The state store remembers what
each person last received for the event's UID: running again sends nothing new, a run that
stopped half-way resumes, and a changed event goes to everyone with a higher SEQUENCE::

    settings = SmtpSettings.from_url("smtp://me@example.org@smtp.example.org", password=secret)
    with StateStore() as state:
        report = send_invitations(event, [Attendee("ana@example.org", "Ana")], smtp=settings, state=state)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.headerregistry import Address
from pathlib import Path
from typing import TYPE_CHECKING

from radical_social._files import scratch_name
from radical_social.calendar.invites import Attendee
from radical_social.delivery.imip import WIRE_POLICY, content_hash, invitation, organizer_address
from radical_social.delivery.journal import SentInvitation, StateStore, attendee_key, next_sequence
from radical_social.delivery.smtp import PASSWORD_VARIABLE, Connect, Outbox, SmtpSettings, open_smtp
from radical_social.errors import EventError, KitError, Problem
from radical_social.event.checks import line_problem

if TYPE_CHECKING:
    from email.message import EmailMessage

    from radical_social.event.model import Event

__all__ = [
    "PASSWORD_VARIABLE",
    "Attendee",
    "InvitationReport",
    "SmtpSettings",
    "attendees_from_csv",
    "invitation",
    "send_invitations",
]

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9@._+-]")


@dataclass
class InvitationReport:
    """What a run did, by address."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Already up to date: nothing new to send."""
    failed: dict[str, str] = field(default_factory=dict)
    """Address → why it was not sent (the server's reply, or a bad address)."""
    written: list[Path] = field(default_factory=list)
    """In a dry run, the ``.eml`` files written instead of sending."""


def attendees_from_csv(path: Path) -> list[Attendee]:
    """Attendees from a CSV file with an ``email`` column and an optional ``name`` column."""
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            if "email" not in (reader.fieldnames or ()):
                raise EventError([Problem(str(path), "needs an 'email' column (and may have 'name')")])
            return [Attendee(row["email"].strip(), (row.get("name") or "").strip() or None)
                    for row in reader if (row["email"] or "").strip()]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EventError([Problem(str(path), f"cannot be read: {exc}")]) from exc


def send_invitations(event: Event, attendees: Iterable[Attendee], *, smtp: SmtpSettings | None,
                     state: StateStore, cancel: bool = False, dry_run_to: Path | None = None,
                     now: datetime | None = None, templates: Path | None = None,
                     connect: Connect = open_smtp) -> InvitationReport:
    """Invite each attendee (or cancel: also everyone invited before), skipping the up to date.

    An event whose status is ``cancelled`` is sent as a cancellation. With ``dry_run_to`` the
    messages are written there as ``.eml`` files and nothing is sent or recorded.
    """
    if smtp is None and dry_run_to is None:
        raise ValueError("give the SMTP settings, or a folder for a dry run")
    report = InvitationReport()
    batch = _batch(event, attendees, state, cancel=cancel or event.status == "cancelled", report=report)
    stamp = now or datetime.now(timezone.utc)
    due = [(person, invitation(event, person, method=batch.method, sequence=batch.sequence, now=stamp,
                               templates=templates, update=update))
           for person, update in batch.due]
    if dry_run_to is not None:
        report.written = _write_emls(Path(dry_run_to), batch.method, due)
    elif smtp is not None:
        with Outbox(smtp, connect) as outbox:
            for person, message in due:
                if not state.claim(batch.uid, person.email, sequence=batch.sequence, content_hash=batch.digest):
                    report.skipped.append(person.email)  # sent, or being sent, by another run
                    continue
                try:
                    reason = outbox.send(batch.sender, person.email, message.as_bytes(policy=WIRE_POLICY))
                except BaseException:
                    state.release(batch.uid, person.email)
                    raise
                if reason is None:
                    batch.record(state, person)
                    report.sent.append(person.email)
                else:
                    state.release(batch.uid, person.email)
                    report.failed[person.email] = reason
    return report


@dataclass(frozen=True)
class _Batch:
    """One run's method, SEQUENCE and content hash, and who needs a message (and whether it is an update)."""

    uid: str
    sender: str
    method: str
    sequence: int
    digest: str
    due: list[tuple[Attendee, bool]]

    def record(self, state: StateStore, person: Attendee) -> None:
        state.record(self.uid, person.email, person.name, sequence=self.sequence, content_hash=self.digest,
                     method=self.method, sent_at=datetime.now(timezone.utc))


def _batch(event: Event, attendees: Iterable[Attendee], state: StateStore, *, cancel: bool,
           report: InvitationReport) -> _Batch:
    """Decide what to send: the up to date go to ``report.skipped``, bad addresses to ``failed``."""
    method = "CANCEL" if cancel else "REQUEST"
    sender = organizer_address(event).addr_spec
    records = state.sent(event.uid)
    digest = content_hash(event, method)
    sequence = next_sequence(event.sequence, records.values(), digest)
    due = []
    for person in _recipients(attendees, records.values() if cancel else (), report):
        record = records.get(attendee_key(person.email))
        if record is not None and (record.content_hash, record.sequence) == (digest, sequence):
            report.skipped.append(person.email)
        else:
            due.append((person, record is not None and not cancel))
    return _Batch(event.uid, sender, method, sequence, digest, due)


def _recipients(given: Iterable[Attendee], invited: Iterable[SentInvitation],
                report: InvitationReport) -> list[Attendee]:
    """The given attendees, then those invited before (for a cancellation), once each; bad
    addresses go to ``report.failed``."""
    people: dict[str, Attendee] = {}
    for person in [*given, *(Attendee(record.attendee, record.name) for record in invited)]:
        problem = _address_problem(person.email) or _name_problem(person.name)
        if problem:
            report.failed[person.email] = problem
        else:
            people.setdefault(attendee_key(person.email), person)
    return list(people.values())


def _address_problem(address: str) -> str | None:
    if not address.isascii():
        return "addresses with non-ASCII characters are not supported"
    try:
        parsed = Address(addr_spec=address)
    except (ValueError, IndexError):
        return "not an email address"
    return None if parsed.domain and parsed.username else "not an email address"


def _name_problem(name: str | None) -> str | None:
    """What is wrong with an attendee's name (a line break would end the To header), or None."""
    problem = None if name is None else line_problem(name)
    return f"the name {problem}" if problem else None


def _write_emls(folder: Path, method: str, due: list[tuple[Attendee, EmailMessage]]) -> list[Path]:
    """Write every message as an ``.eml`` file, all or none: each goes to a scratch file first, and only when
    all are written (and no folder stands in a file's place) are they renamed into place; should a rename
    still fail, the files this run renamed are removed again."""
    paths = [folder / _eml_name(method, person.email) for person, _ in due]
    written: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folders := [path.name for path in paths if path.is_dir()]:
            raise KitError(f"could not write the messages in {folder}: {', '.join(map(repr, folders[:3]))} "
                           f"{'is a folder' if len(folders) == 1 else 'are folders'}; none was written")
        for path, (_, message) in zip(paths, due, strict=True):
            scratch = scratch_name(path, ".tmp")
            written.append((scratch, path))
            scratch.write_bytes(message.as_bytes(policy=WIRE_POLICY))
        for scratch, path in written:
            scratch.replace(path)
            placed.append(path)
    except OSError as exc:
        for scratch, _ in written:
            scratch.unlink(missing_ok=True)
        for path in placed:
            path.unlink(missing_ok=True)
        raise KitError(f"could not write the messages in {folder}: {exc.strerror or exc}; none was written") from exc
    return paths


_MAX_NAME = 120
"""Characters of an address kept in an ``.eml`` file's name; a longer one is cut and told apart by a hash."""


def _eml_name(method: str, address: str) -> str:
    safe = _UNSAFE_IN_NAME.sub("_", address)
    if len(safe) > _MAX_NAME:
        import hashlib

        safe = f"{safe[:_MAX_NAME]}-{hashlib.sha256(address.encode()).hexdigest()[:12]}"
    return f"{method.lower()}-{safe}.eml"
