"""Quote card: a person's words in the output's languages over their photo."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ...model import Lang, Multilingual
from ...model.phrases import phrase
from ..layers import Canvas, Gap, Text
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Items,
    Look,
    alt_line,
    comma,
    hashtags_for,
    isolated,
    person_of,
    photo_of,
    style,
    texts,
)
from .layouts import Content


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
def quote_card(p: QuoteCard, canvas: Canvas) -> Content:
    """The quote is the head; who said it the body; their name the thumbnail's headline."""
    head, body = _two_languages(p, canvas) if len(p.langs) > 1 else _one_language(p, canvas)
    first = p.langs[0]
    headline = (
        Text(
            p.name.get(first),
            style(canvas, 76, p.look.heading, p.look.text, bold=True, max_lines=2, lang=first),
            f"{p.where}.name.{first}",
        ),
        Text(
            p.group.get(first),
            style(canvas, 40, p.look.body, p.look.accent, bold=True, max_lines=1, lang=first),
            f"{p.where}.group.{first}",
        ),
    )
    return Content(
        p.look, p.langs, p.photo, head, body, headline, tuple(p.hashtags), default=p.default_layout
    )


def _two_languages(p: QuoteCard, canvas: Canvas) -> tuple[Items, Items]:
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
        style(canvas, 64, look.heading, look.text, bold=True),
        style(canvas, 44, look.body, look.secondary),
    )
    head: Items = (quote_first, Gap(round(28 * u)), quote_second)
    body: Items = (
        Text(
            f"{name.get(first)} · {group.get(first)}",
            style(canvas, 34, look.body, look.accent, bold=True, lang=first),
            f"{at}.name.{first}",
        ),
        Text(
            f"{name.get(second)} · {group.get(second)}{comma(second)}{country.get(second)}",
            style(canvas, 30, look.body, look.text, lang=second),
            f"{at}.name.{second}",
        ),
    )
    return head, body


def _one_language(p: QuoteCard, canvas: Canvas) -> tuple[Items, Items]:
    """One language has the card to itself: the quote larger than a two-language card's
    first, the name in the accent on its own line, the group and country under it."""
    look, u, at = p.look, canvas.unit, p.where
    (lang,) = p.langs
    group, country = isolated(p.group), isolated(p.country)
    head: Items = (
        Text(
            p.quote.get(lang),
            style(canvas, 76, look.heading, look.text, bold=True, lang=lang),
            f"{at}.quote.{lang}",
        ),
    )
    body: Items = (
        Text(
            p.name.get(lang),
            style(canvas, 40, look.body, look.accent, bold=True, lang=lang),
            f"{at}.name.{lang}",
        ),
        Gap(round(8 * u)),
        Text(
            f"{group.get(lang)}{comma(lang)}{country.get(lang)}",
            style(canvas, 32, look.body, look.text, lang=lang),
            f"{at}.group.{lang}",
        ),
    )
    return head, body
