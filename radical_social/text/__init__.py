"""What people read, in their language: the facts of an event in words, templates, and how text is counted.

- ``words``: dates, times, prices, places and repeats as a native speaker writes them.
- ``wording``: the fixed words outside the templates, as data, one file per supported language
  (``languages/<lang>.json``): labels, the grammar of dates and repeats, the footprint line and
  what radical_social tells the person building a kit (``message``).
- ``templating``: the jinja2 environment, a user's folder before the built-in templates.
- ``counting``: how each network counts a post's length, and SMS in the GSM-7 alphabet.
- ``sentences``: where sentences end.
- ``folding``: text folded for matching (case, accents, styled letters), with the original offsets.
- ``patterns``: what an emoji is, and a word list as one regular expression.
- ``compiled``: what every run would compile again (templates, patterns, fonts' character maps), kept
  between runs in the user's cache folder.
"""
