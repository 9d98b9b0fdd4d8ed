"""Training and Recruitment checks: the counts say whose they are, and one person is "1 person"."""

from __future__ import annotations

from datetime import date

import pytest

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.checks_page import ChecksPage
from carehome_desk.ui.workforce.training_matrix_page import TrainingMatrixPage
from tests.ui.workforce_data import Workforce, add_workforce


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    """Sarah Whitfield's fire safety is overdue and her safeguarding due soon; Bethany Reid's fire safety is in date."""
    workforce = add_workforce(home_store)
    fire = workforce.course(home_store, "Fire safety")
    safeguarding = workforce.course(home_store, "Safeguarding and child protection")
    add = home_store.workforce.add_training
    add(TrainingRecord(workforce.checked, fire.id, date(2025, 9, 14)))  # expired 14/09/2026
    add(TrainingRecord(workforce.checked, safeguarding.id, date(2025, 12, 5)))  # due 05/12/2026
    add(TrainingRecord(workforce.cook, fire.id, date(2026, 4, 3)))  # in date to 03/04/2027
    return workforce


@pytest.fixture
def one_person(home_store: Store) -> None:
    (home,) = home_store.homes.list()
    home_store.staff.add(home.id, StaffDetails("Priya Fairbairn", StaffRole.REGISTERED_MANAGER, date(2021, 3, 1)))


def _show(window: MainWindow, kind: type) -> TrainingMatrixPage | ChecksPage:
    page = next(p for p in window.pages if isinstance(p, kind))
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    assert isinstance(page, (TrainingMatrixPage, ChecksPage))
    return page


def test_training_counts_name_the_people_shown_after_the_whole_homes(staffed: Workforce, window: MainWindow) -> None:
    page = _show(window, TrainingMatrixPage)
    home = page.count.text()
    assert home == "3 people · 1 overdue · 1 due soon · 22 missing"
    page.filter.setText("Whitfield")
    assert page.proxy.rowCount() == 1
    assert page.count.text() == f"{home} · 1 shown: 1 overdue, 1 due soon, 15 missing"
    page.filter.setText("Bethany")
    assert page.count.text() == f"{home} · 1 shown: 7 missing"
    page.filter.setText("Okafor")  # a new starter: everything in date until induction ends
    assert page.count.text() == f"{home} · 1 shown: nothing overdue, due soon or missing"
    page.filter.setText("")
    assert page.count.text() == home


def test_training_counts_follow_the_show_filter_too(staffed: Workforce, window: MainWindow) -> None:
    page = _show(window, TrainingMatrixPage)
    home = page.count.text()
    page.status_filter.setCurrentIndex(page.status_filter.findText("Overdue"))
    assert page.proxy.rowCount() == 1
    assert page.count.text() == f"{home} · 1 shown: 1 overdue, 1 due soon, 15 missing"
    page.status_filter.setCurrentIndex(page.status_filter.findText("Missing"))
    assert page.count.text() == f"{home} · 2 shown: 1 overdue, 1 due soon, 22 missing"


def test_checks_counts_name_the_people_shown(staffed: Workforce, window: MainWindow) -> None:
    page = _show(window, ChecksPage)
    assert page.count.text() == "3 people · 1 with a check missing"
    page.filter.setText("Whitfield")
    assert page.count.text() == "3 people · 1 with a check missing · 1 shown: none with a check missing"
    page.filter.setText("Okafor")
    assert page.count.text() == "3 people · 1 with a check missing · 1 shown: 1 with a check missing"


def test_a_one_person_home_is_one_person_not_one_people(one_person: None, window: MainWindow) -> None:
    training = _show(window, TrainingMatrixPage)
    assert training.count.text().startswith("1 person · ")
    checks = _show(window, ChecksPage)
    assert checks.count.text().startswith("1 person · ")
