"""A clip's focus and focus path: 16:9 footage re-cut to 9:16 keeps its subject in view.

The clip here is generated: a bright round "face" crossing a textured 16:9 picture from left
to right. Centre-cropped to 9:16 it is out of the frame at both ends; along its focus path
it stays inside the whole time (found in the decoded frames). The crop expression the graph
gives ffmpeg is table-tested against the pure function the preview uses, and the preview's
frames match the render's.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import av
import cv2
import imageio_ffmpeg
import numpy as np
import pytest

from takatof import focus_cli
from takatof.edit.edits import Edit, apply
from takatof.edit.focus import move_focus_key, remove_focus_key, set_focus_key, set_focus_path
from takatof.model.project import load_project, validate_data
from takatof.render.video.assets import prepare
from takatof.render.video.compositor import clip_frame_point, clip_point, frame_at
from takatof.render.video.faces import detector_missing, haar_detector, look, suggest_path
from takatof.render.video.graph import Encoding, focus_crop, focus_expr, render_command
from takatof.render.video.runner import run_ffmpeg
from takatof.templates.timeline import Clip, FocusKey, Timeline, cover_size, crop_origin, focus_at

EXE = imageio_ffmpeg.get_ffmpeg_exe()
W, H, FPS, SECONDS = 640, 360, 30, 3.0
FACE_R = 36
FROM_X, TO_X = 60, 580  # the face's centre crosses the picture between these pixels
OUT_W, OUT_H = 270, 480  # a 9:16 video, small to keep the test quick


def face_x(t: float) -> float:
    """Where the face's centre is (pixels of the clip) at ``t`` seconds."""
    return FROM_X + (TO_X - FROM_X) * min(1.0, t / SECONDS)


def draw_frame(t: float, texture: np.ndarray) -> np.ndarray:
    """One RGB frame: the still texture, the face (a bright disc with two dark eyes and a
    mouth) where :func:`face_x` says."""
    frame = texture.copy()
    yy, xx = np.mgrid[0:H, 0:W]
    cx, cy = face_x(t), H / 2
    frame[(xx - cx) ** 2 + (yy - cy) ** 2 <= FACE_R**2] = (240, 225, 205)
    for ex in (cx - 13, cx + 13):
        frame[(xx - ex) ** 2 + (yy - cy + 9) ** 2 <= 25] = (30, 20, 20)
    frame[(abs(xx - cx) <= 12) & (abs(yy - cy - 15) <= 2)] = (90, 30, 30)
    return frame


def make_clip(folder: Path, name: str = "walk.mp4") -> Path:
    """The 16:9 clip, 3 s at 30 fps, H.264 (near-lossless: the test reads its pixels)."""
    rng = np.random.default_rng(7)
    texture = np.repeat(rng.integers(60, 120, (H // 8, W // 8, 1), dtype=np.uint8), 3, axis=2)
    texture = np.kron(texture, np.ones((8, 8, 1), np.uint8))
    frames = b"".join(draw_frame(k / FPS, texture).tobytes() for k in range(round(SECONDS * FPS)))
    path = folder / name
    raw = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", str(FPS), "-i", "pipe:0"]
    encode = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", str(path)]
    subprocess.run([EXE, "-v", "error", "-y", *raw, *encode], input=frames, check=True)
    return path


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("focus"))


FOLLOW: tuple[FocusKey, ...] = ((0.0, FROM_X / W, 0.5), (SECONDS, TO_X / W, 0.5))


def render(timeline: Timeline, folder: Path) -> list[np.ndarray]:
    """The timeline encoded, decoded back as RGB frames."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "out.mp4"
    assets = prepare(timeline, folder / "cache")
    command = render_command(timeline, assets, out, Encoding("libx264", "ultrafast", 10), None, EXE)
    run_ffmpeg(command, timeline.duration)
    with av.open(str(out)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def face_centre(frame: np.ndarray) -> tuple[float, int]:
    """The x of the face's bright pixels in ``frame`` and how many there are."""
    bright = frame.mean(axis=2) > 200
    count = int(bright.sum())
    return (float(np.nonzero(bright)[1].mean()) if count else math.nan), count


def test_the_face_stays_in_a_9_16_frame_along_its_focus_path(clip: Path, tmp_path: Path) -> None:
    followed = render(Timeline(OUT_W, OUT_H, (Clip(clip, SECONDS, focus=FOLLOW),), 0.0), tmp_path / "path")
    centred = render(Timeline(OUT_W, OUT_H, (Clip(clip, SECONDS),), 0.0), tmp_path / "centre")
    assert len(followed) == len(centred) == round(SECONDS * FPS)
    whole = math.pi * FACE_R**2 * (OUT_H / H) ** 2 * 0.8  # the face's area at the output's scale
    for k in range(0, len(followed), 5):
        x, count = face_centre(followed[k])
        assert count > whole * 0.8, f"frame {k}: the face is not all in view ({count} px)"
        r = FACE_R * OUT_H / H
        assert r - 2 <= x <= OUT_W - r + 2, f"frame {k}: the face's centre at x={x:.0f}"
    # The control: centre-cropped, the face is out of the frame at the start and the end.
    for k in (0, len(centred) - 1):
        assert face_centre(centred[k])[1] == 0


def test_the_preview_shows_the_rendered_frames(clip: Path, tmp_path: Path) -> None:
    keys = ((0.2, 0.1, 0.3), (1.0, 0.35, 0.7), (2.2, 0.9, 0.5))
    timeline = Timeline(OUT_W, OUT_H, (Clip(clip, 2.5, start=0.4, focus=keys),), 0.0)
    frames = render(timeline, tmp_path)
    assets = prepare(timeline, tmp_path / "cache")
    for k in (0, 12, 30, 47, 70):
        drawn = np.asarray(frame_at(timeline, assets, k / FPS), np.float64)
        mse = float(np.mean((drawn - frames[k].astype(np.float64)) ** 2))
        psnr = 10 * math.log10(255**2 / max(mse, 1e-9))
        assert psnr > 32, f"frame {k}: PSNR {psnr:.1f} dB"
        x, _ = face_centre(frames[k])
        px, _ = face_centre(np.asarray(drawn))
        assert abs(x - px) <= 1.5, f"frame {k}: the face at {x:.1f} in the render, {px:.1f} in the preview"


def evaluate(expr: str, t: float, iw: int, ih: int, ow: int, oh: int) -> float:
    """ffmpeg's expression evaluated in Python: the functions it uses, by their meaning."""
    functions = {
        "clip": lambda v, lo, hi: min(max(v, lo), hi),
        "min": min,
        "max": max,
        "floor": math.floor,
    }
    names = {"t": t, "iw": iw, "ih": ih, "ow": ow, "oh": oh}
    return float(eval(expr, {"__builtins__": {}}, {**functions, **names}))


PATHS: list[tuple[tuple[FocusKey, ...], float]] = [
    (((0.0, 0.5, 0.5),), 0.0),
    (((1.0, 0.0, 1.0),), 1.0),
    (((0.0, 0.1, 0.2), (2.0, 0.9, 0.8)), 0.0),
    (((0.5, 0.2, 0.5), (1.0, 0.2, 0.5), (3.0, 0.8, 0.1), (3.5, 1.0, 0.0)), 0.25),
    (((10.0, 0.7, 0.3), (10.4, 0.1, 0.9), (11.0, 0.6, 0.4)), 10.0),
]


@pytest.mark.parametrize(("keys", "start"), PATHS)
def test_the_crop_expression_is_the_previews_window(keys: tuple[FocusKey, ...], start: float) -> None:
    for (iw, ih), (ow, oh) in (
        ((853, 480), (270, 480)),
        ((1080, 1920), (1080, 1350)),
        ((500, 300), (300, 300)),
    ):
        crop = focus_crop(keys, start)
        for k in range(0, 130, 3):
            t = k / FPS
            x = evaluate(crop["x"], t, iw, ih, ow, oh)
            y = evaluate(crop["y"], t, iw, ih, ow, oh)
            want = crop_origin(focus_at(keys, start + t), (iw, ih), (ow, oh))
            assert (x, y) == want, (k, keys)
            assert x % 2 == 0 and y % 2 == 0 and 0 <= x <= iw - ow and 0 <= y <= ih - oh


@pytest.mark.parametrize(
    ("keys", "t", "want"),
    [
        ((), 3.0, (0.5, 0.5)),
        (((1.0, 0.2, 0.4),), 0.0, (0.2, 0.4)),
        (((1.0, 0.2, 0.4), (3.0, 0.6, 0.0)), 0.5, (0.2, 0.4)),  # held before the first key
        (((1.0, 0.2, 0.4), (3.0, 0.6, 0.0)), 2.0, (0.4, 0.2)),  # linear between keys
        (((1.0, 0.2, 0.4), (3.0, 0.6, 0.0)), 9.0, (0.6, 0.0)),  # held after the last
        (((0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (2.0, 0.0, 0.5)), 1.5, (0.5, 0.75)),
    ],
)
def test_focus_at(keys: tuple[FocusKey, ...], t: float, want: tuple[float, float]) -> None:
    assert focus_at(keys, t) == pytest.approx(want)


@pytest.mark.parametrize(
    ("iw", "ih", "w", "h", "want"),
    [
        (640, 360, 270, 480, (853, 480)),
        (1920, 1080, 1080, 1920, (3413, 1920)),
        (1080, 1920, 1080, 1080, (1080, 1920)),
    ],
)
def test_cover_size_is_ffmpegs(
    iw: int, ih: int, w: int, h: int, want: tuple[int, int], tmp_path: Path
) -> None:
    assert cover_size(iw, ih, w, h) == want
    probe = [EXE, "-v", "error", "-f", "lavfi", "-i", f"color=s={iw}x{ih}:d=0.04"]
    scale = [
        "-vf",
        f"scale={w}:{h}:force_original_aspect_ratio=increase",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "gray",
    ]
    done = subprocess.run([*probe, *scale, "pipe:1"], capture_output=True, check=True)
    assert len(done.stdout) == want[0] * want[1]


def test_a_fixed_focus_is_a_constant_window() -> None:
    expr = focus_expr(((2.0, 0.25, 0.75),), 2.0, 1)
    assert "t" not in expr and float(expr) == 0.25


def test_only_a_clip_with_a_focus_gets_a_moving_window(clip: Path, tmp_path: Path) -> None:
    def command(focus: tuple[FocusKey, ...]) -> str:
        timeline = Timeline(OUT_W, OUT_H, (Clip(clip, 1.0, focus=focus),), 0.0)
        assets = prepare(timeline, tmp_path / "cache")
        return " ".join(render_command(timeline, assets, tmp_path / "o.mp4", Encoding(), None, EXE))

    assert "clip(" not in command(())  # ffmpeg's own centre crop, as before
    assert "clip(" in command(FOLLOW)


# -------------------------------------------------------------------------- validation


def project_with_clip(example_data: dict[str, Any], clip: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(example_data)
    data["people"][0]["clips"] = [{"path": "media/clip-cairo-runners.mp4", **clip}]
    return data


@pytest.mark.parametrize(
    ("clip", "path", "words"),
    [
        (
            {"focus_path": [{"t": 1.0, "x": 0.2, "y": 0.5}, {"t": 1.0, "x": 0.3, "y": 0.5}]},
            "focus_path[1].t",
            "time order",
        ),
        ({"focus_path": [{"t": 1.0, "x": 1.2, "y": 0.5}]}, "focus_path[0].x", "1"),
        ({"focus_path": [{"t": 1.0, "x": 0.5}]}, "focus_path[0].y", "required"),
        ({"focus_path": []}, "focus_path", "at least 1"),
        (
            {"focus_path": [{"t": k / 10, "x": 0.5, "y": 0.5} for k in range(241)]},
            "focus_path",
            "at most 240",
        ),
        ({"focus": [0.5, -0.1]}, "focus[1]", "0"),
    ],
)
def test_focus_problems_are_told_at_their_json_paths(
    example_data: dict[str, Any], example_path: Path, clip: dict[str, Any], path: str, words: str
) -> None:
    _, problems = validate_data(project_with_clip(example_data, clip), example_path.parent)
    where = f"people[0].clips[0].{path}"
    found = [p for p in problems if p.path == where]
    assert found, [str(p) for p in problems]
    assert words in found[0].message


def test_keys_beyond_a_trimmed_clip_are_kept_and_shape_its_edges(
    example_data: dict[str, Any], example_path: Path
) -> None:
    """A clip trimmed inside its path (by hand, in the form, on the timeline) stays valid: the
    keys beyond its in and out points shape the path at those edges, as an editor keeps a
    trimmed clip's keyframes, and trimming it back out restores the framing."""
    keys = [{"t": 0.5, "x": 0.2, "y": 0.5}, {"t": 4.5, "x": 0.8, "y": 0.5}]
    data = project_with_clip(example_data, {"start": 1.0, "end": 2.0, "focus_path": keys})
    campaign, problems = validate_data(data, example_path.parent)
    assert problems == [] and campaign is not None
    path = campaign.people[0].clips[0].focus_path
    assert path is not None and [k.t for k in path] == [0.5, 4.5]


def test_a_good_focus_path_loads_and_round_trips(example_data: dict[str, Any], example_path: Path) -> None:
    keys = [{"t": 0.0, "x": 0.2, "y": 0.5}, {"t": 1.5, "x": 0.8, "y": 0.4}]
    data = project_with_clip(example_data, {"focus_path": keys, "focus": [0.3, 0.3]})
    campaign, problems = validate_data(data, example_path.parent)
    assert campaign is not None, [str(p) for p in problems]
    saved = json.loads(campaign.model_dump_json(by_alias=True, exclude_none=True))
    assert saved["people"][0]["clips"][0]["focus_path"] == keys


# -------------------------------------------------------------------------- suggestions


def no_faces(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    return []


def test_a_suggestion_without_faces_follows_motion(clip: Path) -> None:
    keys = suggest_path(clip, detect=no_faces)
    assert 2 <= len(keys) <= 6  # a few keys, not one per sample
    path = tuple((k["t"], k["x"], k["y"]) for k in keys)
    assert all(0 <= k["t"] <= SECONDS for k in keys)
    assert [k["t"] for k in keys] == sorted({k["t"] for k in keys})
    for t in (0.5, 1.0, 1.5, 2.0, 2.5):
        x, y = focus_at(path, t)
        assert x == pytest.approx(face_x(t) / W, abs=0.03), t
        assert y == pytest.approx(0.5, abs=0.03), t


def test_a_suggestion_keeps_to_the_clips_trim(clip: Path) -> None:
    keys = suggest_path(clip, 0.5, 2.0, detect=no_faces)
    assert keys[0]["t"] >= 0.5 and keys[-1]["t"] <= 2.0
    assert keys[-1]["x"] == pytest.approx(face_x(1.9) / W, abs=0.03)


def test_faces_come_before_motion(clip: Path) -> None:
    """A face found anywhere is the point, whatever moves elsewhere; the biggest face counts most."""

    def two_faces(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
        h, w = grey.shape
        return [(int(0.8 * w) - 10, int(0.2 * h) - 10, 20, 20), (int(0.2 * w) - 5, int(0.2 * h) - 5, 10, 10)]

    keys = suggest_path(clip, detect=two_faces)
    assert len(keys) == 2  # a still point: the first and the last key
    for key in keys:
        assert key["x"] == pytest.approx((0.8 * 4 + 0.2) / 5, abs=0.01)
        assert key["y"] == pytest.approx(0.2, abs=0.01)


def test_a_still_clip_gets_no_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "still.mp4"
    source = [
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=320x180:r=30:d=2,tblend=all_mode=average,select=eq(n\\,0),loop=59:1:0",
    ]
    subprocess.run([EXE, "-v", "error", "-y", *source, "-pix_fmt", "yuv420p", str(path)], check=True)
    assert suggest_path(path, detect=no_faces) == []


def test_the_suggested_path_keeps_the_face_in_the_9_16_frame(clip: Path, tmp_path: Path) -> None:
    keys = tuple((k["t"], k["x"], k["y"]) for k in suggest_path(clip, detect=no_faces))
    frames = render(Timeline(OUT_W, OUT_H, (Clip(clip, SECONDS, focus=keys),), 0.0), tmp_path)
    r = FACE_R * OUT_H / H
    for k in range(0, len(frames), 5):
        x, count = face_centre(frames[k])
        assert count > 0.8 * math.pi * r * r * 0.8, k
        assert r - 2 <= x <= OUT_W - r + 2, k


def test_without_a_face_detector_the_command_says_so() -> None:
    missing = detector_missing()
    if haar_detector() is None:
        assert missing is not None and "motion" in missing and cv2.__version__ in missing
    else:
        assert missing is None


@pytest.mark.skipif(haar_detector() is None, reason="this OpenCV ships no face detector (OpenCV 5)")
def test_the_haar_cascade_finds_a_face_and_the_path_follows_it(clip: Path) -> None:
    """With OpenCV 4's cascade: the drawn face is found as a face (not only as motion)."""
    detect = haar_detector()
    assert detect is not None
    samples = look(clip, 0.0, None, detect)
    assert sum(s.face for s in samples) >= len(samples) // 2
    for sample in samples:
        if sample.face and sample.point is not None:
            assert sample.point[0] == pytest.approx(face_x(sample.t) / W, abs=0.02), sample
    path = tuple((k["t"], k["x"], k["y"]) for k in suggest_path(clip))  # the default: faces first
    for t in (0.0, 1.0, 2.0, 2.9):
        assert focus_at(path, t)[0] == pytest.approx(face_x(t) / W, abs=0.03), t


def test_focus_command_writes_the_suggestion_in_the_files_shape(
    clip: Path, project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(clip, project_copy.parent / "media" / "walk.mp4")
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"][0]["clips"] = [{"path": "media/walk.mp4", "end": 2.5}]
    project_copy.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    person = data["people"][0]["id"]
    assert focus_cli.main(["focus", str(project_copy), "--only", person]) == 0
    printed = capsys.readouterr().out
    assert "people[0].clips[0] (media/walk.mp4):" in printed
    assert json.loads(project_copy.read_text(encoding="utf-8")) == data  # without --write: untouched
    assert focus_cli.main(["focus", str(project_copy), "--only", person, "--write"]) == 0
    saved = json.loads(project_copy.read_text(encoding="utf-8"))
    keys = saved["people"][0]["clips"][0].pop("focus_path")
    assert saved == data  # nothing else changed, photos written as paths stay paths
    assert keys and all(0 <= k["t"] <= 2.5 for k in keys)
    assert (project_copy.parent / "campaign.json.bak").exists()


def test_focus_command_writes_only_the_focus_paths_not_what_loading_computed(
    clip: Path, project_copy: Path
) -> None:
    """Loading sums the goal's counts files into goal.current (for the outputs); the file keeps
    the value it was written with, and its keys their order: --write changes the focus paths
    in the file's own data, nothing the load computed."""
    folder = project_copy.parent
    shutil.copyfile(clip, folder / "media" / "walk.mp4")
    (folder / "insights").mkdir()
    shutil.copyfile(
        Path(__file__).parent / "data" / "counts" / "facebook.csv", folder / "insights" / "fb.csv"
    )
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["goal"]["counts"] = ["insights/fb.csv"]
    data["goal"]["current"] = 7
    data["people"][0]["clips"] = [{"end": 2.5, "path": "media/walk.mp4"}]
    data = {"people": data.pop("people"), **data}  # an order of its own
    project_copy.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    loaded = load_project(project_copy)
    assert loaded.campaign.goal is not None and loaded.campaign.goal.current != 7  # the sum
    assert focus_cli.main(["focus", str(project_copy), "--only", data["people"][0]["id"], "--write"]) == 0
    saved = json.loads(project_copy.read_text(encoding="utf-8"))
    assert saved["people"][0]["clips"][0].pop("focus_path")
    assert saved == data and list(saved) == list(data)
    assert saved["goal"]["current"] == 7


def test_focus_command_names_an_unknown_person(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert focus_cli.main(["focus", str(project_copy), "--only", "nobody"]) == 2
    assert "--only: no person 'nobody'" in capsys.readouterr().err


# -------------------------------------------------------------------------- the Studio's edits


def test_a_click_on_the_frame_is_the_point_of_the_clip_under_it(clip: Path, tmp_path: Path) -> None:
    segment = Clip(clip, SECONDS, focus=FOLLOW)
    timeline = Timeline(OUT_W, OUT_H, (segment,), 0.0)
    frames = render(timeline, tmp_path)
    for k in (0, 30, 60, 89):
        x, _ = face_centre(frames[k])
        px, py = clip_point(segment, k / FPS, x / OUT_W, 0.5, (W, H), timeline)
        assert px == pytest.approx(face_x(k / FPS) / W, abs=0.01), k
        assert py == pytest.approx(0.5, abs=0.01)
        back = clip_frame_point(segment, k / FPS, px, py, (W, H), timeline)
        assert back == pytest.approx((x / OUT_W, 0.5), abs=0.01)


def clip_data(**clip: Any) -> dict[str, Any]:
    return {"people": [{"clips": [{"path": "media/walk.mp4", **clip}]}]}


WHERE = "people[0].clips[0]"


def path_after(data: dict[str, Any], edit: Edit) -> Any:
    return apply(data, edit)["people"][0]["clips"][0].get("focus_path")


def test_a_key_at_the_playhead_joins_the_path_in_time_order() -> None:
    data = clip_data(
        start=0.5, end=2.5, focus_path=[{"t": 0.5, "x": 0.1, "y": 0.5}, {"t": 2.0, "x": 0.9, "y": 0.5}]
    )
    edit = set_focus_key(data, WHERE, 1.2, 0.4, 0.6)
    assert path_after(data, edit) == [
        {"t": 0.5, "x": 0.1, "y": 0.5},
        {"t": 1.2, "x": 0.4, "y": 0.6},
        {"t": 2.0, "x": 0.9, "y": 0.5},
    ]
    assert apply(apply(data, edit), edit.inverse()) == data  # one undo takes it back
    # At a key's time (within half a frame) the key moves instead; outside the clip, the nearest end.
    assert path_after(data, set_focus_key(data, WHERE, 2.01, 0.7, 0.2))[1] == {"t": 2.0, "x": 0.7, "y": 0.2}
    assert path_after(data, set_focus_key(data, WHERE, 9.0, 1.3, -1))[-1] == {"t": 2.5, "x": 1.0, "y": 0.0}


def test_a_clip_without_a_path_starts_one_and_the_last_key_out_ends_it() -> None:
    data = clip_data()
    started = apply(data, set_focus_key(data, WHERE, 1.0, 0.3, 0.5))
    assert started["people"][0]["clips"][0]["focus_path"] == [{"t": 1.0, "x": 0.3, "y": 0.5}]
    emptied = apply(started, remove_focus_key(started, WHERE, 0))
    assert emptied == data  # the key gone from the file, not written as null
    moved = apply(started, move_focus_key(started, WHERE, 0, 0.8, 0.1))
    assert moved["people"][0]["clips"][0]["focus_path"] == [{"t": 1.0, "x": 0.8, "y": 0.1}]
    with pytest.raises(IndexError):
        move_focus_key(started, WHERE, 3, 0.5, 0.5)


def test_a_suggestion_taken_is_one_edit_the_project_accepts(
    example_data: dict[str, Any], example_path: Path
) -> None:
    data = project_with_clip(example_data, {"start": 1.0, "end": 3.0})
    keys = [{"t": 2.5, "x": 0.9, "y": 0.5}, {"t": 0.2, "x": 0.1, "y": 0.5}, {"t": 2.5, "x": 0.8, "y": 0.4}]
    edit = set_focus_path(data, WHERE, keys)
    assert len(edit.changes) == 1
    changed = apply(data, edit)
    assert changed["people"][0]["clips"][0]["focus_path"] == [
        {"t": 1.0, "x": 0.1, "y": 0.5},  # kept within the clip
        {"t": 2.5, "x": 0.8, "y": 0.4},  # one key per time: the last one given
    ]
    campaign, problems = validate_data(changed, example_path.parent)
    assert campaign is not None, [str(p) for p in problems]
