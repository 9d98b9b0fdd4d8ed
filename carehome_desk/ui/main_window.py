"""The main window: home selector, navigation list, stack of pages, menus and status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.ids import HomeId, IncidentId, StaffId

if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.services.evidence import Period
    from carehome_desk.start_snapshot import Snapshot
    from carehome_desk.store import Store
    from carehome_desk.ui.settings.integrity_banner import IntegrityBanner
from carehome_desk.services.dashboard_tile import Tile
from carehome_desk.ui.dashboard.dashboard_page import DashboardPage
from carehome_desk.ui.page_set import RECORD_PAGES, STAFF_TABS, PageSet
from carehome_desk.ui.widgets.page import Page, PageId
from carehome_desk.ui.widgets.screen_fit import fit_to_screen
from carehome_desk.ui.widgets.style import NAV_STYLE, ROLE_STYLE, role_label
from carehome_desk.ui.settings.window_lock import WindowLock


class MainWindow(QMainWindow):
    """One open database. Pages never reach into each other: writes broadcast ``data_changed``."""

    data_changed = Signal(object)
    #: Asks the application to set up the manager's own home (from the demo) or add another.
    setup_requested = Signal()
    open_requested = Signal()
    connect_requested = Signal()
    backup_requested = Signal()
    #: File → Restore from backup… (the application controller closes, restores and reopens).
    restore_requested = Signal(object)  # the backup to offer first (a Path), or None to choose
    #: The window is about to close for good (unsaved edits dealt with): time for the backup on close.
    about_to_close = Signal()
    #: File → Set a password… (unprotected) or Change password… (protected).
    password_requested = Signal()

    def __init__(self, store: Store | None, settings: QSettings, parent: QWidget | None = None, *,
                 first: Snapshot | None = None):
        """A window on ``store``; or, with ``store`` None, the first frame from the last run's ``first``
        snapshot (chrome, homes and tiles, before SQLAlchemy is even imported), made whole by ``attach``."""
        super().__init__(parent)
        assert store is not None or first is not None
        self.store = cast("Store", store)
        self.first = first
        self.attached = False
        self._after_attach: list[Callable[[], None]] = []
        self.settings = settings
        self._shown_once = False
        self._screen_watched = False
        self.is_demo = store.settings.is_demo() if store is not None else bool(first and first.is_demo)
        self.setWindowTitle("carehome-desk" + (" — DEMO HOME (fictional)" if self.is_demo else ""))
        fit_to_screen(self)  # 900×600, or less where the screen's free area is smaller (150% on a laptop)

        self.home_label = QLabel("Home:")
        self.home_combo = QComboBox()
        self.home_combo.setAccessibleName("Home")
        self.home_combo.setMinimumContentsLength(24)
        self.home_label.setBuddy(self.home_combo)
        self.home_combo.currentIndexChanged.connect(self._home_chosen)
        self.demo_banner = role_label(
            "Demo home: every person and event here is invented. Demo: not password-protected. When you are "
            "ready, choose File → Set up my own home…, which asks for a password.", "banner")
        self.demo_banner.setVisible(self.is_demo)
        self.integrity_banner: IntegrityBanner | None = None  # made when the store is attached

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Sections")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        today = date.fromisoformat(first.key["day"]) if store is None and first is not None else None
        self.dashboard = DashboardPage(store, today=today)  # the first screen: what needs doing today
        self.dashboard.open_requested.connect(self.open_record)
        self.dashboard.page_requested.connect(self.open_page)
        self.dashboard.tile_requested.connect(self.open_page)
        self.dashboard.password_requested.connect(self.password_requested)
        self.dashboard.home_requested.connect(self.select_home)
        # The other pages are imported and built when first wanted: the window opens at the dashboard's cost.
        self.page_set = PageSet(self.store, self.stack, self.dashboard, self._adopt)
        self.nav.addItems(self.page_set.titles)
        self.nav.currentRowChanged.connect(self._page_chosen)

        top = QHBoxLayout()
        top.addWidget(self.home_label)
        top.addWidget(self.home_combo)
        top.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.addLayout(top)
        self._column.addWidget(self.demo_banner)
        self._column.addLayout(body, 1)
        self.window_lock = WindowLock(self, store, central)  # the central widget: [everything, lock screen]

        self.new_action: QAction | None = None  # Edit › New record: greyed on pages with nothing to add
        self._build_menus()
        self.where = QLabel()
        self.statusBar().addPermanentWidget(self.where)
        self.data_changed.connect(self._on_changes)
        if store is None:
            assert first is not None
            self.where.setText(first.where)
            # Shown before the application's style sheet is set (style.py): these widgets' looks on their own.
            self.nav.setStyleSheet(NAV_STYLE)
            self.demo_banner.setStyleSheet(ROLE_STYLE)
            self._fill_homes(first.home_id)
            self.nav.setCurrentRow(0)  # the first frame is the dashboard's (only used when the last run left it there)
            self.nav.setEnabled(False)  # a page needs the store: for the fraction of a second until it is attached
            self.dashboard.show_first([Tile.from_dict(t) for t in first.tiles], {h[0]: h[1] for h in first.homes})
        else:
            self._fill_homes(self.settings.value("main/home", None))
            saved_row = self.settings.value("main/page", 0)
            row = int(saved_row) if isinstance(saved_row, int | str) and str(saved_row).isdigit() else 0
            self.nav.setCurrentRow(min(row, len(self.page_set.ids) - 1))
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
            fit_to_screen(self, size=True)  # no taller or wider than the screen has room for
        if store is not None:
            self.attach(store)

    def attach(self, store: Store) -> None:
        """The store is open: the integrity banner, the server watch and the pages get it (the first frame
        becomes the whole window; the dashboard's worker then replaces the first tiles)."""
        from carehome_desk.ui.server_watch import ServerWatch  # saves on other PCs (a server database only)
        from carehome_desk.ui.settings.integrity_banner import IntegrityBanner, start_later

        early = not self.attached and self.store is None
        self.store, self.attached = store, True
        # Shown when the database failed its integrity check on open (then the store refuses every write).
        self.integrity_banner = IntegrityBanner(store)
        self.integrity_banner.restore_requested.connect(self.restore_from_backup)
        self._column.insertWidget(1, self.integrity_banner)
        self.window_lock.attach(store)
        self.where.setText(f"Data: {store.describe()} · changes recorded as {store.user}")
        self.server_watch = ServerWatch(store, self)
        self.server_watch.changed.connect(self.broadcast)
        if early:
            self.page_set.store = store
            self.dashboard.attach(store)
            self.is_demo = store.settings.is_demo()
            self.demo_banner.setVisible(self.is_demo)
            self._fill_homes()  # the homes as the records hold them (the same, since the key matched)
            self.nav.setEnabled(True)
            self._fill_menus()  # the first frame had their titles only
        start_later(self.integrity_banner)  # right after the window shows; off the GUI thread if it is slow
        if store.open_report.backup is not None:
            self.statusBar().showMessage(
                f"The database was upgraded; a copy from before is kept at {store.open_report.backup}", 15000)
        waiting, self._after_attach = self._after_attach, []
        for step in waiting:
            step()

    def _adopt(self, page: Page) -> None:
        """Wire a page into the window as it is built."""
        page.changed.connect(self.broadcast)
        page.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.data_changed.connect(page.on_changes)
        for name, slot in (("person_requested", self.show_person), ("incident_requested", self.show_incident)):
            if hasattr(page, name):
                getattr(page, name).connect(slot)
        if page is not self.dashboard:
            page.set_home(self.current_home())

    @property
    def pages(self) -> list[Page]:
        """Every page in navigation order (builds those not made yet)."""
        return self.page_set.all()

    @property
    def staff_page(self) -> Page:
        return self.page_set.get(PageId.STAFF)

    @property
    def incidents_page(self) -> Page:
        return self.page_set.get(PageId.INCIDENTS)

    @property
    def history(self) -> Page:
        return self.page_set.get(PageId.HISTORY)

    # ---- menus ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The menu bar's four menus: their actions now, or (the first frame) greyed until the store is attached."""
        bar = self.menuBar()
        self.menus = [bar.addMenu(title) for title in ("&File", "&Edit", "&View", "&Help")]
        if self.store is None:
            for menu in self.menus:
                menu.menuAction().setEnabled(False)
        else:
            self._fill_menus()

    def _fill_menus(self) -> None:
        from carehome_desk.ui.main_window_menus import fill_menus

        fill_menus(self, *self.menus)
        for menu in self.menus:
            menu.menuAction().setEnabled(True)
        self._update_new_action()

    def _update_new_action(self) -> None:
        """Edit › New record (Ctrl+N) only where the page on show has something to add."""
        page = self.stack.currentWidget()
        if self.new_action is not None:
            self.new_action.setEnabled(isinstance(page, Page) and page.makes_new_records)

    # ---- homes and pages -----------------------------------------------------------------

    def _fill_homes(self, wanted: object = None) -> None:
        """List the homes in the selector, keeping ``wanted`` (or the current home) selected."""
        before = self.current_home()
        if wanted is None:
            wanted = before
        if self.store is not None:
            homes = [(int(h.id), h.name, h.urn) for h in self.store.homes.list()]
        else:
            assert self.first is not None
            homes = self.first.homes
        self.home_combo.blockSignals(True)
        self.home_combo.clear()
        for home_id, name, urn in homes:
            self.home_combo.addItem(f"{name} ({urn})", home_id)
        try:
            index = self.home_combo.findData(int(str(wanted))) if wanted is not None else -1
        except ValueError:  # a stale or hand-edited window setting
            index = -1
        self.home_combo.setCurrentIndex(max(index, 0))
        self.home_combo.blockSignals(False)
        several = len(homes) > 1
        self.home_label.setVisible(several)
        self.home_combo.setVisible(several)
        if self.current_home() != before or not self._shown_once:
            self._shown_once = True
            self._show_home()

    def current_home(self) -> HomeId | None:
        """The home every page is showing."""
        data = self.home_combo.currentData()
        return HomeId(int(data)) if data is not None else None

    def _show_home(self) -> None:
        home_id = self.current_home()
        for page in self.page_set.built():  # a page built later is given the home then
            page.set_home(home_id)

    def _home_chosen(self, _index: int) -> None:
        shown = self.dashboard.home_id
        if not self.confirm_unsaved():
            # Stay on the home being edited: put the selector back without another round trip.
            index = self.home_combo.findData(int(shown)) if shown is not None else -1
            self.home_combo.blockSignals(True)
            self.home_combo.setCurrentIndex(max(index, 0))
            self.home_combo.blockSignals(False)
            return
        self._show_home()

    def current_page(self) -> Page:
        """The page on show."""
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def _page_chosen(self, row: int) -> None:
        if row >= 0:
            page = self.page_set.at(row)
            self.stack.setCurrentIndex(row)  # a page reads its records when shown
            self._update_new_action()
            if not self.isVisible():
                page.ensure_loaded()  # no show event before the window is up

    def archive_current(self) -> None:
        from carehome_desk.ui.widgets.register_page import RegisterPage  # with the first register page

        page = self.current_page()
        if not isinstance(page, RegisterPage) or page._shown is None:
            self.statusBar().showMessage("Select a staff record, a child or an incident first: that is what can be "
                                         "archived.", 8000)
            return
        page.archive_shown()

    def save_current(self) -> None:
        """Ctrl+S: save the current page's edits."""
        self.current_page().save()

    def broadcast(self, changes: Changes) -> None:
        """Tell every page what a write changed."""
        self.data_changed.emit(changes)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(Register.HOMES):
            self._fill_homes()
        self.window_lock.on_changes(changes)

    def lock(self) -> bool:
        """Ctrl+L: hide every page behind the lock screen (only for a database with a password)."""
        return self.window_lock.lock()

    def show_person(self, staff_id: int, tab: str) -> None:
        """Open a person's record on the Staff page (asked for by the matrix or the vetting summary)."""
        self.nav.setCurrentRow(self.page_set.row(PageId.STAFF))
        self.staff_page.show_person(StaffId(staff_id), tab)  # type: ignore[attr-defined]

    def show_incident(self, incident_id: int) -> None:
        """Open an incident on the Incidents page (asked for by a child's chronology)."""
        self.nav.setCurrentRow(self.page_set.row(PageId.INCIDENTS))
        self.incidents_page.show_incident(IncidentId(incident_id))  # type: ignore[attr-defined]

    def page(self, page_id: PageId) -> Page | None:
        """The page named, if this version has it."""
        return self.page_set.get(page_id) if page_id in self.page_set.ids else None

    def open_page(self, target: PageId | str, filter_key: str = "", period: Period | None = None) -> None:
        """Show a page (asked for by a dashboard tile, which names it by title), filtered by the tile's key over
        the dashboard's ``period`` when it gives one."""
        if not self.attached:  # a first-frame tile clicked before the store is open: done as soon as it is
            self._after_attach.append(lambda: self.open_page(target, filter_key, period))
            return
        page = self.page(PageId(target)) if target in PageId.__members__.values() else None
        if page is None:
            self.statusBar().showMessage(f"The {target} page is not in this version yet.", 8000)
            return
        self.nav.setCurrentRow(self.page_set.row(PageId(target)))
        if filter_key:
            page.apply_filter(filter_key, period)

    def open_record(self, area: str, subject_id: int, key: str = "") -> None:
        """Open the record behind a needs-action item: a person's tab, or the page that holds it."""
        # A guessed Level 3/5 start date is confirmed on the person's Details, not their Qualifications.
        from carehome_desk.models.qualifications import CONFIRM_KEY

        tab = "details" if key == CONFIRM_KEY else STAFF_TABS.get(area)
        if tab is not None:
            self.show_person(subject_id, tab)
            return
        page_id = RECORD_PAGES.get(area)
        page = self.page(page_id) if page_id is not None else None
        if page is None:
            self.statusBar().showMessage(f"There is no page for {area} records in this version yet.", 8000)
            return
        self.nav.setCurrentRow(self.page_set.row(page.page_id or PageId.DASHBOARD))
        page.show_record(subject_id, key)

    def select_home(self, home_id: HomeId) -> None:
        """Show a given home (after adding one, for instance)."""
        index = self.home_combo.findData(int(home_id))
        if index >= 0:
            self.home_combo.setCurrentIndex(index)

    def restore_from_backup(self, path: Path) -> None:
        """The read-only banner's offer: File → Restore from backup… with that backup chosen."""
        self.restore_requested.emit(path)

    # ---- closing -------------------------------------------------------------------------

    def confirm_unsaved(self) -> bool:
        """Ask what to do with every page's unsaved edits (one question naming each); False means stay."""
        from carehome_desk.ui.unsaved_pages import confirm_unsaved

        return confirm_unsaved(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not self._screen_watched:  # moved to another screen: fit that one
            self._screen_watched = True
            handle.screenChanged.connect(lambda _screen: fit_to_screen(self))
        fit_to_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if not self.confirm_unsaved():
            event.ignore()
            return
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/page", self.nav.currentRow())
        home_id = self.current_home()
        if home_id is not None:
            self.settings.setValue("main/home", int(home_id))
        self.settings.sync()
        self.about_to_close.emit()
        self.window_lock.stop()
        self.dashboard.shutdown()  # its worker may be reading: let it finish before the store closes
        for page in self.page_set.built():
            if page is not self.dashboard and hasattr(page, "shutdown"):
                page.shutdown()  # the audit trail check may be reading too
        event.accept()

    # ---- help ----------------------------------------------------------------------------

    def export_calendar(self) -> None:
        from carehome_desk.ui.exports.calendar_export import export_calendar  # icalendar: only when asked

        export_calendar(self, self.store)
