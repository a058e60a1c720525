"""The words radical_social writes, as data: one file per supported language, read once, on first use.

``radical_social/text/languages/<lang>.json`` holds, per language, the labels of posts, cards and
the poster (``phrases``), the grammar that joins dates, times and repeats (``grammar``), the
footprint line (``footprint``) and what radical_social tells the person building a kit
(``messages``). English's ``_about`` entry describes the file; every language has every key
English has. The posts, emails and the invite's description are templates instead, which people can
override; the linter's phrase lists are files of this kind beside it, in ``posts/linting_rules/``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

__all__ = ["FALLBACK", "SUPPORTED", "message", "resolve_language", "table", "wording"]

SUPPORTED = ("it", "en", "es", "fr", "de")
"""Languages with their own wording; the first subtag of an event's language tag picks one."""

FALLBACK = "en"

_TAG_SEPARATOR = re.compile(r"[-_]")


@lru_cache(maxsize=256)
def resolve_language(tag: str) -> tuple[str, bool]:
    """``(language, fell_back)``: the supported base language of a BCP 47 tag, else English."""
    base = _TAG_SEPARATOR.split(tag, maxsplit=1)[0].lower()
    if base in SUPPORTED:
        return base, False
    return FALLBACK, True


def message(language: str, section: str, key: str, /, **values: object) -> str:
    """The ``messages`` ``section``/``key`` wording in ``language`` (a BCP 47 tag), with ``values`` filled in."""
    return str(wording(language)["messages"][section][key]).format(**values)


def wording(language: str) -> Mapping[str, Any]:
    """The wording of a BCP 47 tag's language (English's for a language without its own)."""
    return _read(resolve_language(language)[0])


def table(entries: Mapping[str, str], number: int) -> str:
    """A table's entry for ``number``, else its ``default``: ``{"default": "il ", "0": "lo "}``."""
    return entries.get(str(number), entries["default"])


@lru_cache(maxsize=8)
def _read(language: str) -> Mapping[str, Any]:
    import json
    from importlib.resources import files

    data: Mapping[str, Any] = json.loads((files("radical_social.text") / "languages" / f"{language}.json").read_bytes())
    return data
