"""The publishing kit: every asset's posts, their schedule, and the files a scheduler imports,
written beside the assets by every render that makes them (unless turned off):

- ``posts.json``: every post (an asset × platform × language) with its copy, hashtags,
  mentions, alt text, first comment, files and time — the records the manifest's ``posts`` holds;
- ``posts-buffer-<platform>-<account>-<zone>.csv`` (Buffer's bulk upload, one channel a file,
  its times in the zone its name ends with) and
  ``posts-meta.csv`` (a Meta Business Suite bulk-upload sheet);
- ``schedule.ics``: one calendar event per scheduled post, for the team's calendar.

The kit describes the folder, not one run: it is built from the merged manifest (what the
folder holds after this render), so a render of one person still writes the posts of every
asset on disk, and a post never names a file that is not there. Its copy is a pure function
of the project (takatof.model.post_copy) and its times of the posting plan
(takatof.model.schedule); this module joins them to the files.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import Project
from ..model.campaign import PostingPlan
from ..model.post_checks import account_key
from ..model.post_copy import Asset, Post, posts_for
from ..model.schedule import Slot, Wanted, audience_for, schedule
from . import kit_formats
from .files import write_atomic
from .jobs import Job, all_jobs
from .manifest import CardEntry, OutputEntry, PostRecord, SlideEntry
from .presets import post_platforms

POSTS_JSON = "posts.json"
BUFFER_PREFIX = "posts-buffer-"  # one file per channel (see buffer_name)
META_CSV = "posts-meta.csv"
SCHEDULE_ICS = "schedule.ics"
KIT_VERSION = 1

# Where each kind's outputs are listed in the project file, for a post's error to point at.
_SECTIONS = {
    "card": "cards",
    "video": "videos",
    "reel": "reels",
    "carousel": "carousels",
    "animated": "animated",
    "film": "films",
}


@dataclass(frozen=True)
class Kit:
    """Every post of the campaign with its slot (None: no plan; a str: why it has none)."""

    posts: list[Post]
    slots: list[Slot | str | None]

    @property
    def failed(self) -> list[Post]:
        return [post for post in self.posts if post.error is not None]


def asset_of(project: Project, job: Job, entries: dict[tuple[str, ...], OutputEntry] | None = None) -> Asset:
    """The asset ``job`` makes, as its posts need it; with its files and alt text when
    ``entries`` (the manifest's, by identity) hold them."""
    campaign_id = project.campaign.id
    paths: tuple[str, ...] = ()
    alt: dict[str, str] = {}
    if entries is not None:
        paths, alt = _files(job, campaign_id, entries)
    return Asset(
        id=f"{job.folder(campaign_id)}/{job.stem}",
        kind=job.kind,
        template=job.template,
        variant=job.variant,
        preset=job.preset,
        platforms=post_platforms(job.preset),
        subject=job.subject,
        subjects=job.subjects,
        languages=job.languages_of(project),
        output_path=output_path(project, job),
        paths=paths,
        alt=alt,
    )


def _files(
    job: Job, campaign_id: str, entries: dict[tuple[str, ...], OutputEntry]
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The files a post of ``job`` carries (a carousel's slides in order; else the output's own
    file) and its alt text per language, from the manifest; nothing when it is not on disk."""
    identities = job.identities(campaign_id)
    main = entries.get(identities[0])
    if main is None or main.path is None or main.stale is not None:
        return (), {}
    if job.kind == "carousel":
        slides = [entries.get(identity) for identity in identities[1:]]
        written = [s for s in slides if isinstance(s, SlideEntry) and s.path is not None and s.stale is None]
        ordered = sorted(written, key=lambda s: s.slide)
        return tuple(s.path for s in ordered if s.path), _alt(ordered[0] if ordered else None)
    return (main.path,), _alt(main)


def _alt(entry: OutputEntry | None) -> dict[str, str]:
    """An entry's alt text per language (a card's, a carousel's cover slide's); none for a video."""
    if not isinstance(entry, CardEntry | SlideEntry) or entry.alt is None:
        return {}
    texts = entry.alt.__pydantic_extra__ or {}
    return {lang: text for lang, text in texts.items() if isinstance(text, str) and text}


def output_path(project: Project, job: Job) -> str:
    """The JSON path of the project output that asks for ``job`` ("outputs.cards[2]"), for a
    post's error to say where to look."""
    section = _SECTIONS.get(job.kind)
    if section is None:
        return "outputs"
    listed = getattr(project.campaign.outputs, section, [])
    for i, output in enumerate(listed):
        if job.preset not in output.presets:
            continue
        own_id = getattr(output, "id", None)
        if own_id is not None and job.variant:
            if own_id == job.variant:
                return f"outputs.{section}[{i}]"
        elif getattr(output, "template", job.template) == job.template:
            return f"outputs.{section}[{i}]"
    return f"outputs.{section}"


def assets(project: Project, entries: Sequence[OutputEntry] | None = None) -> list[Asset]:
    """Every asset the project asks for that takes a post, with its files from ``entries`` (a
    manifest's) when given: then an asset not on disk is left out.

    One output in several shapes for one platform is ONE post: a quote card made square and
    4:5 for Instagram is posted once, in the shape its output lists first (the other is an
    alternative for the team, not a second post of the same words). So each asset carries only
    the platforms it is the first shape for."""
    by_identity = {entry.identity: entry for entry in entries} if entries is not None else None
    claimed: set[tuple[object, str]] = set()
    found = []
    for job in all_jobs(project):
        same = (job.kind, job.template, job.variant, job.subject, job.subjects, job.languages, job.layout)
        asset = asset_of(project, job, by_identity)
        if by_identity is not None and not asset.paths:
            continue  # not on disk: its platforms go to the next shape that is
        platforms = tuple(p for p in asset.platforms if (same, p) not in claimed)
        claimed.update((same, p) for p in platforms)
        if platforms:
            found.append(replace(asset, platforms=platforms))
    return found


def build(project: Project, entries: Sequence[OutputEntry] | None = None) -> Kit:
    """The posts of every asset (on disk, when ``entries`` is given) and their schedule: a post
    whose copy failed is not given a time (it cannot go out)."""
    campaign = project.campaign
    posts = [post for asset in assets(project, entries) for post in posts_for(campaign, asset)]
    plan = campaign.publishing.plan
    slots: list[Slot | str | None] = [None] * len(posts)
    if plan is not None:
        ready = [i for i, post in enumerate(posts) if post.error is None]
        asked = [wanted(posts[i]) for i in ready]
        for i, slot in zip(ready, schedule(plan, asked), strict=True):
            slots[i] = slot
        for i, post in enumerate(posts):
            if post.error is not None:
                slots[i] = "not scheduled: its copy does not fit the platform (see error)"
    return Kit(posts, slots)


def wanted(post: Post) -> Wanted:
    """What the schedule needs of ``post``: its id, platform, language and subjects."""
    asset = post.asset
    subjects = asset.subjects or ((asset.subject,) if asset.subject else ())
    return Wanted(post.id, post.platform, post.lang, subjects)


def record(
    post: Post, slot: Slot | str | None, plan: PostingPlan | None = None, left_out: Sequence[str] = ()
) -> PostRecord:
    """The post as ``posts.json`` and the manifest write it. A post the plan found no room for
    names the audience and account it was meant for (from ``plan``), so a producer sees where
    the plan is short; ``left_out`` says which upload files it is not in, and why."""
    asset = post.asset
    timed = slot if isinstance(slot, Slot) else None
    audience, account = (timed.audience, timed.account) if timed else (None, None)
    if isinstance(slot, str) and post.error is None and plan is not None:
        meant = plan.audiences[audience_for(plan, wanted(post))]
        audience, account = meant.id, meant.account
    return PostRecord(
        id=post.id,
        asset=asset.id,
        kind=asset.kind,
        template=asset.template,
        preset=asset.preset,
        subject=asset.subject,
        subjects=list(asset.subjects) or None,
        platform=post.platform,
        lang=post.lang,
        media=list(asset.paths),
        text=post.text,
        hashtags=list(post.hashtags),
        mentions=list(post.mentions),
        link=post.link or None,
        alt=post.alt or None,
        first_comment=post.first_comment or None,
        length=post.length,
        limit=post.limit,
        shortened=list(post.shortened) or None,
        copy_from=post.template,
        error=post.error,
        scheduled=timed.utc if timed else None,
        local=timed.local if timed else None,
        timezone=timed.timezone if timed else None,
        audience=audience,
        account=account,
        unscheduled=slot if isinstance(slot, str) else None,
        left_out=list(left_out) or None,
    )


def _left_out(row: kit_formats.Row) -> list[str]:
    """The upload files a post that can go out is not in, each with why."""
    return [reason for reason in (kit_formats.buffer_reason(row), kit_formats.meta_reason(row)) if reason]


def kit_files(project: Project, out_dir: Path, kit: Kit) -> tuple[dict[str, bytes], list[PostRecord]]:
    """The kit's files by name, with their bytes, and its post records: nothing written yet."""
    campaign = project.campaign
    plan = campaign.publishing.plan
    rows = list(zip(kit.posts, kit.slots, strict=True))
    records = [record(post, slot, plan, _left_out((post, slot))) for post, slot in rows]
    media_url = campaign.publishing.media_url
    document = {
        "version": KIT_VERSION,
        "campaign": campaign.id,
        "posts": [r.model_dump(mode="json", exclude_none=True) for r in records],
    }
    files: dict[str, bytes] = {
        POSTS_JSON: (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    # Buffer imports one channel per upload: a file per platform and account, its times in the
    # zone that channel's audiences share (UTC for several), the zone in its name.
    for platform, account in kit_formats.buffer_channels(rows):
        zone = kit_formats.buffer_zone(rows, platform, account)
        name = _unique(buffer_name(platform, account, zone if plan is not None else None), files)
        files[name] = kit_formats.buffer_csv(
            rows, media_url, timezone=zone, platform=platform, account=account
        )
    files[META_CSV] = kit_formats.meta_csv(rows, media_url)
    if plan is not None:
        title = campaign.title.get(campaign.languages[0]) or campaign.id
        files[SCHEDULE_ICS] = kit_formats.ics(rows, out_dir, title, campaign_id=campaign.id)
    return files, records


def write_kit(
    project: Project, out_dir: Path, entries: Sequence[OutputEntry]
) -> tuple[list[str], list[PostRecord]]:
    """Write the kit for the assets ``entries`` (the merged manifest's) hold into ``out_dir``,
    each file atomically; give its file names and post records (for the manifest). A file the
    kit no longer writes (``schedule.ics`` once the plan is removed) is removed, so the folder
    never holds a stale schedule. A file that cannot be written raises OSError naming that
    file (not its temporary); ``remove_kit`` then takes the rest away."""
    files, records = kit_files(project, out_dir, build(project, entries))
    for name, data in files.items():
        if _unchanged(out_dir / name, data):
            continue  # a render that changed nothing rewrites nothing (its times stay)
        try:
            write_atomic(out_dir / name, data)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror or str(exc), str(out_dir / name)) from exc
    for stale in _kit_on_disk(out_dir):
        if stale.name not in files:
            stale.unlink(missing_ok=True)  # a channel or a plan the project no longer has
    return list(files), records


def remove_kit(out_dir: Path) -> None:
    """Take every kit file out of ``out_dir`` (after a kit that could not be written): the
    manifest then lists no kit, and the folder holds none that would describe other assets or
    an older plan. What cannot be removed (not a file) stays."""
    for path in _kit_on_disk(out_dir):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _kit_on_disk(out_dir: Path) -> list[Path]:
    """The kit's files in ``out_dir`` (plain files only)."""
    named = [out_dir / POSTS_JSON, out_dir / META_CSV, out_dir / SCHEDULE_ICS]
    return [path for path in (*named, *out_dir.glob(f"{BUFFER_PREFIX}*.csv")) if path.is_file()]


def buffer_name(platform: str, account: str | None, zone: str | None = None) -> str:
    """A Buffer channel's file: posts-buffer-instagram-arabic-asia-beirut.csv, its times'
    zone last (-utc when its audiences are in several); no account and no zone: no plan."""
    parts = [platform, *([account_key(account)] if account else []), *([account_key(zone)] if zone else [])]
    return f"{BUFFER_PREFIX}{'-'.join(parts)}.csv"


def _unique(name: str, taken: Collection[str]) -> str:
    """``name``, or with -2, -3 ... before its extension when another file has it (two accounts
    whose names differ only in case or punctuation): one channel's posts never overwrite
    another's."""
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    return candidate


def _unchanged(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds ``data``: the same bytes, or for the calendar the same
    events (only DTSTAMP, the moment it was written, differs), so a render that changed
    nothing leaves the kit as it was, as it leaves unchanged assets."""
    try:
        old = path.read_bytes()
    except OSError:
        return False
    if path.suffix != ".ics":
        return old == data
    return _without_stamps(old) == _without_stamps(data)


def _without_stamps(calendar: bytes) -> list[bytes]:
    return [line for line in calendar.splitlines() if not line.startswith(b"DTSTAMP")]
