"""The timeline's canvas: a ruler, the segments on an A/B roll, captions per language and the
sound as waveforms, all to scale, with a playhead.

It is custom-painted rather than built from QGraphicsItems: a story has a few dozen blocks,
every one of which moves when the zoom changes, so computing rectangles from times at paint
time is simpler and faster than keeping thousands of scene items in step. The canvas holds no
document and edits nothing: a drag ends as a signal (``moved``, ``resized``, ``trimmed``) that
the panel turns into one undoable document edit. Thumbnails and waveform envelopes arrive
already decoded (made off the UI thread); painting only draws them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from app.model.campaign import PHOTO_MAX_S, PHOTO_MIN_S
from app.render.video.plan import AudioRow, PlanSummary, SegmentRow
from app.ui.decode import ENV_RATE  # waveform envelope bins per second of source

LABEL_W = 104  # the fixed column of track names
RULER_H = 26
LANE_H = 44  # each of the two video lanes (A/B roll: cross-fades show as overlaps)
VIDEO_H = 2 * LANE_H + 4
CAPTION_H = 30
AUDIO_H = 46
CLIP_AUDIO_H = 32
GAP = 2
EDGE_PX = 6  # how near a block's edge the resize/trim handle reaches
DRAG_START_PX = 4
MIN_PPS, MAX_PPS = 4.0, 400.0  # pixels per second
CLIP_MIN_S = 0.5
EDGE_MODES = ("resize", "trim-in", "trim-out")  # gestures that drag an edge
DUCK_GAIN = 0.35  # how low the music is drawn under the voice-over
DUCK_RAMP_S = 0.3

# (row key, label); the labels are translated by the panel through ``row_labels``.
ROWS: tuple[tuple[str, int], ...] = (
    ("video", VIDEO_H),
    ("ar", CAPTION_H),
    ("en", CAPTION_H),
    ("music", AUDIO_H),
    ("voiceover", AUDIO_H),
    ("clip", CLIP_AUDIO_H),
)

COLORS = {
    "background": QColor("#1b1d21"),
    "row": QColor("#23262b"),
    "row_alt": QColor("#202328"),
    "labels": QColor("#2b2f36"),
    "label_text": QColor("#c9ced6"),
    "ruler": QColor("#2e323a"),
    "tick": QColor("#7d8590"),
    "tick_text": QColor("#aeb5bf"),
    "title": QColor("#6b5bb8"),
    "photo": QColor("#2d7a68"),
    "clip": QColor("#3569a6"),
    "stat": QColor("#b7832a"),
    "closing": QColor("#8c4a7b"),
    "media": QColor("#4d6a7a"),
    "caption": QColor("#3b4250"),
    "caption_text": QColor("#eef1f5"),
    "music": QColor("#43b581"),
    "voiceover": QColor("#e0a93b"),
    "clip_audio": QColor("#5b93dd"),
    "gain": QColor("#ffd866"),
    "selected": QColor("#ffd24d"),
    "playhead": QColor("#ff4f4f"),
    "insert": QColor("#ffd24d"),
    "drop": QColor(255, 210, 77, 50),
    "text": QColor("#ffffff"),
    "dim_text": QColor(255, 255, 255, 170),
}

ROW_COLORS = {
    "video": "photo",
    "ar": "caption",
    "en": "caption",
    "music": "music",
    "voiceover": "voiceover",
    "clip": "clip_audio",
}

MOTION_MARKS = {
    "zoom-in": "⊕",
    "zoom-out": "⊖",
    "pan-left": "←",
    "pan-right": "→",
    "pan-up": "↑",
    "pan-down": "↓",
    "still": "■",
}


@dataclass(frozen=True)
class Block:
    """A segment as drawn: its place in the summary, its lane of the A/B roll."""

    index: int
    row: SegmentRow
    lane: int

    @property
    def kind(self) -> str:
        return self.row.kind

    @property
    def where(self) -> str:
        return self.row.where or ""

    @property
    def draggable(self) -> bool:
        """Photos reorder among photos and clips among clips; the rest is the template's."""
        return self.kind in ("photo", "clip") and bool(self.row.where)


@dataclass
class _Drag:
    """A gesture in progress: what it started on, and the value it would commit now."""

    mode: str  # "scrub" | "press" | "move" | "resize" | "trim-in" | "trim-out"
    x0: float
    block: Block | None = None
    dx: float = 0.0
    value: float | None = None  # the duration / in point / out point being dragged to
    target: int | None = None  # the new position among its kind, for "move"


def _rgba(color: QColor) -> tuple[int, int, int, int]:
    """A colour's four channels as numpy pixel values."""
    return color.red(), color.green(), color.blue(), color.alpha()


def time_label(t: float, step: float) -> str:
    """A ruler label: ``0:05``, or ``0:02.5`` when the ticks are closer than a second."""
    minutes, seconds = divmod(max(0.0, t) + 1e-6, 60)
    if step < 1:
        return f"{int(minutes)}:{seconds:04.1f}"
    return f"{int(minutes)}:{int(seconds):02d}"


def ruler_step(pps: float) -> tuple[float, int]:
    """The labelled tick step (seconds) so labels stay ~70 px apart, and minor ticks per step."""
    for step, minor in ((0.2, 2), (0.5, 5), (1, 5), (2, 4), (5, 5), (10, 5), (15, 3), (30, 6), (60, 6)):
        if step * pps >= 70:
            return step, minor
    return 120, 4


def snap(value: float, step: float = 0.1) -> float:
    return round(round(value / step) * step, 3)


def duck_gain(times: np.ndarray, spans: list[tuple[float, float]]) -> np.ndarray:
    """The music's level over ``times`` as drawn: 1, down to DUCK_GAIN under the voice-over,
    with short ramps (as sidechain compression sounds)."""
    cover = np.zeros_like(times)
    for a, b in spans:
        ramp = np.minimum(
            (times - (a - DUCK_RAMP_S)) / DUCK_RAMP_S, ((b + DUCK_RAMP_S) - times) / DUCK_RAMP_S
        )
        cover = np.maximum(cover, np.clip(ramp, 0.0, 1.0))
    return 1.0 - (1.0 - DUCK_GAIN) * cover


class TimelineView(QAbstractScrollArea):
    """The painted timeline. Times map to x by ``x_of``/``t_of`` (zoom ``pps``, scroll)."""

    seek_requested = Signal(float)
    block_clicked = Signal(str)  # the JSON path of the block pressed, "" for empty space
    moved = Signal(str, int)  # (JSON path, new position among the blocks of its kind)
    resized = Signal(str, float)  # (photo's JSON path, new duration)
    trimmed = Signal(str, str, float)  # (clip's JSON path, "start" | "end", seconds in the file)
    files_dropped = Signal(list)  # local file paths
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
        self.setMinimumHeight(sum(h + GAP for _, h in ROWS) + RULER_H + 24)
        self.summary: PlanSummary | None = None
        self.message = ""
        self.blocks: list[Block] = []
        self.pps = 40.0
        self.playhead = 0.0
        self.selected = ""
        self.thumbnails: dict[tuple[str, float], QPixmap] = {}
        self.envelopes: dict[str, np.ndarray] = {}
        self.source_durations: dict[str, float] = {}  # clip JSON path -> seconds of the file
        self.labels = {key: key for key, _ in ROWS}
        self._rows = self._row_boxes()
        self._drag: _Drag | None = None
        self._layer: QPixmap | None = None  # the scene without playhead and drop highlight
        self._scroll = 0
        self._pending: tuple[PlanSummary | None, str] | None = None  # a summary that came during a drag
        self._elided: dict[tuple[str, str, int], str] = {}
        self._dropping = False
        self._fitted = False
        self._waves: dict[tuple[int, float, int, int], tuple[int, QImage]] = {}
        self._coarse_cache: dict[tuple[str, int], np.ndarray] = {}
        self._font = QFont(["Noto Sans", "DejaVu Sans"], 8)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._ar_font = QFont(["Noto Sans Arabic", "Noto Sans", "DejaVu Sans"], 9)
        self._en_font = QFont(["Noto Sans", "DejaVu Sans"], 8)
        self._metrics, self._bold_metrics = QFontMetrics(self._font), QFontMetrics(self._bold)
        self.horizontalScrollBar().setSingleStep(20)

    # -- data ------------------------------------------------------------------------------

    def set_summary(self, summary: PlanSummary | None, message: str = "") -> None:
        """Show a new plan summary (None: nothing, with ``message`` in its place). One that
        arrives during a drag waits for the drag to end: the drag holds a block of this one."""
        if self._drag is not None and self._drag.block is not None:
            self._pending = (summary, message)
            return
        self._pending = None
        self.summary = summary
        self.message = message
        self.blocks = [Block(i, row, i % 2) for i, row in enumerate(summary.segments)] if summary else []
        self._waves.clear()
        self._drag = None
        if summary is not None and not self._fitted and self.viewport().width() > LABEL_W + 50:
            self.fit()
        self._update_range()
        self.invalidate()

    def clear_media(self) -> None:
        """Forget every picture and waveform (another project: the same written path may be
        another file there)."""
        self.thumbnails.clear()
        self.envelopes.clear()
        self.source_durations = {}
        self._waves.clear()
        self._coarse_cache.clear()
        self.invalidate()

    def set_thumbnail(self, key: tuple[str, float], pixmap: QPixmap) -> None:
        self.thumbnails[key] = pixmap
        self.invalidate()

    def set_envelope(self, source: str, envelope: np.ndarray) -> None:
        self.envelopes[source] = envelope
        self._waves.clear()
        self._coarse_cache = {k: v for k, v in self._coarse_cache.items() if k[0] != source}
        self.invalidate()

    def set_playhead(self, t: float) -> None:
        old = self.x_of(self.playhead)
        self.playhead = max(0.0, t)
        new = self.x_of(self.playhead)
        follow = self.isVisible() and self._drag is None and self.summary is not None
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

    def _row_boxes(self) -> dict[str, tuple[float, float]]:
        boxes: dict[str, tuple[float, float]] = {}
        y = RULER_H + GAP
        for key, height in ROWS:
            boxes[key] = (y, height)
            y += height + GAP
        return boxes

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

    def _total(self) -> float:
        return float(self.summary.total_s) if self.summary is not None else 0.0

    def _update_range(self) -> None:
        bar = self.horizontalScrollBar()
        span = round(self._total() * self.pps) + 60
        bar.setPageStep(self._content_width())
        bar.setRange(0, max(0, span - self._content_width()))

    def block_span(self, block: Block) -> tuple[float, float]:
        """(start, duration) of a block as drawn now, with a drag's preview applied."""
        start, duration = float(block.row.start_s), float(block.row.duration_s)
        drag = self._drag
        if drag is None or drag.block is None or drag.value is None or drag.mode not in EDGE_MODES:
            return start, duration
        edited = drag.block
        old = float(edited.row.duration_s)
        new = self._previewed_duration(edited, drag.mode, drag.value)
        if block.index == edited.index:
            return start, new
        if block.index > edited.index:
            return start + new - old, duration
        return start, duration

    def _previewed_duration(self, block: Block, mode: str, value: float) -> float:
        """The duration ``block`` takes while its edge is dragged to ``value`` (``mode``)."""
        if mode == "resize":
            return value
        clip_in, clip_out = self._clip_range(block)
        if mode == "trim-in":
            return float(block.row.duration_s) - (value - clip_in)
        return float(block.row.duration_s) + (value - clip_out)

    def block_rect(self, block: Block) -> QRectF:
        """Where a block is drawn in viewport coordinates."""
        start, duration = self.block_span(block)
        top, _ = self._rows["video"]
        x0, x1 = self.x_of(start), self.x_of(start + duration)
        return QRectF(x0, top + 2 + block.lane * (LANE_H + 2), max(2.0, x1 - x0), LANE_H - 2)

    def _clip_range(self, block: Block) -> tuple[float, float]:
        row = block.row
        clip_in = float(row.clip_in_s) if row.clip_in_s is not None else 0.0
        clip_out = float(row.clip_out_s) if row.clip_out_s is not None else clip_in + float(row.duration_s)
        return clip_in, clip_out

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

    def same_kind(self, block: Block) -> list[Block]:
        return [b for b in self.blocks if b.kind == block.kind and b.row.where]

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
        self._waves.clear()
        self._update_range()
        self.invalidate()
        self.zoom_changed.emit(pps)

    def refit(self) -> None:
        """Fit the next summary to the width (another video: its own length)."""
        self._fitted = False

    def fit(self) -> None:
        """The whole video in view."""
        if self.summary is not None and self._total() > 0:
            self._fitted = True
            self.set_pps((self._content_width() - 24) / self._total())
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

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPointF) -> str:
        """The whole of what a block or caption shows cut short: a caption's two languages,
        a segment's file, times and motion."""
        if self.summary is None or pos.x() < LABEL_W:
            return ""
        block, _ = self.hit(pos)
        if block is not None:
            row = block.row
            lines = [self._block_name(block), f"{row.start_s:.2f} s + {row.duration_s:.2f} s"]
            if row.kind == "clip" and row.clip_in_s is not None:
                lines.append(f"in {row.clip_in_s:.2f} s · out {row.clip_out_s:.2f} s")
            if row.kind == "photo":
                lines.append(
                    f"{row.motion or 'auto'}"
                    + (f" · focus {row.focus[0]:.2f}, {row.focus[1]:.2f}" if row.focus else "")
                )
            return "\n".join(lines)
        t = self.t_of(pos.x())
        for lang in ("ar", "en"):
            top, height = self._rows[lang]
            if top <= pos.y() < top + height:
                cue = next((c for c in self.summary.cues if c.start_s <= t < c.end_s), None)
                return f"{cue.ar}\n{cue.en}" if cue is not None else ""
        return ""

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120 or delta.x() / 120
            self.zoom(1.25**steps, event.position().x())
        else:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - round((delta.y() or delta.x()) / 2))
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None  # cancelled: nothing is edited
            self.invalidate()
            if self._pending is not None:
                self.set_summary(*self._pending)
            return
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom(0.8)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.summary is None:
            return
        pos = event.position()
        if pos.x() < LABEL_W:
            return
        if pos.y() < RULER_H:
            self._drag = _Drag("scrub", pos.x())
            self._seek(pos.x())
            return
        block, part = self.hit(pos)
        if block is None:
            self.block_clicked.emit("")
            self._seek(pos.x())
            return
        self.block_clicked.emit(block.where)
        if part == "out" and block.kind == "photo":
            self._drag = _Drag("resize", pos.x(), block, value=float(block.row.duration_s))
        elif part in ("in", "out") and block.kind == "clip":
            clip_in, clip_out = self._clip_range(block)
            mode = "trim-in" if part == "in" else "trim-out"
            self._drag = _Drag(mode, pos.x(), block, value=clip_in if part == "in" else clip_out)
        else:
            self._drag = _Drag("press", pos.x(), block)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self._drag
        if drag is None:
            self._hover(pos)
            return
        drag.dx = pos.x() - drag.x0
        if drag.mode == "scrub":
            self._seek(pos.x())
            return
        block = drag.block
        if block is None:
            return
        if drag.mode == "press" and abs(drag.dx) >= DRAG_START_PX and block.draggable:
            drag.mode = "move"
        if drag.mode == "move":
            drag.target = self._move_target(block, drag.dx)
        elif drag.mode in EDGE_MODES:
            drag.value = self._edge_value(block, drag.mode, drag.dx)
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.viewport().update()
        try:
            self._commit(drag, event.position().x())
        finally:
            if self._pending is not None:
                self.set_summary(*self._pending)

    def _commit(self, drag: _Drag, x: float) -> None:
        """End a gesture: the edit it makes, as a signal (none when nothing changed)."""
        block = drag.block
        if block is None:
            return  # scrubbing edits nothing
        dx = x - drag.x0
        if drag.mode == "move":
            target = self._move_target(block, dx)
            if target != self.same_kind(block).index(block):
                self.moved.emit(block.where, target)
        elif drag.mode == "resize":
            value = self._edge_value(block, drag.mode, dx)
            if abs(value - float(block.row.duration_s)) > 1e-6:
                self.resized.emit(block.where, value)
        elif drag.mode in ("trim-in", "trim-out"):
            value = self._edge_value(block, drag.mode, dx)
            clip_in, clip_out = self._clip_range(block)
            old = clip_in if drag.mode == "trim-in" else clip_out
            if abs(value - old) > 1e-6:
                self.trimmed.emit(block.where, "start" if drag.mode == "trim-in" else "end", value)

    def _seek(self, x: float) -> None:
        t = min(self.t_of(x), self._total())
        self.set_playhead(t)
        self.seek_requested.emit(t)

    def _hover(self, pos: QPointF) -> None:
        block, part = self.hit(pos)
        if block is not None and part in ("in", "out"):
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        elif block is not None and block.draggable:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()

    def _move_target(self, block: Block, dx: float) -> int:
        """The position among its kind ``block`` would take, dragged ``dx`` pixels: past every
        other block of its kind whose middle its middle has passed."""
        middle = float(block.row.start_s) + float(block.row.duration_s) / 2 + dx / self.pps
        others = [b for b in self.same_kind(block) if b.index != block.index]
        return sum(1 for b in others if float(b.row.start_s) + float(b.row.duration_s) / 2 < middle)

    def _edge_value(self, block: Block, mode: str, dx: float) -> float:
        """The duration (photo) or in/out point (clip) the edge is dragged to, snapped to a tenth
        of a second and kept in bounds (a photo 1.5..20 s; a clip at least 0.5 s of its file)."""
        delta = dx / self.pps
        if mode == "resize":
            return min(PHOTO_MAX_S, max(PHOTO_MIN_S, snap(float(block.row.duration_s) + delta)))
        clip_in, clip_out = self._clip_range(block)
        if mode == "trim-in":
            return min(max(0.0, snap(clip_in + delta)), max(0.0, clip_out - CLIP_MIN_S))
        length = self.source_durations.get(block.where, math.inf)
        return max(min(length, snap(clip_out + delta)), clip_in + CLIP_MIN_S)

    # -- drops from the file manager --------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if self.summary is not None and any(url.isLocalFile() for url in event.mimeData().urls()):
            self._dropping = True
            self.viewport().update()
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._dropping:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._dropping = False
        self.viewport().update()

    def dropEvent(self, event) -> None:
        self._dropping = False
        self.viewport().update()
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.summary is not None:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)

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
        editing = self._drag is not None and self._drag.mode in ("move", *EDGE_MODES)
        if editing:
            self._paint_scene(painter, width, height)
        else:
            ratio = self.viewport().devicePixelRatioF()
            if self._layer is None or self._layer.size() != self.viewport().size() * ratio:
                self._layer = QPixmap(self.viewport().size() * ratio)
                self._layer.setDevicePixelRatio(ratio)
                scene = QPainter(self._layer)
                self._paint_scene(scene, width, height)
                scene.end()
            painter.drawPixmap(0, 0, self._layer)
        if self.summary is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setClipRect(QRectF(LABEL_W, 0, width - LABEL_W, height))
            if self._dropping:
                top, h = self._rows["video"]
                painter.fillRect(QRectF(LABEL_W, top, width - LABEL_W, h), COLORS["drop"])
            self._paint_playhead(painter, height)
        painter.end()

    def _paint_scene(self, painter: QPainter, width: int, height: int) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(0, 0, width, height), COLORS["background"])
        for n, (key, _) in enumerate(ROWS):
            top, h = self._rows[key]
            painter.fillRect(QRectF(LABEL_W, top, width - LABEL_W, h), COLORS["row" if n % 2 else "row_alt"])
        summary = self.summary
        if summary is None:
            self._paint_labels(painter, height)
            painter.setPen(COLORS["label_text"])
            painter.setFont(self._bold)
            painter.drawText(
                QRectF(LABEL_W, 0, width - LABEL_W, height), Qt.AlignmentFlag.AlignCenter, self.message
            )
            return
        painter.save()
        painter.setClipRect(QRectF(LABEL_W, 0, width - LABEL_W, height))
        self._paint_ruler(painter, width)
        self._paint_segments(painter)
        self._paint_captions(painter, summary)
        self._paint_audio(painter, summary)
        painter.restore()
        self._paint_labels(painter, height)

    def _visible(self, start: float, duration: float) -> bool:
        x0, x1 = self.x_of(start), self.x_of(start + duration)
        return x1 >= LABEL_W and x0 <= self.viewport().width()

    def _paint_ruler(self, painter: QPainter, width: int) -> None:
        painter.fillRect(QRectF(LABEL_W, 0, width - LABEL_W, RULER_H), COLORS["ruler"])
        step, minor = ruler_step(self.pps)
        t0 = self.t_of(LABEL_W)
        t1 = min(self.t_of(width), self._total() + step)
        painter.setFont(self._font)
        k = math.floor(t0 / step * minor)
        while k / minor * step <= t1:
            t = k / minor * step
            x = round(self.x_of(t)) + 0.5
            major = k % minor == 0
            painter.setPen(COLORS["tick"])
            painter.drawLine(QPointF(x, RULER_H - (10 if major else 4)), QPointF(x, RULER_H))
            if major:
                painter.setPen(COLORS["tick_text"])
                painter.drawText(QPointF(x + 3, 12), time_label(t, step))
            k += 1
        end = self.x_of(self._total())
        painter.fillRect(QRectF(end, 0, width, RULER_H), QColor(0, 0, 0, 60))

    def _paint_segments(self, painter: QPainter) -> None:
        drag = self._drag
        moving = drag.block if drag is not None and drag.mode == "move" else None
        for block in self.blocks:
            start, duration = self.block_span(block)
            if not self._visible(start, duration):
                continue
            self._paint_block(painter, block, self.block_rect(block), ghost=block is moving)
        self._paint_fades(painter)
        if drag is not None and moving is not None:
            rect = self.block_rect(moving).translated(drag.dx, 0)
            painter.setOpacity(0.8)
            self._paint_block(painter, moving, rect)
            painter.setOpacity(1.0)
            self._paint_insert_mark(painter, moving, drag.target)

    def _paint_block(self, painter: QPainter, block: Block, rect: QRectF, ghost: bool = False) -> None:
        row = block.row
        color = COLORS.get(row.kind, COLORS["media"])
        path = QPainterPath()
        path.addRoundedRect(rect, 4, 4)
        painter.fillPath(path, color.darker(160) if ghost else color)
        key = (row.source or "", self._thumb_time(block))
        pixmap = self.thumbnails.get(key) if row.source else None
        painter.save()
        painter.setClipRect(rect.adjusted(1, 1, -1, -1), Qt.ClipOperation.IntersectClip)
        if pixmap is not None and not ghost:
            tile = pixmap.width() or 1
            first = max(0, math.floor((LABEL_W - rect.left()) / tile))
            x = rect.left() + first * tile
            while x < min(rect.right(), self.viewport().width()):
                painter.drawPixmap(QPointF(x, rect.top()), pixmap)
                x += tile
        strip = QRectF(rect.left(), rect.bottom() - 15, rect.width(), 15)
        painter.fillRect(strip, QColor(0, 0, 0, 150))
        painter.restore()
        self._paint_block_text(painter, block, rect, strip)
        selected = bool(row.where) and row.where == self.selected
        painter.setPen(QPen(COLORS["selected"], 2) if selected else QPen(color.lighter(140), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        if block.draggable:  # edge handles
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 110))
            painter.drawRoundedRect(QRectF(rect.right() - 4, rect.top() + 8, 3, rect.height() - 26), 1, 1)
            if block.kind == "clip":
                painter.drawRoundedRect(QRectF(rect.left() + 1, rect.top() + 8, 3, rect.height() - 26), 1, 1)

    def _thumb_time(self, block: Block) -> float:
        return round(float(block.row.clip_in_s or 0.0), 2) if block.kind == "clip" else 0.0

    def _paint_block_text(self, painter: QPainter, block: Block, rect: QRectF, strip: QRectF) -> None:
        row = block.row
        duration = self.block_span(block)[1]
        drag = self._drag
        edge = drag.value if drag is not None and drag.block is block else None
        dragging = edge is not None
        bold = (row.kind == "photo" and row.own_duration) or dragging  # a duration of its own
        painter.setFont(self._bold if bold else self._font)
        painter.setPen(COLORS["selected"] if dragging else COLORS["text"])
        text = f"{duration:.1f} s"
        if block.kind == "clip":
            clip_in, clip_out = self._clip_range(block)
            if drag is not None and edge is not None:
                clip_in = edge if drag.mode == "trim-in" else clip_in
                clip_out = edge if drag.mode == "trim-out" else clip_out
            text = f"{clip_in:.1f}–{clip_out:.1f}  {text}"
        inner = strip.adjusted(4, 0, -6, 0)
        right_w = (self._bold_metrics if bold else self._metrics).horizontalAdvance(text)
        if right_w <= inner.width():
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        name = self._block_name(block)
        room = inner.width() - right_w - 8
        if room > 14:
            painter.setFont(self._font)
            painter.setPen(COLORS["text"])
            shown = self._metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(room))
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        mark = MOTION_MARKS.get(row.motion or "")
        fade = float(self.summary.transition_s) * self.pps if self.summary is not None else 0.0
        if mark and rect.width() > fade + 24:  # past the cross-fade band, which covers the corner
            badge = QRectF(rect.left() + fade + 4, rect.top() + 4, 16, 14)
            painter.fillRect(badge, QColor(0, 0, 0, 140))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, mark)

    def _block_name(self, block: Block) -> str:
        row = block.row
        if row.kind in ("photo", "clip", "media") and row.source:
            return PurePath(str(row.source)).name
        return self.labels.get(row.kind, row.kind)

    def _paint_fades(self, painter: QPainter) -> None:
        """Cross-fades: where one segment overlaps the next, a band across both lanes."""
        top, _ = self._rows["video"]
        for a, b in zip(self.blocks, self.blocks[1:], strict=False):
            a_start, a_dur = self.block_span(a)
            b_start, _ = self.block_span(b)
            if b_start >= a_start + a_dur - 1e-6 or not self._visible(b_start, a_start + a_dur - b_start):
                continue
            x0, x1 = self.x_of(b_start), self.x_of(a_start + a_dur)
            band = QRectF(x0, top + 2, x1 - x0, 2 * LANE_H)
            painter.fillRect(band, QColor(255, 255, 255, 40))
            painter.setPen(QPen(QColor(255, 255, 255, 150), 1))
            painter.drawLine(band.topLeft(), band.bottomRight())
            painter.drawLine(band.bottomLeft(), band.topRight())

    def _paint_insert_mark(self, painter: QPainter, moving: Block, target: int | None) -> None:
        others = [b for b in self.same_kind(moving) if b.index != moving.index]
        if target is None or not others:
            return
        if target < len(others):
            x = self.block_rect(others[target]).left()
        else:
            x = self.block_rect(others[-1]).right()
        top, height = self._rows["video"]
        painter.setPen(QPen(COLORS["insert"], 3))
        painter.drawLine(QPointF(x, top), QPointF(x, top + height))

    def _paint_captions(self, painter: QPainter, summary: PlanSummary) -> None:
        for lang in ("ar", "en"):
            top, height = self._rows[lang]
            font = self._ar_font if lang == "ar" else self._en_font
            painter.setFont(font)
            metrics = QFontMetrics(font)
            option = QTextOption()
            if lang == "ar":
                option.setTextDirection(Qt.LayoutDirection.RightToLeft)
                option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            option.setWrapMode(QTextOption.WrapMode.NoWrap)
            for cue in summary.cues:
                start, end = float(cue.start_s), float(cue.end_s)
                if not self._visible(start, end - start):
                    continue
                rect = QRectF(self.x_of(start) + 1, top + 3, (end - start) * self.pps - 2, height - 6)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(COLORS["caption"])
                painter.drawRoundedRect(rect, 3, 3)
                text = " ".join(str(getattr(cue, lang)).split())
                inner = rect.adjusted(5, 0, -5, 0)
                if inner.width() < 12:
                    continue
                key = (lang, text, int(inner.width()))
                shown = self._elided.get(key)
                if shown is None:
                    if len(self._elided) > 2000:
                        self._elided.clear()
                    shown = self._elided[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, key[2])
                painter.setPen(COLORS["caption_text"])
                painter.drawText(inner, shown, option)

    def _paint_audio(self, painter: QPainter, summary: PlanSummary) -> None:
        voice = [
            (float(a.start_s), float(a.start_s) + float(a.duration_s))
            for a in summary.audio
            if a.kind == "voiceover"
        ]
        for n, audio in enumerate(summary.audio):
            key = {"music": "music", "voiceover": "voiceover"}.get(audio.kind, "clip")
            top, height = self._rows[key]
            start, duration = float(audio.start_s), float(audio.duration_s)
            if not self._visible(start, duration):
                continue
            color = COLORS["clip_audio" if key == "clip" else key]
            rect = QRectF(self.x_of(start), top + 2, duration * self.pps, height - 4)
            fill = QColor(color)
            fill.setAlpha(45)
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 3, 3)
            ducking = voice if audio.kind == "music" and audio.ducked else []
            wave = self._wave(n, audio, ducking, color, height - 4)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # one column a pixel
            painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
            if wave is None:
                painter.setPen(QPen(color, 1))
                middle = rect.center().y()
                painter.drawLine(QPointF(rect.left(), middle), QPointF(rect.right(), middle))
            else:
                painter.drawImage(QPointF(wave[0], top + 2), wave[1])
            painter.restore()
            label = PurePath(str(audio.source)).name + (
                "  · " + self.labels.get("ducked", "ducked") if audio.kind == "music" and audio.ducked else ""
            )
            badge = QRectF(
                max(rect.left(), LABEL_W) + 3, top + 3, self._metrics.horizontalAdvance(label) + 8, 14
            )
            painter.fillRect(badge, QColor(0, 0, 0, 120))
            painter.setFont(self._font)
            painter.setPen(COLORS["text"])
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)

    def _wave(
        self, n: int, audio: AudioRow, ducking: list[tuple[float, float]], color: QColor, height: float
    ) -> tuple[int, QImage] | None:
        """The visible part of audio row ``n``'s waveform, and the music's level line under
        the voice-over, as a picture made with numpy (one column a pixel, from the envelope
        reduced to this zoom) and its x. Cached per zoom and scroll: a drag that repaints the
        scene does not rebuild it. A polygon of thousands of points costs ~10 ms to fill."""
        envelope = self.envelopes.get(str(audio.source))
        if envelope is None or len(envelope) == 0:
            return None
        key = (n, self.pps, self.scrolled, self.viewport().width())
        if key in self._waves:
            return self._waves[key]
        start, duration = float(audio.start_s), float(audio.duration_s)
        x0 = max(LABEL_W, math.floor(self.x_of(start)))
        x1 = min(self.viewport().width(), math.ceil(self.x_of(start + duration)))
        if x1 <= x0:
            return None
        times = np.clip(
            (np.arange(x0, x1) + 0.5 - LABEL_W + self.scrolled) / self.pps, start, start + duration
        )
        per_column = max(1, math.ceil(ENV_RATE / self.pps))
        coarse = self._coarse(str(audio.source), envelope, per_column)
        source = self._audio_offset(audio) + (times - start)
        if audio.kind == "music":
            source = np.mod(source, len(envelope) / ENV_RATE)  # the bed loops under a long video
        index = np.clip((source * ENV_RATE / per_column).astype(int), 0, len(coarse) - 1)
        level = np.where(source * ENV_RATE < len(envelope), coarse[index], 0.0)
        h = max(1, int(height))
        rows = np.arange(h, dtype=np.float64)[:, None] + 0.5
        gain = duck_gain(times, ducking) if ducking else None
        if gain is not None:
            level = level * gain
        amp = np.maximum(level * (h / 2 - 3), 0.5)
        pixels = np.zeros((h, len(times), 4), dtype=np.uint8)
        pixels[np.abs(rows - h / 2) <= amp[None, :]] = _rgba(color)
        if gain is not None:
            ys = 3 + (1.0 - gain) * (h - 8) * 0.5
            after = np.append(ys[1:], ys[-1])
            low, high = np.minimum(ys, after) - 0.6, np.maximum(ys, after) + 0.6
            pixels[(rows >= low[None, :]) & (rows <= high[None, :])] = _rgba(COLORS["gain"])
        image = QImage(pixels.tobytes(), len(times), h, 4 * len(times), QImage.Format.Format_RGBA8888).copy()
        if len(self._waves) > 32:
            self._waves.clear()
        self._waves[key] = (x0, image)
        return self._waves[key]

    def _coarse(self, source: str, envelope: np.ndarray, per_column: int) -> np.ndarray:
        """The envelope's peaks over ``per_column`` bins (what one pixel column shows)."""
        key = (source, per_column)
        if key not in self._coarse_cache:
            padded = np.pad(envelope, (0, (-len(envelope)) % per_column))
            self._coarse_cache[key] = padded.reshape(-1, per_column).max(axis=1)
        return self._coarse_cache[key]

    def _audio_offset(self, audio: AudioRow) -> float:
        """Where in its file an audio row starts: a clip's sound from the clip's in point."""
        if audio.kind != "clip":
            return 0.0
        for block in self.blocks:
            if block.row.where and audio.where and audio.where.startswith(block.row.where):
                return self._clip_range(block)[0]
        return 0.0

    def _paint_playhead(self, painter: QPainter, height: int) -> None:
        x = self.x_of(self.playhead)
        painter.setPen(QPen(COLORS["playhead"], 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(COLORS["playhead"])
        painter.drawPolygon(
            QPolygonF(
                [QPointF(x - 6, 0), QPointF(x + 6, 0), QPointF(x + 6, 8), QPointF(x, 14), QPointF(x - 6, 8)]
            )
        )

    def _paint_labels(self, painter: QPainter, height: int) -> None:
        painter.fillRect(QRectF(0, 0, LABEL_W, height), COLORS["labels"])
        painter.fillRect(QRectF(0, 0, LABEL_W, RULER_H), COLORS["ruler"].darker(115))
        painter.setFont(self._bold)
        painter.setPen(COLORS["label_text"])
        if self.summary is not None:
            total = f"{self._total():.1f} s"
            painter.drawText(QRectF(8, 0, LABEL_W - 12, RULER_H), Qt.AlignmentFlag.AlignVCenter, total)
        for key, _ in ROWS:
            top, h = self._rows[key]
            color = COLORS[ROW_COLORS[key]]
            painter.fillRect(QRectF(0, top, 3, h), color)
            painter.setPen(COLORS["label_text"])
            painter.drawText(
                QRectF(10, top, LABEL_W - 14, h), Qt.AlignmentFlag.AlignVCenter, self.labels[key]
            )
        painter.setPen(QPen(QColor(0, 0, 0, 120), 1))
        painter.drawLine(QPointF(LABEL_W - 0.5, 0), QPointF(LABEL_W - 0.5, height))
