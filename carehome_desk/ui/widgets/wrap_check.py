"""A tick box whose text wraps, for long statutory wording in narrow columns."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget


class _ClickLabel(QLabel):
    """Clicking the words ticks the box, as with an ordinary check box."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self.isEnabled():
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class WrapCheck(QWidget):
    """QCheckBox plus a word-wrapped label; keyboard focus and the accessible name are the box's."""

    toggled = Signal(bool)
    #: FieldForm gives this field the form's full width, so the words wrap at its edge.
    full_width = True

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.label = _ClickLabel(text)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # level with the box
        self.label.setBuddy(self.box)
        self.label.clicked.connect(self.box.toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusProxy(self.box)
        self.box.toggled.connect(self.toggled.emit)

    def text(self) -> str:
        """The words beside the box."""
        return self.label.text()

    def isChecked(self) -> bool:  # noqa: N802 - Qt naming
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:  # noqa: N802 - Qt naming
        self.box.setChecked(checked)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        super().setAccessibleName(name)
        if name:
            self.box.setAccessibleName(name)
