"""A kit always builds: what cannot fit or is missing becomes a finding, in the event's language,
and nothing the event does not say appears in what people read."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from radical_social import Event, FitError, KitFinding, build, build_kits
from radical_social.cli import main
from radical_social.posts.channels import CHANNELS

BASE = {"title": "Serata di giochi da tavolo", "start": "2027-03-04T20:00", "timezone": "Europe/Rome",
        "language": "it", "url": "https://ludoteca.example/serate/marzo",
        "venue": {"name": "Ludoteca Il Dado", "city": "Padova", "country": "IT"}}


def _event(**changes: object) -> Event:
    data = {**BASE, **changes}
    return Event.from_mapping({key: value for key, value in data.items() if value is not None})


def _rules(findings: tuple[KitFinding, ...]) -> list[str]:
    return [finding.rule for finding in findings]


def test_a_complete_event_has_no_kit_findings(frozen_now: datetime) -> None:
    kit = build(_event(), now=frozen_now, cards=False, poster=False)
    assert kit.findings == ()
    assert kit.manifest()["findings"] == []


@pytest.mark.parametrize(("language", "words"), [
    ("it", ("Manca il link", "Manca il luogo")), ("en", ("No link", "No place")),
    ("es", ("Falta el enlace", "Falta el lugar")), ("fr", ("Pas de lien", "Pas de lieu")),
    ("de", ("Kein Link", "Kein Ort")),
])
def test_missing_link_and_venue_are_findings_in_the_events_language(
    frozen_now: datetime, language: str, words: tuple[str, str]
) -> None:
    kit = build(_event(url=None, venue=None, language=language), now=frozen_now, cards=False, poster=False)
    assert _rules(kit.findings) == ["missing-url", "missing-venue"]
    assert [finding.message.split(" (")[0] for finding in kit.findings] == list(words)
    assert kit.posts, "the posts still build"
    assert kit.manifest()["findings"][0]["rule"] == "missing-url"


def test_a_one_day_event_without_a_time_is_a_finding(frozen_now: datetime) -> None:
    kit = build(_event(start="2027-03-04"), now=frozen_now, cards=False, poster=False)
    assert _rules(kit.findings) == ["missing-time"]
    festival = build(_event(start="2027-03-04", end="2027-03-06"), now=frozen_now, cards=False, poster=False)
    assert festival.findings == ()


WIDE_TITLE = "Serata di giochi da tavolo, di carte e di ruolo per grandi e piccoli: 桌游之夜 con la ludoteca"
"""Its Chinese words have no GSM-7 spelling, so the SMS is UCS-2: 67 characters a segment."""


def test_an_sms_that_cannot_fit_is_left_out_and_the_kit_builds(frozen_now: datetime) -> None:
    kit = build(_event(title=WIDE_TITLE), now=frozen_now, cards=False, poster=False)
    left_out = [finding for finding in kit.findings if finding.rule == "left-out"]
    assert {finding.channel for finding in left_out} == {"sms"}
    assert {finding.moment for finding in left_out} == {slot.moment for slot in kit.plan.for_channel("sms")}
    message = left_out[0].message
    assert message.startswith("SMS (annuncio) escluso: 3 SMS con solo titolo, data, luogo e link, oltre il limite di 2")
    assert message.endswith("Accorcia il titolo.")
    assert {post.channel.id for post in kit.posts} == {channel for channel in CHANNELS if channel != "sms"}
    with pytest.raises(FitError, match=r"SMS announce post .* the limit is 2\. Shorten 'title'"):
        build(_event(title=WIDE_TITLE), now=frozen_now, cards=False, poster=False, strict=True)


@pytest.mark.parametrize(("country", "currency", "shown"), [
    ("GB", None, "£18"), ("CH", None, "CHF"), ("IT", None, "€18"), ("US", "EUR", "€18"), ("US", None, "US$18"),
])
def test_the_currency_follows_the_venues_country(
    frozen_now: datetime, country: str, currency: str | None, shown: str
) -> None:
    venue = {"name": "Chapeltown Bakehouse", "city": "Leeds", "country": country}
    event = _event(language="en-GB", price=18, currency=currency, venue=venue)
    assert event.effective_currency == (currency or {"GB": "GBP", "CH": "CHF", "IT": "EUR", "US": "USD"}[country])
    kit = build(event, now=frozen_now, cards=False, poster=False, channels=["mastodon"])
    assert shown in kit.posts[0].text.replace("\u00a0", " ")
    assert "currency-assumed" not in _rules(kit.findings)


def test_a_number_price_without_currency_or_country_is_read_as_euro_with_a_finding(frozen_now: datetime) -> None:
    event = _event(price=12, venue={"name": "Ludoteca Il Dado", "city": "Padova"})
    kit = build(event, now=frozen_now, cards=False, poster=False)
    assert _rules(kit.findings) == ["currency-assumed"]
    assert "EUR" in kit.findings[0].message
    free = build(_event(free=True, venue={"name": "Ludoteca Il Dado"}), now=frozen_now, cards=False, poster=False)
    assert "currency-assumed" not in _rules(free.findings)


_TIME_SPAN = re.compile(r"\d{1,2}[:.h]\d{2}\s*[–-]\s*\d{1,2}[:.h]\d{2}|\d{1,2}\s*(?:am|pm)?\s*[–-]\s*\d{1,2}[:.]\d{2}")


@pytest.mark.parametrize("language", ["it", "en", "es", "fr", "de"])
def test_no_post_shows_an_end_time_the_event_did_not_give(frozen_now: datetime, language: str) -> None:
    kit = build(_event(language=language), now=frozen_now, thanks=True, cards=False, poster=False)
    assert kit.event.end is None
    for post in kit.posts:
        assert "22:00" not in post.text and "22 h" not in post.text and "10:00 pm" not in post.text, post.text
        assert not _TIME_SPAN.search(post.text), post.text
    with_end = build(_event(language=language, end="2027-03-04T23:30"), now=frozen_now, cards=False, poster=False)
    assert any(re.search("23:30|11:30|23 h 30", post.text.replace("\u00a0", " ")) for post in with_end.posts)


@pytest.mark.parametrize(("booking", "words"), [
    ("none", None), ("required", "Prenotazione obbligatoria"), ("recommended", "Prenotazione consigliata"),
])
def test_booking_words_appear_only_when_the_event_asks_for_booking(
    frozen_now: datetime, booking: str, words: str | None
) -> None:
    kit = build(_event(booking=booking, capacity=12), now=frozen_now, cards=False, poster=False)
    texts = "\n".join(post.text for post in kit.posts).lower()
    assert "prenot" in texts if words else "prenot" not in texts
    if words:
        assert words in "\n".join(post.text for post in kit.posts if post.channel.id in ("mastodon", "linkedin"))


def test_a_pitch_is_the_organisers_own_line_on_the_announcements(frozen_now: datetime) -> None:
    pitch = "Portate il vostro gioco preferito, noi mettiamo i tavoli."
    kit = build(_event(pitch=pitch), now=frozen_now, cards=False, poster=False)
    announcing = [post for post in kit.posts if post.moment == "announce" and post.channel.id != "sms"]
    assert sum(pitch in post.text for post in announcing) >= len(announcing) - 2


def test_a_sentence_the_organiser_repeats_in_three_events_is_a_finding_on_each(frozen_now: datetime) -> None:
    habit = "Ogni serata è un'occasione unica per conoscere persone nuove e giocare insieme."
    events = [_event(title=f"Serata {n}", start=f"2027-03-0{n}T20:00", description=f"Giochi n. {n}. {habit}",
                     url=f"https://ludoteca.example/{n}") for n in range(1, 5)]
    events.append(_event(title="Serata 5", start="2027-03-05T20:00", url="https://ludoteca.example/5",
                         description="Solo giochi di carte."))
    kits = build_kits(events, now=frozen_now, cards=False, poster=False)
    repeated = [[f for f in kit.findings if f.rule == "repeated-sentence"] for kit in kits]
    assert [len(found) for found in repeated] == [1, 1, 1, 1, 0]
    assert "4 eventi" in repeated[0][0].message and "conoscere persone nuove" in repeated[0][0].message
    twice = build_kits(events[:2], now=frozen_now, cards=False, poster=False)
    assert all(kit.findings == () for kit in twice)


# --- the command ------------------------------------------------------------------------------------

GOOD = """\
title: Serata di giochi da tavolo
start: 2027-03-04T20:00
timezone: Europe/Rome
language: it
url: https://ludoteca.example/serate/marzo
venue: {name: Ludoteca Il Dado, city: Padova, country: IT}
"""


def test_one_bad_file_never_costs_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("title: Senza data\ntimezone: Europe/Roma\ncapacity: molti\n", encoding="utf-8")
    (tmp_path / "also-good.yaml").write_text(GOOD.replace("2027-03-04", "2027-03-11").replace("marzo", "bis"),
                                             encoding="utf-8")
    out = tmp_path / "kits"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "bad.yaml"), str(tmp_path / "good.yaml"),
                                       str(tmp_path / "also-good.yaml"), "--out", str(out), "--no-cards",
                                       "--now", "2027-01-01T09:00Z"])
    assert result.exit_code == 1
    assert sorted(path.name for path in out.iterdir()) == ["2027-03-04-serata-di-giochi-da-tavolo",
                                                           "2027-03-11-serata-di-giochi-da-tavolo"]
    for problem in ("start: is required", "did you mean 'Europe/Rome'?", "capacity"):
        assert problem in result.stderr
    assert "Traceback" not in result.output


def test_the_summary_speaks_one_language_and_reads_times_as_people_do(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text(GOOD.replace("url: https://ludoteca.example/serate/marzo\n", ""),
                                     encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "e.yaml"), "--out", str(tmp_path / "kits"),
                                       "--no-cards", "--no-poster", "--now", "2027-01-01T09:00Z"])
    assert result.exit_code == 0, result.output
    assert "Serata di giochi da tavolo · Giovedì 4 marzo, ore 20:00 · Ludoteca Il Dado" in result.output
    assert "Manca il link ('url')" in result.output
    assert "annuncio" in result.output and "promemoria" in result.output
    assert not re.search(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", result.output.replace(str(tmp_path), "")), result.output
    for english in (" posts for ", " channels", "lint finding", "calendar invite", "footprint:", "plan:"):
        assert english not in result.output


def test_strict_writes_no_kit_whose_post_cannot_fit(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text(GOOD.replace("Serata di giochi da tavolo", f'"{WIDE_TITLE}"'), encoding="utf-8")
    args = ["build", str(tmp_path / "e.yaml"), "--no-cards", "--no-poster", "--now", "2027-01-01T09:00Z",
            "--channels", "sms,mastodon"]
    relaxed = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "relaxed")])
    assert relaxed.exit_code == 0 and "SMS (annuncio) escluso" in relaxed.output
    strict = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1 and "SMS (annuncio) escluso" in strict.stderr
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").iterdir())


def test_a_kits_findings_are_listed_in_kit_json(frozen_now: datetime, tmp_path: Path) -> None:
    import json

    kit = build(dataclasses.replace(_event(), url=None), now=frozen_now, cards=False, poster=False)
    saved = json.loads((kit.save(tmp_path) / "kit.json").read_text(encoding="utf-8"))
    assert saved["findings"] == [{"rule": "missing-url", "message": kit.findings[0].message,
                                  "channel": None, "moment": None}]


def test_the_tutorials_reading_night_builds_every_post(frozen_now: datetime) -> None:
    """The em dash of its title once made the SMS UCS-2 and stopped the whole kit."""
    import yaml

    tutorial = (Path(__file__).parent.parent / "docs" / "tutorial.md").read_text(encoding="utf-8")
    block = tutorial.split("Create `reading.yaml`:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    kit = build(Event.from_mapping(yaml.safe_load(block)), now=frozen_now, cards=False, poster=False)
    assert kit.findings == ()
    assert {post.channel.id for post in kit.posts} == set(CHANNELS)
    sms = [post for post in kit.posts if post.channel.id == "sms"]
    assert sms and all(post.length == 1 and "—" not in post.text for post in sms), [post.text for post in sms]


def test_with_another_language_the_summary_and_findings_speak_it(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text(GOOD.replace("venue: {name: Ludoteca Il Dado, city: Padova, country: IT}\n", ""),
                                     encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "e.yaml"), "--out", str(tmp_path / "kits"), "--lang",
                                       "fr", "--no-cards", "--no-poster", "--now", "2027-01-01T09:00Z"])
    assert result.exit_code == 0, result.output
    assert "Pas de lieu ('venue')" in result.output and "Jeudi 4 mars" in result.output
    for italian in ("Manca", "canali", "annuncio", "giovedì"):
        assert italian not in result.output


def test_a_pitch_that_three_events_repeat_is_found_after_a_description_without_a_full_stop(
    frozen_now: datetime,
) -> None:
    pitch = "Portate il vostro gioco preferito e noi mettiamo i tavoli"
    events = [_event(title=f"Serata {n}", start=f"2027-03-0{n}T20:00", url=f"https://ludoteca.example/{n}",
                     description=f"Giochi da tavolo numero {n}", pitch=pitch) for n in range(1, 4)]
    kits = build_kits(events, now=frozen_now, cards=False, poster=False)
    assert all([f.rule for f in kit.findings] == ["repeated-sentence"] for kit in kits)
    assert pitch in kits[0].findings[0].message  # quoted as the organiser wrote it


def test_a_value_that_ends_in_a_full_stop_gets_no_second_one(frozen_now: datetime) -> None:
    kit = build(_event(venue={"name": "Bar Roma S.n.c.", "city": "Padova"}), now=frozen_now, cards=False, poster=False)
    texts = [post.text for post in kit.posts]
    assert any("S.n.c." in text for text in texts) and not any("S.n.c.." in text for text in texts)


@pytest.mark.parametrize("title", ["0..", "Reading club vol.. 2", "Wait.. what?"])
def test_a_double_full_stop_the_organiser_wrote_stays_as_written(frozen_now: datetime, title: str) -> None:
    kit = build(_event(title=title, venue={"name": "Bar Roma S.n.c.", "city": "Padova"}), now=frozen_now,
                cards=False, poster=False)
    assert all(title in post.text for post in kit.posts if post.channel.id != "sms")
    assert not any("S.n.c.." in post.text for post in kit.posts)


def test_an_event_whose_uid_or_kit_folder_an_earlier_event_has_gets_no_kit_and_the_others_do(tmp_path: Path) -> None:
    other_day = GOOD.replace("2027-03-04", "2027-03-11")
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "same-url.yaml").write_text(other_day, encoding="utf-8")  # a UID comes from the url
    (tmp_path / "same-folder.yaml").write_text(GOOD.replace("serate/marzo", "serate/bis"), encoding="utf-8")
    (tmp_path / "fine.yaml").write_text(other_day.replace("serate/marzo", "serate/aprile"), encoding="utf-8")
    out = tmp_path / "kits"
    result = CliRunner().invoke(main, ["build", *(str(tmp_path / name) for name in
                                                  ("a.yaml", "same-url.yaml", "same-folder.yaml", "fine.yaml")),
                                       "--out", str(out), "--no-cards", "--no-poster", "--now", "2027-01-01T09:00Z"])
    assert result.exit_code == 1
    assert sorted(path.name for path in out.iterdir()) == ["2027-03-04-serata-di-giochi-da-tavolo",
                                                           "2027-03-11-serata-di-giochi-da-tavolo"]
    assert "same-url.yaml: uid: " in result.stderr and "is also the UID of a.yaml" in result.stderr
    assert ("same-folder.yaml: 'Serata di giochi da tavolo': its kit folder '2027-03-04-serata-di-giochi-da-tavolo'"
            " (made from the date and title) is that of a.yaml") in result.stderr
    assert result.stderr.count("error:") == 2 and "Traceback" not in result.output


@pytest.mark.parametrize(("language", "price", "shown", "twice"), [
    ("it", "Ingresso a offerta libera", "Ingresso a offerta libera", "Ingresso: Ingresso"),
    ("fr", "Entrée libre, participation au chapeau", "Entrée libre, participation au chapeau", "Entrée\u00a0: Entrée"),
    ("es", "Entrada con donativo", "Entrada con donativo", "Entrada: Entrada"),
    ("it", "offerta libera", "Ingresso: offerta libera", None),
])
def test_a_text_price_is_labelled_once(
    frozen_now: datetime, language: str, price: str, shown: str, twice: str | None
) -> None:
    kit = build(_event(language=language, price=price), now=frozen_now, cards=False, poster=False)
    mastodon = next(post.text for post in kit.posts if post.channel.id == "mastodon" and post.moment == "announce")
    assert shown in mastodon.replace("\u00a0", " ").replace(" : ", "\u00a0: ") or shown in mastodon
    assert not twice or all(twice not in post.text for post in kit.posts)
