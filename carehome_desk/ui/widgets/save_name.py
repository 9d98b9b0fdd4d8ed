"""Where to save a file the manager names in a Save dialog, with its ending added when it was left off.

The Save dialog asks before replacing the name it returns; but when the manager types "pack" and the app adds
".xlsx", the file written is one the dialog never asked about. Such a file that exists is asked about here
(default No), so nothing is replaced without a question.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str, suffix: str) -> Path | None:
    """The file to write (``suffix``, ".xlsx", added when the name lacks it), or None when the manager cancelled
    or would not replace the file the added ending names."""
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not name:
        return None
    if name.lower().endswith(suffix):
        return Path(name)  # the dialog asked about this very name
    path = Path(name + suffix)
    if not path.exists():
        return path
    answer = QMessageBox.question(
        parent, "Replace the file?",
        f"{path.name} already exists in {path.parent}. Replace it? What it holds now will be lost.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return path if answer == QMessageBox.StandardButton.Yes else None
