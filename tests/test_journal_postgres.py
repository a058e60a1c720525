"""The journal in a real PostgreSQL (Debian's, started by tests/postgres_server.py): the same claims as the
SQLite file, held by PostgreSQL's locks across connections, and the password never shown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radical_social import Event, KitError, MastodonAccount, build, publish
from radical_social.delivery.journal import PostKey, StateStore
from tests.example_plan import ANNOUNCE, BUILT, QUICK, ROOT
from tests.mastodon_server import TOKEN, Mastodon, running_mastodon
from tests.postgres_server import Postgres

ENV = {**os.environ, "RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN}


@pytest.fixture(scope="module")
def kit_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(Event.example(), now=BUILT, channels=["mastodon"], poster=False).save(tmp_path_factory.mktemp("kits"))


@pytest.fixture
def mastodon() -> Iterator[Mastodon]:
    with running_mastodon() as server:
        yield server
        assert server.violations == []


def publish_args(kit: Path, server: Mastodon, journal: str, now: datetime = ANNOUNCE) -> list[str]:
    return [sys.executable, "-m", "radical_social", "publish", str(kit), "--mastodon", server.url, "--now",
            now.isoformat(), "--journal", journal, "--json"]


def announce_key(kit: Path) -> PostKey:
    uid = json.loads((kit / "kit.json").read_text(encoding="utf-8"))["event"]["uid"]
    return PostKey(uid, 0, "mastodon", "announce")


def test_publishing_with_a_postgresql_journal_posts_once(kit_folder: Path, mastodon: Mastodon,
                                                         postgres_journal: str) -> None:
    account = MastodonAccount(mastodon.url, TOKEN)
    first = publish([kit_folder], accounts=[account], now=ANNOUNCE, journal=postgres_journal, retry=QUICK)
    again = publish([kit_folder], accounts=[account], now=ANNOUNCE + timedelta(minutes=5), journal=postgres_journal,
                    retry=QUICK)

    [status] = mastodon.statuses
    assert [(r.status, r.url) for r in first] == [("published", status["url"])]
    assert [(r.status, r.url) for r in again] == [("already", status["url"])]
    with StateStore(postgres_journal) as journal:
        record = journal.post(announce_key(kit_folder))
    assert record is not None and (record.state, record.remote_id, record.url) == (
        "published", status["id"], status["url"])


def test_two_publishers_at_once_on_one_postgresql_journal_post_once(kit_folder: Path, mastodon: Mastodon,
                                                                    postgres_journal: str) -> None:
    mastodon.status_delay = 1.0
    processes = [subprocess.Popen(publish_args(kit_folder, mastodon, postgres_journal), cwd=ROOT, env=ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], [err for _, err in outputs]
    statuses = sorted(json.loads(out)["results"][0]["status"] for out, _ in outputs)
    assert statuses in (["busy", "published"], ["already", "published"])
    assert len(mastodon.statuses) == 1 and mastodon.requests.count("POST /api/v1/statuses") == 1


def test_a_run_killed_between_send_and_record_is_reconciled(kit_folder: Path, mastodon: Mastodon,
                                                            postgres_journal: str) -> None:
    sent, killed = threading.Event(), threading.Event()

    def hold(status: dict[str, Any]) -> None:  # the status is made; its answer waits until the kill
        sent.set()
        killed.wait(30)

    mastodon.on_status = hold
    process = subprocess.Popen(publish_args(kit_folder, mastodon, postgres_journal), cwd=ROOT, env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert sent.wait(60), "the status never reached the server"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed.set()
    mastodon.on_status = None
    with StateStore(postgres_journal) as journal:
        record = journal.post(announce_key(kit_folder))
    assert record is not None and record.state == "claimed"

    again = subprocess.run(publish_args(kit_folder, mastodon, postgres_journal, ANNOUNCE + timedelta(minutes=5)),
                           cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120, check=False)

    assert again.returncode == 0, again.stderr
    [status] = mastodon.statuses
    [result] = json.loads(again.stdout)["results"]
    assert (result["status"], result["url"]) == ("published", status["url"])
    assert mastodon.requests.count("POST /api/v1/statuses") == 1  # found by its card, not posted again


def test_the_password_never_appears(kit_folder: Path, mastodon: Mastodon, postgres: Postgres,
                                    postgres_journal: str) -> None:
    wrong = postgres_journal.replace(postgres.password, "Wr0ng-s3cret-" + postgres.password[:6])
    refused = subprocess.run(publish_args(kit_folder, mastodon, wrong), cwd=ROOT, env=ENV, capture_output=True,
                             text=True, timeout=120, check=False)
    published = subprocess.run(publish_args(kit_folder, mastodon, postgres_journal)[:-1], cwd=ROOT, env=ENV,
                               capture_output=True, text=True, timeout=120, check=False)

    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "password authentication failed" in refused.stderr and f"127.0.0.1:{postgres.port}" in refused.stderr
    assert published.returncode == 0, published.stderr
    for secret in (postgres.password, "Wr0ng-s3cret-"):
        assert secret not in refused.stdout + refused.stderr + published.stdout + published.stderr
    with StateStore(postgres_journal) as journal:
        assert postgres.password not in repr(journal) + repr(vars(journal)) + journal.location


def test_the_password_may_come_from_pgpassword(postgres: Postgres, postgres_journal: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    parts = urlsplit(postgres_journal)
    bare = parts._replace(netloc=f"postgres@127.0.0.1:{postgres.port}").geturl()
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    with StateStore(bare) as journal:
        assert journal.claim_post(PostKey("u", 0, "mastodon", "announce"))[0]
    monkeypatch.setenv("PGPASSWORD", "not-" + postgres.password)
    with pytest.raises(KitError) as caught:
        StateStore(bare)
    assert "password authentication failed" in str(caught.value) and postgres.password not in str(caught.value)


def test_claims_hold_across_connections_for_posts_and_invitations(postgres_journal: str) -> None:
    key = PostKey("uid-1", 2, "mastodon", "reminder")
    with StateStore(postgres_journal) as one, StateStore(postgres_journal) as two:
        assert one.claim_post(key) == (True, None)
        taken, held = two.claim_post(key)
        assert not taken and held is not None and held.state == "claimed"
        one.post_published(key, remote_id="9", url="https://example.org/9")
        assert two.claim_post(key)[0] is False

        assert one.claim("uid-1", "Ana@Example.org", sequence=0, content_hash="h")
        assert not two.claim("uid-1", "ana@example.org", sequence=0, content_hash="h")
        one.record("uid-1", "ana@example.org", "Ana", sequence=0, content_hash="h", method="REQUEST",
                   sent_at=BUILT)
        assert not two.claim("uid-1", "ana@example.org", sequence=0, content_hash="h")
        assert two.sent("uid-1")["ana@example.org"].sent_at == BUILT
        assert two.claim("uid-1", "ana@example.org", sequence=1, content_hash="h2")


@pytest.mark.parametrize("ahead", [timedelta(hours=2), -timedelta(hours=2)])
def test_claims_age_by_the_servers_clock_whatever_each_machines_says(postgres_journal: str, ahead: timedelta,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from radical_social.delivery import journal

    key = PostKey("uid-1", 0, "mastodon", "announce")
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(socket, "gethostname", lambda: "another-machine")  # its process cannot be asked about
        with StateStore(postgres_journal) as there:
            assert there.claim_post(key) == (True, None)

    class Skewed(datetime):
        """This machine's clock, two hours off (a wrong NTP setting, a VM back from sleep)."""

        @classmethod
        def now(cls, tz: Any = None) -> Skewed:
            return super().now(tz) + ahead  # type: ignore[return-value]

    monkeypatch.setattr(journal, "datetime", Skewed)
    with StateStore(postgres_journal) as here:
        taken, held = here.claim_post(key)  # made a minute ago by the server's clock: it holds
        assert not taken and held is not None and held.state == "claimed"
        assert abs(held.at - datetime.now(held.at.tzinfo)) < timedelta(minutes=5)


def test_many_claimers_at_once_claim_each_post_once(postgres_journal: str) -> None:
    keys = [PostKey("uid-2", 0, channel, moment) for channel in ("mastodon", "bluesky")
            for moment in ("announce", "reminder", "last_call")]
    stores = [StateStore(postgres_journal) for _ in range(4)]
    won: list[PostKey] = []
    barrier = threading.Barrier(len(stores))

    def claim_all(store: StateStore) -> None:
        barrier.wait()
        won.extend(key for key in keys if store.claim_post(key)[0])

    threads = [threading.Thread(target=claim_all, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for store in stores:
        store.close()
    assert sorted(won, key=repr) == sorted(keys, key=repr)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(remote_id=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
       reason=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80),
       sequence=st.integers(0, 2**31 - 1), moment=st.sampled_from(["announce", "reminder", "last_call", "thanks"]))
def test_every_settled_post_reads_back_as_written(postgres_journal: str, remote_id: str, reason: str,
                                                  sequence: int, moment: str) -> None:
    key = PostKey("uid-3", sequence, "mastodon", moment)
    with StateStore(postgres_journal) as journal:
        journal.post_failed(key, reason)
        failed = journal.post(key)
        journal.post_published(key, remote_id=remote_id, url=None)
        published = journal.post(key)
    assert failed is not None and (failed.state, failed.reason) == ("failed", reason)
    assert published is not None and (published.state, published.remote_id, published.reason) == (
        "published", remote_id, None)


def test_a_dry_run_opens_the_database_read_only(kit_folder: Path, mastodon: Mastodon, postgres_journal: str) -> None:
    report = publish([kit_folder], accounts=[MastodonAccount(mastodon.url, TOKEN)], now=ANNOUNCE,
                     journal=postgres_journal, dry_run=True)
    assert [r.status for r in report] != [] and mastodon.statuses == []
    with StateStore(postgres_journal) as journal:
        assert journal.post(announce_key(kit_folder)) is None


def test_a_folder_as_the_journal_is_a_usage_error(kit_folder: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from radical_social.cli import main

    result = CliRunner().invoke(main, ["publish", str(kit_folder), "--journal", str(tmp_path)])
    assert result.exit_code == 2 and "--journal" in result.output and "is a folder" in result.output


@pytest.mark.parametrize("url", ["postgresql://ana:p%zzSEKRIT@127.0.0.1:1/journal",
                                 "postgresql://ana@127.0.0.1:1/journal?password=SEKRIT&sslmode=SEKRIT"])
def test_a_bad_url_is_one_line_without_the_password(url: str) -> None:
    with pytest.raises(KitError) as caught:
        StateStore(url)
    message = str(caught.value)
    assert message.startswith("could not open the state store postgresql://ana@127.0.0.1:1/journal: ")
    assert "SEKRIT" not in message and "\n" not in message
