"""The vetting summary: current staff × Schedule 2 checks (plus the practice checks), and the reg 32(7) flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from carehome_desk.models.dates import format_uk
from carehome_desk.models.recruitment import CHECKS, CheckKind, RecruitmentCheck
from carehome_desk.models.recruitment import check_state as core_check_state
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Basis, Status
from carehome_desk.models.workforce import WorkforceSnapshot, reg_32_7_flags
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.status_style import CHECK_MARK, STATUS_COLOURS


@dataclass(frozen=True)
class VettingRow:
    """One person's checks as they count (a satisfying DBS certificate meets the DBS line), and their reg 32(7) flag."""

    member: StaffMember
    checks: dict[CheckKind, RecruitmentCheck]
    flag: str | None

    @property
    def missing(self) -> int:
        """How many checks are neither done nor recorded as not applicable."""
        return sum(1 for kind in CheckKind if check_state(self, kind) == "missing")


def build_vetting_rows(snap: WorkforceSnapshot, today: date) -> list[VettingRow]:
    """A row for everyone working at the home today."""
    flags = reg_32_7_flags(snap, today)
    return [VettingRow(m, snap.vetting(m), flags.get(m.id)) for m in snap.current_staff(today)]


def check_state(row: VettingRow, kind: CheckKind) -> str:
    """'done', 'n/a' or 'missing', as the core reads the check."""
    return core_check_state(row.checks.get(kind))


def header_text(kind: CheckKind) -> str:
    """'ID\\nSch 2 para 1', or 'RTW\\n(practice)' for a check that is not in Schedule 2."""
    spec = kind.spec
    if spec.basis is Basis.PRACTICE:
        return f"{spec.short}\n(practice)"
    return f"{spec.short}\n{spec.source.replace('Schedule', 'Sch')}"


def _cell(kind: CheckKind) -> Column[VettingRow]:
    spec = kind.spec

    def text(row: VettingRow) -> str:
        state = check_state(row, kind)
        if state == "done":
            return f"{CHECK_MARK} {format_uk(row.checks[kind].done_date)}".rstrip()
        return "N/A" if state == "n/a" else "Missing"

    def tooltip(row: VettingRow) -> str:
        check = row.checks.get(kind)
        state = check_state(row, kind)
        lines = [f"{row.member.full_name} — {spec.label}"]
        if state == "done" and check is not None:
            lines.append(f"Done {format_uk(check.done_date)}, verified by {check.verified_by}")
            if check.done_date and check.done_date > row.member.start_date:
                lines.append(f"Completed after they started on {format_uk(row.member.start_date)}")
        elif state == "n/a" and check is not None:
            lines.append("Not applicable")
        else:
            lines.append("Missing: not recorded as done")
        if check is not None and check.note:
            lines.append(f"Note: {check.note}")
        lines.append(f"Rule: {spec.source} ({spec.basis.label})")
        lines.append("Double-click to open their checks.")
        return "\n".join(lines)

    def colour(row: VettingRow) -> str | None:
        state = check_state(row, kind)
        return STATUS_COLOURS[Status.MISSING] if state == "missing" else (
            STATUS_COLOURS[Status.IN_DATE] if state == "done" else None)

    return Column(header_text(kind), text, tooltip=tooltip, background=colour,
                  sort_key=lambda r: ({"missing": 0, "n/a": 1, "done": 2}[check_state(r, kind)], r.member.full_name),
                  header_tooltip=f"{spec.label}\n{spec.source} ({spec.basis.label})")


#: The flag comes straight after the name, so it stays in view when the checks scroll sideways.
COLUMNS: list[Column[VettingRow]] = [
    Column("Person", lambda r: r.member.full_name, tooltip=lambda r: f"{r.member.full_name}\n{r.member.role_name}"),
    Column("Reg 32(7)", lambda r: "Flagged" if r.flag else "Clear", tooltip=lambda r: r.flag or
           "All Schedule 2 checks are complete (or recorded as not applicable).",
           background=lambda r: STATUS_COLOURS[Status.OVERDUE] if r.flag else None,
           sort_key=lambda r: (0 if r.flag else 1, r.member.full_name),
           header_tooltip="Reg 32(7): someone may start before every check is complete only once identity and the "
                          "DBS certificate are satisfactory, and must be supervised until the rest are done."),
    Column("Started", lambda r: format_uk(r.member.start_date), sort_key=lambda r: r.member.start_date),
    *(_cell(kind) for kind in CHECKS),
    Column("Role", lambda r: r.member.role_name),
]


class VettingTableModel(RecordTableModel[VettingRow]):
    """Vetting rows through the columns above."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)


class VettingFilterProxy(RecordSortProxy):
    """Text filter on any column, and 'only people with something missing'."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.only_gaps = False

    def set_only_gaps(self, on: bool) -> None:
        """Show only people with a missing check or a reg 32(7) flag."""
        self.refilter(lambda: setattr(self, "only_gaps", on))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self.only_gaps:
            row = self.sourceModel().index(source_row, 0, source_parent).data(RECORD_ROLE)
            if row is None or not (row.flag or row.missing):
                return False
        return super().filterAcceptsRow(source_row, source_parent)
