"""What every page in the main window's stack offers the shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from enum import StrEnum
from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.ids import HomeId

if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.services.evidence import Period
    from carehome_desk.store import Store

#: File → Import's menu item, named as the menu bar shows it, for the empty pages that point to it.
IMPORT_MENU = "File → Import from a spreadsheet…"


class PageId(StrEnum):
    """The main window's pages. The value is the page's navigation title, which is also how the
    Qt-free dashboard figures name the page a tile opens."""

    DASHBOARD = "Dashboard"
    STAFF = "Staff"
    TRAINING = "Training"
    CHECKS = "Recruitment checks"
    CHILDREN = "Children"
    INCIDENTS = "Incidents"
    QUALITY = "Quality"
    EVIDENCE_PACK = "Evidence pack"
    HISTORY = "Change history"
    HOME_SETTINGS = "Home settings"


class Page(QWidget):
    """A page: shows one area for the current home and reloads when its registers change."""

    #: Which page this is; each page in the window's stack sets its own.
    page_id: ClassVar[PageId | None] = None
    title = "Page"
    #: Registers whose writes make the page read its records again; pages with finer needs override on_changes.
    watches: tuple[Register, ...] = ()
    #: True on a page where Ctrl+N (Edit › New record) starts a record; the menu item is greyed on the others.
    makes_new_records: ClassVar[bool] = False
    #: Emitted with a Changes value after this page saved something; the window broadcasts it.
    changed = Signal(object)
    #: Emitted with a short message for the status bar.
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.home_id: HomeId | None = None
        # Hidden pages read nothing: the window opens at the cost of the page on show, and a save
        # re-reads only the page the manager is looking at. The rest catch up when next shown.
        self._needs_reload = True

    def set_home(self, home_id: HomeId | None) -> None:
        """Show this home's records (read now if on show, else when next shown)."""
        self.home_id = home_id
        self.refresh()

    def reload(self) -> None:
        """Read the page's records again from the store (subclasses do the reading here)."""

    def refresh(self) -> None:
        """Read again now if the page is on show; otherwise as soon as it is shown."""
        if self.isVisible():
            self._needs_reload = False
            self.reload()
        else:
            self._needs_reload = True

    def ensure_loaded(self) -> None:
        """Catch up with a change or another home now (before selecting a record on a page just opened)."""
        if self._needs_reload:
            self._needs_reload = False
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        self.ensure_loaded()

    def on_changes(self, changes: Changes) -> None:
        """A write happened somewhere; read again if it touched a register this page watches."""
        if self.watches and changes.touches(*self.watches):
            self.refresh()

    def has_unsaved_changes(self) -> bool:
        """True when the page holds edits not yet saved."""
        return False

    def unsaved_record(self) -> str:
        """What holds the unsaved edits, in the manager's words ('Jo Bloggs', 'provider policy'), for the
        question asked before closing; '' when the page's title says enough."""
        return ""

    def save(self) -> bool:
        """Save pending edits; False if they could not be saved (and the page says why)."""
        return True

    def discard(self) -> None:
        """Throw away pending edits, without asking (for code: a reload, a test's teardown)."""

    def revert(self) -> bool:
        """Edit › Revert unsaved changes: ask Discard / Keep editing first, as a Revert button does.

        True when the edits were thrown away (or there were none); False when the manager keeps editing.
        """
        from carehome_desk.ui.widgets.saving import ask_to_discard  # the forms' module, loaded with a form

        if self.has_unsaved_changes() and not ask_to_discard(
                self, f"Throw away what you have typed on the {self.title} page and show the saved version?"):
            return False
        self.discard()
        return True

    def focus_filter(self) -> None:
        """Ctrl+F: put the cursor in the page's filter box, if it has one."""

    def new_record(self) -> None:
        """Ctrl+N: start a new record, if the page has records to add (and says so in ``makes_new_records``)."""

    def apply_filter(self, key: str, period: Period | None = None) -> bool:
        """Show the records a dashboard tile stands for (``key`` is the tile's filter; ``period`` the
        dashboard's, for a page whose records have dates).

        False when the page has no such filter (the page is shown unfiltered)."""
        return False

    def show_record(self, record_id: int, key: str = "") -> bool:
        """Open one record asked for by the dashboard's needs-action list.

        ``key`` ('action:5', 'reg44:visit:2026-06') tells a page with several kinds of record which
        one, even for an item with no record yet (id 0: a visit not made). False if nothing opened."""
        return False
