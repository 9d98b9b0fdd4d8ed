"""The incident log: one row per incident with its statutory steps summed up in a word, computed per reload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import Step, StepStatus, incident_steps, utc
from carehome_desk.models.home import HomeDetails
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import AllegationDetails, Incident, IncidentType
from carehome_desk.models.recipients import notify_context
from carehome_desk.reference.bank_holidays import bank_holidays
from carehome_desk.ui.incidents.incident_text import (
    StepSummary,
    local_text,
    needs_action,
    steps_tooltip,
    summarise,
)
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.style import VERMILLION

REG40_WORDS = {None: "Not decided", True: "Yes", False: "No"}


@dataclass(frozen=True)
class IncidentRow:
    """An incident and where its steps stand at one moment."""

    incident: Incident
    children: str
    steps: tuple[Step, ...]
    summary: StepSummary
    tooltip: str
    review_tooltip: str = ""

    @property
    def review(self) -> Step | None:
        """The manager-review step."""
        return next((s for s in self.steps if s.key == "review"), None)

    @property
    def needs_action(self) -> bool:
        """Anything due, overdue or not offered, the review included (as `carehome-desk due` lists)."""
        return any(needs_action(s) for s in self.steps)

    @property
    def overdue(self) -> bool:
        """Any step past its due time."""
        return any(s.status is StepStatus.OVERDUE for s in self.steps)


def children_text(incident: Incident, kids: dict[ChildId, Child]) -> str:
    """'ZB (C06), UA (C07)'; for an allegation with no child, the member of staff."""
    text = ", ".join(kids[c].named() for c in incident.child_ids if c in kids)
    if not text and isinstance(incident.details, AllegationDetails) and incident.details.staff_name:
        return f"(staff: {incident.details.staff_name})"
    return text


def build_row(incident: Incident, kids: dict[ChildId, Child], now: datetime, review_days: int,
              home: HomeDetails | None) -> IncidentRow:
    """Work out an incident's steps at ``now`` (``home``: for reg 40's recipients, with the children)."""
    steps = incident_steps(incident, now, bank_holidays(), review_days, notify_context(incident.child_ids, kids, home))
    review = [s for s in steps if s.key == "review"]
    if incident.reviewed_at is not None:
        review_tip = f"Signed off by {incident.reviewed_by} on {local_text(incident.reviewed_at)}"
    else:
        review_tip = steps_tooltip(review, now) + (f"\n{review[0].source}" if review else "")
    return IncidentRow(incident, children_text(incident, kids), tuple(steps), summarise(steps),
                       steps_tooltip([s for s in steps if s.key != "review"], now), review_tip)


def reg40_text(incident: Incident) -> str:
    """'Yes', 'No' or 'Not decided'."""
    return REG40_WORDS[incident.notifiable]


def reg40_tooltip(incident: Incident) -> str:
    """The decision, its paragraphs and rationale, and what was sent."""
    lines = [f"Notifiable under reg 40: {reg40_text(incident)}"]
    lines += [p.label for p in incident.reg40_paragraphs]
    if incident.reg40_rationale:
        lines.append(f"Why: {incident.reg40_rationale}")
    for n in incident.notifications:
        ref = f", reference {n.reference}" if n.reference else ""
        lines.append(f"Sent to {n.recipient_name or n.recipient.label} {local_text(n.sent_at)}{ref}")
    return "\n".join(lines)


def reviewed_text(row: IncidentRow) -> str:
    """'Yes' once signed off; 'No', or 'No — overdue' past the provider's review time."""
    if row.incident.reviewed_at is not None:
        return "Yes"
    review = row.review
    return "No — overdue" if review is not None and review.status is StepStatus.OVERDUE else "No"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


COLUMNS: list[Column[IncidentRow]] = [
    Column("Date and time", lambda r: local_text(r.incident.occurred_at),
           sort_key=lambda r: (utc(r.incident.occurred_at), int(r.incident.id)),
           header_tooltip="UK local time (GMT or BST)"),
    Column("Type", lambda r: r.incident.type.label, tooltip=lambda r: r.incident.type.label),  # cut when narrow
    Column("Children", lambda r: r.children, tooltip=lambda r: r.children),
    Column("Summary", lambda r: _first_line(r.incident.summary), tooltip=lambda r: r.incident.summary),
    Column("Steps", lambda r: r.summary.word,
           sort_key=lambda r: (r.summary.urgency, r.summary.due_at or datetime.max.replace(tzinfo=UK)),
           tooltip=lambda r: r.tooltip, background=lambda r: r.summary.colour,
           header_tooltip="The statutory and policy steps after the incident (reg 35, return interview, "
                          "LADO, reg 40): the most urgent one, in a word"),
    Column("Reg 40", lambda r: reg40_text(r.incident), tooltip=lambda r: reg40_tooltip(r.incident),
           sort_key=lambda r: {None: 0, True: 1, False: 2}[r.incident.notifiable],
           header_tooltip="Notifiable to Ofsted under reg 40? (Yes, No, or not decided yet)"),
    Column("Reviewed", reviewed_text, sort_key=lambda r: (r.incident.reviewed_at is not None, reviewed_text(r)),
           background=lambda r: VERMILLION if reviewed_text(r) == "No — overdue" else None,
           tooltip=lambda r: r.review_tooltip,
           header_tooltip="Signed off by the manager (Guide 9.36, 9.59); the time allowed is provider policy"),
]


class IncidentTableModel(RecordTableModel[IncidentRow]):
    """Incident rows through the columns above."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)

    def row_of(self, incident_id: int) -> int:
        """The source row showing an incident, or -1."""
        for row in range(self.rowCount()):
            if int(self.record(row).incident.id) == incident_id:
                return row
        return -1

    def retime(self, kids: dict[ChildId, Child], now: datetime, review_days: int, home: HomeDetails | None) -> None:
        """Work every row out again at ``now`` without a reset, so the selection and scroll stay put."""
        if not self._rows:
            return
        self._rows = [build_row(r.incident, kids, now, review_days, home) for r in self._rows]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))


#: The status filter: label and test.
STATUS_FILTERS: list[tuple[str, str]] = [
    ("All incidents", "all"),
    ("Needs action", "action"),
    ("Overdue", "overdue"),
    ("Not reviewed", "unreviewed"),
    ("Reg 40 not decided", "undecided"),
    ("Notifiable under reg 40", "notifiable"),
    ("Returned (missing or away)", "returned"),
]


class IncidentFilterProxy(RecordSortProxy):
    """Text over every column, plus type(s), child, date range (UK days, inclusive) and status."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.kinds: tuple[IncidentType, ...] = ()  # empty: every type
        self.child: ChildId | None = None
        self.date_from: date | None = None
        self.date_to: date | None = None
        self.status = "all"

    def set_filter(self, **values: Any) -> None:
        """Change any of kinds, child, date_from, date_to, status, and re-filter once."""
        self.refilter(lambda: self.__dict__.update(values))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        row: IncidentRow | None = self.sourceModel().index(source_row, 0, source_parent).data(RECORD_ROLE)
        if row is None:
            return False
        incident = row.incident
        if self.kinds and incident.type not in self.kinds:
            return False
        if self.child is not None and self.child not in incident.child_ids:
            return False
        day = incident.occurred_at.astimezone(UK).date()
        if (self.date_from and day < self.date_from) or (self.date_to and day > self.date_to):
            return False
        if self.status == "action" and not row.needs_action:
            return False
        if self.status == "overdue" and not row.overdue:
            return False
        if self.status == "unreviewed" and incident.reviewed_at is not None:
            return False
        if self.status == "undecided" and incident.notifiable is not None:
            return False
        if self.status == "notifiable" and incident.notifiable is not True:
            return False
        if self.status == "returned" and getattr(incident.details, "returned_at", None) is None:
            return False  # the returns the return interviews rate counts
        return super().filterAcceptsRow(source_row, source_parent)
