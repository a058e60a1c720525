"""The journal in PostgreSQL, for several machines publishing at once (``--journal postgresql://…``).

The same tables and statements as the SQLite file; each claim's transaction first takes a transaction-level
advisory lock on its key (``pg_advisory_xact_lock``), so two runs on two connections claiming one post wait
for each other and the second reads what the first wrote. Upserts are PostgreSQL's own ``INSERT … ON
CONFLICT``. Claims are dated by the server's clock, so a claim left by a dead run on another machine expires
after ``STALE_CLAIM`` whatever the machines' clocks say. The password comes only from the URL or
``PGPASSWORD`` (no password file), and never appears in names or errors.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from radical_social.errors import KitError

CONNECT_TIMEOUT = 10
"""Seconds to wait for the database server to answer."""
_SCHEMA_LOCK = 0x72736A6E  # any fixed number: the advisory lock that serialises creating the tables


def connect(url: str, *, schema: str, read_only: bool) -> _Postgres:
    """The journal at ``url``, its tables made if missing (unless ``read_only``); ``KitError`` when psycopg
    is missing or the server refuses, naming the database without its password."""
    name = public_name(url)
    try:
        import psycopg
    except ImportError:
        raise KitError(f"the journal {name} is a PostgreSQL database, which needs psycopg: "
                       "pip install 'radical-social[postgres]'") from None
    secrets = _secrets(url)
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, passfile=os.devnull,
                                     application_name="radical-social")
    except psycopg.Error as exc:
        raise KitError(f"could not open the state store {name}: {_scrub(str(exc), secrets)}") from None
    database = _Postgres(connection, name, secrets)
    try:
        if read_only:
            connection.execute("SET default_transaction_read_only = on")
        else:
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                for statement in schema.replace(") WITHOUT ROWID;", ");").split(";"):
                    if statement.strip():
                        connection.execute(statement)
    except psycopg.Error as exc:
        connection.close()
        raise KitError(f"could not open the state store {name}: {_scrub(str(exc), secrets)}") from None
    return database


def public_name(url: str) -> str:
    """``url`` without its password (and without its query, which may carry one)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    user = parts.username
    return urlunsplit((parts.scheme, f"{user}@{host}" if user else host, parts.path, "", ""))


class _Postgres:
    """A psycopg connection in autocommit mode, speaking the journal's ``?`` statements."""

    def __init__(self, connection: Any, name: str, secrets: tuple[str, ...]) -> None:
        import psycopg

        self._connection = connection
        self.name = name
        self._secrets = secrets
        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def __repr__(self) -> str:
        return f"<PostgreSQL journal {self.name}>"

    def execute(self, sql: str, values: Sequence[object] = ()) -> Any:
        """A psycopg cursor: the journal's ``Cursor``."""
        try:
            return self._connection.execute(sql.replace("?", "%s"), tuple(values))
        except self.errors as exc:
            raise type(exc)(_scrub(str(exc), self._secrets)) from None

    @contextmanager
    def transaction(self, key: Sequence[object]) -> Iterator[None]:
        with self._connection.transaction():
            self.execute("SELECT pg_advisory_xact_lock(hashtextextended(CAST(? AS TEXT), 0))",
                         (json.dumps(list(key)),))
            yield

    def has_table(self, name: str) -> bool:
        row = self.execute("SELECT to_regclass(CAST(? AS TEXT)) IS NOT NULL", (name,)).fetchone()
        return bool(row and row[0])

    def has_column(self, table: str, column: str) -> bool:
        row = self.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                           "AND table_name = ? AND column_name = ?", (table, column)).fetchone()
        return row is not None

    def clock(self) -> datetime:
        """The server's clock: the one every machine publishing on this journal reads."""
        row = self.execute("SELECT clock_timestamp()").fetchone()
        return row[0].astimezone(timezone.utc)  # type: ignore[no-any-return]

    def close(self) -> None:
        self._connection.close()


def _secrets(url: str) -> tuple[str, ...]:
    """The password as given (in the URL, its query or PGPASSWORD), to take out of any message the server or
    the driver sends back (libpq quotes a malformed part of the URL)."""
    parts = urlsplit(url)
    given = [parts.password, *parse_qs(parts.query).get("password", []), os.environ.get("PGPASSWORD")]
    candidates = {form for text in given if text for form in (text, unquote(text))}
    return tuple(sorted(candidates, key=len, reverse=True))


def _scrub(message: str, secrets: tuple[str, ...]) -> str:
    """The message on one line, without the password."""
    for secret in secrets:
        message = message.replace(secret, "***")
    return " ".join(message.split())
