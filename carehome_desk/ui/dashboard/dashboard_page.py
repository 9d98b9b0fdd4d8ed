"""Dashboard: what needs doing today, the figures at a glance, and how the home is trending.

Opens fast: every figure is computed on a worker thread, so the window is on screen first;
the tiles and the needs-action list fill in, and only then are the charts drawn: by a chart
process started with the page, so matplotlib never loads in this one (without it, matplotlib
is loaded off the GUI thread). A save anywhere recomputes only the parts that read the
registers it changed, on the next event-loop turn (no fixed pause: saves broadcast within one
turn cost one recompute), and a chart whose figures came back unchanged is not redrawn.
"""

from __future__ import annotations

import time
from datetime import date
from functools import partial
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from carehome_desk.services.dashboard_tile import Tile
from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.ids import HomeId
from carehome_desk.services.dashboard_data import CHARTS, ChartRange, Part, PeriodKind, PeriodSpec, Request, Result, \
    compute, parts_touched, resolve, work_out_other_home
from carehome_desk.services.dashboard_kept import SliceCache
from carehome_desk.ui.dashboard.dashboard_first_frame import FirstFrameDashboard
from carehome_desk.ui.dashboard.dashboard_fill import FillInTurns
from carehome_desk.ui.dashboard.dashboard_idle import IdleHomes, settled_idle
from carehome_desk.ui.dashboard.dashboard_tiles import TileGrid
from carehome_desk.ui.dashboard.dashboard_worker import BackgroundWork
from carehome_desk.ui.widgets.first_paint import (ALIGN_BOTTOM, ALIGN_CENTER, ALIGN_LEFT, NO_FOCUS,
                                                  SCROLL_BAR_ALWAYS_OFF, SCROLL_BAR_ALWAYS_ON, set_qt_properties)
from carehome_desk.ui.widgets.page import Page, PageId
from carehome_desk.ui.widgets.period_selector import PeriodSelector
from carehome_desk.ui.widgets.style import ROLE_STYLE, heading, restyle, role_label

if TYPE_CHECKING:  # type hints only: SQLAlchemy is not loaded for them
    from carehome_desk.services.due import DueItem
    from carehome_desk.store import Store

#: No fixed pause before a recompute: the timer only merges the saves broadcast within one event-loop turn.
DEBOUNCE_MS = 0
NO_HOME = "No home yet — choose File → Set up my own home… to add yours."
#: Until the first figures for the home on show come back (never "No home yet" before the worker has looked).
WORKING = "Working out what is due…"
FAILED = "Some figures could not be worked out; the details are in the log file."
PERIOD_PARTS = frozenset({Part.TILES, *CHARTS})


class DashboardPage(FirstFrameDashboard, FillInTurns, Page):
    """The first page: needs action, tiles, charts; an all-homes view when there are several."""

    page_id = PageId.DASHBOARD
    title = page_id.value
    #: (area, subject id, requirement key): open that record on its own page.
    open_requested = Signal(str, int, str)
    #: (page title, filter key): open a page, filtered if it can be.
    page_requested = Signal(str, str)
    #: (page title, filter key, the period the tiles count over or None): a tile clicked.
    tile_requested = Signal(str, str, object)
    #: A home chosen in the all-homes view.
    home_requested = Signal(int)
    #: The Getting started list's "Set a password…" (the window runs File → Set a password…).
    password_requested = Signal()
    #: The tiles of the home on show, worked out with no save waiting behind them (kept for the next start).
    tiles_current = Signal(object)
    #: The tiles are on screen for the first time (from the last run's snapshot or from the worker).
    tiles_shown = Signal()

    def __init__(self, store: Store | None, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(cast("Store", store), parent)
        self.attached = store is not None
        self._first_names: dict[int, str] = {}
        self.work = BackgroundWork(self)
        #: The figures' slices kept between computes; only ever read or changed by the job on the worker.
        self.slices = SliceCache()
        # The other homes worked out for All homes while this settles idle (``dashboard_idle``).
        self.idle = IdleHomes(self.work, partial(settled_idle, self), lambda: partial(work_out_other_home, self.store, self.slices,
                                                                     self._today))
        self._changed: Changes | None = None  # saved since the last request (None: anything)
        self._stale: set[Part] = set(Part)
        self._queued: set[Part] = set()
        self._asked: dict[Part, int] = {}
        self._jobs = 0
        self._shown_job = 0  # the newest request whose answer is on screen
        self._several = False
        self._home_count = 0
        self._homes_current = False  # the all-homes table reflects every save so far
        self._needs_all = False  # the needs list on hand covers every home, not just the one on show
        self._home_words = ""
        self._all_view = False
        self._loaded = False  # the worker has answered for the home on show
        self._items: list[DueItem] = []
        self._today: date = store.today() if store is not None else today or date.today()
        self._charts = "waiting"  # → "loading" (matplotlib importing on the worker) → "ready"
        self._range: ChartRange | None = None
        self._series: dict[Part, object] = {}
        self._drawn_range: dict[Part, ChartRange | None] = {}
        self.timings: dict[str, float] = {}
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._submit)
        self._start_turns()

        # Built from the top down (each widget made inside its place), so no finished part is moved again.
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        layout.addLayout(top)
        toolbar = QHBoxLayout()
        layout.addLayout(toolbar)
        self.scroll_area = QScrollArea()
        layout.addWidget(self.scroll_area, 1)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # Not an unnamed Tab stop (its controls are); the vertical scroll bar always there (the page is longer
        # than a screen once its lists fill): the width does not jump when they fill, so the charts drawn for it
        # are not drawn again. (By number: first_paint.py says why.)
        set_qt_properties(self.scroll_area, focusPolicy=NO_FOCUS, horizontalScrollBarPolicy=SCROLL_BAR_ALWAYS_OFF,
                          verticalScrollBarPolicy=SCROLL_BAR_ALWAYS_ON)
        content = QWidget()
        self.scroll_area.setWidget(content)
        self._body = body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 8, 8)
        body.setSpacing(14)

        self.subtitle = role_label("", "hint")
        self.subtitle.setWordWrap(False)
        self.busy = role_label("", "hint")
        self.busy.setWordWrap(False)
        self.busy.setAccessibleName("Dashboard status")
        for label in (self.subtitle, self.busy):  # their words on the heading's bottom line
            set_qt_properties(label, alignment=ALIGN_LEFT | ALIGN_BOTTOM)
        top.addWidget(heading(self.title))
        top.addWidget(self.subtitle)
        top.addStretch(1)
        top.addWidget(self.busy)
        self.period = PeriodSelector(self._today)
        self.period.changed.connect(self._period_changed)
        self.all_homes_button = QPushButton("&All homes")
        self.all_homes_button.setCheckable(True)
        self.all_homes_button.setToolTip("One line per home, and every home's needs-action list "
                                         "(for the responsible individual)")
        self.all_homes_button.toggled.connect(self.show_all_homes)
        self.all_homes_button.hide()
        toolbar.addWidget(self.period)
        toolbar.addStretch(1)
        toolbar.addWidget(self.all_homes_button)

        self.backup_notice = role_label("", "hint")
        self.backup_notice.setAccessibleName("Backups off this PC")
        self.backup_notice.hide()
        self._backups_watched = store is not None and store.path is not None and not store.settings.is_demo()
        self.headline = role_label(WORKING, "hint")  # loading words, then "No home yet" only if there is none
        self.headline.setAccessibleName("Dashboard headline")
        set_qt_properties(self.headline, alignment=ALIGN_CENTER)
        if store is None:  # the first frame, shown before the application's style sheet is set (style.py)
            for label in (self.subtitle, self.busy, self.headline):
                label.setStyleSheet(ROLE_STYLE)
        self.tiles = TileGrid()
        self.tiles.tile_activated.connect(self._tile_activated)
        # The legal clocks first, then what a new home still needs, then the backlog, the figures, the trends.
        for widget in (self.backup_notice, self.headline, self.tiles):
            body.addWidget(widget)
        body.addStretch(1)
        self.built = False
        if store is not None:
            self.build_rest()  # the usual start: the whole page at once
        self._show_loading()

    # ---- what to recompute ---------------------------------------------------------------

    def set_home(self, home_id: HomeId | None) -> None:
        """Follow the window's home selector (the all-homes view stays as it is)."""
        if home_id == self.home_id and not self._stale:
            return
        if home_id != self.home_id or not self._loaded:
            self.home_id, self._loaded = home_id, False
            self._show_loading()
        self._refresh(set(Part) - {Part.HOMES} if self._asked else set(Part), at_once=True)

    def reload(self) -> None:
        """Recompute everything."""
        self._changed = None
        self._refresh(set(Part), at_once=True)

    def on_changes(self, changes: Changes) -> None:
        """Recompute only the parts that read a register the write changed."""
        if self._changed is not None:
            self._changed |= changes
        parts = parts_touched(changes)
        if parts:
            self._refresh(parts, at_once=changes.touches(Register.HOMES))
        if changes.touches(Register.SETTINGS):
            self.refresh_backup_notice()

    def refresh_backup_notice(self) -> None:
        """Warn when the newest backup off this PC is over a week old (or none reached the second folder);
        suggest a second folder when none is set. Not for the demo: its records are invented."""
        if not self.attached:
            return
        from carehome_desk.store.auto_backup import off_pc_notice

        path = self.store.path
        notice = off_pc_notice(path, self.store.settings.second_backup_folder(), self.store.now()) \
            if self._backups_watched and path is not None else None
        self.backup_notice.setVisible(notice is not None)
        if notice is not None:
            self.backup_notice.setText(notice.text)
            restyle(self.backup_notice, "role", "banner" if notice.warning else "hint")

    def _period_changed(self, _spec: PeriodSpec) -> None:
        self._refresh(set(PERIOD_PARTS), at_once=True)

    def _refresh(self, parts: set[Part], *, at_once: bool = False) -> None:
        self._stale |= parts
        if not self.isVisible():
            return  # done when next shown
        self._queued |= self._stale
        self._stale.clear()
        if at_once:
            self._debounce.start(0)
        elif not self._debounce.isActive():
            self._debounce.start()  # a burst of saves within one turn becomes one recompute

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().showEvent(event)
        if "shown" not in self.timings:
            self.timings["shown"] = time.perf_counter()
        self.refresh_backup_notice()  # cheap (one setting, one small file); a week may have passed
        if self.attached and self.store.today() != self._today:
            self._stale |= set(Part)  # past midnight: every status may have moved
        if self._stale:
            self._refresh(set(), at_once=True)

    def _submit(self) -> None:
        if not self._queued or not self.attached:
            return  # before the store is attached the parts stay queued
        parts, self._queued = set(self._queued), set()
        if not self._all_view and Part.HOMES in parts:
            parts.discard(Part.HOMES)  # worked out when the all-homes view is next opened
            self._homes_current = False
        if not parts:
            self._show_busy()
            return
        self._today = self.store.today()
        # Opening: the tiles and the list first (what needs doing, without waiting for a year of months),
        # the series behind; once the charts show, the series first (drawn elsewhere while the tiles are).
        groups = [parts - set(CHARTS), parts & set(CHARTS)]
        series_first = self._charts == "ready" and self._loaded
        if series_first:
            groups.reverse()
        requests = []
        for group in groups:
            if not group:
                continue
            self._jobs += 1
            # The first job drops the slices the saves changed; the one behind it finds them worked out again.
            saved, self._changed = self._changed, Changes()
            request = Request(self.home_id, self._today, self.period.spec, frozenset(group), self._jobs,
                              all_homes=self._all_view, changed=None if saved is None else saved.registers,
                              changed_homes=None if saved is None else saved.homes, kept=self.slices)
            for part in group:
                self._asked[part] = request.job
            requests.append(request)
        if series_first and len(requests) == 2:
            self._ask(requests[0], then=requests[1])  # the tiles' job once the chart is sent off (``_ask``)
        else:
            for request in requests:
                self._ask(request)
        self.busy.setText("Updating…")

    def _job(self, request: Request) -> Callable[[], Result]:
        return partial(compute, self.store, request)

    # ---- showing results -----------------------------------------------------------------

    def _apply(self, result: Result) -> None:
        """Take in an answer now; put its tiles, band and list on show in turns of their own (``FillInTurns``)."""
        # A part asked for again since this request was made waits for the newer answer.
        fresh = {p for p in result.request.parts if self._asked.get(p) == result.request.job}
        self._shown_job = max(self._shown_job, result.request.job)
        values = {p: v for p, v in result.values.items() if p in fresh}
        self._home_count = result.home_count
        self._several = result.home_count > 1
        self.all_homes_button.setVisible(self._several)
        if not self._several and self._all_view:
            self.all_homes_button.setChecked(False)
        homes = values.get(Part.HOMES)
        if isinstance(homes, list):
            self.homes.set_rows(homes)
            self._homes_current = True
        if Part.NEEDS in values:
            self._needs_all = result.request.all_homes
            if self._all_view and not self._needs_all:
                # Asked for one home just before the all-homes view opened: ask again for every home.
                self._refresh({Part.NEEDS}, at_once=True)
        home, first = result.home, not self._loaded  # the first answer for the home on show: in turns
        if result.request.home_id == self.home_id and fresh - set(CHARTS):
            self._loaded = True
        self.headline.setText(NO_HOME if result.home_count == 0 else self.headline.text())
        self.headline.setVisible(result.home_count == 0 or not self._loaded)
        self.period.set_home(home, self._today)
        self._home_words = f"{home.name} ({home.urn})" if home is not None else ""
        self._show_subtitle()
        if result.range is not None and fresh & PERIOD_PARTS:
            self._range = result.range
            self.charts.set_period(result.range.words)
        for part in CHARTS:  # drawn elsewhere: asked for at once, so the pictures come sooner
            if part in values:
                drawn = self._series.get(part), self._drawn_range.get(part)
                self._series[part] = values[part]
                if drawn != (values[part], self._range) or not self.charts.charts[part].draws:
                    self._drawn_range[part] = self._range
                    self._draw(part)  # unchanged figures over the same months keep their drawing
        items, tiles = values.get(Part.NEEDS), values.get(Part.TILES)
        current = Part.TILES in fresh and result.request.home_id == self.home_id \
            and result.request.spec == self.period.spec
        self._fill(result, tiles if isinstance(tiles, list) else None, current, values.get(Part.CLOCKS),
                   values.get(Part.SETUP), items if isinstance(items, list) else None, in_turns=first)
        self._show_busy()

    def _after_fill(self) -> None:
        """The last step of an answer: start the charts once the first tiles are on show."""
        if self._charts == "waiting" and "tiles" in self.timings and self.home_id is not None:
            self._charts = "loading"  # nothing to load when the chart process draws: the pictures come next
            self.work.run(self.charts.warm_up, self._matplotlib_ready, self._failed)
        self._show_busy()

    def _show_busy(self) -> None:
        """'Updating…' while figures are being worked out, then when they were worked out."""
        if not self.attached or self.filling() or any(job > self._shown_job for job in self._asked.values()):
            self.busy.setText("Updating…")
        else:
            self.busy.setText(f"Figures as at {format_uk(self._today)} {self.store.now().astimezone(UK):%H:%M}")
            self.idle.settled(several=self._several)

    def _failed(self, _trace: str) -> None:
        # Whatever the failed job was asked for is asked for again, from nothing, at the next save or showing.
        self._changed, self._stale = None, self._stale | set(Part)
        self.busy.setText(FAILED)
        if not self._loaded:  # not "Loading…" for ever
            self._say_waiting(FAILED, "Not worked out: see above.")
        if self._charts == "loading":
            self._charts = "waiting"

    def _show_loading(self) -> None:
        """Say the figures are on their way (headline and both tables) until the worker answers."""
        name = self._home_name()  # one row on the GUI thread: the window read every home to open
        self._say_waiting(f"Loading {name}…" if name else WORKING, WORKING)

    def _say_waiting(self, headline: str, tables: str) -> None:
        self.headline.setText(headline)
        self.headline.show()
        if self.built:
            self.band.set_loading(tables)
            self.needs.set_loading(tables)

    def _show_items(self) -> None:
        items = self._items
        if not self._all_view and self.home_id is not None:
            items = [i for i in items if i.home.id == self.home_id]
        home = self.home_id
        # The band shows the home on show only, and not in the all-homes view: there every item stays listed.
        leave_out = {(int(home), incident, key) for incident, key in self.band.shown_keys()} \
            if home is not None and not self._all_view else set()
        self.needs.set_items(items, show_home=self._all_view, leave_out=leave_out)

    def _show_subtitle(self) -> None:
        words = f"All homes ({self._home_count})" if self._all_view else self._home_words
        self.subtitle.setText(f"{words} · {format_uk(self._today)}" if words else "")

    def _show_view(self) -> None:
        has_home = self.home_id is not None
        self.homes.setVisible(self._all_view)
        self.tiles.setVisible(has_home and not self._all_view)
        self.band.setVisible(has_home and not self._all_view)
        if not has_home or self._all_view:
            self.setup.hide()
        elif self.setup.checklist is not None:
            self.setup.setVisible(self.setup.checklist.shown)
        self.charts.setVisible(has_home and not self._all_view)
        self.period.setVisible(has_home and not self._all_view)
        self.needs.setVisible(has_home or self._all_view)

    def show_all_homes(self, on: bool) -> None:
        """Switch between this home's dashboard and the all-homes summary."""
        self._all_view = on and self._several
        if self.all_homes_button.isChecked() != self._all_view:
            self.all_homes_button.setChecked(self._all_view)
        if self._all_view and not (self._homes_current and self._needs_all):
            self._refresh({Part.HOMES, Part.NEEDS}, at_once=True)  # 'Updating…' until every home is in
        self._show_items()
        self._show_view()
        self._show_subtitle()

    def _home_chosen(self, home_id: int) -> None:
        self.all_homes_button.setChecked(False)
        self.home_requested.emit(home_id)

    def _hide_setup(self) -> None:
        """The manager hid the checklist: remembered for this home in the database's settings."""
        if self.home_id is None:
            return
        self.setup.hide()
        self.changed.emit(self.store.settings.set_setup_hidden(self.home_id))

    def _tile_activated(self, tile: Tile) -> None:
        if tile.opens:
            # Before the worker's first answer the tiles on show (the last run's) are over the chosen months.
            spec, r = self.period.spec, self._range
            months = None if spec.kind is PeriodKind.INSPECTION else resolve(spec, None, self._today).period
            self.tile_requested.emit(tile.opens, tile.filter, r.period if r else months)

    # ---- charts --------------------------------------------------------------------------

    def _matplotlib_ready(self, _result: object) -> None:
        self._charts = "ready"
        self.charts.show_pictures()

    def up_to_date(self) -> bool:
        """True when no recompute is waiting or running: every figure on show reflects the last save."""
        return (not self._stale and not self._queued and not self._debounce.isActive() and not self.filling()
                and all(job <= self._shown_job for job in self._asked.values()))

    def charts_drawn(self) -> bool:
        """True once every chart has drawn its figures at least once."""
        return all(chart.draws for chart in self.charts.charts.values())

    def _draw(self, part: Part) -> None:
        data, chart_range = self._series.get(part), self._range
        if data is not None and chart_range is not None:
            self.charts.draw(part, data, chart_range)

    def shutdown(self) -> None:
        """Stop background work before the store closes."""
        self._debounce.stop()
        self._turn.stop()
        self._steps.clear()
        if self.built:
            self.drawing.stopping = True  # a drawing the chart process's end cuts short is not a failure
            self.charts.stop()  # ends the chart process; a drawing waiting on it ends too
        self.work.shutdown()
        if self.built:
            self.drawing.shutdown()
