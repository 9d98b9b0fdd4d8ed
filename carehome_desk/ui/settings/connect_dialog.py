"""File → Connect to a server…: a small form a group's IT person can fill in, with the address built from it.

Server name, port, database, user name and password (hidden); a whole address pasted into the last
box fills the form instead. Connect tries the server there and then: on success the dialog closes,
otherwise it stays open with what went wrong and where, in words. The password is never shown,
never put in a message and never logged; the address shown leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from carehome_desk.store.server_address import DEFAULT_PORT, ServerAddress, address_problems, parse_address
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.widgets.style import role_label

#: Tries the address; returns None once it is open, otherwise what went wrong (to show in the dialog).
Connector = Callable[[ServerAddress], "str | None"]


class ConnectDialog(QDialog):
    """Ask for a server's details, build its address, and connect."""

    def __init__(self, connect: Connector, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Connect to a server")
        self.setMinimumWidth(560)
        self._connect = connect
        self.host = QLineEdit()
        self.host.setPlaceholderText("office-server or 192.168.1.20")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.database = QLineEdit("carehome")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pasted = QLineEdit()
        self.pasted.setPlaceholderText("postgresql://your-name@server-name:5432/carehome")

        form = FieldForm(QFormLayout())
        form.add("host", "&Server name", self.host, "The computer the database is on, as your IT person named it.")
        form.add("port", "P&ort", self.port, f"Usually {DEFAULT_PORT}.")
        form.add("database", "&Database", self.database)
        form.add("user", "&User name", self.user, "Your name on the server: changes are recorded under it.")
        form.add("password", "&Password", self.password, "Leave empty if the server does not ask for one.")
        form.add("pasted", "Or p&aste a whole address", self.pasted,
                 "Fills in the boxes above from an address your IT person sent.")
        self.form = form
        self.address_line = role_label("", "hint")
        self.address_line.setAccessibleName("Address to connect to")
        self.error = role_label("", "error")
        self.error.setAccessibleName("Connection problem")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("&Connect")
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(role_label("Ask whoever set up the server for these details. Your password is never "
                                    "shown or saved.", "hint"))
        layout.addLayout(form.layout)
        layout.addWidget(self.address_line)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for field in (self.host, self.database, self.user):
            field.textChanged.connect(self._update_address)
        self.port.valueChanged.connect(self._update_address)
        self.pasted.textChanged.connect(self._read_pasted)
        self._update_address()
        self.host.setFocus()

    def address(self) -> ServerAddress:
        """The address the form describes now."""
        return ServerAddress(self.host.text().strip(), self.database.text().strip(), self.user.text().strip(),
                             self.port.value(), self.password.text())

    def _update_address(self) -> None:
        address = self.address()
        complete = address.host and address.database and address.user
        self.address_line.setText(f"Connects to: {address.shown()}" if complete else
                                  "Fill in the server name, database and user name.")

    def _read_pasted(self, text: str) -> None:
        """A pasted address fills the form; the box is then emptied, so a password in it is not left on show."""
        if not text.strip():
            self.form.show_problems({}, focus=False)
            return
        try:
            address = parse_address(text)
        except ValueError as exc:
            self.form.show_problems({"pasted": str(exc)}, focus=False)
            return
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.user.setText(address.user)
        if address.password:
            self.password.setText(address.password)
        self.form.show_problems({}, focus=False)
        self.pasted.blockSignals(True)
        self.pasted.clear()
        self.pasted.blockSignals(False)
        self.address_line.setText(f"Filled in from the address you pasted. Connects to: {address.shown()}")

    def try_connect(self) -> bool:
        """Check the form, then connect; stays open (saying why) when the server cannot be reached."""
        self.error.hide()
        problems = address_problems(self.host.text(), self.database.text(), self.user.text())
        self.form.show_problems(problems)
        if problems:
            return False
        address = self.address()
        self.connect_button.setEnabled(False)
        try:
            problem = self._connect(address)
        finally:
            self.connect_button.setEnabled(True)
        if problem is not None:
            self.error.setText(f"⚠ {problem}")
            self.error.show()
            return False
        self.accept()
        return True
