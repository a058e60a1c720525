"""Every example in the README and the docs runs as written.

Each document is played in order in an empty folder: a YAML, TOML or CSV block whose paragraph names
a file (``Create `reading.yaml`:``) is written to that file, other event blocks are built; Python
blocks run in one namespace per document; each ``radical-social …`` line of a shell block runs
through the CLI and must succeed (``lint`` may exit 1: it found what it was shown). A block preceded
by ``<!-- docs-test: skip: REASON -->`` is not run; the reason says why (a server elsewhere, a
placeholder), and the servers' own tests run the same calls for real.
The notebook tutorial, docs/tutorial-notebook.py, is run by tests/test_docs_site.py.
"""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from radical_social import Event, build
from radical_social.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_FENCE = re.compile(r"^( *)```(\w+)\n(.*?)^ *```$", re.MULTILINE | re.DOTALL)
_SKIP = re.compile(r"<!-- docs-test: skip: ([^>]+?) -->\s*$")
_FILE_NAME = re.compile(r"`([\w./-]+\.(?:yaml|yml|toml|csv|json|jsonl|txt|j2))`")
_NOT_CLI = ("python3 ", "bash ", "source ", ".venv/", "cat ", "read ", "export ", "cd ")
EVENT = """\
title: Reading night
start: 2027-02-12T19:30
timezone: Europe/Rome
language: en
url: https://example.org/reading-night
venue: {name: Biblioteca civica, city: Salò}
"""
FIXTURES = {
    # Files the docs use without showing them: small, valid stand-ins.
    "events.yaml": EVENT,
    "season.yaml": "events:\n  - " + EVENT.replace("\n", "\n    ").rstrip() + "\n  - "
                   + EVENT.replace("12T", "19T").replace("night\n", "night-2\n").replace("\n", "\n    ").rstrip()
                   + "\n",
    "post.txt": "Reading night, 12 February, 19:30, Biblioteca civica. https://example.org/reading-night\n",
    "people.csv": "email,name\nanna@example.org,Anna\n",
    "event.yaml": EVENT,
    "laboratorio.yaml": EVENT,
}


def _blocks(path: Path) -> Iterator[tuple[str, str, str, str | None]]:
    """(language, code, the prose just before, the skip reason or None) for each fenced block."""
    text = path.read_text(encoding="utf-8")
    last = 0
    for match in _FENCE.finditer(text):
        before = text[last:match.start()]
        skip = _SKIP.search(before)
        code = textwrap.dedent(match.group(1) + match.group(3))  # a block indented in a list item
        yield match.group(2), code, before.strip().split("\n\n")[-1], skip.group(1) if skip else None
        last = match.end()


def _write_fixtures(folder: Path) -> None:
    from PIL import Image

    for name, content in FIXTURES.items():
        (folder / name).write_text(content, encoding="utf-8")
    Image.new("RGB", (800, 600), (90, 120, 140)).save(folder / "lake.jpg")
    build(Event.from_mapping(yaml.safe_load(EVENT)), cards=False, poster=False)  # warm caches once
    from radical_social.calendar.invites import invite

    (folder / "calendar.ics").write_bytes(invite(Event.from_mapping(yaml.safe_load(EVENT))))


def _run_shell(block: str, runner: CliRunner) -> None:
    for line in block.replace("\\\n", " ").splitlines():  # a line continued with a backslash
        command = re.sub(r"\s+#.*$", "", line).strip()
        if not command or command.startswith(_NOT_CLI):
            continue
        stdin = None
        if command.startswith("echo ") and "| radical-social" in command:
            said, command = command.split("|", 1)
            stdin = shlex.split(said)[1] + "\n"
            command = command.strip()
        args = [name for arg in shlex.split(command) for name in _expanded(arg)]
        assert args[0] == "radical-social", f"not a command the docs test knows: {line!r}"
        if _reaches_a_server(args):
            _parse_only(args)
            continue
        result = runner.invoke(main, args[1:], input=stdin)
        allowed = (0, 1) if args[1] == "lint" else (0,)
        assert result.exit_code in allowed, f"{line}\n{result.output}\n{result.stderr}\n{result.exception!r}"


def _expanded(arg: str) -> list[str]:
    """``kits/*`` as a shell expands it: the matching paths (relative to the folder), else as written."""
    if "*" not in arg:
        return [arg]
    return sorted(str(path) for path in Path().glob(arg)) or [arg]


def _reaches_a_server(args: list[str]) -> bool:
    """Commands that talk to a mail, calendar, Mastodon or PostgreSQL server, or fetch a URL: tests/test_mailing.py,
    test_caldav.py, test_importing.py, test_publishing.py and test_journal_postgres.py run them against servers
    on 127.0.0.1."""
    return (args[1] in ("send-invites", "caldav") or (args[1] == "import" and "://" in args[2])
            or (args[1] == "publish" and ("--mastodon" in args or any("postgresql://" in arg for arg in args))))


def _parse_only(args: list[str]) -> None:
    """Check that the command and its options parse as written (files exist, values convert)."""
    command = main.commands[args[1]]
    command.make_context(args[1], args[2:])


def _check_data(language: str, code: str, prose: str, folder: Path) -> None:
    named = _FILE_NAME.findall(prose)
    suffixes = {"yaml": ("yaml", "yml"), "jinja": ("j2",)}.get(language, (language,))
    target = next((name for name in reversed(named) if name.rsplit(".", 1)[-1] in suffixes), None)
    if target:
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        (folder / target).write_text(code, encoding="utf-8")
    elif language == "yaml" and "title:" in code and "start:" in code:
        build(Event.from_mapping(yaml.safe_load(code)), cards=False, poster=False)
    elif language == "json":
        json.loads(code if code.lstrip().startswith(("{", "[")) else "{" + code + "}")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_runs_as_written(document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write_fixtures(tmp_path)
    runner = CliRunner()
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for language, code, prose, skip in _blocks(document):
        if skip:
            assert len(skip) > 10, f"say why the block is not run: {skip!r}"
            continue
        if language in ("sh", "bash", "console"):
            _run_shell(code, runner)
        elif language == "python":
            exec(compile(code, f"{document.name} example", "exec"), namespace)  # our own docs
        elif language in ("yaml", "toml", "csv", "json", "jinja"):
            _check_data(language, code, prose, tmp_path)


def test_the_documented_kit_json_has_the_keys_a_kit_writes() -> None:
    text = (ROOT / "docs" / "reference" / "kit-json.md").read_text(encoding="utf-8")
    documented = json.loads(next(code for language, code, _, _ in _blocks(ROOT / "docs/reference/kit-json.md")
                                 if language == "json" and '"format"' in code))
    written = build(Event.example(), cards=False).manifest()
    assert set(documented) == set(written)
    for key in written:
        assert f"`{key}`" in text, f"kit.json's key {key!r} is not described"
