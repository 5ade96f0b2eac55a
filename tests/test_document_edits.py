"""The Studio's document edits the campaign as written: a round trip of edits, saved, gives back
the very file it started from (no field the file never set is filled in with its default)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from takatof import edit
from takatof.edit.form import lift
from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.ui.document import Document


@pytest.fixture
def document(qapp: object, project_copy: Path) -> Iterator[Document]:
    document = Document(load_project(project_copy, project_names()))
    yield document
    document.close()


def test_moving_a_person_down_and_up_saves_the_same_file(document: Document, project_copy: Path) -> None:
    before = project_copy.read_bytes()
    document.move_person(0, 1)
    document.move_person(1, 0)
    document.save()
    assert project_copy.read_bytes() == before


def test_people_and_media_edits_and_their_undo_save_the_same_file(
    document: Document, project_copy: Path
) -> None:
    before = project_copy.read_bytes()
    document.duplicate_person(1)
    document.remove_person(2)
    assert document.apply(edit.move_item(document.data(), "people[0].media", [0, 1], 1, 0, "Move")) == []
    assert document.apply(edit.move_item(document.data(), "people[0].media", [0, 1], 1, 0, "Move")) == []
    document.add_person()
    document.undo_stack.undo()
    document.save()
    assert project_copy.read_bytes() == before


def test_an_edit_writes_only_what_it_changes(document: Document, project_copy: Path) -> None:
    """Rania moved to the top is written as she was: the same keys in the same order, and no
    field her entry never set (members_label has a default, captions none) filled in."""
    written = json.loads(project_copy.read_text(encoding="utf-8"))["people"][2]
    assert written["id"] == "rania" and "members_label" not in written and "captions" not in written
    document.move_person(2, 0)
    document.save()
    saved = json.loads(project_copy.read_text(encoding="utf-8"))["people"][0]
    assert list(saved) == list(written) and saved == written


def test_a_field_of_an_unset_object_with_a_default_goes_to_its_path(document: Document) -> None:
    """members_label is not in the file but has a default: an edit of one language keeps the
    other (the model fills in the object); captions have none, so the object is created."""
    data = document.data()
    assert lift(data, "people[2].members_label.en", "friends") == ("people[2].members_label.en", "friends")
    assert document.set("people[2].members_label.en", "friends") == []
    assert document.get("people[2].members_label.ar") == "عضو"
    assert lift(data, "people[2].captions.ar", "c.srt") == ("people[2].captions", {"ar": "c.srt"})
    assert lift(data, "people[2].captions.ar", None) == (None, None)
