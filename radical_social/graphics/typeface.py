"""The bundled typeface: Inter, Regular and Bold, in the package (fonts/, with its OFL licence)."""

from __future__ import annotations

from pathlib import Path

_FONTS = Path(__file__).resolve().parent / "fonts"


def bundled_font(*, bold: bool = False) -> Path:
    """Inter Regular or Bold, bundled in the wheel (OFL; see fonts/README.md)."""
    return _FONTS / ("Inter-Bold.otf" if bold else "Inter-Regular.otf")
