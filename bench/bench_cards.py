"""Cards rendered and encoded: ms and bytes per 1080×1080 card, and the weight of a card with a photo.

The baseline, measured in the same run, is the least any card writer pays: ``Image.new``, the same
lines drawn with ``draw.text`` in Inter at fixed sizes (no fitting, no hyphenation, no QR code) and
``save(PNG)`` with Pillow's defaults (full RGB, no palette). With ``--before PATH`` (a checkout of an
earlier radical_social with the same ``render_card`` and ``Look``), that code's figures, measured in
the same run by a child process, stand beside ours.
Run alone: ``python bench/bench_cards.py [--quick] [--before PATH]``.
"""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from timing import Row, best_of, camera_photo, measured_by, script_main

from radical_social.event.model import Event, Photo
from radical_social.graphics.cards import LAYOUTS, SIZES, render_card, render_cards
from radical_social.graphics.look import Look

TODAY = date(2026, 12, 1)
INTER = Path(__file__).resolve().parent.parent / "radical_social" / "graphics" / "fonts" / "Inter-Regular.otf"


def baseline_card(event: Event) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1080, 1080), (244, 239, 230))
    draw = ImageDraw.Draw(image)
    for top, text, size in ((120, event.title, 110), (640, "Sabato 16 gennaio, ore 18:00–20:30", 46),
                            (720, event.venue.name if event.venue else "", 40), (900, str(event.url), 30)):
        draw.text((86, top), text, font=ImageFont.truetype(str(INTER), size), fill=(31, 27, 22))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()



def measure(runs: int) -> dict[str, list[float]]:
    """Seconds (best of ``runs``) and bytes: a square card in each layout, every size of one event,
    a story with a photo; by the ``render_card`` imported here."""
    event = Event.example()
    render_card(event, today=TODAY)  # warm caches: fonts, Babel, the QR matrix
    found: dict[str, list[float]] = {}
    for layout in LAYOUTS:
        look = Look(layout=layout)
        found[layout] = [best_of(runs, lambda look=look: render_card(event, look=look, today=TODAY)),
                         render_card(event, look=look, today=TODAY).bytes]
    found["every size"] = [best_of(max(1, runs // 5), lambda: render_cards(event, SIZES, today=TODAY)), 0]
    with tempfile.TemporaryDirectory() as folder:
        photo = Look(photo=Photo(path=camera_photo(Path(folder))))
        found["story + photo"] = [0.0, render_card(event, "story", look=photo, today=TODAY).bytes]
    return found


def before(path: Path, runs: int) -> dict[str, list[float]]:
    """``measure`` run by the code at ``path``."""
    found: dict[str, list[float]] = measured_by(__file__, path, runs)
    return found


def rows(quick: bool = False, earlier: Path | None = None) -> list[Row]:
    runs = 5 if quick else 30
    event = Event.example()
    ours = measure(runs)
    old = before(earlier, runs) if earlier else {}
    baseline = best_of(runs, lambda: baseline_card(event))

    def timing(figures: dict[str, list[float]]) -> str:
        return ", ".join(f"{layout} {figures[layout][0] * 1000:.0f}" for layout in LAYOUTS) + " ms"

    def weight(figures: dict[str, list[float]]) -> str:
        return ", ".join(f"{layout} {figures[layout][1] / 1000:.0f}" for layout in LAYOUTS) + " KB"

    def then(text: str) -> str:
        return f"before {text}; " if old else ""

    return [
        ("card 1080×1080 rendered + encoded (ms, best)", timing(ours),
         then(timing(old) if old else "") + f"draw.text + save(PNG) {baseline * 1000:.0f} ms", "goal ≤ 60 ms"),
        ("bytes per flat card 1080×1080", weight(ours),
         then(weight(old) if old else "") + f"RGB PNG {len(baseline_card(event)) / 1000:.0f} KB", "goal ≤ 40 KB"),
        (f"all {len(SIZES)} sizes of one event (ms)", f"{ours['every size'][0] * 1000:.0f} ms",
         f"before {old['every size'][0] * 1000:.0f} ms" if old else "", ""),
        ("story 1080×1920 with a 4000×3000 noisy photo", f"{ours['story + photo'][1] / 1000:.0f} KB jpeg",
         f"before {old['story + photo'][1] / 1000:.0f} KB" if old else "", "goal ≤ 1,000 KB"),
    ]


if __name__ == "__main__":
    script_main(measure, rows)
