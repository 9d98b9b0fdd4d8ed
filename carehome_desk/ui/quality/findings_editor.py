"""Rows for an inspection's requirements (a regulation and a compliance date) and recommendations (a Guide paragraph)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from carehome_desk.models.dates import DateFormatError
from carehome_desk.models.quality import Finding
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.style import role_label, set_invalid

REQUIREMENT, RECOMMENDATION = "Requirement", "Recommendation"
#: What Ofsted said: as long as the one-line box it replaced allowed.
MAX_TEXT = 1000
#: Lines of what Ofsted said in view before the box scrolls.
TEXT_LINES = 4
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindingText(QPlainTextEdit):
    """What Ofsted said: several lines in view, wrapped. Enter starts a new line; Ctrl+Enter presses the
    dialog's default button (Save), as Enter does in its one-line boxes; Tab moves on rather than typing a tab."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * TEXT_LINES + 14)
        self.setText(text)

    def text(self) -> str:
        """The words typed (as a one-line box would give them)."""
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - as QLineEdit names it
        """Show ``text``, from its start."""
        self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in _ENTER and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dialog = self.window()
            default = next((b for b in dialog.findChildren(QPushButton) if b.isDefault() and b.isVisible()), None)
            if isinstance(dialog, QDialog) and default is not None and default.isEnabled():
                default.click()
                return
        super().keyPressEvent(event)


@dataclass
class FindingRow:
    """The boxes of one finding."""

    kind: QComboBox
    text: FindingText
    regulation: QLineEdit
    due: DateField
    remove: QPushButton

    def widgets(self) -> list[QWidget]:
        """Left to right."""
        return [self.kind, self.text, self.regulation, self.due, self.remove]

    def is_blank(self) -> bool:
        """Nothing typed in the row."""
        return not (self.text.text().strip() or self.regulation.text().strip() or self.due.text().strip())


class FindingsEditor(QWidget):
    """One row per finding: kind, what Ofsted said, its regulation or Guide paragraph, and the compliance date."""

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today
        self.rows: list[FindingRow] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        for column, text in enumerate(("Kind", "What Ofsted said", "Regulation / Guide", "Comply by")):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        self.add_requirement = QPushButton("Add re&quirement")
        self.add_requirement.clicked.connect(lambda: self.add_row(Finding("", True)).text.setFocus())
        self.add_recommendation = QPushButton("Add recommendat&ion")
        self.add_recommendation.clicked.connect(lambda: self.add_row(Finding("", False)).text.setFocus())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_requirement)
        buttons.addWidget(self.add_recommendation)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)
        layout.addWidget(role_label("A requirement cites the regulation breached and has a compliance date; a "
                                    "recommendation cites a paragraph of the Guide to the Children's Homes "
                                    "Regulations.", "hint"))

    def set_findings(self, findings: tuple[Finding, ...]) -> None:
        """Show an inspection's findings."""
        for row in list(self.rows):
            self._remove(row)
        for finding in findings:
            self.add_row(finding)

    def add_row(self, finding: Finding) -> FindingRow:
        """Add a row for a finding (blank for a new one)."""
        kind = QComboBox()
        kind.addItems([REQUIREMENT, RECOMMENDATION])
        kind.setCurrentIndex(0 if finding.is_requirement else 1)
        text = FindingText(finding.text)
        text.setMinimumWidth(320)
        text.setToolTip("Enter starts a new line; Ctrl+Enter saves")
        regulation = QLineEdit(finding.regulation)
        regulation.setMaxLength(100)
        regulation.setMaximumWidth(regulation.fontMetrics().horizontalAdvance("Reg 35(3)(b) and 36(1)") + 16)
        regulation.setPlaceholderText("Reg 35(3)(b)" if finding.is_requirement else "Guide 15.4")
        due = DateField(self.today)
        due.set_value(finding.due)
        remove = QPushButton("Remove")
        row = FindingRow(kind, text, regulation, due, remove)
        number = len(self.rows) + 1
        for widget, name in zip(row.widgets(), ("Kind", "What Ofsted said", "Regulation or Guide paragraph",
                                                "Comply by", "Remove"), strict=True):
            widget.setAccessibleName(f"Finding {number}: {name}")
        remove.clicked.connect(lambda: self._remove(row))
        kind.currentIndexChanged.connect(lambda i: regulation.setPlaceholderText("Reg 35(3)(b)" if i == 0
                                                                                 else "Guide 15.4"))
        self.rows.append(row)
        self._layout_rows()
        QTimer.singleShot(0, self, self._fit_window)  # once the new row's size has reached the dialog's layout
        return row

    def _fit_window(self) -> None:
        """Grow the open dialog to hold a new row, so its box does not lie over the buttons below.

        A dialog given a minimum width is not held to its layout's minimum height, so Qt would not grow it.
        """
        window = self.window()
        layout = window.layout()
        if window is self or layout is None or not window.isVisible():
            return  # a dialog not yet shown is sized for all its rows when it opens
        layout.activate()
        need = window.sizeHint().height()
        screen = window.screen()
        if screen is not None:
            need = min(need, screen.availableGeometry().height())
        if window.height() < need:
            window.resize(window.width(), need)

    def _remove(self, row: FindingRow) -> None:
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._layout_rows()

    def _layout_rows(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                if column == 1:  # the text takes the spare width; the rest keep their natural size
                    self.grid.addWidget(widget, number, column)
                else:  # level with the first line of what Ofsted said
                    self.grid.addWidget(widget, number, column,
                                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def findings(self) -> tuple[tuple[Finding, ...], list[str]]:
        """The findings typed (blank rows left out), and a sentence for each row that is not right."""
        out: list[Finding] = []
        problems: list[str] = []
        for number, row in enumerate(self.rows, start=1):
            for box in (row.text, row.regulation, row.due.line):
                set_invalid(box, False)
            if row.is_blank():
                continue
            is_requirement = row.kind.currentIndex() == 0
            name = f"{REQUIREMENT if is_requirement else RECOMMENDATION} {number}"
            text = " ".join(row.text.text().split())
            if not text:
                problems.append(f"{name}: say what Ofsted asked for.")
                set_invalid(row.text, True)
            elif len(text) > MAX_TEXT:
                problems.append(f"{name}: what Ofsted said is {len(text)} characters; keep it to {MAX_TEXT} "
                                "(the report holds the rest).")
                set_invalid(row.text, True)
            if is_requirement and not row.regulation.text().strip():
                problems.append(f"{name}: give the regulation it cites.")
                set_invalid(row.regulation, True)
            try:
                due = row.due.value()
            except DateFormatError as exc:
                problems.append(f"{name}: {exc}")
                set_invalid(row.due.line, True)
                due = None
            out.append(Finding(text, is_requirement, row.regulation.text().strip(), due))
        return tuple(out), problems
