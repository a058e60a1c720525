"""The footprint: CO2.js's Sustainable Web Design v4 numbers, the minimal plan and the treadmill."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radical_social.kit.footprint import (
    EMBODIED_KWH_PER_GB,
    GIGABYTE,
    GLOBAL_GRID_INTENSITY,
    MODEL,
    OPERATIONAL_KWH_PER_GB,
    STOCK_PHOTO_BYTES,
    Footprint,
    co2e_grams,
    compare,
    footprint,
    saving,
    treadmill,
)

START = datetime(2026, 12, 26, 10, 0, tzinfo=timezone(timedelta(hours=1)))
SIZES = st.integers(min_value=0, max_value=10 * GIGABYTE)


# Expected values from CO2.js, src/constants/test-constants.js (SWDV4), used by
# src/sustainable-web-design-v4.test.js: perByte(GIGABYTE) with default options and, per segment,
# the operational and embodied emissions of 1 GB (thegreenwebfoundation/co2.js on GitHub).
def test_one_gigabyte_is_co2js_perbyte_default() -> None:
    assert co2e_grams(GIGABYTE) == pytest.approx(148.2, abs=5e-4)  # PERBYTE_EMISSIONS_GB


@pytest.mark.parametrize(
    ("segment", "operational", "embodied"),
    [
        ("data_centre", 27.17, 5.928),  # DC_OPERATIONAL_EMISSIONS_GB, DC_EMBODIED_EMISSIONS_GB
        ("network", 29.146, 6.422),  # NETWORK_OPERATIONAL_…, NETWORK_EMBODIED_EMISSIONS_GB
        ("device", 39.52, 40.014),  # DEVICE_OPERATIONAL_…, DEVICE_EMBODIED_EMISSIONS_GB
    ],
)
def test_segments_are_co2js_per_segment_emissions(segment: str, operational: float, embodied: float) -> None:
    assert OPERATIONAL_KWH_PER_GB[segment] * GLOBAL_GRID_INTENSITY == pytest.approx(operational, abs=5e-4)
    assert EMBODIED_KWH_PER_GB[segment] * GLOBAL_GRID_INTENSITY == pytest.approx(embodied, abs=5e-4)


def test_nothing_transferred_is_nothing_emitted() -> None:
    assert co2e_grams(0) == 0  # perByte(0) is 0 in CO2.js too


def test_a_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        co2e_grams(-1)


@given(SIZES, SIZES)
def test_co2e_is_linear_in_bytes(a: int, b: int) -> None:
    assert co2e_grams(a + b) == pytest.approx(co2e_grams(a) + co2e_grams(b), rel=1e-12, abs=1e-12)


@given(SIZES, SIZES)
def test_co2e_grows_with_bytes(a: int, b: int) -> None:
    small, large = sorted((a, b))
    assert co2e_grams(small) <= co2e_grams(large)


def test_footprint_sums_what_a_follower_downloads() -> None:
    minimal = footprint(card_bytes=[80_000, 90_000, 70_000], invite_bytes=2_500, posts=7)
    assert minimal.bytes == 242_500
    assert minimal.posts == 7
    assert minimal.co2e_g_per_1000_views == pytest.approx(co2e_grams(242_500) * 1000)
    assert minimal.model == MODEL == "sustainable-web-design-v4"


def test_footprint_refuses_negative_sizes() -> None:
    with pytest.raises(ValueError, match="negative"):
        footprint(card_bytes=[-1], invite_bytes=0, posts=1)


def test_as_dict_is_the_kit_json_shape() -> None:
    minimal = footprint(card_bytes=[100_000], invite_bytes=1_234, posts=3)
    data = minimal.as_dict()
    assert list(data) == ["bytes", "posts", "co2e_g_per_1000_views", "model"]
    assert data["co2e_g_per_1000_views"] == 15.003  # 101,234 bytes × 148.2 g/GB × 1,000, to the mg
    assert json.loads(json.dumps(data)) == data


def test_treadmill_three_posts_a_day_for_21_days_is_63_posts() -> None:
    baseline = treadmill(start=START, end_of_promotion=START + timedelta(days=21))
    assert baseline.posts == 63
    assert baseline.bytes == 63 * STOCK_PHOTO_BYTES


def test_treadmill_counts_whole_days_only() -> None:
    # The example event: announced 21 days before at 10:00, starting at 18:00.
    baseline = treadmill(start=START, end_of_promotion=START + timedelta(days=21, hours=8))
    assert baseline.posts == 63


def test_treadmill_of_a_past_or_empty_period_is_empty() -> None:
    assert treadmill(start=START, end_of_promotion=START - timedelta(days=3)).posts == 0
    assert treadmill(start=START, end_of_promotion=START + timedelta(hours=20)).bytes == 0


def test_treadmill_options() -> None:
    baseline = treadmill(start=START, end_of_promotion=START + timedelta(days=10), posts_per_day=1, photo_bytes=10)
    assert (baseline.posts, baseline.bytes) == (10, 100)


# 7 posts with 4 cards of 80 kB and a 2.5 kB invite, beside 63 photo posts of 300 kB.
MINIMAL = footprint(card_bytes=[80_000] * 4, invite_bytes=2_500, posts=7)
BASELINE = treadmill(start=START, end_of_promotion=START + timedelta(days=21))


def test_compare_in_english() -> None:
    assert compare(MINIMAL, BASELINE) == (
        "The minimal plan: 7 posts, 0.32 MB, 48 g CO2e per 1,000 views; "
        "the treadmill: 63 posts, 19 MB, 2.8 kg. You save 98%."
    )


def test_compare_in_italian() -> None:
    assert compare(MINIMAL, BASELINE, language="it") == (
        "Il piano minimo: 7 post, 0,32 MB, 48 g CO2e ogni 1.000 visualizzazioni; "
        "il tapis roulant: 63 post, 19 MB, 2,8 kg. Risparmi il 98%."
    )


@pytest.mark.parametrize(("language", "line"), [
    ("es", "El plan mínimo: 7 publicaciones, 0,32 MB, 48 g CO2e por cada 1.000 visualizaciones; "
           "la rueda del hámster: 63 publicaciones, 19 MB, 2,8 kg. Ahorras un 98\u00a0%."),
    ("fr", "Le plan minimal\u00a0: 7 publications, 0,32 Mo, 48 g CO2e pour 1\u202f000 vues\u00a0; "
           "la course sans fin\u00a0: 63 publications, 19 Mo, 2,8 kg. Vous économisez 98\u00a0%."),
    ("de", "Der schlanke Plan: 7 Beiträge, 0,32 MB, 48 g CO2e pro 1.000 Aufrufe; "
           "das Hamsterrad: 63 Beiträge, 19 MB, 2,8 kg. Du sparst 98\u00a0%."),
])
def test_compare_in_spanish_french_and_german(language: str, line: str) -> None:
    assert compare(MINIMAL, BASELINE, language=language) == line


def test_compare_elides_the_italian_article() -> None:
    day = treadmill(start=START, end_of_promotion=START + timedelta(days=1), posts_per_day=1, photo_bytes=1_800_000)
    assert compare(MINIMAL, day, language="it").endswith("Risparmi l’82%.")  # 1 - 0.3225 / 1.8


def test_compare_in_other_languages_is_english() -> None:
    assert compare(MINIMAL, BASELINE, language="nl-BE") == compare(MINIMAL, BASELINE)


@pytest.mark.parametrize(("language", "words"), [
    ("es", "Ahorras un"), ("fr", "Vous économisez"), ("de-AT", "Du sparst"), ("it", "Risparmi"),
])
def test_compare_speaks_every_supported_language(language: str, words: str) -> None:
    line = compare(MINIMAL, BASELINE, language=language)
    assert words in line and "posts" not in line


def test_compare_one_post_and_no_saving() -> None:
    one = Footprint(bytes=500_000, posts=1, co2e_g_per_1000_views=co2e_grams(500_000) * 1000)
    empty = treadmill(start=START, end_of_promotion=START)
    assert saving(one, empty) == 0
    assert compare(one, empty) == (
        "The minimal plan: 1 post, 0.5 MB, 74 g CO2e per 1,000 views; the treadmill: 0 posts, 0 MB, 0 g. You save 0%."
    )
    assert compare(one, empty, language="it").endswith("Risparmi lo 0%.")


def test_saving_is_floored_not_rounded_up() -> None:
    assert compare(footprint(card_bytes=[1], invite_bytes=0, posts=1), BASELINE).endswith("You save 99%.")
