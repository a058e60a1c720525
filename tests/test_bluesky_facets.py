"""Bluesky's rich text, record keys and image size, without a server: facets at exact UTF-8 byte
offsets, a record key per post that the lexicon accepts, a card re-encoded under the app view's limit."""

from __future__ import annotations

import io
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image as Pillow

from radical_social import BlueskyAccount
from radical_social.delivery.bluesky import MAX_IMAGE_BYTES, facets, fitted, record_key

TID = re.compile(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}")  # the lexicon's tid format

# Words as posts have them: accents, CJK, emoji (a ZWJ family, a flag, a keycap), punctuation.
_letters = st.sampled_from([*"aàbcçdeéèfgiìlmnoòpqrsßtuùvzñÄÖ日本語東京漢字한국어", "👨‍👩‍👧", "🇮🇹", "1️⃣", "🍝"])
_words = st.lists(_letters, min_size=1, max_size=8).map("".join)
_tags = st.text(st.sampled_from("abcàéñ日本語한12"), min_size=1, max_size=10).filter(
    lambda tag: not tag.isdigit())
_links = st.builds(lambda host, path: f"https://{host}.example/{path}",
                   st.text(st.sampled_from("abcxyz0123-"), min_size=1, max_size=10).map(lambda h: "a" + h),
                   st.text(st.sampled_from("abc/_-?=&%0123.~"), max_size=20).map(lambda p: p.rstrip(".?")))
_piece = st.one_of(_words.map(lambda w: ("word", w)), _tags.map(lambda t: ("tag", t)),
                   _links.map(lambda u: ("link", u)))
_after = st.sampled_from(["", ".", ",", "!", "?", ":"])  # sentence punctuation right after a link or tag


@given(st.lists(st.tuples(_piece, _after, st.sampled_from([" ", "\n", "  "])), max_size=12))
def test_every_facet_is_the_exact_bytes_of_its_link_or_tag(pieces: list[tuple[tuple[str, str], str, str]]) -> None:
    text = "".join(("#" + value if kind == "tag" else value) + after + space
                   for (kind, value), after, space in pieces)
    expected = [(kind, value) for (kind, value), _, _ in pieces if kind != "word"]
    encoded = text.encode("utf-8")

    found = facets(text)

    assert len(found) == len(expected)
    for facet, (kind, value) in zip(found, expected, strict=True):
        piece = encoded[facet["index"]["byteStart"]:facet["index"]["byteEnd"]].decode("utf-8")
        [feature] = facet["features"]
        if kind == "link":
            assert piece == value == feature["uri"] and feature["$type"] == "app.bsky.richtext.facet#link"
        else:
            assert piece == "#" + value and feature["tag"] == value
            assert feature["$type"] == "app.bsky.richtext.facet#tag"


def test_facets_leave_alone_what_is_not_a_link_or_tag() -> None:
    text = "Pasta #1 at 18:00 (#2026), mail@example.org, C# and issue#4 — https://ex.example/a_(b)."
    assert [text.encode()[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode() for f in facets(text)] == [
        "https://ex.example/a_(b)"]


@given(st.tuples(st.text(max_size=40), st.integers(0, 2**31), st.sampled_from(["bluesky", "x"]),
                 st.sampled_from(["announce", "reminder", "last_call", "thanks"])))
def test_a_record_key_is_a_tid_and_the_same_for_the_same_post(key: tuple[str, int, str, str]) -> None:
    rkey = record_key(key)
    assert TID.fullmatch(rkey) and rkey == record_key(key)
    assert record_key((key[0], key[1] + 1, key[2], key[3])) != rkey


def test_a_card_over_the_limit_is_re_encoded_as_jpeg_under_it() -> None:
    noise = random.Random(14).randbytes(1600 * 1000 * 3)
    picture = Pillow.frombytes("RGB", (1600, 1000), noise)
    png = io.BytesIO()
    picture.save(png, "PNG")
    assert png.tell() > MAX_IMAGE_BYTES

    data, media_type, width, height = fitted(png.getvalue(), "image/png")

    assert media_type == "image/jpeg" and len(data) <= MAX_IMAGE_BYTES
    with Pillow.open(io.BytesIO(data)) as small:
        assert small.format == "JPEG" and small.size == (width, height)
    assert abs(width / height - 1.6) < 0.01

    small_png = io.BytesIO()
    picture.resize((200, 125)).save(small_png, "PNG")
    assert fitted(small_png.getvalue(), "image/png") == (small_png.getvalue(), "image/png", 200, 125)


def test_an_account_never_shows_its_password_and_names_every_problem() -> None:
    account = BlueskyAccount("@alice.example", "pass-word-1234\n")
    assert (account.handle, account.password, account.url) == ("alice.example", "pass-word-1234", "https://bsky.social")
    assert "pass-word-1234" not in repr(account)
    with pytest.raises(ValueError, match="control characters inside it; copy it again") as refused:
        BlueskyAccount("alice.example", "s3\x1bcr3t", "http://127.0.0.1:2583")
    assert "s3" not in str(refused.value)
    with pytest.raises(ValueError, match="http:// would send the app password unencrypted"):
        BlueskyAccount("alice.example", "password", "http://pds.example")
    with pytest.raises(ValueError) as refused:
        BlueskyAccount("not a handle", " ", "ftp://pds.example")
    assert str(refused.value) == (
        "the Bluesky server must be an https:// address; got 'ftp://pds.example'; "
        "the Bluesky handle must be a domain name, e.g. name.bsky.social; got 'not a handle'; "
        "the Bluesky app password is empty: set RADICAL_SOCIAL_BLUESKY_PASSWORD")
