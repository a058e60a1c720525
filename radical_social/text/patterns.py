"""Regular-expression pieces that counting and linting share: what an emoji is, and a word list as a tree.

Emoji are found as twemoji-parser (used by twitter-text) finds them, by Unicode property, so they
need the ``regex`` module (current Unicode); it is imported on first use because importing it costs
about 25 ms.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

# Emoji shown as emoji by default that still have a VS16 variation sequence (emoji-variation-sequences.txt):
# twemoji takes a VS16 after these, and after text-default emoji, as part of the emoji.
_PRESENTED_WITH_VARIATION = (
    "\u231a\u231b\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4"
    "\u26c5\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2757\u2b1b\u2b1c\u2b50\u2b55\U0001f004\U0001f21a\U0001f22f"
)
_EMOJI_ELEMENT = (
    r"(?:\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"  # subdivision flag
    r"|\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"  # skin tone
    rf"|[[\p{{Emoji}}--\p{{Emoji_Presentation}}--[#*0-9]]{_PRESENTED_WITH_VARIATION}]\uFE0F"  # with VS16
    r"|\p{Emoji_Presentation}"
    r"|[\p{Emoji}--\p{Emoji_Presentation}--[#*0-9\u00a9\u00ae\u2122]](?!\uFE0E))"  # ☺ ❤ ↔ without VS16
)
EMOJI = (
    r"(?=\p{Emoji})"  # all start so: checking it first triples the speed
    r"(?:\p{Regional_Indicator}{2}"  # flag
    r"|[#*0-9]\uFE0F?\u20E3"  # keycap
    rf"|{_EMOJI_ELEMENT}(?:\u200D{_EMOJI_ELEMENT})*)"  # single emoji or ZWJ sequence
)
"""One emoji: a flag, a keycap, or an emoji (with its skin tone or VS16) or ZWJ sequence of them; for
``unicode_pattern``, which reads its Unicode properties and set operations."""


def emoji() -> regex.Pattern[str]:
    """``EMOJI``, compiled."""
    return unicode_pattern(EMOJI)


@functools.cache
def unicode_pattern(pattern: str) -> regex.Pattern[str]:
    """``pattern`` (which may hold ``EMOJI``) compiled by the ``regex`` module, imported now."""
    import regex

    return regex.compile(pattern, regex.VERSION1)


_Trie = dict[str, "_Trie"]


def prefix_tree(words: Iterable[str]) -> str:
    """A regex matching the longest of ``words`` that begins where it is tried; as fast as a set,
    unlike a flat ``a|b|...``. Kept between runs (``text.compiled``): the TLDs' and the lint cues'
    take a tenth of a second to build."""
    from radical_social.text.compiled import kept

    listed = list(words)
    return kept("prefix-tree", "\0".join(listed), lambda: _prefix_tree(listed))


def _prefix_tree(words: Iterable[str]) -> str:
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        body = "|".join(branches)
        if "" in node:
            return f"(?:{body})?" if body else ""
        return body if len(branches) == 1 else f"(?:{body})"

    return pattern(root)
