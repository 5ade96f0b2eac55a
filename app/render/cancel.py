"""The cancel token every render API takes (the GUI sets it from its Cancel button)."""

from __future__ import annotations

import threading


class CancelToken:
    """Set from any thread to stop a render; renders check it between and during outputs."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
