"""Make docs/images/cards.png, the README's picture, from a real render of the example.

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
    return 0


STORY = "videos/hala/story-instagram-story.mp4"
STORY_TIMES = (1.6, 4.2, 8.5, 14.0, 19.2, 23.5)  # title, lower third, captions, photo 2, counter, closing


def story_strip(video: Path, height: int = 520) -> None:
    import av

    wanted = {round(t * 30): t for t in STORY_TIMES}
    frames = []
    with av.open(str(video)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index in wanted:
                tile = frame.to_image()
                tile.thumbnail((height, height), Image.Resampling.LANCZOS)
                frames.append(tile)
            if index > max(wanted):
                break
    sheet = Image.new(
        "RGB", (sum(f.width for f in frames) + GAP * (len(frames) + 1), height + 2 * GAP), "#F4E9D8"
    )
    x = GAP
    for tile in frames:
        sheet.paste(tile, (x, GAP))
        x += tile.width + GAP
    target = Path(__file__).parent / "images" / "story-frames.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
