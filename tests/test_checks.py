"""The quick paths of the checks give the verdicts of the full ones, on any text."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from radical_social.event import checks as _checks
from radical_social.event.values import shown

any_text = st.text(st.characters(exclude_categories=()), max_size=60)  # controls, separators, surrogates
url_like = st.text(st.sampled_from("hHtTpPsS:/.-_?#=&%~!aZ09[]@ \t\x7fé\u212a"), max_size=40)


def searched(value: str, breakers: re.Pattern[str] | regex.Pattern[str]) -> str | None:
    """The first breaker found by the search alone, as the checks did before their quick path."""
    found = breakers.search(value)
    return found.group() if found else None


@given(any_text)
@example("Cena sociale 🎻")
@example("Caffè\u00a0letterario")  # no-break space: unprintable, allowed
@example("riga\u2028spezzata")
@example("a\td")
def test_line_check_finds_what_the_search_finds(value: str) -> None:
    bad = searched(value, _checks._unicode_pattern(_checks._LINE_BREAKERS))
    invisible = bad is not None and "invisible" in _checks._describe(bad)
    how = ", which changes how the text shows; remove it" if invisible else "; keep it to one line of text"
    expected = ("must not be empty" if not value.strip() else
                None if bad is None else f"contains {_checks._describe(bad)}{how}")
    assert _checks.line_problem(value) == expected


@pytest.mark.parametrize("char", ["\u00ad", "\u0600", "\u2064", "\ufff9", "\U0001d173", "\U000e0001"])
def test_every_format_character_is_refused_in_one_line(char: str) -> None:
    problem = _checks.line_problem(f"Cena{char}sociale")
    assert problem is not None and problem.startswith(f"contains the invisible character U+{ord(char):04X} ("), problem
    assert problem.endswith("which changes how the text shows; remove it")


@pytest.mark.parametrize("value", [
    "Serata\u200dinsieme", "می\u200cخواهم",  # the joiner and the non-joiner
    "Ceilidh \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # the flag of Scotland
])
def test_joiners_and_emoji_tags_stay_in_one_line(value: str) -> None:
    assert _checks.line_problem(value) is None


@given(any_text)
@example("Due ore\ncon le mani in pasta\t🍝")
@example("bell\x07")
@example("\ud800")
def test_text_check_finds_what_the_search_finds(value: str) -> None:
    bad = searched(value, _checks._TEXT_BREAKERS)
    problem = _checks.text_problem(value)
    assert problem == (None if bad is None else f"contains {_checks._describe(bad)}")


@given(st.builds(lambda scheme, rest: scheme + rest, st.sampled_from(["http://", "HTTPS://", "hTtp://", ""]),
                 url_like) | url_like)
@example("https://bottegasartori.example/eventi/1")
@example("http://-:8080")
@example("https://\u212a.example")  # the Kelvin sign, which re.IGNORECASE without re.ASCII folds to k
def test_the_quick_url_path_accepts_only_what_the_full_check_accepts(value: str) -> None:
    if _checks._PLAIN_URL.fullmatch(value):
        assert _checks._any_url_problem(value) is None
    assert (_checks.url_problem(value) is None) == (_checks._any_url_problem(value) is None)


@pytest.mark.parametrize("value", ["ä>b@y.org", "‹ä@y.org", "ä,b@y.org", "ä(b)@y.org", "ä b@y.org", 'ä"b@y.org',
                                   "ä;b@y.org", "ä[b]@y.org", "ä\\b@y.org", "ä:b@y.org", "ä<b@y.org"])
def test_an_international_address_with_a_forbidden_character_is_no_email(value: str) -> None:
    assert _checks.email_problem(value) == f"{shown(value)} is not an email address"


@pytest.mark.parametrize("value", ["jürgen@müller.de", "ä.b@y.org", "δοκιμή@παράδειγμα.δοκιμή", "用户@例子.广告",
                                   "pierre-andré+soirée@café.fr"])
def test_an_international_address_is_an_email(value: str) -> None:
    assert _checks.email_problem(value) is None
