"""Pieces every card shares: the brand look, the type scale, backdrop, logo and hashtag footer,
the output's languages, and the ranked parts a card's alt text is built from (fitted to ~125
characters per language).

Sizes are written for a 1080 px short side and scaled by ``canvas.unit``, so one template
reads well from a 1200x600 link card to a 1080x1920 story.

A card prints its output's languages (one or two of the campaign's, first on top) and never
names a language in its code: the first language takes the lead sizes, the second the
supporting ones, and a card in one language is laid out for one (its text takes the room and
the larger type; no slot is left empty). Direction, the face (through ``TextStyle.lang``),
digits and the template's own words follow each language.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from babel import Locale
from pydantic import BaseModel, ConfigDict

from ...model import Lang, MediaItem, Multilingual, Person
from ...model.campaign import BrandFont
from ...model.languages import DEFAULT_LANGUAGES, is_rtl, language
from ...model.phrases import phrase
from ..captions import LRM, RLM, first_strong, mark_direction
from ..layers import (
    Align,
    Box,
    BrandFamily,
    BundledName,
    Canvas,
    Direction,
    FamilyName,
    Gap,
    Gradient,
    Layer,
    Picture,
    Rect,
    Stack,
    Text,
    TextStyle,
    isolate,
)
from ..registry import Params, Subject
from .brand import BrandKit

Items = tuple[Text | Gap, ...]


class Look(BaseModel):
    """The brand as a card needs it: colours, resolved logo file, type families, and its
    marks (:class:`~takatof.templates.cards.brand.BrandKit`: logo variants, partners)."""

    model_config = ConfigDict(frozen=True)

    primary: str
    secondary: str
    accent: str
    text: str
    dark: str
    logo: Path | None
    heading: FamilyName
    body: FamilyName
    kit: BrandKit = BrandKit()

    @classmethod
    def of(cls, subject: Subject) -> Look:
        brand = subject.campaign.brand
        return cls(
            primary=brand.primary,
            secondary=brand.secondary,
            accent=brand.accent,
            text=brand.text,
            dark=brand.dark,
            logo=subject.resolve(brand.logo) if brand.logo else None,
            heading=_family(subject, brand.fonts.heading),
            body=_family(subject, brand.fonts.body),
            kit=BrandKit.of(subject),
        )


def _family(subject: Subject, choice: BundledName | BrandFont) -> FamilyName:
    """A bundled family as named, or a brand's font files resolved in the project."""
    if isinstance(choice, str):
        return choice
    bold = subject.resolve(choice.bold) if choice.bold else None
    scripts = tuple(choice.scripts) if choice.scripts is not None else None
    return BrandFamily.at(subject.resolve(choice.file), bold, scripts, choice.fallback)


def isolated(field: Multilingual) -> Multilingual:
    """Every language of a field as a bidi isolate (see
    :func:`~takatof.templates.layers.isolate`), for composing it into a line or an alt text
    with other fields."""
    return Multilingual.of({lang: isolate(text) for lang, text in field.items()})


# ---------------------------------------------------------------------------- languages


def direction_of(lang: Lang) -> Direction:
    """The paragraph direction of a text known to be in ``lang``: its language's, whatever
    its first letter (an Urdu quote that opens with a brand name in Latin letters still runs
    right to left)."""
    return "rtl" if is_rtl(lang) else "ltr"


def in_lang(text_style: TextStyle, lang: Lang) -> TextStyle:
    """``text_style`` for a text in ``lang``: the text engine picks the face by it (Urdu in
    Nastaliq) and the paragraph runs in the language's direction unless the style fixed one."""
    direction = direction_of(lang) if text_style.direction == "auto" else text_style.direction
    return replace(text_style, lang=lang, direction=direction)


def texts(
    field: Multilingual, source: str, langs: Sequence[Lang], lead: TextStyle, support: TextStyle
) -> tuple[Text, ...]:
    """A field in each of the output's languages, first on top: the first in the ``lead``
    style, the second in ``support``. ``source`` is the field's JSON path (each text is named
    by it plus ``.<code>``)."""
    return tuple(
        Text(field.get(lang), in_lang(lead if i == 0 else support, lang), f"{source}.{lang}")
        for i, lang in enumerate(langs)
    )


def reads_rtl(langs: Sequence[Lang]) -> bool:
    """Whether a card reads right to left as a whole: every one of its languages does (an
    Arabic-only or an Urdu + Arabic card). Such a card is mirrored: the logo and the accent
    rule start at the right, a wide card's photo stands on the right. A card that mixes
    directions (Arabic + English) keeps the left-to-right frame it always had."""
    return bool(langs) and all(is_rtl(lang) for lang in langs)


def split_start(box: Box, fraction: float, gap: int, rtl: bool) -> tuple[Box, Box]:
    """``box`` split across: the part where reading starts (``fraction`` of the width: the
    left, or the right for a right-to-left card) and the rest."""
    if not rtl:
        return box.split_x(fraction, gap)
    rest, start = box.split_x(1 - fraction, gap)
    return start, rest


def comma(lang: Lang) -> str:
    """The comma (and space) between two items of a list in ``lang``: "، " in Arabic script."""
    return "، " if language(lang).script == "Arab" else ", "


def distinct(values: Sequence[str]) -> list[str]:
    """``values`` without repeats, in order: a name written alike in both languages of a card
    ("Hala Dahrouge" in English and French) is printed once."""
    return list(dict.fromkeys(values))


# Scripts whose English name (CLDR's) is not the word Unicode names their letters with.
_UNICODE_WORDS = {
    "Beng": "BENGALI",
    "Orya": "ORIYA",
    "Hans": "CJK",
    "Hant": "CJK",
    "Jpan": "CJK",
    "Kore": "HANGUL",
}


@functools.cache
def _script_word(script: str) -> str:
    """The word Unicode's character names start with for an ISO 15924 script ("Arab" ->
    "ARABIC", "Deva" -> "DEVANAGARI"), from CLDR's English name of the script."""
    return _UNICODE_WORDS.get(script) or str(Locale("en").scripts.get(script, "")).upper()


def _letter_script(text: str) -> str:
    """The first word of the Unicode name of ``text``'s first letter ("ARABIC", "LATIN",
    "DEVANAGARI"), or "" when it has no letter."""
    letter = next((c for c in text if unicodedata.category(c).startswith("L")), "")
    return unicodedata.name(letter, "").split(" ", 1)[0] if letter else ""


def hashtags_for(hashtags: Sequence[str], langs: Sequence[Lang]) -> list[str]:
    """The campaign's hashtags a card in ``langs`` shows: those written in the script of one
    of its languages (an Arabic-only card for a local audience shows #التكاتف_قوّة, not
    #CommunityStoriesMENA). When no tag is in a language's script (a Hindi card of a campaign
    tagged in Latin and Arabic), the Latin tags stand in: the script a feed in any language
    reads tags in; and a campaign whose only tags are in another script still shows them."""
    words = {_script_word(language(lang).script) for lang in langs} - {""}
    kept = [tag for tag in hashtags if _letter_script(tag) in words]
    latin = [tag for tag in hashtags if _letter_script(tag) == _script_word("Latn")]
    return kept or latin or list(hashtags)


def person_of(subject: Subject) -> tuple[Person, str]:
    """The person a person card is about, and their JSON path (``people[2]``): where the card's
    texts come from, named in its fitting problems."""
    person = subject.person
    assert person is not None
    return person, f"people[{subject.campaign.people.index(person)}]"


def hashtag_line(hashtags: Sequence[str], separator: str = "  ") -> str:
    """Hashtags on one line, each a bidi isolate: an Arabic tag keeps its ``#`` on the right
    and a Latin one on the left, whatever stands beside it."""
    return separator.join(isolate(tag) for tag in hashtags)


# ---------------------------------------------------------------------------- alt text
#
# Platforms advise alt text of about 125 characters (what screen readers read without a
# pause; X, Instagram and LinkedIn take more, but cut or hide the rest in places), and count
# every character, invisible ones included. A card's alt text is therefore built from parts,
# each with a rank: the picture and the card's main words never go; hashtags go first, then
# the secondary clauses, and when the main words alone are too long the one part that may be
# shortened is cut at a word (a clause where one is near) with an ellipsis. What was left out
# is said in the manifest. The text is plain: the templates compose fields as bidi isolates,
# and :func:`plain_alt` turns each into the marks it needs to display right (usually none).

ALT_LIMIT = 125
ELLIPSIS = "…"
_PDI = "\u2069"
_ISOLATE_OPEN = "\u2066\u2067\u2068"  # LRI, RLI, FSI
# Invisible characters that display nothing and change nothing once the isolates are marks:
# bidi embeddings, overrides, marks, zero-width space, word joiner, byte-order mark, soft hyphen.
_DROPPED = frozenset("\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u061c\u200b\u2060\ufeff\u00ad")
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: needed between two letters or emoji only
_CLAUSE = ",،;؛:—"
_CLOSERS = "”»\"')"
_SENTENCE_END = ".!?؟…۔।"  # Urdu's full stop, the Devanagari danda


@dataclass(frozen=True)
class AltPart:
    """One piece of an alt-text sentence. ``rank`` 0 is never left out; of the rest, the
    highest rank goes first (the later of equal ranks first). ``sep`` is written before the
    part when it is kept. ``shorten``: the part that may be cut at a word when the parts that
    are never left out are too long on their own (a quote, a description)."""

    name: str
    text: str
    rank: int = 0
    sep: str = ""
    shorten: bool = False


@dataclass(frozen=True)
class AltLine:
    """A card's alt text in one language: a picture description first, then what the card
    says, ``end`` (a full stop unless the text already ends a sentence), then the hashtags."""

    lang: Lang
    parts: tuple[AltPart, ...]
    hashtags: tuple[str, ...] = ()
    end: str = "."

    def full(self) -> str:
        """Every part, nothing left out."""
        return self._text(self._all())

    def fit(self, limit: int = ALT_LIMIT) -> tuple[str, list[AltPart]]:
        """The text within ``limit`` characters where it can be, and the parts (or the tail
        of the shortened part) it left out, in the order they were left out."""
        kept = self._all()
        left: list[AltPart] = []
        while len(self._text(kept)) > limit and any(p.rank > 0 for p in kept):
            victim = max((p for p in kept if p.rank > 0), key=lambda p: (p.rank, kept.index(p)))
            kept.remove(victim)
            left.append(victim)
        # What fits again comes back, most important first, until one does not: a hashtag
        # never takes the place of a clause that was left out.
        for part in sorted(left, key=lambda p: p.rank):
            trial = sorted([*kept, part], key=self._all().index)
            if len(self._text(trial)) > limit:
                break
            kept = trial
            left.remove(part)
        if len(self._text(kept)) > limit:
            kept, tail = self._shorten(kept, limit)
            left.extend(tail)
        return self._text(kept), [replace(p, text=bare(p.text), sep="") for p in left]

    def _all(self) -> list[AltPart]:
        tags = AltPart("hashtags", " ".join(self.hashtags), rank=99, sep=" ") if self.hashtags else None
        return [*self.parts, *([tags] if tags else [])]

    def _text(self, parts: Sequence[AltPart]) -> str:
        words = "".join(p.sep + p.text for p in parts if p.name != "hashtags")
        if self.end and not plain_alt(words, self.lang).rstrip(_CLOSERS).endswith(tuple(_SENTENCE_END)):
            words += self.end
        tags = "".join(p.sep + p.text for p in parts if p.name == "hashtags")
        return plain_alt(words + tags, self.lang)

    def _shorten(self, kept: list[AltPart], limit: int) -> tuple[list[AltPart], list[AltPart]]:
        """The shortenable part cut between words so that the text fits, with an ellipsis:
        after the last clause (a comma, a colon) when that keeps most of what fits, else
        after the last word that fits. Never inside a word."""
        index = next((i for i, p in enumerate(kept) if p.shorten), None)
        if index is None:
            return kept, []
        part = kept[index]
        text = _unisolate(part.text, "R" if is_rtl(self.lang) else "L")
        closer = text[-1] if text[-1:] in tuple(_CLOSERS) else ""  # a quote keeps its closing mark
        words = text[: len(text) - len(closer)].split(" ")

        def cut(n: int) -> list[AltPart]:
            head = " ".join(words[:n]).rstrip(_CLAUSE + " ")
            return [*kept[:index], replace(part, text=head + ELLIPSIS + closer), *kept[index + 1 :]]

        fits = [n for n in range(1, len(words)) if len(self._text(cut(n))) <= limit]
        if not fits:
            return kept, []
        most = max(fits)
        clauses = [n for n in fits if words[n - 1][-1:] in _CLAUSE and n * 3 >= most * 2]
        n = max(clauses, default=most)
        return cut(n), [replace(part, text=" ".join(words[n:]).rstrip(_CLOSERS))]  # the words cut off


def alt_line(lang: Lang, parts: Sequence[AltPart], hashtags: Sequence[str] = ()) -> AltLine:
    """A card's alt text in ``lang``, ending with that language's full stop (۔ in Urdu, । in
    Hindi) where its words do not already end a sentence."""
    return AltLine(lang, tuple(parts), tuple(hashtags), end=phrase("full_stop", lang))


class CardParams(Params):
    """A card template's parameters: the output's languages (``langs``, first on top), its
    alt text built from ranked parts in each of them (:meth:`alt_lines`), and :meth:`alt_text`
    is every part of them."""

    langs: tuple[Lang, ...] = DEFAULT_LANGUAGES
    # The layout (:mod:`~takatof.templates.cards.layouts`) its cards take when their output
    # names none and their preset asks for none: the text-led one, where a card's words are
    # the point.
    default_layout: ClassVar[str] = "type"

    def alt_lines(self) -> tuple[AltLine, ...]:  # pragma: no cover - each card has one
        raise NotImplementedError

    def alt_text(self) -> Multilingual:
        return Multilingual.of({line.lang: line.full() for line in self.alt_lines()})


def plain_alt(text: str, lang: Lang) -> str:
    """``text`` as a platform should get it: no invisible character it does not need. The
    isolates around the project's words become the direction marks they stand for where the
    word is in the other script and begins or ends with punctuation (``I Make This!`` in an
    Arabic sentence) and nothing otherwise; marks, embeddings, zero-width spaces and joiners
    that join nothing go; then the line gets the marks a plain-text reader needs
    (:func:`~takatof.templates.captions.mark_direction`: an Arabic hashtag in an English
    sentence, a handle in an Arabic one). Text built from plain letters comes out unchanged."""
    rtl = is_rtl(lang)
    return mark_direction(_unisolate(text, "R" if rtl else "L"), rtl)


def bare(text: str) -> str:
    """``text`` without any invisible formatting character (what the manifest records of the
    words left out: read as data, not displayed as a line)."""
    return _unisolate(text, "").translate(dict.fromkeys(map(ord, LRM + RLM)))


def _unisolate(text: str, base: str) -> str:
    """``text`` with each isolate replaced by its content and the marks it stands for in a
    line of direction ``base`` (:func:`_embedded`), and the other invisible characters gone."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _ISOLATE_OPEN:
            end, depth = i + 1, 1
            while end < len(text) and depth:
                depth += (text[end] in _ISOLATE_OPEN) - (text[end] == _PDI)
                end += 1
            inner = _unisolate(text[i + 1 : end - (depth == 0)], base)
            own = {"\u2066": "L", "\u2067": "R"}.get(char) or first_strong(inner)
            out.append(_embedded(inner, own, base))
            i = end
            continue
        visible = char not in _DROPPED and char != _PDI
        if char in _JOINERS:
            visible = 0 < i < len(text) - 1 and not (text[i - 1].isspace() or text[i + 1].isspace())
        if visible:
            out.append(char)
        i += 1
    return "".join(out)


def _embedded(inner: str, own: str | None, base: str) -> str:
    """A field of direction ``own`` inside a line of direction ``base``: marks only at an end
    where punctuation would otherwise join the line's run."""
    if not inner or own is None or own == base:
        return inner
    mark = LRM if own == "L" else RLM
    takes_a_side = {"L", "R", "AL", "EN", "AN", "NSM"}  # what punctuation is not
    before = mark if unicodedata.bidirectional(inner[0]) not in takes_a_side else ""
    after = mark if unicodedata.bidirectional(inner[-1]) not in takes_a_side else ""
    return before + inner + after


def photo_of(subject: Subject, media: Sequence[MediaItem], index: int = 0) -> Path | None:
    """The ``index``-th media file (wrapping around), or None when there is none."""
    return subject.resolve(media[index % len(media)].path) if media else None


def style(
    canvas: Canvas,
    size: float,
    family: FamilyName,
    color: str,
    *,
    bold: bool = False,
    align: Align = "center",
    min_ratio: float = 0.45,
    max_lines: int | None = None,
    direction: Direction = "auto",
    lang: Lang | None = None,
) -> TextStyle:
    """A text style whose sizes are given for a 1080 px canvas and scaled to this one. A card's
    layout then raises them where the card is seen small (see
    :func:`~takatof.templates.cards.layouts.restyled`).
    ``direction`` fixes the paragraph direction where the text's language is known but its
    first strong character may belong to the other script (caption lines: see story.py).
    ``lang``: the text's language, when it is one language's (see :func:`in_lang`, which
    also gives it the language's direction)."""
    px = max(12, round(size * canvas.unit))
    text_style = TextStyle(
        family=family,
        bold=bold,
        size=px,
        min_size=max(12, round(px * min_ratio)),
        color=color,
        align=align,
        max_lines=max_lines,
        direction=direction,
    )
    return in_lang(text_style, lang) if lang else text_style


def margin(canvas: Canvas) -> int:
    return round(48 * canvas.unit)


def backdrop(
    look: Look,
    canvas: Canvas,
    photo: Path | None,
    box: Box | None = None,
    scrim: tuple[float, float] = (0.35, 0.9),
) -> list[Layer]:
    """The photo under a dark gradient (for legible white text), or the brand gradient."""
    box = box or canvas.box
    layers: list[Layer] = [Gradient(box, (look.primary, look.dark))]
    if photo is not None:
        layers.append(Picture(photo, box, fit="cover"))
        layers.append(Gradient(box, (look.dark, look.dark), opacities=scrim))
    return layers


def restyled(items: Items, canvas: Canvas, factor: float = 1.0, align: Align | None = None) -> Items:
    """``items`` as a layout sets them: every size (and gap) scaled by ``factor``, aligned by
    ``align``, and never below what people can read where the card is seen
    (``Canvas.min_text_px``) — with the hierarchy kept. Where the smallest text would fall
    under that floor (a link card seen 550 px wide), every text is raised by the same
    ratio, so a quote stays larger than the name under it; and the smallest size a text
    may shrink to while fitting keeps a (compressed) step above the floor for the larger
    texts, so a crowded card leaves out its optional texts (``Stack.optional``) before its
    hierarchy collapses into one size."""
    floor = canvas.min_text_px
    texts = [item for item in items if isinstance(item, Text)]
    if not texts:
        return items
    smallest = min(item.style.size * factor for item in texts)
    lift = max(1.0, floor / smallest)
    out: list[Text | Gap] = []
    for item in items:
        if isinstance(item, Gap):
            out.append(Gap(round(item.size * factor * lift)))
            continue
        s = item.style
        size = max(floor, round(s.size * factor * lift))
        # 1 for the smallest text, ~1.5 for a quote; but one long unbreakable word on one
        # line (a hashtag, a handle) may have to shrink to the floor to fit the width.
        step = 1.0 if _one_long_word(item) else (s.size * factor / smallest) ** 0.4
        # A larger scale does not raise the smallest size a text may shrink to beyond that.
        min_size = min(size, max(round(floor * step), round(s.min_size * min(1.0, factor))))
        out.append(replace(item, style=replace(s, size=size, min_size=min_size, align=align or s.align)))
    return tuple(out)


def _one_long_word(item: Text) -> bool:
    word = item.text.strip()
    return item.style.max_lines == 1 and len(word) > 8 and not any(c.isspace() for c in word)


def footer(
    look: Look,
    canvas: Canvas,
    area: Box,
    hashtags: Sequence[str],
    source: str = "hashtags",
    size: float = 32,
    align: Align = "center",
) -> tuple[list[Layer], Box]:
    """The hashtags on one line at the bottom of ``area`` (the card's: see
    :func:`hashtags_for`); returns the area above. A hashtag is no one language's text (it
    is posted as it is written, whatever the card's languages), so the face follows its
    script alone (``TextStyle.lang`` stays None)."""
    if not hashtags:
        return [], area
    line_style = style(canvas, size, look.body, look.accent, bold=True, max_lines=2, align=align)
    text = Text(hashtag_line(hashtags), line_style, source)
    text = next(t for t in restyled((text,), canvas) if isinstance(t, Text))
    # Room for two lines at the size it settled on (raised to the readable minimum where
    # the card is seen small).
    strip_h = round(text.style.size * 3.0)
    rest, strip = area.take_bottom(strip_h, round(24 * canvas.unit))
    return [Stack(strip, (text,), valign="bottom")], rest


def accent_rule(
    look: Look, canvas: Canvas, area: Box, centered: bool, rtl: bool = False
) -> tuple[list[Layer], Box]:
    """A short accent bar at the top of ``area`` (centred, or at the start for wide layouts:
    the left, the right on a card that reads right to left); returns its layer and the area
    below it."""
    u = canvas.unit
    w, h = round(120 * u), round(8 * u)
    if centered:
        x = area.x + (area.w - w) // 2
    else:
        x = area.right - w if rtl else area.x
    bar = Rect(Box(x, area.y, w, h), look.accent, radius=h // 2)
    return [bar], area.take_top(h, round(32 * u))[1]
