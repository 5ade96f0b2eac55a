"""Benchmark (not a test): transcription speed as a ratio to real time, per Whisper model.

Times :func:`takatof.speech.transcribe.transcribe` (decoding the sound with ffmpeg, the speech
detector, Whisper with word times, int8 on the CPU, all cores) on the same speech for each
model: Whisper base, joined from the test extra's two wheels, and small when it is on this
computer (``--small PATH``, or faster-whisper's cache, or ``~/.cache/takatof/whisper/small``;
nothing is downloaded). The model is loaded before the clock starts (a Studio session or a
``takatof captions`` run over several clips loads it once); the load is reported apart.
The speech is espeak-ng English with pauses (tests/speech.py), or ``--audio FILE``.

    python benchmarks/transcribe.py [--small PATH] [--audio FILE] [--repeat 3]

Ratio to real time = audio seconds / wall seconds: above 1 is faster than the speech plays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/ holds the speech maker and the base model's assembly

from takatof.speech import models  # noqa: E402
from takatof.speech.transcribe import load_audio, transcribe  # noqa: E402
from tests import speech  # noqa: E402
from tests.conftest_speech import PARTS, assemble  # noqa: E402

PHRASES = [
    "Hello, my name is Hala, and I run the sewing club in our village.",
    "The campaign starts today, with many volunteers from every street.",
    "Every family in the village will get clean water before the summer.",
    "We built a new school with two classrooms and a small library.",
    "The children walk less than ten minutes to reach it now.",
    "Our mothers meet there every evening to learn to read and write.",
    "Thank you for your support, and for sharing our story with your friends.",
]
PAUSES = [0.6, 1.0, 0.8, 1.2, 0.7, 0.9, 1.1]


def base_folder() -> Path:
    """Whisper base from the test extra's wheels (joined once under the temporary folder)."""
    import importlib.metadata

    versions = "-".join(importlib.metadata.version(m.replace("_", "-")) for m in PARTS)
    return assemble(Path(tempfile.gettempdir()) / f"takatof-whisper-base-{versions}")


def small_folder(given: Path | None) -> Path | None:
    """Whisper small's folder when it is on this computer, else None (never downloaded)."""
    if given is not None:
        return models.checked_folder(given)
    if models.own_folder("small").is_dir():
        return models.checked_folder(models.own_folder("small"))
    from faster_whisper.utils import download_model

    try:
        return Path(download_model("small", local_files_only=True))
    except Exception:  # not in the cache
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=Path, help="Whisper small's folder (default: the caches)")
    parser.add_argument("--audio", type=Path, help="an English recording (default: espeak-ng speech)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per model (default: 3)")
    args = parser.parse_args(argv)

    audio = args.audio or speech.speak(PHRASES, PAUSES)[0]
    seconds = len(load_audio(audio)) / 16_000
    folders = {"base": base_folder()}
    try:
        small = small_folder(args.small)
    except models.SpeechError as error:
        print(f"--small: {error}", file=sys.stderr)
        return 2
    if small is not None:
        folders["small"] = small
    print(
        f"{audio.name}: {seconds:.1f} s of English; {os.cpu_count()} CPU cores; median of {args.repeat} runs\n"
    )
    print(
        f"{'model':>6}  {'load s':>6}  {'audio s':>7}  {'wall s':>6}  {'min s':>6}  {'max s':>6}  {'x real time':>11}  {'words':>5}"
    )
    for name, folder in folders.items():
        started = time.perf_counter()
        models._load(folder)
        loaded = time.perf_counter() - started
        walls: list[float] = []
        words = 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            words = len(transcribe(audio, folder, language="en").words)
            walls.append(time.perf_counter() - started)
        wall = statistics.median(walls)
        print(
            f"{name:>6}  {loaded:6.2f}  {seconds:7.1f}  {wall:6.2f}  {min(walls):6.2f}  {max(walls):6.2f}"
            f"  {seconds / wall:10.2f}x  {words:5d}"
        )
    if small is None:
        print(
            "\nsmall: not on this computer (pass --small PATH, or run `takatof captions --model small` once)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
