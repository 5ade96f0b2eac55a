"""Make the README's pictures: docs/images/cards.png, story-frames.png, reel-frames.png (a frame
of each part of the campaign reel) and carousel.png (the carousel's slides in order) from a
real render of the example, and docs/images/layouts.png (the four card layouts at three presets, and a card
of the support-local example with its partner row) drawn through the render API.

takatof render examples/community-stories/campaign.json --out out
python docs/make_readme_image.py out
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

PICKS = [
    "cards/hala/quote-instagram-square.png",
    "cards/rania/stat-instagram-portrait.png",
    "cards/community-stories-mena/goal-instagram-story.png",
    "cards/ibrahim/quote-x-image.png",
    "cards/dar-el-khoos/spotlight-instagram-portrait.png",
]
HEIGHT = 440
GAP = 16


def main(out_dir: str = "out") -> int:
    tiles = []
    for rel in PICKS:
        with Image.open(Path(out_dir) / rel) as card:
            tile = card.convert("RGB")
        tile.thumbnail((4 * HEIGHT, HEIGHT), Image.Resampling.LANCZOS)
        tiles.append(tile)
    row = [tiles[0], tiles[1], tiles[2]]
    second = [tiles[3], tiles[4]]
    width = max(sum(t.width for t in r) + GAP * (len(r) + 1) for r in (row, second))
    sheet = Image.new("RGB", (width, 2 * HEIGHT + 3 * GAP), "#F4E9D8")
    for y, tiles_in_row in ((GAP, row), (HEIGHT + 2 * GAP, second)):
        x = (width - sum(t.width for t in tiles_in_row) - GAP * (len(tiles_in_row) - 1)) // 2
        for tile in tiles_in_row:
            sheet.paste(tile, (x, y + (HEIGHT - tile.height) // 2))
            x += tile.width + GAP
    target = Path(__file__).parent / "images" / "cards.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    story_strip(Path(out_dir) / STORY)
    reel_strip(Path(out_dir) / REEL)
    carousel_strip(Path(out_dir) / CAROUSEL)
    layouts_sheet()
    return 0


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LAYOUT_PRESETS = ("instagram-square", "instagram-story", "linkedin-post")


def layouts_sheet(height: int = 300) -> None:
    """One row per layout (photo, type, split, thumbnail), the quote card at three presets,
    each row named; then a support-local card with its five partners."""
    from PIL import ImageDraw, ImageFont

    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.render.cards import CardJob, render_card
    from takatof.render.fonts import bundled_stack
    from takatof.templates.cards.layouts import all_layouts

    label_font = ImageFont.truetype(str(bundled_stack("sans", True, False).paths[0]), 30)
    project = load_project(EXAMPLES / "community-stories" / "campaign.json", project_names())
    rows: list[tuple[str, list[Image.Image]]] = []
    for layout in all_layouts():
        tiles = []
        for preset in LAYOUT_PRESETS:
            card = render_card(project, CardJob("quote", preset, "hala", layout=layout.name)).image
            card.thumbnail((4 * height, height), Image.Resampling.LANCZOS)
            tiles.append(card)
        rows.append((f"{layout.title}: {layout.description}", tiles))
    local = load_project(EXAMPLES / "support-local" / "campaign.json", project_names())
    spot = local.campaign.spotlights[0].id
    partner = render_card(local, CardJob("spotlight", "instagram-portrait", spot)).image
    partner.thumbnail((4 * height, height), Image.Resampling.LANCZOS)
    rows.append(("A brand kit: the support-local example's partner row", [partner]))
    label_h = 44
    width = max(sum(t.width for t in tiles) + GAP * (len(tiles) + 1) for _, tiles in rows)
    sheet = Image.new("RGB", (width, len(rows) * (height + label_h + GAP) + GAP), "#F4E9D8")
    draw = ImageDraw.Draw(sheet)
    y = GAP
    for label, tiles in rows:
        draw.text((GAP, y), label, fill="#0B1F1A", font=label_font)
        x = GAP
        for tile in tiles:
            sheet.paste(tile, (x, y + label_h + (height - tile.height) // 2))
            x += tile.width + GAP
        y += height + label_h + GAP
    target = Path(__file__).parent / "images" / "layouts.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")


STORY = "videos/hala/story-instagram-story.mp4"
STORY_TIMES = (1.6, 4.2, 8.5, 14.0, 19.2, 23.5)  # title, lower third, captions, photo 2, counter, closing


REEL = "videos/community-stories-mena/reel-instagram-square.mp4"
CAROUSEL = "carousels/community-stories-mena/leaders-instagram-portrait"


def reel_strip(video: Path, height: int = 360) -> None:
    """The opening, each leader's part at the middle of their lower third, and the closing,
    at the times ``takatof plan`` gives for the reel (so a change of timing moves them too)."""
    from takatof.model import load_project
    from takatof.render.video.plan import plan_jobs, plan_summary

    project = load_project(EXAMPLES / "community-stories" / "campaign.json")
    job = next(j for j in plan_jobs(project) if j.kind == "reel" and j.preset == "instagram-square")
    rows = plan_summary(project, job).segments
    times = [row.start_s + row.duration_s / 2 for row in rows]
    strip(video, times, height, "reel-frames.png")


def carousel_strip(folder: Path, height: int = 420) -> None:
    slides = sorted(folder.glob("[0-9][0-9].png"))
    tiles = []
    for slide in slides:
        with Image.open(slide) as image:
            tile = image.convert("RGB")
        tile.thumbnail((height, height), Image.Resampling.LANCZOS)
        tiles.append(tile)
    save_row(tiles, height, "carousel.png")


def save_row(tiles: list[Image.Image], height: int, name: str) -> None:
    sheet = Image.new(
        "RGB", (sum(t.width for t in tiles) + GAP * (len(tiles) + 1), height + 2 * GAP), "#F4E9D8"
    )
    x = GAP
    for tile in tiles:
        sheet.paste(tile, (x, GAP + (height - tile.height) // 2))
        x += tile.width + GAP
    target = Path(__file__).parent / "images" / name
    sheet.save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")


def story_strip(video: Path, height: int = 520) -> None:
    strip(video, STORY_TIMES, height, "story-frames.png")


def strip(video: Path, times: list[float], height: int, name: str) -> None:
    import av

    wanted = {round(t * 30): t for t in times}
    frames = []
    with av.open(str(video)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index in wanted:
                tile = frame.to_image()
                tile.thumbnail((height, height), Image.Resampling.LANCZOS)
                frames.append(tile)
            if index > max(wanted):
                break
    save_row(frames, height, name)


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
