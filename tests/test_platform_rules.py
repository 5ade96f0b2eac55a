"""The platform rules table: the numbers each platform publishes (checked December 2026), the
table's coverage of the project file's platforms and of the presets, and the slide limits the
carousels read from it."""

from __future__ import annotations

from typing import get_args

import pytest

from takatof.model.campaign import PostPlatform
from takatof.model.platform_rules import PlatformRules, platform_for, platform_ids, rules
from takatof.render.presets import (
    PRESETS,
    carousel_preset_ids,
    get_preset,
    post_platforms,
    slide_limit,
)


def test_the_table_covers_exactly_the_platforms_a_project_may_name() -> None:
    assert platform_ids() == get_args(PostPlatform)


def test_instagram_takes_2200_characters_5_hashtags_20_mentions_and_no_clickable_links() -> None:
    instagram = rules("instagram")
    assert (instagram.max_chars, instagram.max_hashtags, instagram.max_mentions) == (2200, 5, 20)
    assert instagram.links == "not-clickable" and instagram.url_length is None
    assert instagram.max_slides == 10 and instagram.first_comment
    assert "5 a post" in instagram.source and "20 @ tags" in instagram.source


@pytest.mark.parametrize(
    ("platform", "max_chars", "counting", "max_hashtags", "links", "url_length"),
    [
        ("instagram", 2200, "utf16", 5, "not-clickable", None),
        ("facebook", 63206, "utf16", None, "clickable", None),
        ("x", 280, "x-weighted", None, "shortened", 23),
        ("linkedin", 3000, "utf16", None, "clickable", None),
        ("threads", 500, "emoji-bytes", 1, "clickable", None),
        ("tiktok", 2200, "utf16", None, "not-clickable", None),
        ("youtube", 5000, "utf8", 15, "clickable", None),
        ("whatsapp", 1024, "utf16", None, "clickable", None),
    ],
)
def test_each_platforms_text_rules(
    platform: str, max_chars: int, counting: str, max_hashtags: int | None, links: str, url_length: int | None
) -> None:
    rule = rules(platform)
    assert (rule.max_chars, rule.counting, rule.max_hashtags, rule.links, rule.url_length) == (
        max_chars,
        counting,
        max_hashtags,
        links,
        url_length,
    )


def test_threads_takes_one_topic_tag_and_five_links() -> None:
    assert (rules("threads").max_hashtags, rules("threads").max_links) == (1, 5)


@pytest.mark.parametrize("rule", [rules(p) for p in platform_ids()], ids=platform_ids())
def test_every_row_says_where_its_numbers_come_from(rule: PlatformRules) -> None:
    """A row without a source, or a slide limit without one, is a number nobody can check."""
    assert len(rule.source) > 80, rule.source
    assert str(rule.max_chars) in rule.source.replace(",", "")
    assert (rule.max_slides is None) == (rule.slides_source == "")


def test_an_unknown_platform_is_a_key_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match="instagram, facebook, x"):
        rules("myspace")


def test_every_presets_platform_has_rules() -> None:
    for preset in PRESETS:
        platform = platform_for(preset.platform)
        assert platform is not None, preset.platform
        assert rules(platform).name == preset.platform
    assert platform_for("Myspace") is None


# ---------------------------------------------------------------------------- posted to


@pytest.mark.parametrize(
    ("preset_id", "platforms"),
    [
        ("instagram-square", ("instagram",)),
        ("instagram-portrait", ("instagram",)),
        ("instagram-3x4", ("instagram",)),
        ("instagram-landscape", ("instagram",)),
        ("instagram-reels", ("instagram",)),
        ("facebook-link", ("facebook",)),
        ("x-image", ("x",)),
        ("x-card", ("x",)),
        ("linkedin-post", ("linkedin",)),
        ("linkedin-document", ("linkedin",)),
        ("youtube-shorts", ("youtube",)),
        ("tiktok", ("tiktok",)),
        ("threads", ("threads",)),
        ("youtube-video", ("youtube", "x", "linkedin", "facebook")),
        ("instagram-story", ()),
        ("facebook-story", ()),
        ("whatsapp-status", ()),
        ("youtube-thumbnail", ()),
    ],
)
def test_where_each_presets_asset_is_posted(preset_id: str, platforms: tuple[str, ...]) -> None:
    assert post_platforms(preset_id) == platforms


def test_every_preset_says_where_it_is_posted() -> None:
    for preset in PRESETS:
        assert all(p in platform_ids() for p in post_platforms(preset.id))
    with pytest.raises(KeyError):
        post_platforms("myspace-banner")


# ---------------------------------------------------------------------------- slides


def test_the_carousels_slide_limits_are_the_tables() -> None:
    """One table: a carousel preset's limit is its platform's max_slides, with its source."""
    for preset_id in carousel_preset_ids():
        rule = rules(post_platforms(preset_id)[0])
        assert slide_limit(preset_id) == (rule.max_slides, rule.slides_source)
        assert get_preset(preset_id).platform in slide_limit(preset_id)[1]
