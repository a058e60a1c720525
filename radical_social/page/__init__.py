"""The event's public face on the web: static files any web host serves.

- ``slugs``: an event's folder name in a kit or a site (``<slug>/``).
- ``upcoming``: which events are still to come at a moment, each at its next occurrence.
- ``entries``: the upcoming events in words (what, when, where), as the index and its Atom feed list them.
- ``index``: ``write_index``: the index page, its Atom feed and its ICS subscription feed.
- ``atom``: the Atom feed (RFC 4287).
"""
