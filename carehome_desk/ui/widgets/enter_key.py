"""Enter on a focused button presses it, as Space does, on pages as well as in dialogs.

Qt presses a focused button on Enter only in a dialog (an "auto-default" button there); on a page
Enter did nothing, so a keyboard user who tabbed to "Add certificate…" had to know about Space.
Making page buttons auto-default instead would let some styles reserve a default-button frame
round each one and shift the layouts, so one watcher listens to whichever button has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget
from shiboken6 import isValid

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPressesButtons(QObject):
    """Watches the focused push or tool button; Enter (or keypad Enter) clicks it."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.button: QWidget | None = None
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.button is not None and isValid(self.button):
            self.button.removeEventFilter(self)
        self.button = new if isinstance(new, QPushButton | QToolButton) else None
        if self.button is not None:
            self.button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (event.type() == QEvent.Type.KeyPress and watched is self.button and isinstance(event, QKeyEvent)
                and event.key() in _ENTER
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            button = watched
            assert isinstance(button, QPushButton | QToolButton)
            if isinstance(button, QPushButton) and (button.autoDefault() or button.isDefault()):
                return False  # a dialog's button: Qt presses it already
            if button.isEnabled():
                button.click()
            return True
        return False


def install_enter_presses_buttons(app: QApplication) -> EnterPressesButtons:
    """From now on, Enter presses the focused button anywhere in the application."""
    existing = app.findChild(EnterPressesButtons)
    return existing if existing is not None else EnterPressesButtons(app)
