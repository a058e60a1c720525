"""The page in a kit and on a site: the folder layout other parts rely on, the command, and the page
as the one link of an event that has none."""

from __future__ import annotations

import io
import json
import os
import re
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import html5lib
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from radical_social import Event, KitError, build, render_page
from radical_social.cli import main
from radical_social.page.layout import event_slug, page_url
from radical_social.page.site import write_pages, write_pages_from_files

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
BASE = "https://example.org/events"
XHTML = "{http://www.w3.org/1999/xhtml}"

GOOD = """\
events:
  - title: Lettura ad alta voce
    start: 2027-03-04T18:00
    timezone: Europe/Rome
    language: it
    venue: {name: Libreria Pagina, city: Prato, country: IT}
  - title: Mercato contadino
    start: 2027-03-06
    url: https://mercato.example/marzo
"""
BAD = """\
events:
  - title: Senza data
  - title: Prezzo strano
    start: 2027-03-04T18:00
    price: -3
"""


def local_references(html: str) -> set[str]:
    """The files beside the page that it points at."""
    document = html5lib.parse(html)
    found = {element.get("src") or element.get("href") or "" for element in document.iter()}
    return {ref for ref in found if ref and "://" not in ref and not ref.startswith("../")}


# --- the kit ---------------------------------------------------------------------------------------


def test_a_saved_kit_holds_its_page_and_the_files_the_page_points_at(tmp_path: Path, event: Event) -> None:
    kit = build(event, now=NOW)
    folder = kit.save(tmp_path)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert html == kit.page == render_page(event, now=NOW, card=next(c for c in kit.cards if c.size == "link"))
    assert json.loads((folder / "kit.json").read_text(encoding="utf-8"))["page"] == "index.html"
    assert local_references(html) == {"cards/link.png", "invite.ics"}
    assert all((folder / ref).is_file() for ref in local_references(html))


def test_a_kit_without_cards_shows_no_image(tmp_path: Path, event: Event) -> None:
    folder = build(event, now=NOW, cards=False, poster=False).save(tmp_path)
    assert local_references((folder / "index.html").read_text(encoding="utf-8")) == {"invite.ics"}


# --- the page as the one link ----------------------------------------------------------------------


def test_without_a_url_of_its_own_the_page_is_the_link_everywhere(event: Event) -> None:
    bare = replace(event, url=None)
    url = page_url(bare, BASE)
    kit = build(bare, now=NOW, base_url=BASE + "/")
    assert kit.event.url == url and kit.event.uid == bare.uid
    assert kit.posts and all(url in post.text for post in kit.posts)
    assert f"URL:{url}".encode() in kit.invite.replace(b"\r\n ", b"")
    square = next(card for card in kit.cards if card.size == "square")
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(square.data)).convert("RGB"))
    assert code.text == url
    assert "missing-url" not in {finding.rule for finding in kit.findings}
    assert kit.manifest()["event"]["url"] == url


def test_an_event_keeps_its_own_url_and_without_a_base_url_nothing_changes(event: Event) -> None:
    assert build(event, now=NOW, base_url=BASE, cards=False, poster=False).event.url == event.url
    bare = build(replace(event, url=None), now=NOW, cards=False, poster=False)
    assert bare.event.url is None and "missing-url" in {finding.rule for finding in bare.findings}


def test_build_base_url_on_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "events.yaml"
    source.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "--out", str(tmp_path / "kits"), "--base-url",
                                       BASE, "--no-cards", "--no-poster", "--now", "2026-12-01T09:00Z"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "kits" / "2027-03-04-lettura-ad-alta-voce" / "kit.json").read_text())
    assert manifest["event"]["url"] == f"{BASE}/2027-03-04-lettura-ad-alta-voce/"
    assert all(f"{BASE}/2027-03-04-lettura-ad-alta-voce/" in post["text"] for post in manifest["posts"])


# --- the site --------------------------------------------------------------------------------------


def test_the_page_command_lays_out_the_index_and_pages_with_ones_own_templates(tmp_path: Path) -> None:
    source = tmp_path / "events.yaml"
    source.write_text(GOOD, encoding="utf-8")
    mine = tmp_path / "mine" / "page"
    mine.mkdir(parents=True)
    (mine / "style.css.j2").write_text("body{color:#000}", encoding="utf-8")
    (mine / "index.html.j2").write_text(
        "<!DOCTYPE html><html lang=\"{{ lang }}\"><style>{% include 'page/style.css.j2' %}</style><ul>"
        "{% for item in items %}<li><a href=\"{{ item.slug }}/\">{{ item.title }}</a> {{ item.when }}</li>{% endfor %}"
        "</ul></html>", encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["page", str(source), "--out", str(site), "--now", "2026-12-01T09:00Z",
                                       "--templates", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.startswith('<!DOCTYPE html><html lang="it"><style>body{color:#000}</style><ul><li>')
    assert '<a href="2027-03-04-lettura-ad-alta-voce/">Lettura ad alta voce</a> Giovedì 4 marzo' in index
    page = (site / "2027-03-04-lettura-ad-alta-voce" / "index.html").read_text(encoding="utf-8")
    assert "body{color:#000}" in page and "<h1" in page  # the built-in page, with the style of one's own


def test_the_page_command_writes_each_events_folder(tmp_path: Path) -> None:
    source = tmp_path / "events.yaml"
    source.write_text(GOOD, encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["page", str(source), "--out", str(site), "--base-url", BASE + "/",
                                       "--now", "2026-12-01T09:00Z"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in site.iterdir()) == ["2027-03-04-lettura-ad-alta-voce",
                                                           "2027-03-06-mercato-contadino", "events.ics",
                                                           "feed.atom", "index.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="2027-03-04-lettura-ad-alta-voce/"' in index and 'href="2027-03-06-mercato-contadino/"' in index
    assert f'href="{BASE}/2027-03-06-mercato-contadino/"' in (site / "feed.atom").read_text(encoding="utf-8")
    assert (site / "events.ics").read_bytes().count(b"BEGIN:VEVENT") == 2
    folder = site / "2027-03-04-lettura-ad-alta-voce"
    assert sorted(str(path.relative_to(folder)) for path in folder.rglob("*")) == [
        "cards", "cards/link.png", "index.html", "invite.ics"]
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}/2027-03-04-lettura-ad-alta-voce/">' in html
    assert 'href="../feed.atom"' in html and 'href="../events.ics"' in html
    assert f"URL:{BASE}/2027-03-04-lettura-ad-alta-voce/".encode() in (folder / "invite.ics").read_bytes()
    with Image.open(folder / "cards" / "link.png") as card:
        assert card.size == (1200, 630)
    assert str(folder / "index.html") in result.output


def test_pages_made_on_two_processes_are_the_bytes_one_makes(tmp_path: Path) -> None:
    source = tmp_path / "events.yaml"
    source.write_text(GOOD, encoding="utf-8")
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["page", str(source), "--out", str(tmp_path / jobs), "--jobs", jobs,
                                           "--base-url", BASE, "--now", "2026-12-01T09:00Z"])
        assert result.exit_code == 0, result.output
    one, two = ({path.relative_to(tmp_path / jobs): path.read_bytes() for path in (tmp_path / jobs).rglob("*")
                 if path.is_file()} for jobs in ("1", "2"))
    assert one == two and len(one) == 9  # two folders of three files, the index and its two feeds


def test_bad_files_are_reported_all_at_once_and_good_files_written(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["page", str(bad), str(good), "--out", str(site), "--now", "2026-12-01T09:00Z"])
    assert result.exit_code == 1
    assert "events[0].start: is required" in result.output and "events[1].price" in result.output
    assert "Traceback" not in result.output
    assert sorted(path.name for path in site.iterdir() if path.is_dir()) == ["2027-03-04-lettura-ad-alta-voce",
                                                                            "2027-03-06-mercato-contadino"]
    assert not list(site.glob(".*"))
    assert (site / "events.ics").read_bytes().count(b"BEGIN:VEVENT") == 2  # the index lists what was written


def test_a_folder_two_files_share_is_refused_for_the_second(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD.replace("https://mercato.example/marzo", "https://mercato.example/altro"),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["page", str(first), str(second), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1 and "is also that of an event in" in result.output


@pytest.mark.parametrize("url", ["example.org", "ftp://example.org", "https://", "https://example.org/?a=1"])
def test_a_base_url_must_be_a_web_address(tmp_path: Path, url: str) -> None:
    source = tmp_path / "events.yaml"
    source.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["page", str(source), "--out", str(tmp_path), "--base-url", url])
    assert result.exit_code == 2 and "--base-url" in result.output


def test_writing_again_replaces_the_pages_and_leaves_nothing_behind(tmp_path: Path, event: Event) -> None:
    [folder] = write_pages([event], tmp_path, now=NOW)
    (folder / "index.html").write_text("old", encoding="utf-8")
    assert write_pages([replace(event, description="Nuovo testo.")], tmp_path, now=NOW) == [folder]
    assert "Nuovo testo." in (folder / "index.html").read_text(encoding="utf-8")
    assert [path.name for path in tmp_path.iterdir()] == [folder.name]


def test_the_scratch_of_a_killed_write_is_removed_and_nothing_else(tmp_path: Path, event: Event) -> None:
    an_hour_ago = time.time() - 3600
    slug = "2027-01-16-laboratorio-di-pasta-fresca"

    def left(name: str, *parts: str) -> None:
        folder = tmp_path / name
        (folder / "cards").mkdir(parents=True)
        for part in parts:
            (folder / part).write_bytes(b"half")
        os.utime(folder, (an_hour_ago, an_hour_ago))

    left(f".{slug}.0123456789ab.tmp", "index.html", "invite.ics")  # killed while staging
    left(f".{slug}.fedcba987654.old", "index.html", "cards/link.png")  # killed while swapping
    left(f".{slug}.0123456789ad.tmp", "index.html", "notes.txt")  # not only a page's files: the user's
    write_pages([event], tmp_path, now=NOW)
    assert sorted(path.name for path in tmp_path.iterdir()) == [f".{slug}.0123456789ad.tmp", slug]


@pytest.mark.filterwarnings("ignore::radical_social.errors.LanguageFallbackWarning")  # Arabic: an English page
def test_titles_ascii_cannot_spell_get_folders_of_their_own(tmp_path: Path) -> None:
    day = {"start": "2027-03-01T19:00", "timezone": "Asia/Beirut", "language": "ar"}
    poetry, calligraphy = (Event.from_mapping({"title": title, **day}) for title in ("أمسية شعرية", "ورشة خط عربي"))
    folders = write_pages([poetry, calligraphy], tmp_path, now=NOW)
    assert len({folder.name for folder in folders}) == 2
    assert all(re.fullmatch(r"2027-03-01-[0-9a-f]{8}", folder.name) for folder in folders)
    assert event_slug(poetry) == event_slug(replace(poetry, uid="another"))  # stable: from the title
    assert event_slug(replace(poetry, title="Caffè & libri!")) == "2027-03-01-caffe-libri"  # Latin ones unchanged
    with pytest.raises(KitError, match=r"'2027-03-01-[0-9a-f]{8}' \(made from their date and title\)"):
        write_pages([poetry, replace(poetry, uid="another")], tmp_path, now=NOW)


def test_a_page_without_a_place_comes_with_a_note_that_search_engines_skip_it(tmp_path: Path) -> None:
    source = tmp_path / "events.yaml"
    source.write_text("- {title: Open evening, start: 2027-03-10T18:00, timezone: Europe/London, language: en}\n"
                      "- {title: Mercato, start: 2027-03-11T09:00, timezone: Europe/Rome, language: it,"
                      " venue: {name: Piazza Duomo}}\n",
                      encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["page", str(source), "--out", str(site), "--now", "2026-12-01T09:00Z"])
    assert result.exit_code == 0
    page = site / "2027-03-10-open-evening" / "index.html"
    assert f"note: {page}: No place ('venue'): search engines do not list the page of an event without one." \
        in result.output
    assert result.output.count("note:") == 1 and "location" not in page.read_text(encoding="utf-8")
    report = write_pages_from_files([source], site, now=NOW, language="it")
    assert report.notes == (f"{page}: Manca il luogo ('venue'): i motori di ricerca non elencano la pagina di un "
                            "evento senza luogo.",)
