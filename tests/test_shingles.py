"""The copy check's n-gram sets as bits: the same counts and Jaccard similarity as sets of strings,
however the texts mix ASCII and other characters and however often the bit table is renewed."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social.posts import shingles

_TEXT = st.text(st.sampled_from("ab =@0éß東京😀"), max_size=40) | st.text(max_size=20)


def _strings(text: str) -> set[str]:
    return {text[start:start + shingles.LENGTH] for start in range(len(text) - shingles.LENGTH + 1)}


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_TEXT, min_size=2, max_size=6), size=st.sampled_from([1, 8, 1 << 14]))
def test_bits_give_the_jaccard_of_the_sets_of_strings(texts: list[str], size: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shingles.Table, "SIZE", size)
        for first, second in itertools.combinations(texts, 2):
            table = shingles.current()  # a small SIZE renews it often
            one, other = shingles.ngrams(first), shingles.ngrams(second)
            assert (len(one), len(other)) == (len(_strings(first)), len(_strings(second)))
            union = _strings(first) | _strings(second)
            expected = len(_strings(first) & _strings(second)) / len(union) if union else 0.0
            assert shingles.jaccard(table.bits(one), len(one), table.bits(other), len(other)) == expected
            assert table.bits(one).bit_count() == len(one)


_WORDS = st.lists(st.sampled_from(["a", "ab", "sabato", "tagliatelle", "0", "=", "@", "é", "東京", "😀", "straße"]),
                  max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_WORDS | _TEXT, min_size=1, max_size=6), separators=st.sampled_from([" ", "\n", "\t "]),
       passages=st.sampled_from([1, 4, 1 << 12]))
def test_bits_found_passage_by_passage_are_the_bits_of_the_whole_text(
    texts: list[str], separators: str, passages: int
) -> None:
    """``text_bits`` looks up each passage once and keeps it; texts sharing passages (or not), the same bits."""
    table = shingles.Table()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shingles.Table, "PASSAGES", passages)  # a small number forgets them often
        for text in [separators.join(texts[:index + 1]) for index in range(len(texts))] + texts:
            assert table.text_bits(text) == table.bits(shingles.ngrams(text))
            assert table.text_bits(text).bit_count() == len(_strings(text))
