"""Quote card: a person's words in Arabic and English over their photo."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from app.model import Bilingual
from app.templates.cards.common import (
    Look,
    accent_rule,
    backdrop,
    footer,
    isolated,
    logo,
    photo_of,
    side_panel,
    style,
)
from app.templates.layers import Align, Canvas, Gap, Layer, Stack, Text, isolate
from app.templates.registry import Params, Subject, register


class QuoteCard(Params):
    scope: ClassVar = "person"

    look: Look
    where: str  # JSON path of the person, for error messages
    quote: Bilingual
    name: Bilingual
    group: Bilingual
    country: Bilingual
    photo: Path | None
    hashtags: list[str]

    @classmethod
    def from_subject(cls, subject: Subject) -> QuoteCard:
        person = subject.person
        assert person is not None
        index = subject.campaign.people.index(person)
        return cls(
            look=Look.of(subject),
            where=f"people[{index}]",
            quote=person.quote,
            name=person.name,
            group=person.group,
            country=person.country_name,
            photo=photo_of(subject, person.media),
            hashtags=subject.campaign.hashtags,
        )

    def alt_text(self) -> Bilingual:
        # Fields are bidi isolates here too: alt text is shown by the platforms as plain text.
        tags = " ".join(isolate(tag) for tag in self.hashtags)
        quote, name, group, country = map(isolated, (self.quote, self.name, self.group, self.country))
        return Bilingual(
            ar=f"بطاقة اقتباس: «{quote.ar}» — {name.ar}، {group.ar} ({country.ar}). {tags}",
            en=f"Quote card: “{quote.en}” — {name.en}, {group.en} ({country.en}). {tags}",
        )


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
    items: tuple[Text | Gap, ...] = (
        Text(
            p.quote.ar, style(canvas, 64, look.heading, look.text, bold=True, align=align), f"{at}.quote.ar"
        ),
        Gap(round(28 * u)),
        Text(p.quote.en, style(canvas, 44, look.body, look.secondary, align=align), f"{at}.quote.en"),
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
