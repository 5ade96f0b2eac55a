"""Benchmark (not a test): how quickly Takatof Studio answers, in its real window (offscreen).

    python benchmarks/preview.py [--edits 12]

Drives the main window on the example campaign, with the timeline panel open on Hala's 9:16
story (so every edit also re-plans the timeline off the UI thread, as it does for a user):

- card edit: change the Arabic quote (new text, so no cached layout is reused) with the
  quote card in the preview; time from the document change to the new picture on screen;
- video edit: the same edit with the story's frame at 8.5 s (a caption on screen) in the
  preview, at preview size (540x960);
- scrub: move the playhead to a new time; time to the new frame on screen;
- timeline: time from the edit to the re-planned timeline (thumbnails and waveforms are
  cached by file and drawn off the UI thread).

The preview's debounce (60 ms) is part of every figure, as a user sees it. Targets: card
edit <= 150 ms, video frame <= 250 ms (medians).
"""

from __future__ import annotations

import argparse
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
from PySide6.QtWidgets import QApplication  # noqa: E402

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edits", type=int, default=12)
    args = parser.parse_args(argv)
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

    both = {"frame": preview.drawn, "plan": timeline.summary_changed}
    rows: dict[str, list[float]] = {}
    try:
        # warm: fonts, decoded photos, the story's unchanged images, thumbnails and waveforms
        wait_all(both, select(window, "people[0]", story))
        timeline.wait_idle()
        wait_for(preview.drawn, lambda: preview.set_time(8.5))
        for k in range(args.edits):
            waited = wait_all(both, quote(k))  # the timeline re-plans too, as for a user
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
            waited = wait_all(both, quote(100 + k))
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
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
