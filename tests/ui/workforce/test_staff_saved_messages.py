"""Saving on a staff record's Qualifications, Checks and DBS tabs says so in the status bar, as Supervision does:
what was saved, for whom."""

from __future__ import annotations

import pytest

from carehome_desk.models.recruitment import CheckKind
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.dbs_dialogs import CertificateDialog, StatusCheckDialog
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.ui.workforce_data import Workforce, add_workforce


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    return add_workforce(home_store)


def open_tab(window: MainWindow, staff_id: int, tab: str) -> StaffPage:
    page = window.staff_page
    window.nav.setCurrentRow(window.pages.index(page))
    assert isinstance(page, StaffPage)
    assert page.show_person(staff_id, tab)
    window.statusBar().clearMessage()
    return page


def test_saving_the_qualification_names_the_diploma_and_the_person(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_tab(window, staffed.checked, "qualifications")
    page.panel.qualifications.enrolled.line.setText("01/10/2023")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert page.save()
    assert window.statusBar().currentMessage() == "Saved the Level 3 diploma for Sarah Whitfield."


def test_saving_checks_counts_them_and_names_the_person(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_tab(window, staffed.new_starter, "checks")
    row = page.panel.checks.rows[CheckKind.REFERENCE_SECOND]
    row.done.setChecked(True)
    row.date.line.setText("21/11/2026")
    row.verified_by.setText("Priya Fairbairn")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert page.save()
    assert window.statusBar().currentMessage() == "Saved 1 recruitment check for Marcus Okafor: Ref 2."


def test_a_dbs_certificate_and_its_status_check_are_confirmed(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_tab(window, staffed.checked, "dbs")
    tab = page.panel.dbs
    tab.add_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, CertificateDialog)
    qtbot.keyClicks(dialog.number, "001234567890")
    dialog.issued.line.setText("10/02/2025")
    dialog.update_service.setChecked(True)
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        dialog.save_button.click()
    assert window.statusBar().currentMessage() == "Saved DBS certificate 001234567890 for Sarah Whitfield."
    tab.add_status_check()
    check = tab.dialog
    assert isinstance(check, StatusCheckDialog)
    check.checked_on.line.setText("20/11/2026")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        check.save_button.click()
    assert window.statusBar().currentMessage() == ("Saved the Update Service check of 20/11/2026 on certificate "
                                                   "001234567890 for Sarah Whitfield.")
