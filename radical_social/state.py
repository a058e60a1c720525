"""The never-twice store: what was sent to whom, per event UID, in a small SQLite file.

One row per (UID, attendee address) holds the SEQUENCE, content hash and iTIP method last
accepted by the mail server, and when. A row is written only after the server accepted the
message, so a run that stops half-way resumes with the people not yet reached.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from radical_social.errors import KitError

APP_NAME = "radical-social"
FILE_NAME = "state.sqlite3"
BUSY_TIMEOUT = 10.0
"""Seconds to wait for another process holding the database's write lock."""

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
) WITHOUT ROWID
"""
_UPSERT = """
INSERT INTO sent (uid, attendee, name, sequence, content_hash, method, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (uid, attendee) DO UPDATE SET name = excluded.name, sequence = excluded.sequence,
    content_hash = excluded.content_hash, method = excluded.method, sent_at = excluded.sent_at
"""


@dataclass(frozen=True, slots=True)
class Sent:
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


def next_sequence(floor: int, records: Iterable[Sent], content_hash: str) -> int:
    """The SEQUENCE to send: at least ``floor`` (the event's own), never lower than sent before,
    and one more than a record whose content differs from ``content_hash``."""
    return max([floor, *(record.sequence + (record.content_hash != content_hash) for record in records)])


class StateStore:
    """The SQLite store (WAL mode); use it as a context manager, or call ``close``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_state_path()
        with self._errors("open"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(_SCHEMA)
            except sqlite3.Error:
                self._db.close()
                raise

    def sent(self, uid: str) -> dict[str, Sent]:
        """Every attendee who received something for ``uid``, by key."""
        with self._errors("read"):
            rows = self._db.execute(
                "SELECT attendee, name, sequence, content_hash, method, sent_at FROM sent WHERE uid = ? "
                "ORDER BY attendee", (uid,)).fetchall()
        return {attendee: Sent(attendee, name, sequence, digest, method, datetime.fromisoformat(sent_at))
                for attendee, name, sequence, digest, method, sent_at in rows}

    def record(self, uid: str, address: str, name: str | None, *, sequence: int, content_hash: str,
               method: str, sent_at: datetime) -> None:
        """Note that the server accepted a message for ``address`` (committed at once)."""
        values = (uid, attendee_key(address), name, sequence, content_hash, method, sent_at.isoformat())
        with self._errors("write"):
            self._db.execute(_UPSERT, values)

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
        except (sqlite3.Error, OSError) as exc:
            raise KitError(f"could not {action} the state store {self.path}: {exc}") from exc
