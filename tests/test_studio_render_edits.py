"""The timeline's gestures end to end: made in the real Studio window (pytest-qt, offscreen)
through the block menus and keys, then rendered by ``takatof render`` and checked on the
decoded video against the plan the timeline showed — a dip reaches black at its middle, a
clip's fade in shows in the sound's envelope, a clip at half volume is 6 dB down, a clip split
at the playhead plays on across its cut without a gap in its sound, and a duplicate deleted
again leaves the video as long as before.

The clips are a steady 440 Hz tone over a grey picture (tests/test_clip_sound.py makes them),
so picture and sound have levels to measure."""

from __future__ import annotations

import os
from pathlib import Path

import av
import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt

from takatof import cli
from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from tests.test_clip_sound import decoded_audio, project_with_tone_clips, rms
from tests.test_timeline_edit import action, key, replanned, rows, story

pytestmark = pytest.mark.usefixtures("studio_isolation")

MAROUAN = 1
FIRST, SECOND = "people[1].clips[0]", "people[1].clips[1]"
PRESET = "instagram-story"


def tone_project(folder: Path) -> Path:
    """Marouan's story cut down to a 2 s and a 3 s clip of the tone (no photo, no music, no
    voice-over), the project's default cross-fades between them, encoded fast."""
    clips = [{"path": "media/tone.mp4", "end": end, "audio": True} for end in (2.0, 3.0)]
    return project_with_tone_clips(folder, clips)


def frames_luma(path: Path) -> list[float]:
    """The mean luma (0-255) of the top half of every frame (the captions are at the bottom)."""
    with av.open(str(path)) as container:
        out = []
        for frame in container.decode(video=0):
            y = frame.to_ndarray(format="gray")
            out.append(float(y[: y.shape[0] // 2].mean()))
    return out


def test_gestures_made_on_the_timeline_render_as_planned(qtbot, tmp_path: Path) -> None:
    project = tone_project(tmp_path / "project")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(load_project(project, project_names())), settings)
    qtbot.addWidget(window)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    panel = story(qtbot, window, MAROUAN)
    editing = panel.editing
    untouched = panel.summary

    # A duplicate, deleted again: the story is as long as before.
    panel.select(FIRST)
    doubled = replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert len(rows(doubled, "clip")) == 3 and doubled.total_s > untouched.total_s
    panel.select(SECOND)  # the copy
    back = replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_Delete))
    assert back.total_s == pytest.approx(untouched.total_s)

    # The first clip fades in over 0.5 s and dips to black into the second, over 0.6 s.
    editing.ask_fade_times = lambda fades: (0.5, 0.0)
    replanned(qtbot, panel, action(editing.block_menu(FIRST), "fades").trigger)
    editing.ask_number = lambda *a: 0.6
    replanned(qtbot, panel, action(editing.block_menu(FIRST), "transition-dip-black").trigger)
    replanned(qtbot, panel, action(editing.block_menu(FIRST), "transition-duration").trigger)
    # The second at half volume, split 1.5 s in at the playhead.
    editing.ask_number = lambda *a: 50.0
    replanned(qtbot, panel, action(editing.block_menu(SECOND), "volume").trigger)
    second = rows(panel.summary, "clip")[1]
    panel.select(SECOND)
    panel.set_playhead(second.start_s + 1.5)
    summary = replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_S))
    first, half_a, half_b = rows(summary, "clip")
    assert (first.transition, first.transition_s) == ("dip-black", pytest.approx(0.6))
    assert (half_a.transition, half_b.start_s) == ("cut", pytest.approx(second.start_s + 1.5))
    window.document.save()

    out = tmp_path / "out"
    args = ["--targets", "videos", "--only", "marouan", "--presets", PRESET, "--out", str(out), "-q"]
    assert cli.main(["render", str(project), *args]) == 0
    video = out / "videos" / "marouan" / f"story-{PRESET}.mp4"
    luma = frames_luma(video)
    fps = summary.fps
    assert len(luma) == round(summary.total_s * fps)  # every frame the plan has, no more

    # The dip: black at its middle, the grey clip on either side of it.
    middle = round((half_a.start_s + first.transition_s / 2) * fps)  # the overlap begins where it starts
    assert luma[middle] < 20, luma[middle - 3 : middle + 4]
    assert luma[round((first.start_s + 1.0) * fps)] > 80
    assert luma[round((half_a.start_s + 0.5) * fps)] > 80

    sound = decoded_audio(video)
    sounds = [a for a in summary.audio if a.kind == "clip"]
    assert [(a.volume, a.fade_in_s) for a in sounds] == [(1.0, 0.5), (0.5, 0.0), (0.5, 0.0)]
    start = sounds[0].start_s
    steady = rms(sound, start + 0.8, start + 1.1)
    assert steady > 0.01, "the tone is heard"
    assert rms(sound, start, start + 0.1) < 0.25 * steady  # the fade in
    half = rms(sound, half_a.start_s + 0.75, half_a.start_s + 1.3)  # the first clip ended at +0.6
    assert 20 * np.log10(half / steady) == pytest.approx(-6.0, abs=0.8)  # volume 0.5
    # The split: the sound plays on across the cut, at the same level, with no hole.
    cut = half_b.start_s
    assert rms(sound, cut - 0.05, cut + 0.05) == pytest.approx(half, rel=0.15)

    # And each gesture was one undo: seven of them take the plan back to where it began.
    for _ in range(7):
        replanned(qtbot, panel, window.document.undo_stack.undo)
    assert panel.summary == untouched
