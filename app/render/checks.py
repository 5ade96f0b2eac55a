"""Checks that need the renderer's knowledge: glyph coverage of every text in a campaign.

Run by ``takatof validate`` so a character no bundled font has (a rare script) is named with
its JSON path before anything renders. Emoji are no problem: they draw from the colour emoji
face, which :meth:`~takatof.render.fonts.FontStack.missing` counts for emoji sequences.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Campaign, Problem, Project
from ..model.campaign import BrandFont
from ..model.project import font_problem
from ..templates.layers import BrandFamily, BundledName, FamilyName
from .bidi import paragraph_level
from .fonts import MissingGlyphError, family_stack


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


# Sections and fields that hold ids, paths or colours rather than text that gets drawn.
_NOT_TEXT_SECTIONS = ("$schema", "brand", "outputs")
_NOT_TEXT_FIELDS = ("id", "media", "image", "country", "person")


def _is_drawn(path: str) -> bool:
    section = path.split(".")[0].split("[")[0]
    field = path.rsplit(".", 1)[-1].split("[")[0]
    return section not in _NOT_TEXT_SECTIONS and field not in _NOT_TEXT_FIELDS


def glyph_problems(source: Campaign | Project) -> list[Problem]:
    """Every text field holding a character that no font of the brand's families can draw.
    Given the project, a brand's font file counts with the bundled family behind it; given
    the campaign alone (or a font file that cannot be read, which the file checks report),
    only the bundled families do."""
    campaign = source.campaign if isinstance(source, Project) else source
    data = campaign.model_dump(mode="json", by_alias=True)
    problems = []
    families = [
        _family(source, choice) for choice in (campaign.brand.fonts.heading, campaign.brand.fonts.body)
    ]
    for path, text in _strings(data, ""):
        if not _is_drawn(path):
            continue
        for family in dict.fromkeys(families):
            stack = family_stack(family, False, rtl_first=bool(paragraph_level(text)))
            missing = stack.missing(text)
            if missing:
                problems.append(Problem(path, str(MissingGlyphError(missing, stack))))
                break
    return problems


def _family(source: Campaign | Project, choice: BundledName | BrandFont) -> FamilyName:
    """The family a role's text is drawn with: a brand font file only when it can be read."""
    if isinstance(choice, str):
        return choice
    if not isinstance(source, Project):
        return choice.fallback
    path = source.resolve(choice.file)
    if not path.is_file() or font_problem(path, choice.file) is not None:
        return choice.fallback
    scripts = tuple(choice.scripts) if choice.scripts is not None else None
    return BrandFamily.at(path, None, scripts, choice.fallback)
