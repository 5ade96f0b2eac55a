"""Media that looks fine from its header but is not: decompression bombs, cut-short and
damaged files, deep pixel modes, and a cache that fills the disk.

Why: each of these passed ``takatof validate`` and then failed (or quietly went wrong) in the
render: a small PNG declaring 14000x14000 pixels raised Pillow's DecompressionBombError; a
truncated JPEG passed ``Image.verify()``; a clip damaged in the middle failed ffmpeg with its
log and no file name; a truncated clip rendered seconds of frozen frame; a 16-bit grey PNG
came out white. The checks must name the file as written and the JSON field that names it.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import struct
import subprocess
import threading
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from takatof import cli
from takatof.model import Campaign, Project
from takatof.model.atomic import TEMP_MARK
from takatof.model.media import MAX_PIXELS, ImageError, image_problem, image_size, limit_problem, open_image
from takatof.model.project import validate_data
from takatof.render.batch import project_names
from takatof.render.raster import rasterize
from takatof.render.video import assets as video_assets
from takatof.render.video.assets import ensure_photo
from takatof.render.video.probe import check_person_media, decode_problem, ogg_end_problem
from takatof.render.video.render import VideoJob, check
from takatof.templates.layers import Box, Canvas, Picture
from takatof.templates.timeline import Motion, Photo

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "examples" / "community-stories"


# ------------------------------------------------------------------------------ helpers


def png_header(width: int, height: int) -> bytes:
    """A valid PNG that declares ``width`` x ``height`` grey pixels but holds almost no
    data: what a decompression bomb looks like before it is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def ffmpeg(*args: str) -> None:
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", *args], check=True)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A healthy 6 s clip (index at the front, as phones and editors write them) and sounds,
    and their damaged versions: cut at half their bytes, or garbage over the middle."""
    folder = tmp_path_factory.mktemp("media")
    clip, silent = folder / "clip.mp4", folder / "silent.mp4"
    picture = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=6"]
    h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
    tone = ["-f", "lavfi", "-i", "sine=frequency=440:duration=6"]
    ffmpeg(*picture, *tone, *h264, "-c:a", "aac", "-shortest", str(clip))
    ffmpeg(*picture, *h264, str(silent))
    ffmpeg(*tone, "-c:a", "libvorbis", str(folder / "tone.ogg"))
    ffmpeg(*tone, "-c:a", "libmp3lame", str(folder / "tone.mp3"))
    out = {p.name: p.read_bytes() for p in folder.iterdir()}
    out["truncated.mp4"] = cut(out["clip.mp4"])
    out["damaged.mp4"] = damage(out["clip.mp4"], mdat_middle(out["clip.mp4"]), 3000)
    out["damaged.ogg"] = damage(out["tone.ogg"], len(out["tone.ogg"]) // 2, 2000)
    out["truncated.mp3"] = cut(out["tone.mp3"])
    voice = (EXAMPLE_DIR / "media" / "voiceover-hala.ogg").read_bytes()  # cut inside its sound
    out["truncated.ogg"] = voice[: len(voice) // 3]
    # Cut exactly between two pages: every page left is whole, the last one not the last.
    out["last-page-gone.ogg"] = out["tone.ogg"][: out["tone.ogg"].rfind(b"OggS")]
    return out


def cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def damage(data: bytes, at: int, length: int) -> bytes:
    noise = random.Random(3).randbytes(length)
    return data[:at] + noise + data[at + length :]


def mdat_middle(mp4: bytes) -> int:
    """The middle of the MP4's media data (its boxes walked from the start)."""
    at = 0
    while at + 8 <= len(mp4):
        size, kind = struct.unpack(">I4s", mp4[at : at + 8])
        if kind == b"mdat":
            return at + size // 2
        at += size
    raise AssertionError("no mdat box")


def project_with(tmp_path: Path, change: Callable[[dict[str, Any], Path], None]) -> tuple[Path, Project]:
    """A copy of the example project with ``change`` applied to its data (files written into
    its folder); the campaign file and the project, built without load-time checks."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    path = folder / "campaign.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data, folder)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path, Project(Campaign.model_validate(data), path)


def person_problems(project: Project, person: int = 0) -> list:
    job = VideoJob("story", "instagram-story", project.campaign.people[person].id)
    return check(project, job)


def grey(mode: str, value: float, size: tuple[int, int] = (32, 24)) -> Image.Image:
    """A flat picture in a deep Pillow mode."""
    dtype = {"I;16": np.uint16, "I": np.int32, "F": np.float32}[mode]
    image = Image.fromarray(np.full(size[::-1], value, dtype=dtype))
    assert image.mode == mode
    return image


# ---------------------------------------------------------------- pixel limits (bombs)


def test_limits_admit_a_50_mp_phone_photo_and_refuse_more() -> None:
    assert limit_problem(8160, 6120) is None  # a 50 MP phone photo
    assert limit_problem(8064, 6048) is None  # a 48 MP one
    assert limit_problem(12000, 12000) is not None
    assert limit_problem(16001, 100) is not None  # a strip: the side limit
    assert MAX_PIXELS == 50_000_000


@pytest.mark.parametrize("side", [12000, 14000])
def test_a_bomb_is_refused_by_validation_before_decoding(side: int, tmp_path: Path) -> None:
    def change(data: dict, folder: Path) -> None:
        (folder / "media" / "big.png").write_bytes(png_header(side, side))
        data["people"][0]["media"][0] = "media/big.png"

    path, _ = project_with(tmp_path, change)
    data = json.loads(path.read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not even Pillow's DecompressionBombWarning
        _, problems = validate_data(data, path.parent)
    (problem,) = problems
    assert problem.path == "people[0].media[0]"
    assert problem.message.startswith(f"'media/big.png' is {side}x{side} pixels")
    assert "50 MP" in problem.message and "scale it down" in problem.message


def test_a_bomb_never_reaches_the_decoder_when_drawing(tmp_path: Path) -> None:
    bomb = tmp_path / "big.png"
    bomb.write_bytes(png_header(14000, 14000))
    with pytest.raises(ImageError, match="14000x14000"):
        open_image(bomb, "photos/big.png")
    _, problems = rasterize([Picture(bomb, Box(0, 0, 64, 64))], Canvas(64, 64))  # a problem, not a raise
    assert len(problems) == 1 and "14000x14000" in problems[0].message
    segment = Photo(bomb, 0.5, Motion(1.0, 1.1, 0.5, 0.5, 0.5, 0.5))
    with pytest.raises(ImageError, match="14000x14000"):
        ensure_photo(segment, Canvas(64, 96), tmp_path / "photo.jpg")
    assert not (tmp_path / "photo.jpg").exists()


def test_the_refusal_names_the_file_as_written(tmp_path: Path) -> None:
    bomb = tmp_path / "big.png"
    bomb.write_bytes(png_header(20000, 10))
    message = image_problem(bomb, "photos/strip.png")
    assert message is not None and message.startswith("'photos/strip.png' is 20000x10 pixels")
    assert "16000 px a side" in message


# ------------------------------------------------------------------- decoding in full


def test_a_truncated_jpeg_fails_validation(tmp_path: Path) -> None:
    def change(data: dict, folder: Path) -> None:
        whole = (folder / "media" / "hala-2.jpg").read_bytes()
        (folder / "media" / "cut.jpg").write_bytes(cut(whole))
        data["people"][0]["media"][1] = "media/cut.jpg"

    path, project = project_with(tmp_path, change)
    _, problems = validate_data(json.loads(path.read_text(encoding="utf-8")), path.parent)
    assert [p.path for p in problems] == ["people[0].media[1]"]
    assert problems[0].message.startswith("'media/cut.jpg' is cut short")
    # The video checks (run by the renderer before drawing) agree.
    assert [p.path for p in person_problems(project)] == ["people[0].media[1]"]


def test_the_whole_example_passes() -> None:
    for written in ("media/hala-1.jpg", "media/logo.png", "media/spotlight-dar-el-khoos.jpg"):
        assert image_problem(EXAMPLE_DIR / written, written) is None
    assert image_size(EXAMPLE_DIR / "media" / "hala-1.jpg") == (2400, 2400)


# ------------------------------------------------------------------------ pixel modes


def test_16_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    ramp = np.tile(np.linspace(0, 65535, 257).round().astype(np.uint16), (8, 1))
    Image.fromarray(ramp).save(tmp_path / "ramp.png")  # 16-bit grey, opened as I;16
    image = open_image(tmp_path / "ramp.png")
    assert image.mode == "RGB"
    assert image.getpixel((128, 0)) == (128, 128, 128)  # 32768
    assert image.getpixel((0, 0)) == (0, 0, 0) and image.getpixel((256, 0)) == (255, 255, 255)


def test_a_16_bit_photo_is_grey_on_a_card_and_in_a_video(tmp_path: Path) -> None:
    source = tmp_path / "grey16.png"
    grey("I;16", 32768, (200, 300)).save(source)
    card, problems = rasterize([Picture(source, Box(0, 0, 60, 90))], Canvas(60, 90))
    assert problems == [] and abs(np.asarray(card).mean() - 128) < 2  # was white (255)
    segment = Photo(source, 0.5, Motion(1.0, 1.1, 0.5, 0.5, 0.5, 0.5))
    prepared = ensure_photo(segment, Canvas(60, 90), tmp_path / "photo.jpg")
    with Image.open(prepared) as image:
        assert abs(np.asarray(image).mean() - 128) < 3


@pytest.mark.parametrize(
    "make, suffix, mode, colour",
    [
        (lambda: grey("I", 32768), ".tif", "RGB", 128),  # 32-bit integer, 16-bit values
        (lambda: grey("I", 200), ".tif", "RGB", 200),  # 32-bit integer, 8-bit values
        (lambda: grey("F", 0.5), ".tif", "RGB", 128),  # float 0..1
        (lambda: Image.frombytes("I;16B", (32, 24), b"\x80\x00" * 32 * 24), ".tif", "RGB", 128),
        (lambda: Image.new("1", (32, 24), 1), ".png", "RGB", 255),
        (lambda: Image.new("L", (32, 24), 90), ".png", "RGB", 90),
        (lambda: Image.new("CMYK", (32, 24), (0, 0, 0, 0)), ".jpg", "RGB", 255),
        (lambda: Image.new("LA", (32, 24), (90, 128)), ".png", "RGBA", 90),
    ],
    ids=["I-16bit", "I-8bit", "F", "I;16B", "1", "L", "CMYK", "LA"],
)
def test_every_mode_comes_out_as_8_bit_rgb(
    make: Callable[[], Image.Image], suffix: str, mode: str, colour: int, tmp_path: Path
) -> None:
    path = tmp_path / f"picture{suffix}"
    make().save(path)
    image = open_image(path)
    assert image.mode == mode
    assert abs(int(np.asarray(image)[5, 5, 0]) - colour) <= 2


def test_a_palette_with_transparency_keeps_it(tmp_path: Path) -> None:
    image = Image.new("P", (10, 10), 0)
    image.putpalette([255, 0, 0, 0, 0, 255])
    image.putpixel((0, 0), 1)
    image.save(tmp_path / "p.png", transparency=1)
    opened = open_image(tmp_path / "p.png")
    assert opened.mode == "RGBA"
    assert opened.getpixel((0, 0))[3] == 0 and opened.getpixel((5, 5)) == (255, 0, 0, 255)


def test_exif_orientation_is_applied_and_a_broken_exif_is_ignored(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown rotated a quarter turn
    Image.new("RGB", (40, 20), (200, 30, 30)).save(tmp_path / "turned.jpg", exif=exif.tobytes())
    assert open_image(tmp_path / "turned.jpg").size == (20, 40)
    assert image_size(tmp_path / "turned.jpg") == (20, 40)
    Image.new("RGB", (40, 20)).save(tmp_path / "bad-exif.jpg", exif=b"Exif\x00\x00garbage-not-tiff")
    assert open_image(tmp_path / "bad-exif.jpg").size == (40, 20)


# ------------------------------------------------------------------- clips and sounds


def with_clip(media: dict[str, bytes], name: str, **clip: Any) -> Callable[[dict, Path], None]:
    def change(data: dict, folder: Path) -> None:
        (folder / "media" / name).write_bytes(media[name])
        data["people"][0]["clips"] = [{"path": f"media/{name}", **clip}]

    return change


def test_a_truncated_clip_is_reported(media: dict[str, bytes], tmp_path: Path) -> None:
    _, project = project_with(tmp_path, with_clip(media, "truncated.mp4", start=0.5, end=5.5, audio=True))
    (problem,) = person_problems(project)
    assert problem.path == "people[0].clips[0].path"
    assert problem.message.startswith("'media/truncated.mp4' ends at 2.")
    assert "its header says 6.0 s (the file is truncated)" in problem.message


def test_the_intact_part_of_a_truncated_clip_can_be_used(media: dict[str, bytes], tmp_path: Path) -> None:
    _, project = project_with(tmp_path, with_clip(media, "truncated.mp4", start=0.2, end=2.0))
    assert person_problems(project) == []


@pytest.mark.parametrize("audio", [False, True])
def test_a_clip_damaged_in_the_middle_is_reported(
    media: dict[str, bytes], audio: bool, tmp_path: Path
) -> None:
    _, project = project_with(tmp_path, with_clip(media, "damaged.mp4", audio=audio))
    (problem,) = person_problems(project)
    assert problem.path == "people[0].clips[0].path"
    assert problem.message.startswith("'media/damaged.mp4' is damaged near ")


def test_keeping_the_sound_of_a_silent_clip_is_reported(media: dict[str, bytes], tmp_path: Path) -> None:
    _, project = project_with(tmp_path, with_clip(media, "silent.mp4", audio=True))
    (problem,) = person_problems(project)
    assert problem.path == "people[0].clips[0].audio"
    assert "'media/silent.mp4' has no sound" in problem.message


OGG_CUT = "ends without its end-of-stream mark (the file was cut short); export it again"


@pytest.mark.parametrize(
    "name, field, expected",
    [
        ("damaged.ogg", "voiceover", "has no sound from "),
        ("truncated.mp3", "voiceover", "ends at 3.0 s but its header says 6.0 s"),
        ("damaged.ogg", "music", "has no sound from "),
        # An Ogg header states no duration (FFmpeg takes it from the last page left), so a
        # cut file decoded cleanly and the voice-over stopped mid-sentence.
        ("truncated.ogg", "voiceover", OGG_CUT),
        ("truncated.ogg", "music", OGG_CUT),
        ("last-page-gone.ogg", "voiceover", OGG_CUT),
    ],
)
def test_damaged_sound_files_are_reported(
    media: dict[str, bytes], name: str, field: str, expected: str, tmp_path: Path
) -> None:
    def change(data: dict, folder: Path) -> None:
        (folder / "media" / name).write_bytes(media[name])
        if field == "music":
            data["video"]["music"] = f"media/{name}"
        else:
            data["people"][0]["voiceover"] = f"media/{name}"

    _, project = project_with(tmp_path, change)
    (problem,) = person_problems(project)
    assert problem.path == ("video.music" if field == "music" else "people[0].voiceover")
    assert problem.message.startswith(f"'media/{name}' {expected}")


def test_healthy_clips_and_sounds_pass(media: dict[str, bytes], tmp_path: Path) -> None:
    def change(data: dict, folder: Path) -> None:
        for name in ("clip.mp4", "tone.ogg", "tone.mp3"):
            (folder / "media" / name).write_bytes(media[name])
        data["people"][0]["clips"] = [{"path": "media/clip.mp4", "audio": True}]
        data["people"][0]["voiceover"] = "media/tone.mp3"
        data["video"]["music"] = "media/tone.ogg"

    _, project = project_with(tmp_path, change)
    person = project.campaign.people[0]
    music = ("video.music", project.campaign.video.music)
    assert check_person_media(person, "people[0]", project.resolve, 1080, 1920, music) == []


def test_the_examples_own_ogg_files_end_whole() -> None:
    """The end-of-stream check reads real encoders' files as whole (and a checksum that does
    not match makes a page not count, so ``OggS`` inside packet data is no page)."""
    for name in ("music.ogg", "voiceover-hala.ogg"):
        path = EXAMPLE_DIR / "media" / name
        assert ogg_end_problem(path) is None
        assert decode_problem(path, video=False, audio=True) is None


@pytest.mark.parametrize("name", ["hala-1.jpg", "logo.png"])
@pytest.mark.parametrize("start", [0.0, 0.5])
def test_a_still_image_as_a_clip_is_named_as_such(tmp_path: Path, name: str, start: float) -> None:
    """FFmpeg opens a photo as a 0.04 s video: the message was "starts at 0.5 s but the video
    is only 0.04 s long" (or "shorter than half a second"), which sends a person trimming."""

    def change(data: dict, folder: Path) -> None:
        data["people"][0]["clips"] = [{"path": f"media/{name}", "start": start}]

    _, project = project_with(tmp_path, change)
    assert [(p.path, p.message) for p in person_problems(project)] == [
        (
            "people[0].clips[0].path",
            f"'media/{name}' is a still image, not a video clip; put it in media (photos)",
        )
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("field", ["photo", "clip", "voiceover", "music"])
def test_a_named_pipe_is_refused_by_the_video_checks_not_opened(tmp_path: Path, field: str) -> None:
    """The renderer checks media even when validation found problems (only the outputs that
    use a file fail): opening a pipe there blocked the render for ever."""
    where = {
        "photo": "people[0].media[0]",
        "clip": "people[0].clips[0].path",
        "voiceover": "people[0].voiceover",
        "music": "video.music",
    }[field]

    def change(data: dict, folder: Path) -> None:
        os.mkfifo(folder / "media" / "pipe")
        person = data["people"][0]
        if field == "photo":
            person["media"][0] = "media/pipe"
        elif field == "clip":
            person["clips"] = [{"path": "media/pipe"}]
        elif field == "voiceover":
            person["voiceover"] = "media/pipe"
        else:
            data["video"]["music"] = "media/pipe"

    _, project = project_with(tmp_path, change)
    pipe = project.root / "media" / "pipe"
    found: list[list] = []
    worker = threading.Thread(target=lambda: found.append(person_problems(project)), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():
        with pipe.open("wb"):  # free the stuck reader
            pass
        pytest.fail("the video checks blocked on a named pipe")
    assert [(p.path, p.message) for p in found[0]] == [
        (where, "'media/pipe' is not a regular file (a named pipe)")
    ]


def test_validate_catches_a_truncated_clip(
    media: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = project_with(tmp_path, with_clip(media, "truncated.mp4", start=0.5, end=5.5))
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "people[0].clips[0].path: 'media/truncated.mp4' ends at" in err
    assert "Traceback" not in err
    assert project_names  # the names the CLI validates against exist


# -------------------------------------------------------------- cache writes (disk full)


def full_disk_after(nbytes: int) -> Callable[..., None]:
    """An ``Image.save`` that writes ``nbytes`` of the file and then finds the disk full."""

    def save(self: Image.Image, fp: Any, *args: Any, **kwargs: Any) -> None:
        Path(fp).write_bytes(b"\0" * nbytes)
        raise OSError(errno.ENOSPC, "No space left on device")

    return save


def partials(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if "partial" in p.name]


def test_a_full_disk_leaves_no_partial_cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image.Image, "save", full_disk_after(100))
    target = tmp_path / "still-x.png"
    with pytest.raises(OSError) as raised:
        video_assets._save(Image.new("RGB", (8, 8)), target, compress_level=1)
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(target)  # so the CLI can say where space ran out
    assert partials(tmp_path) == [] and not target.exists()


def test_a_full_disk_while_preparing_a_photo_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source.png"
    Image.new("RGB", (120, 160), (10, 120, 60)).save(source)
    monkeypatch.setattr(Image.Image, "save", full_disk_after(100))
    target = tmp_path / "cache" / "photo-x.jpg"
    target.parent.mkdir()
    segment = Photo(source, 0.5, Motion(1.0, 1.1, 0.5, 0.5, 0.5, 0.5))
    with pytest.raises(OSError) as raised:
        ensure_photo(segment, Canvas(60, 80), target)
    assert raised.value.filename == str(target)
    assert os.listdir(target.parent) == []


def test_an_interrupted_save_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: Image.Image, fp: Any, *args: Any, **kwargs: Any) -> None:
        Path(fp).write_bytes(b"\0" * 10)
        raise KeyboardInterrupt

    monkeypatch.setattr(Image.Image, "save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        video_assets._save(Image.new("RGB", (8, 8)), tmp_path / "overlay-x.png")
    assert os.listdir(tmp_path) == []


def test_temporary_names_are_unique_per_process_and_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: list[str] = []
    real = Image.Image.save

    def recording(self: Image.Image, fp: Any, *args: Any, **kwargs: Any) -> None:
        names.append(Path(fp).name)
        real(self, fp, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "save", recording)
    worker = threading.Thread(target=video_assets._save, args=(Image.new("RGB", (8, 8)), tmp_path / "a.png"))
    worker.start()
    worker.join()
    video_assets._save(Image.new("RGB", (8, 8)), tmp_path / "a.png")
    # mkstemp names: unique whoever writes (another thread, another process), and marked so
    # a render can sweep the ones a killed process left behind.
    assert len(set(names)) == 2 and all(TEMP_MARK in name for name in names)
    assert sorted(os.listdir(tmp_path)) == ["a.png"]
