"""Small-business spotlight card: a #ادعم_المحلي ("support local") post with an @mention."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Multilingual
from ..layers import Canvas, Gap, Layer, Picture, Stack, Text, isolate
from ..registry import Subject, register
from .common import AltLine, AltPart, CardParams, Look, backdrop, both, isolated, logo, margin, style


class SpotlightCard(CardParams):
    scope: ClassVar = "spotlight"

    look: Look
    where: str
    name: Multilingual
    makes: Multilingual
    mention: str
    hashtag: str
    image: Path | None
    via: Multilingual | None

    @classmethod
    def from_subject(cls, subject: Subject) -> SpotlightCard:
        spot = subject.spotlight
        assert spot is not None
        campaign = subject.campaign
        person = campaign.person(spot.person) if spot.person else None
        via = (
            Multilingual(
                ar=f"بترشيح من {isolate(person.group.ar)}", en=f"Recommended by {isolate(person.group.en)}"
            )
            if person
            else None
        )
        return cls(
            look=Look.of(subject),
            where=f"spotlights[{campaign.spotlights.index(spot)}]",
            name=spot.name,
            makes=spot.makes,
            mention=spot.mention,
            hashtag=spot.hashtag,
            image=subject.resolve(spot.image) if spot.image else None,
            via=via,
        )

    def alt_lines(self) -> tuple[AltLine, AltLine]:
        name, makes, mention = isolated(self.name), isolated(self.makes), isolate(self.mention)
        via = isolated(self.via) if self.via else None
        ar_card, en_card = "بطاقة دعم المحلي", "support-local card"
        return (
            AltLine(
                "ar",
                (
                    AltPart("picture", f"صورة من {name.ar}" if self.image else f"{ar_card} لـ{name.ar}"),
                    AltPart("mention", f"({mention})", rank=2, sep=" "),
                    *([AltPart("card", f"على {ar_card}", sep=" ")] if self.image else []),
                    AltPart("makes", makes.ar, sep=": ", shorten=True),
                    *([AltPart("via", via.ar, rank=1, sep=" — ")] if via else []),
                ),
                (self.hashtag,),
            ),
            AltLine(
                "en",
                (
                    AltPart(
                        "picture",
                        f"Photo from {name.en}" if self.image else f"Support-local card for {name.en}",
                    ),
                    AltPart("mention", f"({mention})", rank=2, sep=" "),
                    *([AltPart("card", f"on a {en_card}", sep=" ")] if self.image else []),
                    AltPart("makes", makes.en, sep=": ", shorten=True),
                    *([AltPart("via", via.en, rank=1, sep=" — ")] if via else []),
                ),
                (self.hashtag,),
            ),
        )


@register("spotlight", SpotlightCard, "Business spotlight card")
def spotlight_card(p: SpotlightCard, canvas: Canvas) -> list[Layer]:
    look, u, at = p.look, canvas.unit, p.where
    layers = backdrop(look, canvas, None)
    area = canvas.safe_box
    marks, area = logo(look, canvas, area, size=90)
    gap = margin(canvas)
    if canvas.shape == "wide":
        picture_box, text_box = area.split_x(0.42, gap)
    else:
        picture_box, text_box = area.split_y(0.5 if canvas.shape == "tall" else 0.42, gap)
    if p.image is not None:
        layers.append(Picture(p.image, picture_box, fit="cover", radius=round(28 * u)))
    items: tuple[Text | Gap, ...] = (
        Text(p.hashtag, style(canvas, 52, look.body, look.accent, bold=True, max_lines=1), f"{at}.hashtag"),
        Gap(round(16 * u)),
        *both(
            p.name,
            f"{at}.name",
            style(canvas, 64, look.heading, look.text, bold=True),
            style(canvas, 40, look.body, look.text, bold=True),
        ),
        Gap(round(20 * u)),
        *both(
            p.makes,
            f"{at}.makes",
            style(canvas, 36, look.body, look.text),
            style(canvas, 30, look.body, look.secondary),
        ),
        Gap(round(24 * u)),
        Text(p.mention, style(canvas, 40, look.body, look.accent, bold=True, max_lines=1), f"{at}.mention"),
    )
    if p.via is not None:
        # One line per language: a line mixing both reorders its punctuation (bidi).
        items += (
            Gap(round(12 * u)),
            Text(p.via.ar, style(canvas, 26, look.body, look.secondary), f"{at}.person"),
            Text(p.via.en, style(canvas, 22, look.body, look.secondary), f"{at}.person"),
        )
    return [*layers, *marks, Stack(text_box, items)]
