"""Where an event lives in a kit or a site: the folder ``<date>-<title>``, its page ``<slug>/index.html``."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from radical_social.event.model import Event

# Letters that Unicode decomposition does not turn into ASCII.
_LATIN_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th"})


def event_slug(event: Event) -> str:
    """The event's folder name: ``2027-01-16-laboratorio-di-pasta-fresca`` (its start date and title)."""
    return slugify(f"{event.start.isoformat()[:10]} {event.title}")


def slugify(text: str, *, limit: int = 80) -> str:
    """ASCII, lower-case, hyphen-separated: ``Caffè & libri!`` → ``caffe-libri``."""
    spelled = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_LETTERS))
    ascii_text = spelled.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "event"
