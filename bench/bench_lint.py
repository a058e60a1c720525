"""The linter on the posts a kit writes: posts linted per second, with the kit's other channels
and an organiser's earlier posts to compare against.

Measured in CPU time (``timing.best_of_each``) in the same run, in turns, best of three: the
linter as it was before it was made fast (``tests/lint_reference.py``, which finds the same), and the
floor any accent- and case-blind phrase matcher pays: each text NFKD-normalised and case-folded,
nothing matched.
Run alone: ``python bench/bench_lint.py [--quick]``.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import old_linter
from bench_posts import TODAY, post_events
from timing import Row, best_of_each

from radical_social.posts.channels import CHANNELS
from radical_social.posts.compose import Post, compose_posts
from radical_social.posts.linting import lint

HISTORY = 20
"""Earlier posts of the same channel each post is compared with, as a season of events gives."""


def kits(count: int) -> list[tuple[Post, ...]]:
    channels = list(CHANNELS.values())
    announce = {channel.id: ("announce",) for channel in channels}
    return [compose_posts(event, channels, announce, today=TODAY, check=False).posts for event in post_events(count)]


def lint_kits(kits: Sequence[tuple[Post, ...]], linter: Callable[..., object] = lint) -> int:
    earlier: dict[str, list[str]] = {}
    count = 0
    for posts in kits:
        for post in posts:
            history = earlier.setdefault(post.channel.id, [])
            others = [other.text for other in posts if other is not post]
            linter(post.text, language=post.language, hashtag_cap=post.channel.hashtag_cap, moment=post.moment,
                 others=others, history=history[-HISTORY:])
            history.append(post.text)
            count += 1
    return count


def fold_kits(kits: Sequence[tuple[Post, ...]]) -> int:
    return sum(len(unicodedata.normalize("NFKD", post.text).casefold()) > 0 for posts in kits for post in posts)


RUNS = 3


def rows(quick: bool = False) -> list[Row]:
    """Each turn lints kits no turn has seen, as ``bench_posts`` does: the linter keeps what it makes of a text
    and of a line, so turns over the same kits would find it kept and run faster than any real run does."""
    size = 100 if quick else 1_000
    written = kits(size * 2 * RUNS + 20)
    turns = [written[turn * size:(turn + 1) * size] for turn in range(2 * RUNS)]
    count = sum(map(len, turns[0]))
    assert all(sum(map(len, turn)) == count for turn in turns)
    lint_kits(written[-20:], old_linter.lint)  # warm caches: language data
    lint_kits(written[-20:])
    mine, earlier = iter(turns[:RUNS]), iter(turns[RUNS:])
    ours, before, baseline = best_of_each(RUNS, lambda: lint_kits(next(mine)),
                                          lambda: lint_kits(next(earlier), old_linter.lint),
                                          lambda: fold_kits(turns[0]))
    return [(f"lint {count:,} posts (kit + {HISTORY} earlier posts each)", f"{count / ours:,.0f} posts/s",
             f"old linter {count / before:,.0f} posts/s (ours ×{before / ours:.2f}); "
             f"NFKD + casefold alone {count / baseline:,.0f} posts/s", "goal ≥ 10,000 posts/s, the same findings")]


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(" | ".join(row))
