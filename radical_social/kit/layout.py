"""The saved kit's fixed names: its ``kit.json`` format and version, and its file names; a module of its own so
that reading a saved kit (publishing, from cron) does not load the builder and its graphics."""

KIT_FORMAT = "radical-social-kit"
KIT_VERSION = 2
"""Version of the ``kit.json`` layout; raised only when a key changes meaning or disappears (2: the
event's ``end`` is null when the event does not say when it ends)."""

INVITE_FILE = "invite.ics"
MANIFEST_FILE = "kit.json"
POSTER_FILE = "poster.pdf"
CARDS_FOLDER = "cards"
