"""Quote card: a person's words in Arabic and English over their photo."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Multilingual
from ..layers import Align, Canvas, Gap, Layer, Stack, Text
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    accent_rule,
    backdrop,
    both,
    footer,
    isolated,
    logo,
    person_of,
    photo_of,
    side_panel,
    style,
)


class QuoteCard(CardParams):
    scope: ClassVar = "person"

    look: Look
    where: str  # JSON path of the person, for error messages
    quote: Multilingual
    name: Multilingual
    group: Multilingual
    country: Multilingual
    photo: Path | None
    hashtags: list[str]

    @classmethod
    def from_subject(cls, subject: Subject) -> QuoteCard:
        person, where = person_of(subject)
        return cls(
            look=Look.of(subject),
            where=where,
            quote=person.quote,
            name=person.name,
            group=person.group,
            country=person.country_name,
            photo=photo_of(subject, person.media),
            hashtags=subject.campaign.hashtags,
        )

    def alt_lines(self) -> tuple[AltLine, AltLine]:
        quote, name, group, country = map(isolated, (self.quote, self.name, self.group, self.country))
        tags = tuple(self.hashtags)
        ar = AltLine(
            "ar",
            (
                AltPart(
                    "picture",
                    f"صورة {name.ar} على بطاقة اقتباس" if self.photo else f"بطاقة اقتباس من {name.ar}",
                ),
                AltPart("quote", f"«{quote.ar}»", sep=": ", shorten=True),
                AltPart("group", f"{group.ar}، {country.ar}", rank=1, sep=" — "),
            ),
            tags,
        )
        en = AltLine(
            "en",
            (
                AltPart(
                    "picture",
                    f"Photo of {name.en} on a quote card" if self.photo else f"Quote card of {name.en}",
                ),
                AltPart("quote", f"“{quote.en}”", sep=": ", shorten=True),
                AltPart("group", f"{group.en}, {country.en}", rank=1, sep=" — "),
            ),
            tags,
        )
        return ar, en


@register("quote", QuoteCard, "Quote card")
def quote_card(p: QuoteCard, canvas: Canvas) -> list[Layer]:
    look, u, at = p.look, canvas.unit, p.where
    wide = canvas.shape == "wide"
    if wide:
        layers, area = side_panel(look, canvas, p.photo)
    else:
        layers, area = backdrop(look, canvas, p.photo), canvas.safe_box
    marks, area = logo(look, canvas, area)
    tags, area = footer(look, canvas, area, p.hashtags)
    rule, area = accent_rule(look, canvas, area, centered=not wide)
    align: Align = "start" if wide else "center"
    # Each field is a bidi isolate: nothing typed in a name can reorder the group after it.
    name, group, country = isolated(p.name), isolated(p.group), isolated(p.country)
    quote_ar, quote_en = both(
        p.quote,
        f"{at}.quote",
        style(canvas, 64, look.heading, look.text, bold=True, align=align),
        style(canvas, 44, look.body, look.secondary, align=align),
    )
    items: tuple[Text | Gap, ...] = (
        quote_ar,
        Gap(round(28 * u)),
        quote_en,
        Gap(round(44 * u)),
        Text(
            f"{name.ar} · {group.ar}",
            style(canvas, 34, look.body, look.accent, bold=True, align=align),
            f"{at}.name.ar",
        ),
        Text(
            f"{name.en} · {group.en}, {country.en}",
            style(canvas, 30, look.body, look.text, align=align),
            f"{at}.name.en",
        ),
    )
    return [*layers, *marks, *tags, *rule, Stack(area, items, valign="top" if wide else "middle")]
