"""The window's first frame: shown from the last run's snapshot before the store is imported, then made whole.

The application controller's part of it (start_snapshot.py says what is kept and when it is trusted):
``first_frame`` shows the window with the kept tiles when the key matches, ``attach_store`` opens the
store on the next event-loop turn and gives it to that window, and ``_keep_snapshot`` writes a new
snapshot whenever the dashboard's tiles reflect every save so far, then has the coming days' tiles
worked out once the window is idle (start_ahead.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING

from carehome_desk.ui import pyside_first  # noqa: F401 - before any Qt module (it says why)
from PySide6.QtCore import QSettings, QTimer

from carehome_desk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from carehome_desk.services.dashboard_data import PeriodSpec
    from carehome_desk.start_snapshot import Snapshot
    from carehome_desk.store import Store
    from carehome_desk.store.writer_lock import WriterLock
    from carehome_desk.ui.start_ahead import ComingDays

log = logging.getLogger("carehome_desk")

#: Called with the window once its tiles are first on screen (the bench's mark; nothing else needs it).
TILES_SHOWN: list[Callable[[MainWindow], None]] = []


def tiles_shown(window: MainWindow) -> None:
    """The window's tiles are on screen for the first time."""
    for hook in TILES_SHOWN:
        hook(window)


class FirstFrame:
    """The first-frame steps of the application controller (which provides the rest)."""

    settings: QSettings
    store: Store | None
    window: MainWindow | None
    lock: WriterLock | None
    #: The snapshot the first frame was shown from (its charts are drawn once the sections are built).
    _first: Snapshot | None = None
    #: The coming days' tiles of the window's dashboard (made with its first kept tiles).
    _coming: ComingDays | None = None

    def _take_lock(self, target: str | Path) -> WriterLock | None:
        raise NotImplementedError

    def open(self, target: str | Path, *, password: str | None = None) -> bool:
        raise NotImplementedError

    def _connect(self, window: MainWindow) -> None:
        raise NotImplementedError

    def _start_backups(self, store: Store) -> None:
        raise NotImplementedError

    def first_frame(self, path: Path) -> bool:
        """Show the window at once with the tiles the last run kept for these very records (no store yet);
        False (nothing shown) when there is no snapshot whose key matches, or another copy has the file."""
        from carehome_desk import start_snapshot

        saved_page = self.settings.value("main/page", 0)
        if str(saved_page) not in ("0", ""):
            return False  # the window opens on another page, which reads the store: the usual way
        wanted = self.settings.value("main/home", None)
        home = int(str(wanted)) if wanted is not None and str(wanted).isdigit() else None
        first = start_snapshot.load(path, start_snapshot.uk_today(), repr(_start_period()), home)
        if first is None:
            return False
        try:
            window = MainWindow(None, self.settings, first=first)
        except (ValueError, TypeError, KeyError) as exc:  # tiles not as written: the usual way
            log.warning("start snapshot ignored: %s", type(exc).__name__)
            return False
        # The writer lock is taken with the store, a moment later: another copy open on this file is told
        # then, and this window closes (nothing in it could be used before).
        self.window, self._first = window, first
        self._connect(window)
        window.show()
        tiles_shown(window)  # they were put in as the window was made, before anything could listen
        return True

    def attach_store(self, target: Path) -> None:
        """The first frame's second step: open the store (importing SQLAlchemy now) and give it to the window."""
        if self.window is None or self.window.attached:
            return
        self.window.dashboard.build_rest()  # the sections the first frame left out, loading until the worker answers
        first, window = self._first, self.window
        if first is not None:
            # The last run's charts for these records, sent on the next turn, once the sections just made are
            # laid out (each drawn at its size): the chart process is still loading matplotlib meanwhile.
            QTimer.singleShot(0, window, lambda: window.dashboard.show_first_charts(first.key, first.home_id))
        if not self.open(target):
            window, lock = self.window, self.lock
            self.window = self.lock = None
            if lock is not None:
                lock.release()
            window.close()  # the manager was told why; with no window the application ends

    def _attach(self, store: Store, lock: WriterLock | None) -> None:
        assert self.window is not None
        self.store, self.lock = store, lock
        self.window.attach(store)
        self._start_backups(store)

    def _keep_snapshot(self, kept: object) -> None:
        """The dashboard's tiles reflect every save so far: keep them for the next start (a clear file only),
        under the day they were worked out for, until the moment they stop holding; then plan the coming days'."""
        from carehome_desk import start_snapshot
        from carehome_desk.services.dashboard_tile import Tile
        from carehome_desk.ui.dashboard.dashboard_first_frame import KeptTiles

        window, store = self.window, self.store
        if not isinstance(kept, KeptTiles) or window is None or store is None or store.path is None \
                or store.protected:
            return  # never for an encrypted file or a server database
        home_id = window.current_home()
        if home_id is None or window.dashboard.home_id != home_id or kept.day != store.today():
            return  # another home, or worked out for a day that has ended
        period = repr(window.dashboard.period.spec)
        key = start_snapshot.read_key(store.path, kept.day, period)
        if key is None:
            return
        homes = [(int(window.home_combo.itemData(i)), *_name_and_urn(window.home_combo.itemText(i)))
                 for i in range(window.home_combo.count())]
        until = kept.until.astimezone(timezone.utc).isoformat() if kept.until is not None else None
        start_snapshot.save(start_snapshot.Snapshot(
            key, int(home_id), homes, window.is_demo, window.where.text(),
            [t.to_dict() for t in kept.tiles if isinstance(t, Tile)], until))
        if window.dashboard.period.spec == _start_period():  # another period's tiles are never a first frame's
            self._coming_days(window, store).plan(key, int(home_id), window.dashboard.period.spec)

    def _coming_days(self, window: MainWindow, store: Store) -> ComingDays:
        """The coming days' planner of this window's dashboard on this store (a new one for another)."""
        from carehome_desk.ui.start_ahead import ComingDays

        coming = self._coming
        if coming is None or coming.page is not window.dashboard or coming.store is not store:
            coming = self._coming = ComingDays(window.dashboard, store)
            window.about_to_close.connect(coming.finish)  # the days not worked out yet, before the store closes
        return coming


def _start_period() -> PeriodSpec:
    """The period every window starts with: the only one whose kept tiles a first frame shows."""
    from carehome_desk.services.dashboard_data import PeriodSpec
    from carehome_desk.ui.widgets.period_selector import CHOICES, DEFAULT

    return CHOICES[DEFAULT][1] or PeriodSpec()


def _name_and_urn(text: str) -> tuple[str, str]:
    """The selector's "Name (URN)" back into its two parts."""
    name, _, urn = text.rpartition(" (")
    return name, urn.removesuffix(")")


