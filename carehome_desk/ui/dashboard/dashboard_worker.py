"""One background thread for the dashboard's reads, so a recompute never blocks typing.

The core's dashboard functions are Qt-free and the store opens a fresh pooled connection per
read, so they may run on a worker thread. Results come back to the GUI thread through a queued
signal; nothing here touches a widget from the worker. One thread, jobs in order: the database
sees one dashboard reader at a time (architecture rule 7), and a job queued behind another
reads what that one's write-broadcast already saw.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from carehome_desk.app_log import traceback_for_log

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, number: int, fn: Callable[[], Any], owner: BackgroundWork):
        super().__init__()
        self.number, self.fn, self.owner = number, fn, owner
        self.setAutoDelete(True)

    def run(self) -> None:
        if self.owner.stopping:
            return
        try:
            result, error = self.fn(), ""
        except Exception as exc:  # report, never raise on a worker thread
            result, error = None, traceback.format_exc()
            if not self.owner.stopping:  # else cut short by the window closing (a chart being drawn): expected
                log.error("Dashboard background job failed:\n%s", traceback_for_log(exc))  # no record content
        try:
            self.owner.finished.emit(self.number, result, error)
        except RuntimeError:  # the owner was deleted meanwhile (window closed): nobody to tell
            pass


class BackgroundWork(QObject):
    """Runs functions one at a time off the GUI thread and calls back on the GUI thread."""

    #: (job number, result, traceback text or ""): emitted from the worker, delivered queued.
    finished = Signal(int, object, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(-1)  # keep the thread: starting one costs more than the reads
        self.stopping = False
        self._numbers = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None]] = {}
        self._connected = False  # with the first job: the dashboard's first frame makes one of these

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[str], None] | None = None) -> int:
        """Queue ``fn``; ``on_done(result)`` (or ``on_error(trace)``) runs later on the GUI thread."""
        if not self._connected:  # Qt's enums are first used after the first paint (widgets/first_paint.py)
            from PySide6.QtCore import Qt

            self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
            self._connected = True
        number = next(self._numbers)
        self._callbacks[number] = (on_done, on_error)
        self.pool.start(_Job(number, fn, self))
        return number

    def pending(self) -> int:
        """Jobs queued or running whose answer has not been delivered yet."""
        return len(self._callbacks)

    @Slot(int, object, str)
    def _deliver(self, number: int, result: object, error: str) -> None:
        on_done, on_error = self._callbacks.pop(number, (None, None))
        if self.stopping or on_done is None:
            return
        if error:
            if on_error is not None:
                on_error(error)
            return
        on_done(result)

    def shutdown(self, wait_ms: int = 10000) -> None:
        """Drop queued jobs and wait for the running one (before the store is closed)."""
        self.stopping = True
        self.pool.clear()
        self.pool.waitForDone(wait_ms)
        self._callbacks.clear()
