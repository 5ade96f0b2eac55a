"""Layers -> pixels with Pillow.

Each layer type has one drawing function, found in a table keyed by the layer's class. Text
stacks are laid out with a common scale: when a stack does not fit its box, all its sizes
shrink together down to their minimums; what still does not fit is reported as a
:class:`~takatof.model.Problem` at the text's source path, never clipped silently.
Decoded and resized pictures are cached, since a campaign reuses the same photos and logo
across many presets and templates.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import assert_never

import numpy as np
from PIL import Image, ImageColor, ImageDraw

from ..model import Problem
from ..model.filecache import per_file_version
from ..model.media import open_image
from ..templates.layers import Box, Canvas, Fill, Gap, Gradient, Layer, Logo, Picture, Rect, Stack, Text
from .fonts import MissingGlyphError
from .marks import draw_logo
from .text import TextLayout, draw_text, fit_text, layout_text


def rasterize(
    layers: list[Layer] | tuple[Layer, ...], canvas: Canvas, transparent: bool = False
) -> tuple[Image.Image, list[Problem]]:
    """Draw ``layers`` bottom to top; return the image (RGB, or RGBA on a transparent
    ground for video overlays) and every text problem found."""
    ground = (0, 0, 0, 0) if transparent else (0, 0, 0, 255)
    image = Image.new("RGBA", (canvas.width, canvas.height), ground)
    problems: list[Problem] = []
    for layer in layers:
        try:
            problems += _draw(image, layer)
        except (ValueError, OSError) as exc:
            # A layer that cannot be drawn (an unreadable photo, a degenerate box) is reported
            # with what and where, instead of surfacing as a bare Pillow message.
            problems.append(Problem(getattr(layer, "source", ""), _layer_failure(layer, exc)))
    return (image if transparent else image.convert("RGB")), problems


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
        attempt = _stack_at(stack, 1.0)
    except MissingGlyphError as exc:
        source = next((i.source for i in stack.items if isinstance(i, Text) and _has_any(i, exc)), "")
        return [], [Problem(source, str(exc))]
    if _stack_fits(attempt, box):
        return attempt, []
    low, high, best = 0.0, 1.0, None
    for _ in range(9):
        mid = (low + high) / 2
        candidate = _stack_at(stack, mid)
        if _stack_fits(candidate, box):
            best, low = candidate, mid
        else:
            high = mid
    if best is not None:
        return best, []
    smallest = _stack_at(stack, 0.0)
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


def _stack_at(stack: Stack, scale: float) -> list[TextLayout | int]:
    out: list[TextLayout | int] = []
    for item in stack.items:
        if isinstance(item, Gap):
            out.append(round(item.size * max(scale, 0.4)))
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


def _stack_fits(laid: list[TextLayout | int], box: Box) -> bool:
    return _stack_height(laid) <= box.h and all(x.fits for x in laid if isinstance(x, TextLayout))


def _overflow_message(item: Text, layout: TextLayout, box: Box) -> str:
    if not layout.fits:
        return (
            f"text does not fit its {box.w}x{box.h} px box even at the smallest size "
            f"({item.style.min_size} px); shorten it"
        )
    return f"the texts of this card do not fit a {box.w}x{box.h} px box even at their smallest sizes; shorten them"


def _draw_stack(image: Image.Image, layer: Stack) -> list[Problem]:
    laid, problems = layout_stack(layer)
    if problems:
        return problems
    spare = layer.box.h - _stack_height(laid)
    y = layer.box.y + {"top": 0, "middle": spare // 2, "bottom": spare}[layer.valign]
    for part in laid:
        if isinstance(part, int):
            y += part
        else:
            draw_text(image, part, layer.box.x, y)
            y += part.height
    return []


def _draw(image: Image.Image, layer: Layer) -> list[Problem]:
    """Draw one layer; only a stack of text can report problems (overflow, missing glyphs)."""
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
            return _draw_stack(image, layer)
        case Logo():
            draw_logo(image, layer, lambda path: open_image(path))
        case _:
            assert_never(layer)
    return []
