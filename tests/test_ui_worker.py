"""The Studio's Worker: the newest "latest" work wins, and superseded work waiting for the
pool is skipped rather than run (playback over a slow HDR clip asks for frames faster than
they are drawn: run one by one, the preview fell seconds behind the playhead)."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject

from takatof.ui.worker import Worker


def test_superseded_waiting_work_is_skipped_and_only_the_newest_result_shown(qtbot: Any) -> None:
    owner = QObject()
    worker = Worker(owner, threads=1)
    gate, busy = threading.Event(), threading.Event()
    ran: list[int] = []
    shown: list[int] = []

    def job(k: int) -> int:
        ran.append(k)
        if k == 0:
            busy.set()
            gate.wait(10)  # the pool's one thread is busy while the others are asked for
        return k

    worker.start(lambda: job(0), shown.append)
    assert busy.wait(10)
    for k in range(1, 6):
        worker.start(lambda k=k: job(k), shown.append)
    gate.set()
    assert worker.wait(10_000)
    qtbot.waitUntil(lambda: shown == [5], timeout=5000)
    assert ran == [0, 5]  # 1-4 were superseded before they started: never run


def test_independent_work_is_never_skipped(qtbot: Any) -> None:
    owner = QObject()
    worker = Worker(owner, threads=1)
    gate = threading.Event()
    shown: list[str] = []
    worker.start(lambda: gate.wait(10) and "first", shown.append)
    for name in ("a", "b", "c"):
        worker.start(lambda name=name: name, shown.append, latest=False)  # thumbnails
    worker.start(lambda: "newest", shown.append)
    gate.set()
    assert worker.wait(10_000)
    qtbot.waitUntil(lambda: len(shown) == 4, timeout=5000)
    assert shown == ["a", "b", "c", "newest"]
