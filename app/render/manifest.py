"""``OUT/manifest.json``: what the output folder holds, entry by entry.

A render may cover only part of a campaign (``--only``, ``--presets``, ``--targets``, a cancel),
so the manifest is *merged*, never overwritten: each entry is identified by the output it
describes (kind, template, subject, preset, and language and format for caption files); this
run's entries replace the earlier entries of the same outputs and every other entry is kept.
What the merge guarantees, so the manifest always describes the folder:

- an entry with a ``path`` names a file that is on disk (entries whose file was deleted are
  dropped);
- a failed output has no file: the earlier file of that output (and, for a video, its caption
  files) is removed, since it no longer matches the project that just failed to render it;
- an output the project no longer asks for (a person or preset removed) keeps its file and is
  marked ``"stale"`` with the reason, so nothing unlisted or unexplained stays in the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from app.render.files import write_atomic

Entry = dict[str, Any]
Identity = tuple[str, ...]

MANIFEST_NAME = "manifest.json"
NOT_IN_PROJECT = "no longer in the project (its person, spotlight, template or preset was removed)"


def identity(entry: Entry) -> Identity:
    """Which output an entry describes, whatever happened to it (written, failed)."""
    subject = entry.get("subject") or entry.get("person") or ""
    base = (
        str(entry.get("kind", "")),
        str(entry.get("template", "")),
        str(subject),
        str(entry.get("preset", "")),
    )
    if entry.get("kind") == "captions":
        return (*base, str(entry.get("lang", "")), str(entry.get("format", "")))
    return base


def read_manifest(out_dir: Path) -> list[Entry]:
    """The entries of an existing manifest; none when there is none or it cannot be read
    (a manifest written by hand or by an older version is rebuilt from this run)."""
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, list):
        return []
    return [e for e in outputs if isinstance(e, dict) and isinstance(e.get("kind"), str)]


def merge(
    out_dir: Path, earlier: Iterable[Entry], entries: Iterable[Entry], wanted: Collection[Identity]
) -> list[Entry]:
    """The manifest after this run: ``earlier`` entries updated by this run's ``entries``.
    ``wanted`` is the identity of every output the project asks for (unfiltered). Removes the
    files of outputs that failed in this run (see the module docstring)."""
    fresh = {identity(e): e for e in entries}
    failed_videos = {_video_key(e) for e in fresh.values() if e.get("kind") == "video" and "error" in e}
    merged: list[Entry] = []
    for old in earlier:
        key = identity(old)
        if key in fresh:
            new = fresh.pop(key)
            if "error" in new:
                _remove_file(out_dir, old)
            merged.append(new)
            continue
        if old.get("kind") == "captions" and _video_key(old) in failed_videos:
            _remove_file(out_dir, old)  # the captions of a video that failed this time
            continue
        if "path" in old and not _on_disk(out_dir, old["path"]):
            _remove_file(out_dir, old)  # deleted by hand: the disk is the truth (sidecars go too)
            continue
        old = {k: v for k, v in old.items() if k != "stale"}
        if key not in wanted:
            old["stale"] = NOT_IN_PROJECT
        merged.append(old)
    merged.extend(fresh.values())
    return [_still_there(out_dir, entry) for entry in merged]


def _still_there(out_dir: Path, entry: Entry) -> Entry:
    """An entry whose file is no longer on disk (the folder was emptied while the render ran)
    becomes an error: the manifest never lists a file that is not there."""
    if "path" not in entry or _on_disk(out_dir, entry["path"]):
        return entry
    _remove_file(out_dir, entry)
    kept = {k: v for k, v in entry.items() if k in _IDENTITY_KEYS}
    kept["error"] = f"{entry['path']} was removed while the render ran; render again"
    return kept


_IDENTITY_KEYS = ("kind", "template", "subject", "person", "preset", "lang", "format", "video")


def update_manifest(out_dir: Path, entries: Iterable[Entry], wanted: Collection[Identity]) -> Path:
    """Merge this run's ``entries`` into ``OUT/manifest.json`` and write it atomically."""
    merged = merge(out_dir, read_manifest(out_dir), entries, wanted)
    return write_manifest(out_dir, merged)


def write_manifest(out_dir: Path, entries: list[Entry]) -> Path:
    """``DIR/manifest.json``: every output with its path relative to DIR, or its error."""
    path = out_dir / MANIFEST_NAME
    text = json.dumps({"outputs": entries}, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def _video_key(entry: Entry) -> tuple[str, str, str]:
    return (str(entry.get("template", "")), str(entry.get("person", "")), str(entry.get("preset", "")))


def _on_disk(out_dir: Path, rel: object) -> bool:
    return isinstance(rel, str) and (out_dir / rel).is_file()


def _remove_file(out_dir: Path, entry: Entry) -> None:
    for key in ("path", "alt_path"):
        rel = entry.get(key)
        if isinstance(rel, str) and _inside(out_dir, rel):
            # a file that cannot be removed stays; the next render tries again
            with contextlib.suppress(OSError):
                (out_dir / rel).unlink(missing_ok=True)


def _inside(out_dir: Path, rel: str) -> bool:
    """Only ever remove files inside the output folder, whatever a manifest says."""
    root = out_dir.resolve()
    target = (out_dir / rel).resolve()
    return target.is_relative_to(root) and target != root and not os.path.isabs(rel)
