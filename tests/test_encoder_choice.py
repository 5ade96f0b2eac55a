"""An encoder asked for by name that this machine cannot run is refused at once.

``--encoder h264_nvenc`` (or a project whose ``video.encoder.codec`` is ``h264_nvenc``) on a
machine without an NVIDIA GPU used to prepare every video and then print ffmpeg's log. Now
the render stops before any work: one line naming the encoder and what is missing, exit 2,
nothing written. ``auto`` still falls back to libx264 without a word.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image

from takatof.model.campaign import Encoder
from takatof.render.messages import EncoderUnavailable, user_message
from takatof.render.video.render import choose_encoding, nvenc_available, nvenc_missing
from tests.conftest import EXAMPLE_DIR, reduce_to_hala

EXE = imageio_ffmpeg.get_ffmpeg_exe()
needs_no_gpu = pytest.mark.skipif(nvenc_available(EXE), reason="this machine has a working NVENC")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    return reduce_to_hala(folder / "campaign.json", "ultrafast")


def render(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "render", *args, "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, time.monotonic() - started


@needs_no_gpu
def test_encoder_option_without_a_gpu_is_refused_before_any_work(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done, took = render(str(project), "--out", str(out), "--encoder", "h264_nvenc")
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: --encoder: h264_nvenc cannot encode on this machine: "), line
    assert "use libx264, or auto" in line
    missing = nvenc_missing(EXE)
    assert missing is not None and missing in line  # what ffmpeg said is missing
    assert not out.exists()  # nothing drawn, nothing written
    assert took < 10, took  # no preparation first
    assert done.stdout == ""


@needs_no_gpu
def test_project_encoder_without_a_gpu_is_refused_naming_the_field(project: Path, tmp_path: Path) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["video"]["encoder"]["codec"] = "h264_nvenc"
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    done, _ = render(str(project), "--out", str(out), "--targets", "videos")
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"error: video.encoder.codec in {project}: h264_nvenc cannot encode"), line
    assert not out.exists()
    # The cards need no encoder: they render as always.
    done, _ = render(str(project), "--out", str(out), "--targets", "cards")
    assert done.returncode == 0, done.stderr
    cards = sorted((out / "cards" / "hala").glob("*.png"))
    assert [c.name for c in cards] == ["quote-instagram-square.png", "quote-x-image.png"]
    assert [Image.open(c).size for c in cards] == [(1080, 1080), (1200, 675)]


@needs_no_gpu
def test_auto_falls_back_to_libx264() -> None:
    encoding = choose_encoding(Encoder(codec="auto", preset="veryfast", crf=20), EXE)
    assert encoding.codec == "libx264"


def test_what_is_missing_is_read_from_ffmpeg(tmp_path: Path) -> None:
    """A fake ffmpeg that lists NVENC but cannot open it (what ffmpeg prints without the
    NVIDIA driver), and one built without it."""
    log = tmp_path / "nvenc.log"
    log.write_text(
        "[h264_nvenc @ 0x55c8a8ea0c00] Cannot load libcuda.so.1\n"
        "[vost#0:0/h264_nvenc @ 0x55c8a8ea00c0] [enc:h264_nvenc @ 0x55c8a8ea0b40] Error while opening encoder\n"
    )
    driverless = tmp_path / "driverless"
    driverless.write_text(
        "#!/bin/sh\n"
        'if [ "$2" = -encoders ]; then echo " V....D h264_nvenc  NVIDIA NVENC"; exit 0; fi\n'
        f"cat '{log}' >&2\n"
        "exit 1\n"
    )
    without = tmp_path / "without"
    without.write_text('#!/bin/sh\necho " V....D libx264  H.264"\n')
    for fake in (driverless, without):
        fake.chmod(0o755)
    assert nvenc_missing(str(driverless)) == "no NVIDIA GPU answers (Cannot load libcuda.so.1)"
    assert nvenc_missing(str(without)) == "this ffmpeg was built without it"
    with pytest.raises(EncoderUnavailable) as raised:
        choose_encoding(Encoder(codec="h264_nvenc"), str(driverless), source="--encoder")
    assert user_message(raised.value) == (
        "--encoder: h264_nvenc cannot encode on this machine: no NVIDIA GPU answers (Cannot load libcuda.so.1); "
        "use libx264, or auto to take NVENC only where it works"
    )
