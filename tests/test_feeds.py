"""Feeds from event files on several processes: the same bytes and the same problems as one process."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from parsers import parse_with_all

from radical_social import EventError, KitError, TemplateError, iter_events, write_feed
from radical_social.calendar import feeds as feeds_module
from radical_social.calendar import invites
from radical_social.calendar.feeds import write_feed_from_files
from radical_social.sources import files as loading
from radical_social.sources import workers as workers_module
from radical_social.sources.files import records

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of about 7 events (JSON Lines in blocks of about 1,000 bytes: 3 or 4 lines), so a few dozen events make
    many chunks in flight at once."""
    monkeypatch.setattr(feeds_module, "CHUNK", 7)
    monkeypatch.setattr(loading, "_BLOCK", 1000)


def event_line(number: int, **changes: object) -> str:
    data = {"title": f"Serata {number}, con musica; e poesia 🎻", "description": f"Numero {number}\nA presto.",
            "start": f"2027-{1 + number % 12:02d}-{1 + number % 28:02d}T{18 + number % 4}:30",
            "timezone": ("Europe/Rome", "America/New_York", "Asia/Kolkata")[number % 3],
            "url": f"https://circolo.example/serate/{number}", "venue": {"name": "Circolo", "city": "Bologna"},
            **changes}
    return json.dumps(data, ensure_ascii=False) + "\n"


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def event_files(tmp_path: Path) -> list[Path]:
    first = write_lines(tmp_path / "primo.jsonl", [event_line(n) for n in range(40)])
    second = write_lines(tmp_path / "secondo.jsonl", [event_line(n) for n in range(40, 75)])
    return [first, second]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_the_feed_is_byte_for_byte_the_one_process_feed(tmp_path: Path, event_files: list[Path], jobs: int) -> None:
    expected, out = tmp_path / "expected.ics", tmp_path / "feed.ics"
    assert write_feed(iter_events(*event_files), expected, name="Circolo", now=NOW) == 75
    assert len(list(feeds_module._chunks(feeds_module._items(event_files)))) > 10
    assert write_feed_from_files(event_files, out, name="Circolo", now=NOW, jobs=jobs) == 75
    assert out.read_bytes() == expected.read_bytes()
    for parsed in parse_with_all(out.read_bytes()):
        assert len(parsed.events) == 75


def yaml_list(path: Path, items: list[str]) -> Path:
    """An ``events:`` list, indented, of items given as JSON (flow YAML) or as block YAML (starting ``- ``)."""
    lines = [(item if item.startswith("- ") else f"- {item}").rstrip("\n") + "\n" for item in items]
    path.write_text("events:\n" + "".join("".join(f"  {line}" for line in item.splitlines(keepends=True))
                                          for item in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_a_yaml_list_read_in_parts_on_the_workers_is_the_feed_of_its_json_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    monkeypatch.setattr(loading, "_YAML_ITEMS", 4)
    lines = [event_line(n) for n in range(30)]
    listed = yaml_list(tmp_path / "serate.yaml", lines)
    assert len([unit for unit in loading.units([listed], []) if isinstance(unit, loading.YamlPart) and unit.text]) == 8
    expected, out = tmp_path / "expected.ics", tmp_path / "feed.ics"
    write_feed_from_files([write_lines(tmp_path / "serate.jsonl", lines)], expected, name="Circolo", now=NOW, jobs=1)
    assert write_feed_from_files([listed], out, name="Circolo", now=NOW, jobs=jobs) == 30
    assert out.read_bytes() == expected.read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_problems_of_a_yaml_list_read_in_parts_are_those_of_the_file_streamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """A bad event, a key given twice in a later part, a quoted text running over a line that looks like an item
    (the part before it is read with the rest of the file, the parts after it left out), invalid YAML at the end."""
    monkeypatch.setattr(loading, "_YAML_ITEMS", 4)
    items = [event_line(n).rstrip("\n") for n in range(30)]
    items[2] = event_line(2, start="presto").rstrip("\n")
    items[9] = items[9].replace('"title"', '"title": "Bis", "title"')
    items[14] = '- title: "Serata 14,\n- e poesia"\n  start: 2027-03-01T18:30\n  timezone: Europe/Rome\n'
    items[26] = "- title: [Serata 26\n"
    listed = yaml_list(tmp_path / "serate.yaml", items)
    parts = [unit for unit in loading.units([listed], []) if isinstance(unit, loading.YamlPart)]
    assert [part.read()[1] for part in parts] == [False, False, False, True, False, False, True, False]
    with monkeypatch.context() as streaming:
        streaming.setattr(loading, "records", lambda sources, problems: records(sources, problems, cut=False))
        with pytest.raises(EventError) as streamed:
            list(iter_events(listed))
    assert [(problem.path, problem.message[:35]) for problem in streamed.value.problems] == [
        ("serate.yaml: events[2].start", "'presto' is not a date like 2027-01"),
        ("serate.yaml", "invalid YAML at line 11, column 22:"), ("serate.yaml", "invalid YAML at line 32, column 5: ")]
    with pytest.raises(EventError) as one_process:
        list(iter_events(listed))
    with pytest.raises(EventError) as on_workers:
        write_feed_from_files([listed], tmp_path / "feed.ics", name="Circolo", now=NOW, jobs=jobs)
    assert on_workers.value.problems == one_process.value.problems == streamed.value.problems


def test_the_clock_is_read_once_and_travels_to_the_workers(tmp_path: Path, event_files: list[Path]) -> None:
    writer = invites.VEventWriter(None, invites.DEFAULT_ALARM, None)
    time.sleep(1.05 - time.time() % 1)  # into the next second: a worker reading its own clock would differ
    assert pickle.loads(pickle.dumps(writer)).stamp == writer.stamp
    out = tmp_path / "feed.ics"
    write_feed_from_files(event_files, out, name="Circolo", jobs=2)
    assert len({line for line in out.read_bytes().split(b"\r\n") if line.startswith(b"DTSTAMP:")}) == 1


def test_every_problem_is_reported_in_file_order_and_nothing_is_written(tmp_path: Path) -> None:
    lines = [event_line(n) for n in range(30)]
    lines[3] = event_line(3, start="presto")
    lines[11] = "{not json\n"
    lines[12] = "\n"  # blank lines are skipped, not problems
    lines[20] = event_line(20, url="https://circolo.example/serate/2")  # the UID derived from line 3's url
    lines[25] = event_line(25, venue={"name": "Circolo", "lat": 91, "lon": 0})
    first = write_lines(tmp_path / "primo.jsonl", lines)
    second = write_lines(tmp_path / "secondo.jsonl", [event_line(5), event_line(40, title="")])
    missing = tmp_path / "manca.jsonl"
    sources = [first, missing, second]
    with pytest.raises(EventError) as one_process:
        list(iter_events(*sources))
    out = tmp_path / "feed.ics"
    with pytest.raises(EventError) as many_processes:
        write_feed_from_files(sources, out, name="Circolo", now=NOW, jobs=2)
    assert many_processes.value.problems == one_process.value.problems
    assert [problem.path for problem in many_processes.value.problems] == [
        "primo.jsonl: line 4: start", "primo.jsonl: line 12", "primo.jsonl: line 21: uid",
        "primo.jsonl: line 26: venue.lat", "manca.jsonl", "secondo.jsonl: line 1: uid", "secondo.jsonl: line 2: title",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["primo.jsonl", "secondo.jsonl"]


def test_many_duplicate_uids_are_all_named_and_each_chunk_is_indexed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file where every event derives the same UID: each later line is a problem, and finding its
    record again costs one index of its chunk, not a walk through the chunk for each line."""
    same = write_lines(tmp_path / "uguali.jsonl", [event_line(1) for _ in range(60)])
    indexed: list[int] = []
    index = feeds_module._records_by_place
    monkeypatch.setattr(feeds_module, "_records_by_place", lambda chunk: indexed.append(1) or index(chunk))
    with pytest.raises(EventError) as caught:
        write_feed_from_files([same], tmp_path / "feed.ics", name="x", now=NOW, jobs=1)
    assert [problem.path for problem in caught.value.problems] == [f"uguali.jsonl: line {n}: uid" for n in range(2, 61)]
    assert "derived from the same url" in caught.value.problems[0].message
    assert len(indexed) == len(list(feeds_module._chunks(feeds_module._items([same])))) > 10


def test_a_broken_template_stops_the_feed_and_leaves_nothing(tmp_path: Path, event_files: list[Path]) -> None:
    templates = tmp_path / "templates"
    (templates / "invite").mkdir(parents=True)
    (templates / "invite" / "description.txt.j2").write_text("{{ event.nope }}", encoding="utf-8")
    out = tmp_path / "feed.ics"
    out.write_bytes(b"the old feed")
    with pytest.raises(TemplateError, match="nope"):
        write_feed_from_files(event_files, out, name="Circolo", now=NOW, templates=templates, jobs=2)
    assert out.read_bytes() == b"the old feed"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["feed.ics", "primo.jsonl", "secondo.jsonl", "templates"]


def test_workers_that_are_spawned_write_the_same_feed(
    tmp_path: Path, event_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is missing (Windows, macOS) the writer reaches the workers pickled, as its settings."""
    monkeypatch.setattr(workers_module, "_context", lambda: multiprocessing.get_context("spawn"))
    expected, out = tmp_path / "expected.ics", tmp_path / "feed.ics"
    write_feed_from_files(event_files, expected, name="Circolo", now=NOW, jobs=1)
    write_feed_from_files(event_files, out, name="Circolo", now=NOW, jobs=2)
    assert out.read_bytes() == expected.read_bytes()


def test_a_process_with_threads_is_never_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert workers_module._context().get_start_method() != "fork"
    finally:
        stop.set()
        thread.join()


def test_a_worker_that_dies_is_reported_and_leaves_nothing(
    tmp_path: Path, event_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers_module, "_work", _die)
    out = tmp_path / "feed.ics"
    with pytest.raises(KitError, match="worker process stopped"):
        write_feed_from_files(event_files, out, name="Circolo", now=NOW, jobs=2)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["primo.jsonl", "secondo.jsonl"]


def _die(chunk: object) -> None:
    os._exit(9)  # as the kernel's out-of-memory killer would


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _gone(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")
@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_feed_leaves_no_workers_behind(tmp_path: Path, kill: signal.Signals) -> None:
    events = write_lines(tmp_path / "many.jsonl", [event_line(n, uid=f"serata-{n}") for n in range(40_000)])
    out = tmp_path / "feed.ics"
    command = subprocess.Popen([sys.executable, "-m", "radical_social", "feed", str(events), "--out", str(out),
                                "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while len(workers := _children(command.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers never started"
    command.send_signal(kill)
    command.communicate(timeout=30)
    try:
        assert _gone(workers, 10), "workers outlived the command"
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    if kill == signal.SIGTERM:  # a polite kill also cleans up, as Ctrl-C does
        assert command.returncode == 128 + signal.SIGTERM
        assert sorted(path.name for path in tmp_path.iterdir()) == ["many.jsonl"]
        return
    # kill -9 cannot be cleaned up after: the scratch files stay until a later run in the folder finds them stale.
    left = [path for path in tmp_path.iterdir() if path.name.startswith(".feed.ics.")]
    assert left, "kill -9 left no scratch files: nothing to clean up"
    an_hour_ago = time.time() - 3600
    for path in left:
        os.utime(path, (an_hour_ago, an_hour_ago))
    small = write_lines(tmp_path / "few.jsonl", [event_line(n, uid=f"serata-{n}") for n in range(3)])
    done = subprocess.run([sys.executable, "-m", "radical_social", "feed", str(small), "--out", str(out)],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["feed.ics", "few.jsonl", "many.jsonl"]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals are held with pthread_sigmask")
def test_a_polite_kill_while_the_workers_are_forked_ends_the_feed(tmp_path: Path) -> None:
    """SIGTERM the moment the second worker is forked, before the pool starts the thread that stops its workers
    (a busy machine delivers it there now and then): held until then, it still ends the command and cleans up,
    where it used to leave the interpreter's exit waiting for workers that were waiting for work."""
    events = write_lines(tmp_path / "many.jsonl", [event_line(n, uid=f"serata-{n}") for n in range(2000)])
    script = ("import multiprocessing.process as process, os, signal\n"
              "start = process.BaseProcess.start\n"
              "def start_then_term(self):\n"
              "    start(self)\n"
              "    if len(process.active_children()) == 2:\n"
              "        os.kill(os.getpid(), signal.SIGTERM)\n"
              "process.BaseProcess.start = start_then_term\n"
              "from radical_social.cli import main\n"
              "main()\n")
    done = subprocess.run([sys.executable, "-c", script, "feed", str(events), "--out", str(tmp_path / "feed.ics"),
                           "--jobs", "2"], capture_output=True, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["many.jsonl"]


def test_jobs_must_be_one_or_more(tmp_path: Path, event_files: list[Path]) -> None:
    with pytest.raises(ValueError, match="jobs must be 1 or more"):
        write_feed_from_files(event_files, tmp_path / "feed.ics", name="Circolo", jobs=0)
