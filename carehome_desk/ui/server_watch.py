"""Keeps an open window up to date with saves made on other PCs sharing one server database."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.exc import SQLAlchemyError

from carehome_desk.store import Store
from carehome_desk.store.watch import ChangeWatcher

log = logging.getLogger(__name__)

#: How often to ask the server (ms): a save elsewhere shows here within about a second.
INTERVAL_MS = 750


class ServerWatch(QObject):
    """Polls a server database's change counter and emits ``changed`` with what another PC saved.

    Started only for a server database: a database file has one window by design (the writer lock).
    The poll is one indexed query returning a few rows, cheap enough for the GUI thread's timer.
    """

    changed = Signal(object)

    def __init__(self, store: Store, parent: QObject):
        super().__init__(parent)
        self.watcher: ChangeWatcher | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.poll)
        if store.path is None:
            self.watcher = ChangeWatcher(store)
            self.timer.start()

    def poll(self) -> None:
        """Ask once; a server that cannot be reached is logged and asked again next time."""
        if self.watcher is None:
            return
        try:
            changes = self.watcher.poll()
        except SQLAlchemyError as exc:
            log.warning("Could not ask the server for changes: %s", exc.__class__.__name__)
            return
        if changes:
            self.changed.emit(changes)
