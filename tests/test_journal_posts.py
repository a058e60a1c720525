"""The journal's post claims: one row per (UID, SEQUENCE, channel, moment), claimed before sending,
then published or failed; a dead run's claim is taken over, a live one's is not."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social.delivery.journal import PostKey, StateStore
from radical_social.errors import KitError

KEY = PostKey("abc@radical-social", 0, "mastodon", "announce")

keys = st.builds(PostKey, st.text(min_size=1, max_size=40), st.integers(min_value=0, max_value=2**31),
                 st.sampled_from(["mastodon", "bluesky"]), st.sampled_from(["announce", "reminder", "last_call"]))


@given(first=keys, second=keys)
def test_the_idempotency_key_is_the_posts_own(first: PostKey, second: PostKey) -> None:
    assert len(first.idempotency_key) == 64 and int(first.idempotency_key, 16) >= 0
    assert (first.idempotency_key == second.idempotency_key) == (first == second)
    assert PostKey("a\n0", 1, "x", "y").idempotency_key != PostKey("a", 0, "1\nx", "y").idempotency_key


def test_a_claim_then_published_is_never_claimed_again(tmp_path: Path) -> None:
    with StateStore(tmp_path / "j.sqlite3") as journal:
        assert journal.claim_post(KEY) == (True, None)
        journal.post_published(KEY, remote_id="109", url="https://m.example/@me/109")
        mine, record = journal.claim_post(KEY)
        assert not mine and record is not None
        assert (record.state, record.remote_id, record.url) == ("published", "109", "https://m.example/@me/109")
        assert journal.claim_post(PostKey(KEY.uid, 1, KEY.channel, KEY.moment)) == (True, None)  # a new SEQUENCE


def test_a_failure_is_claimed_again_by_the_next_run_with_its_reason(tmp_path: Path) -> None:
    with StateStore(tmp_path / "j.sqlite3") as journal:
        journal.claim_post(KEY)
        journal.post_failed(KEY, "Mastodon at m.example refused the post (HTTP 422): too long")
    with StateStore(tmp_path / "j.sqlite3") as journal:
        mine, earlier = journal.claim_post(KEY)
    assert mine and earlier is not None and earlier.state == "failed" and "HTTP 422" in (earlier.reason or "")


def test_a_live_runs_claim_holds_and_a_dead_runs_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with StateStore(path) as first, StateStore(path) as second:
        assert first.claim_post(KEY)[0]
        mine, record = second.claim_post(KEY)
        assert not mine and record is not None and record.state == "claimed"
    other = PostKey(KEY.uid, KEY.sequence, "bluesky", KEY.moment)
    code = ("import sys; from radical_social.delivery.journal import PostKey, StateStore;"
            f"StateStore(sys.argv[1]).claim_post(PostKey{(other.uid, other.sequence, other.channel, other.moment)!r})")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)  # a process that claimed it and is gone
    with StateStore(path) as journal:
        mine, earlier = journal.claim_post(other)
    assert mine and earlier is not None and earlier.state == "claimed"


def test_a_skip_is_news_once_and_never_overwrites(tmp_path: Path) -> None:
    with StateStore(tmp_path / "j.sqlite3") as journal:
        assert journal.post_skipped(KEY, "missed") is True
        assert journal.post_skipped(KEY, "missed") is False
        assert journal.claim_post(KEY)[0] is False
        other = PostKey(KEY.uid, 0, "mastodon", "reminder")
        journal.claim_post(other)
        journal.post_published(other, remote_id="1", url=None)
        assert journal.post_skipped(other, "missed") is False
        record = journal.post(other)
        assert record is not None and record.state == "published"


@settings(max_examples=25, deadline=None)
@given(claims=st.lists(st.tuples(keys, st.sampled_from(["published", "failed"])), max_size=8))
def test_every_settled_post_reads_back_as_written(tmp_path_factory: pytest.TempPathFactory,
                                                  claims: list[tuple[PostKey, str]]) -> None:
    with StateStore(tmp_path_factory.mktemp("j") / "j.sqlite3") as journal:
        expected: dict[PostKey, str] = {}
        for key, outcome in claims:
            mine, _ = journal.claim_post(key)
            if not mine:
                continue
            if outcome == "published":
                journal.post_published(key, remote_id=f"id-{len(expected)}", url=None)
            else:
                journal.post_failed(key, "down")
            expected[key] = outcome
        for key, outcome in expected.items():
            record = journal.post(key)
            assert record is not None and record.state == outcome and record.key == key


def test_an_edited_row_is_a_kit_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with StateStore(path) as journal:
        journal.claim_post(KEY)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE posts SET state = 'maybe'")
    with StateStore(path) as journal, pytest.raises(KitError, match=r"the post mastodon announce .* state"):
        journal.post(KEY)
