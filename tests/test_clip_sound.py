"""A clip's own sound as the project sets it (issue 20): ``volume``, ``fade_in_s`` and
``fade_out_s``, from the project file through the plan to the encoded audio.

The clips are a steady 440 Hz tone made by ffmpeg into a tiny mp4, so the sound's envelope is
the shaping alone: the decoded audio's RMS over short windows shows the fades and the volume.
The render normalises the whole mix to -14 LUFS with one linear gain, which keeps the ratio
between two parts of it: a clip at volume 0.5 is half as loud as one at 1 beside it.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import av
import imageio_ffmpeg
import numpy as np
import pytest

from takatof import cli
from takatof.model import Campaign, Project
from takatof.render.video.graph import clip_shaping
from takatof.render.video.plan import format_plan, plan_summary
from takatof.render.video.render import VideoJob, plan
from takatof.templates.timeline import ClipAudio
from tests.conftest import EXAMPLE_DIR

EXE = imageio_ffmpeg.get_ffmpeg_exe()
RATE = 48000


def tone_clip(path: Path, seconds: float = 3.0) -> Path:
    """A small mp4: a grey picture and a steady 440 Hz tone in stereo AAC."""
    subprocess.run(
        [
            EXE,
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"color=c=gray:s=160x90:r=30:d={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:sample_rate={RATE}:duration={seconds}",
            "-ac",
            "2",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            "-y",
            str(path),
        ],
        check=True,
    )
    return path


TONE_CLIPS = [
    {"path": "media/tone.mp4", "end": 2.0, "audio": True, "fade_in_s": 0.5, "transition": {"kind": "cut"}},
    {"path": "media/tone.mp4", "end": 2.0, "audio": True, "volume": 0.5, "fade_out_s": 0.5},
]


def project_with_tone_clips(folder: Path, clips: list[dict[str, Any]] | None = None) -> Path:
    """The example cut down to one person (Marouan, people[1]) with no photo, no voice-over and
    no music, showing ``clips`` of the tone; by default two joined by a cut, the first fading
    in over 0.5 s, the second at volume 0.5 fading out over its last 0.5 s."""
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    tone_clip(folder / "media" / "tone.mp4")
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    data["video"].pop("music", None)
    data["video"].update(title_s=1.0, stat_s=2.0, closing_s=1.5, transition_s=0.4)
    data["video"]["encoder"] = {"codec": "libx264", "preset": "ultrafast", "crf": 35}
    person = data["people"][1]  # marouan: no voice-over
    person["story"] = {"ar": "قصة قصيرة.", "en": "A short story."}
    person["media"] = []
    person["clips"] = TONE_CLIPS if clips is None else clips
    path = folder / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def decoded_audio(path: Path) -> np.ndarray:
    """The first channel of the file's sound, as floats at 48 kHz."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        assert stream.rate == RATE
        chunks = [frame.to_ndarray()[0] for frame in container.decode(stream)]
    return np.concatenate(chunks).astype(np.float64)


def rms(sound: np.ndarray, start: float, end: float) -> float:
    piece = sound[round(start * RATE) : round(end * RATE)]
    return float(np.sqrt(np.mean(piece**2)))


# --- the graph's steps: a table --------------------------------------------------------------


@pytest.mark.parametrize(
    ("clip", "steps"),
    [
        (ClipAudio(Path("a.mp4"), 0.0, 1.0, 2.0), []),  # as recorded: nothing added
        (
            ClipAudio(Path("a.mp4"), 0.0, 1.0, 2.0, volume=0.5),
            [("volume", (), {"volume": "0.5"})],
        ),
        (
            ClipAudio(Path("a.mp4"), 0.5, 1.0, 2.0, fade_in=0.25, fade_out=0.5),
            [
                ("afade", (), {"t": "in", "st": 0, "d": "0.25"}),
                ("afade", (), {"t": "out", "st": "1.5", "d": "0.5"}),  # ends at the clip's end
            ],
        ),
    ],
)
def test_clip_shaping_steps(clip: ClipAudio, steps: list[Any]) -> None:
    assert clip_shaping(clip) == steps


# --- the plan ------------------------------------------------------------------------------------


def test_plan_carries_volume_and_fades(tmp_path: Path) -> None:
    project_file = project_with_tone_clips(tmp_path / "project")
    data = json.loads(project_file.read_text(encoding="utf-8"))
    project = Project(Campaign.model_validate(data), project_file)
    job = VideoJob("story", "instagram-square", "marouan")
    timeline = plan(project, job)
    assert timeline.audio is not None
    first, second = timeline.audio.clips
    assert (first.volume, first.fade_in, first.fade_out) == (1.0, 0.5, 0.0)
    assert (second.volume, second.fade_in, second.fade_out) == (0.5, 0.0, 0.5)
    # Each sound plays where its clip is on the timeline: the cut puts the second right after.
    assert second.at == pytest.approx(first.at + first.duration)
    assert [first.at, second.at] == pytest.approx(timeline.starts[1:3])
    summary = plan_summary(project, job)
    rows = [row for row in summary.audio if row.kind == "clip"]
    assert [(r.volume, r.fade_in_s, r.fade_out_s) for r in rows] == [(1.0, 0.5, 0.0), (0.5, 0.0, 0.5)]
    text = format_plan(summary)
    assert "fade in 0.50 s" in text and "volume 0.5, fade out 0.50 s" in text


# --- the encoded sound ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], np.ndarray]:
    folder = tmp_path_factory.mktemp("clip-sound")
    project = project_with_tone_clips(folder / "project")
    args = ["--only", "marouan", "--presets", "instagram-square"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["plan", str(project), *args, "--json"]) == 0
    text = out.getvalue()
    (summary,) = json.loads(text)
    assert (
        cli.main(["render", str(project), "--targets", "videos", *args, "--out", str(folder / "out"), "-q"])
        == 0
    )
    sound = decoded_audio(folder / "out" / "videos" / "marouan" / "story-instagram-square.mp4")
    return summary, sound


def clip_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in summary["audio"] if row["kind"] == "clip"]


def test_plan_json_carries_the_shaping(rendered: tuple[dict[str, Any], np.ndarray]) -> None:
    summary, _ = rendered
    first, second = clip_rows(summary)
    assert (first["volume"], first["fade_in_s"], first["fade_out_s"]) == (1.0, 0.5, 0.0)
    assert (second["volume"], second["fade_in_s"], second["fade_out_s"]) == (0.5, 0.0, 0.5)


def test_fade_in_shows_in_the_envelope(rendered: tuple[dict[str, Any], np.ndarray]) -> None:
    summary, sound = rendered
    first, _ = clip_rows(summary)
    at = first["start_s"]
    opening = rms(sound, at, at + 0.1)
    steady = rms(sound, at + 0.8, at + 1.5)
    assert steady > 0.01, "the tone is heard"
    assert opening < 0.25 * steady  # the first 100 ms of a 0.5 s fade: at most a fifth of the level


def test_volume_half_is_six_decibels_down(rendered: tuple[dict[str, Any], np.ndarray]) -> None:
    summary, sound = rendered
    first, second = clip_rows(summary)
    full = rms(sound, first["start_s"] + 0.8, first["start_s"] + 1.6)
    half = rms(sound, second["start_s"] + 0.3, second["start_s"] + 1.1)
    assert 20 * np.log10(half / full) == pytest.approx(-6.02, abs=0.5)


def test_fade_out_ends_at_the_clips_end(rendered: tuple[dict[str, Any], np.ndarray]) -> None:
    summary, sound = rendered
    _, second = clip_rows(summary)
    end = second["start_s"] + second["duration_s"]
    closing = rms(sound, end - 0.1, end)
    steady = rms(sound, second["start_s"] + 0.3, second["start_s"] + 1.1)
    assert closing < 0.25 * steady
    assert rms(sound, end - 0.5, end - 0.4) > 0.6 * steady  # the fade only starts 0.5 s before the end
