"""Publishing from event files (and ``Event`` values) rather than saved kits: the plan is made from the time
the journal first saw the event's revision, so its moments stay put across cron runs; the posts are those
``build`` makes at that time; counted on the Mastodon double (tests/mastodon_server.py)."""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social import Event, MastodonAccount, build, publish
from radical_social.delivery.journal import Planning, StateStore
from radical_social.sources.files import load_events
from tests.example_plan import ANNOUNCE, BUILT, LAST_CALL, QUICK, REMINDER, ROOT, START
from tests.mastodon_server import TOKEN, Mastodon, running_mastodon

ENV = {**os.environ, "RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN}


@pytest.fixture
def mastodon() -> Iterator[Mastodon]:
    with running_mastodon() as server:
        yield server
        assert server.violations == []


def event_file(folder: Path, event: Event | None = None, name: str = "pasta.yaml") -> Path:
    """The event (the example by default) written as an organiser would: a YAML file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = yaml.safe_dump((event or Event.example()).to_mapping(), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "radical_social", "publish", *args], capture_output=True,
                          text=True, check=False, cwd=ROOT, env=ENV, timeout=120)


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its content."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_an_event_file_posts_each_moment_once_at_its_time_across_cron_runs(mastodon: Mastodon,
                                                                          tmp_path: Path) -> None:
    source = event_file(tmp_path / "events")
    options: dict[str, Any] = {"accounts": [MastodonAccount(mastodon.url, TOKEN)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    runs = [BUILT, ANNOUNCE - timedelta(minutes=1), ANNOUNCE + timedelta(minutes=3), ANNOUNCE + timedelta(minutes=8),
            REMINDER + timedelta(minutes=1), REMINDER + timedelta(minutes=6), LAST_CALL + timedelta(minutes=2),
            START - timedelta(minutes=30)]

    reports = [publish([source], now=now, **options) for now in runs]

    assert [[(r.moment, r.status) for r in report] for report in reports] == [
        [], [], [("announce", "published")], [("announce", "already")], [("reminder", "published")],
        [("reminder", "already")], [("last_call", "published")], []]
    kit = build(load_events(source)[0], now=BUILT)  # the plan made on the first run, whose time the journal kept
    texts = {post.moment: post.text for post in kit.posts if post.channel.id == "mastodon"}
    assert [status["content"] for status in mastodon.statuses] == [texts["announce"], texts["reminder"],
                                                                   texts["last_call"]]
    assert reports[1].next_due is not None and reports[1].next_due.astimezone(timezone.utc) == ANNOUNCE


@pytest.mark.parametrize("form", ["yaml", "ics"])
def test_the_posts_are_what_build_makes_at_the_planning_time(form: str, mastodon: Mastodon, tmp_path: Path) -> None:
    if form == "yaml":
        source = event_file(tmp_path / "events")
    else:
        source = tmp_path / "pasta.ics"
        source.write_bytes(build(Event.example(), now=BUILT, cards=False, poster=False).invite)
    first_seen = datetime(2026, 12, 28, 10, 2, 30, tzinfo=timezone(timedelta(hours=1)))  # after the scheduled announce
    options: dict[str, Any] = {"accounts": [MastodonAccount(mastodon.url, TOKEN)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}

    first = publish([source], now=first_seen, **options)
    second = publish([source], now=first_seen + timedelta(minutes=4), **options)

    assert len(first) == 0 and first.next_due == datetime(2026, 12, 28, 10, 5, tzinfo=timezone(timedelta(hours=1)))
    assert [(r.moment, r.status) for r in second] == [("announce", "published")]
    with StateStore(tmp_path / "j.sqlite3") as journal:
        planned = journal.planned(Event.example().uid, 0)
    assert planned == Planning(first_seen.replace(microsecond=0), 0)
    kit = build(load_events(source)[0], now=planned.at)
    post = next(p for p in kit.posts if p.channel.id == "mastodon" and p.moment == "announce")
    card = kit.cards[0]  # the square card: the first of the sizes Mastodon takes
    [status] = mastodon.statuses
    uploaded = mastodon.media[status["media_attachments"][0]["id"]]
    assert (status["content"], status["language"]) == (post.text, post.language)
    assert (uploaded.data, uploaded.description, card.size) == (card.data, card.alt, "square")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_new_sequence_with_the_same_start_keeps_the_plan_and_posts_nothing_twice(
        kind: str, mastodon: Mastodon, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    journal = tmp_path / "j.sqlite3" if kind == "sqlite" else request.getfixturevalue("postgres_journal")
    options: dict[str, Any] = {"accounts": [MastodonAccount(mastodon.url, TOKEN)], "journal": journal,
                               "channels": ["mastodon"], "retry": QUICK}
    source = event_file(tmp_path / "events")
    publish([source], now=BUILT, **options)
    publish([source], now=ANNOUNCE + timedelta(minutes=3), **options)
    fixed = replace(Event.example(), sequence=1, title="Laboratorio di pasta fresca e tortelli")  # a typo, say
    source = event_file(tmp_path / "events", fixed)

    same_day = publish([source], now=ANNOUNCE + timedelta(hours=2), **options)
    dry = publish([source], now=ANNOUNCE + timedelta(hours=3), dry_run=True, **options)
    told = run(str(source), "--mastodon", mastodon.url, "--journal", str(journal), "--channels", "mastodon",
               "--now", (ANNOUNCE + timedelta(hours=4)).isoformat())
    before_reminder = publish([source], now=REMINDER - timedelta(minutes=1), **options)
    reminder = publish([source], now=REMINDER + timedelta(minutes=1), **options)

    for report in (same_day, dry):
        assert [(r.moment, r.status) for r in report] == [("announce", "already")]
        assert "SEQUENCE 0" in (report.results[0].reason or "")
        assert report.results[0].url == mastodon.statuses[0]["url"]
    assert told.returncode == 0, told.stderr
    assert told.stdout.splitlines()[0] == (f"already posted: {fixed.title} · mastodon · announce: "
                                           f"{mastodon.statuses[0]['url']}, posted under the plan of SEQUENCE 0, "
                                           "whose start and status SEQUENCE 1 keeps")
    assert [(r.moment, r.status) for r in before_reminder] == [("announce", "already")]
    assert before_reminder.next_due == REMINDER  # the reminder stays where the first plan put it
    assert [(r.moment, r.status) for r in reminder] == [("reminder", "published")]
    assert len(mastodon.statuses) == 2 and fixed.title in mastodon.statuses[1]["content"]
    with StateStore(journal) as store:
        assert store.planned(fixed.uid, 1) == Planning(BUILT, 0)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("change", ["moved", "confirmed"])
def test_a_new_sequence_that_moves_the_event_or_changes_its_status_is_planned_afresh(
        kind: str, change: str, mastodon: Mastodon, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    journal = tmp_path / "j.sqlite3" if kind == "sqlite" else request.getfixturevalue("postgres_journal")
    options: dict[str, Any] = {"accounts": [MastodonAccount(mastodon.url, TOKEN)], "journal": journal,
                               "channels": ["mastodon"], "retry": QUICK}
    example = replace(Event.example(), status="tentative" if change == "confirmed" else "confirmed")
    source = event_file(tmp_path / "events", example)
    publish([source], now=BUILT, **options)
    publish([source], now=ANNOUNCE + timedelta(minutes=3), **options)
    assert isinstance(example.start, datetime)
    week = timedelta(days=7)
    changed = replace(example, sequence=1, status="confirmed") if change == "confirmed" else replace(
        example, sequence=1, start=example.start + week, end=example.end and example.end + week)
    source = event_file(tmp_path / "events", changed)
    replanned = datetime(2027, 1, 2, 11, 0, tzinfo=timezone.utc)

    news = publish([source], now=replanned, **options)
    again = publish([source], now=replanned + timedelta(minutes=5), **options)

    assert [(r.moment, r.status) for r in news] == [("announce", "published")]
    assert [(r.moment, r.status, r.reason) for r in again] == [("announce", "already", None)]
    assert len(mastodon.statuses) == 2
    with StateStore(journal) as store:
        assert (store.planned(changed.uid, 0), store.planned(changed.uid, 1)) == (
            Planning(BUILT, 0), Planning(replanned, 1))


@pytest.mark.parametrize("change", ["typo", "moved"])
def test_a_saved_kit_of_a_new_sequence_keeps_the_earlier_kits_posts_unless_the_event_moved(
        change: str, mastodon: Mastodon, tmp_path: Path) -> None:
    options: dict[str, Any] = {"accounts": [MastodonAccount(mastodon.url, TOKEN)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    first = build(Event.example(), now=BUILT, channels=["mastodon"], poster=False).save(tmp_path / "v0")
    assert [(r.moment, r.status) for r in publish([first], now=ANNOUNCE + timedelta(minutes=3), **options)] == [
        ("announce", "published")]
    example = Event.example()
    assert isinstance(example.start, datetime) and isinstance(example.end, datetime)
    week = timedelta(days=7)
    revised = replace(example, sequence=1, title="Laboratorio di pasta fresca e tortelli") if change == "typo" else \
        replace(example, sequence=1, start=example.start + week, end=example.end + week)
    later = ANNOUNCE + timedelta(hours=2)
    kit = build(revised, now=later, channels=["mastodon"], poster=False)
    announce = next(slot.at for slot in kit.plan if slot.moment == "announce")
    second = kit.save(tmp_path / "v1")

    report = publish([second], now=announce + timedelta(minutes=3), **options)
    again = publish([second], now=announce + timedelta(minutes=8), **options)

    if change == "typo":
        assert [(r.moment, r.status, r.reason) for r in report] == [
            ("announce", "already", "posted under the plan of SEQUENCE 0, whose start and status SEQUENCE 1 keeps")]
        assert len(mastodon.statuses) == 1
    else:
        assert [(r.moment, r.status) for r in report] == [("announce", "published")]
        assert [(r.moment, r.status) for r in again] == [("announce", "already")]
        assert len(mastodon.statuses) == 2
    with StateStore(options["journal"]) as store:
        assert store.planned(example.uid, 1) == (Planning(BUILT, 0) if change == "typo" else Planning(later, 1))


def test_a_dry_run_writes_nothing(mastodon: Mastodon, tmp_path: Path) -> None:
    source = event_file(tmp_path / "events")
    journal = tmp_path / "j.sqlite3"
    account = ["--mastodon", mastodon.url, "--journal", str(journal), "--channels", "mastodon"]
    before = listing(tmp_path)

    fresh = run(str(source), *account, "--dry-run", "--now", (ANNOUNCE + timedelta(minutes=3)).isoformat())

    assert fresh.returncode == 0, fresh.stderr
    assert "nothing due" in fresh.stdout  # planned from the run's own time: the announce is 5 minutes on
    assert listing(tmp_path) == before
    publish([source], accounts=[MastodonAccount(mastodon.url, TOKEN)], now=BUILT, journal=journal)
    before = listing(tmp_path)
    assert set(before) == {"events/pasta.yaml", "j.sqlite3"}

    stored = run(str(source), *account, "--dry-run", "--now", (ANNOUNCE + timedelta(minutes=3)).isoformat())

    assert stored.returncode == 0, stored.stderr
    assert "would post: Laboratorio di pasta fresca · mastodon · announce" in stored.stdout  # the stored plan
    assert listing(tmp_path) == before and mastodon.statuses == []


def test_a_broken_event_file_is_reported_with_its_fields_and_the_others_go_out(mastodon: Mastodon,
                                                                              tmp_path: Path) -> None:
    good = event_file(tmp_path / "events")
    broken = tmp_path / "events" / "broken.yaml"
    broken.write_text("title: Cena\nstart: 2027-02-30T19:00\ntimezone: Europe/Rome\ncapacity: -3\n", encoding="utf-8")
    kit = build(replace(Event.example(), uid="tortellini@example.org", title="Tortellini"), now=BUILT,
                channels=["mastodon"], poster=False).save(tmp_path / "kits")
    journal = str(tmp_path / "j.sqlite3")

    first = run(str(broken), str(good), str(kit), "--mastodon", mastodon.url, "--journal", journal,
                "--channels", "mastodon", "--now", BUILT.isoformat())
    due = run(str(broken), str(good), str(kit), "--mastodon", mastodon.url, "--journal", journal,
              "--channels", "mastodon", "--now", (ANNOUNCE + timedelta(minutes=3)).isoformat(), "--json")

    assert first.returncode == 1 and "nothing due" in first.stdout
    assert due.returncode == 1, due.stderr
    problems = json.loads(due.stdout)["unreadable"]
    assert any("broken.yaml" in problem and "start" in problem for problem in problems), problems
    assert any("broken.yaml" in problem and "capacity" in problem for problem in problems), problems
    assert "Traceback" not in due.stderr
    posted = sorted((r["title"], r["status"]) for r in json.loads(due.stdout)["results"])
    assert posted == [("Laboratorio di pasta fresca", "published"), ("Tortellini", "published")]
    assert len(mastodon.statuses) == 2
    assert run(str(good), "--mastodon", mastodon.url, "--journal", journal, "--channels", "mastodon",
               "--now", (ANNOUNCE + timedelta(minutes=8)).isoformat()).returncode == 0


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_planning_time_survives_across_runs(kind: str, mastodon: Mastodon, tmp_path: Path,
                                                request: pytest.FixtureRequest) -> None:
    journal = str(tmp_path / "j.sqlite3") if kind == "sqlite" else request.getfixturevalue("postgres_journal")
    source = event_file(tmp_path / "events")
    account = ["--mastodon", mastodon.url, "--journal", journal, "--channels", "mastodon", "--json"]

    runs = [run(str(source), *account, "--now", now.isoformat())
            for now in (BUILT, ANNOUNCE - timedelta(minutes=2), ANNOUNCE + timedelta(minutes=2))]

    assert [process.returncode for process in runs] == [0, 0, 0], [process.stderr for process in runs]
    assert [[r["status"] for r in json.loads(process.stdout)["results"]] for process in runs] == [
        [], [], ["published"]]
    assert len(mastodon.statuses) == 1
    with StateStore(journal) as store:
        assert store.planned(Event.example().uid, 0) == Planning(BUILT, 0)


def test_an_event_value_is_published_like_its_file(mastodon: Mastodon, tmp_path: Path) -> None:
    options: dict[str, Any] = {"accounts": [MastodonAccount(mastodon.url, TOKEN)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon", "sms"], "retry": QUICK}
    publish([Event.example()], now=BUILT, **options)

    report = publish([Event.example()], now=ANNOUNCE + timedelta(minutes=1), **options)

    assert [(r.channel, r.status) for r in report] == [("mastodon", "published"), ("sms", "by-hand")]
    by_hand = report.results[1]  # the time to build its files with, on the plan's clock (Rome's)
    assert by_hand.planned_at == BUILT and by_hand.command is None
    assert "build(event, now='2026-12-01T10:00:00+01:00')" in (by_hand.reason or "")
    kit = build(Event.example(), now=BUILT)
    assert mastodon.statuses[0]["content"] == next(
        p.text for p in kit.posts if p.channel.id == "mastodon" and p.moment == "announce")


@settings(max_examples=25, deadline=None)
@given(times=st.lists(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                                   timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-9, minutes=-30)),
                                                              timezone(timedelta(hours=5, minutes=45))])),
                      min_size=1, max_size=4),
       sequence=st.integers(min_value=0, max_value=2**31 - 1))
def test_the_first_planning_time_is_kept_exactly(times: list[datetime], sequence: int) -> None:
    with tempfile.TemporaryDirectory() as folder, StateStore(Path(folder) / "j.sqlite3") as journal:
        first = Planning(times[0], sequence)
        assert [journal.plan_time("uid@example.org", sequence, at) for at in times] == [first] * len(times)
        assert journal.planned("uid@example.org", sequence) == first
        assert journal.planned("uid@example.org", sequence + 1) is None
        assert journal.plan_time("uid@example.org", sequence + 1, times[-1]) == Planning(times[-1], sequence + 1)


def test_a_journal_from_before_event_files_is_read_by_a_dry_run_and_gains_the_table_on_a_real_one(
        mastodon: Mastodon, tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    with StateStore(journal) as store:  # a store of the invitations' days
        store.record("x@y", "ana@example.org", None, sequence=0, content_hash="h", method="REQUEST", sent_at=BUILT)
    with closing(sqlite3.connect(journal, isolation_level=None)) as db:
        db.execute("DROP TABLE planned")
    before = listing(tmp_path)
    options: dict[str, Any] = {"accounts": [MastodonAccount(mastodon.url, TOKEN)], "journal": journal,
                               "channels": ["mastodon"], "retry": QUICK}

    dry = publish([Event.example()], now=ANNOUNCE + timedelta(minutes=3), dry_run=True, **options)

    assert len(dry) == 0 and dry.next_due == ANNOUNCE + timedelta(minutes=5)  # planned from the run's own time
    assert listing(tmp_path) == before
    publish([Event.example()], now=BUILT, **options)
    with StateStore(journal) as store:
        assert store.planned(Event.example().uid, 0) == Planning(BUILT, 0)
        assert store.sent("x@y")["ana@example.org"].sequence == 0


def test_one_event_in_two_files_is_published_once_and_reported(mastodon: Mastodon, tmp_path: Path) -> None:
    first, second = event_file(tmp_path / "a"), event_file(tmp_path / "b")
    journal = str(tmp_path / "j.sqlite3")
    account = ["--mastodon", mastodon.url, "--journal", journal, "--channels", "mastodon,sms"]
    run(str(first), str(second), *account, "--now", BUILT.isoformat())

    due = run(str(first), str(second), *account, "--now", (ANNOUNCE + timedelta(minutes=3)).isoformat())

    assert due.returncode == 1, due.stderr
    lines = due.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["posted", "by hand", "next"], due.stdout
    [problem] = due.stderr.splitlines()
    assert problem.startswith(f"failed: {second}: ") and str(first) in problem and Event.example().uid in problem
    assert "Traceback" not in due.stderr and len(mastodon.statuses) == 1


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_planned_table_from_before_starts_and_statuses_gains_their_columns(
        kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    journal = str(tmp_path / "j.sqlite3") if kind == "sqlite" else request.getfixturevalue("postgres_journal")
    StateStore(journal).close()
    old = ["DROP TABLE planned", "CREATE TABLE planned (uid TEXT NOT NULL, sequence INTEGER NOT NULL, "
           "at TEXT NOT NULL, PRIMARY KEY (uid, sequence))",
           f"INSERT INTO planned (uid, sequence, at) VALUES ('uid@example.org', 0, '{BUILT.isoformat()}')"]
    if kind == "sqlite":
        with closing(sqlite3.connect(journal, isolation_level=None)) as db:
            for statement in old:
                db.execute(statement)
    else:
        import psycopg

        with psycopg.connect(journal, autocommit=True) as db:
            for statement in old:
                db.execute(statement)

    with StateStore(journal, read_only=True) as store:  # a dry run reads it as it is
        assert store.planned("uid@example.org", 0) == Planning(BUILT, 0)
    with StateStore(journal) as store, StateStore(journal) as other:
        assert store.planned("uid@example.org", 0) == Planning(BUILT, 0)
        later = BUILT + timedelta(days=3)  # the start of SEQUENCE 0 was not noted: SEQUENCE 1 is planned afresh
        assert store.plan_time("uid@example.org", 1, later, start="2027-01-16T17:00:00+00:00",
                               status="confirmed") == Planning(later, 1)
        assert other.plan_time("uid@example.org", 2, BUILT + timedelta(days=9), start="2027-01-16T17:00:00+00:00",
                               status="confirmed") == Planning(later, 1)


def test_a_post_by_hand_from_an_event_file_gives_the_command_that_writes_its_text_and_card(
        mastodon: Mastodon, tmp_path: Path) -> None:
    source = event_file(tmp_path / "my events", name="pasta & vino.yaml")  # a path the shell must be told
    account = ["--mastodon", mastodon.url, "--journal", str(tmp_path / "j.sqlite3"), "--channels", "mastodon,sms"]
    run(str(source), *account, "--now", BUILT.isoformat())
    due = ANNOUNCE + timedelta(minutes=3)

    told = run(str(source), *account, "--now", due.isoformat())
    data = run(str(source), *account, "--now", (due + timedelta(minutes=1)).isoformat(), "--json")

    assert told.returncode == data.returncode == 0, told.stderr + data.stderr
    [line] = [line for line in told.stdout.splitlines() if line.startswith("by hand:")]
    [next_line] = [line for line in told.stdout.splitlines() if line.startswith("next:")]
    assert next_line.endswith("+01:00")  # the event's clock: the planning time is on it too
    command = shlex.join(["radical-social", "build", str(source), "--now", "2026-12-01T10:00:00+01:00",
                          "--out", "kits"])
    assert line.endswith(f": planned at 2026-12-01T10:00:00+01:00: {command} writes its text and card")
    [by_hand] = [r for r in json.loads(data.stdout)["results"] if r["status"] == "by-hand"]
    assert (by_hand["command"], by_hand["planned_at"]) == (command, "2026-12-01T10:00:00+01:00")

    built = subprocess.run([sys.executable, "-m", "radical_social", *shlex.split(command)[1:]], capture_output=True,
                           text=True, check=False, cwd=tmp_path, env={**ENV, "PYTHONPATH": str(ROOT)}, timeout=300)

    assert built.returncode == 0, built.stderr
    kit = build(Event.example(), now=BUILT)
    written = tmp_path / "kits" / kit.slug / "posts" / "sms-announce.txt"
    assert written.read_text(encoding="utf-8").removesuffix("\n") == next(
        p.text for p in kit.posts if p.channel.id == "sms" and p.moment == "announce")


def test_an_event_file_is_published_with_the_templates_and_base_url_its_kits_are_built_with(
        mastodon: Mastodon, tmp_path: Path) -> None:
    templates = tmp_path / "my templates"
    (templates / "posts" / "mastodon").mkdir(parents=True)
    (templates / "posts" / "mastodon" / "announce.it.txt.j2").write_text(
        "{{ title }}, {{ when }}, da noi: {{ url }}\n", encoding="utf-8")
    event = replace(Event.example(), url=None)
    source = event_file(tmp_path / "events", event)
    base = "https://bottega.example/eventi"
    given = ["--templates", str(templates), "--base-url", base + "/"]
    account = ["--mastodon", mastodon.url, "--journal", str(tmp_path / "j.sqlite3"), "--channels", "mastodon,sms"]
    run(str(source), *account, *given, "--now", BUILT.isoformat())

    told = run(str(source), *account, *given, "--now", (ANNOUNCE + timedelta(minutes=3)).isoformat())

    assert told.returncode == 0, told.stderr
    kit = build(load_events(source)[0], now=BUILT, templates=templates, base_url=base)
    page = f"{base}/{kit.slug}/"
    [status] = mastodon.statuses
    assert status["content"] == next(p.text for p in kit.posts if p.channel.id == "mastodon" and p.moment == "announce")
    assert status["content"].startswith("Laboratorio di pasta fresca, ") and status["content"].endswith(page)
    command = shlex.join(["radical-social", "build", str(source), "--now", "2026-12-01T10:00:00+01:00",
                          "--templates", str(templates), "--base-url", base, "--out", "kits"])
    assert f"{command} writes its text and card" in told.stdout
    with pytest.raises(ValueError, match="base_url"):
        publish([source], now=BUILT, journal=tmp_path / "j.sqlite3", base_url="bottega.example")

