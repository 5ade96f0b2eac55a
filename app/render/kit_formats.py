"""The files a scheduler or a calendar imports, made from the kit's posts and their slots:
Buffer's bulk-upload CSV, a Meta Business Suite bulk-upload sheet, and schedule.ics. Each is a
pure function returning bytes; the kit writes them beside the assets.

Buffer (sources, checked 2026-12-07):
  https://support.buffer.com/article/926-how-to-upload-posts-in-bulk-to-buffer
  https://support.buffer.com/article/514-setting-up-your-timezones-and-posting-schedules
- the columns are ``Text,Image URL,Tags,Posting Time``, case-sensitive;
- ``Posting Time`` is ``YYYY-MM-DD HH:mm`` (24 h) with no zone column: Buffer reads it in the
  time zone of the channel it is uploaded to. So a channel's times are written in the one zone
  all its posts' audiences share (``shared_zone``: a channel for Beirut gets Beirut's wall
  clock, which is what its Buffer channel is set to), and in UTC when its audiences are in
  several zones; the kit puts that zone in the file's name
  (``posts-buffer-instagram-arabic-asia-beirut.csv``, ``...-utc.csv``) so nobody uploads it
  to a channel set to another zone unwarned. A blank Posting Time adds the post to the
  channel's queue, so posts of a campaign with no posting plan are kept, time blank;
- ``Image URL`` is one public, direct link to a .jpg/.png (5 MB at most): Buffer's upload takes
  text and a single image, not videos, carousels or first comments. Posts whose asset is not
  one still image are left out of this file (``buffer_reason`` says why, and the kit writes it
  into the post's ``left_out`` in posts.json): they go out from Buffer's composer, with their
  copy from posts.json;
- ``Tags`` are Buffer's own labels (not hashtags, which are in the text): left blank;
- one upload is for one channel: ``buffer_csv`` takes a platform and an account to make one
  channel's file, or ``buffer_channels`` lists the channels a kit has.

Meta Business Suite: no CSV column set is published in the sources this was checked against;
its bulk upload (business.facebook.com/latest/bulk_upload_composer) is a composer in which
each row is one file with its text and its schedule, set in the local time of the person's
computer. ``meta_csv`` is the sheet to fill those rows from, one row per Facebook or Instagram
post, in the composer's order (media, text, schedule), with the zone the times are in stated
in a column of its own (the one zone all its posts' audiences share, else UTC, as for Buffer).
Check its header against the template Meta offers when one is published (``META_HEADER``, the
one place to change).

Both CSVs: UTF-8 with a byte-order mark (without it Excel opens the file in the machine's
legacy code page and the Arabic comes out as mojibake, and a manager opens the sheet to check
it before uploading; the mark is UTF-8's standard signature, which CSV readers such as
Python's ``utf-8-sig`` skip. The sources do not say whether Buffer's reader does: were it to
refuse the first header, ``bom=False`` writes the file without it), every field quoted and
rows ended by CRLF (RFC 4180), the text as composed (line breaks kept inside the quotes).
Posts with an error, and posts the plan found no slot for, are left out of every file;
schedule.ics has only the posts that have a time.

Formulas (CSV injection). A spreadsheet reads a cell that begins with ``= + - @``, a tab or a
carriage return (and Excel the full-width ``＝ ＋ － ＠``) as a formula, and both CSVs are
opened in one: the Meta sheet is a worksheet a person reads and copies from, the Buffer file
one a manager checks before uploading. OWASP's advice (owasp.org/www-community/attacks/
CSV_Injection) is to begin such a cell with an apostrophe; but these cells are the posts
themselves: Buffer's upload and Meta's bulk-upload composer take a cell's text as it is, and a
person copying the cell from a sheet opened as CSV copies the apostrophe too, so it would be
posted. So:
- a post's text or first comment that begins with one of those characters begins with a
  ZERO WIDTH SPACE (U+200B) instead, in both files (``guard_post_text``): invisible to
  readers, no formula to a spreadsheet, and counted: the post is kept only when it still
  fits its platform with it, counted as the platform counts (1 on most, X included:
  U+2000-U+200D is in twitter-text's light range; 3 UTF-8 bytes where bytes count; a platform
  that trims it posts the text as composed). One that would then be over its limit is left
  out of the file, with the reason in its ``left_out`` (post it from posts.json);
- the sheet's own cells (platform, media, post id) are never posted: one that begins with a
  formula character begins with an apostrophe, as OWASP says (``guard_cell``).

Media: ``media_url`` + the file's path (URL-quoted) when the project says where the output
folder will be published, else the path relative to the output folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ..model.platform_rules import rules
from ..model.post_copy import Post
from ..model.post_text import length
from ..model.schedule import Slot

Row = tuple[Post, Slot | str | None]

BUFFER_HEADER: tuple[str, ...] = ("Text", "Image URL", "Tags", "Posting Time")
BUFFER_PLATFORMS: frozenset[str] = frozenset(
    {"instagram", "facebook", "x", "linkedin", "threads", "tiktok", "youtube"}
)
META_HEADER: tuple[str, ...] = (
    "Platform",
    "Media",
    "Text",
    "First comment",
    "Scheduled date",
    "Scheduled time",
    "Time zone",
    "Post ID",
)
META_PLATFORMS: dict[str, str] = {"facebook": "Facebook", "instagram": "Instagram"}

STILL_IMAGES = frozenset({".png", ".jpg", ".jpeg"})
IMAGES = STILL_IMAGES | {".gif", ".webp"}
VIDEOS = frozenset({".mp4", ".mov", ".m4v", ".webm"})
EVENT_LENGTH = dt.timedelta(minutes=15)  # a reminder's length in the team's calendar
BOM = "\ufeff"
# What a spreadsheet reads as the start of a formula (OWASP's list; Excel's full-width forms).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
POST_GUARD = "\u200b"  # ZERO WIDTH SPACE: invisible; counted (1 on X, Instagram, ...)


# --- shared ------------------------------------------------------------------------------------


def media_files(post: Post) -> tuple[str, ...]:
    """The asset's image and video files (not its alt-text files, PDFs or captions), in order."""
    return tuple(p for p in post.asset.paths if PurePosixPath(p).suffix.lower() in IMAGES | VIDEOS)


def media_link(path: str, media_url: str | None) -> str:
    """Where a scheduler finds the file: its public URL when the output folder is published at
    ``media_url``, else its path relative to the output folder."""
    if not media_url:
        return path
    return media_url.rstrip("/") + "/" + quote(path, safe="/")


def _kept(row: Row) -> bool:
    """A post that can go out: no error, and a slot or no plan at all (not "no slot")."""
    post, slot = row
    return post.error is None and not isinstance(slot, str)


def _in_zone(slot: Slot | str | None, zone: ZoneInfo) -> dt.datetime | None:
    return slot.utc.astimezone(zone) if isinstance(slot, Slot) else None


def shared_zone(rows: Sequence[Row], keep: Callable[[Row], bool]) -> str:
    """The time zone a file of the rows ``keep`` takes is written in: the zone all their
    scheduled posts' audiences share, else (several zones, or no times) UTC. A scheduler reads
    a file's times in the zone its channel or its user is set to: one audience's wall clock is
    what that channel is set to."""
    zones = {slot.timezone for row in rows if keep(row) and isinstance(slot := row[1], Slot)}
    return zones.pop() if len(zones) == 1 else "UTC"


def guard_post_text(text: str, post: Post) -> str | None:
    """``text`` (a post's text or first comment) as a CSV cell no spreadsheet reads as a
    formula: as it is, or after a zero-width space when it begins with a formula character
    (see the module's notes); None when the post would then be over its platform's limit."""
    if not text.startswith(FORMULA_STARTS):
        return text
    guarded = POST_GUARD + text
    return guarded if length(guarded, rules(post.platform)) <= post.limit else None


def guard_cell(value: str) -> str:
    """One of the sheet's own cells (never posted), escaped as OWASP says: an apostrophe first
    when it begins with a formula character."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _formula_reason(post: Post, file: str) -> str | None:
    """Why ``post`` cannot be in ``file`` for its formula guard, or None."""
    for label, text in (("text", post.text), ("first comment", post.first_comment)):
        if text and guard_post_text(text, post) is None:
            return (
                f"{file}: its {label} begins with {text[0]!r}, which a spreadsheet opening the file "
                f"reads as a formula, and with the invisible guard before it the text is over "
                f"{rules(post.platform).name}'s {post.limit}: begin it with another character, or "
                "schedule it from posts.json"
            )
    return None


def _csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], bom: bool) -> bytes:
    """RFC 4180: every field quoted, CRLF line ends; UTF-8, with a BOM for Excel's sake."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ((BOM if bom else "") + out.getvalue()).encode("utf-8")


# --- Buffer ------------------------------------------------------------------------------------


def _buffer_problem(post: Post) -> str | None:
    """Why Buffer's upload cannot take ``post``'s asset, or None: it takes one still image."""
    files = media_files(post)
    if len(files) == 1 and PurePosixPath(files[0]).suffix.lower() in STILL_IMAGES:
        return None
    if any(PurePosixPath(f).suffix.lower() in VIDEOS for f in files):
        return "it is a video"
    if len(files) > 1:
        return f"it has {len(files)} images"
    return "it has no .png or .jpg file"


def buffer_reason(row: Row) -> str | None:
    """Why a post on a Buffer platform that can go out (no error, not left without a slot) is
    in no Buffer CSV, or None (it is in one, or it is no Buffer post, or it cannot go out at
    all: its error or its "no slot" says so already)."""
    post, _ = row
    if post.platform not in BUFFER_PLATFORMS or not _kept(row):
        return None
    if problem := _buffer_problem(post):
        return (
            f"Buffer CSV: {problem}; Buffer's bulk upload takes one .png or .jpg a post: "
            "schedule it in Buffer's composer with its copy from posts.json"
        )
    return _formula_reason(replace(post, first_comment=""), "Buffer CSV")  # Buffer takes no comment


def meta_reason(row: Row) -> str | None:
    """Why a Facebook or Instagram post that can go out is not in the Meta sheet, or None."""
    post, _ = row
    if post.platform not in META_PLATFORMS or not _kept(row):
        return None
    return _formula_reason(post, "posts-meta.csv")


def _in_buffer(row: Row) -> bool:
    post, _ = row
    return post.platform in BUFFER_PLATFORMS and _kept(row) and buffer_reason(row) is None


def _on_channel(row: Row, platform: str | None, account: str | None) -> bool:
    post, slot = row
    if platform is not None and post.platform != platform:
        return False
    return account is None or (isinstance(slot, Slot) and slot.account == account)


def buffer_zone(rows: Sequence[Row], platform: str | None = None, account: str | None = None) -> str:
    """The zone one channel's Buffer file is written in (``shared_zone``)."""
    return shared_zone(rows, lambda row: _in_buffer(row) and _on_channel(row, platform, account))


def buffer_csv(
    rows: Sequence[Row],
    media_url: str | None,
    *,
    timezone: str | None = None,
    platform: str | None = None,
    account: str | None = None,
    bom: bool = True,
) -> bytes:
    """Buffer's bulk-upload CSV of the posts Buffer can take (see the module's notes), times in
    ``timezone`` (default ``buffer_zone``); ``platform`` and ``account`` narrow it to one
    channel's upload."""
    zone = ZoneInfo(timezone or buffer_zone(rows, platform, account))
    lines: list[list[str]] = []
    for row in rows:
        post, slot = row
        if not _in_buffer(row) or not _on_channel(row, platform, account):
            continue
        when = _in_zone(slot, zone)
        stamp = when.strftime("%Y-%m-%d %H:%M") if when else ""
        text = guard_post_text(post.text, post) or ""  # never None: buffer_reason said so
        lines.append([text, guard_cell(media_link(media_files(post)[0], media_url)), "", stamp])
    return _csv_bytes(BUFFER_HEADER, lines, bom)


def buffer_channels(rows: Sequence[Row]) -> list[tuple[str, str | None]]:
    """The (platform, account) channels of the posts Buffer can take, in first-seen order; the
    account is None for posts with no plan (any account)."""
    seen: dict[tuple[str, str | None], None] = {}
    for row in rows:
        post, slot = row
        if _in_buffer(row):
            seen[(post.platform, slot.account if isinstance(slot, Slot) else None)] = None
    return list(seen)


def buffer_left_out(rows: Sequence[Row]) -> list[str]:
    """A sentence for each post on a Buffer platform that its CSV leaves out, and why."""
    said: list[str] = []
    for row in rows:
        post, slot = row
        if post.platform not in BUFFER_PLATFORMS:
            continue
        if post.error is not None:
            said.append(f"{post.id}: left out of the Buffer CSV: {post.error}")
        elif isinstance(slot, str):
            said.append(f"{post.id}: left out of the Buffer CSV: {slot}")
        elif reason := buffer_reason(row):
            said.append(f"{post.id}: left out of the {reason}")
    return said


# --- Meta Business Suite -----------------------------------------------------------------------


def _in_meta(row: Row) -> bool:
    post, _ = row
    return post.platform in META_PLATFORMS and _kept(row) and meta_reason(row) is None


def meta_zone(rows: Sequence[Row]) -> str:
    """The zone the Meta sheet's times are written in (``shared_zone``)."""
    return shared_zone(rows, _in_meta)


def meta_csv(
    rows: Sequence[Row], media_url: str | None, *, timezone: str | None = None, bom: bool = True
) -> bytes:
    """The Meta Business Suite bulk-upload sheet: the Facebook and Instagram posts, one row
    each, media (every file of a carousel, one a line), text, first comment, and the date and
    time in ``timezone`` (default ``meta_zone``; blank for a campaign with no posting plan)."""
    zone_name = timezone or meta_zone(rows)
    zone = ZoneInfo(zone_name)
    lines: list[list[str]] = []
    for row in rows:
        post, slot = row
        if not _in_meta(row):
            continue
        when = _in_zone(slot, zone)
        lines.append(
            [
                guard_cell(META_PLATFORMS[post.platform]),
                guard_cell("\n".join(media_link(f, media_url) for f in media_files(post))),
                guard_post_text(post.text, post) or "",  # never None: meta_reason said so
                guard_post_text(post.first_comment, post) or "",
                when.strftime("%Y-%m-%d") if when else "",
                when.strftime("%H:%M") if when else "",
                zone_name if when else "",
                guard_cell(post.id),
            ]
        )
    return _csv_bytes(META_HEADER, lines, bom)


# --- schedule.ics ------------------------------------------------------------------------------


def _platform_name(platform: str) -> str:
    try:
        return rules(platform).name
    except KeyError:
        return platform


def _description(post: Post, slot: Slot) -> str:
    """The event's text: the post ready to paste, then what goes with it, each part labelled."""
    parts: list[tuple[str, str]] = [
        ("Hashtags", " ".join(post.hashtags)),
        ("Mentions", " ".join(post.mentions)),
        ("First comment", post.first_comment),
        ("Link", post.link),
        ("Alt text", post.alt),
        (
            "Local time",
            f"{slot.local:%Y-%m-%d %H:%M} {slot.timezone} (audience {slot.audience}, account {slot.account})",
        ),
        ("Files", ", ".join(post.asset.paths)),
    ]
    said = "\n".join(f"{label}: {value}" for label, value in parts if value)
    return f"{post.text}\n\n{said}"


def _event(post: Post, slot: Slot, out_dir: Path, stamp: dt.datetime, uid: Callable[[Post], str]) -> Event:
    event = Event()
    event.add("uid", uid(post))
    event.add("dtstamp", stamp)
    event.add("dtstart", slot.utc.astimezone(dt.UTC))
    event.add("duration", EVENT_LENGTH)
    event.add("summary", f"{_platform_name(post.platform)} · {post.lang} · {post.asset.id}")
    event.add("description", _description(post, slot))
    event.add("categories", [_platform_name(post.platform)])
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block the day
    for path in media_files(post) or post.asset.paths:
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        event.add("attach", (out_dir / path).absolute().as_uri(), parameters={"FMTTYPE": kind})
    return event


def ics(
    rows: Sequence[Row],
    out_dir: Path,
    campaign_title: str,
    *,
    campaign_id: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """schedule.ics: one event per scheduled post, at its UTC instant, its text and files in
    it. The UID is the post's id (with ``campaign_id`` in front when given, so two campaigns in
    one calendar never share one): importing a newer kit updates the events, it does not
    duplicate them. ``stamp`` is DTSTAMP (now, unless a caller wants the same bytes twice)."""
    made = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    prefix = f"{campaign_id}/" if campaign_id else ""
    calendar = Calendar()
    calendar.add("prodid", "-//Takatof//publishing kit//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", campaign_title)
    for post, slot in rows:
        if post.error is None and isinstance(slot, Slot):
            calendar.add_component(_event(post, slot, out_dir, made, lambda p: f"{prefix}{p.id}@takatof"))
    return bytes(calendar.to_ical())
