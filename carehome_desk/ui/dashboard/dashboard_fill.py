"""The worker's first answer for a home put on the dashboard in steps, one event-loop turn each.

A part of DashboardPage (dashboard_page.py). Filling the tiles, the Next 72 hours band and the
needs-action list for the first time, and Qt laying out and painting each, took a tenth of a
second in one turn at a big home: a key pressed meanwhile waited for all of it. Now the first
answer for a home is put on show in steps, the tiles first, then the band, then the list, each in
a turn of its own, so key presses (and paints) are answered between them. A save's answer changes
a few rows: it is put on show in the turn it arrives (one layout and one paint of the page, not
three, so the save's figures show sooner). The bookkeeping (which answer is the newest, the
headline, the period) and the chart requests are done as the answer arrives: the charts are drawn
elsewhere, so asking for them early only brings the pictures sooner.

The page is never left half-filled: ``filling`` is True until the last step has run, and the
page's ``up_to_date`` waits for it; steps run in the order the answers came, so a later answer's
steps come after an earlier one's and its figures are the ones left on show.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from carehome_desk.services.dashboard_data import Request, Result
    from carehome_desk.services.dashboard_tile import Tile
    from carehome_desk.ui.dashboard.dashboard_worker import BackgroundWork
    from carehome_desk.services.due import DueItem
    from carehome_desk.ui.dashboard.dashboard_band import ClockBand
    from carehome_desk.ui.dashboard.dashboard_setup_panel import SetupPanel
    from carehome_desk.ui.dashboard.dashboard_tiles import TileGrid


class FillInTurns:
    """The apply path of the dashboard page (which provides everything its methods use)."""

    _steps: deque[Callable[[], None]]
    _turn: QTimer
    _recut: bool
    _items: list[DueItem]
    timings: dict[str, float]
    tiles: TileGrid
    band: ClockBand
    setup: SetupPanel
    _show_items: Callable[[], None]
    _show_view: Callable[[], None]
    _after_fill: Callable[[], None]
    _tiles_applied: Callable[[list[Tile], Result, bool], None]
    _with_hint: Callable[[Tile], Tile]
    work: BackgroundWork
    _job: Callable[[Request], Callable[[], Result]]
    _apply: Callable[[Result], None]
    _failed: Callable[[str], None]

    def _start_turns(self) -> None:
        """Called once from the page's constructor (the timer needs the page as its parent)."""
        self._steps = deque()
        self._recut = False  # the band's rows moved while a list step was waiting: cut the list then
        self._turn = QTimer(self)  # type: ignore[arg-type]  # the page is a QObject
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._next_step)

    def filling(self) -> bool:
        """True while an answer's figures are still being put on show."""
        return bool(self._steps)

    def _later(self, step: Callable[[], None]) -> None:
        self._steps.append(step)
        if not self._turn.isActive():
            self._turn.start()

    def _at_once(self, step: Callable[[], None]) -> None:
        if self._steps:
            self._later(step)  # behind an earlier answer's steps, in turns as they are: in order, never all at once
        else:
            step()

    def _next_step(self) -> None:
        if self._steps:
            self._steps.popleft()()
        if self._steps:
            self._turn.start()  # the next step in a turn of its own: keys and paints are answered between

    def finish_filling(self) -> None:
        """Run every step still waiting, now (a test, or the page going away)."""
        self._turn.stop()
        while self._steps:
            self._steps.popleft()()

    def _band_rows_changed(self) -> None:
        """The band's rows changed: the list below leaves them out, so it is cut again (in the list's own
        step when one is waiting, else now: the band's minute tick)."""
        if self._steps:
            self._recut = True
        else:
            self._show_items()

    def _fill(self, result: Result, tiles: list[Tile] | None, tiles_current: bool, clocks: object,
              checklist: object, items: list[DueItem] | None, *, in_turns: bool) -> None:
        """The steps that put one answer's figures on show: tiles, band, list, then the view. ``in_turns``:
        each in a turn of its own (the first answer for a home: everything is new); else all in this turn
        (a save's answer changes a few rows: one layout and one paint of the page, not three)."""
        from carehome_desk.services.dashboard_clocks import Clocks
        from carehome_desk.services.dashboard_setup import Checklist

        later = self._later if in_turns else self._at_once

        if tiles is not None:
            def show_tiles() -> None:
                self.tiles.set_tiles([self._with_hint(t) for t in tiles])
                self._show_view()
                self._tiles_applied(tiles, result, tiles_current)
            later(show_tiles)
        if isinstance(clocks, Clocks) or isinstance(checklist, Checklist):
            def show_band() -> None:
                if isinstance(clocks, Clocks):
                    self.band.set_clocks(clocks)  # new rows there re-cut the list in the list's step
                if isinstance(checklist, Checklist):
                    self.setup.set_checklist(checklist)
            later(show_band)

        def show_list() -> None:
            if items is not None:
                self._items = items
            if items is not None or self._recut:
                self._recut = False
                self._show_items()
                if items is not None:
                    self.timings.setdefault("needs", time.perf_counter())
            self._show_view()
            self._after_fill()
        later(show_list)

    def _ask(self, request: Request, *, then: Request | None = None) -> None:
        """Send ``request`` to the worker; ``then`` once its answer (or its failure) is in: not beside this
        thread as it sends the chart off (both hold the interpreter lock in turn), but while it is drawn."""
        def done(result: Result) -> None:
            self._apply(result)
            if then is not None:
                self._ask(then)

        def failed(trace: str) -> None:
            self._failed(trace)
            if then is not None:
                self._ask(then)
        self.work.run(self._job(request), done, failed)
