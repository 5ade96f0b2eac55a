"""Small-business spotlight card: a #ادعم_المحلي ("support local") post with an @mention."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Lang, Multilingual
from ...model.phrases import phrase
from ..layers import Canvas, Gap, Text, isolate
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    alt_line,
    isolated,
    style,
    texts,
)
from .layouts import Content


class SpotlightCard(CardParams):
    scope: ClassVar = "spotlight"
    default_layout: ClassVar[str] = "split"  # the business's picture beside its words

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
def spotlight_card(p: SpotlightCard, canvas: Canvas) -> Content:
    """The business's hashtag and name are the head; what it makes, its handle and who
    recommends it the body; the name and the hashtag the headline."""
    look, u, at = p.look, canvas.unit, p.where
    # One language takes the lead sizes a step up; two, the lead and supporting sizes.
    one = len(p.langs) == 1
    name_size, makes_size, via_size = (72, 40, 30) if one else (64, 36, 26)
    tag = Text(p.hashtag, style(canvas, 52, look.body, look.accent, bold=True, max_lines=1), f"{at}.hashtag")
    names = texts(
        p.name,
        f"{at}.name",
        p.langs,
        style(canvas, name_size, look.heading, look.text, bold=True),
        style(canvas, 40, look.body, look.text, bold=True),
    )
    head: tuple[Text | Gap, ...] = (tag, Gap(round(16 * u)), *names)
    body: tuple[Text | Gap, ...] = (
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
        body += (
            Gap(round(12 * u)),
            *(
                Text(
                    p.via.get(lang), style(canvas, size, look.body, look.secondary, lang=lang), f"{at}.person"
                )
                for lang, size in zip(p.langs, (via_size, 22), strict=False)
            ),
        )
    return Content(look, p.langs, p.image, head, body, (names[0], tag), default=p.default_layout)
