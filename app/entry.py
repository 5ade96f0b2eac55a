"""The ``takatof`` console script: signals are handled before anything heavy is imported.

Importing the command (pydantic, Pillow, numpy) takes a moment; a Ctrl-C or SIGTERM in that
moment must end with one line and the usual exit code, like one a second later, never with a
traceback from inside an import or a silent death. This module imports nothing but the
standard library until the handlers are in place.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType


class Terminated(BaseException):
    """SIGTERM arrived outside a render (a render turns signals into its cancel token)."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def main() -> int:
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        from .cli import main as run

        return run()
    except KeyboardInterrupt:
        print("cancelled by SIGINT", file=sys.stderr)
        return 130
    except Terminated:
        print("cancelled by SIGTERM", file=sys.stderr)
        return 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())
