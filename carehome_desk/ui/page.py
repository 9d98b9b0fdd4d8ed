"""What every page in the main window's stack offers the shell."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store


class Page(QWidget):
    """A page: shows one area for the current home and reloads when its registers change."""

    title = "Page"
    #: Emitted with a Changes value after this page saved something; the window broadcasts it.
    changed = Signal(object)
    #: Emitted with a short message for the status bar.
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.home_id: HomeId | None = None

    def set_home(self, home_id: HomeId | None) -> None:
        """Show this home's records."""
        self.home_id = home_id
        self.reload()

    def reload(self) -> None:
        """Read the page's records again from the store."""

    def on_changes(self, changes: Changes) -> None:
        """A write happened somewhere; reload if it touched this page's registers."""

    def has_unsaved_changes(self) -> bool:
        """True when the page holds edits not yet saved."""
        return False

    def save(self) -> bool:
        """Save pending edits; False if they could not be saved (and the page says why)."""
        return True

    def discard(self) -> None:
        """Throw away pending edits."""

    def focus_filter(self) -> None:
        """Ctrl+F: put the cursor in the page's filter box, if it has one."""

    def new_record(self) -> None:
        """Ctrl+N: start a new record, if the page has records to add."""
