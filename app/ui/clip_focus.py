"""The selected clip's focus path in the Studio: set a key by clicking the preview at the
playhead, see where the path centres the view, and take a suggestion made on a worker.

A photo's focus is set by a click on the preview (the main window's ``set_focus_from_click``);
a clip's is a path over time, so a click at the playhead puts a key at that moment of the
clip's file (or moves the key already there). Every change is one undoable edit of the edit
core (:mod:`takatof.edit.focus`), and the point under the click is mapped back through the
very window the render crops (:func:`takatof.render.video.compositor.clip_point`). "Suggest
focus" runs :func:`takatof.render.video.faces.suggest_path` on a worker thread (seconds for a
long clip) and applies its path as one edit.

The main window owns one :class:`ClipFocus` and hands it the preview's clicks first
(:meth:`ClipFocus.click` says whether a clip took it) and asks it for the marker
(:meth:`ClipFocus.marker`) when no photo is selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from ..edit.focus import set_focus_key, set_focus_path
from ..model import Problem
from ..render.jobs import Job
from ..render.video.compositor import clip_frame_point, clip_point
from ..render.video.faces import suggest_path
from ..render.video.probe import probe
from ..render.video.render import plan
from ..templates.timeline import Clip, Timeline, focus_at
from .worker import Worker


class _Window(Protocol):
    """What of the main window this reads: the document, the timeline panel and the preview."""

    document: Any
    timeline: Any
    preview: Any


@dataclass(frozen=True)
class Selected:
    """The clip selected on the timeline of the video shown: its JSON path, where its segment
    starts on the video, its planned segment and the plan."""

    where: str
    start_s: float
    duration_s: float
    clip: Clip
    timeline: Timeline

    def file_time(self, t: float) -> float:
        """The time in the clip's file shown at ``t`` on the video (within the segment)."""
        offset = min(max(t - self.start_s, 0.0), self.duration_s)
        return self.clip.start + offset

    def size(self) -> tuple[int, int]:
        """The clip's picture, upright, in pixels."""
        info = probe(self.clip.path)
        return info.width, info.height


class ClipFocus(QObject):
    """The focus path of the clip selected on ``window``'s timeline (see the module)."""

    suggested = Signal(list)  # the problems of the suggestion taken (empty: it was applied)

    def __init__(self, window: _Window) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self._window = window
        self._worker = Worker(self)

    def selected(self) -> Selected | None:
        """The clip selected on the timeline of the video shown, or None."""
        window = self._window
        where, target, summary = window.timeline.selected, window.preview.target, window.timeline.summary
        if not where or target is None or summary is None or not isinstance(target, Job):
            return None
        row = next((r for r in summary.segments if r.where == where and r.kind == "clip"), None)
        if row is None:
            return None
        timeline = plan(window.document.project(), target)
        clip = next((s for s in timeline.segments if isinstance(s, Clip) and s.source == where), None)
        return None if clip is None else Selected(where, row.start_s, row.duration_s, clip, timeline)

    def click(self, fx: float, fy: float) -> bool:
        """A click on the preview at (``fx``, ``fy``) (fractions of the frame): with a clip
        selected, a key of its path at the playhead on the point under the click (one
        undoable edit) and True; False when no clip is selected (a photo's focus, then)."""
        found = self.selected()
        if found is None:
            return False
        t = self._window.preview.time
        offset = min(max(t - found.start_s, 0.0), found.duration_s)
        x, y = clip_point(found.clip, offset, fx, fy, found.size(), found.timeline)
        document = self._window.document
        document.apply(set_focus_key(document.data(), found.where, found.file_time(t), x, y))
        return True

    def marker(self) -> tuple[float, float] | None:
        """Where the selected clip's focus is on the frame shown (fractions of the frame), or
        None: no clip selected, the playhead off it, or no focus set."""
        found = self.selected()
        if found is None or not found.clip.focus:
            return None
        t = self._window.preview.time
        if not found.start_s <= t <= found.start_s + found.duration_s:
            return None
        x, y = focus_at(found.clip.focus, found.file_time(t))
        return clip_frame_point(found.clip, t - found.start_s, x, y, found.size(), found.timeline)

    def suggest(self) -> bool:
        """Suggest the selected clip's path (faces, else motion) on the worker; the path is
        applied as one edit when it comes back (:attr:`suggested` then says how it went).
        False when no clip is selected."""
        found = self.selected()
        if found is None:
            return False
        clip = self._window.document.get(found.where)
        path = found.clip.path
        start, end = float(clip.get("start") or 0.0), clip.get("end")

        asked = _identity(clip)

        def done(keys: list[dict[str, float]]) -> None:
            # The suggestion took seconds: the clip at that path may have been deleted, split
            # or moved meanwhile, and a path found for one file must not land on another.
            document = self._window.document
            try:
                now = document.get(found.where)
            except (IndexError, KeyError, TypeError):
                now = None
            if _identity(now) != asked:
                self.suggested.emit(
                    [Problem(found.where, "the clip changed while its focus was found; suggest again")]
                )
                return
            problems: list[Problem] = []
            if keys:
                problems = document.apply(set_focus_path(document.data(), found.where, keys))
            self.suggested.emit(problems)

        def failed(message: str) -> None:
            self.suggested.emit([Problem(found.where, f"no suggestion: {message}")])

        self._worker.start(lambda: suggest_path(path, start, end), done, failed)
        return True

    def wait(self, msecs: int = 60_000) -> bool:
        """Wait for a suggestion under way (tests and closing)."""
        return self._worker.wait(msecs)


def _identity(clip: object) -> tuple[object, ...] | None:
    """What a suggestion was made for: the clip's file and trim (None: no clip there)."""
    if not isinstance(clip, dict):
        return None
    return (clip.get("path"), clip.get("start"), clip.get("end"))
