"""Clip sound in sync with its picture, and the sound track without holes, in every mix.

Each clip made here shows a white flash and sounds a 1 kHz beep at the same instant of the
file. Stories built from them (trimmed clips, with and without music and voice-over, two clips
cross-faded, a clip whose sound starts later than its picture, one whose sound ends early)
are rendered through the real two-pass flow, then decoded: the beep's onset in the PCM must
fall on the flash's frame (within one frame, 33 ms), where the plan puts it, and the AAC
track must be continuous (packet timestamps back to back, exactly the story's samples once
the priming is skipped). A hole in the track plays everything after it early on a player
that plays audio packets back to back, which is how the bug this guards against was heard.
"""

from __future__ import annotations

import itertools
import subprocess
from dataclasses import dataclass
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest

from takatof.render.video.assets import prepare
from takatof.render.video.graph import Encoding, measure_command, parse_measurement, render_command
from takatof.render.video.motion import photo_feed
from takatof.render.video.runner import run_ffmpeg, start_capture
from takatof.templates.layers import Box, Gradient
from takatof.templates.timeline import Audio, Clip, ClipAudio, Still, Timeline

EXE = imageio_ffmpeg.get_ffmpeg_exe()
W, H, FPS, RATE = 180, 320, 30, 48000
FRAME_S = 1 / FPS
FAST = Encoding("libx264", "ultrafast", 23)


def _ffmpeg(*args: str) -> None:
    subprocess.run([EXE, "-y", "-hide_banner", "-loglevel", "error", *args], check=True)


def make_clip(
    path: Path,
    flash: float,
    length: float = 4.0,
    sound_at: float = 0.0,
    sound_s: float = 4.0,
    picture_at: float = 0.0,
) -> Path:
    """A dark 30 fps clip with a white flash from ``flash`` for 0.1 s, and a 1 kHz beep at the
    same instant of the file. Its sound track starts ``sound_at`` seconds into the file and
    its picture ``picture_at`` (an ``-itsoffset``, as recorders that start one track late
    write it); the sound lasts ``sound_s``."""
    flash_at = flash - picture_at  # on the picture's own clock
    picture = (
        f"color=c=0x202020:s=160x120:r={FPS}:d={length - picture_at},"
        f"geq=lum='if(between(T\\,{flash_at - 0.001}\\,{flash_at + 0.1})\\,235\\,32)':cb=128:cr=128"
    )
    beep_at = flash - sound_at  # on the sound track's own clock
    sound = (
        f"aevalsrc='if(between(t\\,{beep_at}\\,{beep_at + 0.1})\\,0.5*sin(2*PI*1000*t)\\,0)'"
        f":s={RATE}:d={sound_s}"
    )
    _ffmpeg(
        *("-itsoffset", str(picture_at), "-f", "lavfi", "-i", picture),
        *("-itsoffset", str(sound_at), "-f", "lavfi", "-i", sound),
        *("-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", str(path)),
    )
    return path


def make_tone(path: Path, freq: int, seconds: float, volume: float) -> Path:
    """Music or a voice-over: a steady tone well away from the beep's 1 kHz."""
    _ffmpeg("-f", "lavfi", "-i", f"sine=f={freq}:r={RATE}:d={seconds}", "-af", f"volume={volume}", str(path))
    return path


@dataclass(frozen=True)
class Media:
    plain: Path  # flash + beep at 2.0 s
    late: Path  # sound starts 0.4 s after the picture; flash + beep at 2.2 s
    short: Path  # sound ends at 2.6 s of a 4 s clip; flash + beep at 1.6 s
    behind: Path  # the picture starts 0.3 s after the sound; flash + beep at 2.0 s
    music: Path
    voice: Path


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    folder = tmp_path_factory.mktemp("av-media")
    return Media(
        plain=make_clip(folder / "plain.mp4", 2.0),
        late=make_clip(folder / "late.mp4", 2.2, sound_at=0.4, sound_s=3.6),
        short=make_clip(folder / "short.mp4", 1.6, sound_s=2.6),
        behind=make_clip(folder / "behind.mp4", 2.0, picture_at=0.3),
        music=make_tone(folder / "music.m4a", 220, 3.0, 0.05),  # shorter than the story: looped
        voice=make_tone(folder / "voice.wav", 440, 1.5, 0.1),
    )


def story(
    clips: list[tuple[Path, float, float]],
    transition: float,
    music: Path | None = None,
    voice: Path | None = None,
) -> Timeline:
    """A 1 s title still then the clips ``(path, start, duration)``, each keeping its sound."""
    still = Still((Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),), 1.0, "title")
    segments = (still, *(Clip(path, duration, start, True) for path, start, duration in clips))
    base = Timeline(W, H, segments, transition)
    sounds = tuple(
        ClipAudio(path, start, at, duration)
        for (path, start, duration), at in zip(clips, base.starts[1:], strict=True)
    )
    audio = Audio(base.duration, music=music, voice=voice, voice_at=0.5, clips=sounds)
    return Timeline(W, H, segments, transition, audio=audio, fps=FPS)


def render(timeline: Timeline, folder: Path) -> Path:
    """The flow of render_video: prepare, measure the loudness (pass 1), render (pass 2)."""
    assets = prepare(timeline, folder / "cache")
    measured = parse_measurement(start_capture(measure_command(timeline, EXE))())
    out = folder / "out.mp4"
    args = render_command(timeline, assets, out, FAST, measured, EXE)
    run_ffmpeg(args, timeline.duration, None, None, photo_feed(timeline, assets))
    return out


def flash_times(path: Path) -> list[float]:
    """When each flash appears: the times of the frames where the picture turns bright."""
    with av.open(str(path)) as container:
        frames = [(f.time, float(f.to_ndarray(format="gray").mean())) for f in container.decode(video=0)]
    bright = [lum > 128 for _, lum in frames]
    return [frames[k][0] for k in range(len(frames)) if bright[k] and (k == 0 or not bright[k - 1])]


def decode_pcm(path: Path) -> np.ndarray:
    """The sound as a player hears it (the priming skipped by the edit list): mono floats."""
    args = ["-hide_banner", "-loglevel", "error", "-i", str(path), "-map", "0:a", "-ac", "1"]
    done = subprocess.run(
        [EXE, *args, "-f", "f32le", "-ar", str(RATE), "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(done.stdout, dtype="<f4")


def beep_onsets(pcm: np.ndarray) -> list[float]:
    """Where each 1 kHz beep starts, in seconds: the 1 kHz energy in 1 ms steps (a 2 ms
    window, correlated with the tone), its rising edges over half the loudest beep's."""
    hop, window = RATE // 1000, RATE // 500
    t = np.arange(window) / RATE
    probe = np.exp(-2j * np.pi * 1000 * t)
    count = (len(pcm) - window) // hop
    energy = np.array([abs(np.dot(pcm[k * hop : k * hop + window], probe)) for k in range(count)])
    loud = energy > 0.5 * energy.max()
    edges = [k for k in range(1, count) if loud[k] and not loud[k - 1]]
    # The window reaches the onset before its centre does: the edge is where half the window
    # is filled, i.e. the onset itself, give or take a hop.
    return [(k * hop + window / 2) / RATE for k in edges]


def packet_gaps(path: Path) -> list[tuple[float, float]]:
    """Holes or overlaps between consecutive AAC packets, as (expected, found) seconds."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        packets = [(p.pts, p.duration) for p in container.demux(stream) if p.pts is not None]
        tb = float(stream.time_base or 0)  # read while open: PyAV 18.1.1 refuses a closed container's
    return [
        (float((a + d) * tb), float(b * tb)) for (a, d), (b, _) in itertools.pairwise(packets) if a + d != b
    ]


CASES = {
    # (clips (path name, start, duration), transition, music, voice)
    "own sound, trimmed": ([("plain", 1.0, 2.0)], 0.3, False, False),
    "own sound, no cross-fade": ([("plain", 1.5, 1.5)], 0.0, False, False),
    "own sound under music": ([("plain", 1.0, 2.0)], 0.3, True, False),
    "own sound, music and voice-over": ([("plain", 0.5, 2.5)], 0.3, True, True),
    "two clips cross-faded": ([("plain", 1.0, 2.0), ("plain", 0.4, 2.0)], 0.5, False, False),
    "sound starts after the picture": ([("late", 1.0, 2.0)], 0.3, False, False),
    "picture starts after the sound": ([("behind", 0.0, 2.5)], 0.3, False, False),
    "sound shorter than the clip": ([("short", 1.0, 2.8), ("plain", 1.2, 1.6)], 0.3, True, False),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_clip_sound_is_in_sync_and_continuous(case: tuple, media: Media, tmp_path: Path) -> None:
    specs, transition, with_music, with_voice = case
    flash_in_file = {"plain": 2.0, "late": 2.2, "short": 1.6, "behind": 2.0}
    clips = [(getattr(media, name), start, duration) for name, start, duration in specs]
    timeline = story(
        clips, transition, media.music if with_music else None, media.voice if with_voice else None
    )
    out = render(timeline, tmp_path)

    # Where the plan puts each flash: the clip's start on the story plus the flash's place
    # in the trimmed clip.
    planned = [
        at + flash_in_file[name] - start
        for (name, start, _), at in zip(specs, timeline.starts[1:], strict=True)
    ]
    flashes = flash_times(out)
    assert flashes == pytest.approx(planned, abs=FRAME_S / 2), (flashes, planned)

    pcm = decode_pcm(out)
    beeps = beep_onsets(pcm)
    assert len(beeps) == len(flashes), (beeps, flashes)
    offsets = [beep - flash for beep, flash in zip(beeps, flashes, strict=True)]
    print(f"beep - flash (ms): {[round(o * 1000, 1) for o in offsets]}")
    assert all(abs(o) <= FRAME_S for o in offsets), f"beep - flash offsets (s): {offsets}"

    # No hole and nothing missing: the samples of the story's length, packets back to back.
    assert abs(len(pcm) - timeline.duration * RATE) <= RATE * FRAME_S, (len(pcm), timeline.duration)
    assert packet_gaps(out) == []


def test_a_clip_sound_is_silent_where_the_clip_is_not(media: Media, tmp_path: Path) -> None:
    """Before the clip (the title) there is silence, then the clip's beep only: the clip's
    sound is not smeared over the title, nor played from the file's start."""
    timeline = story([(media.plain, 1.0, 2.0)], 0.3)
    pcm = decode_pcm(render(timeline, tmp_path))
    clip_at = timeline.starts[1]
    before = pcm[: int((clip_at + 1.0 - 0.05) * RATE)]  # up to just before the beep
    assert np.abs(before).max() < 1e-3
    assert np.abs(pcm).max() > 0.1
