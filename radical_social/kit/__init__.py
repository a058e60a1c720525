"""The kit: everything made for one event, and what its plan costs the climate.

- ``build``: ``Kit``, built in memory and saved as one folder atomically, with its notebook preview;
  many kits, many files.
- ``footprint``: the minimal plan's footprint beside a posting treadmill.
- ``layout``: the saved kit's fixed names (``kit.json``'s format and version, its files), read without the builder.
"""
