"""File → Import from a spreadsheet: dry-run preview, import, cancel, templates; the job runs off the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from carehome_desk.importing.incidents import write_incidents_template
from carehome_desk.importing.quality import write_quality_template
from carehome_desk.importing.workforce import write_workforce_template
from carehome_desk.models.changes import Register
from carehome_desk.progress import Progress
from carehome_desk.store import Store
from carehome_desk.ui.exports.import_dialog import ImportDialog
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.runner import JobOutcome, JobRunner

STAFF = [["E1", "Aisha Brennan", "Residential childcare worker", None, None, "03/03/2025"],
         ["E2", "Sam Kerr", "Deputy manager", None, None, "08/01/2021"]]
BAD_TRAINING = [["E1", None, "First aid", "31/02/2025"]]


def workbook(path: Path, write: Callable[[Path], None], rows: dict[str, list[list[object]]]) -> Path:
    write(path)
    wb = openpyxl.load_workbook(path)
    for sheet, values in rows.items():
        for row in values:
            wb[sheet].append(row)
    wb.save(path)
    return path


def pick(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer the open-file dialog with ``path``; returns the captions it was shown with."""
    asked: list[str] = []

    def answer(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        asked.append(caption)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    return asked


def audit_count(store: Store) -> int:
    return len(store.audit.entries())


@pytest.fixture
def dialog(qtbot, home_store: Store) -> ImportDialog:  # type: ignore[no-untyped-def]
    (home,) = home_store.homes.list()
    d = ImportDialog(home_store, home.id)
    qtbot.addWidget(d)
    d.show()
    return d


def choose(qtbot, dialog: ImportDialog) -> JobOutcome:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.runner.finished, timeout=20_000) as done:
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def test_the_dry_run_preview_lists_a_bad_row_and_writes_nothing(qtbot, dialog: ImportDialog, home_store: Store,
                                                                tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "staff.xlsx", write_workforce_template, {"Staff": STAFF, "Training": BAD_TRAINING})
    asked = pick(monkeypatch, path)
    audit_before = audit_count(home_store)
    outcome = choose(qtbot, dialog)
    assert asked == ["Choose the workbook to import"] and outcome.error is None and outcome.result.dry_run
    assert dialog.file_edit.text() == str(path)
    problems = dialog.problems_model
    assert problems.rowCount() == 1 and dialog.problems_label.text() == "Problems (1)"
    assert [problems.index(0, c).data() for c in range(4)] == [
        "Training", "2", "Completed", "'31/02/2025' is not a real date: that month has no day 31."]
    staff_row = next(r for r in range(dialog.counts_model.rowCount()) if dialog.counts_model.index(r, 0).data()
                     == "Staff")
    assert dialog.counts_model.headerData(1, Qt.Orientation.Horizontal) == "Would add"
    assert [dialog.counts_model.index(staff_row, c).data() for c in range(5)] == ["Staff", "2", "0", "0", "0"]
    assert "1 problem found (listed below). Nothing is saved yet." in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.good_rows_button.isVisible() and dialog.good_rows_button.isEnabled()
    assert home_store.staff.list() == [] and audit_count(home_store) == audit_before


def test_import_from_the_file_menu_writes_and_the_staff_records_appear(qtbot, window: MainWindow, home_store: Store,
                                                                       tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "staff.xlsx", write_workforce_template, {"Staff": STAFF})
    pick(monkeypatch, path)
    window.nav.setCurrentRow(window.pages.index(window.staff_page))  # on show, so it must reload at once
    action = next(a for m in window.menuBar().actions() if m.text() == "&File" for a in m.menu().actions()
                  if a.text() == "&Import from a spreadsheet…")
    assert action.shortcut().toString() == "Ctrl+I"
    action.trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Into Oak Lodge (SC123456)." in dialog.intro.text()
    choose(qtbot, dialog)
    assert dialog.import_button.isEnabled() and not dialog.good_rows_button.isVisible()
    assert home_store.staff.list() == []  # the check wrote nothing
    with qtbot.waitSignal(window.data_changed, timeout=20_000) as changed:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].touches(Register.STAFF)
    assert sorted(m.full_name for m in home_store.staff.list()) == ["Aisha Brennan", "Sam Kerr"]
    assert dialog.counts_model.headerData(1, Qt.Orientation.Horizontal) == "Add"
    assert dialog.status.text() == "Imported. 2 added, 0 updated."
    assert not dialog.import_button.isEnabled()
    page = window.staff_page
    names = {page.model.index(r, 0).data() for r in range(page.model.rowCount())}
    assert {"Aisha Brennan", "Sam Kerr"} <= names  # the Staff page reloaded on the broadcast
    with qtbot.waitSignal(dialog.destroyed, timeout=5000):
        dialog.close()  # deleted on close: opening the dialog again makes a fresh one


class CancelsAfter(Progress):
    """A Progress that presses Cancel itself once ``rows`` records are saved inside the transaction."""

    def __init__(self, on_report: Callable[[int, int, str], None], rows: int):
        super().__init__(on_report)
        self.rows, self.saved = rows, 0

    def report(self, done: int, total: int, text: str = "") -> None:
        super().report(done, total, text)
        if text.startswith("Saving"):
            self.saved = done
            if done >= self.rows:
                self.cancel()


def test_cancel_during_a_long_import_writes_nothing(qtbot, dialog: ImportDialog, home_store: Store, tmp_path: Path,
                                                    monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rows = [[f"E{n}", f"Person {n}", "Bank worker", None, None, "01/06/2025"] for n in range(150)]
    pick(monkeypatch, workbook(tmp_path / "staff.xlsx", write_workforce_template, {"Staff": rows}))
    choose(qtbot, dialog)
    audit_before = audit_count(home_store)
    made: list[CancelsAfter] = []
    dialog.runner.progress_factory = lambda on_report: made.append(CancelsAfter(on_report, 100)) or made[-1]
    with qtbot.waitSignal(dialog.runner.finished, timeout=20_000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    outcome: JobOutcome = done.args[0]
    assert made[0].saved == 100 and outcome.cancelled and outcome.result.cancelled
    assert not outcome.result.written
    assert dialog.status.text() == "Stopped before the end: nothing was written."
    assert home_store.staff.list() == [] and audit_count(home_store) == audit_before


def test_the_incidents_workbook_is_checked_with_its_own_importer(qtbot, dialog: ImportDialog, home_store: Store,
                                                                 tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "incidents.xlsx", write_incidents_template, {
        "Children": [["C-031", "AB", "01/05/2011", "10/01/2025"]],
        "Incidents": [["R1", "29/03/2026", "01:30", "Restraint", "C-031", None, "Held"],
                      ["R2", "01/04/2026", "10:00", "Restraint", "C-031", None, "Held"]]})
    dialog.kind_group.button(1).setChecked(True)  # no file yet: nothing runs
    assert not dialog.runner.is_running()
    pick(monkeypatch, path)
    choose(qtbot, dialog)
    assert [dialog.problems_model.index(0, c).data() for c in range(3)] == ["Incidents", "2", "Time"]
    assert "01:30 on 29/03/2026 did not happen in the UK" in dialog.problems_model.index(0, 3).data()
    with qtbot.waitSignal(dialog.runner.finished, timeout=20_000):
        qtbot.mouseClick(dialog.good_rows_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == ("The good rows were imported; the rows listed above were left out. "
                                    "2 added, 0 updated.")
    assert [c.reference for c in home_store.children.list()] == ["C-031"]
    assert len(home_store.incidents.list()) == 1


def test_the_quality_workbook_is_checked_and_imported_with_its_own_importer(
        qtbot, dialog: ImportDialog, home_store: Store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "quality.xlsx", write_quality_template, {
        "Reg 44 visits": [["Margaret Ellis", "05/10/2025", "N", None, None, None, "Refresh the lounge"]],
        "Inspections": [["09/09/2025", "Full", "Good", "Satisfactory"]]})
    dialog.kind_group.button(2).setChecked(True)
    pick(monkeypatch, path)
    choose(qtbot, dialog)
    assert [dialog.problems_model.index(0, c).data() for c in range(3)] == [
        "Inspections", "2", "How well children are helped and protected"]
    assert "Requires improvement to be good" in dialog.problems_model.index(0, 3).data()
    with qtbot.waitSignal(dialog.runner.finished, timeout=20_000):
        qtbot.mouseClick(dialog.good_rows_button, Qt.MouseButton.LeftButton)
    (home,) = home_store.homes.list()
    assert [v.visitor for v in home_store.quality.visits(home.id)] == ["Margaret Ellis"]
    assert [a.title for a in home_store.quality.actions(home.id)] == ["Refresh the lounge"]
    assert home_store.quality.inspections(home.id) == []


def test_a_file_that_is_not_a_workbook_is_explained_in_the_dialog(qtbot, dialog: ImportDialog, tmp_path: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "staff.csv"
    csv.write_text("Name,Role\n")
    pick(monkeypatch, csv)
    outcome = choose(qtbot, dialog)
    assert outcome.error is not None
    assert "staff.csv is not an Excel workbook (it is a .csv file): open it in Excel or LibreOffice" in (
        dialog.status.text())
    assert dialog.status.property("role") == "error" and not dialog.import_button.isEnabled()


@pytest.mark.parametrize("name", ["wrong_sheet_names.xlsx", "misnamed_sheet.xlsx", "protected.xlsx"])
def test_the_dialog_gives_the_same_sentence_as_the_command_line(qtbot, dialog: ImportDialog, tmp_path: Path,
                                                                monkeypatch, name: str) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.importing.result import ImportFileError
    from carehome_desk.importing.workforce import import_workforce

    book = tmp_path / name
    book.write_bytes((Path(__file__).resolve().parents[2] / "data" / "broken" / name).read_bytes())
    with pytest.raises(ImportFileError) as caught:  # what `carehome-desk import` prints after 'carehome-desk: '
        import_workforce(dialog.store, book, dialog.home_id, dry_run=True)
    asked = answer_password(monkeypatch, [None])  # the manager cancels the password box
    pick(monkeypatch, book)
    outcome = choose(qtbot, dialog)
    assert isinstance(outcome.error, ImportFileError)
    assert dialog.status.text() == str(caught.value)
    assert dialog.status.property("role") == "error" and not dialog.import_button.isEnabled()
    assert len(asked) == (name == "protected.xlsx")


def answer_password(monkeypatch: pytest.MonkeyPatch, answers: list[str | None]) -> list[str]:
    """Answer the password box with each of ``answers`` in turn (None: Cancel); returns the prompts shown."""
    from PySide6.QtWidgets import QInputDialog

    prompts: list[str] = []
    left = iter(answers)

    def get_text(parent, title, prompt, echo):  # type: ignore[no-untyped-def]
        prompts.append(prompt)
        typed = next(left)
        return (typed or "", typed is not None)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return prompts


def test_a_protected_workbook_asks_for_its_password_and_then_imports(qtbot, dialog: ImportDialog, tmp_path: Path,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "protected.xlsx"
    book.write_bytes((Path(__file__).resolve().parents[2] / "data" / "broken" / "protected.xlsx").read_bytes())
    asked = answer_password(monkeypatch, ["wrong password", "correct horse battery"])
    pick(monkeypatch, book)
    with qtbot.waitSignal(dialog.runner.finished, timeout=20_000):
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text() == ("Everything in this file is already recorded: there is "
                                                     "nothing to import."), timeout=20_000)  # the blank template
    assert asked == ["protected.xlsx is protected with a password. Type it to open the workbook (it is not saved):",
                     "That password does not open protected.xlsx. Type it again:"]
    assert dialog.password == "correct horse battery" and dialog.status.property("role") != "error"


def test_blank_templates_are_saved_as_xlsx(qtbot, dialog: ImportDialog, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter([str(tmp_path / "staff-book"), str(tmp_path / "events.xlsx"), str(tmp_path / "visits")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (next(answers), ""))
    for button in dialog.template_buttons:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert openpyxl.load_workbook(tmp_path / "staff-book.xlsx").sheetnames[1] == "Staff"
    assert openpyxl.load_workbook(tmp_path / "events.xlsx").sheetnames[1] == "Children"
    assert openpyxl.load_workbook(tmp_path / "visits.xlsx").sheetnames[1] == "Reg 44 visits"
    assert dialog.status.text().startswith(f"Saved the blank quality template to {tmp_path / 'visits.xlsx'}.")


def test_a_template_is_never_saved_over_a_database_and_a_failed_save_says_why(  # type: ignore[no-untyped-def]
        qtbot, dialog: ImportDialog, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    backup = tmp_path / "backup.xlsx"  # a copy of the records under a workbook's name
    backup.write_bytes(db_path.read_bytes())
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    answers = iter([str(backup), str(tmp_path / "notes.txt" / "staff.xlsx")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (next(answers), ""))
    qtbot.mouseClick(dialog.template_buttons[0], Qt.MouseButton.LeftButton)
    assert dialog.status.text() == (f"{backup} is a database (records, or a backup of them): choose another name "
                                    "for the template. Nothing was written.")
    assert backup.read_bytes() == db_path.read_bytes()
    qtbot.mouseClick(dialog.template_buttons[0], Qt.MouseButton.LeftButton)
    said = dialog.status.text()
    assert said == (f"The template could not be saved: {tmp_path / 'notes.txt'} is a file, not a folder. "
                    "Nothing was written.")
    assert dialog.status.property("role") == "error"


def test_the_runner_works_off_the_gui_thread_and_cancel_reaches_the_job(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent)
    seen: dict[str, object] = {}

    def job(progress: Progress) -> str:
        seen["thread"] = threading.get_ident()
        progress.report(1, 10, "Working")
        deadline = time.monotonic() + 10
        while not progress.cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return "stopped" if progress.cancelled() else "ran out of time"

    with qtbot.waitSignal(runner.finished, timeout=20_000) as done:
        runner.start("Working hard", job, show_after_ms=0)
        qtbot.waitUntil(lambda: runner.dialog is not None and runner.dialog.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: runner.dialog is not None and runner.dialog.maximum() == 10, timeout=5000)
        assert runner.dialog.labelText() == "Working…"
        with pytest.raises(RuntimeError, match="one at a time"):
            runner.start("Another", job)
        qtbot.mouseClick(runner.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel
    outcome: JobOutcome = done.args[0]
    assert outcome.result == "stopped" and outcome.cancelled and outcome.error is None
    assert seen["thread"] != threading.get_ident()
    assert runner.dialog is None and not runner.is_running()


def test_a_job_that_fails_hands_its_error_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent)

    def job(progress: Progress) -> None:
        raise ValueError("the disk filled up")

    with qtbot.waitSignal(runner.finished, timeout=20_000) as done:
        runner.start("Failing", job)
    outcome: JobOutcome = done.args[0]
    assert isinstance(outcome.error, ValueError) and "the disk filled up" in outcome.trace


@pytest.mark.parametrize("error, shown", [
    (OSError(13, "Permission denied"), "Permission denied: nothing was written."),
    (None, "Someone changed the workforce records while the file was being imported, so nothing was written."),
])
def test_a_failed_import_says_what_happened_in_the_dialog(qtbot, dialog: ImportDialog, tmp_path: Path,
                                                          monkeypatch, error, shown) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.importing import workforce
    from carehome_desk.store import StoreError

    pick(monkeypatch, workbook(tmp_path / "staff.xlsx", write_workforce_template, {"Staff": STAFF}))
    choose(qtbot, dialog)

    def fails(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise error or StoreError(shown)

    monkeypatch.setattr(workforce, "import_workforce", fails)
    with qtbot.waitSignal(dialog.runner.finished, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == shown and dialog.status.property("role") == "error"
    assert dialog.close_button.isEnabled() and dialog.problems_model.rowCount() == 0
