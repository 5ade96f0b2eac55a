"""Caption files read right in a player: every line of every cue shows in its language's
direction, checked by an independent reader.

A browser or player lays out each cue line with the Unicode bidi algorithm and, the file
saying nothing else, takes the line's direction from its first strong character. The reader
here is python-bidi (the Rust ``unicode-bidi`` crate underneath), called the same way: no
base direction given. Each table row is written as what a person must see, left to right on
screen; Arabic pieces are written in reading order and turned with ``r()``, as the reader
returns a right-to-left run (characters reversed; marks and controls dropped before
comparing). Rows whose unmarked text already reads right must come out of the writer
unchanged: the files stay free of marks nobody needs.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest
import srt
import webvtt
from bidi import get_base_level, get_display

from takatof.templates.captions import (
    LRM,
    RLM,
    mark_direction,
    mark_lines,
    parse_captions,
    to_srt,
    to_vtt,
    wrap_lines,
)
from takatof.templates.timeline import Cue
from tests import ocr


def bi(start: float, end: float, ar: str, en: str) -> Cue:
    """A cue of the default video: Arabic on top, English under it."""
    return Cue.of(start, end, {"ar": ar, "en": en})


_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def r(arabic: str) -> str:
    """An Arabic piece as the reader returns a right-to-left run: characters reversed."""
    return arabic[::-1]


def shown(line: str) -> str:
    """What a player shows, left to right, for one line (base direction from the line itself)."""
    return get_display(line).translate(_INVISIBLE)


# (row id, language, the line as typed, what must be seen left to right, marks needed?)
ROWS = [
    # Arabic lines
    ("ar-handle-first", "ar", "@cairorunners نركض كل جمعة", r("نركض كل جمعة") + " @cairorunners", True),
    (
        "ar-latin-name-first",
        "ar",
        "Hala Dahrouge أسّست ليبان تروك",
        r("أسّست ليبان تروك") + " Hala Dahrouge",
        True,
    ),
    (
        "ar-latin-hashtag-first",
        "ar",
        "#CommunityStoriesMENA شاركوا قصصكم",
        r("شاركوا قصصكم") + " #CommunityStoriesMENA",
        True,
    ),
    ("ar-digits-first", "ar", "2019 أسست هالة المجموعة", r("أسست هالة المجموعة") + " 2019", False),
    ("ar-digits-only", "ar", "2019.", ".2019", True),
    (
        "ar-handle-inside",
        "ar",
        "انضموا إلى @cairorunners كل جمعة",
        r("كل جمعة") + " @cairorunners " + r("انضموا إلى"),
        True,
    ),
    (
        "ar-two-hashtags",
        "ar",
        "تابعوا #CommunityStoriesMENA و#التكاتف_قوّة",
        r("و#التكاتف_قوّة") + " #CommunityStoriesMENA " + r("تابعوا"),
        True,
    ),
    (
        "ar-number-after-latin",
        "ar",
        "يجمع Marouan Zitane 340,000 مسافر",
        r("مسافر") + " 340,000 Marouan Zitane " + r("يجمع"),
        True,
    ),
    (
        "ar-phone-number",
        "ar",
        "اتصلوا على +961 1 234 567 اليوم",
        r("اليوم") + " +961 1 234 567 " + r("اتصلوا على"),
        True,
    ),
    ("ar-spaced-thousands", "ar", "تضم 85 000 عضو", r("عضو") + " 85 000 " + r("تضم"), True),
    (
        "ar-latin-inside",
        "ar",
        "يركض فريق Cairo Runners كل جمعة",
        r("كل جمعة") + " Cairo Runners " + r("يركض فريق"),
        False,
    ),
    (
        "ar-numbers-inside",
        "ar",
        "تضم المجموعة 85,000 عضو، وساعدت",
        r("تضم المجموعة 85,000 عضو، وساعدت").replace(r("85,000"), "85,000"),
        False,
    ),
    ("ar-arabic-hashtag", "ar", "#التكاتف_قوّة يجمعنا", r("#التكاتف_قوّة يجمعنا"), False),
    # English lines
    (
        "en-arabic-name-first",
        "en",
        "هالة دحروج started LibanTroc in 2019",
        r("هالة دحروج") + " started LibanTroc in 2019",
        True,
    ),
    (
        "en-arabic-hashtag",
        "en",
        "Join us #التكاتف_قوّة today",
        "Join us " + r("#التكاتف_قوّة") + " today",
        True,
    ),
    ("en-arabic-hashtag-digits", "en", "Join #التكاتف_قوّة 2024", "Join " + r("#التكاتف_قوّة") + " 2024", True),
    (
        "en-number-after-arabic",
        "en",
        "from مصر: 85,000 members",
        "from " + r("مصر") + ": 85,000 members",
        True,
    ),
    ("en-handle-first", "en", "@cairorunners run every Friday", "@cairorunners run every Friday", False),
    ("en-digits-first", "en", "85,000 members in Lebanon", "85,000 members in Lebanon", False),
    ("en-latin-hashtag", "en", "#CommunityStoriesMENA is live", "#CommunityStoriesMENA is live", False),
]


@pytest.mark.parametrize(
    ("lang", "typed", "seen", "needs_marks"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_each_line_shows_in_its_languages_order(lang: str, typed: str, seen: str, needs_marks: bool) -> None:
    marked = mark_direction(typed, lang == "ar")
    assert shown(marked) == seen, (marked, shown(marked))
    assert get_base_level(marked) == (1 if lang == "ar" else 0)  # the paragraph's direction
    assert marked.translate(_INVISIBLE) == typed  # only marks were added
    if needs_marks:
        assert shown(typed) != seen  # what a player showed before: the row is a real case
    else:
        assert marked == typed  # nothing added where nothing is needed
    assert mark_direction(marked, lang == "ar") == marked  # marking twice adds nothing


def test_only_lrm_and_rlm_are_written() -> None:
    """Marks every player knows; no isolates (unknown to older players, boxes in their fonts)."""
    for _, lang, typed, _, _ in ROWS:
        added = set(mark_direction(typed, lang == "ar")) - set(typed)
        assert added <= {LRM, RLM}


def test_a_handle_that_ends_in_punctuation_keeps_it() -> None:
    marked = mark_direction("@libantroc_", True)
    assert shown(marked) == "@libantroc_" and get_base_level(marked) == 1


def test_lines_are_marked_each_on_its_own() -> None:
    text = "انضموا إلينا\nCairo Runners كل جمعة"
    marked = mark_lines(text, "ar")
    assert [shown(line) for line in marked.split("\n")] == [
        r("انضموا إلينا"),
        r("كل جمعة") + " Cairo Runners",
    ]


# A two-line Arabic cue whose second line opens with a Latin name (as ibrahim's story does),
# and a two-line English cue whose second line opens with an Arabic name.
AR_TWO = "انضموا إلى الفريق صباح كل جمعة في القاهرة Cairo Runners ينتظركم عند النيل كل أسبوع"
EN_TWO = "Each Friday the runners meet by the Nile إبراهيم صفوت leads them along the river"
AR_LINES = ["انضموا إلى الفريق صباح كل جمعة في القاهرة", "Cairo Runners ينتظركم عند النيل كل أسبوع"]
EN_LINES = ["Each Friday the runners meet by the Nile", "إبراهيم صفوت leads them along the river"]
CUES = [
    bi(0.0, 2.5, "@cairorunners نركض كل جمعة", "@cairorunners run every Friday"),
    bi(2.5, 6.0, AR_TWO, EN_TWO),
    bi(6.0, 8.0, "تضم 85 000 عضو", "هالة دحروج started LibanTroc in 2019"),
]
SEEN = {
    "ar": [
        [r("نركض كل جمعة") + " @cairorunners"],
        [r(AR_LINES[0]), r("ينتظركم عند النيل كل أسبوع") + " Cairo Runners"],
        [r("عضو") + " 85 000 " + r("تضم")],
    ],
    "en": [
        ["@cairorunners run every Friday"],
        [EN_LINES[0], r("إبراهيم صفوت") + " leads them along the river"],
        [r("هالة دحروج") + " started LibanTroc in 2019"],
    ],
}


def _srt_lines(text: str) -> list[list[str]]:
    return [s.content.split("\n") for s in srt.parse(text)]


def _vtt_lines(text: str) -> list[list[str]]:
    return [c.text.split("\n") for c in webvtt.from_buffer(io.StringIO(text)).captions]


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize(("write", "read"), [(to_srt, _srt_lines), (to_vtt, _vtt_lines)], ids=["srt", "vtt"])
def test_caption_files_show_every_line_of_every_cue_in_order(write, read, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert wrap_lines(AR_TWO) == AR_LINES and wrap_lines(EN_TWO) == EN_LINES  # the rows below rely on it
    text = write(CUES, lang)
    cues = read(text)  # the format's own library reads the file back
    assert [[shown(line) for line in cue] for cue in cues] == SEEN[lang]
    for cue in cues:
        for line in cue:
            assert get_base_level(line) == (1 if lang == "ar" else 0), line
    kind = "srt" if write is to_srt else "vtt"
    plain = [" ".join(c.translate(_INVISIBLE).split()) for c in (cue.text(lang) for cue in CUES)]
    assert [" ".join(t.translate(_INVISIBLE).split()) for _, _, t in parse_captions(text, kind)] == plain


@pytest.mark.parametrize("kind", ["srt", "vtt"])
def test_ffmpeg_reads_the_marked_files(tmp_path, kind: str) -> None:  # type: ignore[no-untyped-def]
    """A third reader: ffmpeg's own SRT and WebVTT demuxers take the files (a malformed WebVTT
    fails to open) and hand back every cue with its marks."""
    path = tmp_path / f"c.{kind}"
    path.write_text((to_srt if kind == "srt" else to_vtt)(CUES, "ar"), encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("WEBVTT" if kind == "vtt" else "1\n")
    done = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "srt", "-"],
        capture_output=True,
        check=True,
    )
    back = [[shown(line) for line in cue] for cue in _srt_lines(done.stdout.decode("utf-8"))]
    assert back == SEEN["ar"]


# ------------------------------------------------------ a second reader: FriBiDi, then OCR

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # one face with both scripts


def _ocr_words(line: str) -> list[tuple[int, int, str]]:
    """(left, right, word) of each word tesseract reads from ``line`` drawn the way a player
    draws a cue line: Pillow's raqm layout (HarfBuzz shaping, FriBiDi ordering with the
    paragraph direction from the first strong character; no direction given)."""
    import pytesseract
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(DEJAVU), 48, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (int(font.getlength(line)) + 80, 100), 255)
    ImageDraw.Draw(image).text((40, 20), line, font=font, fill=0)
    data = pytesseract.image_to_data(
        image, lang="eng+ara", config="--psm 7", output_type=pytesseract.Output.DICT
    )
    return [
        (left, left + width, word.translate(_INVISIBLE))
        for left, width, word in zip(data["left"], data["width"], data["text"], strict=True)
        if word.strip()
    ] + [(image.width, image.width, "")]


@pytest.mark.skipif(
    ocr.missing() is not None or not DEJAVU.is_file(), reason="needs tesseract and DejaVu Sans"
)
@pytest.mark.parametrize(
    ("typed", "latin", "before", "after"),
    [
        # the handle reads backwards inside an Arabic line (what Chromium showed), and right once marked
        ("انضموا إلى @cairorunners كل جمعة", "cairorunners", "cairorunners@", "@cairorunners"),
        # a line opening with a handle or a name: at the left end before, at the right (start) after
        ("@cairorunners نركض كل جمعة", "cairorunners", "left", "right"),
        ("Hala Dahrouge أسّست ليبان تروك", "Dahrouge", "left", "right"),
    ],
)
def test_a_drawn_and_ocr_read_arabic_line_shows_the_latin_words_in_place(
    typed: str, latin: str, before: str, after: str
) -> None:
    """Either how the Latin word reads back (its "@" on the wrong side, or right), or on
    which side of the drawn line it lies (the start of an Arabic line is its right end)."""

    def seen(line: str) -> str:
        words = _ocr_words(line)
        width = words[-1][0]
        left, right, word = next(w for w in words if latin in w[2])
        if before not in ("left", "right"):
            return word
        return "right" if right > width * 0.7 else "left" if left < width * 0.3 else "middle"

    assert seen(typed) == before
    assert seen(mark_direction(typed, True)) == after
