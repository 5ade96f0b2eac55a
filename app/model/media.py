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
- **Colours as the photo's maker saw them.** A picture with an embedded ICC profile (a
  Display P3 phone photo, an AdobeRGB or ProPhoto export, a CMYK JPEG for print, a grey
  scan) is converted to sRGB through that profile (:func:`_to_srgb`); reading its numbers
  as sRGB instead shows a wide-gamut photo dull and a CMYK one garish. A CMYK JPEG without
  a profile is read through a generic press profile (:func:`_press_cmyk`), as Photoshop
  reads one through its working CMYK space, not by the naive ``255 - ink`` formula.
- **Phone formats.** HEIC/HEIF (the iPhone default) through pillow-heif, AVIF through
  Pillow itself; both with their rotation and colour profile.

The model layer owns this (not the renderer) because validation needs it and the model sits
at the bottom of the layering; the renderer imports it from here.
"""

from __future__ import annotations

import functools
import io
import os
import struct
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, ImageChops, ImageCms, UnidentifiedImageError

from .filecache import per_file_version
from .problems import file_kind

# HEIC/HEIF through pillow-heif's Pillow plugin ("HEIF" in Image.OPEN). libheif applies the
# file's rotation and mirroring (irot/imir) while decoding and pillow-heif then reports the
# EXIF orientation as 1, so the picture is upright once, never twice. Registering twice is
# harmless; the model registers it because every image is opened here.
pillow_heif.register_heif_opener()

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

FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "AVIF", "HEIF")
"""The formats Takatof reads (MPO, a phone's multi-picture JPEG, opens as JPEG; HEIF covers
.heic and .heif, through pillow-heif; Pillow reads AVIF itself). Pillow knows
forty more, some of them (EPS through Ghostscript, raw scientific formats) with decoders that
have no business reading a campaign's photos; a file in one of them is "not an image"."""

_UNREADABLE = "is not an image Takatof can read (use PNG, JPEG, WebP, HEIC or AVIF)"

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
        return _load(path, (1, 1), colour=False)[1]
    except _Unusable as exc:
        return str(exc)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "was not found"
    return f"cannot be read ({exc.strerror or exc})"


def _load(
    path: Path, at_least: tuple[int, int] | None, colour: bool = True
) -> tuple[Image.Image, tuple[int, int]]:
    """The converted, upright image and the file's full upright size; raises _Unusable.
    ``colour=False`` leaves out the conversion through the colour profile: a check only
    needs to know the pixels decode (the conversion never refuses a picture), and it costs
    0.15-0.2 s on a 12 MP photo."""
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
            image = _to_display(source) if colour else _to_rgb(source)
            # The pixels are sRGB now; a profile left in ``info`` would be embedded again by
            # a PNG written from them (Pillow copies it) and could be applied twice.
            image.info.pop("icc_profile", None)
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
    except RuntimeError as exc:
        # The AVIF and HEIF decoders (libavif, libheif) report damaged picture data so:
        # "Failed to decode frame 0: Decoding of color planes failed".
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
        values = np.asarray(image)
        grey = Image.fromarray(_grey8(values, mode)).convert("RGB")
        key = image.info.get("transparency")
        if isinstance(key, int) and mode != "F":  # a 16-bit PNG's tRNS: one grey value
            grey.putalpha(Image.fromarray(np.where(values == key, 0, 255).astype(np.uint8)))
        return grey
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


# --- Colour management -------------------------------------------------------------------
#
# Rendering intent: relative colorimetric, with black point compensation. Every colour the
# sRGB screen can show comes out exactly as the profile defines it (a logo's brand colour, a
# face's skin tone are not shifted), and only colours outside sRGB (a P3 red, a ProPhoto
# green) are clipped to the nearest it has: what browsers and phones do when they show the
# photo, so a card shows what the person saw. Perceptual would pull every colour in to make
# room for the few outside, and for the matrix profiles of cameras and phones (P3, AdobeRGB,
# ProPhoto) lcms has no perceptual table and uses the colorimetric one anyway. Black point
# compensation maps a print profile's ink black to screen black (Photoshop's default for
# "Convert to Profile"); it changes nothing for RGB profiles, whose black is already 0.
_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC
# NOCACHE: lcms's one-pixel cache is state inside the transform, and the renderer opens
# photos on several threads that share one cached transform.
_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION | ImageCms.Flags.NOCACHE

_GREY = ("1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "I;16N", "F")
"""Modes whose pixels are grey: a GRAY profile applies to them, an RGB one does not."""

_PROFILE_SPACE = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}
"""An ICC colour space (its header's four letters, stripped) -> the Pillow mode it takes."""


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_display(image: Image.Image) -> Image.Image:
    """The loaded picture as sRGB, 8-bit RGB or RGBA (see :func:`_to_rgb`), converted
    through its embedded ICC profile when it has one (see :func:`_transform`), or through
    the colour description a HEIF file may carry instead (see :func:`_nclx_profile`)."""
    icc = image.info.get("icc_profile")
    icc = icc if isinstance(icc, bytes) and icc else None
    if icc is None and image.mode != "CMYK":
        icc = _nclx_profile(image.info.get("nclx_profile"))
    if image.mode == "CMYK":
        cmyk = _cmyk_polarity(image)
        transform = _transform(icc, "CMYK") if icc is not None else None
        return (transform or _press_cmyk()).apply(cmyk)
    rgb = _to_rgb(image)
    if icc is None:
        return rgb
    grey = image.mode in _GREY or (image.mode == "P" and _grey_palette(image))
    transform = _transform(icc, "L" if grey else "RGB")
    if transform is None:
        return rgb
    alpha = rgb.getchannel("A") if rgb.mode == "RGBA" else None
    source = rgb.getchannel("R") if grey else rgb.convert("RGB") if alpha is not None else rgb
    out = transform.apply(source)
    if alpha is not None:
        out.putalpha(alpha)
    return out


def _grey_palette(image: Image.Image) -> bool:
    palette = image.getpalette("RGB") or []
    return all(palette[k] == palette[k + 1] == palette[k + 2] for k in range(0, len(palette) - 2, 3))


def _cmyk_polarity(image: Image.Image) -> Image.Image:
    """A CMYK JPEG with its ink values the right way round. Photoshop writes CMYK JPEGs
    inverted (0 = full ink) and says so with an Adobe APP14 marker; Pillow reads every CMYK
    JPEG that way. One without the marker stores plain values (Adobe's own rule, libjpeg's
    default), which Pillow has just inverted: they are inverted back."""
    if image.format in ("JPEG", "MPO") and "adobe" not in image.info:
        return ImageChops.invert(image)
    return image


@functools.lru_cache(maxsize=16)
def _transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """The transform from pixels of ``mode`` ("RGB", "L" or "CMYK") described by the ICC
    profile ``icc`` to sRGB, or None when there is nothing to do: the profile is sRGB already
    (most photos: skipping it saves a pass over every pixel), is for another colour space
    than the pixels (an RGB profile left on a grey scan), or cannot be read (then the
    pixels are shown as sRGB, as a browser does, rather than the photo refused).

    Cached by the profile's bytes, not by a file: the same profile (a phone's Display P3) is
    in every photo of a campaign, and bytes cannot go stale."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = profile.profile.xcolor_space.strip()
        if _PROFILE_SPACE.get(space) != mode:
            return None
        if mode == "RGB" and "srgb" in ImageCms.getProfileDescription(profile).lower():
            return None
        return ImageCms.buildTransform(profile, _srgb(), mode, "RGB", _INTENT, _FLAGS)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


# A press's colours (Lab, D50): the 16 Neugebauer primaries of coated offset printing
# (ISO 12647-2, paper type 1 -- the data behind FOGRA39 and Photoshop's "Coated FOGRA39"),
# indexed by which of C, M, Y, K are full (bit 3 = C ... bit 0 = K). The overprints with
# black are rounded: they are all within a few L* of black and barely differ on a screen.
_PRESS_LAB = {
    0b0000: (95.0, 0.0, -2.0),  # paper
    0b1000: (55.0, -37.0, -50.0),  # cyan
    0b0100: (48.0, 74.0, -3.0),  # magenta
    0b0010: (89.0, -5.0, 93.0),  # yellow
    0b1100: (24.0, 22.0, -46.0),  # blue (C+M)
    0b1010: (50.0, -65.0, 27.0),  # green (C+Y)
    0b0110: (47.0, 68.0, 48.0),  # red (M+Y)
    0b1110: (23.0, 0.0, 0.0),  # C+M+Y
    0b0001: (16.0, 0.0, 0.0),  # black
    0b1001: (12.0, -4.0, -8.0),
    0b0101: (12.0, 6.0, -2.0),
    0b0011: (14.0, 0.0, 6.0),
    0b1101: (9.0, 2.0, -6.0),
    0b1011: (10.0, -5.0, 2.0),
    0b0111: (10.0, 5.0, 3.0),
    0b1111: (8.0, 0.0, 0.0),
}
_D50 = np.array([0.9642, 1.0, 0.8249])
_DOT_GAIN = 0.22
"""Apparent tone value increase at 50%: the press's 14-17% (ISO 12647-2, coated paper) plus the
optical gain the linear Neugebauer mix leaves out. 50% black then shows as sRGB 146 (L* 60),
where Ghostscript's SWOP profile shows 147; 100% cyan as (0, 159, 228), SWOP's (0, 174, 239)."""


@functools.cache
def _press_cmyk() -> ImageCms.ImageCmsTransform:
    """CMYK without a profile, as a screen shows a coated press sheet: the transform through
    a small generic profile made here (no ICC file to ship or find on the system).

    The profile is the Neugebauer model of halftone printing: the colour of a CMYK value is
    the mix, in XYZ, of the 16 solid overprints weighted by how much of the paper each
    covers (Demichel's weights), which is exactly what a 2-point-per-ink CLUT interpolated
    multilinearly in XYZ computes; the ink values pass first through a dot-gain curve. The
    solids are taken relative to the paper (paper = screen white) with the ink black mapped
    to screen black, as relative colorimetric with black point compensation would. Not a
    measured press profile, but pure cyan comes out (0, 159, 228), a press's blue (Ghostscript's
    SWOP profile: (0, 174, 239)), not the (0, 255, 255) neon of ``convert("RGB")``."""
    corners = np.array([_lab_to_xyz(_PRESS_LAB[k]) for k in range(16)])
    relative = corners * (_D50 / corners[0])
    black = relative[0b1111]
    fitted = (relative - black) * (_D50 / (_D50 - black))
    # CLUT order: the first input channel (C) varies slowest; entry index bits = C M Y K.
    grid = np.clip(fitted / (65535 / 32768), 0, 1)  # XYZ PCS: u1.15, 1.0 = 32768
    ramp = np.linspace(0.0, 1.0, 256)
    gained = np.clip(ramp + 4 * _DOT_GAIN * ramp * (1 - ramp), 0, 1)
    icc = _lut16_profile(
        "CMYK",
        "prtr",
        "Takatof generic coated press",
        [gained] * 4,
        grid,
        _D50 * corners[0] / corners[0][1],
    )
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    return ImageCms.buildTransform(profile, _srgb(), "CMYK", "RGB", _INTENT, ImageCms.Flags.NOCACHE)


def _lab_to_xyz(lab: tuple[float, float, float]) -> np.ndarray:
    """CIE L*a*b* (D50) -> XYZ (D50, Y of white = 1)."""
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    f = np.array([fy + a / 500, fy, fy - b / 200])
    linear = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29))
    return np.asarray(linear * _D50)


# HEIF's "nclx" colour description (ITU-T H.273 code points): the transfer curves of still
# pictures, each shown as an sRGB-style display shows it. BT.709's camera curve (1, 6, 14, 15)
# is shown with sRGB's, as browsers and phones show such photos; PQ and HLG (HDR) are left
# alone: they need tone mapping, not a profile.
_NCLX_CURVES = {1: "srgb", 2: "srgb", 6: "srgb", 13: "srgb", 14: "srgb", 15: "srgb", 4: 2.2, 5: 2.8, 8: 1.0}
_NCLX_SRGB_PRIMARIES = (1, 2)  # BT.709 (sRGB's) and "unspecified": nothing to convert


def _nclx_profile(nclx: object) -> bytes | None:
    """An ICC profile for a HEIF picture described by "nclx" code points instead of an ICC
    profile (pillow-heif's ``info["nclx_profile"]``, with the primaries' chromaticities):
    None when its primaries are sRGB's or its curve is not one a still picture uses."""
    if not isinstance(nclx, dict) or nclx.get("color_primaries") in _NCLX_SRGB_PRIMARIES:
        return None
    curve = _NCLX_CURVES.get(nclx.get("transfer_characteristics", 2))
    keys = ("red", "green", "blue", "white")
    try:
        xy = tuple((float(nclx[f"color_primary_{k}_x"]), float(nclx[f"color_primary_{k}_y"])) for k in keys)
    except (KeyError, TypeError, ValueError):
        return None
    if curve is None or not all(0 < x < 1 and 0 < y < 1 for x, y in xy):
        return None
    return _matrix_profile(xy[:3], xy[3], curve)


_BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])


@functools.lru_cache(maxsize=8)
def _matrix_profile(
    primaries: tuple[tuple[float, float], ...], white: tuple[float, float], curve: str | float
) -> bytes:
    """An ICC v2 matrix/TRC display profile for RGB with these primaries and white point (CIE
    xy) and this tone curve ("srgb" or a gamma): the colourants adapted to D50 by Bradford,
    as every display profile stores them."""

    def xyz(x: float, y: float) -> np.ndarray:
        return np.array([x / y, 1.0, (1 - x - y) / y])

    columns = np.column_stack([xyz(*p) for p in primaries])
    to_xyz = columns * np.linalg.solve(columns, xyz(*white))
    cones = _BRADFORD @ xyz(*white)
    adapt = np.linalg.inv(_BRADFORD) @ np.diag((_BRADFORD @ _D50) / cones) @ _BRADFORD
    colourants = adapt @ to_xyz
    if curve == "srgb":
        v = np.linspace(0.0, 1.0, 1024)
        linear = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
        trc = b"curv\0\0\0\0" + struct.pack(">I", 1024) + np.round(linear * 65535).astype(">u2").tobytes()
    else:
        trc = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(float(curve) * 256))
    tags = [
        (b"desc", _desc_tag("HEIF nclx colour")),
        (b"wtpt", _xyz_tag(xyz(*white))),
        (b"rXYZ", _xyz_tag(colourants[:, 0])),
        (b"gXYZ", _xyz_tag(colourants[:, 1])),
        (b"bXYZ", _xyz_tag(colourants[:, 2])),
        (b"rTRC", trc),
        (b"gTRC", trc),
        (b"bTRC", trc),
    ]
    return _icc("RGB", "mntr", "XYZ", tags)


def _lut16_profile(
    space: str,
    device_class: str,
    description: str,
    curves: list[np.ndarray],
    grid: np.ndarray,
    white: np.ndarray,
) -> bytes:
    """An ICC v2 profile whose AToB0 is one lut16 (``mft2``) from ``space`` to XYZ: input
    ``curves`` (one per channel, values 0..1 sampled evenly), then a CLUT of 2 points per
    channel (``grid``: 2**channels rows of PCS values as fractions of 65535, the first
    channel varying slowest), and identity output curves. ``white`` is the media white."""
    channels = len(curves)
    tags = []
    lut = bytearray(b"mft2\0\0\0\0" + bytes([channels, 3, 2, 0]))
    identity = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x10000]
    lut += struct.pack(">9i", *identity)
    lut += struct.pack(">HH", 256, 2)
    for curve in curves:
        lut += np.round(np.asarray(curve) * 65535).astype(">u2").tobytes()
    lut += np.round(np.asarray(grid).reshape(-1) * 65535).astype(">u2").tobytes()
    lut += np.array([0, 65535] * 3, dtype=">u2").tobytes()
    tags.append((b"A2B0", bytes(lut)))
    tags.append((b"wtpt", _xyz_tag(white)))
    tags.append((b"desc", _desc_tag(description)))
    tags.append((b"cprt", b"text\0\0\0\0" + b"No copyright, use freely\0"))
    return _icc(space, device_class, "XYZ", tags)


def _xyz_tag(xyz: np.ndarray) -> bytes:
    return b"XYZ \0\0\0\0" + struct.pack(">3i", *(round(float(v) * 65536) for v in xyz))


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)
        + bytes(67)  # no Macintosh ScriptCode description
    )


def _icc(space: str, device_class: str, pcs: str, tags: list[tuple[bytes, bytes]]) -> bytes:
    """An ICC v2.1 profile from its tags (each padded to 4 bytes)."""
    offset = 128 + 4 + 12 * len(tags)  # the header, the tag count and table
    table, data = bytearray(struct.pack(">I", len(tags))), bytearray()
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    size = offset + len(data)
    header = bytearray(128)
    struct.pack_into(
        ">I4sI4s4s4s",
        header,
        0,
        size,
        b"lcms",
        0x02100000,
        device_class.encode(),
        space.ljust(4).encode(),
        pcs.ljust(4).encode(),
    )
    header[36:40] = b"acsp"
    struct.pack_into(">3i", header, 68, *(round(v * 65536) for v in (0.9642, 1.0, 0.8249)))
    return bytes(header) + bytes(table) + bytes(data)
