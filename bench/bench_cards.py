"""Cards rendered and encoded: ms and bytes per 1080×1080 card, and the weight of a card with a photo.

The baseline, measured in the same run, is the least any card writer pays: ``Image.new``, the same
lines drawn with ``draw.text`` at fixed sizes (no fitting, no hyphenation, no QR code) and
``save(PNG)`` with Pillow's defaults (full RGB, no palette).
Run alone: ``python bench/bench_cards.py [--quick]``.
"""

from __future__ import annotations

import io
import sys
import tempfile
from datetime import date
from pathlib import Path

from timing import Row, best_of

from radical_social.event.model import Event, Photo
from radical_social.graphics.cards import LAYOUTS, SIZES, render_card, render_cards
from radical_social.graphics.look import Look

TODAY = date(2026, 12, 1)



def baseline_card(event: Event) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1080, 1080), (244, 239, 230))
    draw = ImageDraw.Draw(image)
    for top, text, size in ((120, event.title, 110), (640, "Sabato 16 gennaio, ore 18:00-20:30", 46),
                            (720, event.venue.name if event.venue else "", 40), (900, str(event.url), 30)):
        draw.text((86, top), text, font=ImageFont.load_default(size=size), fill=(31, 27, 22))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def camera_photo(folder: Path) -> Path:
    """A 4000×3000 JPEG with gradients and sensor-like noise: the hardest kind of photo to make small."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((4000, 3000))
    image = Image.merge("RGB", (gradient, Image.effect_noise((4000, 3000), 32), gradient.rotate(180)))
    path = folder / "photo.jpg"
    image.save(path, "JPEG", quality=92)
    return path


def rows(quick: bool = False) -> list[Row]:
    runs = 5 if quick else 30
    event = Event.example()
    render_card(event, today=TODAY)  # warm caches: fonts, glyphs, Babel, the QR matrix
    looks = {layout: Look(layout=layout) for layout in LAYOUTS}
    ours = {layout: best_of(runs, lambda look=look: render_card(event, look=look, today=TODAY))
            for layout, look in looks.items()}
    weights = {layout: render_card(event, look=look, today=TODAY).bytes for layout, look in looks.items()}
    baseline = best_of(runs, lambda: baseline_card(event))
    every_size = best_of(max(1, runs // 5), lambda: render_cards(event, SIZES, today=TODAY))
    with tempfile.TemporaryDirectory() as folder:
        photo = camera_photo(Path(folder))
        photo_card = render_card(event, "story", look=Look(photo=Photo(path=photo)), today=TODAY)
    timing = ", ".join(f"{layout} {seconds * 1000:.0f}" for layout, seconds in ours.items())
    weight = ", ".join(f"{layout} {size / 1000:.0f}" for layout, size in weights.items())
    return [
        ("card 1080×1080 rendered + encoded (ms, best)", f"{timing} ms",
         f"draw.text + save(PNG) {baseline * 1000:.0f} ms", "goal ≤ 60 ms"),
        ("bytes per flat card 1080×1080", f"{weight} KB", f"RGB PNG {len(baseline_card(event)) / 1000:.0f} KB",
         "goal ≤ 60 KB"),
        (f"all {len(SIZES)} sizes of one event (ms)", f"{every_size * 1000:.0f} ms", "", ""),
        ("story 1080×1920 with a 4000×3000 noisy photo", f"{photo_card.bytes / 1000:.0f} KB {photo_card.format}", "",
         "goal ≤ 1,000 KB"),
    ]


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(" | ".join(row))
