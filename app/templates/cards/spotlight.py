"""Small-business spotlight card: a #ادعم_المحلي ("support local") post with an @mention."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Lang, Multilingual
from ...model.phrases import phrase
from ..layers import Canvas, Gap, Layer, Picture, Stack, Text, isolate
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    alt_line,
    backdrop,
    isolated,
    logo,
    margin,
    reads_rtl,
    split_start,
    style,
    texts,
)


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
            Multilingual.of(
                {
                    lang: phrase("recommended_by", lang, group=isolate(person.group.get(lang)))
                    for lang in subject.langs
                }
            )
            if person
            else None
        )
        return cls(
            langs=subject.langs,
            look=Look.of(subject),
            where=f"spotlights[{campaign.spotlights.index(spot)}]",
            name=spot.name,
            makes=spot.makes,
            mention=spot.mention,
            hashtag=spot.hashtag,
            image=subject.resolve(spot.image) if spot.image else None,
            via=via,
        )

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(self._alt_line(lang) for lang in self.langs)

    def _alt_line(self, lang: Lang) -> AltLine:
        name, makes, mention = (
            isolated(self.name).get(lang),
            isolated(self.makes).get(lang),
            isolate(self.mention),
        )
        via = isolated(self.via).get(lang) if self.via else None
        picture = phrase("alt_spotlight_photo" if self.image else "alt_spotlight_card", lang, name=name)
        return alt_line(
            lang,
            (
                AltPart("picture", picture),
                AltPart("mention", f"({mention})", rank=2, sep=" "),
                *([AltPart("card", phrase("alt_spotlight_on", lang), sep=" ")] if self.image else []),
                AltPart("makes", makes, sep=": ", shorten=True),
                *([AltPart("via", via, rank=1, sep=" — ")] if via else []),
            ),
            (self.hashtag,),
        )


@register("spotlight", SpotlightCard, "Business spotlight card")
def spotlight_card(p: SpotlightCard, canvas: Canvas) -> list[Layer]:
    look, u, at = p.look, canvas.unit, p.where
    layers = backdrop(look, canvas, None)
    area = canvas.safe_box
    rtl = reads_rtl(p.langs)
    marks, area = logo(look, canvas, area, size=90, rtl=rtl)
    gap = margin(canvas)
    if canvas.shape == "wide":
        picture_box, text_box = split_start(area, 0.42, gap, rtl)
    else:
        picture_box, text_box = area.split_y(0.5 if canvas.shape == "tall" else 0.42, gap)
    if p.image is not None:
        layers.append(Picture(p.image, picture_box, fit="cover", radius=round(28 * u)))
    # One language takes the lead sizes a step up; two, the lead and supporting sizes.
    one = len(p.langs) == 1
    name_size, makes_size, via_size = (72, 40, 30) if one else (64, 36, 26)
    items: tuple[Text | Gap, ...] = (
        Text(p.hashtag, style(canvas, 52, look.body, look.accent, bold=True, max_lines=1), f"{at}.hashtag"),
        Gap(round(16 * u)),
        *texts(
            p.name,
            f"{at}.name",
            p.langs,
            style(canvas, name_size, look.heading, look.text, bold=True),
            style(canvas, 40, look.body, look.text, bold=True),
        ),
        Gap(round(20 * u)),
        *texts(
            p.makes,
            f"{at}.makes",
            p.langs,
            style(canvas, makes_size, look.body, look.text),
            style(canvas, 30, look.body, look.secondary),
        ),
        Gap(round(24 * u)),
        Text(p.mention, style(canvas, 40, look.body, look.accent, bold=True, max_lines=1), f"{at}.mention"),
    )
    if p.via is not None:
        # One line per language: a line mixing both reorders its punctuation (bidi).
        items += (
            Gap(round(12 * u)),
            *(
                Text(
                    p.via.get(lang), style(canvas, size, look.body, look.secondary, lang=lang), f"{at}.person"
                )
                for lang, size in zip(p.langs, (via_size, 22), strict=False)
            ),
        )
    return [*layers, *marks, Stack(text_box, items)]
