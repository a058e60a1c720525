"""Publishing to a CalDAV collection, against a real Radicale server started for the session."""

from __future__ import annotations

import base64
import logging
import socket
import sys
import threading
import traceback
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, cast

import icalendar
import pytest
from caldav.collection import Calendar
from caldav.davclient import DAVClient
from caldav.response import DAVResponse
from radicale_server import RadicaleServer, free_port, running_radicale

from radical_social import DeliveryError, Event
from radical_social.delivery.caldav import PASSWORD_VARIABLE, CalDavResult, password_from_environment, publish_to_caldav

pytestmark = pytest.mark.slow

ALICE, ALICE_PASSWORD = "alice", "correct-Horse-7"
BOB, BOB_PASSWORD = "bob", "battery-Staple-9"
WRONG_PASSWORD = "wrong-Pa55word-xyz"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=3)


class RecordingClient(DAVClient):
    """A caldav client that notes each request's method and header names, to see what publish sends."""

    def __init__(self, sent: list[tuple[str, frozenset[str]]], **options: Any) -> None:
        super().__init__(**options)
        self.sent = sent

    def request(self, url: str, method: str = "GET", body: str = "", headers: Mapping[str, str] | None = None,
                rate_limit_time_slept: int = 0) -> DAVResponse:
        self.sent.append((method, frozenset(name.lower() for name in headers or {})))
        return super().request(url, method, body, headers or {}, rate_limit_time_slept)


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path_factory.mktemp("radicale"), {ALICE: ALICE_PASSWORD, BOB: BOB_PASSWORD}) as server:
        yield server


@pytest.fixture
def calendar(radicale: RadicaleServer) -> Iterator[Calendar]:
    """A new, empty calendar collection of alice's, as the client of a calendar app would see it."""
    with DAVClient(url=radicale.url, username=ALICE, password=ALICE_PASSWORD, enable_rfc6764=False) as client:
        made = client.get_principal().make_calendar(name="Events", cal_id=uuid.uuid4().hex)
        yield cast(Calendar, made)


def send(event: Event, calendar: Calendar, **options: Any) -> CalDavResult:
    options = {"url": str(calendar.url), "user": ALICE, "password": ALICE_PASSWORD, "now": NOW, **options}
    return publish_to_caldav(event, **options)


def stored(calendar: Calendar) -> list[tuple[str, icalendar.Calendar]]:
    """Every object in the collection: its URL and its parsed calendar data."""
    objects = cast(list[Any], calendar.get_events())
    return [(str(item.url), icalendar.Calendar.from_ical(item.data)) for item in objects]


def only_vevent(calendar: Calendar) -> tuple[str, icalendar.Component]:
    """The URL and VEVENT of the collection's only object."""
    (href, data), = stored(calendar)
    vevents = data.walk("VEVENT")
    assert len(vevents) == 1
    return href, vevents[0]


def test_create_stores_one_object_named_after_the_uid(event: Event, calendar: Calendar) -> None:
    result = send(event, calendar)

    assert result.action == "created" and result.sequence == 0
    href, vevent = only_vevent(calendar)
    assert result.href == href == f"{calendar.url}{event.uid.replace('@', '%40')}.ics"
    assert str(vevent["UID"]) == event.uid
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.start  # the same instant
    assert vevent.decoded("SEQUENCE") == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "METHOD" not in stored(calendar)[0][1]  # RFC 4791 4.1: no METHOD in stored objects


def test_publishing_again_unchanged_writes_nothing(event: Event, calendar: Calendar) -> None:
    send(event, calendar)
    sent: list[tuple[str, frozenset[str]]] = []

    again = send(event, calendar, now=LATER, client_factory=lambda **options: RecordingClient(sent, **options))

    assert again.action == "unchanged" and again.sequence == 0
    assert sent and not [method for method, _ in sent if method not in ("REPORT", "PROPFIND")]
    _, vevent = only_vevent(calendar)
    assert vevent.decoded("DTSTAMP") == NOW  # the first write is still the one stored


@pytest.mark.parametrize("data", [
    {"title": "Festa del raccolto", "start": "2027-09-10", "end": "2027-09-12", "all_day": True},
    {"title": "Talk", "start": "2027-03-02T19:00+01:00", "description": "Line one,\nline two; «quoted» — ünïcödé " * 9},
    {"title": "Coro aperto", "start": "2027-03-02T19:00", "timezone": "Europe/Rome",
     "rrule": "FREQ=WEEKLY;UNTIL=20270601", "exdate": ["2027-03-16T19:00", "2027-03-30T19:00"]},
])
def test_what_the_server_stores_compares_as_unchanged(data: dict[str, Any], calendar: Calendar) -> None:
    event = Event.from_mapping(data)
    assert send(event, calendar).action == "created"
    assert send(event, calendar, now=LATER).action == "unchanged"


def test_a_change_updates_the_same_resource_with_a_higher_sequence(event: Event, calendar: Calendar) -> None:
    first = send(event, calendar)
    moved = replace(event, title="Pasta fresca, seconda edizione", start=event.start + timedelta(days=7),
                    end=event.end + timedelta(days=7))
    sent: list[tuple[str, frozenset[str]]] = []

    result = send(moved, calendar, url=str(calendar.url).rstrip("/"), now=LATER,
                  client_factory=lambda **options: RecordingClient(sent, **options))

    assert result == CalDavResult(href=first.href, action="updated", sequence=1)
    href, vevent = only_vevent(calendar)
    assert href == first.href
    assert str(vevent["SUMMARY"]) == moved.title
    assert vevent.decoded("DTSTART") == moved.start
    assert vevent.decoded("SEQUENCE") == 1
    puts = [headers for method, headers in sent if method == "PUT"]
    assert puts == [puts[0]] and "if-match" in puts[0]  # one write, only over the version read


def test_a_higher_sequence_in_the_file_wins(event: Event, calendar: Calendar) -> None:
    send(event, calendar)
    result = send(replace(event, title="Nuovo titolo", sequence=5), calendar)
    assert (result.action, result.sequence) == ("updated", 5)
    assert only_vevent(calendar)[1].decoded("SEQUENCE") == 5


def test_cancel_keeps_the_entry_marked_cancelled(event: Event, calendar: Calendar) -> None:
    first = send(event, calendar)

    result = send(event, calendar, cancel=True, now=LATER)

    assert result == CalDavResult(href=first.href, action="cancelled", sequence=1)
    href, vevent = only_vevent(calendar)
    assert href == first.href
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent.decoded("SEQUENCE") == 1
    assert send(event, calendar, cancel=True).action == "unchanged"


def test_cancelling_what_is_not_there_is_an_error(event: Event, calendar: Calendar) -> None:
    with pytest.raises(DeliveryError, match="nothing to cancel"):
        send(event, calendar, cancel=True)
    assert stored(calendar) == []


def test_a_wrong_password_names_the_user_and_never_the_password(
        event: Event, calendar: Calendar, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="caldav")
    with pytest.raises(DeliveryError) as caught:
        send(event, calendar, password=WRONG_PASSWORD)

    message = str(caught.value)
    assert message.startswith(f"CalDAV login refused for user {ALICE!r}")
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    basic = base64.b64encode(f"{ALICE}:{WRONG_PASSWORD}".encode()).decode()
    assert "401" in caplog.text  # the exchange was logged, without the credentials:
    shown = "".join(traceback.format_exception(caught.value)) + caplog.text + repr(caught.value)
    assert WRONG_PASSWORD not in shown and basic not in shown


def test_another_users_collection_is_refused(event: Event, calendar: Calendar) -> None:
    with pytest.raises(DeliveryError, match=f"CalDAV user {BOB!r} may not write to .*403"):
        send(event, calendar, user=BOB, password=BOB_PASSWORD)


def test_a_missing_collection_is_named(event: Event, radicale: RadicaleServer) -> None:
    url = radicale.collection_url(ALICE, "no-such-calendar")
    with pytest.raises(DeliveryError, match=r"no CalDAV calendar collection at .*no-such-calendar/"):
        publish_to_caldav(event, url=url, user=ALICE, password=ALICE_PASSWORD)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/alice/events/", "file:///tmp/events/", "127.0.0.1/alice/events/",
                                 "https:///alice/events/", "http://127.0.0.1:port/alice/"])
def test_a_url_that_is_not_http_is_refused(event: Event, url: str) -> None:
    with pytest.raises(DeliveryError, match="collection URL"):
        publish_to_caldav(event, url=url, user=ALICE, password=ALICE_PASSWORD)


def test_credentials_in_the_url_are_refused_and_not_repeated(event: Event) -> None:
    with pytest.raises(DeliveryError, match="must not hold a user name or password") as caught:
        publish_to_caldav(event, url=f"https://{ALICE}:{WRONG_PASSWORD}@cal.example/{ALICE}/events/", user=ALICE,
                password=ALICE_PASSWORD)
    assert WRONG_PASSWORD not in str(caught.value)


def test_a_server_that_is_down_is_reported_clearly(event: Event) -> None:
    url = f"http://127.0.0.1:{free_port()}/{ALICE}/events/"
    with pytest.raises(DeliveryError) as caught:
        publish_to_caldav(event, url=url, user=ALICE, password=ALICE_PASSWORD, timeout=5)
    assert str(caught.value) == f"could not reach the CalDAV server at {url.split('/')[2]}: connection refused"
    assert ALICE_PASSWORD not in "".join(traceback.format_exception(caught.value))


def test_a_server_that_never_answers_times_out(event: Event) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # listens, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/{ALICE}/events/"
        with pytest.raises(DeliveryError, match=r"could not reach the CalDAV server at .*: no answer within 1 s"):
            publish_to_caldav(event, url=url, user=ALICE, password=ALICE_PASSWORD, timeout=1)


def test_a_url_that_is_no_collection_is_named(event: Event, radicale: RadicaleServer) -> None:
    with pytest.raises(DeliveryError, match=f"{radicale.url}{ALICE}/ is not a CalDAV calendar collection"):
        publish_to_caldav(event, url=f"{radicale.url}{ALICE}/", user=ALICE, password=ALICE_PASSWORD)


@pytest.mark.parametrize(("user", "password", "problem"), [("", "x", "user name"), (ALICE, "", "no password")])
def test_a_missing_user_or_password_is_refused_before_connecting(event: Event, user: str, password: str,
                                                                 problem: str) -> None:
    with pytest.raises(DeliveryError, match=problem):
        publish_to_caldav(event, url="https://cal.example/dav/", user=user, password=password)


def test_without_caldav_installed_the_error_says_what_to_install(event: Event,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "caldav.lib", None)  # makes importing it fail
    with pytest.raises(DeliveryError, match=r"pip install 'radical-social\[caldav\]'"):
        publish_to_caldav(event, url="https://cal.example/dav/", user=ALICE, password=ALICE_PASSWORD)


def test_the_password_comes_from_the_environment() -> None:
    assert password_from_environment({PASSWORD_VARIABLE: ALICE_PASSWORD}) == ALICE_PASSWORD
    with pytest.raises(DeliveryError, match=PASSWORD_VARIABLE) as caught:
        password_from_environment({})
    assert caught.value.__cause__ is None



def test_the_command_publishes_updates_and_cancels(
    event: Event, calendar: Calendar, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from click.testing import CliRunner

    from radical_social.cli import main

    source = tmp_path / "event.json"
    source.write_text(json.dumps(event.to_mapping()), encoding="utf-8")
    args = ["caldav", str(source), "--url", str(calendar.url), "--user", ALICE, "--now", "2026-12-01T09:00Z"]
    runner = CliRunner()
    monkeypatch.setenv(PASSWORD_VARIABLE, ALICE_PASSWORD)
    assert "created (SEQUENCE 0)" in runner.invoke(main, args).output
    assert "unchanged" in runner.invoke(main, args).output
    assert "cancelled (SEQUENCE 1)" in runner.invoke(main, [*args, "--cancel"]).output
    assert only_vevent(calendar)[1]["STATUS"] == "CANCELLED"
    monkeypatch.setenv(PASSWORD_VARIABLE, WRONG_PASSWORD)
    refused = runner.invoke(main, args)
    assert refused.exit_code == 1 and "login refused" in refused.stderr
    assert WRONG_PASSWORD not in refused.output + refused.stderr and "Traceback" not in refused.stderr
    monkeypatch.delenv(PASSWORD_VARIABLE)
    missing = runner.invoke(main, args)
    assert missing.exit_code == 1 and PASSWORD_VARIABLE in missing.stderr


class HostileCalDav(BaseHTTPRequestHandler):
    """A server on 127.0.0.1 that answers every request as its path says: broken XML, or a refusal."""

    ANSWERS: ClassVar[dict[str, tuple[int, str, bytes]]] = {
        "/broken/": (207, "Multi-Status", b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>'),
        "/locked/": (500, "Internal Server Error", b"database is locked"),
        "/refused/": (400, "Calendar Data Refused", b"<error/>"),
        "/echo/": (500, "Internal Server Error",
                   f"Bad {ALICE_PASSWORD} {base64.b64encode(f'{ALICE}:{ALICE_PASSWORD}'.encode()).decode()}".encode()),
        "/long-echo/": (500, "Internal Server Error",
                        ("Bad credentials: " + "x" * 40 + f" password={ALICE_PASSWORD}" * 20).encode()),
    }

    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, reason, body = self.ANSWERS[self.path]
        self.send_response(status, reason)
        self.send_header("Content-Type", "application/xml; charset=utf-8" if body.startswith(b"<") else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PROPFIND = do_REPORT = do_GET = do_PUT = do_OPTIONS = answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostileCalDav)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("path", "said"), [
    ("/broken/", "sent an answer that is not CalDAV (broken XML or calendar data)"),
    ("/locked/", "refused the request: 500 Internal Server Error: database is locked"),
    ("/refused/", "refused the request: 400 Bad Request"),
    ("/echo/", "refused the request: 500 Internal Server Error: Bad … …"),
])
def test_what_the_server_said_is_reported_and_broken_xml_is_no_traceback(event: Event, hostile: str, path: str,
                                                                         said: str) -> None:
    with pytest.raises(DeliveryError) as caught:
        publish_to_caldav(event, url=hostile + path, user=ALICE, password=ALICE_PASSWORD, timeout=5)
    assert said in str(caught.value), str(caught.value)
    assert "a CalDAV calendar collection?" not in str(caught.value) or path == "/broken/"
    assert ALICE_PASSWORD not in str(caught.value)


def test_a_password_echoed_across_the_cut_leaves_no_prefix_of_itself(event: Event, hostile: str) -> None:
    """The server's text is shortened after the secrets are cut out; one of the twenty echoes crosses the cut."""
    with pytest.raises(DeliveryError) as caught:
        publish_to_caldav(event, url=hostile + "/long-echo/", user=ALICE, password=ALICE_PASSWORD, timeout=5)
    message = str(caught.value)
    assert "Bad credentials: xxx" in message and "password=…" in message, message
    assert all(echoed.startswith("…") for echoed in message.split("password=")[1:]), message
