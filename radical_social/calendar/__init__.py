"""Calendars that every app accepts (RFC 5545): invites, subscription feeds and add-to-calendar links.

- ``lines``: content lines written by hand: escaping, value formats, folding.
- ``vtimezone``: VTIMEZONE blocks from a zone's own rules.
- ``invites``: one event's invite, and the VEVENT writer feeds share.
- ``feeds``: one subscription feed of many events, on several processes.
- ``links``: Google, Outlook and Yahoo add-to-calendar links.
"""
