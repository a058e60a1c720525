"""Publishing to Bluesky, against a real PDS on 127.0.0.1 (tests/bluesky_server.py): the post, its
facets, card, alt text, aspect ratio and language read back from the server; never twice, counted
with listRecords, after a lost answer, a 429 storm, a run killed between posting and recording, and
two runs at once on a PostgreSQL journal."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image as Pillow

from radical_social import BlueskyAccount, Event, RetryPolicy, build, publish
from radical_social.delivery.bluesky import MAX_IMAGE_BYTES, facets, post_record, record_key
from radical_social.delivery.journal import PostKey, StateStore
from radical_social.delivery.mastodon import Image
from tests.bluesky_server import Pds, proxy_to, running_pds
from tests.example_plan import ANNOUNCE, BUILT, ROOT

QUICK = RetryPolicy(attempts=3, max_wait=2, backoff=0.05, timeout=30, processing=10)
PASSWORD_VARIABLE = "RADICAL_SOCIAL_BLUESKY_PASSWORD"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def pds() -> Iterator[Pds]:
    with running_pds() as server:
        yield server


@pytest.fixture(scope="module")
def kit_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(Event.example(), now=BUILT, channels=["bluesky", "sms"], poster=False).save(
        tmp_path_factory.mktemp("kits"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "radical_social", "publish", *args], capture_output=True,
                          text=True, check=False, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_the_due_post_goes_out_once_with_its_card_alt_text_facets_and_language(
        pds: Pds, kit_folder: Path, tmp_path: Path) -> None:
    handle = pds.create_account("giulia")
    account = BlueskyAccount(handle, pds.passwords[handle], pds.url)
    manifest = json.loads((kit_folder / "kit.json").read_text(encoding="utf-8"))
    post = next(p for p in manifest["posts"] if p["channel"] == "bluesky" and p["moment"] == "announce")
    card = next(c for c in manifest["cards"] if "bluesky" in c["channels"])
    now = ANNOUNCE + timedelta(minutes=3)

    report = publish([kit_folder], accounts=[account], now=now, journal=tmp_path / "j.sqlite3", retry=QUICK)

    [record] = pds.posts(handle)
    value = record["value"]
    assert (value["text"], value["langs"]) == (post["text"], ["it"])
    link = "https://bottegasartori.example/laboratori/pasta-fresca"
    encoded = value["text"].encode("utf-8")
    assert [(encoded[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode(), f["features"][0])
            for f in value["facets"]] == [
        (link, {"$type": "app.bsky.richtext.facet#link", "uri": link}),
        ("#PastaFresca", {"$type": "app.bsky.richtext.facet#tag", "tag": "PastaFresca"}),
        ("#Cucina", {"$type": "app.bsky.richtext.facet#tag", "tag": "Cucina"})]
    [image] = value["embed"]["images"]
    assert value["embed"]["$type"] == "app.bsky.embed.images"
    assert (image["alt"], image["aspectRatio"]) == (card["alt"], {"width": card["width"], "height": card["height"]})
    assert image["image"]["mimeType"] == "image/png"
    did = record["uri"].split("/")[2]
    assert pds.blob(did, image["image"]["ref"]["$link"]) == (kit_folder / card["path"]).read_bytes()
    assert datetime.fromisoformat(value["createdAt"].replace("Z", "+00:00")) >= datetime.now(timezone.utc) - \
        timedelta(minutes=5)
    rkey = record_key((manifest["event"]["uid"], 0, "bluesky", "announce"))
    assert record["uri"] == f"at://{did}/app.bsky.feed.post/{rkey}"
    by_channel = {result.channel: result for result in report}
    assert by_channel["bluesky"].status == "published"
    assert by_channel["bluesky"].url == f"https://bsky.app/profile/{handle}/post/{rkey}"
    assert by_channel["sms"].status == "by-hand"

    again = publish([kit_folder], accounts=[account], now=now + timedelta(minutes=5),
                    journal=tmp_path / "j.sqlite3", retry=QUICK)
    assert {r.channel: r.status for r in again}["bluesky"] == "already"
    assert len(pds.posts(handle)) == 1
    with StateStore(tmp_path / "j.sqlite3") as journal:
        kept = journal.post(PostKey(manifest["event"]["uid"], 0, "bluesky", "announce"))
    assert kept is not None and (kept.state, kept.remote_id) == ("published", record["uri"])


def test_a_link_card_carries_the_card_as_thumbnail_or_none_and_a_big_card_goes_as_jpeg(pds: Pds) -> None:
    handle = pds.create_account("linkcard")
    account = BlueskyAccount(handle, pds.passwords[handle], pds.url)
    picture = Pillow.frombytes("RGB", (1600, 1000), random.Random(3).randbytes(1600 * 1000 * 3))
    png = io.BytesIO()
    picture.save(png, "PNG")
    big = Image(data=png.getvalue(), filename="link.png", media_type="image/png", alt="Pasta, Verona, 16 gennaio")
    text = "Pâtes fraîches à Vérone 🍝 → https://ex.example/pâtes?x=1 #Pâtes"

    post_record(account, text=text, language="fr", image=big, link_card=True, title="Pâtes fraîches",
                key=("uid-1", 0, "bluesky", "announce"), policy=QUICK)
    post_record(account, text="東京で #パスタ 教室", language="ja", image=big, link_card=False, title="パスタ",
                key=("uid-1", 0, "bluesky", "reminder"), policy=QUICK)
    post_record(account, text="Sans carte : https://ex.example/", language="fr", image=None, link_card=True,
                title="Pâtes", key=("uid-1", 0, "bluesky", "thanks"), policy=QUICK)

    bare, external, images = sorted((r["value"] for r in pds.posts(handle)),
                                    key=lambda v: (v["embed"]["$type"], "thumb" in v["embed"].get("external", {})))
    assert bare["embed"]["external"] == {"uri": "https://ex.example/", "title": "Pâtes", "description": ""}
    assert external["embed"]["external"]["uri"] == "https://ex.example/pâtes?x=1"
    assert external["embed"]["external"]["title"] == "Pâtes fraîches"
    thumb = external["embed"]["external"]["thumb"]
    assert thumb["mimeType"] == "image/jpeg" and thumb["size"] <= MAX_IMAGE_BYTES
    assert external["facets"] == facets(text) and external["langs"] == ["fr"]
    [image] = images["embed"]["images"]
    assert image["image"]["mimeType"] == "image/jpeg" and image["image"]["size"] <= MAX_IMAGE_BYTES
    assert image["aspectRatio"]["width"] * 10 == image["aspectRatio"]["height"] * 16
    assert [f["features"][0]["tag"] for f in images["facets"]] == ["パスタ"]


def test_a_wrong_password_is_one_clear_line_and_never_shown(pds: Pds, kit_folder: Path, tmp_path: Path) -> None:
    handle = pds.create_account("wrongpass")
    wrong = "Not-The-Right-0ne"
    journal = tmp_path / "j.sqlite3"
    args = (str(kit_folder), "--bluesky", pds.url, "--bluesky-handle", handle, "--now", ANNOUNCE.isoformat(),
            "--journal", str(journal), "--channels", "bluesky")

    refused = run(*args, env={PASSWORD_VARIABLE: wrong})

    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"failed: Laboratorio di pasta fresca · bluesky · announce: Bluesky at {pds.url.split('//')[1]} refused "
        f"the handle {handle} or its app password (HTTP 401): set {PASSWORD_VARIABLE} to an app password of "
        "this account"]
    assert wrong not in refused.stdout + refused.stderr and wrong.encode() not in journal.read_bytes()
    assert pds.posts(handle) == []

    posted = run(*args, env={PASSWORD_VARIABLE: pds.passwords[handle]})
    assert posted.returncode == 0, posted.stderr
    [record] = pds.posts(handle)
    assert posted.stdout.splitlines()[0] == (
        f"posted: Laboratorio di pasta fresca · bluesky · announce: https://bsky.app/profile/{handle}/post/"
        f"{record['uri'].rsplit('/', 1)[1]}")
    assert run(str(kit_folder), "--bluesky", pds.url).returncode == 2  # no handle
    assert run(str(kit_folder), "--bluesky-handle", handle, env={PASSWORD_VARIABLE: ""}).returncode == 2


def test_the_accounts_file_names_the_account_and_keeps_no_secret(pds: Pds, kit_folder: Path, tmp_path: Path) -> None:
    handle = pds.create_account("fromfile")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(f'[bluesky]\nhandle = "{handle}"\nurl = "{pds.url}"\n', encoding="utf-8")
    args = (str(kit_folder), "--accounts", str(accounts), "--now", ANNOUNCE.isoformat(), "--channels", "bluesky",
            "--journal", str(tmp_path / "j.sqlite3"))

    assert run(*args, env={PASSWORD_VARIABLE: pds.passwords[handle]}).returncode == 0
    assert len(pds.posts(handle)) == 1

    accounts.write_text('[bluesky]\nhandle = "not a handle"\napp_password = "s3cret"\n', encoding="utf-8")
    refused = run(*args, env={PASSWORD_VARIABLE: ""})
    assert refused.returncode == 1 and "s3cret" not in refused.stderr
    assert refused.stderr.splitlines() == [
        f"error: {accounts}: 3 problems:",
        "  - bluesky.app_password: secrets stay in the environment: remove it here and set "
        "RADICAL_SOCIAL_BLUESKY_PASSWORD",
        "  - bluesky.handle: the Bluesky handle must be a domain name, e.g. name.bsky.social; got 'not a handle'",
        "  - bluesky: set the app password in the environment variable RADICAL_SOCIAL_BLUESKY_PASSWORD"]


def test_a_rate_limit_a_server_error_and_a_lost_answer_make_one_post(pds: Pds, kit_folder: Path,
                                                                           tmp_path: Path) -> None:
    handle = pds.create_account("lossy")
    with proxy_to(pds) as proxy:
        proxy.faults = {"com.atproto.server.createSession": ["429"], "com.atproto.repo.uploadBlob": ["503"],
                        "com.atproto.repo.createRecord": ["lost"]}
        report = publish([kit_folder], accounts=[BlueskyAccount(handle, pds.passwords[handle], proxy.url)],
                         now=ANNOUNCE, journal=tmp_path / "j.sqlite3", channels=["bluesky"], retry=QUICK)

    assert [r.status for r in report] == ["published"]
    assert len(pds.posts(handle)) == 1
    assert proxy.calls.count("POST com.atproto.server.createSession") == 2  # after the Retry-After second
    assert proxy.calls.count("POST com.atproto.repo.uploadBlob") == 2
    assert proxy.calls.count("POST com.atproto.repo.createRecord") >= 2  # the retry hit the record it made


def test_a_run_killed_between_posting_and_recording_posts_nothing_twice(pds: Pds, kit_folder: Path,
                                                                        tmp_path: Path) -> None:
    handle = pds.create_account("killed")
    journal = tmp_path / "j.sqlite3"
    env = {PASSWORD_VARIABLE: pds.passwords[handle]}
    with proxy_to(pds) as proxy:
        proxy.faults = {"com.atproto.repo.createRecord": ["hold"]}
        args = [sys.executable, "-m", "radical_social", "publish", str(kit_folder), "--bluesky", proxy.url,
                "--bluesky-handle", handle, "--now", ANNOUNCE.isoformat(), "--journal", str(journal),
                "--channels", "bluesky"]
        process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        assert proxy.held.wait(60), "the post never reached the server"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert len(pds.posts(handle)) == 1  # made by the PDS; the run died before it heard so
    with closing(sqlite3.connect(journal)) as db:
        assert db.execute("SELECT state FROM posts").fetchall() == [("claimed",)]

    again = run(str(kit_folder), "--bluesky", pds.url, "--bluesky-handle", handle, "--now",
                (ANNOUNCE + timedelta(minutes=5)).isoformat(), "--journal", str(journal), "--json", env=env)

    assert again.returncode == 0, again.stderr
    [record] = pds.posts(handle)
    [result] = [r for r in json.loads(again.stdout)["results"] if r["channel"] == "bluesky"]
    assert (result["status"], result["url"]) == (
        "published", f"https://bsky.app/profile/{handle}/post/{record['uri'].rsplit('/', 1)[1]}")


def test_an_event_file_posts_what_build_makes_at_its_planning_time(pds: Pds, tmp_path: Path) -> None:
    handle = pds.create_account("fromevent")
    source = tmp_path / "pasta.json"
    source.write_text(json.dumps(Event.example().to_mapping(), ensure_ascii=False), encoding="utf-8")
    args = (str(source), "--bluesky", pds.url, "--bluesky-handle", handle, "--journal", str(tmp_path / "j.sqlite3"),
            "--channels", "bluesky", "--json")
    env = {PASSWORD_VARIABLE: pds.passwords[handle]}

    runs = [run(*args, "--now", now.isoformat(), env=env)
            for now in (BUILT, ANNOUNCE + timedelta(minutes=2), ANNOUNCE + timedelta(minutes=7))]

    assert [process.returncode for process in runs] == [0, 0, 0], [process.stderr for process in runs]
    assert [[r["status"] for r in json.loads(process.stdout)["results"]] for process in runs] == [
        [], ["published"], ["already"]]
    kit = build(Event.example(), now=BUILT)  # the first run's time, which the journal kept
    post = next(p for p in kit.posts if p.channel.id == "bluesky" and p.moment == "announce")
    card = next(c for c in kit.cards if c.size == "square")
    [record] = pds.posts(handle)
    [image] = record["value"]["embed"]["images"]
    assert (record["value"]["text"], record["value"]["langs"], image["alt"]) == (post.text, ["it"], card.alt)
    assert pds.blob(record["uri"].split("/")[2], image["image"]["ref"]["$link"]) == card.data


def test_two_publishers_at_once_on_one_postgresql_journal_post_once(pds: Pds, kit_folder: Path,
                                                                    postgres_journal: str) -> None:
    handle = pds.create_account("together")
    env = {**os.environ, PASSWORD_VARIABLE: pds.passwords[handle]}
    with proxy_to(pds) as proxy:
        proxy.faults = {"com.atproto.repo.createRecord": ["hold"]}  # the first run's post waits on the wire
        args = [sys.executable, "-m", "radical_social", "publish", str(kit_folder), "--bluesky", proxy.url,
                "--bluesky-handle", handle, "--now", ANNOUNCE.isoformat(), "--journal", postgres_journal,
                "--channels", "bluesky", "--json"]
        first = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        assert proxy.held.wait(60), "the first run's post never reached the server"
        second = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)
        proxy.release.set()
        first_output = first.communicate(timeout=120)[0]

    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    assert json.loads(first_output)["results"][0]["status"] == "published"
    assert json.loads(second.stdout)["results"][0]["status"] == "busy"  # claimed by a run still sending it
    assert len(pds.posts(handle)) == 1 and proxy.calls.count("POST com.atproto.repo.createRecord") == 1


def test_a_429_storm_gives_up_for_the_next_run_which_posts_once(pds: Pds, kit_folder: Path, tmp_path: Path) -> None:
    handle = pds.create_account("storm")
    with proxy_to(pds) as proxy:
        account = BlueskyAccount(handle, pds.passwords[handle], proxy.url)
        proxy.faults = {"com.atproto.repo.createRecord": ["429"] * QUICK.attempts}
        stormy = publish([kit_folder], accounts=[account], now=ANNOUNCE, journal=tmp_path / "j.sqlite3",
                         channels=["bluesky"], retry=QUICK)
        assert stormy.failed and "retry later" in (stormy.results[0].reason or "")
        assert pds.posts(handle) == []
        assert proxy.calls.count("POST com.atproto.repo.createRecord") == QUICK.attempts

        calm = publish([kit_folder], accounts=[account], now=ANNOUNCE + timedelta(minutes=5),
                       journal=tmp_path / "j.sqlite3", channels=["bluesky"], retry=QUICK)

    assert [r.status for r in calm] == ["published"] and len(pds.posts(handle)) == 1
