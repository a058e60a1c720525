"""Images drawn from an event's facts: cards for each channel and a printable poster.

- ``palette``: colours (built-in palettes and the organizer's) and WCAG 2 contrast.
- ``look``: the ``Look``, one value for the layout, palette, font and photo of cards and poster.
- ``typeface``: the bundled Inter; ``faces``, ``text_boxes``: a font at one size; text that always fits a box.
- ``coverage``: which font draws each character (the organizer's, Inter, one the system has).
- ``pdf_type``: a font cut to the glyphs a PDF uses, with TrueType outlines (for the poster).
- ``pixels``: the organizer's photo, the QR code and the frugal encoding.
- ``layouts``: where the facts, photo and QR code go on each card.
- ``cards``, ``poster``: the cards and the poster.
"""
