"""Watching for an idle window: no key, mouse or touch anywhere in the application for a number of minutes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

#: Events that count as someone using the window (anywhere in the application).
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class IdleWatch(QObject):
    """Emits ``idle`` after ``minutes`` with no key, mouse or touch event anywhere in the application.

    An application-wide event filter restarts a single-shot timer; 0 minutes means never (and no filter:
    every event the application handles would pass through it for nothing).
    """

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        self._filtering = False
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        """Change the idle time (a policy change); 0 stops watching."""
        self.minutes = minutes
        if minutes > 0:
            self.timer.setInterval(minutes * 60_000)
            self.timer.start()
        else:
            self.timer.stop()
        self._filter(minutes > 0)

    def _filter(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        self._filtering = on
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def pause(self) -> None:
        """Stop counting (while locked)."""
        self.timer.stop()

    def resume(self) -> None:
        """Count again from now."""
        if self.minutes > 0:
            self.timer.start()

    def stop(self) -> None:
        """No more watching (the window is closing)."""
        self.timer.stop()
        self._filter(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()  # restart: someone is here
        return False
