"""The selected person beside the staff list: a heading and seven tabs, each a part of their record."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import HomeId
from carehome_desk.models.qualifications import Qualification, required_kind
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember, StaffRole
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.store import Store
from carehome_desk.ui.workforce.checks_tab import ChecksTab
from carehome_desk.ui.workforce.dbs_tab import DbsTab
from carehome_desk.ui.workforce.qualification_tab import QualificationTab
from carehome_desk.ui.workforce.staff_details_tab import StaffDetailsTab
from carehome_desk.ui.workforce.staff_incidents_tab import StaffIncidentsTab
from carehome_desk.ui.workforce.staff_table_model import StaffRow, needs_action_text
from carehome_desk.ui.workforce.staff_training_tab import StaffTrainingTab
from carehome_desk.ui.workforce.supervision_tab import SupervisionTab
from carehome_desk.ui.widgets.style import heading, role_label

TABS = ("details", "qualifications", "checks", "dbs", "training", "supervision", "incidents")


def describe(row: StaffRow) -> str:
    """'Residential childcare worker · started 03/04/2022 · permanent, 37.5 h a week · 1 overdue'."""
    m = row.member
    parts = [m.role_name, f"started {format_uk(m.start_date)}"]
    contract = m.contract.label.lower() + (f", {m.hours_per_week:g} h a week" if m.hours_per_week else "")
    parts.append(contract)
    if m.lives_at_home:
        parts.append("lives at the home")
    needs = needs_action_text(row)
    parts.append("nothing overdue or missing" if needs == "None" else needs)
    return " · ".join(parts)


class StaffDetailPanel(QWidget):
    """Details, Qualifications, Checks, DBS, Training and Supervision for one person (or a new one)."""

    #: Emitted with Changes after any tab saved something.
    changed = Signal(object)
    #: Emitted with the StaffMember after the Details tab saved a new or edited record.
    member_saved = Signal(object)
    #: The status bar's words after a tab saved something that shows no other confirmation.
    saved_message = Signal(str)
    #: An incident's id, from the Incidents tab, to open on the Incidents page.
    incident_requested = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.row: StaffRow | None = None
        self.heading = heading("", size_delta=3)
        self.subheading = role_label("", "hint")
        self.details = StaffDetailsTab(store)
        self.qualifications = QualificationTab(store)
        self.checks = ChecksTab(store)
        self.dbs = DbsTab(store)
        self.training = StaffTrainingTab(store)
        self.supervision = SupervisionTab(store)
        self.incidents = StaffIncidentsTab(store)
        self.incidents.incident_requested.connect(self.incident_requested.emit)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parts of the staff record")
        for tab, title in ((self.details, "&Details"), (self.qualifications, "&Qualifications"),
                           (self.checks, "Chec&ks"), (self.dbs, "D&BS"), (self.training, "&Training"),
                           (self.supervision, "Su&pervision"), (self.incidents, "Incidents")):
            # No mnemonic on Incidents: each of its letters is taken on this page or by the menu bar.
            self.tabs.addTab(tab, title)
        for emitter in (self.qualifications, self.checks, self.dbs, self.training, self.supervision):
            emitter.changed.connect(self.changed.emit)
        for tab in (self.qualifications, self.checks, self.dbs, self.supervision):
            tab.saved_message.connect(self.saved_message.emit)
        self.details.saved.connect(self._details_saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.tabs, 1)

    def _details_saved(self, member: StaffMember, changes: object) -> None:
        self.member_saved.emit(member)
        self.changed.emit(changes)

    def show_row(self, row: StaffRow | None, snap: WorkforceSnapshot | None, settings: ProviderSettings,
                 today: date) -> None:
        """Show one person in every tab; a tab holding unsaved edits to the same person is left alone."""
        same = row is not None and self.row is not None and row.member.id == self.row.member.id
        self.row = row
        member = row.member if row else None
        self.heading.setText(member.full_name if member else "")
        self.subheading.setText(describe(row) if row else "")
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, member is not None)
        if not (same and self.details.has_unsaved_changes()):
            self.details.show_member(member, member.home_id if member else None)
        if snap is None or member is None:
            return
        if not (same and self.qualifications.has_unsaved_changes()):
            self.qualifications.show_member(member, _qualification(snap, member), settings, today)
        if not (same and self.checks.has_unsaved_changes()):
            self.checks.show_member(member, snap.checks.get(member.id, {}), today, snap.latest_certificate(member.id))
        requirements = list(row.requirements) if row else []
        dbs = next((r for r in requirements if r.area == "DBS"), None)
        self.dbs.show_member(member, snap.certificates.get(member.id, []),
                             {int(k): v for k, v in snap.status_checks.items()}, dbs)
        records = [t for (sid, _c), ts in snap.training.items() if sid == member.id for t in ts]
        current = snap.current_staff(today)
        self.training.show_member(member, requirements, records, snap.courses, current)
        self.supervision.show_member(member, requirements, snap.sessions.get(member.id, []), row is not None and row.current)
        self.incidents.show_member(member, requirements, records, snap.courses)

    def start_new(self, home_id: HomeId, role: StaffRole = StaffRole.RESIDENTIAL_WORKER) -> None:
        """An empty Details form for a new person (in ``role``); the other tabs wait until it is saved."""
        self.row = None
        self.heading.setText("New member of staff")
        self.subheading.setText("Fill in the staff record and save it; qualifications, checks, DBS, training and "
                                "supervision can be added once it is saved.")
        self.details.show_member(None, home_id, role)
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, False)
        self.tabs.setCurrentIndex(0)
        self.details.full_name.setFocus()

    def show_tab(self, name: str) -> None:
        """Bring a tab forward by name ('details', 'checks', …)."""
        if name in TABS:
            self.tabs.setCurrentIndex(TABS.index(name))

    def editors(self) -> list[StaffDetailsTab | QualificationTab | ChecksTab]:
        """The tabs that hold editable forms."""
        return [self.details, self.qualifications, self.checks]

    def has_unsaved_changes(self) -> bool:
        """True when any form holds edits not yet saved."""
        return any(tab.has_unsaved_changes() for tab in self.editors())

    def save(self) -> bool:
        """Save every form with edits; False (and the tab shown) if one could not be saved."""
        for index, tab in ((0, self.details), (1, self.qualifications), (2, self.checks)):
            if tab.has_unsaved_changes() or (tab is self.details and self.details.is_new):
                if not tab.save():
                    self.tabs.setCurrentIndex(index)
                    return False
        return True

    def discard(self) -> None:
        """Throw away every form's edits."""
        for tab in self.editors():
            tab.discard()


def _qualification(snap: WorkforceSnapshot, member: StaffMember) -> Qualification | None:
    kind = required_kind(member)
    return snap.qualifications.get(member.id, {}).get(kind) if kind else None
