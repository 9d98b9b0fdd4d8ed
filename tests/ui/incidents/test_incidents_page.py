"""The Incidents page: the log, a restraint recorded and its reg 35 steps completed, bad times refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from carehome_desk.models.incidents import IncidentType, RestraintDetails
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incident_type_dialog import IncidentTypeDialog
from carehome_desk.ui.incidents.reg40_panel import Reg40Panel
from carehome_desk.ui.incidents.incidents_page import EMPTY_TEXT, IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import Clock
from tests.ui.incident_data import Home, add_children_and_incidents


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def incidents_page(window: MainWindow) -> IncidentsPage:
    page = next(p for p in window.pages if isinstance(p, IncidentsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    return page


def cell(page: IncidentsPage, incident_id: int, header: str) -> str:
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    return page.model.index(page.model.row_of(incident_id), headers.index(header)).data()


def shown_types(page: IncidentsPage) -> list[str]:
    return [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]


def start(qtbot, window: MainWindow, page: IncidentsPage, kind: IncidentType) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N, pick the type, Enter."""
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, IncidentTypeDialog) and dialog.isVisible()
    dialog.choose(kind)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def type_in(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def when(qtbot, field, day: str, hhmm: str) -> None:  # type: ignore[no-untyped-def]
    type_in(qtbot, field.date.line, day)
    type_in(qtbot, field.time, hhmm)


def test_no_incidents_says_what_to_do(window: MainWindow) -> None:
    page = incidents_page(window)
    assert page.body.currentWidget() is page.empty and page.empty.text() == EMPTY_TEXT


def test_record_a_restraint_then_complete_its_three_steps(qtbot, home: Home, window: MainWindow, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    editor = page.editor
    assert editor.heading.text() == "New incident: Restraint / measure of control"
    assert editor.form.occurred.date.line.hasFocus()
    # Only the restraint's own fields, in reg 35(3)(a)'s order, then the three steps.
    assert list(editor.form.details.widgets)[:3] == ["behaviour", "measure", "duration_minutes"]
    assert "returned_at" not in editor.form.details.widgets and "sanction" not in editor.form.details.widgets
    assert editor.steps.hint.text().startswith("Once saved: the record within 24 hours")
    when(qtbot, editor.form.occurred, "21/11/2026", "0800")
    editor.form.set_child(home.current)
    qtbot.keyClicks(editor.form.location, "Kitchen")
    qtbot.keyClicks(editor.form.summary, "Threw plates; staff held AB to stop injury.")
    fields = editor.form.details.widgets
    qtbot.keyClicks(fields["behaviour"], "Threw plates at a peer")
    qtbot.keyClicks(fields["measure"], "Two-person standing hold")
    qtbot.keyClicks(fields["duration_minutes"].line, "4")
    qtbot.keyClicks(fields["used_by"], "Callum Lam")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(editor.form.location, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = window.store.incidents.get(page.selected_row().incident.id)
    assert saved.type is IncidentType.RESTRAINT and saved.child_ids == (home.current,)
    assert isinstance(saved.details, RestraintDetails) and saved.details.duration_minutes == 4
    assert editor.heading.text() == "Restraint / measure of control — 21/11/2026 08:00"
    assert editor.state.text().startswith("Saved at")
    assert editor.steps.texts() == [
        ("Overdue", "Record made", "Was due by 22/11/2026 08:00 — overdue by 2 hours"),
        ("Due", "Spoke to the staff member and signed the record", "Due by 23/11/2026 08:00 — 22 hours left"),
        ("Due", "Spoke to the child", "Due by 26/11/2026 08:00 — 3 days 22 hours left"),
        ("Overdue", "Reg 40: decide whether it is notifiable", "Was due by 22/11/2026 08:00 — overdue by 2 hours"),
        ("Due", "Manager review", "Due by 28/11/2026 08:00 — 5 days 22 hours left"),
    ]
    assert [label.text() for label in editor.steps.missing_labels] == [
        "Not complete — missing: methods tried, others present, effect, injuries, medical treatment (reg 35(3)(a))"]
    assert not editor.steps.missing_labels[0].isHidden()
    assert editor.steps.rows[1][3].text() == "Rule: Reg 35(3)(b): within 48 hours (law)"
    assert cell(page, saved.id, "Steps") == "Overdue"
    assert page.model.index(page.model.row_of(saved.id), 4).data(Qt.ItemDataRole.BackgroundRole).name().upper() == \
        "#D55E00"
    assert cell(page, saved.id, "Children") == "AB (C01)" and cell(page, saved.id, "Reviewed") == "No"

    # Time passes while the page is open: the countdowns move on the minute's tick.
    assert page.timer.isActive()
    clock.advance(minutes=30)
    page.tick()
    assert editor.steps.texts()[0][2] == "Was due by 22/11/2026 08:00 — overdue by 2 hours 30 minutes"

    # "Record made" cannot be set while particulars are missing: refused at the field, nothing saved.
    when(qtbot, fields["record_made_at"], "22/11/2026", "09:00")
    entries = len(window.store.audit.entries())
    assert not page.save()
    refusal = editor.form.details.forms[1].errors["record_made_at"]
    assert refusal.isVisible() and "Missing: methods tried, others present, effect, injuries" in refusal.text()
    assert len(window.store.audit.entries()) == entries

    # The rest of the record filled ("None" is an answer); the record was complete at 09:00, late;
    # the staff member and the child were spoken to this morning.
    qtbot.keyClicks(fields["alternatives_tried"], "Asked AB to step away; offered the garden")
    qtbot.keyClicks(fields["others_present"], "None")
    qtbot.keyClicks(fields["effect"], "AB calmed within minutes")
    qtbot.keyClicks(fields["injuries"], "None")
    qtbot.keyClicks(fields["medical_treatment"], "None")
    fields["staff_spoken_at"].now_button.click()  # 22/11/2026 10:30, the store's clock
    qtbot.keyClicks(fields["signed_by"], "Priya Fairbairn")
    when(qtbot, fields["child_spoken_at"], "22/11/2026", "09:45")
    not_notifiable(editor.reg40)
    assert editor.state.text() == "Unsaved changes"
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(fields["signed_by"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [(word, step) for word, step, _timing in editor.steps.texts()] == [
        ("Done late", "Record made"), ("Done on time", "Spoke to the staff member and signed the record"),
        ("Done on time", "Spoke to the child"), ("Due", "Manager review")]
    assert editor.steps.texts()[0][2] == ("Done 22/11/2026 09:00 — 1 hour after the deadline (22/11/2026 08:00)")
    assert editor.steps.texts()[1][2] == "Done 22/11/2026 10:30 (due by 23/11/2026 08:00)"
    assert editor.steps.missing_labels == []
    assert cell(page, saved.id, "Steps") == "Done late"
    details = window.store.incidents.get(saved.id).details
    assert isinstance(details, RestraintDetails) and details.signed_by == "Priya Fairbairn"


def test_completing_a_started_record_refuses_a_time_at_or_before_the_started_one(  # type: ignore[no-untyped-def]
        qtbot, home: Home, window: MainWindow) -> None:
    """Reg 35(3)(a): a record imported with 'Record made' 20/11 09:00 and particulars missing was incomplete
    then; completing it in the form, that time or a minute before it is refused at the field."""
    from carehome_desk.models.incidents import IncidentDetails
    from tests.ui.incident_data import uk

    draft, _ = window.store.incidents.add(home.home_id, IncidentDetails(
        IncidentType.RESTRAINT, uk("20/11/2026", "08:00"), (home.current,), "Held to stop a fall.", "Lounge",
        details=RestraintDetails(behaviour="Kicked a door", record_made_at=uk("20/11/2026", "09:00"))))
    page = incidents_page(window)
    assert page.show_incident(draft.id)
    editor = page.editor
    fields = editor.form.details.widgets
    qtbot.keyClicks(fields["duration_minutes"].line, "4")
    for name, text in (("measure", "Escort"), ("alternatives_tried", "Talked"),
                       ("used_by", "A. Staff"), ("others_present", "None"), ("effect", "Calmed"),
                       ("injuries", "None"), ("medical_treatment", "None")):
        qtbot.keyClicks(fields[name], text)
    entries = len(window.store.audit.entries())
    refusal = editor.form.details.forms[1].errors["record_made_at"]
    for hhmm in ("09:00", "08:59"):
        when(qtbot, fields["record_made_at"], "20/11/2026", hhmm)
        assert not page.save()
        assert refusal.isVisible() and "(20/11/2026 09:00) was set while the record was still incomplete" in (
            refusal.text())
    assert len(window.store.audit.entries()) == entries
    when(qtbot, fields["record_made_at"], "21/11/2026", "10:00")
    assert page.save()
    assert editor.steps.texts()[0][:2] == ("Done late", "Record made")


def test_the_ehc_plan_tick_says_the_steps_are_exempt(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    fields = page.editor.form.details.widgets
    assert not page.editor.form.details.exempt.isVisible()
    qtbot.mouseClick(fields["ehc_plan_planned"].box, Qt.MouseButton.LeftButton)
    assert page.editor.form.details.exempt.isVisible()
    assert "reg 35(4)" in page.editor.form.details.exempt.text()
    assert not fields["record_made_at"].isEnabled()
    when(qtbot, page.editor.form.occurred, "22/11/2026", "07:00")
    page.editor.form.set_child(home.current)
    qtbot.keyClicks(page.editor.form.summary, "Planned hold at the roadside, as in the EHC plan.")
    not_notifiable(page.editor.reg40)
    assert page.save()
    assert page.editor.steps.texts()[0][0] == "Exempt"
    assert cell(page, page.selected_row().incident.id, "Steps") == "Exempt"


def test_bad_times_show_at_their_fields_and_nothing_is_saved(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    editor = page.editor
    before = (len(window.store.incidents.list()), len(window.store.audit.entries()))
    editor.form.set_child(home.current)
    qtbot.keyClicks(editor.form.summary, "Held to stop a fall.")
    when(qtbot, editor.form.occurred, "22/11/2026", "11:00")  # an hour after 'now'
    assert not page.save()
    error = editor.form.common.errors["occurred_at"]
    assert error.isVisible() and error.text() == "⚠ The incident's date and time are in the future."
    assert editor.form.occurred.time.property("invalid") == "true"
    assert editor.state.text() == "Not saved: 'Date and time' — The incident's date and time are in the future."

    when(qtbot, editor.form.occurred, "21/11/2026", "08:00")
    when(qtbot, editor.form.details.widgets["record_made_at"], "20/11/2026", "09:00")  # before the incident
    assert not page.save()
    assert not error.isVisible()
    step_error = editor.form.details.forms[1].errors["record_made_at"]
    assert step_error.isVisible() and step_error.text() == "⚠ The record time is before the incident."

    type_in(qtbot, editor.form.details.widgets["record_made_at"].time, "25:10")
    assert not page.save()
    assert step_error.text() == "⚠ “25:10” is not a time. Use HH:MM on the 24-hour clock, for example 14:05."
    assert (len(window.store.incidents.list()), len(window.store.audit.entries())) == before
    assert editor.form.summary.toPlainText() == "Held to stop a fall."  # the typing is kept to fix


def test_the_sanction_warning_is_a_prompt_not_a_block(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.SANCTION)
    details = page.editor.form.details
    assert list(details.widgets) == ["sanction", "reparation"]
    assert not details.warning.isVisible()
    qtbot.keyClicks(details.widgets["sanction"], "No dinner tonight")
    assert details.warning.isVisible()
    assert "Reg 19(b): withholding or forcing food or drink" in details.warning.text()
    assert "prompt, not a block" in details.warning.text()
    type_in(qtbot, details.widgets["sanction"], "Extra washing up after breaking a plate")
    assert not details.warning.isVisible()
    type_in(qtbot, details.widgets["sanction"], "Pay for the broken plate from pocket money")
    assert "Reg 19(f)" in details.warning.text()
    qtbot.mouseClick(details.widgets["reparation"].box, Qt.MouseButton.LeftButton)
    assert not details.warning.isVisible()  # reasonable reparation is allowed
    type_in(qtbot, details.widgets["sanction"], "No dinner tonight")
    when(qtbot, page.editor.form.occurred, "21/11/2026", "19:00")
    page.editor.form.set_child(home.newer)
    qtbot.keyClicks(page.editor.form.summary, "Threw food at staff.")
    assert page.save()  # the manager may save once they have checked
    assert cell(page, page.selected_row().incident.id, "Type") == "Sanction / consequence"


def test_the_log_filters_by_type_child_dates_and_status(qtbot, home: Home, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["Date and time", "Type", "Children", "Summary", "Steps", "Reg 40", "Reviewed"]
    assert shown_types(page) == ["Police involvement", "Accident or injury", "Missing from care",
                                 "Restraint / measure of control"]  # newest first
    assert cell(page, home.police, "Date and time") == "21/11/2026 18:00"
    assert cell(page, home.police, "Steps") == "Due 22/11/2026 18:00"  # the year too: dates as 03/04/2026 everywhere
    assert cell(page, home.police, "Reg 40") == "Yes"
    assert cell(page, home.old_restraint, "Steps") == "Complete" and cell(page, home.old_restraint, "Reviewed") == "Yes"
    # Nobody decided on reg 40 within 24 hours: the decision itself is overdue.
    assert cell(page, home.accident, "Steps") == "Overdue" and cell(page, home.accident, "Reg 40") == "Not decided"
    assert cell(page, home.accident, "Reviewed") == "No — overdue"
    assert page.count.text() == "4 incidents · 3 need action · 3 not reviewed"
    page.filters.type_filter.setCurrentIndex(page.filters.type_filter.findData(IncidentType.MISSING.value))
    assert shown_types(page) == ["Missing from care"]
    page.filters.type_filter.setCurrentIndex(0)
    page.filters.child_filter.setCurrentIndex(page.filters.child_filter.findData(int(home.current)))
    assert shown_types(page) == ["Police involvement", "Accident or injury"]
    assert page.filters.child_filter.itemText(page.filters.child_filter.findData(int(home.leaver))) == "CD (C02) (left)"
    page.filters.child_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.filters.date_from.line, "01/09/2026")
    qtbot.keyClicks(page.filters.date_to.line, "30/09/2026")
    assert shown_types(page) == ["Accident or injury"]
    page.clear_filters()
    page.filters.status_filter.setCurrentIndex(1)  # Needs action
    assert shown_types(page) == ["Police involvement", "Accident or injury", "Missing from care"]
    page.filters.status_filter.setCurrentIndex(2)  # Overdue (the review, here)
    assert shown_types(page) == ["Accident or injury", "Missing from care"]
    assert page.count.text().endswith("· 2 shown")
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_the_countdown_timer_runs_only_while_the_page_is_on_show(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    assert page.timer.isActive() and page.timer.interval() == 60_000
    window.nav.setCurrentRow(0)
    assert not page.timer.isActive()
    window.nav.setCurrentRow(window.pages.index(page))
    assert page.timer.isActive()


def test_dashboard_tiles_and_due_items_open_the_log_filtered(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    page.filters.type_filter.setCurrentIndex(page.filters.type_filter.findData("missing_or_away"))
    assert shown_types(page) == ["Missing from care"]  # missing and away together
    assert page.apply_filter("notifications_on_time")
    assert shown_types(page) == ["Police involvement"]
    assert page.filters.date_from.text() == "23/11/2025"  # the last 12 months, as the dashboard counts them
    assert page.apply_filter("restraints")
    assert shown_types(page) == [] and page.filters.type_filter.currentText() == "Restraint / measure of control"
    assert window.statusBar().currentMessage() == ("Incidents: 0 restraints in the last 90 days, as the Restraints "
                                                   "tile's second figure counts them (its headline counts the last "
                                                   "30 days).")
    assert not page.apply_filter("no such tile")
    assert page.show_record(int(home.old_restraint))  # clears the filters that hid it
    assert page.selected_row().incident.id == home.old_restraint


def test_ctrl_f_filters_the_log(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, "bike")
    assert shown_types(page) == ["Accident or injury"]


def test_a_missing_episode_asks_for_its_own_fields(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    assert page.show_incident(home.missing)
    editor = page.editor
    assert editor.form.common.captions["occurred_at"].text() == "Went missing at"
    assert "behaviour" not in editor.form.details.widgets
    assert editor.form.details.widgets["rhi_offered_by"].text() == "Kettleby City Council"
    rhi = next(t for t in editor.steps.texts() if t[1] == "Return home interview offered")
    assert rhi == ("Done on time", "Return home interview offered", "Done 03/07/2025 10:00 (due by 05/07/2025 08:00)")
    assert "secondary source" in editor.steps.rows[0][3].text()
    # The authority did not offer one after all: say so, and the step shows as not offered.
    type_in(qtbot, editor.form.details.widgets["rhi_offered_at"].date.line, "")
    type_in(qtbot, editor.form.details.widgets["rhi_offered_at"].time, "")
    qtbot.mouseClick(editor.form.details.widgets["rhi_not_offered"].box, Qt.MouseButton.LeftButton)
    not_notifiable(editor.reg40)
    assert page.save()
    rhi = editor.steps.texts()[0]
    assert rhi[0] == "Not offered" and "challenge the placing authority" in rhi[2]
    assert cell(page, home.missing, "Steps") == "Not offered"


def test_switching_incident_with_unsaved_edits_asks_first(qtbot, home: Home, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    page.show_incident(home.accident)
    type_in(qtbot, page.editor.form.location, "Garden path")
    asked: list[str] = []

    def answer(button):  # type: ignore[no-untyped-def]
        def ask(*args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(args[2])
            return button
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    page.table.selectRow(0)  # the police incident
    assert asked == ["Accident or injury — 01/09/2026 16:30 has changes that are not saved yet. Save them now?"]
    assert page.selected_row().incident.id == home.accident
    assert page.editor.form.location.text() == "Garden path"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    page.table.selectRow(0)
    assert page.selected_row().incident.id == home.police
    assert window.store.incidents.get(home.accident).location == ""


def test_an_edit_made_elsewhere_is_refused_with_a_banner_and_the_typing_kept(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    page.show_incident(home.accident)
    from dataclasses import replace
    window.store.incidents.update(replace(window.store.incidents.get(home.accident), location="Back garden"))
    type_in(qtbot, page.editor.form.location, "Front drive")
    assert not page.save()
    assert page.editor.conflict.isVisible() and "changed elsewhere" in page.editor.conflict.text()
    assert page.editor.form.location.text() == "Front drive"
    assert window.store.incidents.get(home.accident).location == "Back garden"


def test_manager_signs_off_an_incident(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    page.show_incident(home.accident)
    review = page.editor.review
    assert review.state.text().startswith("Not reviewed yet. Provider policy: within 7 days")
    qtbot.mouseClick(review.sign_button, Qt.MouseButton.LeftButton)
    assert review.form.errors["review_note"].text() == "⚠ Write the review: what was learned and any actions."
    qtbot.keyClicks(review.note, "Bike checks added to the weekly safety walk (PF, 30/11).")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.mouseClick(review.sign_button, Qt.MouseButton.LeftButton)
    saved = window.store.incidents.get(home.accident)
    assert saved.reviewed_by == "tester" and saved.review_note.startswith("Bike checks")
    assert review.state.text() == "Signed off by tester on 22/11/2026 10:00."
    assert cell(page, home.accident, "Reviewed") == "Yes"
    assert not page.has_unsaved_changes()


def test_an_imported_record_with_particulars_missing_says_record_started_and_what_is_missing(  # type: ignore[no-untyped-def]
        qtbot, home: Home, window: MainWindow) -> None:
    from carehome_desk.models.dates import UK
    from carehome_desk.models.incidents import IncidentDetails
    from datetime import datetime

    started = datetime(2026, 11, 21, 9, 0, tzinfo=UK)
    incident, _ = window.store.incidents.add(home.home_id, IncidentDetails(
        IncidentType.RESTRAINT, datetime(2026, 11, 21, 8, 0, tzinfo=UK), (home.current,), "Held", "Hall",
        details=RestraintDetails(behaviour="Kicked the door", measure="Escort", record_made_at=started)))
    page = incidents_page(window)
    page.reload()
    assert page.show_record(int(incident.id), "")
    editor = page.editor
    assert editor.steps.texts()[0][:2] == ("Overdue", "Record made")
    assert [label.text() for label in editor.steps.missing_labels] == [
        "Record started 21/11/2026 09:00 — not complete: missing duration, methods tried, used by, others present, effect, "
        "injuries, medical treatment"]
    # Saved again unchanged (a draft), it is kept; completed with the started time, it is refused.
    fields = editor.form.details.widgets
    qtbot.keyClicks(fields["used_by"], "Callum Lam")
    assert page.save()
    for key, text in (("alternatives_tried", "Talked"), ("others_present", "None"), ("effect", "Settled"),
                      ("injuries", "None"), ("medical_treatment", "None")):
        qtbot.keyClicks(fields[key], text)
    qtbot.keyClicks(fields["duration_minutes"].line, "2")
    assert not page.save()
    refusal = editor.form.details.forms[1].errors["record_made_at"]
    assert "(21/11/2026 09:00) was set while the record was still incomplete" in refusal.text()
    when(qtbot, fields["record_made_at"], "22/11/2026", "10:00")
    assert page.save()
    assert editor.steps.texts()[0][0] == "Done late" and editor.steps.missing_labels == []


def not_notifiable(panel: Reg40Panel) -> None:
    """Record the reg 40 decision, so a test about other steps sees their status, not the open decision."""
    panel.decision.button(2).click()
    panel.rationale.setPlainText("Not serious: no injury, no police.")
