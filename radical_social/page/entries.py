"""The upcoming events as the index and its Atom feed list them: what, when, where, in the site's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from radical_social.page.layout import event_slug
from radical_social.page.upcoming import Upcoming
from radical_social.text import words

if TYPE_CHECKING:
    from radical_social.event.model import Event


@dataclass(frozen=True, slots=True)
class Entry:
    """One upcoming event in the site's language; its title, description and place stay as the event says them."""

    event: Event
    slug: str
    """The event's folder in the site: its page is ``<slug>/``."""
    at: datetime
    """When its next occurrence starts."""
    start: str
    """That start in ISO 8601, as ``<time datetime>`` takes it: a time with its offset, or an all-day event's date."""
    status: str | None
    """``Annullato``, ``To be confirmed``; None for a confirmed event."""
    when: str
    """The next occurrence in words: ``sabato 16 gennaio, ore 18:00–20:30``."""
    repeats: str | None
    """How the event repeats, in words, when it does: ``ogni martedì fino al 30 marzo``."""
    where: str | None
    """The venue in one line, as its country writes addresses."""

    @property
    def facts(self) -> str:
        """Status, when, repeats and where, in one line."""
        return " · ".join(part for part in (self.status, self.when, self.repeats, self.where) if part)


def entries(items: Sequence[Upcoming], language: str, now: datetime) -> list[Entry]:
    """The entries of ``items``, in order, with the dates and words of ``language`` (a BCP 47 tag)."""
    phrases = words.phrases(language)
    today = now.date()
    found = []
    for item in items:
        shown = item.next.in_language(language)
        found.append(Entry(
            event=item.event, slug=event_slug(item.event), at=item.at, start=shown.start.isoformat(),
            status=phrases.status(item.event.status), when=words.upper_first(words.when(shown, today=today)),
            repeats=words.recurrence(shown), where=item.event.venue.one_line if item.event.venue else None,
        ))
    return found
