"""The example event's plan (``Event.example()``, built at ``BUILT``), as the publishing tests run it."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from radical_social import RetryPolicy

BUILT = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
ANNOUNCE = datetime(2026, 12, 26, 9, 0, tzinfo=timezone.utc)  # 10:00 in Rome
REMINDER = datetime(2027, 1, 9, 17, 0, tzinfo=timezone.utc)
LAST_CALL = datetime(2027, 1, 15, 9, 0, tzinfo=timezone.utc)
START = datetime(2027, 1, 16, 17, 0, tzinfo=timezone.utc)
QUICK = RetryPolicy(attempts=3, max_wait=2, backoff=0.05, timeout=5, processing=10)
"""Retries short enough for a test: a few attempts, waits of at most two seconds."""
ROOT = Path(__file__).resolve().parent.parent
