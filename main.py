"""GUI entry point: ``takatof-studio [PROJECT]`` or ``python main.py [PROJECT]``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Start Takatof Studio. The desktop app is not built yet; say so instead of failing."""
    print("Takatof Studio is not built yet; use the `takatof` command for now.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
