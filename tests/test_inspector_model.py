"""The inspector reads the model: each field's editor comes from its type and metadata, never
from its name or its current value. A model the Studio has never seen, shown at a path, gets
the right editors with the right bounds, with no change to the inspector."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLineEdit, QPlainTextEdit

from takatof.model import load_project
from takatof.model.campaign import Color, MediaPath, QuoteText, ShortText
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.field_widgets import ColorEdit, LinesEdit, NumberEdit
from takatof.ui.inspector import Inspector
from takatof.ui.media_editor import MediaEditor
from takatof.ui.text_commit import MultilingualEditor


class Part(BaseModel):
    size: int = Field(1, ge=1, le=9)


class Gadget(BaseModel):
    """Fields of every kind, named so that no name gives the kind away."""

    alpha: Literal["round", "square"] = "round"
    beta: Literal["left", "right"] | None = None
    gamma: Color = "#1E6B52"
    delta: Color | None = None
    epsilon: MediaPath | None = None
    zeta: int = Field(3, ge=1, le=12)
    eta: float = Field(0.5, gt=0, lt=1)
    theta: int | None = Field(None, ge=0)
    iota: bool = True
    kappa: str = Field("", max_length=2000)
    lam: str = Field("", max_length=40)
    mu: QuoteText | None = None
    nu: ShortText | None = None
    xi: list[str] = Field(default_factory=list)
    omicron: Part = Field(default_factory=Part)


@pytest.fixture
def document(example_path: Path) -> Document:
    return Document(load_project(example_path, project_names()))


def _choices(combo: QComboBox) -> list[Any]:
    return [combo.itemData(i) for i in range(combo.count())]


def test_each_field_gets_the_editor_its_type_and_metadata_call_for(inspector: Inspector) -> None:
    inspector.show_path("gadget", Gadget)
    editors = inspector.editors

    alpha, beta = editors["gadget.alpha"], editors["gadget.beta"]
    assert isinstance(alpha, QComboBox) and _choices(alpha) == ["round", "square"]
    assert isinstance(beta, QComboBox) and _choices(beta) == [None, "left", "right"]  # (default) first

    # Colours by their type: no value is there to look like #RRGGBB.
    for key in ("gadget.gamma", "gadget.delta"):
        assert isinstance(editors[key], QLineEdit) and isinstance(editors[key].parent(), ColorEdit), key
    assert not isinstance(editors["gadget.lam"].parent(), ColorEdit)

    assert isinstance(editors["gadget.epsilon"], MediaEditor)

    zeta, eta, theta = editors["gadget.zeta"], editors["gadget.eta"], editors["gadget.theta"]
    assert isinstance(zeta, NumberEdit) and (zeta.integer, zeta.optional, zeta.low, zeta.high) == (
        True,
        False,
        1,
        12,
    )
    assert isinstance(eta, NumberEdit) and (eta.integer, eta.optional, eta.low, eta.high) == (
        False,
        False,
        0,
        1,
    )
    assert isinstance(theta, NumberEdit) and (theta.integer, theta.optional, theta.low, theta.high) == (
        True,
        True,
        0,
        None,
    )
    assert theta.parse() == (True, None, "")  # an optional number may be left empty

    assert isinstance(editors["gadget.iota"], QCheckBox)

    kappa, lam = editors["gadget.kappa"], editors["gadget.lam"]
    assert isinstance(kappa, QPlainTextEdit) and not isinstance(kappa, LinesEdit)  # long: lines to write in
    assert type(lam) is QLineEdit

    mu, nu = editors["gadget.mu"], editors["gadget.nu"]
    assert isinstance(mu, MultilingualEditor) and isinstance(mu.side("ar"), QPlainTextEdit)
    assert isinstance(nu, MultilingualEditor) and isinstance(nu.side("ar"), QLineEdit)

    assert isinstance(editors["gadget.xi"], LinesEdit)

    size = editors["gadget.omicron.size"]  # a nested model is a sub-form
    assert isinstance(size, NumberEdit) and (size.low, size.high) == (1, 9)
    assert any(box.title() == "omicron" for box in inspector.widget().findChildren(QGroupBox))


def test_on_the_top_form_a_nested_model_is_a_section_not_a_row(inspector: Inspector) -> None:
    inspector.show_path("", Gadget)
    assert "alpha" in inspector.editors
    assert not [key for key in inspector.editors if key.startswith("omicron")]
    assert not inspector.widget().findChildren(QGroupBox)


def test_the_campaign_forms_follow_the_same_rules(inspector: Inspector, document: Document) -> None:
    inspector.show_path("")
    keys = set(inspector.editors)
    assert {"title", "tagline", "hashtags"} <= keys
    # Sections have their own tree items; the file format's keys are no one's to edit.
    assert not keys & {
        "brand",
        "people",
        "spotlights",
        "video",
        "goal",
        "outputs",
        "$schema",
        "schema_version",
    }
    inspector.show_path("people[0]")
    assert isinstance(inspector.editors["people[0].story"].side("ar"), QPlainTextEdit)
    assert isinstance(inspector.editors["people[0].quote"].side("ar"), QPlainTextEdit)
    assert isinstance(inspector.editors["people[0].name"].side("ar"), QLineEdit)
    founded = inspector.editors["people[0].founded"]
    assert isinstance(founded, NumberEdit) and (founded.low, founded.high, founded.optional) == (
        1900,
        2100,
        True,
    )
    # A colour stays a colour editor whatever it holds now.
    document.set("brand.primary", "#123456")
    inspector.show_path("brand")
    assert isinstance(inspector.editors["brand.primary"].parent(), ColorEdit)
    inspector.show_path("video")
    photo = inspector.editors["video.photo_s"]
    assert isinstance(photo, NumberEdit) and not photo.integer and (photo.low, photo.high) == (1.5, 20.0)


def test_an_edit_of_an_unknown_model_still_goes_to_the_document(
    qtbot, inspector: Inspector, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits go through ``document.set`` (one undoable step), whatever the model; a field of
    an object that is not there yet creates the object around it."""
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(document, "set", lambda path, value, text=None: calls.append((path, value)) or [])
    inspector.show_path("gadget", Gadget)
    number = inspector.editors["gadget.zeta"]
    number.setText("12")
    qtbot.keyClick(number, Qt.Key.Key_Up)  # stepping stays within the bounds
    assert number.text() == "12"
    number.editingFinished.emit()
    inspector.flush()
    assert calls[-1] == ("gadget", {"zeta": 12})
    check = inspector.editors["gadget.iota"]
    check.setChecked(not check.isChecked())
    assert calls[-1] == ("gadget", {"iota": check.isChecked()})
