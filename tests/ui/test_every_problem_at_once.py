"""A form with several problems marks all of them on the first Save, not one round at a time.

A blank or unreadable date used to stop the check there, so the name, reference, initials or
"Given by" were only marked once a date had been typed. A check that compares with a date that
cannot be read waits for it, so nothing untrue is said; a date judged on its own (in the future, say)
or against dates that were read is marked with it.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from carehome_desk.models.dates import format_uk

from carehome_desk.models.supervision import SessionKind
from carehome_desk.store import Store
from carehome_desk.ui.children.children_page import ChildrenPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.reg44_dialog import Reg44Dialog
from carehome_desk.ui.widgets.field_form import FieldForm, every_problem
from carehome_desk.ui.workforce.supervision_tab import SessionDialog
from tests.ui.workforce.test_staff_page import staff_page
from tests.ui.workforce_data import add_workforce


def shown(*forms: FieldForm) -> dict[str, str]:
    return {key: label.text() for form in forms for key, label in form.errors.items() if label.isVisible()}


def test_a_blank_new_staff_member_marks_the_start_date_and_the_name_at_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.new_button.click()
    details = page.panel.details
    before = len(window.store.audit.entries())
    qtbot.keyClick(details.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    errors = shown(details.form, details.dates)
    assert errors["start_date"] == "⚠ Enter the date they started at the home."
    assert errors["full_name"] == "⚠ Enter the person's full name."
    assert "(and 1 more marked)" in details.state.text()
    assert len(window.store.audit.entries()) == before


def test_an_unreadable_start_date_is_said_with_the_hours_but_no_check_against_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.new_button.click()
    details = page.panel.details
    qtbot.keyClicks(details.start_date.line, "31/02/2026")
    qtbot.keyClicks(details.hours, "150")
    qtbot.keyClicks(details.induction.line, "01/01/2020")  # compared with a start date that cannot be read
    qtbot.keyClick(details.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    errors = shown(details.form, details.dates)
    assert "no day 31" in errors["start_date"]
    assert errors["full_name"] == "⚠ Enter the person's full name."
    assert errors["hours_per_week"] == "⚠ Hours per week must be more than 0 and at most 100."
    assert "induction_completed" not in errors  # "before they started" would rest on a guess


def test_a_blank_new_child_marks_the_dates_reference_and_initials_at_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = next(p for p in window.pages if isinstance(p, ChildrenPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.new_record()
    form = page.form
    assert page.save() is False
    errors = shown(form.form, form.placement)
    assert errors["date_of_birth"] == "⚠ Enter the child's date of birth."
    assert errors["admission_date"] == "⚠ Enter the date the child was admitted."
    assert errors["reference"].startswith("⚠ Give the child a reference")
    assert errors["initials"] == "⚠ Enter the child's initials: one to four letters."
    assert window.store.children.list() == []


def test_a_supervision_with_no_date_and_no_giver_marks_both(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    member = home_store.staff.get(add_workforce(home_store).checked)
    dialog = SessionDialog(home_store, member, SessionKind.SUPERVISION)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.held_on.line.clear()
    dialog.supervisor.clear()
    assert dialog.try_save() is False
    assert shown(dialog.fields) == {"held_on": "⚠ Enter the date it was held.", "supervisor": "⚠ Record who gave it."}
    assert home_store.workforce.sessions_for(member.id) == []


def test_a_reg44_visit_with_no_date_says_nothing_of_dates_compared_with_it(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    home_id = home_store.homes.list()[0].id
    dialog = Reg44Dialog(home_store, home_id, owner="")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.visited.line.clear()
    qtbot.keyClicks(dialog.received.line, "01/11/2026")  # a real date, before the stand-in "today"
    assert dialog.try_save() is False
    assert shown(dialog.fields) == {"visitor": "⚠ Name the independent person.",
                                    "visited_on": "⚠ Enter the date of the visit."}


def test_a_message_resting_on_the_stand_in_waits_and_one_that_does_not_is_said() -> None:
    def check(stand_in: date) -> dict[str, str]:  # "received" could not be read and stands in
        found = {"visited_on": "The visit date is in the future."}
        if stand_in < date(2026, 12, 1):
            found["sent_to_ofsted_on"] = "This is before the report was received."
        found["report_received_on"] = "This date is in the future."
        return found

    read = {"report_received_on": "Enter the date as DD/MM/YYYY."}
    assert every_problem(read, check) == {"visited_on": "The visit date is in the future.",
                                          "report_received_on": "Enter the date as DD/MM/YYYY."}
    assert every_problem({}, lambda _stand_in: {"visitor": "Name the independent person."}) == {
        "visitor": "Name the independent person."}


def test_a_reg44_visit_in_the_future_is_said_while_the_report_received_date_cannot_be_read(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    home_id = home_store.homes.list()[0].id
    dialog = Reg44Dialog(home_store, home_id, owner="")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.visitor, "A. Person")
    dialog.visited.line.clear()
    qtbot.keyClicks(dialog.visited.line, format_uk(home_store.today() + timedelta(days=13)))
    qtbot.keyClicks(dialog.received.line, "31/02/2026")
    assert dialog.try_save() is False
    errors = shown(dialog.fields)
    assert errors["visited_on"] == "⚠ The visit date is in the future."
    assert "no day 31" in errors["report_received_on"]  # its reading problem, not "before the visit"
    assert set(errors) == {"visited_on", "report_received_on"}
    assert home_store.quality.visits(home_id) == []


def child_form(window: MainWindow) -> ChildrenPage:
    """A new child on the Children page, with a reference and initials."""
    page = next(p for p in window.pages if isinstance(p, ChildrenPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.new_record()
    page.form.reference.setText("C-031")
    page.form.initials.setText("AB")
    return page


def test_a_childs_future_leaving_date_is_said_while_the_date_of_birth_is_blank(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = child_form(window)
    form = page.form
    today = window.store.today()
    qtbot.keyClicks(form.admission_date.line, format_uk(today - timedelta(days=30)))
    qtbot.keyClicks(form.leaving_date.line, format_uk(today + timedelta(days=5)))
    assert page.save() is False
    errors = shown(form.form, form.placement)
    assert errors["date_of_birth"] == "⚠ Enter the child's date of birth."
    assert errors["leaving_date"] == "⚠ The leaving date is in the future: record it when they leave."
    assert "admission_date" not in errors  # "before the date of birth" would rest on a guess
    assert window.store.children.list() == []


def test_a_childs_ending_without_a_leaving_date_is_said_while_the_date_of_birth_is_blank(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = child_form(window)
    form = page.form
    qtbot.keyClicks(form.admission_date.line, format_uk(window.store.today() - timedelta(days=30)))
    form.ending_planned.setCurrentIndex(1)  # "Planned ending", with no leaving date
    assert page.save() is False
    errors = shown(form.form, form.placement)
    assert errors["ending_planned"] == "⚠ Say whether the ending was planned once there is a leaving date."
    assert set(errors) == {"date_of_birth", "ending_planned"}


def test_a_childs_ending_waits_while_the_leaving_date_typed_cannot_be_read(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = child_form(window)
    form = page.form
    today = window.store.today()
    qtbot.keyClicks(form.date_of_birth.line, format_uk(date(today.year - 12, 3, 4)))
    qtbot.keyClicks(form.admission_date.line, format_uk(today - timedelta(days=30)))
    qtbot.keyClicks(form.leaving_date.line, "31/02/2026")
    form.ending_planned.setCurrentIndex(1)
    assert page.save() is False
    errors = shown(form.form, form.placement)
    assert set(errors) == {"leaving_date"}  # a leaving date was typed: "once there is a leaving date" is untrue
    assert "no day 31" in errors["leaving_date"]


def test_a_role_start_in_the_future_is_said_while_the_start_date_cannot_be_read(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    page.new_button.click()
    details = page.panel.details
    today = window.store.today()
    qtbot.keyClicks(details.full_name, "Sam Carter")
    qtbot.keyClicks(details.start_date.line, "31/02/2026")
    qtbot.keyClicks(details.role_start.line, format_uk(today + timedelta(days=20)))
    qtbot.keyClicks(details.induction.line, format_uk(today - timedelta(days=20)))  # compared with the start
    qtbot.keyClick(details.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    errors = shown(details.form, details.dates)
    assert "no day 31" in errors["start_date"]
    assert errors["role_start_date"] == "⚠ The date they started in this role is in the future."
    assert "induction_completed" not in errors  # "before they started" would rest on a guess
