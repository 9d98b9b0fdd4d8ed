"""First launch: try the demo home, or set up your own home (name, URN, manager, password)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.dates import DateFormatError
from carehome_desk.models.home import URN_HELP, HomeDetails, validate_home
from carehome_desk.models.manager_setup import MANAGER_START, validate_manager_start
from carehome_desk.store.protection import validate_new_password
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.new_password_fields import NewPasswordFields
from carehome_desk.ui.widgets.style import heading, role_label, set_invalid

DEMO = "demo"
SETUP = "setup"
#: Said wherever a password is set: there is no back door, by design.
LOST_BOTH = ("The records are encrypted with this password. You will also get a recovery key to print and keep "
             "in the office safe. If the password is forgotten and the recovery key is lost, nobody can read "
             "the records again, not even carehome-desk's makers.")


class StackPage(QWidget):
    """A page of the welcome box's stack that asks for no room while another page is shown.

    QStackedWidget sizes itself for its biggest page, wrapped text included, so the short
    welcome would keep the set-up form's height.
    """

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(0, 0) if self.isHidden() else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(0, 0) if self.isHidden() else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt naming
        return -1 if self.isHidden() else super().heightForWidth(width)


class WelcomeDialog(QDialog):
    """Choose the demo or enter the home's first details. ``choice``, ``details`` and ``password`` after exec().

    ``ask_password`` (the default) when the home goes into a new database, which is encrypted with
    it; False when a home is added to a database that is already open.
    """

    def __init__(self, today: date, parent: QWidget | None = None, *, setup_only: bool = False,
                 ask_password: bool = True):
        super().__init__(parent)
        self.setup_only = setup_only
        self.ask_password = ask_password
        self.password: str | None = None
        self.setWindowTitle("Set up a home" if setup_only else "Welcome to carehome-desk")
        self._today = today
        self.choice: str | None = None
        self.details: HomeDetails | None = None
        #: When the manager named started as registered manager here (None when no manager is named).
        self.manager_start: date | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._setup_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setMinimumWidth(520)
        self.pages.currentChanged.connect(self._page_shown)
        if setup_only:
            self.pages.setCurrentIndex(1)
        self._fit_page(self.pages.currentIndex())

    def _choose_page(self) -> QWidget:
        page = StackPage()
        self.demo_button = QPushButton("Open the &demo home")
        self.demo_button.setDefault(True)
        self.demo_button.setToolTip("A fictional home with invented staff and records, to try things out")
        self.demo_button.clicked.connect(self._choose_demo)
        self.setup_button = QPushButton("&Set up my home")
        self.setup_button.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        intro = QLabel(
            "carehome-desk keeps the records Ofsted inspects and builds the evidence pack for "
            "inspection day. Everything stays on this computer.\n\n"
            "Try the demo home first (fictional people and events), or set up your own home now. "
            "You can set up your own home later from the File menu."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.setup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Welcome"))
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def _setup_page(self) -> QWidget:
        page = StackPage()
        self.name = QLineEdit()
        self.name.setAccessibleName("Home name")
        self.urn = QLineEdit()
        self.urn.setAccessibleName("Ofsted URN")
        self.urn.setPlaceholderText("SC123456")
        self.urn.setAccessibleDescription(URN_HELP)
        self.urn.setToolTip(URN_HELP)
        self.manager = QLineEdit()
        self.manager.setAccessibleName("Registered manager")
        self.manager.setToolTip("Added to the staff register as registered manager, so their Level 5 Diploma "
                                "and recruitment checks are counted from the start. Leave blank to add them later.")
        self.manager_start = None
        self.manager_started = DateField(self._today)
        self.manager_started.set_value(self._today)
        self.manager_started.setAccessibleName("Started as registered manager on")
        self.manager_started.setAccessibleDescription(
            "Reg 28: the Level 5 Diploma is due within 3 years of starting to manage a children's home.")
        self.manager_started.setToolTip(self.manager_started.accessibleDescription())
        self.registration = DateField(self._today)
        self.registration.setAccessibleName("Registration date")
        self.registration.setToolTip("The date Ofsted registered the home: Reg 44 visits are owed for every "
                                     "month from it. Leave blank if you do not know it yet.")
        self.local_authority = QLineEdit()
        self.local_authority.setAccessibleName("Local authority")
        self.local_authority.setMaxLength(200)
        self.local_authority.setPlaceholderText("the council for the home's area")
        self.local_authority.setToolTip("The host authority: reg 40 and reg 41 notices go to it only when it is "
                                        "not the child's placing authority.")
        self.errors = {key: role_label("", "error")
                       for key in ("name", "urn", "registered_manager", MANAGER_START, "registration_date")}
        for label in self.errors.values():
            label.hide()
        # The date belongs to the manager named: with no name it is not used, so it cannot be edited.
        self.manager.textChanged.connect(self._manager_named)
        self._manager_named()
        form = QFormLayout()
        form.addRow("&Home name", self.name)
        form.addRow("", self.errors["name"])
        form.addRow("Ofsted &URN", self.urn)
        form.addRow("", self.errors["urn"])
        form.addRow("Registered &manager", self.manager)
        form.addRow("", self.errors["registered_manager"])
        form.addRow("S&tarted as registered manager on", self.manager_started)
        form.addRow("", self.errors[MANAGER_START])
        form.addRow("Re&gistration date", self.registration)
        form.addRow("", self.errors["registration_date"])
        form.addRow("&Local authority", self.local_authority)
        self.password_fields = NewPasswordFields("the records", validate=validate_new_password)
        self.password_fields.setVisible(self.ask_password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("&Create my home")
        self.back_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self._back)
        self.back_button.setText("Cancel" if self.setup_only else "&Back")
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Set up my home"))
        layout.addWidget(role_label("You can add the address, responsible individual and last inspection "
                                    "on the Home settings page afterwards.", "hint"))
        layout.addLayout(form)
        if self.ask_password:
            layout.addWidget(heading("Password", size_delta=2))
            self.lost_both = role_label(LOST_BOTH, "hint")
            self.lost_both.setWordWrap(True)
            layout.addWidget(self.lost_both)
        layout.addWidget(self.password_fields)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def _page_shown(self, index: int) -> None:
        # One default button a page: a hidden default swallowed Enter on the form, so Enter did nothing.
        self.demo_button.setDefault(index == 0)
        self.create_button.setDefault(index == 1)
        if index == 1:
            self.name.setFocus()
        self._fit_page(index)

    def _fit_page(self, _index: int) -> None:
        """The box sized to the page shown: the short welcome is not left with the set-up form's height."""
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            if page is not None:
                page.updateGeometry()
        for layout in (self.pages.layout(), self.layout()):
            if layout is not None:
                layout.invalidate()
                layout.activate()
        self.adjustSize()

    def _back(self) -> None:
        if self.setup_only:
            self.reject()
        else:
            self.pages.setCurrentIndex(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        # Esc on the form goes back to the choice rather than closing the whole welcome.
        if event.key() == Qt.Key.Key_Escape and self.pages.currentIndex() == 1 and not self.setup_only:
            self.pages.setCurrentIndex(0)
            return
        super().keyPressEvent(event)

    def _choose_demo(self) -> None:
        self.choice = DEMO
        self.accept()

    def _manager_named(self) -> None:
        named = bool(self.manager.text().strip())
        self.manager_started.setEnabled(named)
        if not named:  # a date refused earlier is no longer in question
            self.errors[MANAGER_START].hide()
            set_invalid(self.manager_started.line, False)

    def _create(self) -> None:
        problems: dict[str, str] = {}
        try:
            registered = self.registration.value()
        except DateFormatError as exc:
            registered, problems["registration_date"] = None, str(exc)
        started: date | None = None
        if self.manager.text().strip():  # the date is used only for a manager named
            try:
                started = self.manager_started.value()
            except DateFormatError as exc:
                problems[MANAGER_START] = str(exc)
        details = HomeDetails(name=self.name.text(), urn=self.urn.text(), registered_manager=self.manager.text(),
                              registration_date=registered, local_authority=self.local_authority.text())
        if MANAGER_START not in problems:  # the store's checks of the manager's staff record, too
            problems.update(validate_manager_start(details.registered_manager, started, self._today))
        problems = {**problems, **validate_home(details, self._today)}
        inputs = {"name": self.name, "urn": self.urn, "registered_manager": self.manager,
                  MANAGER_START: self.manager_started.line, "registration_date": self.registration.line}
        for key, label in self.errors.items():
            message = problems.get(key, "")
            label.setText(f"⚠ {message}" if message else "")
            label.setVisible(bool(message))
            set_invalid(inputs[key], bool(message))
        password_problem = self.password_fields.problem() if self.ask_password else None
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()
        if problems:
            inputs[next((k for k in inputs if k in problems), "name")].setFocus()
            return
        if password_problem:
            self.password_fields.password.setFocus()
            return
        self.choice = SETUP
        self.details = details.normalised()
        self.manager_start = started if self.details.registered_manager else None
        if self.ask_password:
            self.password = self.password_fields.text()
            self.password_fields.clear()  # kept no longer than needed
        self.accept()
