"""Hashtag card: the campaign's title, its hashtags large, and the call to action."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from app.model import Bilingual
from app.templates.cards.common import Look, backdrop, isolated, margin, style
from app.templates.layers import Box, Canvas, Gap, Layer, Picture, Stack, Text, isolate
from app.templates.registry import Params, Subject, register


class HashtagCard(Params):
    scope: ClassVar = "campaign"

    look: Look
    title: Bilingual
    tagline: Bilingual | None
    call_to_action: Bilingual
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

    def alt_text(self) -> Bilingual:
        # Fields are bidi isolates here too: alt text is shown by the platforms as plain text.
        tags = " ".join(isolate(tag) for tag in self.hashtags)
        title, cta = isolated(self.title), isolated(self.call_to_action)
        return Bilingual(
            ar=f"بطاقة الحملة: {title.ar}. {cta.ar} {tags}",
            en=f"Campaign card: {title.en}. {cta.en} {tags}",
        )


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
    words: tuple[Text | Gap, ...] = (
        Text(p.title.ar, style(canvas, 72, look.heading, look.text, bold=True), "title.ar"),
        Text(p.title.en, style(canvas, 44, look.body, look.secondary, bold=True), "title.en"),
    )
    if p.tagline:
        words += (
            Gap(round(20 * u)),
            Text(p.tagline.ar, style(canvas, 34, look.body, look.text), "tagline.ar"),
            Text(p.tagline.en, style(canvas, 28, look.body, look.secondary), "tagline.en"),
        )
    cta: tuple[Text, ...] = (
        ()
        if not p.show_cta
        else (
            Text(
                p.call_to_action.ar,
                style(canvas, 36, look.heading, look.text, bold=True),
                "call_to_action.ar",
            ),
            Text(p.call_to_action.en, style(canvas, 30, look.body, look.text), "call_to_action.en"),
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
