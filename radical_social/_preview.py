"""Notebook previews: escaped HTML that never raises (on any error, the plain repr)."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from radical_social.events import Event
    from radical_social.kit import Kit

T = TypeVar("T")


def _never_raises(render: Callable[[T], str]) -> Callable[[T], str]:
    @wraps(render)
    def safe(value: T) -> str:
        try:
            return render(value)
        except Exception:  # a preview must never break a notebook
            return f"<pre>{html.escape(object.__repr__(value))}</pre>"

    return safe


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _when(event: Event) -> str:
    zone = f" ({event.timezone})" if event.timezone and not event.all_day else ""
    width = 10 if event.all_day else 16
    if event.end is None or event.end == event.start:
        return f"{event.start.isoformat()[:width]}{zone}"
    return f"{event.start.isoformat()[:width]} – {event.end.isoformat()[:width]}{zone}"


def _link(url: str, text: str) -> str:
    return f'<a href="{_e(url)}" target="_blank" rel="noopener">{_e(text)}</a>'


@_never_raises
def event_html(event: Event) -> str:
    rows = [("When", _e(_when(event)))]
    if event.venue:
        rows.append(("Where", _e(event.venue.one_line)))
    if event.url:
        rows.append(("Link", _link(event.url, event.url)))
    if event.organizer:
        rows.append(("Organizer", _e(event.organizer.name)))
    if event.is_free:
        rows.append(("Price", "free"))
    elif event.price is not None:
        rows.append(("Price", _e(f"{event.price} {event.effective_currency}")))
    rows.append(("UID", f"<code>{_e(event.uid)}</code>"))
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    description = f"<p>{_e(event.description)}</p>" if event.description else ""
    return f"<div><strong>{_e(event.title)}</strong>{description}<table>{body}</table></div>"


@_never_raises
def kit_html(kit: Kit) -> str:
    links = " · ".join(_link(url, name) for name, url in kit.links.as_dict().items())
    plan = "".join(
        f"<li>{_e(slot.at.isoformat(sep=' ', timespec='minutes'))} · {_e(slot.channel)} · {_e(slot.moment)}</li>"
        for slot in kit.plan
    )
    posts = "".join(post._repr_html_() for post in kit.posts)
    cards = "".join(
        f"<figure style='display:inline-block;margin:4px'><img src='data:image/{_e(card.format)};base64,"
        f"{base64.b64encode(card.data).decode('ascii')}' alt='{_e(card.alt)}' width='{card.width // 4}'>"
        f"<figcaption style='font-size:smaller;max-width:{card.width // 4}px'>{_e(card.alt)}</figcaption></figure>"
        for card in kit.cards
    )
    from radical_social.footprint import compare

    footprint = _e(compare(kit.footprint, kit.treadmill, language=kit.language))
    findings = "".join(f"<li>{_e(finding.message)}</li>" for finding in kit.findings)
    return (
        f"<div>{event_html(kit.event)}"
        + (f"<ul style='color:#b00020'>{findings}</ul>" if findings else "") +
        f"<p><strong>Add to calendar:</strong> {links}</p>"
        f"<p><code>{_e(kit.slug)}/invite.ics</code> ({len(kit.invite):,} bytes)</p>"
        f"<div>{cards}</div><p><strong>Footprint:</strong> {footprint}</p>"
        f"<details><summary>Plan: {len(kit.plan)} posts</summary><ul>{plan}</ul></details>"
        f"<details><summary>Posts</summary>{posts}</details></div>"
    )
