"""Hashtag card: the campaign's title, its hashtags large, and the call to action."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Lang, Multilingual
from ...model.phrases import phrase
from ..layers import Box, Canvas, Gap, Layer, Picture, Stack, Text
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    alt_line,
    backdrop,
    hashtags_for,
    isolated,
    margin,
    reads_rtl,
    split_start,
    style,
    texts,
)
from .layouts import Content


class HashtagCard(CardParams):
    scope: ClassVar = "campaign"

    look: Look
    title: Multilingual
    tagline: Multilingual | None
    call_to_action: Multilingual
    hashtags: list[str]
    photo: Path | None
    show_cta: bool = True  # the story video's opening title leaves the call to action out

    @classmethod
    def from_subject(cls, subject: Subject) -> HashtagCard:
        c = subject.campaign
        return cls(
            langs=subject.langs,
            look=Look.of(subject),
            title=c.title,
            tagline=c.tagline,
            call_to_action=c.call_to_action,
            hashtags=hashtags_for(c.hashtags, subject.langs),
            photo=None,
        )

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(self._alt_line(lang) for lang in self.langs)

    def _alt_line(self, lang: Lang) -> AltLine:
        # The hashtags are what this card shows large: they are its words, kept before the
        # call to action, not a footer dropped first.
        title, cta = isolated(self.title).get(lang), isolated(self.call_to_action).get(lang)
        tags = " ".join(self.hashtags)
        picture = phrase("alt_campaign_photo" if self.photo else "alt_campaign_card", lang, title=title)
        return alt_line(
            lang,
            (
                AltPart("picture", picture),
                *([AltPart("tags", tags, rank=1, sep=": ")] if tags else []),
                AltPart("call_to_action", cta, rank=2, sep=f"{phrase('full_stop', lang)} "),
            ),
        )


@register("hashtag", HashtagCard, "Campaign hashtag card")
def hashtag_card(p: HashtagCard, canvas: Canvas) -> Content:
    """The title (and tagline) is the head; the hashtags, large, and the call to action the
    body (so no footer repeats them); the first hashtag and the title the headline."""
    words, cta = _words(p, canvas)
    tags = _tags(p, canvas)
    u = canvas.unit
    after: tuple[Text | Gap, ...] = (Gap(round(28 * u)), *cta) if cta else ()
    body: tuple[Text | Gap, ...] = (*tags, *after)
    headline = (*tags[:1], *words[:1])
    return Content(p.look, p.langs, p.photo, words, body, headline, default=p.default_layout)


def _tags(p: HashtagCard, canvas: Canvas) -> tuple[Text, ...]:
    look = p.look
    return tuple(
        Text(
            tag,
            style(canvas, 76, look.body, look.accent if i == 0 else look.text, bold=True, max_lines=1),
            f"hashtags[{i}]",
        )
        for i, tag in enumerate(p.hashtags)
    )


def title_layers(p: HashtagCard, canvas: Canvas) -> list[Layer]:
    """The story video's opening and closing card: the campaign's title, hashtags and call
    to action centred on the brand (or the photo), the logo large above them."""
    look, u = p.look, canvas.unit
    layers = backdrop(look, canvas, p.photo)
    area = canvas.safe_box
    mark_px = round(200 * u)
    tags = _tags(p, canvas)
    words, cta = _words(p, canvas)
    if canvas.shape == "wide":
        mark, rest = split_start(area, 0.3, margin(canvas), reads_rtl(p.langs))
        if look.logo:
            layers.append(Picture(look.logo, Box(mark.x, mark.y, mark.w, mark.h), fit="contain"))
        return [*layers, Stack(rest, (*words, Gap(round(36 * u)), *tags, Gap(round(28 * u)), *cta))]
    if look.logo:
        top, area = area.take_top(mark_px, round(40 * u))
        layers.append(
            Picture(look.logo, Box(top.x + (top.w - mark_px) // 2, top.y, mark_px, mark_px), fit="contain")
        )
    items = (*words, Gap(round(64 * u)), *tags, Gap(round(56 * u)), *cta)
    return [*layers, Stack(area, items)]


def _words(p: HashtagCard, canvas: Canvas) -> tuple[tuple[Text | Gap, ...], tuple[Text, ...]]:
    """The title (and tagline) above the hashtags, and the call to action below them, in
    each of the card's languages. One language takes the lead sizes a step up; two, the lead
    sizes and the supporting ones."""
    look, u = p.look, canvas.unit
    one = len(p.langs) == 1
    title, tagline, cta_size = (84, 40, 42) if one else (72, 34, 36)
    words: tuple[Text | Gap, ...] = texts(
        p.title,
        "title",
        p.langs,
        style(canvas, title, look.heading, look.text, bold=True),
        style(canvas, 44, look.body, look.secondary, bold=True),
    )
    if p.tagline:
        words += (
            Gap(round((24 if one else 20) * u)),
            *texts(
                p.tagline,
                "tagline",
                p.langs,
                style(canvas, tagline, look.body, look.text),
                style(canvas, 28, look.body, look.secondary),
            ),
        )
    cta: tuple[Text, ...] = ()
    if p.show_cta:
        cta = texts(
            p.call_to_action,
            "call_to_action",
            p.langs,
            style(canvas, cta_size, look.heading, look.text, bold=True),
            style(canvas, 30, look.body, look.text),
        )
    return words, cta
