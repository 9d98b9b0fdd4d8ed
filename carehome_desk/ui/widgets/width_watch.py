"""Size a table's columns to their contents again only when the widest words of a column changed.

``QTableView.resizeColumnsToContents`` asks every cell for its size: on a list of a hundred and
more rows that is the costly part of showing new figures. Most saves leave every column's widest
words as they were; then the columns keep their widths.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTableView

from carehome_desk.ui.widgets.record_table_model import RecordTableModel


class WidthWatch:
    """Remembers what a table's columns were last sized to: per column, the widest text's width."""

    def __init__(self, table: QTableView, model: RecordTableModel[Any]):
        self.table, self.model = table, model
        self._widths: dict[str, int] = {}
        self._font = ""
        self._last: object = None

    def changed(self, *also: object) -> bool:
        """True (and remembered) when a visible column's widest words, the font or ``also`` differ from the
        last time this said True; sizing the columns is then needed."""
        metrics = self.table.fontMetrics()
        font = self.table.font().key()
        if font != self._font:
            self._widths, self._font = {}, font
        widest = tuple(None if self.table.isColumnHidden(c) else
                       max((self._width(metrics, t) for t in self.model.column_texts(c)), default=0)
                       for c in range(self.model.columnCount()))
        key = (font, widest, also)
        if key == self._last:
            return False
        self._last = key
        return True

    def forget(self) -> None:
        """Size the columns next time whatever they show (the table was sized some other way)."""
        self._last = None

    def _width(self, metrics: Any, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = metrics.horizontalAdvance(text)
        return width
