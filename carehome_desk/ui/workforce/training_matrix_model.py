"""Staff × courses: every cell's status worked out once per reload into plain tuples, never while painting.

At 300 staff × 30 courses the model holds 9,000 small precomputed cells; data() only looks them up.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from carehome_desk.models.dates import format_uk
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Status
from carehome_desk.models.training import Course
from carehome_desk.models.training_matrix import training_matrix
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, SORT_ROLE
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS, cell_text, requirement_tooltip

#: (staff id, course id) of a cell, or None for the person column.
CELL_ROLE = Qt.ItemDataRole.UserRole + 3
ModelIndex = QModelIndex | QPersistentModelIndex
_NOT_REQUIRED_SORT = (9, 0)


@dataclass(frozen=True)
class MatrixCell:
    """One person's standing on one course, ready to show."""

    status: Status | None  # None: not required and never done
    text: str
    tooltip: str
    sort_key: tuple[int, int]


@dataclass(frozen=True)
class MatrixRow:
    """A person and one cell per course column."""

    member: StaffMember
    cells: tuple[MatrixCell, ...]
    statuses: frozenset[Status]
    tooltip: str


def build_matrix(snap: WorkforceSnapshot, settings: ProviderSettings, today: date) -> tuple[list[Course], list[MatrixRow]]:
    """Columns (active courses anyone needs or holds) and one row per current member of staff.

    The cells are the core's ``training_matrix`` (the same one the pack's sheet draws), whose
    statuses are the Staff page's and ``due``'s requirements; this only dresses them for the screen.
    """
    matrix = training_matrix(snap, settings, today)
    hint = "\nDouble-click or press Enter to record training."
    rows = []
    for member in matrix.staff:
        cells = []
        for course in matrix.courses:
            entry = matrix.cell(member.id, course.id)
            req = entry.requirement
            if req is None:
                cells.append(MatrixCell(None, cell_text(None), f"{member.full_name} — {course.name}\nNot required "
                                        f"for {member.role_name.lower()} ({course.required_for.label.lower()})." + hint,
                                        _NOT_REQUIRED_SORT))
                continue
            cells.append(MatrixCell(req.status, cell_text(req, entry.done_on), requirement_tooltip(req) + hint,
                                    (req.status.urgency, req.due.toordinal() if req.due else 0)))
        statuses = frozenset(c.status for c in cells if c.status is not None)
        tip = f"{member.full_name}\n{member.role_name}; started {format_uk(member.start_date)}"
        rows.append(MatrixRow(member, tuple(cells), statuses, tip))
    return matrix.courses, rows


def wrap_header(name: str, width: int = 16) -> str:
    """A course name on up to three short lines, so thirty columns fit without truncation."""
    lines = textwrap.wrap(name, width) or [name]
    if len(lines) > 3:
        lines = lines[:2] + [" ".join(lines[2:])]
    return "\n".join(lines)


class TrainingMatrixModel(QAbstractTableModel):
    """Column 0 is the person; columns 1… are courses. Read-only."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.courses: list[Course] = []
        self.rows: list[MatrixRow] = []
        self._headers: list[str] = []
        self._colours = {status: QColor(colour) for status, colour in STATUS_COLOURS.items()}
        self._black = QColor("#000000")
        self._centre = int(Qt.AlignmentFlag.AlignCenter)

    def set_matrix(self, courses: list[Course], rows: list[MatrixRow]) -> None:
        """Replace every row and column in one reset."""
        self.beginResetModel()
        self.courses = list(courses)
        self.rows = list(rows)
        self._headers = [wrap_header(c.name) for c in self.courses]
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 1 + len(self.courses)

    def cell(self, row: int, column: int) -> MatrixCell | None:
        """The cell at a source position (None for the person column)."""
        return self.rows[row].cells[column - 1] if column > 0 else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.member.full_name
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.tooltip
            if role == SORT_ROLE:
                return row.member.full_name.casefold()
            if role == RECORD_ROLE:
                return row
            return None
        if not 0 < column <= len(self.courses):
            return None
        cell = row.cells[column - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._colours[cell.status] if cell.status is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._black if cell.status is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._centre
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.courses[column - 1].name}: {cell.text}"
        if role == SORT_ROLE:
            return cell.sort_key
        if role == RECORD_ROLE:
            return row
        if role == CELL_ROLE:
            return (row.member.id, self.courses[column - 1].id)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= len(self.courses):
            return None
        if section == 0:
            return "Person" if role == Qt.ItemDataRole.DisplayRole else None
        course = self.courses[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section - 1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{course.name}\n{course.required_for.label}; renew {course.interval_text}\n"
                    f"{course.source} ({course.basis.label})")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return course.name
        return None


#: The status filter's choices, in the order the combo box lists them.
STATUS_FILTERS: list[tuple[str, frozenset[Status] | None]] = [
    ("All", None),
    ("Needs action", frozenset({Status.OVERDUE, Status.MISSING, Status.DUE_SOON})),
    ("Overdue", frozenset({Status.OVERDUE})),
    ("Due soon", frozenset({Status.DUE_SOON})),
    ("Missing", frozenset({Status.MISSING})),
]


class MatrixFilterProxy(RecordSortProxy):
    """Rows whose person matches the text and who have at least one cell with a chosen status."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setFilterKeyColumn(0)
        self.statuses: frozenset[Status] | None = None

    def set_statuses(self, statuses: frozenset[Status] | None) -> None:
        """Show only people with any of these statuses (None: everyone)."""
        self.refilter(lambda: setattr(self, "statuses", statuses))

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.statuses is not None and isinstance(model, TrainingMatrixModel):
            if not (model.rows[source_row].statuses & self.statuses):
                return False
        return super().filterAcceptsRow(source_row, source_parent)
