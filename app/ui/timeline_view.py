"""The timeline's gestures: scrub the ruler, click a block, drag photos and clips into another
order, drag a photo's end to change its duration or a clip's ends to trim it, zoom with
Ctrl+wheel or +/-, Escape to cancel, drop files from the file manager, and tooltips.

The view edits nothing: a drag ends as a signal (``moved``, ``resized``, ``trimmed``) that the
panel (:mod:`takatof.ui.timeline`) turns into one undoable document edit. What a drag is worth in
seconds, and the bounds it obeys, come from :mod:`takatof.edit.timeline`; what is drawn where is
:class:`~takatof.ui.timeline_canvas.TimelineCanvas`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from ..edit.timeline import EDGE_MODES, Block, Drag, clip_range, describe, edge_value, move_target
from .timeline_canvas import TimelineCanvas
from .timeline_style import CAPTION_ROWS, DRAG_START_PX, LABEL_W, RULER_H


class TimelineView(TimelineCanvas):
    """The timeline canvas with its mouse, keyboard and drop gestures, each ending as a signal."""

    seek_requested = Signal(float)
    block_clicked = Signal(str)  # the JSON path of the block pressed, "" for empty space
    moved = Signal(str, int)  # (JSON path, new position among the blocks of its kind)
    resized = Signal(str, float)  # (photo's JSON path, new duration)
    trimmed = Signal(str, str, float)  # (clip's JSON path, "start" | "end", seconds in the file)
    files_dropped = Signal(list)  # local file paths

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
            return describe(block, self.labels)
        t = self.t_of(pos.x())
        for row in CAPTION_ROWS:
            top, height = self.row_box(row)
            if top <= pos.y() < top + height:
                cue = next((c for c in self.summary.cues if c.start_s <= t < c.end_s), None)
                return "\n".join(cue.text(lang) for lang in self.caption_langs()) if cue is not None else ""
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
        if event.key() == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None  # cancelled: nothing is edited
            self.invalidate()
            self.show_pending()
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
            self.drag = Drag("scrub", pos.x())
            self._seek(pos.x())
            return
        block, part = self.hit(pos)
        if block is None:
            self.block_clicked.emit("")
            self._seek(pos.x())
            return
        self.block_clicked.emit(block.where)
        if part == "out" and block.kind == "photo":
            self.drag = Drag("resize", pos.x(), block, value=float(block.row.duration_s))
        elif part in ("in", "out") and block.kind == "clip":
            clip_in, clip_out = clip_range(block)
            mode = "trim-in" if part == "in" else "trim-out"
            self.drag = Drag(mode, pos.x(), block, value=clip_in if part == "in" else clip_out)
        else:
            self.drag = Drag("press", pos.x(), block)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self.drag
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
        drag, self.drag = self.drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.viewport().update()
        try:
            self._commit(drag, event.position().x())
        finally:
            self.show_pending()

    def _commit(self, drag: Drag, x: float) -> None:
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
            clip_in, clip_out = clip_range(block)
            old = clip_in if drag.mode == "trim-in" else clip_out
            if abs(value - old) > 1e-6:
                self.trimmed.emit(block.where, "start" if drag.mode == "trim-in" else "end", value)

    def _seek(self, x: float) -> None:
        t = min(self.t_of(x), self.total())
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
        return move_target(block, self.same_kind(block), dx / self.pps)

    def _edge_value(self, block: Block, mode: str, dx: float) -> float:
        return edge_value(block, mode, dx / self.pps, self.source_durations.get(block.where, math.inf))

    # -- drops from the file manager --------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if self.summary is not None and any(url.isLocalFile() for url in event.mimeData().urls()):
            self.dropping = True
            self.viewport().update()
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self.dropping:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.dropping = False
        self.viewport().update()

    def dropEvent(self, event) -> None:
        self.dropping = False
        self.viewport().update()
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.summary is not None:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
