"""The outputs that choose people or businesses by id follow them: renaming one renames it in
every reel, film, carousel and group card that names it, and removing a person takes them
out of those lists, in the same undoable edit, so no output is left naming nobody."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from takatof.edit.edits import apply, remove_person, set_value
from takatof.edit.validate import validate_file
from tests.conftest import EXAMPLE, EXAMPLE_DIR


def data_with_outputs() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["outputs"] = {
        "cards": [{"template": "quote", "presets": ["instagram-square"], "subjects": ["hala", "rania"]}],
        "reels": [
            {
                "presets": ["instagram-story"],
                "people": [{"person": "rania"}, {"person": "hala", "items": [0, 1]}],
            }
        ],
        "films": [{"presets": ["instagram-story"], "people": ["hala"]}],
        "carousels": [
            {"presets": ["instagram-square"], "subjects": ["hala", "marouan"]},
            {
                "id": "businesses",
                "presets": ["instagram-square"],
                "of": "spotlights",
                "subjects": [data["spotlights"][0]["id"]],
            },
        ],
    }
    return data


def test_renaming_a_person_renames_them_in_every_output_that_chooses_them() -> None:
    data = data_with_outputs()
    index = next(i for i, p in enumerate(data["people"]) if p["id"] == "hala")
    edit = set_value(data, f"people[{index}].id", "hala-k")
    out = apply(data, edit)["outputs"]
    assert out["cards"][0]["subjects"] == ["hala-k", "rania"]
    assert out["reels"][0]["people"] == [{"person": "rania"}, {"person": "hala-k", "items": [0, 1]}]
    assert out["films"][0]["people"] == ["hala-k"]
    assert out["carousels"][0]["subjects"] == ["hala-k", "marouan"]
    assert out["carousels"][1] == data["outputs"]["carousels"][1]  # a carousel of businesses


def test_removing_a_person_takes_them_out_of_the_outputs_in_the_same_edit() -> None:
    data = data_with_outputs()
    index = next(i for i, p in enumerate(data["people"]) if p["id"] == "hala")
    edit = remove_person(data, index)
    out = apply(data, edit)
    assert "hala" not in [p["id"] for p in out["people"]]
    assert out["outputs"]["reels"][0]["people"] == [{"person": "rania"}]
    assert "people" not in out["outputs"]["films"][0]  # emptied: back to its default, never []
    assert out["outputs"]["carousels"][0]["subjects"] == ["marouan"]
    assert out["outputs"]["cards"][0]["subjects"] == ["rania"]
    # One edit: undoing it (its changes backwards) gives the file back.
    undone = out
    for change in reversed(edit.changes):
        undone = apply(undone, type(edit)("undo", (type(change)(change.path, change.new, change.old),)))
    assert undone == data


def test_an_output_naming_an_unknown_person_is_told_once_at_its_path(tmp_path: Path) -> None:
    """The model's check names the unknown id at its path; the video checks leave that reel
    and film out (they would only fail to find the person) and still check the others."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    data["outputs"] = {
        "reels": [{"presets": ["instagram-story"], "people": [{"person": "zed"}, {"person": "hala"}]}],
        "films": [
            {"presets": ["instagram-story"], "people": ["zed"]},
            {"id": "long", "presets": ["whatsapp-status"], "people": ["ibrahim"]},
        ],
    }
    data["people"][3]["clips"] = data["people"][3]["clips"] * 30  # ibrahim's film: beyond 60 s
    (folder / "campaign.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _, problems = validate_file(folder / "campaign.json")
    assert all(problem.path for problem in problems), problems
    assert not [p for p in problems if "could not check" in p.message], problems
    paths = [problem.path for problem in problems]
    assert "outputs.reels[0].people[0].person" in paths and "outputs.films[0].people[0]" in paths, paths
    assert "outputs.films[1]" in paths  # the film of a known person is still checked


def test_an_output_left_with_no_one_goes_back_to_its_default_and_stays_valid() -> None:
    """Removing the only person a reel, film, carousel or group card named leaves no empty list
    (which names no one, and validation refuses): the list goes, the output features its
    default, and the project is still valid."""
    from takatof.model.project import validate_data
    from takatof.render.batch import project_names
    from tests.conftest import EXAMPLE_DIR

    data = data_with_outputs()
    data["outputs"]["reels"][0]["people"] = [{"person": "hala"}]
    data["outputs"]["carousels"][0]["subjects"] = ["hala"]
    data["outputs"]["cards"][0] = {"template": "group", "presets": ["instagram-square"], "subjects": ["hala"]}
    data["outputs"]["films"] = []
    index = next(i for i, p in enumerate(data["people"]) if p["id"] == "hala")
    out = apply(data, remove_person(data, index))
    assert "people" not in out["outputs"]["reels"][0]
    assert "subjects" not in out["outputs"]["carousels"][0]
    assert "subjects" not in out["outputs"]["cards"][0]
    assert validate_data(out, EXAMPLE_DIR, project_names())[1] == []


def test_deleting_a_persons_last_clip_takes_them_out_of_the_films_that_name_them() -> None:
    from takatof.edit.cuts import delete_item

    data = data_with_outputs()
    index = next(i for i, p in enumerate(data["people"]) if p.get("clips"))
    ident = data["people"][index]["id"]
    data["outputs"]["films"] = [{"presets": ["instagram-story"], "people": [ident, "hala"]}]
    out = data
    for _ in data["people"][index]["clips"]:
        out = apply(out, delete_item(out, f"people[{index}].clips[0]"))
    assert out["outputs"]["films"][0]["people"] == ["hala"]
