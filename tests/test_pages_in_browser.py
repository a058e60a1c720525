"""The site's real pages rendered in Chromium at 390 and 1280 px wide: every reader's check passes.

A representative set, each a way a page can go wrong: every language, a cancelled event, a recurring
one, an all-day one with a photo, a long title, one with no venue and no link, and one whose title and
description carry a word and an address too long for a phone's line; and the index listing them all.
Written by ``write_pages`` and ``write_index`` with the local server as base URL, as published. The
checks are shown able to fail in test_browser.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PIL import Image

from radical_social import Event, Photo, load_events
from radical_social.page.index import write_index
from radical_social.page.site import write_pages
from tests.browser import Chromium, serving
from tests.page_checks import audit

pytestmark = pytest.mark.slow

EVENTS = Path(__file__).parent / "data" / "events"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
WIDTHS = (390, 1280)
LONG_WORD = "Roggenvollkornsauerteigbrotbackkurs"


def _photo(folder: Path) -> Path:
    """A landscape photo with detail in it, as the organiser's phone gives."""
    gradient = Image.linear_gradient("L").resize((1600, 1200))
    path = folder / "photo.jpg"
    Image.merge("RGB", (gradient, Image.effect_noise((1600, 1200), 40), gradient.rotate(90))).save(path, quality=85)
    return path


def _one(name: str) -> Event:
    (event,) = load_events(EVENTS / f"{name}.yaml")
    return event


def _events(folder: Path) -> dict[str, Event]:
    sourdough = _one("de-sauerteig")
    return {
        "de-lesung": _one("de-lesung"),
        "en-long-title": _one("en-long"),
        "en-no-venue-no-link": _one("en-no-venue-no-link"),
        "es-cancelled": replace(_one("es-cata"), status="cancelled"),
        "fr-all-day-photo": replace(_one("fr-jardin"), image=Photo(path=_photo(folder))),
        "it-recurring": _one("it-recurring"),
        "de-long-word": replace(
            sourdough,
            title=f"{LONG_WORD} für Einsteiger",
            description=f"{sourdough.description}\n\nAnmeldung: https://backstube.example/anmeldung/{LONG_WORD.lower()}-"
            f"fruehjahr-2027-samstag-vormittag",
        ),
    }


PAGES = (
    "de-lesung",
    "en-long-title",
    "en-no-venue-no-link",
    "es-cancelled",
    "fr-all-day-photo",
    "it-recurring",
    "de-long-word",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, str]]]:
    """Each page's URL on a local server and the language it must declare, by name; "index" too."""
    folder = tmp_path_factory.mktemp("site")
    events = _events(tmp_path_factory.mktemp("photo"))
    assert tuple(events) == PAGES
    with serving(folder) as base:
        pages = write_pages(events.values(), folder, base_url=base, now=NOW)
        write_index(events.values(), folder, base_url=base, now=NOW, language="fr")
        found = {
            name: (f"{base}{page.name}/", event.language)
            for (name, event), page in zip(events.items(), pages, strict=True)
        }
        yield {**found, "index": (base, "fr")}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", [*PAGES, "index"])
def test_a_real_page_passes_every_check(
    chromium: Chromium, site: dict[str, tuple[str, str]], page: str, width: int
) -> None:
    url, language = site[page]
    with chromium.open(url, width) as tab:
        found = audit(tab)
        declared = tab.evaluate("document.documentElement.lang")
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
    assert declared == language
