"""The incident form: what every incident records, then only the fields of its type."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from carehome_desk.models.children import Child
from carehome_desk.models.dates import DateFormatError
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import DETAIL_TYPES, Details, Incident, IncidentType, MissingDetails
from carehome_desk.models.staff import StaffMember
from carehome_desk.store import Store
from carehome_desk.ui.widgets.datetime_field import DateTimeField
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.incidents.incident_detail_fields import DetailFields, text_box

WHEN_LABELS = {IncidentType.MISSING: "Went missing at", IncidentType.AWAY: "Left without permission at"}


class IncidentForm(QWidget):
    """Common fields in one group, the type's sections below; the editor around it saves."""

    edited = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.kind: IncidentType = IncidentType.OTHER
        self._loading = False
        today = store.today()
        self.occurred = DateTimeField(today, store.now)
        self.child_list = QListWidget()
        self.child_list.setAccessibleName("Children involved")
        self.child_list.setUniformItemSizes(True)
        self.location = QLineEdit()
        self.location.setMaxLength(200)
        self.location.setPlaceholderText("e.g. Lounge, garden, school car park")
        self.summary = text_box(3)
        self.staff_involved = QLineEdit()
        self.staff_involved.setMaxLength(400)
        self.staff_involved.setPlaceholderText("Names, separated by commas")
        common = QGroupBox("What happened")
        self.common = FieldForm()
        common.setLayout(self.common.layout)
        self.common.add("occurred_at", "&Date and time", self.occurred, hint="UK local time, 24-hour clock.")
        self.common.add("child_ids", "Ch&ildren", self.child_list, hint="Tick each child involved.")
        self.common.add("location", "&Location", self.location)
        self.common.add("summary", "S&ummary", self.summary)
        self.common.add("staff_involved", "St&aff involved", self.staff_involved)
        self.details = DetailFields(None, today, store.now, [])
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(common)
        self._layout.addWidget(self.details)
        self._layout.addStretch(1)
        self.occurred.edited.connect(self._edited)
        self.child_list.itemChanged.connect(self._edited)
        self.location.textEdited.connect(self._edited)
        self.summary.textChanged.connect(self._edited)
        self.staff_involved.textEdited.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def show_incident(self, kind: IncidentType, incident: Incident | None, children: list[Child],
                      staff: list[StaffMember]) -> None:
        """Fill the form for a saved incident, or empty for a new one of ``kind``."""
        self._loading = True
        try:
            if kind is not self.kind or kind is IncidentType.ALLEGATION:  # an allegation lists the staff
                self._rebuild(kind, staff)
            self.kind = kind
            self.common.captions["occurred_at"].setText(WHEN_LABELS.get(kind, "&Date and time"))
            self.occurred.set_value(incident.occurred_at if incident else None)
            self._fill_children(children, incident.child_ids if incident else ())
            self.location.setText(incident.location if incident else "")
            self.summary.setPlainText(incident.summary if incident else "")
            self.staff_involved.setText(incident.staff_involved if incident else "")
            details: Details = incident.details if incident else None
            if details is None and kind is IncidentType.AWAY:
                details = MissingDetails(whereabouts_known=True)  # 'away' means the whereabouts are known
            self.details.load(details)
        finally:
            self._loading = False
        self.show_problems({}, focus=False)

    def _rebuild(self, kind: IncidentType, staff: list[StaffMember]) -> None:
        old = self.details
        self.details = DetailFields(DETAIL_TYPES.get(kind), self.store.today(), self.store.now, staff)
        self.details.edited.connect(self._edited)
        self._layout.replaceWidget(old, self.details)
        self.details.show()  # the layout would only show it on the next event-loop pass
        # Made after the rest of the window, the type's fields would come last in the Tab order (after
        # Save): put them straight after the common fields, where they are on screen.
        chain = [self.staff_involved, *self.details.widgets.values()]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        old.hide()
        old.deleteLater()

    def _fill_children(self, children: list[Child], chosen: tuple[ChildId, ...]) -> None:
        """Current children, plus any already on the incident who have since left."""
        today = self.store.today()
        self.child_list.clear()
        shown = [c for c in children if c.is_resident(today) or c.id in chosen]
        for child in sorted(shown, key=lambda c: c.reference):
            item = QListWidgetItem(child.label() + ("" if child.is_resident(today) else " — has left"))
            item.setData(Qt.ItemDataRole.UserRole, int(child.id))
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if child.id in chosen else Qt.CheckState.Unchecked)
            self.child_list.addItem(item)
        rows = min(max(self.child_list.count(), 2), 6)
        self.child_list.setFixedHeight(self.child_list.sizeHintForRow(0) * rows + 6 if self.child_list.count() else 40)

    def chosen_children(self) -> tuple[ChildId, ...]:
        """The children ticked."""
        out = []
        for row in range(self.child_list.count()):
            item = self.child_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(ChildId(int(item.data(Qt.ItemDataRole.UserRole))))
        return tuple(sorted(out))

    def set_child(self, child_id: ChildId, checked: bool = True) -> None:
        """Tick (or untick) a child."""
        for row in range(self.child_list.count()):
            item = self.child_list.item(row)
            if int(item.data(Qt.ItemDataRole.UserRole)) == int(child_id):
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def occurred_at(self, problems: dict[str, str]) -> datetime | None:
        """The incident's time, or None with the reason in ``problems``."""
        try:
            value = self.occurred.value()
        except DateFormatError as exc:
            problems["occurred_at"] = str(exc)
            return None
        if value is None:
            problems["occurred_at"] = "Enter the date and time it happened."
        return value

    def snapshot(self) -> tuple[object, ...]:
        """What is on screen, to tell whether anything was edited."""
        return (self.occurred.text(), self.chosen_children(), self.location.text(), self.summary.toPlainText(),
                self.staff_involved.text(), self.details.snapshot())

    def show_problems(self, problems: dict[str, str], focus: bool = True) -> dict[str, str]:
        """Messages at the common fields, then at the type's; the rest come back."""
        rest = self.common.show_problems(problems, focus)
        return self.details.show_problems(rest, focus and len(rest) == len(problems))
