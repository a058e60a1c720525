"""Pixels in and out of a card: the organizer's photo, the QR code, and the frugal encoding."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from radical_social.errors import EventError, Problem
from radical_social.graphics.palette import RGB, mix

if TYPE_CHECKING:
    from PIL import Image

PHOTO_BYTES = 1_000_000
"""The most a card with a photo may weigh: Bluesky's limit per image, the smallest of the networks'."""

MAX_PHOTO_PIXELS = 50_000_000
"""The most pixels a photo may decode to (a JPEG decodes at a reduced scale first): 150 MB in RGB."""

MAX_PHOTO_SIDE = 20_000
"""The most pixels a photo may have on a side: a 1×50,000,000 strip decodes slowly into far more than 150 MB."""

QUIET_ZONE = 4
"""Light modules around a QR code, as ISO/IEC 18004 asks."""

_DRAFT = (1200, 1200)
"""JPEG photos decode at the smallest scale still at least this large (much faster than full size)."""

_JPEG_QUALITIES = (82, 74, 66, 58, 50, 42, 34)
_RAMP_STEPS = 16


def open_photo(path: Path) -> Image.Image:
    """The organizer's photo, upright (EXIF orientation applied) and in RGB, without its metadata.

    Raises ``EventError`` at ``image`` when the file is missing or not a picture Pillow reads.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as opened:  # reads the header only: the pixels are decoded below
            opened.draft("RGB", _DRAFT)
            if max(opened.size) > MAX_PHOTO_SIDE:
                raise ValueError(f"it is {opened.width}×{opened.height} pixels, more than {MAX_PHOTO_SIDE:,} "
                                 "pixels on a side; save a smaller copy")
            if opened.width * opened.height > MAX_PHOTO_PIXELS:
                raise ValueError(f"it is {opened.width}×{opened.height} pixels, more than "
                                 f"{MAX_PHOTO_PIXELS // 1_000_000} megapixels; save a smaller copy")
            upright = ImageOps.exif_transpose(opened)
            return upright.convert("RGB")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise EventError([Problem("image", f"cannot read the photo {str(path)!r}: {reason}")]) from None


def cover(photo: Image.Image, width: int, height: int, focal: tuple[float, float]) -> Image.Image:
    """The photo scaled to cover ``width``×``height``, cropped around ``focal`` (fractions of its size)."""
    from PIL import Image

    scale = max(width / photo.width, height / photo.height)
    crop_w, crop_h = width / scale, height / scale
    left = min(max(focal[0] * photo.width - crop_w / 2, 0), photo.width - crop_w)
    top = min(max(focal[1] * photo.height - crop_h / 2, 0), photo.height - crop_h)
    return photo.resize((width, height), Image.Resampling.LANCZOS, box=(left, top, left + crop_w, top + crop_h),
                        reducing_gap=2.0)


@lru_cache(maxsize=64)
def qr_rows(url: str) -> tuple[bytes, ...]:
    """The QR code of ``url`` as rows of 0/1 modules (error correction M, raised where it is free)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return tuple(bytes(row) for row in code.matrix)


def qr_side(rows: tuple[bytes, ...], module: int) -> int:
    """The side in px of the code with its quiet zone."""
    return (len(rows) + 2 * QUIET_ZONE) * module


def draw_qr(image: Image.Image, rows: tuple[bytes, ...], xy: tuple[int, int], module: int,
            dark: RGB, light: RGB) -> None:
    """Paint the code with its quiet zone, ``module`` px a module, its top-left corner at ``xy``."""
    from PIL import Image, ImageOps

    count = len(rows)
    mask = Image.frombytes("L", (count, count), b"".join(row.translate(_TO_INK) for row in rows))
    mask = ImageOps.expand(mask, QUIET_ZONE, fill=0).resize((qr_side(rows, module),) * 2, Image.Resampling.NEAREST)
    image.paste(light, (*xy, xy[0] + mask.width, xy[1] + mask.height))
    image.paste(dark, xy, mask)


_TO_INK = bytes([0, 255]) + bytes(254)


def encode_flat(image: Image.Image, colours: list[RGB]) -> bytes:
    """A flat card as a PNG of at most a few dozen colours.

    The colours are known: each pair a card draws one over the other, with the steps between them
    that antialiased edges take. Mapping every pixel to the nearest of those is several times
    faster than an adaptive quantizer and as faithful. zlib level 6: level 9 saves about 10 % and
    costs five times the time.
    """
    from PIL import Image

    palette = Image.new("P", (1, 1))
    flat = [channel for colour in colours[:256] for channel in colour]
    palette.putpalette(flat + [0] * (768 - len(flat)))
    indexed = image.quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, "PNG", compress_level=6)
    return out.getvalue()


def ramps(pairs: list[tuple[RGB, RGB]]) -> list[RGB]:
    """Each pair's two colours and the steps between them, without repeats."""
    found = {mix(first, second, step / (_RAMP_STEPS - 1)): None
             for first, second in pairs for step in range(_RAMP_STEPS)}
    return list(found)


def encode_photo(image: Image.Image) -> bytes:
    """A card with a photo as a JPEG: the first quality from 82 down that weighs under ``PHOTO_BYTES``.

    Chroma is kept at full resolution (4:4:4) so coloured type stays sharp; no metadata is written.
    """
    data = b""
    for quality in _JPEG_QUALITIES:
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, subsampling=0, optimize=True)
        data = out.getvalue()
        if len(data) <= PHOTO_BYTES:
            break
    return data
