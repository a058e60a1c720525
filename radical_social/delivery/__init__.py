"""Sending what the kit made: email invitations and CalDAV calendars, never twice.

- ``mailing``: invitations by email (iMIP) to a list of attendees.
- ``imip``, ``smtp``: one invitation message; one SMTP connection.
- ``caldav``: events published to a CalDAV calendar.
- ``journal``: what was sent to whom, so nothing is sent twice.
"""
