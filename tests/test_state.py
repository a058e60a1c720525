"""The never-twice store: rows per UID and attendee, WAL mode, the SEQUENCE rule, its location."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from radical_social.delivery.journal import SentInvitation, StateStore, default_state_path, next_sequence
from radical_social.errors import KitError

UID = "abc@radical-social"
WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def sent(sequence: int, digest: str) -> SentInvitation:
    return SentInvitation("ana@example.org", None, sequence, digest, "REQUEST", WHEN)


def test_a_record_is_kept_per_uid_and_attendee_across_reopening(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.sqlite3"
    with StateStore(path) as state:
        state.record(UID, "Ana@Example.org", "Ana", sequence=0, content_hash="h0", method="REQUEST", sent_at=WHEN)
        state.record(UID, "ana@example.org", "Ana P.", sequence=1, content_hash="h1", method="REQUEST", sent_at=WHEN)
        state.record("other@radical-social", "bo@example.net", None, sequence=0, content_hash="x",
                     method="REQUEST", sent_at=WHEN)

    with StateStore(path) as state:
        ana = SentInvitation("ana@example.org", "Ana P.", 1, "h1", "REQUEST", WHEN)
        assert state.sent(UID) == {"ana@example.org": ana}
        assert list(state.sent("other@radical-social")) == ["bo@example.net"]
        assert state.sent("unknown") == {}


def test_the_store_uses_write_ahead_logging(tmp_path: Path) -> None:
    StateStore(tmp_path / "state.sqlite3").close()

    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_store_that_cannot_be_opened_is_a_kit_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")

    with pytest.raises(KitError, match="could not open the state store"):
        StateStore(tmp_path / "file" / "state.sqlite3")


def test_a_file_that_is_not_a_database_is_a_kit_error(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"plain text, not SQLite" * 100)

    with pytest.raises(KitError, match=str(path)):
        StateStore(path)


def test_an_empty_file_is_an_error_not_a_fresh_start(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.touch()

    with pytest.raises(KitError, match=r"state\.sqlite3 is empty \(0 bytes\), so what was sent before is unknown"):
        StateStore(path)
    assert path.stat().st_size == 0


@pytest.mark.parametrize(("column", "value", "said"), [
    ("sent_at", "yesterday", "sent_at is not a date and time"),
    ("sent_at", b"\x00", "sent_at is not text"),
    ("sequence", "two", "sequence is not a whole number"),
    ("sequence", -1, "sequence is not a whole number"),
    ("content_hash", b"h0", "content_hash is not text"),
])
def test_a_row_edited_into_nonsense_is_a_kit_error_naming_it(tmp_path: Path, column: str, value: object,
                                                             said: str) -> None:
    path = tmp_path / "state.sqlite3"
    with StateStore(path) as state:
        state.record(UID, "ana@example.org", "Ana", sequence=0, content_hash="h0", method="REQUEST", sent_at=WHEN)
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE sent SET {column} = ?", (value,))

    with StateStore(path) as state, pytest.raises(KitError) as caught:
        state.sent(UID)
    assert "the row of 'ana@example.org' for 'abc@radical-social'" in str(caught.value)
    assert said in str(caught.value)


@pytest.mark.parametrize(("owner", "claimed_at", "said"), [
    (b"host:1", "2026-12-07T18:00:00+00:00", "owner is not text"),
    ("host:1:x", b"2026", "claimed_at is not text"),
])
def test_a_claimed_row_edited_into_nonsense_is_a_kit_error_naming_it(tmp_path: Path, owner: object,
                                                                     claimed_at: object, said: str) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO claimed VALUES (?, 'ana@example.org', 0, 'h0', ?, ?)", (UID, owner, claimed_at))

    with StateStore(path) as state, pytest.raises(KitError) as caught:
        state.claim(UID, "ana@example.org", sequence=0, content_hash="h0")
    assert "the claimed row of 'ana@example.org' for 'abc@radical-social'" in str(caught.value)
    assert said in str(caught.value)


def test_a_claim_holds_against_another_run_until_recorded_or_released(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with StateStore(path) as first, StateStore(path) as second:
        assert first.claim(UID, "ana@example.org", sequence=0, content_hash="h0")
        assert not second.claim(UID, "Ana@Example.org", sequence=0, content_hash="h0")
        first.release(UID, "ana@example.org")
        assert second.claim(UID, "ana@example.org", sequence=0, content_hash="h0")
        second.record(UID, "ana@example.org", None, sequence=0, content_hash="h0", method="REQUEST", sent_at=WHEN)
        assert not first.claim(UID, "ana@example.org", sequence=0, content_hash="h0")  # sent already
        assert first.claim(UID, "ana@example.org", sequence=1, content_hash="h1")  # a new revision


def test_a_claim_of_a_killed_run_does_not_hold(tmp_path: Path) -> None:

    path = tmp_path / "state.sqlite3"
    code = ("import sys, time; from radical_social.delivery.journal import StateStore; "
            f"s = StateStore({str(path)!r}); s.claim({UID!r}, 'ana@example.org', sequence=0, content_hash='h0'); "
            "print('claimed', flush=True); time.sleep(60)")
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as run:
        holds_a_claim_then_is_killed(run, path)


def holds_a_claim_then_is_killed(run: subprocess.Popen[str], path: Path) -> None:
    import signal

    try:
        assert run.stdout is not None and run.stdout.readline().strip() == "claimed"
        with StateStore(path) as state:
            assert not state.claim(UID, "ana@example.org", sequence=0, content_hash="h0")
            run.send_signal(signal.SIGKILL)
            run.wait(10)
            assert state.claim(UID, "ana@example.org", sequence=0, content_hash="h0")
    finally:
        if run.poll() is None:
            run.kill()
        run.wait(10)


def test_the_default_location_is_the_users_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))

    path = default_state_path()

    assert path.is_absolute()
    assert path.name == "state.sqlite3"
    assert path.parent.name == "radical-social"


@pytest.mark.parametrize(("floor", "records", "expected"), [
    (0, [], 0),
    (3, [], 3),
    (0, [sent(0, "same")], 0),
    (0, [sent(0, "old")], 1),
    (0, [sent(1, "same"), sent(0, "old")], 1),
    (0, [sent(2, "same"), sent(2, "old")], 3),
    (5, [sent(1, "old")], 5),
    (1, [sent(4, "same")], 4),
])
def test_the_next_sequence(floor: int, records: list[SentInvitation], expected: int) -> None:
    assert next_sequence(floor, records, "same") == expected
