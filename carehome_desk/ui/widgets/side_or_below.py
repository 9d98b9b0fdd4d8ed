"""A main column with a side column beside it where the page has the width for both, and under it where it has
not (150% display scaling on a 1366×768 laptop leaves a page about 690 px wide), so neither is cut at the right
edge and nothing needs sideways scrolling."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget


class SideOrBelow(QWidget):
    """``main`` then ``side`` left to right while the width allows ``main`` at its narrowest and ``side`` at
    ``side_needs`` pixels; otherwise ``side`` under ``main``. ``side_width`` caps the side column beside the main
    one; below, it may be as wide as ``main`` may be."""

    def __init__(self, main: QWidget, side: QWidget, *, side_needs: int, side_width: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.main, self.side = main, side
        self.side_needs, self.side_width = side_needs, side_width
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.addWidget(main, 3)
        self.columns.addWidget(side, 2)
        self.columns.addStretch(0)
        side.setMaximumWidth(side_width)

    @property
    def below(self) -> bool:
        """True while the side column is under the main one."""
        return self.columns.direction() == QBoxLayout.Direction.TopToBottom

    def beside_width(self) -> int:
        """The narrowest width that has both side by side."""
        return self.main.minimumSizeHint().width() + self.columns.spacing() + self.side_needs

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        below = event.size().width() < self.beside_width()
        if below != self.below:
            self.columns.setDirection(QBoxLayout.Direction.TopToBottom if below else QBoxLayout.Direction.LeftToRight)
            self.side.setMaximumWidth(self.main.maximumWidth() if below else self.side_width)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        """As narrow as one column above the other allows, even while side by side: the side column moves down
        rather than widen the page."""
        return QSize(max(self.main.minimumSizeHint().width(), self.side.minimumSizeHint().width()),
                     super().minimumSizeHint().height())
