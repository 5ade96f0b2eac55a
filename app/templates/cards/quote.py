"""Quote card: a person's words in the output's languages over their photo."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Lang, Multilingual
from ...model.phrases import phrase
from ..layers import Align, Canvas, Gap, Layer, Stack, Text
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    accent_rule,
    alt_line,
    backdrop,
    comma,
    footer,
    hashtags_for,
    isolated,
    logo,
    person_of,
    photo_of,
    reads_rtl,
    side_panel,
    style,
    texts,
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
            langs=subject.langs,
            look=Look.of(subject),
            where=where,
            quote=person.quote,
            name=person.name,
            group=person.group,
            country=person.country_name,
            photo=photo_of(subject, person.media),
            hashtags=hashtags_for(subject.campaign.hashtags, subject.langs),
        )

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(self._alt_line(lang) for lang in self.langs)

    def _alt_line(self, lang: Lang) -> AltLine:
        quote, name, group, country = (
            isolated(field).get(lang) for field in (self.quote, self.name, self.group, self.country)
        )
        picture = phrase("alt_quote_photo" if self.photo else "alt_quote_card", lang, name=name)
        return alt_line(
            lang,
            (
                AltPart("picture", picture),
                AltPart("quote", phrase("quoted", lang, text=quote), sep=": ", shorten=True),
                AltPart("group", f"{group}{comma(lang)}{country}", rank=1, sep=" — "),
            ),
            self.hashtags,
        )


@register("quote", QuoteCard, "Quote card")
def quote_card(p: QuoteCard, canvas: Canvas) -> list[Layer]:
    look, rtl = p.look, reads_rtl(p.langs)
    wide = canvas.shape == "wide"
    if wide:
        layers, area = side_panel(look, canvas, p.photo, rtl=rtl)
    else:
        layers, area = backdrop(look, canvas, p.photo), canvas.safe_box
    marks, area = logo(look, canvas, area, rtl=rtl)
    tags, area = footer(look, canvas, area, p.hashtags)
    rule, area = accent_rule(look, canvas, area, centered=not wide, rtl=rtl)
    align: Align = "start" if wide else "center"
    words = _two_languages(p, canvas, align) if len(p.langs) > 1 else _one_language(p, canvas, align)
    return [*layers, *marks, *tags, *rule, Stack(area, words, valign="top" if wide else "middle")]


def _two_languages(p: QuoteCard, canvas: Canvas, align: Align) -> tuple[Text | Gap, ...]:
    """The quote in the first language large, in the second below it smaller; who said it in
    each (the second language's line adds the country)."""
    look, u, at = p.look, canvas.unit, p.where
    first, second = p.langs[:2]
    # Each field is a bidi isolate: nothing typed in a name can reorder the group after it.
    name, group, country = isolated(p.name), isolated(p.group), isolated(p.country)
    quote_first, quote_second = texts(
        p.quote,
        f"{at}.quote",
        p.langs,
        style(canvas, 64, look.heading, look.text, bold=True, align=align),
        style(canvas, 44, look.body, look.secondary, align=align),
    )
    return (
        quote_first,
        Gap(round(28 * u)),
        quote_second,
        Gap(round(44 * u)),
        Text(
            f"{name.get(first)} · {group.get(first)}",
            style(canvas, 34, look.body, look.accent, bold=True, align=align, lang=first),
            f"{at}.name.{first}",
        ),
        Text(
            f"{name.get(second)} · {group.get(second)}{comma(second)}{country.get(second)}",
            style(canvas, 30, look.body, look.text, align=align, lang=second),
            f"{at}.name.{second}",
        ),
    )


def _one_language(p: QuoteCard, canvas: Canvas, align: Align) -> tuple[Text | Gap, ...]:
    """One language has the card to itself: the quote larger than a two-language card's
    first, the name in the accent on its own line, the group and country under it."""
    look, u, at = p.look, canvas.unit, p.where
    (lang,) = p.langs
    group, country = isolated(p.group), isolated(p.country)
    return (
        Text(
            p.quote.get(lang),
            style(canvas, 76, look.heading, look.text, bold=True, align=align, lang=lang),
            f"{at}.quote.{lang}",
        ),
        Gap(round(52 * u)),
        Text(
            p.name.get(lang),
            style(canvas, 40, look.body, look.accent, bold=True, align=align, lang=lang),
            f"{at}.name.{lang}",
        ),
        Gap(round(8 * u)),
        Text(
            f"{group.get(lang)}{comma(lang)}{country.get(lang)}",
            style(canvas, 32, look.body, look.text, align=align, lang=lang),
            f"{at}.group.{lang}",
        ),
    )
