"""fit_columns: content width within caps and minimums; long text gives way when the table is too narrow."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from carehome_desk.ui.widgets.column_fit import fit_columns

LONG = "Make sure every member of staff has regular, recorded supervision, written up the same week"


def table(qtbot, width: int) -> QTableView:  # type: ignore[no-untyped-def]
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["Action", "Status", "Source"])
    model.appendRow([QStandardItem(LONG), QStandardItem("Overdue"), QStandardItem("Ofsted requirement — Reg 33(4)(b)")])
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(False)
    qtbot.addWidget(view)
    view.resize(width, 200)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_caps_and_minimums(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = table(qtbot, 2000)
    fit_columns(view, limits={0: 300}, minimums={1: 150})
    header = view.horizontalHeader()
    assert header.sectionSize(0) == 300  # capped: the rest elided
    assert header.sectionSize(1) == 150  # "Overdue" is narrower than its minimum
    assert header.sectionSize(2) >= view.fontMetrics().horizontalAdvance("Ofsted requirement — Reg 33(4)(b)")


def test_a_narrow_table_squeezes_the_free_text_first_and_never_below_its_minimum(qtbot) -> None:  # type: ignore[no-untyped-def]
    wide = table(qtbot, 2000)
    fit_columns(wide, limits={0: 400}, minimums={0: 200}, squeeze=[0])
    assert wide.horizontalHeader().sectionSize(0) == 400  # room enough: nothing squeezed
    view = table(qtbot, 520)
    fit_columns(view, limits={0: 400}, minimums={0: 200}, squeeze=[0])
    header = view.horizontalHeader()
    source_end = header.sectionViewportPosition(2) + header.sectionSize(2)
    assert header.sectionSize(0) < 400
    assert header.sectionSize(0) >= 200
    assert source_end <= view.viewport().width() or header.sectionSize(0) == 200


def test_a_table_read_while_hidden_is_squeezed_only_once_shown_narrow(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = QTableView()
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["Action", "Status", "Source"])
    model.appendRow([QStandardItem(LONG), QStandardItem("Overdue"), QStandardItem("Ofsted requirement — Reg 33(4)(b)")])
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(False)
    qtbot.addWidget(view)
    fit_columns(view, limits={0: 400}, minimums={0: 200}, squeeze=[0])
    fit_columns(view, limits={0: 400}, minimums={0: 200}, squeeze=[0])  # read again: one fitter, not two
    assert len([c for c in view.children() if type(c).__name__ == "_Fitter"]) == 1
    assert view.horizontalHeader().sectionSize(0) == 400  # hidden: no width to squeeze to yet
    view.resize(520, 200)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait_until(lambda: view.horizontalHeader().sectionSize(0) < 400)
    assert view.horizontalHeader().sectionSize(0) >= 200


def stretched(qtbot, width: int, *, read_first: bool) -> QTableView:  # type: ignore[no-untyped-def]
    """A table like the action plan's: long free text, then short columns, the last one stretched."""
    model = QStandardItemModel(0, 4)
    model.setHorizontalHeaderLabels(["Who", "Action", "Source", "Status"])
    for n in range(3):
        model.appendRow([QStandardItem(f"Name {n}"), QStandardItem(LONG * 3), QStandardItem("Reg 44(4)(b)"),
                         QStandardItem("Overdue")])
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(True)
    qtbot.addWidget(view)
    view.resize(width, 300)
    if read_first:
        fit_columns(view, squeeze=[1])  # read while hidden, as a page is before it is shown
    view.show()
    qtbot.waitExposed(view)
    if not read_first:
        fit_columns(view, squeeze=[1])
    return view


def fits(view: QTableView) -> bool:
    header = view.horizontalHeader()
    return sum(header.sectionSize(c) for c in range(header.count())) <= view.viewport().width()


def test_a_stretched_last_column_still_fits_again_when_shown_and_resized(qtbot) -> None:  # type: ignore[no-untyped-def]
    shown = stretched(qtbot, 500, read_first=True)
    qtbot.wait_until(lambda: fits(shown))
    view = stretched(qtbot, 1200, read_first=False)
    view.resize(500, 300)
    qtbot.wait_until(lambda: fits(view))  # the last column ("Status") is not cut off
    assert view.horizontalHeader().sectionSize(1) >= 120


def test_widths_the_manager_drags_stand_until_the_table_is_read_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = stretched(qtbot, 1200, read_first=False)
    header = view.horizontalHeader()
    area = header.viewport()
    edge = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) - 1, header.height() // 2)
    QTest.mousePress(area, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, edge)
    header.resizeSection(0, 400)  # what the header's drag does while the button is down
    QTest.mouseRelease(area, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, edge)
    view.resize(500, 300)
    qtbot.wait(50)
    assert header.sectionSize(0) == 400 and not fits(view)  # their width stands
    fit_columns(view, squeeze=[1])  # read again: fitted afresh
    qtbot.wait_until(lambda: fits(view))


def test_until_squeezes_only_what_brings_that_column_into_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = table(qtbot, 400)  # the capped action (400 px) alone would fill it
    header = view.horizontalHeader()
    fit_columns(view, limits={0: 400}, minimums={0: 100}, squeeze=[0], until=1)
    assert header.sectionSize(0) < 400
    status_end = header.sectionViewportPosition(1) + header.sectionSize(1)
    assert status_end == view.viewport().width()  # "Status" just whole in view: no more given up than that
    assert header.sectionViewportPosition(2) + header.sectionSize(2) > view.viewport().width()  # "Source" may run on
