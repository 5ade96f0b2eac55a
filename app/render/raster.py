"""Layers -> pixels with Pillow.

Each layer type has one drawing function, found in a table keyed by the layer's class. Text
stacks are laid out with a common scale: when a stack does not fit its box, all its sizes
shrink together down to their minimums; what still does not fit is reported as a
:class:`~takatof.model.Problem` at the text's source path, never clipped silently.
Decoded and resized pictures are cached, since a campaign reuses the same photos and logo
across many presets and templates.

Every text is drawn readable where it is seen, whatever a template put behind it: before a
stack draws its texts, each laid-out block is measured against the pixels already under it
(:mod:`takatof.render.readability`), and a block whose contrast is under WCAG's ratio gets a
rounded scrim, at the lowest opacity that reaches it. A text smaller than the canvas's
readable minimum (``Canvas.min_text_px``) is a problem at its JSON path, as overflow is.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import assert_never

import numpy as np
from PIL import Image, ImageColor, ImageDraw

from ..model import Problem
from ..model.filecache import per_file_version
from ..model.media import open_image
from ..templates.layers import Bar, Box, Canvas, Fill, Gap, Gradient, Layer, Logo, Picture, Rect, Stack, Text
from .fonts import MissingGlyphError
from .marks import draw_logo
from .presets import Preset
from .readability import (
    DrawnText,
    Rendering,
    Scrim,
    block_pixels,
    bulk_contrast,
    css_px,
    required_ratio,
    scrim_box,
    scrim_opacity,
    scrim_tone,
    small_text_problems,
)
from .stacks import fitted
from .text import TextLayout, draw_text, fit_text, layout_text, line_offset


def rasterize(
    layers: list[Layer] | tuple[Layer, ...],
    canvas: Canvas,
    transparent: bool = False,
    preset: Preset | None = None,
) -> tuple[Image.Image, list[Problem]]:
    """Draw ``layers`` bottom to top; return the image (RGB, or RGBA on a transparent
    ground for video overlays) and every text problem found. ``preset``, when given, is
    named in the problems of text too small where it is seen."""
    done = render(layers, canvas, transparent, preset)
    return done.image, done.problems


def render(
    layers: list[Layer] | tuple[Layer, ...],
    canvas: Canvas,
    transparent: bool = False,
    preset: Preset | None = None,
) -> Rendering:
    """:func:`rasterize`, with the record of every text drawn (its source, box, size,
    colour, and its contrast before and after a scrim). On a transparent ground (a video
    overlay) nothing is known of what will be behind the text: no contrast is measured."""
    ground = (0, 0, 0, 0) if transparent else (0, 0, 0, 255)
    image = Image.new("RGBA", (canvas.width, canvas.height), ground)
    drawing = _Drawing(canvas, transparent, preset)
    for layer in layers:
        try:
            drawing.problems += _draw(image, layer, drawing)
        except (ValueError, OSError) as exc:
            # A layer that cannot be drawn (an unreadable photo, a degenerate box) is reported
            # with what and where, instead of surfacing as a bare Pillow message.
            drawing.problems.append(Problem(getattr(layer, "source", ""), _layer_failure(layer, exc)))
    picture = image if transparent else image.convert("RGB")
    return Rendering(picture, drawing.problems, drawing.texts, drawing.left_out)


@dataclass
class _Drawing:
    """What drawing one picture knows beyond a layer: the canvas, its ground, its preset,
    and what has been found and drawn so far."""

    canvas: Canvas
    transparent: bool
    preset: Preset | None
    problems: list[Problem] = field(default_factory=list)
    texts: list[DrawnText] = field(default_factory=list)
    left_out: list[Text] = field(default_factory=list)


def _layer_failure(layer: Layer, exc: Exception) -> str:
    box = getattr(layer, "box", None)
    where = f" in a {box.w}x{box.h} px box at ({box.x}, {box.y})" if box is not None else ""
    what = (
        f"the picture {layer.path.name}" if isinstance(layer, Picture) else f"a {type(layer).__name__} layer"
    )
    return f"cannot draw {what}{where}: {exc}"


def _rgba(color: str, opacity: float = 1.0) -> tuple[int, int, int, int]:
    # getrgb, not getcolor: getcolor's type allows a grey int, which "RGBA" never returns.
    rgb = ImageColor.getrgb(color)
    r, g, b, a = rgb if len(rgb) == 4 else (*rgb, 255)
    return r, g, b, round(a * opacity)


def _draw_fill(image: Image.Image, layer: Fill) -> None:
    image.paste(_rgba(layer.color), (0, 0, *image.size))


def _draw_gradient(image: Image.Image, layer: Gradient) -> None:
    tile = _gradient(layer)
    if not layer.opacities and all(_rgba(c)[3] == 255 for c in layer.colors):
        image.paste(tile, (layer.box.x, layer.box.y))  # opaque: no blending needed
    else:
        image.alpha_composite(tile, (layer.box.x, layer.box.y))


@functools.lru_cache(maxsize=64)
def _gradient(layer: Gradient) -> Image.Image:
    box = layer.box
    length = box.w if layer.horizontal else box.h
    stops = np.array([_rgba(c) for c in layer.colors], dtype=np.float32)
    if layer.opacities:
        stops[:, 3] = np.array(layer.opacities, dtype=np.float32) * 255
    at = np.linspace(0, 1, len(stops))
    t = np.linspace(0, 1, max(1, length))
    ramp = np.stack([np.interp(t, at, stops[:, k]) for k in range(4)], axis=1)
    ramp = np.clip(np.round(ramp), 0, 255).astype(np.uint8)
    if layer.horizontal:
        pixels = np.broadcast_to(ramp[None, :, :], (box.h, box.w, 4))
    else:
        pixels = np.broadcast_to(ramp[:, None, :], (box.h, box.w, 4))
    return Image.fromarray(np.ascontiguousarray(pixels))


def _draw_rect(image: Image.Image, layer: Rect) -> None:
    box = layer.box
    if box.w <= 0 or box.h <= 0:
        return
    tile = Image.new("RGBA", (box.w, box.h), (0, 0, 0, 0))
    ImageDraw.Draw(tile).rounded_rectangle(
        (0, 0, box.w - 1, box.h - 1), radius=layer.radius, fill=_rgba(layer.color, layer.opacity)
    )
    image.alpha_composite(tile, (box.x, box.y))


def _draw_picture(image: Image.Image, layer: Picture) -> None:
    if layer.box.w <= 0 or layer.box.h <= 0:
        return  # a layout squeezed the picture away: nothing to draw
    tile = _picture(layer.path, layer.box.w, layer.box.h, layer.fit)
    x = layer.box.x + (layer.box.w - tile.width) // 2
    y = layer.box.y + (layer.box.h - tile.height) // 2
    if tile.mode == "RGB" and not layer.radius and layer.opacity >= 1:
        put_over(image, tile, (x, y))
        return
    tile = tile.convert("RGBA")
    if layer.radius or layer.opacity < 1:
        alpha = tile.getchannel("A")
        if layer.radius:
            mask = Image.new("L", tile.size, 0)
            ImageDraw.Draw(mask).rounded_rectangle((0, 0, *tile.size), radius=layer.radius, fill=255)
            alpha = Image.fromarray(np.minimum(np.asarray(alpha), np.asarray(mask)))
        if layer.opacity < 1:
            alpha = alpha.point(lambda v: round(v * layer.opacity))
        tile.putalpha(alpha)
    put_over(image, tile, (x, y))


def put_over(base: Image.Image, picture: Image.Image, at: tuple[int, int] = (0, 0)) -> None:
    """Draw ``picture`` (RGB, or RGBA with straight alpha as :func:`~takatof.model.media.open_image`
    gives it) over ``base`` (RGBA) with its top-left corner at ``at``: the one rule by which
    a picture's transparency meets what is under it, on a card (the layers drawn before it:
    the brand gradient) and in a video (:func:`flatten`, the photo's brand ground).

    "Over" with straight alpha: each pixel is ``a * picture + (1 - a) * base``, so a pixel at
    50% alpha is the 50/50 mix of its colour and the ground, and the colour hidden under a
    fully transparent pixel never shows. (Pillow resizes RGBA premultiplied, so the picture's
    edges carry no hidden colour into their neighbours either.) An opaque picture is pasted:
    the same result, without the blend's cost."""
    if picture.mode == "RGB":
        base.paste(picture, at)
    else:
        base.alpha_composite(picture if picture.mode == "RGBA" else picture.convert("RGBA"), at)


def flatten(picture: Image.Image, ground: Image.Image) -> Image.Image:
    """``picture`` with its transparency flattened over the opaque ``ground`` (the same size),
    as RGB: what a format without alpha (a video frame, a JPEG) shows of it. Drawn by
    :func:`put_over`, as a card draws it."""
    if picture.mode == "RGB":
        return picture
    if ground.size != picture.size:
        raise ValueError(
            f"a {ground.size[0]}x{ground.size[1]} ground for a {picture.width}x{picture.height} picture"
        )
    base = ground.convert("RGBA")
    put_over(base, picture)
    return base.convert("RGB")


@per_file_version(maxsize=48)
def _picture(path: Path, w: int, h: int, fit: str) -> Image.Image:
    """Decoded, oriented and resized once per (file version, size, fit). JPEGs are decoded
    at a reduced scale when the target is much smaller (``draft``), and the resize reduces in
    integer steps first (``reducing_gap``): both cut the cost of 2400 px photos several-fold
    with no visible loss at the output size.

    The file is opened by :func:`~takatof.model.media.open_image`, as validation checks it: the
    size limit is applied before decoding, and every pixel mode (16-bit grey included) comes
    back as RGB for opaque pictures (pasted, not blended) or RGBA for transparent ones."""
    picture = open_image(path, at_least=(w, h))
    src_w, src_h = picture.size
    if fit == "cover":
        scale = max(w / src_w, h / src_h)
        # w / (w / src_w) can come out a hair over src_w (800.0000000000001 for a 467x477 box
        # from an 800 px photo): clamped, or Pillow refuses a crop box starting at -5.7e-14.
        crop_w, crop_h = min(src_w, w / scale), min(src_h, h / scale)
        left, top = (src_w - crop_w) / 2, (src_h - crop_h) / 2
        box = (left, top, left + crop_w, top + crop_h)
        size = (w, h)
    else:
        scale = min(w / src_w, h / src_h)
        box = (0, 0, src_w, src_h)
        size = (max(1, round(src_w * scale)), max(1, round(src_h * scale)))
    return picture.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)


def layout_stack(stack: Stack) -> tuple[list[TextLayout | int], list[Problem]]:
    """Lay out a stack's items at the largest common scale that fits its box."""
    box = stack.box
    try:
        attempt = stack_at(stack, 1.0)
    except MissingGlyphError as exc:
        source = next((i.source for i in stack.items if isinstance(i, Text) and _has_any(i, exc)), "")
        return [], [Problem(source, str(exc))]
    if stack_fits(attempt, box):
        return attempt, []
    low, high, best = 0.0, 1.0, None
    for _ in range(9):
        mid = (low + high) / 2
        candidate = stack_at(stack, mid)
        if stack_fits(candidate, box):
            best, low = candidate, mid
        else:
            high = mid
    if best is not None:
        return best, []
    smallest = stack_at(stack, 0.0)
    problems = [
        Problem(item.source, _overflow_message(item, lay, box))
        for item, lay in zip(stack.items, smallest, strict=True)
        if isinstance(item, Text) and isinstance(lay, TextLayout)
    ]
    bad = [p for p in problems if "does not fit" in p.message]
    if bad:
        return smallest, bad
    # Every text fits its width but together they are too tall: name the text taking the
    # most height (the one worth shortening), not whichever happens to come first.
    texts = [
        (lay.height, problem)
        for problem, lay in zip(problems, (x for x in smallest if isinstance(x, TextLayout)), strict=True)
    ]
    return smallest, [max(texts, key=lambda t: t[0])[1]] if texts else []


def _has_any(item: Text, exc: MissingGlyphError) -> bool:
    return any(c in item.text for c in exc.chars)


def stack_at(stack: Stack, scale: float) -> list[TextLayout | int]:
    out: list[TextLayout | int] = []
    for item in stack.items:
        if isinstance(item, Gap):
            out.append(round(item.size * max(scale, 0.4)))
        elif isinstance(item, Bar):
            out.append(item.size)  # a bar keeps its height: it is drawn there (see _draw_bars)
        else:
            size = max(item.style.min_size, round(item.style.size * scale))
            if item.style.max_lines is None:
                out.append(layout_text(item.text, item.style, stack.box.w, size))
            else:
                # A line-limited item (a hashtag, a big figure) that is too wide shrinks on
                # its own, instead of dragging the whole stack's scale down with it.
                out.append(fit_text(item.text, replace(item.style, size=size), stack.box.w))
    return out


def _stack_height(laid: list[TextLayout | int]) -> int:
    return sum(x if isinstance(x, int) else x.height for x in laid)


def stack_fits(laid: list[TextLayout | int], box: Box) -> bool:
    return _stack_height(laid) <= box.h and all(x.fits for x in laid if isinstance(x, TextLayout))


def _overflow_message(item: Text, layout: TextLayout, box: Box) -> str:
    if not layout.fits:
        return (
            f"text does not fit its {box.w}x{box.h} px box even at the smallest size "
            f"({item.style.min_size} px); shorten it"
        )
    return f"the texts of this card do not fit a {box.w}x{box.h} px box even at their smallest sizes; shorten them"


@dataclass(frozen=True)
class _Block:
    """One laid-out text of a stack, where it will be drawn: its lines' rectangles (what is
    measured) and their union (what a scrim covers)."""

    item: Text
    layout: TextLayout
    x: int
    y: int
    rects: tuple[Box, ...]
    ratio: float

    @property
    def box(self) -> Box:
        left, top = min(r.x for r in self.rects), min(r.y for r in self.rects)
        right, bottom = max(r.right for r in self.rects), max(r.bottom for r in self.rects)
        return Box(left, top, right - left, bottom - top)


def _blocks(layer: Stack, laid: list[TextLayout | int], seen: float) -> list[_Block]:
    """Where each text of a laid-out stack goes; texts with no visible line are left out."""
    blocks: list[_Block] = []
    for item, part, y in _placed(layer, laid):
        if isinstance(part, int):
            continue
        assert isinstance(item, Text)
        rects = tuple(
            Box(
                math.floor(layer.box.x + line_offset(line, part)),
                round(y + i * part.advance),
                math.ceil(line.width) + 1,
                max(1, round(part.advance)),
            )
            for i, line in enumerate(part.lines)
            if line.width > 0
        )
        if rects:
            ratio = required_ratio(part.size, item.style.bold, seen)
            blocks.append(_Block(item, part, layer.box.x, y, rects, ratio))
    return blocks


def _draw_bars(image: Image.Image, layer: Stack, laid: list[TextLayout | int]) -> None:
    """The stack's bars, each across its width where the layout put it."""
    for item, _, y in _placed(layer, laid):
        if isinstance(item, Bar):
            track = Box(layer.box.x, y, layer.box.w, item.size)
            _draw_rect(image, Rect(track, item.track, radius=item.size // 2, opacity=0.25))
            fill_w = max(item.size, round(track.w * item.fraction)) if item.started else 0
            fill_x = track.right - fill_w if item.rtl else track.x
            if fill_w:
                _draw_rect(image, Rect(Box(fill_x, y, fill_w, item.size), item.fill, radius=item.size // 2))


def _placed(
    layer: Stack, laid: list[TextLayout | int]
) -> Iterator[tuple[Text | Gap | Bar, TextLayout | int, int]]:
    """Each item of a laid-out stack with its layout and its top, the spare height split by
    the stack's vertical alignment: where texts are drawn and bars go."""
    spare = layer.box.h - _stack_height(laid)
    y = layer.box.y + {"top": 0, "middle": spare // 2, "bottom": spare}[layer.valign]
    for item, part in zip(layer.items, laid, strict=True):
        yield item, part, y
        y += part if isinstance(part, int) else part.height


def _ground(image: Image.Image, block: _Block) -> np.ndarray:
    """The pixels ``image`` shows under a block's lines (from the crop around them, not
    from a copy of the whole canvas)."""
    box = block.box
    crop = np.asarray(image.crop((box.x, box.y, box.right, box.bottom)))
    return block_pixels(crop, [Box(r.x - box.x, r.y - box.y, r.w, r.h) for r in block.rects])


def _contrast(image: Image.Image, block: _Block) -> float:
    """The bulk contrast of a block's colour over what is under its lines."""
    return bulk_contrast(_ground(image, block), block.item.style.color)


def _add_scrims(
    image: Image.Image, blocks: list[_Block], canvas: Canvas, contrasts: dict[int, float]
) -> dict[int, Scrim]:
    """Draw a scrim behind every block under its ratio and return them by block. Neighbours
    in the stack that need the same tone share one panel (a designer puts a quote and its
    translation on one panel, not two), at the opacity the most demanding of them needs.
    ``contrasts``: each block's contrast on the image as it is, by ``id``."""
    short = [b for b in blocks if contrasts[id(b)] < b.ratio]
    groups: list[list[_Block]] = []
    for block in short:
        tone = scrim_tone(block.item.style.color)
        last = groups[-1] if groups else None
        follows = last is not None and blocks.index(block) == blocks.index(last[-1]) + 1
        if last is not None and follows and scrim_tone(last[0].item.style.color) == tone:
            last.append(block)
        else:
            groups.append([block])
    pixels = {id(b): _ground(image, b) for b in short}
    scrims: dict[int, Scrim] = {}
    for group in groups:
        tone = scrim_tone(group[0].item.style.color)
        opacity = max(scrim_opacity(pixels[id(b)], b.item.style.color, tone, b.ratio) for b in group)
        union = _union([b.box for b in group])
        box, radius = scrim_box(union, min(b.layout.size for b in group), canvas)
        scrim = Scrim(box, tone, opacity, radius)
        _draw_rect(image, Rect(box, tone, radius, opacity))
        scrims |= {id(b): scrim for b in group}
    return scrims


def _union(boxes: list[Box]) -> Box:
    left, top = min(b.x for b in boxes), min(b.y for b in boxes)
    return Box(left, top, max(b.right for b in boxes) - left, max(b.bottom for b in boxes) - top)


def _draw_stack(image: Image.Image, layer: Stack, drawing: _Drawing) -> list[Problem]:
    """Lay a stack out, make each of its texts readable on what is under it, draw them, and
    record them. A scrim can darken a neighbour's ground in a way that hurts it (a dark text
    beside a light one): every block is measured again after each round of scrims, and one
    still short gets its own; the rounds end when all read (a block's own opaque neutral
    panel always gives 4.58:1 at least)."""
    # What does not fit at readable sizes leaves out the texts its layout marked optional.
    layer, laid, problems, left_out = fitted(layer, layout_stack)
    drawing.left_out += left_out
    if problems:
        return problems
    canvas = drawing.canvas
    _draw_bars(image, layer, laid)
    blocks = _blocks(layer, laid, canvas.seen)
    measured: dict[int, float | None] = {id(b): None for b in blocks}
    before = measured
    scrims: dict[int, Scrim] = {}
    if not drawing.transparent:
        contrasts = {id(b): _contrast(image, b) for b in blocks}
        before = measured = dict(contrasts)
        for _ in range(3):
            added = _add_scrims(image, blocks, canvas, contrasts)
            if not added:
                break
            scrims |= added
            contrasts = {id(b): _contrast(image, b) for b in blocks}
            measured = dict(contrasts)
    drawn: list[DrawnText] = []
    for block in blocks:
        after = measured[id(block)]
        style = block.item.style
        drawn.append(
            DrawnText(
                source=block.item.source,
                text=block.item.text,
                box=block.box,
                size=block.layout.size,
                bold=style.bold,
                color=style.color,
                seen_px=css_px(block.layout.size, canvas.seen),
                ratio=block.ratio,
                before=before[id(block)],
                after=after,
                scrim=scrims.get(id(block)),
            )
        )
    for block in blocks:
        draw_text(image, block.layout, block.x, block.y)
    drawing.texts += drawn
    unread = [
        Problem(
            t.source,
            f"its colour {t.color} reaches only {t.after:.2f}:1 against what is behind it, even on "
            f"an opaque panel ({t.ratio:g}:1 is needed): give the text an opaque colour",
        )
        for t in drawn
        if not t.readable and t.after is not None
    ]
    return [*small_text_problems(drawn, canvas, drawing.preset), *unread]


def _draw(image: Image.Image, layer: Layer, drawing: _Drawing) -> list[Problem]:
    """Draw one layer; only a stack of text can report problems (overflow, missing glyphs,
    text too small where it is seen)."""
    match layer:
        case Fill():
            _draw_fill(image, layer)
        case Gradient():
            _draw_gradient(image, layer)
        case Rect():
            _draw_rect(image, layer)
        case Picture():
            _draw_picture(image, layer)
        case Stack():
            return _draw_stack(image, layer, drawing)
        case Logo():
            draw_logo(image, layer, lambda path: open_image(path))
        case _:
            assert_never(layer)
    return []
