"""The minimal posting plan: a few deliberate posts per channel per event, never a treadmill.

``plan`` gives every channel the same moments, at local times on the event's wall clock:

=========  ===============================================  ========
moment     when                                             priority
=========  ===============================================  ========
announce   21 days before, 10:00 — or ``now`` if later      1
last_call  the day before, 10:00                            2
reminder   7 days before, 18:00                             3
thanks     the day after the last day, 10:00 (opt-in)       4
=========  ===============================================  ========

Decisions:

* Days are calendar days in the event's zone, so a post keeps its local hour across a clock
  change. The zone is the event's IANA ``timezone``, else the fixed offset of its ``start``; an
  all-day event starts at 00:00 of its first day, and one without a zone is read on ``now``'s clock.
* Only the announce moves: once its time has passed it goes out at ``now`` rounded up to the next
  5 minutes. Any other moment whose time has passed is dropped; the announce does its job.
* Nothing before ``now``, nothing in the last hour before the start (``MIN_LEAD``: too late to come);
  the thanks comes after the end. An event that is over or starts within the hour gets an empty
  plan, or only its thanks; a cancelled event gets an empty plan. Neither is an error.
* Quiet hours (default 22:00–07:00 local, naive times, start inclusive; equal bounds mean none): a
  time inside them moves to their end, or, if that is too close to the start, to an hour before
  they began (21:00), unless that is before ``now``; otherwise the moment is dropped.
* Too close: a reminder within 2 days of the announce or the last call is dropped; a last call
  less than 12 hours after the announce is dropped too, since the announce already is one.
* Budget: 1 to 4 posts per channel, else ``ValueError`` (never silently raised). A smaller budget
  keeps announce, last call, reminder, thanks in that order: unannounced events find nobody, the
  last call reaches people when they decide, the reminder is the one the rules already drop first,
  and the thanks is optional and comes after the fact.
* Recurring events: the plan announces the series once, relative to the first occurrence
  (``start``); the thanks after it points to the next one.
* Channels: every channel posts at the same time, unstaggered, so the plan reads as "Tuesday
  10:00: post everywhere" and is done in one sitting; duplicate ids are ignored, order is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from radical_social.event.model import Event
from radical_social.posts.channels import Channel, chosen_channels

MOMENTS = ("announce", "reminder", "last_call", "thanks")
PRIORITY = ("announce", "last_call", "reminder", "thanks")
"""Which moments a smaller budget keeps first."""

MAX_BUDGET = 4
MIN_LEAD = timedelta(hours=1)
REMINDER_GAP = timedelta(days=2)
LAST_CALL_GAP = timedelta(hours=12)
QUIET_HOURS = (time(22), time(7))

_SCHEDULE = {
    "announce": (-21, time(10)),
    "reminder": (-7, time(18)),
    "last_call": (-1, time(10)),
    "thanks": (1, time(10)),
}
"""Days from the first day (thanks: from the last day) and the local hour of each moment."""
_EVENING_MARGIN = timedelta(hours=1)
_STEP = 5  # minutes an early announce is rounded up to


@dataclass(frozen=True, slots=True, kw_only=True)
class Slot:
    """One post: on which channel, which moment, and when (aware, in the event's zone)."""

    channel: str
    moment: str
    at: datetime

    def __post_init__(self) -> None:
        if self.moment not in MOMENTS:
            raise ValueError(f"moment must be one of {', '.join(MOMENTS)}; got {self.moment!r}")
        if self.at.utcoffset() is None:
            raise ValueError(f"at must be time-zone aware; got {self.at.isoformat()}")

    def as_dict(self) -> dict[str, str]:
        """The slot for kit.json: ``at`` in ISO 8601 with its offset."""
        return {"channel": self.channel, "moment": self.moment, "at": self.at.isoformat(timespec="seconds")}


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """The posts for one event, sorted by time."""

    slots: tuple[Slot, ...]

    def as_list(self) -> list[dict[str, str]]:
        """The plan as kit.json ``plan``: a JSON-ready list of ``{channel, moment, at}``."""
        return [slot.as_dict() for slot in self.slots]

    def for_channel(self, channel: str | Channel) -> Plan:
        """The slots of one channel, by id or ``Channel`` (an empty plan for a channel not in it)."""
        wanted = channel if isinstance(channel, str) else channel.id
        return Plan(slots=tuple(slot for slot in self.slots if slot.channel == wanted))

    def __iter__(self) -> Iterator[Slot]:
        return iter(self.slots)

    def __len__(self) -> int:
        return len(self.slots)

    def __repr__(self) -> str:
        if not self.slots:
            return "<Plan empty>"
        channels = ", ".join(dict.fromkeys(slot.channel for slot in self.slots))
        moments = ", ".join(
            dict.fromkeys(f"{slot.moment} {slot.at.isoformat(sep=' ', timespec='minutes')}" for slot in self.slots)
        )
        return f"<Plan {channels}: {moments}>"


def plan(
    event: Event,
    *,
    channels: Sequence[str | Channel],
    now: datetime,
    budget: int = MAX_BUDGET,
    thanks: bool = False,
    quiet_hours: tuple[time, time] = QUIET_HOURS,
) -> Plan:
    """Plan at most ``budget`` posts per channel for ``event``, as seen at ``now`` (aware).

    ``channels`` are ids of built-in channels or ``Channel`` values of your own."""
    if not 1 <= budget <= MAX_BUDGET:
        raise ValueError(f"budget is 1 to {MAX_BUDGET} posts per channel per event; got {budget}")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be time-zone aware, e.g. datetime.now(timezone.utc); got {now.isoformat()}")
    if event.status == "cancelled":
        return Plan(slots=())
    ids = [channel.id for channel in chosen_channels(channels)]
    clock = _Clock(zone=event.zone or now.tzinfo, quiet=quiet_hours)
    times = _moment_times(event, clock, now.astimezone(timezone.utc), thanks)
    kept = sorted([moment for moment in PRIORITY if moment in times][:budget], key=times.__getitem__)
    return Plan(
        slots=tuple(
            Slot(channel=channel, moment=moment, at=times[moment].astimezone(clock.zone))
            for moment in kept
            for channel in ids
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Clock:
    """The event's wall clock and its quiet hours; every instant it returns is in UTC."""

    zone: tzinfo
    quiet: tuple[time, time]

    def at(self, day: date, hour: time) -> datetime:
        """The instant of a local wall time; one skipped by a clock change moves past the gap."""
        return datetime.combine(day, hour, tzinfo=self.zone).astimezone(timezone.utc)

    def is_quiet(self, instant: datetime) -> bool:
        local = instant.astimezone(self.zone).time()
        begin, end = self.quiet
        if begin <= end:
            return begin <= local < end
        return local >= begin or local < end

    def quiet_span(self, instant: datetime) -> tuple[datetime, datetime]:
        """When the quiet hours around a quiet ``instant`` began and when they end."""
        local = instant.astimezone(self.zone)
        begin, end = self.quiet
        wraps = begin > end
        began_on = local.date() - timedelta(days=1) if wraps and local.time() < end else local.date()
        ends_on = began_on + timedelta(days=1) if wraps else began_on
        return self.at(began_on, begin), self.at(ends_on, end)


def _moment_times(event: Event, clock: _Clock, now: datetime, thanks: bool) -> dict[str, datetime]:
    """Each moment that fits, as a UTC instant; the budget is applied afterwards."""
    first_day, last_day = _local_day(event.start, clock), _local_day(event.effective_end, clock)
    start, end = _instant(event.start, clock), _instant(event.end_exclusive, clock)
    latest = start - MIN_LEAD
    announce = _settle(clock, max(_scheduled(clock, first_day, "announce"), _round_up(now)), now, latest)
    last_call = _settle(clock, _scheduled(clock, first_day, "last_call"), now, latest)
    if announce and last_call and last_call - announce < LAST_CALL_GAP:
        last_call = None
    reminder = _settle(clock, _scheduled(clock, first_day, "reminder"), now, latest)
    if reminder and any(other and abs(reminder - other) < REMINDER_GAP for other in (announce, last_call)):
        reminder = None
    after = _settle(clock, _scheduled(clock, last_day, "thanks"), max(now, end), None) if thanks else None
    found = zip(MOMENTS, (announce, reminder, last_call, after), strict=True)
    return {moment: at for moment, at in found if at is not None}


def _local_day(moment: datetime | date, clock: _Clock) -> date:
    return moment.astimezone(clock.zone).date() if isinstance(moment, datetime) else moment


def _instant(moment: datetime | date, clock: _Clock) -> datetime:
    """A timed moment in UTC; a day starts at 00:00 local."""
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc)
    return clock.at(moment, time(0))


def _scheduled(clock: _Clock, anchor: date, moment: str) -> datetime:
    days, hour = _SCHEDULE[moment]
    return clock.at(anchor + timedelta(days=days), hour)


def _round_up(instant: datetime) -> datetime:
    """``instant`` rounded up to the next 5 minutes (offsets are whole quarter hours)."""
    floor = instant.replace(minute=instant.minute - instant.minute % _STEP, second=0, microsecond=0)
    return floor if floor == instant else floor + timedelta(minutes=_STEP)


def _settle(clock: _Clock, wanted: datetime, earliest: datetime, latest: datetime | None) -> datetime | None:
    """``wanted`` if allowed; in quiet hours, their end or else the evening before; None if nothing fits.

    Allowed means outside quiet hours, not before ``earliest`` and before ``latest`` (when given).
    """
    candidates = [wanted]
    if clock.is_quiet(wanted):
        began, ends = clock.quiet_span(wanted)
        candidates = [ends, began - _EVENING_MARGIN]
    for at in candidates:
        if earliest <= at and (latest is None or at < latest) and not clock.is_quiet(at):
            return at
    return None
