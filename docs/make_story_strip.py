"""Make docs/images/story-frames.png, the README's strip of story frames, from a real render.

    takatof render examples/community-stories/campaign.json --out out --targets videos
    python docs/make_story_strip.py out

Frames are decoded from the encoded video (not drawn by the preview), at moments that show
each part of the story: title, a photo with the lower third, a caption, the counter, closing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import av
from PIL import Image

VIDEO = "videos/hala/story-instagram-story.mp4"
TIMES = (1.5, 4.6, 8.0, 14.5, 19.0, 23.5)  # seconds
HEIGHT = 520
GAP = 16
BACKGROUND = "#F4E9D8"


def frames_at(path: Path, times: tuple[float, ...]) -> list[Image.Image]:
    """The first decoded frame at or after each time (one pass through the video)."""
    wanted = sorted(times)
    found: list[Image.Image] = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time >= wanted[len(found)]:
                found.append(frame.to_image())
            if len(found) == len(wanted):
                break
    return found


def main(out_dir: str = "out") -> int:
    tiles = [
        frame.resize((HEIGHT * 9 // 16, HEIGHT), Image.Resampling.LANCZOS)
        for frame in frames_at(Path(out_dir) / VIDEO, TIMES)
    ]
    width = sum(t.width for t in tiles) + GAP * (len(tiles) + 1)
    sheet = Image.new("RGB", (width, HEIGHT + 2 * GAP), BACKGROUND)
    x = GAP
    for tile in tiles:
        sheet.paste(tile, (x, GAP))
        x += tile.width + GAP
    target = Path(__file__).parent / "images" / "story-frames.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target} ({sheet.width}x{sheet.height})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
