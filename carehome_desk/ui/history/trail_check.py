"""The audit trail's check for the Change history page: run off the GUI thread, shown as one line or the findings.

Verifying reads every audit row and every record (about 0.45 s for ten demo homes' 15,000
changes), so it runs on a worker thread while the page stays usable. As in ``runner.py``, the
worker calls nothing from Qt: it leaves its outcome in a slot that a timer on the GUI thread
reads, so a page closed mid-check leaves a thread that simply ends, never a Qt object in use.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.store import Store
from carehome_desk.store.verify import VerifyReport
from carehome_desk.ui.widgets.style import role_label

#: Findings listed on the page; the rest are counted ('carehome-desk verify' lists them all).
SHOWN = 8
POLL_MS = 50


def verdict_text(report: VerifyReport, checked: str) -> str:
    """'Audit trail verified on 06/12/2026 at 14:05 — 15,391 changes, all intact', or the findings."""
    if report.intact:
        return f"Audit trail verified on {checked} — {report.count:,} changes, all intact"
    n = len(report.findings)
    lines = [f"Audit trail checked on {checked}: {n:,} problem{'' if n == 1 else 's'} found in "
             f"{report.count:,} changes. Records may have been changed outside the app:"]
    lines += [f"• {f.text}" for f in report.findings[:SHOWN]]
    if n > SHOWN:
        lines.append(f"… and {n - SHOWN:,} more: run 'carehome-desk verify' to list them all.")
    return "\n".join(lines)


class _Outcome:
    """The worker's report or error, handed to the GUI thread under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.report: VerifyReport | None = None
        self.error: BaseException | None = None
        self.ready = False


class TrailCheck(QObject):
    """Owns the status label; ``start()`` checks again (once more after a running check, if asked meanwhile)."""

    done = Signal(object)  # the VerifyReport, for tests and the status bar

    def __init__(self, store: Store, parent: QWidget):
        super().__init__(parent)
        self._store = store
        self.label: QLabel = role_label("Checking the audit trail…", "hint", parent)
        self.label.setAccessibleName("Audit trail check")
        self._thread: threading.Thread | None = None
        self._outcome = _Outcome()
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        """Verify now, off the GUI thread."""
        if self._thread is not None:
            self._again = True
            return
        outcome = self._outcome = _Outcome()
        self._thread = threading.Thread(target=self._run, args=(self._store, outcome), name="trail-check",
                                        daemon=True)
        self._thread.start()
        self._timer.start()

    @staticmethod
    def _run(store: Store, outcome: _Outcome) -> None:  # on the worker thread: no Qt here
        try:
            report, error = store.audit.verify(), None
        except BaseException as exc:  # shown by the GUI thread in one sentence
            report, error = None, exc
        with outcome.lock:
            outcome.report, outcome.error, outcome.ready = report, error, True

    def is_running(self) -> bool:
        """True while a check is under way."""
        return self._thread is not None

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the check has finished and is shown (for closing the window and for tests)."""
        if self._thread is not None:
            self._thread.join(ms / 1000)
            if self._thread.is_alive():
                return False
            self._poll()
        return True

    def shutdown(self) -> None:
        """Let a running check finish (it reads the store) and start no other: before the store closes."""
        self._again = False
        if self._thread is not None:
            self._thread.join()
        self._timer.stop()

    def _poll(self) -> None:
        with self._outcome.lock:
            if not self._outcome.ready:
                return
            report, error = self._outcome.report, self._outcome.error
        self._timer.stop()
        self._thread = None
        checked = self._store.now().astimezone(UK)
        when = f"{format_uk(checked.date())} at {checked:%H:%M}"  # the date first, as everywhere
        if report is None:
            self._show(f"The audit trail could not be checked ({error}).", "error")
        else:
            self._show(verdict_text(report, when), "hint" if report.intact else "error")
            self.done.emit(report)
        if self._again:
            self._again = False
            self.start()

    def _show(self, text: str, role: str) -> None:
        self.label.setText(text)
        self.label.setProperty("role", role)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
