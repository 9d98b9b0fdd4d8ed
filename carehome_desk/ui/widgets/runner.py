"""Running a long core job off the GUI thread, with a progress dialog and a working Cancel.

A job is a core function ``(progress) -> result`` that never touches Qt. It runs on one worker
thread; everything it reports goes into a small lock-protected slot that a timer on the GUI
thread reads, so no Qt object is called from the worker (only Qt itself signals, once, that
the thread has finished). Cancel calls the Qt-free ``Progress.cancel()``; the job stops at its
next check, and an import rolls its transaction back.

Database work on the worker uses the store's read()/write() context managers, which take a
fresh pooled connection each time on whatever thread calls them, so the worker never shares
the GUI thread's connection.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from carehome_desk.progress import Progress

Job = Callable[[Progress], Any]
POLL_MS = 50  # how often the dialog reads the job's progress


@dataclass(frozen=True)
class JobOutcome:
    """How a job ended: its result, or the exception it raised (with the traceback text)."""

    result: Any = None
    error: BaseException | None = None
    trace: str = ""
    cancelled: bool = False  # Cancel was pressed (the job may still have finished first)


class _Latest:
    """The newest progress report, handed from the worker to the GUI thread under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._report: tuple[int, int, str] | None = None

    def __call__(self, done: int, total: int, text: str) -> None:  # called on the worker thread
        with self._lock:
            self._report = (done, total, text)

    def take(self) -> tuple[int, int, str] | None:
        with self._lock:
            report, self._report = self._report, None
        return report


class _Worker(QThread):
    """The worker thread: runs the job and keeps its outcome. run() calls nothing from Qt."""

    def __init__(self, job: Job, progress: Progress, parent: QObject | None = None):
        super().__init__(parent)
        self._job, self._progress = job, progress
        self.result: Any = None
        self.error: BaseException | None = None
        self.trace = ""

    def run(self) -> None:
        try:
            self.result = self._job(self._progress)
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.error, self.trace = exc, traceback.format_exc()


class JobRunner(QObject):
    """Runs one job at a time off the GUI thread, behind a window-modal progress dialog.

    Connect ``finished`` (it carries a JobOutcome), then call ``start``. Tests can replace
    ``progress_factory`` to get a Progress that cancels itself part-way.
    """

    finished = Signal(object)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._parent = parent
        self.progress_factory: Callable[[Callable[[int, int, str], None]], Progress] = Progress
        self.progress: Progress | None = None
        self.dialog: QProgressDialog | None = None
        self._worker: _Worker | None = None
        self._latest = _Latest()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def is_running(self) -> bool:
        """True while a job is under way."""
        return self._worker is not None

    def start(self, title: str, job: Job, *, show_after_ms: int = 400) -> None:
        """Run ``job`` on the worker; the dialog appears only if it takes longer than ``show_after_ms``."""
        if self._worker is not None:
            raise RuntimeError("A job is already running: one at a time.")
        self._latest = _Latest()
        self.progress = self.progress_factory(self._latest)
        dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(show_after_ms)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._worker = _Worker(job, self.progress, self)
        self._worker.finished.connect(self._done)
        self._worker.start()
        self._timer.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (the Cancel button, or Esc)."""
        if self.progress is not None and self._worker is not None:
            self.progress.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText("Stopping… nothing will be written.")

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the worker thread ends (for shutting down); True if it did."""
        return self._worker.wait(ms) if self._worker is not None else True

    def _poll(self) -> None:
        report = self._latest.take()
        if report is None or self.dialog is None or (self.progress and self.progress.cancelled()):
            return
        done, total, text = report
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        else:
            self.dialog.setMaximum(0)  # a busy indicator until the job knows how much there is
        if text:
            self.dialog.setLabelText(f"{text}…" if total <= 0 or done < total else text)

    def _done(self) -> None:
        worker, self._worker = self._worker, None
        self._timer.stop()
        assert worker is not None
        worker.wait()
        cancelled = bool(self.progress and self.progress.cancelled())
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        worker.deleteLater()
        self.finished.emit(JobOutcome(worker.result, worker.error, worker.trace, cancelled))
