"""Benchmark (not a test): render every card of a campaign and print cards per second.

Times the whole ``takatof render`` command (a fresh process, cold caches, as a producer runs
it) for each worker count, alternating the counts run by run so both see the same machine
load, and reports medians and the speed-up against the first count.

    python benchmarks/cards.py [PROJECT] [--jobs 1,2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.cards import card_jobs

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "project", nargs="?", type=Path, default=ROOT / "examples/community-stories/campaign.json"
    )
    parser.add_argument("--jobs", default="1,2", help="worker counts to compare (default: 1,2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per worker count (default: 3)")
    args = parser.parse_args(argv)

    cards = len(card_jobs(load_project(args.project, project_names())))
    counts = [int(j) for j in args.jobs.split(",")]
    times: dict[int, list[float]] = {n: [] for n in counts}
    for _ in range(args.repeat):
        for workers in counts:
            with tempfile.TemporaryDirectory() as out:
                command = [
                    sys.executable,
                    "-m",
                    "takatof.cli",
                    "render",
                    str(args.project),
                    "--out",
                    out,
                    "-j",
                    str(workers),
                    "-q",
                ]
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True)
                times[workers].append(time.perf_counter() - start)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
    rows = [(n, statistics.median(t), min(t), max(t)) for n, t in times.items()]

    base = rows[0][1]
    print(f"{cards} cards ({args.project.name}), median of {args.repeat} runs each\n")
    print(f"{'workers':>7}  {'median s':>8}  {'min s':>6}  {'max s':>6}  {'cards/s':>7}  {'speed-up':>8}")
    for workers, median, low, high in rows:
        print(
            f"{workers:>7}  {median:8.2f}  {low:6.2f}  {high:6.2f}  {cards / median:7.1f}  {base / median:7.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
