"""A posting plan turned into times: each post gets a UTC instant inside its audience's
posting windows (their local time, daylight saving and date lines included), spread so that one
account never posts twice on one platform within the plan's gap.

How local times become instants (``to_instant``):

- a plan date is a date in each audience's *own* calendar: "2026-03-28 18:00" is 18:00 in
  Karachi for the Karachi audience and 18:00 in New York for the New York one, so the two are
  ten hours apart in UTC. That is what "post at the audience's prime time" means.
- a wall-clock time that does not exist (the hour skipped when clocks spring forward) moves to
  the first instant that exists after it (02:30 on Berlin's spring-forward day -> 03:00 CEST);
- a wall-clock time that happens twice (clocks fall back) is its first occurrence;
- a window that ends at "00:00" (or at or before its start) ends on the next day.

How posts are placed (``schedule``), deterministically, post by post in the order given:

- each post goes to one audience (``audience_for``); its candidate instants are, on each plan
  date, each window's start + k x gap (k = 0, 1, ...) while before the window's end;
- a candidate is free when no post already placed for the same (platform, account) is less
  than ``gap_minutes`` away from it on either side (exactly one gap apart is allowed). The gap
  is per account and platform, not per audience: two audiences served by one account share it;
- among the plan dates that still hold a free candidate, the post takes the date on which
  that (platform, account) has the fewest posts so far (ties: the earliest date), and on it the
  earliest free candidate. So a campaign is spread across its dates at each audience's prime
  time instead of stacking every post into the first evening's later slots; a plan with one
  date behaves as "the earliest free instant";
- a post with no free candidate gets a sentence with the numbers instead of a slot.

Pure: no clock, no render, no Qt; the same plan and posts give the same times.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .campaign import Audience, PostingPlan

UTC = dt.UTC


@dataclass(frozen=True)
class Wanted:
    """What the schedule needs to know of one post."""

    id: str  # the post's id
    platform: str  # "instagram"
    lang: str  # the post's language
    subjects: tuple[str, ...]  # the person or spotlight ids it is about (empty: campaign-wide)


@dataclass(frozen=True)
class Slot:
    """When one post goes out."""

    utc: dt.datetime  # aware, UTC
    local: dt.datetime  # aware, in ``timezone``
    timezone: str  # IANA name
    audience: str  # the audience's id
    account: str  # the audience's account


# --- local wall-clock time -> instant ---------------------------------------------------------


def _clock(text: str) -> dt.time:
    """ "18:30" -> 18:30 (the model has checked the HH:MM form)."""
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def _wall(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The naive wall-clock time ``moment`` shows in ``zone`` (through UTC: ``astimezone`` to
    the zone a datetime already has returns it unchanged, even when its wall time does not
    exist there)."""
    return moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None)


def _after_gap(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first instant that exists after ``wall``, a wall-clock time skipped by a
    spring-forward change: the change itself, found by bisecting the seconds between the two
    readings of ``wall`` (before the change, then after it)."""
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)  # read with the later offset: before
    high = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)  # read with the earlier one: after
    after = high.astimezone(zone).utcoffset()
    lo, hi = 0, int((high - low).total_seconds())
    while lo < hi:  # smallest second whose offset is already the new one
        mid = (lo + hi) // 2
        if (low + dt.timedelta(seconds=mid)).astimezone(zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid + 1
    return low + dt.timedelta(seconds=lo)


def to_instant(day: dt.date, clock: dt.time, timezone: str) -> dt.datetime:
    """The UTC instant of the wall-clock time ``clock`` on ``day`` in ``timezone``: a skipped
    time moves to the first instant after it, a repeated one is its first occurrence."""
    zone = ZoneInfo(timezone)
    wall = dt.datetime.combine(day, clock)
    first = wall.replace(tzinfo=zone, fold=0)  # fold=0: the earlier offset, the first occurrence
    if _wall(first, zone) == wall:
        return first.astimezone(UTC)
    return _after_gap(wall, zone)


def window_bounds(day: dt.date, start: str, end: str, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants a window "start-end" opens and closes on ``day`` in ``timezone``; an
    end at or before the start (``"00:00"``: midnight) is on the next day."""
    opens, closes = _clock(start), _clock(end)
    end_day = day + dt.timedelta(days=1) if closes <= opens else day
    return to_instant(day, opens, timezone), to_instant(end_day, closes, timezone)


# --- audiences ---------------------------------------------------------------------------------


def audience_for(plan: PostingPlan, post: Wanted) -> int:
    """The index of the audience ``post`` goes to. An audience reads a post when it lists no
    languages or lists the post's; among those, the first whose people include one of its
    subjects (Hala's Arabic posts go to Beirut's evening), else the first that names no people
    (the language's general audience), else the first that reads it at all; a post no audience
    reads goes to the first. So an English post about Hala never lands in an Arabic-only
    audience because she is listed there."""
    reads = [i for i, a in enumerate(plan.audiences) if not a.languages or post.lang in a.languages]
    rules: tuple[Callable[[Audience], bool], ...] = (
        lambda a: bool(a.people) and any(s in (a.people or ()) for s in post.subjects),
        lambda a: not a.people,
        lambda a: True,
    )
    for matches in rules:
        for index in reads:
            if matches(plan.audiences[index]):
                return index
    return 0


# --- placing posts -----------------------------------------------------------------------------


Window = tuple[dt.datetime, dt.datetime]  # opens, closes (UTC)


def _windows(audience: Audience, dates: Sequence[dt.date]) -> list[list[Window]]:
    """Per plan date, the audience's windows as UTC instants."""
    return [
        [window_bounds(day, w.start, w.end, audience.timezone) for w in audience.windows] for day in dates
    ]


class _Taken:
    """The instants already given to one (platform, account), sorted, to find the earliest
    candidate of a window that is at least one gap away from all of them."""

    def __init__(self, gap: dt.timedelta) -> None:
        self.gap = gap
        self.instants: list[dt.datetime] = []

    def clash(self, moment: dt.datetime) -> dt.datetime | None:
        """The latest taken instant less than a gap from ``moment``, or None: it is free."""
        at = bisect.bisect_left(self.instants, moment)
        if at < len(self.instants) and self.instants[at] - moment < self.gap:
            ahead = bisect.bisect_left(self.instants, moment + self.gap) - 1
            return self.instants[ahead]
        if at > 0 and moment - self.instants[at - 1] < self.gap:
            return self.instants[at - 1]
        return None

    def first_free(self, window: Window) -> dt.datetime | None:
        """The earliest free candidate (opens + k x gap, before closes) of ``window``: from a
        clash it jumps to the first candidate a gap after the clashing post, so it costs the
        posts in the window, not the candidates (a 1-minute gap over a year stays quick)."""
        opens, closes = window
        moment = opens
        while moment < closes:
            clash = self.clash(moment)
            if clash is None:
                return moment
            # Every candidate before clash + gap clashes with it: go to the first one after.
            steps = -((opens - clash - self.gap) // self.gap)  # ceil((clash + gap - opens) / gap)
            moment = opens + steps * self.gap
        return None

    def take(self, moment: dt.datetime) -> None:
        bisect.insort(self.instants, moment)


def _no_slot(post: Wanted, audience: Audience, posts_of_key: int, dates: int, gap: int) -> str:
    """Why ``post`` has no slot, with the numbers a person can act on."""
    return (
        f"no slot for {post.id}: {audience.account} on {post.platform} has {posts_of_key} posts "
        f"across {dates} date{'s' if dates != 1 else ''} in the windows of audience {audience.id} at a "
        f"gap of {gap} min; "
        "add dates, widen the windows or shorten the gap"
    )


def schedule(plan: PostingPlan, posts: Sequence[Wanted]) -> list[Slot | str]:
    """Each post's slot, in ``posts``' order, or why it has none (a person-readable sentence
    with the numbers: the plan's dates and windows hold no more posts for that account at that
    gap). Deterministic: the same plan and posts give the same times."""
    dates = sorted(set(plan.dates))
    gap = dt.timedelta(minutes=plan.gap_minutes)
    chosen = [audience_for(plan, post) for post in posts]
    keys = [(post.platform, plan.audiences[a].account) for post, a in zip(posts, chosen, strict=True)]
    totals = Counter(keys)
    windows: dict[int, list[list[Window]]] = {}
    taken: dict[tuple[str, str], _Taken] = {}
    load: dict[tuple[str, str], list[int]] = {}
    result: list[Slot | str] = []
    for post, index, key in zip(posts, chosen, keys, strict=True):
        audience = plan.audiences[index]
        if index not in windows:
            windows[index] = _windows(audience, dates)
        slots = taken.setdefault(key, _Taken(gap))
        per_day = load.setdefault(key, [0] * len(dates))
        placed = _place(windows[index], slots, per_day)
        if placed is None:
            result.append(_no_slot(post, audience, totals[key], len(dates), plan.gap_minutes))
            continue
        day, moment = placed
        slots.take(moment)
        per_day[day] += 1
        zone = ZoneInfo(audience.timezone)
        result.append(
            Slot(
                utc=moment,
                local=moment.astimezone(zone),
                timezone=audience.timezone,
                audience=audience.id,
                account=audience.account,
            )
        )
    return result


def _place(per_date: list[list[Window]], taken: _Taken, load: list[int]) -> tuple[int, dt.datetime] | None:
    """The date index and instant for one post: the least-loaded date (ties: the earliest)
    that has a free candidate, and its earliest free one; None when no date has one."""
    for day in sorted(range(len(per_date)), key=lambda d: (load[d], d)):
        free = [m for w in per_date[day] if (m := taken.first_free(w)) is not None]
        if free:
            return day, min(free)
    return None
