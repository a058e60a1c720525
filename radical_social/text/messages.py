"""What radical_social tells the person building a kit, in the event's language.

The wording is data, one file per supported language in ``radical_social/text/messages/<lang>.json``:
kit findings, the names of moments and units, and the command's summary. Files are read once, on
first use; a language without a file gets English.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from typing import Any

__all__ = ["message"]


def message(language: str, section: str, key: str, /, **values: object) -> str:
    """The ``section``/``key`` wording in ``language`` (a BCP 47 tag), with ``values`` filled in."""
    from radical_social.text.words import resolve_language

    return str(_wording(resolve_language(language)[0])[section][key]).format(**values)


@lru_cache(maxsize=8)
def _wording(language: str) -> Mapping[str, Any]:
    resource = files("radical_social.text").joinpath(f"messages/{language}.json")
    data: Mapping[str, Any] = json.loads(resource.read_bytes())
    return data
