"""What a reader needs from a web page, checked on its render in a real browser (tests/browser.py).

Each check takes a loaded Tab and returns its problems in words (an empty list: it passes), so a
test can say which rule a page breaks, with the values. ``audit`` runs them all. The measurements
come from the page (tests/page_checks.js) and from Chromium's accessibility tree; the judging is here.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PIL import Image

from tests.browser import Tab

HERE = Path(__file__).parent
_MEASURE = (HERE / "page_checks.js").read_text(encoding="utf-8")
VAGUE_LINKS: dict[str, list[str]] = {
    key: words
    for key, words in json.loads((HERE / "data" / "browser" / "vague_links.json").read_text(encoding="utf-8")).items()
    if not key.startswith("_")
}
PHONE = 600  # narrower than this (CSS pixels) is a phone, where body text must be 16 px
BODY_TEXT_PX = 16.0
SMALLEST_TEXT_PX = 12.0
CONTRAST = 4.5  # WCAG 2 AA for normal text
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")
FILE_NAME = re.compile(r"\S+\.(png|jpe?g|gif|webp|avif|svg)", re.IGNORECASE)
SHOWN = 10  # problems listed per check; the rest counted

Colour = Sequence[float]  # r, g, b in 0-255, alpha in 0-1


def _measure(tab: Tab, what: str) -> Any:
    return tab.evaluate(f"({_MEASURE}).{what}()")


def _listed(problems: list[str]) -> list[str]:
    unique = list(dict.fromkeys(problems))
    return unique[:SHOWN] + ([f"… and {len(unique) - SHOWN} more"] if len(unique) > SHOWN else [])


def overflow(tab: Tab) -> list[str]:
    """Nothing wider than the window: the page does not scroll sideways, no box reaches past the right edge."""
    found = _measure(tab, "overflow")
    viewport = found["viewport"]
    problems = []
    if found["scrollWidth"] > viewport:
        problems.append(f"the page is {found['scrollWidth']} px wide in a {viewport} px window")
    problems += [f"{box['what']} reaches {box['right']} px (window {viewport} px)" for box in found["beyond"]]
    return _listed(problems)


def clipped(tab: Tab) -> list[str]:
    """No text cut off: none hidden by overflow:hidden (ellipsis, line clamp), none placed off the page."""
    return _listed([f"{cut['what']} is cut off ({cut['hidden']} px hidden)" for cut in _measure(tab, "clipped")])


def images_loaded(tab: Tab) -> list[str]:
    """Every image arrived and decoded (naturalWidth > 0)."""
    return _listed([f"image {image['src']!r} did not load" for image in _measure(tab, "images") if not image["loaded"]])


def image_alt(tab: Tab) -> list[str]:
    """Every image has alt text; an empty one only on a decorative image (role presentation or none)."""
    problems = []
    for image in _measure(tab, "images"):
        alt, src = image["alt"], image["src"]
        if alt is None:
            problems.append(f"image {src!r} has no alt")
        elif not alt.strip() and image["role"] not in ("presentation", "none"):
            problems.append(f"image {src!r} has an empty alt but is not marked decorative")
        elif FILE_NAME.fullmatch(alt.strip()):
            problems.append(f"image {src!r} has a file name for alt: {alt!r}")
    return _listed(problems)


def readable(tab: Tab) -> list[str]:
    """Body text at least 16 px on a phone, no text under 12 px; sizes as shown, after any zoom-out."""
    found = _measure(tab, "fonts")
    # A page without a working meta viewport is laid out wider than the phone and shown shrunk.
    scale = min(1.0, tab.width / found["layoutWidth"])
    problems = []
    if scale < 1:
        problems.append(f"laid out {found['layoutWidth']} px wide on a {tab.width} px phone: shown at {scale:.0%}")
    phone = tab.width < PHONE
    if phone and found["bodySize"] * scale < BODY_TEXT_PX:
        problems.append(f"body text is {found['bodySize'] * scale:.1f} px (at least {BODY_TEXT_PX:.0f} px on a phone)")
    for text in found["texts"]:
        size = text["size"] * scale
        if size < SMALLEST_TEXT_PX:
            problems.append(f"{text['what']} is {size:.1f} px (at least {SMALLEST_TEXT_PX:.0f} px)")
        elif phone and text["body"] and size < BODY_TEXT_PX:
            problems.append(f"{text['what']} is body text at {size:.1f} px (at least {BODY_TEXT_PX:.0f} px on a phone)")
    return _listed(problems)


def language(tab: Tab) -> list[str]:
    """<html lang> names a language."""
    lang = _measure(tab, "language")
    if lang is None:
        return ["<html> has no lang"]
    return [] if LANGUAGE_TAG.fullmatch(lang) else [f"<html lang={lang!r}> is not a language tag"]


def one_h1(tab: Tab) -> list[str]:
    """Exactly one top-level heading, as a screen reader lists them."""
    names = [
        node.get("name", {}).get("value", "")
        for node in tab.accessibility_tree()
        if node.get("role", {}).get("value") == "heading" and _property(node, "level") == 1
    ]
    return [] if len(names) == 1 else [f"{len(names)} level-1 headings: {names}"]


def _property(node: dict[str, Any], name: str) -> Any:
    return next((p["value"].get("value") for p in node.get("properties", []) if p["name"] == name), None)


def relative_luminance(colour: Colour) -> float:
    """WCAG 2's relative luminance of an sRGB colour (0 black, 1 white)."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: Colour, second: Colour) -> float:
    """WCAG 2's contrast ratio of two opaque colours, 1 to 21, the same either way round."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(top: Colour, bottom: Colour) -> tuple[float, float, float, float]:
    """top painted over an opaque bottom: the opaque colour the eye gets."""
    alpha = top[3]
    r, g, b = (t * alpha + u * (1 - alpha) for t, u in zip(top[:3], bottom[:3], strict=True))
    return (r, g, b, 1.0)


def contrast(tab: Tab) -> list[str]:
    """Every text at least 4.5:1 against what is behind it (backgrounds composited up to the first opaque one)."""
    problems = []
    for text in _measure(tab, "colours"):
        if text["overImage"]:
            problems.append(f"{text['what']} is over a background image: its contrast cannot be checked")
            continue
        behind: Colour = (255, 255, 255, 1.0)  # the browser's canvas
        for background in reversed(text["backgrounds"]):
            behind = over(background, behind)
        ratio = contrast_ratio(over(text["colour"], behind), behind)
        if ratio < CONTRAST:
            problems.append(
                f"{text['what']} has contrast {ratio:.2f}:1 (at least {CONTRAST}:1): "
                f"{_css(text['colour'])} on {_css(behind)}"
            )
    return _listed(problems)


def _css(colour: Colour) -> str:
    r, g, b, a = colour
    return f"#{round(r):02x}{round(g):02x}{round(b):02x}" + ("" if a >= 1 else f" at {a:.0%}")


def _plain(text: str) -> str:
    """Casefolded, without punctuation or extra spaces: 'Click here!' and 'click  here' alike."""
    kept = "".join(c if not unicodedata.category(c).startswith(("P", "S")) else " " for c in text.casefold())
    return " ".join(kept.split())


# "Click here" and its likes, by language, as compared.
_VAGUE = {lang: {_plain(word) for word in words} for lang, words in VAGUE_LINKS.items()}


def link_text(tab: Tab) -> list[str]:
    """Every link's name (what a screen reader reads out) says where it goes: not empty, not 'click here'
    in the link's own language (its closest ``lang``: an index lists events in several)."""
    problems = []
    for node in tab.accessibility_tree():
        if node.get("role", {}).get("value") != "link":
            continue
        name = node.get("name", {}).get("value", "").strip()
        url = _property(node, "url") or ""
        lang = tab.on_node(node, "function () { return this.closest('[lang]')?.lang ?? ''; }")
        if not name:
            problems.append(f"a link to {url} has no text")
        elif _plain(name) in _VAGUE.get(lang.split("-")[0].lower(), set()):
            problems.append(f"a link to {url} says only {name!r}")
    return _listed(problems)


def not_blank(tab: Tab) -> list[str]:
    """The first screen shows something: a screenshot (scroll bars cut away) that is not all one colour."""
    width, height = tab.evaluate("[document.documentElement.clientWidth, document.documentElement.clientHeight]")
    image = Image.open(io.BytesIO(tab.screenshot())).convert("RGB").crop((0, 0, width, height))
    pixels = image.width * image.height
    colours = image.getcolors(pixels) or []
    dominant = max(count for count, _ in colours)
    ink = 1 - dominant / pixels
    if ink >= 0.0005:
        return []
    return [f"the screenshot ({image.width}x{image.height}) is blank: {ink:.3%} not background"]


CHECKS: dict[str, Callable[[Tab], list[str]]] = {
    check.__name__: check
    for check in (
        overflow,
        clipped,
        images_loaded,
        image_alt,
        readable,
        language,
        one_h1,
        contrast,
        link_text,
        not_blank,
    )
}


def audit(tab: Tab) -> dict[str, list[str]]:
    """Every check's problems, by check name; only the checks that found some."""
    found = {name: check(tab) for name, check in CHECKS.items()}
    return {name: problems for name, problems in found.items() if problems}
