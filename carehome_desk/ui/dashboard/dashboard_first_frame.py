"""The dashboard before its store is open: the first frame's tiles and charts (kept by the last run), then ``attach``.

A part of DashboardPage (dashboard_page.py), kept here so that page stays about what it shows. Before
``attach`` the page reads nothing and asks the worker for nothing: what it is asked for waits in its
queue, and goes to the worker the moment the store is attached.

The first frame is the page's heading, period and tiles only: the clock band, setup list, needs list,
all-homes table and charts (and their modules, and the chart process) are made by ``build_rest`` once
that frame is painted, just before the store is opened, and say they are loading until the worker answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, cast

from carehome_desk.services.dashboard_tile import Tile

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, SignalInstance
    from PySide6.QtWidgets import QVBoxLayout

    from carehome_desk.models.ids import HomeId
    from carehome_desk.services.dashboard_data import Part, Result
    from carehome_desk.store import Store
    from carehome_desk.ui.dashboard.dashboard_band import ClockBand
    from carehome_desk.ui.dashboard.dashboard_sections import ChartsSection, HomesSection, NeedsActionSection
    from carehome_desk.ui.dashboard.dashboard_setup_panel import SetupPanel
    from carehome_desk.ui.dashboard.dashboard_tiles import TileGrid
    from carehome_desk.ui.dashboard.dashboard_worker import BackgroundWork
    from carehome_desk.ui.widgets.period_selector import PeriodSelector


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
    charts: ChartsSection
    period: PeriodSelector
    _charts: str
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
    #: True once ``build_rest`` has made the sections below (the usual start makes them with the page).
    built: bool
    band: ClockBand
    setup: SetupPanel
    needs: NeedsActionSection
    homes: HomesSection
    drawing: BackgroundWork
    _body: QVBoxLayout
    #: The first frame's tiles wait for the worker's first answer to take their place in the Tab order.
    _tiles_retab = False
    _loaded: bool
    open_requested: SignalInstance
    page_requested: SignalInstance
    password_requested: SignalInstance
    _show_items: Callable[[], None]
    _band_rows_changed: Callable[[], None]
    _hide_setup: Callable[[], None]
    _home_chosen: Callable[[int], None]
    up_to_date: Callable[[], bool]
    charts_drawn: Callable[[], bool]

    def _refresh(self, parts: set[Part], *, at_once: bool = False) -> None:
        raise NotImplementedError

    def build_rest(self) -> None:
        """The sections the first frame leaves out (built just after it is painted, before the store opens):
        the clock band, the setup list, the needs list, the all-homes table and the charts, with the chart
        process (which imports matplotlib on the second core while the store opens)."""
        if self.built:
            return
        self.built = True
        self.tiles.pointing_hands()  # the first frame's tiles had none (dashboard_tiles.py says why)
        from carehome_desk.paths import data_dir
        from carehome_desk.ui.dashboard.chart_process import ChartDrawer
        from carehome_desk.ui.dashboard.chart_render import LAYOUTS_FILE
        from carehome_desk.ui.dashboard.dashboard_band import ClockBand
        from carehome_desk.ui.dashboard.dashboard_sections import ChartsSection, HomesSection, NeedsActionSection
        from carehome_desk.ui.dashboard.dashboard_setup_panel import SetupPanel
        from carehome_desk.ui.dashboard.dashboard_worker import BackgroundWork

        drawer = ChartDrawer(layouts=data_dir() / LAYOUTS_FILE)
        self.band = ClockBand(self._now)  # the clock only: countdowns move on without a database read
        self.band.open_requested.connect(self.open_requested)
        self.band.rows_changed.connect(self._band_rows_changed)
        self.setup = SetupPanel()
        self.setup.page_requested.connect(self.page_requested)
        self.setup.hide_requested.connect(self._hide_setup)
        self.setup.password_requested.connect(self.password_requested)
        self.needs = NeedsActionSection()
        self.needs.open_requested.connect(self.open_requested)
        self.homes = HomesSection()
        self.homes.home_requested.connect(self._home_chosen)
        self.homes.hide()
        self.charts = ChartsSection(drawer=drawer)
        # Charts are drawn on a thread of their own (no database reads there): the figures' worker stays free.
        self.drawing = BackgroundWork(cast("QObject", self))
        self.charts.runner = self.drawing.run
        for chart in self.charts.charts.values():
            chart.drawn.connect(self._chart_drawn)
        body, at = self._body, self._body.indexOf(self.tiles)
        for offset, widget in enumerate((self.homes, self.band, self.setup, self.needs)):
            body.insertWidget(at + offset, widget)
        body.insertWidget(body.indexOf(self.tiles) + 1, self.charts)
        if not self._loaded:
            self._show_loading()

    def _now(self) -> datetime:
        return self.store.now() if self.attached else datetime.now(timezone.utc)

    def show_first(self, tiles: list[Tile], names: dict[int, str]) -> None:
        """Before the store is open: the tiles the last run worked out for these records (the key matched)."""
        self._first_names = names
        self._show_loading()
        self.tiles.set_tiles([self._with_hint(t) for t in tiles])
        self._tiles_retab = True  # the worker's first answer puts them after the sections made since
        self.timings.setdefault("tiles", time.perf_counter())
        self.tiles_shown.emit()

    def show_first_charts(self, key: dict[str, Any], home_id: int) -> bool:
        """Before the store is open: the charts the last run kept for these records (``key``, just checked against
        the file), drawn by the chart process while the store opens; False when none were kept for them, or
        there is no chart process (matplotlib is not loaded here while the window starts)."""
        from carehome_desk.ui.dashboard import chart_snapshot

        if not self.charts.drawer.in_process():
            return False
        kept = chart_snapshot.load(key, home_id)
        parts = {part: kept.get(part.value) for part in self.charts.charts}
        if not all(parts.values()) or self._charts != "waiting":
            return False
        self._body.activate()  # lay the sections out now (the charts' columns too): each chart drawn at its size
        layout = self.charts.layout()
        if layout is not None:
            layout.activate()
        for part, spec in parts.items():
            assert spec is not None
            self.charts.charts[part].draw(spec)
        self.charts.set_period(next(iter(kept.values())).words)
        self._charts = "ready"
        self.charts.show_pictures()
        return True

    def _chart_drawn(self) -> None:
        if self.charts_drawn():
            self.timings.setdefault("charts", time.perf_counter())
            self._keep_charts()  # for the next start's first frame

    def _keep_charts(self) -> None:
        """Every chart is drawn: keep their figures for the next start when they reflect every save so far (a
        clear file's only)."""
        from carehome_desk import start_snapshot
        from carehome_desk.ui.dashboard import chart_snapshot

        store = self.store if self.attached else None
        if store is not None and store.protected:
            chart_snapshot.forget()  # nothing about an encrypted file is kept in clear, even from before its password
            return
        if store is None or store.path is None or self._all_view or self.home_id is None:
            return
        charts = self.charts.charts.values()
        if not self.up_to_date() or any(chart.busy() or chart.drawn_spec is None for chart in charts):
            return
        key = start_snapshot.read_key(store.path, self._today, repr(self.period.spec))
        if key is not None:
            chart_snapshot.save(key, int(self.home_id),
                                {chart.drawn_spec.kind: chart.drawn_spec for chart in charts if chart.drawn_spec})

    def attach(self, store: Store) -> None:
        """The store is open: ask the worker for everything asked for so far (its tiles replace the first ones)."""
        self.build_rest()  # normally done already, as the first frame was painted
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
        if self._tiles_retab:
            self._tiles_retab = False
            self._tiles_after_the_sections()
        if current and not self._all_view and Part.TILES not in self._queued | self._stale:
            # No newer request for them: they reflect every save so far.
            self.tiles_current.emit(KeptTiles(tiles, result.request.today, result.tiles_until))

    def _tiles_after_the_sections(self) -> None:
        """Tab reaches the tiles after the sections above them, as when the worker's tiles are the first: the
        sections and their controls were made after the first frame's tiles, so the tiles move to the end of
        the focus chain (a widget given a parent joins its end), keeping the focus where it was."""
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        at = self._body.indexOf(self.tiles)
        self._body.removeWidget(self.tiles)
        self.tiles.setParent(None)
        self._body.insertWidget(at, self.tiles)
        self.tiles.show()
        if focus is not None and self.tiles.isAncestorOf(focus):
            focus.setFocus()

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
