"""Starting work in the Studio: a blank campaign (the team's own title, no people) made from
the start page, saved and valid; the Studio on a campaign with no people; and the media bin
importing files by its button, a drop from the file manager and a paste, copied into the
project's ``media/`` with kind, size and duration shown."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog

from takatof.cli import main as cli_main
from takatof.edit.blank import DEFAULT_OUTPUTS, blank_campaign, blank_data, create_blank, hashtag, slug
from takatof.model import load_for_editing
from takatof.model.campaign import Campaign
from takatof.model.examples import example_project
from takatof.model.project import load_project
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.media_bin import MediaBin, clock, human_size
from takatof.ui.media_look import previews
from takatof.ui.start import BlankCampaignDialog, StartPage
from tests.conftest import make_media

pytestmark = pytest.mark.usefixtures("studio_isolation")


# --- the blank campaign's defaults (pure) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Winter Appeal 2026", "winter-appeal-2026"),
        ("  Café — Solidarité!  ", "cafe-solidarite"),
        ("قصص المجتمع", "campaign"),
        ("", "campaign"),
        ("already-a-slug", "already-a-slug"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Winter Appeal", "#WinterAppeal"),
        ("winter appeal, 2026!", "#WinterAppeal2026"),
        ("قصص المجتمع", "#قصص_المجتمع"),
        ("!!!", "#Campaign"),
    ],
)
def test_hashtag(text: str, expected: str) -> None:
    assert hashtag(text) == expected


def test_blank_data_defaults_what_is_left_out() -> None:
    data = blank_data()
    assert data["title"] == {"ar": "حملة جديدة", "en": "New campaign"}
    assert data["id"] == "new-campaign"
    assert data["hashtags"] == ["#حملة_جديدة", "#NewCampaign"]
    assert data["people"] == [] and "brand" not in data  # the default brand
    assert data["outputs"] == DEFAULT_OUTPUTS
    chosen = blank_data({"en": " Winter Appeal ", "ar": ""}, "", ["WinterAppeal", "#شتاء", " "])
    assert chosen["title"] == {"ar": "حملة جديدة", "en": "Winter Appeal"}
    assert chosen["id"] == "winter-appeal"
    assert chosen["hashtags"] == ["#WinterAppeal", "#شتاء"]
    assert blank_data({"en": "Winter"}, "My Id")["id"] == "my-id"


# --- a blank campaign, made, saved, valid ---------------------------------------------------------


def test_blank_campaign_from_the_dialog_is_saved_and_validates(
    qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dialog = BlankCampaignDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.titles["en"], "Winter Appeal")
    dialog.titles["ar"].setText("نداء الشتاء")  # QTest types ASCII only
    assert dialog.id_edit.placeholderText() == "winter-appeal"
    assert dialog.hashtags.placeholderText() == "#نداء_الشتاء #WinterAppeal"
    assert Path(dialog.folder.text()).name == "winter-appeal"  # follows the title
    dialog.folder.setText(str(tmp_path / "winter"))
    dialog.accept()
    assert dialog.created == tmp_path / "winter" / "campaign.json"
    assert (tmp_path / "winter" / "media").is_dir()
    data = json.loads(dialog.created.read_text(encoding="utf-8"))
    assert data["title"] == {"ar": "نداء الشتاء", "en": "Winter Appeal"}
    assert data["hashtags"] == ["#نداء_الشتاء", "#WinterAppeal"]
    assert data["people"] == [] and data["id"] == "winter-appeal"
    assert cli_main(["validate", str(dialog.created)]) == 0, capsys.readouterr()
    # Never over a campaign already there: the dialog says so and stays open.
    again = BlankCampaignDialog()
    qtbot.addWidget(again)
    again.folder.setText(str(tmp_path / "winter"))
    again.accept()
    assert again.created is None and "already a campaign" in again.error.text()
    assert json.loads(dialog.created.read_text(encoding="utf-8")) == data


def test_blank_dialog_refuses_a_wrong_hashtag_under_the_form(qtbot, tmp_path: Path) -> None:
    dialog = BlankCampaignDialog()
    qtbot.addWidget(dialog)
    dialog.hashtags.setText("#two#tags")
    dialog.folder.setText(str(tmp_path / "c"))
    dialog.accept()
    assert dialog.created is None
    assert "hashtags" in dialog.error.text() and not (tmp_path / "c" / "campaign.json").exists()


def test_start_page_blank_campaign_opens_in_the_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start page's New blank campaign… makes the campaign and the window opens it (the
    page's recent_requested, which the window answers with open_file)."""

    def fill(dialog: BlankCampaignDialog) -> int:
        dialog.titles["en"].setText("Winter Appeal")
        dialog.folder.setText(str(tmp_path / "winter"))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(BlankCampaignDialog, "exec", fill)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(load_project(example_project(), project_names())), settings)
    qtbot.addWidget(window)
    window.show_start_page()
    window.show()
    assert window.start_page is not None
    window.start_page.blank_button.click()
    qtbot.waitUntil(lambda: window.document.path == tmp_path / "winter" / "campaign.json", timeout=10_000)
    assert window.document.campaign.people == [] and window.start_page is None
    assert window.media_bin.import_button.isEnabled()


def test_start_page_offers_both_new_campaigns(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = tmp_path / "made" / "campaign.json"

    def fill(dialog: BlankCampaignDialog) -> int:
        dialog.created = made
        return 1

    monkeypatch.setattr(BlankCampaignDialog, "exec", fill)
    page = StartPage(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.new_requested):
        page.new_button.click()
    with qtbot.waitSignal(page.recent_requested) as signal:
        page.blank_button.click()
    assert signal.args == [made]
    monkeypatch.setattr(BlankCampaignDialog, "exec", lambda dialog: 0)  # cancelled: nothing opens
    with qtbot.assertNotEmitted(page.recent_requested):
        page.blank_button.click()


# --- the Studio on a campaign with no people ------------------------------------------------------


def _no_people(outputs: dict[str, object] | None = None) -> Campaign:
    """The example with its people and spotlights taken out, as the Studio holds a blank
    campaign (``model_copy`` skips validation, so this runs whatever the model's minimum)."""
    example = load_project(example_project(), project_names()).campaign
    update: dict[str, object] = {"people": [], "spotlights": []}
    if outputs is not None:
        update["outputs"] = type(example.outputs).model_validate(outputs)
    return example.model_copy(update=update)


@pytest.fixture
def empty_window(qtbot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    person_outputs = {
        "cards": [{"template": "quote", "presets": ["instagram-square"]}],
        "videos": [{"template": "story", "presets": ["instagram-story"]}],
    }
    (tmp_path / "project").mkdir()
    document = Document(campaign=_no_people(person_outputs), base=tmp_path / "project")
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.out_dir = lambda: tmp_path / "out"  # type: ignore[method-assign]
    return window


def test_studio_with_no_people_shows_the_campaign_and_an_empty_preview(
    qtbot, empty_window: MainWindow
) -> None:
    window = empty_window
    qtbot.wait(300)
    paths = [window.tree.node(item).path for item in window.tree.items()]
    assert "people" in paths and not [p for p in paths if p.startswith("people[")]
    assert window.tree.select("brand")  # the campaign's own sections still edit
    assert window.inspector.isEnabled()
    assert window.preview.target is None and window.preview.image is None
    assert window.preview.picture.text()  # says what to do, never a blank or a traceback
    assert window.timeline.summary is None


def test_a_campaign_with_no_people_takes_edits(qtbot, empty_window: MainWindow) -> None:
    """Every edit validates the whole campaign: while the model wants a person, each one is
    refused (a blank campaign could not even be renamed)."""
    problems = empty_window.document.set("title", {"ar": "نداء الشتاء", "en": "Winter Appeal"})
    assert problems == []
    assert empty_window.document.campaign.title.en == "Winter Appeal"
    assert empty_window.document.add_person() == 0


def test_render_queue_with_no_people_writes_nothing(qtbot, empty_window: MainWindow, tmp_path: Path) -> None:
    window = empty_window
    window.render_person()  # nobody selected, nobody there: nothing is queued
    assert window.queue.rows == []
    window.render_everything()
    row = window.queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=30_000)
    entries, cancelled = row.result
    assert entries == [] and not cancelled and row.error is None
    assert not list((tmp_path / "out").rglob("*.png")) if (tmp_path / "out").exists() else True


def test_render_queue_with_no_people_says_nothing_to_render(qtbot, empty_window: MainWindow) -> None:
    empty_window.render_everything()
    row = empty_window.queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=30_000)
    assert "nothing to render" in row.status.text().lower()


# --- the media bin imports ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1000, "1.0 kB"),
        (12_345, "12 kB"),
        (4_321_000, "4.3 MB"),
        (2_500_000_000, "2.5 GB"),
    ],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00.0"), (4.54, "0:04.5"), (125, "2:05.0"), (3725, "1:02:05.0"), (-1, "0:00.0")],
)
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text


@pytest.fixture
def project(project_copy: Path) -> Path:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    return project_copy


@pytest.fixture
def media_bin(qtbot, project: Path) -> MediaBin:
    loaded, problems = load_for_editing(project, project_names())
    assert problems == []
    bin_ = MediaBin(Document(loaded))
    qtbot.addWidget(bin_)
    bin_.show()
    qtbot.waitUntil(lambda: bin_.list.count() > 0, timeout=10_000)
    return bin_


@pytest.fixture
def outside(tmp_path: Path, project: Path) -> dict[str, Path]:
    """Files outside the project: a photo named as one in the project but different, a new
    photo, a clip, a sound and a text file."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    media = project.parent / "media"
    files = {
        "clash": folder / "hala-1.jpg",
        "photo": folder / "street.jpg",
        "clip": folder / "runners.mp4",
        "sound": folder / "song.ogg",
        "text": folder / "notes.txt",
    }
    shutil.copyfile(media / "hala-2.jpg", files["clash"])  # same name as media/hala-1.jpg, other bytes
    shutil.copyfile(media / "rania-1.jpg", files["photo"])
    shutil.copyfile(media / "clip-cairo-runners.mp4", files["clip"])
    shutil.copyfile(media / "music.ogg", files["sound"])
    files["text"].write_text("not media", encoding="utf-8")
    return files


def _item(media_bin: MediaBin, name: str):
    for row in range(media_bin.list.count()):
        if media_bin.list.item(row).text() == name:
            return media_bin.list.item(row)
    return None


def test_import_button_copies_into_media_and_renames_a_clash(
    qtbot, media_bin: MediaBin, project: Path, outside: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    media = project.parent / "media"
    original = (media / "hala-1.jpg").read_bytes()
    chosen = [str(outside[k]) for k in ("clash", "photo", "text")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (chosen, ""))
    with qtbot.waitSignal(media_bin.imported, timeout=10_000) as signal:
        media_bin.import_button.click()
    assert signal.args == [[media / "hala-1-1.jpg", media / "street.jpg"]]
    assert (media / "hala-1.jpg").read_bytes() == original  # never overwritten
    assert (media / "hala-1-1.jpg").read_bytes() == outside["clash"].read_bytes()
    assert not (media / "notes.txt").exists()
    assert "notes.txt" in media_bin.status.text()  # said why it did not come in
    assert "hala-1-1.jpg" in media_bin.status.text()  # and the new name of the clash
    qtbot.waitUntil(lambda: _item(media_bin, "hala-1-1.jpg") is not None, timeout=10_000)
    selected = {item.text() for item in media_bin.list.selectedItems()}
    assert selected == {"hala-1-1.jpg", "street.jpg"}  # the new files, picked out
    # The same file again is the same file: reused, not copied a second time.
    with qtbot.waitSignal(media_bin.imported, timeout=10_000) as again:
        media_bin.import_files([outside["photo"]])
    assert again.args == [[media / "street.jpg"]] and not (media / "street-1.jpg").exists()


def test_drop_from_the_file_manager_imports(
    qtbot, media_bin: MediaBin, project: Path, outside: dict[str, Path]
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(outside["clip"])), QUrl.fromLocalFile(str(outside["sound"]))])
    with warnings.catch_warnings():  # PySide marks the only constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPointF(5, 5).toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    media_bin.list.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(media_bin.imported, timeout=10_000) as signal:
        media_bin.list.dropEvent(drop)
    media = project.parent / "media"
    assert signal.args == [[media / "runners.mp4", media / "song.ogg"]]
    assert (media / "runners.mp4").read_bytes() == outside["clip"].read_bytes()


def test_paste_of_copied_files_imports(
    qtbot, media_bin: MediaBin, project: Path, outside: dict[str, Path]
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(outside["photo"]))])
    QGuiApplication.clipboard().setMimeData(mime)
    media_bin.list.setFocus()
    with qtbot.waitSignal(media_bin.imported, timeout=10_000) as signal:
        qtbot.keyClick(media_bin.list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert signal.args == [[project.parent / "media" / "street.jpg"]]
    # Copied as text (file:// lines), as some file managers do.
    text = QMimeData()
    text.setText(QUrl.fromLocalFile(str(outside["sound"])).toString() + "\n")
    QGuiApplication.clipboard().setMimeData(text)
    with qtbot.waitSignal(media_bin.imported, timeout=10_000) as second:
        media_bin.paste()
    assert second.args == [[project.parent / "media" / "song.ogg"]]
    QGuiApplication.clipboard().setText("just words")
    with qtbot.assertNotEmitted(media_bin.imported):
        media_bin.paste()
    assert "Nothing to paste" in media_bin.status.text()


def test_columns_show_kind_size_and_duration(qtbot, media_bin: MediaBin, project: Path) -> None:
    media = project.parent / "media"
    qtbot.waitUntil(lambda: _item(media_bin, "clip-cairo-runners.mp4") is not None, timeout=10_000)
    assert previews().wait()
    clip, photo, sound = (_item(media_bin, n) for n in ("clip-cairo-runners.mp4", "hala-1.jpg", "music.ogg"))
    qtbot.waitUntil(
        lambda: media_bin.columns(clip)[3] != "" and media_bin.columns(sound)[3] != "", timeout=10_000
    )
    from takatof.render.video.probe import probe

    name, kind, size, duration = media_bin.columns(clip)
    assert (name, kind) == ("clip-cairo-runners.mp4", "Video clip")
    assert size == human_size((media / "clip-cairo-runners.mp4").stat().st_size)
    assert duration == clock(probe(media / "clip-cairo-runners.mp4").duration)
    assert media_bin.columns(photo) == (
        "hala-1.jpg",
        "Picture",
        human_size((media / "hala-1.jpg").stat().st_size),
        "",
    )
    assert media_bin.columns(sound)[1] == "Sound"
    assert media_bin.columns(sound)[3] == clock(probe(media / "music.ogg").duration)
    assert clip.data(media_bin.list.DETAIL) == " · ".join(media_bin.columns(clip)[1:])


def test_an_untitled_campaign_asks_to_be_saved_before_importing(
    qtbot, tmp_path: Path, outside: dict[str, Path]
) -> None:
    document = Document(
        campaign=load_project(example_project(), project_names()).campaign, base=example_project().parent
    )
    bin_ = MediaBin(document)
    qtbot.addWidget(bin_)
    assert not bin_.import_button.isEnabled()
    with qtbot.assertNotEmitted(bin_.imported):
        bin_.import_files([outside["photo"]])
    assert "Save the campaign first" in bin_.status.text()
    assert not (example_project().parent / "media" / "street.jpg").exists()
    bin_.wait()


def test_create_blank_never_writes_over_a_campaign(tmp_path: Path) -> None:
    campaign = _no_people()
    (tmp_path / "campaign.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FileExistsError):
        create_blank(tmp_path, campaign)
    assert (tmp_path / "campaign.json").read_text(encoding="utf-8") == "{}"


def test_blank_campaign_is_a_campaign_with_no_people() -> None:
    campaign = blank_campaign({"en": "Winter Appeal"})
    assert campaign.people == [] and campaign.brand.logo is None


def test_the_bin_and_the_blank_button_speak_arabic(qtbot, project: Path, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(load_project(project, project_names())), settings)
    qtbot.addWidget(window)
    window.show_start_page()
    window.apply_language("ar")
    assert window.start_page is not None
    assert window.start_page.blank_button.text() == "حملة جديدة فارغة…"
    assert window.media_bin.import_button.text() == "استيراد…"
    qtbot.waitUntil(lambda: _item(window.media_bin, "hala-1.jpg") is not None, timeout=10_000)
    assert window.media_bin.columns(_item(window.media_bin, "hala-1.jpg"))[1] == "صورة"
    window.apply_language("en")
