"""Which font draws a character: the organizer's font, the bundled Inter, or one the system has for it.

A font's characters are read from its character map (fontTools). A font for a script neither of the
first two has (CJK, Arabic, Hebrew, Devanagari…) is asked of fontconfig (``fc-match``) where it is
installed, as on most Linux and BSD systems; elsewhere the system is not searched.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from radical_social.graphics.typeface import bundled_font

_CANDIDATES = 3
"""How many of fontconfig's best matches are checked for the characters before giving up."""


@dataclass(frozen=True, slots=True)
class FontFile:
    """A font file, and the face's index in it when it is a collection (``.ttc``)."""

    path: str
    index: int = 0


def chain(source: str | None, bold: bool) -> tuple[FontFile, ...]:
    """The fonts tried first, in order: the organizer's (for every weight), then Inter."""
    bundled = FontFile(str(bundled_font(bold=bold)))
    return (FontFile(source), bundled) if source is not None else (bundled,)


@lru_cache(maxsize=64)
def charset(font: FontFile) -> frozenset[int]:
    """The code points ``font`` maps to glyphs; empty when fontTools cannot read its character map.
    Kept between runs (``text.compiled``) until the file changes."""
    from radical_social.text.compiled import kept

    try:
        stat = Path(font.path).stat()
    except OSError:
        return frozenset()
    key = f"{font.path}\0{font.index}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return frozenset(kept("charset", key, lambda: _read_charset(font)))


def _read_charset(font: FontFile) -> list[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:  # the file opened here, so that it is closed when fontTools cannot read it
        with Path(font.path).open("rb") as file, TTFont(file, fontNumber=font.index, lazy=True) as opened:
            return sorted(opened.getBestCmap() or ())
    except (OSError, TTLibError, KeyError, AssertionError, ValueError):
        return []


def has(font: FontFile, cluster: str) -> bool:
    """Whether ``font`` has a glyph for every character of ``cluster``."""
    known = charset(font)
    return all(ord(char) in known for char in cluster)


@lru_cache(maxsize=4096)
def font_for(source: str | None, bold: bool, cluster: str) -> FontFile | None:
    """The first font of the chain that has ``cluster``, else a system font that has it, else None."""
    for font in chain(source, bold):
        if has(font, cluster):
            return font
    return system_font(cluster, bold)


@lru_cache(maxsize=1024)
def system_font(cluster: str, bold: bool) -> FontFile | None:
    """The sans-serif font fontconfig ranks first for ``cluster`` (bold if asked), when it has every
    character of it; None without fontconfig or without such a font."""
    command = shutil.which("fc-match")
    if command is None:
        return None
    codes = " ".join(f"{ord(char):x}" for char in sorted(set(cluster)))
    pattern = f"sans-serif:charset={codes}:scalable=true:color=false" + (":weight=bold" if bold else "")
    try:
        found = subprocess.run([command, "--sort", "--format", "%{file}\t%{index}\n", pattern],
                               capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in found.splitlines()[:_CANDIDATES]:
        path, _, index = line.partition("\t")
        font = FontFile(path, int(index) if index.isdigit() else 0)
        if path and has(font, cluster):
            return font
    return None
