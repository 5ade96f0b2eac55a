"""GUI entry point: ``takatof-studio [PROJECT]`` or ``python main.py [PROJECT]``."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Start Takatof Studio on PROJECT (or the bundled example campaign)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        print("Takatof Studio needs PySide6: pip install 'takatof[gui]'", file=sys.stderr)
        return 1
    from app.ui.document import Document
    from app.ui.main_window import STARTER, MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setOrganizationName("Takatof")
    app.setApplicationName("Takatof Studio")
    from app.model import load_project
    from app.render.batch import project_names

    window = MainWindow(Document(load_project(STARTER, project_names())))
    if args:
        window.open_file(Path(args[0]))
    window.show()
    window.offer_recovery()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
