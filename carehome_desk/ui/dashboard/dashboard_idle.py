"""The other homes worked out on the dashboard's worker while the dashboard is idle, one home at a time.

With several homes, opening All homes reads and works out every home; while the manager looks at
one home's dashboard, the worker has nothing to do. Once the page has settled (no recompute waiting,
running or being put on show, its charts drawn) and stayed so for ``IDLE_MS``, a few milliseconds of
the homes' slices are worked out (``dashboard_every.work_out_next``: a home's staff, incidents, quality
cycle, as many as fit); the next job follows ``GAP_MS`` after its answer, while the page is still
settled. A save or a change of home makes the page unsettled: its recompute waits at most for the one
job on the worker (a few milliseconds), and the work resumes once the page has settled again (looked at
every ``POLL_MS`` meanwhile: the charts being drawn or another page on show say no answer).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from carehome_desk.services.bulk import set_aside_start_up
from carehome_desk.ui.dashboard.dashboard_worker import BackgroundWork

if TYPE_CHECKING:
    from carehome_desk.ui.dashboard.dashboard_page import DashboardPage

#: How long the page stays settled before the other homes are worked out (a save usually comes sooner).
IDLE_MS = 1500
#: The pause between two homes' jobs, so the window's own events come first.
GAP_MS = 5
#: How often to look again while the page is not settled (its charts still drawing, another page on show).
POLL_MS = 500


class IdleHomes(QObject):
    """Runs ``job`` (one piece of work: True while more is left) whenever ``settled()`` has held a while."""

    def __init__(self, work: BackgroundWork, settled: Callable[[], bool], job: Callable[[], Callable[[], bool]]):
        super().__init__(work)
        self._work, self._settled, self._job = work, settled, job
        self._running = False  # a job is on the worker
        self._since: float | None = None  # since when the page has been settled (None: it is not, or not known)
        self.done = False  # every home worked out since the page last asked for figures
        self._set_aside = False  # the window's start-up objects set aside from the cycle collector
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)

    def settled(self, several: bool = True) -> None:
        """The page has just put an answer on show: the first time, what the window's start made is set aside
        from the cycle collector (``set_aside_start_up``); with ``several`` homes, start counting the idle time
        again."""
        if not self._set_aside:
            self._set_aside = True
            set_aside_start_up()
        if not several:  # one home: nothing else to work out, nothing to look at again
            return
        self.done = False
        self._since = time.monotonic()
        if not self._running:
            self._timer.start(IDLE_MS)

    def _next(self) -> None:
        if self._running or self.done or self._work.stopping:
            return
        if not self._settled():  # looked at again later; the idle time counts from when it is settled
            self._since = None
            self._timer.start(POLL_MS)
            return
        now = time.monotonic()
        self._since = now if self._since is None else self._since
        left = IDLE_MS - (now - self._since) * 1000
        if left > 0:  # settled since a poll only: idle for the whole time first
            self._timer.start(int(left) + 1)
            return
        self._running = True
        self._work.run(self._job(), self._answer, self._failed)

    def _answer(self, more: object) -> None:
        self._running = False
        self.done = not more
        if more:
            self._timer.start(GAP_MS)  # still idle since ``_since`` unless the page answered meanwhile

    def _failed(self, _trace: str) -> None:  # logged by the worker; the view works it out when opened
        self._running = False
        self.done = True


def settled_idle(page: DashboardPage) -> bool:
    """The page is settled, with other homes to work out: no figures asked for or waiting, no save since the
    last ask, its charts drawn, the All homes view not open."""
    return (page._several and not page._all_view and page.isVisible() and page.built and page.up_to_date()
            and page.charts_drawn() and not any(c.busy() for c in page.charts.charts.values())
            and page._changed is not None and not page._changed
            and page._today == page.store.today() and not page.work.pending())
