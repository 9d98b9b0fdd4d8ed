"""Table columns sized to what they hold, within limits, so a 1366×768 laptop shows every column readably."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

#: No column is sized wider than this from its content: one long note must not push the rest out of view.
MAX_COLUMN = 320


def fit_columns(table: QTableView, *, maximum: int = MAX_COLUMN, limits: Mapping[int, int] | None = None,
                minimums: Mapping[int, int] | None = None, squeeze: Sequence[int] = ()) -> None:
    """Size each column to its header and content, then cap it (``limits`` per column, else ``maximum``).

    A capped cell is elided at its end ("…") and its full text stays in the tooltip; ``minimums``
    keep a column (a name) readable even when its content is short. When the columns are still
    wider than the table, the ``squeeze`` columns (long free text, in that order) give up width,
    down to their minimum (else 120 px), so the short columns after them (a regulation, a
    status) stay in view. A stretched last column still takes whatever width is left over.
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
    room = table.viewport().width()
    over = sum(header.sectionSize(c) for c in range(header.count())) - room
    for column in squeeze:
        if over <= 0 or room <= 0:
            break
        width = header.sectionSize(column)
        give = min(over, width - minimums.get(column, 120))
        if give > 0:
            header.resizeSection(column, width - give)
            over -= give
