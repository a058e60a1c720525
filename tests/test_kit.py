"""The kit: built in memory, saved whole or not at all, kit.json as documented."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from radical_social import Event, KitError, build, save_kits
from radical_social.kit.build import KIT_VERSION, slugify


def test_the_manifest_is_versioned_and_points_to_the_invite(event: Event, frozen_now: datetime) -> None:
    kit = build(event, now=frozen_now)
    manifest = kit.manifest()
    assert manifest["format"] == "radical-social-kit" and manifest["version"] == KIT_VERSION == 2
    assert manifest["generated_at"] == "2026-12-01T09:00:00+00:00"
    assert manifest["invite"] == "invite.ics"
    assert set(manifest["links"]) == {"google", "outlook", "office365", "yahoo", "ics"}
    assert manifest["links"]["ics"] == "invite.ics"
    assert Event.from_mapping(manifest["event"]) == event
    json.dumps(manifest)  # plain JSON data


def test_the_kit_holds_a_post_for_every_planned_slot(event: Event, frozen_now: datetime) -> None:
    kit = build(event, now=frozen_now)
    manifest = kit.manifest()
    slots = {(slot["channel"], slot["moment"]) for slot in manifest["plan"]}
    posts = {(post["channel"], post["moment"]) for post in manifest["posts"]}
    assert slots == posts
    assert {channel for channel, _ in posts} == {"mastodon", "bluesky", "x", "threads", "linkedin", "instagram",
                                                 "facebook", "newsletter", "sms"}
    assert {moment for _, moment in posts} == {"announce", "reminder", "last_call"}
    for post in manifest["posts"]:
        assert post["length"] <= post["limit"] and post["findings"] == [], post
        assert post["language"] == "it" and event.title in post["text"]
    for slot in manifest["plan"]:
        at = datetime.fromisoformat(slot["at"])
        assert frozen_now < at < event.start and 7 <= at.hour < 22


def test_cards_poster_and_footprint_are_in_the_manifest(event: Event, frozen_now: datetime) -> None:
    kit = build(event, now=frozen_now, channels=["mastodon", "instagram"], paper="A5")
    manifest = kit.manifest()
    cards = {card["size"]: card for card in manifest["cards"]}
    assert set(cards) == {"square", "portrait", "story", "link"}
    assert cards["link"]["channels"] == ["mastodon"] and cards["story"]["channels"] == ["instagram"]
    assert cards["square"]["channels"] == ["instagram", "mastodon"]
    assert [cards[size]["qr"] for size in ("square", "portrait", "story", "link")] == [True, True, True, False]
    for card in manifest["cards"]:
        assert card["path"] == f"cards/{card['size']}.png" and card["format"] == "png"
        assert event.title in card["alt"] and len(card["alt"]) <= 1000
    assert manifest["poster"] == {"path": "poster.pdf", "size": "A5", "bytes": kit.poster.bytes if kit.poster else 0}
    footprint, treadmill = manifest["footprint"], manifest["treadmill"]
    assert footprint["bytes"] == sum(card["bytes"] for card in manifest["cards"]) + len(kit.invite)
    assert footprint["posts"] == len(manifest["plan"]) == 6
    assert treadmill["posts"] == 3 * 2 * 21  # three a day on each of two channels, for three weeks
    assert treadmill["co2e_g_per_1000_views"] > 10 * footprint["co2e_g_per_1000_views"]
    assert footprint["model"] == treadmill["model"] == "sustainable-web-design-v4"


def test_without_cards_or_poster(event: Event, frozen_now: datetime, tmp_path: Path) -> None:
    kit = build(event, now=frozen_now, channels=["sms"], cards=False, poster=False)
    assert kit.cards == () and kit.poster is None
    assert kit.manifest()["cards"] == [] and kit.manifest()["poster"] is None
    folder = kit.save(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "invite.ics", "kit.json", "posts"]


def test_a_past_event_gets_no_posts(event: Event) -> None:
    kit = build(event, now=datetime(2027, 2, 1, tzinfo=timezone.utc))
    assert kit.posts == () and len(kit.plan) == 0


def test_saving_writes_the_folder_and_the_same_bytes_twice(tmp_path: Path, event: Event, frozen_now: datetime) -> None:
    folder = build(event, now=frozen_now).save(tmp_path)
    assert folder == tmp_path / "2027-01-16-laboratorio-di-pasta-fresca"
    assert sorted(p.name for p in folder.iterdir()) == ["cards", "index.html", "invite.ics", "kit.json", "poster.pdf",
                                                       "posts"]
    assert sorted(p.name for p in (folder / "cards").iterdir()) == ["link.png", "portrait.png", "square.png",
                                                                   "story.png"]
    assert (folder / "poster.pdf").read_bytes().startswith(b"%PDF")
    first = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    posts = {p.name: p.read_text(encoding="utf-8") for p in (folder / "posts").iterdir()}
    manifest = json.loads(first["kit.json"])
    assert {f"posts/{name}" for name in posts} == {post["path"] for post in manifest["posts"]}
    assert all(posts[post["path"][6:]] == post["text"] + "\n" for post in manifest["posts"])
    build(event, now=frozen_now).save(tmp_path)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == first
    assert json.loads(first["kit.json"])["event"]["uid"] == event.uid
    assert first["invite.ics"].startswith(b"BEGIN:VCALENDAR\r\n")


def test_building_again_replaces_the_kit_and_leaves_no_temporary_folders(tmp_path: Path, event: Event) -> None:
    build(event).save(tmp_path)
    (tmp_path / "2027-01-16-laboratorio-di-pasta-fresca" / "stale.txt").write_text("old")
    renamed = dataclasses.replace(event, description="Nuova descrizione.")
    folder = build(renamed).save(tmp_path)
    assert not (folder / "stale.txt").exists()
    assert (folder / "posts").is_dir()
    assert b"Nuova descrizione." in (folder / "invite.ics").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    with pytest.raises(KitError, match="No space left on device"):
        build(event).save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_two_events_with_one_folder_are_refused_before_writing(tmp_path: Path, event: Event) -> None:
    twin = dataclasses.replace(event, uid="another@example.org")
    with pytest.raises(KitError, match="share the kit folder"):
        save_kits([build(event), build(twin)], tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("text", "slug"), [
    ("2027-01-16 Caffè & libri!", "2027-01-16-caffe-libri"),
    ("Straße der Lieder, Œuvres", "strasse-der-lieder-oeuvres"),
    ("読書会", "event"),
])
def test_slugs_are_ascii(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_notebook_preview_is_escaped(event: Event) -> None:
    kit = build(dataclasses.replace(event, title="<b>bold</b> & co"))
    html = kit._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html and "<b>bold" not in html
    assert "calendar.google.com" in html
    assert f"Piano delle pubblicazioni ({len(kit.plan)})" in html and html.count("<pre") == len(kit.posts)
    assert html.count("<img src='data:image/png;base64,") == len(kit.cards) == 4
    assert "Impronta:" in html and "Aggiungi al calendario:" in html
    german = build(dataclasses.replace(event, language="de"), cards=False)._repr_html_()
    assert "Zum Kalender hinzufügen:" in german and "Fußabdruck:" in german


def test_a_post_preview_is_escaped_and_never_raises(event: Event) -> None:
    post = build(dataclasses.replace(event, title="<i>x</i>"), cards=False).posts[0]
    assert "&lt;i&gt;x&lt;/i&gt;" in post._repr_html_()
    broken = dataclasses.replace(post, channel=None)  # type: ignore[arg-type]
    assert broken._repr_html_().startswith("<pre>&lt;")


def test_a_preview_that_fails_falls_back_to_the_plain_repr(event: Event) -> None:
    broken = dataclasses.replace(build(event), links=None)  # type: ignore[arg-type]
    html = broken._repr_html_()
    assert html.startswith("<pre>&lt;") and "Kit" in html


def test_an_interrupted_save_leaves_nothing_behind(tmp_path: Path, event: Event,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    kit = build(event, channels=["sms"], cards=False, poster=False)

    def interrupt(self: Path, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupt)
    with pytest.raises(KeyboardInterrupt):
        kit.save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_a_kit_error(tmp_path: Path, event: Event,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    make_folder = Path.mkdir

    def refuse(self: Path, *args: Any, **options: Any) -> None:
        if self.name.endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        make_folder(self, *args, **options)

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(KitError, match="Permission denied"):
        build(event, channels=["sms"], cards=False, poster=False).save(tmp_path)


def test_notebook_preview_shows_the_kits_findings(event: Event, frozen_now: datetime) -> None:
    kit = build(dataclasses.replace(event, url=None, venue=None), now=frozen_now, cards=False, poster=False)
    html = kit._repr_html_()
    assert "Manca il link" in html and "Manca il luogo" in html
    assert "Manca" not in build(event, now=frozen_now, cards=False, poster=False)._repr_html_()


def test_a_kit_folder_has_the_permissions_the_umask_gives(tmp_path: Path, event: Event) -> None:
    old = os.umask(0o022)
    try:
        folder = build(event, channels=["instagram"], poster=False).save(tmp_path)
    finally:
        os.umask(old)
    inside = [path for path in folder.iterdir() if path.is_dir()]
    assert inside and stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert {stat.S_IMODE(path.stat().st_mode) for path in inside} == {0o755}


def test_the_scratch_of_a_killed_save_is_removed_by_the_next_run(tmp_path: Path, event: Event) -> None:
    kit = build(event, channels=["sms"], cards=False, poster=False)
    an_hour_ago = time.time() - 3600

    def left(name: str, *parts: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for part in parts:
            (folder / part).write_bytes(b"half")
        os.utime(folder, (an_hour_ago, an_hour_ago))
        return folder

    left(f".{kit.slug}.0123456789ab.tmp", "invite.ics")  # killed while staging
    left(f".{kit.slug}.fedcba987654.old", "invite.ics", "kit.json")  # killed while swapping
    left(f".{kit.slug}.00112233aabb.tmp")  # killed right after mkdir
    running = tmp_path / f".{kit.slug}.0123456789ac.tmp"  # a run at work now: recent
    running.mkdir()
    # What is not a kit's scratch is the user's, however it is named: it stays.
    left(".other-kit.0123456789ab.tmp", "invite.ics")  # another kit, not saved in this run
    left(f".{kit.slug}.0123456789ad.tmp", "invite.ics", "notes.txt")
    left(".emacs.settings.old", "init.el")
    (tmp_path / ".env.defaults.old").write_text("S=1")
    os.utime(tmp_path / ".env.defaults.old", (an_hour_ago, an_hour_ago))
    (tmp_path / ".mine.tmp").write_text("the user's own")

    kit.save(tmp_path)

    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == sorted([
        ".emacs.settings.old", ".env.defaults.old", ".mine.tmp", ".other-kit.0123456789ab.tmp",
        f".{kit.slug}.0123456789ac.tmp", f".{kit.slug}.0123456789ad.tmp"])
