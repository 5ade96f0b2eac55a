"""The Studio's Posts panel (pytest-qt, offscreen): the selected asset's posts per platform and
language with counters checked by independent counting, a counter that turns red when the
typed copy passes the limit, edits of the copy, hashtags and mentions undone back to the
project as it was, and the week view placing a post on the right day and hour in two zones."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

import regex
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from takatof.model import load_project
from takatof.model.platform_rules import rules
from takatof.model.post_copy import Asset, Post
from takatof.model.schedule import Slot
from takatof.render.batch import project_names
from takatof.render.jobs import Job, all_jobs
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.posts_panel import RED, PostsPanel
from takatof.ui.posts_week import MINE, WeekView, placed, week_of
from tests.conftest import make_media

pytestmark = pytest.mark.usefixtures("studio_isolation")

PLAN = {
    "dates": ["2026-12-14", "2026-12-15", "2026-12-16"],
    "gap_minutes": 60,
    "audiences": [
        {"id": "karachi", "timezone": "Asia/Karachi", "languages": ["ar"], "windows": [{"start": "19:00", "end": "22:00"}]},
        {"id": "new-york", "timezone": "America/New_York", "languages": ["en"], "windows": [{"start": "12:00", "end": "14:00"}]},
    ],
}  # fmt: skip


def _document(project: Path, publishing: dict[str, Any] | None = None) -> Document:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["publishing"] = publishing if publishing is not None else {"plan": PLAN}
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    make_media(project.parent, data)
    return Document(load_project(project, project_names()))


def _job(document: Document, kind: str, template: str, preset: str, subject: str | None) -> Job:
    """The render's own job for that output (what the preview shows when it is selected)."""
    return next(
        job
        for job in all_jobs(document.project(), None, {preset}, {kind})
        if job.template == template and job.subject == subject
    )


@pytest.fixture
def panel(qtbot: Any, project_copy: Path) -> PostsPanel:
    widget = PostsPanel(_document(project_copy))
    qtbot.addWidget(widget)
    widget.resize(460, 900)
    widget.show()
    widget.set_job(_job(widget.document, "card", "quote", "instagram-square", "hala"))
    return widget


def _counted(text: str, counting: str) -> int:
    """``text``'s length counted here, without the rules module's counters."""
    counters = {
        "utf16": lambda t: len(t.encode("utf-16-le")) // 2,
        "utf8": lambda t: len(t.encode("utf-8")),
        "graphemes": lambda t: len(regex.findall(r"\X", t)),
    }
    return int(counters[counting](text))


def test_the_selected_asset_shows_a_post_per_platform_and_language_with_its_counters(
    panel: PostsPanel,
) -> None:
    assert panel.asset is not None and panel.asset.subject == "hala"
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert [(p.platform, p.lang) for p in panel.posts] == [("instagram", "ar"), ("instagram", "en")]
    assert all("Instagram" in row for row in rows)
    for platform, lang in (("instagram", "ar"), ("instagram", "en")):
        panel.select(platform, lang)
        post = panel.current()
        assert post is not None and post.error is None and post.text
        shown = panel.text.toPlainText()
        assert shown == post.text
        # Counted again here, independently: as Instagram counts (UTF-16), and the tags in the text.
        limit = rules("instagram").max_chars
        assert (
            panel.length.text() == f"Characters {_counted(shown, rules('instagram').counting):,} / {limit:,}"
        )
        tags = regex.findall(r"(?<![\w#])#\w+", shown)
        assert panel.hashtag_count.text() == f"Hashtags {len(tags)} / {rules('instagram').max_hashtags}"
        assert "@libantroc" in shown  # hala's handle: her post tags her
        assert panel.mention_count.text().startswith(f"Mentions {shown.count('@libantroc')}")
        assert panel.length.property("over") is False
        assert not panel.first_comment.isVisibleTo(panel)  # the defaults write none
        rtl = panel.text.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert rtl == (lang == "ar")


def test_typing_past_the_limit_turns_the_counter_red_and_says_why(qtbot: Any, project_copy: Path) -> None:
    document = _document(project_copy)
    widget = PostsPanel(document)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_job(_job(document, "card", "quote", "x-image", "hala"))
    widget.select("x", "en")
    assert widget.length.property("over") is False
    long = "{quote} " + " ".join(["solidarity"] * 40)  # nothing optional: it cannot be cut
    widget.copy.setFocus()
    widget.copy.selectAll()
    QTest.keyClicks(widget.copy, long)
    qtbot.waitUntil(lambda: widget.length.property("over") is True, timeout=3000)
    post = widget.current()
    assert post is not None and post.error is not None
    assert str(post.limit) in post.error
    assert RED.lower() in widget.length.styleSheet().lower()
    assert widget.status.text() == post.error
    assert "⚠" in widget.list.currentItem().text()
    # Back under the limit: black again.
    widget.copy.selectAll()
    QTest.keyClicks(widget.copy, "{quote}")
    qtbot.waitUntil(lambda: widget.length.property("over") is False, timeout=3000)
    assert widget.current() is not None and widget.current().error is None


def test_editing_a_default_copy_adds_a_first_template_and_undo_restores_the_project(
    panel: PostsPanel, qtbot: Any
) -> None:
    before = panel.document.data()
    english = next(p.text for p in panel.posts if p.lang == "en")
    panel.select("instagram", "ar")
    assert panel.current() is not None and panel.current().template.startswith("default")
    panel.copy.setFocus()
    panel.copy.moveCursor(panel.copy.textCursor().MoveOperation.Start)
    panel.copy.insertPlainText("جديد ")  # as an input method types Arabic (QTest's keys are ASCII)
    qtbot.waitUntil(
        lambda: "publishing.templates" in (panel.current().template if panel.current() else ""), timeout=3000
    )
    templates = panel.document.data()["publishing"]["templates"]
    assert templates[0]["platforms"] == ["instagram"] and templates[0]["templates"] == ["quote"]
    assert list(templates[0]["text"]) == ["ar"] and templates[0]["text"]["ar"].startswith("جديد ")
    assert panel.text.toPlainText().startswith("جديد ")  # the post follows the copy
    assert next(p.text for p in panel.posts if p.lang == "en") == english  # the English post is as it was
    QTest.keyClick(panel.copy, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.document.data() == before
    assert not panel.copy.toPlainText().startswith("جديد ")
    assert panel.current() is not None and panel.current().template.startswith("default")


def test_hashtags_and_mentions_are_edited_with_undo(panel: PostsPanel, qtbot: Any) -> None:
    before = panel.document.data()
    panel.hashtags.setFocus()
    panel.hashtags.selectAll()
    QTest.keyClicks(panel.hashtags, "#Together SupportLocal")
    QTest.keyClick(panel.hashtags, Qt.Key.Key_Return)
    assert panel.document.campaign.hashtags == ["#Together", "#SupportLocal"]
    assert "#SupportLocal" in panel.text.toPlainText()
    panel.mentions.setFocus()
    panel.mentions.selectAll()
    QTest.keyClicks(panel.mentions, "@hala_k")
    QTest.keyClick(panel.mentions, Qt.Key.Key_Return)
    assert panel.document.campaign.people[0].handles == ["@hala_k"]
    assert "@hala_k" in panel.text.toPlainText()
    panel.document.undo_stack.undo()
    panel.document.undo_stack.undo()
    assert panel.document.data() == before
    assert panel.hashtags.text() == "\u200e" + " ".join(before["hashtags"])  # read left to right


def test_a_refused_edit_is_explained_and_changes_nothing(panel: PostsPanel) -> None:
    before = panel.document.data()
    panel.mentions.setText("@not a handle!")
    panel._commit_mentions()
    assert panel.document.data() == before
    assert panel.problem.isVisibleTo(panel) and "handle" in panel.problem.text()


def _post(asset: str, platform: str = "instagram", lang: str = "en") -> Post:
    thing = Asset(
        asset, "card", "quote", "", "instagram-square", (platform,), "hala", (), (lang,), "outputs.cards[0]"
    )
    return Post(
        f"{asset}/{platform}/{lang}",
        thing,
        platform,
        lang,
        "text",
        (),
        (),
        "",
        "",
        "",
        4,
        2200,
        (),
        "default quote",
    )


def _slot(utc: dt.datetime) -> Slot:
    zone = "Asia/Beirut"
    return Slot(utc, utc.astimezone(ZoneInfo(zone)), zone, "levant", "main")


def test_a_post_lands_on_its_day_and_hour_in_each_zone() -> None:
    posts = [_post("hala/quote"), _post("rania/quote"), _post("ibrahim/quote")]
    slots: list[Slot | str | None] = [
        _slot(dt.datetime(2026, 12, 14, 21, 30, tzinfo=dt.UTC)),
        "no room",
        None,
    ]
    week = week_of(dt.date(2026, 12, 16))
    assert week == dt.date(2026, 12, 14)  # a Monday
    karachi = placed(posts, slots, ZoneInfo("Asia/Karachi"), week)  # UTC+5: the next day
    assert [(p.day, p.hour, p.minute, p.post.id) for p in karachi] == [(1, 2, 30, posts[0].id)]
    new_york = placed(posts, slots, ZoneInfo("America/New_York"), week)  # UTC-5
    assert [(p.day, p.hour, p.minute) for p in new_york] == [(0, 16, 30)]
    assert placed(posts, slots, ZoneInfo("Asia/Karachi"), week + dt.timedelta(weeks=1)) == []


def test_the_week_view_draws_the_post_in_the_zone_chosen(qtbot: Any, project_copy: Path) -> None:
    document = _document(project_copy)
    view = WeekView()
    qtbot.addWidget(view)
    view.show()
    posts = [_post("hala/quote")]
    view.set_schedule(
        posts,
        [_slot(dt.datetime(2026, 12, 14, 21, 30, tzinfo=dt.UTC))],
        document.campaign.publishing.plan,
        "hala/quote",
    )
    zones = [view.zone.itemText(i) for i in range(view.zone.count())]
    assert zones[:3] == ["Asia/Karachi", "America/New_York", "UTC"]
    assert view.week == dt.date(2026, 12, 14)
    view.set_zone("Asia/Karachi")
    cell = view.table.item(2, 1)  # Tuesday 02:30 in Karachi
    assert cell is not None and cell.text() == "★IG en :30"  # ★: the asset shown
    assert posts[0].id in cell.toolTip() and "2026-12-14 21:30 UTC" in cell.toolTip()
    assert cell.background().color() == MINE
    assert view.mine.text() == "★ IG·en Tue 15 Dec 02:30"
    view.set_zone("America/New_York")
    assert view.table.item(2, 1) is None
    assert view.table.item(16, 0).text() == "★IG en :30"  # Monday 16:30 in New York
    assert view.mine.text() == "★ IG·en Mon 14 Dec 16:30"
    view.go(1)
    assert view.table.item(16, 0) is None and view.week == dt.date(2026, 12, 21)


def test_the_panels_week_is_the_kits_schedule(panel: PostsPanel, qtbot: Any) -> None:
    panel.tabs.setCurrentWidget(panel.week)
    qtbot.waitUntil(lambda: bool(panel.week._posts), timeout=20000)
    for zone in ("Asia/Karachi", "America/New_York"):
        panel.week.set_zone(zone)
        shown = panel.week.placed()
        assert shown, zone
        for item in shown:
            local = item.slot.utc.astimezone(ZoneInfo(zone))
            assert (panel.week.week + dt.timedelta(days=item.day), item.hour) == (local.date(), local.hour)
            assert f"{local:%H:%M} {item.post.id}" in panel.week.table.item(item.hour, item.day).toolTip()


def test_no_plan_says_how_to_add_one(qtbot: Any, project_copy: Path) -> None:
    widget = PostsPanel(_document(project_copy, {}))
    qtbot.addWidget(widget)
    widget.show()
    widget.tabs.setCurrentWidget(widget.week)
    widget.refresh_schedule()
    assert widget.week.empty.isVisible() and "publishing.plan" in widget.week.empty.text()
    assert not widget.week.table.isEnabled()


def test_the_studio_shows_the_posts_of_the_output_selected(
    qtbot: Any, project_copy: Path, tmp_path: Path
) -> None:
    from takatof.ui.preview import Output

    document = _document(project_copy)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(document, settings)
    qtbot.addWidget(win)
    win.show()
    assert win.posts_dock.isVisible()
    view = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
    assert win.posts_dock.toggleViewAction() in view.actions()
    win.tree.select("people[1]", Output("card", "stat", "instagram-square"))
    assert win.posts.asset is not None and win.posts.asset.subject == "marouan"
    assert win.posts.asset.template == "stat"
    assert "@moroccantravelers" in win.posts.text.toPlainText()
    win.tree.select("spotlights[0]", Output("card", "spotlight", "instagram-portrait"))
    assert win.posts.asset is not None and win.posts.asset.subject == "dar-el-khoos"
    assert "@darelkhoos" in win.posts.text.toPlainText()
    assert win.posts.mentions.text() == "\u200e@darelkhoos"
    # Beside the preview in either direction (the editor mirrors in Arabic; dock areas do not).
    right, left = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.LeftDockWidgetArea
    assert win.dockWidgetArea(win.posts_dock) == right
    win.set_language("ar")
    assert win.dockWidgetArea(win.posts_dock) == left
    assert win.posts.text.layoutDirection() == Qt.LayoutDirection.RightToLeft  # the Arabic post
    win.set_language("en")
    assert win.dockWidgetArea(win.posts_dock) == right


def test_a_project_templates_copy_its_first_comment_and_going_back_to_the_default(
    qtbot: Any, project_copy: Path
) -> None:
    template = {
        "templates": ["quote"],
        "platforms": ["instagram"],
        "text": {"ar": "{quote}", "en": "{quote} {mention}"},
        "first_comment": {"en": "{hashtags}"},
    }
    widget = PostsPanel(_document(project_copy, {"plan": PLAN, "templates": [template]}))
    qtbot.addWidget(widget)
    widget.show()
    widget.set_job(_job(widget.document, "card", "quote", "instagram-square", "hala"))
    widget.select("instagram", "en")
    post = widget.current()
    assert post is not None and post.template == "publishing.templates[0].text.en"
    assert widget.copy.toPlainText() == "{quote} {mention}"
    assert widget.source.text() == "From publishing.templates[0].text.en"
    assert widget.first_comment.isVisibleTo(widget) and "#CommunityStoriesMENA" in widget.first_comment.text()
    before = widget.document.data()
    assert widget.reset.isVisibleTo(widget)
    widget.reset.click()
    # English goes back to the default; Arabic keeps its copy (and English's comment goes too).
    kept = {"templates": ["quote"], "platforms": ["instagram"], "text": {"ar": "{quote}"}}
    assert widget.document.data()["publishing"]["templates"] == [kept]
    post = widget.current()
    assert post is not None and post.template.startswith("default quote")
    assert not widget.reset.isVisibleTo(widget)
    widget.document.undo_stack.undo()
    assert widget.document.data() == before
    assert widget.copy.toPlainText() == "{quote} {mention}"
