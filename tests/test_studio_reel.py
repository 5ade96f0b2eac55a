"""The Studio on the campaign-wide outputs of issue 21: the tree lists the reel, films and
carousels the render makes; the preview draws them with the render's own drawing (a reel's
frame on the scrubber, a carousel's slides one by one); the timeline shows a reel's sections
per person, and dragging a section reorders the reel's people in one undoable edit.

Offscreen (pytest-qt), on a copy of the example project with the outputs added."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from takatof.edit.reel import Part, move_part, part_target, parts_of, person_of, reel_list
from takatof.model import load_project
from takatof.model.paths import ABSENT
from takatof.render.batch import project_names
from takatof.render.jobs import Job
from takatof.render.presets import get_preset
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output, Target
from takatof.ui.timeline import TimelinePanel
from takatof.ui.tree import CampaignTree, Node
from tests.conftest import make_media

REEL = {"presets": ["instagram-story", "instagram-square"], "moment": "2026-12-10T16:40:00Z"}
CAROUSEL = {"presets": ["instagram-portrait"], "subjects": ["hala", "rania"]}
FILM = {"presets": ["instagram-square"]}
ANIMATED = {"template": "goal", "presets": ["instagram-square"]}
CARDS = [
    {"template": "quote", "presets": ["instagram-square"]},
    {"template": "group", "presets": ["instagram-square"], "subjects": ["rania", "hala"]},
]
PEOPLE = ["hala", "marouan", "rania", "ibrahim"]  # the example's, in order


def with_outputs(project: Path, **sections: list[dict[str, Any]]) -> Path:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["outputs"].update(sections)
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    make_media(project.parent, data)
    return project


@pytest.fixture
def document(project_copy: Path) -> Document:
    project = with_outputs(
        project_copy, cards=CARDS, reels=[REEL], carousels=[CAROUSEL], films=[FILM], animated=[ANIMATED]
    )
    return Document(load_project(project, project_names()))


@pytest.fixture
def window(qtbot, document: Document, tmp_path: Path, studio_isolation: None) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(document, settings)
    qtbot.addWidget(win)
    win.resize(1500, 1000)
    win.show()
    yield win
    win.preview.wait_idle()
    win.timeline.wait_idle()


def reel_output(preset: str = "instagram-story") -> Output:
    campaign_langs = ("ar", "en")
    return Output("reel", "reel", preset, campaign_langs, False, "", "reel", tuple(PEOPLE))


# -- the edit core: pure functions -------------------------------------------------------


def rows(*spans: tuple[str | None, float, float, float]) -> list[SimpleNamespace]:
    return [SimpleNamespace(where=w, start_s=s, duration_s=d, transition_s=t) for w, s, d, t in spans]


@pytest.mark.parametrize(
    ("where", "person"),
    [("people[2].clips[0]", 2), ("people[10].media[1]", 10), (None, None), ("outputs.reels[0]", None)],
)
def test_person_of_a_rows_path(where: str | None, person: int | None) -> None:
    assert person_of(where) == person


def test_parts_are_the_runs_of_one_persons_rows_between_the_title_and_closing() -> None:
    plan = rows(
        (None, 0.0, 3.0, 0.5),  # title
        ("people[1].media[0]", 2.5, 2.5, 0.5),
        ("people[1].clips[0]", 4.5, 2.0, 0.5),
        ("people[0].media[3]", 6.0, 4.0, 0.0),
        (None, 10.0, 3.0, 0.0),  # closing
    )
    assert parts_of(plan) == [Part(1, 2.5, 6.0, 1, 2), Part(0, 6.0, 10.0, 3, 3)]


@pytest.mark.parametrize(
    ("index", "dt", "target"),
    [(0, 0.0, 0), (0, 4.1, 1), (0, 8.1, 2), (2, -4.1, 1), (2, -8.1, 0), (1, 0.5, 1), (1, 20.0, 2)],
)
def test_a_dragged_section_lands_past_the_middles_it_passed(index: int, dt: float, target: int) -> None:
    parts = [Part(0, 0, 4, 0, 0), Part(1, 4, 8, 1, 1), Part(2, 8, 12, 2, 2)]
    assert part_target(parts, index, dt) == target


def test_moving_a_part_of_a_reel_that_lists_no_one_writes_the_default_in_the_new_order() -> None:
    data = {"outputs": {"reels": [{"presets": ["instagram-story"]}]}}
    edit = move_part(data, 0, 0, 3, PEOPLE)
    (change,) = edit.changes
    assert change.path == "outputs.reels[0].people" and change.old is ABSENT
    assert change.new == [{"person": p} for p in ["marouan", "rania", "ibrahim", "hala"]]
    assert edit.inverse().changes[0].new is ABSENT  # undo leaves it unset again


def test_moving_a_listed_part_keeps_its_items_and_caption() -> None:
    parts = [{"person": "rania", "items": [1, 2], "caption": {"en": "Hi"}}, {"person": "hala"}]
    data = {"outputs": {"reels": [{"presets": ["instagram-story"], "people": parts}]}}
    (change,) = move_part(data, 0, 0, 1, PEOPLE).changes
    assert change.new == [parts[1], parts[0]]
    assert reel_list(data, 0, PEOPLE) == parts
    with pytest.raises(IndexError):
        move_part(data, 0, 2, 0, PEOPLE)
    with pytest.raises(IndexError):
        move_part(data, 1, 0, 1, PEOPLE)


# -- the tree -----------------------------------------------------------------------------


def test_the_tree_lists_the_campaigns_reels_and_carousels_and_a_persons_film(
    qtbot, document: Document
) -> None:
    tree = CampaignTree(document)
    qtbot.addWidget(tree)
    campaign = tree.topLevelItem(0)
    groups = {campaign.child(i).text(0): campaign.child(i) for i in range(campaign.childCount())}
    reels = groups["Reels & films"]
    listed = [tree.node(reels.child(i)).output for i in range(reels.childCount())]
    assert [(o.kind, o.variant, o.preset, o.subjects) for o in listed] == [
        ("reel", "reel", "instagram-story", tuple(PEOPLE)),
        ("reel", "reel", "instagram-square", tuple(PEOPLE)),
    ]
    carousels = groups["Carousels"]
    (carousel,) = [tree.node(carousels.child(i)) for i in range(carousels.childCount())]
    assert carousel.path == "outputs"
    assert (carousel.output.kind, carousel.output.preset, carousel.output.subjects) == (
        "carousel",
        "instagram-portrait",
        ("hala", "rania"),
    )
    animated = groups["Animated cards"]
    assert [tree.node(animated.child(i)).output.template for i in range(animated.childCount())] == ["goal"]
    # A film per person with footage, under them beside their story videos (rania and ibrahim
    # have a clip each; hala and marouan have photos only).
    people = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.node(tree.topLevelItem(i)).path == "people"
    )
    films = {
        tree.node(people.child(p)).path: [
            tree.node(people.child(p).child(i)).output.kind
            for i in range(people.child(p).childCount())
            if tree.node(people.child(p).child(i)).output.kind == "film"
        ]
        for p in range(people.childCount())
    }
    assert films == {"people[0]": [], "people[1]": [], "people[2]": ["film"], "people[3]": ["film"]}


# -- the preview and the timeline in the window -----------------------------------------


def test_selecting_the_reel_draws_its_frame_and_its_timeline_has_a_section_per_person(
    qtbot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.preview.drawn, timeout=120000):
        assert window.tree.select("outputs", reel_output())
    target = window.preview.target
    assert (target.kind, target.variant, target.subject, target.subjects) == (
        "reel",
        "reel",
        None,
        tuple(PEOPLE),
    )
    image = window.preview.image
    assert (image.width(), image.height()) == (540, 960)  # 1080x1920 drawn at the preview's 960 p
    assert window.preview.slider.isEnabled() and window.preview.play.isEnabled()
    first = image.copy()
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.preview.set_time(6.0)  # a person's section, past the opening title
    assert window.preview.image != first
    qtbot.waitUntil(
        lambda: window.timeline.summary is not None and bool(window.timeline.view.parts), timeout=60000
    )
    assert window.timeline.isVisible()
    view = window.timeline.view
    assert [p.person for p in view.parts] == [0, 1, 2, 3]  # one section per person, in order
    people = window.document.campaign.people
    assert [view.part_names[p.person] for p in view.parts] == [person.name.get("ar") for person in people]
    assert window.preview.presets.count() == 2  # the reel's own two shapes


def test_selecting_a_carousel_steps_through_its_slides(qtbot, window: MainWindow) -> None:
    output = Output(
        "carousel", "carousel", "instagram-portrait", ("ar", "en"), False, "", "carousel", ("hala", "rania")
    )
    with qtbot.waitSignal(window.preview.drawn, timeout=120000):
        assert window.tree.select("outputs", output)
    preset = get_preset("instagram-portrait")
    image = window.preview.image
    assert (image.width(), image.height()) == (preset.width, preset.height)
    assert window.preview.slider.isEnabled() and not window.preview.play.isEnabled()
    assert "1" in window.preview.status.text() and "4" in window.preview.status.text()  # cover, 2, closing
    assert not window.timeline.isVisible()  # no plan to show: the picture gets the height
    cover = image.copy()
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.preview.step(1)  # the next slide: hala's
    assert window.preview.time == pytest.approx(1.0)
    assert window.preview.image != cover
    assert (window.preview.image.width(), window.preview.image.height()) == (preset.width, preset.height)


# -- reordering the people by dragging their sections -------------------------------------


@pytest.fixture
def panel(qtbot, document: Document):
    widget = TimelinePanel(document)
    qtbot.addWidget(widget)
    widget.resize(1400, 460)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.wait_idle()


def show_reel(qtbot, panel: TimelinePanel) -> None:
    job = Job(
        "reel", "reel", "instagram-story", None, ("ar", "en"), False, variant="reel", subjects=tuple(PEOPLE)
    )
    with qtbot.waitSignal(panel.summary_changed, timeout=60000):
        panel.set_job(None, job)


def drag(panel: TimelinePanel, start: QPoint, end: QPoint, steps: int = 8) -> None:
    viewport = panel.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * k / steps)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_dragging_a_persons_section_past_the_last_reorders_the_people_in_one_undo_step(
    qtbot, panel: TimelinePanel
) -> None:
    show_reel(qtbot, panel)
    document, view = panel.document, panel.view
    assert [p.person for p in view.parts] == [0, 1, 2, 3]
    steps = document.undo_stack.count()
    start = view.part_rect(0).center().toPoint()
    end = QPoint(round(view.part_rect(3).right()) - 2, start.y())
    with qtbot.waitSignal(panel.summary_changed, timeout=60000):
        drag(panel, start, end)
    assert document.undo_stack.count() == steps + 1
    reel = document.campaign.outputs.reels[0]
    assert [part.person for part in reel.people] == ["marouan", "rania", "ibrahim", "hala"]
    assert [p.person for p in view.parts] == [1, 2, 3, 0]  # the timeline plays the new order
    with qtbot.waitSignal(panel.summary_changed, timeout=60000):
        document.undo_stack.undo()
    assert document.campaign.outputs.reels[0].people is None  # as written before: unset
    assert [p.person for p in view.parts] == [0, 1, 2, 3]


def test_a_click_on_a_section_seeks_and_edits_nothing(qtbot, panel: TimelinePanel) -> None:
    show_reel(qtbot, panel)
    view, steps = panel.view, panel.document.undo_stack.count()
    point = view.part_rect(2).center().toPoint()
    with qtbot.waitSignal(panel.seek_requested) as sought:
        drag(panel, point, point, steps=1)
    assert view.parts[2].start_s <= sought.args[0] <= view.parts[2].end_s
    assert panel.document.undo_stack.count() == steps


def test_the_reorder_entry_point_moves_a_listed_part_with_its_items(qtbot, project_copy: Path) -> None:
    listed = dict(REEL, people=[{"person": "rania", "items": [0, 1]}, {"person": "hala"}])
    document = Document(load_project(with_outputs(project_copy, reels=[listed]), project_names()))
    panel = TimelinePanel(document)
    qtbot.addWidget(panel)
    panel.resize(1400, 460)
    panel.show()
    job = Job(
        "reel",
        "reel",
        "instagram-story",
        None,
        ("ar", "en"),
        False,
        variant="reel",
        subjects=("rania", "hala"),
    )
    with qtbot.waitSignal(panel.summary_changed, timeout=60000):
        panel.set_job(None, job)
    assert [p.person for p in panel.view.parts] == [2, 0]
    with qtbot.waitSignal(panel.summary_changed, timeout=60000):
        assert panel.move_part(1, 0) == []
    people = document.campaign.outputs.reels[0].people
    assert [(p.person, p.items) for p in people] == [("hala", None), ("rania", (0, 1))]
    panel.wait_idle()


def test_a_target_featuring_its_subject_features_the_new_one() -> None:
    film = Target("film", "film", "instagram-square", "ibrahim", variant="film", subjects=("ibrahim",))
    assert film.with_subject("hala").subjects == ("hala",)
    reel = Target("reel", "reel", "instagram-story", None, variant="reel", subjects=tuple(PEOPLE))
    assert reel.with_subject(None).subjects == tuple(PEOPLE)


def test_an_animated_card_and_a_persons_film_draw_frames_that_move(
    document: Document, tmp_path: Path
) -> None:
    """Each kind's drawer through the one ``draw``: the animated goal card's frame (the
    example's) enters then holds, at its preset's size; a film's frame is drawn at the
    preview's height and changes along the footage."""
    from takatof.ui.preview import draw

    project = document.project()
    goal = Target("animated", "goal", "instagram-square", None, ("ar", "en"))
    early, length = draw(project, goal, 0.2, tmp_path)
    late, _ = draw(project, goal, 5.5, tmp_path)
    assert early.size == late.size == (1080, 1080) and length == pytest.approx(6.0)
    assert early.tobytes() != late.tobytes()
    film = Target(
        "film", "film", "instagram-square", "ibrahim", ("ar", "en"), variant="film", subjects=("ibrahim",)
    )
    first, duration = draw(project, film, 0.5, tmp_path)
    later, _ = draw(project, film, duration - 1.0, tmp_path)
    assert first.size == (960, 960) and duration > 2
    assert first.tobytes() != later.tobytes()
    with pytest.raises(ValueError, match="cannot show a 'post' output"):
        draw(project, Target("post", "x", "instagram-square", None), 0.0, tmp_path)


def test_a_group_card_is_listed_under_the_campaign_and_drawn_with_whom_it_features(
    qtbot, window: MainWindow
) -> None:
    campaign = window.tree.topLevelItem(0)
    nodes = [window.tree.node(campaign.child(i)) for i in range(campaign.childCount())]
    (group,) = [n for n in nodes if n.output is not None and n.output.template == "group"]
    assert (group.path, group.output.kind, group.output.subjects) == ("", "card", ("rania", "hala"))
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        assert window.tree.select_node(group)
    assert window.preview.target.subjects == ("rania", "hala")
    preset = get_preset("instagram-square")
    assert (window.preview.image.width(), window.preview.image.height()) == (preset.width, preset.height)
    window.document.set("people[2].group.en", "Changed")  # an edit: the preview keeps the group
    assert window.preview.wait_idle()
    assert window.preview.target.subjects == ("rania", "hala")


def test_a_person_given_footage_gets_their_film_in_the_tree(qtbot, document: Document) -> None:
    tree = CampaignTree(document)
    qtbot.addWidget(tree)

    def films_of(path: str) -> list[str]:
        person = tree.item(Node(path))
        assert person is not None
        return [
            tree.node(person.child(i)).output.variant
            for i in range(person.childCount())
            if tree.node(person.child(i)).output.kind == "film"
        ]

    assert films_of("people[0]") == []
    assert not document.set("people[0].clips", [{"path": "media/clip-cairo-runners.mp4"}])
    assert films_of("people[0]") == ["film"]
