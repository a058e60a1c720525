"""Posts: a few original texts per channel and moment, fitted to each channel and checked for respect.

- ``channels``: each network's limit, how it counts, and what it takes.
- ``compose``: one post per channel and moment, fitted by priority.
- ``planning``: the minimal posting plan.
- ``linting``: the respect linter, with its per-language rules in ``linting_rules/``.
- ``shingles``: the copy check's n-gram sets as bits of one int, compared with ``&`` and a popcount.
"""
