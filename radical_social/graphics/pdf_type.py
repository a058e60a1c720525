"""Type for a PDF: a font file cut down to the glyphs a text uses, with TrueType outlines.

A PDF embeds an OpenType font with PostScript (CFF) outlines as a font of its own kind; fpdf2
(2.8) writes such a font where only TrueType outlines belong, which poppler reports as a
"mismatch between font type and embedded font file" and stricter readers (printers among them)
may refuse. So the glyphs the poster uses are cut out with fontTools' subsetter and, when they are
CFF, converted to quadratic TrueType outlines (cu2qu, within a thousandth of the em: invisible in
print). A cut font has a few dozen glyphs: converting it takes milliseconds, the whole font seconds.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

_LAYOUT = ("GPOS", "GSUB", "GDEF", "BASE", "JSTF", "MATH")
"""Tables fpdf2 drops without shaping; decoding them would take most of the time."""

_MAX_ERROR = 1 / 1000
"""How far, in ems, a converted curve may stray from the original."""


def cut(path: Path, text: str, index: int = 0) -> bytes:
    """The font at ``path`` (face ``index`` of a collection) with only the glyphs of ``text`` (and
    .notdef), as a TrueType font file."""
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    out = io.BytesIO()
    with TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False) as font:
        for tag in _LAYOUT:
            if tag in font:
                del font[tag]
        options = Options(notdef_outline=True, recommended_glyphs=True, hinting=False, layout_features=[])
        options.drop_tables += ["FFTM"]  # FontForge's timestamps (DejaVu's): the subsetter would complain
        subsetter = Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        if "CFF " in font:
            _to_truetype(font)
        font.save(out)
    return out.getvalue()


def _to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines by TrueType ones, as fontTools' otf2ttf snippet does."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    error = _MAX_ERROR * font["head"].unitsPerEm
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, error, reverse_direction=True))  # TrueType turns the other way
        glyf[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["glyf"], font["loca"] = glyf, newTable("loca")
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}


@lru_cache(maxsize=8)
def characters(path: Path) -> frozenset[str]:
    """The characters the font at ``path`` has a glyph for (its character map, kept between runs)."""
    from radical_social.graphics.coverage import FontFile, charset

    return frozenset(map(chr, charset(FontFile(str(path)))))
