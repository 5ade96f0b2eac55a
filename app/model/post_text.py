"""Counting and cutting a post's text as its platform does: X's weighted length (twitter-text's
published configuration, version 3), UTF-16 units, UTF-8 bytes or graphemes for the others;
cutting at a word boundary with an ellipsis, never inside a grapheme (an emoji sequence, a
letter with its marks) or a directional isolate.

X's count, as docs.x.com ("Counting characters") and twitter-text's config/v3.json publish it:
the text is NFC-normalised; a URL counts 23 (``transformedURLLength``); an emoji sequence
counts 2 however many code points it joins; every other code point counts 1 in the light
ranges (U+0000-10FF, U+2000-200D, U+2010-201F, U+2032-2037) and 2 elsewhere, so Arabic and
Latin count 1 a letter, CJK 2. Where this module decides rather than copies twitter-text:

- URLs are found and ended as twitter-text does, step by step (its URL pattern; a bare
  domain only by its list of top-level domains, tlds.py, so "unicef.org.Thanks" links
  "unicef.org" and "end.The" is no link; a bare domain's query or port without a path is
  text; a t.co link's slug). The one place X's libraries disagree with one another, a domain
  failing the IDNA check ("الخبزunicef.org": no link in Java and Python, a link in
  JavaScript), counts the larger: never less than any of them counts.
- Emoji: twitter-text's data lists the sequences of its Unicode version; here any well-formed
  sequence (UTS #51: a pictograph with its variation selector or skin tone, joined by ZWJ;
  flags; keycaps; tag sequences) counts 2, which is what X's documentation says ("all emojis
  count as 2 characters, regardless of complexity") and what a sequence newer than a
  library's list (🫱🏻‍🫲🏿) counts on X; an old list counts it code point by code point. The
  other side of the same choice: a ZWJ between emoji that no vendor draws as one (👨‍👩‍👧 + ZWJ
  + 👍🏽, not on Unicode's list) is one sequence here (2) where a list counts 2 + 1 + 2; an
  emoji keyboard never types one.
- A code point outside the Basic Multilingual Plane that is not an emoji (𝐀, 𠀀) counts 2, per
  code point as the configuration says and the Java and Python implementations count (the
  JavaScript one counts its two UTF-16 units, 4; a campaign's copy hardly has any).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

import regex

from .platform_rules import Counting, PlatformRules
from .tlds import COUNTRY, GENERIC

# --------------------------------------------------------------------------- X: configuration v3

_X_SCALE = 100
_X_DEFAULT_WEIGHT = 200
_X_URL_LENGTH = 23
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))  # weight 100 each

# --------------------------------------------------------------------------- emoji (UTS #51)

# An element of a sequence: a pictograph with its skin tone (a modifier base's only), a
# text-style pictograph made emoji by U+FE0F (an emoji-style one takes none: a stray selector
# counts on its own, as the implementations that list the sequences count it), or one alone.
_EMOJI_CHAR = r"[\p{Extended_Pictographic}\p{Emoji_Presentation}]"
_ELEMENT = (
    r"(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"
    r"|(?=\P{Emoji_Presentation})\p{Extended_Pictographic}\uFE0F"
    rf"|{_EMOJI_CHAR}|\p{{Emoji_Modifier}})"
)
_EMOJI = regex.compile(
    r"[\U0001F1E6-\U0001F1FF]{2}"  # a flag: two regional indicators
    r"|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"  # a subdivision flag (tag sequence)
    r"|[0-9#*]\uFE0F?\u20E3"  # a keycap
    rf"|{_ELEMENT}(?:\u200D{_ELEMENT})*"  # a pictograph, its presentation or tone, ZWJ-joined
)

# --------------------------------------------------------------------------- URLs (twitter-text's extraction)

# twitter-text's pieces (its regexp/ folder), assembled as it assembles them, so that a link is
# found, and ends, where X's libraries find and end it.
_PUNCT = r"!'#%&\(\)*\+,\\\-\./:;<=>\?@\[\]\^_{|}~\$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069"
_DOMAIN_CHAR = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_LATIN_ACCENTS = r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
_PATH_CHAR = rf"[a-z\u0400-\u04FF0-9!\*';:=\+,\.\$/%#\[\]\-\u2013_~@\|&{_LATIN_ACCENTS}]"
_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
_PATH_END = rf"[\+\-a-z\u0400-\u04FF0-9=_#/{_LATIN_ACCENTS}]"
# As twitter-text assembles it: its ending pattern ("an ending character | balanced parens")
# is pasted in without brackets, so a path segment is "... ending character" or a bare
# "(...)": "https://unicef.org/ar.(note)" links "https://unicef.org/ar", as on X.
_PATH = rf"(?:(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*{_PATH_END}|{_PARENS})|(?:@{_PATH_CHAR}+/))"
_QUERY_CHAR = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY = rf"\?{_QUERY_CHAR}*[a-z0-9\-_&=#/]"
# A top-level domain is one on twitter-text's list, in its order (see tlds.py): "unicef.org"
# ends at "org" and "unicef.org.Thanks" too, since "thanks" is none; "end.The" is no link.
_TLD_END = r"(?=[^0-9a-zA-Z@+\-]|$)"
_TLD = (
    rf"(?:(?:{'|'.join(GENERIC)}){_TLD_END}"
    rf"|(?:{'|'.join(COUNTRY)}){_TLD_END}"
    r"|xn--[\-0-9a-z]+)"
)
_SUBDOMAIN = rf"(?:(?:{_DOMAIN_CHAR}(?:[_\-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_DOMAIN_NAME = rf"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
# What may stand before a link: not a letter or digit, a mention's or a tag's sign.
_PRECEDING = rf"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"
# The standard library's re, as twitter-text-parser uses: the same case folding, the same
# backtracking, so the same domain is taken where several labels could end one.
_EXTRACT_URL = re.compile(
    rf"({_PRECEDING})"  # 1: the character before
    r"((https?://)?"  # 2: the URL, 3: its protocol
    rf"((?:{_SUBDOMAIN}*{_DOMAIN_NAME}{_TLD}))"  # 4: its domain (any script)
    r"(?::[0-9]+)?"
    rf"(/{_PATH}*)?"  # 5: its path
    rf"(?:{_QUERY})?)",
    re.IGNORECASE,
)
# Without a protocol, the ASCII (and Latin-accented) domains in what was matched are the links.
_ASCII_DOMAIN = re.compile(rf"(?:[\-a-z0-9{_LATIN_ACCENTS}]+\.)+{_TLD}", re.IGNORECASE)
_NO_PROTOCOL_AFTER = re.compile(r"[-_./]$")  # a file's path or a longer name: no bare domain
_TCO = re.compile(rf"https?://t\.co/([a-z0-9]+)(?:{_QUERY})?", re.IGNORECASE)
_TCO_SLUG, _MAX_URL = 40, 4096

# --------------------------------------------------------------------------- hashtags and mentions

# twitter-text's hashtag letters: letters, marks, digits, the joiners and a few word-internal marks.
_TAG_CHAR = r"[\p{L}\p{M}\p{Nd}_\u200C\u200D\uA67E\u05BE\u05F3\u05F4\uFF5E\u301C\u309B\u309C\u30A0\u30FB\u3003\u0F0B\u0F0C\u00B7]"
_HASHTAG = regex.compile(
    rf"(?<!{_TAG_CHAR}|&)[#＃](?!\uFE0F|\u20E3)(?>{_TAG_CHAR}*[\p{{L}}\p{{M}}]{_TAG_CHAR}*)(?![#＃]|://)"
)
# A handle as the project writes one (@ and up to 30 of A-Z a-z 0-9 _ .); not inside an
# e-mail address or a word, and a sentence's closing full stop is not part of it.
_MENTION = regex.compile(
    r"(?<![A-Za-z0-9_!#$%&*@＠.])[@＠][A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}(?<!\.))?(?![A-Za-z0-9_@＠]|://)"
)

# --------------------------------------------------------------------------- cutting

_OPENERS = {"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}  # LRI RLI FSI -> PDI
_EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE RLE LRO RLO, closed by PDF
_PDI, _PDF = "\u2069", "\u202c"
# A cut may follow these (a word's end needs no space after an Arabic comma or full stop).
_BREAK_AFTER = {"\u060c", "\u06d4"}  # ، ۔
# What a cut drops from its end before the ellipsis: spaces and the punctuation that joined
# the cut part to what followed ("word,…" reads worse than "word…").
_TRAILING = regex.compile(r"[\s,،;؛:\-\u2013\u2014.۔]+")


def _x_weight(code_point: int) -> int:
    """One code point's weight in twitter-text's configuration v3 (scaled by 100)."""
    light = any(low <= code_point <= high for low, high in _X_LIGHT_RANGES)
    return _X_SCALE if light else _X_DEFAULT_WEIGHT


def _x_text(text: str) -> str:
    """The text X counts: NFC, and a CR LF (or a lone CR) one line break."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def _domain_checks(url: str, protocol: str, domain: str) -> tuple[bool, bool]:
    """(whether the IDNA check passes, whether the URL is short enough) for a URL found: the
    Java and Python libraries encode the domain by IDNA 2003 and link no domain that fails
    (a label over 63 characters, one mixing right-to-left and left-to-right letters:
    "الخبزunicef.org"); the JavaScript one encodes without checking, and links it."""
    try:
        encoded = domain.encode("idna")
    except (UnicodeError, ValueError):
        return False, len(protocol) + len(url) <= _MAX_URL
    return bool(encoded), len(protocol) + len(url) + len(encoded) - len(domain) <= _MAX_URL


def _links(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The URLs X's libraries link in ``text``, as (start, end) indices, in two lists: those all
    of them link, and those only the JavaScript one links (see :func:`_domain_checks`).

    twitter-text's steps: each match of its URL pattern; without a protocol, not after - _ /
    or "." (a path, a longer name), and only its ASCII domains are links, the last one with
    the path when there is one (a query or a port without a path is text: "unicef.org?ref=x"
    is a 23 and 6 characters); a t.co link keeps only its slug and query."""
    agreed: list[tuple[int, int]] = []
    disputed: list[tuple[int, int]] = []
    if "." not in text:
        return agreed, disputed
    for match in _EXTRACT_URL.finditer(text):
        before, url, protocol, domain, path = match.groups()
        end = match.end()
        start = end - len(url)
        idna, short = _domain_checks(url, protocol or "https://", domain)
        if not short:
            continue
        if protocol is None:
            if _NO_PROTOCOL_AFTER.search(before):
                continue
            spans = [(start + m.start(), start + m.end()) for m in _ASCII_DOMAIN.finditer(domain)]
            if spans and path:
                spans[-1] = (spans[-1][0], end)
        else:
            tco = _TCO.match(url)
            if tco is not None and len(tco.group(1)) > _TCO_SLUG:
                continue
            spans = [(start, start + tco.end() if tco is not None else end)]
        (agreed if idna else disputed).extend(spans)
    return agreed, disputed


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where the URLs X would link are in ``text``, as (start, end) indices: every one that
    one of X's libraries links (what a link limit counts, where a hashtag cannot be)."""
    agreed, disputed = _links(text)
    return sorted(agreed + disputed)


def _spans(text: str, urls: list[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """``text`` split as X weighs it with ``urls`` linked: (start, end, weight) for each URL,
    emoji sequence and other code point, in order."""
    index, u = 0, 0
    while index < len(text):
        if u < len(urls) and urls[u][0] == index:
            yield index, urls[u][1], _X_URL_LENGTH * _X_SCALE
            index = urls[u][1]
            u += 1
            continue
        emoji = _EMOJI.match(text, index)
        if emoji is not None and (u >= len(urls) or emoji.end() <= urls[u][0]):
            yield index, emoji.end(), _X_DEFAULT_WEIGHT
            index = emoji.end()
            continue
        yield index, index + 1, _x_weight(ord(text[index]))
        index += 1


def weighted_length(text: str) -> int:
    """X's weighted length of ``text`` (twitter-text v3: NFC; code points in the light ranges
    count 1, others 2; an emoji sequence 2; a URL 23), in characters of the 280 limit. Where
    X's libraries disagree on a link (the IDNA check), the larger of their counts."""
    text = _x_text(text)
    agreed, disputed = _links(text)
    weight = sum(w for _, _, w in _spans(text, sorted(agreed + disputed)))
    if disputed:
        weight = max(weight, sum(w for _, _, w in _spans(text, agreed)))
    return weight // _X_SCALE


def _utf16(text: str) -> int:
    """UTF-16 code units: what a JavaScript string's length says."""
    return len(text.encode("utf-16-le")) // 2


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text))


def _emoji_bytes(text: str) -> int:
    """Threads: characters (UTF-16 units), each emoji sequence as many as its UTF-8 bytes."""
    total, index = 0, 0
    for match in _EMOJI.finditer(text):
        total += _utf16(text[index : match.start()]) + _utf8(match.group())
        index = match.end()
    return total + _utf16(text[index:])


_COUNTERS: dict[Counting, Callable[[str], int]] = {
    "x-weighted": weighted_length,
    "utf16": _utf16,
    "utf8": _utf8,
    "graphemes": _graphemes,
    "emoji-bytes": _emoji_bytes,
}


def length(text: str, rules: PlatformRules) -> int:
    """``text``'s length as ``rules`` counts it (weighted, graphemes, UTF-16 units, UTF-8 bytes)."""
    return _COUNTERS[rules.counting](text)


def graphemes(text: str) -> list[str]:
    """``text``'s user-perceived characters: an emoji sequence, a flag, a letter with its marks
    is one."""
    return list(regex.findall(r"\X", text))


def _cuts(text: str) -> list[int]:
    """The indices where ``text`` may be cut, in order: before a space that starts a grapheme,
    and after an Arabic comma or full stop."""
    cuts: list[int] = []
    index = 0
    for cluster in graphemes(text):
        if cluster[0].isspace() and index > 0:
            cuts.append(index)
        index += len(cluster)
        if cluster[-1] in _BREAK_AFTER and index < len(text):
            cuts.append(index)
    return sorted(set(cuts))


def closing(text: str) -> str:
    """What closes the directional isolates and embeddings ``text`` leaves open: a PDI for each
    open isolate and a PDF for each open embedding or override, innermost first."""
    stack: list[str] = []
    for char in text:
        if char in _OPENERS:
            stack.append(_PDI)
        elif char in _EMBEDDINGS:
            stack.append(_PDF)
        elif char == _PDI:
            # A PDI closes the innermost isolate and any embedding opened inside it (UAX #9 X6a).
            if _PDI in stack:
                while stack.pop() != _PDI:
                    pass
        elif char == _PDF and stack and stack[-1] == _PDF:
            stack.pop()
    return "".join(reversed(stack))


def _ended(part: str, ellipsis: str) -> str:
    """``part`` (a cut's head) as the post shows it: its trailing joiners dropped, the
    ellipsis added, and the isolates it opened closed after it."""
    clusters = graphemes(part)
    while clusters and _TRAILING.fullmatch(clusters[-1]):  # whole clusters: a comma with a mark stays
        clusters.pop()
    head = "".join(clusters)
    return head + ellipsis + closing(head) if head else ""


@lru_cache(maxsize=256)
def _shortened(text: str, budget: int, rules: PlatformRules, ellipsis: str) -> str:
    cuts = _cuts(text)
    count = _COUNTERS[rules.counting]
    # Lengths grow with the cut (a cut is at a space, so a URL or an emoji is kept whole or
    # left out whole): find the last cut that fits by bisection, then make sure of it.
    low, high = 0, len(cuts)
    while low < high:
        middle = (low + high) // 2
        if count(_ended(text[: cuts[middle]], ellipsis)) <= budget:
            low = middle + 1
        else:
            high = middle
    for index in range(low - 1, -1, -1):
        candidate = _ended(text[: cuts[index]], ellipsis)
        if candidate and count(candidate) <= budget:
            return candidate
    return ""


def shorten(text: str, budget: int, rules: PlatformRules, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``budget`` (as ``rules`` counts, the ellipsis included) at the
    last word boundary, with the ellipsis; ``text`` itself when it fits; "" when not even one
    word fits. Never splits a grapheme, and closes a directional isolate it cut into."""
    if length(text, rules) <= budget:
        return text
    return _shortened(text, budget, rules, ellipsis)


def _outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= low or start >= high for low, high in spans)


def hashtags_in(text: str) -> list[str]:
    """The #hashtags in ``text`` (Arabic ones included), in order, as written: as twitter-text
    finds them (a tag's word is letters, marks, digits and _, with at least one letter; a # in
    a URL or glued to a word is no tag), so "#COVID-19" is "#COVID", as platforms link it."""
    urls = url_spans(text)
    return [m.group() for m in _HASHTAG.finditer(text) if _outside(urls, *m.span())]


def mentions_in(text: str) -> list[str]:
    """The @mentions in ``text``, in order, as written: an @ and a handle as the project writes
    one (letters, digits, _ and ., at most 30; Instagram's "@unicef.mena" included), not in an
    e-mail address or a URL, and without a sentence's closing full stop."""
    urls = url_spans(text)
    return [m.group() for m in _MENTION.finditer(text) if _outside(urls, *m.span())]
