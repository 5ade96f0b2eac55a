"""Emoji draw in colour (issue 18, part 4): grouping into emoji sequences, colour and place in
Latin and Arabic lines at a small and a large size, measuring for wrapping, validation, the
quote card, a story video's caption overlay and its SRT.

Every check decodes pixels: an emoji's box must hold the emoji's own colours (compared with the
emoji face drawn alone), never the text colour and never a tofu box."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import takatof.render.fonts as fonts_mod
from takatof.cli import main
from takatof.model import Campaign
from takatof.model.project import load_project
from takatof.render.cards import CardJob, render_card
from takatof.render.checks import glyph_problems
from takatof.render.fonts import EMOJI_STRIKE, emoji_path, emoji_spans, family_stack
from takatof.render.presets import get_preset
from takatof.render.text import TextLayout, draw_text, layout_text, line_offset
from takatof.render.video.assets import _overlay
from takatof.render.video.render import VideoJob, plan
from takatof.templates.captions import to_srt
from takatof.templates.layers import TextStyle
from tests.conftest import EXAMPLE_DIR, make_media, prune_plan, write_project

HEART, JORDAN, CLAP, FAMILY = (
    "\u2764\ufe0f",
    "\U0001f1ef\U0001f1f4",
    "\U0001f44f\U0001f3fd",
    "👨\u200d👩\u200d👧",
)
CODER = "👩🏽\u200d💻"  # a ZWJ sequence with a skin tone, drawn in saturated colours
KEYCAP = "1\ufe0f\u20e3"

# --- grouping ------------------------------------------------------------------------------

GROUPS: list[tuple[str, str, list[str]]] = [
    ("heart-vs16", f"a {HEART} b", [HEART]),
    ("heart-alone", "a \u2764 b", ["\u2764"]),  # no text face has it: colour, not a box
    ("flags-adjacent", "🇯🇴🇱🇧", [JORDAN, "🇱🇧"]),
    ("lone-regional", "x 🇯 y", ["🇯"]),
    ("skin-tone", f"go{CLAP}!", [CLAP]),
    ("zwj-family", f"{FAMILY} home", [FAMILY]),
    ("zwj-skin", f"{CODER}{CODER}", [CODER, CODER]),
    ("keycap", f"{KEYCAP} and 2\u20e3 and #\ufe0f\u20e3", [KEYCAP, "2\u20e3", "#\ufe0f\u20e3"]),
    ("digits-stay-text", "call 123 #tag", []),
    ("text-presentation-symbols", "© ™ ‼ ℹ", []),
    ("copyright-vs16", "©\ufe0f", ["©\ufe0f"]),
    ("text-selector-keeps-text", "©\ufe0e", []),
    (
        "subdivision-flag",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f!",
        ["🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"],
    ),
    ("lone-modifier", "🏽", ["🏽"]),
    ("zwj-to-text-stops", "🎉\u200da", ["🎉"]),
    ("arabic", f"حب {HEART} و{JORDAN}", [HEART, JORDAN]),
    ("plain", "نص عربي and English", []),
]


@pytest.mark.parametrize(("text", "expected"), [g[1:] for g in GROUPS], ids=[g[0] for g in GROUPS])
def test_emoji_sequences_are_grouped(text: str, expected: list[str]) -> None:
    for rtl in (False, True):
        spans = emoji_spans(text, family_stack("sans", False, rtl_first=rtl))
        assert [text[a:b] for a, b in spans] == expected


def test_text_without_emoji_never_opens_the_emoji_face(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 10 MB face is read only for text with emoji."""
    opened: list[Path] = []
    real_cmap, real_load = fonts_mod._cmap, fonts_mod.load_font

    def cmap(path: Path) -> frozenset[int]:
        opened.append(path)
        return real_cmap(path)

    def load(path: Path, size: int, basic: bool = False) -> ImageFont.FreeTypeFont:
        opened.append(path)
        return real_load(path, size, basic)

    monkeypatch.setattr(fonts_mod, "_cmap", cmap)
    monkeypatch.setattr(fonts_mod, "load_font", load)
    layout_text("Lazy emoji face check 1234 © ™ — نص عربي فريد", TextStyle(size=31), 900)
    assert opened and emoji_path() not in opened
    layout_text(f"Lazy emoji face check {HEART}", TextStyle(size=31), 900)
    assert emoji_path() in opened


# --- colour and place in a line ------------------------------------------------------------

SIZES = [28, 140]  # below and above the face's 109 px strike
LATIN = f"one {HEART} two {JORDAN} three {CLAP} four {FAMILY} five {CODER} six {KEYCAP} seven"
ARABIC = f"واحد {HEART} اثنان {JORDAN} ثلاثة {CLAP} أربعة {FAMILY} خمسة {CODER} ستة {KEYCAP} سبعة"
EMOJI = [HEART, JORDAN, CLAP, FAMILY, CODER, KEYCAP]
LATIN_WORDS = ["one", "two", "three", "four", "five", "six", "seven"]
ARABIC_WORDS = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة"]


def render(text: str, size: int, width: int = 4000) -> tuple[np.ndarray, TextLayout]:
    """``text`` in black on white, 20 px in from the corner."""
    layout = layout_text(text, TextStyle(size=size, color="#000000"), width)
    image = Image.new("RGBA", (width + 40, layout.height + 40), (255, 255, 255, 255))
    draw_text(image, layout, 20, 20)
    return np.asarray(image.convert("RGB")).astype(int), layout


def alone(emoji: str, size: int) -> np.ndarray:
    """The emoji face's own drawing of ``emoji``, scaled to ``size``, on white: the reference."""
    face = ImageFont.truetype(str(emoji_path()), EMOJI_STRIKE)
    left, top, right, bottom = (int(v) for v in face.getbbox(emoji, anchor="ls"))
    strike = Image.new("RGBA", (right - left, bottom - top), (255, 255, 255, 255))
    ImageDraw.Draw(strike).text((-left, -top), emoji, font=face, anchor="ls", embedded_color=True)
    scale = size / EMOJI_STRIKE
    scaled = strike.resize(
        (round(strike.width * scale), round(strike.height * scale)), Image.Resampling.LANCZOS
    )
    return np.asarray(scaled.convert("RGB")).astype(int)


def tofu(char: str, size: int) -> np.ndarray:
    """What a text face draws for a character it lacks: the .notdef box, in black."""
    face = ImageFont.truetype(str(family_stack("sans", False, False).paths[0]), size)
    image = Image.new("RGB", (2 * size, 2 * size), "white")
    ImageDraw.Draw(image).text((size // 2, size // 2), char, font=face, fill="black")
    return np.asarray(image).astype(int)


def saturated(pixels: np.ndarray) -> np.ndarray:
    return (pixels.max(axis=-1) - pixels.min(axis=-1) > 70) & (pixels.max(axis=-1) > 80)


def colours(pixels: np.ndarray, mask: np.ndarray) -> int:
    """Distinct colours (each channel in 6 steps) among the masked pixels, counting only those
    that cover at least 0.5% of them (not edge blends)."""
    chosen = pixels[mask] // 43
    if not len(chosen):
        return 0
    _, counts = np.unique(chosen, axis=0, return_counts=True)
    return int((counts >= max(2, 0.005 * len(chosen))).sum())


def ink(pixels: np.ndarray) -> np.ndarray:
    return (pixels < 235).any(axis=-1)


def inked(pixels: np.ndarray) -> np.ndarray:
    """``pixels`` cut to the box of their ink."""
    rows, cols = np.nonzero(ink(pixels))
    return pixels[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference per channel, ``a`` resized to ``b``'s shape first."""
    if a.shape != b.shape:
        picture = Image.fromarray(a.astype(np.uint8)).resize(
            (b.shape[1], b.shape[0]), Image.Resampling.BILINEAR
        )
        a = np.asarray(picture).astype(int)
    return float(np.abs(a - b).mean())


def piece_boxes(layout: TextLayout, x: int, y: int) -> list[tuple[str, float, float, int]]:
    """(text, left, right, line index) of every piece, in the image's coordinates."""
    out = []
    for index, line in enumerate(layout.lines):
        left = x + line_offset(line, layout)
        out += [(p.text, left + p.x, left + p.x + p.width, index) for p in line.pieces]
    return out


def emoji_box(pixels: np.ndarray, layout: TextLayout, emoji: str) -> tuple[np.ndarray, int, int, int, int]:
    (left, right, row) = next((a, b, i) for t, a, b, i in piece_boxes(layout, 20, 20) if t == emoji)
    baseline = 20 + layout.first_baseline + row * layout.advance
    top, bottom = round(baseline - 1.0 * layout.size), round(baseline + 0.3 * layout.size)
    x0, x1 = round(left) - 1, round(right) + 1
    return pixels[top:bottom, x0:x1], x0, x1, top, round(baseline)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text", [LATIN, ARABIC], ids=["latin", "arabic"])
def test_each_emoji_draws_in_its_own_colours(text: str, size: int) -> None:
    pixels, layout = render(text, size)
    assert len(layout.lines) == 1 and layout.fits
    text_ink = ink(pixels) & ~saturated(pixels)
    for emoji in EMOJI:
        box, *_ = emoji_box(pixels, layout, emoji)
        # The emoji face's own picture, not the text's black: the box's ink is the reference
        # drawing, pixel for pixel (mean difference under 25 levels; a tofu box is over 85 off).
        reference = inked(alone(emoji, size))
        drawn = inked(box)
        assert abs(drawn.shape[0] - reference.shape[0]) <= 2 and abs(drawn.shape[1] - reference.shape[1]) <= 2
        assert difference(drawn, reference) < 25, emoji
        # Never tofu: the .notdef box a text face draws instead is nothing like it.
        box_tofu = tofu(emoji[0], size)
        assert not saturated(box_tofu).any()
        assert difference(inked(box_tofu), reference) > 60, emoji
        if emoji in (FAMILY, KEYCAP):
            # Noto draws these on a grey tile (black figures, a blue-grey digit): several
            # colours in one glyph (a family is one picture, not three people side by side).
            assert colours(box, ink(box)) >= 3
            assert ink(box).any(axis=0).sum() <= 1.25 * size
        else:
            assert saturated(box).mean() > 0.08, emoji
            assert colours(box, saturated(box)) >= 3, emoji
    assert text_ink.any()  # the words are drawn too


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("text", "words", "rtl"),
    [(LATIN, LATIN_WORDS, False), (ARABIC, ARABIC_WORDS, True)],
    ids=["latin", "arabic"],
)
def test_each_emoji_sits_between_its_words(text: str, words: list[str], rtl: bool, size: int) -> None:
    """Typed between word k and word k+1, an emoji is drawn between them: left to right for
    Latin, right to left in the Arabic line (emoji are bidi-neutral and take the line's
    direction). Checked on the pixels: the emoji's colours are only inside its own box, and
    black letters are found on both sides of it."""
    pixels, layout = render(text, size)
    boxes = piece_boxes(layout, 20, 20)
    centre = {t.strip(): (a + b) / 2 for t, a, b, _ in boxes}
    word_at = {w: next(c for t, c in centre.items() if w in t.split()) for w in words}
    for k, emoji in enumerate(EMOJI):
        # Visual order, left to right: word k, the emoji, word k+1 (mirrored for Arabic).
        order = [word_at[words[k]], centre[emoji], word_at[words[k + 1]]]
        assert order == sorted(order, reverse=rtl), (emoji, order)
    colour_columns = saturated(pixels).any(axis=0)
    allowed = np.zeros_like(colour_columns)
    for emoji in EMOJI:
        _, x0, x1, _, _ = emoji_box(pixels, layout, emoji)
        allowed[x0:x1] = True
        letters = ink(pixels) & ~saturated(pixels)
        assert letters[:, max(0, x0 - size) : x0].any() and letters[:, x1 : x1 + 2 * size].any()
    assert not (colour_columns & ~allowed).any()


@pytest.mark.parametrize("size", SIZES)
def test_emoji_sit_on_the_baseline_like_the_letters(size: int) -> None:
    """An emoji's middle is at the middle of the capitals beside it (Noto draws its square
    from 0.93 em above the baseline to 0.25 below, as browsers place it)."""
    pixels, layout = render(f"HHH {JORDAN} HHH", size)
    box, x0, _, top, baseline = emoji_box(pixels, layout, JORDAN)
    rows = np.nonzero(saturated(box).any(axis=1))[0] + top
    letters = np.nonzero(ink(pixels[:, : x0 - 2]).any(axis=1))[0]
    emoji_mid, letters_mid = (rows.min() + rows.max()) / 2, (letters.min() + letters.max()) / 2
    assert abs(emoji_mid - letters_mid) < 0.12 * size, (emoji_mid, letters_mid)
    assert letters.max() == pytest.approx(baseline, abs=1.5)  # the H stands on the baseline


def test_wrapping_and_shrinking_count_the_emoji() -> None:
    """The measured advance of a line of emoji holds all of its ink, and wrapping in a narrow
    box keeps every emoji inside the box."""
    row = " ".join([HEART, JORDAN, CLAP, FAMILY, CODER] * 3)
    pixels, layout = render(f"start {row} end", 40, width=520)
    assert len(layout.lines) > 1 and layout.fits
    columns = np.nonzero(ink(pixels).any(axis=0))[0]
    assert columns.min() >= 19 and columns.max() <= 20 + 520
    single, one_line = render(f"start {row} end", 40)
    assert len(one_line.lines) == 1
    drawn = np.nonzero(ink(single).any(axis=0))[0]
    assert drawn.max() - 20 == pytest.approx(one_line.width, abs=0.05 * 40 + 2)
    assert one_line.width > layout_text("start end", TextStyle(size=40), 4000).width + 15 * 40


# --- a campaign: validation, the quote card, a story video's captions ---------------------


@pytest.fixture
def emoji_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, root, ignore=shutil.ignore_patterns("*.bak"))
    data: dict[str, Any] = json.loads((root / "campaign.json").read_text(encoding="utf-8"))
    make_media(root, data)
    hala = next(p for p in data["people"] if p["id"] == "hala")
    hala["quote"]["en"] = f"Love {HEART} from Jordan {JORDAN} applause {CLAP} family {FAMILY}"
    hala["quote"]["ar"] = f"حب {HEART} من الأردن {JORDAN} تصفيق {CLAP} عائلة {FAMILY}"
    hala["story"]["en"] = f"Love {HEART} from Jordan {JORDAN} to every family {FAMILY} here {CLAP}."
    # The example times Hala's original story to her voice-over in caption files, which would
    # be her story video's captions in place of this story: the captions here are the story's.
    hala.pop("voiceover_captions", None)
    data["people"] = [hala]
    data["spotlights"] = [s for s in data.get("spotlights", []) if s.get("person") in (None, "hala")]
    return write_project(root, prune_plan(data))


def test_validate_accepts_emoji(emoji_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(emoji_project)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "valid" in out
    data = json.loads(emoji_project.read_text(encoding="utf-8"))
    assert glyph_problems(Campaign.model_validate(data)) == []


def new_hues(image: Image.Image, ground: Image.Image) -> set[int]:
    """Hues (24 bins) of strongly saturated pixels found in ``image`` (at least 30 of them)
    and not in ``ground``."""

    def hues(picture: Image.Image) -> dict[int, int]:
        hsv = np.asarray(picture.convert("RGB").convert("HSV")).astype(int)
        strong = (hsv[..., 1] > 140) & (hsv[..., 2] > 90)
        values, counts = np.unique(hsv[..., 0][strong] * 24 // 256, return_counts=True)
        return dict(zip(values.tolist(), counts.tolist(), strict=True))

    seen, before = hues(image), hues(ground)
    return {h for h, n in seen.items() if n >= 30 and before.get(h, 0) < 5}


def test_a_quote_card_draws_the_emoji_in_colour(emoji_project: Path) -> None:
    project = load_project(emoji_project)
    card = render_card(project, CardJob("quote", "instagram-square", "hala"))
    assert card.problems == []
    data = json.loads(emoji_project.read_text(encoding="utf-8"))
    for lang in ("en", "ar"):
        text = data["people"][0]["quote"][lang]
        for emoji in (HEART, JORDAN, CLAP, FAMILY):
            text = text.replace(f" {emoji}", "")
        data["people"][0]["quote"][lang] = text
    plain_path = emoji_project.parent / "plain" / "campaign.json"
    shutil.copytree(emoji_project.parent, plain_path.parent)
    plain = render_card(
        load_project(write_project(plain_path.parent, data)), CardJob("quote", "instagram-square", "hala")
    )
    # Red (the heart, the flag's triangle) and the skin tone: hues the card without emoji
    # does not have at all. (The flag's green is no new hue on a card of the brand's green.)
    hues = new_hues(card.image, plain.image)
    assert len(hues) >= 2, hues
    assert hues & {0, 1, 23}, hues  # red


def test_a_story_caption_overlay_draws_the_emoji_and_the_srt_keeps_them(
    emoji_project: Path, tmp_path: Path
) -> None:
    project = load_project(emoji_project)
    timeline = plan(project, VideoJob("story", "instagram-square", "hala"))
    srt = to_srt(list(timeline.cues), "en")
    for emoji in (HEART, JORDAN, CLAP, FAMILY):
        assert emoji in srt
    canvas = get_preset("instagram-square").canvas()
    captions = [o for o in timeline.overlays if o.name.startswith("caption-")]
    with_emoji = [c for c in captions if any(e in str(c.layers) for e in EMOJI)]
    assert with_emoji
    found: set[int] = set()
    for overlay in with_emoji:
        path, problems = _overlay(overlay, canvas, tmp_path / "cache")
        assert problems == []
        picture = Image.open(path)
        assert picture.mode == "RGBA"
        ground = Image.new("RGBA", picture.size, (128, 128, 128, 255))
        shown = ground.copy()
        shown.alpha_composite(picture)
        found |= new_hues(shown, ground)
    assert len(found) >= 3 and found & {0, 1, 23}, found
