"""The timeline's canvas: a ruler, the segments on an A/B roll, captions per language and the
sound as waveforms, all to scale, with a playhead.

It is custom-painted rather than built from QGraphicsItems: a story has a few dozen blocks,
every one of which moves when the zoom changes, so computing rectangles from times at paint
time is simpler and faster than keeping thousands of scene items in step. Thumbnails and
waveform envelopes arrive already decoded (made off the UI thread); painting only draws them.

This module is what the canvas shows and where: its data, the mapping of times to pixels,
zoom, hit-testing, and a picture of the scene cached between playhead moves. The gestures on
it are :mod:`takatof.ui.timeline_view`; drawing is :mod:`takatof.ui.timeline_paint` (scene) and
:mod:`takatof.ui.timeline_waves` (sound); measures and colours are :mod:`takatof.ui.timeline_style`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from ..edit.reel import Part, parts_of
from ..edit.timeline import CUE_MODES, EDGE_MODES, SNAP_PX, Block, Drag, block_span, cue_span, snap_targets
from ..render.video.plan import PlanSummary
from .timeline_paint import ScenePainter
from .timeline_style import (
    CAPTION_ROWS,
    COLORS,
    EDGE_PX,
    GAP,
    LABEL_W,
    LANE_H,
    MARK_PX,
    MAX_PPS,
    MIN_PPS,
    ROWS,
    RULER_H,
    Fonts,
    row_boxes,
)
from .timeline_waves import Waveforms

PARTS_H = 22  # a reel's band of people's sections, above the video rows
EDITING_MODES = ("move", "part-move", *EDGE_MODES, *CUE_MODES)  # drawn live while dragged


def _rows_with_parts() -> dict[str, tuple[float, float]]:
    """The rows of a reel's timeline: the people's band under the ruler, the rest below it."""
    rows = {key: (top + PARTS_H + GAP, height) for key, (top, height) in row_boxes().items()}
    rows["parts"] = (RULER_H + GAP, PARTS_H)
    return rows


class TimelineCanvas(QAbstractScrollArea):
    """The painted timeline. Times map to x by ``x_of``/``t_of`` (zoom ``pps``, scroll). It
    holds no document and handles no gesture (:class:`~takatof.ui.timeline_view.TimelineView`)."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # time runs left to right
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().setAcceptDrops(True)
        self.setAcceptDrops(True)
        self._base_height = sum(h + GAP for _, h in ROWS) + RULER_H + 24
        self.setMinimumHeight(self._base_height)
        self.summary: PlanSummary | None = None
        self.message = ""
        self.blocks: list[Block] = []
        # A reel's people's sections (none for a story), and each person's name by their index.
        self.parts: list[Part] = []
        self.part_names: dict[int, str] = {}
        self.pps = 40.0
        self.playhead = 0.0
        self.selected = ""
        self.selected_cue: int | None = None
        self.thumbnails: dict[tuple[str, float], QPixmap] = {}
        self.source_durations: dict[str, float] = {}  # clip JSON path -> seconds of the file
        self.labels = {key: key for key, _ in ROWS} | {"parts": "People"}
        self._rows = row_boxes()
        self.drag: Drag | None = None  # the gesture in progress (painting previews it)
        self._layer: QPixmap | None = None  # the scene without playhead and drop highlight
        self._scroll = 0
        self._pending: tuple[PlanSummary | None, str] | None = None  # a summary that came during a drag
        self.dropping = False  # files dragged over it: the video row is highlighted
        self._fitted = False
        self.fonts = Fonts()
        self.waves = Waveforms(self)
        self._scene = ScenePainter(self)
        self.horizontalScrollBar().setSingleStep(20)

    # -- data ------------------------------------------------------------------------------

    def set_summary(self, summary: PlanSummary | None, message: str = "") -> None:
        """Show a new plan summary (None: nothing, with ``message`` in its place). One that
        arrives during a drag waits for the drag to end: the drag holds a block of this one."""
        if self.drag is not None and (self.drag.block is not None or self.drag.part is not None):
            self._pending = (summary, message)
            return
        self._pending = None
        self.summary = summary
        self.message = message
        self.blocks = [Block(i, row, i % 2) for i, row in enumerate(summary.segments)] if summary else []
        reel = summary is not None and getattr(summary, "template", "") == "reel"
        self.parts = parts_of(summary.segments) if summary is not None and reel else []
        self._rows = _rows_with_parts() if self.parts else row_boxes()
        self.setMinimumHeight(self._base_height + (PARTS_H + GAP if self.parts else 0))
        self.waves.rescaled()
        self.drag = None
        if summary is not None and not self._fitted and self.viewport().width() > LABEL_W + 50:
            self.fit()
        self._update_range()
        self.invalidate()

    def show_pending(self) -> None:
        """Show the summary that arrived during a drag (the drag has just ended)."""
        if self._pending is not None:
            self.set_summary(*self._pending)

    def clear_media(self) -> None:
        """Forget every picture and waveform (another project: the same written path may be
        another file there)."""
        self.thumbnails.clear()
        self.source_durations = {}
        self.waves.clear()
        self.invalidate()

    def set_thumbnail(self, key: tuple[str, float], pixmap: QPixmap) -> None:
        self.thumbnails[key] = pixmap
        self.invalidate()

    def set_envelope(self, source: str, envelope: np.ndarray) -> None:
        self.waves.set_envelope(source, envelope)
        self.invalidate()

    def set_playhead(self, t: float) -> None:
        old = self.x_of(self.playhead)
        self.playhead = max(0.0, t)
        new = self.x_of(self.playhead)
        follow = self.isVisible() and self.drag is None and self.summary is not None
        if follow and not LABEL_W <= new <= self.viewport().width() - 8:
            # Follow the playhead during playback, a page at a time.
            bar = self.horizontalScrollBar()
            bar.setValue(round(self.playhead * self.pps - 0.1 * self._content_width()))
            self.invalidate()
            return
        left = min(old, new) - 8
        self.viewport().update(int(left), 0, int(abs(new - old)) + 17, self.viewport().height())

    def set_selected(self, where: str) -> None:
        self.selected = where
        self.invalidate()

    # -- geometry --------------------------------------------------------------------------

    @property
    def envelopes(self) -> dict[str, np.ndarray]:
        """Each sound file's level envelope, by the path the plan writes."""
        return self.waves.envelopes

    def caption_langs(self) -> tuple[str, ...]:
        """The languages of the video shown, first on top: one caption row each."""
        if self.summary is None:
            return ()
        return tuple(
            getattr(self.summary, "langs", ()) or (self.summary.cues[0].langs if self.summary.cues else ())
        )

    def row_label(self, key: str) -> str:
        """A track's name; a caption row's says its language ("Captions · ur")."""
        if key in CAPTION_ROWS:
            langs = self.caption_langs()
            index = CAPTION_ROWS.index(key)
            return f"{self.labels.get('captions', 'Captions')} · {langs[index]}" if index < len(langs) else ""
        return self.labels.get(key, key)

    def row_box(self, key: str) -> tuple[float, float]:
        """(top, height) of a track row."""
        return self._rows[key]

    @property
    def scrolled(self) -> int:
        """Pixels scrolled (kept in step with the scroll bar by ``scrollContentsBy``: painting
        reads it hundreds of times)."""
        return self._scroll

    def x_of(self, t: float) -> float:
        return LABEL_W + t * self.pps - self.scrolled

    def t_of(self, x: float) -> float:
        return max(0.0, (x - LABEL_W + self.scrolled) / self.pps)

    def _content_width(self) -> int:
        return max(1, self.viewport().width() - LABEL_W)

    def total(self) -> float:
        return float(self.summary.total_s) if self.summary is not None else 0.0

    def _update_range(self) -> None:
        bar = self.horizontalScrollBar()
        span = round(self.total() * self.pps) + 60
        bar.setPageStep(self._content_width())
        bar.setRange(0, max(0, span - self._content_width()))

    def block_span(self, block: Block) -> tuple[float, float]:
        """(start, duration) of a block as drawn now, with a drag's preview applied."""
        return block_span(block, self.drag)

    def block_rect(self, block: Block) -> QRectF:
        """Where a block is drawn in viewport coordinates."""
        start, duration = self.block_span(block)
        top, _ = self._rows["video"]
        x0, x1 = self.x_of(start), self.x_of(start + duration)
        return QRectF(x0, top + 2 + block.lane * (LANE_H + 2), max(2.0, x1 - x0), LANE_H - 2)

    def visible(self, start: float, duration: float) -> bool:
        """Whether any of ``start`` .. ``start + duration`` is in view (painting skips the rest)."""
        x0, x1 = self.x_of(start), self.x_of(start + duration)
        return x1 >= LABEL_W and x0 <= self.viewport().width()

    def hit(self, pos: QPointF) -> tuple[Block | None, str]:
        """The block under ``pos`` and which part: "in"/"out" edge handles or "body"."""
        top, height = self._rows["video"]
        if pos.x() < LABEL_W or not top <= pos.y() < top + height:
            return None, ""
        for block in reversed(self.blocks):
            rect = self.block_rect(block)
            if not rect.top() <= pos.y() <= rect.bottom():
                continue
            if block.draggable and abs(pos.x() - rect.right()) <= EDGE_PX:
                return block, "out"
            if block.kind == "clip" and block.draggable and abs(pos.x() - rect.left()) <= EDGE_PX:
                return block, "in"
            if rect.left() <= pos.x() <= rect.right():
                return block, "body"
        return None, ""

    def transition_marks(self) -> list[tuple[Block, QRectF]]:
        """The marker of each editable cut (after a photo or a clip) and where it is drawn: on
        the line between the lanes, in the middle of the overlap (at the join for a cut)."""
        top, _ = self._rows["video"]
        marks: list[tuple[Block, QRectF]] = []
        for a, b in zip(self.blocks, self.blocks[1:], strict=False):
            if not a.draggable:
                continue
            a_start, a_dur = self.block_span(a)
            b_start, _ = self.block_span(b)
            x = self.x_of((b_start + a_start + a_dur) / 2)
            y = top + 2 + LANE_H
            marks.append((a, QRectF(x - MARK_PX / 2, y - MARK_PX / 2, MARK_PX, MARK_PX)))
        return marks

    def hit_transition(self, pos: QPointF) -> Block | None:
        """The block whose transition marker is under ``pos`` (the cut after it)."""
        if pos.x() < LABEL_W:
            return None
        return next(
            (b for b, rect in self.transition_marks() if rect.adjusted(-2, -2, 2, 2).contains(pos)), None
        )

    def cue_row(self, pos: QPointF) -> bool:
        """Whether ``pos`` is on a caption row."""
        return pos.x() >= LABEL_W and any(
            top <= pos.y() < top + h
            for top, h in (self._rows[r] for r in CAPTION_ROWS[: len(self.caption_langs()) or 1])
        )

    def cue_span(self, index: int) -> tuple[float, float]:
        """(start, end) of caption ``index`` as drawn now, with an edge drag's preview applied."""
        assert self.summary is not None
        return cue_span(index, self.summary.cues[index], self.drag)

    def hit_cue(self, pos: QPointF) -> tuple[int | None, str]:
        """The caption under ``pos`` and which part: its "start"/"end" edge or "body"."""
        if self.summary is None or not self.cue_row(pos):
            return None, ""
        for index in range(len(self.summary.cues)):
            start, end = self.cue_span(index)
            x0, x1 = self.x_of(start), self.x_of(end)
            if abs(pos.x() - x0) <= EDGE_PX and x1 - x0 > 2 * EDGE_PX:
                return index, "start"
            if abs(pos.x() - x1) <= EDGE_PX:
                return index, "end"
            if x0 <= pos.x() <= x1:
                return index, "body"
        return None, ""

    def snap_targets(self, segment: int | None = None, cue: int | None = None) -> tuple[float, ...]:
        """What a dragged edge snaps to (the playhead, every cut, every caption edge), less
        what moves with it."""
        if self.summary is None:
            return ()
        return snap_targets(self.summary.segments, self.summary.cues, self.playhead, segment, cue)

    @property
    def snap_s(self) -> float:
        """How near, in seconds at this zoom, an edge snaps (SNAP_PX pixels)."""
        return SNAP_PX / self.pps

    def same_kind(self, block: Block) -> list[Block]:
        """The blocks ``block`` moves among: its kind's in the same list of the project (a
        reel shows several people's photos; each person's reorder among their own)."""
        own = _list_of(block.where)
        return [b for b in self.blocks if b.kind == block.kind and b.row.where and _list_of(b.where) == own]

    # -- a reel's people's sections --------------------------------------------------------

    def part_rect(self, index: int) -> QRectF:
        """Where section ``index`` is drawn (a dragged one: where it was)."""
        part = self.parts[index]
        top, height = self._rows["parts"]
        x0, x1 = self.x_of(part.start_s), self.x_of(part.end_s)
        return QRectF(x0 + 1, top + 1, max(2.0, x1 - x0 - 2), height - 2)

    def hit_part(self, pos: QPointF) -> int | None:
        """The section under ``pos`` on the people's band (None: not there)."""
        if not self.parts or pos.x() < LABEL_W:
            return None
        top, height = self._rows["parts"]
        if not top <= pos.y() < top + height:
            return None
        t = self.t_of(pos.x())
        return next((k for k, p in enumerate(self.parts) if p.start_s <= t < p.end_s), None)

    # -- zoom ------------------------------------------------------------------------------

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom by ``factor`` keeping the time under ``anchor_x`` (default: the playhead, when
        visible, else the middle) where it is."""
        if anchor_x is None:
            px = self.x_of(self.playhead)
            anchor_x = px if LABEL_W <= px <= self.viewport().width() else LABEL_W + self._content_width() / 2
        anchor_t = (anchor_x - LABEL_W + self.scrolled) / self.pps
        self.set_pps(self.pps * factor)
        self.horizontalScrollBar().setValue(round(anchor_t * self.pps - (anchor_x - LABEL_W)))

    def set_pps(self, pps: float) -> None:
        pps = min(MAX_PPS, max(MIN_PPS, pps))
        if abs(pps - self.pps) < 1e-9:
            return
        self.pps = pps
        self.waves.rescaled()
        self._update_range()
        self.invalidate()
        self.zoom_changed.emit(pps)

    def refit(self) -> None:
        """Fit the next summary to the width (another video: its own length)."""
        self._fitted = False

    def fit(self) -> None:
        """The whole video in view."""
        if self.summary is not None and self.total() > 0:
            self._fitted = True
            self.set_pps((self._content_width() - 24) / self.total())
            self.horizontalScrollBar().setValue(0)

    # -- events ----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.summary is not None and not self._fitted:
            self.fit()
        self._update_range()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._scroll = self.horizontalScrollBar().value()
        self.invalidate()

    # -- painting --------------------------------------------------------------------------

    def invalidate(self) -> None:
        """Redraw the scene (data, zoom, scroll or selection changed), not just the overlays."""
        self._layer = None
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The scene comes from a cached picture, so a moving playhead (playback, scrubbing)
        repaints a line, not the timeline; a drag in progress draws the scene live."""
        painter = QPainter(self.viewport())
        width, height = self.viewport().width(), self.viewport().height()
        editing = self.drag is not None and self.drag.mode in EDITING_MODES
        if editing:
            self._scene.paint_scene(painter, width, height)
        else:
            ratio = self.viewport().devicePixelRatioF()
            if self._layer is None or self._layer.size() != self.viewport().size() * ratio:
                self._layer = QPixmap(self.viewport().size() * ratio)
                self._layer.setDevicePixelRatio(ratio)
                scene = QPainter(self._layer)
                self._scene.paint_scene(scene, width, height)
                scene.end()
            painter.drawPixmap(0, 0, self._layer)
        if self.summary is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setClipRect(QRectF(LABEL_W, 0, width - LABEL_W, height))
            if self.dropping:
                top, h = self._rows["video"]
                painter.fillRect(QRectF(LABEL_W, top, width - LABEL_W, h), COLORS["drop"])
            self._scene.paint_playhead(painter, height)
        painter.end()


def _list_of(where: str) -> str:
    """The list a JSON path's item is in: ``people[0].media[2]`` -> ``people[0].media``."""
    return where.rpartition("[")[0]
