"""A Qt-free progress and cancel token for long core jobs (ui/ turns it into a dialog)."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Progress:
    """Core jobs call report(done, total, text) and check cancelled() between steps."""

    def __init__(self, on_report: Callable[[int, int, str], None] | None = None):
        self._on_report = on_report
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        """Tell the listener how far the job has got."""
        if self._on_report is not None:
            self._on_report(done, total, text)

    def cancel(self) -> None:
        """Ask the job to stop at its next check (safe from any thread)."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """True once cancel() has been called."""
        return self._cancel.is_set()


NO_PROGRESS = Progress()
