"""Painting the timeline's scene: the ruler, a reel's people's sections (a labelled band per
person, dragged as a whole), the segment blocks on their A/B lanes (with
thumbnails, times, motion badges, cross-fades, the transition marker of each cut and a
dragged block's insert mark), the caption rows (each caption a block, its edges handles),
the track labels and the playhead.

It reads the view's geometry (``x_of``, ``block_rect``, ...) and draws; it never changes what
the view shows. Waveforms are :mod:`takatof.ui.timeline_waves`' job.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF, QTextOption

from ..edit.timeline import Block, block_name, clip_range, ruler_step, thumb_time, time_label, transition_of
from ..model.languages import is_rtl
from ..render.video.plan import PlanSummary
from .timeline_style import (
    CAPTION_ROWS,
    COLORS,
    LABEL_W,
    LANE_H,
    MOTION_MARKS,
    ROW_COLORS,
    ROWS,
    RULER_H,
    TRANSITION_MARKS,
)

if TYPE_CHECKING:
    from .timeline_canvas import TimelineCanvas


class ScenePainter:
    """Draws a :class:`~takatof.ui.timeline_canvas.TimelineCanvas`'s scene; keeps the elided caption
    texts, which cost more to measure than to draw."""

    def __init__(self, view: TimelineCanvas) -> None:
        self.view = view
        self._elided: dict[tuple[str, str, int], str] = {}

    def paint_scene(self, painter: QPainter, width: int, height: int) -> None:
        view = self.view
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(0, 0, width, height), COLORS["background"])
        for n, (key, _) in enumerate(ROWS):
            top, h = view.row_box(key)
            painter.fillRect(QRectF(LABEL_W, top, width - LABEL_W, h), COLORS["row" if n % 2 else "row_alt"])
        summary = view.summary
        if summary is None:
            self.paint_labels(painter, height)
            painter.setPen(COLORS["label_text"])
            painter.setFont(view.fonts.bold)
            painter.drawText(
                QRectF(LABEL_W, 0, width - LABEL_W, height), Qt.AlignmentFlag.AlignCenter, view.message
            )
            return
        painter.save()
        painter.setClipRect(QRectF(LABEL_W, 0, width - LABEL_W, height))
        self.paint_ruler(painter, width)
        if view.parts:
            self.paint_parts(painter)
        self.paint_segments(painter)
        self.paint_captions(painter, summary)
        view.waves.paint_audio(painter, summary)
        painter.restore()
        self.paint_labels(painter, height)

    def paint_ruler(self, painter: QPainter, width: int) -> None:
        view = self.view
        painter.fillRect(QRectF(LABEL_W, 0, width - LABEL_W, RULER_H), COLORS["ruler"])
        step, minor = ruler_step(view.pps)
        t0 = view.t_of(LABEL_W)
        t1 = min(view.t_of(width), view.total() + step)
        painter.setFont(view.fonts.plain)
        k = math.floor(t0 / step * minor)
        while k / minor * step <= t1:
            t = k / minor * step
            x = round(view.x_of(t)) + 0.5
            major = k % minor == 0
            painter.setPen(COLORS["tick"])
            painter.drawLine(QPointF(x, RULER_H - (10 if major else 4)), QPointF(x, RULER_H))
            if major:
                painter.setPen(COLORS["tick_text"])
                painter.drawText(QPointF(x + 3, 12), time_label(t, step))
            k += 1
        end = view.x_of(view.total())
        painter.fillRect(QRectF(end, 0, width, RULER_H), QColor(0, 0, 0, 60))

    # -- a reel's people ---------------------------------------------------------------------

    def paint_parts(self, painter: QPainter) -> None:
        """Each person's section of a reel: a band over its segments with their name; the one
        being dragged follows the mouse over its ghost, with the place it would land marked."""
        view = self.view
        drag = view.drag
        moving = drag.part if drag is not None and drag.mode == "part-move" else None
        for index in range(len(view.parts)):
            self.paint_part(painter, index, view.part_rect(index), ghost=index == moving)
        if drag is not None and moving is not None:
            painter.setOpacity(0.85)
            self.paint_part(painter, moving, view.part_rect(moving).translated(drag.dx, 0))
            painter.setOpacity(1.0)
            others = [k for k in range(len(view.parts)) if k != moving]
            target = drag.target if drag.target is not None else moving
            if others:
                x = (
                    view.part_rect(others[target]).left()
                    if target < len(others)
                    else view.part_rect(others[-1]).right()
                )
                top, height = view.row_box("parts")
                painter.setPen(QPen(COLORS["insert"], 3))
                painter.drawLine(QPointF(x, top), QPointF(x, top + height))

    def paint_part(self, painter: QPainter, index: int, rect: QRectF, ghost: bool = False) -> None:
        view = self.view
        part = view.parts[index]
        color = QColor(PART_COLORS[part.person % len(PART_COLORS)])  # the person's, wherever dragged
        path = QPainterPath()
        path.addRoundedRect(rect, 4, 4)
        painter.fillPath(path, color.darker(170) if ghost else color)
        painter.setPen(QPen(color.lighter(140), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        name = view.part_names.get(part.person, f"people[{part.person}]")
        inner = rect.adjusted(6, 0, -6, 0)
        if inner.width() > 14:
            painter.setFont(view.fonts.bold)
            painter.setPen(COLORS["text"])
            shown = view.fonts.bold_metrics.elidedText(
                f"{index + 1}. {name}", Qt.TextElideMode.ElideRight, int(inner.width())
            )
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)

    # -- segments ---------------------------------------------------------------------------

    def paint_segments(self, painter: QPainter) -> None:
        view = self.view
        drag = view.drag
        moving = drag.block if drag is not None and drag.mode == "move" else None
        for block in view.blocks:
            start, duration = view.block_span(block)
            if not view.visible(start, duration):
                continue
            self.paint_block(painter, block, view.block_rect(block), ghost=block is moving)
        self.paint_fades(painter)
        if moving is None:
            self.paint_transitions(painter)
        if drag is not None and moving is not None:
            rect = view.block_rect(moving).translated(drag.dx, 0)
            painter.setOpacity(0.8)
            self.paint_block(painter, moving, rect)
            painter.setOpacity(1.0)
            self.paint_insert_mark(painter, moving, drag.target)

    def paint_block(self, painter: QPainter, block: Block, rect: QRectF, ghost: bool = False) -> None:
        view = self.view
        row = block.row
        color = COLORS.get(row.kind, COLORS["media"])
        path = QPainterPath()
        path.addRoundedRect(rect, 4, 4)
        painter.fillPath(path, color.darker(160) if ghost else color)
        key = (row.source or "", thumb_time(row))
        pixmap = view.thumbnails.get(key) if row.source else None
        painter.save()
        painter.setClipRect(rect.adjusted(1, 1, -1, -1), Qt.ClipOperation.IntersectClip)
        if pixmap is not None and not ghost:
            tile = pixmap.width() or 1
            first = max(0, math.floor((LABEL_W - rect.left()) / tile))
            x = rect.left() + first * tile
            while x < min(rect.right(), view.viewport().width()):
                painter.drawPixmap(QPointF(x, rect.top()), pixmap)
                x += tile
        strip = QRectF(rect.left(), rect.bottom() - 15, rect.width(), 15)
        painter.fillRect(strip, QColor(0, 0, 0, 150))
        painter.restore()
        self.paint_block_text(painter, block, rect, strip)
        selected = bool(row.where) and row.where == view.selected
        painter.setPen(QPen(COLORS["selected"], 2) if selected else QPen(color.lighter(140), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        if block.draggable:  # edge handles
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 110))
            painter.drawRoundedRect(QRectF(rect.right() - 4, rect.top() + 8, 3, rect.height() - 26), 1, 1)
            if block.kind == "clip":
                painter.drawRoundedRect(QRectF(rect.left() + 1, rect.top() + 8, 3, rect.height() - 26), 1, 1)

    def paint_block_text(self, painter: QPainter, block: Block, rect: QRectF, strip: QRectF) -> None:
        view, fonts = self.view, self.view.fonts
        row = block.row
        duration = view.block_span(block)[1]
        drag = view.drag
        edge = drag.value if drag is not None and drag.block is block else None
        dragging = edge is not None
        bold = (row.kind == "photo" and row.own_duration) or dragging  # a duration of its own
        painter.setFont(fonts.bold if bold else fonts.plain)
        painter.setPen(COLORS["selected"] if dragging else COLORS["text"])
        text = f"{duration:.1f} s"
        if block.kind == "clip":
            clip_in, clip_out = clip_range(block)
            if drag is not None and edge is not None:
                clip_in = edge if drag.mode == "trim-in" else clip_in
                clip_out = edge if drag.mode == "trim-out" else clip_out
            text = f"{clip_in:.1f}–{clip_out:.1f}  {text}"
        inner = strip.adjusted(4, 0, -6, 0)
        right_w = (fonts.bold_metrics if bold else fonts.metrics).horizontalAdvance(text)
        if right_w <= inner.width():
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        name = block_name(block, view.labels)
        room = inner.width() - right_w - 8
        if room > 14:
            painter.setFont(fonts.plain)
            painter.setPen(COLORS["text"])
            shown = fonts.metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(room))
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        mark = MOTION_MARKS.get(row.motion or "")
        fade = _into(view.summary, block.index) * view.pps
        if mark and rect.width() > fade + 24:  # past the transition's band, which covers the corner
            badge = QRectF(rect.left() + fade + 4, rect.top() + 4, 16, 14)
            painter.fillRect(badge, QColor(0, 0, 0, 140))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, mark)

    def paint_fades(self, painter: QPainter) -> None:
        """Cross-fades: where one segment overlaps the next, a band across both lanes."""
        view = self.view
        top, _ = view.row_box("video")
        for a, b in zip(view.blocks, view.blocks[1:], strict=False):
            a_start, a_dur = view.block_span(a)
            b_start, _ = view.block_span(b)
            if b_start >= a_start + a_dur - 1e-6 or not view.visible(b_start, a_start + a_dur - b_start):
                continue
            x0, x1 = view.x_of(b_start), view.x_of(a_start + a_dur)
            band = QRectF(x0, top + 2, x1 - x0, 2 * LANE_H)
            painter.fillRect(band, QColor(255, 255, 255, 40))
            painter.setPen(QPen(QColor(255, 255, 255, 150), 1))
            painter.drawLine(band.topLeft(), band.bottomRight())
            painter.drawLine(band.bottomLeft(), band.topRight())

    def paint_transitions(self, painter: QPainter) -> None:
        """A marker on each editable cut: a glyph of its kind (its tooltip says kind and length)."""
        view = self.view
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(view.fonts.bold)
        for block, rect in view.transition_marks():
            if rect.right() < LABEL_W or rect.left() > view.viewport().width():
                continue
            kind, _ = transition_of(block.row)
            painter.setPen(QPen(COLORS["mark_edge"], 1))
            painter.setBrush(COLORS["mark"])
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(COLORS["mark_edge"])
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, TRANSITION_MARKS.get(kind, "?"))
        painter.restore()

    def paint_insert_mark(self, painter: QPainter, moving: Block, target: int | None) -> None:
        view = self.view
        others = [b for b in view.same_kind(moving) if b.index != moving.index]
        if target is None or not others:
            return
        if target < len(others):
            x = view.block_rect(others[target]).left()
        else:
            x = view.block_rect(others[-1]).right()
        top, height = view.row_box("video")
        painter.setPen(QPen(COLORS["insert"], 3))
        painter.drawLine(QPointF(x, top), QPointF(x, top + height))

    # -- captions, labels, playhead ---------------------------------------------------------

    def paint_captions(self, painter: QPainter, summary: PlanSummary) -> None:
        view = self.view
        for row, lang in zip(CAPTION_ROWS, view.caption_langs(), strict=False):
            top, height = view.row_box(row)
            rtl = is_rtl(lang)
            font = view.fonts.rtl if rtl else view.fonts.ltr
            painter.setFont(font)
            metrics = QFontMetrics(font)
            option = QTextOption()
            if rtl:
                option.setTextDirection(Qt.LayoutDirection.RightToLeft)
                option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            option.setWrapMode(QTextOption.WrapMode.NoWrap)
            for index, cue in enumerate(summary.cues):
                start, end = view.cue_span(index)
                if not view.visible(start, end - start):
                    continue
                rect = QRectF(view.x_of(start) + 1, top + 3, (end - start) * view.pps - 2, height - 6)
                chosen = index == view.selected_cue
                painter.setPen(QPen(COLORS["selected"], 1.5) if chosen else Qt.PenStyle.NoPen)
                painter.setBrush(COLORS["cue_selected" if chosen else "caption"])
                painter.drawRoundedRect(rect, 3, 3)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(255, 255, 255, 70))  # the edges are handles
                for x in (rect.left() + 1, rect.right() - 3):
                    painter.drawRect(QRectF(x, rect.top() + 5, 2, rect.height() - 10))
                text = " ".join(cue.text(lang).split())
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

    def paint_playhead(self, painter: QPainter, height: int) -> None:
        x = self.view.x_of(self.view.playhead)
        painter.setPen(QPen(COLORS["playhead"], 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(COLORS["playhead"])
        painter.drawPolygon(
            QPolygonF(
                [QPointF(x - 6, 0), QPointF(x + 6, 0), QPointF(x + 6, 8), QPointF(x, 14), QPointF(x - 6, 8)]
            )
        )

    def paint_labels(self, painter: QPainter, height: int) -> None:
        view = self.view
        painter.fillRect(QRectF(0, 0, LABEL_W, height), COLORS["labels"])
        painter.fillRect(QRectF(0, 0, LABEL_W, RULER_H), COLORS["ruler"].darker(115))
        painter.setFont(view.fonts.bold)
        painter.setPen(COLORS["label_text"])
        if view.summary is not None:
            total = f"{view.total():.1f} s"
            painter.drawText(QRectF(8, 0, LABEL_W - 12, RULER_H), Qt.AlignmentFlag.AlignVCenter, total)
        keys = [key for key, _ in ROWS]
        if view.parts:
            keys.insert(0, "parts")
        for key in keys:
            top, h = view.row_box(key)
            color = COLORS[ROW_COLORS[key]] if key in ROW_COLORS else QColor(PART_COLORS[0])
            painter.fillRect(QRectF(0, top, 3, h), color)
            painter.setPen(COLORS["label_text"])
            painter.drawText(
                QRectF(10, top, LABEL_W - 14, h), Qt.AlignmentFlag.AlignVCenter, view.row_label(key)
            )
        painter.setPen(QPen(QColor(0, 0, 0, 120), 1))
        painter.drawLine(QPointF(LABEL_W - 0.5, 0), QPointF(LABEL_W - 0.5, height))


PART_COLORS = ("#7b5ea7", "#a7655e", "#5e8ea7", "#7ea75e", "#a79a5e", "#a75e8c")
"""The people's sections of a reel: each person's colour (their place in the project) stays
theirs when their section is dragged elsewhere."""


def _into(summary: PlanSummary | None, index: int) -> float:
    """The seconds of the transition into segment ``index`` (the cut after the one before it:
    0 for a hard cut, and for the first segment)."""
    if summary is None or index <= 0 or index > len(summary.segments):
        return 0.0
    before = summary.segments[index - 1]
    return 0.0 if before.transition == "cut" else float(before.transition_s)
