"""Ken Burns motion in the encoded video is smooth: measured on the decoded frames.

Why: a linear pan or zoom drawn on whole source pixels (as ffmpeg's zoompan crops) steps
unevenly from frame to frame, 0.87 or 1.73 px for an ideal 1.05 in a trial, and irregular
stepping reads as judder on a phone. No unit test of the crop arithmetic sees that: only the
pixels do. The renderer now samples each frame at its exact sub-pixel position
(takatof.render.video.motion); this test holds it to the smoothness of an exact control.

How: a real render with the real ffmpeg (libx264, CRF 12 so coding noise stays small), decoded
with PyAV to luma, and measured by a method that shares nothing with the code under test: numpy
FFT phase correlation between consecutive frames (Hann window, normalised cross-power spectrum
weighted towards low frequencies, integer peak, then the correlation evaluated on a 1/20 px grid
around the peak by a matrix DFT, Guizar-Sicairos et al. 2008, and a parabola through the best
grid point and its neighbours). The ideal steps come from the Motion alone (linear in time,
the view 1/zoom of the cover-fitted photo); nothing from takatof.render computes them.

Two controls keep the measurement honest. A sequence with exactly linear sub-pixel motion,
resampled by Pillow and sent through the same x264 settings, must read as smooth with a
margin (the measurement's own noise floor). The same sequence with every other frame
shifted by one whole pixel must read as jittery (the test can fail).
"""

from __future__ import annotations

import itertools
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from takatof.render.video.assets import prepare
from takatof.render.video.graph import Encoding, render_command
from takatof.render.video.motion import photo_feed
from takatof.render.video.runner import run_ffmpeg
from takatof.templates.timeline import Motion, Photo, Timeline

EXE = imageio_ffmpeg.get_ffmpeg_exe()
W, H, FPS = 360, 640, 30
SECONDS = 3.0
FRAMES = round(SECONDS * FPS)
CRF = 12
ENCODING = Encoding("libx264", "ultrafast", CRF)

# Smoothness bounds, in output pixels per frame step.
# Whole-pixel crops read std 0.36 / max 0.75 (pan) and 0.39 / 1.17 (zoom); the exact control
# reads at most 0.03 / 0.14, and the renderer 0.03 / 0.11.
MAX_DEVIATION = 0.25  # no single step further than this from the ideal step
MAX_STD = 0.1  # spread of the steps around the ideal ones
MEAN_TOLERANCE = 0.03  # the motion travels the planned distance (relative)
NOISE_FLOOR = 0.05  # the smooth control must read at most this std: half of MAX_STD

# At zoom 1.3 the view is 1/1.3 = 0.77 of the photo wide, so its centre can only move within
# [0.385, 0.615] before the view is clamped to the photo's edge (the pan would stall there and
# the ideal would no longer be linear): the pan stays inside that range.
CASES = {
    "pan": Motion(zoom_from=1.3, zoom_to=1.3, x_from=0.40, x_to=0.60, y_from=0.5, y_to=0.5),
    "zoom": Motion(zoom_from=1.0, zoom_to=1.25, x_from=0.5, x_to=0.5, y_from=0.5, y_to=0.5),
}


# ------------------------------------------------------------------------------- the photo


def make_photo(path: Path) -> Path:
    """A 1200x2000 photo with features at every scale: seeded colour noise and soft blobs,
    slightly blurred (GaussianBlur 1.5), crossed by sharp lines. Phase correlation needs
    texture everywhere, and no external file is involved."""
    rng = np.random.default_rng(20240611)
    noise = Image.fromarray(rng.integers(0, 256, (2000, 1200, 3), dtype=np.uint8))
    blobs = Image.fromarray(rng.integers(0, 256, (200, 120, 3), dtype=np.uint8))
    image = Image.blend(noise, blobs.resize((1200, 2000), Image.Resampling.BICUBIC), 0.5)
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        ends = (int(rng.integers(0, 1200)), int(rng.integers(0, 2000)))
        ends += (int(rng.integers(0, 1200)), int(rng.integers(0, 2000)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        draw.line(ends, fill=colour, width=int(rng.integers(2, 6)))
    image.save(path, quality=95)
    return path


# ------------------------------------------------------------------------------- frames


def decode_luma(path: Path) -> list[np.ndarray]:
    """Every frame's luma as float (the motion is measured on brightness only)."""
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray").astype(np.float64) for f in container.decode(video=0)]


def render_photo(photo: Path, motion: Motion, folder: Path) -> list[np.ndarray]:
    """The production path: prepare the assets, build the one ffmpeg command, run it."""
    folder.mkdir(parents=True, exist_ok=True)
    timeline = Timeline(W, H, (Photo(photo, SECONDS, motion),), transition=0.0, fps=FPS)
    assets = prepare(timeline, folder / "cache")
    out = folder / "out.mp4"
    args = render_command(timeline, assets, out, ENCODING, None, EXE)
    run_ffmpeg(args, timeline.duration, feed=photo_feed(timeline, assets))
    return decode_luma(out)


def smooth_frames(photo: Path, motion: Motion, folder: Path) -> list[np.ndarray]:
    """The control: the same motion drawn with exact sub-pixel positions (Pillow's affine
    resampling of the photo cover-fitted at 1.5x), encoded with the same x264 settings."""
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(photo) as image:
        source = ImageOps.fit(image.convert("L"), (W * 3 // 2, H * 3 // 2), Image.Resampling.LANCZOS)
    raw = bytearray()
    for k in range(FRAMES):
        zoom, cx, cy = view(motion, k)
        step = source.width / (zoom * W)  # source pixels per output pixel (same both ways)
        left, top = cx * source.width - step * W / 2, cy * source.height - step * H / 2
        coefficients = (step, 0.0, left, 0.0, step, top)
        raw += source.transform(
            (W, H), Image.Transform.AFFINE, coefficients, Image.Resampling.BICUBIC
        ).tobytes()
    out = folder / "smooth.mp4"
    args = [EXE, "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "gray"]
    args += ["-s", f"{W}x{H}", "-r", str(FPS), "-i", "-", "-c:v", "libx264", "-preset", "ultrafast"]
    args += ["-crf", str(CRF), "-pix_fmt", "yuv420p", str(out)]
    subprocess.run(args, input=bytes(raw), check=True, capture_output=True)
    return decode_luma(out)


def jittered(frames: list[np.ndarray]) -> list[np.ndarray]:
    """Every other frame moved one whole output pixel to the right: a 1 px judder."""
    return [np.roll(f, 1, axis=1) if k % 2 else f for k, f in enumerate(frames)]


# ------------------------------------------------------------------------------- the ideal


def view(motion: Motion, k: int) -> tuple[float, float, float]:
    """Zoom and view centre (fractions of the photo) at frame ``k``: linear in time."""
    p = k / (FRAMES - 1)
    return (
        motion.zoom_from + (motion.zoom_to - motion.zoom_from) * p,
        motion.x_from + (motion.x_to - motion.x_from) * p,
        motion.y_from + (motion.y_to - motion.y_from) * p,
    )


def ideal_steps(motion: Motion, at: float, axis: int) -> np.ndarray:
    """How far the content at output coordinate ``at`` (along ``axis``: 0 = x, 1 = y) moves
    from each frame to the next. The view is 1/zoom of the cover-fitted photo, so a photo
    fraction ``p`` sits at ``size / 2 + (p - centre) * zoom * size``. Moving the view right
    moves the content left: a pan towards larger x gives negative steps."""
    size = (W, H)[axis]
    out = []
    for k in range(FRAMES - 1):
        z0, *c0 = view(motion, k)
        z1, *c1 = view(motion, k + 1)
        p = c0[axis] + (at - size / 2) / (z0 * size)
        out.append(size / 2 + (p - c1[axis]) * z1 * size - at)
    return np.array(out)


# ------------------------------------------------------------------------------- measurement


class PhaseCorrelation:
    """Sub-pixel translation between images of one shape, by phase correlation.

    The cross-power spectrum is normalised to unit magnitude (only phase is left) and then
    weighted by a Gaussian of ``sigma`` cycles/px: the fine detail that resampling and coding
    alter most no longer pulls the peak towards whole pixels (a plain parabola on the
    whitened peak read 0.25 px as 0.14 px in a trial). Around the integer peak the
    correlation is evaluated on a grid of 1/``upsample`` px by matrix DFT, and a parabola
    through the best grid point and its neighbours refines it further. The images are real,
    so half the spectrum is kept (``rfft2``), and the matrix DFT sums only the frequencies
    the Gaussian leaves (up to 4 sigma): that keeps it to milliseconds per pair."""

    def __init__(self, shape: tuple[int, int], sigma: float = 0.05, upsample: int = 20) -> None:
        h, w = shape
        self.shape = shape
        self.window = np.outer(np.hanning(h), np.hanning(w))
        fy, fx = np.fft.fftfreq(h), np.fft.rfftfreq(w)
        self.weight = np.exp(-(fx[None, :] ** 2 + fy[:, None] ** 2) / (2 * sigma**2))
        self.rows = np.flatnonzero(np.abs(fy) <= 4 * sigma)
        self.cols = np.flatnonzero(fx <= 4 * sigma)
        self.fy, self.fx = fy[self.rows], fx[self.cols]
        # A half spectrum counts every column but the first (and a last at Nyquist) twice.
        self.twice = np.where((self.fx == 0) | (self.fx == 0.5), 1.0, 2.0)
        self.upsample = upsample
        self.grid = np.arange(-upsample, upsample + 1) / upsample  # +-1 px around the peak

    def spectrum(self, image: np.ndarray) -> np.ndarray:
        return np.fft.rfft2((image - image.mean()) * self.window)

    def shift(self, a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
        """(dx, dy) that moves the content of spectrum ``a`` onto spectrum ``b``."""
        h, w = self.shape
        cross = np.conj(a) * b
        cross = cross / (np.abs(cross) + 1e-12) * self.weight
        coarse = np.fft.irfft2(cross, s=self.shape)
        py, px = np.unravel_index(int(np.argmax(coarse)), coarse.shape)
        py, px = (py if py <= h // 2 else py - h), (px if px <= w // 2 else px - w)
        band = cross[np.ix_(self.rows, self.cols)] * self.twice
        rows = np.exp(2j * np.pi * np.outer(py + self.grid, self.fy))
        cols = np.exp(2j * np.pi * np.outer(self.fx, px + self.grid))
        fine = (rows @ band @ cols).real
        iy, ix = np.unravel_index(int(np.argmax(fine)), fine.shape)
        iy, ix = min(max(iy, 1), len(self.grid) - 2), min(max(ix, 1), len(self.grid) - 2)
        dy = _parabola(fine[iy - 1, ix], fine[iy, ix], fine[iy + 1, ix])
        dx = _parabola(fine[iy, ix - 1], fine[iy, ix], fine[iy, ix + 1])
        return px + self.grid[ix] + dx / self.upsample, py + self.grid[iy] + dy / self.upsample


def _parabola(before: float, peak: float, after: float) -> float:
    """Offset of the vertex of the parabola through three equally spaced samples."""
    curve = before - 2 * peak + after
    return 0.0 if curve == 0 else 0.5 * (before - after) / curve


def steps(frames: list[np.ndarray]) -> np.ndarray:
    """(dx, dy) from each frame to the next, one row per step."""
    correlation = PhaseCorrelation(frames[0].shape)
    spectra = [correlation.spectrum(f) for f in frames]
    return np.array([correlation.shift(a, b) for a, b in itertools.pairwise(spectra)])


@dataclass(frozen=True)
class Track:
    """One measured quantity per frame step, next to what a perfectly linear motion gives."""

    name: str
    measured: np.ndarray
    ideal: np.ndarray
    check_mean: bool  # only where the ideal moves: a zero ideal has no relative error

    @property
    def deviation(self) -> np.ndarray:
        return self.measured - self.ideal

    @property
    def mean_error(self) -> float:
        return float(self.measured.mean() / self.ideal.mean() - 1)

    @property
    def std(self) -> float:
        return float(self.deviation.std())

    @property
    def max_deviation(self) -> float:
        return float(np.abs(self.deviation).max())

    def line(self) -> str:
        mean = f"mean {self.measured.mean():+.4f} (ideal {self.ideal.mean():+.4f}"
        mean += f", {100 * self.mean_error:+.1f}%)" if self.check_mean else ")"
        return f"{self.name:<34} {mean}  std {self.std:.3f}  max deviation {self.max_deviation:.3f}"

    def failures(self, max_std: float = MAX_STD) -> list[str]:
        found = []
        if self.check_mean and abs(self.mean_error) > MEAN_TOLERANCE:
            found.append(f"{self.name}: mean off by {100 * self.mean_error:+.1f}%")
        if self.std > max_std:
            found.append(f"{self.name}: std {self.std:.3f} px > {max_std}")
        if self.max_deviation > MAX_DEVIATION:
            found.append(f"{self.name}: max deviation {self.max_deviation:.3f} px > {MAX_DEVIATION}")
        return found


def pan_tracks(frames: list[np.ndarray], motion: Motion) -> list[Track]:
    """Whole-frame translation per step, in x and in y (constant zoom: uniform motion)."""
    measured = steps(frames)
    tracks = []
    for axis, (name, size) in enumerate((("x", W), ("y", H))):
        ideal = ideal_steps(motion, size / 2, axis)
        tracks.append(Track(f"{name} shift (px/frame)", measured[:, axis], ideal, abs(ideal.mean()) > 1e-9))
    return tracks


def zoom_tracks(frames: list[np.ndarray], motion: Motion) -> list[Track]:
    """Scale change per step, read from two opposite strips (the outer thirds of the frame):
    as the view zooms in, their contents move apart by ``span * (z[k+1] / z[k] - 1)``.
    Their mean movement is the centre's, which a fixed-centre zoom keeps still."""
    tracks = []
    for axis, (name, size) in enumerate((("horizontal", W), ("vertical", H))):
        third = size // 3
        near = [f[:, :third] if axis == 0 else f[:third] for f in frames]
        far = [f[:, size - third :] if axis == 0 else f[size - third :] for f in frames]
        a, b = steps(near)[:, axis], steps(far)[:, axis]
        ideal_a, ideal_b = ideal_steps(motion, third / 2, axis), ideal_steps(motion, size - third / 2, axis)
        tracks.append(
            Track(f"{name} scale (px/frame over {size - third} px)", b - a, ideal_b - ideal_a, True)
        )
        centre = (ideal_a + ideal_b) / 2
        moving = abs(centre.mean()) > 1e-9
        tracks.append(Track(f"{name} centre shift (px/frame)", (a + b) / 2, centre, moving))
    return tracks


MEASURE: dict[str, Callable[[list[np.ndarray], Motion], list[Track]]] = {
    "pan": pan_tracks,
    "zoom": zoom_tracks,
}


def report(title: str, tracks: list[Track]) -> None:
    print(f"\n{title}")
    for track in tracks:
        print(f"  {track.line()}")


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_photo(tmp_path_factory.mktemp("ken-burns") / "photo.jpg")


@pytest.fixture(scope="module")
def smooth(photo: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[np.ndarray]]:
    """The smooth control per case, made once and shared by the two control tests."""
    made: dict[str, list[np.ndarray]] = {}

    def get(case: str) -> list[np.ndarray]:
        if case not in made:
            made[case] = smooth_frames(photo, CASES[case], tmp_path_factory.mktemp(f"smooth-{case}"))
        return made[case]

    return get


# ------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", list(CASES))
def test_ken_burns_motion_is_smooth(case: str, photo: Path, tmp_path: Path) -> None:
    """The rendered motion steps evenly: every frame step is within MAX_DEVIATION of the
    ideal linear step, the steps spread by at most MAX_STD, and the pan covers its distance."""
    started = time.monotonic()
    frames = render_photo(photo, CASES[case], tmp_path)
    assert len(frames) == FRAMES
    tracks = MEASURE[case](frames, CASES[case])
    report(f"rendered {case} ({FRAMES} frames, {time.monotonic() - started:.1f} s):", tracks)
    failures = [f for track in tracks for f in track.failures()]
    assert not failures, "Ken Burns motion is not smooth:\n" + "\n".join(failures)


@pytest.mark.parametrize("case", list(CASES))
def test_measurement_reads_linear_motion_as_smooth(
    case: str, smooth: Callable[[str], list[np.ndarray]]
) -> None:
    """Positive control: exactly linear sub-pixel motion through the same encoder reads
    within NOISE_FLOOR, a third of the bound, so what the test above sees is the renderer's."""
    tracks = MEASURE[case](smooth(case), CASES[case])
    report(f"smooth control {case}:", tracks)
    failures = [f for track in tracks for f in track.failures(max_std=NOISE_FLOOR)]
    assert not failures, "the measurement is too noisy:\n" + "\n".join(failures)


@pytest.mark.parametrize("case", list(CASES))
def test_measurement_catches_one_pixel_judder(case: str, smooth: Callable[[str], list[np.ndarray]]) -> None:
    """Negative control: the smooth control with every other frame one pixel off must fail
    both bounds (on its horizontal track), or the test above would be vacuous."""
    tracks = MEASURE[case](jittered(smooth(case)), CASES[case])
    report(f"jittered control {case}:", tracks)
    horizontal = tracks[0] if case == "pan" else tracks[1]  # x shift / horizontal centre
    assert horizontal.std > MAX_STD
    assert horizontal.max_deviation > MAX_DEVIATION
