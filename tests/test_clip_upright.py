"""A phone's portrait clip is stored sideways with a display matrix; the render turns it
upright (ffmpeg's autorotate), and so must every picture the Studio shows of it: the preview
compositor's clip frames and the timeline's filmstrip. ffmpeg's own decode is the reference."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from takatof.render.video.compositor import clip_rgb, upright
from takatof.render.video.probe import clip_colour
from takatof.ui.decode import frame_at

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def sideways_clip(folder: Path, rotation: int) -> Path:
    """A 320x180 clip, red above blue, stored with a display matrix of ``rotation`` degrees
    (counterclockwise; -90 is what a phone held upright writes)."""
    plain, turned = folder / "plain.mp4", folder / f"turned{rotation}.mp4"
    picture = "color=red:s=320x180:d=0.4,drawbox=y=90:w=320:h=90:c=blue:t=fill"
    quiet = [FFMPEG, "-v", "error", "-y"]
    subprocess.run([*quiet, "-f", "lavfi", "-i", picture, "-pix_fmt", "yuv420p", str(plain)], check=True)
    subprocess.run(
        [*quiet, "-display_rotation:v:0", str(rotation), "-i", str(plain), "-c", "copy", str(turned)],
        check=True,
    )
    return turned


def reference(path: Path) -> np.ndarray:
    """The first frame as ffmpeg shows it (autorotated), RGB."""
    out = path.with_suffix(".png")
    subprocess.run([FFMPEG, "-v", "error", "-y", "-i", str(path), "-frames:v", "1", str(out)], check=True)
    return np.asarray(Image.open(out).convert("RGB"), dtype=float)


@pytest.mark.parametrize("rotation", [-90, 90, 180, 0])
def test_clip_frames_are_upright_like_the_render(tmp_path: Path, rotation: int) -> None:
    clip = sideways_clip(tmp_path, rotation)
    expected = reference(clip)
    with av.open(str(clip)) as container:
        frame = next(container.decode(video=0))
    shown = clip_rgb(frame, clip_colour(clip)).astype(float)
    filmstrip = np.asarray(frame_at(clip, 0.0).convert("RGB"), dtype=float)
    for got in (shown, filmstrip):
        assert got.shape == expected.shape
        assert np.abs(got - expected).mean() < 4, rotation  # the same side up, the same colours


def test_upright_turns_by_quarter_turns() -> None:
    pixels = np.arange(6).reshape(2, 3)
    assert upright(pixels, 0) is pixels
    assert upright(pixels, -90).tolist() == [[3, 0], [4, 1], [5, 2]]  # clockwise, as autorotate
    assert upright(pixels, 90).tolist() == [[2, 5], [1, 4], [0, 3]]
    assert upright(pixels, 180).tolist() == [[5, 4, 3], [2, 1, 0]]


@pytest.mark.parametrize(("rotation", "size"), [(-90, (180, 320)), (90, (180, 320)), (180, (320, 180))])
def test_a_clips_size_is_the_size_it_is_shown_at(
    tmp_path: Path, rotation: int, size: tuple[int, int]
) -> None:
    from takatof.render.video.probe import probe

    info = probe(sideways_clip(tmp_path, rotation))
    assert (info.width, info.height) == size  # what the Studio describes and the checks scale by
