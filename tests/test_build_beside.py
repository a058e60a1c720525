"""A one-event build makes its poster in a second process: the same files, notes and errors as in one
process, and no process left behind (``kit.beside``).

Each check runs in a new Python: the test run's servers have threads, and a process with threads is
never forked (``workers.forks_safely``), so here the poster would be made in one process anyway."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from radical_social.kit.build import _poster_beside
from radical_social.sources.workers import cpus, forks_safely

ROOT = Path(__file__).resolve().parent.parent
EVENTS = Path(__file__).parent / "data" / "events"
NOW = "2026-12-01T09:00Z"
forking = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="nothing is forked here")
two_cpus = pytest.mark.skipif(cpus() < 2, reason="the poster goes beside only with a second CPU")


def _files(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _build(tmp_path: Path, name: str, *arguments: str) -> tuple[int, str, str, dict[Path, bytes]]:
    """``radical-social build`` in a new process: its exit status, output and errors (the folder as
    OUT) and the files it wrote."""
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "radical_social", "build", *arguments, "--out", str(out),
                           "--now", NOW], capture_output=True, text=True, cwd=ROOT, timeout=120)
    return (done.returncode, done.stdout.replace(str(out), "OUT"), done.stderr.replace(str(out), "OUT"),
            _files(out) if out.exists() else {})


def _fresh(code: str) -> None:
    """``code`` (which asserts what it checks) run by a new Python, where forking is safe."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr


@forking
@two_cpus
@pytest.mark.parametrize("event", ["it-tortellini.yaml", "en-ramen-emoji.yaml", "de-lesung.yaml",
                                   "en-no-venue-no-link.yaml"])
def test_one_event_kit_is_the_same_with_its_poster_made_beside(tmp_path: Path, event: str) -> None:
    beside = _build(tmp_path, "beside", str(EVENTS / event))
    alone = _build(tmp_path, "alone", str(EVENTS / event), "--jobs", "1")
    assert beside[0] == 0 and any(path.name == "poster.pdf" for path in beside[3])
    assert beside == alone


@forking
@two_cpus
@pytest.mark.parametrize(("title", "language", "note"), [
    ("Poesia أمسية شعرية في المكتبة", "it", "note: the poster cannot set 'أمسيةشعرفالكتب'"),
    ("Leesavond", "nl", "note: no post templates in 'nl'"),
    ("Leesavond أمسية شعرية", "nl", "note: the poster cannot set 'أمسيةشعر'"),  # the page's note comes after
])
def test_a_kit_that_warns_gives_the_same_notes(tmp_path: Path, title: str, language: str, note: str) -> None:
    event = tmp_path / "event.yaml"
    event.write_text(f"title: {title}\nstart: 2027-03-04T20:00\ntimezone: Europe/Rome\nlanguage: {language}\n"
                     "url: https://a.example/1\n", encoding="utf-8")
    beside = _build(tmp_path, "beside", str(event))
    alone = _build(tmp_path, "alone", str(event), "--jobs", "1")
    assert note in beside[2]
    assert beside == alone


@forking
@two_cpus
def test_a_poster_that_fails_is_reported_as_in_one_process(tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("not a picture")
    arguments = [str(EVENTS / "it-tortellini.yaml"), "--no-cards", "--photo", str(tmp_path / "notes.jpg")]
    beside = _build(tmp_path, "beside", *arguments)
    alone = _build(tmp_path, "alone", *arguments, "--jobs", "1")
    assert beside[0] == 1 and "cannot read the photo" in beside[2] and beside[3] == {}
    assert beside == alone


def test_the_poster_goes_beside_only_for_one_event_when_more_processes_may_run() -> None:
    assert _poster_beside(1, None, {}) == (cpus() > 1 and forks_safely())
    assert _poster_beside(1, 2, {"poster": True}) == (cpus() > 1 and forks_safely())
    assert not _poster_beside(1, 1, {})  # --jobs 1: one process
    assert not _poster_beside(1, None, {"poster": False})
    assert not _poster_beside(2, None, {})  # the pool has the CPUs
    assert not _poster_beside(0, None, {})


_GONE = """
import os

def gone(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False
"""
"""Whether ``pid`` is no child of this process any more: ended and reaped."""


@forking
def test_the_call_is_made_in_another_process_which_is_gone_after() -> None:
    _fresh(_GONE + """
from radical_social.kit.beside import Beside

with Beside(os.getpid) as beside:
    child = beside.result()
assert child != os.getpid()
assert gone(child)
""")


@forking
def test_a_child_whose_result_is_not_asked_for_is_stopped(tmp_path: Path) -> None:
    _fresh(_GONE + f"""
import time
from pathlib import Path
from radical_social.kit.beside import Beside

noted = Path({str(tmp_path / "pid")!r})

def slow():
    noted.write_text(str(os.getpid()))
    time.sleep(60)

try:
    with Beside(slow):
        while not noted.exists() or not noted.read_text():
            time.sleep(0.01)
        raise KeyError("the build failed meanwhile")
except KeyError:
    pass
assert gone(int(noted.read_text()))
""")


@forking
def test_a_call_that_fails_there_fails_here_as_it_would() -> None:
    _fresh("""
import os
from radical_social.errors import CardError
from radical_social.kit.beside import Beside

parent = os.getpid()

def failing():
    raise CardError(f"unknown paper 'B5' in {os.getpid()}")

with Beside(failing) as beside:
    try:
        beside.result()
    except CardError as error:
        assert str(error) == f"unknown paper 'B5' in {parent}", error
    else:
        raise AssertionError("no error")
""")


@forking
def test_a_result_that_cannot_be_handed_back_is_made_here() -> None:
    _fresh("""
import os
from radical_social.kit.beside import Beside

with Beside(lambda: (lambda: os.getpid())) as beside:
    made = beside.result()
assert made() == os.getpid()
""")


@forking
def test_the_childs_warnings_are_raised_here() -> None:
    _fresh("""
import os
import warnings
from radical_social.errors import MissingGlyphWarning
from radical_social.kit.beside import Beside

def warning():
    warnings.warn(MissingGlyphWarning("no glyph for 'ꙮ'"), stacklevel=1)
    return os.getpid()

with warnings.catch_warnings(record=True) as noted, Beside(warning) as beside:
    warnings.simplefilter("always")
    assert beside.result() != os.getpid()
assert [(type(note.message), str(note.message)) for note in noted] == [(MissingGlyphWarning, "no glyph for 'ꙮ'")]
""")
