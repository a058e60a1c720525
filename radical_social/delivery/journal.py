"""The never-twice store: what was sent to whom, per event UID, in a small SQLite file.

One row per (UID, attendee address) holds the SEQUENCE, content hash and iTIP method last
accepted by the mail server, and when. A row is written only after the server accepted the
message, so a run that stops half-way resumes with the people not yet reached.

Before sending, a run claims the (UID, attendee, revision) in a transaction (``claim``), so two
runs at once on one store never both send it; the claim goes when the message is recorded or
released. A claim whose process has died (a kill -9), or older than ``STALE_CLAIM``, no longer holds.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType

from radical_social.errors import KitError

APP_NAME = "radical-social"
FILE_NAME = "state.sqlite3"
BUSY_TIMEOUT = 10.0
"""Seconds to wait for another process holding the database's write lock."""
STALE_CLAIM = timedelta(hours=1)
"""How long a claim holds when it cannot be told whether its process still runs (another machine)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    uid TEXT NOT NULL,
    attendee TEXT NOT NULL,
    name TEXT,
    sequence INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    method TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (uid, attendee)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claimed (
    uid TEXT NOT NULL,
    attendee TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    owner TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (uid, attendee)
) WITHOUT ROWID;
"""
_UPSERT = """
INSERT INTO sent (uid, attendee, name, sequence, content_hash, method, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (uid, attendee) DO UPDATE SET name = excluded.name, sequence = excluded.sequence,
    content_hash = excluded.content_hash, method = excluded.method, sent_at = excluded.sent_at
"""


@dataclass(frozen=True, slots=True)
class SentInvitation:
    """What one attendee last received for one UID."""

    attendee: str
    """The address, lower-cased: the key."""
    name: str | None
    sequence: int
    content_hash: str
    method: str
    sent_at: datetime


def default_state_path() -> Path:
    """The store in the user's data folder (``~/.local/share/radical-social/state.sqlite3`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


def attendee_key(address: str) -> str:
    """The store's key for an address: ``Ana@Example.org`` and ``ana@example.org`` are one person."""
    return address.strip().lower()


def next_sequence(floor: int, records: Iterable[SentInvitation], content_hash: str) -> int:
    """The SEQUENCE to send: at least ``floor`` (the event's own), never lower than sent before,
    and one more than a record whose content differs from ``content_hash``."""
    return max([floor, *(record.sequence + (record.content_hash != content_hash) for record in records)])


class StateStore:
    """The SQLite store (WAL mode); use it as a context manager, or call ``close``.

    A file that exists must be a store: an empty one (0 bytes) is an error, not a fresh start.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_state_path()
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        with self._errors("open"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                _create(self.path)
            elif self.path.is_file() and self.path.stat().st_size == 0:
                raise KitError(f"the state store {self.path} is empty (0 bytes), so what was sent before is "
                               "unknown; restore it from a backup, or delete it to start afresh (everyone is "
                               "then invited again)")
            self._db = _connect(self.path)

    def sent(self, uid: str) -> dict[str, SentInvitation]:
        """Every attendee who received something for ``uid``, by key."""
        with self._errors("read"):
            rows = self._db.execute(
                "SELECT attendee, name, sequence, content_hash, method, sent_at FROM sent WHERE uid = ? "
                "ORDER BY attendee", (uid,)).fetchall()
        return dict(self._read(uid, row) for row in rows)

    def _read(self, uid: str, row: tuple[object, ...]) -> tuple[str, SentInvitation]:
        """One row as a ``SentInvitation``; ``KitError`` naming the row and the field when it was edited into
        nonsense."""
        attendee, name, sequence, digest, method, sent_at = row
        where = self._where("row", attendee, uid)
        for field, value, kind in (("attendee", attendee, str), ("content_hash", digest, str),
                                   ("method", method, str), ("sent_at", sent_at, str)):
            if not isinstance(value, kind):
                raise KitError(f"{where}: {field} is not text; restore the store or delete the row")
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
            raise KitError(f"{where}: sequence is not a whole number; restore the store or delete the row")
        try:
            moment = datetime.fromisoformat(str(sent_at))
        except ValueError:
            raise KitError(f"{where}: sent_at is not a date and time; restore the store or delete the row") from None
        return str(attendee), SentInvitation(str(attendee), name if isinstance(name, str) else None, sequence,
                                             str(digest), str(method), moment)

    def _where(self, row: str, attendee: object, uid: str) -> str:
        """Where an edited row is, for the errors that name it."""
        return f"the state store {self.path}: the {row} of {str(attendee)[:100]!r} for {uid[:100]!r}"

    def claim(self, uid: str, address: str, *, sequence: int, content_hash: str) -> bool:
        """Claim sending this revision to ``address``: False when it was sent already, or another live run
        holds a claim on this person for this event."""
        key = attendee_key(address)
        now = datetime.now(timezone.utc)
        with self._errors("write"), self._transaction():
            done = self._db.execute("SELECT sequence, content_hash FROM sent WHERE uid = ? AND attendee = ?",
                                    (uid, key)).fetchone()
            if done is not None and tuple(done) == (sequence, content_hash):
                return False
            held = self._db.execute("SELECT owner, claimed_at FROM claimed WHERE uid = ? AND attendee = ?",
                                    (uid, key)).fetchone()
            for field, value in zip(("owner", "claimed_at"), held or ("", ""), strict=True):
                if not isinstance(value, str):
                    raise KitError(f"{self._where('claimed row', key, uid)}: {field} is not text; "
                                   "restore the store or delete the row")
            if held is not None and held[0] != self._owner and _holds(held[0], held[1], now):
                return False
            self._db.execute("INSERT OR REPLACE INTO claimed VALUES (?, ?, ?, ?, ?, ?)",
                             (uid, key, sequence, content_hash, self._owner, now.isoformat()))
        return True

    def release(self, uid: str, address: str) -> None:
        """Give up this run's claim on ``address`` (the message did not go)."""
        with self._errors("write"):
            self._db.execute("DELETE FROM claimed WHERE uid = ? AND attendee = ? AND owner = ?",
                             (uid, attendee_key(address), self._owner))

    def record(self, uid: str, address: str, name: str | None, *, sequence: int, content_hash: str,
               method: str, sent_at: datetime) -> None:
        """Note that the server accepted a message for ``address``, and drop the claim (committed at once)."""
        values = (uid, attendee_key(address), name, sequence, content_hash, method, sent_at.isoformat())
        with self._errors("write"), self._transaction():
            self._db.execute(_UPSERT, values)
            self._db.execute("DELETE FROM claimed WHERE uid = ? AND attendee = ?", values[:2])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so that what it reads stays true."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """SQLite and file-system errors as ``KitError`` naming the file."""
        try:
            yield
        except KitError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise KitError(f"could not {action} the state store {self.path}: {exc}") from exc


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
    except sqlite3.Error:
        db.close()
        raise
    return db


def _create(path: Path) -> None:
    """A new store at ``path``, made beside it and linked in whole: another process never sees it empty."""
    scratch = path.with_name(f".{path.name}.{uuid.uuid4().hex}.new")
    try:
        _connect(scratch).close()
        try:
            os.link(scratch, path)
        except FileExistsError:
            return  # another process made it first: use theirs
        except OSError:  # no hard links on this file system
            if not path.exists():
                scratch.replace(path)
    finally:
        scratch.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            scratch.with_name(scratch.name + suffix).unlink(missing_ok=True)


def _holds(owner: str, claimed_at: str, now: datetime) -> bool:
    """Whether a claim still holds: its process runs (on this machine), or it is younger than STALE_CLAIM."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if os.name == "posix" and host == socket.gethostname() and pid.isdigit():  # signal 0 only asks, on POSIX
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except OSError:
            pass  # it runs, under another user
    try:
        return now - datetime.fromisoformat(claimed_at) < STALE_CLAIM
    except (TypeError, ValueError):
        return False
