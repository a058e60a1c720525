"""Where events come from: event files, and calendars (files or URLs) turned into event files.

- ``files``: event files (YAML, TOML, JSON, JSON Lines, CSV) → events.
- ``calendars``: .ics files and URLs → events and event files.
- ``ics``, ``ics_zones``, ``ics_chunks``: an imported calendar's VEVENTs and time zones; a large one cut into
  chunks of VEVENTs, read on several processes.
- ``webpages``, ``schema_org``, ``country_zones``: an event's web page (its schema.org Event data) → events
  and event files; a country's time zone for times given with an offset only.
- ``fetch``: fetching a URL that cannot be turned against the caller's network.
- ``json_text``: JSON decoding at orjson's speed with json's results.
- ``workers``: work on the events of files over several processes, the results in order (``feed`` and
  ``build --jobs``).
"""
