"""Stat card: one big number (a member count) with its label in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Multilingual
from ...model.numbers import NumeralStyle, format_number
from ..layers import Canvas, Gap, Gradient, Layer, Stack, Text, isolate
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    backdrop,
    footer,
    isolated,
    logo,
    person_of,
    photo_of,
    style,
)


class StatCard(CardParams):
    scope: ClassVar = "person"

    look: Look
    where: str
    value: int
    label: Multilingual
    numerals: NumeralStyle
    country: str
    name: Multilingual
    group: Multilingual
    country_name: Multilingual
    photo: Path | None
    hashtags: list[str]

    @classmethod
    def from_subject(cls, subject: Subject) -> StatCard:
        person, where = person_of(subject)
        return cls(
            look=Look.of(subject),
            where=where,
            value=person.members,
            label=person.members_label,
            numerals=subject.campaign.brand.numerals_for(person.country),
            country=person.country,
            name=person.name,
            group=person.group,
            country_name=person.country_name,
            photo=photo_of(subject, person.media, 1),
            hashtags=subject.campaign.hashtags,
        )

    def number(self, lang: str) -> str:
        return format_number(self.value, lang, self.numerals, self.country)

    def alt_lines(self) -> tuple[AltLine, AltLine]:
        label, group, name, country = map(isolated, (self.label, self.group, self.name, self.country_name))
        tags = tuple(self.hashtags)
        ar = AltLine(
            "ar",
            (
                AltPart(
                    "picture", f"صورة {name.ar} على بطاقة رقم" if self.photo else f"بطاقة رقم عن {name.ar}"
                ),
                AltPart("number", f"{self.number('ar')} {label.ar}", sep=": "),
                AltPart("group", f"{group.ar}، {country.ar}", rank=1, sep=" — "),
            ),
            tags,
        )
        en = AltLine(
            "en",
            (
                AltPart(
                    "picture",
                    f"Photo of {name.en} on a stat card" if self.photo else f"Stat card about {name.en}",
                ),
                AltPart("number", f"{self.number('en')} {label.en}", sep=": "),
                AltPart("group", f"{group.en}, {country.en}", rank=1, sep=" — "),
            ),
            tags,
        )
        return ar, en


@register("stat", StatCard, "Stat card")
def stat_card(p: StatCard, canvas: Canvas) -> list[Layer]:
    look, u, at = p.look, canvas.unit, p.where
    layers = backdrop(look, canvas, p.photo, scrim=(0.55, 0.92))
    layers.append(Gradient(canvas.box, (look.primary, look.dark), opacities=(0.55, 0.0)))
    marks, area = logo(look, canvas, canvas.safe_box)
    tags, area = footer(look, canvas, area, p.hashtags)
    big_ar, big_en = p.number("ar"), p.number("en")
    # One big figure in the campaign's numeral style; English repeats it only when the
    # Arabic figure uses other digits than the English one.
    en_label = p.label.en if big_ar == big_en else f"{big_en} {isolate(p.label.en)}"
    figure = (
        Text(
            big_ar,
            style(canvas, 230, "sans", look.accent, bold=True, min_ratio=0.3, max_lines=1),
            f"{at}.members",
        ),
        Text(p.label.ar, style(canvas, 54, look.heading, look.text, bold=True), f"{at}.members_label.ar"),
        Text(en_label, style(canvas, 40, look.body, look.secondary), f"{at}.members_label.en"),
    )
    who = (
        Text(p.group.ar, style(canvas, 40, look.heading, look.text, bold=True), f"{at}.group.ar"),
        Text(
            f"{isolate(p.group.en)} · {isolate(p.country_name.en)}",
            style(canvas, 32, look.body, look.text),
            f"{at}.group.en",
        ),
        Gap(round(12 * u)),
        Text(
            f"{isolate(p.name.ar)} · {isolate(p.name.en)}",
            style(canvas, 28, look.body, look.secondary),
            f"{at}.name",
        ),
    )
    if canvas.shape == "wide":
        left, right = area.split_x(0.5, round(40 * u))
        stacks = [Stack(left, figure), Stack(right, who)]
    else:
        stacks = [Stack(area, (*figure, Gap(round(56 * u)), *who))]
    return [*layers, *marks, *tags, *stacks]
