"""Benchmark (not a test): time from an edit to the new preview picture in Takatof Studio.

    python benchmarks/preview.py [--edits 12]

Each sample changes the person's Arabic quote (so cached text layouts cannot be reused, as
after a real keystroke burst), then draws what the preview draws: the quote card, and a
story video frame (a caption on screen) at 540 px wide. Caches that survive edits in the app
(fonts, decoded photos, the video's unchanged images) are warm, as they are in the app after
the first picture. Targets: <= 150 ms for a card, <= 250 ms for a video frame (medians).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from app.model import load_project
from app.model.paths import with_value
from app.render.batch import project_names
from app.ui.preview import Target, draw

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edits", type=int, default=12)
    args = parser.parse_args(argv)
    project = load_project(ROOT / "examples/community-stories/campaign.json", project_names())
    cache = Path(tempfile.mkdtemp(prefix="takatof-preview-bench-"))
    targets = {
        "card (quote, 1080x1080)": (Target("card", "quote", "instagram-square", "hala"), 0.0),
        "video frame (9:16 story at 540x960, caption on screen)": (
            Target("video", "story", "instagram-story", "hala"),
            8.5,
        ),
    }
    print(f"median of {args.edits} edits, each followed by one preview picture\n")
    print(f"{'what':58} {'median ms':>9} {'max ms':>7}")
    for name, (target, t) in targets.items():
        draw(project, target, t, cache)  # warm: fonts, decoded photos, unchanged images
        times = []
        for k in range(args.edits):
            quote = project.campaign.people[0].quote.model_dump()
            quote["ar"] = f"حين نتبادل ما لا نحتاجه، نكتشف كم نحتاج بعضنا ({k})."
            campaign, problems = with_value(project.campaign, "people[0].quote", quote)
            assert campaign is not None, problems
            project.campaign = campaign
            start = time.perf_counter()
            draw(project, target, t, cache)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:58} {statistics.median(times):9.0f} {max(times):7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
