"""One criterion of a self-evaluation: what good looks like, the manager's grade and words, and linked evidence."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.calendar_math import months_back_start
from carehome_desk.models.dates import format_uk
from carehome_desk.models.evaluation import CriterionEntry, EvidenceLink
from carehome_desk.models.framework import Criterion
from carehome_desk.models.status import Status
from carehome_desk.ui.quality.evidence_link_dialog import link_tooltip
from carehome_desk.ui.widgets.field_form import FieldForm, FormScrollArea
from carehome_desk.ui.quality.quality_common import combo_grade, grade_combo, set_combo_grade
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS, STATUS_TINTS
from carehome_desk.ui.widgets.style import heading, role_label


def _text_box(name: str, lines: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class CriterionEditor(QWidget):
    """Edits one CriterionEntry; every change is reported at once so the tree and the rules keep up."""

    #: Emitted with the criterion id after any edit.
    edited = Signal(str)
    #: Asks the tab to choose a record or figure to link.
    add_link_requested = Signal(str)
    #: Asks the tab to raise an action from this criterion.
    raise_action_requested = Signal(str)

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.criterion: Criterion | None = None
        self.links: list[EvidenceLink] = []
        self.hows: dict[str, str] = {}
        self.today = today  # the store's day: links older than a year from it are marked
        self._loading = False
        self.title = heading("", size_delta=3)
        self.title.setWordWrap(True)
        self.flag = QLabel()
        self.flag.setWordWrap(True)
        self.flag.setAccessibleName("No recent evidence")
        self.flag.setStyleSheet(f"QLabel {{ background: {STATUS_TINTS[Status.MISSING]}; color: black; padding: 4px "
                                f"8px; border-left: 5px solid {STATUS_COLOURS[Status.MISSING]}; border-radius: 3px; }}")
        self.good = QLabel()
        self.good.setWordWrap(True)
        self.good.setAccessibleName("What good looks like")
        self.good.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.areas = role_label("", "hint")
        good_box = QGroupBox("What good looks like (SCCIF, in our words)")
        good_layout = QVBoxLayout(good_box)
        good_layout.addWidget(self.good)
        good_layout.addWidget(self.areas)

        self.grade = grade_combo("Your grade")
        self.strengths = _text_box("Strengths", 2, "What the home does well here, and the difference it makes")
        self.to_develop = _text_box("Areas to develop", 2, "What is not yet good enough, and what you will do")
        self.evidence = _text_box("Evidence", 2, "What you saw or heard: children's views, files, meetings")
        self.form = FieldForm()
        self.form.add("grade", "&Grade", self.grade)
        self.form.add("strengths", "S&trengths", self.strengths)
        self.form.add("areas_to_develop", "Areas to &develop", self.to_develop)
        self.form.add("evidence", "&Your evidence", self.evidence)

        self.link_list = QListWidget()
        self.link_list.setAccessibleName("Linked evidence")
        self.link_list.setWordWrap(True)
        self.link_list.setMinimumHeight(self.link_list.fontMetrics().lineSpacing() * 4 + 12)
        self.link_list.currentRowChanged.connect(lambda _r: self._enable())
        self.add_link = QPushButton("Lin&k evidence…")
        self.add_link.setToolTip("Link a figure from the records, an incident, a staff record, a Reg 44 or Reg 45 "
                                 "report, an inspection or an action")
        self.add_link.clicked.connect(lambda: self._ask(self.add_link_requested))
        self.remove_link = QPushButton("Re&move link")
        self.remove_link.clicked.connect(self.remove_selected_link)
        self.raise_action = QPushButton("Raise &action…")
        self.raise_action.setToolTip("Add an action to the action plan from this criterion")
        self.raise_action.clicked.connect(lambda: self._ask(self.raise_action_requested))
        link_buttons = QHBoxLayout()
        link_buttons.addWidget(self.add_link)
        link_buttons.addWidget(self.remove_link)
        link_buttons.addStretch(1)
        links_box = QGroupBox("Linked evidence (hover over a figure to see how it is counted)")
        links_layout = QVBoxLayout(links_box)
        links_layout.addWidget(self.link_list)
        links_layout.addLayout(link_buttons)

        inner = QWidget()
        column = QVBoxLayout(inner)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.raise_action, 0, Qt.AlignmentFlag.AlignTop)  # in view without scrolling
        column.addLayout(title_row)
        column.addWidget(self.flag)
        column.addWidget(good_box)
        column.addLayout(self.form.layout)
        column.addWidget(links_box)
        column.addStretch(1)
        scroll = FormScrollArea(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.grade.currentIndexChanged.connect(self._changed)
        for box in (self.strengths, self.to_develop, self.evidence):
            box.textChanged.connect(self._changed)
        self.show_criterion(None, CriterionEntry(), False)

    def _ask(self, signal: SignalInstance) -> None:
        if self.criterion is not None:
            signal.emit(self.criterion.id)

    def show_criterion(self, criterion: Criterion | None, entry: CriterionEntry, unevidenced: bool,
                       hows: dict[str, str] | None = None, today: date | None = None) -> None:
        """Show a criterion and the manager's entry for it (no edited signal)."""
        self.criterion = criterion
        self.hows = hows or {}
        self.today = today or self.today
        self._loading = True
        try:
            self.title.setText(f"{criterion.id} {criterion.title}" if criterion else
                               "Select a criterion on the left")
            self.good.setText(criterion.good if criterion else "")
            self.areas.setText("Evidence areas: " + "; ".join(criterion.evidence_areas)
                               if criterion and criterion.evidence_areas else "")
            set_combo_grade(self.grade, entry.grade)
            self.strengths.setPlainText(entry.strengths)
            self.to_develop.setPlainText(entry.areas_to_develop)
            self.evidence.setPlainText(entry.evidence)
            self.links = list(entry.links)
            self._fill_links()
        finally:
            self._loading = False
        self.set_flag(unevidenced)
        for widget in (self.grade, self.strengths, self.to_develop, self.evidence, self.add_link, self.raise_action):
            widget.setEnabled(criterion is not None)
        self._enable()

    def set_flag(self, unevidenced: bool) -> None:
        """Show or hide the 'no recent evidence' flag."""
        self.flag.setText("⚠ No evidence in the last 12 months. Link a record or a figure, or note what you saw "
                          "(notes count only while the evaluation is recent).")
        self.flag.setVisible(unevidenced and self.criterion is not None)

    def _fill_links(self) -> None:
        self.link_list.clear()
        old = months_back_start(self.today, 12)  # older than the last 12 months, as the flag counts them
        for link in self.links:
            stale = link.dated is not None and link.dated < old
            text = link.shown + (f" — {format_uk(link.dated)}" if link.dated and link.kind.value != "metric" else "")
            item = QListWidgetItem(text + (" (older than 12 months)" if stale else ""))
            item.setToolTip(link_tooltip(link, self.hows))
            self.link_list.addItem(item)
        if not self.links:
            item = QListWidgetItem("No linked evidence yet: click Link evidence…")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.link_list.addItem(item)

    def _enable(self) -> None:
        row = self.link_list.currentRow()
        self.remove_link.setEnabled(self.criterion is not None and 0 <= row < len(self.links))

    def entry(self) -> CriterionEntry:
        """The entry as on screen."""
        return CriterionEntry(grade=combo_grade(self.grade), strengths=self.strengths.toPlainText().strip(),
                              areas_to_develop=self.to_develop.toPlainText().strip(),
                              evidence=self.evidence.toPlainText().strip(), links=tuple(self.links))

    def add(self, link: EvidenceLink) -> None:
        """Link a record or figure (once)."""
        if any((existing.kind, existing.ref) == (link.kind, link.ref) for existing in self.links):
            self.links = [link if (e.kind, e.ref) == (link.kind, link.ref) else e for e in self.links]
        else:
            self.links.append(link)
        self._fill_links()
        self.link_list.setCurrentRow(len(self.links) - 1)
        self._changed()

    def remove_selected_link(self) -> None:
        """Unlink the selected record or figure."""
        row = self.link_list.currentRow()
        if 0 <= row < len(self.links):
            del self.links[row]
            self._fill_links()
            self._changed()

    def _changed(self, *_args: object) -> None:
        if not self._loading and self.criterion is not None:
            self.edited.emit(self.criterion.id)

