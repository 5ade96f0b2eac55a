"""The posting schedule: local windows to UTC across daylight saving and the date line, the gap
per (platform, account), the spread across dates, and the sentence for a post with no slot.

Expected instants are written out by hand (from the zones' published offsets), not computed
with the module under test."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from takatof.model.campaign import PostingPlan
from takatof.model.schedule import Slot, Wanted, audience_for, schedule, to_instant, window_bounds

UTC = dt.UTC


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def audience(
    id: str,
    timezone: str,
    windows: list[tuple[str, str]] | None = None,
    **more: Any,
) -> dict[str, Any]:
    return {
        "id": id,
        "timezone": timezone,
        "windows": [{"start": s, "end": e} for s, e in (windows or [("18:00", "21:00")])],
        **more,
    }


def plan(dates: list[str], audiences: list[dict[str, Any]], gap: int = 60) -> PostingPlan:
    return PostingPlan.model_validate({"dates": dates, "audiences": audiences, "gap_minutes": gap})


def wanted(id: str, platform: str = "instagram", lang: str = "en", *subjects: str) -> Wanted:
    return Wanted(id=id, platform=platform, lang=lang, subjects=subjects)


def slots_of(result: list[Slot | str]) -> list[Slot]:
    assert all(isinstance(s, Slot) for s in result), [s for s in result if isinstance(s, str)]
    return [s for s in result if isinstance(s, Slot)]


# --- local wall-clock time -> UTC -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "clock", "zone", "expected"),
    [
        # Berlin springs forward on 29 March 2026 (CET +1 -> CEST +2): 18:00 stays 18:00 local.
        (dt.date(2026, 3, 28), dt.time(18), "Europe/Berlin", utc(2026, 3, 28, 17)),
        (dt.date(2026, 3, 29), dt.time(18), "Europe/Berlin", utc(2026, 3, 29, 16)),
        # ... and falls back on 25 October 2026.
        (dt.date(2026, 10, 24), dt.time(18), "Europe/Berlin", utc(2026, 10, 24, 16)),
        (dt.date(2026, 10, 25), dt.time(18), "Europe/Berlin", utc(2026, 10, 25, 17)),
        # New York: 8 March and 1 November 2026 (EST -5 <-> EDT -4).
        (dt.date(2026, 3, 7), dt.time(18), "America/New_York", utc(2026, 3, 7, 23)),
        (dt.date(2026, 3, 8), dt.time(18), "America/New_York", utc(2026, 3, 8, 22)),
        (dt.date(2026, 10, 31), dt.time(18), "America/New_York", utc(2026, 10, 31, 22)),
        (dt.date(2026, 11, 1), dt.time(18), "America/New_York", utc(2026, 11, 1, 23)),
        # A skipped time moves to the first instant after it: the change itself.
        (dt.date(2026, 3, 29), dt.time(2, 30), "Europe/Berlin", utc(2026, 3, 29, 1)),
        (dt.date(2026, 3, 29), dt.time(2, 0), "Europe/Berlin", utc(2026, 3, 29, 1)),
        (dt.date(2026, 3, 29), dt.time(1, 59), "Europe/Berlin", utc(2026, 3, 29, 0, 59)),
        (dt.date(2026, 3, 8), dt.time(2, 30), "America/New_York", utc(2026, 3, 8, 7)),
        # Lord Howe moves by 30 minutes (+10:30 -> +11) on 4 October 2026: 02:15 -> 02:30.
        (dt.date(2026, 10, 4), dt.time(2, 15), "Australia/Lord_Howe", utc(2026, 10, 3, 15, 30)),
        # A repeated time is its first occurrence (still summer time).
        (dt.date(2026, 10, 25), dt.time(2, 30), "Europe/Berlin", utc(2026, 10, 25, 0, 30)),
        (dt.date(2026, 11, 1), dt.time(1, 30), "America/New_York", utc(2026, 11, 1, 5, 30)),
        # Either side of the date line: one local evening, 25 hours apart.
        (dt.date(2026, 6, 1), dt.time(18), "Pacific/Kiritimati", utc(2026, 6, 1, 4)),
        (dt.date(2026, 6, 1), dt.time(18), "Pacific/Pago_Pago", utc(2026, 6, 2, 5)),
        (dt.date(2026, 6, 1), dt.time(19, 30), "Asia/Kolkata", utc(2026, 6, 1, 14)),
    ],
)
def test_local_times_become_utc_instants(
    day: dt.date, clock: dt.time, zone: str, expected: dt.datetime
) -> None:
    assert to_instant(day, clock, zone) == expected


def test_a_window_ending_at_midnight_ends_on_the_next_day() -> None:
    assert window_bounds(dt.date(2026, 6, 1), "21:00", "00:00", "Asia/Dubai") == (
        utc(2026, 6, 1, 17),
        utc(2026, 6, 1, 20),
    )
    # Across midnight into a date-line zone's next day.
    assert window_bounds(dt.date(2026, 6, 1), "22:00", "01:00", "Pacific/Kiritimati") == (
        utc(2026, 6, 1, 8),
        utc(2026, 6, 1, 11),
    )


# --- audiences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        (wanted("a", "x", "ar", "hala"), 2),  # her people, in a language they read
        (wanted("a", "x", "en", "hala"), 0),  # never an audience that does not read the language
        (wanted("b", "x", "ar"), 1),  # the language's audience that names no people
        (wanted("c", "x", "fr"), 3),  # no languages listed: reads any
        (wanted("d", "x", "en", "nobody"), 0),  # language en
    ],
)
def test_audience_for_prefers_people_then_language_then_any(post: Wanted, expected: int) -> None:
    chosen = plan(
        ["2026-06-01"],
        [
            audience("en", "Europe/London", languages=["en"]),
            audience("ar", "Africa/Cairo", languages=["ar"]),
            audience("hala", "Asia/Dubai", languages=["ar"], people=["hala"]),
            audience("any", "UTC"),
        ],
    )
    assert audience_for(chosen, post) == expected


def test_audience_for_falls_back_to_the_first() -> None:
    only_languages = plan(
        ["2026-06-01"],
        [audience("en", "Europe/London", languages=["en"]), audience("ar", "Africa/Cairo", languages=["ar"])],
    )
    assert audience_for(only_languages, wanted("a", "x", "ur")) == 0


# --- daylight saving in a schedule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "dates", "expected_utc"),
    [
        (
            "Europe/Berlin",
            ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"],
            [utc(2026, 3, 27, 17), utc(2026, 3, 28, 17), utc(2026, 3, 29, 16), utc(2026, 3, 30, 16)],
        ),
        (
            "America/New_York",
            ["2026-10-31", "2026-11-01", "2026-11-02"],
            [utc(2026, 10, 31, 22), utc(2026, 11, 1, 23), utc(2026, 11, 2, 23)],
        ),
        (
            "America/New_York",
            ["2026-03-07", "2026-03-08"],
            [utc(2026, 3, 7, 23), utc(2026, 3, 8, 22)],
        ),
    ],
)
def test_a_window_stays_at_local_six_while_utc_moves(
    zone: str, dates: list[str], expected_utc: list[dt.datetime]
) -> None:
    result = schedule(
        plan(dates, [audience("city", zone, [("18:00", "19:00")])]),
        [wanted(f"p{i}") for i in range(len(dates))],
    )
    slots = slots_of(result)
    assert [s.utc for s in slots] == expected_utc
    assert [(s.local.date().isoformat(), s.local.strftime("%H:%M")) for s in slots] == [
        (d, "18:00") for d in dates
    ]
    assert {s.timezone for s in slots} == {zone}


def test_a_window_opening_in_the_skipped_hour_opens_at_the_change() -> None:
    result = schedule(
        plan(["2026-03-29"], [audience("berlin", "Europe/Berlin", [("02:30", "04:00")])], gap=30),
        [wanted("a"), wanted("b"), wanted("c")],
    )
    # 02:30 does not exist: the window opens at 03:00 CEST (01:00 UTC) and closes at 04:00 CEST
    # (02:00 UTC), so it holds two posts 30 minutes apart, not three.
    assert result[:2] == [
        Slot(
            utc(2026, 3, 29, 1),
            utc(2026, 3, 29, 1).astimezone(ZoneInfo("Europe/Berlin")),
            "Europe/Berlin",
            "berlin",
            "main",
        ),
        Slot(
            utc(2026, 3, 29, 1, 30),
            utc(2026, 3, 29, 1, 30).astimezone(ZoneInfo("Europe/Berlin")),
            "Europe/Berlin",
            "berlin",
            "main",
        ),
    ]
    assert isinstance(result[0], Slot) and result[0].local.strftime("%H:%M %Z") == "03:00 CEST"
    assert isinstance(result[2], str) and result[2].startswith("no slot for c:")


# --- the date line -----------------------------------------------------------------------------


def test_the_same_local_evening_either_side_of_the_date_line() -> None:
    result = schedule(
        plan(
            ["2026-06-01"],
            [
                audience("kiritimati", "Pacific/Kiritimati", people=["teuea"]),
                audience("pago", "Pacific/Pago_Pago", people=["sina"]),
            ],
        ),
        [wanted("k", "instagram", "en", "teuea"), wanted("p", "instagram", "en", "sina")],
    )
    kiritimati, pago = slots_of(result)
    assert (kiritimati.audience, kiritimati.utc) == ("kiritimati", utc(2026, 6, 1, 4))
    assert (pago.audience, pago.utc) == ("pago", utc(2026, 6, 2, 5))
    # Both at 18:00 on 1 June in their own calendars, a UTC day apart.
    assert (
        kiritimati.local.replace(tzinfo=None)
        == pago.local.replace(tzinfo=None)
        == dt.datetime(2026, 6, 1, 18)
    )
    assert kiritimati.local.utcoffset() == dt.timedelta(hours=14)
    assert pago.local.utcoffset() == dt.timedelta(hours=-11)


# --- the gap -----------------------------------------------------------------------------------


def test_one_account_keeps_the_gap_across_audiences_and_zones() -> None:
    # Karachi (+5) and Kolkata (+5:30) evenings overlap; one account serves both.
    result = schedule(
        plan(
            ["2026-06-01"],
            [
                audience("karachi", "Asia/Karachi", people=["amna"]),
                audience("kolkata", "Asia/Kolkata", people=["ravi"]),
            ],
        ),
        [wanted("a", "instagram", "ur", "amna"), wanted("b", "instagram", "hi", "ravi")],
    )
    karachi, kolkata = slots_of(result)
    assert karachi.utc == utc(2026, 6, 1, 13)  # 18:00 PKT
    # 18:00 IST (12:30 UTC) and 19:00 IST (13:30 UTC) are within 60 min of 13:00: 20:00 IST.
    assert kolkata.utc == utc(2026, 6, 1, 14, 30)
    assert kolkata.local.strftime("%H:%M") == "20:00"


def test_the_gap_is_per_platform_and_per_account() -> None:
    chosen = plan(
        ["2026-06-01"],
        [
            audience("main", "Africa/Cairo", [("18:00", "19:00")], languages=["ar"]),
            audience("other", "Africa/Cairo", [("18:00", "19:00")], languages=["en"], account="regional"),
        ],
    )
    result = schedule(
        chosen,
        [wanted("ig", "instagram", "ar"), wanted("fb", "facebook", "ar"), wanted("ig-en", "instagram", "en")],
    )
    # Three posts at the same instant: two platforms of one account, and another account.
    assert {s.utc for s in slots_of(result)} == {utc(2026, 6, 1, 15)}
    assert [s.account for s in slots_of(result)] == ["main", "main", "regional"]


def test_posts_exactly_one_gap_apart_are_allowed() -> None:
    result = schedule(
        plan(["2026-06-01"], [audience("cairo", "Africa/Cairo", [("18:00", "20:00")])], gap=60),
        [wanted("a"), wanted("b")],
    )
    assert [s.utc for s in slots_of(result)] == [utc(2026, 6, 1, 15), utc(2026, 6, 1, 16)]


def test_posts_spread_across_the_dates_before_filling_an_evening() -> None:
    result = schedule(
        plan(["2026-06-03", "2026-06-01", "2026-06-02"], [audience("cairo", "Africa/Cairo")]),
        [wanted(f"p{i}") for i in range(5)],
    )
    assert [s.local.strftime("%m-%d %H:%M") for s in slots_of(result)] == [
        "06-01 18:00",
        "06-02 18:00",
        "06-03 18:00",
        "06-01 19:00",
        "06-02 19:00",
    ]


def test_a_window_to_midnight_holds_its_last_hour_and_no_more() -> None:
    result = schedule(
        plan(["2026-06-01"], [audience("dubai", "Asia/Dubai", [("22:00", "00:00")])]),
        [wanted("a"), wanted("b"), wanted("c")],
    )
    first, second = (s for s in result[:2] if isinstance(s, Slot))
    assert [first.utc, second.utc] == [utc(2026, 6, 1, 18), utc(2026, 6, 1, 19)]
    assert isinstance(result[2], str)


def test_the_no_slot_sentence_has_the_numbers() -> None:
    result = schedule(
        plan(["2026-06-01", "2026-06-02"], [audience("cairo", "Africa/Cairo", [("18:00", "19:00")])], gap=90),
        [wanted("hala/quote/instagram/ar"), wanted("b"), wanted("c"), wanted("d", "x")],
    )
    assert isinstance(result[0], Slot) and isinstance(result[1], Slot) and isinstance(result[3], Slot)
    assert result[2] == (
        "no slot for c: main on instagram has 3 posts across 2 dates in the windows of audience "
        "cairo at a gap of 90 min; add dates, widen the windows or shorten the gap"
    )


def test_the_same_plan_and_posts_give_the_same_times() -> None:
    chosen = plan(
        ["2026-06-01", "2026-06-02"],
        [audience("cairo", "Africa/Cairo", languages=["ar"]), audience("london", "Europe/London")],
        gap=45,
    )
    posts = [wanted(f"p{i}", ("instagram", "x")[i % 2], ("ar", "en")[i % 3 % 2]) for i in range(14)]
    assert schedule(chosen, posts) == schedule(chosen, posts)


# --- twelve time zones -------------------------------------------------------------------------

TWELVE = [
    ("Asia/Karachi", "main"),
    ("Asia/Kolkata", "main"),
    ("Africa/Kinshasa", "africa"),
    ("America/New_York", "main"),
    ("Asia/Dubai", "main"),
    ("Africa/Cairo", "main"),
    ("Europe/London", "main"),
    ("Asia/Jakarta", "asia"),
    ("America/Sao_Paulo", "main"),
    ("Africa/Lagos", "africa"),
    ("Asia/Dhaka", "asia"),
    ("America/Mexico_City", "main"),
]
DATES = ["2026-11-02", "2026-11-03", "2026-11-04"]
WINDOWS = [("08:00", "09:30"), ("18:00", "21:00")]


def test_a_twelve_zone_plan_keeps_every_post_in_its_window_and_the_gap_per_account() -> None:
    audiences = [
        audience(f"a{i}", zone, WINDOWS, people=[f"person{i}"], account=account)
        for i, (zone, account) in enumerate(TWELVE)
    ]
    chosen = plan(DATES, audiences, gap=75)
    posts = [
        wanted(f"person{i}/{platform}/{lang}", platform, lang, f"person{i}")
        for i in range(len(TWELVE))
        for platform in ("instagram", "x")
        for lang in ("ar", "en")
    ]
    slots = slots_of(schedule(chosen, posts))
    assert len(slots) == 48
    windows = [(dt.time.fromisoformat(s), dt.time.fromisoformat(e)) for s, e in WINDOWS]
    for post, slot in zip(posts, slots, strict=True):
        i = int(post.subjects[0].removeprefix("person"))
        zone, account = TWELVE[i]
        assert (slot.audience, slot.timezone, slot.account) == (f"a{i}", zone, account)
        # Its local time, read afresh from the UTC instant, is inside a window on a plan date.
        local = slot.utc.astimezone(ZoneInfo(zone))
        assert local == slot.local and slot.utc.utcoffset() == dt.timedelta(0)
        assert local.date().isoformat() in DATES
        assert any(start <= local.time() < end for start, end in windows), (post.id, local)
    by_key: dict[tuple[str, str], list[dt.datetime]] = {}
    for post, slot in zip(posts, slots, strict=True):
        by_key.setdefault((post.platform, slot.account), []).append(slot.utc)
    assert set(by_key) == {(p, a) for p in ("instagram", "x") for a in ("main", "africa", "asia")}
    for instants in by_key.values():
        for one, two in itertools.combinations(instants, 2):
            assert abs(one - two) >= dt.timedelta(minutes=75)
    # The main account's 32 posts use every date.
    assert {s.local.date() for s in slots if s.account == "main"} == {dt.date.fromisoformat(d) for d in DATES}


# --- the placement against a plain reference ---------------------------------------------------


def reference(chosen: PostingPlan, posts: list[Wanted]) -> list[dt.datetime | None]:
    """The documented rule written the slow, obvious way: enumerate every candidate, check it
    against every post placed for the same (platform, account)."""
    dates = sorted(set(chosen.dates))
    gap = dt.timedelta(minutes=chosen.gap_minutes)
    placed: dict[tuple[str, str], list[tuple[int, dt.datetime]]] = {}
    out: list[dt.datetime | None] = []
    for post in posts:
        aud = chosen.audiences[audience_for(chosen, post)]
        mine = placed.setdefault((post.platform, aud.account), [])
        per_date = []
        for day in dates:
            found = set()
            for w in aud.windows:
                opens, closes = window_bounds(day, w.start, w.end, aud.timezone)
                moment = opens
                while moment < closes:
                    found.add(moment)
                    moment += gap
            per_date.append(sorted(found))
        best = None
        for d in sorted(range(len(dates)), key=lambda d: (sum(1 for pd, _ in mine if pd == d), d)):
            free = [m for m in per_date[d] if all(abs(m - t) >= gap for _, t in mine)]
            if free:
                best = (d, free[0])
                break
        if best is not None:
            mine.append(best)
        out.append(best[1] if best else None)
    return out


@pytest.mark.parametrize("seed", range(25))
def test_placement_matches_the_plain_reference(seed: int) -> None:
    import random

    rng = random.Random(seed)
    zones = [
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kolkata",
        "Pacific/Kiritimati",
        "Australia/Lord_Howe",
        "UTC",
    ]
    audiences = []
    for i in range(rng.randint(1, 4)):
        windows = []
        for _ in range(rng.randint(1, 3)):
            start = rng.randint(0, 23 * 60)
            end = (start + rng.randint(15, 300)) % (24 * 60)
            windows.append((f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
        audiences.append(
            audience(
                f"a{i}",
                rng.choice(zones),
                windows,
                languages=[rng.choice(["ar", "en"])],
                account=rng.choice(["main", "b"]),
            )
        )
    first = dt.date(2026, 3, 27) if seed % 2 else dt.date(2026, 10, 23)  # across the DST changes
    dates = [(first + dt.timedelta(days=rng.randint(0, 10))).isoformat() for _ in range(rng.randint(1, 4))]
    chosen = plan(dates, audiences, gap=rng.choice([7, 30, 45, 60, 95]))
    posts = [
        wanted(f"p{i}", rng.choice(["instagram", "x"]), rng.choice(["ar", "en", "fr"]))
        for i in range(rng.randint(1, 30))
    ]
    got = [s.utc if isinstance(s, Slot) else None for s in schedule(chosen, posts)]
    assert got == reference(chosen, posts)
