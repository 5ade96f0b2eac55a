"""The one way Takatof opens a user's image: size-checked before decoding, fully decoded,
oriented and converted to 8-bit RGB or RGBA.

Every photo, logo and spotlight picture goes through :func:`open_image` (to draw it) or
:func:`image_problem` / :func:`image_size` (to check it), so validation and rendering agree on
what "readable" means and a file that passes ``takatof validate`` cannot fail the render:

- **Size before decoding.** A small PNG can declare 14000x14000 pixels and take gigabytes to
  decode (Pillow's own guard raises a traceback-shaped ``DecompressionBombError`` only past
  179 MP). The header's size is checked against :data:`MAX_PIXELS` and :data:`MAX_SIDE` first,
  and the refusal names the file, its size and the limit. Pillow's global
  ``MAX_IMAGE_PIXELS`` is left alone: settings are passed, never set process-wide.
- **Decoded fully.** ``Image.verify()`` does not decode JPEG data, so a truncated JPEG used to
  pass validation and fail the render; here the pixels are loaded (with Pillow's default of
  refusing truncated files), at a reduced JPEG scale (``draft``) when only checking, which
  still reads every byte of the compressed data.
- **Every pixel mode shown right.** ``convert("RGB")`` clips 16-bit grey to white; 16-bit,
  32-bit integer and float greys are scaled to 8 bits instead, palettes keep their
  transparency, and the EXIF orientation is applied.

The model layer owns this (not the renderer) because validation needs it and the model sits
at the bottom of the layering; the renderer imports it from here.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from .filecache import per_file_version
from .problems import file_kind

# A 1080x1920 video frame at the largest Ken Burns zoom needs about 8 MP, a card under 1.5 MP;
# the limit is far above that so that a full-size photo from a current phone (48-50 MP, e.g.
# 8064x6048 or 8160x6120) is read as it comes, and low enough that one decoded copy stays
# near 200 MB (RGBA) while a render decodes a few photos in parallel. A 12000x12000 PNG
# (144 MP) took 1.9 GB; 14000x14000 tripped Pillow's own guard with a traceback.
MAX_PIXELS = 50_000_000
"""The most pixels (width x height) an image may have: 50 MP."""

MAX_SIDE = 16_000
"""The longest side an image may have, in pixels: every real camera and phone photo fits
(8160 px at 50 MP), so does a stitched panorama up to 16000x3000; a thin strip longer than
this is not a picture but a mistake or an attack, and its row buffers grow with the side."""

FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "AVIF")
"""The formats Takatof reads (MPO, a phone's multi-picture JPEG, opens as JPEG). Pillow knows
forty more, some of them (EPS through Ghostscript, raw scientific formats) with decoders that
have no business reading a campaign's photos; a file in one of them is "not an image"."""

_UNREADABLE = "is not an image Takatof can read (use PNG, JPEG or WebP)"

# EXIF orientation -> the transpose that shows the picture upright (as ImageOps.exif_transpose).
_ORIENT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ORIENTATION_TAG = 0x0112


class ImageError(ValueError):
    """An image that cannot be used; the message names the file and says what to do, and
    ``reason`` is the same without the name (for callers that name the file themselves).

    A ``ValueError``, not an ``OSError``: callers read an ``OSError`` as "cannot write"."""

    def __init__(self, path: Path, written: str | None, reason: str) -> None:
        self.reason = reason
        super().__init__(f"{written if written is not None else str(path)!r} {reason}")


class _Unusable(Exception):
    """Why a file cannot be used, without its name (the public functions add the name as
    the caller wrote it)."""


def limit_problem(width: int, height: int) -> str | None:
    """Why an image of this size is refused (without the file's name), or None."""
    if width * height <= MAX_PIXELS and max(width, height) <= MAX_SIDE:
        return None
    megapixels = f" ({width * height / 1e6:.0f} MP)" if width * height > MAX_PIXELS else ""
    return (
        f"is {width}x{height} pixels{megapixels}; Takatof reads images up to "
        f"{MAX_PIXELS // 1_000_000} MP and {MAX_SIDE} px a side (e.g. 8160x6120, a 50 MP phone "
        "photo); scale it down (4000 px on the long side is plenty for any video or card)"
    )


def open_image(
    path: Path, written: str | None = None, at_least: tuple[int, int] | None = None
) -> Image.Image:
    """The picture at ``path``, upright, as 8-bit RGB (opaque) or RGBA (with transparency).

    ``written`` is the path as the project names it, used in the error; ``at_least`` lets a
    JPEG decode at a reduced scale as long as the result still covers that (width, height).
    Raises :class:`ImageError` for anything that cannot be used."""
    try:
        return _load(path, at_least)[0]
    except _Unusable as exc:
        raise ImageError(path, written, str(exc)) from None


def image_size(path: Path, written: str | None = None) -> tuple[int, int]:
    """The upright (width, height) of a usable image, after decoding it all (cheaply, at a
    reduced scale for JPEG) so that a damaged file is found now, not mid-render. Cached per
    file version: validation and the video checks ask about the same photos."""
    try:
        result = _checked(path)
    except OSError as exc:
        raise ImageError(path, written, _os_reason(exc)) from None
    if isinstance(result, str):
        raise ImageError(path, written, result)
    return result


def image_problem(path: Path, written: str | None = None) -> str | None:
    """What is wrong with the image at ``path`` (naming it as ``written``), or None."""
    try:
        image_size(path, written)
    except ImageError as exc:
        return str(exc)
    return None


@per_file_version(maxsize=256)
def _checked(path: Path) -> tuple[int, int] | str:
    try:
        return _load(path, (1, 1))[1]
    except _Unusable as exc:
        return str(exc)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "was not found"
    return f"cannot be read ({exc.strerror or exc})"


def _load(path: Path, at_least: tuple[int, int] | None) -> tuple[Image.Image, tuple[int, int]]:
    """The converted, upright image and the file's full upright size; raises _Unusable."""
    Image.init()  # so that FORMATS can be matched against the plugins this Pillow has
    formats = [f for f in FORMATS if f in Image.ID]
    try:
        kind = file_kind(os.stat(path).st_mode)
    except OSError as exc:
        raise _Unusable(_os_reason(exc)) from None
    if kind is not None:  # opening a named pipe would block for ever
        raise _Unusable(f"is not a regular file ({kind}); give an image file")
    declared = _declared_size(path, formats)
    if declared is not None and limit_problem(*declared):
        raise _Unusable(str(limit_problem(*declared)))
    try:
        with Image.open(path, formats=formats) as source:
            width, height = source.size
            problem = limit_problem(width, height)
            if problem:
                raise _Unusable(problem)
            orientation = _orientation(source)
            if orientation in (5, 6, 7, 8):
                width, height = height, width
            if at_least is not None:
                request = at_least if orientation < 5 else (at_least[1], at_least[0])
                source.draft(None, request)
            source.load()
            image = _to_rgb(source)
    except _Unusable:
        raise
    except Image.DecompressionBombError:  # a frame (of a GIF, say) past Pillow's own guard
        raise _Unusable(
            f"is far larger than Takatof reads ({MAX_PIXELS // 1_000_000} MP and {MAX_SIDE} px a "
            "side at most); scale it down"
        ) from None
    except UnidentifiedImageError:
        raise _Unusable(_UNREADABLE) from None
    except OSError as exc:
        if exc.errno is not None:  # opening failed: permissions, a folder, gone
            raise _Unusable(_os_reason(exc)) from None
        raise _Unusable(_damaged(exc)) from None
    except (SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, struct.error) as exc:
        # Pillow's plugins report malformed headers and chunks with all of these.
        raise _Unusable(_damaged(exc)) from None
    if orientation in _ORIENT:
        image = image.transpose(_ORIENT[orientation])
    return image, (width, height)


def _damaged(exc: BaseException) -> str:
    detail = str(exc).strip() or type(exc).__name__
    if "truncated" in detail:
        return "is cut short (the file ends before the picture does); copy or export it again"
    return f"is damaged and cannot be decoded ({detail}); export it again as PNG or JPEG"


def _declared_size(path: Path, formats: list[str]) -> tuple[int, int] | None:
    """The size the file's header declares, read by its format's own plugin (which parses the
    header and decodes nothing), or None when no plugin takes it (``Image.open`` then says why).

    ``Image.open`` cannot be used for this: past 89 MP it prints a DecompressionBombWarning and
    past 179 MP it raises, both before the size reaches us. Changing Pillow's process-wide
    ``MAX_IMAGE_PIXELS`` would silence it, and is exactly the global setting not to touch."""
    try:
        with open(path, "rb") as file:
            prefix = file.read(16)
            for name in formats:
                factory, accept = Image.OPEN[name]
                accepted = not accept or accept(prefix)
                if isinstance(accepted, str) or not accepted:
                    continue
                file.seek(0)
                try:
                    return factory(file, str(path)).size
                except Exception:  # a malformed header: Image.open reports it properly
                    continue
    except OSError:
        return None
    return None


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 = upright). Read from the header, so a JPEG can be drafted at
    the right scale before decoding; a malformed EXIF block counts as upright rather than
    making the whole photo unusable."""
    try:
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # Pillow's EXIF parser raises many kinds of error on bad data
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


_OPAQUE = ("1", "L", "RGB", "RGBX", "CMYK", "YCbCr", "HSV")
_ALPHA = ("LA", "PA", "RGBa")


def _to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB, or RGBA when the picture has transparency, from any Pillow mode.

    ``convert`` alone is wrong for the deep modes: it clips 16- and 32-bit grey to 0..255,
    so a 16-bit PNG shows white. Those are scaled (see :func:`_grey8`)."""
    mode = image.mode
    transparent = "transparency" in image.info
    if (mode == "RGB" and not transparent) or mode == "RGBA":
        return image
    if mode in _OPAQUE:
        return image.convert("RGBA" if transparent else "RGB")
    if mode in _ALPHA:
        return image.convert("RGBA")
    if mode == "P":
        alpha = transparent or (image.palette is not None and image.palette.mode == "RGBA")
        return image.convert("RGBA" if alpha else "RGB")
    if mode.startswith("I;16") or mode in ("I", "F"):
        return Image.fromarray(_grey8(np.asarray(image), mode)).convert("RGB")
    raise _Unusable(f"uses a pixel format Takatof cannot show ({mode}); save it as an RGB PNG or JPEG")


def _grey8(values: np.ndarray, mode: str) -> np.ndarray:
    """Deep grey to 8 bits. 16-bit files use their full 0..65535 range (32768 -> 128).
    32-bit integer ('I', also how older Pillows open 16-bit PNGs) is read as 16-bit when its
    values fit, as 8-bit when they are all under 256 (an 8-bit picture stored wide), and is
    stretched over its own range otherwise. Float ('F') is read as 0..1 when it fits, as
    0..255 when that fits, and stretched otherwise."""
    if mode.startswith("I;16"):
        wide = values.astype(np.uint32)
        return ((wide * 255 + 32767) // 65535).astype(np.uint8)
    data = np.nan_to_num(values.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0, copy=False)
    low, high = (float(data.min()), float(data.max())) if data.size else (0.0, 0.0)
    # The first full range the values fit in (an integer's 8 or 16 bits, a float's 0..1 or
    # 0..255) is the range shown; values that fit none are stretched over their own.
    top = high
    for full in (255.0, 65535.0) if mode == "I" else (1.0, 255.0):
        if low >= 0 and high <= full:
            top, low = full, 0.0
            break
    span = top - low
    if span <= 0:
        return np.zeros(values.shape, np.uint8)
    data -= low
    data *= 255.0 / span
    return np.clip(np.round(data, out=data), 0, 255, out=data).astype(np.uint8)
