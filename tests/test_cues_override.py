"""A person's own captions (``Person.cues``, issue 20) and the rest of the new project fields:
how the model refuses a wrong one (each at its JSON path, with the fix), how they save, and
how a person's cues replace the story's captions in the plan and in the burned captions.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from takatof.model import Campaign, Project
from takatof.model.project import dumps, validate_data
from takatof.render.video.plan import format_plan, plan_summary
from takatof.render.video.render import VideoJob, plan
from takatof.templates.timeline import Photo
from tests.conftest import EXAMPLE, EXAMPLE_DIR

Data = dict[str, Any]


def example_data() -> Data:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def problems_of(data: Data) -> list[tuple[str, str]]:
    _, found = validate_data(data, EXAMPLE_DIR)
    return [(p.path, p.message) for p in found]


def with_person(change: Any) -> Data:
    data = example_data()
    change(data["people"][0])
    return data


CUE = {"start_s": 4.0, "end_s": 6.0, "text": {"ar": "مرحبا", "en": "Hello"}}


def cues(*items: Data) -> Any:
    def change(person: Data) -> None:
        person["cues"] = [copy.deepcopy(item) for item in items]

    return change


def media_object(extra: Data) -> Any:
    def change(person: Data) -> None:
        person["media"][1] = {"path": person["media"][1], **extra}

    return change


def clip(extra: Data) -> Any:
    def change(person: Data) -> None:
        person["clips"] = [{"path": "media/clip-cairo-runners.mp4", "audio": True, **extra}]

    return change


# --- validation: each problem at its path, saying what to do -------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            cues(CUE, CUE, {**CUE, "start_s": 9.0, "end_s": 8.5}),
            "people[0].cues[2].end_s",
            "end_s (8.5 s) is not after start_s (9 s); a caption must end after it starts",
        ),
        (
            cues({**CUE, "end_s": 4.0}),
            "people[0].cues[0].end_s",
            "is not after start_s",
        ),
        (
            cues(CUE, {**CUE, "start_s": 5.0, "end_s": 7.0}),
            "people[0].cues[1].start_s",
            "starts at 5 s, before cues[0] ends (6 s); captions show one at a time: start it at 6 s or later",
        ),
        (
            cues(CUE, {**CUE, "start_s": 7.0, "end_s": 8.0, "text": {"en": "Hi", "fr": "Salut"}}),
            "people[0].cues[1].text.fr",
            "'fr' is not one of the campaign's languages (ar, en); add it to languages, or remove this text",
        ),
        (cues({**CUE, "text": {"EN": "Hi"}}), "people[0].cues[0].text.EN", "write the language as 'en'"),
        (cues({**CUE, "text": {}}), "people[0].cues[0].text", "at least 1"),
        (cues({**CUE, "text": {"en": " \u200b"}}), "people[0].cues[0].text.en", "only spaces or invisible"),
        (cues({**CUE, "start_s": "4"}), "people[0].cues[0].start_s", "number"),
        (cues({**CUE, "start_s": -1.0}), "people[0].cues[0].start_s", "should be at least 0"),
        (cues({**CUE, "colour": "red"}), "people[0].cues[0].colour", ""),
        (media_object({"transition": {"kind": "wipe"}}), "people[0].media[1].transition.kind", "'dip-black'"),
        (
            media_object({"transition": {"kind": "crossfade", "duration_s": 3.0}}),
            "people[0].media[1].transition.duration_s",
            "2",
        ),
        (
            media_object({"transition": {"kind": "dip-white", "duration_s": 0.05}}),
            "people[0].media[1].transition.duration_s",
            "0.1",
        ),
        (media_object({"transition": {"duration_s": 0.5}}), "people[0].media[1].transition.kind", ""),
        (clip({"volume": 2.5}), "people[0].clips[0].volume", "2"),
        (clip({"volume": "1"}), "people[0].clips[0].volume", "number"),
        (clip({"fade_in_s": -0.5}), "people[0].clips[0].fade_in_s", "0"),
        (clip({"fade_out_s": 11.0}), "people[0].clips[0].fade_out_s", "10"),
    ],
)
def test_a_wrong_new_field_is_told_at_its_path(change: Any, path: str, words: str) -> None:
    found = problems_of(with_person(change))
    at = [message for where, message in found if where == path]
    assert at, f"nothing at {path}: {found}"
    assert words in at[0]


@pytest.mark.parametrize(
    "change",
    [
        cues(CUE, {**CUE, "start_s": 6.0, "end_s": 7.5, "text": {"en": "Only English"}}),
        cues(),
        media_object({"transition": {"kind": "cut"}}),
        media_object({"transition": {"kind": "dip-black", "duration_s": 0.1}}),
        clip({"volume": 0.0, "fade_in_s": 10.0, "fade_out_s": 0.25, "transition": {"kind": "dip-white"}}),
    ],
)
def test_valid_new_fields_pass(change: Any) -> None:
    assert problems_of(with_person(change)) == []


def test_old_projects_save_unchanged() -> None:
    """A project that sets none of the new fields saves exactly as it was read."""
    data = example_data()
    campaign = Campaign.model_validate(data)
    assert json.loads(dumps(campaign)) == data


def test_an_item_with_a_transition_saves_as_an_object() -> None:
    """A photo written as a plain path becomes an object once it has a transition, and only
    that one: the others stay plain paths."""
    campaign = Campaign.model_validate(example_data())
    person = campaign.people[0]
    person.media[0].transition = (
        type(person.media[0])
        .model_fields["transition"]
        .annotation.__args__[0](kind="dip-black", duration_s=0.5)
    )
    saved = json.loads(dumps(campaign))["people"][0]["media"]
    assert saved == [
        {"path": "media/hala-1.jpg", "transition": {"kind": "dip-black", "duration_s": 0.5}},
        "media/hala-2.jpg",
    ]
    again = Campaign.model_validate(json.loads(dumps(campaign)))
    assert again.people[0].media[0].transition is not None
    assert again.people[0].media[0].transition.kind == "dip-black"
    assert again.people[0].media[1].as_text


def test_schema_documents_the_new_fields() -> None:
    schema = Campaign.model_json_schema(by_alias=True)
    defs = schema["$defs"]
    assert defs["Transition"]["properties"]["kind"]["enum"] == ["cut", "crossfade", "dip-black", "dip-white"]
    duration = defs["Transition"]["properties"]["duration_s"]
    assert (duration["minimum"], duration["maximum"], duration["default"]) == (0.1, 2.0, 0.6)
    clip_fields = defs["Clip"]["properties"]
    assert (clip_fields["volume"]["minimum"], clip_fields["volume"]["maximum"]) == (0, 2)
    assert clip_fields["fade_out_s"]["maximum"] == 10
    assert all(
        clip_fields[name].get("description") for name in ("volume", "fade_in_s", "fade_out_s", "transition")
    )
    cue = defs["CueItem"]["properties"]
    assert set(cue) == {"start_s", "end_s", "text"}
    (per_language,) = cue["text"]["patternProperties"].values()
    assert per_language["maxLength"] == 200
    assert defs["Person"]["properties"]["cues"]["description"]


# --- the plan and the burned captions ------------------------------------------------------------

OWN = [
    {"start_s": 4.0, "end_s": 6.5, "text": {"ar": "البداية", "en": "The beginning"}},
    {"start_s": 7.0, "end_s": 8.0, "text": {"en": "English only"}},
    {"start_s": 8.0, "end_s": 9.25, "text": {"ar": "عربي فقط"}},
]


def own_cues_project(captions: bool = False) -> Project:
    data = example_data()
    person = data["people"][0]
    person["cues"] = copy.deepcopy(OWN)
    if captions:
        person["captions"] = {"en": "media/not-read.srt"}  # never read: the cues replace it
    return Project(Campaign.model_validate(data), EXAMPLE)


@pytest.mark.parametrize("langs", [None, ["en", "ar"], ["en"]])
def test_own_cues_are_the_videos_captions(langs: list[str] | None) -> None:
    data = example_data()
    data["people"][0]["cues"] = copy.deepcopy(OWN)
    project = Project(Campaign.model_validate(data), EXAMPLE)
    job = VideoJob("story", "instagram-story", "hala", languages=tuple(langs or ()))
    order = tuple(langs) if langs else ("ar", "en")
    summary = plan_summary(project, job)
    expected = [
        (item["start_s"], item["end_s"], tuple((lang, item["text"].get(lang, "")) for lang in order))
        for item in OWN
        if any(item["text"].get(lang) for lang in order)  # a cue with nothing in this video's languages: none
    ]
    assert [(c.start_s, c.end_s, c.texts) for c in summary.cues] == expected
    assert summary.cues_where == "people[0].cues"
    assert f"captions ({len(expected)}) from people[0].cues" in format_plan(summary)
    # The burned captions: one overlay per cue, at the cue's times, drawing its texts' paths.
    timeline = plan(project, job)
    burned = [o for o in timeline.overlays if o.name.startswith("caption-")]
    assert [(o.start, o.end) for o in burned] == [(s, e) for s, e, _ in expected]


def test_story_captions_say_where_they_come_from() -> None:
    data = example_data()
    # Hala's voice-over captions (the example's) would tell her story first: without them her
    # captions are the story text's, which is what this test is about.
    del data["people"][0]["voiceover_captions"]
    project = Project(Campaign.model_validate(data), EXAMPLE)
    summary = plan_summary(project, VideoJob("story", "instagram-story", "hala"))
    assert summary.cues_where == "" and summary.speech == ()
    assert summary.cues  # made from the story text
    told = format_plan(summary)
    assert f"captions ({len(summary.cues)}) from the caption files and the story text\n" in told, told


def test_story_captions_from_the_voice_over_say_so() -> None:
    """The example's Hala: her voice-over's caption files (timed in the voice-over) are her
    captions while it plays, moved to where the voice starts (the first photo + 0.4 s)."""
    project = Project(Campaign.model_validate(example_data()), EXAMPLE)
    summary = plan_summary(project, VideoJob("story", "instagram-story", "hala"))
    assert summary.cues_where == "" and summary.speech == ("people[0].voiceover_captions",)
    told = format_plan(summary)
    assert (
        "from the speech while it plays (people[0].voiceover_captions), "
        "else the caption files and the story text" in told
    ), told
    voice_at = summary.segments[1].start_s + 0.4
    first = summary.cues[0]
    # captions/hala.voiceover.en.srt's first cue: 0.31 s to 4.18 s into the voice-over.
    assert (first.start_s, first.end_s) == pytest.approx((voice_at + 0.31, voice_at + 4.18))
    assert dict(first.texts)["en"] == "Hala Dahrouge started LibanTroc in 2019 so"


def test_own_cues_replace_caption_files() -> None:
    """A caption file is not read (it does not even exist here): the cues are the captions."""
    project = own_cues_project(captions=True)
    timeline = plan(project, VideoJob("story", "instagram-story", "hala"))
    assert [c.start for c in timeline.cues] == [4.0, 7.0, 8.0]


def test_own_cues_ask_for_no_time() -> None:
    """The story's captions lengthen the photos to be read; a person's own cues are placed
    where they say, so the photos keep their time (marouan has no voice-over to wait for)."""
    data = example_data()
    person = data["people"][1]
    person["story"] = {lang: "A long story. " * 60 for lang in ("ar", "en")}
    job = VideoJob("story", "instagram-story", "marouan")
    told = plan(Project(Campaign.model_validate(data), EXAMPLE), job)
    person["cues"] = copy.deepcopy(OWN)
    own = plan(Project(Campaign.model_validate(data), EXAMPLE), job)
    photo_s = Campaign.model_validate(data).video.photo_s
    assert [s.duration for s in own.segments if isinstance(s, Photo)] == [photo_s, photo_s]
    assert all(s.duration > photo_s for s in told.segments if isinstance(s, Photo))


def test_a_cue_past_the_end_is_left_out_and_one_over_it_is_cut() -> None:
    data = example_data()
    data["people"][0]["cues"] = [
        {"start_s": 1.0, "end_s": 2.0, "text": {"ar": "داخل", "en": "In"}},
        {"start_s": 2.0, "end_s": 3000.0, "text": {"ar": "بعد النهاية", "en": "Over the end"}},
        {"start_s": 4000.0, "end_s": 4001.0, "text": {"ar": "بعدها", "en": "After the end"}},
    ]
    timeline = plan(
        Project(Campaign.model_validate(data), EXAMPLE), VideoJob("story", "instagram-story", "hala")
    )
    assert [(c.start, c.end) for c in timeline.cues] == [(1.0, 2.0), (2.0, pytest.approx(timeline.duration))]


def test_caption_overlay_names_the_cue_it_draws(tmp_path: Path) -> None:
    """The burned caption's texts point at the cue in the project (the Studio's inspector
    opens that place on a click), not at the story text."""
    timeline = plan(own_cues_project(), VideoJob("story", "instagram-story", "hala"))
    burned = [o for o in timeline.overlays if o.name.startswith("caption-")]
    sources = [layer.source for o in burned for layer in _texts(o.layers)]
    assert "people[0].cues[0].text.ar" in sources
    assert "people[0].cues[1].text.en" in sources
    assert not any(".story." in s for s in sources)


def _texts(layers: Any) -> list[Any]:
    found = []
    for layer in layers:
        if hasattr(layer, "items"):
            found += _texts(layer.items)
        elif hasattr(layer, "source"):
            found.append(layer)
    return found


def test_a_language_the_own_cues_do_not_write_keeps_its_captions() -> None:
    """The Studio freezes the cues of the languages on screen when one is edited: a language
    no own cue writes (Arabic here) keeps the captions made from the story (or its file), so a
    video of the same person in that language does not lose them; English comes from the cues."""
    data = example_data()
    job = VideoJob("story", "instagram-story", "hala")
    before = plan(Project(Campaign.model_validate(data), EXAMPLE), job)
    data["people"][0]["cues"] = [{"start_s": 5.0, "end_s": 7.0, "text": {"en": "Only English, once"}}]
    after = plan(Project(Campaign.model_validate(data), EXAMPLE), job)
    arabic = lambda cues: [c.text("ar") for c in cues if c.text("ar")]  # noqa: E731
    english = [c.text("en") for c in after.cues if c.text("en")]
    assert set(english) == {"Only English, once"}
    # the same story, cut into cues for Arabic alone now (not beside the English)
    words = lambda cues: " ".join(dict.fromkeys(arabic(cues))).split()  # noqa: E731
    assert words(after.cues) == words(before.cues) and arabic(before.cues)
    data["people"][0]["cues"] = []  # what removing the cues' last language leaves: all come back
    emptied = plan(Project(Campaign.model_validate(data), EXAMPLE), job)
    assert [c.texts for c in emptied.cues] == [c.texts for c in before.cues]
