"""Benchmark (not a test): one 30 s 1080x1920 story video, side by side in one run.

    python benchmarks/story.py [--seconds 30] [--skip-moviepy]

Rows:
- takatof: the whole render_video() call (asset drawing, loudness pass 1, the single ffmpeg
  graph), libx264 at CRF 21 with ``--preset`` (default medium, the project default), cold cache;
- floor: the very frames Takatof produced, decoded to raw yuv420p beforehand, encoded again
  with the same encoder settings: the cost of encoding alone;
- moviepy: MoviePy's CompositeVideoClip over the same images and timings (the same cached
  assets, Ken Burns by Pillow resizing the same sub-pixel view each frame), encoded with the
  same settings;
- takatof at twice the duration, to show memory stays flat as duration doubles.
Each row runs in a fresh process, so the peak memory figures (this process and its ffmpeg
children) belong to that row alone. Needs MoviePy (``pip install '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples/community-stories/campaign.json"
PERSON, PRESET = "hala", "instagram-story"


def _project(seconds: float):
    """The example, with photo time stretched so the story lasts about ``seconds``."""
    from app.model import load_project
    from app.model.campaign import Encoder
    from app.render.batch import project_names
    from app.render.video.render import VideoJob, plan
    from app.templates.timeline import Photo

    project = load_project(EXAMPLE, project_names())
    video = project.campaign.video.model_copy(update={"encoder": Encoder(codec="libx264")})
    project.campaign = project.campaign.model_copy(update={"video": video})
    job = VideoJob("story", PRESET, PERSON)
    timeline = plan(project, job)
    photos = [s for s in timeline.segments if isinstance(s, Photo)]
    per_photo = photos[0].duration + (seconds - timeline.duration) / len(photos)
    stretched = video.model_copy(update={"photo_s": per_photo})
    project.campaign = project.campaign.model_copy(update={"video": stretched})
    return project, job


def run_takatof(seconds: float, out: Path, x264: str) -> dict:
    from app.render.video.graph import Encoding
    from app.render.video.render import render_video

    project, job = _project(seconds)
    encoding = Encoding("libx264", x264, 21)
    import app.render.video.render as video_render

    ffmpeg_s = []
    run = video_render.run_ffmpeg

    def timed(*args, **kwargs):  # how much of the wall time is the single ffmpeg pass
        t0 = time.perf_counter()
        run(*args, **kwargs)
        ffmpeg_s.append(time.perf_counter() - t0)

    video_render.run_ffmpeg = timed
    start = time.perf_counter()
    entries = render_video(project, job, out, out / "cache", encoding)
    wall = time.perf_counter() - start
    assert entries[0].error is None, entries[0]
    return {
        "wall": wall,
        "ffmpeg": ffmpeg_s[0],
        "duration": entries[0].duration_s,
        "video": str(out / str(entries[0].path)),
    }


def run_floor(video: str, out: Path, x264: str) -> dict:
    """Encode the same frames from raw video: decode first (untimed), then time the encode."""
    import imageio_ffmpeg

    from app.render.video.graph import Encoding, video_args

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    raw = out / "frames.yuv"
    subprocess.run(
        [exe, "-v", "error", "-y", "-i", video, "-f", "rawvideo", "-pix_fmt", "yuv420p", str(raw)], check=True
    )
    args = [
        exe,
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "yuv420p",
        "-s",
        "1080x1920",
        "-r",
        "30",
        "-i",
        str(raw),
    ]
    for key, value in video_args(Encoding("libx264", x264, 21), 30).items():
        args += [f"-{key}", str(value)]
    start = time.perf_counter()
    subprocess.run([*args, str(out / "floor.mp4")], check=True)
    wall = time.perf_counter() - start
    raw.unlink()
    return {"wall": wall}


def run_moviepy(seconds: float, out: Path, x264: str) -> dict:
    import numpy as np
    from moviepy import CompositeVideoClip, ImageClip, VideoClip, vfx
    from PIL import Image

    from app.render.video.assets import prepare
    from app.render.video.motion import crop_at
    from app.render.video.render import plan
    from app.templates.timeline import Photo, frame_count

    project, job = _project(seconds)
    timeline = plan(project, job)
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


def _one(mode: str, seconds: float, video: str | None, x264: str) -> None:
    """Child process: run one row, print its figures (with peak memory) as JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if mode == "takatof":
            result = run_takatof(seconds, out, x264)
            keep = Path(tempfile.gettempdir()) / "takatof-bench-story.mp4"
            Path(result["video"]).replace(keep)
            result["video"] = str(keep)
        elif mode == "floor":
            result = run_floor(str(video), out, x264)
        else:
            result = run_moviepy(seconds, out, x264)
    result["python_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def _child(mode: str, seconds: float, x264: str, video: str | None = None) -> dict:
    command = [sys.executable, __file__, "--one", mode, "--seconds", str(seconds), "--preset", x264]
    if video:
        command += ["--video", video]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(rows: list[dict]) -> dict:
    """The run with the median wall time (its other figures come with it)."""
    return sorted(rows, key=lambda r: r["wall"])[len(rows) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--skip-moviepy", action="store_true")
    parser.add_argument("--preset", default="medium", help="x264 preset for every row (default: medium)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="takatof/floor pairs, medians reported (default: 3)"
    )
    parser.add_argument("--one", choices=["takatof", "floor", "moviepy"], help=argparse.SUPPRESS)
    parser.add_argument("--video", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        _one(args.one, args.seconds, args.video, args.preset)
        return 0

    pairs = []
    for _ in range(args.repeat):  # interleaved, so both see the same machine state
        ours = _child("takatof", args.seconds, args.preset)
        pairs.append((ours, _child("floor", args.seconds, args.preset, ours["video"])))
    ours = _median([p[0] for p in pairs])
    floor = _median([p[1] for p in pairs])
    rows = [
        ("takatof (one ffmpeg graph)", ours),
        ("  of which the ffmpeg pass", {**ours, "wall": ours["ffmpeg"]}),
        ("encode-only floor", floor),
    ]
    if not args.skip_moviepy:
        rows.append(("moviepy CompositeVideoClip", _child("moviepy", args.seconds, args.preset)))
    double = _child("takatof", args.seconds * 2, args.preset)
    rows.append((f"takatof at {args.seconds * 2:.0f} s", double))

    print(
        f"\nstory video, {PRESET} 1080x1920, {ours['duration']:.1f} s, libx264 {args.preset} CRF 21; "
        f"takatof and floor: median of {args.repeat} interleaved runs\n"
    )
    print(f"{'row':30} {'wall s':>8} {'vs floor':>9} {'peak py MB':>11} {'peak ffmpeg MB':>15}")
    for name, row in rows:
        ratio = row["wall"] / floor["wall"]
        print(
            f"{name:30} {row['wall']:8.1f} {ratio:8.2f}x {row['python_mb']:11.0f} {row['children_mb']:15.0f}"
        )
    print(f"\ntakatof / floor = {ours['wall'] / floor['wall']:.2f}x (target <= 1.25x)")
    if not args.skip_moviepy:
        print(f"moviepy / takatof = {rows[3][1]['wall'] / ours['wall']:.1f}x (target >= 10x)")
    print(
        f"peak memory at {args.seconds * 2:.0f} s vs {args.seconds:.0f} s: python "
        f"{double['python_mb'] / ours['python_mb']:.2f}x, ffmpeg {double['children_mb'] / ours['children_mb']:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
