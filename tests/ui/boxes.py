"""Answering the app's modal question boxes from a test, as a manager would with a key or a click."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def answer_next_box(button_text: str | None) -> list[str]:
    """Answer the next modal box: press its button with this text, or Escape when None; returns its text."""
    seen: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        if button_text is None:
            box.keyPressEvent(_escape())
        else:
            next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()
    QTimer.singleShot(0, press)
    return seen


def _escape():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
