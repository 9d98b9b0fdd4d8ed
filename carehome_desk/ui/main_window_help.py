"""The main window's rarer menu commands (imports, the lost recovery key, Help): their modules load when asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from carehome_desk import __version__

if TYPE_CHECKING:
    from carehome_desk.ui.main_window import MainWindow


def import_dialog(window: MainWindow) -> None:
    """File → Import from a spreadsheet… (its module and the store's import code load when asked for)."""
    from carehome_desk.ui.exports.import_dialog import open_import_dialog

    open_import_dialog(window)


def own_import_dialog(window: MainWindow) -> None:
    """File → Import from my own spreadsheet…"""
    from carehome_desk.ui.exports.own_import_dialog import open_own_import_dialog

    open_own_import_dialog(window)


def new_recovery_key(window: MainWindow) -> None:
    """File → New recovery key…"""
    from carehome_desk.ui.settings.new_recovery_key_dialog import replace_lost_recovery_key

    store = window.store
    assert store.path is not None
    home_id = window.current_home()
    home = store.homes.get(home_id) if home_id is not None else None
    if replace_lost_recovery_key(store.path, home.name if home else "", window):
        window.statusBar().showMessage("A new recovery key was made; the old one no longer opens these records.",
                                       10000)


def show_where(window: MainWindow) -> None:
    """Help → Where is my data?"""
    from carehome_desk.paths import data_dir, log_dir

    QMessageBox.information(
        window, "Where is my data?",
        f"Database: {window.store.describe()}\nData folder: {data_dir()}\nLog files: {log_dir()}\n\n"
        "Back up with File → Back up now…, or copy the database file while carehome-desk is closed.",
    )


def about(window: MainWindow) -> None:
    """Help → About carehome-desk"""
    QMessageBox.about(
        window, "About carehome-desk",
        f"carehome-desk {__version__}\n\nRecords and Ofsted evidence packs for children's homes in "
        "England. Regulations cited are the Children's Homes (England) Regulations 2015 and the "
        "DfE Guide; practice values are your own policy settings, not law.",
    )
