"""A visible focus ring: a 2 px outline in the palette's highlight colour around the focused control.

Qt's own focus cue is a thin dotted line or a faint tint that some styles (Fusion, Windows 11)
barely draw. A style sheet ``:focus { border: ... }`` would repaint every button and field in
the style sheet's flat look and make them jump by the border's width as focus moves, so the
ring is drawn instead by one small see-through widget laid just outside the focused control:
the control itself looks exactly as the platform draws it. One ring follows the focus across
the application (``install_focus_ring``), in every window and dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QMenu, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

#: The ring's width and the gap between it and the control, in pixels.
RING_WIDTH = 2
GAP = 1
MARGIN = RING_WIDTH + GAP
#: What moves the ring with its control.
_FOLLOW = {QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.ParentChange,
           QEvent.Type.ZOrderChange}


class RingFrame(QWidget):
    """The ring itself: transparent, never takes the mouse or the focus, drawn above its neighbours."""

    def __init__(self, parent: QWidget):
        from PySide6.QtCore import Qt  # once something has the focus: not before the first paint (first_paint.py)

        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colour = self.palette().color(QPalette.ColorRole.Highlight)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPainter, QPen  # each type's first use makes its enums: not before the first paint

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.colour, RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)


def ringed(widget: QWidget | None) -> QWidget | None:
    """The control a ring goes round when ``widget`` has the focus, or None for no ring."""
    if widget is None or widget.isWindow():
        return None
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox | QComboBox):  # the field inside a spin box or editable combo
        widget = parent
    ancestor: QWidget | None = widget
    while ancestor is not None:
        if isinstance(ancestor, QMenu):  # a pop-up (the date picker's calendar) draws its own cues
            return None
        ancestor = ancestor.parentWidget()
    return widget if widget.parentWidget() is not None else None


class FocusRing(QObject):
    """Moves one ring to whichever control has the focus, and keeps it there as the control moves."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.frame: RingFrame | None = None
        self.target: QWidget | None = None
        self._watched: list[QWidget] = []
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for widget in self._watched:
            if isValid(widget):
                widget.removeEventFilter(self)
        self.target = ringed(new)
        # The control and everything it sits in: a scroll or a layout change moves it without telling it.
        self._watched = _chain(self.target) if self.target is not None else []
        for widget in self._watched:
            widget.installEventFilter(self)
        self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() in _FOLLOW and watched in self._watched:
            self.place()
        return False

    def place(self) -> None:
        """Put the ring round the focused control, or hide it when there is none to show."""
        target = self.target if self.target is not None and isValid(self.target) else None
        if target is None or target.parentWidget() is None or not target.isVisible():
            if self.frame is not None and isValid(self.frame):
                self.frame.hide()
            return
        # The ring lives in the control's window, above everything: as a child of the control's own
        # parent it could be taken in as a pane by a splitter, or hidden under a neighbour.
        window = target.window()
        if self.frame is None or not isValid(self.frame):  # its last window was closed and took it along
            self.frame = RingFrame(window)
        elif self.frame.parentWidget() is not window:
            self.frame.setParent(window)
        self.frame.colour = target.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        # Outside the control where there is room; where it is flush with the edge of what holds it (a
        # table filling a splitter, a field scrolled half out of view) the ring comes in over the
        # control's own frame rather than be cut off.
        where = QRect(target.mapTo(window, QPoint(0, 0)), target.size())
        self.frame.setGeometry(where.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN).intersected(_visible(target)))
        self.frame.raise_()
        self.frame.show()
        self.frame.update()


def _chain(widget: QWidget) -> list[QWidget]:
    """The widget and its parents up to (not including) its window."""
    chain = []
    current: QWidget | None = widget
    while current is not None and not current.isWindow():
        chain.append(current)
        current = current.parentWidget()
    return chain


def _visible(widget: QWidget) -> QRect:
    """The part of the window the widget's parent shows, in the window's coordinates."""
    window = widget.window()
    area = window.rect()
    for holder in _chain(widget)[1:]:
        area = area.intersected(QRect(holder.mapTo(window, QPoint(0, 0)), holder.size()))
    return area


def install_focus_ring(app: QApplication) -> FocusRing:
    """Draw the focus ring in every window of the application from now on."""
    # Remembered here, not found with app.findChild or app.children(): either first uses Qt's enums, which
    # wait until after the first paint (first_paint.py).
    global _installed
    if _installed is None or not isValid(_installed) or _installed.parent() is not app:
        _installed = FocusRing(app)
    return _installed


_installed: FocusRing | None = None
