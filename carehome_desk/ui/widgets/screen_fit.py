"""A small screen: the window never asks for more than the screen's free area, and a page taller than
the room it gets scrolls instead of squeezing its fields.

150% display scaling on a 1366×768 laptop leaves about 911×512 logical pixels, less the taskbar: a
window whose minimum is taller than that puts Save, Revert and the status bar under the taskbar.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QComboBox, QScrollArea, QVBoxLayout, QWidget

from carehome_desk.ui.widgets.first_paint import NO_FOCUS, set_qt_properties

#: The smallest window the pages are laid out for, where the screen allows it.
WANTED_MINIMUM = QSize(900, 600)
#: The title bar and borders, which a window's minimum size does not count (Windows at 150%: a 31 px title
#: bar and 8 px resize borders in logical pixels): left free so the whole window fits on the screen.
FRAME = QSize(16, 40)


def fitted_minimum(available: QRect, wanted: QSize = WANTED_MINIMUM) -> QSize:
    """``wanted``, made smaller where the screen's free area (less the window's frame) is smaller."""
    return QSize(max(1, min(wanted.width(), available.width() - FRAME.width())),
                 max(1, min(wanted.height(), available.height() - FRAME.height())))


def fit_to_screen(window: QWidget, *, size: bool = False) -> None:
    """Set the window's minimum size for the screen it is on; ``size``: also shrink the window itself to fit
    (its first size, chosen before the screen was known)."""
    screen = window.screen()
    if screen is None:  # no screen at all (never on a desktop): the usual minimum
        window.setMinimumSize(WANTED_MINIMUM)
        return
    available = screen.availableGeometry()
    window.setMinimumSize(fitted_minimum(available))
    if size:
        room = QSize(available.width() - FRAME.width(), available.height() - FRAME.height())
        window.resize(window.size().boundedTo(room).expandedTo(window.minimumSize()))


def scroll_body(page: QWidget) -> tuple[QScrollArea, QVBoxLayout]:
    """The page's layout, inside a frameless scroll area filling the page: where the page is as tall as its
    content needs it looks as before; where it is shorter, it scrolls. Returns the area and the layout to fill."""
    area = QScrollArea()
    set_qt_properties(area, focusPolicy=NO_FOCUS)  # not an unnamed Tab stop: its controls are (by number: the
    # main window imports this module before its first frame, which makes no Qt enum; first_paint.py says why)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    inner = QWidget()
    area.setWidget(inner)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return area, _FillLayout(inner)


class _FillLayout(QVBoxLayout):
    """A page's layout that fills the scroll area's height whenever its minimum allows. (Its wrapped hint
    lines give it a height for each width, which the scroll area would otherwise take as the page's height:
    then a page with room to spare would scroll, and its lists stop short of the bottom.)"""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt naming
        return False

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt naming
        """At least the wrapped lines' height at the page's present width: otherwise, on a short page, the parts
        below a hint that wraps onto more lines than its minimum were squeezed under their own minimum (the
        evidence pack's period fields, cut in half at 911×512) instead of the page scrolling."""
        size = super().minimumSize()
        margins = self.contentsMargins()
        width = self.geometry().width() - margins.left() - margins.right()
        if width <= 0:
            return size
        # The box lays out a part that wraps at its height for the width, however short the page: so count it so.
        items = [item for item in (self.itemAt(i) for i in range(self.count()))
                 if item is not None and not item.isEmpty()]
        heights = [max(item.heightForWidth(width) if item.hasHeightForWidth() else -1, item.minimumSize().height())
                   for item in items]
        needed = sum(heights) + self.spacing() * max(len(heights) - 1, 0) + margins.top() + margins.bottom()
        return QSize(size.width(), max(size.height(), needed))


class NarrowingCombo(QComboBox):
    """A drop-down as wide as ``usual`` characters where there is room, down to ``fewest`` where the page is
    narrow (the chosen text then elided), so the buttons beside it stay in view."""

    def __init__(self, usual: int, fewest: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumContentsLength(usual)
        self._spare = usual - fewest

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().minimumSizeHint()
        return QSize(hint.width() - self._spare * self.fontMetrics().horizontalAdvance("x"), hint.height())
