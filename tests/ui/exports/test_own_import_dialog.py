"""File → Import from my own spreadsheet: a wide matrix mapped keyboard-only, then checked record by record.

The engine (reading, suggesting, checking, importing) is the real one on a real SQLite store; the
system's file picker is the only stand-in (the path is typed into the File line instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from carehome_desk.importing.own.mapping import IGNORE, NEW_COURSE, Layout
from carehome_desk.models.changes import Register
from carehome_desk.store import Store
from carehome_desk.ui.exports.own_import_dialog import CHECK, COLUMNS, FILE, PREVIEW, OwnImportDialog
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.enter_key import install_enter_presses_buttons
from tests.ui.exports.own_import_data import HEADER_ROW, HIDDEN, course_headers, write_matrix
from tests.ui.keyboard_audit import mnemonic_clashes, spoken_name, unnamed_controls
from tests.ui.test_keyboard_only import activate, focus, press, tab_to

ALT = Qt.KeyboardModifier.AltModifier
HEADERS = ["Name", "Role", "Start date", *course_headers()]


@pytest.fixture(autouse=True)
def enter_presses_buttons() -> Iterator[None]:
    watcher = install_enter_presses_buttons(QApplication.instance())  # type: ignore[arg-type]  # as the app does
    yield
    shiboken6.delete(watcher)


def open_dialog(qtbot, store: Store) -> OwnImportDialog:  # type: ignore[no-untyped-def]
    (home,) = store.homes.list()
    dialog = OwnImportDialog(store, home.id)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    return dialog


def idle(qtbot, dialog: OwnImportDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dialog.runner.is_running(), timeout=30_000)


def go_to_column(qtbot, dialog: OwnImportDialog, header: str) -> None:  # type: ignore[no-untyped-def]
    """From the column list: Ctrl+Home, then Down until the row of ``header`` (keys only)."""
    view = dialog.columns_step.view
    tab_to(qtbot, spoken_name(view))
    press(qtbot, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(HEADERS.index(header)):
        press(qtbot, Qt.Key.Key_Down)
    assert dialog.columns_step.current() is not None and dialog.columns_step.current().header == header


def test_a_wide_matrix_mapped_checked_and_imported_with_the_keyboard_alone(qtbot, home_store: Store,
                                                                           tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_matrix(tmp_path / "Training matrix 2025.xlsx")
    assert len(course_headers()) >= 30
    dialog = open_dialog(qtbot, home_store)
    assert spoken_name(focus()) == "File to import"

    # 1. The file: typed into the File line; Enter reads it. The matrix layout is already chosen.
    qtbot.keyClicks(focus(), str(path))
    press(qtbot, Qt.Key.Key_Return)
    idle(qtbot, dialog)
    assert dialog.source is not None and dialog.file_step.ticked() == ["Matrix 2025"]
    assert dialog.file_step.chosen_layout() is Layout.MATRIX
    press(qtbot, Qt.Key.Key_N, ALT)  # a button's Alt+letter clicks it a moment later
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PREVIEW)

    # 2. The header row: found on row 4 (under the merged title and the Mandatory/Specialist row); moved
    #    down and back with the arrow keys.
    spin = dialog.preview_step.header_spin
    assert focus() is spin and spin.value() == HEADER_ROW
    assert dialog.preview_step.model.headerData(0, Qt.Orientation.Vertical) == "1 (above the headings)"
    assert dialog.preview_step.model.headerData(HEADER_ROW - 1, Qt.Orientation.Vertical) == "4 (header)"
    hidden = HEADERS.index(HIDDEN)
    assert dialog.preview_step.model.headerData(hidden, Qt.Orientation.Horizontal).endswith("(hidden)")
    press(qtbot, Qt.Key.Key_Up)
    assert dialog.shown_sheet().header_row == HEADER_ROW + 1
    assert dialog.shown_sheet().columns[0].header == "Aisha Brennan"  # the columns follow the header row
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.shown_sheet().header_row == HEADER_ROW
    assert [c.header for c in dialog.shown_sheet().columns] == HEADERS
    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == COLUMNS)

    # 3. Columns: the close name is a guess to confirm (Space on its row); a course not in the catalogue
    #    is added (renewal 24 months); another is left out; the hidden old course stays out.
    step = dialog.columns_step
    columns = {c.header: c for c in dialog.shown_sheet().columns}
    assert columns["Fire Safety Awareness"].target == "course:Fire safety"
    assert not columns["Fire Safety Awareness"].confirmed
    assert columns["First aid"].target == "course:First aid" and columns["First aid"].confirmed
    assert columns[HIDDEN].target == IGNORE
    go_to_column(qtbot, dialog, "Fire Safety Awareness")
    assert step.model.index(step.current().index, 3).data() == "Guess: press Space to confirm"
    press(qtbot, Qt.Key.Key_Space)
    assert columns["Fire Safety Awareness"].confirmed
    assert step.model.index(columns["Fire Safety Awareness"].index, 3).data() == "Confirmed"

    go_to_column(qtbot, dialog, "Sleep-in awareness")
    combo = tab_to(qtbot, "Imports as")
    assert isinstance(combo, QComboBox)
    press(qtbot, Qt.Key.Key_End)  # the last choice: Add as a new course
    assert columns["Sleep-in awareness"].target == NEW_COURSE + "Sleep-in awareness"
    renewal = tab_to(qtbot, "Renewal interval of the new course")
    qtbot.keyClick(renewal, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focus(), "24")
    press(qtbot, Qt.Key.Key_Tab)  # leaving the field keeps the interval
    assert dialog.mapping.new_courses["Sleep-in awareness"] == 24

    go_to_column(qtbot, dialog, "Team Teach refresher")
    tab_to(qtbot, "Imports as")
    press(qtbot, Qt.Key.Key_Home)  # the first choice: Leave out
    assert columns["Team Teach refresher"].target == IGNORE

    wrong = [c.header for c in dialog.shown_sheet().columns if not c.confirmed and c.header != "Driving the minibus"]
    assert "Fire marshal" in wrong  # guessed as Fire safety: wrong
    for header in wrong:  # each wrong guess left out
        go_to_column(qtbot, dialog, header)
        tab_to(qtbot, "Imports as")
        press(qtbot, Qt.Key.Key_Home)
        assert columns[header].target == IGNORE and columns[header].confirmed
    assert columns["Pool safety"].target == IGNORE
    go_to_column(qtbot, dialog, "Driving the minibus")  # offered as a new course: right, confirmed with Enter
    assert columns["Driving the minibus"].target == NEW_COURSE + "Driving the minibus"
    press(qtbot, Qt.Key.Key_Return)
    assert columns["Driving the minibus"].confirmed and dialog.stack.currentIndex() == COLUMNS
    assert all(c.confirmed for c in dialog.mapping.sheets[0].columns)
    assert "guess" not in step.summary.text()

    # 4. The check: Medication administration mixes 13/04 and 04/13, so its 03/04/2025 waits for an answer.
    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == CHECK)
    idle(qtbot, dialog)
    result = dialog.result
    assert result is not None and result.dry_run and result.blocked
    assert [(a.row, a.text) for a in result.ambiguous] == [(HEADER_ROW + 3, "03/04/2025")]
    assert not dialog.import_button.isEnabled()
    todo = [dialog.check_step.blocked.item(i).text() for i in range(dialog.check_step.blocked.count())]
    assert len(todo) == 1 and "'Medication administration' mixes date orders" in todo[0]
    assert '"dates_confirmed"' not in todo[0]  # the map file's keys are for the command line, not the window
    assert spoken_name(focus()) == "Date order in Matrix 2025, column " + result.ambiguous[0].column
    press(qtbot, Qt.Key.Key_Down)  # These dates are right as read (day first): checked again at once
    idle(qtbot, dialog)
    result = dialog.result
    assert not result.blocked
    assert [(e.row, e.column) for e in result.errors] == [(HEADER_ROW + 2, "Medication administration")]
    assert not dialog.import_button.isEnabled() and dialog.good_rows_button.isEnabled()
    (answered,) = dialog.check_step.order_combos  # still there, so the answer can be changed
    assert answered.currentText() == "These dates are right as read (day first)"
    assert home_store.staff.list() == []  # nothing written by the checks

    with qtbot.waitSignal(dialog.changed, timeout=30_000) as changed:
        press(qtbot, Qt.Key.Key_W, ALT)  # Import the good rows only
        qtbot.waitUntil(lambda: dialog.runner.is_running() or dialog.result.written, timeout=5000)
    idle(qtbot, dialog)
    assert changed.args[0].touches(Register.TRAINING)

    # What is in the store, record by record.
    staff = {m.full_name: m for m in home_store.staff.list()}
    assert sorted((name, m.role.label, m.start_date) for name, m in staff.items()) == [
        ("Aisha Brennan", "Residential childcare worker", date(2023, 3, 3)),
        ("Jo Lam", "Team leader / senior", date(2022, 9, 12)),
        ("Priya Fairbairn", "Registered manager", date(2019, 5, 1)),
        ("Sam Kerr", "Deputy manager", date(2021, 1, 8))]  # Sam's one bad cell is left out, not Sam
    courses = {c.name: c for c in home_store.workforce.courses()}
    assert courses["Sleep-in awareness"].renewal_months == 24
    assert courses["Driving the minibus"].renewal_months == 12
    assert "Team Teach refresher" not in courses and HIDDEN not in courses and "Fire marshal" not in courses
    done = {(m.full_name, courses_by_id(home_store)[r.course_id]): r.completed
            for m in staff.values() for r in home_store.workforce.training_for(m.id)}
    assert done[("Aisha Brennan", "Fire safety")] == date(2025, 1, 10)
    assert done[("Jo Lam", "Fire safety")] == date(2025, 3, 12)
    assert done[("Aisha Brennan", "First aid")] == date(2025, 4, 3)  # 03/04/2025 read day first
    assert done[("Aisha Brennan", "Medication administration")] == date(2025, 4, 13)
    assert done[("Jo Lam", "Medication administration")] == date(2025, 4, 3)  # confirmed as read
    assert done[("Aisha Brennan", "Sleep-in awareness")] == date(2025, 2, 1)
    assert done[("Aisha Brennan", "Driving the minibus")] == date(2024, 6, 1)
    assert ("Sam Kerr", "Driving the minibus") not in done  # 'N/A': reported, not imported
    assert not any(course == "Physical intervention and de-escalation" for _, course in done)  # Team Teach left out
    # Fire safety, Safeguarding, First aid and Sleep-in for all four; Medication for three; the minibus for one.
    assert len(done) == 4 * 4 + 3 + 1
    assert not any(course == HIDDEN for _, course in done)
    assert ("Sam Kerr", "Medication administration") not in done
    assert "remembered" in dialog.check_step.status.text()


def courses_by_id(store: Store) -> dict[object, str]:
    return {c.id: c.name for c in store.workforce.courses(include_archived=True)}


def map_and_import(qtbot, dialog: OwnImportDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The first month: read, accept every guess and every date as read, import the good rows."""
    dialog.set_path(path)
    idle(qtbot, dialog)
    for sheet in dialog.mapping.sheets:
        for column in sheet.columns:
            column.dates_confirmed = True
            if not column.confirmed:  # the close names right, the other guesses wrong
                column.confirmed = True
                if column.header not in ("Fire Safety Awareness", "Sleep-in awareness"):
                    column.target = IGNORE
    dialog.stack.setCurrentIndex(CHECK)
    idle(qtbot, dialog)
    assert not dialog.result.blocked
    dialog.run_import(skip_bad_rows=True)
    idle(qtbot, dialog)
    assert dialog.result.written


def test_next_months_file_opens_on_the_check_mapped_as_last_time(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = open_dialog(qtbot, home_store)
    map_and_import(qtbot, first, write_matrix(tmp_path / "matrix-november.xlsx"))
    first.close()

    later = write_matrix(tmp_path / "matrix-december.xlsx", first_aid="20/11/2026", medication=[])
    dialog = open_dialog(qtbot, home_store)
    dialog.set_path(later)
    idle(qtbot, dialog)
    assert dialog.banner.isVisible()
    assert dialog.banner.text() == "Mapped as last time (22/11/2026): check and import."
    assert dialog.stack.currentIndex() == CHECK
    assert dialog.result is not None and not dialog.result.blocked and not dialog.result.errors
    columns = {c.header: c for c in dialog.mapping.sheets[0].columns}
    assert columns["Fire Safety Awareness"].confirmed and columns["Fire Safety Awareness"].target == "course:Fire safety"
    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    with qtbot.waitSignal(dialog.changed, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # the one click
    idle(qtbot, dialog)
    aisha = next(m for m in home_store.staff.list() if m.full_name == "Aisha Brennan")
    first_aid = next(c.id for c in home_store.workforce.courses() if c.name == "First aid")
    assert date(2026, 11, 20) in {r.completed for r in home_store.workforce.training_for(aisha.id)
                                  if r.course_id == first_aid}


def test_a_broken_file_says_so_in_one_sentence_and_writes_nothing(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "matrix.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    audit_before = len(home_store.audit.entries())
    dialog = open_dialog(qtbot, home_store)
    dialog.set_path(broken)
    idle(qtbot, dialog)
    text = dialog.file_step.notes.text()
    assert "matrix.xlsx" in text and text.count(".") >= 1 and "\n" not in text.strip()
    assert dialog.file_step.notes.property("role") == "error"
    assert dialog.source is None and dialog.file_step.sheets.count() == 0
    dialog.next()
    assert dialog.stack.currentIndex() == FILE
    assert len(home_store.audit.entries()) == audit_before and home_store.staff.list() == []


def test_a_staff_list_without_a_role_column_is_blocked_until_a_role_is_given(qtbot, home_store: Store,
                                                                            tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "staff.csv"
    path.write_text("Surname,First name,Start date\nBrennan,Aisha,03/03/2023\nKerr,Sam,08/01/2021\n", "utf-8")
    dialog = open_dialog(qtbot, home_store)
    dialog.file_step.set_layout(Layout.STAFF)
    dialog.set_path(path)
    idle(qtbot, dialog)
    dialog.stack.setCurrentIndex(COLUMNS)
    role = dialog.columns_step.default_edits.get("role")
    assert role is not None and role.isVisibleTo(dialog)
    dialog.stack.setCurrentIndex(CHECK)
    idle(qtbot, dialog)
    assert dialog.result.blocked and not dialog.import_button.isEnabled()
    todo = [dialog.check_step.blocked.item(i).text() for i in range(dialog.check_step.blocked.count())]
    assert any("role" in t.lower() for t in todo), todo
    assert dialog.check_step.tabs.currentWidget() is dialog.check_step.blocked
    assert "Not ready to import" in dialog.check_step.status.text()
    dialog.stack.setCurrentIndex(COLUMNS)
    role.setText("Residential childcare worker")
    role.editingFinished.emit()
    dialog.stack.setCurrentIndex(CHECK)
    idle(qtbot, dialog)
    assert not dialog.result.blocked and dialog.import_button.isEnabled()
    dialog.run_import(skip_bad_rows=False)
    idle(qtbot, dialog)
    assert sorted((m.full_name, m.role.label) for m in home_store.staff.list()) == [
        ("Aisha Brennan", "Residential childcare worker"), ("Sam Kerr", "Residential childcare worker")]


def test_every_step_is_named_and_has_no_alt_letter_clashes(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, home_store)
    dialog.set_path(write_matrix(tmp_path / "matrix.xlsx"))
    idle(qtbot, dialog)
    for step in (FILE, PREVIEW, COLUMNS, CHECK):
        dialog.stack.setCurrentIndex(step)
        idle(qtbot, dialog)
        assert mnemonic_clashes(dialog) == [], step
        assert unnamed_controls(dialog) == [], step
        default = next((b for b in (dialog.next_button, dialog.import_button) if b.isDefault()), None)
        assert default is not None and default.isVisible(), step


def test_the_file_menu_opens_it_and_an_import_refreshes_the_training_page(qtbot, window: MainWindow,
                                                                          home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    action = next(a for m in window.menuBar().actions() if m.text() == "&File" for a in m.menu().actions()
                  if a.text() == "Import from &my own spreadsheet…")
    assert action.shortcut().toString() == "Ctrl+Shift+I"
    action.trigger()
    dialog = window.findChild(OwnImportDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Into Oak Lodge (SC123456)." in dialog.intro.text()
    with qtbot.waitSignal(window.data_changed, timeout=30_000):
        map_and_import(qtbot, dialog, write_matrix(tmp_path / "matrix.xlsx"))
    with qtbot.waitSignal(dialog.destroyed, timeout=5000):
        dialog.close()


def test_a_matrix_on_two_sheets_imports_both_and_the_hidden_lists_sheet_is_left_unticked(qtbot, home_store: Store,
                                                                                        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.importing.own import corpus

    dialog = open_dialog(qtbot, home_store)
    dialog.set_path(corpus.matrix_file(tmp_path, "xlsx"))
    idle(qtbot, dialog)
    sheets = dialog.file_step.sheets
    assert [sheets.item(i).data(Qt.ItemDataRole.UserRole) for i in range(sheets.count())] == [
        "Matrix", "Bank staff", "Lists"]
    assert "hidden in the file" in sheets.item(2).text()
    assert dialog.file_step.ticked() == ["Matrix", "Bank staff"]
    dialog.next()
    assert dialog.sheet_combo.isVisible()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == ["Matrix", "Bank staff"]
    dialog.sheet_combo.setCurrentIndex(1)
    dialog.sheet_combo.activated.emit(1)
    assert dialog.preview_step.model.table is not None and dialog.preview_step.model.table.sheet == "Bank staff"
    sheets.item(1).setCheckState(Qt.CheckState.Unchecked)  # the bank staff's sheet left for another day
    assert [s.sheet for s in dialog.mapping.sheets] == ["Matrix"]
    assert not dialog.sheet_combo.isVisibleTo(dialog) or dialog.sheet_combo.count() == 1


def test_a_protected_workbook_asks_for_its_password_on_the_first_step(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.export.protect import encrypt_workbook

    locked = tmp_path / "matrix_locked.xlsx"
    encrypt_workbook(write_matrix(tmp_path / "matrix.xlsx"), locked, "oak lodge 2025")
    dialog = open_dialog(qtbot, home_store)
    assert not dialog.file_step.password_edit.isVisibleTo(dialog)  # only when a workbook asks for one
    dialog.set_path(locked)
    idle(qtbot, dialog)
    assert dialog.file_step.password_edit.isVisibleTo(dialog) and focus() is dialog.file_step.password_edit
    assert dialog.file_step.notes.text() == ("matrix_locked.xlsx is protected with a password: type it below and "
                                             "press Enter.")
    qtbot.keyClicks(focus(), "not it")
    press(qtbot, Qt.Key.Key_Return)
    idle(qtbot, dialog)
    assert dialog.file_step.notes.text().startswith("That password does not open matrix_locked.xlsx")
    qtbot.keyClick(focus(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focus(), "oak lodge 2025")
    press(qtbot, Qt.Key.Key_Return)
    idle(qtbot, dialog)
    assert dialog.source is not None and dialog.file_step.ticked() == ["Matrix 2025"]


def test_a_course_column_of_expiry_dates_imports_the_completion_worked_back(qtbot, home_store: Store,
                                                                             tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, home_store)
    dialog.set_path(write_matrix(tmp_path / "matrix.xlsx", medication=[]))
    idle(qtbot, dialog)
    dialog.stack.setCurrentIndex(COLUMNS)
    go_to_column(qtbot, dialog, "Safeguarding and child protection")
    cells = tab_to(qtbot, "Cells hold")
    assert isinstance(cells, QComboBox) and cells.currentText().startswith("Completion dates")
    press(qtbot, Qt.Key.Key_Down)
    column = dialog.columns_step.current()
    assert column is not None and column.cells == "expiry"
    assert dialog.columns_step.model.index(column.index, 2).data() == (
        "Course: Safeguarding and child protection (expiry dates)")
    for sheet in dialog.mapping.sheets:  # the rest as in the first test: guesses settled
        for other in sheet.columns:
            if not other.confirmed:
                other.confirmed, other.target = True, IGNORE
    dialog.stack.setCurrentIndex(CHECK)
    idle(qtbot, dialog)
    assert not dialog.result.blocked and not dialog.result.errors, dialog.result.blocked
    dialog.run_import(skip_bad_rows=False)
    idle(qtbot, dialog)
    course = next(c for c in home_store.workforce.courses() if c.name == "Safeguarding and child protection")
    aisha = next(m for m in home_store.staff.list() if m.full_name == "Aisha Brennan")
    (record,) = [r for r in home_store.workforce.training_for(aisha.id) if r.course_id == course.id]
    assert course.renewal_months is not None
    assert record.expiry(course) == date(2024, 11, 4)  # the cell: the day it runs out
    assert record.completed < date(2024, 11, 4)


def test_a_value_the_check_asks_for_is_offered_on_the_columns_step(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The staff list has DBS numbers but no barred-list column: the check says so, and the Columns step
    then offers one answer for every row."""
    from tests.importing.own import corpus

    dialog = open_dialog(qtbot, home_store)
    dialog.file_step.set_layout(Layout.STAFF)
    dialog.set_path(corpus.staff_file(tmp_path, "csv"))
    idle(qtbot, dialog)
    assert dialog.file_step.notes.text().splitlines()[-1] == "Read as UTF-8 text, separated by commas."
    dialog.stack.setCurrentIndex(COLUMNS)
    assert "barred_list_children" not in dialog.columns_step.default_edits
    dialog.stack.setCurrentIndex(CHECK)
    idle(qtbot, dialog)
    todo = [dialog.check_step.blocked.item(i).text() for i in range(dialog.check_step.blocked.count())]
    assert len(todo) == 1 and "Children's barred list" in todo[0] and "on the Columns step" in todo[0], todo
    press(qtbot, Qt.Key.Key_B, ALT)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == COLUMNS)
    edit = tab_to(qtbot, "Children's barred list for every row")
    assert isinstance(edit, QComboBox)  # a choice, not free text: nothing else means anything for every row
    assert [edit.itemText(i) for i in range(edit.count())] == ["Choose…", "Yes", "No", "Not recorded"]
    qtbot.keyClick(edit, Qt.Key.Key_Down)  # Choose… → Yes, from the keyboard
    assert edit.currentText() == "Yes"
    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == CHECK)
    idle(qtbot, dialog)
    assert dialog.mapping.defaults["barred_list_children"] == "yes"
    assert not dialog.result.blocked and dialog.import_button.isEnabled(), dialog.result.blocked


def test_check_again_reads_the_file_again_after_it_is_fixed_in_excel(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_matrix(tmp_path / "matrix.xlsx", medication=["31/02/2025"])
    dialog = open_dialog(qtbot, home_store)
    dialog.set_path(path)
    idle(qtbot, dialog)
    for sheet in dialog.mapping.sheets:
        for column in sheet.columns:
            if not column.confirmed:
                column.confirmed, column.target = True, IGNORE
    dialog.stack.setCurrentIndex(CHECK)
    idle(qtbot, dialog)
    assert [(e.row, e.column) for e in dialog.result.errors] == [(HEADER_ROW + 1, "Medication administration")]
    write_matrix(path, medication=["28/02/2025"])  # the manager puts it right and saves
    qtbot.mouseClick(dialog.check_step.check_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    assert dialog.result.dry_run and dialog.result.errors == [] and dialog.import_button.isEnabled()
    assert all(c.confirmed for c in dialog.mapping.sheets[0].columns)  # the same mapping, not a fresh guess
