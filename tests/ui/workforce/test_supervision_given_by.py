"""Adding a supervision: "Given by" starts as a person Ofsted can read, and the save is confirmed in the status bar."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from carehome_desk.models.ids import StaffId
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.supervision import SessionKind
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_page import StaffPage
from carehome_desk.ui.workforce.supervision_tab import SessionDialog
from tests.ui.workforce_data import Workforce, add_workforce


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    return add_workforce(home_store)


@pytest.fixture
def manager(home_store: Store) -> StaffId:
    """The registered manager on the staff list too (spaced as typed in a hurry)."""
    (home,) = home_store.homes.list()
    member, _ = home_store.staff.add(home.id, StaffDetails("Priya  Fairbairn", StaffRole.REGISTERED_MANAGER,
                                                           date(2021, 3, 1)))
    return member.id


@pytest.fixture
def unnamed_manager(home_store: Store) -> None:
    """Home settings that do not name the registered manager yet."""
    (home,) = home_store.homes.list()
    home_store.homes.update(home.id, replace(home.details, registered_manager=""), expect_version=home.version)


def _open_dialog(window: MainWindow, staff_id: int, kind: SessionKind = SessionKind.SUPERVISION) -> SessionDialog:
    page = window.staff_page
    window.nav.setCurrentRow(window.pages.index(page))
    assert isinstance(page, StaffPage)
    assert page.show_person(staff_id, "supervision")
    tab = page.panel.supervision
    (tab.supervision_button if kind is SessionKind.SUPERVISION else tab.appraisal_button).click()
    dialog = tab.dialog
    assert isinstance(dialog, SessionDialog)
    return dialog


def test_given_by_is_the_registered_manager_not_the_login_and_the_save_is_confirmed(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, staffed: Workforce, window: MainWindow) -> None:
    assert home_store.user == "tester"
    dialog = _open_dialog(window, staffed.checked)
    assert dialog.supervisor.text() == "Priya Fairbairn"  # the home's registered manager
    window.statusBar().clearMessage()
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        dialog.save_button.click()
    assert window.statusBar().currentMessage() == "Saved the supervision of Sarah Whitfield, held on 22/11/2026."
    (session,) = home_store.workforce.sessions_for(staffed.checked)
    assert session.supervisor == "Priya Fairbairn"


def test_an_appraisal_is_confirmed_in_its_own_words(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_dialog(window, staffed.checked, SessionKind.APPRAISAL)
    dialog.held_on.set_value(date(2026, 11, 2))
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        dialog.save_button.click()
    assert window.statusBar().currentMessage() == "Saved the appraisal of Sarah Whitfield, held on 02/11/2026."


def test_the_managers_own_supervision_defaults_to_the_responsible_individual(  # type: ignore[no-untyped-def]
        qtbot, manager: StaffId, window: MainWindow) -> None:
    dialog = _open_dialog(window, manager)
    assert dialog.supervisor.text() == "Helen Lowther"


def test_with_no_manager_named_given_by_is_left_blank_with_a_hint(  # type: ignore[no-untyped-def]
        qtbot, unnamed_manager: None, staffed: Workforce, window: MainWindow) -> None:
    dialog = _open_dialog(window, staffed.checked)
    assert dialog.supervisor.text() == ""
    assert dialog.supervisor.placeholderText() == "The name of the person who held it"
    assert not dialog.try_save()
    assert dialog.fields.errors["supervisor"].isVisible()
