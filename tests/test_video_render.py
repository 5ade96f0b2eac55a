"""Real ffmpeg renders of tiny timelines, probed with PyAV; media checks; the CLI end to end.

Every render here is tiny (240x426 or 432x432, a few seconds) so the whole file runs in
seconds on two cores. What is checked is what DESIGN.md promises: H.264 High yuv420p
constant 30 fps with exactly the planned frames, AAC-LC 48 kHz stereo (also when silent),
``+faststart``, -14 LUFS / at most -1 dBTP after the two-pass loudnorm, progress and cancel,
no partial files, the preview compositor agreeing with the decoded video (PSNR), and bad
media reported with its JSON path before ffmpeg starts.
"""

from __future__ import annotations

import errno
import io
import itertools
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import av
import imageio_ffmpeg
import numpy as np
import pytest
import srt
import webvtt
from PIL import Image

import takatof.render.video.render as video_render
from takatof import cli
from takatof.model import Campaign, Project, load_project
from takatof.model.campaign import Encoder
from takatof.render.batch import project_names
from takatof.render.cancel import CancelToken
from takatof.render.messages import EncoderUnavailable
from takatof.render.presets import get_preset
from takatof.render.video.assets import Assets, prepare
from takatof.render.video.compositor import frame_at
from takatof.render.video.graph import Encoding, Loudness, measure_command, parse_measurement, render_command
from takatof.render.video.motion import photo_feed
from takatof.render.video.render import Prepared, VideoJob, check, choose_encoding, render_video
from takatof.render.video.runner import (
    Cancelled,
    FfmpegError,
    Progress,
    run_ffmpeg,
    start_capture,
    write_error,
)
from takatof.templates.layers import Box, Gradient, Rect, Stack, Text, TextStyle
from takatof.templates.story import ZOOM, named_motion
from takatof.templates.timeline import (
    Audio,
    Clip,
    ClipAudio,
    Counter,
    Fade,
    Motion,
    Overlay,
    Photo,
    Still,
    Timeline,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "examples" / "community-stories"
EXAMPLE = EXAMPLE_DIR / "campaign.json"
MEDIA = EXAMPLE_DIR / "media"
EXE = imageio_ffmpeg.get_ffmpeg_exe()
FAST = Encoding("libx264", "veryfast", 21)

W, H = 240, 426
TITLE = TextStyle(size=26, min_size=10, bold=True, align="center")
BODY = TextStyle(size=18, min_size=8)


# ------------------------------------------------------------------------------- helpers


def tiny_timeline(audio: str | None = "music+voice", w: int = W, h: int = H) -> Timeline:
    """Still 1.2 s + Photo 1.5 s (Ken Burns) + Still 1.0 s, cross-fades of 0.4 s (2.9 s in
    all); a lower third that slides and fades in and out; a counter on the last still."""
    segments = (
        Still(
            (
                Gradient(Box(0, 0, w, h), ("#0F5C4A", "#0B1F1A")),
                Stack(
                    Box(10, 120, w - 20, 160), (Text("قصص المجتمع", TITLE), Text("Community Stories", BODY))
                ),
            ),
            1.2,
        ),
        Photo(MEDIA / "hala-1.jpg", 1.5, Motion(1.0, 1.25, 0.4, 0.6, 0.5, 0.5)),
        Still((Gradient(Box(0, 0, w, h), ("#F2B134", "#0B1F1A")),), 1.0),
    )
    box = Box(20, h - 126, w - 40, 60)
    lower_third = Overlay(
        "lower-third",
        (
            Rect(box, "#0F5C4A", radius=8, opacity=0.9),
            Stack(box.inset(6), (Text("هالة دحروج", BODY), Text("Hala Dahrouge · LibanTroc", BODY))),
        ),
        box,
        1.3,
        2.6,
        Fade(0.4, 0.3, slide=20),
    )
    counter = Counter(
        "members",
        85000,
        Box(20, 60, w - 40, 70),
        TextStyle(size=44, min_size=12, color="#F2B134", bold=True),
        start=2.0,
        end=2.9,
        count_s=0.6,
        lang="en",
        fade=Fade(0.2, 0.2),
    )
    base = Timeline(w, h, segments, 0.4)
    sound = {
        None: None,
        "silent": Audio(base.duration),
        "music": Audio(base.duration, music=MEDIA / "music.ogg", music_fade_in=0.3, music_fade_out=0.5),
        "music+voice": Audio(
            base.duration,
            music=MEDIA / "music.ogg",
            voice=MEDIA / "voiceover-hala.ogg",
            voice_at=0.3,
            music_fade_in=0.3,
            music_fade_out=0.5,
        ),
    }[audio]
    return Timeline(w, h, segments, 0.4, (lower_third,), (counter,), (), sound)


def clip_timeline() -> Timeline:
    """A still then the example's 1280x720 clip (with its sound), cover-cropped to 9:16."""
    clip = MEDIA / "clip-cairo-runners.mp4"
    segments = (Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 1.0), Clip(clip, 1.5, 0.5, True))
    base = Timeline(W, H, segments, 0.3)
    audio = Audio(base.duration, clips=(ClipAudio(clip, 0.5, base.starts[1], 1.5),))
    return Timeline(W, H, segments, 0.3, audio=audio)


def cut_timeline() -> Timeline:
    """No transition: segments are cut together (concat), with a silent track."""
    segments = (
        Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 0.7),
        Photo(MEDIA / "hala-2.jpg", 1.1, Motion(1.14, 1.04, 0.5, 0.5, 0.58, 0.42)),
    )
    return Timeline(W, H, segments, 0.0)


def with_stats_period(args: list[str], seconds: float = 0.05) -> list[str]:
    """Ask ffmpeg for progress blocks more often than every 0.5 s (test instrumentation)."""
    return [args[0], "-stats_period", str(seconds), *args[1:]]


@dataclass
class Rendered:
    timeline: Timeline
    assets: Assets
    path: Path
    measured: Loudness | None
    progress: list[Progress]


def render(
    timeline: Timeline,
    folder: Path,
    encoding: Encoding = FAST,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelToken | None = None,
    tweak: Callable[[list[str]], list[str]] = lambda a: a,
) -> Rendered:
    """The flow of render_video: prepare, measure (pass 1), render (pass 2)."""
    folder.mkdir(parents=True, exist_ok=True)
    assets = prepare(timeline, folder / "cache")
    measured = None
    if timeline.audio is not None and not timeline.audio.silent:
        measured = parse_measurement(start_capture(measure_command(timeline, EXE))())
        assert measured is not None
    out = folder / "out.mp4"
    seen: list[Progress] = []

    def report(p: Progress) -> None:
        seen.append(p)
        if on_progress:
            on_progress(p)

    args = tweak(render_command(timeline, assets, out, encoding, measured, EXE))
    run_ffmpeg(args, timeline.duration, report, cancel, photo_feed(timeline, assets))
    return Rendered(timeline, assets, out, measured, seen)


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) from ffmpeg's ebur128 summary."""
    done = subprocess.run(
        [
            EXE,
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-map",
            "0:a",
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr[done.stderr.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


def top_level_boxes(path: Path) -> list[str]:
    data = path.read_bytes()
    boxes, at = [], 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        elif size == 0:
            size = len(data) - at
        assert size >= 8, f"bad box size at {at}"
        boxes.append(kind.decode("latin-1"))
        at += size
    assert at == len(data)
    return boxes


def decode_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255.0**2 / mse)


def assert_delivery_format(path: Path, timeline: Timeline) -> None:
    """What every platform accepts (DESIGN.md, "Platform facts")."""
    with av.open(str(path)) as container:
        assert len(container.streams.video) == 1
        assert len(container.streams.audio) == 1
        video = container.streams.video[0]
        audio = container.streams.audio[0]
        assert video.codec_context.name == "h264"
        assert video.codec_context.profile == "High"
        assert video.codec_context.pix_fmt == "yuv420p"
        assert (video.codec_context.width, video.codec_context.height) == (timeline.width, timeline.height)
        assert video.average_rate == 30
        assert video.frames == timeline.frames
        assert audio.codec_context.name == "aac"
        assert audio.codec_context.profile == "LC"
        assert audio.codec_context.sample_rate == 48000
        assert audio.codec_context.channels == 2
        assert audio.codec_context.layout.name == "stereo"
        # Constant frame rate: every frame exactly 1/30 s after the one before.
        pts = [p.pts for p in container.demux(video) if p.pts is not None]
        tick = float(video.time_base)  # read while open: PyAV 18.1.1 refuses a closed container's
    pts.sort()
    steps = {round((b - a) * tick * 30, 6) for a, b in itertools.pairwise(pts)}
    assert steps == {1.0}
    assert len(pts) == timeline.frames
    assert top_level_boxes(path).index("moov") < top_level_boxes(path).index("mdat")


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The tiny timeline with music and voice, rendered once for the tests that probe it."""
    return render(tiny_timeline("music+voice"), tmp_path_factory.mktemp("main"))


@pytest.fixture(scope="module")
def decoded(rendered: Rendered) -> list[np.ndarray]:
    return decode_frames(rendered.path)


# ---------------------------------------------------------------------- delivery format


def test_delivery_format(rendered: Rendered) -> None:
    assert_delivery_format(rendered.path, rendered.timeline)


def test_decoded_frame_count_is_exact(rendered: Rendered, decoded: list[np.ndarray]) -> None:
    assert len(decoded) == rendered.timeline.frames == 87
    assert decoded[0].shape == (H, W, 3)


def test_closed_gop_keyframe_every_two_seconds(rendered: Rendered) -> None:
    with av.open(str(rendered.path)) as container:
        stream = container.streams.video[0]
        keys = sorted(
            round(p.pts * float(stream.time_base) * 30)
            for p in container.demux(stream)
            if p.pts is not None and p.is_keyframe
        )
    assert keys == list(range(0, rendered.timeline.frames, 60))


def test_faststart_moov_before_mdat(rendered: Rendered) -> None:
    boxes = top_level_boxes(rendered.path)
    assert boxes[0] == "ftyp"
    assert boxes.index("moov") < boxes.index("mdat")


def test_audio_lasts_as_long_as_the_video(rendered: Rendered) -> None:
    with av.open(str(rendered.path)) as container:
        audio = container.streams.audio[0]
        samples = sum(f.samples for f in container.decode(audio))
    assert samples / 48000 == pytest.approx(rendered.timeline.duration, abs=0.05)


@pytest.mark.parametrize(
    "make, frames",
    [(clip_timeline, 66), (cut_timeline, 54)],
    ids=["still+clip-with-sound", "cut-no-transition"],
)
def test_other_segment_kinds_keep_exact_frames(
    make: Callable[[], Timeline], frames: int, tmp_path: Path
) -> None:
    timeline = make()
    assert timeline.frames == frames
    result = render(timeline, tmp_path)
    assert_delivery_format(result.path, timeline)
    assert len(decode_frames(result.path)) == frames


# ------------------------------------------------------------------------------ loudness


def test_loudness_two_pass_music_and_voice(rendered: Rendered) -> None:
    assert rendered.measured is not None
    assert rendered.measured.i < -14.5  # the mix really needed raising
    integrated, peak = loudness(rendered.path)
    print(f"\nloudness music+voice: I={integrated} LUFS, true peak={peak} dBTP")
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0


def test_loudness_two_pass_music_only(tmp_path: Path) -> None:
    segments = (Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 3.5),)
    timeline = Timeline(
        W,
        H,
        segments,
        0.4,
        audio=Audio(3.5, music=MEDIA / "music.ogg", music_fade_in=0.3, music_fade_out=0.5),
    )
    result = render(timeline, tmp_path)
    integrated, peak = loudness(result.path)
    print(f"\nloudness music: I={integrated} LUFS, true peak={peak} dBTP")
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0


def test_loudness_peaky_mix_is_limited_not_clipped(tmp_path: Path) -> None:
    """A quiet bed with loud clicks: the plain gain to -14 LUFS would push the clicks far over
    the ceiling, so the second pass limits them (loudnorm) instead."""
    clicks = tmp_path / "clicks.wav"
    subprocess.run(
        [
            EXE,
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "aevalsrc=0.1*sin(2*PI*220*t)+0.89*lt(mod(t\\,0.7)\\,0.0002):s=48000:d=3.5",
            "-ac",
            "2",
            str(clicks),
        ],
        check=True,
    )
    segments = (Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 3.5),)
    timeline = Timeline(
        W, H, segments, 0.4, audio=Audio(3.5, music=clicks, music_fade_in=0, music_fade_out=0)
    )
    result = render(timeline, tmp_path)
    assert result.measured is not None
    assert result.measured.tp + result.measured.gain > -1.5  # a plain gain would clip
    integrated, peak = loudness(result.path)
    print(f"\nloudness clicks: I={integrated} LUFS, true peak={peak} dBTP")
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0


@pytest.mark.parametrize("audio", [None, "silent"], ids=["audio-none", "audio-empty"])
def test_silent_timeline_still_has_stereo_aac(audio: str | None, tmp_path: Path) -> None:
    timeline = tiny_timeline(audio)
    result = render(timeline, tmp_path)
    assert result.measured is None  # nothing to normalise, no pass 1
    assert_delivery_format(result.path, timeline)
    with av.open(str(result.path)) as container:
        frames = list(container.decode(audio=0))
    samples = np.concatenate([f.to_ndarray().reshape(-1) for f in frames])
    assert sum(f.samples for f in frames) / 48000 == pytest.approx(timeline.duration, abs=0.05)
    assert np.abs(samples).max() < 1e-4  # digital silence


# ------------------------------------------------------------------------------ progress


def test_progress_is_monotonic_and_reaches_one(rendered: Rendered) -> None:
    fractions = [p.fraction for p in rendered.progress]
    assert fractions, "no progress reported"
    assert fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert fractions == sorted(fractions)


def test_progress_reports_along_the_way(tmp_path: Path) -> None:
    result = render(tiny_timeline(None), tmp_path, tweak=with_stats_period)
    fractions = [p.fraction for p in result.progress]
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert len(fractions) >= 2
    assert all(p.eta_s is None or p.eta_s >= 0 for p in result.progress)


def test_ffmpeg_failure_raises_with_log(tmp_path: Path) -> None:
    args = [
        EXE,
        "-hide_banner",
        "-nostats",
        "-progress",
        "pipe:1",
        "-i",
        str(tmp_path / "missing.png"),
        str(tmp_path / "x.mp4"),
    ]
    with pytest.raises(FfmpegError, match=r"missing\.png"):
        run_ffmpeg(args, 1.0)


RAW_INPUT = ["-f", "rawvideo", "-pix_fmt", "gray", "-s", "16x16", "-framerate", "30", "-i", "pipe:0"]


def test_feed_error_fails_the_run_and_stops_ffmpeg(tmp_path: Path) -> None:
    """A feed that breaks part way (a photo that cannot be read) must fail the render, not
    leave ffmpeg to finish a shorter video from what it got."""

    def broken(stdin: BinaryIO) -> None:
        stdin.write(bytes(256) * 10)
        raise OSError("photo.jpg: cannot identify image file")

    args = [EXE, "-hide_banner", "-nostdin", "-progress", "pipe:1", *RAW_INPUT, "-f", "null", "-"]
    with pytest.raises(FfmpegError, match=r"photo\.jpg: cannot identify"):
        run_ffmpeg(args, 1.0, feed=broken)


def test_ffmpeg_that_stops_reading_does_not_hang_the_feed(tmp_path: Path) -> None:
    """ffmpeg failing (or finishing) while frames are still being written ends the feed with
    a broken pipe, which is not an error of its own: ffmpeg's exit status tells."""
    written: list[int] = []

    def endless(stdin: BinaryIO) -> None:
        while True:
            stdin.write(bytes(256))
            written.append(1)

    out = tmp_path / "x.mp4"
    ok = [EXE, "-hide_banner", "-nostdin", "-progress", "pipe:1", *RAW_INPUT, "-frames:v", "5", str(out)]
    run_ffmpeg(ok, 5 / 30, feed=endless)
    assert out.exists() and len(written) >= 5
    bad = [EXE, "-hide_banner", "-nostdin", *RAW_INPUT, "-c:v", "no-such-encoder", str(out)]
    with pytest.raises(FfmpegError, match="no-such-encoder"):
        run_ffmpeg(bad, 1.0, feed=endless)


# -------------------------------------------------------------------------------- cancel


def slow_timeline() -> Timeline:
    """About 8 s at 240x426: long enough to be cancelled part way."""
    segments = (
        Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 2.5),
        Photo(MEDIA / "hala-1.jpg", 3.5, Motion(1.0, 1.2, 0.4, 0.6, 0.5, 0.5)),
        Photo(MEDIA / "hala-2.jpg", 3.0, Motion(1.12, 1.0, 0.42, 0.58, 0.5, 0.5)),
    )
    base = Timeline(W, H, segments, 0.4)
    return Timeline(W, H, segments, 0.4, audio=Audio(base.duration, music=MEDIA / "music.ogg"))


def cancel_at(token: CancelToken, fraction: float, seen: list[float]) -> Callable[[Progress], None]:
    def on_progress(p: Progress) -> None:
        seen.append(p.fraction)
        if p.fraction >= fraction and not token.cancelled:
            token.cancel()

    return on_progress


@dataclass
class CancelledRun:
    raised: BaseException | None
    seen: list[float]
    out: Path
    timeline: Timeline


@pytest.fixture(scope="module")
def cancelled_run(tmp_path_factory: pytest.TempPathFactory) -> CancelledRun:
    """A render cancelled from its progress callback once it passes 30%."""
    folder = tmp_path_factory.mktemp("cancel")
    token = CancelToken()
    seen: list[float] = []
    timeline = slow_timeline()
    raised = None
    try:
        render(
            timeline,
            folder,
            Encoding("libx264", "medium", 21),
            cancel_at(token, 0.3, seen),
            token,
            with_stats_period,
        )
    except Exception as exc:  # inspected by the tests
        raised = exc
    return CancelledRun(raised, seen, folder / "out.mp4", timeline)


def test_cancel_from_progress_callback(cancelled_run: CancelledRun) -> None:
    assert isinstance(cancelled_run.raised, Cancelled)
    assert any(f >= 0.3 for f in cancelled_run.seen)
    # ffmpeg really stopped part way: what it wrote before it was ended is short.
    # (run_ffmpeg leaves removing it to its caller; see the render_video test below.)
    if cancelled_run.out.exists() and cancelled_run.out.stat().st_size > 0:
        try:
            with av.open(str(cancelled_run.out)) as container:
                frames = sum(1 for p in container.demux(container.streams.video[0]) if p.size)
        except av.FFmpegError:
            frames = 0
        print(f"\ncancelled render wrote {frames} of {cancelled_run.timeline.frames} frames")
        assert frames < cancelled_run.timeline.frames * 0.9


def test_cancel_does_not_report_completion(cancelled_run: CancelledRun) -> None:
    """After a cancel, ffmpeg's closing ``progress=end`` block must not be reported as a
    finished render (fraction 1.0): a progress bar would jump to 100% on Cancel."""
    assert isinstance(cancelled_run.raised, Cancelled)
    assert max(cancelled_run.seen) < 1.0, cancelled_run.seen


@pytest.fixture
def example_project() -> Project:
    return load_project(EXAMPLE, project_names())


def test_cancelled_render_video_leaves_no_partial_file(
    example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(video_render, "checked_plan", lambda project, job: (slow_timeline(), []))
    real = video_render.render_command
    monkeypatch.setattr(video_render, "render_command", lambda *a, **k: with_stats_period(real(*a, **k)))
    out = tmp_path / "out"
    token = CancelToken()
    seen: list[float] = []
    job = VideoJob("story", "instagram-story", "hala")
    with pytest.raises(Cancelled):
        render_video(
            example_project,
            job,
            out,
            tmp_path / "cache",
            Encoding("libx264", "medium", 21),
            cancel_at(token, 0.3, seen),
            token,
        )
    assert any(0.3 <= f < 1.0 for f in seen)  # cancelled part way
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_photo_that_cannot_be_drawn_fails_the_video_cleanly(
    example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A photo that passed the checks but is unreadable when the frame feeder reaches it
    (replaced on disk, say) fails that video with a message naming the file, leaves no
    partial file, and is not reported as an ffmpeg failure."""
    broken = tmp_path / "replaced.jpg"
    broken.write_bytes(b"not a jpeg any more")
    segments = (
        Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 1.0),
        Photo(broken, 1.5, Motion(1.0, 1.1, 0.5, 0.5, 0.5, 0.5)),
    )
    monkeypatch.setattr(
        video_render, "checked_plan", lambda project, job: (Timeline(W, H, segments, 0.3), [])
    )
    out = tmp_path / "out"
    job = VideoJob("story", "instagram-story", "hala")
    (entry,) = render_video(example_project, job, out, tmp_path / "cache", FAST)
    assert entry.status == "failed" and entry.path is None, entry
    assert entry.error and entry.error.startswith("could not draw the photo frames:"), entry
    assert "replaced.jpg" in entry.error
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_failed_render_video_leaves_no_partial_file(
    example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A clip whose header is fine but whose media data is missing makes ffmpeg fail.
    source = (MEDIA / "clip-cairo-runners.mp4").read_bytes()
    broken = tmp_path / "header-only.mp4"
    broken.write_bytes(_header_only(source))
    segments = (Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 1.0), Clip(broken, 1.5, 0.5))
    # Checks bypassed: the broken clip reaches ffmpeg.
    monkeypatch.setattr(
        video_render, "checked_plan", lambda project, job: (Timeline(W, H, segments, 0.3), [])
    )
    out = tmp_path / "out"
    entries = render_video(
        example_project, VideoJob("story", "instagram-story", "hala"), out, tmp_path / "cache", FAST
    )
    assert len(entries) == 1 and "ffmpeg failed" in (entries[0].error or "")
    assert [p for p in out.rglob("*") if p.is_file()] == []


# ------------------------------------------------------------------------ preview agreement

PREVIEW_TIMES = {
    "still": 0.4,
    "mid-crossfade": 1.0,  # title -> photo, 0.8..1.2
    "mid-overlay-fade-and-slide": 1.5,  # lower third fading in 1.3..1.7
    "mid-zoom": 1.75,
    "mid-crossfade-2": 2.1,  # photo -> stat still, 1.9..2.3
    "mid-counter": 2.3,  # counting 2.0..2.6
    "mid-overlay-fade-out": 2.45,  # lower third fading out 2.3..2.6
    "counter-held": 2.8,
}


@pytest.mark.parametrize("t", PREVIEW_TIMES.values(), ids=PREVIEW_TIMES.keys())
def test_preview_matches_decoded_video(
    t: float, rendered: Rendered, decoded: list[np.ndarray], request
) -> None:
    timeline = rendered.timeline
    reference = np.asarray(frame_at(timeline, rendered.assets, t))
    assert reference.shape == (H, W, 3)
    value = psnr(decoded[round(t * timeline.fps)], reference)
    print(f"\nPSNR at {t:.2f} s ({request.node.callspec.id}): {value:.2f} dB")
    assert value >= 35.0


def test_preview_sees_the_animation(rendered: Rendered, decoded: list[np.ndarray]) -> None:
    """Guard against a trivially passing comparison: the frames compared really differ."""
    timeline = rendered.timeline
    a = np.asarray(frame_at(timeline, rendered.assets, 2.1)).astype(float)
    b = np.asarray(frame_at(timeline, rendered.assets, 2.4)).astype(float)
    assert np.abs(a - b).mean() > 1.0
    assert psnr(decoded[round(2.3 * 30)], np.asarray(frame_at(timeline, rendered.assets, 1.0))) < 30


def _focus_source(path: Path) -> Image.Image:
    """A 900x600 landscape photo of smooth colour with a green square at (0.9, 0.1)."""
    y, x = np.mgrid[0:600, 0:900].astype(np.float32)
    rgb = np.stack([x / 900 * 255, y / 600 * 255, 128 + 60 * np.sin(x / 40) * np.cos(y / 50)], axis=-1)
    rgb[30:90, 780:840] = (0, 255, 0)
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    image.save(path, quality=98)
    return image


def test_focused_zoom_stays_inside_the_photo(tmp_path: Path) -> None:
    """A zoom toward a focus in the corner of a landscape photo on a tall canvas: the photo is
    cropped around the focus (the green mark, far off the centre, is in view) and every
    compositor frame shows the part of the photo the motion asks for, never a replicated
    border: frames match crops of the original taken independently of the renderer."""
    original = _focus_source(tmp_path / "wide.jpg")
    focus = (0.9, 0.1)
    n = 30
    photo = Photo(tmp_path / "wide.jpg", n / 30, named_motion("zoom-in", focus), focus)
    timeline = Timeline(W, H, (photo,), transition=0.0)
    assets = prepare(timeline, tmp_path / "cache")
    # The cover crop of the original at the canvas's shape, placed by the focus (Pillow's fit).
    crop_w = 600 * W / H
    left = (900 - crop_w) * focus[0]
    for k in (0, n // 2, n - 1):
        zoom = 1.0 + (ZOOM - 1.0) * k / (n - 1)
        m = photo.motion
        p = k / (n - 1)
        cx = left + (m.x_from + (m.x_to - m.x_from) * p) * crop_w
        cy = (m.y_from + (m.y_to - m.y_from) * p) * 600
        view_w, view_h = crop_w / zoom, 600 / zoom
        box = (cx - view_w / 2, cy - view_h / 2, cx + view_w / 2, cy + view_h / 2)
        assert box[0] >= left - 1e-6 and box[2] <= left + crop_w + 1e-6, "the view leaves the crop"
        assert box[1] >= -1e-6 and box[3] <= 600 + 1e-6, "the view leaves the photo"
        expected = np.asarray(original.resize((W, H), Image.Resampling.BILINEAR, box=box))
        frame = np.asarray(frame_at(timeline, assets, k / 30))
        value = psnr(frame, expected)
        print(f"\nfocused zoom, frame {k}: PSNR {value:.1f} dB")
        assert value >= 30.0
        # Every edge row and column is the photo itself, not a smear of its last pixels.
        for edge in (frame[0], frame[-1], frame[:, 0], frame[:, -1]):
            assert np.abs(np.diff(edge.astype(float), axis=0)).max() > 0
    last = np.asarray(frame_at(timeline, assets, (n - 1) / 30)).astype(int)
    green = (last[..., 1] > 200) & (last[..., 0] < 60) & (last[..., 2] < 60)
    rows, cols = np.nonzero(green)
    assert green.sum() > 100, "the focus is in view"
    assert cols.mean() > W / 2 and rows.mean() < H / 3  # at the top right, where it is in the photo


# ----------------------------------------------------------------- media checks (before ffmpeg)


def _header_only(mp4: bytes) -> bytes:
    """The boxes of an MP4 up to (not including) its media data: a valid-looking header."""
    at, out = 0, b""
    while at + 8 <= len(mp4):
        size, kind = struct.unpack(">I4s", mp4[at : at + 8])
        if kind == b"mdat":
            break
        out += mp4[at : at + size]
        at += size
    return out


def project_with(tmp_path: Path, person: int, change: Callable[[dict, Path], None]) -> Project:
    """A copy of the example project, changed, built without load-time checks (so that
    the video checks are what finds the problem)."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    change(data["people"][person], folder)
    path = folder / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return Project(Campaign.model_validate(data), path)


def _missing_clip(person: dict, folder: Path) -> None:
    person["clips"] = [{"path": "media/not-here.mp4", "start": 0, "end": 2}]


def _random_clip(person: dict, folder: Path) -> None:
    (folder / "media" / "random.mp4").write_bytes(np.random.default_rng(7).bytes(60_000))
    person["clips"] = [{"path": "media/random.mp4"}]


def _empty_clip(person: dict, folder: Path) -> None:
    (folder / "media" / "empty.mp4").write_bytes(b"")
    person["clips"] = [{"path": "media/empty.mp4"}]


def _header_only_clip(person: dict, folder: Path) -> None:
    source = (folder / "media" / "clip-cairo-runners.mp4").read_bytes()
    (folder / "media" / "header-only.mp4").write_bytes(_header_only(source))
    person["clips"] = [{"path": "media/header-only.mp4", "start": 0.5, "end": 5.5}]


def _small_photo(person: dict, folder: Path) -> None:
    Image.new("RGB", (200, 200), (200, 90, 40)).save(folder / "media" / "tiny.jpg")
    person["media"] = [person["media"][0], "media/tiny.jpg"]


def _png_voiceover(person: dict, folder: Path) -> None:
    Image.new("RGB", (64, 64), (15, 92, 74)).save(folder / "media" / "voice.ogg", "PNG")
    person["voiceover"] = "media/voice.ogg"


BAD_MEDIA = {
    "missing-clip": (_missing_clip, "clips[0].path", "media/not-here.mp4"),
    "random-bytes-clip": (_random_clip, "clips[0].path", "media/random.mp4"),
    "zero-length-clip": (_empty_clip, "clips[0].path", "media/empty.mp4"),
    "photo-too-small": (_small_photo, "media[1]", "media/tiny.jpg"),
    "png-as-voiceover": (_png_voiceover, "voiceover", "media/voice.ogg"),
    # A valid-looking MP4 header with no media data: probe's "decode one frame" check is
    # meant to catch it (see probe.py), but ffmpeg is what discovers it today.
    "header-only-clip": (_header_only_clip, "clips[0].path", "media/header-only.mp4"),
}


@pytest.mark.parametrize("person", [0, 2])
@pytest.mark.parametrize("change, field, written", BAD_MEDIA.values(), ids=BAD_MEDIA.keys())
def test_bad_media_is_reported_before_ffmpeg(
    change: Callable, field: str, written: str, person: int, tmp_path: Path
) -> None:
    project = project_with(tmp_path, person, change)
    job = VideoJob("story", "instagram-story", project.campaign.people[person].id)  # 1080x1920
    problems = check(project, job)
    where = f"people[{person}].{field}"
    assert [p.path for p in problems] == [where], problems
    assert written in problems[0].message  # the file as written in the project


def test_small_photo_message_says_what_size_is_needed(tmp_path: Path) -> None:
    project = project_with(tmp_path, 0, _small_photo)
    (problem,) = check(project, VideoJob("story", "instagram-story", "hala"))
    assert "200x200" in problem.message and "1080x1920" in problem.message
    assert "540x960" in problem.message


def test_example_media_passes_checks(example_project: Project) -> None:
    for person in example_project.campaign.people:
        assert check(example_project, VideoJob("story", "instagram-story", person.id)) == []


def test_bad_media_stops_render_video_before_ffmpeg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = project_with(tmp_path, 0, _random_clip)

    def no_ffmpeg(*args, **kwargs):
        raise AssertionError("ffmpeg must not start for bad media")

    monkeypatch.setattr(video_render, "run_ffmpeg", no_ffmpeg)
    monkeypatch.setattr(video_render, "start_capture", no_ffmpeg)
    monkeypatch.setattr(video_render, "prepare", no_ffmpeg)
    out = tmp_path / "out"
    (entry,) = render_video(
        project, VideoJob("story", "instagram-story", "hala"), out, tmp_path / "cache", FAST
    )
    assert entry.kind == "video" and entry.error and "people[0].clips[0].path" in entry.error
    assert "media/random.mp4" in entry.error
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []


# ---------------------------------------------------------------------------- choose_encoding


@pytest.mark.parametrize(
    "codec, nvenc, expected",
    [
        ("auto", False, "libx264"),
        ("auto", True, "h264_nvenc"),
        ("libx264", True, "libx264"),
        ("libx264", False, "libx264"),
        ("h264_nvenc", False, None),  # refused before any work: see test_encoder_choice.py
        ("h264_nvenc", True, "h264_nvenc"),
    ],
)
def test_choose_encoding(codec: str, nvenc: bool, expected: str | None) -> None:
    asked: list[str] = []

    def nvenc_lacks(exe: str) -> str | None:
        asked.append(exe)
        return None if nvenc else "no NVIDIA GPU answers (test)"

    settings = Encoder(codec=codec, preset="veryfast", crf=19)
    if expected is None:
        with pytest.raises(
            EncoderUnavailable,
            match=r"h264_nvenc cannot encode on this machine: no NVIDIA GPU answers \(test\)",
        ):
            choose_encoding(settings, "/x/ffmpeg", nvenc_lacks)
    else:
        assert choose_encoding(settings, "/x/ffmpeg", nvenc_lacks) == Encoding(expected, "veryfast", 19)
    assert asked == ([] if codec == "libx264" else ["/x/ffmpeg"])  # libx264 needs no probe


# ------------------------------------------------------------------------------ end to end


def test_cli_plan_total_is_the_rendered_duration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``takatof plan --json`` states the length of the video ``takatof render`` writes: a
    short story (one object photo with its own duration and a pan, one plain photo, no voice)
    rendered ultrafast, then probed."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    data["video"].update(title_s=1.0, stat_s=2.0, closing_s=1.5, transition_s=0.4, photo_s=1.5)
    data["video"]["encoder"] = {"codec": "libx264", "preset": "ultrafast", "crf": 35}
    person = data["people"][1]  # marouan: no voice-over, no clip
    person["story"] = {"ar": "قصة قصيرة.", "en": "A short story."}
    person["media"] = [
        {"path": "media/marouan-1.jpg", "duration_s": 2.2, "motion": "pan-left"},
        "media/marouan-2.jpg",
    ]
    project = folder / "campaign.json"
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert (
        cli.main(["plan", str(project), "--only", "marouan", "--presets", "instagram-square", "--json"]) == 0
    )
    (summary,) = json.loads(capsys.readouterr().out)
    photo = summary["segments"][1]
    assert (photo["where"], photo["motion"], photo["own_duration"], photo["duration_s"]) == (
        "people[1].media[0]",
        "pan-left",
        True,
        2.2,
    )
    out = tmp_path / "out"
    argv = [
        "render",
        str(project),
        "--targets",
        "videos",
        "--only",
        "marouan",
        "--presets",
        "instagram-square",
    ]
    assert cli.main([*argv, "--out", str(out), "-q"]) == 0
    path = out / "videos" / "marouan" / "story-instagram-square.mp4"
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        seconds = float(container.duration / av.time_base)
    assert frames == round(summary["total_s"] * 30)
    assert seconds == pytest.approx(summary["total_s"], abs=0.05)


def test_cli_render_videos_end_to_end(tmp_path: Path) -> None:
    """``takatof render --targets videos`` on the example for one person and one preset: a
    real 1080x1080 story of about 25 s (photos with motion, voice-over ducking the music,
    captions, counter). About 45 s on two cores: the one full-size render in this file."""
    out = tmp_path / "out"
    code = cli.main(
        [
            "render",
            str(EXAMPLE),
            "--targets",
            "videos",
            "--only",
            "hala",
            "--presets",
            "instagram-square",
            "--out",
            str(out),
            "--encoder",
            "libx264",
            "-q",
        ]
    )
    assert code == 0
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    videos = [e for e in entries if e["kind"] == "video"]
    captions = [e for e in entries if e["kind"] == "captions"]
    assert len(videos) == 1 and len(captions) == 4 and len(entries) == 5
    assert {e["status"] for e in entries} == {"rendered"}
    (video,) = videos
    assert "error" not in video
    assert video["path"] == "videos/hala/story-instagram-square.mp4"
    assert (video["width"], video["height"]) == (1080, 1080)
    encoder = load_project(EXAMPLE, project_names()).campaign.video.encoder
    cap = video_render.capped(Encoding(), get_preset("instagram-square"), video["duration_s"], 30).max_kbps
    assert cap == video_render.MAX_PEAK_KBPS  # 25 s within 300 MB: only the platforms' peak rate
    expected = {"codec": "libx264", "preset": encoder.preset, "crf": encoder.crf, "max_kbps": cap}
    assert video["encoder"] == expected
    assert 3 <= video["duration_s"] <= 60  # Stories allow up to 60 s
    path = out / video["path"]
    assert video["bytes"] == path.stat().st_size
    # Probe it: delivery format, exactly the planned frames, loudness.
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (1080, 1080)
        assert stream.codec_context.profile == "High" and stream.codec_context.pix_fmt == "yuv420p"
        assert stream.average_rate == 30
        assert stream.frames == round(video["duration_s"] * 30)
        assert sum(1 for p in container.demux(stream) if p.size) == stream.frames
        sound = container.streams.audio[0].codec_context
        assert (sound.name, sound.profile, sound.sample_rate, sound.channels) == ("aac", "LC", 48000, 2)
    integrated, peak = loudness(path)
    print(f"\nloudness example hala 1080x1080 (music + voice): I={integrated} LUFS, true peak={peak} dBTP")
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0
    assert top_level_boxes(path).index("moov") < top_level_boxes(path).index("mdat")
    # Four caption sidecars that the real libraries read, with Arabic in the Arabic ones.
    suffixes = sorted(Path(e["path"]).name.removeprefix("story-instagram-square") for e in captions)
    assert suffixes == [".ar.srt", ".ar.vtt", ".en.srt", ".en.vtt"]
    for entry in captions:
        assert entry["video"] == video["path"] and entry["person"] == "hala"
        assert entry["lang"] in ("ar", "en") and entry["format"] in ("srt", "vtt")
        text = (out / entry["path"]).read_text(encoding="utf-8")
        if entry["format"] == "srt":
            cues = [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in srt.parse(text)]
        else:
            assert text.startswith("WEBVTT")
            cues = [
                (c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, c.text)
                for c in webvtt.from_buffer(io.StringIO(text))
            ]
        assert cues
        assert all(0 <= s < e <= video["duration_s"] + 1e-3 for s, e, _ in cues)
        arabic = any(re.search(r"[\u0600-\u06ff]", t) for _, _, t in cues)
        assert arabic == (entry["lang"] == "ar")
    # Nothing half-written is left behind.
    assert not [p for p in out.rglob("*") if ".partial" in p.name]


# ------------------------------------------------------------------------------ a full disk

# What the bundled ffmpeg prints when its output's disk fills (captured on a 200 KiB tmpfs):
# the cause comes before the encoder's statistics, out of the log's last lines.
ENOSPC_LOG = (
    """\
Output #0, mp4, to '/full/out.mp4':
[vost#0:0/libx264 @ 0x55dbc9986380] Error submitting a packet to the muxer: No space left on device
[out#0/mp4 @ 0x55dbc99855c0] Error muxing a packet
[out#0/mp4 @ 0x55dbc99855c0] Task finished with error code: -28 (No space left on device)
[out#0/mp4 @ 0x55dbc99855c0] Terminating thread with return code -28 (No space left on device)
[mp4 @ 0x55dbc9985740] Starting second pass: moving the moov atom to the beginning of the file
[out#0/mp4 @ 0x55dbc99855c0] Error writing trailer: No space left on device
[out#0/mp4 @ 0x55dbc99855c0] Error closing file: No space left on device
"""
    + "".join(f"[libx264 @ 0x55dbc99870c0] statistics line {n}\n" for n in range(12))
    + "Conversion failed!\n"
)


@pytest.mark.parametrize(
    "log, code",
    [
        (ENOSPC_LOG, errno.ENOSPC),
        ("[out#0/mp4 @ 0x1] Error writing trailer: Disk quota exceeded\nConversion failed!\n", errno.EDQUOT),
        ("[out#0/mp4 @ 0x1] Task finished with error code: -27 (File too large)\n", errno.EFBIG),
        ("[in#0 @ 0x1] Error opening input: Permission denied\n", None),  # an input: ffmpeg's log says it
        ("[h264 @ 0x1] Invalid NAL unit size\nConversion failed!\n", None),
    ],
    ids=["enospc", "edquot", "efbig", "input-eacces", "decode-error"],
)
def test_write_errors_are_read_from_ffmpegs_log(log: str, code: int | None) -> None:
    error = write_error(log)
    if code is None:
        assert error is None
    else:
        assert error is not None and error.errno == code and error.strerror == os.strerror(code)


def _prepared(example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Prepared:
    monkeypatch.setattr(video_render, "checked_plan", lambda project, job: (tiny_timeline("music"), []))
    return video_render.prepare_video(
        example_project, VideoJob("story", "instagram-story", "hala"), tmp_path / "cache"
    )


def test_full_disk_from_ffmpeg_is_cannot_write(
    example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ffmpeg that fails as it does on a full disk (its real lines, exit 1): the video's
    error is the one "cannot write PATH: reason" line, and no file is left."""
    prepared = _prepared(example_project, tmp_path, monkeypatch)
    (tmp_path / "enospc.log").write_text(ENOSPC_LOG)
    fake = tmp_path / "ffmpeg"
    fake.write_text(f"#!/bin/sh\ncat '{tmp_path / 'enospc.log'}' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(video_render, "ffmpeg_exe", lambda: str(fake))
    out = tmp_path / "out"
    with pytest.raises(video_render.VideoFailed) as failed:
        video_render.encode_video(prepared, out, FAST)
    target = out / "videos" / "hala" / "story-instagram-story.mp4"
    assert str(failed.value) == f"cannot write {target}: No space left on device"
    assert [p for p in out.rglob("*") if p.is_file()] == []


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 96 KiB tmpfs (root on Linux only): a real disk that fills during the encode."""
    folder = tmp_path / "full"
    folder.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_disk_during_a_real_encode(
    example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_disk: Path
) -> None:
    monkeypatch.setattr(video_render, "checked_plan", lambda project, job: (tiny_timeline("music"), []))
    (entry,) = render_video(
        example_project, VideoJob("story", "instagram-story", "hala"), full_disk, tmp_path / "cache", FAST
    )
    target = full_disk / "videos" / "hala" / "story-instagram-story.mp4"
    assert entry.status == "failed" and entry.error == f"cannot write {target}: No space left on device"
    assert [p for p in full_disk.rglob("*") if p.is_file()] == []  # the partial file is gone
