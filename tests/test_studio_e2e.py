"""Building a clip in the Studio from scratch, end to end (pytest-qt, offscreen): a new
campaign, a new person, three photos and a clip added through the drop code path, reordered
on the timeline, a photo's duration and motion and the clip's trim set, undo and redo, a
render, then the video probed against the plan and the compositor, and Save As elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from takatof.cli import main as cli
from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.video.plan import plan_summary
from takatof.render.video.render import VideoJob, preview
from takatof.ui.main_window import MainWindow, new_document
from takatof.ui.preview import Output
from takatof.ui.timeline import add_media_files, move_item, set_photo_duration, set_photo_motion, trim_clip

COLOURS = {"red": (220, 30, 30), "green": (30, 200, 60), "blue": (30, 60, 220)}
PRESET = "instagram-square"


pytestmark = pytest.mark.usefixtures("studio_isolation")


def photos(folder: Path) -> list[Path]:
    """Three photos of one colour each, with a white corner so each has some texture."""
    paths = []
    for name, colour in COLOURS.items():
        image = Image.new("RGB", (1600, 1200), colour)
        image.paste((255, 255, 255), (0, 0, 200, 200))
        path = folder / f"{name}.jpg"
        image.save(path, quality=92)
        paths.append(path)
    return paths


def clip(folder: Path) -> Path:
    path = folder / "street.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=640x480:r=30:d=4",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", str(path)],
        check=True,
    )  # fmt: skip
    return path


def frame_at(video: Path, t: float) -> np.ndarray:
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= t - 1e-3:
                return frame.to_ndarray(format="rgb24")
    raise AssertionError(f"no frame at {t}")


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


def test_build_a_clip_from_scratch(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(new_document(), settings)
    qtbot.addWidget(window)
    window.show()
    window.show_start_page()
    window.start_page.new_requested.emit()  # "New campaign from the example"
    document = window.document
    assert document.path is None
    document.set("video.encoder", {"codec": "libx264", "preset": "ultrafast", "crf": 28})
    document.set("outputs.videos", [{"template": "story", "presets": [PRESET]}])

    person = document.add_person()
    where = f"people[{person}]"
    folder = tmp_path / "downloads"
    folder.mkdir()
    red, green, blue = photos(folder)
    assert add_media_files(document, person, [red, green, blue]) == []  # the drop code path
    assert add_media_files(document, person, [clip(folder)]) == []
    window.tree.select(where, Output("video", "story", PRESET))
    panel = window.timeline
    qtbot.waitUntil(
        lambda: panel.summary is not None and panel.summary.person == document.campaign.people[person].id,
        timeout=60000,
    )

    before = document.campaign.model_dump()
    # reorder: blue first (red, green, blue -> blue, red, green)
    assert move_item(document, f"{where}.media", [0, 1, 2], 2, 0, "Reorder photos") == []
    assert set_photo_duration(document, f"{where}.media[1]", 2.5) == []  # red, now second
    assert set_photo_motion(document, f"{where}.media[1]", "pan-right") == []
    assert trim_clip(document, f"{where}.clips[0]", "start", 1.0) == []
    assert trim_clip(document, f"{where}.clips[0]", "end", 3.0) == []
    after = document.campaign.model_dump()
    for _ in range(5):
        document.undo_stack.undo()
    assert document.campaign.model_dump() == before
    for _ in range(5):
        document.undo_stack.redo()
    assert document.campaign.model_dump() == after
    media = document.get(f"{where}.media")
    assert [Path(m if isinstance(m, str) else m["path"]).stem for m in media] == ["blue", "red", "green"]
    assert media[1]["duration_s"] == 2.5 and media[1]["motion"] == "pan-right"

    out = tmp_path / "renders"
    out.mkdir()
    monkeypatch.setattr("takatof.ui.main_window.QFileDialog.getExistingDirectory", lambda *a, **k: str(out))
    window.choose_out_dir()
    window.render_selection()
    row = window.queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=240000)
    entries, cancelled = row.result
    assert not cancelled and all("error" not in e for e in entries), entries
    (video_entry,) = [e for e in entries if e["kind"] == "video"]
    video = out / video_entry["path"]

    project = document.project()
    job = VideoJob("story", PRESET, document.campaign.people[person].id)
    summary = plan_summary(project, job)
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        duration = float(stream.frames / stream.average_rate)
    assert abs(duration - summary.total_s) <= 1 / 30 + 1e-6, (duration, summary.total_s)
    rows = [r for r in summary.segments if r.kind == "photo"]
    assert [Path(r.source).stem for r in rows] == ["blue", "red", "green"]
    assert abs(rows[1].duration_s - 2.5) < 1e-6 and rows[1].motion == "pan-right"
    (clip_row,) = [r for r in summary.segments if r.kind == "clip"]
    assert (clip_row.clip_in_s, clip_row.clip_out_s) == (1.0, 3.0)
    for row_, name in zip(rows, ["blue", "red", "green"], strict=True):
        t = row_.start_s + row_.duration_s / 2
        decoded = frame_at(video, t)
        centre = decoded[
            decoded.shape[0] // 2 - 40 : decoded.shape[0] // 2 + 40,
            decoded.shape[1] // 2 + 100 : decoded.shape[1] // 2 + 180,
        ]
        assert np.abs(centre.reshape(-1, 3).mean(0) - COLOURS[name]).max() < 40, (
            name,
            centre.reshape(-1, 3).mean(0),
        )
        drawn, _ = preview(project, job, t, document.preview_cache)
        assert psnr(np.asarray(drawn.convert("RGB")), decoded) > 30

    # Save As elsewhere, reopen: the same plan, media copied beside the file
    target = tmp_path / "elsewhere" / "campaign.json"
    target.parent.mkdir()
    monkeypatch.setattr(
        "takatof.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    assert window.save_as()
    reopened = load_project(target, project_names())
    again = plan_summary(reopened, job)
    assert again.total_s == summary.total_s
    shape = [
        (r.kind, r.start_s, r.duration_s, r.motion, Path(r.source).name if r.source else None)
        for r in again.segments
    ]
    assert shape == [
        (r.kind, r.start_s, r.duration_s, r.motion, Path(r.source).name if r.source else None)
        for r in summary.segments
    ]
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert all(
        not Path(m if isinstance(m, str) else m["path"]).is_absolute()
        for m in saved["people"][person]["media"]
    )
    assert cli(["plan", str(target), "--only", job.person, "--presets", PRESET, "--json"]) == 0


def test_click_on_the_preview_sets_the_selected_photos_focus(
    qtbot, tmp_path: Path, project_copy: Path
) -> None:
    from takatof.model import load_project as load
    from takatof.ui.document import Document

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(load(project_copy, project_names())), settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.tree.select("people[0]", Output("video", "story", "instagram-square"))
    panel = window.timeline
    qtbot.waitUntil(lambda: panel.summary is not None, timeout=60000)
    panel.select("people[0].media[0]")
    assert panel.selected == "people[0].media[0]"
    row = next(r for r in panel.summary.segments if r.where == "people[0].media[0]")
    window.preview.set_time(row.start_s + 0.1)
    window.set_focus_from_click(0.5, 0.5)
    focus = window.document.get("people[0].media[0]")["focus"]
    assert (
        0.3 < focus[0] < 0.7 and 0.3 < focus[1] < 0.7
    )  # the middle of the frame is near the middle of the photo
    window.set_focus_from_click(0.0, 0.0)
    corner = window.document.get("people[0].media[0]")["focus"]
    assert corner[0] < focus[0] and corner[1] < focus[1]
    window.document.undo_stack.undo()
    assert window.document.get("people[0].media[0]")["focus"] == focus
