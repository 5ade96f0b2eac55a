"""Stat card: one big number (a member count) with its label in the output's languages."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Lang, Multilingual
from ...model.numbers import NumeralStyle, format_number
from ...model.phrases import phrase
from ..layers import Canvas, Gap, Text, isolate
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    alt_line,
    comma,
    distinct,
    hashtags_for,
    isolated,
    person_of,
    photo_of,
    style,
)
from .layouts import Content


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
            langs=subject.langs,
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
            hashtags=hashtags_for(subject.campaign.hashtags, subject.langs),
        )

    def number(self, lang: Lang) -> str:
        """The figure as ``lang`` writes it in the campaign's numeral style for the person's
        country (its digits and grouping: 85,000, ٨٥٬٠٠٠, 85 000)."""
        return format_number(self.value, lang, self.numerals, self.country)

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(self._alt_line(lang) for lang in self.langs)

    def _alt_line(self, lang: Lang) -> AltLine:
        label, group, name, country = (
            isolated(field).get(lang) for field in (self.label, self.group, self.name, self.country_name)
        )
        picture = phrase("alt_stat_photo" if self.photo else "alt_stat_card", lang, name=name)
        return alt_line(
            lang,
            (
                AltPart("picture", picture),
                AltPart("number", f"{self.number(lang)} {label}", sep=": "),
                AltPart("group", f"{group}{comma(lang)}{country}", rank=1, sep=" — "),
            ),
            self.hashtags,
        )


@register("stat", StatCard, "Stat card")
def stat_card(p: StatCard, canvas: Canvas) -> Content:
    """The figure and its label are the head, the group and the person the body; the figure
    and the first language's label the headline."""
    look, at = p.look, p.where
    # The figure is digits alone, in the first language's numeral style: its face follows
    # the digits' script (no language of its own: Urdu's Nastaliq would give it Nastaliq's
    # tall line for Latin digits).
    big = Text(
        p.number(p.langs[0]),
        style(canvas, 230, "sans", look.accent, bold=True, min_ratio=0.3, max_lines=1),
        f"{at}.members",
    )
    figure, who = _two_languages(p, canvas) if len(p.langs) > 1 else _one_language(p, canvas)
    head = (big, *figure)
    return Content(look, p.langs, p.photo, head, who, head[:2], tuple(p.hashtags), default=p.default_layout)


Items = tuple[Text | Gap, ...]


def _two_languages(p: StatCard, canvas: Canvas) -> tuple[Items, Items]:
    """Under the first language's figure, its label large and the second's smaller; the
    second repeats the figure only where it writes it otherwise (other digits or grouping).
    Then the group in each language and the names of both."""
    look, u, at = p.look, canvas.unit, p.where
    first, second = p.langs[:2]
    second_label = p.label.get(second)
    if p.number(second) != p.number(first):
        second_label = f"{p.number(second)} {isolate(second_label)}"
    figure: Items = (
        Text(
            p.label.get(first),
            style(canvas, 54, look.heading, look.text, bold=True, lang=first),
            f"{at}.members_label.{first}",
        ),
        Text(
            second_label,
            style(canvas, 40, look.body, look.secondary, lang=second),
            f"{at}.members_label.{second}",
        ),
    )
    who: Items = (
        Text(
            p.group.get(first),
            style(canvas, 40, look.heading, look.text, bold=True, lang=first),
            f"{at}.group.{first}",
        ),
        Text(
            f"{isolate(p.group.get(second))} · {isolate(p.country_name.get(second))}",
            style(canvas, 32, look.body, look.text, lang=second),
            f"{at}.group.{second}",
        ),
        Gap(round(12 * u)),
        # The person's name as each language writes it (once where both write it alike): a
        # line of two languages, so its face follows each script (no language of its own).
        Text(
            " · ".join(isolate(name) for name in distinct([p.name.get(lang) for lang in p.langs])),
            style(canvas, 28, look.body, look.secondary),
            f"{at}.name",
        ),
    )
    return figure, who


def _one_language(p: StatCard, canvas: Canvas) -> tuple[Items, Items]:
    """One language: its label takes the lead size under the figure; the group, then the
    person and the country."""
    look, at = p.look, p.where
    (lang,) = p.langs
    figure: Items = (
        Text(
            p.label.get(lang),
            style(canvas, 60, look.heading, look.text, bold=True, lang=lang),
            f"{at}.members_label.{lang}",
        ),
    )
    who: Items = (
        Text(
            p.group.get(lang),
            style(canvas, 44, look.heading, look.text, bold=True, lang=lang),
            f"{at}.group.{lang}",
        ),
        Text(
            f"{isolate(p.name.get(lang))} · {isolate(p.country_name.get(lang))}",
            style(canvas, 32, look.body, look.secondary, lang=lang),
            f"{at}.name.{lang}",
        ),
    )
    return figure, who
