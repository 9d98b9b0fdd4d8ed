"""The dashboard before its store is open: the first frame's tiles (from the last run's snapshot), then ``attach``.

A part of DashboardPage (dashboard_page.py), kept here so that page stays about what it shows. Before
``attach`` the page reads nothing and asks the worker for nothing: what it is asked for waits in its
queue, and goes to the worker the moment the store is attached.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from carehome_desk.services.dashboard_tile import Tile

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from carehome_desk.models.ids import HomeId
    from carehome_desk.services.dashboard_data import Part, Result
    from carehome_desk.store import Store
    from carehome_desk.ui.dashboard.dashboard_tiles import TileGrid


@dataclass(frozen=True)
class KeptTiles:
    """Tiles that reflect every save so far, for the start snapshot: the day they were worked out for, and
    the moment they stop holding (None: all that day)."""

    tiles: list[Tile]
    day: date
    until: datetime | None


#: What to do when a tile has nothing to count yet (the core shows '—'). The restraint and
#: Reg 40 tiles are not here: the core says why they are empty, over the incidents it counted.
EMPTY_TILES = {
    "rhi_offered": "No returns from missing in the period.",
}


class FirstFrameDashboard:
    """The first-frame steps of the dashboard page (which provides everything named here)."""

    store: Store
    attached: bool
    timings: dict[str, float]
    tiles: TileGrid
    tiles_shown: SignalInstance
    _first_names: dict[int, str]
    _today: date
    _backups_watched: bool
    _show_loading: Callable[[], None]
    _all_view: bool
    _queued: set[Part]
    _stale: set[Part]
    home_id: HomeId | None
    tiles_current: SignalInstance
    refresh_backup_notice: Callable[[], None]
    isVisible: Callable[[], bool]  # noqa: N815 - Qt naming

    def _refresh(self, parts: set[Part], *, at_once: bool = False) -> None:
        raise NotImplementedError

    def _now(self) -> datetime:
        return self.store.now() if self.attached else datetime.now(timezone.utc)

    def show_first(self, tiles: list[Tile], names: dict[int, str]) -> None:
        """Before the store is open: the tiles the last run worked out for these records (the key matched)."""
        self._first_names = names
        self._show_loading()
        self.tiles.set_tiles([self._with_hint(t) for t in tiles])
        self.timings.setdefault("tiles", time.perf_counter())
        self.tiles_shown.emit()

    def attach(self, store: Store) -> None:
        """The store is open: ask the worker for everything asked for so far (its tiles replace the first ones)."""
        self.store, self.attached = store, True
        self._today = store.today()
        self._backups_watched = store.path is not None and not store.settings.is_demo()
        if self.isVisible():
            self.refresh_backup_notice()
        self._refresh(set(), at_once=True)

    def _with_hint(self, tile: Tile) -> Tile:
        hint = EMPTY_TILES.get(tile.key)
        if hint and tile.value == "—":
            return Tile(tile.key, tile.title, tile.value, hint, tile.counts, tile.status, tile.opens, tile.filter)
        return tile

    def _tiles_applied(self, tiles: list[Tile], result: Result, current: bool) -> None:
        """New tiles from the worker are on screen; ``current``: for the home and period on show.

        ``tiles_current`` carries them with the day they were worked out for (the request's, which may be
        yesterday's just after midnight) and the moment they stop holding."""
        from carehome_desk.services.dashboard_data import Part

        if "tiles" not in self.timings:
            self.timings["tiles"] = time.perf_counter()
            self.tiles_shown.emit()
        if current and not self._all_view and Part.TILES not in self._queued | self._stale:
            # No newer request for them: they reflect every save so far.
            self.tiles_current.emit(KeptTiles(tiles, result.request.today, result.tiles_until))

    def _home_name(self) -> str:
        """The name of the home on show (from the snapshot until the store is attached), or ""."""
        from carehome_desk.store.errors import NotFoundError

        if self.home_id is None:
            return ""
        if not self.attached:
            return self._first_names.get(int(self.home_id), "")
        try:
            return self.store.homes.get(self.home_id).name
        except NotFoundError:
            return ""
