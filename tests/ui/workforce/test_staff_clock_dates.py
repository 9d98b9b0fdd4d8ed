"""The dates Level 3 and Level 5 count from, on the Staff page: shown for the role, pre-filled, confirmed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from carehome_desk.models.ids import StaffId
from carehome_desk.models.qualifications import CONFIRM_KEY
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_details_tab import StaffDetailsTab
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.ui.workforce.test_staff_page import retype, staff_page


def add(store: Store, details: StaffDetails) -> StaffId:
    (home,) = store.homes.list()
    member, _ = store.staff.add(home.id, details)
    return member.id


def promoted(store: Store, confirm: bool = True) -> StaffId:
    """Issue 13's team leader: here and in care since 01/03/2022, promoted 06/01/2025; the date guessed."""
    return add(store, StaffDetails("Alex Promoted", StaffRole.TEAM_LEADER, date(2022, 3, 1),
                                   role_start_date=date(2025, 1, 6), care_started_on=date(2022, 3, 1),
                                   dates_to_confirm=confirm))


def shown(details: StaffDetailsTab, key: str) -> bool:
    return details.dates.layout.isRowVisible(details.dates.captions[key])


def test_a_guessed_date_is_named_on_the_page_and_confirmed_as_shown(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    alex = promoted(home_store)
    add(home_store, StaffDetails("Bea Joined", StaffRole.RESIDENTIAL_WORKER, date(2024, 5, 1),
                                 care_started_on=date(2024, 5, 1)))
    page = staff_page(window)
    assert page.to_confirm.isVisible()
    text = page.to_confirm.text()
    assert "Dates to confirm" in text and "Alex Promoted" in text and "Bea Joined" not in text
    assert page.to_confirm.accessibleName() == "Dates to confirm"
    # The name is a link to the person's Details, where the date is.
    page.panel.show_tab("training")
    page.to_confirm.linkActivated.emit(f"staff:{int(alex)}")
    details = page.panel.details
    assert page.panel.heading.text() == "Alex Promoted" and page.panel.tabs.currentWidget() is details
    assert details.clock.notice.isVisible()
    assert "First in a care role taken as the start date here, 01/03/2022" in details.clock.notice_text.text()
    assert shown(details, "care_started_on") and not shown(details, "managing_started_on")
    assert details.clock.care.text() == "01/03/2022"
    assert not details.save_button.isEnabled()  # nothing edited: Confirm is the way to say the date is right
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.mouseClick(details.clock.confirm_button, Qt.MouseButton.LeftButton)
    saved = home_store.staff.get(alex)
    assert (saved.care_started_on, saved.dates_to_confirm) == (date(2022, 3, 1), False)
    assert not page.to_confirm.isVisible()
    assert not details.clock.notice.isVisible()
    audit = home_store.audit.entries(table="staff")[0]
    assert audit.before["dates_to_confirm"] is True and audit.after["dates_to_confirm"] is False


def test_correcting_the_guessed_date_and_saving_confirms_it(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    alex = promoted(home_store)
    page = staff_page(window)
    page.show_person(alex)
    details = page.panel.details
    retype(qtbot, details.clock.care.line, "19/07/2021")  # they were in care at another home first
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(details.clock.care.line, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = home_store.staff.get(alex)
    assert (saved.care_started_on, saved.dates_to_confirm, saved.role_start_date) == (
        date(2021, 7, 19), False, date(2025, 1, 6))
    assert not page.to_confirm.isVisible() and not details.clock.notice.isVisible()
    page.show_person(alex, "qualifications")
    title = page.panel.qualifications.title.text()
    assert "Relevant date 19/07/2023, counted from first care role 19/07/2021" in title
    assert "Overdue: was due 19/07/2023" in page.panel.qualifications.banner.text()


def test_saving_other_edits_leaves_a_guessed_date_to_confirm(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    alex = promoted(home_store)
    page = staff_page(window)
    page.show_person(alex)
    details = page.panel.details
    retype(qtbot, details.hours, "30")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(details.hours, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = home_store.staff.get(alex)
    assert (saved.hours_per_week, saved.care_started_on, saved.dates_to_confirm) == (30, date(2022, 3, 1), True)
    assert page.to_confirm.isVisible() and "Alex Promoted" in page.to_confirm.text()
    assert details.clock.notice.isVisible()
    # A leaving date, and the guessed date retyped as the same day, are not the manager confirming it either.
    qtbot.keyClicks(details.leaving_date.line, "31/12/2026")
    retype(qtbot, details.clock.care.line, "1/3/22")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert details.save()
    saved = home_store.staff.get(alex)
    assert (saved.leaving_date, saved.care_started_on, saved.dates_to_confirm) == (
        date(2026, 12, 31), date(2022, 3, 1), True)
    assert page.to_confirm.isVisible() and "Alex Promoted" in page.to_confirm.text()
    # Confirm, with an edit still unsaved, saves the edit and confirms the date as shown.
    retype(qtbot, details.hours, "37.5")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.mouseClick(details.clock.confirm_button, Qt.MouseButton.LeftButton)
    saved = home_store.staff.get(alex)
    assert (saved.hours_per_week, saved.care_started_on, saved.dates_to_confirm) == (37.5, date(2022, 3, 1), False)
    assert not page.to_confirm.isVisible() and not details.clock.notice.isVisible()


def test_a_managing_date_filled_in_from_a_new_role_start_is_still_to_confirm(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    alex = promoted(home_store)
    page = staff_page(window)
    page.show_person(alex)
    details = page.panel.details
    details.role.setCurrentIndex(details.role.findData(StaffRole.REGISTERED_MANAGER.value))
    retype(qtbot, details.role_start.line, "01/09/2026")
    assert shown(details, "managing_started_on") and details.clock.managing.text() == "01/09/2026"
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert details.save()
    saved = home_store.staff.get(alex)
    # The manager never typed the date: they may have managed another home before, so it stays a guess.
    assert (saved.managing_started_on, saved.dates_to_confirm) == (date(2026, 9, 1), True)
    assert "First managing a children's home taken as the start of the current role here" in (
        details.clock.notice_text.text())


def test_a_promotion_within_care_roles_leaves_the_first_care_date_alone(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bea = add(home_store, StaffDetails("Bea Joined", StaffRole.RESIDENTIAL_WORKER, date(2024, 5, 1),
                                       care_started_on=date(2024, 5, 1)))
    page = staff_page(window)
    page.show_person(bea)
    details = page.panel.details
    details.role.setCurrentIndex(details.role.findData(StaffRole.TEAM_LEADER.value))
    qtbot.keyClicks(details.role_start.line, "02/11/2026")
    assert details.clock.care.text() == "01/05/2024"  # a promotion does not restart the clock
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(details.role_start.line, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = home_store.staff.get(bea)
    assert (saved.role, saved.role_start_date, saved.care_started_on) == (
        StaffRole.TEAM_LEADER, date(2026, 11, 2), date(2024, 5, 1))
    page.show_person(bea, "qualifications")
    assert "Relevant date 01/05/2026" in page.panel.qualifications.title.text()


def test_moving_from_a_non_care_role_into_care_prefills_the_new_roles_start(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    cook = add(home_store, StaffDetails("Cal Cook", StaffRole.ANCILLARY, date(2020, 1, 1), role_title="Cook"))
    page = staff_page(window)
    page.show_person(cook)
    details = page.panel.details
    assert not shown(details, "care_started_on") and not shown(details, "managing_started_on")
    details.role.setCurrentIndex(details.role.findData(StaffRole.RESIDENTIAL_WORKER.value))
    assert shown(details, "care_started_on")
    assert details.clock.care.text() == "01/01/2020"  # no role start typed yet: the start date, for now
    qtbot.keyClicks(details.role_start.line, "3/6/26")
    assert details.clock.care.text() == "03/06/2026"  # follows the new role's start while untouched
    # Changing back to the non-care role puts the saved (empty) date back and hides the row.
    details.role.setCurrentIndex(details.role.findData(StaffRole.ANCILLARY.value))
    assert not shown(details, "care_started_on") and details.clock.care.text() == ""
    details.role.setCurrentIndex(details.role.findData(StaffRole.RESIDENTIAL_WORKER.value))
    assert details.clock.care.text() == "03/06/2026"
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert page.save()
    saved = home_store.staff.get(cook)
    assert (saved.role, saved.role_start_date, saved.care_started_on, saved.dates_to_confirm) == (
        StaffRole.RESIDENTIAL_WORKER, date(2026, 6, 3), date(2026, 6, 3), False)


def test_the_care_role_answer_also_decides_which_date_shows(home_store: Store, window: MainWindow) -> None:
    cook = add(home_store, StaffDetails("Cal Cook", StaffRole.ANCILLARY, date(2020, 1, 1), role_title="Cook"))
    page = staff_page(window)
    page.show_person(cook)
    details = page.panel.details
    details.care_role.setCurrentIndex(1)  # "Yes: a care role"
    assert shown(details, "care_started_on") and details.clock.care.text() == "01/01/2020"


def test_a_new_person_is_prefilled_from_the_start_date_until_a_date_is_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page: StaffPage = staff_page(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    details = page.panel.details
    qtbot.keyClicks(details.full_name, "Aisha Patel")
    assert shown(details, "care_started_on") and details.clock.care.text() == ""
    qtbot.keyClicks(details.start_date.line, "3/4/26")
    assert details.clock.care.text() == "03/04/2026"
    # Typing their own date (care at another home first) stops the following.
    retype(qtbot, details.clock.care.line, "01/09/2019")
    retype(qtbot, details.start_date.line, "06/04/2026")
    assert details.clock.care.text() == "01/09/2019"
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(details.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (member,) = window.store.staff.list()
    assert (member.start_date, member.care_started_on, member.managing_started_on, member.dates_to_confirm) == (
        date(2026, 4, 6), date(2019, 9, 1), None, False)


def test_a_new_registered_manager_gets_the_managing_date_from_the_role_start(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.new_record()
    details = page.panel.details
    qtbot.keyClicks(details.full_name, "Sam Patel")
    details.role.setCurrentIndex(details.role.findData(StaffRole.REGISTERED_MANAGER.value))
    assert shown(details, "managing_started_on") and not shown(details, "care_started_on")
    qtbot.keyClicks(details.start_date.line, "01/02/2023")
    assert details.clock.managing.text() == "01/02/2023"
    qtbot.keyClicks(details.role_start.line, "01/08/2023")
    assert details.clock.managing.text() == "01/08/2023"
    assert details.clock.managing.accessibleDescription().startswith("Reg 28: Level 5 is due 3 years after this date")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert page.save()
    (member,) = window.store.staff.list()
    assert (member.managing_started_on, member.dates_to_confirm) == (date(2023, 8, 1), False)


def test_an_emptied_date_is_refused_at_its_field(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    alex = promoted(home_store, confirm=False)
    page = staff_page(window)
    page.show_person(alex)
    details = page.panel.details
    details.clock.care.line.setFocus()
    details.clock.care.line.selectAll()
    qtbot.keyClick(details.clock.care.line, Qt.Key.Key_Delete)
    assert not page.save()
    error = details.dates.errors["care_started_on"]
    assert error.isVisible() and error.text().startswith("⚠ Enter when they first started in a care role")
    assert home_store.staff.get(alex).care_started_on == date(2022, 3, 1)


def test_the_dates_are_reached_by_keyboard_with_names_and_help(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    alex = promoted(home_store, confirm=False)
    page = staff_page(window)
    page.show_person(alex)
    details = page.panel.details
    care = details.clock.care
    assert care.line.accessibleName() == "First in a care role in a children's home"
    assert care.line.accessibleDescription().startswith("Reg 32(4): Level 3 is due 2 years after this date. "
                                                        "Promotions between care roles do not restart it")
    assert details.dates.captions["care_started_on"].buddy() is care
    details.role_start.line.setFocus()
    qtbot.keyClick(details.role_start.line, Qt.Key.Key_Tab)
    assert care.line.hasFocus()  # tab order follows the form
    qtbot.keyClick(care.line, Qt.Key.Key_Tab)
    assert details.leaving_date.line.hasFocus()
    qtbot.keyClick(details.leaving_date.line, Qt.Key.Key_Backtab)
    assert care.line.hasFocus()  # one stop per date box, either way
    window.activateWindow()
    qtbot.waitActive(window)
    details.full_name.setFocus()
    qtbot.keyClick(details.full_name, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # the label's Alt key
    assert care.line.hasFocus()
    qtbot.keyClick(care.line, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # every date box, not just these
    assert details.induction.line.hasFocus()


@pytest.fixture
def guessed(home_store: Store) -> StaffId:
    """The promoted team leader, recorded before the window opens."""
    return promoted(home_store)


def test_a_guessed_date_is_on_the_dashboards_needs_action_and_enter_opens_details(qtbot, guessed: StaffId, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.dashboard.test_dashboard_page import loaded

    page = loaded(qtbot, window)
    proxy = page.needs.proxy
    listed = [(proxy.index(r, 4).data(), proxy.index(r, 5).data()) for r in range(proxy.rowCount())]
    assert ("Alex Promoted", "Confirm first care-role date") in listed
    row = listed.index(("Alex Promoted", "Confirm first care-role date"))
    assert (proxy.index(row, 0).data(), proxy.index(row, 4).data()) == ("Missing", "Alex Promoted")
    assert proxy.index(row, 6).data().startswith("Reg 32(4)")
    page.needs.table.setFocus()
    page.needs.table.setCurrentIndex(proxy.index(row, 0))
    qtbot.keyClick(page.needs.table, Qt.Key.Key_Return)
    staff = window.staff_page
    assert window.current_page() is staff and staff.panel.tabs.currentWidget() is staff.panel.details
    assert staff.panel.details.clock.notice.isVisible()


def test_a_confirm_item_on_the_dashboard_opens_the_persons_details(home_store: Store, window: MainWindow) -> None:
    alex = promoted(home_store)
    window.open_record("Qualification", int(alex), CONFIRM_KEY)
    page = window.staff_page
    assert window.current_page() is page and page.panel.heading.text() == "Alex Promoted"
    assert page.panel.tabs.currentWidget() is page.panel.details
    window.open_record("Qualification", int(alex), "qualification:level3")
    assert page.panel.tabs.currentWidget() is page.panel.qualifications



def test_a_planned_starter_is_saved_with_their_first_day_as_their_first_care_role(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.new_record()
    details = page.panel.details
    qtbot.keyClicks(details.full_name, "New Starter")
    qtbot.keyClicks(details.start_date.line, "04/01/2027")  # today is 22/11/2026: checks come before day one
    assert details.clock.care.text() == "04/01/2027"
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert page.save()
    (member,) = window.store.staff.list()
    assert (member.start_date, member.care_started_on, member.dates_to_confirm) == (
        date(2027, 1, 4), date(2027, 1, 4), False)


def test_a_first_care_date_after_a_planned_start_is_refused_at_its_field(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.new_record()
    details = page.panel.details
    qtbot.keyClicks(details.full_name, "New Starter")
    qtbot.keyClicks(details.start_date.line, "04/01/2027")
    retype(qtbot, details.clock.care.line, "01/02/2027")
    assert not page.save()
    error = details.dates.errors["care_started_on"]
    assert error.isVisible()
    assert error.text() == ("⚠ The date they first started in a care role cannot be after 04/01/2027, their start "
                            "date here: they start here in a care role that day.")
    assert window.store.staff.list() == []


def test_a_manager_named_when_the_home_was_set_up_is_not_said_to_come_from_an_upgrade(  # type: ignore[no-untyped-def]
        qtbot, db_path, clock, qsettings) -> None:
    from carehome_desk.home_setup import add_home
    from carehome_desk.ui.main_window import MainWindow as Window
    from tests.conftest import oak_lodge
    from tests.ui.conftest import discard_all

    # As `home add --manager` does on a brand-new database: nothing upgraded or imported.
    add_home(db_path, oak_lodge(registered_manager="Alexandra Montgomery-Fitzwilliam"), clock=clock,
             manager_started=date(2026, 11, 2))
    store = Store.open(db_path, user="tester", clock=clock)
    try:
        window = Window(store, qsettings)
        qtbot.addWidget(window, before_close_func=discard_all)
        window.show()
        page = staff_page(window)
        text = page.to_confirm.text()
        assert page.to_confirm.isVisible() and "Alexandra Montgomery-Fitzwilliam" in text
        assert "upgraded" not in text and "imported" not in text
        assert ("first started managing a children's home was not entered, so it was taken from when they started "
                "here (or started their current role), and the Level 5 due date counts from it") in text
        window.close()
    finally:
        store.close()
