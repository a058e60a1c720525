"""Sending what the kit made: email invitations, CalDAV calendars and posts, never twice.

- ``mailing``: invitations by email (iMIP) to a list of attendees.
- ``imip``, ``smtp``: one invitation message; one SMTP connection.
- ``caldav``: events published to a CalDAV calendar.
- ``publishing``: the plan's due posts published (or listed "by hand"), once each; ``plans``: the
  slots it reads from a saved kit, or from an event planned at its stored planning time.
- ``mastodon``: one post with its card on Mastodon; ``retrying``: bounded retries over HTTP.
- ``accounts``: the accounts file (where to publish; the secrets stay in the environment).
- ``journal``: what was sent to whom and posted where, so nothing is sent twice (a SQLite file);
  ``journal_postgres``: the same journal in PostgreSQL, for several machines.
"""
