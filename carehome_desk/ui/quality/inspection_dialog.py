"""Add or edit an Ofsted inspection: date, type, judgements in Ofsted's words (or the outcome), and findings → actions."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.home import Judgement
from carehome_desk.models.ids import HomeId
from carehome_desk.models.quality import ASSURANCE_OUTCOMES, Inspection, InspectionKind, inspection_follow_up
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import RecordDialog, read_date
from carehome_desk.ui.quality.findings_editor import FindingsEditor
from carehome_desk.ui.quality.quality_common import combo_grade, grade_combo, set_combo_grade, slack_at_bottom


class InspectionDialog(RecordDialog):
    """One inspection; each requirement and recommendation becomes an action for the registered manager."""

    def __init__(self, store: Store, home_id: HomeId, owner: str, inspection: Inspection | None = None,
                 parent: QWidget | None = None):
        super().__init__("Edit inspection" if inspection else "New inspection",
                         "Record the inspection as Ofsted's report gives it. Each requirement and recommendation "
                         "becomes an action on the action plan, due by its compliance date (or in three months).",
                         parent)
        self.store = store
        self.home_id = home_id
        self.owner = owner
        self.inspection = inspection
        self.saved: Inspection | None = None
        self.new_actions = 0
        today = store.today()
        self.inspected = DateField(today)
        self.kind = QComboBox()
        for kind in InspectionKind:
            self.kind.addItem(kind.label, kind.value)
        self.grades = {j: grade_combo(j.label, "Not recorded") for j in Judgement}
        self.outcome = QComboBox()
        self.outcome.addItem("Not recorded", "")
        for text in ASSURANCE_OUTCOMES:
            self.outcome.addItem(f"The setting {text}", text)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.note.setPlaceholderText("e.g. compliance notice served; improvement seen")
        self.findings = FindingsEditor(today)
        self.fields.add("inspected_on", "&Date", self.inspected)
        self.fields.add("kind", "&Type", self.kind)
        for judgement in (Judgement.OVERALL, Judgement.HELPED_PROTECTED, Judgement.LEADERSHIP):
            self.fields.add(f"grade_{judgement.value}", judgement.label, self.grades[judgement])
        self.fields.add("assurance_outcome", "&Outcome", self.outcome)
        self.fields.add("monitoring_outcome", "Out&come", self.note)
        findings_box = QGroupBox("Findings: requirements and recommendations")
        QVBoxLayout(findings_box).addWidget(self.findings)
        # Full width under the form, so what Ofsted said can be read; problems show just below it.
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.general), findings_box)
        self.tab_after_fields = [self.findings]
        i = inspection
        self.inspected.set_value(i.inspected_on if i else None)
        self.kind.setCurrentIndex(self.kind.findData((i.kind if i else InspectionKind.FULL).value))
        for judgement, combo in self.grades.items():
            set_combo_grade(combo, i.judgements.get(judgement) if i else None)
        if i is not None and i.kind is InspectionKind.ASSURANCE:
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(i.assurance_outcome)))
        elif i is not None:
            self.note.setText(i.assurance_outcome)
        self.findings.set_findings(i.findings if i else ())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.setMinimumWidth(980)
        slack_at_bottom(self, self.buttons)
        self.inspected.setFocus()

    def _kind_changed(self, _index: int = 0) -> None:
        kind = InspectionKind(self.kind.currentData())
        for judgement in Judgement:
            self.fields.set_row_visible(f"grade_{judgement.value}", kind is InspectionKind.FULL)
        self.fields.set_row_visible("assurance_outcome", kind is InspectionKind.ASSURANCE)
        self.fields.set_row_visible("monitoring_outcome", kind is InspectionKind.MONITORING)

    def on_screen(self) -> tuple[Inspection, dict[str, str]]:
        """The inspection as typed, and any problems reading it."""
        problems: dict[str, str] = {}
        when = read_date(self.inspected, "inspected_on", problems)
        if when is None and "inspected_on" not in problems:
            problems["inspected_on"] = "Enter the date of the inspection."
        elif when is not None and when > self.store.today():
            problems["inspected_on"] = "The inspection date is in the future."
        kind = InspectionKind(self.kind.currentData())
        judgements = {j: g for j, c in self.grades.items() if (g := combo_grade(c)) is not None}
        outcome = (self.outcome.currentData() if kind is InspectionKind.ASSURANCE else
                   self.note.text().strip() if kind is InspectionKind.MONITORING else "")
        findings, finding_problems = self.findings.findings()
        if finding_problems:
            problems["findings"] = " ".join(finding_problems)
        base = self.inspection or Inspection(self.home_id, self.store.today())
        inspection = replace(base, inspected_on=when or base.inspected_on, kind=kind,
                             judgements=judgements if kind is InspectionKind.FULL else {},
                             assurance_outcome=outcome, findings=findings)
        return inspection, problems

    def write(self) -> Changes:
        inspection, problems = self.on_screen()
        if problems:
            raise ValidationError(problems)
        # The store raises an action for each finding that has none yet, in the same transaction.
        raised = inspection_follow_up(inspection, self.store.quality.actions(self.home_id), self.owner)
        self.saved, changes = self.store.quality.save_inspection(inspection, owner=self.owner)
        self.new_actions = len(raised) if self.owner else 0
        return changes
