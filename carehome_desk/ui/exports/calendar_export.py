"""File → Export deadlines to calendar (.ics)…: the file dialog and the message; the core writes the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from carehome_desk.models.counted import counted
from carehome_desk.export.calendar import CalendarResult, write_calendar
from carehome_desk.store import Store, StoreError
from carehome_desk.ui.widgets.save_name import ask_save_path

FILE_NAME = "carehome-deadlines.ics"


def default_folder() -> Path:
    """The user's Documents folder (or home folder), where Outlook's import looks first."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def export_calendar(parent: QWidget, store: Store) -> CalendarResult | None:
    """Ask where, write every future deadline there as an .ics file, and say how many."""
    path = ask_save_path(parent, "Export deadlines to calendar", str(default_folder() / FILE_NAME),
                         "Calendar files (*.ics)", ".ics")
    if path is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = write_calendar(store, path, store.today())
    except StoreError as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, "Calendar not exported", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    homes = len(store.homes.list())
    which = "every home's" if homes > 1 else "the home's"
    if result.events == 0:
        text = f"There are no future deadlines to export, so {path.name} holds no events."
    else:
        text = (f"Wrote {counted(result.events, 'deadline')} ({which} future statutory and "
                f"policy deadlines) to {path}.\n\nOpen the file with Outlook or your calendar to add them; each "
                "has a reminder. The file is a copy as of today: export again after new records.")
    QMessageBox.information(parent, "Deadlines exported", text)
    return result
