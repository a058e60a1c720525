"""The page checks (tests/page_checks.py) in a real Chromium, proven on pages made to break each rule.

Every fixture in tests/data/browser/ names the rules it breaks in ``<meta name="breaks">`` (``check``
at both widths, ``check@390`` on the phone only); it must break exactly those, at 390 and 1280 px.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import browser
from tests.browser import Chromium, require_chromium, running_chromium, serving
from tests.page_checks import CHECKS, VAGUE_LINKS, audit, contrast_ratio, over

FIXTURES = Path(__file__).parent / "data" / "browser"
PAGES = sorted(FIXTURES.glob("*.html"))
WIDTHS = (390, 1280)
LANGUAGES = Path(__file__).parents[1] / "radical_social" / "text" / "languages"


def breaks(page: Path, width: int) -> set[str]:
    """The checks a fixture says it fails at this width."""
    named = re.search(r'<meta name="breaks" content="([^"]*)">', page.read_text(encoding="utf-8"))
    assert named, f"{page.name} does not say which rules it breaks"
    found = set()
    for rule in named.group(1).split():
        check, _, only = rule.partition("@")
        if not only or int(only) == width:
            found.add(check)
    return found


@pytest.fixture(scope="module")
def fixtures_url() -> Iterator[str]:
    with serving(FIXTURES) as base:
        yield base


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_a_fixture_breaks_exactly_the_rules_it_names(
    chromium: Chromium, fixtures_url: str, page: Path, width: int
) -> None:
    with chromium.open(fixtures_url + page.name, width) as tab:
        found = audit(tab)
    assert set(found) == breaks(page, width), json.dumps(found, indent=1, ensure_ascii=False)


def test_every_check_is_shown_failing_by_a_fixture() -> None:
    shown = {check for page in PAGES for width in WIDTHS for check in breaks(page, width)}
    assert shown == set(CHECKS)


def test_the_good_fixture_uses_what_could_trip_a_careless_check() -> None:
    """A visually hidden label, a decorative image, a box that scrolls, a lazy image, a link named by aria-label."""
    good = (FIXTURES / "good.html").read_text(encoding="utf-8")
    for part in ('class="visually-hidden"', 'role="presentation"', "<pre>", 'loading="lazy"', "aria-label="):
        assert part in good


@pytest.mark.slow
def test_a_problem_names_the_element_and_the_values(chromium: Chromium, fixtures_url: str) -> None:
    with chromium.open(fixtures_url + "low-contrast.html", 390) as tab:
        (problem,) = audit(tab)["contrast"]
    assert problem == (
        'p "Grey #999 on the page’s off-white is 2.8" has contrast 2.80:1 (at least 4.5:1): #999999 on #fdfdfb'
    )


def test_vague_link_words_cover_every_language() -> None:
    assert set(VAGUE_LINKS) == {path.stem for path in LANGUAGES.glob("*.json")}


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.005)
    assert contrast_ratio((0x77, 0x77, 0x77), (255, 255, 255)) < 4.5


channel = st.integers(0, 255)
colours = st.tuples(channel, channel, channel, st.just(1.0))


@given(colours, colours)
def test_contrast_ratio_is_symmetric_and_between_1_and_21(first: tuple[int, ...], second: tuple[int, ...]) -> None:
    ratio = contrast_ratio(first, second)
    assert ratio == pytest.approx(contrast_ratio(second, first))
    assert 1 <= ratio <= 21 + 1e-9
    if first == second:
        assert ratio == pytest.approx(1)


@given(colours, colours, st.floats(0, 1))
def test_a_translucent_colour_lies_between_itself_and_what_is_behind(
    top: tuple[float, ...], bottom: tuple[float, ...], alpha: float
) -> None:
    mixed = over((*top[:3], alpha), bottom)
    for t, b, m in zip(top[:3], bottom[:3], mixed[:3], strict=True):
        assert min(t, b) - 1e-9 <= m <= max(t, b) + 1e-9
    assert over((*top[:3], 1.0), bottom)[:3] == pytest.approx(top[:3])
    assert over((*top[:3], 0.0), bottom)[:3] == pytest.approx(bottom[:3])


def test_without_chromium_the_tests_skip_except_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        require_chromium()


@pytest.mark.slow
def test_a_missing_page_is_an_error_not_a_page_to_check(chromium: Chromium, fixtures_url: str) -> None:
    with pytest.raises(RuntimeError, match="HTTP status 404"), chromium.open(fixtures_url + "nowhere.html", 390):
        pass


@pytest.mark.slow
def test_closing_chromium_stops_it_and_removes_its_profile() -> None:
    with running_chromium() as another:
        process, profile = another.process, another.profile
        assert process.poll() is None and profile.is_dir()
    assert process.poll() is not None
    assert not profile.exists()
