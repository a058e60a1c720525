"""The event: what every other stage reads. Nothing here imports a later stage.

- ``model``: ``Event``, ``Venue``, ``Organizer``, ``Photo``, frozen and valid once built.
- ``parsing``: event-file keys → typed values, every problem collected.
- ``checks``: checks on typed values, each returning problems instead of raising.
- ``recurrence``: the one reader of RFC 5545 recurrence rules.
- ``zones``, ``zone_rules``, ``walls``: IANA time zones by name; each zone's changes of offset, read from
  its TZif file and POSIX rule; wall times a clock change skips or repeats.
- ``addresses``: a venue's address written the way its country writes it.
- ``values``: how a problem quotes a value, and the years an event may fall in.
"""
