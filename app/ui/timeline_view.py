"""The timeline's gestures: scrub the ruler, click a block, drag photos and clips into another
order, drag a reel's person's section to another place among the people, drag a photo's end to change its duration or a clip's ends to trim it, drag a
caption's edges (each drag snapping to the playhead, the cuts and the captions' edges),
right-click for a block's or caption's menu, Delete / S or Ctrl+B / Ctrl+D to delete, split
or duplicate the selected block, zoom with Ctrl+wheel or +/-, Escape to cancel, drop files
from the file manager, and tooltips.

The view edits nothing: a gesture ends as a signal (``moved``, ``part_moved``, ``resized``, ``trimmed``,
``cue_timed``, ``command``, ``menu_requested``) that the panel (:mod:`takatof.ui.timeline`)
turns into one undoable document edit. What a drag is worth in
seconds, and the bounds it obeys, come from :mod:`takatof.edit.timeline`; what is drawn where is
:class:`~takatof.ui.timeline_canvas.TimelineCanvas`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from ..edit.reel import part_target
from ..edit.timeline import (
    CUE_MODES,
    EDGE_MODES,
    Block,
    Drag,
    clip_range,
    cue_edge_value,
    describe,
    describe_transition,
    edge_value,
    move_target,
    snap_to,
)
from .timeline_canvas import TimelineCanvas
from .timeline_style import CAPTION_ROWS, DRAG_START_PX, LABEL_W, RULER_H

VOICEOVER = "voiceover"
"""What ``menu_requested`` names for the voice-over's bar (a block names its JSON path)."""

KEYS: dict[tuple[Qt.Key, Qt.KeyboardModifier], str] = {
    (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier): "delete",
    (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier): "delete",
    (Qt.Key.Key_S, Qt.KeyboardModifier.NoModifier): "split",
    (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier): "split",
    (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier): "duplicate",
}
"""The editing keys every clip editor has (Ctrl+B: Premiere's and CapCut's split)."""


class TimelineView(TimelineCanvas):
    """The timeline canvas with its mouse, keyboard and drop gestures, each ending as a signal."""

    seek_requested = Signal(float)
    block_clicked = Signal(str)  # the JSON path of the block pressed, "" for empty space
    moved = Signal(str, int)  # (JSON path, new position among the blocks of its kind)
    part_moved = Signal(int, int)  # (a reel's section, its new place among the sections)
    resized = Signal(str, float)  # (photo's JSON path, new duration)
    trimmed = Signal(str, str, float)  # (clip's JSON path, "start" | "end", seconds in the file)
    files_dropped = Signal(list)  # local file paths
    cue_timed = Signal(int, str, float)  # (caption index, "start" | "end", seconds)
    cue_clicked = Signal(int)  # a caption pressed (its index)
    cue_edit_requested = Signal(int)  # a caption double-clicked
    command = Signal(str)  # a key for the selected block: "delete" | "split" | "duplicate"
    menu_requested = Signal(str, int, QPoint)  # (block's JSON path or "", caption index or -1, where)

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
        part = self.hit_part(pos)
        if part is not None:
            shown = self.parts[part]
            name = self.part_names.get(shown.person, "")
            return f"{name}\n{shown.start_s:.2f} s – {shown.end_s:.2f} s"
        after = self.hit_transition(pos)
        if after is not None:
            return describe_transition(after.row, self.labels)
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

    def _command(self, event: QKeyEvent) -> str | None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return KEYS.get((Qt.Key(event.key()), modifiers))

    def event(self, event: QEvent) -> bool:
        # The editing keys are the timeline's while it has the focus, not a window shortcut's.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._command(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = self._command(event)
        if command is not None and self.drag is None:
            self.command.emit(command)
            return
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
        section = self.hit_part(pos)
        if section is not None:
            self.drag = Drag("part-press", pos.x(), part=section)
            return
        cue, edge = self.hit_cue(pos)
        if cue is not None:
            self.cue_clicked.emit(cue)
            if edge in ("start", "end"):
                value = self.cue_span(cue)[0 if edge == "start" else 1]
                self.drag = Drag(f"cue-{edge}", pos.x(), value=value, cue=cue)
            else:
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
        if drag.mode in CUE_MODES and drag.cue is not None:
            drag.value = self._cue_value(drag.cue, drag.mode, pos.x())
            self.viewport().update()
            return
        if drag.part is not None:
            if drag.mode == "part-press" and abs(drag.dx) >= DRAG_START_PX and len(self.parts) > 1:
                drag.mode = "part-move"
            if drag.mode == "part-move":
                drag.target = part_target(self.parts, drag.part, drag.dx / self.pps)
            self.viewport().update()
            return
        block = drag.block
        if block is None:
            return
        if drag.mode == "press" and abs(drag.dx) >= DRAG_START_PX and block.draggable:
            drag.mode = "move"
        if drag.mode == "move":
            drag.dx = self._snapped_dx(block, drag.dx)
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
        if drag.mode in CUE_MODES and drag.cue is not None and self.summary is not None:
            value = self._cue_value(drag.cue, drag.mode, x)
            edge = "start" if drag.mode == "cue-start" else "end"
            cue = self.summary.cues[drag.cue]
            if abs(value - float(cue.start_s if edge == "start" else cue.end_s)) > 1e-6:
                self.cue_timed.emit(drag.cue, edge, value)
            return
        if drag.part is not None:
            if drag.mode == "part-move":
                target = part_target(self.parts, drag.part, (x - drag.x0) / self.pps)
                if target != drag.part:
                    self.part_moved.emit(drag.part, target)
            else:
                self._seek(x)  # a click on a section: the playhead goes there
            return
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
        if self.hit_part(pos) is not None and len(self.parts) > 1:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        block, part = self.hit(pos)
        if part not in ("in", "out"):
            part = self.hit_cue(pos)[1]
        if part in ("start", "end") or (block is not None and part in ("in", "out")):
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        elif block is not None and block.draggable:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()

    def _move_target(self, block: Block, dx: float) -> int:
        return move_target(block, self.same_kind(block), dx / self.pps)

    def _edge_value(self, block: Block, mode: str, dx: float) -> float:
        length = self.source_durations.get(block.where, math.inf)
        return edge_value(block, mode, dx / self.pps, length, self.snap_targets(block.index), self.snap_s)

    def _snapped_dx(self, block: Block, dx: float) -> float:
        """A moved block's drag, its start snapped to a cut or the playhead near it."""
        start = float(block.row.start_s) + dx / self.pps
        targets = [t for t in self.snap_targets() if abs(t - float(block.row.start_s)) > 1e-6]
        return dx + (snap_to(start, targets, self.snap_s) - start) * self.pps

    def _cue_value(self, index: int, mode: str, x: float) -> float:
        assert self.summary is not None
        edge = "start" if mode == "cue-start" else "end"
        targets = self.snap_targets(cue=index)
        return cue_edge_value(self.summary.cues, index, edge, self.t_of(x), targets, self.snap_s)

    # -- the context menu, a caption's editor -----------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A block's menu (a transition marker's: the block before it), or a caption's."""
        if self.summary is None or self.drag is not None:
            return
        pos = QPointF(event.pos())
        block = self.hit_transition(pos) or self.hit(pos)[0]
        if block is not None and block.where:
            self.block_clicked.emit(block.where)
            self.menu_requested.emit(block.where, -1, event.globalPos())
            return
        cue, _ = self.hit_cue(pos)
        if cue is not None:
            self.cue_clicked.emit(cue)
            self.menu_requested.emit("", cue, event.globalPos())
            return
        if self.hit_voiceover(pos):
            self.menu_requested.emit(VOICEOVER, -1, event.globalPos())

    def hit_voiceover(self, pos: QPointF) -> bool:
        """Whether ``pos`` is on the voice-over's bar (its menu offers Transcribe…)."""
        if self.summary is None or pos.x() < LABEL_W:
            return False
        row = self._rows.get("voiceover")
        if row is None or not row[0] <= pos.y() < row[0] + row[1]:
            return False
        t = self.t_of(pos.x())
        return any(
            a.kind == "voiceover" and float(a.start_s) <= t <= float(a.start_s) + float(a.duration_s)
            for a in self.summary.audio
        )

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        cue, _ = self.hit_cue(event.position())
        if cue is not None and event.button() == Qt.MouseButton.LeftButton:
            self.drag = None
            self.cue_edit_requested.emit(cue)
        else:
            super().mouseDoubleClickEvent(event)

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
