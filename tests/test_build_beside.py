"""A one-event build makes its poster in a second process, forked before the event file is read: the
same files, notes and errors as in one process, and no process left behind (``kit.beside``).

Each check runs in a new Python: the test run's servers have threads, and a process with threads is
never forked (``workers.forks_safely``), so here the poster would be made in one process anyway."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from radical_social.sources.workers import cpus

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


_WATCHED = """
import os
import sys
from pathlib import Path

from radical_social.kit import build
from radical_social.kit.build import build_files

out = Path({out!r})
events = Path({events!r})
readers = []
reading = build._admitted


def admitted(paths):
    readers.append(open(f"/proc/{{os.getpid()}}/task/{{os.getpid()}}/children").read().split())
    return reading(paths)


def left():
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    return True


build._admitted = admitted
"""
"""A new Python's start: ``out`` and ``events``, ``build_files`` noting in ``readers`` the child
processes of this one each time it reads the files, and ``left()``: whether a child is left."""


def _library(tmp_path: Path, events: Path, **options: object) -> str:
    """``build_files`` of ``events`` with ``options`` (by default, one process per CPU), watched
    (``_WATCHED``), into ``built``."""
    return (_WATCHED.format(out=str(tmp_path / "kits"), events=str(events))
            + f"built = build_files([events], out, now=build._utc_now(), **{ {'jobs': None, **options}!r})\n")


@forking
@two_cpus
def test_the_poster_is_made_by_a_process_forked_before_the_event_is_read(tmp_path: Path) -> None:
    _fresh(_library(tmp_path, EVENTS / "it-tortellini.yaml") + """
assert [len(children) for children in readers] == [1, 1], readers  # read twice: to count, to build
[(kit, folder)] = built[0].saved
assert (folder / "poster.pdf").read_bytes() == kit.poster.data
assert "fpdf" not in sys.modules  # the poster was made there, with fpdf2 loaded there
assert not left()
""")


@forking
@two_cpus
@pytest.mark.parametrize("options", [{"jobs": 1}, {"poster": False}])
def test_no_process_is_forked_for_one_process_or_no_poster(tmp_path: Path, options: dict[str, object]) -> None:
    _fresh(_library(tmp_path, EVENTS / "it-tortellini.yaml", **options) + """
assert readers == [[], []], readers
assert not left()
""")


@forking
@two_cpus
@pytest.mark.parametrize(("content", "kits"), [
    ("[]\n", 0),
    ("- {title: Uno, start: 2027-03-04T20:00+01:00}\n- {title: Due, start: 2027-03-05T20:00+01:00}\n", 2),
    ("title: Uno\nstart: not a date\ntimezone: Europe/Rome\n", 0),
    ("title: [unclosed\n", 0),
    # one kit, but two tasks (the bad event's problems are one): the pool builds the kit, not this process
    ("- {title: Uno, start: 2027-03-04T20:00+01:00}\n- {title: Due, start: not a date}\n", 1),
])
def test_the_process_forked_ahead_is_stopped_when_the_file_has_no_one_event(
        tmp_path: Path, content: str, kits: int) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(content, encoding="utf-8")
    _fresh(_library(tmp_path, events) + f"""
assert len(readers[0]) == 1, readers  # forked, then stopped once the events were counted
assert readers[1:] == [[]], readers
assert sum(len(file.saved) for file in built) == {kits}
assert not left()
""")


@forking
@two_cpus
def test_the_process_forked_ahead_is_stopped_when_the_kits_folder_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "kits").write_text("a file where the folder goes")
    _fresh(_WATCHED.format(out=str(tmp_path / "kits"), events=str(EVENTS / "it-tortellini.yaml")) + """
from radical_social.errors import KitError

try:
    build_files([events], out, jobs=None)
except KitError:
    pass
else:
    raise AssertionError("no error")
assert len(readers) == 1 and len(readers[0]) == 1, readers
assert not left()
""")


_STOPPED = """
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: orphans of the command come here
events = Path({events!r})
os.mkfifo(events)
command = subprocess.Popen([sys.executable, "-m", "radical_social", "build", str(events), "--out", {out!r}],
                           stderr=subprocess.PIPE, text=True)
with open(events, "w") as pipe:  # opened once the command opens it to read
    children = Path(f"/proc/{{command.pid}}/task/{{command.pid}}/children").read_text().split()
    assert len(children) == 1, children  # the poster's process, forked before the file is read
    command.send_signal({signal})
    status = command.wait(timeout=60)
assert status == {status}, (status, command.stderr.read())
try:
    orphan = os.waitpid(-1, os.WNOHANG)
except ChildProcessError:
    pass
else:
    raise AssertionError(f"the poster's process outlived the command: {{orphan}}")
"""
"""``radical-social build`` stopped by ``signal`` while it reads the event file (a named pipe):
the process forked ahead is gone with it, not left to this one, its subreaper."""


@forking
@two_cpus
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="subreapers and /proc are Linux's")
@pytest.mark.parametrize(("signal", "status"), [("signal.SIGTERM", 128 + 15), ("signal.SIGINT", 1)])
def test_a_command_stopped_while_reading_leaves_no_process(tmp_path: Path, signal: str, status: int) -> None:
    _fresh(_STOPPED.format(events=str(tmp_path / "events.yaml"), out=str(tmp_path / "kits"), signal=signal,
                           status=status))


_GONE = """
import os

def gone(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def children():
    return [int(pid) for pid in open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()]
"""
"""Whether ``pid`` is no child of this process any more (ended and reaped), and this process's children."""

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")


@forking
def test_the_work_is_done_in_the_readied_process_which_is_gone_after() -> None:
    _fresh(_GONE + """
from radical_social.kit.beside import Beside

readied = []

with Beside(lambda value: (value, os.getpid(), readied), lambda: readied.append("ready")) as beside:
    beside.give("the event")
    value, child, ready = beside.result()
assert (value, ready) == ("the event", ["ready"]) and readied == []
assert child != os.getpid()
assert gone(child)
""")


@forking
def test_a_process_forked_after_the_child_does_the_work_itself_and_leaves_the_child_be() -> None:
    """A pool's worker inherits the ``Beside`` but not its child: handing the work over from there would wait
    for ever (the child reads until every copy of its pipe is closed)."""
    _fresh(_GONE + """
from radical_social.kit.beside import Beside

with Beside(lambda value: (value, os.getpid())) as beside:
    worker = os.fork()
    if worker == 0:
        beside.give("there")
        done = beside.result() == ("there", os.getpid())
        beside.close()
        os._exit(0 if done else 1)
    assert os.waitpid(worker, 0)[1] == 0
    beside.give("here")
    value, child = beside.result()
assert value == "here" and child not in (os.getpid(), worker)
assert gone(child)
""")


@forking
@linux
def test_a_child_whose_result_is_not_asked_for_is_stopped(tmp_path: Path) -> None:
    _fresh(_GONE + f"""
import time
from pathlib import Path
from radical_social.kit.beside import Beside

noted = Path({str(tmp_path / "pid")!r})

def slow(value):
    noted.write_text(str(os.getpid()))
    time.sleep(60)

try:
    with Beside(slow) as beside:
        beside.give(None)
        while not noted.exists() or not noted.read_text():
            time.sleep(0.01)
        raise KeyError("the build failed meanwhile")
except KeyError:
    pass
assert gone(int(noted.read_text()))
assert children() == []
""")


@forking
@linux
def test_a_child_given_nothing_is_stopped_once_its_beside_is_dropped() -> None:
    _fresh(_GONE + """
import time
from radical_social.kit.beside import Beside

beside = Beside(print, lambda: time.sleep(60))
[child] = children()
beside = None
assert gone(child)
""")


@forking
def test_work_that_fails_there_fails_here_as_it_would() -> None:
    _fresh("""
import os
from radical_social.errors import CardError
from radical_social.kit.beside import Beside

parent = os.getpid()

def failing(paper):
    raise CardError(f"unknown paper {paper!r} in {os.getpid()}")

with Beside(failing) as beside:
    beside.give("B5")
    try:
        beside.result()
    except CardError as error:
        assert str(error) == f"unknown paper 'B5' in {parent}", error
    else:
        raise AssertionError("no error")
""")


@forking
@pytest.mark.parametrize("ready", ["lambda: 1 / 0", "lambda: None"])
def test_a_value_or_result_that_cannot_be_handed_over_is_worked_here(ready: str) -> None:
    _fresh(f"""
import os
from radical_social.kit.beside import Beside

with Beside(lambda value: (lambda: os.getpid()), {ready}) as beside:  # a result pickle cannot take
    beside.give(1)
    made = beside.result()
assert made() == os.getpid()
with Beside(lambda value: (value(), os.getpid()), {ready}) as beside:  # nor a value
    beside.give(lambda: "given")
    assert beside.result() == ("given", os.getpid())
""")


@forking
def test_the_childs_warnings_are_raised_here() -> None:
    _fresh("""
import os
import warnings
from radical_social.errors import MissingGlyphWarning
from radical_social.kit.beside import Beside

def warning(char):
    warnings.warn(MissingGlyphWarning(f"no glyph for {char!r}"), stacklevel=1)
    return os.getpid()

def ready():
    warnings.warn("not raised here: readying is silent")

with warnings.catch_warnings(record=True) as noted, Beside(warning, ready) as beside:
    warnings.simplefilter("always")
    beside.give("ꙮ")
    assert beside.result() != os.getpid()
assert [(type(note.message), str(note.message)) for note in noted] == [(MissingGlyphWarning, "no glyph for 'ꙮ'")]
""")
