"""Real-world media that used to stop validation or render with a bug's exit 70, or be
refused for nothing: a damaged AVIF, a clip whose metadata is not UTF-8 (an old camera's
Latin-1 title), a Matroska clip written to a pipe (no length in its header). Each file is made
here and checked through the same functions ``validate`` and ``render`` call."""

from __future__ import annotations

import io
import random
import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image

from takatof.model.media import ImageError, image_problem, open_image
from takatof.render.video.probe import _check_clip, probe
from takatof.ui.decode import frame_at

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
QUIET = [FFMPEG, "-hide_banner", "-loglevel", "error", "-y"]
SOURCE = ["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=3", "-f", "lavfi", "-i", "sine=f=440:r=48000:d=3"]


def test_a_damaged_avif_is_a_damaged_picture_not_a_bug(tmp_path: Path) -> None:
    """libavif reports damaged picture data as a RuntimeError from Pillow's load()."""
    buffer = io.BytesIO()
    Image.effect_mandelbrot((256, 256), (-2, -1.5, 1, 1.5), 60).convert("RGB").save(
        buffer, "AVIF", quality=70
    )
    data = bytearray(buffer.getvalue())
    middle = len(data) // 2
    rng = random.Random(0)
    data[middle : middle + 3000] = bytes(rng.randrange(256) for _ in range(3000))
    path = tmp_path / "photo.avif"
    path.write_bytes(bytes(data))
    problem = image_problem(path, "media/photo.avif")
    assert problem is not None and "is damaged and cannot be decoded" in problem, problem
    assert "'media/photo.avif'" in problem or "media/photo.avif" in problem
    with pytest.raises(ImageError):
        open_image(path, "media/photo.avif")


def test_a_clip_with_latin1_metadata_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin1.mp4"
    command = [*QUIET, *SOURCE, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]
    title = b"title=Caf\xe9 Cairo"  # raw Latin-1 bytes on the command line: not UTF-8
    subprocess.run([*(a.encode() for a in command), b"-metadata", title, bytes(path)], check=True)
    assert b"Caf\xe9 Cairo" in path.read_bytes()
    info = probe(path)
    assert info.has_video and info.has_audio and info.duration == pytest.approx(3.0, abs=0.05)
    assert _check_clip(path, 0.5, 2.5, audio=True) is None
    assert frame_at(path, 1.0).size == (320, 240)


def test_a_clip_written_to_a_pipe_has_its_length_from_its_packets(tmp_path: Path) -> None:
    """Matroska streamed to a pipe has no duration in its header (ffmpeg cannot seek back to
    write it): the length comes from the last packets, not "a zero-length video"."""
    path = tmp_path / "piped.mkv"
    command = [*QUIET, *SOURCE, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libopus"]
    with path.open("wb") as out:
        subprocess.run([*command, "-f", "matroska", "-"], check=True, stdout=out)
    info = probe(path)
    assert info.duration == pytest.approx(3.0, abs=0.05), info
    assert info.end == pytest.approx(3.0, abs=0.05)
    assert _check_clip(path, 0.5, 2.5, audio=True) is None
