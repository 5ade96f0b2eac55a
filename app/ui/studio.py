"""Takatof Studio's entry point: ``takatof-studio [PROJECT]`` (and ``python main.py [PROJECT]`` in a
checkout). It lives inside the package so an install carries it; nothing generic such as a
top-level ``main`` module lands in site-packages."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Start Takatof Studio on PROJECT, or on the start page (a new campaign from the
    example that ships in the package, Open…, recent files). A PROJECT with problems opens
    with them listed; one that cannot be opened at all is reported, never swapped for
    another project without a word."""
    args = sys.argv[1:] if argv is None else argv
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        print("Takatof Studio needs PySide6: pip install 'takatof[gui]'", file=sys.stderr)
        return 1
    from .main_window import MainWindow, new_document

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setOrganizationName("Takatof")
    app.setApplicationName("Takatof Studio")
    window = MainWindow(new_document())
    window.show()
    if args:
        window.open_file(Path(args[0]))
    else:
        window.show_start_page()
    window.offer_recovery()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
