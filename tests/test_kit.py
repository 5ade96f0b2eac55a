"""The publishing kit as a user gets it from ``takatof render``: the files beside the assets, read
back with independent readers (csv, icalendar, twitter-text-parser, zoneinfo) rather than the
code that wrote them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import twitter_text

from takatof.cli import main
from takatof.model.project import load_project
from takatof.render import kit
from takatof.render.kit_formats import BUFFER_PLATFORMS
from takatof.render.manifest import read_manifest
from tests.conftest import EXAMPLE_DIR, ROOT, make_media, write_project

# An independent hashtag reader: '#' after a non-word character, then letters, marks, digits
# and underscores (Arabic included), as the platforms link them.
_HASHTAG = re.compile(r"(?<![\w&])#[^\W][\w]*", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]+")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example's cards and carousel rendered once, with the kit: (project file, folder)."""
    folder = tmp_path_factory.mktemp("kit")
    shutil.copytree(EXAMPLE_DIR, folder / "project", ignore=shutil.ignore_patterns("*.bak"))
    project = folder / "project" / "campaign.json"
    make_media(project.parent, json.loads(project.read_text(encoding="utf-8")))
    out = folder / "out"
    argv = ["render", str(project), "--out", str(out), "-q", "-j", "2", "--targets", "cards,carousels,posts"]
    assert main(argv) == 0
    return project, out


def _posts(out: Path) -> list[dict[str, Any]]:
    posts: list[dict[str, Any]] = json.loads((out / "posts.json").read_text(encoding="utf-8"))["posts"]
    return posts


def test_the_kit_lies_beside_the_assets_and_the_manifest_lists_it(rendered: tuple[Path, Path]) -> None:
    _, out = rendered
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = set(manifest["kit"])
    assert {"posts.json", "posts-meta.csv", "schedule.ics"} <= files
    assert any(name.startswith("posts-buffer-") for name in files)
    assert all((out / name).is_file() for name in files)
    assert manifest["posts"] == _posts(out)  # one record, in both places
    posts = _posts(out)
    assert len(posts) > 40
    for post in posts:
        assert post["media"], post["id"]
        assert all((out / path).is_file() for path in post["media"]), post["id"]
        assert "story" not in post["preset"], "a story takes no caption: it has no post"


def test_one_post_per_output_and_platform_not_per_shape(rendered: tuple[Path, Path]) -> None:
    """The stat card is made square and 4:5 for Instagram: posted once, in the first shape."""
    _, out = rendered
    seen = defaultdict(list)
    for post in _posts(out):
        seen[(post["template"], post.get("subject"), post["platform"], post["lang"])].append(post["preset"])
    assert seen[("stat", "hala", "instagram", "ar")] == ["instagram-square"]
    assert all(len(presets) == 1 for presets in seen.values()), seen


def test_every_spotlight_post_tags_its_business(rendered: tuple[Path, Path]) -> None:
    project, out = rendered
    mentions = {s.id: s.mention for s in load_project(project).campaign.spotlights}
    spotlight_posts = [p for p in _posts(out) if p["template"] == "spotlight"]
    assert spotlight_posts
    for post in spotlight_posts:
        assert mentions[post["subject"]] in _MENTION.findall(post["text"]), post["text"]


def test_no_post_is_over_its_platform_limits_by_independent_counters(rendered: tuple[Path, Path]) -> None:
    _, out = rendered
    counted = 0
    for post in _posts(out):
        text = post["text"]
        assert post.get("error") is None, post
        if post["platform"] == "x":
            parsed = twitter_text.parse_tweet(text)
            assert parsed.weightedLength <= 280 and parsed.valid, (post["id"], parsed.weightedLength)
            counted += 1
        elif post["platform"] == "youtube":
            assert len(text.encode("utf-8")) <= 5000
        else:  # Instagram, Facebook, LinkedIn count UTF-16 units: an upper bound of characters
            assert len(text.encode("utf-16-le")) // 2 <= post["limit"], post["id"]
        if post["platform"] == "instagram":
            assert len(_HASHTAG.findall(text)) <= 5, text
    assert counted >= 5


def _plan(project: Path) -> Any:
    return load_project(project).campaign.publishing.plan


def test_the_calendar_holds_each_post_inside_its_audiences_window(rendered: tuple[Path, Path]) -> None:
    """schedule.ics read by icalendar: each event at its post's UTC time, and that instant,
    seen in the audience's zone by zoneinfo, on a plan date inside one of its windows."""
    project, out = rendered
    plan = _plan(project)
    audiences = {a.id: a for a in plan.audiences}
    posts = {p["id"]: p for p in _posts(out)}
    calendar = icalendar.Calendar.from_ical((out / "schedule.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == sum(1 for p in posts.values() if p.get("scheduled"))
    by_account: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)
    for event in events:
        uid = str(event["UID"]).removesuffix("@takatof").split("/", 1)[1]
        post = posts[uid]
        start = event.decoded("DTSTART")
        assert start == dt.datetime.fromisoformat(post["scheduled"].replace("Z", "+00:00"))
        audience = audiences[post["audience"]]
        local = start.astimezone(ZoneInfo(audience.timezone))
        assert local.date() in plan.dates
        clock = local.strftime("%H:%M")
        assert any(w.start <= clock < w.end for w in audience.windows), (uid, clock)
        assert post["text"].split("\n")[0] in str(event["DESCRIPTION"])
        by_account[(post["platform"], post["account"])].append(start)
    for times in by_account.values():
        times.sort()
        gaps = [(b - a).total_seconds() / 60 for a, b in itertools.pairwise(times)]
        assert all(gap >= plan.gap_minutes for gap in gaps)


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_schedulers_csvs_read_back(rendered: tuple[Path, Path]) -> None:
    _, out = rendered
    posts = _posts(out)
    for path in out.glob("posts-buffer-*.csv"):
        header = path.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header == '"Text","Image URL","Tags","Posting Time"'
        rows = _read_csv(path)
        assert rows, path.name
        texts = {p["text"] for p in posts}
        assert all(row["Text"] in texts for row in rows)  # Arabic and line breaks intact
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row["Posting Time"]) for row in rows)
    meta = _read_csv(out / "posts-meta.csv")
    assert meta and {row["Platform"] for row in meta} <= {"Facebook", "Instagram"}


def test_targets_posts_rewrites_the_kit_and_renders_nothing(
    rendered: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, out = rendered
    before = {p.name: p.stat().st_mtime_ns for p in (out / "cards").rglob("*.png")}
    (out / "posts.json").unlink()
    code, stdout, _ = _run(capsys, "render", str(project), "--out", str(out), "--targets", "posts")
    assert code == 0
    assert "posts written" in stdout and "outputs written" not in stdout
    assert (out / "posts.json").is_file()
    assert before == {p.name: p.stat().st_mtime_ns for p in (out / "cards").rglob("*.png")}


def test_no_posts_writes_no_kit(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    out = tmp_path / "out"
    args = ("--targets", "cards", "--only", "hala", "--presets", "x-image", "-q", "-j", "1", "--no-posts")
    assert _run(capsys, "render", str(project_copy), "--out", str(out), *args)[0] == 0
    assert not (out / "posts.json").exists()
    assert "kit" not in json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_copy_that_cannot_fit_fails_that_post_with_the_numbers(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    make_media(project_copy.parent, data)
    data["publishing"]["templates"] = [
        {"platforms": ["x"], "templates": ["quote"], "text": {"en": "{story}\n\n{story}\n\n{quote}"}}
    ]
    project = write_project(project_copy.parent, data)
    out = tmp_path / "out"
    args = ("--targets", "cards,posts", "--only", "hala", "--presets", "x-image", "-q", "-j", "1")
    code, _, err = _run(capsys, "render", str(project), "--out", str(out), *args)
    assert code == 1
    line = next(line for line in err.splitlines() if "hala/quote-x-image/x/en" in line)
    assert "publishing.templates[0]" in line and "280" in line
    failed = next(p for p in _posts(out) if p["id"] == "hala/quote-x-image/x/en")
    assert failed["error"] and not failed["text"] and "scheduled" not in failed
    ar = next(p for p in _posts(out) if p["id"] == "hala/quote-x-image/x/ar")
    assert ar.get("error") is None  # the template has no Arabic: the default copy serves it
    assert all(row["Text"] != "" for row in _read_csv(next(out.glob("posts-buffer-x-*.csv"))))


def test_a_plan_taken_out_takes_the_calendar_with_it(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    make_media(project_copy.parent, data)
    out = tmp_path / "out"
    args = ("--targets", "cards,posts", "--only", "hala", "--presets", "x-image", "-q", "-j", "1")
    assert _run(capsys, "render", str(project_copy), "--out", str(out), *args)[0] == 0
    assert (out / "schedule.ics").is_file()
    del data["publishing"]["plan"]
    project = write_project(project_copy.parent, data)
    assert _run(capsys, "render", str(project), "--out", str(out), "--targets", "posts")[0] == 0
    assert not (out / "schedule.ics").exists()
    assert all("scheduled" not in p for p in _posts(out))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "schedule.ics" not in manifest["kit"]


def test_the_support_local_campaign_tags_every_business() -> None:
    """120 businesses from a spreadsheet: each post on Instagram and X carries the business's
    @mention, fits, and has a time in the three weeks' windows in Amman."""
    project = load_project(ROOT / "examples" / "support-local" / "campaign.json")
    built = kit.build(project)
    mentions = {s.id: s.mention for s in project.campaign.spotlights}
    assert len(built.posts) == len(mentions) * 2 * 2  # Instagram and X, Arabic and English
    for post, slot in zip(built.posts, built.slots, strict=True):
        assert post.error is None and not isinstance(slot, str), post.id
        assert post.asset.subject is not None
        assert mentions[post.asset.subject] in _MENTION.findall(post.text), post.text
        if post.platform == "x":
            assert twitter_text.parse_tweet(post.text).weightedLength <= 280


def test_validate_says_which_audience_has_no_room(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan too short for the posts is told before a render, once per account, platform and
    audience, at the audience's path, with how many posts it leaves out."""
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    make_media(project_copy.parent, data)
    data["publishing"]["plan"]["dates"] = ["2026-12-14"]
    project = write_project(project_copy.parent, data)
    code, out, err = _run(capsys, "validate", str(project))
    assert code == 2
    lines = [line.strip() for line in (out + err).splitlines() if "no time" in line]
    assert lines and all(line.startswith("publishing.plan.audiences[") for line in lines)
    assert any(
        re.search(r": \d+ posts have no time \(.+ first\): arabic on instagram", line) for line in lines
    )


# --- the kit's files as a producer gets them (fix round of issue 22) ---------------------------


def _rewrite_kit(
    rendered: tuple[Path, Path],
    project_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: Any = None,
) -> tuple[int, Path, str, str]:
    """`takatof render --targets posts` on a copy of the rendered folder, the project's
    publishing section edited by ``edit`` first: (exit code, folder, stdout, stderr)."""
    out = tmp_path / "out"
    if not out.exists():
        shutil.copytree(rendered[1], out)
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    make_media(project_copy.parent, data)
    if edit is not None:
        edit(data["publishing"])
    project = write_project(project_copy.parent, data)
    code, stdout, stderr = _run(capsys, "render", str(project), "--out", str(out), "--targets", "posts")
    return code, out, stdout, stderr


def _in_zone(zone: str, *audiences: str) -> Any:
    def edit(publishing: dict[str, Any]) -> None:
        for audience in publishing["plan"]["audiences"]:
            if not audiences or audience["id"] in audiences:
                audience["timezone"] = zone

    return edit


def _kit_on_disk(out: Path) -> set[str]:
    return {
        p.name for p in out.iterdir() if p.is_file() and (p.name.startswith("posts") or p.suffix == ".ics")
    }


def test_a_buffer_channel_is_written_in_its_audiences_zone_and_says_it_in_its_name(
    rendered: tuple[Path, Path], project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Buffer reads a file's times in its channel's zone: the Arabic account's audiences all in
    Beirut get Beirut's wall clock (posts-buffer-*-arabic-asia-beirut.csv); the English one's,
    in London and New York, UTC (-utc). Each row's time is its post's, read by zoneinfo."""
    code, out, _, _ = _rewrite_kit(
        rendered, project_copy, tmp_path, capsys, _in_zone("Asia/Beirut", "levant", "maghreb", "egypt")
    )
    assert code == 0
    names = {p.name for p in out.glob("posts-buffer-*.csv")}
    assert names and all(n.endswith(("-arabic-asia-beirut.csv", "-english-utc.csv")) for n in names), names
    by_text = {p["text"]: p for p in _posts(out)}
    for name in names:
        zone = ZoneInfo("Asia/Beirut" if "beirut" in name else "UTC")
        for row in _read_csv(out / name):
            utc = dt.datetime.fromisoformat(by_text[row["Text"]]["scheduled"])
            assert row["Posting Time"] == f"{utc.astimezone(zone):%Y-%m-%d %H:%M}", (name, row)
    meta = _read_csv(out / "posts-meta.csv")
    assert {row["Time zone"] for row in meta} == {"UTC"}  # Beirut and London, New York: UTC
    # Every audience in Beirut: the sheet in Beirut's clock too, and the -utc files gone.
    code, out, _, _ = _rewrite_kit(rendered, project_copy, tmp_path, capsys, _in_zone("Asia/Beirut"))
    assert code == 0
    assert all(p.name.endswith("-asia-beirut.csv") for p in out.glob("posts-buffer-*.csv"))
    meta = _read_csv(out / "posts-meta.csv")
    assert {row["Time zone"] for row in meta} == {"Asia/Beirut"}
    for row in meta:
        local = dt.datetime.fromisoformat(next(p for p in _posts(out) if p["id"] == row["Post ID"])["local"])
        assert (row["Scheduled date"], row["Scheduled time"]) == (f"{local:%Y-%m-%d}", f"{local:%H:%M}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["kit"]) == _kit_on_disk(out)


def test_two_accounts_with_one_file_name_keep_both_channels(rendered: tuple[Path, Path]) -> None:
    """ "arabic" and "Arabic" make the same file name: the second gets -2, no post is lost
    (validation refuses such a plan; the writer never drops posts silently all the same)."""
    project_file, out = rendered
    project = load_project(project_file)
    plan = project.campaign.publishing.plan
    assert plan is not None
    for audience in plan.audiences:
        if audience.account == "arabic":
            audience.timezone = "Asia/Beirut"
    plan.audiences[1].account = "Arabic"  # maghreb: Marouan's Arabic posts
    built = kit.build(project, read_manifest(out).outputs)
    files, records = kit.kit_files(project, out, built)
    one_image = [r for r in records if len(r.media) == 1 and r.media[0].endswith((".png", ".jpg"))]
    buffered = [r for r in one_image if r.platform in BUFFER_PLATFORMS and not (r.error or r.unscheduled)]
    assert {r.account for r in buffered} >= {"arabic", "Arabic"}
    rows = [
        row
        for name, data in files.items()
        if name.startswith("posts-buffer-")
        for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    ]
    assert len(rows) == len(buffered)
    assert "posts-buffer-instagram-arabic-asia-beirut-2.csv" in files


def test_the_posts_no_buffer_csv_holds_say_why_and_the_render_counts_them(
    rendered: tuple[Path, Path], project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _, err = _rewrite_kit(rendered, project_copy, tmp_path, capsys)
    assert code == 0
    in_buffer = {row["Text"] for path in out.glob("posts-buffer-*.csv") for row in _read_csv(path)}
    left = []
    for post in _posts(out):
        if post["platform"] not in BUFFER_PLATFORMS or post.get("error") or post.get("unscheduled"):
            continue
        notes = [n for n in post.get("left_out", []) if n.startswith("Buffer CSV")]
        assert bool(notes) == (post["text"] not in in_buffer), post["id"]
        if notes:
            left.append(post)
            assert post["kind"] == "carousel" and "images" in notes[0] and "composer" in notes[0]
    assert left
    line = next(line for line in err.splitlines() if "not in the Buffer CSVs" in line)
    assert f"{len(left)} posts are not in the Buffer CSVs ({len(left)} carousels)" in line
    assert "posts.json" in line


def test_a_plan_short_of_room_is_told_once_per_audience_and_account(
    rendered: tuple[Path, Path], project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def one_day(publishing: dict[str, Any]) -> None:
        publishing["plan"]["dates"] = ["2026-12-14"]

    code, out, _, err = _rewrite_kit(rendered, project_copy, tmp_path, capsys, one_day)
    assert code == 0  # the posts that fit are scheduled; the rest wait for more room
    short: defaultdict[tuple[str, str, str], int] = defaultdict(int)
    for post in _posts(out):
        if post.get("unscheduled"):
            assert post["audience"] and post["account"], post["id"]
            short[(post["platform"], post["account"], post["audience"])] += 1
    assert short
    lines = [line for line in err.splitlines() if "no time in the posting plan:" in line]
    assert len(lines) == len(short)
    for (platform, account, audience), n in short.items():
        wanted = f"{n} {platform} post{'s' if n != 1 else ''} of account {account} for audience {audience} "
        assert sum(line.startswith(f"note: {wanted}") for line in lines) == 1, wanted
    assert all("add dates, widen the windows or shorten the gap" in line for line in lines)


def test_a_kit_that_cannot_be_written_leaves_no_kit_and_names_its_file(
    rendered: tuple[Path, Path], project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """posts.json is a folder: the error names it (not a temporary), no kit file stays that the
    manifest does not list, and no job ran, so no "0 of 0 outputs" line."""
    out = tmp_path / "out"
    shutil.copytree(rendered[1], out)
    assert _kit_on_disk(out)
    (out / "posts.json").unlink()
    (out / "posts.json").mkdir()
    code, out, stdout, err = _rewrite_kit(rendered, project_copy, tmp_path, capsys)
    assert code == 1
    assert f"error: cannot write {out / 'posts.json'}: " in err and ".partial" not in err
    assert "outputs written" not in stdout
    assert "kit" not in json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert _kit_on_disk(out) == set()


def test_render_help_names_the_kit_files_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    text = re.sub(r"-\s*\n\s*", "-", capsys.readouterr().out)
    text = re.sub(r"\s+", " ", text)
    assert "posts-buffer-<platform>-<account>-<zone>.csv" in text
    assert "posts-buffer.csv" not in text


def test_a_copy_that_begins_like_a_formula_reaches_the_csvs_as_text(
    rendered: tuple[Path, Path], project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template that begins with '=': every CSV cell of those posts begins with an invisible
    zero-width space (no formula to Excel or Sheets), posts.json keeps the copy as written."""

    def formula(publishing: dict[str, Any]) -> None:
        publishing["templates"] = [{"templates": ["quote"], "text": {"en": '=HYPERLINK("x") {quote}'}}]

    code, out, _, _ = _rewrite_kit(rendered, project_copy, tmp_path, capsys, formula)
    assert code == 0
    copies = [p["text"] for p in _posts(out) if p["text"].startswith("=HYPERLINK")]
    assert copies
    cells = [row["Text"] for path in out.glob("posts-buffer-*.csv") for row in _read_csv(path)]
    cells += [row[key] for row in _read_csv(out / "posts-meta.csv") for key in ("Text", "First comment")]
    guarded = [cell for cell in cells if cell.startswith("\u200b=HYPERLINK")]
    assert guarded and {cell[1:] for cell in guarded} <= set(copies)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
