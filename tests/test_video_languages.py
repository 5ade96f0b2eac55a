"""Story videos in the output's languages (issue 18): one language or two, any declared code.

The plan is checked where it is made (which texts, in which language, in which order, with
which direction), the caption files by parsing them with the format libraries, and two real
renders of the five-language test campaign (tests/data/multilingual) by probing the encoded
files and reading a caption frame back with tesseract: Urdu + English and French alone.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
import srt
import webvtt
from bidi import get_base_level, get_display
from PIL import Image, ImageOps

from takatof.model import Project, load_project
from takatof.model.languages import is_rtl
from takatof.render.batch import InProcess, project_names
from takatof.render.jobs import Job
from takatof.render.outputs import Request, render_outputs
from takatof.render.video.graph import Encoding
from takatof.render.video.plan import format_plan, plan_summary
from takatof.render.video.render import VIDEOS, VideoJob, caption_rel, plan, video_jobs
from takatof.templates.captions import LRM, RLM, caption_pieces, mark_lines, story_cues, to_srt, to_vtt
from takatof.templates.layers import Stack, Text
from takatof.templates.timeline import Cue, Overlay, Still, Timeline
from tests import ocr
from tests.conftest import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
MULTILINGUAL = ROOT / "tests" / "data" / "multilingual"
FAST = Encoding("libx264", "ultrafast", 30)
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
URDU_ONLY = re.compile("[\u06c1\u06cc\u06d2\u0679\u0688\u0691\u06ba]")  # ہ ی ے ٹ ڈ ڑ ں: not in Arabic
DEVANAGARI = re.compile("[\u0900-\u097f]")


def _project(folder: Path, videos: list[dict[str, Any]], files: dict[str, str] | None = None) -> Project:
    """A copy of the five-language campaign with one person (hala) and the given video outputs;
    ``files``: caption files to write for her, ``{code: SRT text}``."""
    target = folder / "project"
    shutil.copytree(MULTILINGUAL, target)
    data = json.loads((target / "campaign.json").read_text(encoding="utf-8"))
    data["people"] = [p for p in data["people"] if p["id"] == "hala"]
    if files:
        (target / "captions").mkdir()
        for lang, text in files.items():
            (target / "captions" / f"hala.{lang}.srt").write_text(text, encoding="utf-8")
        data["people"][0]["captions"] = {lang: f"captions/hala.{lang}.srt" for lang in files}
    data["spotlights"] = []
    data["outputs"] = {"cards": [], "videos": videos}
    (target / "campaign.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_project(target / "campaign.json", project_names())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return _project(
        tmp_path_factory.mktemp("languages"),
        [
            {"template": "story", "presets": ["instagram-square"], "languages": ["ur", "en"]},
            {"template": "story", "presets": ["instagram-square"], "languages": ["fr"]},
            {"template": "story", "presets": ["instagram-square"]},  # the campaign's first two: ar, en
            {"template": "story", "presets": ["instagram-square"], "languages": ["fr", "en"]},
        ],
    )


def _job(project: Project, langs: tuple[str, ...]) -> Job:
    (job,) = [j for j in video_jobs(project) if j.languages == langs]
    return job


def _texts(layers: Any) -> Iterator[Text]:
    for layer in layers:
        if isinstance(layer, Stack):
            yield from (item for item in layer.items if isinstance(item, Text))


def _captions(timeline: Timeline) -> list[Overlay]:
    return [o for o in timeline.overlays if o.name.startswith("caption-")]


def _own_texts(timeline: Timeline) -> list[Text]:
    """Every text the story draws itself: captions, lower third, the stat card (the title and
    closing are the hashtag card's, tested with the cards)."""
    stat = next(s for s in timeline.segments if isinstance(s, Still) and s.name == "stat")
    return [t for o in timeline.overlays for t in _texts(o.layers)] + list(_texts(stat.layers))


# --------------------------------------------------------------------------- the plan


@pytest.mark.parametrize("langs", [("ur", "en"), ("fr",), ("ar", "en"), ("fr", "en")])
def test_every_text_is_in_the_outputs_languages_first_on_top(
    project: Project, langs: tuple[str, ...]
) -> None:
    timeline = plan(project, _job(project, langs))
    person = project.campaign.people[0]
    texts = _own_texts(timeline)
    assert texts and {t.style.lang for t in texts} == set(langs)
    for text in texts:  # named by the field and language it prints
        assert text.source.rsplit(".", 1)[-1] == text.style.lang, text.source
    # Every cue names the output's languages in its order; each caption draws them in it.
    assert timeline.cues and all(cue.langs == langs for cue in timeline.cues)
    for overlay, cue in zip(_captions(timeline), timeline.cues, strict=True):
        drawn = list(_texts(overlay.layers))
        assert [t.style.lang for t in drawn] == [lang for lang, _ in cue.shown]
        for text in drawn:
            assert text.style.direction == ("rtl" if is_rtl(text.style.lang or "") else "ltr")
    # The story's words come out in each language in full, nothing from another language.
    for lang in langs:
        words = " ".join(cue.text(lang) for cue in timeline.cues).split()
        assert words == person.story.get(lang).split()
    others = {code for code in project.campaign.languages if code not in langs}
    shown = "\n".join(t.text for t in texts)
    for code in others:
        assert person.name.get(code) not in shown or any(
            person.name.get(code) == person.name.get(lang) for lang in langs
        ), code  # French and English share "Hala Dahrouge"
    # The opening title and the closing card (the hashtag card's) print no other language.
    for still in (s for s in timeline.segments if isinstance(s, Still) and s.name in ("title", "closing")):
        assert {t.style.lang for t in _texts(still.layers)} - {None} <= set(langs), still.name
    # The counter counts in the first language.
    (counter,) = timeline.counters
    assert counter.lang == langs[0]


def test_urdu_leads_in_its_own_words(project: Project) -> None:
    timeline = plan(project, _job(project, ("ur", "en")))
    person = project.campaign.people[0]
    lower = next(o for o in timeline.overlays if o.name == "lower-third")
    lines = [t.text for t in _texts(lower.layers)]
    assert lines[0] == person.name.get("ur")
    assert URDU_ONLY.search(lines[1]) and "،" not in lines[1]
    assert "Hala Dahrouge" in lines[2] and ", " in lines[2] and not ARABIC_SCRIPT.search(lines[2])
    first = _captions(timeline)[0]
    ur, en = _texts(first.layers)
    assert URDU_ONLY.search(ur.text) and not ARABIC_SCRIPT.search(en.text)
    assert (ur.style.lang, ur.style.bold, en.style.lang, en.style.bold) == ("ur", True, "en", False)
    assert ur.style.size > en.style.size  # the lead language is the larger


def test_a_name_written_alike_in_both_languages_is_printed_once(project: Project) -> None:
    """French and English both write "Hala Dahrouge" and "LibanTroc": the second language's
    lines say only what differs (the country), never the same name twice."""
    timeline = plan(project, _job(project, ("fr", "en")))
    lower = next(o for o in timeline.overlays if o.name == "lower-third")
    lines = [_bare(t.text) for t in _texts(lower.layers)]
    assert lines == ["Hala Dahrouge", "LibanTroc · Liban", "LibanTroc, Lebanon"]
    stat = next(s for s in timeline.segments if isinstance(s, Still) and s.name == "stat")
    # (English groups the figure as "85,000", French as "85 000": the English line repeats it.)
    assert [_bare(t.text) for t in _texts(stat.layers)] == [
        "membres",
        "85,000 members",
        "LibanTroc",
        "Lebanon",
    ]
    # Arabic and English differ in everything: all of it is printed, as always.
    timeline = plan(project, _job(project, ("ar", "en")))
    lower = next(o for o in timeline.overlays if o.name == "lower-third")
    assert _bare(list(_texts(lower.layers))[2].text) == "Hala Dahrouge · LibanTroc, Lebanon"


def _bare(text: str) -> str:
    """``text`` without the bidi isolates the template puts around each field."""
    return re.sub("[\u2066-\u2069]", "", text)


def test_one_language_is_designed_for_one(project: Project) -> None:
    """French alone: one line set per caption in a shorter box with larger type than either
    language of a two-language video, and the stat card says the country in French instead of
    leaving a second language's line empty."""
    one = plan(project, _job(project, ("fr",)))
    two = plan(project, _job(project, ("ur", "en")))
    for overlay in _captions(one):
        (text,) = _texts(overlay.layers)
        assert text.style.lang == "fr" and text.style.direction == "ltr"
    one_box, two_box = _captions(one)[0].box, _captions(two)[0].box
    assert one_box.h < two_box.h and one_box.bottom == two_box.bottom
    one_third, two_third = (next(o for o in t.overlays if o.name == "lower-third") for t in (one, two))
    assert len(list(_texts(one_third.layers))) == 2 and len(list(_texts(two_third.layers))) == 3
    assert one_third.box.h < two_third.box.h  # two lines in a box for two, not three
    (alone,) = _texts(_captions(one)[0].layers)
    lead = next(_texts(_captions(two)[0].layers))
    assert alone.style.size > lead.style.size
    stat = next(s for s in one.segments if isinstance(s, Still) and s.name == "stat")
    assert [t.text for t in _texts(stat.layers)] == ["membres", "LibanTroc", "Liban"]


def test_named_default_languages_plan_the_default_video(project: Project) -> None:
    """An output that names ["ar", "en"] plans exactly what the default output plans: the
    languages are data, not a second code path."""
    default = _job(project, ("ar", "en"))
    named = VideoJob(default.template, default.preset, default.person, ("ar", "en"), named=True)
    assert plan(project, named) == plan(project, default)


def test_the_example_still_prints_arabic_over_english() -> None:
    project = load_project(EXAMPLE, project_names())
    job = VideoJob("story", "instagram-story", "hala")
    timeline = plan(project, job)
    assert all(cue.langs == ("ar", "en") for cue in timeline.cues)
    first = _captions(timeline)[0]
    assert [t.style.lang for t in _texts(first.layers)] == ["ar", "en"]
    summary = plan_summary(project, job)
    assert summary.langs == ("ar", "en")
    assert format_plan(summary).count(" / ") >= len(summary.cues)  # both languages on each row


def test_keys_differ_between_languages(project: Project) -> None:
    keys = {
        langs: VIDEOS.key(project, _job(project, langs), FAST)
        for langs in [("ur", "en"), ("fr",), ("ar", "en")]
    }
    assert len(set(keys.values())) == 3


# ----------------------------------------------------------------- the person's caption files

ENGLISH_FILE = """1
00:00:04,000 --> 00:00:07,500
Hala started LibanTroc in 2019.

2
00:00:07,500 --> 00:00:11,000
Today it counts 85,000 members.
"""


def _deduped(texts: list[str]) -> list[str]:
    return [t for i, t in enumerate(texts) if t and (i == 0 or texts[i - 1] != t)]


def test_a_language_with_a_file_is_timed_by_it_the_other_by_the_story(tmp_path: Path) -> None:
    """Urdu + English where only English has a file: the English captions are the file's, at
    its times; the Urdu ones are made from the Urdu story and shown over them."""
    videos = [{"template": "story", "presets": ["instagram-square"], "languages": ["ur", "en"]}]
    project = _project(tmp_path, videos, {"en": ENGLISH_FILE})
    timeline = plan(project, _job(project, ("ur", "en")))
    assert all(cue.langs == ("ur", "en") for cue in timeline.cues)
    read = [(4.0, 7.5, "Hala started LibanTroc in 2019."), (7.5, 11.0, "Today it counts 85,000 members.")]
    for cue in timeline.cues:
        if cue.text("en"):
            start, end, _ = next(r for r in read if r[2] == cue.text("en"))
            assert start - 1e-6 <= cue.start and cue.end <= end + 1e-6
    assert _deduped([c.text("en") for c in timeline.cues]) == [t for _, _, t in read]
    urdu = " ".join(_deduped([c.text("ur") for c in timeline.cues])).split()
    assert urdu == project.campaign.people[0].story.get("ur").split()


def test_files_of_languages_the_output_does_not_print_change_nothing(tmp_path: Path) -> None:
    videos = [{"template": "story", "presets": ["instagram-square"], "languages": ["fr"]}]
    with_files = _project(tmp_path / "a", videos, {"en": ENGLISH_FILE, "ar": ENGLISH_FILE})
    without = _project(tmp_path / "b", videos)
    assert plan(with_files, _job(with_files, ("fr",))).cues == plan(without, _job(without, ("fr",))).cues


# ----------------------------------------------------------------- captions, any language


def test_pieces_in_one_language_are_cut_by_its_own_needs() -> None:
    story = "Hala Dahrouge a lancé LibanTroc en 2019 pour que les voisins échangent ce qu'ils ont."
    pieces = caption_pieces([("fr", story)])
    assert all(len(p) == 1 for p in pieces)
    assert " ".join(p[0] for p in pieces).split() == story.split()


def test_a_missing_translation_does_not_hold_the_other_language_back() -> None:
    english = "Hala started LibanTroc in 2019. Today its members help families in hard times."
    pieces = caption_pieces([("ur", ""), ("en", english)])
    assert pieces == [("", piece) for (piece,) in caption_pieces([("en", english)])]
    assert caption_pieces([("ur", ""), ("en", " ")]) == []


@pytest.mark.parametrize(
    ("lang", "text", "sentences"),
    [
        ("ur", "ہالہ نے لیبان تروک شروع کیا۔ آج اس کے اراکین مدد کرتے ہیں۔", 2),
        ("hi", "हाला ने लिबान ट्रॉक शुरू किया। आज इसके सदस्य मदद करते हैं।", 2),
        ("fr", "Hala a lancé LibanTroc. Aujourd'hui ses membres aident.", 2),
    ],
)
def test_sentences_end_where_each_script_ends_them(lang: str, text: str, sentences: int) -> None:
    """The Urdu full stop (۔) and the Devanagari danda (।) end sentences as "." does: paired
    with English sentences one to one, each starts a cue of its own."""
    english = "Hala started LibanTroc. Today its members help."
    cues = story_cues([(lang, text), ("en", english)])
    assert len(cues) == sentences
    assert cues[1].text("en").startswith("Today")


@pytest.mark.parametrize(
    ("lang", "rtl"),
    [("ar", True), ("ur", True), ("fa", True), ("he", True), ("en", False), ("fr", False), ("hi", False)],
)
def test_caption_lines_take_their_languages_direction(lang: str, rtl: bool) -> None:
    """A line that opens with a Latin @handle reads right to left in a right-to-left language
    (an RLM first) and stays left to right otherwise; a player's bidi algorithm agrees."""
    words = {
        "ar": "نركض كل جمعة",
        "ur": "ہم ہر جمعہ دوڑتے ہیں",
        "fa": "ما هر جمعه می‌دویم",
        "he": "אנחנו רצים",
    }
    line = "@cairorunners " + words.get(lang, "run every Friday")
    marked = mark_lines(line, lang)
    assert marked.startswith(RLM) == rtl
    assert get_base_level(marked) == (1 if rtl else 0)


@pytest.mark.parametrize(
    ("lang", "line", "tag", "mark"),
    [
        ("ur", "ہالہ کی کہانی #LibanTroc پر", "#LibanTroc", LRM),  # a Latin tag in an Urdu line
        ("he", "הסיפור של #LibanTroc כאן", "#LibanTroc", LRM),
        ("hi", "हाला की कहानी #التكاتف_قوّة पर", "#التكاتف_قوّة", RLM),  # an Arabic tag in Hindi
        ("fr", "L'histoire de #التكاتف_قوّة ici", "#التكاتف_قوّة", RLM),
    ],
)
def test_a_tag_in_the_other_script_keeps_its_sigil_on_its_side(
    lang: str, line: str, tag: str, mark: str
) -> None:
    marked = mark_lines(line, lang)
    assert mark + tag in marked
    shown = get_display(marked)
    if mark == LRM:  # a Latin tag shows "#LibanTroc", its sigil on the left
        assert tag in shown
    else:  # an Arabic tag shows its letters reversed with the sigil at their right
        assert shown.find("#") > shown.find(tag[-1])


def test_sidecars_hold_one_language_each() -> None:
    cues = [
        Cue.of(0.0, 2.0, {"ur": "ہالہ نے 2019 میں شروع کیا۔", "en": "Hala started in 2019."}),
        Cue.of(2.0, 4.0, {"ur": "", "en": "English only here"}),
    ]
    urdu = list(srt.parse(to_srt(cues, "ur")))
    assert [s.content.replace(RLM, "") for s in urdu] == ["ہالہ نے 2019 میں شروع کیا۔"]
    english = webvtt.from_buffer(io.StringIO(to_vtt(cues, "en"))).captions
    assert [c.text for c in english] == ["Hala started in 2019.", "English only here"]
    assert to_vtt(cues, "en").startswith("WEBVTT\n\n")  # no "Language:" header: see captions.py
    assert to_srt(cues, "fr") == ""


# ------------------------------------------------------------------ rendered and probed


@dataclass(frozen=True)
class Rendered:
    project: Project
    out: Path
    manifest: list[dict[str, Any]]


@pytest.fixture(scope="module")
def rendered(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("rendered")
    jobs = [j for j in video_jobs(project) if j.languages in (("ur", "en"), ("fr",))]
    result = render_outputs(project, out, Request(jobs, InProcess(), encoding=FAST))
    assert all(e.error is None for e in result.entries), [e.error for e in result.entries]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    return Rendered(project, out, manifest)


def _sidecar_cues(path: Path) -> list[tuple[float, float, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".srt":
        return [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in srt.parse(text)]
    assert text.startswith("WEBVTT")
    return [
        (c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, c.text)
        for c in webvtt.from_buffer(io.StringIO(text)).captions
    ]


@pytest.mark.parametrize(
    ("langs", "stem"),
    [(("ur", "en"), "story-instagram-square-ur-en"), (("fr",), "story-instagram-square-fr")],
)
def test_a_video_and_its_sidecars_per_language(rendered: Rendered, langs: tuple[str, ...], stem: str) -> None:
    entries = [e for e in rendered.manifest if e.get("languages") == list(langs)]
    (video,) = [e for e in entries if e["kind"] == "video"]
    assert video["path"] == f"videos/hala/{stem}.mp4" and video["status"] == "rendered"
    captions = [e for e in entries if e["kind"] == "captions"]
    assert sorted((e["lang"], e["format"]) for e in captions) == sorted(
        (lang, kind) for lang in langs for kind in ("srt", "vtt")
    )
    folder = rendered.out / "videos" / "hala"
    assert sorted(p.name for p in folder.glob(f"{stem}.*")) == sorted(
        [f"{stem}.mp4", *(f"{stem}.{lang}.{kind}" for lang in langs for kind in ("srt", "vtt"))]
    )
    # Probe the file: one H.264 picture and one AAC sound, as long as the plan and the manifest say.
    timeline = plan(rendered.project, _job(rendered.project, langs))
    with av.open(str(rendered.out / video["path"])) as container:
        (picture,) = container.streams.video
        (sound,) = container.streams.audio
        assert picture.codec_context.name == "h264" and sound.codec_context.name == "aac"
        assert (picture.codec_context.width, picture.codec_context.height) == (1080, 1080)
        assert picture.frames == timeline.frames
        assert float(container.duration / av.time_base) == pytest.approx(timeline.duration, abs=0.1)
    assert video["duration_s"] == pytest.approx(timeline.duration, abs=1e-3)
    # Each sidecar: its language's words, every cue within the video, named with its code.
    person = rendered.project.campaign.people[0]
    for entry in captions:
        lang = entry["lang"]
        assert entry["path"] == caption_rel(_job(rendered.project, langs), lang, entry["format"]).as_posix()
        cues = _sidecar_cues(rendered.out / entry["path"])
        assert cues and all(0 <= s < e <= video["duration_s"] + 1e-3 for s, e, _ in cues)
        words = " ".join(t.replace(LRM, "").replace(RLM, "") for _, _, t in cues).split()
        assert words == person.story.get(lang).split()
        text = " ".join(t for _, _, t in cues)
        assert bool(URDU_ONLY.search(text)) == (lang == "ur")
        assert bool(ARABIC_SCRIPT.search(text)) == is_rtl(lang)


def _frame(path: Path, t: float) -> Image.Image:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        container.seek(int(max(0.0, t - 1.0) / stream.time_base), stream=stream)
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= t - 1e-3:
                return frame.to_image()
    raise AssertionError(f"no frame at {t} s")


def _caption_frame(
    rendered: Rendered, langs: tuple[str, ...], index: int
) -> tuple[Image.Image, Cue, list[Text]]:
    """The caption box of the ``index``-th cue in the middle of its time, cut from the encoded
    video, with the cue and the texts its overlay draws."""
    job = _job(rendered.project, langs)
    timeline = plan(rendered.project, job)
    overlay, cue = _captions(timeline)[index], timeline.cues[index]
    image = _frame(rendered.out / f"videos/hala/{job.stem}.mp4", (cue.start + cue.end) / 2)
    box = overlay.box
    return image.crop((box.x, box.y, box.right, box.bottom)), cue, list(_texts(overlay.layers))


def _ink(image: Image.Image, color: str) -> Image.Image:
    """Black where ``image`` has the text's colour, white elsewhere (the photo under the
    caption's scrim does not become letters), with a white margin: what tesseract reads best."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    target = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    near = np.abs(rgb - target).max(axis=2) <= 80
    return ImageOps.expand(Image.fromarray(np.where(near, 0, 255).astype(np.uint8)), 30, fill=255)


# Character error rates tesseract must read a caption frame within (the limits of the card
# tests, tests/test_card_languages.py): Latin scripts 0.10; Urdu 0.35, as tesseract's ``urd``
# model reads Nastaliq poorly. A caption drawn in the wrong order or unjoined reads far worse.
CER_LATIN, CER_URDU = 0.10, 0.35


def _cer(read: str, expected: str) -> float:
    """Levenshtein distance over the expected length, on letters and digits only
    (:func:`tests.ocr.normalise`: spaces, punctuation and direction marks left out)."""
    a, b = ocr.normalise(read), ocr.normalise(expected)
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        last, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            last, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, last + (ca != cb))
    return row[-1] / max(1, len(b))


def _best(image: Image.Image, expected: str, model: str) -> tuple[float, str]:
    """The lowest CER over page segmentation modes 6 (a block) and 4 (a column of lines)."""
    return min((_cer(read, expected), read) for read in (ocr.read(image, model, psm) for psm in (6, 4)))


def _needs(*langs: str) -> None:
    why = ocr.missing()
    if why is None:
        import pytesseract

        lacking = set(langs) - set(pytesseract.get_languages(config=""))
        why = (
            f"tesseract lacks {', '.join(sorted(lacking))} (apt-get install tesseract-ocr-*)"
            if lacking
            else None
        )
    if why is not None:
        pytest.skip(why)


def test_a_french_frame_shows_one_line_set(rendered: Rendered) -> None:
    _needs("fra")
    image, cue, (text,) = _caption_frame(rendered, ("fr",), 0)
    error, read = _best(_ink(image, text.style.color), cue.text("fr"), "fra")
    print(f"\nfr caption read: {read!r} (CER {error:.3f})")
    assert error <= CER_LATIN, read
    assert len(ocr.normalise(read)) <= 1.1 * len(ocr.normalise(cue.text("fr")))  # nothing else in the box


@pytest.mark.parametrize("index", [0, 1])
def test_an_urdu_english_frame_shows_both_first_urdu(rendered: Rendered, index: int) -> None:
    _needs("urd", "eng")
    image, cue, (urdu, english) = _caption_frame(rendered, ("ur", "en"), index)
    # Where the English begins (its first word, as tesseract places it): the Urdu is above it.
    import pytesseract

    lower = _ink(image, english.style.color)
    words = pytesseract.image_to_data(
        lower, lang="eng", config="--psm 6", output_type=pytesseract.Output.DICT
    )
    first = cue.text("en").split()[0]
    tops = [top - 30 for word, top in zip(words["text"], words["top"], strict=True) if word.strip() == first]
    assert tops, words["text"]
    split = min(tops) - 4
    above = _ink(image.crop((0, 0, image.width, split)), urdu.style.color)
    below = _ink(image.crop((0, split, image.width, image.height)), english.style.color)
    error_ur, read_ur = _best(above, cue.text("ur"), "urd")
    error_en, read_en = _best(below, cue.text("en"), "eng")
    print(
        f"\nur caption read: {read_ur!r} (CER {error_ur:.3f})\nen caption read: {read_en!r} (CER {error_en:.3f})"
    )
    assert error_ur <= CER_URDU, read_ur  # the Urdu, on top
    assert error_en <= CER_LATIN, read_en  # the English under it
