"""The criteria tree's rows sized to their wrapped words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class WrappingDelegate(QStyledItemDelegate):
    """Sizes a row by its name and grade wrapped to their columns' widths, which QTreeView does not pass on itself."""

    def __init__(self, tree: QTreeView):
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        if index.column() > 1:
            return super().sizeHint(option, index)  # sized to its contents, so never wrapped
        width = self.tree.header().sectionSize(index.column())
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        if index.column() == 0:
            if self.tree.isFirstColumnSpanned(index.row(), index.parent()):
                width = self.tree.viewport().width()
            width -= self.tree.indentation() * (depth + int(self.tree.rootIsDecorated()))
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(width, 40), 10_000)  # a valid rect: the style wraps the text to its width
        return super().sizeHint(sized, index)
