"""Email invitations through a real SMTP server (aiosmtpd): the bytes received, once per person."""

from __future__ import annotations

import base64
import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
import pytest
from parsers import parse_with_vobject
from smtp_server import Received, SmtpServer, running_smtp, self_signed_certificate

from radical_social import Event, Organizer
from radical_social.delivery.journal import StateStore
from radical_social.delivery.mailing import (
    Attendee,
    InvitationReport,
    SmtpSettings,
    attendees_from_csv,
    invitation,
    send_invitations,
)
from radical_social.errors import DeliveryError, EventError, KitError

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
PEOPLE = (
    Attendee("ana@example.org", "Ana Pérez"),
    Attendee("bo@example.net"),
    Attendee("chiara@example.com", "Chiara Rossi"),
)
ADDRESSES = [person.email for person in PEOPLE]
PASSWORD = "s3cret-Pässword"
pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with running_smtp() as running:
        yield running


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateStore]:
    with StateStore(tmp_path / "state.sqlite3") as store:
        yield store


def settings_for(server: SmtpServer, **fields: Any) -> SmtpSettings:
    values: dict[str, Any] = {"host": server.host, "port": server.port, "security": "none", "pause": 0,
                              "timeout": 10} | fields
    return SmtpSettings(**values)


def send(event: Event, server: SmtpServer, state: StateStore, people: tuple[Attendee, ...] = PEOPLE,
         **options: Any) -> InvitationReport:
    return send_invitations(event, people, smtp=settings_for(server), state=state, now=NOW, **options)


def parsed(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.SMTP)
    assert isinstance(message, EmailMessage)
    return message


def calendar_bytes(message: EmailMessage) -> bytes:
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def unfolded(calendar: bytes) -> list[str]:
    return calendar.decode().replace("\r\n ", "").split("\r\n")


def value(calendar: bytes, name: str) -> str:
    """The value of a property of the VEVENT (or of the calendar, for METHOD)."""
    lines = unfolded(calendar)
    if name != "METHOD":
        lines = lines[lines.index("BEGIN:VEVENT"):]
    (line,) = [line for line in lines if re.match(rf"{name}[;:]", line)]
    return line.split(":", 1)[1]


def by_recipient(received: list[Received]) -> dict[str, bytes]:
    result: dict[str, bytes] = {}
    for message in received:
        (recipient,) = message.rcpt_tos
        result[recipient] = message.data
    return result


# What one message looks like ---------------------------------------------------------------------

def test_each_person_gets_one_message_with_text_html_and_the_calendar(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    report = send(event, server, state)

    assert report == InvitationReport(sent=ADDRESSES)
    assert sorted(by_recipient(server.received)) == sorted(ADDRESSES)
    for received in server.received:
        assert received.mail_from == "giulia@bottegasartori.example"
        message = parsed(received.data)
        assert message.get_content_type() == "multipart/mixed"
        alternative, attachment = message.iter_parts()
        assert [part.get_content_type() for part in alternative.iter_parts()] == [
            "text/plain", "text/html", "text/calendar"]
        assert b'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"\r\n' in received.data
        assert attachment.get_content_type() == "application/ics"
        assert attachment.get_filename() == "invite.ics"
        assert attachment.get_payload(decode=True) == calendar_bytes(message)
        assert value(calendar_bytes(message), "METHOD") == "REQUEST"


def test_the_calendar_keeps_its_crlf_line_endings_on_the_wire(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state)

    for received in server.received:
        assert received.data.count(b"\n") == received.data.count(b"\r\n"), "a bare LF in the message"
        calendar = calendar_bytes(parsed(received.data))
        assert calendar.endswith(b"END:VCALENDAR\r\n")
        assert b"\r\n" in calendar
        assert calendar.count(b"\n") == calendar.count(b"\r\n") == calendar.count(b"\r")


def test_a_message_names_only_its_own_attendee(event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state)

    for recipient, data in by_recipient(server.received).items():
        message = parsed(data)
        person = next(person for person in PEOPLE if person.email == recipient)
        assert message["To"].addresses[0].addr_spec == recipient
        assert len(message["To"].addresses) == 1
        calendar = calendar_bytes(message)
        (attendee,) = [line for line in unfolded(calendar) if line.startswith("ATTENDEE")]
        assert attendee.endswith(f"RSVP=TRUE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:{recipient}")
        assert (f';CN="{person.name}"' in attendee) is (person.name is not None)
        everything = data + b"".join(part.get_content().encode() if part.get_content_maintype() == "text"
                                     else part.get_content() for part in message.walk() if not part.is_multipart())
        for other in ADDRESSES:
            if other != recipient:
                assert other.encode() not in everything


def test_the_organizer_sends_and_every_parser_reads_the_request(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state)

    for recipient, data in by_recipient(server.received).items():
        message = parsed(data)
        assert message["From"].addresses[0].addr_spec == "giulia@bottegasartori.example"
        assert message["Subject"].startswith("Invito: Laboratorio di pasta fresca")
        calendar = calendar_bytes(message)
        (vevent,) = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
        assert str(vevent["UID"]) == event.uid
        assert vevent["SEQUENCE"] == 0
        assert str(vevent["ORGANIZER"]) == "mailto:giulia@bottegasartori.example"
        attendee = vevent["ATTENDEE"]
        assert str(attendee) == f"mailto:{recipient}"
        assert (attendee.params["RSVP"], attendee.params["PARTSTAT"], attendee.params["ROLE"]) == (
            "TRUE", "NEEDS-ACTION", "REQ-PARTICIPANT")
        (parsed_event,) = parse_with_vobject(calendar).events
        assert parsed_event.uid == event.uid
        assert "ATTENDEE" in parsed_event.properties


# Never twice, updates and cancellations ----------------------------------------------------------

def test_running_again_sends_nothing_new(event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state)
    again = send(event, server, state)

    assert again == InvitationReport(skipped=ADDRESSES)
    assert len(server.received) == 3


def test_someone_added_later_gets_the_invitation_alone(event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state, PEOPLE[:2])
    report = send(event, server, state)

    assert report.sent == ["chiara@example.com"]
    assert value(calendar_bytes(parsed(server.received[-1].data)), "SEQUENCE") == "0"


def test_a_changed_start_goes_to_everyone_with_the_same_uid_and_a_higher_sequence(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state)
    assert isinstance(event.start, datetime) and isinstance(event.end, datetime)
    later = dataclasses.replace(event, start=event.start + timedelta(hours=1), end=event.end + timedelta(hours=1))

    report = send(later, server, state)

    assert report.sent == ADDRESSES
    for data in by_recipient(server.received[3:]).values():
        message = parsed(data)
        calendar = calendar_bytes(message)
        assert (value(calendar, "UID"), value(calendar, "SEQUENCE")) == (event.uid, "1")
        assert value(calendar, "DTSTART;TZID=Europe/Rome") == "20270116T190000"
        assert message["Subject"].startswith("Aggiornato: ")
    assert send(later, server, state) == InvitationReport(skipped=ADDRESSES)


def test_the_event_files_own_sequence_is_a_floor(event: Event, server: SmtpServer, state: StateStore) -> None:
    send(dataclasses.replace(event, sequence=4), server, state, PEOPLE[:1])

    assert value(calendar_bytes(parsed(server.received[0].data)), "SEQUENCE") == "4"


def test_cancel_reaches_everyone_invited_before(event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state)

    report = send(event, server, state, (), cancel=True)

    assert sorted(report.sent) == sorted(ADDRESSES)
    for received in server.received[3:]:
        assert b'Content-Type: text/calendar; charset="utf-8"; method="CANCEL"\r\n' in received.data
        message = parsed(received.data)
        calendar = calendar_bytes(message)
        assert value(calendar, "METHOD") == "CANCEL"
        assert value(calendar, "STATUS") == "CANCELLED"
        assert (value(calendar, "UID"), value(calendar, "SEQUENCE")) == (event.uid, "1")
        assert message["Subject"].startswith("Annullato: ")
        (vevent,) = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
        assert vevent["STATUS"] == "CANCELLED"
        parse_with_vobject(calendar)
    assert send(event, server, state, (), cancel=True) == InvitationReport(skipped=sorted(ADDRESSES))


def test_an_event_marked_cancelled_is_sent_as_a_cancellation(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    send(event, server, state, PEOPLE[:1])
    send(dataclasses.replace(event, status="cancelled"), server, state, PEOPLE[:1])

    assert value(calendar_bytes(parsed(server.received[-1].data)), "METHOD") == "CANCEL"


# Failures ----------------------------------------------------------------------------------------

def test_a_refused_address_is_reported_and_the_others_are_delivered(event: Event, state: StateStore) -> None:
    with running_smtp(refuse={"bo@example.net"}) as server:
        report = send(event, server, state)
        assert sorted(by_recipient(server.received)) == ["ana@example.org", "chiara@example.com"]
    assert report.sent == ["ana@example.org", "chiara@example.com"]
    assert list(report.failed) == ["bo@example.net"]
    assert report.failed["bo@example.net"].startswith("550 ")

    with running_smtp() as server:
        assert send(event, server, state).sent == ["bo@example.net"]


def test_a_bad_address_is_reported_and_the_others_are_delivered(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    report = send(event, server, state, (Attendee("not an address"), *PEOPLE[:1]))

    assert report.sent == ["ana@example.org"]
    assert report.failed == {"not an address": "not an email address"}


class Crash(Exception):
    """The process dying half-way."""


@pytest.mark.parametrize("name", ["Dan\r\nBcc: eve@example.org", "Dan\nRossi", "Dan \u202eissoR"])
def test_a_name_that_would_break_the_header_is_refused_and_the_others_are_invited(
        event: Event, server: SmtpServer, state: StateStore, name: str) -> None:
    report = send(event, server, state, (*PEOPLE[:2], Attendee("dan@example.org", name), PEOPLE[2]))

    assert report.sent == ADDRESSES
    assert list(report.failed) == ["dan@example.org"] and report.failed["dan@example.org"].startswith("the name ")
    assert sorted(by_recipient(server.received)) == sorted(ADDRESSES)


def test_a_crash_half_way_resumes_with_those_not_yet_sent(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    from radical_social.delivery.smtp import open_smtp

    def crashing(settings: SmtpSettings) -> Any:
        client = open_smtp(settings)
        sendmail = client.sendmail

        def once(*args: Any) -> object:
            if server.received:
                raise Crash
            return sendmail(*args)

        client.sendmail = once  # type: ignore[method-assign,assignment]
        return client

    with pytest.raises(Crash):
        send_invitations(event, PEOPLE, smtp=settings_for(server), state=state, now=NOW, connect=crashing)
    assert len(server.received) == 1

    report = send(event, server, state)

    assert report.skipped == ["ana@example.org"]
    assert report.sent == ["bo@example.net", "chiara@example.com"]
    assert sorted(by_recipient(server.received)) == sorted(ADDRESSES)


@pytest.mark.parametrize("journal", ["sqlite", "postgresql"])
def test_two_runs_at_once_on_one_journal_send_each_person_one_message(
        event: Event, server: SmtpServer, tmp_path: Path, journal: str, request: pytest.FixtureRequest) -> None:
    import threading

    from radical_social.delivery.smtp import open_smtp

    target = tmp_path / "state.sqlite3" if journal == "sqlite" else request.getfixturevalue("postgres_journal")
    people = tuple(Attendee(f"person{number}@example.org") for number in range(10))
    both_decided = threading.Barrier(2, timeout=20)

    def together(settings: SmtpSettings) -> Any:
        both_decided.wait()  # each run has read the store and built its messages: now both send
        return open_smtp(settings)

    reports: list[InvitationReport] = []

    def run() -> None:
        with StateStore(target) as state:
            reports.append(send_invitations(event, people, smtp=settings_for(server), state=state, now=NOW,
                                            connect=together))

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(60)

    assert sorted(by_recipient(server.received)) == sorted(person.email for person in people)
    assert len(server.received) == 10
    assert sorted(reports[0].sent + reports[1].sent) == sorted(person.email for person in people)


def test_a_dry_run_writes_eml_files_and_sends_nothing(
        event: Event, server: SmtpServer, state: StateStore, tmp_path: Path) -> None:
    report = send_invitations(event, PEOPLE, smtp=None, state=state, dry_run_to=tmp_path / "out", now=NOW)

    assert [path.name for path in report.written] == [
        "request-ana@example.org.eml", "request-bo@example.net.eml", "request-chiara@example.com.eml"]
    assert server.received == []
    assert state.sent(event.uid) == {}
    data = report.written[0].read_bytes()
    assert value(calendar_bytes(parsed(data)), "ATTENDEE;CN=\"Ana Pérez\"") == "mailto:ana@example.org"
    assert send(event, server, state).sent == ADDRESSES


def test_an_event_without_an_organizer_email_is_refused(
        event: Event, server: SmtpServer, state: StateStore) -> None:
    with pytest.raises(EventError, match=r"organizer\.email"):
        send(dataclasses.replace(event, organizer=Organizer(name="Giulia")), server, state)
    assert server.received == []


# Logging in and TLS ------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["plain-ascii", PASSWORD])
def test_logging_in_with_the_right_password_sends(event: Event, state: StateStore, password: str) -> None:
    with running_smtp(accounts={"giulia": password}) as server:
        settings = SmtpSettings.from_url(f"smtp://giulia@{server.host}:{server.port}", password=password,
                                         security="none", pause=0)
        report = send_invitations(event, PEOPLE[:1], smtp=settings, state=state, now=NOW)
        assert report.sent == ["ana@example.org"]
        assert len(server.received) == 1


@pytest.mark.parametrize("password", ["plain-ascii", PASSWORD])
def test_a_wrong_password_is_a_delivery_error_that_does_not_show_it(
        event: Event, state: StateStore, password: str) -> None:
    with running_smtp(accounts={"giulia": "another"}) as server:
        settings = SmtpSettings(host=server.host, port=server.port, user="giulia", password=password,
                                security="none", pause=0)
        with pytest.raises(DeliveryError, match="SMTP login refused for user 'giulia'") as caught:
            send_invitations(event, PEOPLE, smtp=settings, state=state, now=NOW)
    assert password not in str(caught.value)
    assert password not in repr(caught.value)
    assert state.sent(event.uid) == {}


@pytest.mark.parametrize("password", ["plain-ascii", PASSWORD])
def test_a_refusal_that_quotes_the_credentials_is_not_shown(event: Event, state: StateStore, password: str) -> None:
    with running_smtp(accounts={"giulia": "another"}, echo_auth=True) as server:
        settings = SmtpSettings(host=server.host, port=server.port, user="giulia", password=password,
                                security="none", pause=0)
        with pytest.raises(DeliveryError, match="SMTP login refused for user 'giulia'") as caught:
            send_invitations(event, PEOPLE, smtp=settings, state=state, now=NOW)
    said = str(caught.value)
    assert "535 5.7.8" in said
    secret = password.encode()
    for quoted in (secret, base64.b64encode(secret), base64.b64encode(b"\0giulia\0" + secret)):
        assert quoted.decode() not in said


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_a_trusted_certificate_sends(
        event: Event, state: StateStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, security: str) -> None:
    certificate = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with running_smtp(accounts={"giulia": PASSWORD}, tls=security, certificate=certificate) as server:  # type: ignore[arg-type]
        settings = SmtpSettings.from_url(f"smtp://giulia@localhost:{server.port}", password=PASSWORD,
                                         security=security, pause=0)  # type: ignore[arg-type]
        report = send_invitations(event, PEOPLE[:1], smtp=settings, state=state, now=NOW)
        assert report.sent == ["ana@example.org"]


def test_tls_with_an_untrusted_certificate_is_refused(event: Event, state: StateStore, tmp_path: Path) -> None:
    certificate = self_signed_certificate(tmp_path)
    with running_smtp(tls="starttls", certificate=certificate) as server:
        settings = SmtpSettings(host="localhost", port=server.port, security="starttls", pause=0)
        with pytest.raises(DeliveryError, match=r"CERTIFICATE_VERIFY_FAILED"):
            send_invitations(event, PEOPLE[:1], smtp=settings, state=state, now=NOW)
        assert server.received == []


# Settings ----------------------------------------------------------------------------------------

def test_the_password_never_shows_in_the_settings() -> None:
    settings = SmtpSettings.from_url("smtp://me@example.org@smtp.example.org", password=PASSWORD)

    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings)
    assert (settings.user, settings.host, settings.port, settings.security) == (
        "me@example.org", "smtp.example.org", 587, "starttls")


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://smtp.example.org", ("smtp.example.org", 587, "starttls", None)),
    ("smtp://smtp.example.org:465", ("smtp.example.org", 465, "ssl", None)),
    ("smtps://me%40example.org@smtp.example.org", ("smtp.example.org", 465, "ssl", "me@example.org")),
    ("smtp://me@127.0.0.1:2525", ("127.0.0.1", 2525, "starttls", "me")),
])
def test_settings_from_a_url(url: str, expected: tuple[object, ...]) -> None:
    settings = SmtpSettings.from_url(url)

    assert (settings.host, settings.port, settings.security, settings.user) == expected


@pytest.mark.parametrize(("url", "message"), [
    ("http://smtp.example.org", "smtp://"),
    ("smtp://me:hunter2@smtp.example.org", "RADICAL_SOCIAL_SMTP_PASSWORD"),
    ("smtp://smtp.example.org:99999", "port"),
    ("smtp://[::1:1", "must look like smtp://"),
])
def test_a_bad_url_is_a_delivery_error(url: str, message: str) -> None:
    with pytest.raises(DeliveryError, match=message) as caught:
        SmtpSettings.from_url(url)
    assert "hunter2" not in str(caught.value)


def test_a_password_is_never_sent_unencrypted_to_another_host() -> None:
    with pytest.raises(DeliveryError, match="unencrypted"):
        SmtpSettings.from_url("smtp://me@smtp.example.org", password=PASSWORD, security="none")


def test_a_user_without_a_password_is_told_where_to_put_it(event: Event, server: SmtpServer,
                                                          state: StateStore) -> None:
    settings = settings_for(server, user="giulia")
    with pytest.raises(DeliveryError, match="RADICAL_SOCIAL_SMTP_PASSWORD"):
        send_invitations(event, PEOPLE, smtp=settings, state=state, now=NOW)


# Templates and attendee lists --------------------------------------------------------------------

@pytest.mark.parametrize("language", ["it", "en", "es", "fr", "de", "pt"])
@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_every_language_writes_escaped_html_and_plain_text(event: Event, language: str, method: str) -> None:
    hostile = dataclasses.replace(event, title="Pasta <script>alert(1)</script> & vino", language=language)
    message = invitation(hostile, Attendee("ana@example.org", "Ana <b>"), method=method, sequence=0, now=NOW)

    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "Pasta <script>alert(1)</script> & vino" in text.get_content()
    assert "Ana <b>" in text.get_content()
    assert "<script>" not in html.get_content()
    assert "Pasta &lt;script&gt;alert(1)&lt;/script&gt; &amp; vino" in html.get_content()
    assert "Ana &lt;b&gt;" in html.get_content()
    assert "\n" not in message["Subject"]


def test_attendees_from_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\ufeffemail,name\nana@example.org,Ana Pérez\n\nbo@example.net,\n", encoding="utf-8")

    assert attendees_from_csv(path) == [Attendee("ana@example.org", "Ana Pérez"), Attendee("bo@example.net")]


def test_a_csv_file_without_an_email_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name\nAna\n", encoding="utf-8")

    with pytest.raises(EventError, match="'email' column"):
        attendees_from_csv(path)


def test_a_missing_csv_file_is_an_event_error(tmp_path: Path) -> None:
    with pytest.raises(EventError, match="cannot be read"):
        attendees_from_csv(tmp_path / "nobody.csv")


def test_the_command_sends_once_then_nothing_then_cancels(
    event: Event, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from click.testing import CliRunner

    from radical_social.cli import main

    source = tmp_path / "event.json"
    source.write_text(json.dumps(event.to_mapping()), encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text("email,name\nanna@example.org,Anna Rossi\nbruno@example.org,\n", encoding="utf-8")
    runner = CliRunner()
    with running_smtp() as server:
        args = ["send-invites", str(source), "--to", "carla@example.org", "--to-file", str(people),
                "--smtp", server.url, "--plain", "--state", str(tmp_path / "state.sqlite3"),
                "--now", "2026-12-01T09:00Z"]
        first = runner.invoke(main, args)
        assert first.exit_code == 0, first.output + first.stderr
        assert "3 sent, 0 already up to date" in first.output
        assert sorted(to for message in server.received for to in message.rcpt_tos) == [
            "anna@example.org", "bruno@example.org", "carla@example.org"]
        again = runner.invoke(main, args)
        assert "0 sent, 3 already up to date" in again.output and len(server.received) == 3
        cancel = runner.invoke(main, [*args, "--cancel"])
        assert "3 sent" in cancel.output and len(server.received) == 6
        assert all(b"method=\"CANCEL\"" in message.data for message in server.received[3:])
    dry = runner.invoke(main, ["send-invites", str(source), "--to", "dora@example.org", "--dry-run",
                               str(tmp_path / "outbox"), "--state", str(tmp_path / "other.sqlite3")])
    assert dry.exit_code == 0 and len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_a_dry_run_writes_every_message_or_none(event: Event, state: StateStore, tmp_path: Path) -> None:
    long_address = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"  # 260 characters: too long for a file name
    people = [Attendee(f"person{number}@example.org") for number in range(11)] + [Attendee(long_address)]
    report = send_invitations(event, people, smtp=None, state=state, dry_run_to=tmp_path / "out", now=NOW)

    assert report.failed == {}
    assert len(report.written) == 12 and all(path.is_file() for path in report.written)
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(path.name for path in report.written)
    assert all(len(path.name) < 200 for path in report.written)


def test_a_dry_run_with_a_folder_in_a_files_place_writes_none(event: Event, state: StateStore,
                                                               tmp_path: Path) -> None:
    people = [Attendee(f"person{number}@example.org") for number in range(11)]
    out = tmp_path / "out"
    (out / "request-person6@example.org.eml").mkdir(parents=True)  # renamed after person0 … person5
    with pytest.raises(KitError, match=r"'request-person6@example.org.eml' is a folder; none was written"):
        send_invitations(event, people, smtp=None, state=state, dry_run_to=out, now=NOW)
    assert [path.name for path in out.iterdir()] == ["request-person6@example.org.eml"]


def test_a_dry_run_whose_rename_fails_part_way_removes_what_it_renamed(
    event: Event, state: StateStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [Attendee(f"person{number}@example.org") for number in range(11)]
    renames = 0
    rename = Path.replace

    def failing_sixth(self: Path, target: Any) -> Path:  # another program in the folder, racing this one
        nonlocal renames
        renames += 1
        if renames == 6:
            raise IsADirectoryError(21, "Is a directory")
        return rename(self, target)

    monkeypatch.setattr(Path, "replace", failing_sixth)
    with pytest.raises(KitError, match="Is a directory; none was written"):
        send_invitations(event, people, smtp=None, state=state, dry_run_to=tmp_path / "out", now=NOW)
    assert renames == 6 and list((tmp_path / "out").iterdir()) == []


def test_the_command_needs_a_server_or_a_dry_run(event: Event, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from radical_social.cli import main

    source = tmp_path / "event.json"
    source.write_text(__import__("json").dumps(event.to_mapping()), encoding="utf-8")
    assert CliRunner().invoke(main, ["send-invites", str(source), "--to", "a@example.org"]).exit_code == 2
    assert CliRunner().invoke(main, ["send-invites", str(source), "--smtp", "smtp://localhost"]).exit_code == 2


def test_a_refused_address_does_not_stop_the_other_events(event: Event, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from radical_social.cli import main

    second = dataclasses.replace(event, title="Laboratorio di tortelli", uid="tortelli@bottegasartori.example")
    source = tmp_path / "events.json"
    source.write_text(json.dumps([event.to_mapping(), second.to_mapping()]), encoding="utf-8")
    with running_smtp(refuse={"nobody@example.org"}) as server:
        result = CliRunner().invoke(main, [
            "send-invites", str(source), "--to", "anna@example.org", "--to", "nobody@example.org",
            "--smtp", server.url, "--plain", "--state", str(tmp_path / "state.sqlite3")])
        assert result.exit_code == 1
        assert result.output.count("1 sent") == 2 and "not sent to nobody@example.org" in result.stderr
        assert len(server.received) == 2


def test_a_users_own_html_template_escapes_every_value(event: Event, tmp_path: Path) -> None:
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "invitation.en.html.j2").write_text("<p>{{ event.title }} for {{ name }}</p>\n")
    (tmp_path / "email" / "invitation.en.txt.j2").write_text("{{ event.title }}\n")
    hostile = dataclasses.replace(event, title="<script>alert(1)</script>", language="en")
    message = invitation(hostile, Attendee("ana@example.org", "Ana <b>"), method="REQUEST", sequence=0, now=NOW,
                         templates=tmp_path)

    html, text = message.get_body(("html",)), message.get_body(("plain",))
    assert html is not None and text is not None
    assert html.get_content().strip() == "<p>&lt;script&gt;alert(1)&lt;/script&gt; for Ana &lt;b&gt;</p>"
    assert text.get_content().strip() == "<script>alert(1)</script>"
