"""The training matrix: words and colours in cells, Enter records training, filters, catalogue, and speed."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from carehome_desk.services.due import due_items
from carehome_desk.models.ids import CourseId, HomeId, StaffId
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember, StaffRole
from carehome_desk.models.status import Basis
from carehome_desk.models.training import Course, RequiredFor, TrainingRecord
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.store import Store
from carehome_desk.ui.workforce.course_catalogue_dialog import CourseCatalogueDialog
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.record_training_dialog import RecordTrainingDialog
from carehome_desk.ui.workforce.training_matrix_model import TrainingMatrixModel, build_matrix
from carehome_desk.ui.workforce.training_matrix_page import TrainingMatrixPage
from tests.ui.workforce_data import TODAY, Workforce, add_workforce


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    workforce = add_workforce(home_store)
    fire = workforce.course(home_store, "Fire safety")
    safeguarding = workforce.course(home_store, "Safeguarding and child protection")
    first_aid = workforce.course(home_store, "First aid")
    add = home_store.workforce.add_training
    add(TrainingRecord(workforce.checked, fire.id, date(2025, 9, 14)))  # expired 14/09/2026
    add(TrainingRecord(workforce.checked, safeguarding.id, date(2025, 12, 5)))  # due 05/12/2026
    add(TrainingRecord(workforce.cook, fire.id, date(2026, 4, 3)))  # in date to 03/04/2027
    add(TrainingRecord(workforce.cook, first_aid.id, date(2025, 1, 10)))  # optional for a cook, in date
    return workforce


def matrix_page(window: MainWindow) -> TrainingMatrixPage:
    page = next(p for p in window.pages if isinstance(p, TrainingMatrixPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    return page


def cell(page: TrainingMatrixPage, person: str, course: str) -> QModelIndex:
    rows = [r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == person]
    columns = [c for c in range(page.proxy.columnCount())
               if page.proxy.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole) == course]
    assert rows and columns, (person, course)
    return page.proxy.index(rows[0], columns[0])


def test_cells_show_a_word_the_date_a_colour_and_the_source(staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = matrix_page(window)
    people = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert people == ["Bethany Reid", "Marcus Okafor", "Sarah Whitfield"]  # current staff only
    fire = cell(page, "Sarah Whitfield", "Fire safety")
    assert fire.data() == "Overdue 14/09/2026"
    assert fire.data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#D55E00"
    assert "Reg 25(1)(c)" in fire.data(Qt.ItemDataRole.ToolTipRole)
    soon = cell(page, "Sarah Whitfield", "Safeguarding and child protection")
    assert soon.data() == "Due 05/12/2026"
    assert soon.data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#E69F00"
    assert cell(page, "Bethany Reid", "Fire safety").data() == "✓ 03/04/2027"
    assert cell(page, "Bethany Reid", "Physical intervention and de-escalation").data() == "—"
    assert cell(page, "Bethany Reid", "First aid").data() == "✓ 10/01/2028"
    assert cell(page, "Sarah Whitfield", "First aid").data() == "Missing"
    assert cell(page, "Marcus Okafor", "First aid").data().startswith("✓ ")  # a new starter has until induction ends
    assert "Overdue" in page.count.text() or "overdue" in page.count.text()
    assert page.footer.text() == ("1 first-aider with in-date first aid (reg 31 needs one on duty at all times; "
                                  "check the rota)")
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_enter_on_a_cell_records_training_and_the_matrix_and_due_change(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = matrix_page(window)
    store = window.store
    target = cell(page, "Sarah Whitfield", "First aid")
    assert target.data() == "Missing"
    due_before = [(i.requirement.subject, i.requirement.requirement) for i in due_items(store, TODAY)]
    assert ("Sarah Whitfield", "First aid") in due_before
    page.table.setFocus()
    page.table.setCurrentIndex(target)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, RecordTrainingDialog) and dialog.isVisible()
    assert dialog.person.currentText() == "Sarah Whitfield" and dialog.course.currentText() == "First aid"
    assert dialog.completed.text() == "22/11/2026"
    retyped = dialog.completed.line
    retyped.selectAll()
    qtbot.keyClicks(retyped, "18/11/2026")
    qtbot.keyClicks(dialog.provider, "St John Ambulance")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(dialog.provider, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    after = cell(page, "Sarah Whitfield", "First aid")
    assert after.data() == "✓ 18/11/2029"
    assert page.table.currentIndex() == after  # the cursor stays on the cell just recorded
    due_after = [(i.requirement.subject, i.requirement.requirement) for i in due_items(store, TODAY)]
    assert ("Sarah Whitfield", "First aid") not in due_after
    assert len(due_after) == len(due_before) - 1
    assert "2 first-aiders" in page.footer.text()


def test_a_future_completion_date_is_refused_in_the_dialog(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = matrix_page(window)
    page.table.activated.emit(cell(page, "Sarah Whitfield", "Prevent"))
    dialog = page.dialog
    assert isinstance(dialog, RecordTrainingDialog)
    dialog.completed.line.setText("01/12/2026")
    assert not dialog.try_save()
    assert dialog.fields.errors["completed"].isVisible() and "future" in dialog.fields.errors["completed"].text()
    assert window.store.workforce.training_for(staffed.checked) != [] and all(
        t.completed != date(2026, 12, 1) for t in window.store.workforce.training_for(staffed.checked))
    dialog.reject()


def test_ctrl_n_opens_the_dialog_for_the_current_cell_and_ctrl_f_filters(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = matrix_page(window)
    page.table.setCurrentIndex(cell(page, "Bethany Reid", "Fire safety"))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is not None and page.dialog.isVisible()
    assert page.dialog.person.currentText() == "Bethany Reid" and page.dialog.course.currentText() == "Fire safety"
    page.dialog.reject()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, "marcus")
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 0).data() == "Marcus Okafor"


def test_status_filter_keeps_people_with_that_status(staffed: Workforce, window: MainWindow) -> None:
    page = matrix_page(window)
    choices = [page.status_filter.itemText(i) for i in range(page.status_filter.count())]
    assert choices == ["All", "Needs action", "Overdue", "Due soon", "Missing"]
    page.status_filter.setCurrentText("Overdue")
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["Sarah Whitfield"]
    page.status_filter.setCurrentText("Needs action")
    assert page.proxy.rowCount() == 2  # Marcus (a new starter) has nothing due yet
    page.status_filter.setCurrentText("All")
    assert page.proxy.rowCount() == 3


def test_course_catalogue_adds_a_course_that_appears_in_the_matrix(qtbot, staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = matrix_page(window)
    page.courses_button.click()
    dialog = page.dialog
    assert isinstance(dialog, CourseCatalogueDialog) and dialog.isVisible()
    qtmodeltester.check(dialog.model)
    dialog.new_course()
    assert not dialog.save()  # no name
    assert dialog.fields.errors["name"].isVisible()
    qtbot.keyClicks(dialog.name, "Positive behaviour support")
    dialog.months.setValue(18)
    dialog.required_for.setCurrentIndex(dialog.required_for.findData(RequiredFor.ALL.value))
    dialog.source.setPlainText("Provider policy: behaviour support plan")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert dialog.save()
    course = next(c for c in window.store.workforce.courses() if c.name == "Positive behaviour support")
    assert course.renewal_months == 18 and course.basis is Basis.PRACTICE
    assert cell(page, "Bethany Reid", "Positive behaviour support").data() == "Missing"
    dialog.archived.setChecked(True)
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert dialog.save()
    headers = [page.proxy.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
               for c in range(page.proxy.columnCount())]
    assert "Positive behaviour support" not in headers
    dialog.reject()


def big_snapshot(people: int, courses: int) -> WorkforceSnapshot:
    """300 staff × 30 courses with two records each, built in memory."""
    catalogue = [Course(name=f"Course {n:02d}", renewal_months=12 + n % 3 * 12, required_for=RequiredFor.ALL,
                        id=CourseId(n + 1), position=n) for n in range(courses)]
    staff = [StaffMember(full_name=f"Person {n:03d}", role=StaffRole.RESIDENTIAL_WORKER,
                         start_date=date(2020, 1, 1), id=StaffId(n + 1), home_id=HomeId(1)) for n in range(people)]
    training = {}
    for s in staff:
        for c in catalogue:
            if (s.id + c.id) % 11:
                done = TODAY - timedelta(days=(s.id * 7 + c.id * 13) % 800)
                training[(s.id, c.id)] = [TrainingRecord(s.id, c.id, done), TrainingRecord(s.id, c.id, done - timedelta(days=365))]
    return WorkforceSnapshot(home_id=HomeId(1), staff=staff, courses=catalogue, training=training)


def test_300_staff_by_30_courses_stays_smooth(qtbot) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.ui.widgets.frozen_table_view import FrozenColumnTableView

    snap = big_snapshot(300, 30)
    started = time.perf_counter()
    columns, rows = build_matrix(snap, ProviderSettings(), TODAY)
    built = time.perf_counter() - started
    assert len(columns) == 30 and len(rows) == 300
    model = TrainingMatrixModel()
    view = FrozenColumnTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1366, 768)
    view.show()
    model.set_matrix(columns, rows)
    started = time.perf_counter()
    for _ in range(10):  # ten full repaints of a screenful, as when scrolling
        view.viewport().repaint()
    painted = (time.perf_counter() - started) / 10
    started = time.perf_counter()
    texts = [model.index(r, c).data() for r in range(300) for c in range(31)]
    looked_up = time.perf_counter() - started
    assert len(texts) == 9300
    # Generous bounds for a slow CI machine; typical figures are ten times smaller.
    assert built < 2.0, built
    assert painted < 0.25, painted
    assert looked_up < 0.5, looked_up


def test_activating_a_name_opens_that_persons_training_tab(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.ui.workforce.staff_page import StaffPage

    page = matrix_page(window)
    name = next(page.proxy.index(r, 0) for r in range(page.proxy.rowCount())
                if page.proxy.index(r, 0).data() == "Bethany Reid")
    page.table.activated.emit(name)
    staff = window.current_page()
    assert isinstance(staff, StaffPage)
    assert staff.selected_row().member.id == staffed.cook
    assert staff.panel.tabs.currentWidget() is staff.panel.training
