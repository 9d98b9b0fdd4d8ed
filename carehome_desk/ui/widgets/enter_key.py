"""Enter on a focused button presses it, as Space does, on pages as well as in dialogs.

Qt presses a focused button on Enter only in a dialog (an "auto-default" button there); on a page
Enter did nothing, so a keyboard user who tabbed to "Add certificate…" had to know about Space.
Making page buttons auto-default instead would let some styles reserve a default-button frame
round each one and shift the layouts, so one watcher listens to whichever button has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget
from shiboken6 import isValid


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
        if event.type() != QEvent.Type.KeyPress:
            return False
        from PySide6.QtCore import Qt  # at the first key press, not before the first paint (first_paint.py)

        if (watched is self.button and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
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
    # Remembered here, not found with app.findChild or app.children(): either first uses Qt's enums, which
    # wait until after the first paint (first_paint.py).
    global _installed
    if _installed is None or not isValid(_installed) or _installed.parent() is not app:
        _installed = EnterPressesButtons(app)
    return _installed


_installed: EnterPressesButtons | None = None
