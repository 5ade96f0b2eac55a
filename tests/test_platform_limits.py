"""Videos within their platform's file-size and length limits, or a failure naming the limit.

A story with grainy footage once came out at 61.5 MB for WhatsApp Status (16 MB) and was
reported done. Here a grainy clip (ffmpeg's noise filter: the hardest picture to compress) is
rendered for a preset whose limit is made tiny: the file must come out within it, its peak
bitrate must respect the recorded cap, and the manifest must record the file's real size.
A limit that cannot hold the story, a file that still comes out over (a cap that did not
hold) and a story longer than the platform takes fail, naming the limit.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import av
import imageio_ffmpeg
import pytest

import takatof.render.video.render as video_render
from takatof.model import Project, load_project
from takatof.render import presets
from takatof.render.batch import project_names
from takatof.render.keys import video_key
from takatof.render.outputs import Request, render_outputs
from takatof.render.presets import PRESETS, VideoLimits, get_preset, megabytes, seconds
from takatof.render.video.graph import Encoding
from takatof.render.video.render import (
    MAX_PEAK_KBPS,
    MIN_VIDEO_KBPS,
    VideoJob,
    check,
    limit_problem,
    peak_kbps,
    render_video,
)
from takatof.templates.timeline import Clip, Timeline
from tests.conftest import EXAMPLE

EXE = imageio_ffmpeg.get_ffmpeg_exe()
W, H = 240, 426
SECONDS = 3.0
FAST = Encoding("libx264", "ultrafast", 18)
PRESET = "whatsapp-status"
JOB = VideoJob("story", PRESET, "hala")


@pytest.fixture(scope="module")
def grainy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 s of moving noise, nearly lossless: uncompressible footage, as grainy phone video is."""
    path = tmp_path_factory.mktemp("grain") / "grain.mp4"
    subprocess.run(
        [EXE, "-v", "error", "-f", "lavfi", "-i", f"color=c=gray:s={W}x{H}:r=30:d={SECONDS + 0.5},"
         "noise=alls=90:allf=t+u", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "8", str(path)],
        check=True,
    )  # fmt: skip
    return path


@pytest.fixture
def story(grainy: Path, monkeypatch: pytest.MonkeyPatch) -> Timeline:
    """Every video job plans the grainy clip alone (its media checks pass): the story is 3 s."""
    timeline = Timeline(W, H, (Clip(grainy, SECONDS),), 0.3)
    monkeypatch.setattr(video_render, "plan", lambda project, job: timeline)
    monkeypatch.setattr(video_render, "check_person_media", lambda *a, **k: [])
    return timeline


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(EXAMPLE, project_names())


def limit(monkeypatch: pytest.MonkeyPatch, max_bytes: int, max_s: float = 60) -> None:
    """Give the WhatsApp Status preset these video limits for this test."""
    patched = dataclasses.replace(get_preset(PRESET), video=VideoLimits(max_bytes, max_s, "test"))
    monkeypatch.setitem(presets._BY_ID, PRESET, patched)


def peak_window_kbits(path: Path, window_s: float = 1.0) -> tuple[float, float]:
    """The video stream's average rate over the file and the most it carries in any window of
    ``window_s`` (both kb/s), from its packets."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        packets = sorted((float(p.pts * p.time_base), p.size) for p in container.demux(stream) if p.size)
    total = sum(size for _, size in packets) * 8 / 1000
    duration = packets[-1][0] + 1 / 30
    most = 0.0
    for i, (start, _) in enumerate(packets):
        most = max(most, sum(size for t, size in packets[i:] if t < start + window_s) * 8 / 1000)
    return total / duration, most / window_s


# ------------------------------------------------------------------------------ renders


def test_grainy_story_comes_out_within_a_tiny_limit(
    project: Project, story: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Control: with the platform's room to spare, the grain takes far more than 400 kB.
    limit(monkeypatch, 4 * 10**9)
    (free,) = [
        e
        for e in render_video(project, JOB, tmp_path / "free", tmp_path / "cache", FAST)
        if e.kind == "video"
    ]
    free_size = (tmp_path / "free" / str(free.path)).stat().st_size
    assert free_size > 1_000_000, free_size

    limit(monkeypatch, 400_000)
    out = tmp_path / "out"
    result = render_outputs(project, out, Request([JOB], encoding=FAST, cache=tmp_path / "cache"))
    assert not result.failed, result.failed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (video,) = [e for e in manifest["outputs"] if e["kind"] == "video"]
    path = out / video["path"]
    size = path.stat().st_size
    cap = video["encoder"]["max_kbps"]
    print(f"\ngrainy 3 s {W}x{H}: {free_size} bytes free, {size} bytes within 400000 (cap {cap} kb/s)")
    assert size <= 400_000 and video["bytes"] == size
    assert cap == peak_kbps(400_000, SECONDS, 30) and MIN_VIDEO_KBPS <= cap < MAX_PEAK_KBPS
    average, busiest = peak_window_kbits(path)
    # The VBV bound: any window carries at most the peak rate times the window plus the 2 s buffer.
    assert average <= cap * (SECONDS + 2) / SECONDS
    assert busiest <= cap * 3
    with av.open(str(path)) as container:  # still the whole story, as delivered
        assert container.streams.video[0].frames == round(SECONDS * 30)
        assert container.streams.audio[0].codec_context.name == "aac"


def test_a_file_still_over_the_limit_fails_naming_it(
    project: Project, story: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap is a bound with margins; the file's real size is what is checked: a cap that
    did not hold (here: none at all) fails the output and leaves no file."""
    limit(monkeypatch, 400_000)
    monkeypatch.setattr(video_render, "capped", lambda encoding, *a: encoding)
    out = tmp_path / "out"
    (entry,) = render_video(project, JOB, out, tmp_path / "cache", FAST)
    assert entry.status == "failed" and entry.path is None
    assert entry.error is not None
    assert entry.error.startswith("videos/hala/story-whatsapp-status.mp4 is ")
    assert entry.error.endswith("MB; WhatsApp Status takes at most 400 kB"), entry.error
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_a_limit_too_small_for_the_story_fails_before_encoding(
    project: Project, story: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(monkeypatch, 150_000)  # the sound alone takes 60 kB of it; the picture would get < 100 kb/s
    started: list[object] = []
    monkeypatch.setattr(video_render, "run_ffmpeg", lambda *a, **k: started.append(a))
    monkeypatch.setattr(video_render, "start_capture", lambda *a, **k: started.append(a))
    (entry,) = render_video(project, JOB, tmp_path / "out", tmp_path / "cache", FAST)
    assert entry.status == "failed" and started == []
    assert entry.error is not None and "WhatsApp Status" in entry.error and "150 kB" in entry.error, (
        entry.error
    )
    assert f"at least {MIN_VIDEO_KBPS} needed" in entry.error


def test_a_story_longer_than_the_platform_takes_fails_before_encoding(
    project: Project, story: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(monkeypatch, 16_000_000, max_s=2.5)
    started: list[object] = []
    monkeypatch.setattr(video_render, "run_ffmpeg", lambda *a, **k: started.append(a))
    monkeypatch.setattr(video_render, "start_capture", lambda *a, **k: started.append(a))
    (entry,) = render_video(project, JOB, tmp_path / "out", tmp_path / "cache", FAST)
    assert entry.status == "failed" and started == []
    assert entry.error == (
        "people[0]: whatsapp-status: the story lasts 3 s; WhatsApp Status takes at most 2.5 s: "
        "make it shorter (fewer photos or a lower video.photo_s, shorter clips, a shorter story "
        "text or voice-over)"
    )
    # validate sees the same problem, at the person's JSON path
    (problem,) = check(project, JOB)
    assert problem.path == "people[0]" and "WhatsApp Status takes at most 2.5 s" in problem.message


def test_validation_names_every_shape_the_story_is_too_long_for(
    story: Timeline, project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The media are checked once per person, at the largest shape; the length against each
    shape's own limit: a 3 s story over a 2.5 s Status and a 2 s Story is two problems, and
    none for Shorts (3 min)."""
    from takatof.edit.validate import video_problems

    limit(monkeypatch, 16_000_000, max_s=2.5)
    short_story = dataclasses.replace(get_preset("instagram-story"), video=VideoLimits(10**8, 2, "test"))
    monkeypatch.setitem(presets._BY_ID, "instagram-story", short_story)
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["outputs"]["videos"] = [
        {"template": "story", "presets": ["youtube-shorts", "whatsapp-status", "instagram-story"]}
    ]
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = load_project(project_copy, project_names())
    found = [p.message for p in video_problems(project) if p.path == "people[0]"]
    assert len(found) == 2, found
    assert found[0].startswith("whatsapp-status: the story lasts 3 s; WhatsApp Status takes at most 2.5 s")
    assert found[1].startswith("instagram-story: the story lasts 3 s; Instagram Story takes at most 2 s")


# ------------------------------------------------------------------------------ pure parts


def test_every_video_preset_records_its_limits() -> None:
    for preset in PRESETS:
        if preset.kind == "card":
            assert preset.video is None, preset.id
            continue
        assert preset.video is not None and preset.video.source, preset.id
        assert preset.video.max_bytes > 0 and preset.video.max_s >= 60, preset.id
    whatsapp = get_preset("whatsapp-status").video
    assert whatsapp is not None and (whatsapp.max_bytes, whatsapp.max_s) == (16_000_000, 60)
    # A 60 s WhatsApp story gets a cap that, with its sound, fits 16 MB.
    assert 1500 <= peak_kbps(16_000_000, 60, 30) <= 2000
    with pytest.raises(ValueError, match="records their limits"):
        dataclasses.replace(get_preset("tiktok"), video=None)


@pytest.mark.parametrize(
    "max_bytes, duration_s, low, high",
    [
        (16_000_000, 60, 1700, 1900),  # (15.2 MB - index) * 8 - 9.6 Mb of sound, over 62 s
        (16_000_000, 15, 6500, 7500),
        (100_000_000, 60, 11_500, 12_500),
        (400_000, 3, 350, 450),
        (100_000, 3, -1000, 0),  # the sound alone is over
    ],
)
def test_peak_rate_table(max_bytes: int, duration_s: float, low: int, high: int) -> None:
    rate = peak_kbps(max_bytes, duration_s, 30)
    assert low <= rate <= high
    # The bound the cap gives, with the 2 s buffer and 160 kb/s of sound, is within the limit.
    worst_bits = (
        rate * 1000 * (duration_s + 2) + 160_000 * duration_s + 8 * (64 * 1024 + 16 * 77 * duration_s)
    )
    assert worst_bits / 8 <= max_bytes


@pytest.mark.parametrize(
    "size, text", [(16_000_000, "16 MB"), (17_200_000, "17.2 MB"), (400_000, "400 kB"), (4 * 10**9, "4 GB")]
)
def test_sizes_read_as_limits_are_written(size: int, text: str) -> None:
    assert megabytes(size) == text


@pytest.mark.parametrize("length, text", [(60, "60 s"), (140, "140 s"), (180, "3 min"), (75.4, "75.4 s")])
def test_lengths_read_as_limits_are_written(length: float, text: str) -> None:
    assert seconds(length) == text


def test_over_the_size_limit_never_reads_as_equal() -> None:
    preset = get_preset("whatsapp-status")
    assert video_render.over_size("v.mp4", 16_000_000, preset) is None
    assert (
        video_render.over_size("v.mp4", 16_040_000, preset)
        == "v.mp4 is 16.04 MB; WhatsApp Status takes at most 16 MB"
    )
    assert (
        video_render.over_size("v.mp4", 61_500_000, preset)
        == "v.mp4 is 61.5 MB; WhatsApp Status takes at most 16 MB"
    )


def test_limits_are_checked_per_preset() -> None:
    assert limit_problem(get_preset("whatsapp-status"), 61, 30) is not None
    assert limit_problem(get_preset("youtube-shorts"), 61, 30) is None
    landscape = str(limit_problem(get_preset("youtube-video"), 141, 30))
    # The 16:9 file serves four platforms: the limit says whose it is, not "YouTube"'s alone.
    assert "takes at most 140 s" in landscape and "(X's limit, the strictest" in landscape, landscape


def test_the_video_key_changes_with_the_limit(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = video_key(project, "story", PRESET, "hala", FAST)
    limit(monkeypatch, 15_000_000)
    assert video_key(project, "story", PRESET, "hala", FAST) != before


@pytest.fixture(autouse=True)
def _no_leak() -> Iterator[None]:
    """Each test's limits are its own: the real preset is back after it."""
    yield
    real = get_preset(PRESET).video
    assert real is not None and (real.max_bytes, real.max_s) == (16_000_000, 60)
