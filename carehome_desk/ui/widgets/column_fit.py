"""Table columns sized to what they hold, within limits, so a 1366×768 laptop shows every column readably."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

#: No column is sized wider than this from its content: one long note must not push the rest out of view.
MAX_COLUMN = 320


def fit_columns(table: QTableView, *, maximum: int = MAX_COLUMN, limits: Mapping[int, int] | None = None,
                minimums: Mapping[int, int] | None = None) -> None:
    """Size each column to its header and content, then cap it (``limits`` per column, else ``maximum``).

    A capped cell is elided at its end ("…") and its full text stays in the tooltip; ``minimums``
    keep a column (a name) readable even when its content is short. A stretched last column
    still takes whatever width is left over.
    """
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    limits = limits or {}
    minimums = minimums or {}
    for column in range(header.count()):
        width = header.sectionSize(column)
        cap = limits.get(column, maximum)
        floor = minimums.get(column, 0)
        wanted = max(min(width, cap), floor)
        if wanted != width:
            header.resizeSection(column, wanted)
