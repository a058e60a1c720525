"""The publish command as cron runs it: nothing due (every few minutes), and two posts due.

    python bench/bench_publish.py            # best of 7
    python bench/bench_publish.py --quick    # best of 3

``bench/run.py`` calls ``rows()``. Each run is a fresh ``python -m radical_social publish`` process
on two saved kits, and again on one event file holding the same two events (JSON Lines; their
planning time already in the journal, as after the first cron run that saw them). The two posts go
to the Mastodon double of the tests (tests/mastodon_server.py) on 127.0.0.1, with a new journal each
time and the double's idempotency keys forgotten, so each run really posts. The baseline is the
command's own start-up (``--version``). When the test Bluesky server is installed (``.ci/run``),
the same two posts go to a real PDS on 127.0.0.1 (tests/bluesky_server.py), a new account each run.
When Debian's PostgreSQL is installed, both runs again with the journal in PostgreSQL
(tests/postgres_server.py), a new database each run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from timing import Row, best_of

from radical_social import Event, build

ROOT = Path(__file__).resolve().parent.parent
BUILT = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
ANNOUNCE = "2026-12-26T10:05+01:00"


def rows(quick: bool = False) -> list[Row]:
    sys.path.insert(0, str(ROOT))
    from tests.mastodon_server import TOKEN, running_mastodon

    runs = 3 if quick else 7
    example = Event.example()
    pairs = (example, replace(example, title="Laboratorio di tortellini", uid="tortellini@bench"))
    with tempfile.TemporaryDirectory() as folder, running_mastodon() as server:
        kits = [str(build(event, now=BUILT, channels=["mastodon"], poster=False).save(folder)) for event in pairs]
        env = {**os.environ, "RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN}
        journals = (str(Path(folder) / f"journal-{number}.sqlite3") for number in range(1000))

        def command(*args: str) -> None:
            subprocess.run([sys.executable, "-m", "radical_social", *args], check=True, env=env, cwd=ROOT,
                           capture_output=True)

        def publish(now: str) -> None:
            server.idempotency.clear()  # else the double answers with the statuses the last run made
            command("publish", *kits, "--mastodon", server.url, "--now", now, "--journal", next(journals))

        start_up = best_of(runs, lambda: command("--version"))
        idle = best_of(runs, lambda: publish("2026-12-20T09:00+01:00"))
        posted = len(server.statuses)
        busy = best_of(runs, lambda: publish(ANNOUNCE))
        assert len(server.statuses) == posted + 2 * runs, "each run posts the two due posts"
        events = Path(folder) / "events.jsonl"
        events.write_text("".join(json.dumps(event.to_mapping()) + "\n" for event in pairs), encoding="utf-8")
        planned = iter([planned_journal(Path(folder) / f"planned-{n}.sqlite3", pairs) for n in range(2 * runs)])

        def publish_events(now: str) -> None:
            server.idempotency.clear()
            command("publish", str(events), "--mastodon", server.url, "--channels", "mastodon", "--now", now,
                    "--journal", next(planned))

        idle_events = best_of(runs, lambda: publish_events("2026-12-20T09:00+01:00"))
        posted = len(server.statuses)
        busy_events = best_of(runs, lambda: publish_events(ANNOUNCE))
        assert len(server.statuses) == posted + 2 * runs, "each run posts the two due posts"
    version = f"--version {start_up * 1000:.0f} ms"
    found = [("publish, nothing due", f"{idle * 1000:.0f} ms", version, "< 300 ms"),
             ("publish, two posts due (with cards)", f"{busy * 1000:.0f} ms", version, "a second or so"),
             ("publish, nothing due, from an event file", f"{idle_events * 1000:.0f} ms", version, "< 300 ms"),
             ("publish, two posts due, from an event file (cards made)", f"{busy_events * 1000:.0f} ms", version,
              "a second or so")]
    return found + bluesky_rows(runs, start_up) + postgres_rows(runs, start_up, kits_of=example)


def planned_journal(path: Path, events: Iterable[Event]) -> str:
    """A journal holding the events' planning time (``BUILT``), as the first cron run that saw them leaves it."""
    from radical_social.delivery.journal import StateStore

    with StateStore(path) as journal:
        for event in events:
            journal.plan_time(event.uid, event.sequence, BUILT)
    return str(path)


def bluesky_rows(runs: int, start_up: float) -> list[Row]:
    """Two posts due on a real PDS, when it is installed; none otherwise."""
    from tests.bluesky_server import installed, running_pds

    if not installed():
        return []
    example = Event.example()
    with tempfile.TemporaryDirectory() as folder, running_pds() as pds:
        kits = [str(build(event, now=BUILT, channels=["bluesky"], poster=False).save(folder)) for event in (
            example, replace(example, title="Laboratorio di tortellini", uid="tortellini@bench"))]
        handles = iter([pds.create_account(f"bench{number}") for number in range(runs)])

        def publish() -> None:
            handle = next(handles)
            subprocess.run([sys.executable, "-m", "radical_social", "publish", *kits, "--bluesky", pds.url,
                            "--bluesky-handle", handle, "--now", ANNOUNCE, "--journal", str(Path(folder) / handle)],
                           check=True, cwd=ROOT, capture_output=True,
                           env={**os.environ, "RADICAL_SOCIAL_BLUESKY_PASSWORD": pds.passwords[handle]})
            assert len(pds.posts(handle)) == 2, "each run posts the two due posts"

        busy = best_of(runs, publish)
    return [("publish, two posts due on Bluesky (a real PDS)", f"{busy * 1000:.0f} ms",
             f"--version {start_up * 1000:.0f} ms", "a second or so")]


def postgres_rows(runs: int, start_up: float, kits_of: Event) -> list[Row]:
    """Nothing due and two posts due with the journal in PostgreSQL, when it is installed; none otherwise."""
    import psycopg

    from tests.mastodon_server import TOKEN, running_mastodon
    from tests.postgres_server import binaries, running_postgres

    if binaries() is None:
        return []
    with (tempfile.TemporaryDirectory() as folder, running_mastodon() as server, running_postgres() as postgres,
          psycopg.connect(postgres.url(), autocommit=True) as admin):
        kits = [str(build(event, now=BUILT, channels=["mastodon"], poster=False).save(folder)) for event in (
            kits_of, replace(kits_of, title="Laboratorio di tortellini", uid="tortellini@bench"))]
        numbers = iter(range(1000))

        def publish(now: str) -> None:
            database = f"journal_{next(numbers)}"
            admin.execute(f"CREATE DATABASE {database}")
            server.idempotency.clear()
            subprocess.run([sys.executable, "-m", "radical_social", "publish", *kits, "--mastodon", server.url,
                            "--now", now, "--journal", postgres.url(database)], check=True, cwd=ROOT,
                           capture_output=True, env={**os.environ, "RADICAL_SOCIAL_MASTODON_TOKEN": TOKEN})

        idle = best_of(runs, lambda: publish("2026-12-20T09:00+01:00"))
        busy = best_of(runs, lambda: publish(ANNOUNCE))
        assert len(server.statuses) == 2 * runs, "each run posts the two due posts"
    return [("publish, nothing due, journal in PostgreSQL", f"{idle * 1000:.0f} ms",
             f"--version {start_up * 1000:.0f} ms", "< 300 ms"),
            ("publish, two posts due, journal in PostgreSQL", f"{busy * 1000:.0f} ms",
             f"--version {start_up * 1000:.0f} ms", "a second or so")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    for row in rows(quick=parser.parse_args().quick):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
