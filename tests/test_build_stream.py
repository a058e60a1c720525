"""Building many kits: each saved as it is made, on several processes, the same bytes as on one,
and one event's trouble never costs the others their kits."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social import build_files, build_kits, iter_build_files, load_events, repeated_sentences
from radical_social.cli import main
from radical_social.posts.linting import SentenceTally
from radical_social.sources import workers as workers_module

EVENTS = sorted((Path(__file__).parent / "data" / "events").glob("*.yaml"))
NOW = "2026-12-01T09:00Z"
WIDE_TITLE = "Serata di giochi da tavolo, di carte e di ruolo per grandi e piccoli: 桌游之夜 con la ludoteca"
"""No GSM-7 spelling: the SMS is UCS-2, and cannot hold it."""


def _files(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_two_processes_write_the_very_bytes_one_does(tmp_path: Path) -> None:
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        result = CliRunner().invoke(main, ["build", *map(str, EVENTS), "--out", str(out), "--now", NOW,
                                           "--jobs", jobs])
        assert result.exit_code == 0, result.stderr
        runs[jobs] = result.stdout.replace(str(out), "OUT"), _files(out)
    summaries, files = runs["1"]
    assert len({path.parts[0] for path in files}) == len(EVENTS)
    assert any(path.suffix == ".png" for path in files) and any(path.name == "poster.pdf" for path in files)
    assert runs["2"] == (summaries, files)


def test_each_kit_is_on_disk_before_the_next_is_built(tmp_path: Path, frozen_now: datetime) -> None:
    builds = iter_build_files(EVENTS[:3], tmp_path, now=frozen_now, cards=False, poster=False)
    assert len(builds) == 3 and list(tmp_path.iterdir()) == []
    for count, built in enumerate(builds, start=1):
        assert built.folder is not None and (built.folder / "kit.json").is_file()
        assert len(list(tmp_path.iterdir())) == count


def test_a_kit_that_fails_costs_no_other_kit(tmp_path: Path, frozen_now: datetime) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n"
        "  - {title: Prima serata, start: 2027-03-04T20:00, timezone: Europe/Rome, url: 'https://a.example/1'}\n"
        f"  - {{title: '{WIDE_TITLE}', start: 2027-03-05T20:00, timezone: Europe/Rome, url: 'https://a.example/2'}}\n"
        "  - {title: Senza data}\n"
        "  - {title: Prima serata, start: 2027-03-04T21:00, timezone: Europe/Rome, url: 'https://a.example/4'}\n"
        "  - {title: Terza serata, start: 2027-03-06T20:00, timezone: Europe/Rome, url: 'https://a.example/1'}\n"
        "  - {title: Quarta serata, start: 2027-03-07T20:00, timezone: Europe/Rome, url: 'https://a.example/5'}\n",
        encoding="utf-8")
    (result,) = build_files([events], tmp_path / "kits", strict=True, jobs=2, now=frozen_now, channels=["sms"],
                            cards=False, poster=False)
    assert [kit.event.title for kit, _ in result.saved] == ["Prima serata", "Quarta serata"]
    assert sorted(path.name for path in (tmp_path / "kits").iterdir()) == [
        "2027-03-04-prima-serata", "2027-03-07-quarta-serata"]
    long, undated, same_folder, same_uid = result.problems
    assert long.startswith("events.yaml: events[1]: ") and "SMS" in long
    assert undated == "events.yaml: events[2].start: is required"
    assert same_folder.startswith("events.yaml: events[3]: its kit folder '2027-03-04-prima-serata'")
    assert same_uid.startswith("events.yaml: events[4].uid: ")
    assert "is also the UID of events.yaml: events[0]" in same_uid


def test_a_file_that_cannot_be_read_is_reported_in_its_place(tmp_path: Path, frozen_now: datetime) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("events: [\n", encoding="utf-8")
    builds = list(iter_build_files([broken, EVENTS[0]], tmp_path / "kits", now=frozen_now, cards=False, poster=False))
    assert [(built.path, built.kit is None) for built in builds] == [(broken, True), (EVENTS[0], False)]
    assert builds[0].problems[0].startswith("broken.yaml")


def test_repeated_sentences_are_found_across_files_as_build_kits_finds_them(
    tmp_path: Path, frozen_now: datetime
) -> None:
    pitch = "Portate il vostro gioco preferito e noi mettiamo i tavoli"
    for n in range(1, 5):
        (tmp_path / f"{n}.yaml").write_text(
            f"title: Serata {n}\nstart: 2027-03-0{n}T20:00\ntimezone: Europe/Rome\nlanguage: it\nurl: https://l.example/{n}\n"
            f"description: Giochi da tavolo numero {n}. {pitch if n != 2 else 'Altro.'}\n", encoding="utf-8")
    files = sorted(tmp_path.glob("*.yaml"))
    streamed = [built.kit for built in iter_build_files(files, tmp_path / "kits", jobs=2, now=frozen_now,
                                                         cards=False, poster=False)]
    in_memory = build_kits(load_events(*files), now=frozen_now, cards=False, poster=False)
    assert [kit.findings if kit else None for kit in streamed] == [kit.findings for kit in in_memory]
    assert [[f.rule for f in kit.findings].count("repeated-sentence") for kit in in_memory] == [1, 0, 1, 1]


def test_spawned_workers_build_the_same_kits(
    tmp_path: Path, frozen_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is missing (Windows, macOS) the options reach the workers pickled."""
    one = _built(iter_build_files(EVENTS[:3], tmp_path / "one", now=frozen_now, poster=False, jobs=1))
    monkeypatch.setattr(workers_module, "_context", lambda: multiprocessing.get_context("spawn"))
    two = _built(iter_build_files(EVENTS[:3], tmp_path / "two", now=frozen_now, poster=False, jobs=2))
    assert _files(tmp_path / "one") == _files(tmp_path / "two") and one == two


def _built(builds: object) -> list[str]:
    return [built.kit.slug for built in builds if built.kit]  # type: ignore[attr-defined]


_SENTENCES = ["Portate il vostro gioco preferito stasera", "Bring your own board game tonight please",
              "Apportez votre jeu de société préféré ce soir", "Short one.", "Il forno è già acceso da ore"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SENTENCES), max_size=4), max_size=8), st.integers(1, 4))
def test_a_tally_counts_what_repeated_sentences_finds(picks: list[list[str]], min_texts: int) -> None:
    texts = [". ".join(sentences) for sentences in picks]
    tally = SentenceTally()
    for text in texts:
        tally.add(text)
    found = repeated_sentences(texts, min_texts=min_texts)
    for index, text in enumerate(texts):
        assert tally.repeats(text, min_texts) == [(repeat.sentence, len(repeat.texts)) for repeat in found
                                                  if index in repeat.texts]
    expected = {sentence for sentence in _SENTENCES[:3] + _SENTENCES[4:]
                if sum(sentence in text for text in texts) >= min_texts}
    assert {repeat.sentence for repeat in found} == expected


_BAR_SCRIPT = """
import sys, time
from radical_social.cli import _progress
with _progress(3, "kits") as lines:
    for number in range(3):
        time.sleep(1.2)  # past the bar's two seconds of delay
        lines.out(f"kit {number}")
        lines.err(f"problem {number}")
        lines.advance()
"""


def _with_stderr_on_a_terminal(code: str) -> tuple[str, str]:
    """What ``code`` prints on standard output (a pipe) and on standard error (a terminal)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # as a terminal window has
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=follower, text=True,
                               cwd=Path(__file__).parent.parent)
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is closed: the process has ended
            break
        if not chunk:
            break
        terminal += chunk
    out = process.communicate()[0]
    os.close(leader)
    return out, terminal.decode("utf-8", "replace")


def test_a_terminal_gets_a_progress_bar_and_every_line_and_a_pipe_only_the_lines() -> None:
    out, terminal = _with_stderr_on_a_terminal(_BAR_SCRIPT)
    assert out.splitlines() == ["kit 0", "kit 1", "kit 2"]
    assert all(f"problem {number}" in terminal for number in range(3))
    assert "/3" in terminal and "kits" in terminal  # tqdm's "2/3 [00:02<00:01, … kits/s]"
    piped = subprocess.run([sys.executable, "-c", _BAR_SCRIPT], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).parent.parent)
    assert piped.stdout == out and piped.stderr.splitlines() == ["problem 0", "problem 1", "problem 2"]


def test_the_how_tos_dask_script_builds_the_kits_build_does(tmp_path: Path) -> None:
    """docs/how-to/build-on-several-machines.md: its script, as written, on a LocalCluster of two processes."""
    import re
    import shutil

    how_to = (Path(__file__).parent.parent / "docs" / "how-to" / "build-on-several-machines.md").read_text("utf-8")
    (script,) = re.findall(r"```python\n(.*?)```", how_to, re.DOTALL)
    (tmp_path / "build_kits.py").write_text(script, encoding="utf-8")
    for name, source in (("season.yaml", EVENTS[0]), ("events.yaml", EVENTS[1])):
        shutil.copy(source, tmp_path / name)
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    done = subprocess.run([sys.executable, "build_kits.py"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env=environment)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "2 kits"
    build_files([tmp_path / "season.yaml", tmp_path / "events.yaml"], tmp_path / "here",
                now=datetime.fromisoformat("2027-01-01T09:00+00:00"))
    assert _files(tmp_path / "kits") == _files(tmp_path / "here")
