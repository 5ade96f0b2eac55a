"""Playback in the Studio's preview (issue 20): the proxy file a story plays from, its cache,
and the preview playing it in real time with the playhead on the frame shown; the transport
keys; the compositor timer where Qt Multimedia is missing; nothing made on the UI thread."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

import av
import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PIL import Image
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from takatof.model import Project, load_project
from takatof.render.batch import project_names
from takatof.render.cancel import CancelToken
from takatof.render.video import proxy as proxy_module
from takatof.render.video.proxy import ProxyFailed, make_proxy, proxy_command, proxy_key, proxy_size
from takatof.render.video.render import VideoJob, plan, preview
from takatof.render.video.runner import Cancelled
from takatof.ui import playback as playback_module
from takatof.ui import preview as preview_module
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import TICKS, Output
from tests.conftest import EXAMPLE_DIR, make_media

STORY = Output("video", "story", "instagram-story")
JOB = VideoJob("story", "instagram-story", "hala")
# The edits below change Hala's group (drawn on her story's title card): her story text is not
# drawn in her story video, whose captions come from her voice-over's caption files, so an edit
# of it leaves the video (and its proxy) as it was.


# ---------------------------------------------------------------------- the proxy (no Qt)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((1080, 1920), (360, 640)),  # 9:16
        ((1920, 1080), (640, 360)),  # 16:9
        ((1080, 1080), (360, 360)),
        ((1080, 1350), (360, 450)),  # 4:5
        ((200, 300), (200, 300)),  # never larger than the video
        ((1081, 1921), (360, 640)),  # even sizes (4:2:0)
    ],
)
def test_proxy_size(size: tuple[int, int], expected: tuple[int, int]) -> None:
    assert proxy_size(*size) == expected


def test_proxy_command_scales_the_renders_picture_and_keeps_its_sound() -> None:
    command = ["ffmpeg", "-filter_complex", "[0]trim=end_frame=9[s1];[1]anull[s2]"]
    command += ["-map", "[s1]", "-map", "[s2]", "-g", "60", "-keyint_min", "60", "out.mp4"]
    args = proxy_command(command, (360, 640), 30)
    assert args[2] == "[0]trim=end_frame=9[s1];[1]anull[s2];[s1]scale=360:640:flags=bilinear[proxy]"
    assert args[3:7] == ["-map", "[proxy]", "-map", "[s2]"]
    assert args[args.index("-g") + 1] == "15" and args[args.index("-keyint_min") + 1] == "15"
    assert command[4] == "[s1]"  # the render's command is left as it was
    with pytest.raises(ValueError, match="not a filter output"):
        proxy_command(["ffmpeg", "-filter_complex", "x", "-map", "0:v"], (2, 2), 30)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    import shutil

    folder = tmp_path_factory.mktemp("proxy") / "project"
    shutil.copytree(EXAMPLE_DIR, folder)
    make_media(folder, json.loads((folder / "campaign.json").read_text(encoding="utf-8")))
    return load_project(folder / "campaign.json", project_names())


@pytest.fixture(scope="module")
def made(example: Project, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[float]]:
    """The example story's proxy, made once: its folder, the images cache and the progress
    fractions reported while it was made."""
    folder, cache = tmp_path_factory.mktemp("proxies"), tmp_path_factory.mktemp("cache")
    fractions: list[float] = []
    make_proxy(example, JOB, folder, cache, lambda p: fractions.append(p.fraction))
    return folder, cache, fractions


def test_the_proxy_is_a_small_copy_of_the_video_with_its_sound(example: Project, made) -> None:
    folder, _cache, fractions = made
    timeline = plan(example, JOB)
    files = list(folder.iterdir())
    assert [f.name for f in files] == [f"{proxy_key(timeline)}.mp4"]  # no partial file beside it
    with av.open(str(files[0])) as container:
        video, audio = container.streams.video[0], container.streams.audio
        assert (video.width, video.height) == (360, 640)
        assert video.average_rate == timeline.fps
        assert len(audio) == 1 and audio[0].sample_rate == 48000
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == timeline.frames
    assert abs(frames / timeline.fps - timeline.duration) < 1 / timeline.fps
    assert fractions and max(fractions) > 0.5  # progress was reported


def test_the_proxys_picture_is_the_renders(example: Project, made, tmp_path: Path) -> None:
    """Frame k of the proxy is the compositor's frame k (which a test checks against the real
    render), downscaled: the same cuts, fades and captions at the same times."""
    folder, cache, _ = made
    path = next(folder.iterdir())
    with av.open(str(path)) as container:
        decoded = [f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)]
    for t in (1.0, 8.5, 20.0):
        drawn, _ = preview(example, JOB, t, cache, scale=1 / 3)
        expected = np.asarray(drawn.resize((360, 640), Image.Resampling.BILINEAR), dtype=np.float32)
        same = np.abs(decoded[round(t * 30)] - expected).mean()
        other = np.abs(decoded[round((t + 3) * 30)] - expected).mean()
        assert same < 8 and other > 2 * same, (t, same, other)


def test_an_unchanged_plan_reuses_its_proxy_and_an_edit_makes_a_new_one(
    example: Project, made, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache, _ = made
    before = next(folder.iterdir())

    def no_encode(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unchanged plan was encoded again")

    with monkeypatch.context() as patch:
        patch.setattr(proxy_module, "run_ffmpeg", no_encode)
        started = time.perf_counter()
        again = make_proxy(example, JOB, folder, cache)
        assert again.path == before and time.perf_counter() - started < 1.0
    data = json.loads(example.path.read_text(encoding="utf-8"))
    data["people"][0]["group"] = {"ar": "مجموعة جديدة تماماً", "en": "A New Group"}
    edited = Project(type(example.campaign).model_validate(data), example.path)
    changed = make_proxy(edited, JOB, folder, cache)
    assert changed.path != before and changed.path.is_file() and before.is_file()
    assert not [f for f in folder.iterdir() if f.name.startswith(".")]


def test_a_cancelled_proxy_leaves_no_file(example: Project, tmp_path: Path) -> None:
    data = json.loads(example.path.read_text(encoding="utf-8"))
    data["people"][0]["group"] = {"ar": "يُلغى", "en": "Cancelled"}
    edited = Project(type(example.campaign).model_validate(data), example.path)
    token = CancelToken()

    def cancel_midway(progress: object) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        make_proxy(edited, JOB, tmp_path / "proxies", tmp_path / "cache", cancel_midway, token)
    assert list((tmp_path / "proxies").glob("*")) == []


def test_a_video_that_cannot_be_made_says_why(example: Project, tmp_path: Path) -> None:
    data = json.loads(example.path.read_text(encoding="utf-8"))
    data["people"][0]["media"][0] = "media/nowhere.jpg"
    broken = Project(type(example.campaign).model_validate(data), example.path)
    with pytest.raises(ProxyFailed, match=r"people\[0\]\.media\[0\]"):
        make_proxy(broken, JOB, tmp_path / "p", tmp_path / "c")


# ---------------------------------------------------------------------- the Studio


@pytest.fixture
def window(qtbot, project_copy: Path, tmp_path: Path, studio_isolation: None) -> MainWindow:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.preview.drawn, timeout=60000):
        win.tree.select("people[0]", STORY)
    qtbot.waitUntil(lambda: win.preview.slider.maximum() > 20 * TICKS, timeout=60000)
    return win


def test_play_plays_in_real_time_with_the_playhead_on_the_frame_shown(qtbot, window: MainWindow) -> None:
    preview = window.preview
    assert preview.playback.available, preview.playback.unavailable
    playheads: list[float] = []
    window.timeline.view.set_playhead = playheads.append  # type: ignore[method-assign]
    shown: list[tuple[float, float, int, QImage]] = []
    preview.played.connect(
        lambda t: shown.append((time.perf_counter(), t, preview.slider.value(), preview.image.copy()))
    )
    preview.set_time(8.0)
    preview.play.click()
    qtbot.waitUntil(lambda: len(shown) > 60, timeout=60000)  # the proxy is made, then 2 s play
    preview.play.click()
    assert not preview.playback.playing
    first, last = shown[0], shown[-1]
    assert abs(first[1] - 8.0) < 0.1  # from the playhead
    played, took = last[1] - first[1], last[0] - first[0]
    assert played > 1.5 and abs(played - took) < 0.25 * took, (played, took)  # real time
    assert all(slider == round(t * TICKS) for _, t, slider, _ in shown)  # the slider is on the frame
    assert playheads[-1] == pytest.approx(last[1], abs=1e-3)  # and so is the timeline's playhead
    frames = [round(t * 30) for _, t, _, _ in shown]
    assert len(set(frames)) >= 0.8 * (frames[-1] - frames[0])  # about every frame, in order
    assert frames == sorted(frames)
    # The picture is the frame at that time: closer to the compositor's frame there than 3 s on.
    _, t, _, image = shown[len(shown) // 2]
    cache = window.document.preview_cache
    job = preview.target
    assert job is not None
    picture = _rgb(image)
    at, _ = preview_module.preview(window.document.project(), job, t, cache, scale=1 / 3)
    later, _ = preview_module.preview(window.document.project(), job, t + 3, cache, scale=1 / 3)
    near = np.abs(picture - _resized(at, picture.shape)).mean()
    far = np.abs(picture - _resized(later, picture.shape)).mean()
    assert near < 10 and far > 2 * near, (near, far)


def _rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
    return rows.reshape(image.height(), image.width(), 3).astype(np.float32)


def _resized(image: Image.Image, shape: tuple[int, ...]) -> np.ndarray:
    return np.asarray(image.resize((shape[1], shape[0]), Image.Resampling.BILINEAR), dtype=np.float32)


@pytest.mark.parametrize(
    "field",
    [
        "people[0].group",
        # The name is in the tree too: the tree is rebuilt and re-selects the video, which
        # must go on playing (it stopped, before the preview knew its own target again).
        "people[0].name",
    ],
)
def test_an_edit_while_playing_carries_on_in_the_new_proxy_from_the_same_time(
    qtbot, window: MainWindow, field: str
) -> None:
    preview = window.preview
    times: list[float] = []
    preview.played.connect(times.append)
    preview.set_time(2.0)
    preview.play.click()
    qtbot.waitUntil(lambda: len(times) > 15, timeout=60000)
    old = preview.playback.proxy
    assert old is not None
    window.document.set(field, {"ar": "تعديل أثناء التشغيل", "en": "Edited While Playing"})
    qtbot.waitUntil(
        lambda: preview.playback.proxy is not None and preview.playback.proxy != old, timeout=60000
    )
    switched = len(times)
    at_switch = times[-1]
    qtbot.waitUntil(lambda: len(times) > switched + 15, timeout=10000)
    after = times[switched:]
    assert preview.playing
    assert after[0] >= at_switch - 0.2 and after[-1] > after[0]  # on from where it was, not from 0
    preview.play.click()


def test_transport_keys(qtbot, window: MainWindow) -> None:
    preview, timeline = window.preview, window.timeline
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window only
    timeline.view.setFocus()
    qtbot.waitUntil(timeline.view.hasFocus)
    preview.set_time(10.0)
    QTest.keyClick(timeline.view, Qt.Key.Key_Right)
    assert preview.time == pytest.approx(10 + 1 / 30, abs=1e-3) and not preview.playing
    QTest.keyClick(timeline.view, Qt.Key.Key_Left)
    QTest.keyClick(timeline.view, Qt.Key.Key_Left)
    assert preview.time == pytest.approx(10 - 1 / 30, abs=1e-3)
    QTest.keyClick(timeline.view, Qt.Key.Key_J)
    assert preview.time == pytest.approx(5 - 1 / 30, abs=1e-3)
    QTest.keyClick(timeline.view, Qt.Key.Key_End)
    assert preview.time == preview.slider.maximum() / TICKS > 20
    QTest.keyClick(timeline.view, Qt.Key.Key_Home)
    assert preview.time == 0
    QTest.keyClick(timeline.view, Qt.Key.Key_Space)
    assert preview.playing and preview.play.text() == "Pause"
    QTest.keyClick(timeline.view, Qt.Key.Key_K)
    assert not preview.playing
    QTest.keyClick(timeline.view, Qt.Key.Key_L)
    assert preview.playing
    QTest.keyClick(timeline.view, Qt.Key.Key_Space)
    assert not preview.playing
    # The preview itself takes them too (a click on the picture gives it focus).
    preview.setFocus()
    QTest.keyClick(preview, Qt.Key.Key_Space)
    assert preview.playing
    QTest.keyClick(preview, Qt.Key.Key_K)
    assert not preview.playing
    # A text field inside the timeline keeps its keys: typing never plays or seeks.
    field = QLineEdit(timeline)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    preview.set_time(3.0)
    QTest.keyClicks(field, "k l")
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Home, Qt.Key.Key_End):
        QTest.keyClick(field, key)
    assert field.text() == "k l " and not preview.playing and preview.time == 3.0


def test_without_qt_multimedia_play_steps_the_compositor_and_says_why(
    qtbot, monkeypatch: pytest.MonkeyPatch, project_copy: Path, tmp_path: Path, studio_isolation: None
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import fails
    module, why = playback_module.load_multimedia()
    assert module is None and "PySide6-Addons" in why and "libpulse" in why
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.preview.drawn, timeout=60000):
        win.tree.select("people[0]", STORY)
    qtbot.waitUntil(lambda: win.preview.slider.maximum() > 20 * TICKS, timeout=60000)
    preview = win.preview
    assert not preview.playback.available
    preview.play.click()
    assert "Qt Multimedia cannot be loaded" in preview.status.text()
    qtbot.waitUntil(lambda: preview.time >= 0.6, timeout=10000)  # the timer moves it
    with qtbot.waitSignal(preview.drawn, timeout=30000):  # and the compositor draws it
        pass
    preview.play.click()
    assert not preview.playing


def test_nothing_is_made_on_the_ui_thread(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real_proxy, real_preview = playback_module.make_proxy, preview_module.preview

    def proxy_spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_proxy(*args, **kwargs)

    def preview_spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_preview(*args, **kwargs)

    monkeypatch.setattr(playback_module, "make_proxy", proxy_spy)
    monkeypatch.setattr(preview_module, "preview", preview_spy)
    preview = window.preview
    played: list[float] = []
    preview.played.connect(played.append)
    preview.play.click()
    qtbot.waitUntil(lambda: len(played) > 5, timeout=60000)
    window.document.set("people[0].group", {"ar": "تعديل", "en": "Edit"})
    qtbot.waitUntil(lambda: len(threads) >= 3, timeout=60000)
    preview.play.click()
    preview.set_time(4.0)
    qtbot.waitUntil(lambda: len(threads) >= 4, timeout=60000)
    assert threads and threading.main_thread() not in threads


def test_a_window_that_never_plays_makes_no_player_and_no_proxy(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone who only scrubs gets no player objects and no ffmpeg in the background after
    each edit; once the window has played, each edit's proxy is made ahead (Play is instant)."""
    made: list[object] = []
    real = playback_module.make_proxy

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(playback_module, "make_proxy", spy)
    playback = window.preview.playback
    window.document.set("people[0].group", {"ar": "تعديل أول", "en": "A First Edit"})
    qtbot.wait(playback_module.BUILD_DEBOUNCE_MS + 500)
    assert playback.player is None and made == [] and playback.proxy is None
    window.preview.play.click()
    qtbot.waitUntil(lambda: playback.proxy is not None, timeout=60000)
    window.preview.play.click()
    assert playback.player is not None and len(made) == 1
    with qtbot.waitSignal(playback.ready, timeout=60000):  # made ahead, not waiting for Play
        window.document.set("people[0].group", {"ar": "تعديل ثان", "en": "A Second Edit"})
    assert len(made) == 2 and not playback.playing
