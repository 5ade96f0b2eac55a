"""Carousel slides: the cover, the closing, and the chrome every slide of a carousel wears.

A carousel is read one slide at a time, so every slide carries the same chrome in a strip at
the bottom of its safe zone: page dots (the current one filled, in the accent) and, on every
slide but the last, a swipe cue (a chevron, "›" or "‹"). The slides between the cover and the closing are the
campaign's cards (the output's ``slide`` template) drawn above that strip, so a carousel
looks like the cards of its campaign.

Which way the cue points: the way the reader's app moves to the next slide, which follows
the reading direction of the carousel's first language. Instagram, Threads, TikTok and
LinkedIn mirror their interface in a right-to-left language: a carousel there advances from
the left, so the next slide lies to the left ("‹") and the dots fill from the right. A
carousel whose first language is Arabic is posted for people whose apps run in Arabic; one
whose first language is English points right ("›"). This follows the first language (not, as a card's
frame does, every language): the first language is the one the post is written for.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from ...model import Lang, Multilingual
from ...model.languages import is_rtl
from ...model.phrases import phrase
from ..layers import Box, Canvas, Gap, Insets, Layer, Rect, Stack, Text
from ..registry import Subject
from .brand import brand_marks
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Items,
    Look,
    alt_line,
    backdrop,
    hashtag_line,
    hashtags_for,
    isolated,
    restyled,
    style,
    texts,
)
from .layouts import Content as _Frame
from .layouts import edges


def swipes_back(langs: tuple[Lang, ...]) -> bool:
    """Whether the next slide lies to the left: the first language reads right to left."""
    return bool(langs) and is_rtl(langs[0])


def cue(langs: tuple[Lang, ...]) -> str:
    """The swipe cue, pointing where the next slide is: a chevron (the bundled fonts have no
    arrows; "‹" and "›" are in Noto Sans), drawn left to right so that bidi never mirrors it."""
    return "‹" if swipes_back(langs) else "›"


# ---------------------------------------------------------------------------- chrome


def chrome_height(canvas: Canvas) -> int:
    """The height of the strip the chrome takes at the bottom of the safe zone."""
    return max(round(canvas.min_text_px * 1.9), round(64 * canvas.unit))


def slide_canvas(canvas: Canvas) -> Canvas:
    """The canvas a slide's content is laid out on: the preset's, with the chrome's strip
    added to the bottom inset (the card's text and logos stay clear of the dots)."""
    s = canvas.safe
    return replace(canvas, safe=Insets(s.top, s.right, s.bottom + chrome_height(canvas), s.left))


def chrome(look: Look, canvas: Canvas, langs: tuple[Lang, ...], index: int, count: int) -> list[Layer]:
    """Page dots for slide ``index`` (from 0) of ``count`` in the strip under the content,
    and the swipe cue at the end the reader swipes towards (none on the last slide)."""
    u, safe = canvas.unit, canvas.safe_box
    strip = Box(safe.x, safe.bottom - chrome_height(canvas), safe.w, chrome_height(canvas))
    back = swipes_back(langs)
    arrow_w = round(strip.h * 1.2)
    room = strip.w - 2 * arrow_w
    dot = max(6, min(round(16 * u), room // max(1, 2 * count)))
    step = min(round(dot * 2.2), room // max(1, count))
    row = (count - 1) * step + dot
    x0 = strip.x + (strip.w - row) // 2
    y = strip.y + (strip.h - dot) // 2
    layers: list[Layer] = []
    for k in range(count):
        slot = count - 1 - k if back else k
        on = k == index
        layers.append(
            Rect(Box(x0 + slot * step, y, dot, dot), look.accent if on else look.text, radius=dot // 2,
                 opacity=1.0 if on else 0.45)
        )  # fmt: skip
    if index < count - 1:
        # A "next" button: the chevron in the brand's dark colour on an accent pill, at the
        # end the reader swipes towards.
        pill = Box(strip.x if back else strip.right - arrow_w, strip.y, arrow_w, strip.h)
        layers.append(Rect(pill, look.accent, radius=strip.h // 2))
        size = round(strip.h * 0.62)
        arrow = Text(
            cue(langs),
            style(
                canvas, size / u, "sans", look.dark, bold=True, max_lines=1, direction="ltr", min_ratio=0.9
            ),
            "carousel.swipe",
        )
        layers.append(Stack(pill, (arrow,), valign="middle"))
    return layers


# ---------------------------------------------------------------------------- cover, closing


class CoverSlide(CardParams):
    """The cover: the campaign's title and tagline, and a word that says there is more."""

    scope: ClassVar = "campaign"

    look: Look
    title: Multilingual
    tagline: Multilingual | None
    hashtags: list[str]

    @classmethod
    def from_subject(cls, subject: Subject) -> CoverSlide:
        campaign = subject.campaign
        return cls(
            langs=subject.langs,
            look=Look.of(subject),
            title=campaign.title,
            tagline=campaign.tagline,
            hashtags=hashtags_for(campaign.hashtags, subject.langs),
        )

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(
            alt_line(
                lang,
                (
                    AltPart("picture", phrase("alt_cover", lang, title=isolated(self.title).get(lang))),
                    *(
                        [AltPart("tagline", isolated(self.tagline).get(lang), sep=" — ", shorten=True)]
                        if self.tagline
                        else []
                    ),
                ),
                tuple(self.hashtags),
            )
            for lang in self.langs
        )


def cover(p: CoverSlide, canvas: Canvas) -> list[Layer]:
    """The title large in the middle, the tagline under it, the swipe word under that."""
    look, u = p.look, canvas.unit
    layers: list[Layer] = list(backdrop(look, canvas, None))
    marks, area = brand_marks(look.kit, canvas, canvas.safe_box, size=120, centered=True)
    items: Items = texts(
        p.title,
        "title",
        p.langs,
        style(canvas, 96, look.heading, look.text, bold=True, max_lines=3),
        style(canvas, 52, look.body, look.secondary, max_lines=2),
    )
    if p.tagline is not None:
        items += (
            Gap(round(40 * u)),
            *texts(
                p.tagline,
                "tagline",
                p.langs,
                style(canvas, 40, look.body, look.text, max_lines=3),
                style(canvas, 32, look.body, look.secondary, max_lines=3),
            ),
        )
    first = p.langs[0]
    items += (
        Gap(round(56 * u)),
        Text(
            phrase("swipe", first),
            style(canvas, 40, look.body, look.accent, bold=True, max_lines=1, lang=first),
            "carousel.swipe",
        ),
    )
    words = restyled(items, canvas, 1.0, "center")
    optional = tuple(
        i
        for i, t in enumerate(words)
        if isinstance(t, Text) and len(p.langs) > 1 and t.style.lang == p.langs[1]
    )
    return [*layers, *marks, Stack(area, words, valign="middle", optional=optional)]


class ClosingSlide(CardParams):
    """The closing: the call to action and the hashtags to post with."""

    scope: ClassVar = "campaign"

    look: Look
    call: Multilingual
    hashtags: list[str]

    @classmethod
    def from_subject(cls, subject: Subject) -> ClosingSlide:
        campaign = subject.campaign
        return cls(
            langs=subject.langs,
            look=Look.of(subject),
            call=campaign.call_to_action,
            hashtags=hashtags_for(campaign.hashtags, subject.langs),
        )

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(
            alt_line(
                lang,
                (
                    AltPart(
                        "picture",
                        phrase("alt_closing", lang, text=isolated(self.call).get(lang)),
                        shorten=True,
                    ),
                ),
                tuple(self.hashtags),
            )
            for lang in self.langs
        )


def closing(p: ClosingSlide, canvas: Canvas) -> list[Layer]:
    """The hashtags large, the call to action under them, the partners at the bottom."""
    look, u = p.look, canvas.unit
    layers: list[Layer] = list(backdrop(look, canvas, None))
    marks, area = brand_marks(look.kit, canvas, canvas.safe_box, size=120, centered=True)
    edge, area = edges(_Frame(look, p.langs, None, ()), canvas, area)
    items: Items = (
        Text(
            hashtag_line(p.hashtags),
            style(canvas, 72, look.body, look.accent, bold=True, max_lines=len(p.hashtags) + 1),
            "hashtags",
        ),
        Gap(round(56 * u)),
        *texts(
            p.call,
            "call_to_action",
            p.langs,
            style(canvas, 60, look.heading, look.text, bold=True, max_lines=3),
            style(canvas, 40, look.body, look.secondary, max_lines=3),
        ),
    )
    words = restyled(items, canvas, 1.0, "center")
    optional = tuple(
        i
        for i, t in enumerate(words)
        if isinstance(t, Text) and len(p.langs) > 1 and t.style.lang == p.langs[1]
    )
    return [*layers, *marks, *edge, Stack(area, words, valign="middle", optional=optional)]


def position(lang: Lang, index: int, count: int) -> str:
    """ "Slide 2 of 6", in ``lang``: where an alt text starts, so a screen reader says it."""
    return phrase("alt_position", lang, n=str(index + 1), count=str(count))
