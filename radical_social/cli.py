"""The ``radical-social`` command: a thin layer; each command calls one public function.

Exit status: 0 done, 1 bad input or a failure the library reports (the message names each
problem), 2 a usage error.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from radical_social._version import __version__
from radical_social.errors import RadicalSocialError, RadicalSocialWarning

if TYPE_CHECKING:
    from radical_social.kit import Kit

F = TypeVar("F", bound=Callable[..., Any])


def _reports_errors(command: F) -> F:
    """Turn the library's errors into exit status 1 with the message, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings(record=True) as noted:
            warnings.simplefilter("always", RadicalSocialWarning)
            try:
                return command(*args, **kwargs)
            except RadicalSocialError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
            finally:
                for note in noted:
                    click.echo(f"note: {note.message}", err=True)

    return run  # type: ignore[return-value]


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """An ISO 8601 date-time with its UTC offset (``2027-01-01T09:00+01:00`` or ``…Z``)."""
    if value is None:
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date-time like 2027-01-01T09:00+01:00") from None
    if moment.utcoffset() is None:
        raise click.BadParameter(f"{value!r} needs a UTC offset, e.g. {text}+01:00 or {text}Z")
    return moment


_now_option = click.option(
    "--now", metavar="ISO-DATETIME", callback=_moment, default=None,
    help="Fix the clock (DTSTAMP, posting plan) for reproducible builds, e.g. 2027-01-01T09:00Z.",
)
_templates_option = click.option(
    "--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
    help="A folder of your own templates; they override the built-in ones of the same name.",
)
_files_argument = click.argument(
    "files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="radical-social")
def main() -> None:
    """Turn real-world events into a small, deliberate promotion kit."""


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("kits"),
              show_default=True, help="Folder the kit is written into.")
@_now_option
@_reports_errors
def demo(out: Path, now: datetime | None) -> None:
    """Build the kit of the built-in example event and summarise it."""
    from radical_social.events import Event
    from radical_social.kit import build

    kit = build(Event.example(), now=now)
    _summarise(kit, kit.save(out))


@main.command("build")
@_files_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("kits"),
              show_default=True, help="Folder the kits are written into, one sub-folder per event.")
@click.option("--channels", default=None, metavar="IDS",
              help="Comma-separated channel ids (default: every built-in channel), e.g. mastodon,sms.")
@click.option("--lang", "language", default=None, metavar="TAG",
              help="Write the posts in this language (it, en, es, fr, de) instead of the event's.")
@click.option("--layout", default=None, metavar="NAME", help="Card layout: poster (default), band or split.")
@click.option("--palette", default=None, metavar="NAME|COLOURS",
              help="A built-in palette (carta, notte, salvia, …) or your colours: '#background,#text[,#accent]'.")
@click.option("--photo", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A photo you took, for the cards and poster (overrides the event's 'image').")
@click.option("--font", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A TrueType/OpenType font file (your brand's) for cards and poster.")
@click.option("--paper", type=click.Choice(["A4", "A5"]), default="A4", show_default=True, help="Poster size.")
@click.option("--no-cards", is_flag=True, help="Make no card images.")
@click.option("--no-poster", is_flag=True, help="Make no poster.")
@_now_option
@_templates_option
@_reports_errors
def build_command(
    files: tuple[Path, ...], out: Path, channels: str | None, language: str | None, layout: str | None,
    palette: str | None, photo: Path | None, font: Path | None, paper: str, no_cards: bool, no_poster: bool,
    now: datetime | None, templates: Path | None,
) -> None:
    """Build one kit per event in FILES (YAML, TOML, JSON, JSON Lines or CSV).

    Every event is checked before anything is written: one bad event writes nothing.
    """
    from dataclasses import replace

    from radical_social.events import Photo
    from radical_social.kit import build, save_kits
    from radical_social.loading import load_events

    chosen = [c.strip() for c in channels.split(",") if c.strip()] if channels else None
    events = load_events(*files)
    if photo is not None:
        events = [replace(event, image=Photo(path=photo)) for event in events]
    kits = [build(event, now=now, channels=chosen, language=language, templates=templates, cards=not no_cards,
                  layout=layout, palette=_palette(palette), font=font, paper=None if no_poster else paper)
            for event in events]
    for kit, folder in zip(kits, save_kits(kits, out), strict=True):
        _summarise(kit, folder)


@main.command()
@_files_argument
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .ics file to write, e.g. feed.ics.")
@click.option("--name", default=None, help="The calendar's name, shown by calendar apps. Default: the file's name.")
@_now_option
@_templates_option
@_reports_errors
def feed(files: tuple[Path, ...], out: Path, name: str | None, now: datetime | None, templates: Path | None) -> None:
    """Write one subscription feed (.ics) with every event in FILES."""
    from radical_social.invites import write_feed
    from radical_social.loading import iter_events

    count = write_feed(iter_events(*files), out, name=name or out.stem, now=now, templates=templates)
    click.echo(f"{out}: {count} event{'s' if count != 1 else ''}")


@main.command("lint")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--lang", "language", default="en", show_default=True, metavar="TAG", help="The text's language.")
@click.option("--channel", default=None, metavar="ID", help="Check against this channel's hashtag cap and limit.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@_reports_errors
def lint_command(source: TextIO, language: str, channel: str | None, as_json: bool) -> None:
    """Check a post (a file, or - for standard input) for bait, shouting, copies and more.

    Exit status 0 when clean, 1 with findings.
    """
    import json

    from radical_social.channels import get_channel
    from radical_social.linting import Finding, lint

    text = source.read()
    target = get_channel(channel) if channel else None
    findings = lint(text, language=language) if target is None else lint(
        text, language=language, hashtag_cap=target.hashtag_cap
    )
    overflow = target.overflow(text) if target else None
    if overflow:
        findings.append(Finding(rule="length", message=overflow, start=0, end=len(text), excerpt=text[:40]))
    if as_json:
        click.echo(json.dumps([{"rule": f.rule, "message": f.message, "start": f.start, "end": f.end,
                                "excerpt": f.excerpt} for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            line = text.count("\n", 0, finding.start) + 1
            click.echo(f"{source.name}:{line}: {finding.rule}: {finding.message}  «{finding.excerpt}»")
    if findings:
        sys.exit(1)


def _palette(value: str | None) -> Any:
    """A built-in palette's name, or ``#background,#text[,#accent]`` made legible."""
    if value is None or "," not in value:
        return value
    from radical_social.cards import brand_palette

    colours = [part.strip() for part in value.split(",")]
    if len(colours) not in (2, 3):
        raise click.BadParameter("give two or three colours: '#background,#text[,#accent]'", param_hint="--palette")
    return brand_palette(*colours)


def _summarise(kit: Kit, folder: Path) -> None:
    """A few lines a person reads: what was made, where, and when to post."""
    from radical_social.footprint import compare
    from radical_social.kit import INVITE_FILE, MANIFEST_FILE

    event = kit.event
    venue = f" · {event.venue.name}" if event.venue else ""
    channels = sorted({post.channel.id for post in kit.posts})
    findings = sum(len(post.findings) for post in kit.posts)
    click.echo(f"{event.title} · {event.start.isoformat()[:16]}{venue}")
    click.echo(f"  {folder}/")
    click.echo(f"    {INVITE_FILE:<11} calendar invite, {len(kit.invite):,} bytes")
    click.echo(f"    {'posts/':<11} {len(kit.posts)} posts for {len(channels)} channels, "
               f"{findings} lint finding{'s' if findings != 1 else ''}")
    for post in kit.posts:
        for finding in post.findings:
            click.echo(f"      {post.path}: {finding.rule}: {finding.message}")
    if kit.cards:
        sizes = ", ".join(f"{card.filename} {card.bytes // 1000} KB" for card in kit.cards)
        click.echo(f"    {'cards/':<11} {sizes}")
    if kit.poster is not None:
        click.echo(f"    {'poster.pdf':<11} {kit.poster.paper}, {kit.poster.bytes // 1000} KB, ready to print")
    click.echo(f"    {MANIFEST_FILE:<11} manifest, with add-to-calendar links ({', '.join(kit.links.as_dict())})")
    click.echo(f"  footprint: {compare(kit.footprint, kit.treadmill, language=kit.event.language)}")
    moments: dict[tuple[str, str], int] = {}
    for slot in kit.plan:
        key = (slot.at.isoformat(sep=" ", timespec="minutes"), slot.moment)
        moments[key] = moments.get(key, 0) + 1
    click.echo("  plan:" + ("" if moments else " nothing left to post (the event is past or about to start)"))
    for (at, moment), count in moments.items():
        click.echo(f"    {at}  {moment:<10} {count} channel{'s' if count != 1 else ''}")


if __name__ == "__main__":  # pragma: no cover
    main()
