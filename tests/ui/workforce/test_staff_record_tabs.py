"""The DBS, Training and Supervision tabs: their dialogs write through the store and the tabs follow."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from carehome_desk.models.dbs import StatusResult
from carehome_desk.models.status import Status
from carehome_desk.models.supervision import SessionKind
from carehome_desk.store import Store
from carehome_desk.ui.workforce.dbs_dialogs import CertificateDialog, StatusCheckDialog
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_page import StaffPage
from carehome_desk.ui.workforce.supervision_tab import SessionDialog
from tests.ui.workforce_data import Workforce, add_workforce


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    return add_workforce(home_store)


def open_tab(window: MainWindow, staffed: Workforce, tab: str) -> StaffPage:
    page = window.staff_page
    window.nav.setCurrentRow(window.pages.index(page))
    assert isinstance(page, StaffPage)
    assert page.show_person(staffed.checked, tab)
    return page


def test_dbs_certificate_and_update_service_check(qtbot, staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = open_tab(window, staffed, "dbs")
    tab = page.panel.dbs
    assert tab.banner.text().startswith("Missing")
    assert not tab.add_check_button.isEnabled()
    tab.add_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, CertificateDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.number, "0012 3456 7890")
    qtbot.keyClicks(dialog.issued.line, "01/12/2026")  # in the future: refused at the field
    assert not dialog.try_save()
    assert dialog.fields.errors["issue_date"].isVisible() and dialog.isVisible()
    assert window.store.workforce.certificates_for(staffed.checked) == []
    dialog.issued.line.setText("10/02/2025")
    dialog.update_service.setChecked(True)
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        dialog.save_button.click()
    assert not dialog.isVisible()
    (cert,) = window.store.workforce.certificates_for(staffed.checked)
    assert cert.certificate_number == "001234567890" and cert.update_service
    assert tab.certificates.rowCount() == 1 and tab.banner.text().startswith("In date: due by 10/02/2028")
    assert tab.add_check_button.isEnabled()
    qtmodeltester.check(tab.certificates)

    tab.add_status_check()
    check_dialog = tab.dialog
    assert isinstance(check_dialog, StatusCheckDialog)
    check_dialog.outcome.setCurrentIndex(check_dialog.outcome.findData(StatusResult.NEW_INFORMATION.value))
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        check_dialog.save_button.click()
    assert tab.checks.rowCount() == 1
    assert tab.checks.index(0, 1).data() == "New information: request a new certificate"
    assert tab.banner.text().startswith("Overdue")  # new information means act now
    qtmodeltester.check(tab.checks)


def test_training_tab_lists_requirements_and_records_training(qtbot, staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = open_tab(window, staffed, "training")
    tab = page.panel.training
    courses = [tab.requirements.index(r, 0).data() for r in range(tab.requirements.rowCount())]
    first_aid = courses.index("First aid")
    assert tab.requirements.index(first_aid, 1).data() == "Missing"
    assert tab.requirements.index(first_aid, 1).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#CC79A7"
    assert "Reg 31(2)(a)" in tab.requirements.index(first_aid, 3).data()  # the rule before the detail
    qtmodeltester.check(tab.requirements)
    tab.requirement_table.doubleClicked.emit(tab.requirements.index(first_aid, 0))
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.person.currentText() == "Sarah Whitfield" and dialog.course.currentText() == "First aid"
    assert "every 3 years" in dialog.expiry_hint.text()
    dialog.completed.line.setText("02/11/2026")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        dialog.save_button.click()
    courses = [tab.requirements.index(r, 0).data() for r in range(tab.requirements.rowCount())]
    assert tab.requirements.index(courses.index("First aid"), 1).data() == Status.IN_DATE.label
    assert tab.requirements.index(courses.index("First aid"), 2).data() == "02/11/2029"
    assert tab.records.rowCount() == 1 and tab.records.index(0, 0).data() == "First aid"
    qtmodeltester.check(tab.records)


def test_supervision_tab_records_a_session(qtbot, staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = open_tab(window, staffed, "supervision")
    tab = page.panel.supervision
    supervision = tab.banners[0]
    assert supervision.text().startswith("Supervision — Overdue: was due 12/04/2023")
    assert "every 6 weeks is provider policy" in supervision.text() and "practice, not law" in supervision.text()
    tab.supervision_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, SessionDialog)
    assert dialog.kind.currentData() == SessionKind.SUPERVISION.value
    dialog.supervisor.setText("")
    assert not dialog.try_save()
    assert dialog.fields.errors["supervisor"].isVisible()
    qtbot.keyClicks(dialog.supervisor, "Priya Fairbairn")
    qtbot.keyClicks(dialog.note, "Reflective supervision")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        dialog.save_button.click()
    assert tab.sessions.rowCount() == 1 and tab.sessions.index(0, 0).data() == "22/11/2026"
    assert tab.banners[0].text().startswith("Supervision — In date: due by 03/01/2027")
    assert window.store.workforce.sessions_for(staffed.checked)[0].held_on == date(2026, 11, 22)
    qtmodeltester.check(tab.sessions)
