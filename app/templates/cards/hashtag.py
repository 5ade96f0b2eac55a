"""Hashtag card: the campaign's title, its hashtags large, and the call to action."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Multilingual
from ..layers import Box, Canvas, Gap, Layer, Picture, Stack, Text
from ..registry import Subject, register
from .common import AltLine, AltPart, CardParams, Look, backdrop, both, isolated, margin, style


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
            look=Look.of(subject),
            title=c.title,
            tagline=c.tagline,
            call_to_action=c.call_to_action,
            hashtags=c.hashtags,
            photo=None,
        )

    def alt_lines(self) -> tuple[AltLine, AltLine]:
        # The hashtags are what this card shows large: they are its words, kept before the
        # call to action, not a footer dropped first.
        title, cta = isolated(self.title), isolated(self.call_to_action)
        tags = " ".join(self.hashtags)
        ar = AltLine(
            "ar",
            (
                AltPart(
                    "picture",
                    f"صورة على بطاقة حملة {title.ar}" if self.photo else f"بطاقة حملة {title.ar}",
                ),
                *([AltPart("tags", tags, rank=1, sep=": ")] if tags else []),
                AltPart("call_to_action", cta.ar, rank=2, sep=". "),
            ),
        )
        en = AltLine(
            "en",
            (
                AltPart(
                    "picture",
                    f"Photo on the {title.en} campaign card" if self.photo else f"{title.en} campaign card",
                ),
                *([AltPart("tags", tags, rank=1, sep=": ")] if tags else []),
                AltPart("call_to_action", cta.en, rank=2, sep=". "),
            ),
        )
        return ar, en


@register("hashtag", HashtagCard, "Campaign hashtag card")
def hashtag_card(p: HashtagCard, canvas: Canvas) -> list[Layer]:
    look, u = p.look, canvas.unit
    layers = backdrop(look, canvas, p.photo)
    area = canvas.safe_box
    mark_px = round(200 * u)
    tags = tuple(
        Text(
            tag,
            style(canvas, 76, look.body, look.accent if i == 0 else look.text, bold=True, max_lines=1),
            f"hashtags[{i}]",
        )
        for i, tag in enumerate(p.hashtags)
    )
    words: tuple[Text | Gap, ...] = both(
        p.title,
        "title",
        style(canvas, 72, look.heading, look.text, bold=True),
        style(canvas, 44, look.body, look.secondary, bold=True),
    )
    if p.tagline:
        words += (
            Gap(round(20 * u)),
            *both(
                p.tagline,
                "tagline",
                style(canvas, 34, look.body, look.text),
                style(canvas, 28, look.body, look.secondary),
            ),
        )
    cta: tuple[Text, ...] = (
        ()
        if not p.show_cta
        else both(
            p.call_to_action,
            "call_to_action",
            style(canvas, 36, look.heading, look.text, bold=True),
            style(canvas, 30, look.body, look.text),
        )
    )
    if canvas.shape == "wide":
        left, right = area.split_x(0.3, margin(canvas))
        if look.logo:
            layers.append(Picture(look.logo, Box(left.x, left.y, left.w, left.h), fit="contain"))
        return [*layers, Stack(right, (*words, Gap(round(36 * u)), *tags, Gap(round(28 * u)), *cta))]
    if look.logo:
        top, area = area.take_top(mark_px, round(40 * u))
        layers.append(
            Picture(look.logo, Box(top.x + (top.w - mark_px) // 2, top.y, mark_px, mark_px), fit="contain")
        )
    items = (*words, Gap(round(64 * u)), *tags, Gap(round(56 * u)), *cta)
    return [*layers, Stack(area, items)]
