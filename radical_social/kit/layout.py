"""The saved kit's fixed names: its ``kit.json`` format and version, and its file names; a module of its own so
that reading a saved kit (publishing, from cron) does not load the builder and its graphics. The names a kit
shares with a site (the page, the invite, the cards) have their home in ``page.layout``."""

from radical_social.page.layout import CARDS_FOLDER as CARDS_FOLDER
from radical_social.page.layout import INVITE_FILE as INVITE_FILE
from radical_social.page.layout import PAGE_FILE as PAGE_FILE

KIT_FORMAT = "radical-social-kit"
KIT_VERSION = 2
"""Version of the ``kit.json`` layout; raised only when a key changes meaning or disappears (2: the
event's ``end`` is null when the event does not say when it ends)."""

MANIFEST_FILE = "kit.json"
POSTER_FILE = "poster.pdf"
