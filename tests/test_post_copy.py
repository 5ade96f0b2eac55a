"""Post copy: placeholders per asset kind, the choice of template, fitting to each platform's
rules (Instagram's 5 hashtags, X's weighted 280 checked by twitter-text's own parser), and the
direction of mixed Arabic and Latin text. Assets are built directly: no render is needed."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
import regex
from twitter_text import parse_tweet

import takatof.model.post_copy as post_copy
from takatof.model.campaign import Campaign
from takatof.model.platform_rules import platform_ids, rules
from takatof.model.post_copy import COUNTING, PLACEHOLDERS, Asset, Post, compose, posts_for
from takatof.model.post_defaults import ANIMATED, DEFAULTS

FSI, PDI = "\u2068", "\u2069"

STORY_EN = (
    "Hala started LibanTroc in 2019 so neighbours could swap what they have without money. "
    "Today its members have helped more than 2,000 families get what they need through the "
    "hardest times, and the group now runs swap days in twelve towns across the country, each "
    "one organised by volunteers who first came to swap a coat or a cot."
)
STORY_AR = (
    "أسّستْ هالةُ مجموعةَ ليبان تروك عام 2019 ليتبادل الجيران أغراضهم من دون مال. "
    "اليوم ساعدت المجموعة أكثر من 2,000 عائلة على تأمين ما تحتاجه في أصعب الأوقات، "
    "وتنظّم أيام تبادل في اثنتي عشرة بلدة يديرها متطوعون جاؤوا أول مرة ليتبادلوا معطفاً أو سريراً."
)

BASE: dict[str, Any] = {
    "id": "t",
    "title": {"ar": "قصص المجتمع", "en": "Community Stories"},
    "call_to_action": {"ar": "شاركوا قصصكم", "en": "Share your story"},
    "hashtags": ["#CommunityStories", "#التكاتف_قوّة"],
    "goal": {
        "title": {"ar": "كل تفاعل يُحتسب", "en": "Every interaction counts"},
        "target": 250000,
        "current": 162400,
        "reward": {"ar": "صندوق المبادرات", "en": "the initiatives fund"},
    },
    "people": [
        {
            "id": "hala",
            "name": {"ar": "هالة دحروج", "en": "Hala Dahrouge"},
            "group": {"ar": "ليبان تروك", "en": "LibanTroc"},
            "country": "LB",
            "country_name": {"ar": "لبنان", "en": "Lebanon"},
            "city": {"ar": "بيروت", "en": "Beirut"},
            "members": 85000,
            "quote": {
                "ar": "حين نتبادل، نكتشف كم نحتاج بعضنا.",
                "en": "When we swap, we find we need each other.",
            },
            "story": {"ar": STORY_AR, "en": STORY_EN},
            "handles": ["@libantroc"],
        },
        {
            "id": "omar",
            "name": {"ar": "عمر", "en": "Omar"},
            "group": {"ar": "عدّاؤو القاهرة", "en": "Cairo Runners"},
            "country": "EG",
            "country_name": {"ar": "مصر", "en": "Egypt"},
            "members": 1200,
            "quote": {"ar": "نركض معاً.", "en": "We run together."},
            "story": {"ar": "قصة عمر.", "en": "Omar's story."},
        },
    ],
    "spotlights": [
        {
            "id": "dar",
            "name": {"ar": "دار الخوص", "en": "Dar El Khoos"},
            "makes": {"ar": "سلال من سعف النخيل", "en": "Palm-frond baskets"},
            "mention": "@darelkhoos",
            "person": "hala",
        }
    ],
    "publishing": {"link": "https://example.org/stories"},
}


def campaign(**changes: Any) -> Campaign:
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        data[key] = value
    return Campaign.model_validate(data)


def asset(
    template: str = "quote",
    kind: str = "card",
    subject: str | None = "hala",
    subjects: tuple[str, ...] = (),
    platforms: tuple[str, ...] = ("instagram", "x"),
    languages: tuple[str, ...] = ("ar", "en"),
) -> Asset:
    return Asset(
        id=f"{subject or kind}/{template}",
        kind=kind,
        template=template,
        variant="",
        preset="instagram-square",
        platforms=platforms,
        subject=subject,
        subjects=subjects,
        languages=languages,
        output_path="outputs.cards[0]",
        alt={"en": "Quote card of Hala", "ar": "بطاقة اقتباس"},
    )


# Every placeholder on its own line, so the post reads back as a table (a line whose value
# is empty goes, so a missing key is an empty value).
EVERY = "\n".join(f"{name}={{{name}}}" for name in PLACEHOLDERS)


def fields(c: Campaign, a: Asset, lang: str = "en", platform: str = "facebook") -> dict[str, str]:
    data = c.model_dump(mode="json", by_alias=True)
    data["publishing"]["templates"] = [{"text": {lang: EVERY}}]
    post = compose(Campaign.model_validate(data), a, platform, lang)
    assert post.error is None, post.error
    return dict(line.split("=", 1) for line in post.text.split("\n"))


def iso(text: str) -> str:
    return FSI + text + PDI


CAMPAIGN_WIDE = {
    "hashtags": "#CommunityStories " + iso("#التكاتف_قوّة"),
    "cta": "Share your story",
    "link": "https://example.org/stories",
    "title": "Community Stories",
    "goal": "Every interaction counts",
    "reward": "the initiatives fund",
}
PERSON_CARD = {
    **CAMPAIGN_WIDE,
    "name": "Hala Dahrouge",
    "group": "LibanTroc",
    "quote": "When we swap, we find we need each other.",
    "story": STORY_EN,
    "count": "85,000 members",
    "country": "Lebanon",
    "city": "Beirut",
    "names": "Hala Dahrouge",
    "mention": "@libantroc",
    "hashtags": "#CommunityStories " + iso("#التكاتف_قوّة"),
}
SPOTLIGHT_CARD = {
    **CAMPAIGN_WIDE,
    "name": "Dar El Khoos",
    "group": "LibanTroc",
    "country": "Lebanon",
    "city": "Beirut",
    "makes": "Palm-frond baskets",
    "recommended": "Recommended by LibanTroc @libantroc",  # the card's credit, and its tag
    "names": "Dar El Khoos",
    "mention": "@darelkhoos",
    "hashtags": "#CommunityStories " + iso("#التكاتف_قوّة") + " " + iso("#ادعم_المحلي"),
}


@pytest.mark.parametrize(
    ("case", "made", "expected"),
    [
        ("person card", asset("quote"), PERSON_CARD),
        ("story video", asset("story", kind="video"), PERSON_CARD),
        ("spotlight card", asset("spotlight", subject="dar"), SPOTLIGHT_CARD),
        # A person's spotlight card (the Studio names it by the person): the business's fields.
        ("spotlight card by its person", asset("spotlight", subject="hala"), SPOTLIGHT_CARD),
        (
            "group card",
            asset("group", subject=None, subjects=("hala", "dar")),
            {
                **CAMPAIGN_WIDE,
                "names": "Hala Dahrouge and Dar El Khoos",
                "mention": "@libantroc @darelkhoos",
                "hashtags": SPOTLIGHT_CARD["hashtags"],
                "count": "162,400 of 250,000 interactions",
            },
        ),
        (
            "carousel of people",
            asset("carousel", kind="carousel", subject=None, subjects=("hala", "omar")),
            {
                **CAMPAIGN_WIDE,
                "names": "Hala Dahrouge and Omar",
                "mention": "@libantroc",
                "count": "162,400 of 250,000 interactions",
            },
        ),
        (
            "reel",
            asset("reel", kind="reel", subject=None, subjects=("omar", "hala")),
            {
                **CAMPAIGN_WIDE,
                "names": "Omar and Hala Dahrouge",
                "mention": "@libantroc",
                "count": "162,400 of 250,000 interactions",
            },
        ),
        (
            "goal card",
            asset("goal", subject=None),
            {
                **CAMPAIGN_WIDE,
                "count": "162,400 of 250,000 interactions",
            },
        ),
    ],
)
def test_placeholders_per_asset_kind(case: str, made: Asset, expected: dict[str, str]) -> None:
    assert fields(campaign(), made) == expected, case


def test_placeholders_in_arabic_take_arabic_fields_and_the_campaigns_numerals() -> None:
    c = campaign(brand={"numerals": "arab"})
    got = fields(c, asset("quote"), lang="ar")
    assert got["name"] == "هالة دحروج"
    assert got["count"] == "٨٥٬٠٠٠ عضو"  # the campaign's Arabic digits, the default label
    assert got["quote"] == "حين نتبادل، نكتشف كم نحتاج بعضنا."
    # Latin handles and links are isolated in an Arabic post; Arabic hashtags need not be.
    assert got["mention"] == iso("@libantroc")
    assert got["link"] == iso("https://example.org/stories")
    assert got["hashtags"] == iso("#CommunityStories") + " #التكاتف_قوّة"
    goal = fields(c, asset("goal", subject=None), lang="ar")
    assert goal["count"] == "١٦٢٬٤٠٠ من ٢٥٠٬٠٠٠ تفاعل"


def test_empty_placeholders_collapse_cleanly() -> None:
    data = copy.deepcopy(BASE)
    del data["people"][0]["city"]
    data["people"][0]["handles"] = []
    data["publishing"]["templates"] = [
        {"text": {"en": "Meet {name} ({city})!\n📍 {city}, {country}\n{mention}\n\n\n\n{cta}  {link}\n\n"}}
    ]
    data["publishing"]["link"] = None
    post = compose(Campaign.model_validate(data), asset(), "facebook", "en")
    assert post.text == "Meet Hala Dahrouge!\n📍 Lebanon\n\nShare your story"


QUOTE_AS_WRITTEN = "On échange  (toujours) ! Et vous ? « () » ,, fin :"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{quote} — {city}", QUOTE_AS_WRITTEN),
        ("{city}, {quote} ({city})!", QUOTE_AS_WRITTEN + "!"),
        ("«{quote}» {mention}, {city}.", f"«{QUOTE_AS_WRITTEN}»."),
        ("{name} {city} {quote}  {mention}", f"Hala Dahrouge {QUOTE_AS_WRITTEN}"),
        ("{quote}{city}\n📍 {city}, {country}", f"{QUOTE_AS_WRITTEN}\n📍 Lebanon"),
    ],
)
def test_tidying_an_empty_placeholder_never_touches_the_values_words(template: str, expected: str) -> None:
    # The glue next to an empty city or handle goes; the quote's own French spacing, double
    # space, "()" and doubled comma stay byte for byte.
    data = copy.deepcopy(BASE)
    del data["people"][0]["city"]
    data["people"][0]["handles"] = []
    data["people"][0]["quote"]["en"] = QUOTE_AS_WRITTEN
    data["publishing"]["templates"] = [{"text": {"en": template}}]
    post = compose(Campaign.model_validate(data), asset(), "facebook", "en")
    assert post.error is None, post.error
    assert post.text == expected


def test_a_values_own_blank_lines_stay() -> None:
    data = copy.deepcopy(BASE)
    data["people"][0]["quote"]["en"] = "One.\n\n\n\nTwo."
    data["publishing"]["templates"] = [{"text": {"en": "\n\n{quote}\n\n\n{city}\n\n\n{country}\n\n"}}]
    post = compose(Campaign.model_validate(data), asset(), "facebook", "en")
    assert post.text == "One.\n\n\n\nTwo.\n\nBeirut\n\nLebanon"


LONG_TAGS = ["#CommunityStoriesEverywhere2026", "#TogetherWeAreStrongerThanEver"]
WORDS = "Tell a friend who swaps, and come to the next swap day in your town with something to give. " * 2
WORDS += "Bring a neighbour along. "


def test_a_line_emptied_by_fitting_keeps_the_templates_own_words_and_says_so() -> None:
    # The hashtags share a line with the template's own words; on X none of them fits. The tags
    # go, the words stay (a line the data leaves empty goes; one that fitting empties does not).
    data = copy.deepcopy(BASE)
    data["hashtags"] = LONG_TAGS
    data["publishing"]["templates"] = [{"text": {"en": "{quote}\n{hashtags?} " + WORDS.strip()}}]
    post = compose(Campaign.model_validate(data), asset(), "x", "en")
    assert post.error is None, post.error
    assert post.text == "When we swap, we find we need each other.\n" + WORDS.strip()
    assert post.hashtags == ()
    assert post.shortened == (
        f"{{hashtags?}}: dropped {' '.join(LONG_TAGS)} (to fit X's 280 characters)",
        'the copy\'s own words beside {hashtags?} kept: "Tell a friend who swaps, and come to the…"',
    )
    assert post.length == parse_tweet(post.text).weightedLength <= 280


def test_words_that_cannot_fit_once_their_lines_part_is_cut_fail_the_post_with_the_numbers() -> None:
    data = copy.deepcopy(BASE)
    data["publishing"]["templates"] = [{"text": {"en": "{quote}\n{hashtags?} " + (WORDS * 2).strip()}}]
    post = compose(Campaign.model_validate(data), asset(), "x", "en")
    own = parse_tweet(" " + (WORDS * 2).strip()).weightedLength
    count = parse_tweet("When we swap, we find we need each other.\n" + (WORDS * 2).strip()).weightedLength
    assert post.text == "" and post.length == count > 280
    assert post.error is not None and post.error.endswith(
        f"is {count} of 280 characters (X counts weighted characters: Latin, Arabic and other scripts "
        f"up to U+10FF count 1; CJK, emoji and the rest 2; a link 23); shorten the copy's own words "
        f"({own} characters of it)"
    )
    assert any(said.startswith("the copy's own words beside {hashtags?} kept") for said in post.shortened)


def test_a_line_of_glue_only_goes_with_its_emptied_part() -> None:
    # "#️⃣ " around the hashtags is no words: with all the tags cut, the line goes (and nothing
    # but the tags is said).
    data = copy.deepcopy(BASE)
    data["hashtags"] = LONG_TAGS
    data["publishing"]["templates"] = [{"text": {"en": "{quote}\n" + WORDS.strip() + "\n\n#️⃣ {hashtags?}"}}]
    post = compose(Campaign.model_validate(data), asset(), "x", "en")
    assert post.error is None, post.error
    assert "#️⃣" not in post.text and post.hashtags == ()
    assert not any("own words" in said for said in post.shortened)


def test_every_spotlight_post_carries_its_business_mention_by_default() -> None:
    c = campaign()
    spot = asset("spotlight", subject="dar", platforms=("instagram", "x", "threads", "facebook", "linkedin"))
    posts = posts_for(c, spot)
    assert len(posts) == 10
    for post in posts:
        assert post.error is None, post.error
        assert "@darelkhoos" in post.mentions, post.id
        assert post.template == "default spotlight"


def test_a_language_without_default_copy_takes_the_english_wording_with_its_own_fields() -> None:
    data = copy.deepcopy(BASE)
    data["languages"] = ["fr", "en"]
    for person in data["people"]:
        for key in ("name", "group", "country_name", "quote", "story"):
            person[key]["fr"] = person[key]["en"] + " (fr)"
    for key in ("title", "call_to_action"):
        data[key]["fr"] = data[key]["en"] + " (fr)"
    post = compose(Campaign.model_validate(data), asset("story", kind="video"), "facebook", "fr")
    assert "fr" not in DEFAULTS["story"]
    assert post.template == "default story (English wording: none in fr)"
    assert post.text.startswith("🎬 Meet Hala Dahrouge (fr) of LibanTroc (fr) (Lebanon (fr))")
    assert "Share your story (fr)" in post.text


def test_project_templates_first_match_wins_language_by_language_then_the_default() -> None:
    data = copy.deepcopy(BASE)
    data["publishing"]["templates"] = [
        {"kinds": ["video"], "text": {"en": "video copy {name}"}},
        {"templates": ["quote"], "platforms": ["x"], "text": {"en": "x copy {name}"}},
        {"templates": ["quote"], "text": {"en": "second match {name}"}},
    ]
    c = Campaign.model_validate(data)
    x_en = compose(c, asset(), "x", "en")
    assert (x_en.text, x_en.template) == ("x copy Hala Dahrouge", "publishing.templates[1].text.en")
    # No matching template has Arabic: the default.
    assert compose(c, asset(), "x", "ar").template == "default quote"
    assert compose(c, asset(), "instagram", "en").text == "second match Hala Dahrouge"
    assert compose(c, asset("story", kind="video"), "x", "en").text == "video copy Hala Dahrouge"


def test_a_template_without_a_language_lets_that_language_go_on_to_the_next_matching_template() -> None:
    # The Studio edits the Arabic copy of a post whose English comes from the project: its new
    # template (only Arabic) goes first, and the English posts must keep the project's copy.
    data = copy.deepcopy(BASE)
    data["publishing"]["templates"] = [
        {"kinds": ["card"], "templates": ["quote"], "platforms": ["instagram"], "text": {"ar": "«{quote}»"}},
        {"templates": ["quote"], "text": {"en": "OUR COPY: {quote}", "ar": "نسختنا: {quote}"}},
    ]
    c = Campaign.model_validate(data)
    en = compose(c, asset(), "instagram", "en")
    assert (en.text, en.template) == (
        "OUR COPY: When we swap, we find we need each other.",
        "publishing.templates[1].text.en",
    )
    ar = compose(c, asset(), "instagram", "ar")
    assert (ar.text, ar.template) == (
        "«حين نتبادل، نكتشف كم نحتاج بعضنا.»",
        "publishing.templates[0].text.ar",
    )
    assert compose(c, asset(), "x", "ar").template == "publishing.templates[1].text.ar"


def test_posts_for_each_platform_kept_and_each_language() -> None:
    data = copy.deepcopy(BASE)
    data["publishing"]["platforms"] = ["x", "linkedin"]
    posts = posts_for(Campaign.model_validate(data), asset(platforms=("instagram", "x")))
    assert [p.id for p in posts] == ["hala/quote/x/ar", "hala/quote/x/en"]
    assert [p.alt for p in posts] == ["بطاقة اقتباس", "Quote card of Hala"]


def test_a_link_on_instagram_is_link_in_bio_in_the_posts_language_and_on_x_counts_23() -> None:
    c = campaign()
    ig_ar = compose(c, asset(), "instagram", "ar")
    assert "🔗 الرابط في البايو" in ig_ar.text and "example.org" not in ig_ar.text and ig_ar.link == ""
    x_en = compose(c, asset(), "x", "en")
    assert x_en.link == "https://example.org/stories" and x_en.link in x_en.text
    parsed = parse_tweet(x_en.text)
    assert x_en.length == parsed.weightedLength <= 280


# --- Instagram's hashtags -------------------------------------------------------------------

SEVEN = ["#CommunityStories", "#التكاتف_قوّة", "#Lebanon", "#Beirut", "#Swap", "#Neighbours", "#Together"]


def test_instagram_drops_the_hashtags_past_the_fifth_of_an_optional_part() -> None:
    post = compose(campaign(hashtags=SEVEN), asset(), "instagram", "en")  # the default: {hashtags?}
    assert post.error is None
    assert list(post.hashtags) == SEVEN[:5]  # plain, as a scheduler's tag field takes them
    assert post.shortened == ("{hashtags?}: dropped #Neighbours #Together (Instagram takes 5 hashtags)",)


def test_instagram_fails_a_post_whose_hashtags_are_not_optional_with_the_numbers() -> None:
    data = copy.deepcopy(BASE)
    data["hashtags"] = SEVEN
    data["publishing"]["templates"] = [{"text": {"en": "{quote}\n{hashtags}"}}]
    post = compose(Campaign.model_validate(data), asset(), "instagram", "en")
    assert post.text == ""
    assert post.error is not None
    assert post.error.startswith(
        "publishing.templates[0].text.en: the Instagram post of hala/quote in English has 7 hashtags, "
        "Instagram takes 5; write {hashtags?} so the extras are dropped, or use fewer in hashtags"
    )


# --- links ----------------------------------------------------------------------------------

FIVE_LINKS = " ".join(f"https://example.org/day-{i}" for i in range(1, 6))


def linked(text: str, story: str = "Swap days: " + FIVE_LINKS) -> Campaign:
    data = copy.deepcopy(BASE)
    data["people"][0]["story"]["en"] = story
    data["publishing"]["templates"] = [{"text": {"en": text}}]
    return Campaign.model_validate(data)


def test_threads_leaves_out_an_optional_link_past_its_fifth() -> None:
    post = compose(linked("{story}\n{link?}"), asset(), "threads", "en")
    assert post.error is None, post.error
    assert post.text == "Swap days: " + FIVE_LINKS and post.link == ""
    assert post.shortened == ("{link?} left out (Threads takes 5 links)",)


def test_a_link_said_twice_counts_once() -> None:
    story = "Swap days: " + " ".join(f"https://example.org/day-{i}" for i in range(1, 5))
    post = compose(linked("{story}\n{link?}\n{link?}", story), asset(), "threads", "en")
    assert post.error is None and post.shortened == ()
    assert post.text.endswith("\nhttps://example.org/stories\nhttps://example.org/stories")


def test_threads_fails_a_post_with_more_links_than_it_takes_with_the_numbers() -> None:
    post = compose(linked("{story}\n{link}"), asset(), "threads", "en")
    assert post.text == ""
    assert post.error == (
        "publishing.templates[0].text.en: the Threads post of hala/quote in English has 6 links, "
        "Threads takes 5; write {link?} so it may be left out, or take links out of the copy or the "
        "texts it quotes"
    )
    only_story = compose(
        linked("{story}", "More: https://example.org/0 " + FIVE_LINKS), asset(), "threads", "en"
    )
    assert only_story.error is not None and only_story.error.endswith(
        "has 6 links, Threads takes 5; remove links from the copy or the texts it quotes"
    )


def test_every_platform_with_a_link_limit_is_held_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The limit is the table's, not Threads': a platform given one is held to it the same way.
    linkedin = dataclasses.replace(rules("linkedin"), max_links=1)
    monkeypatch.setattr(post_copy, "rules", lambda platform: linkedin)
    post = compose(linked("{story}\n{link?}", "See https://example.org/day-1"), asset(), "linkedin", "en")
    assert post.text == "See https://example.org/day-1"
    assert post.shortened == ("{link?} left out (LinkedIn takes 1 link)",)
    assert (
        compose(linked("{quote}\n{link?}"), asset(), "linkedin", "en").link == "https://example.org/stories"
    )


# --- length ---------------------------------------------------------------------------------


def test_a_template_that_cannot_fit_fails_with_the_numbers() -> None:
    data = copy.deepcopy(BASE)
    data["publishing"]["templates"] = [{"text": {"en": "{quote}\n{story}"}}]
    post = compose(Campaign.model_validate(data), asset(), "x", "en")
    filled = f"When we swap, we find we need each other.\n{STORY_EN}"
    count = parse_tweet(filled).weightedLength  # the independent counter
    assert count > 280
    assert post.text == "" and post.length == count
    assert post.draft == filled  # what the Studio shows beside its red counter
    assert post.error == (
        f"publishing.templates[0].text.en: the X post of hala/quote in English is {count} of 280 "
        "characters (X counts weighted characters: Latin, Arabic and other scripts up to U+10FF count 1; "
        "CJK, emoji and the rest 2; a link 23); mark a part optional ({story?}) or shorten people[0].story.en"
    )


@pytest.mark.parametrize(
    ("text", "weight"),
    [("a", 1), ("ب", 1), ("\u10ff", 1), ("\u1100", 2), ("中", 2), ("😀", 2), ("https://example.org", 23)],
)
def test_the_x_counting_said_in_a_failure_is_what_twitter_text_counts(text: str, weight: int) -> None:
    # The words a failure uses ("Latin, Arabic and other scripts up to U+10FF count 1; CJK,
    # emoji and the rest 2; a link 23"), checked on each side of U+10FF by the independent parser.
    assert "up to U+10FF count 1; CJK, emoji and the rest 2; a link 23" in COUNTING["x-weighted"]
    assert parse_tweet(text).weightedLength == weight


def test_a_default_copy_that_cannot_fit_fails_at_the_output() -> None:
    data = copy.deepcopy(BASE)
    data["people"][0]["quote"]["en"] = ("A long quote that goes on and on " * 18).strip()
    post = compose(Campaign.model_validate(data), asset(), "x", "en")
    assert post.error is not None
    assert post.error.startswith("outputs.cards[0]: the X post of hala/quote in English is ")
    assert "shorten people[0].quote.en" in post.error
    assert "write your own in publishing.templates" in post.error


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_story_excerpt_is_shortened_on_x_at_a_word_boundary(lang: str) -> None:
    post = compose(campaign(), asset("story", kind="video"), "x", lang)
    assert post.error is None
    story = STORY_EN if lang == "en" else STORY_AR
    excerpt = next(line for line in post.text.split("\n") if line.endswith("…"))
    kept = excerpt.removesuffix("…")
    assert story.startswith(kept) and story[len(kept)] == " "  # cut between words
    assert post.shortened[0].startswith("{story?} shortened at a word boundary")
    parsed = parse_tweet(post.text)
    assert post.length == parsed.weightedLength <= 280
    assert parsed.valid


def test_arabic_posts_keep_graphemes_and_isolates_when_cut() -> None:
    post = compose(campaign(), asset("story", kind="video"), "x", "ar")
    excerpt = next(line for line in post.text.split("\n") if line.endswith("…")).removesuffix("…")
    # Whole graphemes: the kept part is the story's first graphemes (harakat stay on their letters).
    clusters = regex.findall(r"\X", STORY_AR)
    kept = regex.findall(r"\X", excerpt)
    assert clusters[: len(kept)] == kept
    # Every isolate opened is closed, and the Latin handle and link are inside one.
    assert post.text.count(FSI) == post.text.count(PDI)
    assert iso("@libantroc") in post.text
    assert iso("https://example.org/stories") in post.text
    assert post.mentions == ("@libantroc",)


def test_the_isolates_are_counted_as_x_counts_them() -> None:
    # An Arabic post with Latin fields: each isolate pair costs X 4 weighted characters, and
    # our count says so (twitter-text's parser agrees).
    for lang in ("ar", "en"):
        for made in (
            asset(),
            asset("spotlight", subject="dar"),
            asset("group", subject=None, subjects=("hala", "dar")),
        ):
            post: Post = compose(campaign(), made, "x", lang)
            assert post.error is None, post.error
            assert FSI in post.text
            assert post.length == parse_tweet(post.text).weightedLength <= 280, post.id


def test_a_first_comment_is_filled_where_the_platform_schedules_one() -> None:
    data = copy.deepcopy(BASE)
    data["publishing"]["templates"] = [
        {"text": {"en": "{quote}"}, "first_comment": {"en": "More: {link} {hashtags}"}}
    ]
    c = Campaign.model_validate(data)
    facebook = compose(c, asset(), "facebook", "en")
    assert facebook.first_comment == "More: https://example.org/stories #CommunityStories " + iso(
        "#التكاتف_قوّة"
    )
    x = compose(c, asset(), "x", "en")
    assert x.first_comment == "" and x.shortened == ("first comment left out: X schedules none",)


@pytest.mark.parametrize(
    ("part", "copy_", "told"),
    [
        ("first_comment", "More: {lnk}", "unknown placeholder {lnk}; did you mean {link}?"),
        ("first_comment", "More: {link", "holds a { or } that starts no placeholder"),
        ("text", "{quote", "holds a { or } that starts no placeholder"),
        ("text", "}{quote}", "holds a { or } that starts no placeholder"),
        ("text", "{quote} {qoute}", "unknown placeholder {qoute}; did you mean {quote}?"),
    ],
)
@pytest.mark.parametrize("platform", ["facebook", "x"])
def test_a_copy_that_validation_refuses_fails_the_post_at_its_path(
    part: str, copy_: str, told: str, platform: str
) -> None:
    # What validate refuses is never posted: not a comment left out silently, not a brace
    # printed, not a placeholder left empty; on a platform with no first comment too.
    data = copy.deepcopy(BASE)
    template: dict[str, Any] = {"text": {"en": "{quote}"}, part: {"en": copy_}}
    data["publishing"]["templates"] = [template]
    post = compose(Campaign.model_validate(data), asset(), platform, "en")
    assert post.text == "" and post.first_comment == ""
    assert post.error is not None
    assert post.error.startswith(f"publishing.templates[0].{part}.en: {told}"), post.error
    assert post_copy.error_place(post) == (f"publishing.templates[0].{part}.en", post.error.split(": ", 1)[1])


def test_a_group_of_more_businesses_than_instagram_tags_drops_the_last_mentions() -> None:
    data = copy.deepcopy(BASE)
    data["spotlights"] = [
        {"id": f"shop-{i}", "name": {"ar": f"متجر {i}", "en": f"Shop {i}"}, "makes": {"ar": "خبز", "en": "Bread"},
         "mention": f"@shop{i}"}
        for i in range(22)
    ]  # fmt: skip
    group = asset(
        "group", subject=None, subjects=tuple(f"shop-{i}" for i in range(22)), platforms=("instagram",)
    )
    post = compose(Campaign.model_validate(data), group, "instagram", "ar")
    assert post.error is None
    assert post.mentions == tuple(f"@shop{i}" for i in range(20))
    assert post.shortened == ("{mention?}: dropped @shop20 @shop21 (Instagram takes 20 mentions)",)
    # The names are in Arabic's own list form, and each Latin handle is isolated.
    assert "\nمتجر 0 ومتجر 1 ومتجر 2 " in post.text and " ومتجر 20 ومتجر 21\n" in post.text
    assert iso("@shop0") + " " + iso("@shop1") in post.text


def test_a_spotlight_post_credits_and_tags_the_community_that_recommends_it() -> None:
    for lang, credit in (
        ("en", "Recommended by LibanTroc @libantroc"),
        ("ar", "بترشيح من ليبان تروك " + iso("@libantroc")),
    ):
        post = compose(campaign(), asset("spotlight", subject="dar"), "instagram", lang)
        assert post.error is None, post.error
        assert post.text.split("\n")[2] == credit
        assert post.mentions == ("@libantroc", "@darelkhoos")
    # A business no one recommends: no credit line, its own mention still there.
    data = copy.deepcopy(BASE)
    del data["spotlights"][0]["person"]
    alone = compose(Campaign.model_validate(data), asset("spotlight", subject="dar"), "instagram", "en")
    assert "Recommended" not in alone.text and alone.mentions == ("@darelkhoos",)


def test_a_stat_post_names_the_group_as_it_is_named() -> None:
    # "Moroccan Travelers Community" is no "community of" anything: the group's own name.
    data = copy.deepcopy(BASE)
    data["people"][0]["group"] = {"ar": "مجتمع المسافرين المغاربة", "en": "Moroccan Travelers Community"}
    c = Campaign.model_validate(data)
    en = compose(c, asset("stat"), "facebook", "en").text.split("\n")
    ar = compose(c, asset("stat"), "facebook", "ar").text.split("\n")
    assert en[:2] == ["85,000 members 💪", "Moroccan Travelers Community, led by Hala Dahrouge (Lebanon)."]
    assert ar[1] == "مجتمع المسافرين المغاربة بقيادة هالة دحروج (لبنان)."


def test_an_animated_count_is_posted_as_the_count_climbing_not_as_its_cards_caption() -> None:
    c = campaign()
    for template, subject in (("goal", None), ("stat", "hala")):
        for lang in ("en", "ar"):
            card = compose(c, asset(template, subject=subject), "instagram", lang)
            video = compose(c, asset(template, kind="animated", subject=subject), "instagram", lang)
            assert video.template == f"default animated {template}" and card.template == f"default {template}"
            assert video.error is None and video.text.split("\n")[0] != card.text.split("\n")[0]
            assert "📈" in video.text.split("\n")[0] and "📈" not in card.text
    # An animated card with no copy of its own takes its card's.
    quote = compose(c, asset("quote", kind="animated"), "instagram", "en")
    assert (
        quote.template == "default quote" and quote.text == compose(c, asset("quote"), "instagram", "en").text
    )


DEFAULT_ASSETS = {
    "quote": asset("quote"),
    "stat": asset("stat"),
    "spotlight": asset("spotlight", subject="dar"),
    "goal": asset("goal", subject=None),
    "hashtag": asset("hashtag", subject=None),
    "group": asset("group", subject=None, subjects=("hala", "omar", "dar")),
    "story": asset("story", kind="video"),
    "reel": asset("reel", kind="reel", subject=None, subjects=("hala", "omar")),
    "carousel": asset("carousel", kind="carousel", subject=None, subjects=("hala", "omar")),
    "film": asset("film", kind="film", subject=None, subjects=("hala",)),
}


@pytest.mark.parametrize("template", [*sorted(DEFAULTS), *(f"animated {t}" for t in sorted(ANIMATED))])
def test_every_default_copy_fits_every_platform_and_reads_clean(template: str) -> None:
    c = campaign()
    own = template.removeprefix("animated ")
    made = (
        DEFAULT_ASSETS[own] if own == template else dataclasses.replace(DEFAULT_ASSETS[own], kind="animated")
    )
    for platform in platform_ids():
        for lang in ("ar", "en"):
            post = compose(c, made, platform, lang)
            assert post.error is None, post.error
            assert post.template == f"default {template}"
            assert post.text and "{" not in post.text and "  " not in post.text and "\n\n\n" not in post.text
            assert post.text.count(FSI) == post.text.count(PDI)
            if platform == "x":
                assert post.length == parse_tweet(post.text).weightedLength <= 280, post.id
