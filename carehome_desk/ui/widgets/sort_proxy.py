"""Sorting on raw values and filtering on any column's text, for every register table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from carehome_desk.ui.widgets.record_table_model import SORT_ROLE


class RecordSortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; the filter text matches any column, ignoring case."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._needle = ""

    def setFilterFixedString(self, pattern: str) -> None:  # noqa: N802 - Qt naming
        """Filter on text in any column, ignoring case."""
        self._needle = pattern.casefold()
        super().setFilterFixedString(pattern)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        # Qt's own text filter asks the model for every column of every row on each keystroke;
        # the model keeps each row's text joined and case-folded, so a keystroke is one 'in' per row.
        if not self._needle:
            return True
        haystack = getattr(self.sourceModel(), "haystack", None)
        if haystack is None:
            return super().filterAcceptsRow(source_row, source_parent)
        return self._needle in haystack(source_row)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        a = left.data(SORT_ROLE)
        b = right.data(SORT_ROLE)
        # Empty values (no date yet) sort after real ones in ascending order.
        if a is None or b is None:
            return a is not None and b is None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def refilter(self, change: Callable[[], None]) -> None:
        """Apply a change to a custom row filter and re-run it (Qt 6.9+ has an API for exactly this)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # older Qt
            change()
            self.invalidateRowsFilter()
