"""Fixtures named after the domain: an event, a frozen clock, a folder of event files, a PostgreSQL journal,
a headless Chromium."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from radical_social import Event
from tests.browser import Chromium, running_chromium
from tests.postgres_server import Postgres, running_postgres


@pytest.fixture
def event() -> Event:
    return Event.example()


@pytest.fixture
def frozen_now() -> datetime:
    return datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL server for the whole session, started on first use (tests/postgres_server.py)."""
    with running_postgres() as server:
        yield server


@pytest.fixture
def postgres_journal(postgres: Postgres) -> Iterator[str]:
    """The URL of a fresh, empty database on that server, dropped afterwards."""
    import psycopg

    name = f"journal_{uuid.uuid4().hex}"
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres.url(name)
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """A headless Chromium for the whole session, started on first use (tests/browser.py)."""
    with running_chromium() as browser:
        yield browser


@pytest.fixture(autouse=True, scope="session")
def _cache_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    """What runs keep between them (templates, patterns: ``text/compiled.py``) goes to a folder of the
    test session's, not the user's cache; commands the tests start inherit it."""
    import os

    from radical_social.text.compiled import CACHE_VARIABLE, cache_folder

    os.environ[CACHE_VARIABLE] = str(tmp_path_factory.mktemp("cache"))
    cache_folder.cache_clear()
