"""What notebook previews share: escaped HTML, links, and a renderer that never raises (on any error, the plain repr).

``Event``, ``Post`` and ``Kit`` build their previews from these, each in its own module."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

T = TypeVar("T")


def never_raises(render: Callable[[T], str]) -> Callable[[T], str]:
    @wraps(render)
    def safe(value: T) -> str:
        try:
            return render(value)
        except Exception:  # a preview must never break a notebook
            return f"<pre>{escaped(object.__repr__(value))}</pre>"

    return safe


def escaped(value: object) -> str:
    import html  # on first preview: html loads its table of entities, which ``import radical_social`` need not pay

    return html.escape(str(value), quote=True)


def link(url: str, text: str) -> str:
    return f'<a href="{escaped(url)}" target="_blank" rel="noopener">{escaped(text)}</a>'
