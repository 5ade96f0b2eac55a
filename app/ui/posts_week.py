"""The Posts panel's week view: the campaign's scheduled posts on a grid of seven days × 24
hours, in a time zone the person chooses (an audience's, UTC, or this machine's), a week at a
time.

A social manager plans in the zone of the office they sit in, or of the audience they post
for: the same schedule read in Karachi and in New York puts a post on another day and hour, so
the grid is drawn from each slot's UTC instant converted to the chosen zone, never from the
audience's local time written in the slot. Where each post lands is a pure function
(:func:`placed`), tested without a window; the widget only shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QTimeZone, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..model.campaign import PostingPlan
from ..model.post_copy import Post
from ..model.schedule import Slot

DAYS = 7
HOURS = 24
MINE = QColor("#FFE8A3")  # a cell holding a post of the asset shown in the preview
CELL_LINES = 3  # posts a cell lists; the others are counted ("+2"), all are in its tooltip

# A platform as a cell names it (seven columns leave no room for "Instagram").
SHORT: dict[str, str] = {
    "instagram": "IG",
    "facebook": "FB",
    "x": "X",
    "linkedin": "LI",
    "threads": "TH",
    "tiktok": "TT",
    "youtube": "YT",
    "whatsapp": "WA",
}


@dataclass(frozen=True)
class Placed:
    """A post where the week grid shows it: its day (0 = the week's Monday), hour and minute in
    the chosen zone."""

    day: int
    hour: int
    minute: int
    post: Post
    slot: Slot


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week (weeks start on Monday, as ISO 8601 counts them)."""
    return day - dt.timedelta(days=day.weekday())


def placed(
    posts: Sequence[Post], slots: Sequence[Slot | str | None], zone: dt.tzinfo, week: dt.date
) -> list[Placed]:
    """The posts with a slot inside the week that starts on ``week`` (in ``zone``'s calendar),
    each at its day, hour and minute there, in time order. A post with no slot (no plan, or
    one its plan has no room for) is left out."""
    found = []
    for post, slot in zip(posts, slots, strict=True):
        if not isinstance(slot, Slot):
            continue
        local = slot.utc.astimezone(zone)
        day = (local.date() - week).days
        if 0 <= day < DAYS:
            found.append(Placed(day, local.hour, local.minute, post, slot))
    return sorted(found, key=lambda p: (p.day, p.hour, p.minute, p.post.id))


def first_week(slots: Sequence[Slot | str | None], zone: dt.tzinfo, plan: PostingPlan | None) -> dt.date:
    """The week to show first: that of the earliest post in ``zone``, else of the plan's first
    date, else this week."""
    times = [slot.utc.astimezone(zone).date() for slot in slots if isinstance(slot, Slot)]
    if times:
        return week_of(min(times))
    if plan is not None and plan.dates:
        return week_of(min(plan.dates))
    return week_of(dt.date.today())


def local_zone() -> str:
    """This machine's IANA time zone ("UTC" when it names none zoneinfo knows)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if _zone(name) is not None else "UTC"


def zones(plan: PostingPlan | None) -> list[str]:
    """The zones the person may read the week in: the plan's audiences' (in the plan's order),
    UTC and this machine's, each once."""
    listed = [a.timezone for a in plan.audiences] if plan is not None else []
    return list(dict.fromkeys([*listed, "UTC", local_zone()]))


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class WeekView(QWidget):
    """Seven days × 24 hours of posts in a chosen zone, with the week's navigation; an empty
    state saying how to add a plan when the project has none."""

    zone_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("postsWeek")
        self._posts: list[Post] = []
        self._slots: list[Slot | str | None] = []
        self._plan: PostingPlan | None = None
        self._asset = ""
        self.week: dt.date = week_of(dt.date.today())
        self._shown_plan: PostingPlan | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.zone = QComboBox()
        self.zone.setObjectName("weekZone")
        self.zone.currentTextChanged.connect(self._zone_chosen)
        self.previous = QPushButton("◀")
        self.previous.setObjectName("weekPrevious")
        self.previous.clicked.connect(lambda: self.go(-1))
        self.next = QPushButton("▶")
        self.next.setObjectName("weekNext")
        self.next.clicked.connect(lambda: self.go(1))
        self.title = QLabel()
        self.title.setObjectName("weekTitle")
        for button in (self.previous, self.next):
            button.setMaximumWidth(36)
        bar.addWidget(self.zone, 1)
        bar.addWidget(self.previous)
        bar.addWidget(self.title)
        bar.addWidget(self.next)
        layout.addLayout(bar)
        self.empty = QLabel()
        self.empty.setObjectName("weekEmpty")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.table = QTableWidget(HOURS, DAYS)
        self.table.setObjectName("weekTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalHeaderLabels([f"{h:02d}:00" for h in range(HOURS)])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(120)
        small = QFont(self.table.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        self.table.setFont(small)  # seven days side by side in a dock
        # What matters most first: when the asset shown posts, and the posts with no time.
        self.mine = QLabel()
        self.mine.setObjectName("weekMine")
        self.mine.setWordWrap(True)
        layout.addWidget(self.mine)
        self.unscheduled = QLabel()
        self.unscheduled.setObjectName("weekUnscheduled")
        self.unscheduled.setWordWrap(True)
        layout.addWidget(self.unscheduled)
        layout.addWidget(self.table, 1)
        self.retranslate()

    # -- what it shows ----------------------------------------------------------------------

    def set_schedule(
        self, posts: Sequence[Post], slots: Sequence[Slot | str | None], plan: PostingPlan | None, asset: str
    ) -> None:
        """Show ``posts`` at their ``slots`` (the kit's), the posts of ``asset`` (an asset id)
        marked. The week shown stays while the plan does; a new plan starts at its first week."""
        self._posts, self._slots, self._plan, self._asset = list(posts), list(slots), plan, asset
        chosen = self.zone.currentText()
        names = zones(plan)
        self.zone.blockSignals(True)
        self.zone.clear()
        self.zone.addItems(names)
        self.zone.setCurrentText(chosen if chosen in names else names[0])
        self.zone.blockSignals(False)
        if plan != self._shown_plan:
            self._shown_plan = plan
            self.week = first_week(self._slots, self.tzinfo(), plan)
        self._draw()

    def set_asset(self, asset: str) -> None:
        """Mark the posts of ``asset`` (an asset id: the one the preview shows)."""
        if asset != self._asset:
            self._asset = asset
            self._draw()

    def set_zone(self, name: str) -> None:
        """Read the week in ``name`` (one of the combo's zones)."""
        self.zone.setCurrentText(name)

    def tzinfo(self) -> dt.tzinfo:
        return _zone(self.zone.currentText()) or dt.UTC

    def go(self, weeks: int) -> None:
        """Show the week ``weeks`` after (before, when negative) the one shown."""
        self.week += dt.timedelta(weeks=weeks)
        self._draw()

    def placed(self) -> list[Placed]:
        return placed(self._posts, self._slots, self.tzinfo(), self.week)

    def _zone_chosen(self, name: str) -> None:
        self._draw()
        self.zone_changed.emit(name)

    def _draw(self) -> None:
        has_plan = self._plan is not None
        self.empty.setVisible(not has_plan)
        for widget in (self.zone, self.previous, self.next, self.title, self.table):
            widget.setEnabled(has_plan)
        self.table.clearContents()
        self._headers()
        cells: dict[tuple[int, int], list[Placed]] = {}
        for item in self.placed():
            cells.setdefault((item.hour, item.day), []).append(item)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for (hour, day), items in cells.items():
            # The asset shown first: its posts are the ones the person is looking for.
            items.sort(key=lambda p: (p.post.asset.id != self._asset, p.minute, p.post.id))
            lines = [self._line(p) for p in items[:CELL_LINES]]
            if len(items) > CELL_LINES:
                lines.append(f"+{len(items) - CELL_LINES}")
            cell = QTableWidgetItem("\n".join(lines))
            cell.setToolTip("\n".join(_tip(p) for p in items))
            if any(p.post.asset.id == self._asset for p in items):
                cell.setBackground(QBrush(MINE))
                cell.setFont(bold)
            self.table.setItem(hour, day, cell)
        self._show_mine()
        mine = [
            (hour, day)
            for (hour, day), items in cells.items()
            if any(p.post.asset.id == self._asset for p in items)
        ]
        first = min(mine or cells, default=None)  # the earliest hour: the asset shown's, else any
        cell_shown = self.table.item(*first) if first is not None else None
        if cell_shown is not None:  # the posts in view, not midnight's empty rows
            self.table.scrollToItem(cell_shown, QAbstractItemView.ScrollHint.PositionAtTop)
        missing = [s for s in self._slots if isinstance(s, str)]
        self.unscheduled.setVisible(bool(missing))
        if missing:
            self.unscheduled.setText(
                self.tr("{n} posts have no time: {why}").format(n=len(missing), why=missing[0])
            )
            self.unscheduled.setToolTip("\n".join(dict.fromkeys(missing)))

    def _line(self, item: Placed) -> str:
        """A post as its cell lists it, in a narrow column: the platform and the language,
        and the minute past the hour when not on it (the row says the hour); a ★ for the
        asset shown. Whom it is about and its times are in the cell's tooltip."""
        mark = "★" if item.post.asset.id == self._asset else ""
        platform = SHORT.get(item.post.platform, item.post.platform)
        minute = f" :{item.minute:02d}" if item.minute else ""
        return f"{mark}{platform} {item.post.lang}{minute}"

    def _show_mine(self) -> None:
        """Under the grid, when the asset shown posts: each of its posts' time in the zone
        chosen (a week other than the one shown included)."""
        zone = self.tzinfo()
        mine = [
            (post, slot)
            for post, slot in zip(self._posts, self._slots, strict=True)
            if post.asset.id == self._asset and isinstance(slot, Slot)
        ]
        self.mine.setVisible(bool(mine))
        times = [
            f"{SHORT.get(p.platform, p.platform)}·{p.lang} {s.utc.astimezone(zone):%a %d %b %H:%M}"
            for p, s in mine
        ]
        self.mine.setText("★ " + ", ".join(times))

    def _headers(self) -> None:
        days = [self.week + dt.timedelta(days=d) for d in range(DAYS)]
        self.table.setHorizontalHeaderLabels([f"{d:%a} {d.day}" for d in days])
        end = days[-1]
        self.title.setText(f"{self.week:%d %b} – {end:%d %b %Y}")

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No posting plan: add one as publishing.plan in the project file."))
        self.zone.setToolTip(self.tr("The time zone the week is read in"))
        self.previous.setToolTip(self.tr("Previous week"))
        self.next.setToolTip(self.tr("Next week"))
        self._draw()


def _tip(item: Placed) -> str:
    slot = item.slot
    return (
        f"{item.hour:02d}:{item.minute:02d} {item.post.id}: {slot.utc:%Y-%m-%d %H:%M} UTC, {slot.local:%Y-%m-%d %H:%M} "
        f"{slot.timezone} (audience {slot.audience}, account {slot.account})"
    )
