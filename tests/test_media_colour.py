"""Photos with colour profiles come out as their makers saw them, on cards and in videos.

Why: a Display P3 phone photo, an AdobeRGB or ProPhoto export, read as if their numbers were
sRGB, came out dull; a CMYK JPEG made for print came out garish (Pillow's ``255 - ink``
conversion); a grey scan with a gamma-1.0 profile came out too dark. Every image is opened
by ``takatof.model.media.open_image``, which now converts through the embedded profile.

The profiles are written by the test (:mod:`tests.iccprofiles`) and the expected sRGB values
computed from the colour spaces' definitions with numpy, independently of LittleCMS.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops

from takatof.model.media import open_image
from takatof.render.raster import rasterize
from takatof.templates.layers import Box, Canvas, Picture
from tests import iccprofiles as icc

SPACES = {
    "display-p3": (icc.display_p3, icc.P3_PRIMARIES, icc.D65_XY, "srgb"),
    "adobe-rgb": (icc.adobe_rgb, icc.ADOBE_PRIMARIES, icc.D65_XY, str(icc.ADOBE_GAMMA)),
    "prophoto": (icc.prophoto_rgb, icc.PROPHOTO_PRIMARIES, icc.PROPHOTO_WHITE, str(icc.PROPHOTO_GAMMA)),
}

# Saturated patches a photo has (a red jacket, foliage, a magenta dress, a yellow taxi): colours
# that the wide spaces hold further out than sRGB, so the conversion moves them visibly.
PATCHES = [(200, 60, 40), (60, 160, 90), (220, 40, 140), (230, 200, 60)]


def srgb8_to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB code values -> CIE Lab (D65 white), for colour differences."""
    linear = icc.srgb_decode(np.asarray(rgb, dtype=float) / 255)
    xyz = icc.rgb_to_xyz_matrix(icc.SRGB_PRIMARIES, icc.D65_XY) @ linear
    f = np.cbrt(xyz / icc.xy_to_xyz(icc.D65_XY))
    f = np.where(
        xyz / icc.xy_to_xyz(icc.D65_XY) > (6 / 29) ** 3,
        f,
        xyz / icc.xy_to_xyz(icc.D65_XY) / (3 * (6 / 29) ** 2) + 4 / 29,
    )
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lab_to_xyz(lab: np.ndarray) -> np.ndarray:
    """CIE Lab (D50) -> PCS XYZ (D50)."""
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    f = np.array([fy + a / 500, fy, fy - b / 200])
    return np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * icc.D50


def delta_e(a: np.ndarray, b: np.ndarray) -> float:
    """CIE76 colour difference between two sRGB code-value triples."""
    return float(np.linalg.norm(srgb8_to_lab(a) - srgb8_to_lab(b)))


def patch_image(colours: Sequence[tuple[int, ...]], mode: str = "RGB") -> Image.Image:
    """One 8x8 patch per colour, side by side."""
    image = Image.new(mode, (8 * len(colours), 8))
    for k, colour in enumerate(colours):
        image.paste(colour, (8 * k, 0, 8 * k + 8, 8))
    return image


def patch_values(image: Image.Image, count: int) -> list[np.ndarray]:
    """The mean colour of each patch's middle (away from JPEG's block edges)."""
    pixels = np.asarray(image.convert("RGB"), dtype=float)
    return [pixels[2:6, 8 * k + 2 : 8 * k + 6].reshape(-1, 3).mean(axis=0) for k in range(count)]


def png_rgb16(path: Path, pixels: np.ndarray, profile: bytes) -> None:
    """A 16-bit RGB PNG with an iCCP chunk (Pillow writes no 16-bit RGB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    h, w = pixels.shape[:2]
    rows = b"".join(b"\0" + pixels[y].astype(">u2").tobytes() for y in range(h))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
        + chunk(b"iCCP", b"test\0\0" + zlib.compress(profile))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# ------------------------------------------------------------------- wide-gamut RGB


@pytest.mark.parametrize("space", list(SPACES))
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_wide_gamut_photo_lands_on_its_srgb_colour(tmp_path: Path, space: str, fmt: str) -> None:
    make, primaries, white, decode = SPACES[space]
    path = tmp_path / f"photo.{fmt.lower()}"
    options = (
        {"quality": 100, "subsampling": 0} if fmt == "JPEG" else {"lossless": True} if fmt == "WEBP" else {}
    )
    patch_image(PATCHES).save(path, fmt, icc_profile=make(), **options)

    got = patch_values(open_image(path), len(PATCHES))
    for patch, value in zip(PATCHES, got, strict=True):
        expected = icc.expected_srgb(patch, primaries, white, decode)
        # The conversion lands within a couple of code values of the colour space's own math
        # (JPEG at quality 100 adds a little), while the numbers read as sRGB are far off.
        assert np.abs(value - expected).max() <= (4 if fmt == "JPEG" else 1.5), (patch, value, expected)
        assert delta_e(value, expected) < 2.0
        assert delta_e(np.array(patch, float), expected) > 4.0, "the patch would not show the bug"


def test_p3_red_is_more_saturated_than_its_numbers_read_as_srgb(tmp_path: Path) -> None:
    """The case people see: an iPhone's P3 red comes out redder, not dull."""
    path = tmp_path / "iphone.png"
    patch_image([(200, 60, 40)]).save(path, icc_profile=icc.display_p3())
    r, g, b = patch_values(open_image(path), 1)[0]
    assert r > 210 and g < 50 and b < 30  # expected (217, 42, 23); untagged reading (200, 60, 40)


def test_sixteen_bit_rgb_png_with_a_profile(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    colour = (200, 60, 40)
    pixels = np.empty((8, 8, 3), dtype=np.uint16)
    pixels[:] = np.array(colour, dtype=np.uint16) * 257  # the 16-bit value of the same level
    png_rgb16(path, pixels, icc.adobe_rgb())
    got = patch_values(open_image(path), 1)[0]
    expected = icc.expected_srgb(colour, icc.ADOBE_PRIMARIES, icc.D65_XY, str(icc.ADOBE_GAMMA))
    assert np.abs(got - expected).max() <= 1.5, (got, expected)


def test_transparent_and_palette_pictures_keep_their_alpha(tmp_path: Path) -> None:
    colour = (40, 90, 200)
    expected = icc.expected_srgb(colour, icc.P3_PRIMARIES, icc.D65_XY, "srgb")
    rgba = Image.new("RGBA", (8, 8), (*colour, 128))
    rgba.paste((0, 0, 0, 0), (0, 0, 4, 8))
    rgba.save(tmp_path / "rgba.png", icc_profile=icc.display_p3())
    image = open_image(tmp_path / "rgba.png")
    assert image.mode == "RGBA"
    assert image.getpixel((6, 4))[3] == 128 and image.getpixel((1, 4))[3] == 0
    assert np.abs(np.array(image.getpixel((6, 4))[:3]) - expected).max() <= 1

    palette = patch_image([colour]).quantize(4)
    palette.save(tmp_path / "palette.png", icc_profile=icc.display_p3())
    got = open_image(tmp_path / "palette.png")
    assert got.mode == "RGB"
    assert np.abs(np.array(got.getpixel((4, 4))) - expected).max() <= 1


def test_srgb_and_broken_profiles_leave_the_pixels_alone(tmp_path: Path) -> None:
    """A photo already in sRGB is not touched (and costs nothing); a profile that cannot be
    read, or one for another colour space, is ignored as a browser ignores it, rather than
    the photo being refused."""
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for name, profile in [
        ("srgb", srgb),
        ("broken", b"not a profile at all" * 10),
        ("grey", icc.grey_profile(1.0)),
    ]:
        path = tmp_path / f"{name}.png"
        patch_image(PATCHES).save(path, icc_profile=profile)
        got = patch_values(open_image(path), len(PATCHES))
        for patch, value in zip(PATCHES, got, strict=True):
            assert np.abs(value - np.array(patch)).max() <= 1, (name, patch, value)


# ---------------------------------------------------------------------------- grey


def test_grey_with_a_grey_profile(tmp_path: Path) -> None:
    """A linear (gamma 1.0) grey scan: level 128 is half the light, which sRGB writes as 188."""
    expected = icc.pcs_to_srgb8(icc.D50 * (128 / 255))
    Image.new("L", (8, 8), 128).save(tmp_path / "grey.png", icc_profile=icc.grey_profile(1.0))
    grey = open_image(tmp_path / "grey.png")
    assert np.abs(np.array(grey.getpixel((4, 4))) - expected).max() <= 1, (grey.getpixel((4, 4)), expected)

    la = Image.new("LA", (8, 8), (128, 100))
    la.save(tmp_path / "grey-alpha.png", icc_profile=icc.grey_profile(1.0))
    image = open_image(tmp_path / "grey-alpha.png")
    assert image.mode == "RGBA" and image.getpixel((4, 4))[3] == 100
    assert np.abs(np.array(image.getpixel((4, 4))[:3]) - expected).max() <= 1

    deep = Image.fromarray(np.full((8, 8), 128 * 257, dtype=np.uint16))
    deep.save(tmp_path / "grey16.png", icc_profile=icc.grey_profile(1.0))
    got = open_image(tmp_path / "grey16.png")
    assert np.abs(np.array(got.getpixel((4, 4))) - expected).max() <= 1


# ---------------------------------------------------------------------------- CMYK

# A print profile's solids, as PCS XYZ relative to the paper (made up, press-like).
CORNERS = {
    0b0000: tuple(icc.D50),
    0b1000: (0.15, 0.23, 0.48),  # cyan
    0b0100: (0.35, 0.18, 0.13),  # magenta
    0b0010: (0.72, 0.78, 0.08),  # yellow
}
CMYK_PATCHES = [
    ((255, 0, 0, 0), 0b1000),
    ((0, 255, 0, 0), 0b0100),
    ((0, 0, 255, 0), 0b0010),
    ((0, 0, 0, 0), 0),
]


def _cmyk_patches() -> Image.Image:
    return patch_image([c for c, _ in CMYK_PATCHES], "CMYK")


def _strip_adobe_marker(data: bytes) -> bytes:
    """The JPEG without its APP14 "Adobe" segment."""
    start = data.find(b"\xff\xee")
    assert start > 0 and data[start + 4 : start + 9] == b"Adobe"
    length = struct.unpack(">H", data[start + 2 : start + 4])[0]
    return data[:start] + data[start + 2 + length :]


def test_cmyk_jpeg_through_its_profile(tmp_path: Path) -> None:
    """Pillow writes CMYK JPEGs as Photoshop does: inverted, with an Adobe marker."""
    path = tmp_path / "print.jpg"
    _cmyk_patches().save(path, "JPEG", quality=100, icc_profile=icc.cmyk_profile(CORNERS))
    assert b"\xff\xee" in path.read_bytes()
    got = patch_values(open_image(path), len(CMYK_PATCHES))
    for (cmyk, corner), value in zip(CMYK_PATCHES, got, strict=True):
        expected = icc.pcs_to_srgb8(np.array(CORNERS[corner]))
        naive = np.array(Image.new("CMYK", (1, 1), cmyk).convert("RGB").getpixel((0, 0)), float)
        assert np.abs(value - expected).max() <= 3, (cmyk, value, expected)
        if corner:
            assert delta_e(naive, expected) > 10, "the naive conversion is the garish one"


def test_cmyk_jpeg_without_the_adobe_marker_is_not_a_negative(tmp_path: Path) -> None:
    """A CMYK JPEG whose values are stored plain (no Adobe marker) is not read inverted."""
    buffer = io.BytesIO()
    # Pillow inverts on writing; writing the inverse stores the plain values.
    ImageChops.invert(_cmyk_patches()).save(
        buffer, "JPEG", quality=100, icc_profile=icc.cmyk_profile(CORNERS)
    )
    path = tmp_path / "plain.jpg"
    path.write_bytes(_strip_adobe_marker(buffer.getvalue()))
    with Image.open(path) as probe:
        assert "adobe" not in probe.info
    got = patch_values(open_image(path), len(CMYK_PATCHES))
    for (cmyk, corner), value in zip(CMYK_PATCHES, got, strict=True):
        assert np.abs(value - icc.pcs_to_srgb8(np.array(CORNERS[corner]))).max() <= 3, (cmyk, value)


def test_cmyk_without_a_profile_looks_like_print_not_neon(tmp_path: Path) -> None:
    """No profile: read as a coated press sheet. The ISO 12647-2 solids (Lab, relative to
    the paper) are the reference; the naive conversion's (0, 255, 255) cyan is far off."""
    path = tmp_path / "untagged.jpg"
    _cmyk_patches().save(path, "JPEG", quality=100)
    got = patch_values(open_image(path), len(CMYK_PATCHES))
    iso = {0b1000: (55, -37, -50), 0b0100: (48, 74, -3), 0b0010: (89, -5, 93)}
    paper = np.array([95.0, 0.0, -2.0])
    for (cmyk, corner), value in zip(CMYK_PATCHES, got, strict=True):
        if corner == 0:
            assert value.min() >= 253  # paper is white
            continue
        # The solid relative to its paper (paper -> L* 100), clipped into sRGB.
        relative = np.array(iso[corner], float) - paper + np.array([100.0, 0.0, 0.0])
        reference = icc.pcs_to_srgb8(lab_to_xyz(relative))
        naive = np.array(Image.new("CMYK", (1, 1), cmyk).convert("RGB").getpixel((0, 0)), float)
        assert delta_e(value, reference) < 8, (cmyk, value, reference)
        # Yellow is much the same either way; cyan and magenta are where naive goes neon.
        margin = 15 if corner in (0b1000, 0b0100) else 2
        assert delta_e(naive, reference) > delta_e(value, reference) + margin, (cmyk, naive, value, reference)


# ------------------------------------------------------------ the same on cards


def test_card_shows_the_converted_colour(tmp_path: Path) -> None:
    """A card draws the photo through the same opener: the card's pixel is the sRGB value."""
    colour = (60, 160, 90)
    path = tmp_path / "p3.jpg"
    Image.new("RGB", (64, 64), colour).save(path, quality=100, subsampling=0, icc_profile=icc.display_p3())
    card, problems = rasterize([Picture(path, Box(0, 0, 32, 32))], Canvas(32, 32))
    assert problems == []
    expected = icc.expected_srgb(colour, icc.P3_PRIMARIES, icc.D65_XY, "srgb")
    assert np.abs(np.array(card.getpixel((16, 16)), float) - expected).max() <= 3


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    """Nothing cached per path goes stale: the same name saved with another profile shows
    the new colours (on a card, whose pictures are cached per file version)."""
    colour = (200, 60, 40)
    path = tmp_path / "photo.png"
    patch_image([colour]).save(path, icc_profile=icc.display_p3())
    first, _ = rasterize([Picture(path, Box(0, 0, 8, 8))], Canvas(8, 8))
    patch_image([colour]).save(path, icc_profile=icc.prophoto_rgb())
    os.utime(path, ns=(1, 1))  # a different version even on a coarse-clock file system
    second, _ = rasterize([Picture(path, Box(0, 0, 8, 8))], Canvas(8, 8))
    p3 = icc.expected_srgb(colour, icc.P3_PRIMARIES, icc.D65_XY, "srgb")
    pro = icc.expected_srgb(colour, icc.PROPHOTO_PRIMARIES, icc.PROPHOTO_WHITE, str(icc.PROPHOTO_GAMMA))
    assert np.abs(np.array(first.getpixel((4, 4)), float) - p3).max() <= 1
    assert np.abs(np.array(second.getpixel((4, 4)), float) - pro).max() <= 1
