"""What Ofsted said for a finding: a wrapped box of several lines, so a long requirement is read in full."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from carehome_desk.models.quality import Finding, Inspection
from carehome_desk.store import Store
from carehome_desk.ui.quality.inspection_dialog import InspectionDialog

SAID = ("The registered person must ensure that records of the use of restraint are completed, signed and "
        "reviewed within 48 hours, and that the child's views are sought and recorded in every case.")


def _dialog(qtbot, store: Store) -> InspectionDialog:  # type: ignore[no-untyped-def]
    (home,) = store.homes.list()
    dialog = InspectionDialog(store, home.id, "Priya Fairbairn")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.inspected.line.setText("14/10/2026")
    dialog.findings.add_requirement.click()
    row = dialog.findings.rows[0]
    row.text.setText(SAID)
    row.regulation.setText("Reg 35(3)(b)")
    row.due.line.setText("30/11/2026")
    return dialog


def test_what_ofsted_said_shows_several_wrapped_lines(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, home_store)
    box = dialog.findings.rows[0].text
    assert isinstance(box, QPlainTextEdit)
    assert box.lineWrapMode() is QPlainTextEdit.LineWrapMode.WidgetWidth
    assert box.height() >= 3 * box.fontMetrics().lineSpacing()
    qtbot.wait(50)  # laid out at the box's width
    lines = box.document().firstBlock().layout().lineCount()
    assert box.blockCount() == 1 and 2 <= lines <= 4  # one paragraph, wrapped, all of it in view
    below = dialog.findings.add_requirement
    assert box.geometry().bottom() < below.geometry().top()  # the dialog grew: the box lies over nothing
    dialog.grab().save("/tmp/gs.png")


def test_enter_in_the_box_adds_a_line_and_ctrl_enter_saves(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, home_store)
    box = dialog.findings.rows[0].text
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.toPlainText() == SAID + "\n" and dialog.isVisible()  # a new line, not a save
    assert home_store.quality.inspections(dialog.home_id) == []
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    (saved,) = home_store.quality.inspections(dialog.home_id)
    assert saved.findings == (Finding(SAID, True, "Reg 35(3)(b)", saved.findings[0].due),)


def test_enter_elsewhere_in_the_dialog_still_saves(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, home_store)
    dialog.findings.rows[0].regulation.setFocus()
    qtbot.keyClick(dialog.findings.rows[0].regulation, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [i.findings[0].text for i in home_store.quality.inspections(dialog.home_id)] == [SAID]


def test_a_saved_finding_opens_in_full(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    (home,) = home_store.homes.list()
    dialog = InspectionDialog(home_store, home.id, "Priya Fairbairn",
                              Inspection(home.id, home_store.today(), findings=(Finding(SAID, False, "Guide 15.4"),)))
    qtbot.addWidget(dialog)
    assert dialog.findings.rows[0].text.text() == SAID
