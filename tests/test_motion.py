"""Unit tests of the pure functions of takatof.render.video.motion (sub-pixel Ken Burns frames).

Why: tests/test_ken_burns.py checks the smoothness of a whole encoded render, which is slow
and says little about *which* piece is wrong when it fails. These tests hold each piece to an
independent statement of what it should do: BT.709 limited-range colour written out from its
formulas, the crop arithmetic checked against its own definition, the bilinear sampling
against a float64 numpy reference, the motion of whole frames measured from the pixels, and
the byte layout of the raw ``yuv420p`` stream ffmpeg reads.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from takatof.render.video import motion
from takatof.render.video.assets import Assets
from takatof.render.video.motion import (
    crop_at,
    feed,
    ken_burns_frame,
    photo_planes,
    rgb_to_yuv420,
    sample,
    write_frames,
    yuv420_to_rgb,
)
from takatof.templates.timeline import Motion, Photo, Still, Timeline, frame_count

KR, KB = 0.2126, 0.0722  # BT.709
KG = 1.0 - KR - KB


def bt709(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """Limited-range Y, Cb, Cr (unrounded) of an 8-bit RGB colour, from the BT.709 formulas."""
    r, g, b = (c / 255.0 for c in rgb)
    y = KR * r + KG * g + KB * b
    return 16 + 219 * y, 128 + 224 * (b - y) / (2 * (1 - KB)), 128 + 224 * (r - y) / (2 * (1 - KR))


def smooth_noise(
    shape: tuple[int, ...], sigma: float, seed: int, lo: float = 0, hi: float = 255
) -> np.ndarray:
    """Gaussian-blurred noise stretched to lo..hi, as uint8: random, but smooth enough that a
    position error of 1/32 px changes a value by well under one level."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(shape).astype(np.float32)
    blurred = cv2.GaussianBlur(noise, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)
    blurred = (blurred - blurred.min()) / (blurred.max() - blurred.min())
    return np.rint(lo + (hi - lo) * blurred).astype(np.uint8)


def pad(plane: np.ndarray) -> np.ndarray:
    """The plane as :func:`photo_planes` prepares it: a replicated border of ``_PAD`` pixels."""
    return np.pad(plane, motion._PAD, mode="edge")


def photo(m: Motion, duration: float = 1.0, path: Path = Path("photo.jpg")) -> Photo:
    """A photo segment with motion ``m`` (crop_at and ken_burns_frame never open the file)."""
    return Photo(path, duration, m)


# --- rgb_to_yuv420 / yuv420_to_rgb -----------------------------------------------------------


@pytest.mark.parametrize(
    "rgb",
    [
        (255, 255, 255),
        (0, 0, 0),
        (255, 0, 0),
        (0, 255, 0),
        (0, 0, 255),
        (128, 128, 128),
        (15, 92, 74),
    ],
    ids=["white", "black", "red", "green", "blue", "grey", "teal"],
)
def test_flat_colour_is_bt709_limited_range(rgb: tuple[int, int, int]) -> None:
    """The output is tagged BT.709 limited range: a flat colour must land on the values the
    standard's formulas give, or every photo plays with shifted colours."""
    image = np.empty((4, 6, 3), np.uint8)
    image[...] = rgb
    y, cb, cr = rgb_to_yuv420(image)
    want = bt709(rgb)
    for plane, value in zip((y, cb, cr), want, strict=True):
        assert plane.dtype == np.uint8
        assert np.all(np.abs(plane.astype(float) - value) <= 1), (rgb, value, np.unique(plane))


@pytest.mark.parametrize(
    ("rgb", "y", "cb", "cr"),
    [((255, 255, 255), 235, 128, 128), ((0, 0, 0), 16, 128, 128)],
    ids=["white", "black"],
)
def test_white_and_black_are_exact(rgb: tuple[int, int, int], y: int, cb: int, cr: int) -> None:
    """Limited range puts white and black at exactly 235 and 16 with neutral chroma: an
    off-by-one here would show as grey blacks or clipped whites."""
    image = np.full((2, 2, 3), rgb, np.uint8)
    planes = rgb_to_yuv420(image)
    assert [int(p[0, 0]) for p in planes] == [y, cb, cr]


@pytest.mark.parametrize(("h", "w"), [(4, 6), (5, 7), (1, 1), (2, 3), (7, 4)])
def test_chroma_planes_are_half_size(h: int, w: int) -> None:
    """yuv420p carries chroma at half size, rounded up for odd sizes; any other shape would
    misalign the raw stream."""
    y, cb, cr = rgb_to_yuv420(np.zeros((h, w, 3), np.uint8))
    assert y.shape == (h, w)
    assert cb.shape == cr.shape == ((h + 1) // 2, (w + 1) // 2)


def test_odd_size_repeats_the_last_column() -> None:
    """An odd width pads the chroma by repeating the last column, so the last chroma sample
    is that column's own colour (not a blend with black)."""
    image = np.zeros((2, 3, 3), np.uint8)
    image[:, 2] = (255, 0, 0)
    _, cb, cr = rgb_to_yuv420(image)
    _, black_cb, black_cr = bt709((0, 0, 0))
    _, red_cb, red_cr = bt709((255, 0, 0))
    assert cb.shape == (1, 2)
    assert abs(int(cb[0, 0]) - black_cb) <= 1 and abs(int(cr[0, 0]) - black_cr) <= 1
    assert abs(int(cb[0, 1]) - red_cb) <= 1 and abs(int(cr[0, 1]) - red_cr) <= 1


def test_chroma_is_the_average_of_a_2x2_block() -> None:
    """4:2:0 chroma is one sample per 2x2 block: it must be the block's mean, not one corner."""
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)]
    image = np.array(colours, np.uint8).reshape(2, 2, 3)
    y, cb, cr = rgb_to_yuv420(image)
    want = [bt709(c) for c in colours]
    assert cb.shape == cr.shape == (1, 1)
    assert abs(int(cb[0, 0]) - np.mean([c[1] for c in want])) <= 1
    assert abs(int(cr[0, 0]) - np.mean([c[2] for c in want])) <= 1
    # Luma stays per pixel.
    assert np.all(np.abs(y.astype(float).ravel() - [c[0] for c in want]) <= 1)


def test_round_trip_on_a_smooth_image() -> None:
    """yuv420_to_rgb is what the preview shows: on a smooth photo, converting there and back
    must cost only rounding and the (mild) loss of chroma resolution."""
    rgb = smooth_noise((48, 64, 3), sigma=3.0, seed=1, lo=20, hi=235)
    back = yuv420_to_rgb(rgb_to_yuv420(rgb))
    assert back.shape == rgb.shape
    error = np.abs(back.astype(np.float64) - rgb.astype(np.float64))
    assert error.mean() < 2, error.mean()


# --- photo_planes ----------------------------------------------------------------------------


def test_photo_planes_pads_each_plane(tmp_path: Path) -> None:
    """``sample`` relies on a replicated border of ``_PAD`` pixels around every plane."""
    rgb = smooth_noise((14, 10, 3), sigma=1.5, seed=2)
    path = tmp_path / "p.png"
    Image.fromarray(rgb).save(path)
    try:
        planes = photo_planes(path)
    finally:
        photo_planes.cache_clear()
    for got, plain in zip(planes, rgb_to_yuv420(rgb), strict=True):
        np.testing.assert_array_equal(got, pad(plain))


# --- crop_at ---------------------------------------------------------------------------------

W, H = 64, 112  # a small 9:16-ish output


@pytest.mark.parametrize(("iw", "ih"), [(64, 112), (128, 224), (96, 168)])
def test_zoom_one_on_matching_aspect_is_the_whole_photo(iw: int, ih: int) -> None:
    """At zoom 1 a photo of the output's aspect is shown whole, whatever the centre asks."""
    m = Motion(zoom_from=1.0, zoom_to=1.0, x_from=0.3, x_to=0.7, y_from=0.6, y_to=0.4)
    for k in (0, 5, 9):
        x, y, scale = crop_at(photo(m), k, 10, iw, ih, W, H)
        assert x == pytest.approx(0.0, abs=1e-9)
        assert y == pytest.approx(0.0, abs=1e-9)
        assert scale == pytest.approx(W / iw)


MOVE = Motion(zoom_from=1.5, zoom_to=2.0, x_from=0.4, x_to=0.6, y_from=0.55, y_to=0.45)


@pytest.mark.parametrize(
    ("iw", "ih", "cover"),
    [(200, 350, 64 / 200), (240, 350, 112 / 350), (200, 400, 64 / 200)],
    ids=["same-aspect", "wider", "taller"],
)
@pytest.mark.parametrize(
    ("k", "zoom", "fx", "fy"), [(0, 1.5, 0.4, 0.55), (11, 2.0, 0.6, 0.45)], ids=["first", "last"]
)
def test_first_and_last_frames_hit_the_motion_ends(
    iw: int, ih: int, cover: float, k: int, zoom: float, fx: float, fy: float
) -> None:
    """Frame 0 and frame n-1 show exactly the motion's from and to views: the zoom on top of
    the cover scale, and the crop centred on the requested point (none of these clamp)."""
    x, y, scale = crop_at(photo(MOVE), k, 12, iw, ih, W, H)
    assert scale == pytest.approx(cover * zoom)
    cw, ch = W / scale, H / scale
    assert x + cw / 2 == pytest.approx(fx * iw)
    assert y + ch / 2 == pytest.approx(fy * ih)
    assert 0 <= x <= iw - cw and 0 <= y <= ih - ch


def test_single_frame_uses_the_start_view() -> None:
    """n = 1 must not divide by zero; the one frame is the start of the motion."""
    assert crop_at(photo(MOVE), 0, 1, 200, 350, W, H) == crop_at(photo(MOVE), 0, 12, 200, 350, W, H)


def test_zoom_below_one_is_treated_as_one() -> None:
    """A zoom under 1 would show past the photo's edge; the view never gets wider than cover."""
    out = Motion(zoom_from=0.8, zoom_to=0.8)
    one = Motion(zoom_from=1.0, zoom_to=1.0)
    assert crop_at(photo(out), 3, 10, 200, 350, W, H) == crop_at(photo(one), 3, 10, 200, 350, W, H)


@pytest.mark.parametrize("zoom", [1.0, 1.1, 1.6])
@pytest.mark.parametrize("centre", [0.0, 0.02, 0.2, 0.8, 0.98, 1.0])
def test_crop_stays_inside_the_photo(zoom: float, centre: float) -> None:
    """A centre near the edge would put the crop partly outside the photo: it is clamped."""
    iw, ih = 230, 350
    m = Motion(zoom_from=zoom, zoom_to=zoom, x_from=centre, x_to=centre, y_from=centre, y_to=centre)
    x, y, scale = crop_at(photo(m), 0, 2, iw, ih, W, H)
    eps = 1e-9
    assert -eps <= x <= iw - W / scale + eps
    assert -eps <= y <= ih - H / scale + eps
    if centre == 0.0:
        assert x == 0.0 and y == 0.0
    if centre == 1.0:
        assert x == pytest.approx(iw - W / scale) and y == pytest.approx(ih - H / scale)


def test_pan_at_constant_zoom_is_linear() -> None:
    """Constant speed reads as smooth: consecutive frames of a pan move by equal steps."""
    iw, ih = 200, 350
    m = Motion(zoom_from=1.3, zoom_to=1.3, x_from=0.42, x_to=0.58)  # half view 77 px: no clamping
    n = 25
    views = [crop_at(photo(m), k, n, iw, ih, W, H) for k in range(n)]
    xs = np.array([v[0] for v in views])
    assert xs[0] > 0 and xs[-1] + W / views[0][2] < iw
    steps = np.diff(xs)
    assert steps == pytest.approx(np.full(n - 1, 0.16 * iw / (n - 1)))
    assert {v[1] for v in views} == {views[0][1]} and {v[2] for v in views} == {views[0][2]}


# --- sample ----------------------------------------------------------------------------------

IW, IH = 120, 90  # the unpadded source plane
SW, SH = 40, 30  # the sampled output


def bilinear_reference(src: np.ndarray, x: float, y: float, scale: float, w: int, h: int) -> np.ndarray:
    """Float64 bilinear sampling, written from the definition: output pixel j samples source
    x + (j + 0.5)/scale - 0.5 (same in y), coordinates clamped to the (unpadded) plane."""
    ih, iw = src.shape
    src = src.astype(np.float64)
    u = np.clip(x + (np.arange(w) + 0.5) / scale - 0.5, 0, iw - 1)
    v = np.clip(y + (np.arange(h) + 0.5) / scale - 0.5, 0, ih - 1)
    x0 = np.minimum(np.floor(u).astype(int), iw - 2)
    y0 = np.minimum(np.floor(v).astype(int), ih - 2)
    fx = (u - x0)[None, :]
    fy = (v - y0)[:, None]
    a = src[np.ix_(y0, x0)]
    b = src[np.ix_(y0, x0 + 1)]
    c = src[np.ix_(y0 + 1, x0)]
    d = src[np.ix_(y0 + 1, x0 + 1)]
    return (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d)


@pytest.fixture(scope="module")
def source() -> np.ndarray:
    """The unpadded source plane of the sampling tests."""
    plane = smooth_noise((IH, IW), sigma=4.0, seed=3)
    # The premise of the tolerance: a 1/32 px position error costs under one level.
    gradient = max(
        np.abs(np.diff(plane.astype(int), axis=0)).max(), np.abs(np.diff(plane.astype(int), axis=1)).max()
    )
    assert gradient / 32 < 1
    return plane


SAMPLE_CASES = [
    (10.0, 7.0, 0.77),
    (10.37, 7.81, 0.77),
    (33.3, 12.6, 0.9),
    (20.25, 11.4, 1.0),
    (17.0, 9.0, 1.0),
    (5.61, 4.2, 1.1),
    (41.13, 30.02, 0.52),
    (0.0, 0.0, 0.77),
    (0.0, 0.0, 1.1),
    (IW - SW / 0.77, IH - SH / 0.77, 0.77),
    (IW - SW / 0.9, 0.0, 0.9),
    (IW - SW / 1.0, IH - SH / 1.0, 1.0),
    (IW - SW / 1.1, IH - SH / 1.1, 1.1),
    (0.0, IH - SH / 0.9, 0.9),
    # Scales within ~0.5/width of 1 with a one-pixel shift: cv2.resize would work out the
    # region's own size and return it unscaled (a frame at the wrong zoom).
    (10.005, 7.005, 0.995),
    (9.996, 6.996, 1.004),
]


@pytest.mark.parametrize(("x", "y", "scale"), SAMPLE_CASES)
def test_sample_matches_a_float_bilinear_reference(
    source: np.ndarray, x: float, y: float, scale: float
) -> None:
    """The pixels are the exact bilinear view up to 8-bit rounding and OpenCV's 1/32 px
    position grid."""
    got = sample(pad(source), x, y, scale, SW, SH)
    assert got.shape == (SH, SW) and got.dtype == np.uint8
    diff = np.abs(got.astype(np.float64) - bilinear_reference(source, x, y, scale, SW, SH))
    assert diff.max() <= 2, diff.max()
    assert diff.mean() < 0.5, diff.mean()


def direct_warp(plane: np.ndarray, x: float, y: float, scale: float, w: int, h: int) -> np.ndarray:
    """cv2.warpAffine with the area-aligned matrix (x, y unpadded)."""
    x, y = x + motion._PAD, y + motion._PAD
    matrix = np.array(
        [[scale, 0.0, 0.5 * (scale - 1) - scale * x], [0.0, scale, 0.5 * (scale - 1) - scale * y]],
        dtype=np.float64,
    )
    return cv2.warpAffine(plane, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


@pytest.mark.parametrize(("x", "y", "scale"), SAMPLE_CASES)
def test_sample_is_one_warp_per_plane(source: np.ndarray, x: float, y: float, scale: float) -> None:
    """One warp, whatever the scale (a fractional position at scale exactly 1 included): a
    resize cropped at whole output pixels cost 2.5x as much, and near scale 1 it could return
    the region unscaled."""
    plane = pad(source)
    np.testing.assert_array_equal(sample(plane, x, y, scale, SW, SH), direct_warp(plane, x, y, scale, SW, SH))


# --- ken_burns_frame -------------------------------------------------------------------------

KW, KH = 64, 112
KIW, KIH = 160, 280  # cover of 64x112 at zoom 2.5 (scale 0.4 at zoom 1)


@pytest.fixture(scope="module")
def kb_planes() -> motion.Planes:
    """Padded 4:2:0 planes of a smooth KIW x KIH photo, as photo_planes would give them."""
    rgb = smooth_noise((KIH, KIW, 3), sigma=6.0, seed=4, lo=16, hi=240)
    y, cb, cr = rgb_to_yuv420(rgb)
    return pad(y), pad(cb), pad(cr)


def test_frame_shapes(kb_planes: motion.Planes) -> None:
    """The raw stream is read as yuv420p of the output size: the planes must match it."""
    m = Motion(zoom_from=1.0, zoom_to=1.2, x_from=0.4, x_to=0.6)
    for k in (0, 4, 9):
        y, cb, cr = ken_burns_frame(kb_planes, photo(m), k, 10, KW, KH)
        assert y.shape == (KH, KW)
        assert cb.shape == cr.shape == (KH // 2, KW // 2)
        assert y.dtype == cb.dtype == cr.dtype == np.uint8


def measure_shift(before: np.ndarray, after: np.ndarray, margin: int = 4) -> float:
    """The horizontal shift d (output pixels) with after(j) ~ before(j - d): the d minimising
    the squared difference, before resampled linearly along rows, searched on a 0.05 px grid
    over |d| <= margin - 1.5 and then on a 0.002 px grid around the best."""

    a = before.astype(np.float64)
    b = after.astype(np.float64)[:, margin:-margin]
    cols = np.arange(a.shape[1], dtype=np.float64)[margin:-margin]

    def ssd(d: float) -> float:
        pos = cols - d
        j0 = np.floor(pos).astype(int)
        f = pos - j0
        return float(np.sum((b - ((1 - f) * a[:, j0] + f * a[:, j0 + 1])) ** 2))

    limit = margin - 1.5
    coarse = min(np.arange(-limit, limit + 1e-9, 0.05), key=ssd)
    return float(min(np.arange(coarse - 0.06, coarse + 0.06 + 1e-9, 0.002), key=ssd))


def test_pan_moves_by_the_exact_sub_pixel_step(kb_planes: motion.Planes) -> None:
    """The point of the module: a slow pan moves every frame by the same fractional amount,
    the motion's step in source pixels times the scale, not in whole-pixel jumps (rounding
    the crop to whole source pixels gives steps of 0.52 and 1.04 px here, and fails)."""
    zoom, n = 1.3, 30
    m = Motion(zoom_from=zoom, zoom_to=zoom, x_from=0.4, x_to=0.6)
    scale = max(KW / KIW, KH / KIH) * zoom
    step = -(0.2 / (n - 1) * KIW) * scale  # content moves left as the view pans right
    assert 0.3 < abs(step) < 1.0 and abs(step) % 1 > 0.1  # a real sub-pixel step
    frames = [ken_burns_frame(kb_planes, photo(m), k, n, KW, KH) for k in range(n)]
    for k in range(n - 1):
        luma = measure_shift(frames[k][0], frames[k + 1][0])
        assert luma == pytest.approx(step, abs=0.05), (k, luma, step)
        # Chroma pixels are two luma pixels wide: the same motion is half as many of them.
        chroma = measure_shift(frames[k][2], frames[k + 1][2])
        assert chroma == pytest.approx(step / 2, abs=0.05), (k, chroma, step / 2)


@pytest.mark.parametrize("k", [0, 6, 11])
def test_frame_planes_sample_the_crop(kb_planes: motion.Planes, k: int) -> None:
    """Each plane of a frame is the bilinear view of crop_at's crop; the chroma planes at
    half the luma's coordinates (a chroma sample is centred on its 2x2 luma block), so
    colour stays registered on the picture as it moves."""
    m = Motion(zoom_from=1.05, zoom_to=1.35, x_from=0.45, x_to=0.55, y_from=0.52, y_to=0.47)
    x, y, scale = crop_at(photo(m), k, 12, KIW, KIH, KW, KH)
    got = ken_burns_frame(kb_planes, photo(m), k, 12, KW, KH)
    p = motion._PAD
    sizes = [(x, y, KW, KH), (x / 2, y / 2, KW // 2, KH // 2), (x / 2, y / 2, KW // 2, KH // 2)]
    for plane, padded, (px, py, w, h) in zip(got, kb_planes, sizes, strict=True):
        want = bilinear_reference(padded[p:-p, p:-p], px, py, scale, w, h)
        diff = np.abs(plane.astype(np.float64) - want)
        assert diff.max() <= 2 and diff.mean() < 0.5, (diff.max(), diff.mean())


# --- write_frames / feed ---------------------------------------------------------------------


def test_write_frames_writes_y_cb_cr_per_frame() -> None:
    """ffmpeg reads raw yuv420p: per frame all of Y, then Cb, then Cr, nothing in between."""
    w, h, count = 6, 4, 3

    def frames() -> Iterator[motion.Planes]:
        for k in range(count):
            yield (
                np.full((h, w), 10 * k + 1, np.uint8),
                np.full((h // 2, w // 2), 10 * k + 2, np.uint8),
                np.full((h // 2, w // 2), 10 * k + 3, np.uint8),
            )

    out = io.BytesIO()
    assert write_frames(frames(), out.write) == count
    data = out.getvalue()
    assert len(data) == count * w * h * 3 // 2
    want = b"".join(
        bytes([10 * k + 1]) * (w * h)
        + bytes([10 * k + 2]) * (w * h // 4)
        + bytes([10 * k + 3]) * (w * h // 4)
        for k in range(count)
    )
    assert data == want


def test_write_frames_writes_non_contiguous_planes_in_row_order() -> None:
    """The planes ``sample`` returns can be views into a larger array: the bytes must still
    be the plane's pixels row by row."""
    big = np.arange(8 * 10, dtype=np.uint8).reshape(8, 10)
    y = big[1:5, 2:8]
    cb, cr = big[0:2, 0:3], big[5:7, 4:7]
    out = io.BytesIO()
    assert write_frames(iter([(y, cb, cr)]), out.write) == 1
    assert out.getvalue() == y.tobytes() + cb.tobytes() + cr.tobytes()


@pytest.fixture
def clear_photo_cache() -> Iterator[None]:
    """photo_planes caches by path: start and end the test with an empty cache."""
    photo_planes.cache_clear()
    yield
    photo_planes.cache_clear()


def test_feed_writes_photo_frames_in_timeline_order(tmp_path: Path, clear_photo_cache: None) -> None:
    """The renderer's ffmpeg reads exactly the photo segments' frames, in order, from stdin:
    a still in the timeline must be skipped and each photo contribute frame_count frames."""
    w, h = 64, 112
    first_motion = Motion(zoom_from=1.0, zoom_to=1.2, x_from=0.45, x_to=0.55)
    second_motion = Motion(zoom_from=1.1, zoom_to=1.0, y_from=0.4, y_to=0.6)
    still_png, first_png, second_png = tmp_path / "still.png", tmp_path / "one.png", tmp_path / "two.png"
    Image.new("RGB", (w, h), (200, 30, 30)).save(still_png)  # a real file, so a skip is needed
    Image.fromarray(smooth_noise((134, 77, 3), sigma=3.0, seed=5)).save(first_png)  # cover at zoom 1.2
    Image.fromarray(smooth_noise((123, 70, 3), sigma=3.0, seed=6)).save(second_png)  # cover at zoom 1.1
    first = Photo(tmp_path / "one-source.jpg", 0.5, first_motion)
    second = Photo(tmp_path / "two-source.jpg", 0.4, second_motion)
    timeline = Timeline(w, h, (Still((), 1.0), first, second), transition=0.2)
    assets = Assets(segments=(still_png, first_png, second_png), overlays=(), counters=())

    out = io.BytesIO()
    count = feed(timeline, assets, out)

    n1, n2 = frame_count(first.duration, timeline.fps), frame_count(second.duration, timeline.fps)
    assert (n1, n2) == (15, 12)
    assert count == n1 + n2
    size = w * h * 3 // 2
    data = out.getvalue()
    assert len(data) == (n1 + n2) * size

    def frame_bytes(planes: motion.Planes) -> bytes:
        return b"".join(np.ascontiguousarray(p).tobytes() for p in planes)

    one, two = photo_planes(first_png), photo_planes(second_png)
    assert data[:size] == frame_bytes(ken_burns_frame(one, first, 0, n1, w, h))
    assert data[(n1 - 1) * size : n1 * size] == frame_bytes(ken_burns_frame(one, first, n1 - 1, n1, w, h))
    assert data[n1 * size : (n1 + 1) * size] == frame_bytes(ken_burns_frame(two, second, 0, n2, w, h))
    assert data[-size:] == frame_bytes(ken_burns_frame(two, second, n2 - 1, n2, w, h))
