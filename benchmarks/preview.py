"""Benchmark (not a test): how quickly Takatof Studio answers, in its real window (offscreen).

    python benchmarks/preview.py [--edits 12]

Drives the main window on the example campaign, with the timeline panel open on Hala's 9:16
story (so every edit also re-plans the timeline off the UI thread, as it does for a user):

- card edit: change the Arabic quote (new text, so no cached layout is reused) with the
  quote card in the preview; time from the document change to the new picture on screen;
- video edit: change the story text (new captions) with the story's frame at 8.5 s (a caption
  on screen) in the preview, at preview size (540x960);
- scrub: move the playhead to a new time; time to the new frame on screen;
- timeline: time from the edit to the re-planned timeline (thumbnails and waveforms are
  cached by file and drawn off the UI thread).

The preview's debounce (60 ms) is part of every figure, as a user sees it. Targets: card
edit <= 150 ms, video frame <= 250 ms (medians).

Then playback, side by side in the same run: 10 s of the 9:16 story played in the window with
the timeline open, by the proxy with its sound (``takatof.ui.playback``) and by the old
compositor timer (what Play did before, and still does without Qt Multimedia):

- frames shown / due: distinct frames put on screen over the frames of the time played
  (target >= 95%);
- worst gap: the longest wait between two pictures on screen (target <= 100 ms);
- A/V offset: each shown frame's time against the player's clock (its audio clock) when it is
  shown — the position it last reported, moved on by the time since — 95th percentile and
  worst (target <= 40 ms); the timer has no sound, so its row
  gives its picture's lag behind the wall clock instead;
- edit -> shown: from an edit of the story text while playing to the first picture of the
  edited story on screen (the proxy made again, in the background);
- proxy: seconds to make the story's proxy from scratch (drawn images cached).
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer, SignalInstance  # noqa: E402
from PySide6.QtMultimedia import QMediaPlayer  # noqa: E402,F401  (loaded before the old path hides it)
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from takatof.model import load_project  # noqa: E402
from takatof.render.batch import project_names  # noqa: E402
from takatof.templates.registry import Kind  # noqa: E402
from takatof.ui.document import Document  # noqa: E402
from takatof.ui.main_window import MainWindow  # noqa: E402
from takatof.ui.preview import Output, outputs_of  # noqa: E402


class TimedOut(RuntimeError):
    """A signal the benchmark waits on never came: its set-up is wrong (the figure would be
    the timeout, not a measurement), so it stops and says what it waited for."""


def wait_all(
    signals: dict[str, SignalInstance], action: Callable[[], object], timeout_ms: int = 30000
) -> dict[str, float]:
    """Run ``action`` and return, for each named signal, the milliseconds until it first
    fired once every one has; raise :class:`TimedOut` naming those that never came."""
    loop = QEventLoop()
    times: dict[str, float] = {}
    start = 0.0

    def fired(name: str) -> Callable[[], None]:
        def record(*_args: object) -> None:
            times.setdefault(name, (time.perf_counter() - start) * 1000)
            if len(times) == len(signals):
                loop.quit()

        return record

    slots = {name: fired(name) for name in signals}
    for name, signal in signals.items():
        signal.connect(slots[name])
    QTimer.singleShot(timeout_ms, loop.quit)
    start = time.perf_counter()
    action()
    if len(times) < len(signals):
        loop.exec()
    for name, signal in signals.items():
        signal.disconnect(slots[name])
    missing = [name for name in signals if name not in times]
    if missing:
        raise TimedOut(f"no {', '.join(missing)} within {timeout_ms / 1000:g} s")
    return times


def wait_for(signal: SignalInstance, action: Callable[[], object], timeout_ms: int = 30000) -> float:
    """Run ``action`` and return the milliseconds until ``signal`` fires."""
    return wait_all({"signal": signal}, action, timeout_ms)["signal"]


def output(window: MainWindow, kind: Kind, template: str, preset: str) -> Output:
    """The tree's output of ``template`` at ``preset`` (the tree selects typed outputs: a
    ``"video:story:preset"`` string names no item, and selecting it silently did nothing)."""
    for candidate in outputs_of(window.document.campaign, kind):
        if (candidate.template, candidate.preset) == (template, preset):
            return candidate
    raise SystemExit(f"the example campaign has no {kind} output {template} at {preset}")


def select(window: MainWindow, path: str, shown: Output) -> Callable[[], object]:
    """Select ``shown`` under ``path`` in the tree; stop when the tree has no such item."""

    def action() -> None:
        if not window.tree.select(path, shown):
            raise SystemExit(f"the tree has no {shown.kind} {shown.template} at {shown.preset} under {path}")

    return action


def spin(ms: int) -> None:
    """Let the window run for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def open_window(folder: Path) -> MainWindow:
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        Document(load_project(folder / "project" / "campaign.json", project_names())), settings
    )
    window.resize(1600, 1000)
    window.show()
    return window


def story_text(k: int) -> dict[str, str]:
    return {"ar": f"قصة معدّلة رقم {k} أثناء التشغيل.", "en": f"Story edited while playing ({k})."}


def play_with_proxy(window: MainWindow, seconds: float) -> dict[str, str]:
    """Play ``seconds`` of the story by the proxy; then an edit while playing."""
    preview = window.preview
    started = time.perf_counter()
    qtimeout = 120_000
    if preview.playback.proxy is None:
        wait_for(preview.playback.ready, preview.playback.prepare, qtimeout)
    made = time.perf_counter() - started
    shown: list[tuple[float, float, float]] = []  # (wall s, frame time, the player's clock)
    player = preview.playback.player
    # The player's clock as a player reads it between its ticks: the last position it
    # reported, moved on by the wall time since (at rate 1). position() alone is that last
    # tick, up to one notification interval old when a frame comes.
    tick: list[tuple[float, float]] = []

    def on_position(ms: int) -> None:
        tick[:] = [(time.perf_counter(), ms / 1000)]

    def clock(now: float) -> float:
        if not tick:
            return player.position() / 1000
        wall, position = tick[0]
        return position + (now - wall)

    def record(t: float) -> None:
        now = time.perf_counter()
        shown.append((now, t, clock(now)))

    player.positionChanged.connect(on_position)
    preview.played.connect(record)
    preview.set_time(2.0)
    preview.play.setChecked(True)
    spin(round(seconds * 1000) + 500)
    played = [s for s in shown if s[0] - shown[0][0] <= seconds] if shown else []
    old = preview.playback.loaded
    edit_at = time.perf_counter()
    window.document.set("people[0].story", story_text(1))
    edited: list[float] = []

    def new_picture(_t: float) -> None:
        loaded = preview.playback.loaded
        if not edited and loaded is not None and old is not None and loaded.path != old.path:
            edited.append(time.perf_counter() - edit_at)

    preview.played.connect(new_picture)
    deadline = time.perf_counter() + 60
    while not edited and time.perf_counter() < deadline and preview.playing:
        spin(20)
    preview.play.setChecked(False)
    preview.played.disconnect(record)
    preview.played.disconnect(new_picture)
    player.positionChanged.disconnect(on_position)
    row = frame_figures(played, window_fps(window))
    offsets = sorted(abs(t - position) * 1000 for _, t, position in played)
    row["offset"] = f"{percentile(offsets, 95):.0f} / {max(offsets):.0f} ms" if offsets else "-"
    signed = sorted((t - position) * 1000 for _, t, position in played)
    row["signed"] = (
        f"{signed[0]:.0f} .. {statistics.median(signed):.0f} .. {signed[-1]:.0f} ms" if signed else "-"
    )
    if played:  # the picture against a steady clock, from the first frame shown
        w0, t0 = played[0][0], played[0][1]
        drift = sorted(abs((t - t0) - (w - w0)) * 1000 for w, t, _ in played)
        row["clock"] = f"{percentile(drift, 95):.0f} / {drift[-1]:.0f} ms"
    row["edit"] = f"{edited[0] * 1000:.0f} ms" if edited else "not seen in 60 s"
    row["proxy"] = f"{made:.1f} s"
    return row


def play_with_timer(window: MainWindow, seconds: float) -> dict[str, str]:
    """Play ``seconds`` of the story by the compositor timer (no Qt Multimedia)."""
    preview = window.preview
    requested: list[float] = []
    start = preview._start

    def start_recording() -> None:  # the time each picture is drawn for
        requested.append(preview.time)
        start()

    preview._start = start_recording  # type: ignore[method-assign]
    preview._worker._timer.timeout.disconnect()
    preview._worker._timer.timeout.connect(start_recording)
    shown: list[tuple[float, float, float]] = []
    preview.drawn.connect(lambda: shown.append((time.perf_counter(), requested[-1], 0.0)))
    wait_for(preview.drawn, partial(preview.set_time, 2.0))
    shown.clear()
    began = time.perf_counter()
    preview.play.setChecked(True)
    spin(round(seconds * 1000))
    played = [s for s in shown if s[0] - began <= seconds]
    edited = wait_for(preview.drawn, lambda: window.document.set("people[0].story", story_text(2)))
    preview.play.setChecked(False)
    row = frame_figures(played, window_fps(window))
    lags = sorted(abs((w - began) - (t - 2.0)) * 1000 for w, t, _ in played)
    row["offset"] = (
        f"no sound; picture {percentile(lags, 95):.0f} / {max(lags):.0f} ms behind" if lags else "-"
    )
    row["edit"] = f"{edited:.0f} ms"
    row["proxy"] = "-"
    return row


def window_fps(window: MainWindow) -> int:
    return int(window.preview.fps)


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def frame_figures(shown: list[tuple[float, float, float]], fps: int) -> dict[str, str]:
    """Frames shown over frames due, and the worst gap between pictures on screen."""
    if len(shown) < 2:
        return {"frames": "none shown", "gap": "-"}
    frames = {round(t * fps) for _, t, _ in shown}
    due = round((shown[-1][0] - shown[0][0]) * fps) + 1
    gap = max(b[0] - a[0] for a, b in itertools.pairwise(shown)) * 1000
    return {"frames": f"{len(frames)} / {due} ({100 * len(frames) / due:.0f}%)", "gap": f"{gap:.0f} ms"}


def playback_rows(folder: Path, seconds: float) -> dict[str, dict[str, str]]:
    """The proxy player and the old timer, each in a fresh window on the 9:16 story."""
    rows: dict[str, dict[str, str]] = {}
    for name, hide_multimedia in (("proxy + Qt Multimedia (new)", False), ("compositor timer (old)", True)):
        hidden = sys.modules.get("PySide6.QtMultimedia")
        if hide_multimedia:
            sys.modules["PySide6.QtMultimedia"] = None  # type: ignore[assignment]
        try:
            window = open_window(folder)
        finally:
            if hidden is not None:
                sys.modules["PySide6.QtMultimedia"] = hidden
        story = output(window, "video", "story", "instagram-story")
        wait_all(
            {"frame": window.preview.drawn, "plan": window.timeline.summary_changed},
            select(window, "people[0]", story),
        )
        play = play_with_timer if hide_multimedia else play_with_proxy
        print(f"measuring {name}…", file=sys.stderr)
        rows[name] = play(window, seconds)
        window.close()
        QApplication.processEvents()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edits", type=int, default=12)
    parser.add_argument("--play", type=float, default=10.0, help="seconds of playback measured (0: none)")
    args = parser.parse_args(argv)
    # Closing a window whose campaign was edited asks to save it (modal: it would wait for
    # ever offscreen); the benchmark's copy is thrown away.
    QMessageBox.question = lambda *_a, **_k: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="takatof-bench-"))
    shutil.copytree(ROOT / "examples" / "community-stories", folder / "project")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        Document(load_project(folder / "project" / "campaign.json", project_names())), settings
    )
    window.show()
    preview, timeline, document = window.preview, window.timeline, window.document
    story = output(window, "video", "story", "instagram-story")
    card = output(window, "card", "quote", "instagram-square")

    def quote(k: int) -> Callable[[], object]:
        text = {"ar": f"حين نتبادل ما لا نحتاجه، نكتشف كم نحتاج بعضنا ({k}).", "en": f"Edit {k}."}
        return lambda: document.set("people[0].quote", text)

    def story_edit(k: int) -> Callable[[], object]:
        """An edit the story video shows: its story text, so its captions (on screen at 8.5 s)."""
        return lambda: document.set("people[0].story", story_text(100 + k))

    both = {"frame": preview.drawn, "plan": timeline.summary_changed}
    rows: dict[str, list[float]] = {}
    try:
        # warm: fonts, decoded photos, the story's unchanged images, thumbnails and waveforms
        wait_all(both, select(window, "people[0]", story))
        timeline.wait_idle()
        wait_for(preview.drawn, lambda: preview.set_time(8.5))
        for k in range(args.edits):
            waited = wait_all(both, story_edit(k))  # the timeline re-plans too, as for a user
            rows.setdefault("video edit -> frame (9:16 at 540x960, timeline open)", []).append(
                waited["frame"]
            )
            timeline.wait_idle()
        for k in range(args.edits):
            t = 2.0 + (k * 1.7) % 20
            rows.setdefault("scrub -> frame (9:16 at 540x960)", []).append(
                wait_for(preview.drawn, partial(preview.set_time, t))
            )
        for k in range(args.edits):
            waited = wait_all(both, story_edit(100 + k))
            rows.setdefault("edit -> timeline re-planned", []).append(waited["plan"])
            timeline.wait_idle()
        wait_for(preview.drawn, select(window, "people[0]", card))
        for k in range(args.edits):
            rows.setdefault("card edit -> card (quote, 1080x1080)", []).append(
                wait_for(preview.drawn, quote(200 + k))
            )
    except TimedOut as exc:
        raise SystemExit(f"benchmark set-up failed: {exc}") from exc

    print(f"median of {args.edits} edits in the real window (offscreen), each to the new picture on screen\n")
    print(f"{'what':58} {'median ms':>9} {'max ms':>7}")
    for name, times in rows.items():
        print(f"{name:58} {statistics.median(times):9.0f} {max(times):7.0f}")
    window.close()
    app.processEvents()
    if args.play > 0:
        try:
            played = playback_rows(folder, args.play)
        except TimedOut as exc:
            raise SystemExit(f"benchmark set-up failed: {exc}") from exc
        print(f"\nplayback: {args.play:g} s of the 9:16 story (1080x1920) in the window, timeline open\n")
        heads = ("frames shown/due", "worst gap", "A/V offset p95 / max", "edit -> shown", "proxy made")
        keys = ("frames", "gap", "offset", "edit", "proxy")
        print(f"{'':28} " + " | ".join(heads))
        for name, row in played.items():
            print(f"{name:28} " + " | ".join(row.get(k, "-") for k in keys))
        new = played["proxy + Qt Multimedia (new)"]
        print(
            f"\nproxy: frame time - player clock, min .. median .. max: {new.get('signed', '-')};"
            f" frame time against a steady clock from the first frame, p95 / max: {new.get('clock', '-')}"
        )

    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
