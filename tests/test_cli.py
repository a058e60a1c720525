"""The command line: exit statuses, messages, and the files it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from radical_social import __version__
from radical_social.cli import main

GOOD = """\
events:
  - title: Lettura ad alta voce
    start: 2027-03-04T18:00
    timezone: Europe/Rome
    language: it
    url: https://libreria.example/letture/marzo
  - title: Mercato contadino
    start: 2027-03-06
    url: https://mercato.example/marzo
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", [[], ["demo"], ["build"], ["feed"]])
def test_help_everywhere(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_demo_writes_the_example_kit_and_summarises_it(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["demo", "--out", str(tmp_path), "--now", "2026-12-01T09:00Z"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "2027-01-16-laboratorio-di-pasta-fresca"
    assert (folder / "kit.json").is_file() and (folder / "invite.ics").is_file()
    assert "Laboratorio di pasta fresca" in result.output
    assert "27 post per 9 canali, 0 segnalazioni" in result.output  # the summary speaks the event's language
    page_kb = (folder / "index.html").stat().st_size // 1000
    assert f"index.html  pagina dell'evento, {page_kb} KB" in result.output  # the kit's page, named
    assert "sab 26 dic, 10:00  annuncio         9 canali" in result.output  # as people read times


def test_build_writes_one_kit_per_event_reproducibly(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "kits"
    args = ["build", str(events), "--out", str(out), "--now", "2027-01-01T09:00+01:00"]
    assert runner.invoke(main, args).exit_code == 0
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for kit in ("2027-03-04-lettura-ad-alta-voce", "2027-03-06-mercato-contadino"):
        manifest = json.loads(first[Path(kit, "kit.json")])
        listed = [*manifest["posts"], *manifest["cards"], manifest["poster"]]
        expected = {Path(kit, "kit.json"), Path(kit, "invite.ics"), Path(kit, manifest["page"])} | {
            Path(kit, p["path"]) for p in listed}
        assert {path for path in first if path.parts[0] == kit} == expected
        assert len(manifest["posts"]) == len(manifest["plan"]) > 0
    assert runner.invoke(main, args).exit_code == 0
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == first


def test_a_bad_event_exits_1_naming_every_field_and_the_others_are_written(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD + "  - title: Senza data\n    timezone: Europe/Roma\n", encoding="utf-8")
    out = tmp_path / "kits"
    result = runner.invoke(main, ["build", str(events), "--out", str(out), "--no-cards", "--no-poster"])
    assert result.exit_code == 1
    assert "error: events.yaml: events[2].start: is required" in result.stderr
    assert "did you mean 'Europe/Rome'?" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["2027-03-04-lettura-ad-alta-voce",
                                                           "2027-03-06-mercato-contadino"]


def test_nothing_but_bad_events_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text("events:\n  - title: Senza data\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(events), "--out", str(tmp_path / "kits")])
    assert result.exit_code == 1 and "events[0].start: is required" in result.stderr
    assert list(tmp_path.iterdir()) == [events]


@pytest.mark.parametrize("args", [
    ["build"],
    ["build", "missing.yaml"],
    ["build", "{events}", "--now", "tomorrow"],
    ["build", "{events}", "--now", "2027-01-01T09:00"],
    ["feed", "{events}"],
    ["nonsense"],
])
def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, [arg.format(events=events) for arg in args])
    assert result.exit_code == 2, result.output


def test_feed_writes_one_calendar(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "feed.ics"
    result = runner.invoke(main, ["feed", str(events), "--out", str(out), "--name", "Libreria"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.count(b"BEGIN:VEVENT") == 2 and b"X-WR-CALNAME:Libreria" in data
    assert "2 events" in result.output


def test_feed_with_a_bad_event_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text('{"title": "A", "start": "2027-01-01"}\n{"title": "B", "start": "soon"}\n', encoding="utf-8")
    out = tmp_path / "feed.ics"
    result = runner.invoke(main, ["feed", str(events), "--out", str(out)])
    assert result.exit_code == 1 and "line 2: start" in result.stderr
    assert list(tmp_path.iterdir()) == [events]


def test_build_with_chosen_channels_and_language(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "kits"
    args = ["build", str(events), "--out", str(out), "--now", "2027-01-01T09:00Z", "--channels", "sms,bluesky",
            "--lang", "de"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "2027-03-04-lettura-ad-alta-voce" / "kit.json").read_text(encoding="utf-8"))
    assert {post["channel"] for post in manifest["posts"]} == {"sms", "bluesky"}
    assert {post["language"] for post in manifest["posts"]} == {"de"}
    assert "März" in manifest["posts"][0]["text"]


def test_an_unknown_channel_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(events), "--out", str(tmp_path / "k"), "--channels", "mastodn"])
    assert result.exit_code == 1
    assert "did you mean 'mastodon'?" in result.stderr


def test_lint_exit_status_and_json(runner: CliRunner, tmp_path: Path) -> None:
    bait = runner.invoke(main, ["lint", "-", "--lang", "it"], input="Tagga un amico e scrivi SÌ nei commenti!!\n")
    assert bait.exit_code == 1
    assert "engagement-bait" in bait.output and "punctuation" in bait.output
    clean = tmp_path / "post.txt"
    clean.write_text("Sabato alle 18 impastiamo tortelli. Info: https://example.org/pasta\n", encoding="utf-8")
    result = runner.invoke(main, ["lint", str(clean), "--lang", "it", "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []
    too_long = runner.invoke(main, ["lint", "-", "--channel", "sms", "--json"], input="word " * 200)
    assert too_long.exit_code == 1
    assert "length" in [f["rule"] for f in json.loads(too_long.output)]


def test_lint_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["lint"]).exit_code == 2
    assert runner.invoke(main, ["lint", "missing.txt"]).exit_code == 2


def test_an_unsupported_language_falls_back_to_english_and_says_so(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "e.yaml"
    events.write_text("title: Sarau de poesia\nstart: 2027-03-04T19:00\ntimezone: Europe/Lisbon\nlanguage: pt\n"
                      "url: https://example.org/sarau\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(events), "--out", str(tmp_path / "k"), "--now", "2027-01-01T09:00Z",
                                  "--channels", "mastodon"])
    assert result.exit_code == 0, result.output
    assert "note: no post templates in 'pt'" in result.stderr
    manifest = json.loads(next((tmp_path / "k").glob("*/kit.json")).read_text(encoding="utf-8"))
    assert {post["language"] for post in manifest["posts"]} == {"en"}


def test_build_with_a_photo_palette_and_layout(runner: CliRunner, tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "bottega.jpg"
    Image.new("RGB", (1600, 1200), (180, 120, 60)).save(photo)
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "kits"
    args = ["build", str(events), "--out", str(out), "--now", "2027-01-01T09:00Z", "--channels", "instagram",
            "--photo", str(photo), "--palette", "#ffffff,#777777", "--layout", "split", "--paper", "A5"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "2027-03-04-lettura-ad-alta-voce" / "kit.json").read_text(encoding="utf-8"))
    assert {card["format"] for card in manifest["cards"]} == {"jpeg"}
    assert manifest["poster"]["size"] == "A5"
    assert "note:" in result.stderr and "contrast" in result.stderr.lower()  # #777 on white was darkened
    assert "footprint:" in result.output


def test_build_without_images(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "kits"
    result = runner.invoke(main, ["build", str(events), "--out", str(out), "--no-cards", "--no-poster"])
    assert result.exit_code == 0, result.output
    assert not list(out.glob("*/cards")) and not list(out.glob("*/poster.pdf"))


def test_a_bad_palette_or_layout_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD, encoding="utf-8")
    bad_layout = runner.invoke(main, ["build", str(events), "--out", str(tmp_path / "k"), "--layout", "splt"])
    assert bad_layout.exit_code == 2
    assert "--layout: unknown card layout 'splt'; did you mean 'split'" in bad_layout.stderr
    bad_palette = runner.invoke(main, ["build", str(events), "--out", str(tmp_path / "k"), "--palette", "#fff"])
    assert bad_palette.exit_code == 2 and "--palette: unknown palette '#fff'" in bad_palette.stderr
    both = runner.invoke(main, ["build", str(events), "--out", str(tmp_path / "k"), "--layout", "spilt",
                                "--palette", "nott"])
    assert both.exit_code == 2 and "--layout: unknown card layout" in both.stderr
    assert "--palette: unknown palette 'nott'; did you mean 'notte'" in both.stderr
    assert not (tmp_path / "k").exists()


def test_lint_of_a_file_that_is_not_text_exits_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    binary = tmp_path / "post.txt"
    binary.write_bytes(b"\xff\xfe\x00caff\xe8")
    result = runner.invoke(main, ["lint", str(binary)])
    assert result.exit_code == 1 and "not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_feed_on_several_processes_writes_the_same_calendar(runner: CliRunner, tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text("".join(
        f'{{"title": "Serata {n}", "start": "2027-02-{1 + n % 28:02d}T20:00", "timezone": "Europe/Rome"}}\n'
        for n in range(600)), encoding="utf-8")
    feeds = []
    for jobs in ("1", "2"):
        out = tmp_path / f"feed-{jobs}.ics"
        result = runner.invoke(main, ["feed", str(events), "--out", str(out), "--name", "Serate", "--jobs", jobs,
                                      "--now", "2026-12-01T09:00Z"])
        assert result.exit_code == 0, result.output
        assert "600 events" in result.output
        feeds.append(out.read_bytes())
    assert feeds[0] == feeds[1]


def test_feed_refuses_zero_jobs(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["feed", "x.jsonl", "--out", str(tmp_path / "f.ics"), "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.stderr
