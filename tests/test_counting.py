"""Tests for radical_social.text.counting, with known values from the networks' own test suites."""

from __future__ import annotations

import math
import subprocess
import sys

import gsm0338  # noqa: F401  (registers the gsm03.38 codec: an independent reading of the alphabet)
import pytest
import regex
from hypothesis import assume, given
from hypothesis import strategies as st

from radical_social.text import counting
from radical_social.text.counting import (
    bluesky_length,
    graphemes,
    gsm7_text,
    mastodon_length,
    sms_segments,
    threads_length,
    x_weighted_length,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦, 7 code points
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # 🏴󠁧󠁢󠁥󠁮󠁧󠁿, a tag sequence
POEM = (  # twitter-text conformance "160 CJK char"
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)
KANA = "あいうえおかきくけこ"
POST = (  # a typical Italian post: 276 code points, one URL, two emoji
    "Sabato 14 giugno alle 21:00 al Circolo Arci di Bologna: cena sociale e concerto dei Ragazzi della Via "
    "Gluck 🎶! Ingresso libero, prenotazione consigliata. Porta un’amica: ci sarà anche il mercatino delle "
    f"pulci {FAMILY}. Info: https://radical.example.org/eventi/cena-sociale-2026"
)

urls = st.builds(
    "https://{}.{}/{}".format,
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?", fullmatch=True),
    st.sampled_from(["com", "org", "it", "events", "social", "co.uk"]),
    st.from_regex(r"[a-zA-Z0-9_/-]{0,80}[a-z0-9]|", fullmatch=True),
)


# --- graphemes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("ciao", 4),
        ("perché città più", 16),
        ("perche\u0301", 6),  # e + combining acute
        ("\U0001f1ee\U0001f1f9", 1),  # 🇮🇹 flag: two regional indicators
        ("\U0001f1ee\U0001f1f9\U0001f1eb", 2),  # a third indicator stands alone
        ("\U0001f44d\U0001f3fd", 1),  # 👍🏽 skin tone
        (FAMILY, 1),
        (ENGLAND, 1),
        ("\U0001f3f3\ufe0f\u200d\u26a7\ufe0f", 1),  # 🏳️‍⚧️
        ("1\ufe0f\u20e3", 1),  # keycap
        ("東京タワー", 5),
        ("\u1100\u1161\u11a8", 1),  # 각 as conjoining jamo
        ("क्षि", 1),  # Devanagari conjunct (Unicode 15.1 rule GB9c)
        ("\r\n", 1),
        ("a\u200db", 2),
    ],
)
def test_graphemes(text: str, expected: int) -> None:
    assert graphemes(text) == expected


@given(st.text())
def test_graphemes_match_regex_x(text: str) -> None:
    assert graphemes(text) == len(regex.findall(r"\X", text))
    assert graphemes(text) <= len(text)


@given(st.text(st.characters(exclude_characters="\r")), st.text())
def test_graphemes_add_up_across_a_newline(before: str, after: str) -> None:
    assert graphemes(f"{before}\n{after}") == graphemes(before) + 1 + graphemes(after)


def test_standalone_characters_never_join_a_neighbour() -> None:
    """The fast path's table holds no character that grapheme rules can join to another."""
    ranges = regex.findall(r"(.)-(.)", counting._STANDALONE, flags=regex.DOTALL)
    table = "".join(chr(code) for first, last in ranges for code in range(ord(first), ord(last) + 1))
    joining = regex.compile(
        r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}\p{Grapheme_Cluster_Break=SpacingMark}"
        r"\p{Grapheme_Cluster_Break=Prepend}\p{Grapheme_Cluster_Break=Regional_Indicator}\p{Grapheme_Cluster_Break=CR}"
        r"\p{Grapheme_Cluster_Break=L}\p{Grapheme_Cluster_Break=V}\p{Grapheme_Cluster_Break=T}"
        r"\p{Grapheme_Cluster_Break=LV}\p{Grapheme_Cluster_Break=LVT}]"
    )
    assert len(table) > 30_000
    assert joining.search(table) is None


def test_regex_is_imported_on_first_count_only() -> None:
    code = (
        "import sys, radical_social.text.counting as c; before = 'regex' in sys.modules; c.graphemes('x'); "
        "print(before, 'regex' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


# --- Mastodon -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spec/validators/status_length_validator_spec.rb (limit 500)
        ("a" * 520, 520),
        ("a" * 476 + " http://" + "b" * 30 + ".com/example", 500),  # auto-linkable URL: 23
        ("a" * 476 + "http://" + "b" * 30 + ".com/example", 525),  # glued to a word: not a link
        ("http://example.com/valid?" + "#foo?" * 1000, 5025),  # over 4096 characters: not a link
        ("a" * 475 + " @alice@" + "b" * 30 + ".com", 482),  # remote mention counts as @alice
        ("@alice@" + "b" * 500 + ".com", 511),  # domain over 253 characters: not a mention
        ("\u2728" * 500, 500),  # ✨
        ("\U0001f3f3\ufe0f\u200d\u26a7\ufe0f" * 500, 500),  # 🏳️‍⚧️ ZWJ sequence
        # more
        ("", 0),
        (" \n\t", 0),  # blank
        ("Ciao @anna@mastodon.uno!", 11),
        ("@anna@mastodon.uno@", 19),  # followed by @: no mention
        ("scrivi a bob@example.org", 24),  # an address, neither mention nor URL
        ("https://radical.example.org/eventi/cena-sociale-2026", 23),
        ("https://it.wikipedia.org/wiki/Città_di_Castello.", 24),  # the final dot is not in the URL
        ("vai su example.org", 18),  # Mastodon links URLs with a protocol only
        ("gemini://example.org/capsule", 23),
        ("http://localhost:8080/eventi", 28),  # no known TLD: no link
        (f"{FAMILY} {ENGLAND} perche\u0301", 10),
        (POST, 241),
    ],
)
def test_mastodon_length(text: str, expected: int) -> None:
    assert mastodon_length(text) == expected


def test_mastodon_url_weight_is_the_instance_setting() -> None:
    assert mastodon_length("Info: https://example.org/a/very/long/path", url_weight=30) == 36


@given(urls, urls, st.text(st.characters(exclude_characters=".:")))
def test_mastodon_any_two_urls_count_the_same(first: str, second: str, words: str) -> None:
    assert mastodon_length(f"{words} {first}") == mastodon_length(f"{words} {second}")


@given(st.text(), st.text())
def test_mastodon_adds_up_across_a_newline(before: str, after: str) -> None:
    assume(before.strip() and after.strip() and not before.endswith("\r"))
    assert mastodon_length(f"{before}\n{after}") == mastodon_length(before) + 1 + mastodon_length(after)


# --- X ------------------------------------------------------------------------------------------

# twitter-text conformance/validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest (config v3),
# and the "lengths" cases whose v1 value is also their v3 value.
X_CONFORMANCE = [
    ("Hi http://test.co", 26),
    ("http://test.co", 23),
    ("285 chars-" + "xxxxxxxxxx-" * 25, 285),
    ("285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24, 299),
    ("xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ", 289),
    ("https://www.twitter.com/aloha " * 10, 240),
    (POEM, 320),
    ("\U0001f637" * 160, 320),
    ("the" + POEM, 323),
    ("282 chars-" + "xxxxxxxxxx-" * 24 + "xxxxxA\u0301x", 281),  # NFC first
    ("A\u0301B", 2),
    ("A\ufb2c", 4),  # שּׁ decomposes into three code points
    (f"H\U0001f431\u263a{FAMILY}", 7),
    ("\U0001f637\U0001f47e\U0001f621\U0001f525\U0001f4a9", 10),
    ("\U0001f64b\U0001f3fd\U0001f468\u200d\U0001f3a4", 4),
    (
        "This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
        "\u2008\u2009\u200a\u200b ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷",
        110,
    ),
    ("randomurl" * 7 + "s.com", 68),  # a 64-character label is no domain
    (KANA * 12 + " http://" + KANA * 5 + "あいう.com", 358),  # host over 63 once punycoded
    (KANA * 12 + " http://" + KANA * 5 + "あい.com", 264),
    (FAMILY * 140, 280),
    (f"Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; {ENGLAND}", 34),
    ("Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29),
    ("ABC\u202a\uffffABC\ufffe", 12),
    ("\u2066\u202ahttp://foobar.پاکستان/\u202c\u2069", 31),
    ("This is a test.", 15),
    ("http://test.com", 23),
    ("https://test.com", 23),
    ("test.com", 23),
    ("Test https://test.com test https://test.com test.com test", 86),
]


@pytest.mark.parametrize(("text", "expected"), X_CONFORMANCE)
def test_x_conformance(text: str, expected: int) -> None:
    assert x_weighted_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # conformance/extract.yml (v3): foo.co.jp, www.foo.co.uk and foo.jp are the URLs here
        ("foo.baz foo.co.jp www.xxxxxxx.baz www.foo.co.uk wwwww.xxxxxxx foo.comm foo.somecom foo.govedu foo.jp", 141),
        ("t.co/abcde bit.ly/abcde", 47),
        ("vieni su radical.it", 32),  # a bare domain is a URL
        ("radical.it:8080 e radical.it?x=1", 58),  # without a path it takes no port or query
        ("radical.it/eventi?x=1", 23),
        ("https://t.co/" + "a" * 41, 54),  # t.co slug over 40: no URL
        ("Long url with invalid labels: https://" + "somesuperlongurl" * 5 + ".com/foo https://validurl.com", 150),
        # emoji as twemoji finds them
        ("\U0001f1ee\U0001f1f9", 2),
        ("\U0001f44d\U0001f3fd", 2),
        ("\u2764\ufe0f", 2),
        ("\u2764", 2),
        ("\u00a9", 1),  # © is an emoji only with VS16
        ("\u00a9\ufe0f", 2),
        ("1\ufe0f\u20e3", 2),
        ("\U0001f600\ufe0f", 4),  # a needless VS16 counts on its own
        (ENGLAND, 2),
        ("\U0001f9d1\u200d\U0001f9d1\u200d\U0001f9d2", 2),  # 🧑‍🧑‍🧒, Unicode 15.1
        # Italian
        ("Ci vediamo là, è già ora: più caffè!", 36),
        ("E\u0300 qui", 5),  # È after NFC
        ("Porta un’amica", 14),  # ’ (U+2019) weighs 1
        (POST, 243),
    ],
)
def test_x_weighted_length(text: str, expected: int) -> None:
    assert x_weighted_length(text) == expected


@given(urls, urls, st.text(st.characters(exclude_characters=".")))
def test_x_any_two_urls_count_the_same(first: str, second: str, words: str) -> None:
    assert x_weighted_length(f"{words} {first}") == x_weighted_length(f"{words} {second}")


plain = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x24F, exclude_characters=".©®") | st.sampled_from(POEM)
)


@given(plain, plain)
def test_x_weights_add_up(before: str, after: str) -> None:
    assert x_weighted_length(before + after) == x_weighted_length(before) + x_weighted_length(after)


@given(st.text(st.characters(exclude_characters="\r")), st.text())
def test_x_adds_up_across_a_newline(before: str, after: str) -> None:
    assert x_weighted_length(f"{before}\n{after}") == x_weighted_length(before) + 1 + x_weighted_length(after)


# --- Bluesky and Threads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ciao", (4, 4)),
        ("città", (5, 6)),
        (FAMILY, (1, 25)),
        ("https://radical.example.org/eventi/cena-sociale-2026", (52, 52)),  # links count in full
        (POST, (270, 300)),
    ],
)
def test_bluesky_length(text: str, expected: tuple[int, int]) -> None:
    assert bluesky_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ciao", 4),
        ("città è già", 11),  # accents are not emoji: one each
        ("ciao \U0001f44b", 9),  # 👋 is 4 bytes
        ("\U0001f1ee\U0001f1f9", 8),
        ("\U0001f44d\U0001f3fd", 8),
        ("\u2764\ufe0f", 6),
        (FAMILY, 25),
        (POST, 297),
    ],
)
def test_threads_length(text: str, expected: int) -> None:
    assert threads_length(text) == expected


@given(st.text())
def test_bluesky_and_threads_bounds(text: str) -> None:
    assert bluesky_length(text) == (graphemes(text), len(text.encode()))
    assert len(text) <= threads_length(text) <= len(text.encode())


@given(st.text(st.characters(exclude_characters="\r")), st.text())
def test_threads_adds_up_across_a_newline(before: str, after: str) -> None:
    assert threads_length(f"{before}\n{after}") == threads_length(before) + 1 + threads_length(after)


# --- SMS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("GSM-7", 0, 0)),
        ("a" * 160, ("GSM-7", 160, 1)),
        ("a" * 161, ("GSM-7", 161, 2)),
        ("a" * 306, ("GSM-7", 306, 2)),
        ("a" * 307, ("GSM-7", 307, 3)),
        ("€", ("GSM-7", 2, 1)),
        ("^{}\\[~]|€\f", ("GSM-7", 20, 1)),
        ("a" * 159 + "€", ("GSM-7", 161, 2)),
        ("a" * 152 + "€" + "a" * 152, ("GSM-7", 306, 3)),  # the escape pair may not straddle two parts
        ("Ci vediamo là, è già ora: più caffè! @ 5 €", ("GSM-7", 43, 1)),
        ("\u0394\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e", ("GSM-7", 10, 1)),  # Greek capitals
        ("È qui", ("UCS-2", 5, 1)),  # capital E grave is not GSM
        ("Porta un’amica", ("UCS-2", 14, 1)),  # nor is ’
        ("ç", ("UCS-2", 1, 1)),  # the table has Ç only
        ("\u0416" * 70, ("UCS-2", 70, 1)),
        ("\u0416" * 71, ("UCS-2", 71, 2)),
        ("\u0416" * 134, ("UCS-2", 134, 2)),
        ("\u0416" * 135, ("UCS-2", 135, 3)),
        ("ciao \U0001f44b", ("UCS-2", 7, 1)),
        ("\u0416" * 66 + "\U0001f600" + "\u0416" * 66, ("UCS-2", 134, 3)),  # a surrogate pair stays whole
        (POST, ("UCS-2", 281, 5)),
    ],
)
def test_sms_segments(text: str, expected: tuple[str, int, int]) -> None:
    assert sms_segments(text) == expected


def _packed(costs: list[int], per_part: int) -> int:
    """Parts filled greedily, a character never split."""
    parts, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            parts, used = parts + 1, 0
        used += cost
    return parts


gsm_text = st.text(st.sampled_from("abc €[^è\n"), max_size=700)


@given(gsm_text | st.text(max_size=300))
def test_sms_segment_math(text: str) -> None:
    encoding, units, segments = sms_segments(text)
    single, per_part = (160, 153) if encoding == "GSM-7" else (70, 67)
    if encoding == "GSM-7":
        costs = [2 if char in "^{}\\[~]|€\f" else 1 for char in text]
    else:
        costs = [2 if ord(char) > 0xFFFF else 1 for char in text]
        assert units == len(text.encode("utf-16-le")) // 2
    assert units == sum(costs)
    if units == 0:
        assert segments == 0
    elif units <= single:
        assert segments == 1
    else:
        assert math.ceil(units / per_part) <= segments <= math.ceil(units / (per_part - 1))
        assert segments == _packed(costs, per_part)


def test_the_alphabet_is_3gpp_ts_23_038_byte_for_byte() -> None:
    """Every code of the basic table and of its extension, as the gsm0338 codec reads them."""
    basic = "".join(counting._GSM7_BASIC_TABLE)
    for code in range(0x80):
        if code != 0x1B:
            assert bytes([code]).decode("gsm03.38") == basic[code], hex(code)
    for code in range(0x80):
        expected = counting._GSM7_EXTENSION_TABLE.get(code)
        try:
            assert bytes([0x1B, code]).decode("gsm03.38") == expected, hex(code)
        except UnicodeDecodeError:
            assert expected is None, hex(code)
    read = {bytes([code]).decode("gsm03.38") for code in range(0x80) if code != 0x1B}
    assert read | set(counting._GSM7_EXTENSION_TABLE.values()) == counting._GSM7


def _sms_alphabet(text: str) -> bool:
    try:
        text.encode("gsm03.38")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reading night — short stories from the lake", "Reading night - short stories from the lake"),
        ("“Naïve” stories… 5 €", '"Naive" stories... 5 €'),
        ("Fête de l’œuvre « Noël à Besançon »", "Fete de l'oeuvre \"Noel à Besancon\""),
        ("Straßenfest „Größe“ in Düsseldorf", 'Straßenfest "Größe" in Düsseldorf'),
        ("¿Jamón ibérico? ¡Señorío!", "¿Jamon ibérico? ¡Señorio!"),
        ("È già ora: Ìsola", "E già ora: Isola"),
        ("Łódź – Kraków", "Lodz - Krakow"),
        ("sáb 16 ene, 18:00–20:30", "sab 16 ene, 18:00-20:30"),
        ("Sat 16 Jan, 6:00\u202fpm", "Sat 16 Jan, 6:00 pm"),
        ("sam.\u00a016\u2009janv.", "sam. 16 janv."),
        ("• Pasta · vino ‹cosí›", "- Pasta - vino 'cosi'"),
        ("STRAẞE ½ Preis, 1º piano, ﬁne ™", "STRASSE 1/2 Preis, 1o piano, fine TM"),
        ("Verona ↔ Vicenza ➡️ Padova", "Verona <-> Vicenza -> Padova"),
        ("Festa 🎉!", "Festa!"),
        ("🎉 Festa 🎉", "Festa"),
        ("Cena 🍝 e vino", "Cena e vino"),
        ("Pasta🍝, vino", "Pasta, vino"),
        ("(🎉 Festa) ★ 10:00", "(Festa) 10:00"),
        ('Festa 🎉 "grande"', 'Festa "grande"'),
        ('"Festa 🎉" e poi', '"Festa" e poi'),
        (f"{FAMILY} Family day {ENGLAND} 🇮🇹 👍🏽", "Family day"),
        ("1️⃣ Iscriviti\n🎉 Vieni", "Iscriviti\nVieni"),
        ("Donau\u00addampf\u200bschiff", "Donaudampfschiff"),
        ("Corso di cucina 料理 🍝 — “bene”", "Corso di cucina 料理 — “bene”"),  # UCS-2 anyway: only the emoji go
        ("Прогулка по Москве 🎉", "Прогулка по Москве"),
        ("Prezzo: ₹500", "Prezzo: ₹500"),
        ("Plain text, [brackets] & {braces} €", "Plain text, [brackets] & {braces} €"),
    ],
)
def test_gsm7_text(text: str, expected: str) -> None:
    assert gsm7_text(text) == expected


def test_the_tutorials_title_fits_one_sms_again() -> None:
    title = "Reading night — short stories from the lake"
    message = f"{title} - Sat 16 Jan, 6:00\u202fpm - Lakeside Library. Info: https://example.org/reading-night"
    assert sms_segments(message)[:3:2] == ("UCS-2", 2)
    assert sms_segments(gsm7_text(message))[:3:2] == ("GSM-7", 1)


def test_every_spelling_is_in_the_sms_alphabet() -> None:
    assert all(_sms_alphabet(spelling) for spelling in counting._GSM7_SPELLING.values())


EMOJI = ["🎉", "🍝", "👍🏽", FAMILY, ENGLAND, "🇮🇹", "1️⃣", "#️⃣", "❤️", "☀", "🏳️‍⚧️", "🧑🏿‍🍳", "✨", "⭐"]
# Letters of Latin-1 and Latin Extended-A less the few with no base letter in the alphabet (ð þ ĸ ŋ)
LATIN = [chr(code) for code in range(0xC0, 0x180) if chr(code).isalpha() and chr(code) not in "ÐðÞþĸŊŋ"]
TYPOGRAPHY = [*"‐‑‒–—―−‘’‚‛′“”„‟″«»‹›…•·°×±≤≥©®™½¼№ﬁﬂ", "\u00a0", "\u202f", "\u2009", "\u200b", "\u00ad"]
GSM_CHARACTERS = sorted(counting._GSM7)
titles_with_equivalents = st.lists(st.sampled_from(EMOJI) | st.sampled_from(LATIN + TYPOGRAPHY)
                                   | st.sampled_from(GSM_CHARACTERS), max_size=120).map("".join)
NO_EQUIVALENT = "東京料理жщыЖحبשלוםกขᄀ가ðþŋ₹"


@given(titles_with_equivalents)
def test_titles_whose_letters_all_have_an_equivalent_are_sent_in_gsm7(title: str) -> None:
    spelled = gsm7_text(title)
    assert _sms_alphabet(spelled)
    assert sms_segments(spelled)[0] == "GSM-7"
    assert not regex.search(r"\p{Extended_Pictographic}|\p{Regional_Indicator}", spelled)


@given(st.text(max_size=200) | titles_with_equivalents)
def test_gsm7_text_is_idempotent_and_never_costs_more_segments(text: str) -> None:
    spelled = gsm7_text(text)
    assert gsm7_text(spelled) == spelled
    assert sms_segments(spelled)[2] <= sms_segments(text)[2]
    if sms_segments(spelled)[0] == "GSM-7":
        assert _sms_alphabet(spelled)


@given(st.lists(st.text(max_size=30) | titles_with_equivalents | st.sampled_from(NO_EQUIVALENT), max_size=8),
       st.sampled_from(NO_EQUIVALENT))
def test_letters_without_an_equivalent_are_kept_as_they_are(pieces: list[str], letter: str) -> None:
    title = "".join([*pieces[:len(pieces) // 2], letter, *pieces[len(pieces) // 2:]])
    spelled = gsm7_text(title)
    assert sms_segments(spelled)[0] == "UCS-2"
    assert [char for char in spelled if char in NO_EQUIVALENT] == [char for char in title if char in NO_EQUIVALENT]


def test_gsm7_text_is_the_templates_gsm7_filter() -> None:
    from radical_social.text.templating import environment

    assert environment().filters["gsm7"]("Fête — “ici” 🎉") == 'Fete - "ici"'


@given(st.text())
def test_counts_are_never_negative(text: str) -> None:
    assert min(graphemes(text), mastodon_length(text), x_weighted_length(text), threads_length(text)) >= 0
    assert min(*bluesky_length(text), *sms_segments(text)[1:]) >= 0
