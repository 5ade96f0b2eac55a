"""Pieces every card shares: the brand look, the type scale, backdrop, logo and hashtag footer.

Sizes are written for a 1080 px short side and scaled by ``canvas.unit``, so one template
reads well from a 1200x600 link card to a 1080x1920 story.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ...model import Bilingual, MediaItem, Person
from ..layers import (
    Align,
    Box,
    Canvas,
    Direction,
    FamilyName,
    Gradient,
    Layer,
    Picture,
    Rect,
    Stack,
    Text,
    TextStyle,
    isolate,
)
from ..registry import Subject


class Look(BaseModel):
    """The brand as a card needs it: colours, resolved logo file, type families."""

    model_config = ConfigDict(frozen=True)

    primary: str
    secondary: str
    accent: str
    text: str
    dark: str
    logo: Path | None
    heading: FamilyName
    body: FamilyName

    @classmethod
    def of(cls, subject: Subject) -> Look:
        brand = subject.campaign.brand
        return cls(
            primary=brand.primary,
            secondary=brand.secondary,
            accent=brand.accent,
            text=brand.text,
            dark=brand.dark,
            logo=subject.resolve(brand.logo) if brand.logo else None,
            heading=brand.fonts.heading,
            body=brand.fonts.body,
        )


def isolated(field: Bilingual) -> Bilingual:
    """Both languages of a field as bidi isolates (see :func:`~takatof.templates.layers.isolate`),
    for composing them into a line or an alt text with other fields."""
    return Bilingual(ar=isolate(field.ar), en=isolate(field.en))


def person_of(subject: Subject) -> tuple[Person, str]:
    """The person a person card is about, and their JSON path (``people[2]``): where the card's
    texts come from, named in its fitting problems."""
    person = subject.person
    assert person is not None
    return person, f"people[{subject.campaign.people.index(person)}]"


def hashtag_line(hashtags: Sequence[str], separator: str = "  ") -> str:
    """Hashtags on one line, each a bidi isolate: an Arabic tag keeps its ``#`` on the right
    and a Latin one on the left, whatever stands beside it."""
    return separator.join(isolate(tag) for tag in hashtags)


def alt_text(ar: str, en: str, hashtags: Sequence[str] | None = None) -> Bilingual:
    """A card's alt text: one sentence per language, then the hashtags when given. Write the
    project's words into the sentences as bidi isolates (:func:`isolated`) too: the platforms
    show alt text as plain text, where nothing else keeps a name from reordering its sentence."""
    if hashtags is None:
        return Bilingual(ar=ar, en=en)
    tags = hashtag_line(hashtags, " ")
    return Bilingual(ar=f"{ar} {tags}", en=f"{en} {tags}")


def both(text: Bilingual, source: str, ar: TextStyle, en: TextStyle) -> tuple[Text, Text]:
    """A field's two languages as two texts, Arabic first; ``source`` is the field's JSON path
    (each text is named by it plus ``.ar`` / ``.en``)."""
    return Text(text.ar, ar, f"{source}.ar"), Text(text.en, en, f"{source}.en")


def photo_of(subject: Subject, media: Sequence[MediaItem], index: int = 0) -> Path | None:
    """The ``index``-th media file (wrapping around), or None when there is none."""
    return subject.resolve(media[index % len(media)].path) if media else None


def style(
    canvas: Canvas,
    size: float,
    family: FamilyName,
    color: str,
    *,
    bold: bool = False,
    align: Align = "center",
    min_ratio: float = 0.45,
    max_lines: int | None = None,
    direction: Direction = "auto",
) -> TextStyle:
    """A text style whose sizes are given for a 1080 px canvas and scaled to this one.
    ``direction`` fixes the paragraph direction where the text's language is known but its
    first strong character may belong to the other script (caption lines: see story.py)."""
    px = max(12, round(size * canvas.unit))
    return TextStyle(
        family=family,
        bold=bold,
        size=px,
        min_size=max(12, round(px * min_ratio)),
        color=color,
        align=align,
        max_lines=max_lines,
        direction=direction,
    )


def margin(canvas: Canvas) -> int:
    return round(48 * canvas.unit)


def backdrop(
    look: Look,
    canvas: Canvas,
    photo: Path | None,
    box: Box | None = None,
    scrim: tuple[float, float] = (0.35, 0.9),
) -> list[Layer]:
    """The photo under a dark gradient (for legible white text), or the brand gradient."""
    box = box or canvas.box
    layers: list[Layer] = [Gradient(box, (look.primary, look.dark))]
    if photo is not None:
        layers.append(Picture(photo, box, fit="cover"))
        layers.append(Gradient(box, (look.dark, look.dark), opacities=scrim))
    return layers


def logo(look: Look, canvas: Canvas, area: Box, size: float = 110) -> tuple[list[Layer], Box]:
    """The logo in the top start corner of ``area``; returns its layers and the area below."""
    px = round(size * canvas.unit)
    if look.logo is None:
        return [], area
    mark = Picture(look.logo, Box(area.x, area.y, px, px), fit="contain")
    return [mark], area.take_top(px, round(24 * canvas.unit))[1]


def footer(
    look: Look, canvas: Canvas, area: Box, hashtags: list[str], source: str = "hashtags", size: float = 32
) -> tuple[list[Layer], Box]:
    """The campaign hashtags on one line at the bottom of ``area``; returns the area above."""
    if not hashtags:
        return [], area
    text_style = style(canvas, size, look.body, look.accent, bold=True, max_lines=2)
    strip_h = round(size * 2.6 * canvas.unit)
    rest, strip = area.take_bottom(strip_h, round(24 * canvas.unit))
    line = hashtag_line(hashtags)
    return [Stack(strip, (Text(line, text_style, source),), valign="bottom")], rest


def accent_rule(look: Look, canvas: Canvas, area: Box, centered: bool) -> tuple[list[Layer], Box]:
    """A short accent bar at the top of ``area`` (centred, or at the left for wide layouts);
    returns its layer and the area below it."""
    u = canvas.unit
    w, h = round(120 * u), round(8 * u)
    x = area.x + (area.w - w) // 2 if centered else area.x
    bar = Rect(Box(x, area.y, w, h), look.accent, radius=h // 2)
    return [bar], area.take_top(h, round(32 * u))[1]


def side_panel(
    look: Look, canvas: Canvas, photo: Path | None, fraction: float = 0.4
) -> tuple[list[Layer], Box]:
    """Wide layouts: the photo fills the left ``fraction``; text goes in the panel on the
    right, inside the safe zone. Returns the layers and the panel's text area."""
    photo_box, panel = canvas.box.split_x(fraction)
    layers = backdrop(look, canvas, None) + backdrop(look, canvas, photo, photo_box, scrim=(0.0, 0.2))
    safe, m = canvas.safe_box, margin(canvas)
    left = panel.x + m
    return layers, Box(left, safe.y, min(safe.right, panel.right - m) - left, safe.h)
