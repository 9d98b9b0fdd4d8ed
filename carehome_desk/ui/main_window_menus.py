"""The main window's menu actions: made with the window, or for the first frame once the store is attached.

The first frame (app_first_frame.py) shows the menu bar's four titles greyed, as every action is until
the store is open; making the 30 actions, their shortcuts and this module waits for that moment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from carehome_desk.ui import main_window_help

if TYPE_CHECKING:
    from carehome_desk.ui.main_window import MainWindow


def _action(window: MainWindow, menu: QMenu, text: str, slot: Callable[..., object],
            shortcut: str | QKeySequence.StandardKey | None = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def with_access_key(title: str, used: set[str]) -> str:
    """The title with an Alt+ letter not in ``used`` (which it joins): a word's first letter if one is free, else
    any letter of it ('Dashboard' → '&Dashboard'; 'Change history' after C and H → 'Ch&ange history')."""
    starts = [i for i, ch in enumerate(title) if ch.isalpha() and (i == 0 or title[i - 1] == " ")]
    rest = [i for i, ch in enumerate(title) if ch.isalpha() and i not in starts]
    for i in starts + rest:
        if title[i].lower() not in used:
            used.add(title[i].lower())
            return f"{title[:i]}&{title[i:]}"
    return title


def fill_menus(window: MainWindow, file: QMenu, edit: QMenu, view: QMenu, help_menu: QMenu) -> None:
    """Every action of the four menus, for the window's store (a demo's, a password's or neither)."""
    _action(
        window, file, "&Set up my own home…" if window.is_demo else "&Add another home…", window.setup_requested.emit,
        tip="Create a home with its name, URN and manager")
    _action(window, file, "&Open database…", window.open_requested.emit, QKeySequence.StandardKey.Open)
    _action(window, file, "Connect to a ser&ver…", window.connect_requested.emit,
            tip="Open the records a group of homes keeps on a PostgreSQL server")
    store = window.store
    if not window.is_demo and store.path is not None:
        _action(window, file, "Change pass&word…" if store.protected else "Set a pass&word…",
                window.password_requested.emit, tip="The password that encrypts the records and unlocks the window")
        if store.protected:
            _action(window, file, "New recovery &key…", lambda: main_window_help.new_recovery_key(window),
                    tip="Replace a lost printed recovery key: the old one stops working")
    _action(window, file, "&Lock", window.lock, "Ctrl+L",
            tip="Hide the records until the password is typed again")
    _action(window, file, "&Back up now…", window.backup_requested.emit, "Ctrl+Shift+B",
            tip="Save a consistent copy of the database (safe while you work)")
    _action(window, file, "&Restore from backup…", lambda: window.restore_requested.emit(None),
            tip="Put a backup back in place; the current records are kept beside it first")
    _action(window, file, "Export deadlines to &calendar (.ics)…", window.export_calendar,
            tip="Every future statutory and policy deadline as calendar events, for Outlook")
    _action(window, file, "&Import from a spreadsheet…", lambda: main_window_help.import_dialog(window), "Ctrl+I",
            tip="Read staff, training, children or incidents from an Excel workbook; checked before saving")
    _action(window, file, "Import from &my own spreadsheet…", lambda: main_window_help.own_import_dialog(window),
            "Ctrl+Shift+I",
            tip="Your own training matrix, staff list or incident log, in its own columns: mapped, checked, then saved")
    file.addSeparator()
    _action(window, file, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    _action(window, edit, "&Save", window.save_current, QKeySequence.StandardKey.Save)
    _action(window, edit, "&Revert unsaved changes", lambda: window.current_page().revert(),
            tip="Throw away unsaved edits on this page (it asks first)")
    edit.addSeparator()
    window.new_action = _action(window, edit, "&New record", lambda: window.current_page().new_record(),
                                QKeySequence.StandardKey.New, tip="Start a new record on this page")
    _action(window, edit, "&Find", lambda: window.current_page().focus_filter(), QKeySequence.StandardKey.Find)
    edit.addSeparator()
    _action(window, edit, "&Archive this record…", window.archive_current,
            tip="A staff record, child's entry or incident entered in error: kept, marked and audited")

    used: set[str] = set()
    for number, title in enumerate(window.page_set.titles, start=1):  # Ctrl+1 … Ctrl+9, then Ctrl+0
        _action(window, view, with_access_key(title, used), lambda _=False, row=number - 1: window.nav.setCurrentRow(row),
                f"Ctrl+{number % 10}" if number <= 10 else None)

    _action(window, help_menu, "&Where is my data?", lambda: main_window_help.show_where(window))
    _action(window, help_menu, "&About carehome-desk", lambda: main_window_help.about(window))
