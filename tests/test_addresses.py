"""Addresses as each country writes them, from Google's address data, with parts left out gracefully."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radical_social import Venue
from radical_social.event import addresses


@pytest.mark.parametrize(
    ("venue", "expected"),
    [
        (Venue(name="Bottega Sartori", address="Via Roma 12", postcode="37121", city="Verona", country="IT"),
         "Bottega Sartori, Via Roma 12, 37121 Verona"),
        (Venue(name="Chapeltown Hub", address="12 Chapeltown Road", postcode="ls7 4pe", city="Leeds", country="GB"),
         "Chapeltown Hub, 12 Chapeltown Road, Leeds LS7 4PE"),
        (Venue(name="Kiezladen", address="Urbanstraße 7", postcode="10967", city="Berlin", country="DE"),
         "Kiezladen, Urbanstraße 7, 10967 Berlin"),
        (Venue(name="La Cave", address="12 rue Mercière", postcode="69001", city="Lyon", country="FR"),
         "La Cave, 12 rue Mercière, 69001 Lyon"),
        (Venue(name="El Rincón", address="Calle Mayor 5", postcode="28013", city="Madrid", country="ES"),
         "El Rincón, Calle Mayor 5, 28013 Madrid"),
        (Venue(name="Grange Hall", address="100 Main St", postcode="62701", city="Springfield, IL", country="US"),
         "Grange Hall, 100 Main St, Springfield, IL 62701"),
        (Venue(name="Grange Hall", address="100 Main St", postcode="62701", city="Springfield", country="US"),
         "Grange Hall, 100 Main St, Springfield 62701"),  # no state: its comma goes with it
        (Venue(name="Kaffeebar", address="Langstrasse 1", postcode="8004", city="Zürich", country="CH"),
         "Kaffeebar, Langstrasse 1, 8004 Zürich"),  # no "CH-": that is for letters from abroad
        (Venue(name="Esplanade", address="1 Esplanade Dr", postcode="038981", country="SG"),
         "Esplanade, 1 Esplanade Dr, Singapore 038981"),  # not SINGAPORE, as on an envelope
        (Venue(name="Esplanade", address="1 Esplanade Dr", postcode="038981", city="Singapore", country="SG"),
         "Esplanade, 1 Esplanade Dr, Singapore 038981"),  # the format says the city already
        (Venue(name="Hall", address="1 Queen's Road", city="Sing", country="SG"),
         "Hall, 1 Queen's Road, Sing"),  # a city the format has no place for is still said
        (Venue(name="Kissa", address="1-1 Chiyoda", postcode="100-0001", city="Tokyo", country="JP"),
         "Kissa, 1-1 Chiyoda, Tokyo 100-0001"),  # Japan in Latin letters: small to big
        (Venue(name="喫茶", address="千代田1-1", postcode="100-0001", city="千代田区", country="JP"),
         "〒100-0001, 千代田区, 千代田1-1, 喫茶"),  # in Japanese: big to small, the name last
        (Venue(name="Al Fanar", address="Sheikh Zayed Rd", city="Dubai", country="AE"),
         "Al Fanar, Sheikh Zayed Rd, Dubai"),  # the format has no city: it goes where the emirate does
        (Venue(name="Bottega Sartori", address="Via Roma 12", postcode="37121", city="Verona"),
         "Bottega Sartori, Via Roma 12, 37121 Verona"),  # no country: the postcode before the city
        (Venue(name="Casa", address="Via Roma 12", postcode="37121", city="Verona", country="ZZ"),
         "Casa, Via Roma 12, 37121 Verona"),  # a code the data does not know: the same
        (Venue(name="Bottega Sartori", city="Verona", country="IT"), "Bottega Sartori, Verona"),
        (Venue(name="Chapeltown Hub", postcode="LS7 4PE", country="GB"), "Chapeltown Hub, LS7 4PE"),
        (Venue(name="Bottega Sartori", country="IT"), "Bottega Sartori"),
    ],
)
def test_one_line_as_the_country_writes_it(venue: Venue, expected: str) -> None:
    assert addresses.one_line(venue) == expected
    assert venue.one_line == expected


def test_lines_and_the_name_left_out() -> None:
    leeds = Venue(name="Chapeltown Hub", address="12 Chapeltown Road", postcode="LS7 4PE", city="Leeds", country="GB")
    assert addresses.lines(leeds) == ("Chapeltown Hub", "12 Chapeltown Road", "Leeds", "LS7 4PE")
    assert addresses.lines(leeds, with_name=False) == ("12 Chapeltown Road", "Leeds", "LS7 4PE")
    assert addresses.one_line(leeds, with_name=False) == "12 Chapeltown Road, Leeds LS7 4PE"
    verona = Venue(name="Bottega Sartori", address="Via Roma 12", postcode="37121", city="Verona", country="IT")
    assert addresses.lines(verona, with_name=False) == ("Via Roma 12", "37121 Verona")
    assert addresses.lines(Venue(name="Bottega Sartori"), with_name=False) == ()


parts = st.none() | st.text(st.characters(categories=["L", "N"]) | st.just(" "), min_size=1, max_size=12).map(
    str.strip).filter(bool)


@given(parts, parts, parts, st.none() | st.sampled_from(["IT", "GB", "DE", "FR", "ES", "US", "JP", "CN", "AE", "SG",
                                                          "HK", "BR", "ZZ"]))
def test_every_part_given_is_said_and_nothing_is_invented(
        address: str | None, postcode: str | None, city: str | None, country: str | None) -> None:
    venue = Venue(name="Sala", address=address, postcode=postcode, city=city, country=country)
    text = addresses.one_line(venue)
    assert "Sala" in text
    for part in (address, city):
        if part:
            assert part in text
    if postcode:
        assert postcode.upper() in text.upper()
    assert ", ," not in text and not text.endswith((",", " ")) and "  " not in text
    rest = text
    for part in sorted(filter(None, ("Sala", address, city, postcode and postcode.upper(), postcode)), key=len,
                       reverse=True):
        rest = rest.replace(part, "", 1)
    assert not rest.replace("Singapore", "").strip(" ,〒"), rest


def test_the_address_data_is_read_from_the_package_not_the_network() -> None:
    code = ("import socket\n"
            "def refuse(*args, **kwargs): raise OSError('no network')\n"
            "socket.socket.connect = refuse\n"
            "from radical_social import Venue\n"
            "print(Venue(name='Hub', address='12 Chapeltown Road', postcode='LS7 4PE', city='Leeds', country='GB')"
            ".one_line)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "Hub, 12 Chapeltown Road, Leeds LS7 4PE"
