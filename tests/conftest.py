"""Fixtures named after the domain: an event, a frozen clock, a folder of event files."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from radical_social import Event


@pytest.fixture
def event() -> Event:
    return Event.example()


@pytest.fixture
def frozen_now() -> datetime:
    return datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
