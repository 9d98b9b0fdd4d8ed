"""The register of children: reference and initials (never the full name), age, admission, authority, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from carehome_desk.models.children import Child, LegalStatus
from carehome_desk.models.dates import format_uk
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy

#: Short words for a narrow column; the full wording is in the tooltip and the form.
LEGAL_SHORT = {
    LegalStatus.SECTION_20: "s20",
    LegalStatus.SECTION_31: "s31 care order",
    LegalStatus.SECTION_38: "s38 interim",
    LegalStatus.REMAND: "Remand",
    LegalStatus.OTHER: "Other",
}


@dataclass(frozen=True)
class ChildRow:
    """A child and what today makes of them: living here (``current``), still to arrive, or left."""

    child: Child
    current: bool
    age: int
    arriving: bool = False

    @property
    def listed(self) -> bool:
        """Shown without 'Show children who have left': living here, or a planned admission still to come."""
        return self.current or self.arriving


def build_child_rows(children: list[Child], today: date) -> list[ChildRow]:
    """Every child in the register (those who have left, and those still to arrive, too)."""
    return [ChildRow(c, c.is_resident(today), c.age_on(today), c.arriving(today)) for c in children]


def admitted_text(row: ChildRow) -> str:
    """'10/07/2025', or 'arriving 05/01/2027' for a planned admission still to come."""
    when = format_uk(row.child.admission_date)
    return f"arriving {when}" if row.arriving else when


def left_tooltip(row: ChildRow) -> str:
    """Whether the ending was planned."""
    c = row.child
    if row.arriving:
        return f"Not living here yet: arriving {format_uk(c.admission_date)}"
    if c.leaving_date is None:
        return "Living at the home"
    return {True: "Planned ending", False: "Unplanned ending", None: "Ending not recorded"}[c.ending_planned]


COLUMNS: list[Column[ChildRow]] = [
    Column("Reference", lambda r: r.child.reference,
           header_tooltip="A pseudonymous reference, used instead of the name everywhere"),
    Column("Initials", lambda r: r.child.initials),
    Column("Age", lambda r: str(r.age), sort_key=lambda r: r.age, align_right=True,
           tooltip=lambda r: f"Born {format_uk(r.child.date_of_birth)}"),
    Column("Admitted", admitted_text, sort_key=lambda r: r.child.admission_date,
           tooltip=lambda r: ("Planned admission, not living here yet" if r.arriving else
                              "Planned admission" if r.child.admission_planned else "Emergency admission")),
    # On two lines, so a narrow column (the page on a small window) still shows its heading whole.
    Column("Placing\nauthority", lambda r: r.child.placing_authority, tooltip=lambda r: r.child.placing_authority),
    Column("Legal status", lambda r: LEGAL_SHORT[r.child.legal_status], tooltip=lambda r: r.child.legal_status.label,
           header_tooltip="s20: accommodated; s31: care order; s38: interim care order (Children Act 1989)"),
    Column("Left", lambda r: format_uk(r.child.leaving_date), sort_key=lambda r: r.child.leaving_date,
           tooltip=left_tooltip),
]


AUTHORITY = next(i for i, c in enumerate(COLUMNS) if c.header == "Placing\nauthority")
LEGAL = next(i for i, c in enumerate(COLUMNS) if c.header == "Legal status")


class ChildrenTableModel(RecordTableModel[ChildRow]):
    """Child rows through the columns above."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)

    def row_of(self, child_id: int) -> int:
        """The source row showing a child, or -1."""
        for row in range(self.rowCount()):
            if int(self.record(row).child.id) == child_id:
                return row
        return -1


class ChildrenFilterProxy(RecordSortProxy):
    """Text filter over every column, plus 'show children who have left' (hidden by default)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.show_leavers = False

    def set_show_leavers(self, show: bool) -> None:
        """Show or hide children who have left."""
        self.refilter(lambda: setattr(self, "show_leavers", show))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        row = self.sourceModel().index(source_row, 0, source_parent).data(RECORD_ROLE)
        if row is None or (not row.listed and not self.show_leavers):
            return False
        return super().filterAcceptsRow(source_row, source_parent)
