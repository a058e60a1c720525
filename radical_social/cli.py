"""The ``radical-social`` command: a thin layer; each command calls one public function.

Exit status: 0 done, 1 bad input or a failure the library reports (the message names each
problem), 2 a usage error.
"""

from __future__ import annotations

import atexit
import gc
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from radical_social._version import __version__
from radical_social.errors import CardError, RadicalSocialError, RadicalSocialWarning

if TYPE_CHECKING:
    from tqdm import tqdm
    from typing_extensions import Never

    from radical_social.delivery.publishing import PublishReport
    from radical_social.graphics.palette import Palette
    from radical_social.kit.build import Kit

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


def _journal(ctx: click.Context, param: click.Parameter, value: str | None) -> str | Path | None:
    """A journal file, or a ``postgresql://`` URL kept as given (its password is never echoed)."""
    from radical_social.delivery.journal import is_database_url

    if value is None or is_database_url(value):
        return value
    if Path(value).is_dir():
        raise click.BadParameter(f"{value!r} is a folder: give the journal's file, or a postgresql:// URL")
    return Path(value)


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """An ISO 8601 date-time with its UTC offset (``2027-01-01T09:00+01:00`` or ``…Z``)."""
    if value is None:
        return None
    from radical_social.event.parsing import iso_datetime

    text = value.strip()
    try:
        moment = iso_datetime(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date-time like 2027-01-01T09:00+01:00") from None
    if moment.utcoffset() is None:
        raise click.BadParameter(f"{value!r} needs a UTC offset, e.g. {text}+01:00 or {text}Z")
    return moment


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An http(s) URL with a host, without its trailing slash (``site_base``)."""
    if value is None:
        return None
    from radical_social.page.layout import site_base

    try:
        return site_base(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a site's address like https://example.org/events") from None


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
    # A command makes most of its objects once, to keep: the cycle collector, run every 700 new objects,
    # passed over them for 0.05 s of a one-event build. Every 200,000, as mypy does (for the process's
    # life: set back, it would pass over them all once more at the end).
    gc.set_threshold(200_000, 30, 30)
    # As Python exits, its last collection would pass over them all again (0.05 s after a one-event
    # build) for the few cycles exiting frees anyway: frozen at exit (after the exit calls registered
    # later, a forked child's stop among them), they are left be.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    if threading.current_thread() is threading.main_thread():
        # A polite kill (SIGTERM) ends the command as Ctrl-C does: temporary files and processes are cleaned up.
        signal.signal(signal.SIGTERM, _terminate)


def _terminate(number: int, frame: object) -> None:
    raise SystemExit(128 + number)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("kits"),
              show_default=True, help="Folder the kit is written into.")
@_now_option
@_reports_errors
def demo(out: Path, now: datetime | None) -> None:
    """Build the kit of the built-in example event and summarise it."""
    from radical_social.event.model import Event
    from radical_social.kit.build import build

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
@click.option("--strict", is_flag=True,
              help="A post that cannot fit its channel is an error: that event's kit is not written.")
@click.option("--base-url", default=None, metavar="URL", callback=_base_url,
              help="Where the event pages are published (radical-social page), e.g. https://example.org/events: "
                   "an event without a url gets its page, URL/SLUG/, as its link.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that build the kits. Default: one per CPU.")
@_now_option
@_templates_option
@_reports_errors
def build_command(
    files: tuple[Path, ...], out: Path, channels: str | None, language: str | None, layout: str | None,
    palette: str | None, photo: Path | None, font: Path | None, paper: str, no_cards: bool, no_poster: bool,
    strict: bool, base_url: str | None, jobs: int | None, now: datetime | None, templates: Path | None,
) -> None:
    """Build one kit per event in FILES (YAML, TOML, JSON, JSON Lines or CSV).

    Each kit is saved as soon as it is built. Each event stands alone: a bad event (or one whose UID
    or kit folder an event before it has) gets no kit, and the others are written all the same; the
    exit status is then 1, with every problem reported.
    """
    from radical_social.event.model import Photo
    from radical_social.graphics.look import DEFAULT_LAYOUT, Look
    from radical_social.kit.build import iter_build_files

    chosen = [c.strip() for c in channels.split(",") if c.strip()] if channels else None
    try:
        look = Look(layout=layout or DEFAULT_LAYOUT, palette=_palette(palette), font=font,
                    photo=Photo(path=photo) if photo else None)
    except CardError as exc:  # each problem under its option's name: --layout, not layout
        raise click.UsageError("; ".join(f"--{problem}" if problem.path else problem.message
                                         for problem in exc.problems)) from None
    builds = iter_build_files(files, out, strict=strict, jobs=jobs, now=now, channels=chosen, language=language,
                              templates=templates, cards=not no_cards, look=look, poster=not no_poster, paper=paper,
                              base_url=base_url)
    failed = False
    with _progress(len(builds), "kits") as lines:
        for built in builds:
            for problem in built.problems:
                lines.err(f"error: {problem}")
            if built.kit is not None and built.folder is not None:
                _summarise(built.kit, built.folder, lines.out)
            failed = failed or bool(built.problems)
            lines.advance()
    if failed:
        sys.exit(1)


@main.command("page")
@_files_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The site's folder: each event's page goes into OUT/SLUG/index.html.")
@click.option("--base-url", default=None, metavar="URL", callback=_base_url,
              help="Where the site is published, e.g. https://example.org/events: canonical URLs, absolute "
                   "image links, and the page as the link of an event without a url.")
@click.option("--lang", "--language", "language", default=None, metavar="TAG",
              help="Write the pages in this language (it, en, es, fr, de) instead of each event's.")
@click.option("--now", metavar="ISO-DATETIME", callback=_moment, default=None,
              help="Fix the clock (the invites' DTSTAMP, which dates show their year), e.g. 2027-01-01T09:00Z.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that make the pages and their cards. Default: one per CPU.")
@_templates_option
@_reports_errors
def page_command(files: tuple[Path, ...], out: Path, base_url: str | None, language: str | None,
                 now: datetime | None, jobs: int | None, templates: Path | None) -> None:
    """Write a static page for each event in FILES: OUT/SLUG/ with index.html, invite.ics and cards/link.png,
    and the site's index of upcoming events with its feeds: OUT/index.html, OUT/feed.atom, OUT/events.ics.

    Each file stands alone: a file with a bad event writes none of its pages, and the other files'
    pages are written all the same; the exit status is then 1, with every problem reported.
    """
    from radical_social.page.index import write_index
    from radical_social.page.layout import PAGE_FILE
    from radical_social.page.site import write_pages_from_files

    report = write_pages_from_files(files, out, base_url=base_url, now=now, language=language, templates=templates,
                                    jobs=jobs)
    for event, folder in report.written:
        click.echo(f"{folder / PAGE_FILE}  {event.title}")
    for path in write_index(report.events, out, base_url=base_url, now=now, language=language, templates=templates):
        click.echo(str(path))
    for page_note in report.notes:
        click.echo(f"note: {page_note}", err=True)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if report.problems:
        sys.exit(1)


class _Lines:
    """Lines for people, to standard output or error; with a progress bar, printed above it."""

    def __init__(self, bar: tqdm[Never] | None = None) -> None:
        self._bar = bar

    def out(self, line: str) -> None:
        self._write(line, err=False)

    def err(self, line: str) -> None:
        self._write(line, err=True)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update()

    def _write(self, line: str, *, err: bool) -> None:
        if self._bar is None:
            click.echo(line, err=err)
        else:
            self._bar.write(line, file=sys.stderr if err else sys.stdout)


@contextmanager
def _progress(total: int, unit: str) -> Iterator[_Lines]:
    """A progress bar on standard error when it is a terminal and the work lasts (it shows after two
    seconds), with lines printed above it; elsewhere (pipes, files, tests) plain lines and no bar."""
    if not sys.stderr.isatty():
        yield _Lines()
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked, which threads forbid
    with tqdm(total=total, unit=f" {unit}", file=sys.stderr, delay=2, leave=False, dynamic_ncols=True) as bar:
        yield _Lines(bar)


@main.command()
@_files_argument
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .ics file to write, e.g. feed.ics.")
@click.option("--name", default=None, help="The calendar's name, shown by calendar apps. Default: the file's name.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that read and write the events. Default: one per CPU.")
@_now_option
@_templates_option
@_reports_errors
def feed(files: tuple[Path, ...], out: Path, name: str | None, jobs: int | None, now: datetime | None,
         templates: Path | None) -> None:
    """Write one subscription feed (.ics) with every event in FILES."""
    from radical_social.calendar.feeds import write_feed_from_files

    count = write_feed_from_files(files, out, name=name or out.stem, now=now, templates=templates, jobs=jobs)
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

    from radical_social.posts.channels import get_channel
    from radical_social.posts.linting import Finding, lint

    try:
        text = source.read()
    except UnicodeDecodeError:
        raise click.FileError(source.name, "is not UTF-8 text") from None
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


@main.command("import")
@click.argument("source", metavar="FILE|URL")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The event file to write, e.g. events.yaml.")
@click.option("--timezone", metavar="ZONE",
              help="For a web page: the IANA zone (Europe/Rome) of times it gives without a UTC offset; "
                   "all its times are then shown in this zone.")
@click.option("--allow-private", is_flag=True,
              help="Allow a URL on a private or loopback address (refused by default).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that read a large calendar (thousands of events). Default: one per CPU.")
@_reports_errors
def import_command(source: str, out: Path, timezone: str | None, allow_private: bool, jobs: int | None) -> None:
    """Turn the events of an existing calendar, or of an event's web page, into an event file.

    FILE|URL is a file or an http(s) URL: an .ics calendar, or an HTML page whose schema.org Event data
    (JSON-LD, else microdata or RDFa) is read. Which one it is comes from what the server says and the
    first bytes, not from the name.
    """
    from radical_social.errors import EventError, Problem
    from radical_social.sources.calendars import write_event_file, write_event_file_from_ics
    from radical_social.sources.webpages import fetch_page, is_page, mappings_from_page

    content_type, base_url = "", None
    if "://" in source:  # http(s) is fetched; fetch_page explains any other scheme (webcal://…)
        data, content_type, base_url = fetch_page(source, allow_private=allow_private)
        name = Path(source.split("?")[0]).name
    else:
        path = Path(source)
        if not path.is_file():
            raise click.BadParameter(f"no such file: {source}", param_hint="FILE|URL")
        try:
            data, name = path.read_bytes(), path.name
        except OSError as exc:
            raise click.FileError(source, exc.strerror or str(exc)) from None
    if is_page(data, content_type):
        mappings, problems, notes = mappings_from_page(data, source=name or "page.html", base_url=base_url,
                                                       content_type=content_type or None, timezone=timezone)
        if not mappings:
            raise EventError(problems or [])
        write_event_file(mappings, out)
        count = len(mappings)
    else:  # the workers that read a large calendar write its events' text too
        (count, problems), notes = write_event_file_from_ics(data, out, source=name or "calendar.ics", jobs=jobs), []
        if timezone is not None:
            notes.append(Problem("--timezone", f"{timezone} was not used: a calendar's times carry their own zones"))
    click.echo(f"{out}: {count} event{'s' if count != 1 else ''}")
    for problem in problems:
        click.echo(f"  left out: {problem}", err=True)
    for note in notes:
        click.echo(f"  note: {note}", err=True)


@main.command("send-invites")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--to", "to", multiple=True, metavar="ADDR", help="An address to invite (repeat for more).")
@click.option("--to-file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A CSV of people to invite, with 'email' and optional 'name' columns.")
@click.option("--smtp", "smtp_url", default=None, metavar="smtp://[user@]host[:port]",
              help="The SMTP server; the password comes from RADICAL_SOCIAL_SMTP_PASSWORD.")
@click.option("--starttls", "security", flag_value="starttls", help="Upgrade the connection with STARTTLS.")
@click.option("--ssl", "security", flag_value="ssl", help="Connect with implicit TLS (port 465).")
@click.option("--plain", "security", flag_value="none", help="No TLS: only for a relay on this machine.")
@click.option("--state", default=None, metavar="PATH|URL", callback=_journal,
              help="The never-twice store: a file (default: in your user data folder) or a postgresql:// URL, "
                   "the journal publish uses.")
@click.option("--cancel", is_flag=True, help="Send a cancellation to everyone invited before.")
@click.option("--dry-run", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              is_flag=False, flag_value=Path("outbox"), help="Write .eml files into DIR (default outbox) instead.")
@_now_option
@_templates_option
@_reports_errors
def send_invites(
    file: Path, to: tuple[str, ...], to_file: Path | None, smtp_url: str | None, security: str | None,
    state: str | Path | None, cancel: bool, dry_run: Path | None, now: datetime | None, templates: Path | None,
) -> None:
    """Email calendar invitations (with Yes / Maybe / No buttons) for the events in FILE.

    One message per person; nobody gets the same invitation twice, a changed event goes out as an
    update to everyone, and --cancel reaches everyone invited before.
    """
    import os

    from radical_social.delivery.journal import StateStore
    from radical_social.delivery.mailing import (
        PASSWORD_VARIABLE,
        Attendee,
        SmtpSettings,
        attendees_from_csv,
        send_invitations,
    )
    from radical_social.sources.files import load_events

    if smtp_url is None and dry_run is None:
        raise click.UsageError("give --smtp smtp://host, or --dry-run to write the messages as files")
    people = [Attendee(email=address) for address in to] + (attendees_from_csv(to_file) if to_file else [])
    if not people and not cancel:
        raise click.UsageError("give at least one --to ADDR or --to-file CSV")
    smtp = None if smtp_url is None else SmtpSettings.from_url(
        smtp_url, password=os.environ.get(PASSWORD_VARIABLE), security=security)  # type: ignore[arg-type]
    failed = False
    with StateStore(state) as store:
        for event in load_events(file):
            report = send_invitations(event, people, smtp=None if dry_run else smtp, state=store, cancel=cancel,
                                      dry_run_to=dry_run, now=now, templates=templates)
            click.echo(f"{event.title}: {len(report.sent)} sent, {len(report.skipped)} already up to date"
                       + (f", {len(report.written)} written to {dry_run}" if dry_run else ""))
            for address, reason in report.failed.items():
                click.echo(f"  not sent to {address}: {reason}", err=True)
            failed = failed or bool(report.failed)
    if failed:
        sys.exit(1)


@main.command("caldav")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--url", required=True, metavar="COLLECTION_URL", help="The calendar collection's URL.")
@click.option("--user", required=True, help="The CalDAV user name.")
@click.option("--cancel", is_flag=True, help="Mark the event cancelled (STATUS:CANCELLED) instead of publishing it.")
@_now_option
@_reports_errors
def caldav_command(file: Path, url: str, user: str, cancel: bool, now: datetime | None) -> None:
    """Publish the events in FILE to a CalDAV calendar: create, update in place, or cancel.

    The password comes from the environment variable RADICAL_SOCIAL_CALDAV_PASSWORD.
    """
    from radical_social.delivery.caldav import password_from_environment, publish_to_caldav
    from radical_social.sources.files import load_events

    password = password_from_environment()
    for event in load_events(file):
        result = publish_to_caldav(event, url=url, user=user, password=password, cancel=cancel, now=now)
        click.echo(f"{event.title}: {result.action} (SEQUENCE {result.sequence}) {result.href}")


@main.command("publish")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--mastodon", "mastodon_url", default=None, metavar="URL",
              help="Post to this Mastodon server, e.g. https://mastodon.example; the token comes from "
                   "RADICAL_SOCIAL_MASTODON_TOKEN.")
@click.option("--unlisted", is_flag=True, help="Post unlisted on Mastodon (out of public timelines), not public.")
@click.option("--bluesky-handle", default=None, metavar="NAME",
              help="Post to this Bluesky account, e.g. name.bsky.social; the app password comes from "
                   "RADICAL_SOCIAL_BLUESKY_PASSWORD.")
@click.option("--bluesky", "bluesky_url", default=None, metavar="URL",
              help="The Bluesky account's server (PDS), e.g. https://pds.example (default: https://bsky.social).")
@click.option("--accounts", "accounts_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None, metavar="PATH",
              help="The accounts file (TOML; default: accounts.toml in your user config folder, if there). "
                   "--mastodon and --bluesky-handle override it.")
@click.option("--channels", default=None, metavar="IDS",
              help="Comma-separated channel ids to consider (default: every channel of the plan).")
@click.option("--moment", type=click.Choice(["announce", "reminder", "last_call", "thanks"]), default=None,
              help="Publish this moment now, whatever the time, a missed one too (unless it went out already).")
@click.option("--journal", default=None, metavar="PATH|URL", callback=_journal,
              help="The never-twice journal: a file (default: in your user data folder, shared with the email "
                   "invitations) or a postgresql:// URL, for several machines (password in the URL or PGPASSWORD).")
@click.option("--dry-run", is_flag=True, help="Say what would be posted; send nothing and change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--now", metavar="ISO-DATETIME", callback=_moment, default=None,
              help="Run as if it were this time, e.g. 2027-01-15T10:05+01:00 (default: the clock).")
@click.option("--base-url", default=None, metavar="URL", callback=_base_url,
              help="For event files, as given to build: where the event pages are published; an event without "
                   "a url gets its page, URL/SLUG/, as its link.")
@_templates_option
@_reports_errors
def publish_command(files: tuple[Path, ...], mastodon_url: str | None, unlisted: bool, bluesky_handle: str | None,
                    bluesky_url: str | None, accounts_file: Path | None, channels: str | None, moment: str | None,
                    journal: str | Path | None, dry_run: bool, as_json: bool,
                    now: datetime | None, base_url: str | None, templates: Path | None) -> None:
    """Post what is due now from the FILES (event files, as build reads them, or saved kits: their
    folders or kit.json), once each.

    Run it from cron every few minutes: it does nothing when nothing is due. An event file is planned
    from the time the journal first saw that revision of each event (its UID and SEQUENCE), so its
    moments stay put from run to run; the posts are what build makes at that time. A new SEQUENCE that
    neither moves nor cancels the event keeps the plan, and posts nothing twice. A moment that was
    missed is skipped and reported, never posted late. Channels without an account here are listed
    as due "by hand", with the files to post. Exit status 0 when every due post is published (now or
    before), 1 when any failed (the next run tries again), 2 on a usage error.
    """
    from dataclasses import replace

    from radical_social.delivery.bluesky import DEFAULT_SERVER, PASSWORD_VARIABLE, BlueskyAccount
    from radical_social.delivery.mastodon import TOKEN_VARIABLE, MastodonAccount
    from radical_social.delivery.publishing import publish

    if bluesky_url is not None and bluesky_handle is None:
        raise click.UsageError("--bluesky needs --bluesky-handle: the account to post as")
    accounts: list[MastodonAccount | BlueskyAccount] = []
    if mastodon_url is None and bluesky_handle is None:
        from radical_social.delivery.accounts import load_accounts

        accounts = [replace(account, visibility="unlisted") if unlisted and isinstance(account, MastodonAccount)
                    else account for account in load_accounts(accounts_file)]
    if mastodon_url is not None:
        token = _secret(TOKEN_VARIABLE, "--mastodon", "the token")
        try:
            accounts.append(MastodonAccount(mastodon_url, token, visibility="unlisted" if unlisted else "public"))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--mastodon") from None
    if bluesky_handle is not None:
        password = _secret(PASSWORD_VARIABLE, "--bluesky-handle", "the app password")
        try:
            accounts.append(BlueskyAccount(bluesky_handle, password, bluesky_url or DEFAULT_SERVER))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--bluesky/--bluesky-handle") from None
    chosen = [c.strip() for c in channels.split(",") if c.strip()] if channels else None
    if chosen:
        from radical_social.errors import ChannelError
        from radical_social.posts.channels import chosen_channels

        try:
            chosen_channels(chosen)
        except ChannelError as exc:
            raise click.BadParameter(str(exc), param_hint="--channels") from None
    report = publish(files, accounts=accounts, now=now, journal=journal, channels=chosen, moment=moment,
                     dry_run=dry_run, templates=templates, base_url=base_url)
    if as_json:
        import json

        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _tell(report)
    if report.failed:
        sys.exit(1)


def _secret(variable: str, option: str, what: str) -> str:
    """A secret from the environment, or the usage error saying where to put it."""
    import os

    value = os.environ.get(variable, "")
    if not value.strip():
        raise click.UsageError(f"{option} needs {what} in the environment variable {variable}")
    return value


def _tell(report: PublishReport) -> None:
    """The report in lines a person reads: posted, by hand, skipped, failed, and the next moment."""
    labels = {"published": "posted", "already": "already posted", "would-publish": "would post",
              "by-hand": "by hand", "skipped": "skipped", "failed": "failed", "busy": "busy"}
    for problem in report.unreadable:
        click.echo(f"failed: {problem}", err=True)
    for result in report:
        if result.status == "already" and result.url is None:
            continue
        detail = {"published": result.url, "already": ", ".join(filter(None, (result.url, result.reason))),
                  "failed": result.reason,
                  "skipped": result.reason, "busy": result.reason,
                  "by-hand": ", ".join(filter(None, (result.text, result.card))) or result.reason}.get(result.status)
        click.echo(f"{labels[result.status]}: {result.title} · {result.channel} · {result.moment}"
                   + (f": {detail}" if detail else ""), err=result.status == "failed")
    if not len(report):
        click.echo("nothing due")
    click.echo(f"next: {report.next_due.isoformat(sep=' ', timespec='minutes')}" if report.next_due
               else "next: nothing planned")


def _palette(value: str | None) -> Palette | str | None:
    """A built-in palette's name, or ``#background,#text[,#accent]`` made legible."""
    if value is None or "," not in value:
        return value
    from radical_social.graphics.palette import brand_palette

    colours = [part.strip() for part in value.split(",")]
    if len(colours) not in (2, 3):
        raise click.BadParameter("give two or three colours: '#background,#text[,#accent]'", param_hint="--palette")
    return brand_palette(*colours)


def _summarise(kit: Kit, folder: Path, echo: Callable[[str], object] = click.echo) -> None:
    """A few lines a person reads, in the event's language: what was made, where, what is missing,
    and when to post."""

    from radical_social.kit.build import INVITE_FILE, MANIFEST_FILE, PAGE_FILE
    from radical_social.kit.footprint import compare
    from radical_social.text import words
    from radical_social.text.wording import message

    event, language = kit.event, kit.language
    today = kit.generated_at.date()

    def say(key: str, **values: object) -> str:
        return message(language, "summary", key, **values)

    def count(number: int, one: str, many: str) -> str:
        return say(one) if number == 1 else say(many, count=number)

    venue = f" · {event.venue.name}" if event.venue else ""
    channels = sorted({post.channel.id for post in kit.posts})
    findings = sum(len(post.findings) for post in kit.posts) + len(kit.findings)
    when = words.when(event.in_language(language), today=today)
    echo(f"{event.title} · {words.upper_first(when)}{venue}")
    echo(f"  {folder}/")
    echo(f"    {INVITE_FILE:<11} {say('invite', bytes=words.number(len(kit.invite), language))}")
    echo(f"    {PAGE_FILE:<11} {say('page', kb=max(1, len(kit.page.encode('utf-8')) // 1000))}")
    echo(f"    {'posts/':<11} {say('posts', posts=len(kit.posts), channels=len(channels))}, "
               f"{count(findings, 'finding', 'findings')}")
    for finding in kit.findings:
        echo(f"      {finding.rule}: {finding.message}")
    for post in kit.posts:
        for lint_finding in post.findings:
            echo(f"      {post.path}: {lint_finding.rule}: {lint_finding.message}")
    if kit.cards:
        sizes = ", ".join(f"{card.filename} {card.bytes // 1000} KB" for card in kit.cards)
        echo(f"    {'cards/':<11} {sizes}")
    if kit.poster is not None:
        echo(f"    {'poster.pdf':<11} {say('poster', paper=kit.poster.paper, kb=kit.poster.bytes // 1000)}")
    echo(f"    {MANIFEST_FILE:<11} {say('manifest', links=', '.join(kit.links.as_dict()))}")
    echo(f"  {say('footprint')}: {compare(kit.footprint, kit.treadmill, language=language)}")
    moments: dict[tuple[str, str], int] = {}
    for slot in kit.plan:
        key = (words.moment(slot.at, language, today=today), message(language, "moments", slot.moment))
        moments[key] = moments.get(key, 0) + 1
    echo(f"  {say('plan')}:" + ("" if moments else f" {say('plan-empty')}"))
    width = max((len(at) for at, _ in moments), default=0), max((len(moment) for _, moment in moments), default=0)
    for (at, moment), number in moments.items():
        echo(f"    {at:<{width[0]}}  {moment:<{width[1]}}  {count(number, 'channel', 'channels')}")


if __name__ == "__main__":  # pragma: no cover
    main()
