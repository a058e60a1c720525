"""The regular-expression pieces counting and linting share."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from radical_social.text.patterns import prefix_tree

_WORDS = st.lists(st.text("abc.é", min_size=1, max_size=5), min_size=1, max_size=12)


@given(_WORDS, st.text("abc.éx", max_size=8))
def test_a_prefix_tree_matches_the_longest_word_a_text_begins_with(words: list[str], text: str) -> None:
    found = re.match(prefix_tree(words), text)
    longest = max((word for word in words if text.startswith(word)), key=len, default=None)
    assert (found.group() if found else None) == longest
