"""The other forms with dates mark every problem on the first Save, as the staff and child forms do.

Training, a DBS status check, an action, a qualification, the recruitment checks, a Reg 45 review and
an incident used to stop at a date that could not be read, so the record's own checks (who verified
it, the summary, a period that ends before it starts) were only said on the next Save. Each test here
makes two problems at once, sees both beside their fields with the focus on the first, then fixes
them and sees the record saved.
"""

from __future__ import annotations

from datetime import date

import pytest

from carehome_desk.models.dates import format_uk
from carehome_desk.models.dbs import DbsCertificate
from carehome_desk.models.incidents import IncidentType
from carehome_desk.models.qualifications import QualificationKind
from carehome_desk.models.quality import ActionStatus
from carehome_desk.models.recruitment import CheckKind
from carehome_desk.models.staff import StaffMember
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.action_dialog import ActionDialog, new_action
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.workforce.dbs_dialogs import StatusCheckDialog
from carehome_desk.ui.workforce.record_training_dialog import RecordTrainingDialog
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.ui.incident_data import Home, add_children_and_incidents
from tests.ui.incidents.test_incidents_page import incidents_page, start, type_in, when
from tests.ui.quality.test_quality_page import quality
from tests.ui.workforce_data import Workforce, add_workforce

UNREADABLE = "31/02/2026"  # no 31st of February: the date cannot be read


def shown(*forms: FieldForm) -> dict[str, str]:
    return {key: label.text() for form in forms for key, label in form.errors.items() if label.isVisible()}


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    return add_workforce(home_store)


def member(store: Store, staffed: Workforce) -> StaffMember:
    return store.staff.get(staffed.checked)


def staff_tab(window: MainWindow, staffed: Workforce, tab: str) -> StaffPage:
    page = window.staff_page
    assert isinstance(page, StaffPage)
    window.nav.setCurrentRow(window.pages.index(page))
    assert page.show_person(staffed.checked, tab)
    return page


def test_training_in_the_future_is_said_with_an_expiry_that_cannot_be_read(qtbot, home_store: Store, staffed: Workforce, tmp_path) -> None:  # type: ignore[no-untyped-def]
    person = member(home_store, staffed)
    course = staffed.course(home_store, "First aid")
    dialog = RecordTrainingDialog(home_store, [person], home_store.workforce.courses(), person.id, course.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.completed.line.setText("01/12/2026")  # after today (22/11/2026)
    dialog.expiry.line.setText(UNREADABLE)
    assert dialog.try_save() is False
    errors = shown(dialog.fields)
    assert errors["completed"] == "⚠ The completion date is in the future: record training once it is done."
    assert "no day 31" in errors["expiry_override"]  # its reading problem, not "after the completion date"
    assert set(errors) == {"completed", "expiry_override"}
    assert dialog.focusWidget() is dialog.completed.line  # the first marked field, in form order
    dialog.grab().save(str(tmp_path / "training_two_problems.png"))
    assert home_store.workforce.training_for(person.id) == []

    dialog.completed.line.setText("18/11/2026")
    dialog.expiry.line.clear()
    assert dialog.try_save() is True
    (record,) = home_store.workforce.training_for(person.id)
    assert (record.course_id, format_uk(record.completed)) == (course.id, "18/11/2026")


def test_a_status_check_with_an_unreadable_date_and_no_checker_marks_both(qtbot, home_store: Store, staffed: Workforce) -> None:  # type: ignore[no-untyped-def]
    cert, _ = home_store.workforce.add_certificate(DbsCertificate(staffed.checked, "001234567890", date(2025, 2, 10)))
    dialog = StatusCheckDialog(home_store, cert)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.checked_on.line.setText(UNREADABLE)
    dialog.checked_by.clear()
    assert dialog.try_save() is False
    errors = shown(dialog.fields)
    assert "no day 31" in errors["checked_on"]
    assert errors["checked_by"] == "⚠ Record who ran the status check."
    assert dialog.focusWidget() is dialog.checked_on.line
    assert home_store.workforce.status_checks_for(cert.id) == []

    dialog.checked_on.line.setText("20/11/2026")
    dialog.checked_by.setText("Priya Fairbairn")
    assert dialog.try_save() is True
    (check,) = home_store.workforce.status_checks_for(cert.id)
    assert check.checked_by == "Priya Fairbairn"


def test_an_action_with_an_unreadable_due_date_and_no_owner_marks_both(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    (home,) = home_store.homes.list()
    dialog = ActionDialog(home_store, new_action(home, "", home_store.today()))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title_box.setPlainText("Replace the fire door closer")
    dialog.due.line.setText(UNREADABLE)
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE.value))
    dialog.completed.line.setText("01/12/2026")  # in the future, judged on its own
    assert dialog.try_save() is False
    errors = shown(dialog.fields)
    assert "no day 31" in errors["due"]
    assert errors["owner"] == "⚠ Name who owns the action."
    assert errors["completed_on"] == "⚠ The completion date is in the future."
    assert set(errors) == {"due", "owner", "completed_on"}
    assert dialog.focusWidget() is dialog.owner  # the first marked field, in form order
    assert home_store.quality.actions(home.id) == []

    dialog.owner.setText("Priya Fairbairn")
    dialog.due.line.setText("31/01/2027")
    dialog.completed.line.setText("20/11/2026")
    assert dialog.try_save() is True
    (saved,) = home_store.quality.actions(home.id)
    assert (saved.owner, saved.status, format_uk(saved.due)) == ("Priya Fairbairn", ActionStatus.DONE, "31/01/2027")


def test_a_qualification_marks_an_unreadable_date_and_the_missing_reasoning_at_once(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = staff_tab(window, staffed, "qualifications").panel.qualifications
    type_in(qtbot, tab.achieved.line, UNREADABLE)
    qtbot.keyClicks(tab.equivalent_name, "NVQ Level 3 Caring for Children and Young People")
    assert tab.save() is False
    errors = shown(tab.progress_form, tab.equivalence_form, tab.deferral_form)
    assert "no day 31" in errors["achieved_date"]
    assert errors["equivalence_reasoning"].startswith("⚠ Record why the qualification is equivalent")
    assert set(errors) == {"achieved_date", "equivalence_reasoning"}
    assert window.focusWidget() is tab.achieved.line
    store = window.store
    saved = store.workforce.snapshot(staffed.home_id).qualifications[staffed.checked][QualificationKind.LEVEL3]
    assert saved.equivalent_name == ""

    type_in(qtbot, tab.achieved.line, "")
    tab.reasoning.setPlainText("Mapped against the diploma's units; agreed by the RI on 01/11/2026.")
    assert tab.save() is True
    saved = store.workforce.snapshot(staffed.home_id).qualifications[staffed.checked][QualificationKind.LEVEL3]
    assert saved.equivalent_name == "NVQ Level 3 Caring for Children and Young People"


def test_a_recruitment_check_marks_an_unreadable_date_and_no_verifier_at_once(qtbot, staffed: Workforce, window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tab = staff_tab(window, staffed, "checks").panel.checks
    row = tab.rows[CheckKind.REFERENCE_SECOND]
    type_in(qtbot, row.date.line, UNREADABLE)
    type_in(qtbot, row.verified_by, "")
    assert tab.save() is False
    assert row.error.isVisible()
    date_problem, who = row.error.text().split(" ⚠ ")  # the date's first, as on the line
    assert "no day 31" in date_problem
    assert who == "Record who verified it."  # said with the date, not after it is fixed
    assert window.focusWidget() is row.date.line
    tab.grab().save(str(tmp_path / "checks_two_problems.png"))

    type_in(qtbot, row.date.line, "01/03/2023")
    type_in(qtbot, row.verified_by, "Priya Fairbairn")
    assert tab.save() is True
    saved = window.store.workforce.snapshot(staffed.home_id).checks[staffed.checked][CheckKind.REFERENCE_SECOND]
    assert (format_uk(saved.done_date) if saved.done_date else "", saved.verified_by) == (
        "01/03/2023", "Priya Fairbairn")


def test_a_reg45_review_marks_a_backwards_period_and_an_unreadable_completion_at_once(window: MainWindow, home_store: Store) -> None:
    page = quality(window)
    page.show_tab(page.reg45)
    tab = page.reg45
    tab.new_record()
    tab.start.line.setText("01/05/2026")
    tab.end.line.setText("30/04/2026")  # before the start
    tab.completed.line.setText(UNREADABLE)
    assert tab.save() is False
    errors = shown(tab.form, tab.report_form)
    assert errors["period_end"] == "⚠ The period ends before it starts."
    assert "no day 31" in errors["completed_on"]
    assert set(errors) == {"period_end", "completed_on"}
    assert window.focusWidget() is tab.end.line
    (home,) = home_store.homes.list()
    assert home_store.quality.reviews(home.id) == []

    tab.end.line.setText("31/10/2026")
    tab.completed.line.setText("10/11/2026")
    assert tab.save() is True
    (review,) = home_store.quality.reviews(home.id)
    assert format_uk(review.period_end) == "31/10/2026"


def test_an_incident_with_an_unreadable_date_and_no_summary_marks_both(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    home: Home = add_children_and_incidents(home_store)
    page = incidents_page(window)
    page.reload()
    before = len(home_store.incidents.list())
    start(qtbot, window, page, IncidentType.OTHER)
    editor = page.editor
    when(qtbot, editor.form.occurred, UNREADABLE, "08:00")
    editor.form.set_child(home.current)
    assert page.save() is False
    errors = {key: label.text() for key, label in editor.form.common.errors.items() if label.isVisible()}
    assert "no day 31" in errors["occurred_at"]
    assert errors["summary"] == "⚠ Say briefly what happened."
    assert len(home_store.incidents.list()) == before

    when(qtbot, editor.form.occurred, "21/11/2026", "08:00")
    qtbot.keyClicks(editor.form.summary, "A window was found open at night.")
    panel = editor.reg40
    panel.decision.button(0).click()  # not notifiable
    qtbot.keyClicks(panel.rationale, "No harm and no police involvement.")
    assert page.save() is True
    assert len(home_store.incidents.list()) == before + 1
