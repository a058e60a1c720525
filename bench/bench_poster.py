"""The poster: ms and bytes per A4 and A5 page, plain and with a photo.

The baseline, measured in the same run, is the least an fpdf2 poster pays: one page, the bundled
font embedded, the title, date, place and link written with ``cell`` at fixed sizes, ``output()``.
With ``--before PATH`` (a checkout of an earlier radical_social with the same ``render_poster``),
that code's figures, measured in a subprocess in the same run, stand beside ours.
Run alone: ``python bench/bench_poster.py [--quick] [--before PATH]``.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from timing import Row, best_of, camera_photo, measured_by, script_main

from radical_social.event.model import Event, Photo
from radical_social.graphics.look import Look
from radical_social.graphics.poster import render_poster

TODAY = date(2026, 12, 1)
CASES = ("A4", "A5", "A4 + photo")


def baseline_poster(event: Event) -> bytes:
    from fpdf import FPDF

    from radical_social.graphics.typeface import bundled_font

    pdf = FPDF(unit="pt")
    pdf.add_font("Inter", "", bundled_font())
    pdf.add_page()
    for size, text in ((60, event.title), (20, "Sabato 16 gennaio, ore 18:00–20:30"),
                       (16, event.venue.name if event.venue else ""), (12, str(event.url))):
        pdf.set_font("Inter", "", size)
        pdf.cell(text=text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())



def measure(runs: int) -> dict[str, tuple[float, int]]:
    """Seconds (best of ``runs``) and bytes of each case, by the ``render_poster`` imported here."""
    event = Event.example()
    render_poster(event, today=TODAY)  # warm caches: fonts, Babel, the QR matrix
    with tempfile.TemporaryDirectory() as folder:
        pictured = Look(photo=Photo(path=camera_photo(Path(folder))))
        calls = {
            "A4": lambda: render_poster(event, today=TODAY),
            "A5": lambda: render_poster(event, paper="A5", today=TODAY),
            "A4 + photo": lambda: render_poster(event, look=pictured, today=TODAY),
        }
        return {case: (best_of(runs, call), call().bytes) for case, call in calls.items()}


def before(path: Path, runs: int) -> dict[str, tuple[float, int]]:
    """``measure`` run by the code at ``path``."""
    found: dict[str, list[float]] = measured_by(__file__, path, runs)
    return {case: (seconds, int(size)) for case, (seconds, size) in found.items()}


def rows(quick: bool = False, earlier: Path | None = None) -> list[Row]:
    runs = 3 if quick else 10
    event = Event.example()
    ours = measure(runs)
    old = before(earlier, runs) if earlier else {}
    baseline = best_of(runs, lambda: baseline_poster(event))
    found = []
    for case in CASES:
        seconds, size = ours[case]
        then = f"before {old[case][0] * 1000:.0f} ms, {old[case][1] / 1000:.0f} KB; " if case in old else ""
        found.append((f"poster {case} rendered (ms, best) and bytes", f"{seconds * 1000:.0f} ms, {size / 1000:.0f} KB",
                      then + f"fpdf2 four cells {baseline * 1000:.0f} ms", "goal ≤ 300 ms; ≤ 100 KB without a photo"))
    return found


if __name__ == "__main__":
    script_main(measure, rows)
