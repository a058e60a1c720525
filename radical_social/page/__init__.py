"""The event's page: one static HTML file a person reads in five seconds on a phone, and that search
engines and link previews read too.

- ``render``: ``render_page``, the page of one event (``templates/page/event.html.j2``).
- ``structured``: the same facts for machines: schema.org ``Event`` JSON-LD, embedded safely.
- ``layout``: where pages live (``<slug>/index.html`` beside ``invite.ics`` and ``cards/``) and their URL.
- ``site``: writing a site's pages from events and event files, each folder atomically.
- ``upcoming``: which events are still to come at a moment, each at its next occurrence.
- ``entries``: the upcoming events in words (what, when, where), as the index and its Atom feed list them.
- ``index``: ``write_index``: the index page, its Atom feed and its ICS subscription feed.
- ``atom``: the Atom feed (RFC 4287).
"""
