"""Benchmark (not a test): batch throughput, side by side in one run.

    python benchmarks/batch.py [--repeat 3] [--count 120] [--skip-cluster]
                               [--video-people 1] [--video-preset P] [--skip-videos]

On the support-local example (spotlight cards for --count businesses kept in a spreadsheet,
at three presets), each row is the whole `takatof render` command, run as a user runs it,
into a fresh folder (--force, so every output is rendered):

- outputs/s with -j1, -j2 and --cluster local:2 (a Dask LocalCluster of 2 processes);
- the cost of a task with -j2 and on the cluster, as the slope between --count/2 and
  --count businesses (what one more card adds), and what is left of the whole command, paid
  once a render (starting processes, importing); the cluster's overhead per task is the
  ratio of the slopes (target <= 10%);
- peak memory of the command and its children as the number of businesses doubles (flat:
  outputs stream to disk, nothing piles up);
- a re-render with nothing changed (every output's key and file match: target <= 2 s) and
  after editing one business (only its cards render);
- the community-stories videos of --video-people people (four shapes each), made one after
  another (each video prepared, then encoded) and pipelined as `takatof render` makes them
  (the next video prepared while the current one encodes), each against the sum of the
  encode-only floors (every encode timed alone, nothing else running): target <= 1.15x.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "support-local"
STORIES = ROOT / "examples" / "community-stories" / "campaign.json"


def make_example(folder: Path, count: int) -> Path:
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    subprocess.run(
        [sys.executable, str(EXAMPLE / "make_example.py"), "--count", str(count), "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder / "campaign.json"


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak memory (MB) of the largest child so far."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "takatof.entry", *args], cwd=ROOT, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"takatof {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak


def cluster_start(repeat: int) -> list[float]:
    """Seconds to start and stop a 2-process LocalCluster (paid once per render)."""
    code = (
        "import time;from dask.distributed import Client,LocalCluster;t=time.perf_counter();"
        "c=LocalCluster(n_workers=2,threads_per_worker=1,dashboard_address=None,silence_logs=40);"
        "cl=Client(c);cl.close();c.close();print(time.perf_counter()-t)"
    )
    out = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        out.append(float(done.stdout.strip().splitlines()[-1]))
    return out


def outputs(out: Path) -> int:
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    return sum(1 for e in entries if "path" in e)


def videos(work: Path, people: int, repeat: int, preset: str | None) -> None:
    """The example's videos made twice per repeat, each time with a cold cache: one after
    another (prepare, then encode, each timed) and pipelined (``render_videos``, as the CLI
    runs them). The floor of a video is its encode timed alone in the serial pass."""
    sys.path.insert(0, str(ROOT))
    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.render.video.render import (
        choose_encoding,
        encode_video,
        ffmpeg_exe,
        prepare_video,
        render_videos,
        video_jobs,
    )
    from takatof.render.writer import commit

    project = load_project(STORIES, project_names())
    chosen = [p.id for p in project.campaign.people[:people]]
    jobs = video_jobs(project, only=set(chosen))
    encoding = choose_encoding(project.campaign.video.encoder, ffmpeg_exe())
    if preset is not None:  # a faster encoder leaves preparation a larger share
        encoding = dataclasses.replace(encoding, preset=preset)
    floors: list[float] = []
    serial: list[float] = []
    pipelined: list[float] = []

    def one_after_another(k: int) -> None:
        start, floor = time.perf_counter(), 0.0
        for job in jobs:
            prepared = prepare_video(project, job, work / f"serial-{k}" / ".cache")
            began = time.perf_counter()
            product = encode_video(prepared, work / f"serial-{k}", encoding)
            floor += time.perf_counter() - began
            commit(product, work / f"serial-{k}")
        serial.append(time.perf_counter() - start)
        floors.append(floor)

    def pipeline(k: int) -> None:
        start = time.perf_counter()
        out = work / f"pipelined-{k}"
        for _, product in render_videos(project, jobs, out, out / ".cache", encoding):
            assert product.entries[0].error is None, product.entries[0].error
            commit(product, out)
        pipelined.append(time.perf_counter() - start)

    for k in range(repeat):  # alternating which goes first, so a warmer minute favours neither
        for run_one in (one_after_another, pipeline) if k % 2 == 0 else (pipeline, one_after_another):
            run_one(k)
    print(
        f"community-stories videos: {len(jobs)} ({', '.join(chosen)}; {encoding.codec} {encoding.preset}), "
        f"cold cache; medians of {repeat}; x floors: each run over the floors of its own repeat\n"
    )
    print(f"{'videos made':30} {'median s':>9} {'x floors':>9}  each run (s)")
    for name, walls in (
        ("sum of encode-only floors", floors),
        ("one after another", serial),
        ("pipelined (takatof render)", pipelined),
    ):
        ratio = statistics.median(w / f for w, f in zip(walls, floors, strict=True))
        each = " ".join(f"{w:.1f}" for w in walls)
        print(f"{name:30} {statistics.median(walls):9.1f} {ratio:9.2f}  {each}")
    print()
    shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--skip-cluster", action="store_true")
    parser.add_argument("--video-people", type=int, default=1)
    parser.add_argument("--video-preset", help="the encoder preset for the videos (default: the project's)")
    parser.add_argument("--skip-videos", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="takatof-batch-bench-"))
    if not args.skip_videos:
        videos(work / "videos", args.video_people, args.repeat, args.video_preset)
    project = make_example(work / "project", args.count)
    half = make_example(work / "half", args.count // 2)
    modes = {"-j1": ["-j", "1"], "-j2": ["-j", "2"]}
    if not args.skip_cluster:
        modes["--cluster local:2"] = ["--cluster", "local:2"]
    sizes = {"full": project, "half": half}
    times: dict[tuple[str, str], list[float]] = {}
    count: dict[str, int] = {}
    for k in range(args.repeat):  # interleaved, so a slower minute hurts every row alike
        for name, extra in modes.items():
            for size, path in sizes.items():
                if size == "half" and name == "-j1":
                    continue  # the per-task cost is compared between -j2 and the cluster
                out = work / f"out-{k}-{size}-{name.strip('-').replace(' ', '-').replace(':', '')}"
                wall, _ = run(["render", str(path), "--out", str(out), "-q", "--force", *extra])
                times.setdefault((name, size), []).append(wall)
                count[size] = outputs(out)
    full, halved = count["full"], count["half"]
    print(f"support-local: {full} spotlight cards; medians of {args.repeat} whole-command runs\n")
    print(f"{'mode':22} {'median s':>9} {'outputs/s':>10}")
    median = {key: statistics.median(walls) for key, walls in times.items()}
    for name in modes:
        print(f"{name:22} {median[name, 'full']:9.2f} {full / median[name, 'full']:10.1f}")
    if "--cluster local:2" in modes:
        # A task's cost is the slope between the two sizes: what one more card adds. What is
        # left of the whole command is paid once a render (starting processes, importing).
        extra = full - halved
        print(
            f"\n{'per task and once per render':22} {'ms/task':>9} {'once, s':>10}   ({halved} and {full} cards)"
        )
        slopes = {}
        for name in ("-j2", "--cluster local:2"):
            slope = slopes[name] = (median[name, "full"] - median[name, "half"]) / extra
            print(f"{name:22} {slope * 1000:9.1f} {median[name, 'full'] - full * slope:10.2f}")
        overhead = slopes["--cluster local:2"] / slopes["-j2"] - 1
        print(f"cluster overhead per task vs -j2: {overhead:+.1%} (target <= 10%)")
        start = statistics.median(cluster_start(args.repeat))
        print(f"  (of its once-a-render cost, starting a bare LocalCluster of 2: {start:.1f} s)")

    # memory as the campaign doubles
    print(f"\n{'businesses':>10} {'peak MB (largest process)':>26}")
    for n in (args.count // 2, args.count):
        folder = work / f"mem-{n}"
        path = make_example(folder, n)
        code = (
            "import resource,subprocess,sys;"
            f"subprocess.run([sys.executable,'-m','takatof.entry','render',{str(path)!r},'--out',{str(folder / 'out')!r},'-q','-j','2'],check=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)"  # largest child, MB
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        peak = float(done.stdout.strip().splitlines()[-1])  # the render's own summary line comes first
        print(f"{n:10} {peak:26.0f}")

    # incremental: nothing changed, then one business edited
    out = work / "incremental"
    run(["render", str(project), "--out", str(out), "-q"])
    unchanged = statistics.median(
        run(["render", str(project), "--out", str(out), "-q"])[0] for _ in range(args.repeat)
    )
    book = project.parent / "businesses.xlsx"
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Jordan"]
    sheet.cell(row=2, column=5).value = "Edited: " + str(sheet.cell(row=2, column=5).value)
    workbook.save(book)
    edited, _ = run(["render", str(project), "--out", str(out), "-q"])
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    rendered = sum(1 for e in entries if e.get("status") == "rendered")
    print(f"\nre-render, nothing changed: {unchanged:.2f} s (median of {args.repeat})")
    print(
        f"re-render after editing one business: {edited:.2f} s, {rendered} outputs rendered, the rest unchanged"
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
