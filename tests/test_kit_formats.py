"""The files schedulers import, read back with independent readers: Buffer's and Meta's CSVs
with the csv module (header exact, Arabic intact, RFC 4180 quoting), schedule.ics with
icalendar (times equal the planned local windows in UTC, the asset attached by path)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from takatof.model.campaign import PostingPlan
from takatof.model.post_copy import Asset, Post
from takatof.model.schedule import Slot, Wanted, schedule
from takatof.render.kit_formats import (
    BUFFER_HEADER,
    META_HEADER,
    buffer_channels,
    buffer_csv,
    buffer_left_out,
    buffer_reason,
    buffer_zone,
    guard_cell,
    ics,
    meta_csv,
    meta_reason,
)

UTC = dt.UTC
ARABIC = 'قصة هالة: "التكاتف قوّة"، معًا\nسطر ثانٍ #التكاتف_قوّة @مخبز_الحي'


def asset(id: str, *paths: str, kind: str = "card") -> Asset:
    return Asset(
        id=id,
        kind=kind,
        template="quote",
        variant="",
        preset="instagram-post",
        platforms=("instagram",),
        subject="hala",
        subjects=(),
        languages=("ar", "en"),
        output_path="outputs.cards[0]",
        paths=paths,
    )


def post(
    the_asset: Asset,
    platform: str,
    lang: str = "ar",
    text: str = ARABIC,
    error: str | None = None,
    **more: Any,
) -> Post:
    fields: dict[str, Any] = {
        "hashtags": ("#التكاتف_قوّة",),
        "mentions": ("@مخبز_الحي",),
        "first_comment": "",
        "link": "",
        "alt": "",
        "length": 10,
        "limit": 2200,
        "shortened": (),
        "template": "default quote",
        **more,
    }
    return Post(
        id=f"{the_asset.id}/{platform}/{lang}",
        asset=the_asset,
        platform=platform,
        lang=lang,
        text="" if error else text,
        error=error,
        **fields,
    )


def slot(utc: dt.datetime, zone: str = "Asia/Karachi", account: str = "main") -> Slot:
    return Slot(utc=utc, local=utc.astimezone(ZoneInfo(zone)), timezone=zone, audience="pk", account=account)


CARD = asset(
    "hala/quote-instagram-post", "hala/quote-instagram-post.png", "hala/quote-instagram-post.alt.txt"
)
SPACED = asset("hala/quote-x", "hala/ملصق 1.jpg")
VIDEO = asset("hala/story-reel", "hala/story-reel.mp4", "hala/story-reel.ar.srt", kind="reel")
SLIDES = asset("hala/carousel", "hala/carousel-01.png", "hala/carousel-02.png", kind="carousel")
AT_18 = dt.datetime(2026, 6, 1, 13, tzinfo=UTC)  # 18:00 in Karachi


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


# --- Buffer ------------------------------------------------------------------------------------


def test_buffer_csv_header_text_and_time() -> None:
    rows = [(post(CARD, "instagram"), slot(AT_18))]
    data = buffer_csv(rows, None)
    parsed = read_csv(data)
    assert parsed[0] == ["Text", "Image URL", "Tags", "Posting Time"] == list(BUFFER_HEADER)
    assert parsed[1] == [ARABIC, "hala/quote-instagram-post.png", "", "2026-06-01 18:00"]  # Karachi's
    # RFC 4180: CRLF between records, the post's own line break kept inside the quotes.
    assert data.count(b"\r\n") == 2 and "معًا\nسطر".encode() in data
    assert data.decode("utf-8-sig").startswith('"Text","Image URL","Tags","Posting Time"\r\n')


def test_buffer_times_in_the_stated_zone_and_media_at_the_published_url() -> None:
    rows = [(post(SPACED, "x"), slot(AT_18))]
    parsed = read_csv(buffer_csv(rows, "https://cdn.example.org/campaign/", timezone="Asia/Karachi"))
    assert parsed[1][1] == "https://cdn.example.org/campaign/hala/%D9%85%D9%84%D8%B5%D9%82%201.jpg"
    assert parsed[1][3] == "2026-06-01 18:00"


def test_buffer_keeps_only_what_its_upload_takes() -> None:
    rows: list[tuple[Post, Slot | str | None]] = [
        (post(CARD, "instagram"), slot(AT_18)),
        (post(CARD, "whatsapp"), slot(AT_18)),  # not a Buffer channel
        (post(VIDEO, "tiktok"), slot(AT_18)),  # a video
        (post(SLIDES, "linkedin"), slot(AT_18)),  # a carousel
        (post(CARD, "facebook", error="text.ar: 2300 of 2200 characters"), slot(AT_18)),
        (post(CARD, "threads"), "no slot for hala/quote-instagram-post/threads/ar: ..."),
        (post(CARD, "linkedin", "en", "Together we are stronger"), None),  # no plan: the queue
    ]
    parsed = read_csv(buffer_csv(rows, None))
    assert [r[0] for r in parsed[1:]] == [ARABIC, "Together we are stronger"]
    assert parsed[2][3] == ""
    said = buffer_left_out(rows)
    assert len(said) == 4
    assert "hala/story-reel/tiktok/ar" in said[0] and "video" in said[0]
    assert "hala/carousel/linkedin/ar" in said[1] and "2 images" in said[1]
    assert "2300 of 2200" in said[2] and "no slot" in said[3]


def test_buffer_one_channel_at_a_time() -> None:
    rows: list[tuple[Post, Slot | str | None]] = [
        (post(CARD, "instagram"), slot(AT_18)),
        (post(CARD, "instagram", "en", "English"), slot(AT_18, account="global")),
        (post(CARD, "x", "en", "On X"), slot(AT_18)),
    ]
    assert buffer_channels(rows) == [("instagram", "main"), ("instagram", "global"), ("x", "main")]
    one = read_csv(buffer_csv(rows, None, platform="instagram", account="global"))
    assert [r[0] for r in one[1:]] == ["English"]


# --- Meta Business Suite -----------------------------------------------------------------------


def test_meta_csv_has_facebook_and_instagram_only() -> None:
    rows: list[tuple[Post, Slot | str | None]] = [
        (post(CARD, "instagram", first_comment="تعليق أول"), slot(AT_18)),
        (post(SLIDES, "facebook", "en", 'Slides, "quoted"'), slot(AT_18 + dt.timedelta(hours=1))),
        (post(VIDEO, "instagram"), None),
        (post(CARD, "x"), slot(AT_18)),
        (post(CARD, "linkedin"), slot(AT_18)),
        (post(CARD, "facebook", error="too long"), slot(AT_18)),
        (post(CARD, "facebook", "en"), "no slot for ..."),
    ]
    parsed = read_csv(meta_csv(rows, None, timezone="Asia/Karachi"))
    assert parsed[0] == list(META_HEADER)
    assert parsed[1:] == [
        [
            "Instagram",
            "hala/quote-instagram-post.png",
            ARABIC,
            "تعليق أول",
            "2026-06-01",
            "18:00",
            "Asia/Karachi",
            "hala/quote-instagram-post/instagram/ar",
        ],
        [
            "Facebook",
            "hala/carousel-01.png\nhala/carousel-02.png",
            'Slides, "quoted"',
            "",
            "2026-06-01",
            "19:00",
            "Asia/Karachi",
            "hala/carousel/facebook/en",
        ],
        ["Instagram", "hala/story-reel.mp4", ARABIC, "", "", "", "", "hala/story-reel/instagram/ar"],
    ]


def test_the_byte_order_mark_can_be_left_off() -> None:
    rows: list[tuple[Post, Slot | str | None]] = [(post(CARD, "facebook"), slot(AT_18))]
    for data in (buffer_csv(rows, None, bom=False), meta_csv(rows, None, bom=False)):
        assert data.startswith(b'"')
        assert next(csv.reader(io.StringIO(data.decode("utf-8"))))[0] in {"Text", "Platform"}


def test_meta_csv_times_in_the_one_zone_its_audiences_share_else_utc() -> None:
    """A person fills Meta's composer in their own clock: one audience's zone is that clock;
    audiences in several zones get UTC, the column saying which."""
    one = [(post(CARD, "facebook"), slot(AT_18))]
    parsed = read_csv(meta_csv(one, "https://cdn.example.org/c"))
    assert parsed[1][1] == "https://cdn.example.org/c/hala/quote-instagram-post.png"
    assert parsed[1][4:7] == ["2026-06-01", "18:00", "Asia/Karachi"]
    two = [*one, (post(CARD, "instagram"), slot(AT_18, zone="Asia/Beirut"))]
    assert [row[4:7] for row in read_csv(meta_csv(two, None))[1:]] == [["2026-06-01", "13:00", "UTC"]] * 2
    assert read_csv(meta_csv(two, None, timezone="Asia/Beirut"))[1][5] == "16:00"  # stated: kept


# --- formulas (CSV injection) ------------------------------------------------------------------

# What a spreadsheet reads as a formula, and text that starts like one.
FORMULAS = [
    '=HYPERLINK("http://x")',
    "+961 1 234 567",
    "-50% this week",
    "@hala tells her story",
    "\tx",
    "\uff1dSUM(1)",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_post_that_begins_like_a_formula_begins_with_an_invisible_counted_space(text: str) -> None:
    """Both files' post cells: no formula to a spreadsheet, nothing visible to readers (an
    apostrophe would be posted), the post's own words intact after it."""
    rows: list[tuple[Post, Slot | str | None]] = [
        (post(CARD, "facebook", text=text, first_comment=text), slot(AT_18))
    ]
    for cell in (read_csv(buffer_csv(rows, None))[1][0], *read_csv(meta_csv(rows, None))[1][2:4]):
        assert cell == "\u200b" + text
        assert cell[0] not in "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
    assert buffer_reason(rows[0]) is None and meta_reason(rows[0]) is None


def test_a_formula_post_that_the_guard_would_take_over_its_limit_is_left_out_with_why() -> None:
    """At X's 280 the invisible space would make 281: the post leaves both files, and says so."""
    full = "@hala " + "a" * 274
    assert len(full) == 280
    rows: list[tuple[Post, Slot | str | None]] = [
        (post(CARD, "x", "en", full, limit=280, length=280), slot(AT_18)),
        (post(CARD, "facebook", "en", "=1+1", first_comment="=2" + "b" * 2198), slot(AT_18)),
    ]
    assert read_csv(buffer_csv(rows, None))[1:] == [
        ["\u200b=1+1", "hala/quote-instagram-post.png", "", "2026-06-01 18:00"]
    ]
    reason = buffer_reason(rows[0]) or ""
    assert reason.startswith("Buffer CSV: its text begins with '@'") and "X's 280" in reason
    assert read_csv(meta_csv(rows, None))[1:] == []  # its first comment would be over 2200
    assert "first comment begins with '='" in (meta_reason(rows[1]) or "")
    assert buffer_reason(rows[1]) is None  # Buffer takes no first comment


def test_the_sheets_own_cells_are_escaped_as_owasp_says() -> None:
    assert guard_cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert guard_cell("-x/slide.png") == "'-x/slide.png"
    assert guard_cell("hala/quote.png") == "hala/quote.png"
    dashed = asset("-team/quote", "-team/quote.png")
    parsed = read_csv(meta_csv([(post(dashed, "instagram"), slot(AT_18))], None))
    assert parsed[1][1] == "'-team/quote.png" and parsed[1][7] == "'-team/quote/instagram/ar"


# --- each channel's zone -----------------------------------------------------------------------


def test_a_buffer_channel_is_written_in_its_audiences_zone_or_utc() -> None:
    rows: list[tuple[Post, Slot | str | None]] = [
        (post(CARD, "instagram"), slot(AT_18, zone="Asia/Beirut", account="arabic")),
        (
            post(SPACED, "instagram"),
            slot(AT_18 + dt.timedelta(hours=2), zone="Asia/Beirut", account="arabic"),
        ),
        (post(CARD, "x"), slot(AT_18, zone="Asia/Beirut", account="arabic")),
        (post(CARD, "x", "en", "On X"), slot(AT_18, zone="Europe/London", account="arabic")),
        (post(VIDEO, "x"), slot(AT_18, zone="America/New_York", account="arabic")),  # in no Buffer file
    ]
    assert buffer_zone(rows, "instagram", "arabic") == "Asia/Beirut"
    assert buffer_zone(rows, "x", "arabic") == "UTC"
    beirut = read_csv(buffer_csv(rows, None, timezone="Asia/Beirut", platform="instagram", account="arabic"))
    assert [r[3] for r in beirut[1:]] == ["2026-06-01 16:00", "2026-06-01 18:00"]  # 13:00 UTC is 16:00


# --- schedule.ics ------------------------------------------------------------------------------


def two_zone_plan() -> PostingPlan:
    return PostingPlan.model_validate(
        {
            "dates": ["2026-03-07", "2026-03-08"],
            "gap_minutes": 60,
            "audiences": [
                {
                    "id": "pk",
                    "timezone": "Asia/Karachi",
                    "windows": [{"start": "19:00", "end": "21:00"}],
                    "languages": ["ar"],
                },
                {"id": "ny", "timezone": "America/New_York", "windows": [{"start": "18:00", "end": "20:00"}]},
            ],
        }
    )


def test_ics_events_at_the_planned_local_windows_in_utc(tmp_path: Path) -> None:
    posts = [
        post(CARD, "instagram", "ar", first_comment="تعليق أول", alt="هالة تبتسم"),
        post(CARD, "instagram", "en", "Hala's story", hashtags=("#Together",), mentions=()),
        post(SLIDES, "facebook", "en", "Slides"),
        post(CARD, "x", "en", "Over the limit", error="text.en: 300 of 280"),
    ]
    wanted = [Wanted(p.id, p.platform, p.lang, ("hala",)) for p in posts]
    slots = schedule(two_zone_plan(), wanted)
    rows = list(zip(posts, slots, strict=True))
    data = ics(rows, tmp_path, "قصص المجتمع / Community Stories", campaign_id="stories")
    calendar = Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "قصص المجتمع / Community Stories"
    events = calendar.walk("VEVENT")
    assert len(events) == 3  # the post with an error is not scheduled
    starts = [e.decoded("DTSTART") for e in events]
    # ar -> Karachi (+5): 19:00 PKT on 7 March is 14:00 UTC. en -> New York, which springs
    # forward on 8 March. The English Instagram post shares the account with the Arabic one,
    # so it goes to the 8th (the emptier date): 18:00 EDT, 22:00 UTC. The Facebook post (its
    # own gap) takes the 7th: 18:00 EST, 23:00 UTC.
    assert starts == [
        dt.datetime(2026, 3, 7, 14, tzinfo=UTC),
        dt.datetime(2026, 3, 8, 22, tzinfo=UTC),
        dt.datetime(2026, 3, 7, 23, tzinfo=UTC),
    ]
    assert all(s.tzinfo is not None and s.utcoffset() == dt.timedelta(0) for s in starts)
    assert b"DTSTART:20260307T140000Z" in data
    first = events[0]
    assert first.decoded("DURATION") == dt.timedelta(minutes=15)
    assert str(first["SUMMARY"]) == "Instagram · ar · hala/quote-instagram-post"
    description = str(first["DESCRIPTION"])
    assert description.startswith(ARABIC)
    assert "#التكاتف_قوّة" in description and "First comment: تعليق أول" in description
    assert "Alt text: هالة تبتسم" in description and "Asia/Karachi" in description
    assert [str(c) for c in first["CATEGORIES"].cats] == ["Instagram"]
    attach = first["ATTACH"]
    assert str(attach) == (tmp_path / "hala/quote-instagram-post.png").as_uri()
    assert attach.params["FMTTYPE"] == "image/png"
    slides = events[2]["ATTACH"]
    assert [str(a) for a in slides] == [(tmp_path / p).as_uri() for p in SLIDES.paths]
    assert str(events[2]["SUMMARY"]) == "Facebook · en · hala/carousel"
    uids = [str(e["UID"]) for e in events]
    assert uids[0] == "stories/hala/quote-instagram-post/instagram/ar@takatof"
    assert len(set(uids)) == 3


def test_ics_is_the_same_for_the_same_kit(tmp_path: Path) -> None:
    rows: list[tuple[Post, Slot | str | None]] = [
        (post(CARD, "instagram"), slot(AT_18)),
        (post(VIDEO, "tiktok"), None),  # no plan: no event
        (post(CARD, "x"), "no slot for ..."),
    ]
    stamp = dt.datetime(2026, 5, 1, tzinfo=UTC)
    one = ics(rows, tmp_path, "Stories", stamp=stamp)
    assert one == ics(rows, tmp_path, "Stories", stamp=stamp)
    assert len(Calendar.from_ical(one).walk("VEVENT")) == 1


@pytest.mark.parametrize("path", ["hala/story-reel.mp4"])
def test_ics_attaches_a_video_with_its_type(tmp_path: Path, path: str) -> None:
    data = ics([(post(VIDEO, "tiktok"), slot(AT_18))], tmp_path, "Stories")
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["ATTACH"]) == (tmp_path / path).as_uri()
    assert event["ATTACH"].params["FMTTYPE"] == "video/mp4"
