"""Packaging: the wheel carries the templates, the fonts with their licence and py.typed, and works from an
empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import radical_social
from radical_social import Event, TemplateError, errors
from radical_social.text.templating import builtin_templates, render
from radical_social.text.wording import SUPPORTED

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    [built] = out.glob("radical_social-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_templates_and_type_information(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "radical_social/py.typed" in names
    assert "radical_social/templates/invite/description.txt.j2" in names
    assert {f"radical_social/text/languages/{language}.json" for language in SUPPORTED} <= set(names)
    fonts = {f"radical_social/graphics/fonts/{name}" for name in ("Inter-Regular.otf", "Inter-Bold.otf", "OFL.txt")}
    assert fonts <= set(names)  # the cards' type, and the licence that must travel with it
    assert not any(name.startswith(("tests/", "templates/")) for name in names)


@pytest.mark.slow
def test_the_installed_wheel_runs_the_demo_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([env_dir / "bin" / "radical-social", "demo", "--out", "kits"], cwd=empty,
                            env=clean_env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    invite = (empty / "kits" / "2027-01-16-laboratorio-di-pasta-fresca" / "invite.ics").read_bytes()
    assert b"DESCRIPTION:Due ore con le mani in pasta" in invite
    where = subprocess.run([python, "-c", "import radical_social.text.templating as t; print(t.builtin_templates())"],
                           cwd=empty, env=clean_env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()) == env_dir.joinpath(
        "lib", f"python{sys.version_info.major}.{sys.version_info.minor}", "site-packages",
        "radical_social", "templates")


def test_a_source_or_editable_install_finds_the_top_level_templates() -> None:
    if (Path(radical_social.__file__).parent / "templates").is_dir():
        pytest.skip("running from an installed wheel")
    assert builtin_templates() == ROOT / "templates"


def test_a_users_folder_overrides_a_built_in_template(tmp_path: Path, event: Event) -> None:
    (tmp_path / "invite").mkdir()
    (tmp_path / "invite" / "description.txt.j2").write_text("Vieni! {{ event.url }}", encoding="utf-8")
    assert render("invite/description.txt.j2", templates=tmp_path, event=event) == f"Vieni! {event.url}"
    assert render("invite/description.txt.j2", event=event).startswith("Due ore")


def test_template_errors_name_the_template(tmp_path: Path, event: Event) -> None:
    (tmp_path / "invite").mkdir()
    (tmp_path / "invite" / "description.txt.j2").write_text("{{ event.nope }}", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"description\.txt\.j2"):
        render("invite/description.txt.j2", templates=tmp_path, event=event)
    with pytest.raises(TemplateError, match="no template"):
        render("missing.txt.j2", event=event)


def test_import_stays_light() -> None:
    heavy = ("icalendar", "jinja2", "PIL", "babel", "requests", "yaml", "click", "html", "radical_social.graphics",
             "radical_social.kit", "radical_social.delivery", "radical_social.sources.calendars",
             "radical_social.page")
    code = (f"import sys, radical_social; heavy = {heavy!r};"
            "print(sorted(name for name in sys.modules if name.split('.')[0] in heavy or name.startswith(heavy)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_public_api_is_pinned() -> None:
    assert sorted(radical_social.__all__) == sorted([
        "Attendee", "BlueskyAccount", "CHANNELS", "CalDavResult", "CalendarLinks", "Card", "CardError", "Channel",
        "ChannelError", "ContrastWarning", "DeliveryError", "Essentials", "Event", "EventError", "FileBuild", "Finding",
        "FitError",
        "Footprint", "InvitationReport", "Kit",
        "KitBuild", "KitBuilds",  # build on several processes
        "KitError", "KitFinding", "LanguageFallbackWarning", "LeftOut",
        "Look", "MastodonAccount", "MissingGlyphWarning", "Organizer", "PALETTES", "Palette", "Photo", "Plan",
        "Post", "Poster", "Posts", "Problem", "PublishReport", "PublishResult", "RadicalSocialError",
        "RadicalSocialWarning", "Repeat", "RetryPolicy", "SentInvitation", "Slot",
        "SmtpSettings", "StateStore", "TemplateError", "Venue", "__version__", "attendees_from_csv",
        "brand_palette", "build", "build_files", "build_kits", "calendar_links", "compose", "compose_posts",
        "events_from_ics", "fetch_calendar", "footprint", "get_channel", "invite",
        "iter_build_files",  # build on several processes
        "iter_events", "lint",
        "load_events", "mappings_from_ics", "plan", "publish", "publish_to_caldav", "render_card", "render_cards",
        "render_poster", "repeated_sentences", "save_kits", "send_invitations", "treadmill", "write_event_file",
        "write_feed", "write_feed_from_files",
        "render_page", "write_index",
        "events_from_page", "fetch_page", "mappings_from_page",
    ])
    assert callable(radical_social.lint) and callable(radical_social.plan)


def test_every_public_name_resolves() -> None:
    """tests/test_docs_site.py checks that each one is in the API reference, with its docstring."""
    for name in radical_social.__all__:
        assert getattr(radical_social, name) is not None, name
    assert set(dir(radical_social)) == set(radical_social.__all__)


def test_every_error_and_warning_is_public() -> None:
    classes = {name for name, value in vars(errors).items()
               if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == errors.__name__}
    assert classes <= set(radical_social.__all__)
    assert {"CardError", "RadicalSocialWarning", "MissingGlyphWarning"} <= classes


