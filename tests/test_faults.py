"""Faults as a user meets them, in real processes: Ctrl-C and SIGTERM in the middle of a
video or of the cards, two renders into one folder, a full disk, a killed ffmpeg, outputs
that are files. After each: no temporary file, no process left running, a manifest that
parses and matches the disk, and a re-run that completes.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from takatof.render.cancel import CancelToken
from takatof.render.files import LOCK_NAME, TEMP_MARK, FolderBusy, folder_lock, temp_beside, write_atomic
from takatof.render.manifest import Manifest, parse_entry
from takatof.render.video.runner import Cancelled, FfmpegError, exit_message, start_capture
from tests.conftest import ROOT, reduce_to_hala

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups and signals are POSIX")


# ------------------------------------------------------------------------------ helpers


@pytest.fixture
def project(project_copy: Path) -> Path:
    """The example reduced to one person, one card and one square story video (slow enough
    at x264 'medium' to be interrupted mid-encode, and quick to redo at 'ultrafast')."""
    return reduce_to_hala(project_copy, "medium")


def fast(project: Path) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["video"]["encoder"]["preset"] = "ultrafast"
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def start(*args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    """``takatof ARGS`` in a new session: its process group holds it, its pool workers and
    its ffmpeg processes, as a terminal's foreground job would."""
    return subprocess.Popen(
        [sys.executable, "-m", "takatof.cli", *args],
        cwd=cwd or ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(condition: Callable[[], object], timeout: float = 120.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def encoding_started(out: Path) -> bool:
    """ffmpeg has written part of a video into its temporary file."""
    return any(p.stat().st_size > 0 for p in out.glob(f"videos/*/.*{TEMP_MARK}*.mp4") if p.exists())


def group_members(pgid: int) -> list[str]:
    """Live processes of a process group (zombies excluded), as 'pid name'."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            found.append(f"{stat.parent.name} {name}")
    return found


def leftovers(out: Path) -> list[Path]:
    """Temporary files anywhere under the output folder (the cache included)."""
    return [p for p in out.rglob("*") if TEMP_MARK in p.name or p.name == LOCK_NAME]


def assert_manifest_matches_disk(out: Path) -> list[dict[str, Any]]:
    """The manifest is a valid one (every entry validates) and lists exactly the files."""
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(Manifest.model_validate(data).outputs) == len(data["outputs"])
    entries: list[dict[str, Any]] = data["outputs"]
    listed = set()
    for entry in entries:
        files = parse_entry(entry).files
        assert all((out / rel).is_file() for rel in files), entry
        listed.update(files)
    kit = data.get("kit") or []  # the publishing kit's files (posts.json, the CSVs, schedule.ics)
    assert all((out / name).is_file() for name in kit), kit
    listed.update(kit)
    on_disk = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts and p.name != "manifest.json"
    }
    assert on_disk == listed, f"unlisted: {on_disk - listed}; missing: {listed - on_disk}"
    return entries


def finish(process: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


@pytest.fixture
def no_strays() -> Iterator[list[int]]:
    """Process groups the test started; none may have a live member afterwards."""
    groups: list[int] = []
    yield groups
    for pgid in groups:
        strays = group_members(pgid)
        for line in strays:
            os.kill(int(line.split()[0]), signal.SIGKILL)
        assert not strays, f"left running: {strays}"


# ------------------------------------------------------------------------------ signals


@pytest.mark.parametrize(
    "sig, code, to_group",
    [
        (signal.SIGINT, 130, True),  # Ctrl-C in a terminal: the whole foreground group
        (signal.SIGTERM, 143, True),  # a process manager stopping the job
        (signal.SIGTERM, 143, False),  # `kill PID`: only the render, which must stop its ffmpeg
    ],
    ids=["sigint-group", "sigterm-group", "sigterm-parent-only"],
)
def test_signal_during_a_video_cancels_cleanly(
    project: Path, tmp_path: Path, no_strays: list[int], sig: int, code: int, to_group: bool
) -> None:
    out = tmp_path / "out"
    process = start("render", str(project), "--out", str(out), "-q")
    no_strays.append(process.pid)
    wait_for(lambda: encoding_started(out), what="the video's encode to start")
    if to_group:
        os.killpg(process.pid, sig)
    else:
        os.kill(process.pid, sig)
    returncode, _, err = finish(process)
    assert returncode == code, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"cancelled by {signal.Signals(sig).name}"), err
    wait_for(lambda: not group_members(process.pid), 10, "the render's children to exit")
    assert leftovers(out) == []
    entries = assert_manifest_matches_disk(out)
    assert {e["kind"] for e in entries} == {"card"}  # the cards finished, the video did not
    assert not list(out.glob("videos/*/*.mp4"))

    fast(project)  # and a re-run completes
    again = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "render", str(project), "--out", str(out), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    entries = assert_manifest_matches_disk(out)
    assert sorted(e["kind"] for e in entries) == ["captions"] * 4 + ["card"] * 2 + ["video"]
    assert leftovers(out) == []


def test_sigint_during_parallel_cards_stops_the_workers(
    project: Path, tmp_path: Path, no_strays: list[int]
) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    presets = [
        "instagram-square",
        "instagram-portrait",
        "instagram-story",
        "x-image",
        "linkedin-post",
        "threads",
    ]
    data["outputs"] = {"cards": [{"template": t, "presets": presets} for t in ("quote", "stat", "hashtag")]}
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    process = start("render", str(project), "--out", str(out), "-q", "-j", "2")
    no_strays.append(process.pid)
    wait_for(lambda: any(out.glob("cards/*/*.png")), what="the first card")
    os.killpg(process.pid, signal.SIGINT)
    returncode, _, err = finish(process)
    assert returncode == 130 and "Traceback" not in err, err
    wait_for(lambda: not group_members(process.pid), 10, "the pool's workers to exit")
    assert leftovers(out) == []
    entries = assert_manifest_matches_disk(out)
    assert 1 <= len(entries) < 3 * len(presets)


# ------------------------------------------------------------------------------ two runs


def test_second_render_into_a_busy_folder_is_refused(
    project: Path, tmp_path: Path, no_strays: list[int]
) -> None:
    fast(project)
    out = tmp_path / "out"
    first = start("render", str(project), "--out", str(out), "-q")
    no_strays.append(first.pid)
    wait_for(lambda: (out / LOCK_NAME).exists(), what="the first render to take the folder")
    second = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "render", str(project), "--out", str(out), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 2, second.stderr
    assert f"another render is writing to {out} (pid {first.pid})" in second.stderr
    assert "Traceback" not in second.stderr
    returncode, _, err = finish(first, 300)
    assert returncode == 0, err
    assert_manifest_matches_disk(out)
    assert leftovers(out) == []


def test_two_renders_into_different_folders_share_a_cache(project: Path, tmp_path: Path) -> None:
    """Unique temporary names: two renders at once (a shared --cache) both succeed."""
    fast(project)
    cache = tmp_path / "cache"
    runs = [
        start("render", str(project), "--out", str(tmp_path / name), "--cache", str(cache), "-q")
        for name in ("a", "b")
    ]
    for run in runs:
        returncode, _, err = finish(run, 300)
        assert returncode == 0, err
    for name in ("a", "b"):
        entries = assert_manifest_matches_disk(tmp_path / name)
        assert len(entries) == 7
    assert [p for p in cache.rglob("*") if TEMP_MARK in p.name] == []


def test_folder_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    with folder_lock(tmp_path):
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from takatof.render.files import folder_lock\n"
                "try:\n    with folder_lock(Path(sys.argv[1])): pass\n"
                "except Exception as e: print(e); sys.exit(3)",
                str(tmp_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert probe.returncode == 3 and f"(pid {os.getpid()})" in probe.stdout
    assert not (tmp_path / LOCK_NAME).exists()
    with folder_lock(tmp_path):  # free again
        pass


def test_a_killed_render_does_not_leave_the_folder_locked(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = start("render", str(project), "--out", str(out), "-q", "--targets", "videos")
    wait_for(lambda: (out / LOCK_NAME).exists(), what="the lock")
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    with folder_lock(out):  # the OS released it with the process
        pass
    with pytest.raises(FolderBusy), folder_lock(out), folder_lock(out):
        pass


# ------------------------------------------------------------------------------ full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or 'mount failed'}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_while_rendering_cards(project: Path, small_disk: Path) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["outputs"] = {
        # The photo-led layout: each card holds a photo, so a few fill the 600 kB disk.
        "cards": [
            {
                "template": "quote",
                "presets": ["instagram-square", "x-image", "linkedin-post"],
                "layout": "photo",
            }
        ]
    }
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = small_disk / "out"
    done = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "render", str(project), "--out", str(out), "-q", "-j", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert "No space left on device" in done.stderr
    assert str(out) in done.stderr  # the path is named
    assert leftovers(out) == []
    if (out / "manifest.json").exists():
        assert_manifest_matches_disk(out)


def test_full_disk_while_drawing_video_assets(project: Path, small_disk: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable, "-m", "takatof.cli", "render", str(project), "--out", str(out),
            "--cache", str(small_disk / "cache"), "--targets", "videos", "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "No space left on device" in done.stderr and str(small_disk / "cache") in done.stderr
    assert [p for p in small_disk.rglob("*") if TEMP_MARK in p.name] == []
    assert leftovers(out) == []
    entries = assert_manifest_matches_disk(out)
    assert len(entries) == 1 and "error" in entries[0]


# ------------------------------------------------------------------------------ paths


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "takatof.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_out_below_a_file_names_the_file(project: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    done = cli("render", str(project), "--out", str(afile / "sub"), "--targets", "cards", "-q")
    assert done.returncode == 2
    assert f"--out: {afile} is a file, not a folder" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_cache_that_is_a_file_is_a_usage_error(project: Path, tmp_path: Path) -> None:
    afile = tmp_path / "cachefile"
    afile.write_text("x")
    done = cli("render", str(project), "--out", str(tmp_path / "out"), "--cache", str(afile), "-q")
    assert done.returncode == 2
    assert f"--cache: {afile} is a file, not a folder" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.png"))


# ------------------------------------------------------------------------------ processes


def test_killed_measurement_says_how_it_ended() -> None:
    capture = start_capture(
        [sys.executable, "-c", "import time; time.sleep(30)"], what="the loudness measurement"
    )
    os.kill(capture._process.pid, signal.SIGKILL)
    with pytest.raises(FfmpegError, match=r"the loudness measurement: .*SIGKILL"):
        capture()


def test_cancelled_measurement_stops_its_process() -> None:
    token = CancelToken()
    capture = start_capture([sys.executable, "-c", "import time; time.sleep(30)"], token)
    token.cancel()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        capture()
    assert time.monotonic() - started < 6
    assert capture._process.poll() is not None


@pytest.mark.parametrize(
    "code, log, expected",
    [
        (1, "line 1\nInvalid data found when processing input\n", "Invalid data found when processing input"),
        (-9, "", "stopped by SIGKILL"),
        (-15, "  \n", "stopped by SIGTERM"),
        (3, "", "exited with code 3 and printed nothing"),
    ],
)
def test_exit_message(code: int, log: str, expected: str) -> None:
    assert expected in exit_message(code, log)


def test_write_atomic_leaves_nothing_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "card.png"
    target.write_bytes(b"old")

    real_open = open

    class Full:
        """A file that fills the disk part way through the write."""

        def __init__(self, path: str, mode: str) -> None:
            self.handle = real_open(path, mode)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> NoReturn:
            self.handle.write(data[:10])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("takatof.model.atomic.open", Full, raising=False)
    with pytest.raises(OSError):
        write_atomic(target, b"new" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["card.png"]


def test_temporary_names_are_unique(tmp_path: Path) -> None:
    final = tmp_path / "story.mp4"
    names = {temp_beside(final) for _ in range(50)}
    assert len(names) == 50
    assert all(n.suffix == ".mp4" and TEMP_MARK in n.name and n.parent == tmp_path for n in names)


def test_an_unexpected_error_is_a_message_not_a_traceback(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from takatof import cli

    def broken(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("something nobody planned for")

    monkeypatch.setattr("takatof.render.outputs.render_outputs", broken)
    code = cli.main(["render", str(project), "--out", str(tmp_path / "out"), "-q", "--targets", "cards"])
    assert code == 70
    monkeypatch.setenv("TAKATOF_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["render", str(project), "--out", str(tmp_path / "out"), "-q", "--targets", "cards"])


# ------------------------------------------------------------------------------ found by an attacker


def test_one_broken_photo_fails_only_the_outputs_that_use_it(project_copy: Path, tmp_path: Path) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["outputs"] = {"cards": [{"template": "quote", "presets": ["instagram-square"]}]}
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    broken = project_copy.parent / data["people"][1]["media"][0]
    broken.write_bytes(os.urandom(4000))
    out = tmp_path / "out"
    done = cli("render", str(project_copy), "--out", str(out), "-q", "--targets", "cards", "-j", "1")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"people[1].media[0]: '{data['people'][1]['media'][0]}'" in done.stderr  # named where it fails
    entries = assert_manifest_matches_disk(out)
    failed = [e for e in entries if "error" in e]
    assert [e["subject"] for e in failed] == [data["people"][1]["id"]]
    assert failed[0]["error"].startswith("people[1].media[0]:")
    assert len(entries) - len(failed) >= 3  # everyone else's quote card is written


def test_a_photo_outside_the_project_still_stops_the_render(project_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes((project_copy.parent / "media" / "hala-1.jpg").read_bytes())
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"][0]["media"] = [str(outside)]
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = cli("render", str(project_copy), "--out", str(tmp_path / "out"), "-q", "--targets", "cards")
    assert done.returncode == 2 and "outside the project folder" in done.stderr, done.stderr


def test_full_disk_with_the_cache_on_it_names_the_file(project: Path, small_disk: Path) -> None:
    fast(project)
    out = small_disk / "out"
    done = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "render", str(project), "--out", str(out), "-q", "-j", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "cannot write " + str(out) in done.stderr, done.stderr
    assert [p for p in small_disk.rglob("*") if TEMP_MARK in p.name] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", ""], "give a folder name"),
        (["--out", "x", "-j", "0"], "should be at least 1"),
        (["--out", "x", "--presets", "youtube-video", "--targets", "cards"], "nothing to render"),
    ],
)
def test_command_line_mistakes_are_usage_errors(
    project: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "render", str(project), "-q", *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_the_command_starts_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sig: int, code: int
) -> None:
    """The console script handles signals before it imports the command (which takes a
    moment): one line and the usual code, never a traceback from inside an import."""
    from takatof import entry

    def starting(*args: object, **kwargs: object) -> NoReturn:
        os.kill(os.getpid(), sig)
        # The kernel may hand the signal to another thread of this process (a thread an
        # earlier test left, say): the main thread then runs the handler at its next
        # check between bytecodes, not by waking from a sleep. A loop gives it those checks.
        for _ in range(200):
            time.sleep(0.01)
        raise AssertionError("the signal should have ended this")

    monkeypatch.setattr("takatof.cli.main", starting)
    # Python's own SIGINT handler, as a fresh process has it (whatever this one was left with),
    # and no garbage of earlier tests: a KeyboardInterrupt raised while the collector runs a
    # finaliser is printed and dropped, and the signal with it.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    gc.collect()
    try:
        assert entry.main() == code
    finally:
        signal.signal(signal.SIGINT, previous)
    assert capsys.readouterr().err.strip() == f"cancelled by {signal.Signals(sig).name}"
    assert signal.getsignal(signal.SIGTERM) is not entry._terminated  # handlers put back


def test_a_named_pipe_as_media_never_hangs_a_render(project_copy: Path, tmp_path: Path) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["outputs"] = {"cards": [{"template": "spotlight", "presets": ["instagram-square"]}]}
    pipe = project_copy.parent / "media" / "pipe.jpg"
    os.mkfifo(pipe)
    data["brand"]["logo"] = "media/pipe.jpg"
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = cli("render", str(project_copy), "--out", str(tmp_path / "out"), "-q", "--targets", "cards")
    assert done.returncode == 1, done.stderr  # (a hang would time out)
    assert "brand.logo" in done.stderr and "named pipe" in done.stderr and "Traceback" not in done.stderr
