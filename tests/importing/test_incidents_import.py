"""Importing the incidents workbook into a real store: round trip, bad rows, clock changes, dry run, twice."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from carehome_desk.importing.incidents import import_incidents
from carehome_desk.importing.result import ImportResult
from carehome_desk.models.changes import Register
from carehome_desk.models.children import ChildDetails, LegalStatus
from carehome_desk.models.incidents import (
    EnquiryDetails,
    IncidentDetails,
    IncidentType,
    MissingDetails,
    Notification,
    Recipient,
    Reg40,
    RestraintDetails,
    RiskLevel,
)
from carehome_desk.models.deadlines import StepStatus, restraint_steps
from carehome_desk.models.ids import HomeId
from carehome_desk.progress import Progress
from carehome_desk.store import Store, StoreError
from tests.importing.conftest import audit_count, fill

BST, GMT = timezone(timedelta(hours=1)), timezone.utc

GOOD = {
    "Children": [
        ["C-031", "a.b.", "01/05/2011", "10/01/2025", "Northmoor County Council", "Section 31 (care order)", "✓",
         None, None, "Alex Brown"],
        ["C-032", "CD", "3.9.2012", "10/02/2025", "Kettleby City Council", "s20", "✗"],
        ["C-020", "EF", "01/01/2008", "01/03/2023", "Harrowdale Council", "Care order", "✓", "01/06/2025", "yes"],
    ],
    "Incidents": [
        ["R1", "12/07/2026", "23:30", "Restraint", "C-031", "Lounge", "Tried to hit a peer; staff intervened.",
         "Sam Kerr; Jo Lam", "no", None, "Managed within the home.", "12/07/2026", "Priya Fairbairn",
         "Debrief held; plan updated."],
        ["M1", "01/11/2026", "14:05", "Missing from care", "C-031, C-032", "Town centre",
         "Did not return from school.", "Sam Kerr", "yes", "40(4)(e) Other serious incident",
         "Missing overnight with older adults."],
        ["A1", "3 August 2026", "2.30pm", "Away", "c-032", "Friend's house", "Stayed at a friend's without permission."],
        ["X1", "15/03/2025", "09:00", "Allegation against staff", None, "Office",
         "Child alleged a staff member pushed them.", None, None, "Allegation", "Allegation of abuse: reg 40(4)(c)."],
        ["E1", "20/10/2026", "08:00", "CP enquiry", "C-032", None, "Section 47 enquiry after a disclosure.", None,
         "yes", "CP enquiry start, CP enquiry end", "Reg 40(4)(d)."],
    ],
    "Restraint": [
        ["R1", "Tried to hit a peer", "Two-person standing hold", 4, "Verbal de-escalation", "Sam Kerr", "Jo Lam",
         "Calmed", "None", "None", "✗", "13/07/2026 00:10", "13/07/2026 10:00", "Priya Fairbairn",
         "14/07/2026 16:00", "Said they felt listened to."],
    ],
    "Missing and away": [
        ["M1", "02/11/2026 09:30", "✗", "01/11/2026 15:00", "MP-424242", "01/11/2026 15:10", "High",
         "03/11/2026 11:00", "Northmoor County Council"],
    ],
    "CP enquiries": [
        ["E1", "20/10/2026 14:20", "02/11/2026", "No further action."],  # the conclusion's time is not known
    ],
    "Notifications": [
        ["M1", "Ofsted", None, "40(4)(e)", "01/11/2026 16:00", "Ofsted online form", "NOT-123456"],
        ["M1", "Placing authority", "Northmoor County Council", "Other serious incident", "01/11/2026 15:30", "Email"],
        ["X1", "Ofsted", None, "40(4)(c) Allegation", "15/03/2025 13:00", "Ofsted online form"],
    ],
}


def imported(store: Store, path: Path, home_id: HomeId, **kw: object) -> ImportResult:
    return import_incidents(store, path, home_id, **kw)  # type: ignore[arg-type]


def counts(result: ImportResult) -> dict[str, tuple[int, int, int, int]]:
    return {name: (c.added, c.updated, c.unchanged, c.failed) for name, c in result.sheets.items()}


def test_template_filled_in_round_trips_into_the_store(store: Store, home_id: HomeId,
                                                       incidents_template: Path) -> None:
    result = imported(store, fill(incidents_template, GOOD), home_id)
    assert result.errors == [] and result.written
    assert counts(result) == {"Children": (3, 0, 0, 0), "Incidents": (5, 0, 0, 0), "Restraint": (1, 0, 0, 0),
                              "Missing and away": (1, 0, 0, 0), "CP enquiries": (1, 0, 0, 0),
                              "Notifications": (3, 0, 0, 0)}
    assert result.changes.touches(Register.CHILDREN, Register.INCIDENTS, Register.NOTIFICATIONS)

    kids = {c.reference: c for c in store.children.list(home_id)}
    alex, cd, ef = kids["C-031"], kids["C-032"], kids["C-020"]
    assert (alex.initials, alex.date_of_birth, alex.admission_date, alex.legal_status, alex.admission_planned,
            alex.full_name, alex.placing_authority) == (
        "AB", date(2011, 5, 1), date(2025, 1, 10), LegalStatus.SECTION_31, True, "Alex Brown",
        "Northmoor County Council")
    assert (cd.date_of_birth, cd.legal_status, cd.admission_planned) == (date(2012, 9, 3), LegalStatus.SECTION_20,
                                                                        False)
    assert (ef.leaving_date, ef.ending_planned) == (date(2025, 6, 1), True)

    by_type = {i.type: i for i in store.incidents.list(home_id)}
    restraint = by_type[IncidentType.RESTRAINT]
    assert restraint.occurred_at == datetime(2026, 7, 12, 23, 30, tzinfo=BST)  # summer: BST
    assert restraint.occurred_at.utcoffset() == timedelta(hours=1)
    assert (restraint.child_ids, restraint.location, restraint.staff_involved, restraint.notifiable,
            restraint.reg40_paragraphs, restraint.reg40_rationale) == (
        (alex.id,), "Lounge", "Sam Kerr; Jo Lam", False, (), "Managed within the home.")
    # Reviewed on the day itself: recorded at the incident's own time, never before it.
    assert (restraint.reviewed_at, restraint.reviewed_by, restraint.review_note) == (
        restraint.occurred_at, "Priya Fairbairn", "Debrief held; plan updated.")
    assert restraint.details == RestraintDetails(
        behaviour="Tried to hit a peer", measure="Two-person standing hold", duration_minutes=4,
        alternatives_tried="Verbal de-escalation", used_by="Sam Kerr", others_present="Jo Lam", effect="Calmed",
        injuries="None", medical_treatment="None", ehc_plan_planned=False,
        record_made_at=datetime(2026, 7, 13, 0, 10, tzinfo=BST), staff_spoken_at=datetime(2026, 7, 13, 10, tzinfo=BST),
        signed_by="Priya Fairbairn", child_spoken_at=datetime(2026, 7, 14, 16, tzinfo=BST),
        child_comments="Said they felt listened to.")

    missing = by_type[IncidentType.MISSING]
    assert missing.occurred_at == datetime(2026, 11, 1, 14, 5, tzinfo=GMT)  # November: GMT
    assert missing.occurred_at.utcoffset() == timedelta(0)
    assert sorted(missing.child_ids) == sorted([alex.id, cd.id])
    assert (missing.notifiable, missing.reg40_paragraphs, missing.reviewed_at) == (True, (Reg40.OTHER_SERIOUS,), None)
    assert missing.details == MissingDetails(
        returned_at=datetime(2026, 11, 2, 9, 30, tzinfo=GMT), whereabouts_known=False,
        police_informed_at=datetime(2026, 11, 1, 15, tzinfo=GMT), police_reference="MP-424242",
        placing_authority_informed_at=datetime(2026, 11, 1, 15, 10, tzinfo=GMT), risk_level=RiskLevel.HIGH,
        rhi_offered_at=datetime(2026, 11, 3, 11, tzinfo=GMT), rhi_offered_by="Northmoor County Council")
    assert [(n.recipient, n.recipient_name, n.paragraph, n.sent_at, n.method, n.reference)
            for n in missing.notifications] == [
        (Recipient.PLACING_AUTHORITY, "Northmoor County Council", Reg40.OTHER_SERIOUS,
         datetime(2026, 11, 1, 15, 30, tzinfo=GMT), "Email", ""),
        (Recipient.OFSTED, "", Reg40.OTHER_SERIOUS, datetime(2026, 11, 1, 16, tzinfo=GMT), "Ofsted online form",
         "NOT-123456")]

    away = by_type[IncidentType.AWAY]  # no row on the Missing and away sheet: the type's empty details
    assert (away.occurred_at, away.child_ids, away.notifiable, away.details) == (
        datetime(2026, 8, 3, 14, 30, tzinfo=BST), (cd.id,), None, MissingDetails())
    allegation = by_type[IncidentType.ALLEGATION]  # no children needed; a paragraph alone means notifiable
    assert (allegation.child_ids, allegation.notifiable, allegation.reg40_paragraphs) == ((), True,
                                                                                           (Reg40.ALLEGATION,))
    assert [n.sent_at for n in allegation.notifications] == [datetime(2025, 3, 15, 13, tzinfo=GMT)]

    enquiry = by_type[IncidentType.CP_ENQUIRY]
    assert enquiry.details == EnquiryDetails(started_at=datetime(2026, 10, 20, 14, 20, tzinfo=BST),
                                             concluded_on=date(2026, 11, 2), outcome="No further action.")
    assert enquiry.reg40_paragraphs == (Reg40.CP_START, Reg40.CP_END)

    tables = {e.table for e in store.audit.entries()}
    assert {"children", "incidents", "incident_children", "notifications"} <= tables  # all audited


def test_importing_the_same_file_twice_changes_nothing(store: Store, home_id: HomeId,
                                                       incidents_template: Path) -> None:
    path = fill(incidents_template, GOOD)
    imported(store, path, home_id)
    before = (store.children.list(home_id), store.incidents.list(home_id), audit_count(store))
    again = imported(store, path, home_id)
    assert again.errors == [] and not again.would_change and not again.written
    assert counts(again) == {"Children": (0, 0, 3, 0), "Incidents": (0, 0, 5, 0), "Restraint": (0, 0, 1, 0),
                             "Missing and away": (0, 0, 1, 0), "CP enquiries": (0, 0, 1, 0),
                             "Notifications": (0, 0, 3, 0)}
    assert (store.children.list(home_id), store.incidents.list(home_id), audit_count(store)) == before
    assert "Nothing new to import" in again.report()


BAD = {
    "Children": [["C-031", "AB", "01/05/2011", "10/01/2025"]],
    "Incidents": [
        ["B1", "31/02/2026", "10:00", "Restraint", "C-031", None, "Held"],
        ["B2", "29/03/2026", "01:30", "Restraint", "C-031", None, "Held"],
        ["B3", "01/04/2026", "10:00", "Fight", "C-031", None, "Argument"],
        ["B4", "01/04/2026", "11:00", "Self-harm", "C-099", None, "Cut arm"],
        ["B5", "02/04/2026", "12:00", "Police involvement", "C-031", None, "Police attended", None, "yes",
         "Serious police incident", "Arrested for damage"],
    ],
    "Restraint": [["B1", "Kicked a door"]],
    "Notifications": [["B5", "Ofsted", None, "40(4)(b)", "02/04/2026 11:00", "Online form"]],
}


def test_every_bad_row_is_reported_by_sheet_row_and_column_and_nothing_is_written(
        store: Store, home_id: HomeId, incidents_template: Path) -> None:
    audit_before = audit_count(store)
    result = imported(store, fill(incidents_template, BAD), home_id)
    messages = [str(e) for e in result.errors]
    assert messages[0] == ("Incidents row 2, column 'Date': '31/02/2026' is not a real date: that month has no "
                           "day 31.")
    assert messages[1] == ("Incidents row 3, column 'Time': 01:30 on 29/03/2026 did not happen in the UK: the clocks "
                           "went forward an hour that night, so no time from 01:00 to 01:59 existed. Check the time.")
    assert messages[2].startswith("Incidents row 4, column 'Type': 'Fight' is not one of: Restraint / measure of "
                                  "control, Missing from care, Away from placement without authorisation,")
    assert messages[3] == ("Incidents row 5, column 'Children': 'C-099': no child has this reference, on the "
                           "Children sheet or already recorded.")
    assert messages[4] == ("Restraint row 2, column 'Incident ref': 'B1': the Incidents sheet's row 2 for it could "
                           "not be imported.")
    assert messages[5] == "Notifications row 2, column 'Sent at': The notification is before the incident."
    assert len(messages) == 6
    assert counts(result) == {"Children": (1, 0, 0, 0), "Incidents": (1, 0, 0, 4), "Restraint": (0, 0, 0, 1),
                              "Missing and away": (0, 0, 0, 0), "CP enquiries": (0, 0, 0, 0),
                              "Notifications": (0, 0, 0, 1)}
    assert not result.written
    assert store.children.list(home_id) == [] and store.incidents.list(home_id) == []
    assert audit_count(store) == audit_before
    assert "Nothing was written, because some rows have problems" in result.report()


def test_skip_bad_rows_writes_only_the_good_ones(store: Store, home_id: HomeId, incidents_template: Path) -> None:
    result = imported(store, fill(incidents_template, BAD), home_id, skip_bad_rows=True)
    assert result.written and len(result.errors) == 6
    (child,) = store.children.list(home_id)
    (incident,) = store.incidents.list(home_id)
    assert (incident.type, incident.child_ids, incident.occurred_at) == (
        IncidentType.POLICE, (child.id,), datetime(2026, 4, 2, 12, tzinfo=BST))
    assert incident.notifications == ()  # its notification row was bad
    assert "The good rows were imported; the rows listed above were left out." in result.report()


def test_a_dry_run_reports_and_writes_nothing(store: Store, home_id: HomeId, incidents_template: Path) -> None:
    path = fill(incidents_template, GOOD)
    audit_before = audit_count(store)
    result = imported(store, path, home_id, dry_run=True)
    assert result.errors == [] and result.would_change and not result.written
    assert counts(result)["Incidents"] == (5, 0, 0, 0) and counts(result)["Notifications"] == (3, 0, 0, 0)
    assert store.children.list(home_id) == [] and store.incidents.list(home_id) == []
    assert audit_count(store) == audit_before
    report = result.report()
    assert "Would add" in report and "Dry run: nothing was written" in report


def test_the_hour_that_happens_twice_needs_bst_or_gmt(store: Store, home_id: HomeId,
                                                      incidents_template: Path) -> None:
    rows = {"Children": [["C-031", "AB", "01/05/2011", "10/01/2025"]],
            "Incidents": [["N1", "25/10/2026", "01:30", "Self-harm", "C-031", None, "First"]]}
    result = imported(store, fill(incidents_template, rows), home_id)
    assert [str(e) for e in result.errors] == [
        "Incidents row 2, column 'Time': 01:30 on 25/10/2026 happened twice in the UK: once in BST, then again an "
        "hour later in GMT after the clocks went back. Add BST or GMT after the time to say which, for example "
        "01:30 BST for the first."]
    wb = openpyxl.load_workbook(incidents_template)
    wb["Incidents"]["C2"] = "01:30 BST"
    wb["Incidents"].append(["N2", "25/10/2026", "01:30 GMT", "Self-harm", "C-031", None, "An hour later"])
    wb.save(incidents_template)
    result = imported(store, incidents_template, home_id)
    assert result.errors == [] and result.sheets["Incidents"].added == 2
    times = sorted(i.occurred_at for i in store.incidents.list(home_id))
    assert times == [datetime(2026, 10, 25, 1, 30, tzinfo=BST), datetime(2026, 10, 25, 1, 30, tzinfo=GMT)]
    assert times[1] - times[0] == timedelta(hours=1)


def test_changed_cells_update_and_blank_cells_never_clear(store: Store, home_id: HomeId, incidents_template: Path,
                                                          tmp_path: Path) -> None:
    second = tmp_path / "second.xlsx"
    second.write_bytes(incidents_template.read_bytes())
    imported(store, fill(incidents_template, GOOD), home_id)
    restraint = next(i for i in store.incidents.list(home_id) if i.type is IncidentType.RESTRAINT)
    fill(second, {
        "Children": [["C-031", "AB", None, None, None, None, None, None, None, ""]],  # blank: kept
        "Incidents": [["R1", "12/07/2026", "23:30", "Restraint", "C-031", "Hallway", None]],  # moved; summary kept
        "Restraint": [["R1", None, None, 6]],  # the duration corrected; the rest kept
    })
    result = imported(store, second, home_id)
    assert counts(result) == {"Children": (0, 0, 1, 0), "Incidents": (0, 1, 0, 0), "Restraint": (0, 1, 0, 0),
                              "Missing and away": (0, 0, 0, 0), "CP enquiries": (0, 0, 0, 0),
                              "Notifications": (0, 0, 0, 0)}
    after = store.incidents.get(restraint.id)
    assert (after.location, after.summary, after.review_note, after.version) == (
        "Hallway", restraint.summary, restraint.review_note, restraint.version + 1)
    assert after.details == replace(restraint.details, duration_minutes=6)  # type: ignore[type-var]
    assert next(c for c in store.children.list(home_id) if c.reference == "C-031").full_name == "Alex Brown"
    assert len(store.incidents.list(home_id)) == 5


def test_rows_that_break_the_records_rules_say_which_cell(store: Store, home_id: HomeId,
                                                          incidents_template: Path) -> None:
    result = imported(store, fill(incidents_template, {
        "Children": [["C-1", "AB", "01/05/2011", "10/01/2025"],
                     ["C-2", "CD", "01/05/2011", "10/01/2025", None, None, None, "01/01/2024"]],
        "Incidents": [
            ["R1", "01/04/2026", "10:00", "Restraint", "C-1", None, "Held"],
            ["R1", "02/04/2026", "10:00", "Restraint", "C-1", None, "Held again"],
            ["N1", "02/04/2026", "11:00", "Accident or injury", "C-1", None, "Fell", None, "no"],
            ["M1", "03/04/2026", "10:00", "Missing from care", None, None, "Missing", None, None, "Death, Fire"],
            ["F1", "01/12/2026", "10:00", "Other", None, None, "Tomorrow", None, None, None, None, "01/11/2026",
             "Priya"],
            ["S1", "05/04/2026", "10:00", "Self-harm", "C-1", None, "Cut"],
        ],
        "Restraint": [["S1", "Hit out"]],
        "Missing and away": [["S1"]],
    }), home_id)
    assert [str(e) for e in result.errors] == [
        "Children row 3, column 'Leaving date': The leaving date is before the admission date.",
        "Incidents row 3, column 'Incident ref': row 2 already uses the Incident ref R1 for another incident: give "
        "each incident its own ref.",
        "Incidents row 4, column 'Rationale': Give the reason for the reg 40 decision (Ofsted asks either way).",
        "Incidents row 5, column 'Reg 40 paragraphs': 'Fire' is not a reg 40 paragraph. Use one or more of: "
        "40(1) Death, 40(3) DBS referral, 40(4)(a) Sexual exploitation, 40(4)(b) Serious police incident, "
        "40(4)(c) Allegation, 40(4)(d)(i) CP enquiry started, 40(4)(d)(ii) CP enquiry concluded, 40(4)(e) Other "
        "serious incident.",
        "Incidents row 6, column 'Date': The incident's date and time are in the future.",
        "Incidents row 6, column 'Reviewed on': The review date is before the incident (01/12/2026).",
        "Incidents row 6, column 'Review note': Write the review: what was learned and any actions.",
        "Restraint row 2, column 'Incident ref': incident S1 is 'Self-harm' on the Incidents sheet, not a restraint: "
        "its row does not belong on this sheet.",
        "Missing and away row 2, column 'Incident ref': incident S1 is 'Self-harm' on the Incidents sheet, not "
        "missing or away: its row does not belong on this sheet.",
    ]
    assert not result.written


def test_restraint_steps_are_checked_against_the_incident(store: Store, home_id: HomeId,
                                                          incidents_template: Path) -> None:
    def restraint_errors(*cells: object) -> list[str]:
        wb = openpyxl.load_workbook(incidents_template)
        for column, value in zip("DLMNO", cells):
            wb["Restraint"][f"{column}2"] = value
        wb.save(incidents_template)
        return [str(e) for e in imported(store, incidents_template, home_id).errors]

    fill(incidents_template, {
        "Children": [["C-1", "AB", "01/05/2011", "10/01/2025"]],
        "Incidents": [["R1", "01/04/2026", "10:00", "Restraint", "C-1", None, "Held"]],
        "Restraint": [["R1"]],
    })
    assert restraint_errors(2.5) == ["Restraint row 2, column 'Duration (minutes)': '2.5' is not whole minutes."]
    assert restraint_errors(3, "01/04/2026 09:00", "02/04/2026 10:00") == [
        "Restraint row 2, column 'Record made at': The record time is before the incident.",
        "Restraint row 2, column 'Signed by': Record who spoke to the staff member and signed the record."]
    assert restraint_errors(3, "01/04/2026 11:00", "02/04/2026 10:00", "Priya", "01/04/2026") == [
        "Restraint row 2, column 'Child spoken to at': '01/04/2026' has no time: this column needs the date and "
        "the time (DD/MM/YYYY HH:MM, for example 03/04/2026 14:30)."]
    assert restraint_errors(3, "01/04/2026 11:00", "02/04/2026 10:00", "Priya", "01/04/2026 15:00") == []
    (incident,) = store.incidents.list(home_id)
    assert isinstance(incident.details, RestraintDetails)
    assert (incident.details.duration_minutes, incident.details.child_spoken_at) == (
        3, datetime(2026, 4, 1, 15, tzinfo=BST))
    # Imported with "Record made at" and most particulars empty: a draft is allowed in, and its record
    # step is not done but says what is missing (reg 35(3)(a)).
    (record, *_) = restraint_steps(incident, datetime(2026, 4, 3, 12, tzinfo=BST))
    assert record.status is StepStatus.OVERDUE and record.done_at is None
    assert record.note.startswith("Record started 01/04/2026 11:00 — not complete: missing behaviour, location, measure, "
                                  "methods tried, used by")


def test_completing_an_imported_draft_needs_a_later_record_made_time(store: Store, home_id: HomeId,
                                                                     incidents_template: Path) -> None:
    """Reg 35(3)(a): 'Record made at' imported with particulars missing was a time the record was incomplete.
    A later import that completes it keeping that time (or an earlier one) is refused at the cell; a later
    time is accepted and the step is done late."""
    incident = ["R1", "12/11/2026", "23:30", "Restraint", "C-031", "Lounge", "Held to stop a fall."]
    kids = [["C-031", "AB", "01/05/2011", "10/01/2025"]]
    blank = incidents_template.with_name("blank.xlsx")
    shutil.copy(incidents_template, blank)
    draft = fill(incidents_template, {"Children": kids, "Incidents": [incident], "Restraint": [
        ["R1", "Kicked a door", None, None, None, None, None, None, None, None, None, "13/11/2026 01:00"]]})
    assert imported(store, draft, home_id).errors == []
    stored = store.incidents.list(home_id)
    assert imported(store, draft, home_id).errors == []  # the same draft again: nothing changes
    assert store.incidents.list(home_id) == stored
    rest = ["R1", "Kicked a door", "Escort", 4, "Talked", "A. Staff", "None", "Calmed", "None", "None", None]
    for made in (None, "13/11/2026 00:59"):  # blank keeps 01:00; a minute before it
        completing = fill(Path(shutil.copy(blank, blank.with_name(f"completing{made is None}.xlsx"))), {"Children": kids, "Incidents": [incident], "Restraint": [rest + [made]]})
        errors = imported(store, completing, home_id).errors
        assert [(e.sheet, e.row, e.column) for e in errors] == [("Restraint", 2, "Record made at")]
        assert errors[0].message.startswith("‘Record made’ (13/11/2026 01:00) was set while the record was still "
                                            "incomplete.")
        assert store.incidents.list(home_id) == stored
    later = fill(Path(shutil.copy(blank, blank.with_name("later.xlsx"))), {"Children": kids, "Incidents": [incident],
                                      "Restraint": [rest + ["16/11/2026 09:00"]]})
    assert imported(store, later, home_id).errors == []
    (done,) = store.incidents.list(home_id)
    (record, *_) = restraint_steps(done, datetime(2026, 11, 22, 10, tzinfo=GMT))
    assert (record.status, record.done_at) == (StepStatus.DONE_LATE, datetime(2026, 11, 16, 9, tzinfo=GMT))


def test_an_incidents_row_alone_completing_a_draft_keeps_to_the_later_record_made_rule(
        store: Store, home_id: HomeId, incidents_template: Path) -> None:
    """Reg 35(3)(a): the location was the only particular missing when 'Record made at' (01:00) was imported.
    A later file whose Incidents row fills in the location, with no Restraint row, completes the record: the
    old time cannot stand, so that row is refused with the window's message and nothing is written; skipping
    bad rows leaves that incident out and writes the rest."""
    blank = incidents_template.with_name("blank.xlsx")
    shutil.copy(incidents_template, blank)
    kids = [["C-031", "AB", "01/05/2011", "10/01/2025"]]
    no_place = ["R1", "12/11/2026", "23:30", "Restraint", "C-031", None, "Held to stop a fall."]
    draft = fill(incidents_template, {"Children": kids, "Incidents": [no_place], "Restraint": [
        ["R1", "Kicked a door", "Escort", 4, "Talked", "A. Staff", "None", "Calmed", "None", "None", None,
         "13/11/2026 01:00"]]})
    assert imported(store, draft, home_id).errors == []
    stored = store.incidents.list(home_id)
    (record, *_) = restraint_steps(stored[0], datetime(2026, 11, 14, 10, tzinfo=GMT))
    assert record.done_at is None and "missing location" in record.note
    audits = audit_count(store)
    with_place = ["R1", "12/11/2026", "23:30", "Restraint", "C-031", "Lounge", "Held to stop a fall."]
    other = ["A1", "3 August 2026", "2.30pm", "Away", "C-031", "Friend's house", "Stayed at a friend's."]
    completing = fill(Path(shutil.copy(blank, blank.with_name("completing.xlsx"))),
                      {"Incidents": [with_place, other]})
    for dry_run in (True, False):
        result = imported(store, completing, home_id, dry_run=dry_run)
        assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Incidents", 2, None)]
        assert result.errors[0].message.startswith(
            "‘Record made’ (13/11/2026 01:00) was set while the record was still incomplete. Enter when the record "
            "became complete, later than that")
        assert "'Record made at' on the Restraint sheet" in result.errors[0].message
        assert not result.written
        assert store.incidents.list(home_id) == stored and audit_count(store) == audits
    skipped = imported(store, completing, home_id, skip_bad_rows=True)
    assert skipped.written and [e.row for e in skipped.errors] == [2]
    assert counts(skipped)["Incidents"] == (1, 0, 0, 1)
    kept, away = sorted(store.incidents.list(home_id), key=lambda i: i.type is IncidentType.AWAY)
    assert kept == stored[0] and away.type is IncidentType.AWAY
    # Given a later time on the Restraint sheet, the same Incidents row completes it (done late).
    later = fill(Path(shutil.copy(blank, blank.with_name("later.xlsx"))), {"Incidents": [with_place], "Restraint": [
        ["R1", None, None, None, None, None, None, None, None, None, None, "16/11/2026 09:00"]]})
    assert imported(store, later, home_id).errors == []
    (done,) = [i for i in store.incidents.list(home_id) if i.type is IncidentType.RESTRAINT]
    (record, *_) = restraint_steps(done, datetime(2026, 11, 22, 10, tzinfo=GMT))
    assert (record.status, record.done_at) == (StepStatus.DONE_LATE, datetime(2026, 11, 16, 9, tzinfo=GMT))


def test_an_archived_incident_or_child_is_not_brought_back(store: Store, home_id: HomeId,
                                                           incidents_template: Path) -> None:
    path = fill(incidents_template, {"Children": GOOD["Children"][:1], "Incidents": GOOD["Incidents"][:1]})
    imported(store, path, home_id)
    (incident,) = store.incidents.list(home_id)
    store.incidents.archive(incident.id, "entered in error")
    result = imported(store, path, home_id)
    assert [str(e) for e in result.errors] == [
        "Incidents row 2, column 'Date': this incident was archived as entered in error (entered in error), so it is "
        "not imported again."]
    (child,) = store.children.list(home_id)
    store.children.archive(child.id, "duplicate record")
    result = imported(store, path, home_id)
    assert [str(e) for e in result.errors] == [
        "Children row 2, column 'Reference': the child C-031 was archived as entered in error (duplicate record), so "
        "the row is not imported again.",
        "Incidents row 2, column 'Children': 'C-031': the Children sheet's row 2 for them could not be imported."]


def test_incidents_already_recorded_in_the_app_are_matched(store: Store, home_id: HomeId,
                                                           incidents_template: Path) -> None:
    child, _ = store.children.add(home_id, ChildDetails("C-031", "AB", date(2011, 5, 1), date(2025, 1, 10)))
    at = datetime(2026, 11, 1, 14, 5, tzinfo=GMT)
    incident, _ = store.incidents.add(home_id, IncidentDetails(
        IncidentType.MISSING, at, (child.id,), "Did not return", notifiable=True,
        reg40_paragraphs=(Reg40.OTHER_SERIOUS,), reg40_rationale="Overnight"))
    store.incidents.add_notification(Notification(incident.id, Recipient.OFSTED, Reg40.OTHER_SERIOUS,
                                                   at + timedelta(hours=2)))
    result = imported(store, fill(incidents_template, {
        "Incidents": [["M1", "01/11/2026", "14:05", "Missing", "C-031", None, "Did not return"]],
        "Notifications": [["M1", "Ofsted", None, "40(4)(e)", "01/11/2026 16:05", None, "NOT-9"],
                          ["M1", "Placing authority", None, "40(4)(e)", "01/11/2026 16:10"]],
    }), home_id)
    assert result.errors == []
    assert counts(result) == {"Children": (0, 0, 0, 0), "Incidents": (0, 0, 1, 0), "Restraint": (0, 0, 0, 0),
                              "Missing and away": (0, 0, 0, 0), "CP enquiries": (0, 0, 0, 0),
                              "Notifications": (1, 1, 0, 0)}
    (after,) = store.incidents.list(home_id)
    assert after.id == incident.id
    assert [(n.recipient, n.reference) for n in after.notifications] == [(Recipient.OFSTED, "NOT-9"),
                                                                          (Recipient.PLACING_AUTHORITY, "")]


def test_a_cancel_part_way_through_writing_writes_nothing(store: Store, home_id: HomeId,
                                                          incidents_template: Path) -> None:
    kids = [[f"C-{n:03d}", "AB", "01/05/2011", "10/01/2025"] for n in range(120)]
    path = fill(incidents_template, {"Children": kids})
    audit_before = audit_count(store)
    saved: list[int] = []

    def on_report(done: int, total: int, text: str) -> None:
        if text.startswith("Saving"):
            saved.append(done)
            if done >= 50:
                progress.cancel()  # 50 children are already inserted inside the transaction

    progress = Progress(on_report)
    result = imported(store, path, home_id, progress=progress)
    assert saved == [0, 50] and result.cancelled and not result.written
    assert store.children.list(home_id) == [] and audit_count(store) == audit_before
    assert "Stopped before the end: nothing was written." in result.report()


def test_a_change_elsewhere_during_the_import_rolls_back_everything(store: Store, home_id: HomeId,
                                                                   incidents_template: Path,
                                                                   tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    first.write_bytes(incidents_template.read_bytes())
    imported(store, fill(first, {"Children": GOOD["Children"][:1]}), home_id)
    (child,) = store.children.list(home_id)
    path = fill(incidents_template, {"Children": [["C-031", "AB", None, None, "Ashby Fields Borough Council"],
                                                  ["C-099", "ZZ", "01/01/2012", "01/01/2026"]]})

    def on_report(done: int, total: int, text: str) -> None:
        if text == "Checking Incidents" or (text.startswith("Saving") and done == 0):
            if store.children.get(child.id).version == 1:  # another PC edits the child after the file was checked
                store.children.update(replace(store.children.get(child.id), placing_authority="Kettleby"))

    audit_before = audit_count(store) + 1
    with pytest.raises(StoreError, match="changed the children or incident records while the file was being "
                                         "imported, so nothing was written"):
        imported(store, path, home_id, progress=Progress(on_report))
    assert [c.reference for c in store.children.list(home_id)] == ["C-031"]  # C-099 rolled back
    assert store.children.get(child.id).placing_authority == "Kettleby" and audit_count(store) == audit_before


def test_a_workbook_without_the_incident_sheets_is_explained(store: Store, home_id: HomeId, template: Path) -> None:
    from carehome_desk.importing.result import ImportFileError

    with pytest.raises(ImportFileError, match="has none of the sheets the incidents import reads .* carehome-desk "
                                              "template incidents --out FILE.xlsx"):
        imported(store, template, home_id)  # the workforce template


def test_the_blank_template_imports_as_nothing(store: Store, home_id: HomeId, incidents_template: Path) -> None:
    result = imported(store, incidents_template, home_id)
    assert result.errors == [] and not result.would_change and not result.written
    assert list(result.sheets) == ["Children", "Incidents", "Restraint", "Missing and away", "CP enquiries",
                                   "Notifications"]


def test_a_cancel_after_the_last_check_still_writes_nothing(store: Store, home_id: HomeId,
                                                            incidents_template: Path) -> None:
    path = fill(incidents_template, {"Children": [[f"C-{n:03d}", "AB", "01/05/2011", "10/01/2025"]
                                                  for n in range(120)]})

    def on_report(done: int, total: int, text: str) -> None:
        if text.startswith("Saving") and done == 100:
            progress.cancel()  # the rows after 100 are saved with no further check in the loop

    progress = Progress(on_report)
    result = imported(store, path, home_id, progress=progress)
    assert result.cancelled and not result.written and store.children.list(home_id) == []


def test_an_enquirys_start_and_conclusion_take_a_date_with_an_optional_time(store: Store, home_id: HomeId,
                                                                            incidents_template: Path,
                                                                            tmp_path: Path) -> None:
    base = {"Children": [["C-031", "AB", "01/05/2011", "10/01/2025"]],
            "Incidents": [["E1", "20/10/2026", "08:00", "CP enquiry", "C-031", None, "Section 47 enquiry."],
                          ["E2", "21/10/2026", "08:00", "CP enquiry", "C-031", None, "Another enquiry."],
                          ["E3", "22/10/2026", "08:00", "CP enquiry", "C-031", None, "A third."],
                          ["R9", "22/10/2026", "09:00", "Restraint", "C-031", None, "Held."]]}
    first = tmp_path / "first.xlsx"
    first.write_bytes(incidents_template.read_bytes())
    wb = openpyxl.load_workbook(fill(first, base))
    enquiries = wb["CP enquiries"]
    enquiries.append(["E1", "20/10/2026", None, None])  # a date alone
    enquiries.append(["E2", datetime(2026, 10, 21, 9, 15), datetime(2026, 11, 2, 0, 0), "NFA"])  # date cells
    enquiries.append(["E3", "25/10/2026 01:30", None, None])  # the hour that happens twice
    enquiries.append(["R9", "22/10/2026 10:00"])  # not an enquiry
    wb.save(first)
    result = imported(store, first, home_id)
    assert [str(e) for e in result.errors] == [
        "CP enquiries row 4, column 'Started': 01:30 on 25/10/2026 happened twice in the UK: once in BST, then "
        "again an hour later in GMT after the clocks went back. Add BST or GMT after the time to say which, for "
        "example 01:30 BST for the first.",
        "CP enquiries row 5, column 'Incident ref': incident R9 is 'Restraint / measure of control' on the Incidents "
        "sheet, not a child protection enquiry: its row does not belong on this sheet."]

    second = tmp_path / "second.xlsx"
    second.write_bytes(incidents_template.read_bytes())
    wb = openpyxl.load_workbook(fill(second, base))
    wb["CP enquiries"].append(["E1", "20/10/2026", None, None])
    wb["CP enquiries"].append(["E2", datetime(2026, 10, 21, 9, 15), datetime(2026, 11, 2, 0, 0), "NFA"])
    wb["CP enquiries"].append(["E3", "22/10/2026 10:00", "21/10/2026", None])  # concluded first, no outcome
    wb.save(second)
    result = imported(store, second, home_id)
    assert [str(e) for e in result.errors] == [
        "CP enquiries row 4, column 'Concluded': The enquiry concluded before it started.",
        "CP enquiries row 4, column 'Outcome': Record the outcome: the reg 40(4)(d)(ii) notice must include it."]
    result = imported(store, second, home_id, skip_bad_rows=True)
    by_summary = {i.summary: i.details for i in store.incidents.list(home_id)}
    assert by_summary["Section 47 enquiry."] == EnquiryDetails(started_on=date(2026, 10, 20))
    assert by_summary["Another enquiry."] == EnquiryDetails(started_at=datetime(2026, 10, 21, 9, 15, tzinfo=BST),
                                                            concluded_on=date(2026, 11, 2), outcome="NFA")

    # Later: the time becomes known for E1; a file giving E2's start as a date alone keeps its time.
    third = tmp_path / "third.xlsx"
    third.write_bytes(incidents_template.read_bytes())
    wb = openpyxl.load_workbook(fill(third, base))
    wb["CP enquiries"].append(["E1", "20/10/2026 08:45"])
    wb["CP enquiries"].append(["E2", "21/10/2026"])
    wb["CP enquiries"].append(["E3", "22/10/2026 10:00", "30/10/2026 16:00", "Strategy: no further action."])
    wb.save(third)
    result = imported(store, third, home_id)
    assert result.errors == [] and counts(result)["CP enquiries"] == (0, 2, 1, 0)
    by_summary = {i.summary: i.details for i in store.incidents.list(home_id)}
    assert by_summary["Section 47 enquiry."] == EnquiryDetails(started_at=datetime(2026, 10, 20, 8, 45, tzinfo=BST))
    assert by_summary["Another enquiry."] == EnquiryDetails(started_at=datetime(2026, 10, 21, 9, 15, tzinfo=BST),
                                                            concluded_on=date(2026, 11, 2), outcome="NFA")
    assert by_summary["A third."] == EnquiryDetails(started_at=datetime(2026, 10, 22, 10, tzinfo=BST),
                                                    concluded_at=datetime(2026, 10, 30, 16, tzinfo=GMT),
                                                    outcome="Strategy: no further action.")


def test_an_enquiry_time_in_the_future_is_refused(store: Store, home_id: HomeId, incidents_template: Path) -> None:
    rows = {"Children": [["C-031", "AB", "01/05/2011", "10/01/2025"]],
            "Incidents": [["E1", "20/11/2026", "08:00", "CP enquiry", "C-031", None, "Section 47 enquiry."]],
            "CP enquiries": [["E1", "30/11/2026 09:00"]]}
    result = imported(store, fill(incidents_template, rows), home_id)
    assert [str(e) for e in result.errors] == [
        "CP enquiries row 2, column 'Started': The enquiry's start is in the future."]
