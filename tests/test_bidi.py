"""The bidi algorithm of :mod:`takatof.render.bidi`: paragraph direction, levels, visual order.

python-bidi serves only as an independent oracle here (the app never uses it together with
raqm). It mirrors brackets while our engine leaves mirroring to raqm, it knows nothing of our
hashtag isolates, and it honours directional overrides, which we read as embeddings; so the
oracle tables hold no brackets, hashtags or overrides.
"""

from __future__ import annotations

import pytest
from bidi import get_base_level, get_display
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from takatof.render.bidi import isolate_spans, line_runs, paragraph_level, resolve_levels
from takatof.templates.layers import balance_controls, isolate

AR_TAG = "#التكاتف_قوّة"
EN_TAG = "#CommunityStoriesMENA"


def visual_order(text: str, base: int | None = None, start: int = 0, end: int | None = None) -> list[int]:
    """Logical indices of ``text[start:end]`` (one line) in visual order, left to right."""
    base = paragraph_level(text) if base is None else base
    end = len(text) if end is None else end
    runs = line_runs(text, resolve_levels(text, base), base, start, end)
    order: list[int] = []
    for run in runs:
        indices = list(range(run.start, run.end))
        order.extend(reversed(indices) if run.rtl else indices)
    return order


def visual(text: str, base: int | None = None) -> str:
    return "".join(text[i] for i in visual_order(text, base))


# --- paragraph direction (P2/P3) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("قصص المجتمع", 1),
        ("Community Stories MENA", 0),
        ("  ...  قصص", 1),  # neutrals before the first strong letter do not count
        ("2019 قصص", 1),  # digits are weak, not strong
        ("85,000 members", 0),
        ("٨٥٬٠٠٠ عضو", 1),
        ("85,000", 0),
        ("٨٥٬٠٠٠", 0),  # Arabic-Indic digits are AN (weak): no strong letter -> LTR
        ("!?... 5%", 0),
        ("", 0),
        ("The group ليبان تروك has 85,000 members", 0),
        ("انضموا إلى Cairo Runners كل جمعة", 1),
        (AR_TAG, 1),  # only an Arabic hashtag: follows its own first letter
        (EN_TAG, 0),
        (f"{EN_TAG} انضموا", 1),  # hashtags are isolates, skipped by P2
        (f"{AR_TAG} join us", 0),
        (f"{EN_TAG} {AR_TAG}", 0),
        (f"{AR_TAG} {EN_TAG}", 1),
        ("@darelkhoos تابعونا", 1),
        ("مُحَمَّد", 1),
    ],
)
def test_paragraph_level(text: str, level: int) -> None:
    assert paragraph_level(text) == level


@pytest.mark.parametrize("text", ["قصص المجتمع", "Hello عربي", "عربي Hello", "123 عربي", "...", "٨٥"])
def test_paragraph_level_agrees_with_python_bidi_without_hashtags(text: str) -> None:
    assert paragraph_level(text) == get_base_level(text)


# --- visual order against the oracle ---------------------------------------------------------

ORACLE = [
    "مرحبا بالعالم",
    "Hello world",
    "انضموا إلى Cairo Runners كل جمعة",
    "بدأ إبراهيم صفوت مجموعة Cairo Runners ليجتمع الناس",
    "تضم المجموعة 85,000 عضو",
    "ساعدت أكثر من 2,000+ عائلة",
    "نسبة 5% فقط",
    "من 1-2 ساعة",
    "حوالي 3.5 كيلومتر",
    "85000 عضو",
    "٨٥٬٠٠٠ عضو",
    "تضم ٨٥٬٠٠٠ عضو و ١٨٩٬٠٠٠ عضوة",
    "عام 2019 بدأت LibanTroc مع 85,000 عضو",
    "Hala founded ليبان تروك in 2019",
    "The group ليبان تروك has 85,000 members.",
    "I Make This! آي ميك ذيس",
    "Visit us in القاهرة, Egypt!",
    "قصص المجتمع.",
    "هل أنت مستعد؟",
    "السلام عليكم!",
    "مرحبا   بكم",
    "Hello   عالم   world",
    "مُحَمَّد رَسُول",
    "جـــميل جداً",
    "لا إله إلا الله",
    "$100 لكل عائلة",
    "سعر 12.50 جنيه، تقريباً",
    "مجموعة A1 و B2 معاً",
    "2019",
]


@pytest.mark.parametrize("text", ORACLE)
@pytest.mark.parametrize("base", [None, 0, 1], ids=["auto", "ltr", "rtl"])
def test_visual_order_matches_python_bidi(text: str, base: int | None) -> None:
    level = paragraph_level(text) if base is None else base
    expected = get_display(text, base_dir="R" if level else "L")
    assert visual(text, level) == expected


def test_visual_order_is_a_permutation() -> None:
    text = "عام 2019 بدأت LibanTroc مع 85,000 عضو"
    assert sorted(visual_order(text)) == list(range(len(text)))


def test_arabic_number_stays_left_to_right_inside_arabic() -> None:
    """Digits keep their order (85,000 never becomes 000,58) while the words around them
    read right to left."""
    text = "تضم المجموعة 85,000 عضو"
    shown = visual(text)
    assert "85,000" in shown
    assert shown.startswith("وضع ")  # the last logical word is drawn leftmost


# --- hashtags and mentions are isolates ------------------------------------------------------


def _span_visual(text: str, span: tuple[int, int], base: int | None = None) -> list[int]:
    """Visual positions of a span's characters (in logical order of the span)."""
    order = visual_order(text, base)
    return [order.index(i) for i in range(*span)]


def test_hashtags_stay_whole_in_an_english_line() -> None:
    text = f"Join {EN_TAG} {AR_TAG}"
    assert paragraph_level(text) == 0
    en = (5, 5 + len(EN_TAG))
    ar = (en[1] + 1, len(text))
    assert isolate_spans(text) == [en, ar]
    en_pos = _span_visual(text, en)
    ar_pos = _span_visual(text, ar)
    # Each hashtag occupies one contiguous stretch of the line.
    assert sorted(en_pos) == list(range(min(en_pos), max(en_pos) + 1))
    assert sorted(ar_pos) == list(range(min(ar_pos), max(ar_pos) + 1))
    # The Latin one reads left to right with '#' at its left ...
    assert en_pos == sorted(en_pos)
    # ... the Arabic one right to left, with '#' at its right end.
    assert ar_pos == sorted(ar_pos, reverse=True)
    assert ar_pos[0] == max(ar_pos)
    assert visual(text) == f"Join {EN_TAG} {AR_TAG[::-1]}"


def test_arabic_hashtag_differs_from_plain_bidi() -> None:
    """Without the isolate, plain UBA puts '#' (a neutral after "Join ") on the left of an
    Arabic hashtag in an English line; DESIGN.md wants it on the right."""
    text = f"Join {AR_TAG} now"
    assert get_display(text, base_dir="L").startswith("Join #")
    assert visual(text) == f"Join {AR_TAG[::-1]} now"


def test_latin_hashtag_keeps_hash_on_the_left_in_an_arabic_line() -> None:
    text = f"انضموا إلى {EN_TAG} اليوم"
    assert paragraph_level(text) == 1
    shown = visual(text)
    assert EN_TAG in shown
    assert shown == f"مويلا {EN_TAG} ىلإ اومضنا"


def test_leading_latin_hashtag_in_an_arabic_sentence() -> None:
    text = f"{EN_TAG} انضموا"
    assert visual(text) == f"اومضنا {EN_TAG}"


def test_lone_arabic_hashtag() -> None:
    assert visual(AR_TAG) == AR_TAG[::-1]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (f"Join {AR_TAG}.", [(5, 5 + len(AR_TAG))]),
        (f"تابعوا {AR_TAG}، الآن", [(7, 7 + len(AR_TAG))]),
        (f"{EN_TAG}!", [(0, len(EN_TAG))]),
        ("Follow @darelkhoos!", [(7, 18)]),
        (f"({EN_TAG})", [(1, 1 + len(EN_TAG))]),
        ("# alone and @ alone", []),
        (f"{EN_TAG}{AR_TAG}", [(0, len(EN_TAG)), (len(EN_TAG), len(EN_TAG) + len(AR_TAG))]),
        ("no tags here", []),
    ],
)
def test_isolate_spans_leave_trailing_punctuation_out(text: str, spans: list[tuple[int, int]]) -> None:
    assert isolate_spans(text) == spans


def test_punctuation_after_arabic_hashtag_stays_outside_it() -> None:
    """The full stop after an Arabic hashtag in an English line belongs to the sentence:
    it is drawn after the hashtag, at the far right."""
    text = f"Join {AR_TAG}."
    assert visual(text) == f"Join {AR_TAG[::-1]}."


# --- L1: trailing whitespace of a wrapped line ---------------------------------------------


def test_l1_trailing_space_of_wrapped_line_goes_to_paragraph_level_ltr() -> None:
    """An English paragraph wrapped after an Arabic word: the space that ends the line sits
    between Arabic letters (level 1) but L1 moves it to level 0, so it is drawn at the line's
    right end instead of inside the Arabic run."""
    text = "Hello عربي كلمة"
    base = 0
    levels = resolve_levels(text, base)
    assert levels[10] == 1  # the space between the two Arabic words
    end = 11  # the line "Hello عربي "
    runs = line_runs(text, levels, base, 0, end)
    assert runs[-1].start == 10 and runs[-1].level == 0
    order = visual_order(text, base, 0, end)
    assert order[-1] == 10
    assert "".join(text[i] for i in order) == "Hello يبرع "


def test_l1_trailing_space_of_wrapped_line_goes_to_paragraph_level_rtl() -> None:
    text = "مرحبا hello world"
    base = 1
    levels = resolve_levels(text, base)
    assert levels[11] == 2  # the space between two Latin words
    order = visual_order(text, base, 0, 12)  # the line "مرحبا hello "
    assert order[0] == 11  # at the start of an RTL line: the left end
    assert "".join(text[i] for i in order) == " hello ابحرم"


def test_line_runs_cover_the_line_exactly_once() -> None:
    text = f"بدأ {EN_TAG} عام 2019 مع {AR_TAG} و LibanTroc"
    base = paragraph_level(text)
    levels = resolve_levels(text, base)
    assert len(levels) == len(text)
    for start, end in [(0, len(text)), (4, 30), (10, len(text))]:
        runs = line_runs(text, levels, base, start, end)
        covered = sorted(i for r in runs for i in range(r.start, r.end))
        assert covered == list(range(start, end))


# --- explicit controls: embeddings and isolates (X1-X10) ------------------------------------

CONTROLS = {
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}


def _shown(text: str, base: int | None = None) -> str:
    """The visual string without the controls (which are never drawn)."""
    return "".join(c for c in visual(text, base) if c not in CONTROLS.values())


# Each line: a control that python-bidi (the Rust unicode-bidi crate) resolves exactly as UAX #9
# says. No overrides (we read them as embeddings, below), no trailing whitespace (the crate
# leaves it inside an unclosed embedding, against L1) and no brackets (N0, not implemented).
EXPLICIT_ORACLE = [
    "abc \u2067عربي 12\u2069 def",
    "عربي \u2066abc 12\u2069 !",
    "abc \u2068عربي\u2069, def",
    "عربي \u2068abc\u2069، كلمة",
    "abc \u202bعربي def\u202c ghi",
    "عربي \u202aabc عربي\u202c كلمة",
    "a\u202b\u202ab\u202c\u202cc",
    "abc \u2067def\u2069 ghi",
    "abc \u2067def",  # an isolate left open: closed at the end of the paragraph
    "abc \u202bdef ghi",  # an embedding left open
    "abc\u2069 def\u202c ghi",  # closers without openers do nothing
    "1\u2067-2\u2069-3",
    "عربي \u2068\u2069 abc",  # an empty isolate
    "\u2067\u202aabc\u2069 def",  # a PDI also closes the embeddings opened inside its isolate
    "\u202b" * 130 + "abc" + "\u202c" * 130 + " def",  # deeper than 125: overflow counted
    "\u2067" * 130 + "abc" + "\u2069" * 130 + " def",
]


@pytest.mark.parametrize("text", EXPLICIT_ORACLE)
@pytest.mark.parametrize("base", [0, 1], ids=["ltr", "rtl"])
def test_explicit_controls_match_python_bidi(text: str, base: int) -> None:
    expected = "".join(
        c for c in get_display(text, base_dir="R" if base else "L") if c not in CONTROLS.values()
    )
    assert _shown(text, base) == expected


_ALPHABET = "aBc عرب12٣٤ .,-%!+$\u064e" + "\u202a\u202b\u202c\u2066\u2067\u2068\u2069"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, min_size=1, max_size=14), base=st.sampled_from([0, 1]))
def test_explicit_controls_fuzzed_against_python_bidi(text: str, base: int) -> None:
    """Random mixes of letters, digits, neutrals, embeddings and isolates resolve as the
    Rust crate does (same exclusions as the table above)."""
    stripped = "".join(c for c in text if c not in CONTROLS.values())
    assume(not stripped.endswith(" "))
    expected = "".join(
        c for c in get_display(text, base_dir="R" if base else "L") if c not in CONTROLS.values()
    )
    assert _shown(text, base) == expected


@pytest.mark.parametrize("override", ["\u202d", "\u202e"], ids=["LRO", "RLO"])
def test_overrides_are_read_as_embeddings(override: str) -> None:
    """An override does not draw letters backwards (the spoofing trick): it nests like an
    embedding, so "Hala" keeps its spelling while python-bidi (honouring RLO) reverses it."""
    text = f"abc {override}Hala\u202c def"
    assert _shown(text, 0) == "abc Hala def"
    assert _shown(f"عربي {override}Hala\u202c كلمة", 1) == "ةملك Hala يبرع"
    if override == "\u202e":
        assert "alaH" in get_display(text, base_dir="L")


def test_levels_of_an_isolate_and_its_controls() -> None:
    text = "ab \u2067عر\u2069 cd"
    levels = resolve_levels(text, 0)
    assert levels == [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert len(levels) == len(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("\u2068هالة\u2069 · \u2068ليبان تروك\u2069", 1),  # only isolated fields: the first letter
        ("\u2068Hala\u2069 · \u2068ليبان تروك\u2069", 0),
        ("\u2068Hala\u2069 عربي", 1),  # a strong letter outside the isolates decides
        ("\u2067abc\u2069 def", 0),
        ("\u202bعربي\u202c abc", 1),  # embeddings do not hide their letters from P2
        ("\u2067abc", 0),  # unclosed isolate: nothing outside it, so its first letter
    ],
)
def test_paragraph_level_skips_isolates(text: str, level: int) -> None:
    assert paragraph_level(text) == level


# --- one field cannot leak into the next ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ("Hala", "Hala"),
        ("Hala\u202e", "Hala\u202e\u202c"),
        ("Hala\u2067", "Hala\u2067\u2069"),
        ("\u202bHa\u2066la", "\u202bHa\u2066la\u2069\u202c"),
        ("Hala\u202c", "Hala"),  # a PDF closing nothing is dropped
        ("Hala\u2069", "Hala"),  # a PDI closing nothing would close the template's FSI
        ("\u2067a\u202bb\u2069c", "\u2067a\u202bb\u2069c"),  # the PDI closes the RLE inside it
        ("\u2067a\u202cb", "\u2067ab\u2069"),  # a PDF cannot close across an isolate
        ("\u202ba\u202c\u202cb", "\u202ba\u202cb"),
    ],
)
def test_balance_controls(text: str, balanced: str) -> None:
    assert balance_controls(text) == balanced
    assert isolate(text) == f"\u2068{balanced}\u2069"


@pytest.mark.parametrize("name", CONTROLS)
@pytest.mark.parametrize("where", ["end", "start", "middle"])
def test_no_control_in_a_field_reorders_the_next_fields(name: str, where: str) -> None:
    """The card line "name · group, country" with any explicit control, unpaired, in the
    name: the other fields and the separators stay where they were typed."""
    control = CONTROLS[name]
    field = {"end": f"Hala{control}", "start": f"{control}Hala", "middle": f"Ha{control}la"}[where]
    line = f"{isolate(field)} · {isolate('LibanTroc')}, {isolate('لبنان')}"
    assert paragraph_level(line) == 0
    assert _shown(line) == "Hala · LibanTroc, نانبل"
    arabic = f"{isolate('هالة' + control)} · {isolate('ليبان تروك')}"
    assert paragraph_level(arabic) == 1
    assert _shown(arabic) == "كورت نابيل · ةلاه"


@pytest.mark.parametrize("name", ["RLO", "RLE", "RLI", "LRO", "LRE", "LRI"])
def test_without_isolates_an_unclosed_control_does_reorder_the_line(name: str) -> None:
    """Why the templates isolate every field: joined raw, an unclosed control in the name
    moves what follows it (an RLx in the English line, an LRx in the Arabic one)."""
    control = CONTROLS[name]
    if name.startswith("R"):
        assert _shown(f"Hala{control} · LibanTroc, Lebanon") != "Hala · LibanTroc, Lebanon"
    else:
        assert _shown(f"هالة{control} · ليبان تروك") != "كورت نابيل · ةلاه"


# --- N0: paired brackets ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "base", "brackets", "level"),
    [
        # A Latin name in brackets after a Latin word in an Arabic line: the brackets join the
        # Latin run (level 2), so ")" stays after "Runners", not before "اليوم".
        ("تابعونا على Instagram (Cairo Runners) اليوم", 1, (22, 36), 2),
        # Latin inside, in an English line: the brackets take the line's direction, so ")"
        # does not travel with the Arabic word before it.
        ("smith (fabrikam عربي) عبري", 0, (6, 20), 0),
        # Arabic inside, in an English line, after an Arabic word: right-to-left brackets.
        ("Join عربي (تبادل) now", 0, (10, 16), 1),
        # Only Arabic inside, after Latin: the embedding direction.
        ("Join (تبادل) now", 0, (5, 11), 0),
        # Canonical equivalents pair: U+2329 with U+3009, U+3008 with U+232A.
        ("a\u2329b\u3009", 1, (1, 3), 2),
        ("a\u3008b\u232a", 1, (1, 3), 2),
    ],
)
def test_paired_brackets_take_one_direction(
    text: str, base: int, brackets: tuple[int, int], level: int
) -> None:
    levels = resolve_levels(text, base)
    assert [levels[i] for i in brackets] == [level, level]


def test_brackets_that_do_not_pair_stay_neutrals() -> None:
    """ "(" and "]" are no pair (BD16): the "]" at the end of a right-to-left line keeps the
    line's direction, where a pair would have joined the Latin run."""
    assert resolve_levels("a(b]", 1) == [2, 2, 2, 1]
    assert resolve_levels("a(b)", 1) == [2, 2, 2, 2]


def test_brackets_in_an_arabic_line_draw_around_the_latin_name() -> None:
    text = "تابعونا على Instagram (Cairo Runners) اليوم"
    shown = visual(text)
    assert "Instagram (Cairo Runners)" in shown  # one left-to-right run, brackets included


# --- X8: a paragraph separator ends every embedding ---------------------------------------


@pytest.mark.parametrize("separator", ["\r\n", "\u2029", "\x85", "\r"])
@pytest.mark.parametrize("control", ["\u202b", "\u202e", "\u2067", "\u2068"])
def test_paragraph_separator_closes_open_embeddings(separator: str, control: str) -> None:
    """An RLE (RLO, RLI, FSI) left open in the first paragraph ends at the separator: the
    separator and the next paragraph are back at the base level."""
    text = f"{control}\u05d0\u05d1{separator}cd"
    levels = resolve_levels(text, 0)
    after = len(text) - 2 - len(separator)
    assert levels[1:3] == [1, 1]
    assert levels[after:] == [0] * (len(separator) + 2)
    assert visual_order(text, 0)[-(len(separator) + 2) :] == list(range(after, len(text)))


def test_an_isolate_does_not_pair_across_paragraphs() -> None:
    """BD9: an FSI in one paragraph and a PDI in the next are no pair; the FSI's direction
    comes from its own paragraph only."""
    text = "x\u2068a\u2029\u05d0\u2069"
    levels = resolve_levels(text, 0)
    assert levels[2] == 2  # "a" in an LTR isolate (the Hebrew after the separator not seen)
    assert levels[3:] == [0, 1, 0]


# --- L1: only whitespace (Bidi_Class WS) goes back to the paragraph level -------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_no_break_space_keeps_its_level_before_a_tab(space: str) -> None:
    """U+00A0 and U+202F are CS, not WS: before a tab they stay with the word they join
    (str.isspace() says otherwise)."""
    text = f"abc{space}\tdef"
    runs = line_runs(text, resolve_levels(text, 1), 1, 0, len(text))
    assert [(r.start, r.end, r.level) for r in runs] == [(5, 8, 2), (4, 5, 1), (0, 4, 2)]
    plain = "abc \tdef"  # an ordinary space does go back to the paragraph level
    runs = line_runs(plain, resolve_levels(plain, 1), 1, 0, len(plain))
    assert [(r.start, r.end, r.level) for r in runs] == [(5, 8, 2), (3, 5, 1), (0, 3, 2)]


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_no_break_space_at_the_end_of_a_line_keeps_its_level(space: str) -> None:
    text = f"\u202babc{space}"  # the whole line inside an RTL embedding: "abc" and the space at 2
    assert line_runs(text, resolve_levels(text, 0), 0, 0, len(text))[-1].level == 2
    assert line_runs(" abc ", resolve_levels(" abc ", 1), 1, 0, 5)[0].level == 1
