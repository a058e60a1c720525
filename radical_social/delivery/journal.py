"""The never-twice journal: what was sent to whom and what was posted where, in a small SQLite file.

One row per (UID, attendee address) holds the SEQUENCE, content hash and iTIP method last
accepted by the mail server, and when. A row is written only after the server accepted the
message, so a run that stops half-way resumes with the people not yet reached.

Before sending, a run claims the (UID, attendee, revision) in a transaction (``claim``), so two
runs at once on one store never both send it; the claim goes when the message is recorded or
released. A claim whose process has died (a kill -9), or older than ``STALE_CLAIM``, no longer holds.

Posts follow the same rule, one row per (UID, SEQUENCE, channel, moment) (``PostKey``): ``claim_post``
before anything is sent, then ``post_published`` (remote id and URL) or ``post_failed`` (the reason).
A claim left by a killed run is taken over by the next run, which sends again under the same
idempotency key (``PostKey.idempotency_key``), so the network answers with the post it already made.

The journal is a SQLite file by default; a ``postgresql://`` URL puts it in PostgreSQL instead
(``journal_postgres``), for several machines publishing at once: the same tables and claims, each
claim's transaction holding PostgreSQL's lock on its key.

Posts published from an event file (not a saved kit) are planned from the time the journal first saw
that revision of the event, one row per (UID, SEQUENCE) (``plan_time``): the plan's moments stay put
from one cron run to the next. A new SEQUENCE with the start and status of the one before keeps its
plan (its time, and the SEQUENCE its posts are journalled under, so what went out does not go out
again); a new SEQUENCE that moves or cancels the event is planned afresh.

A store made by an earlier release gains the tables and columns it lacks when opened for writing
(``_COLUMNS``); opened read-only, it is read as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

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
CREATE TABLE IF NOT EXISTS posts (
    uid TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    channel TEXT NOT NULL,
    moment TEXT NOT NULL,
    state TEXT NOT NULL,
    owner TEXT,
    remote_id TEXT,
    url TEXT,
    reason TEXT,
    at TEXT NOT NULL,
    attachment TEXT,
    PRIMARY KEY (uid, sequence, channel, moment)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS planned (
    uid TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (uid, sequence)
) WITHOUT ROWID;
"""
_COLUMNS = (("planned", "start", "TEXT"), ("planned", "status", "TEXT"), ("planned", "since", "INTEGER"))
"""Columns added after their table was made: ``ALTER TABLE … ADD COLUMN`` on a store that lacks them."""
_POST_COLUMNS = "state, at, remote_id, url, reason, attachment, owner"
_SETTLE = """
INSERT INTO posts (uid, sequence, channel, moment, state, owner, remote_id, url, reason, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (uid, sequence, channel, moment) DO UPDATE SET state = excluded.state, owner = excluded.owner,
    remote_id = excluded.remote_id, url = excluded.url, reason = excluded.reason, at = excluded.at
"""
"""A post's new state; its attachment, if a run noted one, stays for the runs after it."""
_CLAIM = """
INSERT INTO claimed (uid, attendee, sequence, content_hash, owner, claimed_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (uid, attendee) DO UPDATE SET sequence = excluded.sequence, content_hash = excluded.content_hash,
    owner = excluded.owner, claimed_at = excluded.claimed_at
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


@dataclass(frozen=True, slots=True)
class PostKey:
    """One post of the plan, as the journal and the networks know it."""

    uid: str
    sequence: int
    channel: str
    moment: str

    @property
    def idempotency_key(self) -> str:
        """A key the network keeps to recognise a repeated request: the same for the same post, 64 hex digits."""
        text = json.dumps([self.uid, self.sequence, self.channel, self.moment])  # unambiguous, unlike a join
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


POST_STATES = ("claimed", "published", "failed", "skipped")


@dataclass(frozen=True, slots=True)
class Planning:
    """How the journal plans one revision (UID, SEQUENCE) of an event."""

    at: datetime
    """The time its plan is made from."""
    sequence: int
    """The SEQUENCE whose plan it keeps, and its posts are journalled under: its own when it was planned afresh,
    an earlier one's when it kept that one's start and status."""


@dataclass(frozen=True, slots=True)
class PostRecord:
    """What the journal holds for one post: ``claimed`` (a run is sending it), ``published`` (with the
    network's id and public URL), ``failed`` (with the reason; the next run tries again) or ``skipped``
    (its moment was missed, with the reason)."""

    key: PostKey
    state: str
    at: datetime
    remote_id: str | None = None
    url: str | None = None
    reason: str | None = None
    attachment: str | None = None
    """What a run uploaded before posting (the card's media id on Mastodon): the post, if the run died
    after making it, is the one that carries it."""


class Cursor(Protocol):
    """What the store reads from a statement, the same from sqlite3 and psycopg."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...  # a row (a tuple), or None
    def fetchall(self) -> list[Any]: ...


class Database(Protocol):
    """A connection to the journal's tables: SQLite here, PostgreSQL in ``journal_postgres``."""

    name: str
    """Where the journal is, for errors (never with a password)."""
    errors: tuple[type[Exception], ...]
    """The driver's errors, reported as ``KitError``."""

    def execute(self, sql: str, values: Sequence[object] = ...) -> Cursor:
        """Run one statement (``?`` placeholders) on its own, or inside ``transaction``."""
    def transaction(self, key: Sequence[object]) -> AbstractContextManager[None]:
        """One write transaction that no other run's transaction on the same ``key`` overlaps."""
    def has_table(self, name: str) -> bool:
        """Whether the table exists (a store opened read-only may predate it)."""
    def has_column(self, table: str, column: str) -> bool:
        """Whether the table has the column (a store opened read-only may predate it)."""
    def clock(self) -> datetime:
        """The time now (UTC) by the clock every run on this journal reads: the database server's for a
        journal several machines share, so that their claims age alike whatever their own clocks say."""
    def close(self) -> None: ...


def is_database_url(target: object) -> bool:
    """Whether a ``--journal``/``journal=`` value names a PostgreSQL database rather than a file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


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
    """The journal: a SQLite file (WAL mode), or a PostgreSQL database when given a ``postgresql://`` URL;
    use it as a context manager, or call ``close``.

    A file that exists must be a store: an empty one (0 bytes) is an error, not a fresh start.
    ``read_only`` opens an existing store for reading only (what a dry run may look at).
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        if is_database_url(path):
            from radical_social.delivery.journal_postgres import connect

            self.path: Path | None = None
            self._db: Database = connect(str(path), schema=_SCHEMA, read_only=read_only)
            self.location, self._driver_errors = self._db.name, self._db.errors
        else:
            self.path = Path(path) if path is not None else default_state_path()
            self.location, self._driver_errors = str(self.path), _SQLite.errors
            with self._errors("open"):
                self._db = _SQLite(self.path, read_only=read_only)
        if not read_only:
            self._migrate()

    def _migrate(self) -> None:
        """Add the columns a store from an earlier release lacks (``_COLUMNS``), in one transaction."""
        missing = [entry for entry in _COLUMNS if not self._db.has_column(*entry[:2])]
        if not missing:
            return
        with self._errors("upgrade"), self._db.transaction(("columns",)):
            for table, column, kind in missing:
                if not self._db.has_column(table, column):  # another process may have added it meanwhile
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

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
        return f"the state store {self.location}: the {row} of {str(attendee)[:100]!r} for {uid[:100]!r}"

    def claim(self, uid: str, address: str, *, sequence: int, content_hash: str) -> bool:
        """Claim sending this revision to ``address``: False when it was sent already, or another live run
        holds a claim on this person for this event."""
        key = attendee_key(address)
        now = self._db.clock()
        with self._errors("write"), self._db.transaction((uid, key)):
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
            self._db.execute(_CLAIM, (uid, key, sequence, content_hash, self._owner, now.isoformat()))
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
        with self._errors("write"), self._db.transaction(values[:2]):
            self._db.execute(_UPSERT, values)
            self._db.execute("DELETE FROM claimed WHERE uid = ? AND attendee = ?", values[:2])

    def post(self, key: PostKey) -> PostRecord | None:
        """What the journal holds for ``key``, or None."""
        with self._errors("read"):
            if not self._db.has_table("posts"):
                return None  # a store written before posts were journalled, opened read-only
            row = self._db.execute(
                f"SELECT {_POST_COLUMNS} FROM posts WHERE uid = ? AND sequence = ? AND channel = ? AND moment = ?",
                _key_values(key)).fetchone()
        return None if row is None else self._post_record(key, row)

    def _post_record(self, key: PostKey, row: tuple[object, ...]) -> PostRecord:
        """One row of ``posts``; ``KitError`` naming the row when it was edited into nonsense."""
        state, at, *texts, _ = row
        where = f"the state store {self.location}: the post {key.channel} {key.moment} of {key.uid[:100]!r}"
        if state not in POST_STATES:
            raise KitError(f"{where}: state is not one of {', '.join(POST_STATES)}; "
                           "restore the store or delete the row")
        if not all(text is None or isinstance(text, str) for text in texts):
            raise KitError(f"{where}: remote_id, url, reason and attachment must be text; restore the store or "
                           "delete the row")
        try:
            moment = datetime.fromisoformat(str(at))
        except ValueError:
            raise KitError(f"{where}: at is not a date and time; restore the store or delete the row") from None
        remote_id, url, reason, attachment = (str(text) if text is not None else None for text in texts)
        return PostRecord(key, str(state), moment, remote_id, url, reason, attachment)

    def claim_post(self, key: PostKey, *, skipped_too: bool = False) -> tuple[bool, PostRecord | None]:
        """Claim sending this post: ``(True, earlier)`` when this run may send it (``earlier`` is a failure
        or the claim of a run that died, to resume under the same idempotency key), ``(False, record)``
        when it was published or skipped already (``skipped_too`` claims a skipped one: a person asked for
        it), or another live run is sending it."""
        now = self._db.clock()
        with self._errors("write"), self._db.transaction(_key_values(key)):
            row = self._db.execute(
                f"SELECT {_POST_COLUMNS} FROM posts WHERE uid = ? AND sequence = ? AND channel = ? AND moment = ?",
                _key_values(key)).fetchone()
            earlier = None if row is None else self._post_record(key, row)
            done = ("published",) if skipped_too else ("published", "skipped")
            if earlier is not None and (earlier.state in done or (
                    earlier.state == "claimed" and row[-1] != self._owner
                    and _holds(str(row[-1]), earlier.at.isoformat(), now))):
                return False, earlier
            self._db.execute(_SETTLE, (*_key_values(key), "claimed", self._owner, None, None, None, now.isoformat()))
        return True, earlier

    def post_published(self, key: PostKey, *, remote_id: str, url: str | None) -> None:
        """Note that the network holds the post, with its id and public URL (committed at once)."""
        self._settle_post(key, "published", remote_id=remote_id, url=url)

    def post_attachment(self, key: PostKey, attachment: str) -> None:
        """Note what this run uploaded for the post it claimed, before posting it (committed at once)."""
        with self._errors("write"):
            self._db.execute("UPDATE posts SET attachment = ? WHERE uid = ? AND sequence = ? AND channel = ? "
                             "AND moment = ? AND owner = ?", (attachment, *_key_values(key), self._owner))

    def post_failed(self, key: PostKey, reason: str) -> None:
        """Note why the post did not go; the claim goes, and the next run tries again."""
        self._settle_post(key, "failed", reason=reason)

    def post_skipped(self, key: PostKey, reason: str) -> bool:
        """Note that the post's moment was missed: a post the journal has not seen, or one that failed
        (its reason kept after ``reason``); True when this is news. Published, claimed and already skipped
        posts stay as they are."""
        moment = self._db.clock().isoformat()
        with self._errors("write"):
            cursor = self._db.execute(
                "INSERT INTO posts (uid, sequence, channel, moment, state, reason, at) "
                "VALUES (?, ?, ?, ?, 'skipped', ?, ?) ON CONFLICT DO NOTHING", (*_key_values(key), reason, moment))
            if cursor.rowcount == 0:
                cursor = self._db.execute(
                    "UPDATE posts SET state = 'skipped', "
                    "reason = CAST(? AS TEXT) || ', after it failed: ' || COALESCE(reason, ''), "
                    "at = ? WHERE uid = ? AND sequence = ? AND channel = ? AND moment = ? AND state = 'failed'",
                    (reason, moment, *_key_values(key)))
        return cursor.rowcount == 1

    def planned(self, uid: str, sequence: int) -> Planning | None:
        """How this revision of the event is planned (see ``plan_time``), or None when not yet noted."""
        row = self._planned_row(uid, sequence, "=")
        return None if row is None else Planning(row[1], row[4])

    def _planned_row(self, uid: str, sequence: int, compare: str
                     ) -> tuple[int, datetime, str | None, str | None, int] | None:
        """The row of this revision (``compare`` ``=``), or of the latest before it (``<``): its SEQUENCE, time,
        start, status and the SEQUENCE whose plan it keeps; ``KitError`` naming a row edited into nonsense."""
        with self._errors("read"):
            if not self._db.has_table("planned"):
                return None  # a store written before event files were published, opened read-only
            noted = ("start", "status", "since") if self._db.has_column("planned", "since") else ("NULL",) * 3
            row = self._db.execute(f"SELECT sequence, at, {', '.join(noted)} FROM planned WHERE uid = ? AND "
                                   f"sequence {compare} ? ORDER BY sequence DESC LIMIT 1", (uid, sequence)).fetchone()
        if row is None:
            return None
        found, at, start, status, since = row
        try:
            moment = datetime.fromisoformat(str(at))
        except ValueError:
            moment = None
        if moment is None or moment.utcoffset() is None or not all(
                value is None or isinstance(value, str) for value in (start, status)) or not (
                since is None or (isinstance(since, int) and since <= found)):
            raise KitError(f"the state store {self.location}: the planning of {uid[:100]!r} (SEQUENCE {found}) "
                           "is not a date and time with its offset, a start, a status and an earlier SEQUENCE; "
                           "restore the store or delete the row")
        return found, moment, start, status, found if since is None else since

    def plan_time(self, uid: str, sequence: int, now: datetime, *, start: str | None = None,
                  status: str | None = None, note: bool = True) -> Planning:
        """How this revision of the event is planned: as noted when it was first asked for, else as the latest
        earlier revision noted, when it has this ``start`` and ``status`` (the same plan: its time, and its
        posts, which do not go out again), else afresh from ``now`` (aware). Noted now unless ``note`` is
        False (committed at once; of two runs at once, the first to note wins)."""
        found = self.planned(uid, sequence)
        if found is not None:
            return found
        earlier = self._planned_row(uid, sequence, "<")
        if earlier is not None and start is not None and earlier[2:4] == (start, status):
            planning = Planning(earlier[1], earlier[4])
        else:
            planning = Planning(now, sequence)
        if not note:
            return planning
        with self._errors("write"):
            self._db.execute("INSERT INTO planned (uid, sequence, at, start, status, since) VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT DO NOTHING",
                             (uid, sequence, planning.at.isoformat(), start, status, planning.sequence))
        found = self.planned(uid, sequence)
        assert found is not None
        return found

    def _settle_post(self, key: PostKey, state: str, *, remote_id: str | None = None, url: str | None = None,
                     reason: str | None = None) -> None:
        with self._errors("write"):
            self._db.execute(_SETTLE, (*_key_values(key), state, None, remote_id, url, reason,
                              self._db.clock().isoformat()))

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
        """The database's and the file system's errors as ``KitError`` naming the store."""
        caught: tuple[type[Exception], ...] = (*self._driver_errors, OSError)
        try:
            yield
        except KitError:
            raise
        except caught as exc:
            raise KitError(f"could not {action} the state store {self.location}: {exc}") from exc


class _SQLite:
    """The journal in a SQLite file (WAL mode); ``BEGIN IMMEDIATE`` locks the whole file for a transaction."""

    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path, *, read_only: bool) -> None:
        self.name = str(path)
        if read_only:  # a dry run: an existing store, opened so that nothing can change it
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?{_read_only_mode(path)}", uri=True,
                                       timeout=BUSY_TIMEOUT, isolation_level=None)
            self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            _create(path)
        elif path.is_file() and path.stat().st_size == 0:
            raise KitError(f"the state store {path} is empty (0 bytes), so what was sent before is "
                           "unknown; restore it from a backup, or delete it to start afresh (everyone is "
                           "then invited again)")
        self._db = _connect(path)

    def execute(self, sql: str, values: Sequence[object] = ()) -> Cursor:
        return self._db.execute(sql, values)

    @contextmanager
    def transaction(self, key: Sequence[object]) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def has_table(self, name: str) -> bool:
        return self._db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None

    def has_column(self, table: str, column: str) -> bool:
        return self._db.execute("SELECT 1 FROM pragma_table_info(?) WHERE name = ?",
                                (table, column)).fetchone() is not None

    def clock(self) -> datetime:
        return datetime.now(timezone.utc)  # a file on one machine: its own clock

    def close(self) -> None:
        self._db.close()


def _read_only_mode(path: Path) -> str:
    """How to open a WAL store for reading without leaving anything on disk. Without a ``-wal`` file beside
    it, every write is in the file itself (the last connection to close folds the log in and deletes it):
    ``immutable`` reads it without making the ``-shm`` and ``-wal`` files a WAL reader needs. With one,
    a run has the store open or died with it open: ``mode=ro`` reads its writes too, in the files that
    are there already."""
    return "mode=ro" if path.with_name(path.name + "-wal").exists() else "immutable=1"


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


def _key_values(key: PostKey) -> tuple[str, int, str, str]:
    return key.uid, key.sequence, key.channel, key.moment


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
