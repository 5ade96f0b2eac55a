"""Goal-progress card: a click-funding target, how far the campaign is, what unlocks."""

from __future__ import annotations

from typing import ClassVar

from ...model import Campaign, Lang, Multilingual
from ...model.numbers import NumeralStyle, format_number, format_percent_value
from ..layers import Box, Canvas, Gap, Layer, Rect, Stack, Text, isolate
from ..registry import Subject, register
from .common import AltLine, AltPart, CardParams, Look, backdrop, both, footer, isolated, logo, style


class GoalCard(CardParams):
    scope: ClassVar = "campaign"

    look: Look
    title: Multilingual
    unit: Multilingual
    target: int
    current: int
    reward: Multilingual
    numerals: NumeralStyle
    hashtags: list[str]

    @classmethod
    def applies(cls, campaign: Campaign) -> bool:
        return campaign.goal is not None

    @classmethod
    def from_subject(cls, subject: Subject) -> GoalCard:
        goal = subject.campaign.goal
        assert goal is not None
        return cls(
            look=Look.of(subject),
            title=goal.title,
            unit=goal.unit,
            target=goal.target,
            current=goal.current,
            reward=goal.reward,
            numerals=subject.campaign.brand.numerals,
            hashtags=subject.campaign.hashtags,
        )

    @property
    def fraction(self) -> float:
        return min(1.0, self.current / self.target)

    def n(self, value: int, lang: Lang) -> str:
        # Campaign-wide figures have no country: "country" style falls back to Egypt's CLDR data
        # only when the campaign asked for Arabic digits explicitly.
        return format_number(value, lang, self.numerals)

    def lines(self, lang: Lang) -> tuple[str, str, str]:
        """(percentage, "x of y unit", what is left to unlock) in one language. The project's
        words (unit, reward) are bidi isolates inside the template's sentence."""
        pct = format_percent_value(self.fraction, lang, self.numerals)
        unit, reward = isolate(self.unit.get(lang)), isolate(self.reward.get(lang))
        left = max(0, self.target - self.current)
        if lang == "ar":
            progress = f"{self.n(self.current, 'ar')} من {self.n(self.target, 'ar')} {unit}"
            todo = f"تبقّى {self.n(left, 'ar')} {unit} لفتح {reward}" if left else f"تم فتح {reward}!"
        else:
            progress = f"{self.n(self.current, 'en')} of {self.n(self.target, 'en')} {unit}"
            todo = f"{self.n(left, 'en')} {unit} to unlock {reward}" if left else f"{reward}: unlocked!"
        return pct, progress, todo

    def alt_lines(self) -> tuple[AltLine, AltLine]:
        ar, en, title = self.lines("ar"), self.lines("en"), isolated(self.title)
        return (
            AltLine(
                "ar",
                (
                    AltPart("picture", f"بطاقة الهدف: شريط تقدّم عند {ar[0]}"),
                    AltPart("title", title.ar, rank=1, sep="، "),
                    AltPart("progress", ar[1], sep=". "),
                    AltPart("unlock", ar[2], rank=2, sep=". "),
                ),
                tuple(self.hashtags),
            ),
            AltLine(
                "en",
                (
                    AltPart("picture", f"Goal card, a progress bar at {en[0]}"),
                    AltPart("title", title.en, rank=1, sep=": "),
                    AltPart("progress", en[1], sep=". "),
                    AltPart("unlock", en[2], rank=2, sep=". "),
                ),
                tuple(self.hashtags),
            ),
        )


@register("goal", GoalCard, "Goal-progress card")
def goal_card(p: GoalCard, canvas: Canvas) -> list[Layer]:
    look, u = p.look, canvas.unit
    layers = backdrop(look, canvas, None)
    marks, area = logo(look, canvas, canvas.safe_box)
    tags, area = footer(look, canvas, area, p.hashtags)
    ar, en = p.lines("ar"), p.lines("en")
    bar_h = round(44 * u)
    above, below = area.split_y(0.42, bar_h + round(80 * u))
    bar = Box(area.x, above.bottom + round(40 * u), area.w, bar_h)
    fill_w = max(bar_h, round(bar.w * p.fraction)) if p.current else 0
    head = both(
        p.title,
        "goal.title",
        style(canvas, 68, look.heading, look.text, bold=True),
        style(canvas, 44, look.body, look.secondary, bold=True),
    )
    body = (
        Text(
            ar[0] if ar[0] == en[0] else f"{ar[0]}  ·  {en[0]}",
            style(canvas, 120, "sans", look.accent, bold=True, max_lines=1),
            "goal.current",
        ),
        # "x of y <unit>": the unit is the part a producer wrote, so it is what to shorten.
        Text(ar[1], style(canvas, 40, look.body, look.text, bold=True), "goal.unit.ar"),
        Text(en[1], style(canvas, 32, look.body, look.secondary), "goal.unit.en"),
        Gap(round(28 * u)),
        Text(ar[2], style(canvas, 36, look.heading, look.text), "goal.reward.ar"),
        Text(en[2], style(canvas, 30, look.body, look.text), "goal.reward.en"),
    )
    return [
        *layers,
        *marks,
        *tags,
        Stack(above, head, valign="bottom"),
        Rect(bar, look.secondary, radius=bar_h // 2, opacity=0.25),
        Rect(Box(bar.x, bar.y, fill_w, bar_h), look.accent, radius=bar_h // 2),
        Stack(below, body, valign="top"),
    ]
