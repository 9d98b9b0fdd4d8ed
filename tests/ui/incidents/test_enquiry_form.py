"""A child protection enquiry's start and conclusion: asked as a date and a time; older day-only records kept."""

from __future__ import annotations

from datetime import date

import pytest

from carehome_desk.models.incidents import EnquiryDetails, IncidentDetails, IncidentType, Reg40
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incident_detail_fields import MomentField
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import Home, add_children_and_incidents, uk
from tests.ui.incidents.test_incidents_page import incidents_page, start, type_in, when


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def steps(page) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {name: (word, timing) for word, name, timing in page.editor.steps.texts()}


def test_a_new_enquiry_asks_for_the_date_and_the_time(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.CP_ENQUIRY)
    editor = page.editor
    fields = editor.form.details.widgets
    assert isinstance(fields["started_at"], MomentField) and isinstance(fields["concluded_at"], MomentField)
    when(qtbot, editor.form.occurred, "21/11/2026", "08:00")
    editor.form.set_child(home.current)
    qtbot.keyClicks(editor.form.summary, "Strategy meeting: section 47 enquiry opened.")
    type_in(qtbot, fields["started_at"].date.line, "21/11/2026")
    assert not page.save()
    error = editor.form.details.forms[0].errors["started_at"]
    assert error.isVisible() and error.text() == "⚠ Enter the time as well as the date (HH:MM, 24-hour)."

    type_in(qtbot, fields["started_at"].time, "1420")
    type_in(qtbot, fields["concluded_at"].date.line, "21/11/2026")
    type_in(qtbot, fields["concluded_at"].time, "14:00")
    assert not page.save()
    assert editor.form.details.forms[0].errors["concluded_at"].text() == "⚠ The enquiry concluded before it started."
    assert editor.form.details.forms[0].errors["outcome"].isVisible()

    type_in(qtbot, fields["concluded_at"].date.line, "")
    type_in(qtbot, fields["concluded_at"].time, "")
    panel = editor.reg40
    panel.decision.button(1).click()
    panel.paragraphs[Reg40.CP_START].box.click()
    qtbot.keyClicks(panel.rationale, "Reg 40(4)(d)(i).")
    assert page.save()
    saved = window.store.incidents.get(page.selected_row().incident.id)
    assert saved.details == EnquiryDetails(started_at=uk("21/11/2026", "14:20"))
    assert steps(page)["Ofsted notified (Reg 40(4)(d)(i))"] == ("Due", "Due by 22/11/2026 14:20 — 4 hours 20 minutes left")


def test_an_older_record_with_only_the_day_is_kept_and_counted_from_the_end_of_the_day(  # type: ignore[no-untyped-def]
        qtbot, home: Home, window: MainWindow) -> None:
    store = window.store
    inc, _ = store.incidents.add(home.home_id, IncidentDetails(
        IncidentType.CP_ENQUIRY, uk("21/11/2026", "07:00"), (home.current,), "Section 47 enquiry.", notifiable=True,
        reg40_paragraphs=(Reg40.CP_START,), reg40_rationale="Reg 40(4)(d)(i).",
        details=EnquiryDetails(started_on=date(2026, 11, 21))))
    page = incidents_page(window)
    page.reload()
    assert page.show_incident(inc.id)
    field = page.editor.form.details.widgets["started_at"]
    assert isinstance(field, MomentField)
    assert (field.date.text(), field.time.text(), field.time.placeholderText()) == ("21/11/2026", "", "HH:MM?")
    word, timing = steps(page)["Ofsted notified (Reg 40(4)(d)(i))"]
    assert word == "Due" and timing.startswith("Due by 22/11/2026 23:59")  # 09:00 would be overdue now
    assert ("Time not recorded: counted from the end of 21/11/2026; record the time for an exact deadline"
            in timing)

    type_in(qtbot, page.editor.form.summary, "Section 47 enquiry; strategy meeting held.")
    assert page.save()
    assert store.incidents.get(inc.id).details == EnquiryDetails(started_on=date(2026, 11, 21))

    type_in(qtbot, field.time, "08:30")
    assert page.save()
    assert store.incidents.get(inc.id).details == EnquiryDetails(started_at=uk("21/11/2026", "08:30"))
    assert steps(page)["Ofsted notified (Reg 40(4)(d)(i))"][0] == "Overdue"
