"""The incident form: what every incident records, then only the fields of its type."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSizePolicy, QVBoxLayout,
    QWidget,
)

from carehome_desk.models.children import Child
from carehome_desk.models.dates import DateFormatError
from carehome_desk.models.ids import ChildId, StaffId
from carehome_desk.models.incidents import DETAIL_TYPES, Details, Incident, IncidentType, MissingDetails
from carehome_desk.models.staff import StaffMember
from carehome_desk.store import Store
from carehome_desk.ui.widgets.datetime_field import DateTimeField
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.incidents.incident_detail_fields import DetailFields, text_box
from carehome_desk.ui.incidents.staff_picker import StaffPicker
from carehome_desk.ui.widgets.style import role_label

NO_CHILDREN = "No children on the register yet: add the child here with Add child… (or on the Children page)."
WHEN_LABELS = {IncidentType.MISSING: "Went missing at", IncidentType.AWAY: "Left without permission at"}


def takes_tab(widget: QWidget) -> bool:
    """True for a control Tab stops at itself (not one that hands its focus to a proxy)."""
    return widget.focusProxy() is None and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _tab_stops(widget: QWidget) -> list[QWidget]:
    """The controls Tab stops at inside ``widget``."""
    if takes_tab(widget):
        return [widget]
    # A date's calendar pop-up is a window of its own: its controls are not in the form's chain.
    return [child for child in widget.findChildren(QWidget) if takes_tab(child) and child.window() is widget.window()]


class IncidentForm(QWidget):
    """Common fields in one group, the type's sections below; the editor around it saves."""

    edited = Signal()
    #: "Add child…" was pressed: the editor opens the child form and ticks the child saved.
    add_child_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.kind: IncidentType = IncidentType.OTHER
        self._loading = False
        self._staff: list[StaffMember] = []
        today = store.today()
        self.occurred = DateTimeField(today, store.now)
        if self.occurred.now_button is not None:  # reachable by Tab, after the time
            self.occurred.now_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.occurred.now_button.setAccessibleName("Now: fill in the current date and time")
        self.child_list = QListWidget()
        self.child_list.setAccessibleName("Children involved")
        self.child_list.setUniformItemSizes(True)
        self.child_list.setToolTip("Space ticks or unticks the child under the cursor")
        self.child_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.no_children = role_label(NO_CHILDREN, "hint")
        self.no_children.hide()
        self.add_child_button = QPushButton("&Add child…")
        self.add_child_button.setToolTip("Admit a child to the register without leaving this form; they are ticked here")
        self.add_child_button.clicked.connect(self.add_child_requested.emit)
        kids = QWidget()
        kids_layout = QVBoxLayout(kids)
        kids_layout.setContentsMargins(0, 0, 0, 0)
        kids_layout.setSpacing(2)
        kids_layout.addWidget(self.child_list)
        kids_layout.addWidget(self.no_children)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_child_button)
        add_row.addStretch(1)
        kids_layout.addLayout(add_row)
        kids.setFocusProxy(self.child_list)
        kids.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a label's Alt-key only focuses a buddy that takes focus
        kids.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        kids.full_width = True  # type: ignore[attr-defined]  # FieldForm: the form's width, not the list's hint
        self.no_children.setWordWrap(True)
        self.location = QLineEdit()
        self.location.setMaxLength(200)
        self.location.setPlaceholderText("e.g. Lounge, garden, school car park")
        self.summary = text_box(3)
        self.staff_picker = StaffPicker()
        self.staff_picker.setAccessibleName("Staff involved")
        # People not on the staff register; the field keeps its old name in the record (staff_involved).
        self.staff_involved = QLineEdit()
        self.staff_involved.setMaxLength(400)
        self.staff_involved.setPlaceholderText("Names, separated by commas")
        self.staff_involved.setAccessibleName("Others involved: agency staff, visitors")
        common = QGroupBox("What happened")
        self.common = FieldForm()
        common.setLayout(self.common.layout)
        self.common.add("occurred_at", "&Date and time", self.occurred, hint="UK local time, 24-hour clock.")
        self.common.add("child_ids", "Child&ren", kids, hint="Tick each child involved (Space ticks).")
        self.common.add("location", "&Location", self.location)
        self.common.add("summary", "S&ummary", self.summary)
        self.common.add("staff_ids", "Staff &involved", self.staff_picker,
                        hint="From the staff register: type to filter, Space ticks.")
        self.common.add("staff_involved", "Others (agency, visitors)", self.staff_involved,
                        hint="People not on the staff register.")
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
        self.staff_picker.edited.connect(self._staff_edited)
        self._tab_order()

    def _tab_order(self) -> None:
        """Qt's own chain as near the reading order as it goes (the editor's Tab keys walk reading_order)."""
        chain = self.reading_order()
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def reading_order(self) -> list[QWidget]:
        """Down the form as it reads: date, time, Now, children, Add child…, location, summary, staff, others,
        then the fields of the incident's type."""
        chain: list[QWidget] = [self.occurred.date.line, self.occurred.time]
        if self.occurred.now_button is not None:
            chain.append(self.occurred.now_button)
        chain += [self.child_list, self.add_child_button, self.location, self.summary, self.staff_picker.filter,
                  self.staff_picker.list, self.staff_involved]
        # The type's fields straight after the common ones, where they are on screen. Each control itself,
        # never a container: moving a container in Qt's chain drags its children along.
        for widget in self.details.widgets.values():
            chain += _tab_stops(widget)
        return chain

    def _staff_edited(self) -> None:
        self.details.offer_names(self.staff_picker.chosen_names())
        self._edited()

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
            self._staff = staff
            self.staff_picker.filter.clear()
            self.staff_picker.set_staff(staff, incident.staff_ids if incident else (), self.store.today())
            self.location.setText(incident.location if incident else "")
            self.summary.setPlainText(incident.summary if incident else "")
            self.staff_involved.setText(incident.staff_involved if incident else "")
            details: Details = incident.details if incident else None
            if details is None and kind is IncidentType.AWAY:
                details = MissingDetails(whereabouts_known=True)  # 'away' means the whereabouts are known
            self.details.load(details)
            self.details.offer_names(self.staff_picker.chosen_names())
        finally:
            self._loading = False
        self.show_problems({}, focus=False)

    def refresh_lists(self, children: list[Child], staff: list[StaffMember]) -> None:
        """Children or staff were added or changed elsewhere: list them again, keeping every tick and all typing."""
        self._loading = True
        try:
            self._fill_children(children, self.chosen_children())
            self._staff = staff
            self.staff_picker.refill(staff, self.store.today())
            self.details.refresh_staff(staff)
        finally:
            self._loading = False

    def _rebuild(self, kind: IncidentType, staff: list[StaffMember]) -> None:
        old = self.details
        self.details = DetailFields(DETAIL_TYPES.get(kind), self.store.today(), self.store.now, staff)
        self.details.edited.connect(self._edited)
        self._layout.replaceWidget(old, self.details)
        self.details.show()  # the layout would only show it on the next event-loop pass
        self._tab_order()
        old.hide()
        old.deleteLater()

    def _fill_children(self, children: list[Child], chosen: tuple[ChildId, ...]) -> None:
        """Current children, plus any already on the incident who have since left or been archived (kept ticked,
        so saving the incident never drops them)."""
        today = self.store.today()
        self.child_list.blockSignals(True)
        self.child_list.clear()
        shown = [c for c in children if (c.is_resident(today) and c.archived_at is None) or c.id in chosen]
        for child in sorted(shown, key=lambda c: c.reference):
            mark = (" — archived" if child.archived_at is not None else
                    "" if child.is_resident(today) else " — has left")
            item = QListWidgetItem(child.label() + mark)
            item.setData(Qt.ItemDataRole.UserRole, int(child.id))
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if child.id in chosen else Qt.CheckState.Unchecked)
            self.child_list.addItem(item)
        self.child_list.blockSignals(False)
        if self.child_list.currentRow() < 0 and self.child_list.count():
            self.child_list.setCurrentRow(0)
        self.child_list.setVisible(self.child_list.count() > 0)
        self.no_children.setVisible(self.child_list.count() == 0)
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
                self.staff_picker.chosen(), self.staff_involved.text(), self.details.snapshot())

    def chosen_staff(self) -> tuple[StaffId, ...]:
        """The staff on the register ticked."""
        return self.staff_picker.chosen()

    def show_problems(self, problems: dict[str, str], focus: bool = True) -> dict[str, str]:
        """Messages at the common fields, then at the type's; the rest come back."""
        rest = self.common.show_problems(problems, focus)
        return self.details.show_problems(rest, focus and len(rest) == len(problems))
