"""A table whose first column stays in view while the others scroll sideways (after Qt's frozen-column example).

A second, focus-less view of the same model and selection sits over the first column; the main
view keeps the keyboard focus, so screen readers and keyboard use see one ordinary table.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnTableView(QTableView):
    """QTableView with column 0 frozen on the left."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the record below; arrows move in it
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumn")
        self.frozen.setAccessibleName("Names (stay in view while scrolling sideways)")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # A firm line on the right of the frozen column shows where the scrolling part starts.
        self.frozen.setStyleSheet("QTableView#frozenColumn { border: none; border-right: 2px solid palette(mid); }")
        self.viewport().stackUnder(self.frozen)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(self._row_resized)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sortIndicatorChanged.connect(self._main_sorted)
        self.frozen.horizontalHeader().sortIndicatorChanged.connect(self._frozen_sorted)
        self.frozen.show()

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt naming
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._sync_columns)
            model.layoutChanged.connect(self._sync_columns)
        self._sync_columns()

    def setSortingEnabled(self, enable: bool) -> None:  # noqa: N802 - Qt naming
        super().setSortingEnabled(enable)
        self.frozen.setSortingEnabled(enable)

    def _main_sorted(self, column: int, order: Qt.SortOrder) -> None:
        self.frozen.horizontalHeader().setSortIndicator(column, order)

    def _frozen_sorted(self, column: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicator(column, order)

    def _sync_columns(self) -> None:
        model = self.model()
        columns = model.columnCount() if model is not None else 0
        for column in range(columns):
            self.frozen.setColumnHidden(column, column != 0)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        self._update_geometry()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column == 0:
            self.frozen.setColumnWidth(0, new)
            self._update_geometry()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        self.frozen.setRowHeight(row, new)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._update_geometry()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt naming
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
            self._update_geometry()

    def _update_geometry(self) -> None:
        frame = self.frameWidth()
        x = frame + (self.verticalHeader().width() if self.verticalHeader().isVisible() else 0)
        self.frozen.setGeometry(x, frame, self.columnWidth(0) + 2,
                                self.viewport().height() + self.horizontalHeader().height())

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        current = super().moveCursor(action, modifiers)
        # Moving left must not hide the new cell under the frozen column.
        if (action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0
                and self.visualRect(current).topLeft().x() < self.frozen.columnWidth(0)):
            shift = self.visualRect(current).topLeft().x() - self.frozen.columnWidth(0)
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + shift)
        return current

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt naming
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() > 0:
            super().scrollTo(index, hint)
            return
        # The frozen column is always in view: scroll up or down only, never sideways.
        keep = self.horizontalScrollBar().value()
        super().scrollTo(index, hint)
        self.horizontalScrollBar().setValue(keep)
