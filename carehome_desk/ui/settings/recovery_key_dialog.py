"""The recovery key, shown once after a password is set: print it or write it down, then tick to go on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.ui.widgets.style import heading, role_label

KEEP_IT = ("This recovery key opens the records if the password is ever forgotten. It is shown only now. "
           "Print it or write it down, and keep it in the office safe, away from this computer. "
           "Anyone with it and a copy of the database can read the records.")


class RecoveryKeyDialog(QDialog):
    """The key in large monospace, Print… and Copy, and a tick that must be given before Continue."""

    def __init__(self, recovery_key: str, home_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Your recovery key")
        self.recovery_key = recovery_key
        self.home_name = home_name
        self.key_label = QLabel(recovery_key)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) + 8)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setWordWrap(True)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setStyleSheet("#recoveryKey { border: 1px solid palette(mid); padding: 12px; }")
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_key)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Copy the key to paste into a document you print; clear the clipboard after")
        self.copy_button.clicked.connect(self.copy_key)
        self.done_tick = QCheckBox("I have printed or written it down, and will &keep it somewhere safe")
        self.done_tick.toggled.connect(self._ticked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.continue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setText("C&ontinue")
        self.continue_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.state = role_label("", "hint")
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.copy_button)
        row.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Your recovery key"))
        intro = QLabel(KEEP_IT)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addLayout(row)
        layout.addWidget(self.done_tick)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)

    def _ticked(self, on: bool) -> None:
        self.continue_button.setEnabled(on)
        if on:
            self.continue_button.setDefault(True)

    def reject(self) -> None:
        # Esc or the close button would lose the only sight of the key: Continue needs the tick.
        if self.done_tick.isChecked():
            super().reject()
            return
        self.state.setText("Tick the box once the key is printed or written down.")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)

    def copy_key(self) -> None:
        """Put the key on the clipboard."""
        QGuiApplication.clipboard().setText(self.recovery_key)
        self.state.setText("Copied. Paste it into a document to print, then delete that document.")

    def page_html(self) -> str:
        """What Print… puts on paper."""
        home = f" for {self.home_name}" if self.home_name else ""
        return (f"<h2>carehome-desk recovery key{home}</h2>"
                f"<p style='font-family: monospace; font-size: 20pt'><b>{self.recovery_key}</b></p>"
                f"<p>{KEEP_IT}</p><p>To use it: start carehome-desk, choose 'Use the recovery key instead', "
                "type the key and choose a new password.</p>")

    def print_key(self) -> None:
        """Print… through the system's print dialog (PDF printers included)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setDefaultFont(QFont(self.font()))
        document.setHtml(self.page_html())
        document.print_(printer)
        self.state.setText("Sent to the printer.")
