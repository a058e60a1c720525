"""Publishing to Mastodon: due moments, the journal's claims, faults; counted on a Mastodon double
that checks every request against Mastodon's API description (tests/mastodon_server.py)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social import Event, MastodonAccount, PublishReport, PublishResult, build, publish
from radical_social.delivery.journal import PostKey, StateStore
from tests.example_plan import ANNOUNCE, BUILT, LAST_CALL, QUICK, REMINDER, ROOT, START
from tests.mastodon_server import TOKEN, Mastodon, running_mastodon


@pytest.fixture(scope="module")
def kit_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(Event.example(), now=BUILT, channels=["mastodon", "sms"], poster=False).save(
        tmp_path_factory.mktemp("kits"))


@pytest.fixture
def mastodon() -> Iterator[Mastodon]:
    with running_mastodon() as server:
        yield server
        assert server.violations == []


def account(server: Mastodon, **options: Any) -> MastodonAccount:
    return MastodonAccount(server.url, TOKEN, **options)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "radical_social", "publish", *args], capture_output=True,
                          text=True, check=False, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_the_due_post_goes_out_once_with_its_card_alt_text_and_language(kit_folder: Path, mastodon: Mastodon,
                                                                        tmp_path: Path) -> None:
    manifest = json.loads((kit_folder / "kit.json").read_text(encoding="utf-8"))
    post = next(p for p in manifest["posts"] if p["channel"] == "mastodon" and p["moment"] == "announce")
    card = next(c for c in manifest["cards"] if "mastodon" in c["channels"])
    mastodon.processing_polls = 2

    report = publish([kit_folder], accounts=[account(mastodon)], now=ANNOUNCE + timedelta(minutes=3),
                     journal=tmp_path / "j.sqlite3", retry=QUICK)

    [status] = mastodon.statuses
    assert (status["content"], status["language"], status["visibility"]) == (post["text"], "it", "public")
    [media] = status["media_attachments"]
    uploaded = mastodon.media[media["id"]]
    assert uploaded.data == (kit_folder / card["path"]).read_bytes() and uploaded.media_type == "image/png"
    assert uploaded.description == card["alt"] and uploaded.focus == "0.0,0.0"
    assert mastodon.requests.count(f"GET /api/v1/media/{media['id']}") == 3  # 206, 206, 200
    by_channel = {result.channel: result for result in report}
    assert by_channel["mastodon"].status == "published" and by_channel["mastodon"].url == status["url"]
    assert by_channel["sms"].status == "by-hand"
    assert by_channel["sms"].text == str(kit_folder / "posts" / "sms-announce.txt")
    assert report.next_due == datetime(2027, 1, 9, 18, 0, tzinfo=timezone(timedelta(hours=1)))

    again = publish([kit_folder], accounts=[account(mastodon)], now=ANNOUNCE + timedelta(minutes=8),
                    journal=tmp_path / "j.sqlite3", retry=QUICK)
    assert len(mastodon.statuses) == 1
    assert {r.channel: (r.status, r.url) for r in again}["mastodon"] == ("already", status["url"])
    with StateStore(tmp_path / "j.sqlite3") as journal:
        record = journal.post(PostKey(manifest["event"]["uid"], 0, "mastodon", "announce"))
    assert record is not None and (record.state, record.remote_id, record.url) == (
        "published", status["id"], status["url"])


def test_unlisted_visibility_and_a_kit_in_memory(mastodon: Mastodon, tmp_path: Path) -> None:
    kit = build(Event.example(), now=BUILT, channels=["mastodon"], poster=False)

    report = publish([kit], accounts=[account(mastodon, visibility="unlisted")], now=LAST_CALL,
                     journal=tmp_path / "j.sqlite3", retry=QUICK)

    assert [r.status for r in report] == ["skipped", "skipped", "published"]  # announce and reminder missed
    result = report.results[-1]
    assert (result.moment, result.status, result.card) == ("last_call", "published", "cards/square.png")
    assert mastodon.statuses[0]["visibility"] == "unlisted"
    assert mastodon.media[mastodon.statuses[0]["media_attachments"][0]["id"]].data == kit.cards[0].data


def test_nothing_due_does_nothing_and_names_the_next_moment(kit_folder: Path, mastodon: Mastodon,
                                                            tmp_path: Path) -> None:
    report = publish([kit_folder], accounts=[account(mastodon)], now=ANNOUNCE - timedelta(minutes=1),
                     journal=tmp_path / "j.sqlite3")

    assert len(report) == 0 and mastodon.requests == [] and not (tmp_path / "j.sqlite3").exists()
    assert report.next_due is not None and report.next_due.astimezone(timezone.utc) == ANNOUNCE


def test_a_missed_moment_is_skipped_once_and_never_posted_late(kit_folder: Path, mastodon: Mastodon,
                                                               tmp_path: Path) -> None:
    options: dict[str, Any] = {"accounts": [account(mastodon)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    first = publish([kit_folder], now=REMINDER + timedelta(minutes=1), **options)
    second = publish([kit_folder], now=REMINDER + timedelta(minutes=6), **options)

    assert [(r.moment, r.status) for r in first] == [("announce", "skipped"), ("reminder", "published")]
    assert "missed" in (first.results[0].reason or "")
    assert [(r.moment, r.status) for r in second] == [("reminder", "already")]
    assert len(mastodon.statuses) == 1


def test_the_last_call_is_not_posted_in_the_hour_before_the_start(kit_folder: Path, mastodon: Mastodon,
                                                                  tmp_path: Path) -> None:
    report = publish([kit_folder], accounts=[account(mastodon)], now=START - timedelta(minutes=59),
                     journal=tmp_path / "j.sqlite3", channels=["mastodon"])

    assert [r.status for r in report] == ["skipped"] * 3 and mastodon.statuses == []
    assert report.next_due is None


def test_moment_forces_one_now(kit_folder: Path, mastodon: Mastodon, tmp_path: Path) -> None:
    report = publish([kit_folder], accounts=[account(mastodon)], now=BUILT, moment="reminder",
                     journal=tmp_path / "j.sqlite3", channels=["mastodon"], retry=QUICK)

    assert [(r.moment, r.status) for r in report] == [("reminder", "published")]
    assert len(mastodon.statuses) == 1

    options: dict[str, Any] = {"accounts": [account(mastodon)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    missed = publish([kit_folder], now=LAST_CALL - timedelta(minutes=1), **options)
    assert [(r.moment, r.status) for r in missed] == [("announce", "skipped"), ("reminder", "already")]
    late = publish([kit_folder], now=LAST_CALL - timedelta(minutes=1), moment="announce", **options)
    again = publish([kit_folder], now=LAST_CALL - timedelta(minutes=1), moment="announce", **options)
    assert [(r.status, r.moment) for r in [*late, *again]] == [("published", "announce"), ("already", "announce")]
    assert len(mastodon.statuses) == 2


@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(min_value=0, max_value=60 * 24 * 50))
def test_at_most_one_moment_per_channel_is_due_and_only_inside_its_window(kit_folder: Path, minutes: int) -> None:
    now = BUILT + timedelta(minutes=minutes)
    report = publish([kit_folder], now=now, journal=kit_folder / "no-journal.sqlite3", dry_run=True)

    due = [r for r in report if r.status == "by-hand"]
    assert len({r.channel for r in due}) == len(due)
    plan = sorted(datetime.fromisoformat(slot["at"]) for slot in json.loads(
        (kit_folder / "kit.json").read_text(encoding="utf-8"))["plan"] if slot["channel"] == "sms")
    ends = [*plan[1:], START - timedelta(hours=1)]
    expected = [at for at, end in zip(plan, ends, strict=True) if at <= now < end]
    assert sorted(r.at for r in due if r.channel == "sms") == expected


def test_a_dry_run_sends_nothing_and_changes_nothing(kit_folder: Path, mastodon: Mastodon, tmp_path: Path) -> None:
    report = publish([kit_folder], accounts=[account(mastodon)], now=ANNOUNCE, journal=tmp_path / "j.sqlite3",
                     dry_run=True)

    assert {r.channel: r.status for r in report} == {"mastodon": "would-publish", "sms": "by-hand"}
    assert mastodon.requests == [] and not (tmp_path / "j.sqlite3").exists()

    with StateStore(tmp_path / "j.sqlite3") as journal:  # a store of the invitations' days, without posts
        journal.record("x@y", "ana@example.org", None, sequence=0, content_hash="h", method="REQUEST", sent_at=BUILT)
    with closing(sqlite3.connect(tmp_path / "j.sqlite3", isolation_level=None)) as db:
        db.execute("DROP TABLE posts")
    before = (tmp_path / "j.sqlite3").read_bytes()
    later = publish([kit_folder], accounts=[account(mastodon)], now=REMINDER, journal=tmp_path / "j.sqlite3",
                    dry_run=True, channels=["mastodon"])
    assert [(r.moment, r.status) for r in later] == [("announce", "skipped"), ("reminder", "would-publish")]
    assert (tmp_path / "j.sqlite3").read_bytes() == before and mastodon.requests == []


def test_a_refused_post_fails_with_the_servers_reason_and_goes_out_on_the_next_run(
        kit_folder: Path, mastodon: Mastodon, tmp_path: Path) -> None:
    mastodon.faults["POST /api/v1/statuses"] = [422]
    options: dict[str, Any] = {"accounts": [account(mastodon)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}

    first = publish([kit_folder], now=ANNOUNCE, **options)
    assert first.failed and "Text character limit of 500 exceeded" in (first.results[0].reason or "")
    assert mastodon.requests.count("POST /api/v1/statuses") == 1  # a 4xx is not retried
    second = publish([kit_folder], now=ANNOUNCE + timedelta(minutes=5), **options)
    assert [r.status for r in second] == ["published"] and len(mastodon.statuses) == 1


def test_a_post_that_failed_and_then_missed_its_moment_is_reported_skipped_once(
        kit_folder: Path, mastodon: Mastodon, tmp_path: Path) -> None:
    mastodon.faults["POST /api/v1/statuses"] = [422]
    options: dict[str, Any] = {"accounts": [account(mastodon)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    assert publish([kit_folder], now=ANNOUNCE, **options).failed

    later = publish([kit_folder], now=REMINDER + timedelta(minutes=1), **options)
    again = publish([kit_folder], now=REMINDER + timedelta(minutes=6), **options)

    assert [(r.moment, r.status) for r in later] == [("announce", "skipped"), ("reminder", "published")]
    reason = later.results[0].reason or ""
    assert "after it failed: " in reason and "character limit" in reason
    assert [(r.moment, r.status) for r in again] == [("reminder", "already")]
    assert len(mastodon.statuses) == 1


def test_a_429_storm_waits_as_told_then_gives_up_for_the_next_run(kit_folder: Path, mastodon: Mastodon,
                                                                  tmp_path: Path) -> None:
    options: dict[str, Any] = {"accounts": [account(mastodon)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    mastodon.faults["POST /api/v2/media"] = [429, 429]
    first = publish([kit_folder], now=ANNOUNCE, **options)
    assert [r.status for r in first] == ["published"] and mastodon.requests.count("POST /api/v2/media") == 3

    mastodon.faults["POST /api/v1/statuses"] = [429] * 3
    second = publish([kit_folder], now=LAST_CALL, **options)
    assert second.failed and "retry later" in (second.results[-1].reason or "")
    mastodon.faults["POST /api/v1/statuses"] = [429]
    mastodon.retry_after = "30"  # beyond max_wait: give up at once, wait for cron
    assert publish([kit_folder], now=LAST_CALL, **options).failed
    assert len(mastodon.statuses) == 1
    third = publish([kit_folder], now=LAST_CALL + timedelta(minutes=5), **options)
    assert [r.status for r in third] == ["published"] and len(mastodon.statuses) == 2


def test_server_errors_and_a_server_dying_mid_upload_are_retried(kit_folder: Path, mastodon: Mastodon,
                                                                 tmp_path: Path) -> None:
    mastodon.faults["POST /api/v2/media"] = ["drop", "cut"]  # no answer, then an answer cut short
    mastodon.faults["POST /api/v1/statuses"] = [502, 503]

    report = publish([kit_folder], accounts=[account(mastodon)], now=ANNOUNCE, journal=tmp_path / "j.sqlite3",
                     channels=["mastodon"], retry=QUICK)

    assert [r.status for r in report] == ["published"] and len(mastodon.statuses) == 1


def test_a_status_made_whose_answer_was_lost_is_not_made_twice(kit_folder: Path, mastodon: Mastodon,
                                                                tmp_path: Path) -> None:
    mastodon.faults["POST /api/v1/statuses"] = ["done-then-502", "done-then-502"]

    report = publish([kit_folder], accounts=[account(mastodon)], now=ANNOUNCE, journal=tmp_path / "j.sqlite3",
                     channels=["mastodon"], retry=QUICK)

    [status] = mastodon.statuses  # the retries carried the same Idempotency-Key
    assert [(r.status, r.url) for r in report] == [("published", status["url"])]
    assert mastodon.requests.count("POST /api/v1/statuses") == 3


def test_a_server_that_stays_down_fails_the_run_and_loses_nothing(kit_folder: Path, mastodon: Mastodon,
                                                                  tmp_path: Path) -> None:
    mastodon.faults["POST /api/v2/media"] = ["drop"] * 3
    options: dict[str, Any] = {"accounts": [account(mastodon)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    assert "no answer after 3 tries" in (publish([kit_folder], now=ANNOUNCE, **options).results[0].reason or "")
    assert mastodon.statuses == []
    assert [r.status for r in publish([kit_folder], now=ANNOUNCE, **options)] == ["published"]
    assert len(mastodon.statuses) == 1


def test_a_bad_token_is_one_clear_line_and_the_token_is_never_shown(kit_folder: Path, mastodon: Mastodon,
                                                                    tmp_path: Path) -> None:
    wrong = "wr0ng-t0ken-value"
    result = run(str(kit_folder), "--mastodon", mastodon.url, "--now", ANNOUNCE.isoformat(), "--channels",
                 "mastodon", "--journal", str(tmp_path / "j.sqlite3"),
                 env={"RADICAL_SOCIAL_MASTODON_TOKEN": wrong})

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"failed: Laboratorio di pasta fresca · mastodon · announce: Mastodon at {mastodon.url[7:]} refused the "
        "token (HTTP 401): set RADICAL_SOCIAL_MASTODON_TOKEN to a token of this server with write:media and "
        "write:statuses"]
    assert wrong not in result.stdout + result.stderr
    assert wrong.encode() not in b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert TOKEN not in repr(account(mastodon))


def test_the_command_reports_as_text_and_json_with_exit_codes(kit_folder: Path, mastodon: Mastodon,
                                                              tmp_path: Path) -> None:
    env = {"RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN}
    journal = str(tmp_path / "j.sqlite3")
    text = run(str(kit_folder), "--mastodon", mastodon.url, "--now", ANNOUNCE.isoformat(), "--journal", journal,
               env=env)
    assert text.returncode == 0, text.stderr
    url = mastodon.statuses[0]["url"]
    assert text.stdout.splitlines() == [
        f"posted: Laboratorio di pasta fresca · mastodon · announce: {url}",
        f"by hand: Laboratorio di pasta fresca · sms · announce: {kit_folder}/posts/sms-announce.txt",
        "next: 2027-01-09 18:00+01:00"]

    data = run(str(kit_folder), "--mastodon", mastodon.url, "--now", ANNOUNCE.isoformat(), "--journal", journal,
               "--json", env=env)
    report = json.loads(data.stdout)
    assert [(r["channel"], r["status"], r["url"]) for r in report["results"]] == [
        ("mastodon", "already", url), ("sms", "by-hand", None)]
    assert report["next_due"] == "2027-01-09T18:00:00+01:00"

    assert TOKEN not in text.stdout + text.stderr + data.stdout + data.stderr
    assert TOKEN.encode() not in (tmp_path / "j.sqlite3").read_bytes()
    assert run(str(kit_folder), "--mastodon", mastodon.url).returncode == 2  # no token in the environment
    assert run(str(kit_folder), "--moment", "later").returncode == 2
    assert len(mastodon.statuses) == 1


@pytest.mark.parametrize("cards", [True, False], ids=["found-by-its-card", "replayed-by-its-key"])
def test_a_run_killed_between_send_and_record_is_reconciled_without_a_second_post(
        mastodon: Mastodon, tmp_path: Path, cards: bool) -> None:
    """With a card, the next run finds the status carrying the card it uploaded (whenever it runs); without
    one, it sends again with the same Idempotency-Key and Mastodon answers with the status it made."""
    kit_folder = build(Event.example(), now=BUILT, channels=["mastodon"], poster=False, cards=cards).save(tmp_path)
    journal = tmp_path / "j.sqlite3"
    sent, killed = threading.Event(), threading.Event()

    def hold(status: dict[str, Any]) -> None:  # the status is made; its answer waits until the kill
        sent.set()
        killed.wait(30)

    mastodon.on_status = hold
    args = [sys.executable, "-m", "radical_social", "publish", str(kit_folder), "--mastodon", mastodon.url, "--now",
            ANNOUNCE.isoformat(), "--journal", str(journal)]
    process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert sent.wait(60), "the status never reached the server"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed.set()
    with closing(sqlite3.connect(journal)) as db:
        assert db.execute("SELECT state FROM posts").fetchall() == [("claimed",)]
    mastodon.on_status = None

    again = run(str(kit_folder), "--mastodon", mastodon.url, "--now", (ANNOUNCE + timedelta(minutes=5)).isoformat(),
                "--journal", str(journal), "--json", env={"RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN})

    assert again.returncode == 0, again.stderr
    [status] = mastodon.statuses
    [result] = json.loads(again.stdout)["results"]
    assert (result["status"], result["url"]) == ("published", status["url"])
    assert mastodon.requests.count("POST /api/v1/statuses") == (1 if cards else 2)


def test_past_the_idempotency_window_the_post_is_found_by_its_card(kit_folder: Path, mastodon: Mastodon,
                                                                   tmp_path: Path) -> None:
    options: dict[str, Any] = {"accounts": [account(mastodon)], "journal": tmp_path / "j.sqlite3",
                               "channels": ["mastodon"], "retry": QUICK}
    mastodon.faults["POST /api/v1/statuses"] = ["drop"] * 3  # made? the answer never comes
    first = publish([kit_folder], now=ANNOUNCE, **options)
    assert first.failed and mastodon.statuses == []  # dropped before the body was read: nothing made
    mastodon.faults.clear()
    publish([kit_folder], now=ANNOUNCE, **options)
    [status] = mastodon.statuses
    with closing(sqlite3.connect(tmp_path / "j.sqlite3", isolation_level=None)) as db:  # as if the run had died
        db.execute("UPDATE posts SET state = 'failed', remote_id = NULL, url = NULL")
    mastodon.idempotency.clear()  # and an hour had passed

    report = publish([kit_folder], now=ANNOUNCE + timedelta(minutes=70), **options)

    assert [(r.status, r.url) for r in report] == [("published", status["url"])]
    assert len(mastodon.statuses) == 1 and mastodon.requests.count("POST /api/v1/statuses") == 4


def test_two_publishers_at_once_on_one_journal_post_once(kit_folder: Path, mastodon: Mastodon,
                                                         tmp_path: Path) -> None:
    mastodon.status_delay = 1.0
    args = [sys.executable, "-m", "radical_social", "publish", str(kit_folder), "--mastodon", mastodon.url, "--now",
            ANNOUNCE.isoformat(), "--journal", str(tmp_path / "j.sqlite3"), "--channels", "mastodon", "--json"]
    env = {**os.environ, "RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN}
    processes = [subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=120)[0] for process in processes]

    assert [process.returncode for process in processes] == [0, 0]
    statuses = sorted(json.loads(output)["results"][0]["status"] for output in outputs)
    assert statuses in (["busy", "published"], ["already", "published"])
    assert len(mastodon.statuses) == 1 and mastodon.requests.count("POST /api/v1/statuses") == 1


def test_the_double_refuses_what_the_api_description_does_not_allow(mastodon: Mastodon) -> None:
    import requests

    response = requests.post(f"{mastodon.url}/api/v1/statuses", json={"status": "hi", "visibility": "everyone"},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
    missing = requests.post(f"{mastodon.url}/api/v2/media", files={"description": (None, "alt")},
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)

    assert (response.status_code, missing.status_code) == (422, 422)
    assert any("'everyone' is not one of" in v for v in mastodon.violations)
    assert any("missing form field 'file'" in v for v in mastodon.violations)
    mastodon.violations.clear()


def test_by_hand_channels_are_never_marked_published(kit_folder: Path, tmp_path: Path) -> None:
    for now in (ANNOUNCE, REMINDER, LAST_CALL):
        report = publish([kit_folder], now=now, journal=tmp_path / "j.sqlite3")
        assert {r.status for r in report} == {"by-hand"}
    with closing(sqlite3.connect(tmp_path / "j.sqlite3")) as db:
        assert db.execute("SELECT count(*) FROM posts").fetchone() == (0,)


def test_a_bad_kit_names_every_bad_field_and_exits_1(kit_folder: Path, tmp_path: Path) -> None:
    manifest = json.loads((kit_folder / "kit.json").read_text(encoding="utf-8"))
    manifest["event"]["uid"] = 7
    manifest["plan"][0]["at"] = "next Tuesday"
    manifest["plan"][1]["moment"] = "brunch"
    (tmp_path / "kit.json").write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / "other.json").write_text('{"format": "radical-social-kit", "version": 9}', encoding="utf-8")

    bad = run(str(tmp_path / "kit.json"), str(kit_folder), "--now", ANNOUNCE.isoformat(), "--dry-run")
    newer = run(str(tmp_path / "other.json"))

    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "event.uid" in bad.stderr and "plan[0].at: 'next Tuesday'" in bad.stderr
    assert "plan[1].moment: not one of" in bad.stderr
    assert "by hand: Laboratorio di pasta fresca · mastodon · announce" in bad.stdout  # the good kit still goes
    assert newer.returncode == 1 and "version: 9 is not a kit.json version" in newer.stderr


def test_the_accounts_file_names_the_server_and_keeps_no_secret(kit_folder: Path, mastodon: Mastodon,
                                                                tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(f'[mastodon]\nurl = "{mastodon.url}"\nvisibility = "unlisted"\n', encoding="utf-8")
    args = (str(kit_folder), "--accounts", str(accounts), "--now", ANNOUNCE.isoformat(), "--channels", "mastodon",
            "--journal", str(tmp_path / "j.sqlite3"))

    posted = run(*args, env={"RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN})
    assert posted.returncode == 0, posted.stderr
    assert [status["visibility"] for status in mastodon.statuses] == ["unlisted"]

    accounts.write_text('[mastodon]\nurl = "ftp://m.example"\ntoken = "s3cret"\nvisibility = "friends"\n'
                        '[pixelfed]\nurl = "https://p.example"\n', encoding="utf-8")
    refused = run(*args, env={"RADICAL_SOCIAL_MASTODON_TOKEN": ""})
    assert refused.returncode == 1 and "s3cret" not in refused.stderr
    assert refused.stderr.splitlines()[1:] == [
        "  - [pixelfed]: not a network publishing knows (known: mastodon, bluesky)",
        "  - mastodon.token: secrets stay in the environment: remove it here and set RADICAL_SOCIAL_MASTODON_TOKEN",
        "  - mastodon.url: the Mastodon server must be an https:// address; got 'ftp://m.example'",
        "  - mastodon.visibility: one of public, unlisted; got 'friends'",
        "  - mastodon: set the token in the environment variable RADICAL_SOCIAL_MASTODON_TOKEN"]
    assert refused.stderr.splitlines()[0] == f"error: {accounts}: 5 problems:"


def test_an_unknown_channel_is_named_with_a_suggestion(kit_folder: Path) -> None:
    result = run(str(kit_folder), "--channels", "mastodn", "--dry-run")

    assert result.returncode == 2 and "did you mean 'mastodon'" in result.stderr and "Traceback" not in result.stderr


def test_a_copied_token_loses_its_line_break_and_one_with_control_characters_is_refused_unshown(
        mastodon: Mastodon) -> None:
    assert MastodonAccount(mastodon.url, TOKEN + "\r\n").token == TOKEN
    with pytest.raises(ValueError, match="control characters") as refused:
        MastodonAccount(mastodon.url, "s3cret\rtoken")
    assert "s3cret" not in str(refused.value)


def test_plain_http_is_for_this_machine_only(mastodon: Mastodon) -> None:
    with pytest.raises(ValueError, match="unencrypted"):
        MastodonAccount("http://mastodon.example", TOKEN)
    assert MastodonAccount("http://localhost:8080", TOKEN).server == "http://localhost:8080"
    assert mastodon.url.startswith("http://127.0.0.1:") and account(mastodon).server == mastodon.url.rstrip("/")


@given(results=st.lists(st.builds(
    PublishResult, uid=st.text(max_size=30), title=st.text(max_size=60), channel=st.sampled_from(["mastodon", "sms"]),
    moment=st.sampled_from(["announce", "reminder", "last_call", "thanks"]),
    at=st.datetimes(timezones=st.just(timezone(timedelta(hours=1)))),
    status=st.sampled_from(["published", "already", "by-hand", "skipped", "failed", "busy"]),
    url=st.none() | st.text(max_size=40), reason=st.none() | st.text(max_size=80),
    text=st.none() | st.text(max_size=40), card=st.none() | st.text(max_size=40)), max_size=5),
    next_due=st.none() | st.datetimes(timezones=st.just(timezone.utc)))
def test_the_json_report_reads_back_as_the_report(results: list[PublishResult], next_due: datetime | None) -> None:
    report = PublishReport(results=tuple(results), next_due=next_due)

    data = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))

    read = [PublishResult(**{**entry, "at": datetime.fromisoformat(entry["at"])}) for entry in data["results"]]
    assert read == results and len(report) == len(results)
    assert (None if data["next_due"] is None else datetime.fromisoformat(data["next_due"])) == next_due
    assert report.failed == any(result.status == "failed" for result in results)
