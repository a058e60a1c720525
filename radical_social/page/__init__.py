"""The event's public face on the web: static pages, the index of upcoming events and its feeds."""
