"""Unexpected errors: a short apology, what was kept safe, and 'copy details' for support."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from carehome_desk.app_log import traceback_for_log
from carehome_desk.paths import log_dir

log = logging.getLogger("carehome_desk")
_open_boxes: list[QMessageBox] = []  # keeps parentless boxes alive until they are closed


def show_unexpected_error(details: str, parent: QWidget | None = None) -> QMessageBox:
    """Build (and show, non-blocking) the apology box; the trace is in the log (without record content)."""
    from PySide6.QtCore import Qt  # not before the first paint (widgets/first_paint.py)

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Sorry, something went wrong")
    box.setText("Sorry — carehome-desk hit a problem it did not expect.")
    box.setInformativeText(
        "Everything you had already saved is safe in the database. Edits not yet saved are still "
        f"on screen where possible. The details are in the log file in {log_dir()}."
    )
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.setDetailedText(details)

    def _copy() -> None:
        QApplication.clipboard().setText(details)

    copy.clicked.connect(_copy)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.append(box)
    box.finished.connect(lambda _code: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()
    return box


def install_excepthook() -> None:
    """Route uncaught exceptions in Qt slots to the log and the apology box, not a crash."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("Unexpected error\n%s", traceback_for_log(value))  # the screen has the messages too
        if QApplication.instance() is not None:
            show_unexpected_error(details, QApplication.activeWindow())

    sys.excepthook = hook
