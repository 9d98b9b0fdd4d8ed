"""File → Open database… and Back up now…: the application controller's simple requests (Connect to a
server… is ``server_connect``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from carehome_desk.paths import data_dir
from carehome_desk.store.errors import StoreError

if TYPE_CHECKING:
    from carehome_desk.store import Store
    from carehome_desk.ui.main_window import MainWindow


class FileRequests:
    """Menu requests that open another database or copy this one (the controller provides ``open``)."""

    store: Store | None
    window: MainWindow | None

    def open(self, target: str | Path, *, password: str | None = None) -> bool:
        raise NotImplementedError

    def open_requested(self) -> None:
        """File → Open database…"""
        from PySide6.QtWidgets import QFileDialog  # its type's first use makes its enums: not before the first paint

        start = str(self.store.path.parent) if self.store and self.store.path else str(data_dir())
        name, _ = QFileDialog.getOpenFileName(self.window, "Open a carehome-desk database", start,
                                              "carehome-desk databases (*.sqlite3 *.sqlite *.db);;All files (*)")
        if name:
            self.open(Path(name))

    def backup_requested(self) -> None:
        """File → Back up now…"""
        from PySide6.QtWidgets import QFileDialog

        from carehome_desk.store.auto_backup import backup_file_name, backups_folder

        assert self.store is not None and self.window is not None
        if self.store.path is None:
            QMessageBox.information(self.window, "Back up", "This database is on a server: whoever runs it backs it "
                                    "up as its owner with 'carehome-desk backup' (pg_dump) on a schedule.")
            return
        suggested = backups_folder(self.store.path) / backup_file_name(self.store.path, self.store.now())
        name, _ = QFileDialog.getSaveFileName(self.window, "Back up the database to…", str(suggested),
                                              "carehome-desk databases (*.sqlite3)")
        if not name:
            return
        try:
            self.store.backup(Path(name))  # checked before it is called good; a protected one's copy is encrypted
        except StoreError as exc:
            QMessageBox.warning(self.window, "Backup failed", str(exc))
            return
        self.window.statusBar().showMessage(f"Backed up to {name}; the copy passed a full integrity check.", 10000)
