"""Phone formats and cut-outs: HEIC/HEIF and AVIF photos, and pictures with transparency,
come out right on cards and in videos alike.

Why: an iPhone's photos are HEIC by default, and were "not an image Takatof can read"; a PNG
cut-out was drawn over the brand background on a card but over black (or the colours hidden
under its transparent pixels) in a video, and its half-transparent pixels came out opaque
there. Every picture is opened by ``takatof.model.media.open_image`` (format, rotation,
colour profile) and every transparency meets its ground by ``takatof.render.raster.put_over``.
The files are written here (pillow-heif, Pillow) and the results looked at pixel by pixel.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from takatof.model.media import FORMATS, image_problem, image_size, open_image
from takatof.render.raster import flatten, rasterize
from takatof.render.video.assets import ensure_photo, photo_path
from takatof.render.video.motion import ken_burns_frame, photo_planes, yuv420_to_rgb
from takatof.templates.layers import Box, Canvas, Fill, Picture
from takatof.templates.timeline import Motion, Photo
from tests import iccprofiles as icc

ORIENTATION = 0x0112
RED = (200, 60, 40)  # a P3 red: sRGB (217, 42, 23) through the profile
GREEN = (60, 160, 90)  # a P3 green: sRGB (0, 163, 82)
BRAND = "#1E6B52"
BRAND_RGB = (0x1E, 0x6B, 0x52)
STILL = Motion(1.0, 1.0, 0.5, 0.5, 0.5, 0.5)  # no zoom, no pan: the frame is the prepared photo


def sideways_photo(width: int = 64, height: int = 32) -> Image.Image:
    """Left half RED, right half GREEN: shown upright after a quarter turn clockwise (EXIF
    orientation 6, how a phone held upright stores its picture), RED is on top."""
    image = Image.new("RGB", (width, height), GREEN)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = value
    return exif.tobytes()


def centre(image: Image.Image | np.ndarray, x: int, y: int, r: int = 3) -> np.ndarray:
    """The mean colour of a small square around (x, y)."""
    pixels = np.asarray(image.convert("RGB") if isinstance(image, Image.Image) else image, dtype=float)
    return pixels[y - r : y + r, x - r : x + r].reshape(-1, 3).mean(axis=0)


def p3(colour: tuple[int, int, int]) -> np.ndarray:
    return icc.expected_srgb(colour, icc.P3_PRIMARIES, icc.D65_XY, "srgb")


def write_heic(path: Path) -> None:
    sideways_photo().save(
        path,
        "HEIF",
        quality=100,
        chroma=444,
        exif=exif_orientation(6),
        icc_profile=icc.display_p3(),
    )


def write_avif(path: Path) -> None:
    sideways_photo().save(
        path,
        "AVIF",
        quality=100,
        subsampling="4:4:4",
        exif=exif_orientation(6),
        icc_profile=icc.display_p3(),
    )


WRITERS = {"heic": write_heic, "avif": write_avif}


# ------------------------------------------------------------------ HEIC and AVIF


def test_heif_and_avif_are_formats_takatof_reads() -> None:
    assert "HEIF" in FORMATS and "AVIF" in FORMATS
    Image.init()
    assert "HEIF" in Image.ID and "AVIF" in Image.ID  # registered once the model is imported


@pytest.mark.parametrize("kind", list(WRITERS))
def test_phone_photo_is_upright_and_in_srgb(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"IMG_0001.{kind}"
    WRITERS[kind](path)
    assert image_problem(path) is None
    assert image_size(path) == (32, 64)  # upright: a portrait

    image = open_image(path)
    assert image.size == (32, 64) and image.mode == "RGB"
    top, bottom = centre(image, 16, 12), centre(image, 16, 52)
    # RED is on top (the quarter turn was applied once, not twice or never) and both
    # colours went through the Display P3 profile (the lossy codec adds a few values).
    assert np.abs(top - p3(RED)).max() <= 6, (top, p3(RED))
    assert np.abs(bottom - p3(GREEN)).max() <= 6, (bottom, p3(GREEN))
    assert np.abs(top - np.array(RED)).max() > 12  # what reading it as sRGB would give


@pytest.mark.parametrize(
    ("primaries", "converted"),
    [(12, True), (1, False)],  # Display P3 (SMPTE EG 432-1); BT.709, which is sRGB's
)
def test_heic_described_by_nclx_instead_of_a_profile(tmp_path: Path, primaries: int, converted: bool) -> None:
    """HEIF may describe its colours by code points (an "nclx" box) rather than an ICC
    profile: P3 primaries are converted as a Display P3 profile would be, BT.709's are not."""
    path = tmp_path / "nclx.heic"
    nclx = {
        "color_primaries": primaries,
        "transfer_characteristics": 13,
        "matrix_coefficients": 6,
        "full_range_flag": 1,
    }
    Image.new("RGB", (16, 16), RED).save(path, "HEIF", quality=100, chroma=444, nclx_profile=nclx)
    with Image.open(path) as raw:
        assert "icc_profile" not in raw.info and raw.info["nclx_profile"]["color_primaries"] == primaries
    got = centre(open_image(path), 8, 8)
    assert np.abs(got - (p3(RED) if converted else np.array(RED))).max() <= 4, got


def test_heic_on_a_card_and_in_a_video(tmp_path: Path) -> None:
    """The card and the video's prepared photo both show the upright, converted picture."""
    path = tmp_path / "IMG_0002.heic"
    write_heic(path)
    card, problems = rasterize([Picture(path, Box(0, 0, 32, 64))], Canvas(32, 64))
    assert problems == []
    assert np.abs(centre(card, 16, 12) - p3(RED)).max() <= 6
    assert np.abs(centre(card, 16, 52) - p3(GREEN)).max() <= 6

    segment = Photo(path, 1.0, STILL)
    prepared = ensure_photo(segment, Canvas(32, 64), tmp_path / "photo.jpg")
    frame = video_frame(segment, prepared, 32, 64)
    assert np.abs(centre(frame, 16, 12) - p3(RED)).max() <= 8
    assert np.abs(centre(frame, 16, 52) - p3(GREEN)).max() <= 8


# ---------------------------------------------------------------------- transparency


def cut_out(path: Path) -> None:
    """A 64x64 PNG: the left half fully transparent over a hidden magenta, the right half
    white at 50% alpha (128/255)."""
    image = Image.new("RGBA", (64, 64), (255, 255, 255, 128))
    image.paste((255, 0, 255, 0), (0, 0, 32, 64))
    image.save(path)


def over(colour: tuple[int, int, int], alpha: int, ground: tuple[int, int, int]) -> np.ndarray:
    """Straight-alpha "over", computed here: a * colour + (1 - a) * ground."""
    a = alpha / 255
    return a * np.array(colour, float) + (1 - a) * np.array(ground, float)


def video_frame(segment: Photo, prepared: Path, w: int, h: int) -> np.ndarray:
    """The first Ken Burns frame of the segment, as the render feeds it to ffmpeg (4:2:0),
    shown as RGB."""
    photo_planes.cache_clear()
    return yuv420_to_rgb(ken_burns_frame(photo_planes(prepared), segment, 0, 30, w, h))


def test_transparency_is_the_same_on_a_card_and_in_a_video(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    cut_out(path)
    half = over((255, 255, 255), 128, BRAND_RGB)

    card, problems = rasterize([Fill(BRAND), Picture(path, Box(0, 0, 64, 64))], Canvas(64, 64))
    assert problems == []
    assert np.abs(centre(card, 16, 32) - BRAND_RGB).max() <= 0.5  # the brand, no magenta
    assert np.abs(centre(card, 48, 32) - half).max() <= 1  # the 50/50 mix, not white

    segment = Photo(path, 1.0, STILL, ground=(Fill(BRAND),))
    canvas = Canvas(64, 64)
    prepared = ensure_photo(segment, canvas, photo_path(segment, canvas, tmp_path))
    with Image.open(prepared) as jpeg:
        assert jpeg.mode == "RGB"
        assert np.abs(centre(jpeg, 16, 32) - BRAND_RGB).max() <= 2
        assert np.abs(centre(jpeg, 48, 32) - half).max() <= 2
    frame = video_frame(segment, prepared, 64, 64)
    # The frame ffmpeg encodes (4:2:0, BT.709) equals the card's pixels within its rounding.
    assert np.abs(centre(frame, 16, 32) - centre(card, 16, 32)).max() <= 3
    assert np.abs(centre(frame, 48, 32) - centre(card, 48, 32)).max() <= 3


def test_without_a_ground_transparency_shows_black_not_hidden_colours(tmp_path: Path) -> None:
    """A plan that gives a photo no ground (an older plan) shows black under it, and its
    half-transparent pixels still mix (they used to show their colour at full strength)."""
    path = tmp_path / "logo.png"
    cut_out(path)
    segment = Photo(path, 1.0, STILL)
    canvas = Canvas(64, 64)
    frame = video_frame(segment, ensure_photo(segment, canvas, tmp_path / "photo.jpg"), 64, 64)
    assert np.abs(centre(frame, 16, 32)).max() <= 3
    assert np.abs(centre(frame, 48, 32) - over((255, 255, 255), 128, (0, 0, 0))).max() <= 3


def test_the_ground_is_part_of_the_prepared_photos_name(tmp_path: Path) -> None:
    """Another brand colour is another prepared photo, never a stale one."""
    path = tmp_path / "logo.png"
    cut_out(path)
    canvas = Canvas(64, 64)
    green = Photo(path, 1.0, STILL, ground=(Fill(BRAND),))
    red = Photo(path, 1.0, STILL, ground=(Fill("#C0392B"),))
    assert photo_path(green, canvas, tmp_path) != photo_path(red, canvas, tmp_path)
    assert photo_path(Photo(path, 1.0, STILL), canvas, tmp_path) != photo_path(green, canvas, tmp_path)


@pytest.mark.parametrize("alpha", [0, 1, 64, 128, 200, 254, 255])
def test_flatten_is_straight_alpha_over(alpha: int) -> None:
    """Table test of the one blend rule, against the formula."""
    colour, ground = (250, 20, 120), (10, 200, 40)
    picture = Image.new("RGBA", (4, 4), (*colour, alpha))
    got = np.array(flatten(picture, Image.new("RGB", (4, 4), ground)).getpixel((1, 1)), float)
    assert np.abs(got - over(colour, alpha, ground)).max() <= 1, (alpha, got)


def test_resizing_a_cut_out_does_not_bleed_hidden_colour(tmp_path: Path) -> None:
    """Pictures are scaled before they meet their ground; the scaling is premultiplied, so
    the colour under transparent pixels does not tint their neighbours. Stripes one pixel
    wide, transparent magenta and opaque white, halved: each pixel is white at 50%, whose
    mix with the ground has full green (unpremultiplied scaling averages magenta in: green
    down by ~60 values, a pink cast)."""
    stripes = np.zeros((64, 64, 4), dtype=np.uint8)
    stripes[:, 0::2] = (255, 0, 255, 0)
    stripes[:, 1::2] = (255, 255, 255, 255)
    path = tmp_path / "stripes.png"
    Image.fromarray(stripes).save(path)
    half = over((255, 255, 255), 128, BRAND_RGB)

    card, _ = rasterize([Fill(BRAND), Picture(path, Box(0, 0, 32, 32))], Canvas(32, 32))
    assert np.abs(centre(card, 16, 16, r=8) - half).max() <= 3, centre(card, 16, 16, r=8)

    segment = Photo(path, 1.0, STILL, ground=(Fill(BRAND),))
    canvas = Canvas(32, 32)
    frame = video_frame(segment, ensure_photo(segment, canvas, photo_path(segment, canvas, tmp_path)), 32, 32)
    assert np.abs(centre(frame, 16, 16, r=8) - half).max() <= 4, centre(frame, 16, 16, r=8)
