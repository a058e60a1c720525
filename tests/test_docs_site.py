"""The documentation site: it builds with warnings as errors, its references are complete, its notebook runs.

The site (mkdocs.yml) generates the API reference from the docstrings of ``radical_social.__all__`` and the
CLI reference from the click commands; the lists below are read from ``__all__`` and from click, so a new
public name, command or option without documentation fails here.
"""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import jupytext
import pytest
from bs4 import BeautifulSoup, Tag
from nbclient import NotebookClient
from PIL import Image

import radical_social
from radical_social.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "tutorial-notebook.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``mkdocs build --strict`` of this checkout, into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    # The notebook's kernel imports this checkout; Material's banner about MkDocs 2 is not a warning of ours.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    return result, site


@pytest.fixture(scope="module")
def site(built: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    result, folder = built
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}")
    return folder


def _page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
def test_the_site_builds_with_warnings_as_errors(built: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, site = built
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^(WARNING|ERROR)\b", result.stderr, re.MULTILINE), result.stderr
    assert (site / "reference" / "api" / "index.html").is_file()


@pytest.mark.slow
def test_every_public_name_is_in_the_api_reference_with_its_docstring(site: Path) -> None:
    page = _page(site, "reference/api")
    missing, without_docstring = [], []
    for name in radical_social.__all__:
        heading = page.find(id=f"radical_social.{name}")
        if heading is None:
            missing.append(name)
            continue
        assert isinstance(heading.parent, Tag)
        contents = heading.parent.find("div", class_="doc-contents", recursive=False)
        docstring = "" if contents is None else " ".join(
            child.get_text() for child in contents.children
            if isinstance(child, Tag) and not {"doc-children", "doc-class-bases"} & set(child.get("class") or [])
        )  # a class's "Bases: …" line is not its docstring
        if not docstring.strip():
            without_docstring.append(name)
    assert missing == []
    assert without_docstring == []


@pytest.mark.slow
def test_every_command_and_option_is_in_the_cli_reference(site: Path) -> None:
    page = _page(site, "reference/cli")
    whole = _words(page.get_text(" "))
    for parameter in main.params:  # the group's own: --version, --help
        assert all(option in whole for option in parameter.opts), parameter.opts
    for name, command in main.commands.items():
        heading = page.find("h2", id=f"radical-social-{name}")
        assert heading is not None, f"radical-social {name} has no section in docs/reference/cli.md"
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            section.append(sibling.get_text(" "))
        text = _words(" ".join(section))
        ctx = click.Context(command, info_name=f"radical-social {name}")
        assert _words(command.get_usage(ctx)) in text
        assert _words(command.help or "") in text
        for parameter in command.get_params(ctx):
            if isinstance(parameter, click.Option):
                assert parameter.help, f"radical-social {name} {parameter.opts[0]} has no help"
                assert all(option in text for option in parameter.opts + parameter.secondary_opts), parameter.opts
                assert _words(parameter.help) in text, f"radical-social {name} {parameter.opts[0]}"


@pytest.mark.slow
def test_the_site_shows_the_notebook_tutorial_executed(site: Path) -> None:
    text = _page(site, "tutorial-notebook").get_text(" ")
    assert "missing-url" in text  # an output, not in the source
    assert (site / "tutorial-notebook" / "tutorial-notebook.py").read_bytes() == NOTEBOOK.read_bytes()


@pytest.mark.slow
def test_the_notebook_tutorial_runs_and_shows_posts_plan_card_and_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = jupytext.read(NOTEBOOK)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
                   ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    printed = "".join(output.get("text", "") for output in outputs if output.output_type == "stream")
    shown = [output.data for output in outputs if output.output_type in ("display_data", "execute_result")]

    assert "Laboratorio di pasta fresca" in printed and "of 500 characters" in printed  # a mastodon post
    assert re.search(r"^\w{3} \d\d \w{3} \d\d:\d\d  announce$", printed, re.MULTILINE)  # the plan
    assert "missing-url: " in printed and "engagement-bait: " in printed  # the findings
    assert re.search(r"^kit\.json [\d,]+ bytes$", printed, re.MULTILINE)  # the saved kit
    [png] = [data["image/png"] for data in shown if "image/png" in data]  # the card
    with Image.open(io.BytesIO(base64.b64decode(png))) as card:
        assert card.size == (1080, 1080)
    assert any("<Post mastodon announce" in data.get("text/plain", "") for data in shown)
    assert list(tmp_path.iterdir()) == []  # the kit went into a temporary folder
