"""Benchmark (not a test): one story video, the whole command side by side with its floor.

    python benchmarks/story.py [--repeat 3] [--seconds 25] [--preset veryfast] [--skip-moviepy]
                               [--memory]

Rows, each run in its own process:
- takatof: the whole command a person types, ``takatof render CAMPAIGN --out DIR --targets
  videos --only hala --presets instagram-story -j 1`` (start-up and imports, media checks,
  drawing into a cold cache, loudness pass 1, the single ffmpeg graph, captions). It runs on
  a copy of the example campaign whose ``video.encoder`` is libx264 at ``--preset`` (the
  example's own veryfast) and CRF 21, its photo time set so the story lasts ``--seconds``;
- floor: the very frames that render produced, decoded to raw yuv420p beforehand (untimed),
  encoded again from that file with the same x264 settings (``graph.video_args``): the cost
  of encoding alone;
- moviepy: MoviePy's CompositeVideoClip over the same images and timings (the same cached
  assets, Ken Burns by Pillow resizing the same sub-pixel view each frame), encoded with the
  same settings, once (``--skip-moviepy`` leaves it out: it takes ~15x the floor);
- with ``--memory``: the whole command again at about twice the duration (photo time at
  most 20 s), to show that memory stays flat as the duration grows.

takatof and floor alternate (``--repeat`` pairs), so both see the same machine; the table
gives the median wall time and the median CPU time (user + sys of the process and every
child it waited for: less disturbed by other work on a busy machine than the wall time),
and the ratios of the medians. Needs MoviePy for its row (``pip install '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples/community-stories"
PERSON, PRESET = "hala", "instagram-story"
VIDEO = Path("videos") / PERSON / f"story-{PRESET}.mp4"
PHOTO_S_MAX = 20.0  # what the campaign model accepts for video.photo_s


def make_campaign(folder: Path, seconds: float, x264: str) -> Path:
    """A copy of the example campaign in ``folder`` (its media beside it), encoding with
    libx264 at ``x264`` / CRF 21, with ``video.photo_s`` set so the story lasts ``seconds``."""
    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.render.video.render import VideoJob, plan
    from takatof.templates.timeline import Photo

    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    path = folder / "campaign.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["video"]["encoder"] = {"codec": "libx264", "preset": x264, "crf": 21}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    timeline = plan(load_project(path, project_names()), VideoJob("story", PRESET, PERSON))
    photos = [s for s in timeline.segments if isinstance(s, Photo)]
    if abs(timeline.duration - seconds) > 0.05:
        photo_s = photos[0].duration + (seconds - timeline.duration) / len(photos)
        data["video"]["photo_s"] = round(min(photo_s, PHOTO_S_MAX), 3)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _timed(command: list[str]) -> dict:
    """Run ``command``; its wall time, CPU time (user + sys of it and of every child it
    reaped) and peak memory (the largest of those processes), from ``wait4``: this run's
    figures alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{stdout[-2000:]}\n{stderr[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall": wall, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024, "stdout": stdout}


def run_takatof(campaign: Path, out: Path) -> dict:
    """The whole command, in a fresh output folder (so a cold cache, as a first render has)."""
    shutil.rmtree(out, ignore_errors=True)
    takatof = Path(sys.executable).with_name("takatof")
    command = [str(takatof)] if takatof.exists() else [sys.executable, "-m", "takatof.entry"]
    command += [
        "render", str(campaign), "--out", str(out), "--targets", "videos",
        "--only", PERSON, "--presets", PRESET, "-j", "1",
    ]  # fmt: skip
    result = _timed(command)
    video = out / VIDEO
    if not video.exists():
        raise SystemExit(f"takatof wrote no {VIDEO}:\n{result['stdout'][-2000:]}")
    return result


def floor_command(exe: str, raw: Path, size: tuple[int, int], fps: int, x264: str, out: Path) -> list[str]:
    """Encode raw yuv420p frames with the render's own video settings (the peak-rate cap the
    render derives from the preset's size limit included)."""
    from takatof.render.presets import get_preset
    from takatof.render.video.graph import Encoding, video_args
    from takatof.render.video.render import capped

    duration = raw.stat().st_size / (size[0] * size[1] * 3 // 2) / fps
    encoding = capped(Encoding("libx264", x264, 21), get_preset(PRESET), duration, fps)
    command = [exe, "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p"]
    command += ["-s", f"{size[0]}x{size[1]}", "-r", str(fps), "-i", str(raw)]
    for key, value in video_args(encoding, fps).items():
        command += [f"-{key}", str(value)]
    return [*command, str(out)]


def probe(exe: str, video: Path) -> tuple[tuple[int, int], int, float]:
    """Size, frame rate and duration of ``video`` (from ffmpeg's own log)."""
    import re

    log = subprocess.run([exe, "-hide_banner", "-i", str(video)], capture_output=True, text=True).stderr
    found = re.search(r"Video: .*?, (\d+)x(\d+).*?, (\d+(?:\.\d+)?) fps", log)
    duration = re.search(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", log)
    assert found and duration, log
    h, m, s = (float(v) for v in duration.groups())
    return (int(found[1]), int(found[2])), round(float(found[3])), h * 3600 + m * 60 + s


def run_moviepy(campaign: Path, out: Path, x264: str) -> dict:
    import numpy as np
    from moviepy import CompositeVideoClip, ImageClip, VideoClip, vfx
    from PIL import Image

    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.render.video.assets import prepare
    from takatof.render.video.motion import crop_at
    from takatof.render.video.render import VideoJob, plan
    from takatof.templates.timeline import Photo, frame_count

    timeline = plan(load_project(campaign, project_names()), VideoJob("story", PRESET, PERSON))
    assets = prepare(timeline, out / "cache")
    w, h, fps, fade = timeline.width, timeline.height, timeline.fps, timeline.transition
    clips = []
    for segment, asset, start in zip(timeline.segments, assets.segments, timeline.starts, strict=True):
        if isinstance(segment, Photo):
            source = Image.open(asset).convert("RGB")
            n = frame_count(segment.duration, fps)

            def frame(t: float, seg=segment, src=source, n=n) -> np.ndarray:
                x, y, scale = crop_at(seg, min(n - 1, int(t * fps)), n, src.width, src.height, w, h)
                box = (x, y, x + w / scale, y + h / scale)  # the same sub-pixel view
                return np.asarray(src.resize((w, h), Image.Resampling.BILINEAR, box=box))

            clip = VideoClip(frame, duration=segment.duration)
        else:
            clip = ImageClip(str(asset), duration=segment.duration)
        clip = clip.with_start(start)
        if start > 0:
            clip = clip.with_effects([vfx.CrossFadeIn(fade)])
        clips.append(clip)
    for overlay, path in zip(timeline.overlays, assets.overlays, strict=True):
        clip = ImageClip(str(path), transparent=True, duration=overlay.end - overlay.start)
        clip = clip.with_start(overlay.start).with_position((overlay.box.x, overlay.box.y))
        clips.append(
            clip.with_effects(
                [vfx.CrossFadeIn(overlay.fade.fade_in), vfx.CrossFadeOut(overlay.fade.fade_out)]
            )
        )
    for counter, frames in zip(timeline.counters, assets.counters, strict=True):
        images = [np.asarray(Image.open(frames.pattern % k).convert("RGBA")) for k in range(frames.count)]

        def pick(t: float, images=images) -> np.ndarray:
            return images[min(len(images) - 1, int(t * fps))]

        rgb = VideoClip(lambda t, p=pick: p(t)[..., :3], duration=counter.end - frames.first)
        mask = VideoClip(lambda t, p=pick: p(t)[..., 3] / 255.0, is_mask=True, duration=rgb.duration)
        clips.append(rgb.with_mask(mask).with_start(frames.first).with_position((frames.x, frames.y)))
    video = CompositeVideoClip(clips, size=(w, h)).with_duration(timeline.duration)
    start = time.perf_counter()
    video.write_videofile(
        str(out / "moviepy.mp4"),
        fps=fps,
        codec="libx264",
        preset=x264,
        ffmpeg_params=["-crf", "21", "-pix_fmt", "yuv420p"],
        audio=False,
        logger=None,
    )
    return {"wall": time.perf_counter() - start}


def _moviepy_child(campaign: Path, out: Path, x264: str) -> dict:
    command = [sys.executable, __file__, "--one-moviepy", str(campaign), "--preset", x264]
    result = _timed([*command, "--out", str(out)])
    figures = json.loads(result["stdout"].strip().splitlines()[-1])
    return {**result, "wall": figures["wall"]}  # the encode alone, as before: no drawing


def _row(name: str, runs: list[dict], floor: dict | None) -> str:
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    ratios = ""
    if floor is not None:
        ratios = f"{wall / floor['wall']:8.2f}x {cpu / floor['cpu']:8.2f}x"
    return f"{name:34} {wall:7.2f} {cpu:7.2f} {ratios:19} {peak:8.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=25.0, help="story length (default: 25)")
    parser.add_argument("--preset", default="veryfast", help="x264 preset (default: veryfast, the example's)")
    parser.add_argument("--repeat", type=int, default=3, help="takatof/floor pairs (default: 3)")
    parser.add_argument("--skip-moviepy", action="store_true")
    parser.add_argument("--memory", action="store_true", help="also render at twice the duration")
    parser.add_argument("--one-moviepy", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_moviepy:
        print(json.dumps(run_moviepy(args.one_moviepy, args.out, args.preset)))
        return 0

    import imageio_ffmpeg

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    with tempfile.TemporaryDirectory(prefix="takatof-bench-") as tmp:
        work = Path(tmp)
        campaign = make_campaign(work / "campaign", args.seconds, args.preset)
        ours = [run_takatof(campaign, work / "out")]
        size, fps, duration = probe(exe, work / "out" / VIDEO)
        raw = work / "frames.yuv"  # decoded once, untimed: the floor's input
        subprocess.run(
            [
                exe,
                "-v",
                "error",
                "-y",
                "-i",
                str(work / "out" / VIDEO),
                "-f",
                "rawvideo",
                "-pix_fmt",
                "yuv420p",
                str(raw),
            ],
            check=True,
        )
        floor_args = floor_command(exe, raw, size, fps, args.preset, work / "floor.mp4")
        floors = [_timed(floor_args)]
        for _ in range(args.repeat - 1):  # alternating, so both see the same machine
            ours.append(run_takatof(campaign, work / "out"))
            floors.append(_timed(floor_args))
        raw.unlink()
        rows = [
            _row("takatof render (whole command)", ours, None),
            _row("encode-only floor", floors, None),
        ]
        floor = {
            "wall": statistics.median(r["wall"] for r in floors),
            "cpu": statistics.median(r["cpu"] for r in floors),
        }
        rows[0] = _row("takatof render (whole command)", ours, floor)
        moviepy = None
        if not args.skip_moviepy:
            moviepy = _moviepy_child(campaign, work / "mp", args.preset)
            rows.append(_row("moviepy CompositeVideoClip", [moviepy], floor))
        if args.memory:
            longer = make_campaign(work / "longer", args.seconds * 2, args.preset)
            run = run_takatof(longer, work / "out2")
            seconds = probe(exe, work / "out2" / VIDEO)[2]  # photo_s is capped: maybe < 2x
            rows.append(_row(f"takatof at {seconds:.0f} s (memory)", [run], None))

    print(
        f"\nstory video {PERSON}/{PRESET} {size[0]}x{size[1]} {fps} fps, {duration:.1f} s, libx264 "
        f"{args.preset} CRF 21; takatof and floor alternate, medians of {args.repeat}; "
        f"cpu = user+sys with children; {os.cpu_count()} cores\n"
    )
    print(f"{'row':34} {'wall s':>7} {'cpu s':>7} {'wall/floor':>9} {'cpu/floor':>9} {'peak MB':>8}")
    for row in rows:
        print(row)
    walls = ", ".join(f"{o['wall']:.2f}/{f['wall']:.2f}" for o, f in zip(ours, floors, strict=True))
    print(f"\neach pair, takatof/floor wall s: {walls}")
    ratio = statistics.median(r["wall"] for r in ours) / floor["wall"]
    print(f"takatof / floor = {ratio:.2f}x wall (target <= 1.25x)")
    if moviepy is not None:
        speedup = moviepy["wall"] / statistics.median(r["wall"] for r in ours)
        print(f"moviepy encode / takatof whole command = {speedup:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
