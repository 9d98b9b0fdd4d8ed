"""The own-spreadsheet dialog's findings from a screenshot tour: what the file holds is guessed from its headers,
the check's words match its tabs, and the counts say what they count."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from carehome_desk.importing.own.mapping import NEW_COURSE, Layout
from carehome_desk.store import Store
from carehome_desk.ui.exports.own_import_dialog import CHECK, COLUMNS, FILE, PREVIEW, OwnImportDialog
from tests.ui.exports.test_own_import_dialog import open_dialog

STAFF_CSV = ("Staff list — Oak Lodge\n\nSurname,First name,DOB,Job title,Start date,DBS No.,DBS Date\n"
             + "".join(f"Person{n},Al,01/02/1990,RCW,03/03/2023,00123456789{n},21/02/2023\n" for n in range(10)))
INCIDENTS_CSV = ("Date,Time,YP,Type of incident,What happened\n"
                 "03/03/2025,14:00,AB,Missing from care,Did not return from school\n"
                 "04/03/2025,20:30,CD,Restraint,Held to stop a fall\n")


def load(qtbot, dialog: OwnImportDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.set_path(path)
    qtbot.waitUntil(lambda: not dialog.runner.is_running() and dialog.mapping is not None, timeout=30_000)


def test_a_staff_list_is_read_as_a_staff_list_and_its_dbs_date_is_no_course(qtbot, home_store: Store,
                                                                           tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "staff.csv"
    path.write_text(STAFF_CSV, "utf-8")
    dialog = open_dialog(qtbot, home_store)
    assert dialog.file_step.chosen_layout() is Layout.MATRIX  # the default before a file is read
    load(qtbot, dialog, path)
    assert dialog.file_step.chosen_layout() is Layout.STAFF
    assert "Looks like a staff list — change it if not." in dialog.file_step.notes.text()
    assert dialog.mapping is not None and dialog.mapping.layout is Layout.STAFF
    targets = [c.target for c in dialog.mapping.sheets[0].columns]
    assert "dbs_issue_date" in targets and not any(t.startswith(NEW_COURSE) for t in targets)
    assert dialog.file_step.sheets.item(0).text() == "staff (10 rows below the header row)"  # not 12 with something in
    dialog.stack.setCurrentIndex(PREVIEW)
    rows = dialog.preview_step.model
    assert [rows.headerData(r, Qt.Orientation.Vertical) for r in range(4)] == [
        "1 (above the headings)", "2 (above the headings)", "3 (header)", "4"]
    dialog.stack.setCurrentIndex(FILE)
    dialog.file_step.set_layout(Layout.MATRIX)  # the manager can still say otherwise
    assert dialog.mapping.layout is Layout.MATRIX
    assert "Looks like" not in dialog.file_step.notes.text()


def test_an_incident_log_asks_for_no_new_courses(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "incidents.csv"
    path.write_text(INCIDENTS_CSV, "utf-8")
    dialog = open_dialog(qtbot, home_store)
    load(qtbot, dialog, path)
    assert dialog.file_step.chosen_layout() is Layout.INCIDENTS
    assert "Looks like an incident log" in dialog.file_step.notes.text()
    assert dialog.mapping is not None and dialog.mapping.new_courses == {}


def test_the_counts_say_which_register_and_why_rows_wait(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "staff.csv"
    path.write_text("Surname,First name,Start date\nBrennan,Aisha,03/03/2023\nKerr,Sam,08/01/2021\n", "utf-8")
    dialog = open_dialog(qtbot, home_store)
    load(qtbot, dialog, path)
    dialog.stack.setCurrentIndex(CHECK)
    qtbot.waitUntil(lambda: not dialog.runner.is_running() and dialog.result is not None, timeout=30_000)
    assert dialog.result is not None and dialog.result.blocked and not dialog.result.errors
    model = dialog.check_step.counts_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[0] == "Goes into" and headers[4] == "Not imported"
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    staff = model.index(rows["Staff"], 4)
    assert staff.data() == "2 (see To do first)"
    assert "To do first" in staff.data(Qt.ItemDataRole.ToolTipRole)
    dialog.run_import(skip_bad_rows=False)  # as if Import were pressed on a check that is not ready
    qtbot.waitUntil(lambda: not dialog.runner.is_running(), timeout=30_000)
    said = dialog.check_step.status.text()
    assert "under 'To do first'" in said and "Not ready to import yet" not in said
    assert home_store.staff.list() == []


def test_a_date_of_birth_column_is_not_counted_as_imported(qtbot, home_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "staff.csv"
    path.write_text(STAFF_CSV, "utf-8")
    dialog = open_dialog(qtbot, home_store)
    load(qtbot, dialog, path)
    dialog.stack.setCurrentIndex(COLUMNS)
    assert dialog.mapping is not None
    assert [c.target for c in dialog.mapping.sheets[0].columns].count("date_of_birth") == 1
    assert dialog.columns_step.summary.text().startswith("6 columns will be imported. Not kept by the app: DOB.")
