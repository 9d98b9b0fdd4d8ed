"""The focus ring: a 2 px outline in the highlight colour round whichever control has the focus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.ui.widgets.focus_ring import MARGIN, FocusRing, RingFrame, install_focus_ring


@pytest.fixture(autouse=True)
def ring() -> Iterator[FocusRing]:
    """The application's ring for one test, then gone: other tests' windows stay as they were."""
    installed = install_focus_ring(QApplication.instance())  # type: ignore[arg-type]
    yield installed
    shiboken6.delete(installed)


def _form(qtbot):  # type: ignore[no-untyped-def]
    window = QDialog()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(20, 20, 20, 20)
    row = QHBoxLayout()
    field, button = QLineEdit(), QPushButton("Save")
    row.addWidget(field)
    row.addWidget(button)
    layout.addLayout(row)
    splitter = QSplitter()
    table = QTableWidget(3, 2)
    splitter.addWidget(table)
    splitter.addWidget(QWidget())
    layout.addWidget(splitter)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, field, button, splitter, table


def _ring(window: QWidget) -> RingFrame:
    frames = [f for f in window.findChildren(RingFrame) if f.isVisible()]
    assert len(frames) == 1
    return frames[0]


def _on_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _is_highlight(colour: QColor, highlight: QColor) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(colour.getRgb()[:3], highlight.getRgb()[:3]))


def test_the_ring_goes_round_the_focused_control_and_follows_the_focus(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, field, button, _splitter, _table = _form(qtbot)
    field.setFocus()
    qtbot.waitUntil(lambda: field.hasFocus())
    ring = _ring(window)
    assert ring.geometry() == _on_window(field).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    button.setFocus()
    qtbot.waitUntil(lambda: button.hasFocus())
    assert _ring(window).geometry() == _on_window(button).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    # Drawn: the ring's outer pixels, left of the button, are in the highlight colour; inside, the button shows.
    highlight = button.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    picture = window.grab().toImage()
    where = _on_window(button)
    left_edge = picture.pixelColor(where.left() - MARGIN, where.center().y())
    assert _is_highlight(left_edge, highlight), left_edge.name()
    assert not _is_highlight(picture.pixelColor(where.center()), highlight)


def test_a_control_flush_with_a_splitter_keeps_its_ring_and_the_splitter_its_panes(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _field, _button, splitter, table = _form(qtbot)
    table.setFocus()
    qtbot.waitUntil(lambda: table.hasFocus())
    assert splitter.count() == 2  # the ring was not taken in as a third pane
    ring = _ring(window)
    assert ring.geometry().contains(_on_window(table))
    assert _on_window(splitter).contains(ring.geometry())  # pulled in to the splitter's edge, not cut off


def test_installing_twice_keeps_one_ring(ring: FocusRing) -> None:
    app = QApplication.instance()
    assert install_focus_ring(app) is ring  # type: ignore[arg-type]
    assert len(app.findChildren(FocusRing)) == 1
