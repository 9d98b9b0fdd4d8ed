"""The coming days' tiles for the start snapshot, worked out on the dashboard's worker once the window is idle.

Whenever today's tiles are kept (app_first_frame.py ``_keep_snapshot``), the coming days the snapshot
does not keep yet for the same records are planned here: once nothing has been asked of the dashboard
for ``IDLE_MS``, the manager has not pressed a key or clicked for as long, and no recompute is waiting
or running, one day's tiles are worked out on the dashboard's worker (services/dashboard_ahead.py: the
dashboard's own compute, for that day), then the next day's on a later turn, so a save, a home chosen
or a key pressed meanwhile waits for one day's compute at most (about 16 ms; a key press then puts
the rest off until the manager stops again). A day is kept only when the records did not change
while it was worked out (the key read before and after is the one planned); a save since drops the
plan, and the tiles kept after it plan the coming days again. The days are written to the file
together once the last is worked out (one write of a few milliseconds on the GUI thread, as today's
tiles' own); nothing else here runs on the GUI thread but the planning, and, as the window closes
(no key press is waiting then), the days not worked out yet (``finish``: the last save is often just
before closing).
"""

from __future__ import annotations

import logging
import time
from datetime import date, timezone
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from carehome_desk import start_snapshot

if TYPE_CHECKING:
    from carehome_desk.services.dashboard_ahead import AheadTiles
    from carehome_desk.services.dashboard_data import PeriodSpec
    from carehome_desk.store import Store
    from carehome_desk.ui.dashboard.dashboard_page import DashboardPage

log = logging.getLogger("carehome_desk")

#: How long the dashboard must have been left alone before the coming days are worked out: past the
#: window's first seconds (its first answers, charts and key presses) and a burst of saves.
IDLE_MS = 3000
#: At most this long (about) is spent when the window closes on the coming days not worked out yet, nearest
#: first: the last save is often just before closing (every day at scales 1 and 10; 8 or so at scale 100).
CLOSE_BUDGET_S = 0.3
#: What the manager does that puts the coming days off: while typing or clicking, no compute competes.
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})


class ComingDays(QObject):
    """The coming days' tiles of one dashboard page on one store (made by the application controller)."""

    def __init__(self, page: DashboardPage, store: Store) -> None:
        super().__init__(page)
        self.page, self.store = page, store
        self._plan: tuple[dict[str, Any], int, PeriodSpec, list[date]] | None = None
        #: The coming days worked out so far for the plan's records: written together once the last is in.
        self._got: dict[date, start_snapshot.DayTiles] = {}
        self._running = False
        self._input_at = time.monotonic()  # the manager's last key press or click, while days are planned
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)

    def plan(self, key: dict[str, Any], home_id: int, spec: PeriodSpec) -> None:
        """Today's tiles were just kept under ``key`` (read_key's, with today): plan the coming days not kept
        for these records yet, from ``IDLE_MS`` on (again from now if already planned: not idle yet)."""
        days = start_snapshot.missing_days(key, home_id)
        if self._plan is None or self._plan[1:3] != (home_id, spec) \
                or start_snapshot.file_key(self._plan[0]) != start_snapshot.file_key(key):
            self._got = {}  # worked out for other records (or none yet)
        self._got = {day: tiles for day, tiles in self._got.items() if day in days}
        days = [day for day in days if day not in self._got]
        self._plan = (key, home_id, spec, days)
        if days:
            self._watch(True)
            self._timer.start(IDLE_MS)
        else:
            self._keep()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """A key press or click anywhere in the application: the window is not idle."""
        if event.type() in _INPUT:
            self._input_at = time.monotonic()
        return False

    def _watch(self, on: bool) -> None:
        """Watch the manager's input only while coming days are planned (no cost on every event otherwise)."""
        app = QCoreApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def busy(self) -> bool:
        """True while a coming day is planned or being worked out (for tests and timing)."""
        return self._plan is not None or self._running

    def _next(self) -> None:
        page = self.page
        if self._plan is None or self._running or page.work.stopping:
            return
        key, home_id, spec, days = self._plan
        if page.home_id is None or int(page.home_id) != home_id or page.period.spec != spec:
            self._drop()  # another home or period on show: its own tiles will plan theirs
            return
        if not page.up_to_date() or page.work.pending():
            self._timer.start(IDLE_MS)  # the dashboard is busy: later
            return
        left = IDLE_MS - int((time.monotonic() - self._input_at) * 1000)
        if left > 0:
            self._timer.start(left)  # the manager is typing or clicking: once they stop
            return
        today = self.store.today()
        days = [day for day in days if day > today]  # past midnight meanwhile: that day is the dashboard's now
        if not days:
            self._keep()
            return
        self._plan = (key, home_id, spec, days)
        self._running = True
        page.work.run(partial(_work_out, self.store, key, home_id, spec, days[0]),
                      partial(self._done, (start_snapshot.file_key(key), home_id, spec)), self._failed)

    def _done(self, asked: tuple[dict[str, Any], int, PeriodSpec], got: AheadTiles | None) -> None:
        """A day's tiles for the records, home and period ``asked`` (or None: the records changed meanwhile)."""
        self._running = False
        if self._plan is None:
            return
        key, home_id, spec, days = self._plan
        if asked != (start_snapshot.file_key(key), home_id, spec):
            self._timer.start(IDLE_MS)  # planned again since, for other records: this answer is not theirs
            return
        if got is None:
            self._drop()  # the records changed meanwhile: the tiles kept after that save plan again
            return
        self._got[got.day] = _day_tiles(got)
        self._plan = (key, home_id, spec, [day for day in days if day != got.day])
        self._timer.start(0)  # the next day on a later turn: whatever waits on the GUI thread goes first

    def finish(self) -> None:
        """The window is closing (before the dashboard's worker stops and the store closes): the coming days
        still planned are worked out here, nearest first, for about ``CLOSE_BUDGET_S`` at most, and kept. Not
        while the worker is busy (the database sees one dashboard reader at a time); none after a save since
        the plan (each day's key is checked, as on the worker)."""
        self._timer.stop()
        page, plan = self.page, self._plan
        if plan is None:
            return
        if self._running or page.work.stopping or page.work.pending() \
                or page.home_id is None or int(page.home_id) != plan[1] or page.period.spec != plan[2]:
            self._keep()  # the days already worked out, if the file still keeps these records' tiles
            return
        key, home_id, spec, days = plan
        started = time.monotonic()
        for day in days:
            if time.monotonic() - started > CLOSE_BUDGET_S:
                break
            try:
                got = _work_out(self.store, key, home_id, spec, day)
            except Exception:  # noqa: BLE001 - closing must never be stopped: the next start is the usual one
                log.warning("coming days not worked out as the window closed", exc_info=True)
                break
            if got is None:
                break  # the records changed, or the day is today's by now
            self._got[day] = _day_tiles(got)
        self._keep()

    def _keep(self) -> None:
        """Every planned day is worked out: into the file, with today's tiles, in one write."""
        if self._plan is not None and self._got:
            start_snapshot.keep_days(self._plan[0], self._plan[1], self._got)
        self._drop()

    def _drop(self) -> None:
        self._plan, self._got = None, {}
        self._watch(False)

    def _failed(self, _trace: str) -> None:  # logged by the worker
        self._running = False
        self._drop()


def _work_out(store: Store, key: dict[str, Any], home_id: int, spec: PeriodSpec, day: date) -> AheadTiles | None:
    """On the worker: ``day``'s tiles, or None when the records are not those of ``key`` (a save before or while
    they were worked out) or the day is no longer a coming one (past midnight)."""
    from carehome_desk.models.ids import HomeId
    from carehome_desk.services.dashboard_ahead import tiles_ahead

    path, period = store.path, str(key["period"])
    if path is None or day <= store.today():
        return None
    before = start_snapshot.read_key(path, day, period)
    if before is None or start_snapshot.file_key(before) != start_snapshot.file_key(key):
        return None
    try:
        ahead = tiles_ahead(store, HomeId(home_id), spec, day)
    except ValueError:  # past midnight meanwhile (or the home is gone): not a coming day's tiles
        return None
    return ahead if start_snapshot.read_key(path, day, period) == before else None


def _day_tiles(got: AheadTiles) -> start_snapshot.DayTiles:
    until = got.until.astimezone(timezone.utc).isoformat() if got.until is not None else None
    return start_snapshot.DayTiles([t.to_dict() for t in got.tiles], until)
