"""How each network counts the length of a post.

Every function is pure and matches the network's own counting code, with the deviations named in
its docstring. Sources:

* Mastodon: ``StatusLengthValidator`` (``app/validators/status_length_validator.rb``),
  ``Account::MENTION_RE`` and ``app/lib/extractor.rb``, with the URL regex of the twitter-text gem as
  patched by ``config/initializers/twitter_regex.rb``.
* X: twitter-text ``parseTweet`` with ``config/v3.json``, checked against the weighted-length cases of
  twitter-text's ``conformance/validate.yml``.
* Bluesky: the ``app.bsky.feed.post`` lexicon (``maxGraphemes`` 300, ``maxLength`` 3000 UTF-8 bytes).
* Threads: Meta's Threads API "Posts" page ("Text posts are limited to 500 characters. Emojis are
  counted as the number of UTF-8 bytes").
* SMS: the GSM 03.38 / 3GPP TS 23.038 alphabet and the 3GPP TS 23.040 concatenation headers.

Grapheme clusters and emoji (``_patterns.EMOJI``) come from the ``regex`` module (current Unicode,
``\\X`` and emoji properties); it is imported on first use because importing it costs about 25 ms.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from radical_social.text import patterns as _patterns

if TYPE_CHECKING:
    import regex

__all__ = [
    "MASTODON_URL_LENGTH",
    "X_TRANSFORMED_URL_LENGTH",
    "bluesky_length",
    "graphemes",
    "gsm7_text",
    "mastodon_length",
    "sms_segments",
    "threads_length",
    "x_weighted_length",
]

# --- X: twitter-text config v3 -------------------------------------------------------------------

X_TRANSFORMED_URL_LENGTH = 23
_X_SCALE = 100
_X_DEFAULT_WEIGHT = 200  # also the weight of one emoji, however many code points it has
_X_RANGE_WEIGHT = 100
_X_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))  # code points weighing 100
_X_LIGHT_RUNS = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _X_RANGES) + "]+")
_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40
_DEFAULT_PROTOCOL = "https://"

# --- Mastodon --------------------------------------------------------------------------------------

MASTODON_URL_LENGTH = 23  # StatusLengthValidator::URL_PLACEHOLDER_CHARS (per instance, see /api/v2/instance)
_MASTODON_PROTOCOLS = ("https?", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "gemini")
_MAX_MENTION_DOMAIN_LENGTH = 253  # Extractor::MAX_DOMAIN_LENGTH

# --- SMS: the GSM 03.38 default alphabet ---------------------------------------------------------

# One string per row of 16 codes (0x00-0x0F, 0x10-0x1F, ...). Row 0x10 holds the Greek capitals
# Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ, written as escapes; 0x1B (ESC) announces an extension-table character; 0x24 is ¤.
_GSM7_BASIC_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅå",
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\x1bÆæßÉ",
    " !\"#¤%&'()*+,-./",
    "0123456789:;<=>?",
    "¡ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZÄÖÑÜ§",
    "¿abcdefghijklmno",
    "pqrstuvwxyzäöñüà",
)
_GSM7_ESCAPE = "\x1b"  # 0x1B announces a character of the extension table
# Extension table: code after the escape -> character; each costs two septets.
_GSM7_EXTENSION_TABLE = {
    0x0A: "\f",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "\u20ac",  # €
}
_GSM7_BASIC = frozenset("".join(_GSM7_BASIC_TABLE)) - {_GSM7_ESCAPE}
_GSM7_EXTENSION = frozenset(_GSM7_EXTENSION_TABLE.values())
_GSM7 = _GSM7_BASIC | _GSM7_EXTENSION
_GSM7_EXTENSION_CHARS = re.compile("[" + re.escape("".join(sorted(_GSM7_EXTENSION))) + "]")
_NOT_GSM7 = re.compile("([^" + re.escape("".join(sorted(_GSM7))) + "])")
_ASTRAL_CHARS = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each
# (encoding, units in one single message, units per part of a concatenated message)
_SMS_GSM7 = ("GSM-7", 160, 153)
_SMS_UCS2 = ("UCS-2", 70, 67)

# Characters outside the alphabet written as GSM-7 says them, by ``gsm7_text``; NFKD and the Unicode
# names do the rest (``…`` → ``...``, ``ﬁ`` → ``fi``, no-break spaces, ``ł`` → ``l``).
_GSM7_SPELLING = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b", "-"),  # dashes, minus
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02bb\u2039\u203a`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e", '"'),
    **dict.fromkeys("\u2022\u2023\u25e6\u2219\u00b7\u2027\u25cf\u25aa", "-"),  # bullets, middle dots
    **dict.fromkeys("\u2192\u2794\u279c\u279d\u279e\u27a1\u21d2", "->"),  # arrows
    "\u2190": "<-", "\u2b05": "<-", "\u2194": "<->", "\u21d0": "<=", "\u21d4": "<=>",
    "\u00d7": "x", "\u00f7": "/", "\u2215": "/", "\u2044": "/", "\u00b1": "+/-", "\u2264": "<=", "\u2265": ">=",
    "\u2260": "!=", "\u2248": "~", "\u223c": "~", "\u02dc": "~", "\u02c6": "^", "\u2217": "*", "\u00a6": "|",
    "\u203c": "!!", "\u2049": "!?", "\u00a9": "(c)", "\u00ae": "(R)", "\u00b0": "",
    "\u0153": "oe", "\u0152": "OE", "\u1e9e": "SS", "\u0131": "i", "\u0237": "j",
    "\t": " ", "\v": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n",
}
_LATIN_WITH = re.compile(r"LATIN (SMALL|CAPITAL) LETTER ([A-Z]) WITH ")  # ł, đ, ħ: the letter under the stroke
_SPACES_AROUND = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_QUOTES_INSIDE = re.compile(f"(?<=[\u00ab\u2039])[{_SPACES_AROUND}]+|[{_SPACES_AROUND}]+(?=[\u00bb\u203a])")
_KEPT_CATEGORIES = ("L", "N", "Sc")  # letters, numbers and currencies: never dropped to reach GSM-7
_OPENING = "([{¿¡\n"
_CLOSING = ",.;:!?)]}\n"
_QUOTES = "\"'“”‘’«»‹›„‚"  # opening or closing as the spaces around them say

# --- twitter-text character classes (shared by the X and Mastodon URL extractors) -------------------

_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
    "\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"
_DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_INVALID = "\ufffe\ufeff\uffff"
_WHITE_SPACE = "\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # \p{White_Space}
_SPACES = _WHITE_SPACE + "\u180e"  # twitter-text's spaces
_PUNCTUATION_BUT_DASHES = r"!'#%&()*+,\\./:;<=>?@\[\]^{|}~$"  # twitter-text's punct, less - and _
_NOT_IN_DOMAIN = f"{_SPACES}{_INVALID}{_DIRECTIONAL}"
_DOMAIN_CHAR = rf"[^{_PUNCTUATION_BUT_DASHES}\-_{_NOT_IN_DOMAIN}]"
# (?:DC(?:[_-]|DC)*)?DC\. and (?:DC(?:-|DC)*)?DC\. with each inner alternation as one class, which is faster
_SUBDOMAIN = rf"(?:(?:{_DOMAIN_CHAR}[^{_PUNCTUATION_BUT_DASHES}{_NOT_IN_DOMAIN}]*)?{_DOMAIN_CHAR}\.)"
_DOMAIN_NAME = rf"(?:(?:{_DOMAIN_CHAR}[^{_PUNCTUATION_BUT_DASHES}_{_NOT_IN_DOMAIN}]*)?{_DOMAIN_CHAR}\.)"
_TLD_END = r"(?=[^0-9a-z@+-]|\Z)"
_DOTTED_WORDS = re.compile(r"[^\t-\r \x85.]*\.[^\t-\r \x85]+")  # words with a dot not at their end
_MENTION_END = re.compile(rf"[@\uff20{_LATIN_ACCENTS}]|://")  # twitter-text end_mention_match
# Mastodon's extra query characters (twitter_regex.rb UCHARS)
_UCHARS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd"
    "\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd\U00070000-\U0007fffd"
    "\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd\U000b0000-\U000bfffd"
    "\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd\ue000-\uf8ff\U000f0000-\U000ffffd"
    "\U00100000-\U0010fffd"
)

# --- Grapheme clusters ----------------------------------------------------------------------------

# Characters that never join a neighbour into one cluster (Grapheme_Cluster_Break=Other or Control,
# not CR); tests/test_counting.py checks this against the Unicode properties.
_STANDALONE = (
    "\x00-\x0c\x0e-\u02ff\u0370-\u0482\u048a-\u0590\u2010-\u2027\u2030-\u205e\u20a0-\u20c0"
    "\u2100-\u2bff\u3000-\u3029\u3030-\u3098\u309b-\u9fff\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa"
    "\U0001f400-\U0001faff"
)
_JOINS_PREVIOUS = (
    r"\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}"
)

class _UnicodePatterns(NamedTuple):
    """Patterns that need Unicode properties, hence the ``regex`` module."""

    cluster: regex.Pattern[str]
    mention: regex.Pattern[str]


class _UrlPatterns(NamedTuple):
    """twitter-text's URL patterns; plain ``re`` compiles their 1,500 TLDs five times faster."""

    x_url: re.Pattern[str]
    mastodon_url: re.Pattern[str]
    tco_url: re.Pattern[str]
    ascii_domain: re.Pattern[str]


class _Entity(NamedTuple):
    start: int
    end: int
    replacement: str


def _url_pattern(
    tld: str, protocol: str, path_char: str, path_end: str, at_path: str, query_char: str, query_end: str
) -> str:
    """twitter-text's ``valid_url``; groups ``before``, ``url``, ``protocol``, ``domain``, ``path``."""
    domain = rf"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}{tld})"
    parens = _balanced_parens(path_char)
    path = rf"(?:(?:{path_char}*(?:{parens}{path_char}*)*{path_end})|(?:{at_path}{path_char}+/))"
    return (
        rf"(?P<before>[^a-z0-9@\uff20$#\uff03{_INVALID}]|[{_DIRECTIONAL}]|^)"
        rf"(?P<url>(?P<protocol>{protocol})?(?P<domain>{domain})(?::[0-9]+)?"
        rf"(?P<path>/{path}*)?(?:\?{query_char}*{query_end})?)"
    )


def _balanced_parens(path_char: str) -> str:
    return rf"\((?:{path_char}+|(?:{path_char}*\({path_char}+\){path_char}*))\)"


@functools.cache
def _unicode_patterns() -> _UnicodePatterns:
    import regex  # ~25 ms to import: only when a count is first asked for

    word = r"\p{L}\p{M}\p{Nd}\p{Pc}"  # Ruby's [[:word:]]
    return _UnicodePatterns(
        cluster=regex.compile(rf"(?P<run>[{_STANDALONE}]+(?![{_JOINS_PREVIOUS}]))|\X"),
        mention=regex.compile(  # Account::MENTION_RE
            rf"(?<![=/{word}])@(?P<user>[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)"
            rf"(?:@(?P<domain>[{word}]+(?:[.-]+[{word}]+)*))?",
            regex.IGNORECASE,
        ),
    )


@functools.cache
def _url_patterns() -> _UrlPatterns:
    generic, country = _patterns.prefix_tree(_GENERIC_TLDS.split()), _patterns.prefix_tree(_COUNTRY_TLDS.split())
    tld = rf"(?:(?:{generic}){_TLD_END}|(?:{country}){_TLD_END}|(?:xn--[\-0-9a-z]+))"
    x_path_char = rf"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN_ACCENTS}]"
    x_query_char = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
    x_query_end = r"[a-z0-9\-_&=#/]"
    x_url = _url_pattern(
        tld,
        protocol="https?://",
        path_char=x_path_char,
        # ungrouped, as twitter-text's JS and Java splice it: "(...)" may end a path only on its own
        path_end=rf"[+\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|{_balanced_parens(x_path_char)}",
        at_path="@",
        query_char=x_query_char,
        query_end=x_query_end,
    )
    mastodon_url = _url_pattern(  # twitter_regex.rb; its path end keeps the gem's balanced parentheses
        tld,
        protocol=f"(?:{'|'.join(_MASTODON_PROTOCOLS)})://",
        path_char=f"[^{_WHITE_SPACE}<>()?]",
        path_end=rf"(?:[^{_WHITE_SPACE}()?!*\"'\u300c\u300d<>;:=,.$%\[\]~&|@]|{_balanced_parens(x_path_char)})",
        at_path="",
        query_char=rf"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@\^{_UCHARS}]",
        query_end=rf"[a-z0-9_&=#/\-{_UCHARS}]",
    )
    from radical_social.text.compiled import compiled_pattern  # a tenth of a second saved on every run

    return _UrlPatterns(
        x_url=compiled_pattern(x_url, re.IGNORECASE),
        mastodon_url=compiled_pattern(mastodon_url, re.IGNORECASE),
        tco_url=re.compile(rf"https?://t\.co/([a-z0-9]+)(?:\?{x_query_char}*{x_query_end})?", re.IGNORECASE),
        ascii_domain=compiled_pattern(rf"(?:[\-a-z0-9{_LATIN_ACCENTS}]+\.)+{tld}", re.IGNORECASE),
    )


def graphemes(text: str) -> int:
    """Extended grapheme clusters (UAX #29), what a reader sees as one character: 👨‍👩‍👧 counts 1."""
    count = 0
    for match in _unicode_patterns().cluster.finditer(text):
        count += match.end() - match.start() if match.lastgroup else 1
    return count


def mastodon_length(text: str, *, url_weight: int = MASTODON_URL_LENGTH) -> int:
    """Length as Mastodon's ``StatusLengthValidator`` counts it (500 by default).

    Grapheme clusters, after replacing each URL that Mastodon links with ``url_weight`` characters
    and each ``@user@domain`` mention with ``@user``. A blank status counts 0. A content warning
    counts too: add ``graphemes(spoiler_text)``.
    """
    if not text or text.isspace():  # ActiveSupport's String#blank?
        return 0
    entities = sorted([*_mastodon_urls(text, "x" * url_weight), *_mastodon_mentions(text)])
    parts: list[str] = []
    position = 0
    for start, end, replacement in entities:
        if start < position:  # overlaps the entity kept before it (Extractor.remove_overlapping_entities)
            continue
        parts += (text[position:start], replacement)
        position = end
    parts.append(text[position:])
    return graphemes("".join(parts))


def bluesky_length(text: str) -> tuple[int, int]:
    """``(grapheme clusters, UTF-8 bytes)``; a post allows 300 and 3000.

    Links count as the text stands: shortening a link's display text (with a link facet) is the
    caller's business.
    """
    return graphemes(text), len(text.encode("utf-8"))


def x_weighted_length(text: str) -> int:
    """Weighted length as twitter-text's ``parseTweet`` counts it with config v3; a post allows 280.

    After NFC, each URL (with or without protocol, on a TLD twitter-text knows) counts 23, each emoji
    2 (ZWJ sequences, flags and keycaps included), any other code point 1 in the v3 ranges (Latin,
    general punctuation) and 2 elsewhere (CJK, emoji-less symbols, other scripts).

    On random mixes of URLs, emoji and text this agrees with twitter-text 3.1.0 except where emoji
    come from Unicode properties rather than twemoji's list: emoji newer than Unicode 12 count 2
    here, as X's apps show them, and an unlisted ZWJ sequence or regional-indicator pair counts 2
    where twemoji counts its parts.
    """
    text = unicodedata.normalize("NFC", text)
    weight = 0
    position = 0
    for start, end in _x_urls(text):
        weight += _x_weight(text[position:start]) + X_TRANSFORMED_URL_LENGTH * _X_SCALE
        position = end
    weight += _x_weight(text[position:])
    return weight // _X_SCALE


def threads_length(text: str) -> int:
    """Length as Meta documents it for Threads (500): each emoji counts its UTF-8 bytes, the rest 1.

    "The rest" is counted in code points; Meta's docs say no more. Some publishers report Threads
    rejecting posts under 500 by this rule but over 500 UTF-8 bytes (curly quotes, accents), so
    ``len(text.encode())`` is the cautious bound.
    """
    length = len(text)
    for match in _patterns.emoji().finditer(text):
        emoji = match.group()
        length += len(emoji.encode("utf-8")) - len(emoji)
    return length


def sms_segments(text: str) -> tuple[str, int, int]:
    """``(encoding, units, segments)`` of ``text`` sent as SMS.

    GSM-7 when every character is in the GSM 03.38 alphabet (units are septets, an extension-table
    character such as € or [ takes two), else UCS-2 (units are UTF-16 code units). One message holds
    160 septets or 70 units; a concatenated one 153 or 67 per segment, and no segment splits an
    escape sequence or a surrogate pair. An empty text needs no segment.
    """
    if not text:
        return _SMS_GSM7[0], 0, 0
    if _GSM7.issuperset(text):
        encoding, single, per_part = _SMS_GSM7
        wide = _GSM7_EXTENSION_CHARS
    else:
        encoding, single, per_part = _SMS_UCS2
        wide = _ASTRAL_CHARS
    # offset in units of each two-unit character
    wide_at = [match.start() + before for before, match in enumerate(wide.finditer(text))]
    units = len(text) + len(wide_at)
    if units <= single:
        return encoding, units, 1
    return encoding, units, _segments(units, wide_at, per_part)


def gsm7_text(text: str) -> str:
    """``text`` in the GSM 03.38 alphabet wherever its meaning survives, so an SMS carries 160
    characters rather than 70: ``“Naïve” — 5 €…`` → ``"Naive" - 5 €...``.

    Dashes, typographic quotes, ellipses, bullets and odd spaces take their GSM-7 spelling; a letter
    the alphabet lacks becomes its base letter (``á`` → ``a``, ``ł`` → ``l``, ``œ`` → ``oe``);
    emoji go (whole clusters: ZWJ sequences, flags, keycaps, skin tones), with the spaces around
    them; so do symbols with no equivalent (``★``). When a letter, digit or currency sign has no
    equivalent (``東``, ``ж``, ``₹``), the text is sent in UCS-2 anyway: then only the emoji go and
    everything else stays as written. Never more segments than ``text``; applying it twice changes
    nothing more.
    """
    if _GSM7.issuperset(text):
        return text
    spelled: list[str | None] = []  # None where something was dropped
    quoted = "\u00ab" in text or "\u2039" in text  # « Noël » becomes "Noel", not " Noel "
    for cluster in _pieces(_QUOTES_INSIDE.sub("", text) if quoted else text):
        if _GSM7.issuperset(cluster):
            spelled.append(cluster)
            continue
        bare = cluster.replace("\ufe0f", "").replace("\ufe0e", "")
        spelling = _GSM7_SPELLING.get(bare)
        if spelling is None and not _is_emoji(cluster):
            spelling = _decomposed_spelling(cluster)
            if spelling is None and unicodedata.category(cluster[0]).startswith(_KEPT_CATEGORIES):
                return _without_emoji(text)
        spelled.append(spelling or None)
    gsm7 = _tidied(spelled)
    return gsm7 if sms_segments(gsm7)[2] <= sms_segments(text)[2] else _without_emoji(text)


def _pieces(text: str) -> Iterator[str]:
    """The grapheme clusters of ``text``, but runs of GSM-7 characters that are clusters on their
    own as one piece: ten times faster on an SMS."""
    for match in _unicode_patterns().cluster.finditer(text):
        if match.lastgroup:  # a run of characters that are clusters on their own
            yield from filter(None, _NOT_GSM7.split(match.group()))
        else:
            yield match.group()


def _is_emoji(cluster: str) -> bool:
    """A cluster starting with an emoji (``‼`` and ``↔`` have a spelling instead), or a lone flag half."""
    if cluster.replace("\ufe0f", "") in _GSM7_SPELLING:
        return False
    return bool(_patterns.emoji().match(cluster)) or "\U0001f1e6" <= cluster[0] <= "\U0001f1ff"


def _decomposed_spelling(cluster: str) -> str | None:
    """The cluster spelled in GSM-7 after NFC or NFKD without marks; None if a character has no equivalent."""
    composed = unicodedata.normalize("NFC", cluster)
    if _GSM7.issuperset(composed):
        return composed
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", cluster):
        category = unicodedata.category(char)
        if char in _GSM7:
            out.append(char)
        elif char in _GSM7_SPELLING:
            out.append(_GSM7_SPELLING[char])
        elif category.startswith("M"):
            continue
        elif category == "Zs":
            out.append(" ")
        elif letter := _LATIN_WITH.match(unicodedata.name(char, "")):
            out.append(letter[2] if letter[1] == "CAPITAL" else letter[2].lower())
        else:
            return None
    return "".join(out)


def _without_emoji(text: str) -> str:
    """``text`` less its emoji and the spaces they leave, for a text that is UCS-2 anyway."""
    return _tidied([None if _is_emoji(piece) else piece for piece in _pieces(text)])


def _tidied(pieces: list[str | None]) -> str:
    """The pieces joined where None marks something dropped: the spaces around it become one, or
    none at the start or end of a line, inside brackets and quotes or before punctuation."""
    out: list[str] = []
    dropped = spaced = False
    for index, piece in enumerate(pieces):
        if piece is None:
            while out:
                kept = out[-1].rstrip(_SPACES_AROUND)
                spaced = spaced or len(kept) < len(out[-1])
                if kept:
                    out[-1] = kept
                    break
                out.pop()
            dropped = True
            continue
        if dropped:
            kept = piece.lstrip(_SPACES_AROUND)
            spaced = spaced or len(kept) < len(piece)
            if not kept:
                continue
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            if spaced and out and _spaced("".join(out[-2:])[-2:], kept, kept[1:2] or (following or "")[:1]):
                out.append(" ")
            dropped = spaced = False
            piece = kept
        out.append(piece)
    return "".join(out)


def _spaced(before: str, piece: str, after: str) -> bool:
    """Whether a space goes between text ending in ``before`` and ``piece`` (followed by ``after``):
    not after an opening bracket or quote, not before punctuation or a closing quote."""
    last, first = before[-1], piece[0]
    opening_quote = last in _QUOTES and (len(before) == 1 or before[-2].isspace() or before[-2] in _OPENING)
    closing_quote = first in _QUOTES and (not after or after.isspace() or after in _CLOSING)
    return not (last in _OPENING or opening_quote or first in _CLOSING or closing_quote)


def _segments(units: int, wide_at: Iterable[int], per_part: int) -> int:
    """Segments of ``per_part`` units needed when no two-unit character may straddle two segments."""
    segments, end = 1, per_part
    for offset in wide_at:
        while offset >= end:
            segments, end = segments + 1, end + per_part
        if offset + 1 == end:  # the character starts the next segment instead
            segments, end = segments + 1, offset + per_part
    while units > end:
        segments, end = segments + 1, end + per_part
    return segments


def _x_weight(text: str) -> int:
    """Scaled weight of text holding no URL: emoji, then code points by range."""
    weight = 0
    position = 0
    for match in _patterns.emoji().finditer(text):
        weight += _x_code_point_weight(text[position : match.start()]) + _X_DEFAULT_WEIGHT
        position = match.end()
    return weight + _x_code_point_weight(text[position:])


def _x_code_point_weight(text: str) -> int:
    heavy = len(_X_LIGHT_RUNS.sub("", text))
    return (len(text) - heavy) * _X_RANGE_WEIGHT + heavy * _X_DEFAULT_WEIGHT


def _x_urls(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the URLs twitter-text's ``extractUrlsWithIndices`` finds, with or without protocol."""
    patterns = _url_patterns()
    for match in _url_matches(patterns.x_url, text, protocol=False):
        url, protocol = match["url"], match["protocol"]
        if not _valid_host_and_length(url, protocol, match["domain"]):
            continue
        if protocol:
            span = _tco_span(match, patterns.tco_url)
            if span:
                yield span
        elif match["before"] not in ("-", "_", ".", "/"):
            yield from _x_bare_domains(match, patterns)


def _url_matches(pattern: re.Pattern[str], text: str, *, protocol: bool) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` run only over words with an inner dot (and ``://`` if ``protocol``).

    The same matches, several times faster: a URL holds no ASCII space and a dot followed by its TLD,
    so none starts elsewhere; the space before a word is what the pattern's ``before`` group takes.
    """
    for word in _DOTTED_WORDS.finditer(text):
        if not protocol or "://" in word[0]:
            yield from pattern.finditer(text, max(word.start() - 1, 0), word.end())


def _x_bare_domains(match: re.Match[str], patterns: _UrlPatterns) -> Iterator[tuple[int, int]]:
    """A URL without protocol: each ASCII domain in it; a path (not a port or query alone) joins the last."""
    domain, offset = match["domain"], match.start("domain")
    spans = [(offset + found.start(), offset + found.end()) for found in patterns.ascii_domain.finditer(domain)]
    if spans and match["path"]:  # parseTweet then skips as many characters as domain and path have
        start, end = spans.pop()
        spans.append((start, end + match.end("url") - match.end("domain")))
    yield from spans


def _tco_span(match: re.Match[str], tco_url: re.Pattern[str]) -> tuple[int, int] | None:
    """The URL's span; a t.co link stops after its slug and query, and a slug over 40 is no link."""
    start, end = match.span("url")
    tco = tco_url.match(match.string, start, end)
    if not tco:
        return start, end
    return (start, tco.end()) if len(tco[1]) <= _MAX_TCO_SLUG_LENGTH else None


def _valid_host_and_length(url: str, protocol: str | None, domain: str) -> bool:
    """twitter-text's host check: IDNA labels of 1-63 characters, URL at most 4096 once punycoded."""
    ascii_length = len(domain)
    for label in domain.split("."):
        try:
            ascii_label = label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        except UnicodeError:
            return False
        if not 1 <= len(ascii_label) <= 63:
            return False
        ascii_length += len(ascii_label) - len(label)
    url_length = len(url) - len(domain) + ascii_length + (0 if protocol else len(_DEFAULT_PROTOCOL))
    return url_length <= _MAX_URL_LENGTH


def _mastodon_urls(text: str, placeholder: str) -> Iterator[_Entity]:
    """URLs with a protocol, as ``Extractor.extract_urls_with_indices`` finds them for the validator."""
    patterns = _url_patterns()
    for match in _url_matches(patterns.mastodon_url, text, protocol=True):
        url, protocol = match["url"], match["protocol"]
        if protocol and _valid_host_and_length(url, protocol, match["domain"]):
            span = _tco_span(match, patterns.tco_url)
            if span:
                yield _Entity(*span, placeholder)


def _mastodon_mentions(text: str) -> Iterator[_Entity]:
    """``@user@domain`` mentions, each rewritten to ``@user``; a domain over 253 characters is no mention."""
    if "@" not in text:
        return
    for match in _unicode_patterns().mention.finditer(text):
        domain = match["domain"]
        if _MENTION_END.match(text, match.end()):  # twitter-text's end_mention_match: not a mention
            continue
        if domain is None or len(domain) <= _MAX_MENTION_DOMAIN_LENGTH:
            yield _Entity(match.start(), match.end(), "@" + match["user"])


# --- Top-level domains known to twitter-text (its tld_lib.yml), split on whitespace when first used -----

_GENERIC_TLDS = """
aaa aarp abarth abb abbott abbvie abc able abogado abudhabi academy accenture accountant accountants aco
active actor adac ads adult aeg aero aetna afamilycompany afl africa agakhan agency aig aigo airbus
airforce airtel akdn alfaromeo alibaba alipay allfinanz allstate ally alsace alstom americanexpress
americanfamily amex amfam amica amsterdam analytics android anquan anz aol apartments app apple
aquarelle arab aramco archi army arpa art arte asda asia associates athleta attorney auction audi
audible audio auspost author auto autos avianca aws axa azure baby baidu banamex bananarepublic band
bank bar barcelona barclaycard barclays barefoot bargains baseball basketball bauhaus bayern bbc bbt
bbva bcg bcn beats beauty beer bentley berlin best bestbuy bet bharti bible bid bike bing bingo bio biz
black blackfriday blanco blockbuster blog bloomberg blue bms bmw bnl bnpparibas boats boehringer bofa
bom bond boo book booking boots bosch bostik boston bot boutique box bradesco bridgestone broadway
broker brother brussels budapest bugatti build builders business buy buzz bzh cab cafe cal call
calvinklein cam camera camp cancerresearch canon capetown capital capitalone car caravan cards care
career careers cars cartier casa case caseih cash casino cat catering catholic cba cbn cbre cbs ceb
center ceo cern cfa cfd chanel channel charity chase chat cheap chintai chloe christmas chrome chrysler
church cipriani circle cisco citadel citi citic city cityeats claims cleaning click clinic clinique
clothing cloud club clubmed coach codes coffee college cologne com comcast commbank community company
compare computer comsec condos construction consulting contact contractors cooking cookingchannel cool
coop corsica country coupon coupons courses cpa credit creditcard creditunion cricket crown crs cruise
cruises csc cuisinella cymru cyou dabur dad dance data date dating datsun day dclk dds deal dealer deals
degree delivery dell deloitte delta democrat dental dentist desi design dev dhl diamonds diet digital
direct directory discount discover dish diy dnp docs doctor dodge dog doha domains doosan dot download
drive dtv dubai duck dunlop duns dupont durban dvag dvr earth eat eco edeka edu education email emerck
energy engineer engineering enterprises epost epson equipment ericsson erni esq estate esurance etisalat
eurovision eus events everbank exchange expert exposed express extraspace fage fail fairwinds faith
family fan fans farm farmers fashion fast fedex feedback ferrari ferrero fiat fidelity fido film final
finance financial fire firestone firmdale fish fishing fit fitness flickr flights flir florist flowers
flsmidth fly foo food foodnetwork football ford forex forsale forum foundation fox free fresenius frl
frogans frontdoor frontier ftr fujitsu fujixerox fun fund furniture futbol fyi gal gallery gallo gallup
game games gap garden gay gbiz gdn gea gent genting george ggee gift gifts gives giving glade glass gle
global globo gmail gmbh gmo gmx godaddy gold goldpoint golf goo goodhands goodyear goog google gop got
gov grainger graphics gratis green gripe grocery group guardian gucci guge guide guitars guru hair
hamburg hangout haus hbo hdfc hdfcbank health healthcare help helsinki here hermes hgtv hiphop hisamitsu
hitachi hiv hkt hockey holdings holiday homedepot homegoods homes homesense honda honeywell horse
hospital host hosting hot hoteles hotels hotmail house how hsbc htc hughes hyatt hyundai ibm icbc ice
icu ieee ifm iinet ikano imamat imdb immo immobilien inc industries infiniti info ing ink institute
insurance insure int intel international intuit investments ipiranga irish iselect ismaili ist istanbul
itau itv iveco iwc jaguar java jcb jcp jeep jetzt jewelry jio jlc jll jmp jnj jobs joburg jot joy
jpmorgan jprs juegos juniper kaufen kddi kerryhotels kerrylogistics kerryproperties kfh kia kim kinder
kindle kitchen kiwi koeln komatsu kosher kpmg kpn krd kred kuokgroup kyoto lacaixa ladbrokes lamborghini
lamer lancaster lancia lancome land landrover lanxess lasalle lat latino latrobe law lawyer lds lease
leclerc lefrak legal lego lexus lgbt liaison lidl life lifeinsurance lifestyle lighting like lilly
limited limo lincoln linde link lipsy live living lixil llc llp loan loans locker locus loft lol london
lotte lotto love lpl lplfinancial ltd ltda lundbeck lupin luxe luxury macys madrid maif maison makeup
man management mango map market marketing markets marriott marshalls maserati mattel mba mcd mcdonalds
mckinsey med media meet melbourne meme memorial men menu meo merckmsd metlife miami microsoft mil mini
mint mit mitsubishi mlb mls mma mobi mobile mobily moda moe moi mom monash money monster montblanc mopar
mormon mortgage moscow moto motorcycles mov movie movistar msd mtn mtpc mtr museum mutual mutuelle nab
nadex nagoya name nationwide natura navy nba nec net netbank netflix network neustar new newholland news
next nextdirect nexus nfl ngo nhk nico nike nikon ninja nissan nissay nokia northwesternmutual norton
now nowruz nowtv nra nrw ntt nyc obi observer off office okinawa olayan olayangroup oldnavy ollo omega
one ong onion onl online onyourside ooo open oracle orange org organic orientexpress origins osaka
otsuka ott ovh page pamperedchef panasonic panerai paris pars partners parts party passagens pay pccw
pet pfizer pharmacy phd philips phone photo photography photos physio piaget pics pictet pictures pid
pin ping pink pioneer pizza place play playstation plumbing plus pnc pohl poker politie porn post
pramerica praxi press prime pro prod productions prof progressive promo properties property protection
pru prudential pub pwc qpon quebec quest qvc racing radio raid read realestate realtor realty recipes
red redstone redumbrella rehab reise reisen reit reliance ren rent rentals repair report republican rest
restaurant review reviews rexroth rich richardli ricoh rightathome ril rio rip rmit rocher rocks rodeo
rogers room rsvp rugby ruhr run rwe ryukyu saarland safe safety sakura sale salon samsclub samsung
sandvik sandvikcoromant sanofi sap sapo sarl sas save saxo sbi sbs sca scb schaeffler schmidt
scholarships school schule schwarz science scjohnson scor scot search seat secure security seek select
sener services ses seven sew sex sexy sfr shangrila sharp shaw shell shia shiksha shoes shop shopping
shouji show showtime shriram silk sina singles site ski skin sky skype sling smart smile sncf soccer
social softbank software sohu solar solutions song sony soy space spiegel sport spot spreadbetting srl
srt stada staples star starhub statebank statefarm statoil stc stcgroup stockholm storage store stream
studio study style sucks supplies supply support surf surgery suzuki swatch swiftcover swiss sydney
symantec systems tab taipei talk taobao target tatamotors tatar tattoo tax taxi tci tdk team tech
technology tel telecity telefonica temasek tennis teva thd theater theatre tiaa tickets tienda tiffany
tips tires tirol tjmaxx tjx tkmaxx tmall today tokyo tools top toray toshiba total tours town toyota
toys trade trading training travel travelchannel travelers travelersinsurance trust trv tube tui tunes
tushu tvs ubank ubs uconnect unicom university uno uol ups vacations vana vanguard vegas ventures
verisign vermögensberater vermögensberatung versicherung vet viajes video vig viking villas vin vip
virgin visa vision vista vistaprint viva vivo vlaanderen vodka volkswagen volvo vote voting voto voyage
vuelos wales walmart walter wang wanggou warman watch watches weather weatherchannel webcam weber
website wed wedding weibo weir whoswho wien wiki williamhill win windows wine winners wme wolterskluwer
woodside work works world wow wtc wtf xbox xerox xfinity xihuan xin xperia xxx xyz yachts yahoo yamaxun
yandex yodobashi yoga yokohama you youtube yun zappos zara zero zip zippo zone zuerich дети католик ком
москва онлайн орг рус сайт קום ابوظبي اتصالات ارامكو العليان بازار بيتك شبكة عرب كاثوليك كوم موبايلي
موقع همراه कॉम नेट संगठन คอม みんな クラウド グーグル コム ストア セール ファッション ポイント 世界 中信
中文网 企业 佛山 信息 健康 八卦 公司 公益 商城 商店 商标 嘉里 嘉里大酒店 在线 大众汽车 大拿 天主教 娱乐
家電 工行 广东 微博 慈善 我爱你 手机 手表 招聘 政务 政府 新闻 时尚 書籍 机构 淡马锡 游戏 点看 珠宝 移动
组织机构 网址 网店 网站 网络 联通 诺基亚 谷歌 购物 通販 集团 電訊盈科 飞利浦 食品 餐厅 香格里拉 닷넷
닷컴 삼성
"""
_COUNTRY_TLDS = """
ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt
bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es
et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie
il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma
mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om
pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr
ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tp tr tt tv tw tz ua ug uk um us uy uz va vc ve vg
vi vn vu wf ws ye yt za zm zw ελ ευ бг бел ею мкд мон рф срб укр қаз հայ الاردن البحرين الجزائر السعودية
المغرب امارات ایران بارت بھارت تونس سودان سورية عراق عمان فلسطين قطر مصر مليسيا موريتانيا پاکستان ڀارت
भारत भारतम् भारोत বাংলা ভারত ভাৰত ਭਾਰਤ ભારત ଭାରତ இந்தியா இலங்கை சிங்கப்பூர் భారత్ ಭಾರತ ഭാരതം ලංකා ไทย
ລາວ გე 中国 中國 台湾 台灣 新加坡 澳門 香港 한국
"""
