"""A goal's current value from the platforms' insights exports (``goal.counts``).

The reader's number parsing and column recognition are table tests; a hypothesis fuzz holds
it to "a CountsError or a sum, never a traceback"; loading a project sums the files into
``goal.current`` (what every output reads) and names a bad file at ``goal.counts[i]``; and the
keys change for the outputs that draw the goal and for nothing else, checked on a real render
through the command (the manifest's statuses).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from takatof.cli import main
from takatof.model import ProjectError, load_project
from takatof.model.counts import CountsError, parse_count, read_counts, read_counts_file
from takatof.model.project import load_for_checking
from takatof.render.keys import card_key, video_key

DATA = Path(__file__).parent / "data" / "counts"
FACEBOOK, INSTAGRAM, X = (
    21_500 + 9_750,
    (30_000 + 2_000 + 1_500 + 1_000) + (41_000 + 3_150 + 2_400 + 1_600),
    12_300 + 4_850,
)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("0", 0),
        ("85000", 85_000),
        ("85,000", 85_000),
        ("85.000", 85_000),
        ("85 000", 85_000),
        ("85\u00a0000", 85_000),
        ("85\u202f000", 85_000),
        ("1,00,000", 100_000),  # Indian grouping
        ("٨٥٬٠٠٠", 85_000),  # Arabic-Indic digits and separator
        ("۸۵۰۰۰", 85_000),  # Extended Arabic-Indic
        ("  1,234 ", 1_234),
        ("\u200f1,234", 1_234),
        ("", None),
        ("-", None),
        ("1,234,567,890", 1_234_567_890),
    ],
)
def test_a_count_as_exports_write_it(cell: str, value: int | None) -> None:
    assert parse_count(cell) == value


@pytest.mark.parametrize("cell", ["12.5", "1,23", "abc", "-3", "1e5", "12,3456", "٣.٥", "∞"])
def test_what_is_not_a_whole_count(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_count(cell)


@pytest.mark.parametrize(
    ("name", "total", "columns"),
    [
        ("facebook.csv", FACEBOOK, ("Reactions, comments and shares",)),  # the total, not its parts too
        ("instagram.csv", INSTAGRAM, ("Likes", "Shares", "Comments", "Saves")),  # no total: the parts
        ("x.csv", X, ("Engagements",)),
    ],
)
def test_each_platforms_export_sums_its_interactions(name: str, total: int, columns: tuple[str, ...]) -> None:
    counted = read_counts_file(DATA / name)
    assert (counted.total, counted.columns, counted.rows) == (total, columns, 2)


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Interactions\n5\n7\n", 12),
        ("Date;Likes;Comments\r\n01/12;1.200;30\r\n02/12;800;\r\n", 2_030),  # semicolons, empty cell
        ('Date\tEngagements\n1\t10\n2\t"1,000"\n', 1_010),  # tabs, quoted
        ("Likes,Comments\nLifetime: likes,Lifetime: comments\n3,4\n", 7),  # a description row
        ("Post,Likes\na,3\nb,4\nTotal,7\n", 7),  # a total row is not counted again
        ("ENGAGEMENTS (total)\n9\n", 9),
        ("المنشور,Likes\nأ,٣\n", 3),
        ("Likes\n\n\n4\n", 4),
        # A comma inside a header name is not the separator: it ties with the one ';' or tab.
        ("Post ID;Reactions, comments and shares\n1;10\n", 10),
        ("Post ID\tReactions, comments and shares\n1\t10\n2\t5\n", 15),
        ("Post ID;Likes, all;Comments, all;Shares\n1;1,000;2;3\n", 3),
        ("Date;Reactions, comments and shares (a, b, c)\n1;4\n2;1,000\n", 1_004),  # more commas
        ('"Reactions, comments and shares",Post ID;x\n7,a\n', 7),  # quoted: the comma is right
    ],
)
def test_what_exports_look_like(text: str, total: int) -> None:
    assert read_counts(text).total == total


def test_a_utf16_export_reads(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "Date\tEngagements\n1\t1,500\n".encode("utf-16-le"))
    assert read_counts_file(path).total == 1_500


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "empty"),
        ("Date,Impressions,Reach\n1,2,3\n", "no column of interactions"),
        ("Date,Likes\n1,2\n2,lots\n", "row 3, column 'Likes': 'lots' is not a whole number"),
        ("Likes\n5\n-2\n", "row 3, column 'Likes': '-2' is negative"),
        ("Likes\n" + "9" * 20 + "\n", "more than"),
        ('Likes\n"' + "1" * 200_000 + '"\n', "cannot be read as a CSV file"),  # past csv's field limit
    ],
)
def test_a_bad_export_says_where_and_what_to_do(text: str, said: str) -> None:
    with pytest.raises(CountsError, match=None) as caught:
        read_counts(text)
    assert said in str(caught.value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(["Likes", "Engagements", "Comments", "Total", "", "1,000", "٣", "-1", '"']),
                st.text(max_size=8),
            ),
            max_size=5,
        ),
        max_size=6,
    ),
    st.sampled_from([",", ";", "\t"]),
)
def test_the_reader_never_raises_anything_but_its_problem(rows: list[list[str]], sep: str) -> None:
    text = "\n".join(sep.join(row) for row in rows)
    try:
        counted = read_counts(text)
    except CountsError as exc:
        assert str(exc)
    else:
        assert counted.total >= 0


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda b: codecs.BOM_UTF16_LE + b),
        st.binary(max_size=300).map(lambda b: codecs.BOM_UTF8 + b),
    )
)
def test_any_file_is_a_sum_or_a_problem(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(raw)
        with contextlib.suppress(CountsError):
            read_counts_file(path)


# ---------------------------------------------------------------------------- projects


def goal_project(folder: Path, example: Path, counts: list[str], outputs: dict[str, Any]) -> Path:
    """A copy of the example whose goal reads ``counts`` (files copied from tests/data/counts)."""
    shutil.copytree(example.parent, folder, ignore=shutil.ignore_patterns("*.bak"))
    (folder / "insights").mkdir()
    for name in ("facebook.csv", "instagram.csv", "x.csv"):
        shutil.copyfile(DATA / name, folder / "insights" / name)
    path = folder / "campaign.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["goal"]["counts"] = counts
    data["people"] = data["people"][:2]
    data["spotlights"] = [
        s
        for s in data.get("spotlights", [])
        if s.get("person") in (None, data["people"][0]["id"], data["people"][1]["id"])
    ]
    data["outputs"] = outputs
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


ALL = ["insights/facebook.csv", "insights/instagram.csv", "insights/x.csv"]


def test_loading_sums_the_counts_into_the_goal(tmp_path: Path, example_path: Path) -> None:
    path = goal_project(tmp_path / "p", example_path, ALL, {"cards": []})
    project = load_project(path)
    assert project.campaign.goal is not None
    assert project.campaign.goal.current == FACEBOOK + INSTAGRAM + X


def test_a_missing_or_bad_counts_file_is_a_problem_at_its_path(tmp_path: Path, example_path: Path) -> None:
    path = goal_project(tmp_path / "p", example_path, [*ALL, "insights/gone.csv", "insights/bad.csv"], {})
    (tmp_path / "p" / "insights" / "bad.csv").write_text("Date,Likes\n1,2\n2,many\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    found = {p.path: p.message for p in caught.value.problems}
    assert "file not found" in found["goal.counts[3]"]
    assert found["goal.counts[4]"].startswith("insights/bad.csv: row 3, column 'Likes'")
    # takatof validate says the same
    assert {"goal.counts[3]", "goal.counts[4]"} <= {p.path for p in load_for_checking(path).problems}


def test_only_the_goal_outputs_keys_follow_the_counts(tmp_path: Path, example_path: Path) -> None:
    path = goal_project(tmp_path / "p", example_path, ALL, {"cards": []})
    before = load_project(path)
    (tmp_path / "p" / "insights" / "x.csv").write_text("Engagements\n1\n", encoding="utf-8")
    after = load_project(path)
    assert after.campaign.goal is not None and after.campaign.goal.current == FACEBOOK + INSTAGRAM + 1
    person = before.campaign.people[0].id
    assert card_key(before, "goal", "instagram-square", None) != card_key(
        after, "goal", "instagram-square", None
    )
    for template, subject in (("quote", person), ("stat", person), ("hashtag", None)):
        assert card_key(before, template, "instagram-square", subject) == card_key(
            after, template, "instagram-square", subject
        ), template
    assert video_key(before, "story", "instagram-story", person, None) == video_key(
        after, "story", "instagram-story", person, None
    )


def test_after_a_new_export_a_render_makes_only_the_goal_outputs(tmp_path: Path, example_path: Path) -> None:
    outputs = {
        "cards": [
            {"template": "goal", "presets": ["instagram-square"]},
            {"template": "quote", "presets": ["instagram-square"]},
            {"template": "hashtag", "presets": ["x-card"]},
        ],
        "animated": [{"template": "goal", "presets": ["x-card"], "duration_s": 5}],
    }
    path = goal_project(tmp_path / "p", example_path, ALL, outputs)
    out = tmp_path / "out"
    assert main(["render", str(path), "--out", str(out), "-q", "--targets", "cards,animated"]) == 0
    first = {(e["kind"], e["template"], e["subject"]): e for e in _manifest(out)}
    assert {e["status"] for e in first.values()} == {"rendered"}
    assert ("animated", "goal", "community-stories-mena") in first
    # the next day's X export
    (tmp_path / "p" / "insights" / "x.csv").write_text("Engagements\n25000\n", encoding="utf-8")
    assert main(["render", str(path), "--out", str(out), "-q", "--targets", "cards,animated"]) == 0
    second = {(e["kind"], e["template"], e["subject"]): e["status"] for e in _manifest(out)}
    assert second == {key: ("rendered" if key[1] == "goal" else "unchanged") for key in first}, second


def _manifest(out: Path) -> list[dict[str, Any]]:
    outputs: list[dict[str, Any]] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    return outputs


# ---------------------------------------------------------------------------- where counting starts

SUM = FACEBOOK + INSTAGRAM + X


def _goal_problems(path: Path) -> dict[str, str]:
    """The problems ``takatof validate`` and loading find, by JSON path (both must agree)."""
    checked = {p.path: p.message for p in load_for_checking(path).problems}
    try:
        load_project(path)
    except ProjectError as exc:
        loaded = {p.path: p.message for p in exc.problems}
    else:
        loaded = {}
    assert loaded.get("goal.start") == checked.get("goal.start")
    return checked


@pytest.mark.parametrize(
    ("counts", "current", "start", "told"),
    [
        (None, 1_000, 1_001, "1,001 is more than the goal's current value (1,000)"),
        (None, 1_000, 1_000, None),  # already there: a card that holds its figure
        (None, 1_000, 0, None),
        # With counts files, their sum replaces the current value written: that sum is what
        # start is compared with, whatever current says.
        (ALL, 0, 50_000, None),
        (ALL, 999_999, SUM + 1, f"{SUM + 1:,} is more than the goal's current value ({SUM:,}, the sum"),
        (ALL, 999_999, SUM, None),
    ],
)
def test_a_goal_that_starts_above_where_it_is_is_told_at_start(
    tmp_path: Path,
    example_path: Path,
    counts: list[str] | None,
    current: int,
    start: int,
    told: str | None,
) -> None:
    path = goal_project(tmp_path / "p", example_path, counts or [], {"cards": []})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["goal"] |= {"current": current, "start": start}
    if counts is None:
        del data["goal"]["counts"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    found = _goal_problems(path)
    if told is None:
        assert "goal.start" not in found, found
        return
    assert found["goal.start"].startswith(told), found["goal.start"]
    assert "set start to at most" in found["goal.start"]


def test_validate_says_where_counting_starts_is_wrong(
    tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = goal_project(tmp_path / "p", example_path, [], {"cards": []})
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["goal"]["counts"]
    data["goal"] |= {"current": 10, "start": 20}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(path)]) != 0
    said = capsys.readouterr()
    assert "goal.start" in said.out + said.err
    assert "Traceback" not in said.out + said.err
