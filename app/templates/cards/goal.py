"""Goal-progress card: a click-funding target, how far the campaign is, what unlocks."""

from __future__ import annotations

from typing import ClassVar

from ...model import Campaign, Lang, Multilingual
from ...model.numbers import NumeralStyle, format_number, format_percent_value
from ...model.phrases import phrase
from ..layers import Canvas, Gap, Text, isolate
from ..registry import Subject, register
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Look,
    alt_line,
    distinct,
    hashtags_for,
    isolated,
    style,
    texts,
)
from .layouts import Content, Meter


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
            langs=subject.langs,
            look=Look.of(subject),
            title=goal.title,
            unit=goal.unit,
            target=goal.target,
            current=goal.current,
            reward=goal.reward,
            numerals=subject.campaign.brand.numerals,
            hashtags=hashtags_for(subject.campaign.hashtags, subject.langs),
        )

    @property
    def fraction(self) -> float:
        return min(1.0, self.current / self.target)

    def n(self, value: int, lang: Lang) -> str:
        # Campaign-wide figures have no country: "country" style falls back to Egypt's CLDR data
        # only when the campaign asked for Arabic digits explicitly.
        return format_number(value, lang, self.numerals)

    def lines(self, lang: Lang) -> tuple[str, str, str]:
        """(percentage, "x of y unit", what is left to unlock) in one language, in its own
        words and word order (:mod:`takatof.model.phrases`). The project's words (unit,
        reward) are bidi isolates inside the template's sentence."""
        pct = format_percent_value(self.fraction, lang, self.numerals)
        unit, reward = isolate(self.unit.get(lang)), isolate(self.reward.get(lang))
        left = max(0, self.target - self.current)
        current, target = self.n(self.current, lang), self.n(self.target, lang)
        progress = phrase("goal_progress", lang, current=current, target=target, unit=unit)
        if left:
            todo = phrase("goal_left", lang, left=self.n(left, lang), unit=unit, reward=reward)
        else:
            todo = phrase("goal_unlocked", lang, reward=reward)
        return pct, progress, todo

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(self._alt_line(lang) for lang in self.langs)

    def _alt_line(self, lang: Lang) -> AltLine:
        pct, progress, todo = self.lines(lang)
        stop = f"{phrase('full_stop', lang)} "
        return alt_line(
            lang,
            (
                AltPart("picture", phrase("alt_goal_card", lang, percent=pct)),
                AltPart(
                    "title", isolated(self.title).get(lang), rank=1, sep=phrase("alt_goal_title_sep", lang)
                ),
                AltPart("progress", progress, sep=stop),
                AltPart("unlock", todo, rank=2, sep=stop),
            ),
            self.hashtags,
        )


@register("goal", GoalCard, "Goal-progress card")
def goal_card(p: GoalCard, canvas: Canvas) -> Content:
    """The title is the head; the meter shows the share reached; the percentage, the progress
    and what is left to unlock are the body. The percentage and the title are the headline."""
    look, u = p.look, canvas.unit
    lines = {lang: p.lines(lang) for lang in p.langs}
    # One language takes the lead sizes a step up; two, the lead and supporting sizes.
    one = len(p.langs) == 1
    title_size, progress_size, todo_size = (76, 44, 40) if one else (68, 40, 36)
    head = texts(
        p.title,
        "goal.title",
        p.langs,
        style(canvas, title_size, look.heading, look.text, bold=True),
        style(canvas, 44, look.body, look.secondary, bold=True),
    )
    # The percentage once, or as each language writes it where they differ (٦٥٪ · 65%):
    # digits, whose face follows their script (as the stat card's figure).
    percents = distinct([line[0] for line in lines.values()])
    progress = Multilingual.of({lang: line[1] for lang, line in lines.items()})
    todo = Multilingual.of({lang: line[2] for lang, line in lines.items()})
    percent = Text(
        "  ·  ".join(percents),
        style(canvas, 120, "sans", look.accent, bold=True, max_lines=1),
        "goal.current",
    )
    body: tuple[Text | Gap, ...] = (
        percent,
        # "x of y <unit>": the unit is the part a producer wrote, so it is what to shorten.
        *texts(
            progress,
            "goal.unit",
            p.langs,
            style(canvas, progress_size, look.body, look.text, bold=True),
            style(canvas, 32, look.body, look.secondary),
        ),
        Gap(round(28 * u)),
        *texts(
            todo,
            "goal.reward",
            p.langs,
            style(canvas, todo_size, look.heading, look.text),
            style(canvas, 30, look.body, look.text),
        ),
    )
    meter = Meter(p.fraction, p.current > 0)
    return Content(
        look, p.langs, None, head, body, (percent, *head[:1]), tuple(p.hashtags), meter, p.default_layout
    )
