"""The event's page: one static HTML file a person reads in five seconds on a phone, and that search
engines and link previews read too.

- ``render``: ``render_page``, the page of one event (``templates/page/event.html.j2``).
- ``structured``: the same facts for machines: schema.org ``Event`` JSON-LD, embedded safely.
- ``layout``: where pages live (``<slug>/index.html`` beside ``invite.ics`` and ``cards/``) and their URL.
- ``site``: writing a site's pages from events and event files, each folder atomically.
"""
