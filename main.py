"""GUI entry point in a checkout: ``python main.py [PROJECT]`` (installed: ``takatof-studio``).

The Studio itself starts in :mod:`takatof.ui.studio`; this file only runs it, so the installed
package needs no top-level ``main`` module."""

from __future__ import annotations

from takatof.ui.studio import main

if __name__ == "__main__":
    raise SystemExit(main())
