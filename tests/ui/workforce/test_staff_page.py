"""The Staff page, driven as a manager would: Ctrl+N, typing, Ctrl+S, filters and the record's tabs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from carehome_desk.models.qualifications import DeferralReason, QualificationKind
from carehome_desk.models.recruitment import CheckKind
from carehome_desk.models.staff import StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.widgets.page import IMPORT_MENU
from carehome_desk.ui.workforce.staff_page import EMPTY_TEXT, StaffPage
from tests.ui.workforce_data import Workforce, add_workforce


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    return add_workforce(home_store)


def staff_page(window: MainWindow) -> StaffPage:
    page = window.staff_page
    window.nav.setCurrentRow(window.pages.index(page))  # the Dashboard opens first
    assert isinstance(page, StaffPage) and window.current_page() is page
    return page


def names(page: StaffPage) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def retype(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_no_staff_says_what_to_do(window: MainWindow) -> None:
    page = staff_page(window)
    assert page.body.currentWidget() is page.empty
    assert EMPTY_TEXT == page.empty.text()
    # The window's own ways in, not the command line: the New… button and the File menu's import.
    assert "carehome-desk " not in EMPTY_TEXT and "New… (Ctrl+N)" in EMPTY_TEXT
    assert page.new_button.text().replace("&", "") == "New…"
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    file_items = {a.text().replace("&", ""): a for a in menus["File"].actions()}
    menu, item = IMPORT_MENU.split(" → ")
    assert menu == "File" and item in file_items
    assert file_items[item].shortcut().toString() == "Ctrl+I" and "(Ctrl+I)" in EMPTY_TEXT


def test_add_a_staff_member_with_ctrl_n_and_ctrl_s(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    details = page.panel.details
    assert details.is_new and details.full_name.hasFocus()
    assert not page.panel.tabs.isTabEnabled(2)  # checks wait until the person is saved
    qtbot.keyClicks(details.full_name, "Aisha  Patel ")
    details.role.setCurrentIndex(details.role.findData(StaffRole.TEAM_LEADER.value))
    qtbot.keyClicks(details.start_date.line, "3/4/26")
    qtbot.keyClicks(details.hours, "37.5")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(details.hours, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (member,) = window.store.staff.list()
    assert (member.full_name, member.role, member.start_date, member.hours_per_week) == (
        "Aisha Patel", StaffRole.TEAM_LEADER, date(2026, 4, 3), 37.5)
    assert page.body.currentWidget() is page.splitter
    assert page.selected_row().member.id == member.id
    assert page.panel.heading.text() == "Aisha Patel"
    assert page.panel.tabs.isTabEnabled(2) and not details.is_new
    assert details.state.text().startswith("Saved at")
    assert window.statusBar().currentMessage() == "Saved the staff record of Aisha Patel."
    assert window.store.audit.entries(table="staff")[0].after["full_name"] == "Aisha Patel"


def test_a_leaving_date_before_the_start_is_refused_at_the_field(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.new_button.click()
    details = page.panel.details
    qtbot.keyClicks(details.full_name, "Tom Nash")
    qtbot.keyClicks(details.start_date.line, "01/09/2026")
    qtbot.keyClicks(details.leaving_date.line, "31/08/2026")
    before = len(window.store.audit.entries())
    qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton)
    error = details.dates.errors["leaving_date"]
    assert error.isVisible() and error.text() == "⚠ The leaving date is before the start date."
    assert details.leaving_date.line.property("invalid") == "true"
    assert not details.form.errors["full_name"].isVisible()
    assert details.state.text() == "Not saved: 'Leaving date' — The leaving date is before the start date."
    assert window.store.staff.list() == [] and len(window.store.audit.entries()) == before
    assert details.full_name.text() == "Tom Nash"  # the typing is kept to fix


def test_leavers_are_hidden_until_asked_for(qtbot, staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    assert names(page) == ["Bethany Reid", "Marcus Okafor", "Sarah Whitfield"]
    assert page.count.text() == "3 current · 1 has left, not shown"
    qtbot.mouseClick(page.show_leavers, Qt.MouseButton.LeftButton)
    assert "Gareth Lowther" in names(page)
    leaver = next(page.proxy.index(r, 0).data(RECORD_ROLE) for r in range(page.proxy.rowCount())
                  if page.proxy.index(r, 0).data() == "Gareth Lowther")
    column = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    row = page.proxy.mapFromSource(page.model.index(page.model.row_of(leaver.member.id), 0)).row()
    assert page.proxy.index(row, column.index("Overdue /\nmissing")).data() == "Left 31/07/2026"
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_table_shows_status_words_with_colour_and_source(staffed: Workforce, window: MainWindow) -> None:
    page = staff_page(window)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["Name", "Role", "Overdue /\nmissing", "Reg 32(7)", "Level 3/5", "Care role", "Started"]
    source = page.model.row_of(staffed.checked)
    cell = page.model.index(source, headers.index("Level 3/5"))
    assert cell.data() == "Overdue · L3 enrolled"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#D55E00"
    assert "Reg 32(4)" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert page.model.index(source, headers.index("Started")).data() == "01/03/2023"
    new = page.model.row_of(staffed.new_starter)
    assert page.model.index(new, headers.index("Reg 32(7)")).data() == "Flagged"
    cook = page.model.row_of(staffed.cook)
    assert page.model.index(cook, headers.index("Care role")).data() == "No"
    assert page.model.index(cook, headers.index("Level 3/5")).data() == "Not required"


def test_ctrl_f_filters_and_the_role_filter_narrows(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, "whit")
    assert names(page) == ["Sarah Whitfield"]
    page.filter.clear()
    page.role_filter.setCurrentIndex(page.role_filter.findData(StaffRole.ANCILLARY.value))
    assert names(page) == ["Bethany Reid"]


def test_an_edit_made_elsewhere_is_refused_with_a_banner_and_the_typing_kept(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    assert page.show_person(staffed.checked)
    member = window.store.staff.get(staffed.checked)
    window.store.staff.update(replace(member, staff_ref="X1"))  # another PC saves first
    details = page.panel.details
    retype(qtbot, details.full_name, "Sarah Whitfield-Jones")
    assert not page.save()
    assert details.conflict.isVisible() and "changed elsewhere" in details.conflict.text()
    assert details.full_name.text() == "Sarah Whitfield-Jones"
    assert window.store.staff.get(staffed.checked).full_name == "Sarah Whitfield"


def test_qualification_tab_shows_the_effect_of_a_deferral(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.show_person(staffed.checked, "qualifications")
    tab = page.panel.qualifications
    assert tab.isVisible()
    assert tab.banner.text().startswith("Overdue: was due 01/03/2025")
    assert "Reg 32(4)–(6)" in tab.banner.text()
    # A part-time worker's relevant date deferred: the status follows what is on screen at once.
    qtbot.keyClicks(tab.deferred_to.line, "01/03/2027")
    tab.deferral_reason.setCurrentIndex(tab.deferral_reason.findData(DeferralReason.PART_TIME.value))
    qtbot.keyClicks(tab.deferral_note, "Works 20 hours a week")
    assert tab.banner.text().startswith("Due soon: due 01/03/2027")
    assert "deferred to 01/03/2027 (part-time working: ‘Works 20 hours a week’)" in tab.banner.text()
    assert "not saved yet" in tab.banner.text()
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(tab.deferral_note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = window.store.workforce.snapshot(staffed.home_id).qualifications[staffed.checked][QualificationKind.LEVEL3]
    assert (saved.deferred_to, saved.deferral_reason) == (date(2027, 3, 1), DeferralReason.PART_TIME)
    assert "not saved yet" not in tab.banner.text()
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    row = page.model.row_of(staffed.checked)
    assert page.model.index(row, headers.index("Level 3/5")).data() == "Due soon · L3 enrolled"


def test_deferral_without_a_reason_is_refused_at_the_field(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.show_person(staffed.checked, "qualifications")
    tab = page.panel.qualifications
    qtbot.keyClicks(tab.deferred_to.line, "01/03/2027")
    assert not tab.save()
    assert tab.deferral_form.errors["deferral_reason"].isVisible()
    saved = window.store.workforce.snapshot(staffed.home_id).qualifications[staffed.checked][QualificationKind.LEVEL3]
    assert saved.deferred_to is None


def test_checks_tab_flags_reg_32_7_and_clears_once_the_reference_is_in(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.show_person(staffed.new_starter, "checks")
    tab = page.panel.checks
    assert tab.flag.isVisible() and "Ref 2" in tab.flag.text() and "reg 32(7)" in tab.flag.text().lower()
    row = tab.rows[CheckKind.REFERENCE_SECOND]
    qtbot.mouseClick(row.done, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(row.date.line, "20/11/2026")
    assert not tab.save()  # who verified it is required
    assert row.error.isVisible() and "Record who verified it" in row.error.text()
    assert not window.store.workforce.snapshot(staffed.home_id).checks[staffed.new_starter].get(
        CheckKind.REFERENCE_SECOND)
    qtbot.keyClicks(row.verified_by, "Priya Fairbairn")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert tab.save()
    check = window.store.workforce.snapshot(staffed.home_id).checks[staffed.new_starter][CheckKind.REFERENCE_SECOND]
    assert check.done and check.done_date == date(2026, 11, 20) and check.verified_by == "Priya Fairbairn"
    assert not tab.flag.isVisible()
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert page.model.index(page.model.row_of(staffed.new_starter), headers.index("Reg 32(7)")).data() == ""


def test_practice_checks_are_labelled_practice(staffed: Workforce, window: MainWindow) -> None:
    from carehome_desk.ui.workforce.checks_tab import check_caption

    assert check_caption(CheckKind.RIGHT_TO_WORK).endswith("(practice)")
    assert check_caption(CheckKind.HEALTH).endswith("(practice)")
    assert "(practice)" not in check_caption(CheckKind.IDENTITY)


def test_leaving_a_record_with_unsaved_edits_asks_first(qtbot, staffed: Workforce, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    page = staff_page(window)
    page.show_person(staffed.checked)
    retype(qtbot, page.panel.details.staff_ref, "R-7")
    asked: list[str] = []

    def answer(choice):  # type: ignore[no-untyped-def]
        def ask(*args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(args[2])
            return choice
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    other = page.proxy.mapFromSource(page.model.index(page.model.row_of(staffed.cook), 0))
    page.table.setCurrentIndex(other)
    assert asked and "Sarah Whitfield" in asked[0]
    assert page.selected_row().member.id == staffed.checked  # Cancel: stay, edits kept
    assert page.panel.details.staff_ref.text() == "R-7"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    page.table.setCurrentIndex(other)
    assert page.selected_row().member.id == staffed.cook
    assert page.panel.heading.text() == "Bethany Reid"
    assert window.store.staff.get(staffed.checked).staff_ref == ""
