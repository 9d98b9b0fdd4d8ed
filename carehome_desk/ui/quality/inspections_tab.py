"""Inspection history: each Ofsted inspection with its judgements (or outcome), and its findings' actions below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from carehome_desk.models.counted import counted
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Judgement
from carehome_desk.models.quality import Action, Finding, Inspection, InspectionKind, finding_actions, last_full_inspection
from carehome_desk.store import Store
from carehome_desk.ui.quality.inspection_dialog import InspectionDialog
from carehome_desk.ui.quality.quality_common import ActionState, QualityTab, action_state, register_table
from carehome_desk.ui.widgets.column_fit import fit_columns
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.style import role_label

SHORT = {Judgement.OVERALL: "Overall", Judgement.HELPED_PROTECTED: "helped and protected",
         Judgement.LEADERSHIP: "leaders and managers"}


def outcome_text(i: Inspection) -> str:
    """'Overall: Good; helped and protected: Good; leaders and managers: Good', or the assurance outcome."""
    if i.kind is InspectionKind.FULL:
        parts = [f"{SHORT[j]}: {i.judgements[j].label}" for j in Judgement if j in i.judgements]
        return "; ".join(parts) or "Judgements not recorded"
    if i.kind is InspectionKind.ASSURANCE and i.assurance_outcome:
        return f"The setting {i.assurance_outcome}"
    return i.assurance_outcome or "Outcome not recorded"


def outcome_tip(i: Inspection) -> str:
    """The judgements with Ofsted's full wording, one a line."""
    if i.kind is not InspectionKind.FULL:
        return outcome_text(i)
    return "\n".join(f"{j.label}: {i.judgements[j].value}" for j in Judgement if j in i.judgements)


@dataclass(frozen=True)
class InspectionRow:
    """An inspection and what became of its findings."""

    inspection: Inspection
    pairs: tuple[tuple[Finding, Action | None], ...]

    def count(self, requirement: bool) -> str:
        """'2 (1 done)' for its requirements or recommendations."""
        mine = [a for f, a in self.pairs if f.is_requirement is requirement]
        if not mine:
            return "None"
        done = sum(1 for a in mine if a is not None and a.status.closed)
        return f"{len(mine)} ({done} done)"


INSPECTION_COLUMNS: list[Column[InspectionRow]] = [
    Column("Date", lambda r: format_uk(r.inspection.inspected_on), sort_key=lambda r: r.inspection.inspected_on),
    Column("Type", lambda r: r.inspection.kind.label),
    Column("Judgements (Ofsted's words) or outcome", lambda r: outcome_text(r.inspection),
           tooltip=lambda r: outcome_tip(r.inspection)),
    Column("Requirements", lambda r: r.count(True), header_tooltip="How many, and how many of their actions are done"),
    Column("Recommendations", lambda r: r.count(False),
           header_tooltip="How many, and how many of their actions are done"),
]


@dataclass(frozen=True)
class FindingLine:
    """One finding with its action's state."""

    finding: Finding
    action: Action | None
    state: ActionState | None


FINDING_COLUMNS: list[Column[FindingLine]] = [
    Column("Kind", lambda r: "Requirement" if r.finding.is_requirement else "Recommendation"),
    Column("What Ofsted said", lambda r: r.finding.text, tooltip=lambda r: r.finding.text),
    Column("Regulation or Guide", lambda r: r.finding.regulation),
    Column("Comply by", lambda r: format_uk(r.finding.due), sort_key=lambda r: r.finding.due),
    Column("Action", lambda r: (f"{r.state.word} {format_uk(r.action.completed_on)}".strip() if r.state and r.action
                                else "No action raised"),
           sort_key=lambda r: r.state.urgency if r.state else -1,
           background=lambda r: r.state.colour if r.state else None,
           tooltip=lambda r: r.state.sentence if r.state else "No action on the plan matches this finding."),
    Column("Owner", lambda r: r.action.owner if r.action else ""),
]


class InspectionTableModel(RecordTableModel[InspectionRow]):
    """The inspection history."""

    def __init__(self, parent: Any = None):
        super().__init__(INSPECTION_COLUMNS, parent)


class FindingTableModel(RecordTableModel[FindingLine]):
    """One inspection's requirements and recommendations with their actions."""

    def __init__(self, parent: Any = None):
        super().__init__(FINDING_COLUMNS, parent)


class InspectionsTab(QualityTab):
    """History newest first; the selected inspection's findings and whether their actions are done."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.dialog: InspectionDialog | None = None
        self.home_actions: list[Action] = []
        self.model = InspectionTableModel(self)
        self.proxy = RecordSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.findings = FindingTableModel(self)
        self.new_button = QPushButton("&New inspection…")
        self.new_button.setToolTip("Record an Ofsted inspection (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button = QPushButton("Ed&it inspection…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.last_full = role_label("", "hint")
        self.last_full.setAccessibleName("Last full inspection")
        self.table = register_table(self.proxy, "Ofsted inspections, newest first")
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.finding_title = QLabel("<b>Findings</b>")
        self.finding_table = register_table(self.findings, "Findings of the selected inspection")
        self.finding_table.setSortingEnabled(False)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.finding_title)
        lower_layout.addWidget(self.finding_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.edit_button)
        toolbar.addWidget(self.last_full, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(
            "Full inspections are graded in Ofsted's words; an assurance inspection says whether the setting has "
            "serious or widespread concerns. Requirements cite a regulation and a compliance date; recommendations "
            "a Guide paragraph. Each becomes an action. Double-click an inspection (or press Enter) to edit it.",
            "hint"))
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

    def reload(self) -> None:
        """Read the inspections and actions again, keeping the selected inspection."""
        keep = self.selected()
        inspections = self.store.quality.inspections(self.home.id) if self.home else []
        self.home_actions = self.store.quality.actions(self.home.id) if self.home else []
        self.model.set_rows([InspectionRow(i, tuple(finding_actions(i, self.home_actions))) for i in inspections])
        self.table.resizeColumnsToContents()
        last = last_full_inspection(inspections)
        self.last_full.setText(
            f"Last full inspection {format_uk(last.inspected_on)}: it sets 'since the last inspection' for later "
            "counts." if last else "No full inspection recorded yet: click New inspection… to add the last one.")
        target = keep.id if keep is not None else (max(inspections, key=lambda i: i.inspected_on).id
                                                   if inspections else None)
        self._select(int(target) if target is not None else None)

    def selected(self) -> Inspection | None:
        """The inspection selected."""
        index = self.table.currentIndex()
        row = index.data(RECORD_ROLE) if index.isValid() else None
        return row.inspection if row else None

    def _select(self, inspection_id: int | None) -> None:
        for r in range(self.proxy.rowCount()):
            if int(self.proxy.index(r, 0).data(RECORD_ROLE).inspection.id) == inspection_id:
                self.table.selectRow(r)
                self._show_findings()
                return
        self.table.clearSelection()
        self._show_findings()

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_findings()

    def _show_findings(self) -> None:
        inspection = self.selected()
        self.edit_button.setEnabled(inspection is not None)
        if inspection is None:
            self.finding_title.setText("<b>Findings</b> — select an inspection")
            self.findings.set_rows([])
            return
        today, window = self.store.today(), self.store.settings.get().due_soon_days
        lines = [FindingLine(f, a, action_state(a, today, window) if a else None)
                 for f, a in finding_actions(inspection, self.home_actions)]
        self.findings.set_rows(lines)
        # What Ofsted said gives way when the table is narrow (whole in its tooltip), so the regulation,
        # date and action stay in view.
        fit_columns(self.finding_table, limits={1: 520}, minimums={1: 200}, squeeze=[1])
        done = sum(1 for line in lines if line.action is not None and line.action.status.closed)
        self.finding_title.setText(f"<b>Findings of {inspection.kind.label.lower()} on "
                                   f"{format_uk(inspection.inspected_on)}</b> — "
                                   f"{done} of {counted(len(lines), 'action')} done"
                                   if lines else f"<b>Findings of {format_uk(inspection.inspected_on)}</b> — none")

    def new_record(self) -> None:
        """Ctrl+N: record an inspection."""
        if self.home is not None:
            self._open(InspectionDialog(self.store, self.home.id, self.owner(), None, self))

    def edit_selected(self) -> None:
        """Edit the selected inspection."""
        inspection = self.selected()
        if inspection is not None and self.home is not None:
            self._open(InspectionDialog(self.store, self.home.id, self.owner(), inspection, self))

    def _open(self, dialog: InspectionDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()

    def _saved(self, dialog: InspectionDialog) -> None:
        self.changed.emit(dialog.changes)
        if dialog.saved is not None:
            self._select(int(dialog.saved.id))
            raised = (f"; {counted(dialog.new_actions, 'finding')} added to the action "
                      "plan") if dialog.new_actions else ""
            self.status_message.emit(f"Saved the inspection of {format_uk(dialog.saved.inspected_on)}{raised}.")
