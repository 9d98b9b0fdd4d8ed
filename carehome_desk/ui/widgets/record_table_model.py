"""A table model over a list of plain records: the pattern every register table follows.

Display text for people, raw comparable values for sorting (SORT_ROLE), and the record itself
(RECORD_ROLE) for details panes and double-click. Fill it with ``set_rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

R = TypeVar("R")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, how to show a record, and how to sort it."""

    header: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    tooltip: Callable[[R], str] | None = None
    align_right: bool = False
    #: A background colour ("#D55E00") for status cells; text on it is drawn black.
    background: Callable[[R], str | None] | None = None
    #: What the header means in full (the rule's source, for instance).
    header_tooltip: str = ""


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of records shown through a list of Columns."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._haystacks: list[str] | None = None
        # Any change to what is shown makes the filter's search text out of date.
        for signal in (self.modelReset, self.dataChanged, self.rowsInserted, self.rowsRemoved, self.layoutChanged):
            signal.connect(self._forget_haystacks)

    def _forget_haystacks(self, *_args: Any) -> None:
        self._haystacks = None

    def haystack(self, row: int) -> str:
        """Every column's text of a row, case-folded, for the filter box (built once per change, not per keystroke)."""
        if self._haystacks is None:
            self._haystacks = ["\n".join(c.text(r) for c in self._columns).casefold() for r in self._rows]
        return self._haystacks[row]

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (one reset: cheap, and views keep their sort)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[R], same: Callable[[R, R], bool] | None = None) -> None:
        """Show these rows, telling views only of the rows that differ (no reset: a long list with one
        new row costs one insert, and the views keep their selection and scroll position).

        ``same(old, new)``: when two rows show the same (by default, when they are equal). A row
        found the same is still replaced by the new one, silently.
        """
        same = same or (lambda a, b: a == b)
        old, new = self._rows, list(rows)
        head = 0
        while head < min(len(old), len(new)) and same(old[head], new[head]):
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and same(old[-1 - tail], new[-1 - tail]):
            tail += 1
        gone, come = len(old) - head - tail, len(new) - head - tail
        if gone == come:
            self._rows = new
            if gone:
                self.dataChanged.emit(self.index(head, 0), self.index(head + gone - 1, self.columnCount() - 1))
            return
        if gone:
            self.beginRemoveRows(QModelIndex(), head, head + gone - 1)
            self._rows = old[:head] + old[len(old) - tail:]
            self.endRemoveRows()
        if come:
            self.beginInsertRows(QModelIndex(), head, head + come - 1)
            self._rows = new  # the rows found the same, as given (a sorting view compares them with the new)
            self.endInsertRows()
        self._rows = new

    def column_texts(self, column: int) -> set[str]:
        """Every distinct text a column shows (to tell whether its widest words changed)."""
        text = self._columns[column].text
        return {text(r) for r in self._rows}

    def record(self, row: int) -> R:
        """The record shown on a row."""
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == SORT_ROLE:
            key = column.sort_key(record) if column.sort_key else column.text(record)
            return key.casefold() if isinstance(key, str) else key
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and column.background:
            colour = column.background(record)
            if colour is None:
                return None
            # Black on every palette tint reads at 5:1 or better, in light and dark themes alike.
            return _colour(colour) if role == Qt.ItemDataRole.BackgroundRole else _colour("#000000")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return self._columns[section].header_tooltip or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


_COLOURS: dict[str, QColor] = {}


def _colour(name: str) -> QColor:
    """One QColor per colour name, made once: data() runs for every painted cell."""
    colour = _COLOURS.get(name)
    if colour is None:
        colour = _COLOURS[name] = QColor(name)
    return colour
