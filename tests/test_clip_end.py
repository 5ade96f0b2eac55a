"""A clip's ``end`` may be the length a player shows, and the story then plays to its last frame.

A variable-rate clip made here has frames dropped in the middle (as phones drop them in low
light), its last frame at 2.90 s (shown until 2.933 s) and a sound track to 3.00 s: a player
shows 3.00 s, and that is the ``end`` people write. The media checks accept an end up to a
frame past that length and refuse more; the plan cuts the clip at its last frame; the render
shows every frame to the last and nothing after it (no frozen or black frames). Each frame's
brightness says which source frame it is, so the decoded video is read frame by frame.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest

from takatof.model import Campaign, Project
from takatof.render.video.assets import prepare
from takatof.render.video.graph import Encoding, render_command
from takatof.render.video.probe import duration_of, end_limit, probe
from takatof.render.video.render import VideoJob, checked_plan
from takatof.render.video.runner import run_ffmpeg
from takatof.templates.timeline import Clip, Timeline

EXE = imageio_ffmpeg.get_ffmpeg_exe()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "examples" / "community-stories"
FPS = 30
LAST = 87  # the last source frame: 2.90 s
DROPPED = {41, 43, 45, 47, 49}  # frames the recorder dropped


def frame_luma(n: int) -> int:
    return 16 + 2 * n


@pytest.fixture(scope="module")
def vfr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Frames 0..87 at 30 fps minus the dropped ones, each as bright as its number says, kept
    at their own times (``passthrough``: variable rate); a 3.00 s sound track."""
    path = tmp_path_factory.mktemp("vfr") / "vfr.mp4"
    drop = "+".join(f"eq(n\\,{n})" for n in sorted(DROPPED))
    picture = (
        f"color=c=black:s=160x120:r={FPS}:d={(LAST + 1) / FPS},"
        f"geq=lum='16+2*N':cb=128:cr=128,select='not({drop})'"
    )
    sound = ["-f", "lavfi", "-i", "sine=f=440:r=48000:d=3"]
    codecs = ["-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-c:a", "aac"]
    quiet = ["-y", "-hide_banner", "-loglevel", "error"]
    subprocess.run(
        [EXE, *quiet, "-f", "lavfi", "-i", picture, *sound, "-fps_mode", "passthrough", *codecs, str(path)],
        check=True,
    )
    return path


def test_the_clip_is_what_players_show_3_s_of(vfr: Path) -> None:
    info = probe(vfr)
    assert info.shown == pytest.approx(3.0, abs=0.01)  # the container's length
    assert info.end == pytest.approx((LAST + 1) / FPS, abs=1e-3)  # the last frame's end
    assert 1 / 31 < info.frame_s < 1 / 25  # the average rate's frame (frames were dropped)
    assert duration_of(vfr) == pytest.approx(info.end)
    assert 3.0 < end_limit(info) < 3.0 + 0.06  # the shown length, plus a frame


def test_a_container_without_track_lengths_is_measured_by_its_last_packets(vfr: Path, tmp_path: Path) -> None:
    """Matroska states no track length: the last packets say where the picture ends."""
    mkv = tmp_path / "vfr.mkv"
    subprocess.run(
        [EXE, "-y", "-hide_banner", "-loglevel", "error", "-i", str(vfr), "-c", "copy", str(mkv)], check=True
    )
    info = probe(mkv)
    assert info.shown == pytest.approx(3.0, abs=0.03)  # Matroska counts the AAC priming too
    assert info.end == pytest.approx((LAST + 1) / FPS, abs=2e-3)  # the last frame + its block duration
    assert end_limit(info) > 3.0


def project_with_clip(tmp_path: Path, clip: Path, start: float, end: float) -> tuple[Project, VideoJob]:
    """The example project with the first person's clip set to ``clip`` from ``start`` to ``end``."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    shutil.copy(clip, folder / "media" / "vfr.mp4")
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    data["people"][0]["clips"] = [{"path": "media/vfr.mp4", "start": start, "end": end}]
    path = folder / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = Project(Campaign.model_validate(data), path)
    return project, VideoJob("story", "instagram-story", project.campaign.people[0].id)


@pytest.mark.parametrize(
    "start, end, accepted",
    [
        (0.0, 3.0, True),  # the length a player shows
        (0.0, 3.03, True),  # within a frame of it
        (1.0, 2.95, True),  # past the last frame, before the container's end
        (0.0, 2.5, True),  # inside: unchanged
        (0.0, 3.1, False),  # three frames past: a mistake, said so
    ],
)
def test_an_end_within_a_frame_of_the_shown_length_is_accepted(
    vfr: Path, tmp_path: Path, start: float, end: float, accepted: bool
) -> None:
    project, job = project_with_clip(tmp_path, vfr, start, end)
    timeline, problems = checked_plan(project, job)
    told = [p for p in problems if p.path.startswith("people[0].clips")]
    if not accepted:
        assert [(p.path, p.message) for p in told] == [
            ("people[0].clips[0].path", "'media/vfr.mp4' ends at 3.1 s but the video is only 3.00 s long")
        ]
        return
    assert told == []
    assert timeline is not None
    (clip,) = [s for s in timeline.segments if isinstance(s, Clip)]
    # Cut at the last frame's end (2.933 s), on whole frames.
    want = round((min(end, (LAST + 1) / FPS) - start) * FPS) / FPS
    assert clip.duration == pytest.approx(want, abs=1e-9)


def source_frames(lumas: list[np.ndarray]) -> list[int]:
    """Which source frame each decoded frame is, by its brightness (the Y plane's code; the
    BT.601 -> BT.709 conversion of this SD clip may round a grey one code down)."""
    return [round((float(y[20:-20, 20:-20].mean()) - 15.5) / 2) for y in lumas]


@pytest.mark.parametrize("start", [0.0, 1.0])
def test_the_render_plays_to_the_last_frame_and_stops(vfr: Path, tmp_path: Path, start: float) -> None:
    project, job = project_with_clip(tmp_path, vfr, start, 3.0)
    timeline, _ = checked_plan(project, job)
    assert timeline is not None
    (clip,) = [s for s in timeline.segments if isinstance(s, Clip)]
    story = Timeline(160, 120, (clip,), 0.0)
    assets = prepare(story, tmp_path / "cache")
    out = tmp_path / "out.mp4"
    run_ffmpeg(
        render_command(story, assets, out, Encoding("libx264", "ultrafast", 10), None, EXE), story.duration
    )
    with av.open(str(out)) as container:
        lumas = [f.to_ndarray()[: f.height] for f in container.decode(video=0)]  # yuv420p: Y on top
    shown = source_frames(lumas)
    first = round(start * FPS)
    # Every 30 fps slot shows its own frame, or the one before where the recorder dropped it.
    want = [k if k not in DROPPED else k - 1 for k in range(first, LAST + 1)]
    assert shown == want, shown
    assert shown[-1] == LAST and shown.count(LAST) == 1  # the last frame, once: nothing frozen after
