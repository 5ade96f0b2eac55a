"""Readability of the example campaign's cards, per preset: the smallest text and the lowest
contrast found, as the templates drew them and after the renderer's scrims.

Every card template x every layout it offers (the template's own where there is no layout
registry) is rendered for the example's first subject at each card preset, at the scale the
preset is seen at (``Preset.card_canvas``), and the renderer's record of every text is read
(:func:`takatof.render.raster.render`). Contrast is WCAG's, measured on the pixels behind
each text block (the bulk statistic of :mod:`takatof.render.readability`).

    python benchmarks/readability.py [PRESET ...]
"""

from __future__ import annotations

import importlib
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

from takatof.model import load_project
from takatof.render.cards import CardJob, subject_for
from takatof.render.presets import get_preset, preset_ids
from takatof.render.raster import render
from takatof.render.readability import DrawnText
from takatof.templates import registry

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "community-stories" / "campaign.json"


def layouts_offered() -> list[str | None]:
    try:
        layouts = importlib.import_module("takatof.templates.cards.layouts")
    except ImportError:
        return [None]
    names = getattr(layouts, "layout_names", None)
    return list(names()) if callable(names) else [None]


@dataclass
class Row:
    """What one preset's cards showed."""

    preset: str
    cards: int = 0
    failed: int = 0  # cards with a problem (overflow, text too small)
    texts: list[DrawnText] = field(default_factory=list)

    def smallest(self) -> DrawnText | None:
        return min(self.texts, key=lambda t: t.size, default=None)

    def lowest(self, after: bool) -> tuple[float, float] | None:
        """The lowest contrast measured and the ratio that text needed."""
        values = [((t.after if after else t.before), t.ratio) for t in self.texts]
        known = [(v, r) for v, r in values if v is not None]
        return min(known, key=lambda x: x[0] / x[1], default=None)


def measure(presets: list[str]) -> list[Row]:
    project = load_project(EXAMPLE)
    rows = []
    for preset_id in presets:
        preset = get_preset(preset_id)
        canvas = preset.card_canvas()
        row = Row(preset_id)
        for template_id in registry.names("card"):
            template = registry.get(template_id)
            subject = registry.subjects(project.campaign, template.scope, project.resolve)[0]
            job = CardJob(template_id, preset_id, None if template.scope == "campaign" else subject.id)
            for layout in layouts_offered():
                planned = subject_for(project, job)
                _, layers = (
                    template.plan(planned, canvas)
                    if layout is None
                    else template.plan(planned, canvas, layout)
                )
                done = render(layers, canvas, preset=preset)
                row.cards += 1
                row.failed += bool(done.problems)
                row.texts += done.texts
        rows.append(row)
    return rows


def _contrast(value: tuple[float, float] | None) -> str:
    return "-" if value is None or math.isinf(value[0]) else f"{value[0]:.2f}:1 (needs {value[1]:g})"


def table(rows: list[Row]) -> str:
    lines = [
        "| preset | seen at | smallest text | lowest contrast as drawn | lowest after scrims | scrims | cards failed |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        preset = get_preset(row.preset)
        small = row.smallest()
        size = "-" if small is None else f"{small.size} px = {small.seen_px:.1f} CSS px ({small.source})"
        scrims = sum(t.scrim is not None for t in row.texts)
        lines.append(
            f"| {row.preset} | {preset.shown or '-'} px | {size} | {_contrast(row.lowest(False))} | "
            f"{_contrast(row.lowest(True))} | {scrims}/{len(row.texts)} | {row.failed}/{row.cards} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    presets = argv or preset_ids("card")
    print(table(measure(presets)))


if __name__ == "__main__":
    main(sys.argv[1:])
