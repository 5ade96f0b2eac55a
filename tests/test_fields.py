"""Which fields of the campaign model are what (takatof.model.fields), without Qt: the media
fields and their kinds, colours, bounds, sections and read-only keys the Studio's forms use."""

from __future__ import annotations

from pathlib import Path

import pytest

from takatof.model.campaign import MAX_COUNT, Brand, Campaign, Clip, MediaItem, Person
from takatof.model.fields import (
    accepts_text,
    bounds,
    is_color_field,
    is_media_field,
    is_read_only,
    is_section,
    kind_of_file,
    media_field_patterns,
    media_item_model,
    media_kind,
)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("brand.logo", "image"),
        ("video.music", "audio"),
        ("people[3].voiceover", "audio"),
        ("people[0].media[2]", "image"),
        ("people[0].media[2].path", "image"),
        ("people[1].clips[0].path", "video"),
        ("people[1].captions.ar", "captions"),
        ("people[1].captions.ur", "captions"),  # a file per language, any of the campaign's
        ("spotlights[0].image", "image"),
        ("people[0].name.en", "any"),
    ],
)
def test_media_kind_comes_from_the_model(path: str, kind: str) -> None:
    assert media_kind(path) == kind


def test_every_media_field_is_found() -> None:
    patterns = media_field_patterns()
    assert {"brand.logo", "video.music", "people[].voiceover", "people[].clips[].path"} <= set(patterns)
    assert is_media_field(Brand.model_fields["logo"]) and not is_media_field(Brand.model_fields["primary"])
    assert media_item_model(Person.model_fields["clips"]) == (True, Clip)
    assert media_item_model(Person.model_fields["media"]) == (True, MediaItem)
    assert accepts_text(MediaItem) and not accepts_text(Clip)


def test_field_kinds_for_forms() -> None:
    assert is_color_field(Brand.model_fields["primary"]) and not is_color_field(Brand.model_fields["logo"])
    assert bounds(Person.model_fields["members"]) == (0, MAX_COUNT)
    assert is_section(Campaign.model_fields["people"]) and is_section(Campaign.model_fields["brand"])
    assert not is_section(Person.model_fields["name"]), "a bilingual text is a row, not a section"
    assert is_read_only("schema_version", Campaign.model_fields["schema_version"])
    assert not is_read_only("people", Campaign.model_fields["people"])


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.JPG", "image"), ("b.mov", "video"), ("c.ogg", "audio"), ("d.vtt", "captions"), ("e.txt", None)],
)
def test_kind_of_file_by_its_ending(name: str, kind: str | None) -> None:
    assert kind_of_file(Path(name)) == kind
