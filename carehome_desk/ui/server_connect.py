"""File → Connect to a server…, for the app's controller: the form, then the server's database in a new window.

The password typed in the form goes into the address handed to the store and nowhere else: the
words shown when a connection fails and the log line both use the address without it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:  # the store (and SQLAlchemy) load when a server is asked for, not with the first window
    from carehome_desk.store import Store
    from carehome_desk.store.server_address import ServerAddress
    from carehome_desk.store.writer_lock import WriterLock
    from carehome_desk.ui.main_window import MainWindow

log = logging.getLogger("carehome_desk")


class ServerConnect:
    """The controller's server connection: mixed into AppController, which owns the window and the store."""

    window: MainWindow | None

    def _close_current(self, *, keep_lock: bool = False, backup: bool = True) -> None:
        raise NotImplementedError

    def _show(self, store: Store, lock: WriterLock | None) -> None:
        raise NotImplementedError

    def connect_requested(self) -> None:
        """File → Connect to a server…: the server's details in a small form that builds the address."""
        from carehome_desk.ui.settings.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self.open_server, self.window)
        dialog.exec()
        dialog.deleteLater()

    def connect_to(self, address: str) -> bool:
        """Open the server database at a whole ``address``; a file's path or a mistyped address is refused plainly."""
        from carehome_desk.store.server_address import parse_address

        try:
            problem = self.open_server(parse_address(address))
        except ValueError as exc:
            problem = str(exc)
        if problem is not None:
            QMessageBox.critical(self.window, "Could not connect", problem)
        return problem is None

    def open_server(self, address: ServerAddress) -> str | None:
        """Open the database at ``address`` in a new window: None once open, else why not, in words."""
        from sqlalchemy.exc import SQLAlchemyError

        from carehome_desk.store import Store, StoreError
        from carehome_desk.store.integrity import window_check
        from carehome_desk.store.server_address import connect_problem

        if self.window is not None and not self.window.confirm_unsaved():
            return "Nothing was opened: the changes not yet saved here are still open."
        try:
            opened = Store.open(address.url(), check=window_check(None))
        except (StoreError, OSError, SQLAlchemyError) as exc:
            log.info("Could not connect to %s (%s)", address.shown(), type(exc).__name__)
            return connect_problem(exc, address)
        self._close_current()
        self._show(opened, None)
        return None
