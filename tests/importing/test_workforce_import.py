"""Importing the workforce workbook into a real store: round trip, bad rows, dry run, twice, messy files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from carehome_desk.importing.workforce import ImportFileError, import_workforce
from carehome_desk.models.changes import Register
from carehome_desk.models.dbs import StatusResult
from carehome_desk.models.ids import HomeId
from carehome_desk.models.qualifications import QualificationKind, QualificationStatus
from carehome_desk.models.recruitment import CheckKind
from carehome_desk.models.staff import Contract, StaffRole
from carehome_desk.models.supervision import SessionKind
from carehome_desk.models.training import TrainingRecord
from carehome_desk.progress import Progress
from carehome_desk.store import Store, StoreError
from tests.importing.conftest import audit_count, fill

GOOD = {
    "Staff": [
        ["E017", "Aisha Brennan", "Residential childcare worker", None, None, "03/03/2025", None, None, "Permanent",
         37.5, "✗", "14/03/2025"],
        ["E018", "Sam Kerr", "Team leader / senior", None, "✓", date(2021, 1, 8), "01/06/2024", None, None, 40],
        [None, "Priya Fairbairn", "Registered manager", None, None, "10/05/2020"],
    ],
    "Qualifications": [
        ["E017", None, "Level 3", "Enrolled", "April 2025"],
        [None, "Priya Fairbairn", "Level 5", None, None, "01/09/2024"],
    ],
    "Checks": [
        ["E017", None, "ID", "✓", "01/02/2025", "Priya Fairbairn"],
        ["E017", None, "Ref 1", None, "10/02/2025", "Priya Fairbairn", None, "From St Anne's"],
    ],
    "DBS": [["E017", None, "001234567890", "01/02/2025", "Enhanced", "Child workforce", "✓", "yes"]],
    "DBS status checks": [["0012 3456 7890", "01/10/2026", "No new information", "Priya Fairbairn"]],
    "Training": [
        ["E017", None, "Safeguarding and child protection", "12/03/2025", None, "County council", "SG-1"],
        [None, "Sam Kerr", "First aid", "3.4.24", None, "St John Ambulance"],
    ],
    "Supervision": [
        ["E017", None, "Supervision", "01/11/2026", "Sam Kerr", "Settling in well"],
        ["E018", None, "Appraisal", "15/06/2026", "Priya Fairbairn"],
    ],
}


def imported(store: Store, path: Path, home_id: HomeId, **kw: object):  # type: ignore[no-untyped-def]
    return import_workforce(store, path, home_id, **kw)  # type: ignore[arg-type]


def test_template_filled_in_round_trips_into_the_store(store: Store, home_id: HomeId, template: Path) -> None:
    result = imported(store, fill(template, GOOD), home_id)
    assert result.errors == [] and result.written
    assert {name: (c.added, c.updated, c.unchanged, c.failed) for name, c in result.sheets.items()} == {
        "Staff": (3, 0, 0, 0), "Qualifications": (2, 0, 0, 0), "Checks": (2, 0, 0, 0), "DBS": (1, 0, 0, 0),
        "DBS status checks": (1, 0, 0, 0), "Training": (2, 0, 0, 0), "Supervision": (2, 0, 0, 0)}
    assert result.changes.touches(Register.STAFF, Register.TRAINING, Register.DBS, Register.SUPERVISION)

    people = {m.full_name: m for m in store.staff.list(home_id)}
    aisha, sam, priya = people["Aisha Brennan"], people["Sam Kerr"], people["Priya Fairbairn"]
    assert (aisha.staff_ref, aisha.role, aisha.start_date, aisha.hours_per_week, aisha.lives_at_home,
            aisha.induction_completed, aisha.contract) == (
        "E017", StaffRole.RESIDENTIAL_WORKER, date(2025, 3, 3), 37.5, False, date(2025, 3, 14), Contract.PERMANENT)
    assert (sam.role, sam.care_role, sam.start_date, sam.role_start_date) == (
        StaffRole.TEAM_LEADER, True, date(2021, 1, 8), date(2024, 6, 1))
    snap = store.workforce.snapshot(home_id)
    l3 = snap.qualifications[aisha.id][QualificationKind.LEVEL3]
    assert (l3.status, l3.enrolled_date) == (QualificationStatus.ENROLLED, date(2025, 4, 1))
    l5 = snap.qualifications[priya.id][QualificationKind.LEVEL5]
    assert (l5.status, l5.achieved_date) == (QualificationStatus.ACHIEVED, date(2024, 9, 1))  # from the date
    ident = snap.checks[aisha.id][CheckKind.IDENTITY]
    assert (ident.done, ident.done_date, ident.verified_by) == (True, date(2025, 2, 1), "Priya Fairbairn")
    assert snap.checks[aisha.id][CheckKind.REFERENCE_RECENT].done  # a date with a blank Done means done
    (cert,) = snap.certificates[aisha.id]
    assert (cert.certificate_number, cert.barred_list_children, cert.update_service) == ("001234567890", True, True)
    (status,) = snap.status_checks[cert.id]
    assert (status.checked_on, status.result) == (date(2026, 10, 1), StatusResult.NO_CHANGE)
    courses = {c.id: c.name for c in store.workforce.courses()}
    assert sorted((courses[t.course_id], t.completed, t.provider) for t in store.workforce.training_for(aisha.id)) \
        == [("Safeguarding and child protection", date(2025, 3, 12), "County council")]
    assert [(courses[t.course_id], t.completed) for t in store.workforce.training_for(sam.id)] == [
        ("First aid", date(2024, 4, 3))]
    assert [(s.kind, s.supervisor) for s in store.workforce.sessions_for(sam.id)] == [
        (SessionKind.APPRAISAL, "Priya Fairbairn")]
    tables = {e.table for e in store.audit.entries()}
    assert {"staff", "qualifications", "recruitment_checks", "dbs_certificates", "dbs_status_checks",
            "training_records", "supervision_sessions"} <= tables  # every row went through the audited writer


def test_importing_the_same_file_twice_changes_nothing(store: Store, home_id: HomeId, template: Path) -> None:
    path = fill(template, GOOD)
    imported(store, path, home_id)
    staff_before, audit_before = store.staff.list(home_id), audit_count(store)
    again = imported(store, path, home_id)
    assert again.errors == [] and not again.would_change and not again.written
    assert all(c.added == c.updated == 0 and c.unchanged > 0 for c in again.sheets.values())
    assert store.staff.list(home_id) == staff_before and audit_count(store) == audit_before
    assert "Nothing new to import" in again.report()


BAD = {
    "Staff": [
        ["E017", "Aisha Brennan", "Residential childcare worker", None, None, "03/03/2025"],
        ["E020", None, "Bank worker", None, None, "01/06/2025"],
    ],
    "Training": [
        ["E017", None, "Fire safety", "31/02/2024"],
        ["E017", None, "Fire safty", "01/02/2026"],
        ["E017", None, "First aid", "01/02/2026"],
    ],
}


def test_every_bad_row_is_reported_and_nothing_is_written(store: Store, home_id: HomeId, template: Path) -> None:
    audit_before = audit_count(store)
    result = imported(store, fill(template, BAD), home_id)
    messages = [str(e) for e in result.errors]
    assert messages[0] == "Staff row 3, column 'Full name': this is blank, but it is needed."
    assert messages[1] == "Training row 2, column 'Completed': '31/02/2024' is not a real date: that month has no day 31."
    assert messages[2].startswith("Training row 3, column 'Course': 'Fire safty' is not a course in the catalogue. "
                                  "Did you mean 'Fire safety'? The courses are: Safeguarding and child protection;")
    assert "First aid" in messages[2] and len(messages) == 3
    assert (result.sheets["Staff"].failed, result.sheets["Training"].failed) == (1, 2)
    assert not result.written
    assert store.staff.list(home_id) == [] and audit_count(store) == audit_before
    assert "Nothing was written, because some rows have problems" in result.report()


def test_skip_bad_rows_writes_only_the_good_ones(store: Store, home_id: HomeId, template: Path) -> None:
    result = imported(store, fill(template, BAD), home_id, skip_bad_rows=True)
    assert result.written and len(result.errors) == 3
    (aisha,) = store.staff.list(home_id)
    assert aisha.full_name == "Aisha Brennan"
    courses = {c.id: c.name for c in store.workforce.courses()}
    assert [courses[t.course_id] for t in store.workforce.training_for(aisha.id)] == ["First aid"]
    assert "The good rows were imported; the rows listed above were left out." in result.report()


def test_a_dry_run_reports_and_writes_nothing(store: Store, home_id: HomeId, template: Path) -> None:
    path = fill(template, GOOD)
    audit_before = audit_count(store)
    result = imported(store, path, home_id, dry_run=True)
    assert result.errors == [] and result.would_change and not result.written
    assert result.sheets["Staff"].added == 3 and result.sheets["Training"].added == 2
    assert store.staff.list(home_id) == [] and audit_count(store) == audit_before
    report = result.report()
    assert "Would add" in report and "Dry run: nothing was written" in report


def test_changed_cells_update_and_blank_cells_never_clear(store: Store, home_id: HomeId, template: Path,
                                                          tmp_path: Path) -> None:
    imported(store, fill(template, GOOD), home_id)
    aisha = next(m for m in store.staff.list(home_id) if m.staff_ref == "E017")
    second = tmp_path / "second.xlsx"
    second.write_bytes(template.read_bytes())
    wb = openpyxl.load_workbook(second)
    wb["Staff"]["J2"] = 30  # hours changed
    wb["Staff"]["L2"] = None  # induction date left blank: stays as recorded
    wb["Training"]["F2"] = "Local safeguarding board"  # provider corrected
    wb.save(second)
    result = imported(store, second, home_id)
    assert (result.sheets["Staff"].updated, result.sheets["Staff"].unchanged) == (1, 2)
    assert (result.sheets["Training"].updated, result.sheets["Training"].unchanged) == (1, 1)
    after = store.staff.get(aisha.id)
    assert (after.hours_per_week, after.induction_completed, after.version) == (30.0, date(2025, 3, 14), 2)
    assert [t.provider for t in store.workforce.training_for(aisha.id)] == ["Local safeguarding board"]
    assert len(store.staff.list(home_id)) == 3


def test_staff_without_a_ref_are_matched_by_name_and_start_date(store: Store, home_id: HomeId,
                                                                template: Path) -> None:
    imported(store, fill(template, {"Staff": [[None, "Priya Fairbairn", "Registered manager", None, None,
                                              "10/05/2020"]]}), home_id)
    result = imported(store, template, home_id)
    assert result.sheets["Staff"].unchanged == 1 and len(store.staff.list(home_id)) == 1


def test_rows_that_depend_on_a_bad_row_say_so(store: Store, home_id: HomeId, template: Path) -> None:
    result = imported(store, fill(template, {
        "Staff": [["E030", "Tom Reid", "Deputy", None, None, "30/02/2025"]],
        "DBS": [["E030", None, "123456789012", "01/01/2025", None, None, "✓"]],
        "DBS status checks": [["123456789012", "01/06/2025", "No change", "Priya"]],
        "Supervision": [[None, "Tom Reid", None, "01/11/2026", "Priya"], [None, "Nobody Known", None, "01/11/2026",
                                                                          "Priya"]],
    }), home_id, skip_bad_rows=True)
    messages = [str(e) for e in result.errors]
    assert messages == [
        "Staff row 2, column 'Start date': '30/02/2025' is not a real date: that month has no day 30.",
        "DBS row 2, column 'Staff ref': 'E030': the Staff sheet's row 2 for them could not be imported.",
        "DBS status checks row 2, column 'Certificate number': '123456789012': the DBS sheet's row 2 for it could "
        "not be imported.",
        "Supervision row 2, column 'Full name': 'Tom Reid': the Staff sheet's row 2 for them could not be imported.",
        "Supervision row 3, column 'Full name': 'Nobody Known': nobody of that name is on the Staff sheet or already "
        "recorded.",
    ]
    assert store.staff.list(home_id) == [] and not result.would_change


def test_the_models_rules_apply_to_imported_rows(store: Store, home_id: HomeId, template: Path) -> None:
    result = imported(store, fill(template, {
        "Staff": [["E1", "Jo Lam", "Other (provider-defined)", None, None, "01/01/2025", None, "01/01/2024"],
                  ["E2", "Kim Osei", "Deputy", None, None, "01/01/2025"]],
        "Training": [["E2", None, "First aid", "01/12/2026"], ["E2", None, "Fire safety", "01/12/2025", "01/11/2025"]],
        "DBS": [["E2", None, "12345", "01/01/2025", None, None, "✓"]],
        "Checks": [["E2", None, "ID", "✓"], ["E2", None, "DBS", None, None, None, "✓"]],
        "Qualifications": [["E2", None, "Level 3", "Achieved", None, None, "NVQ 3"]],
        "Supervision": [["E2", None, None, "01/12/2024", "Priya"]],
    }), home_id)
    assert [str(e) for e in result.errors] == [
        "Staff row 2, column 'Role title': Name the role (for example ‘Education lead’).",
        "Staff row 2, column 'Leaving date': The leaving date is before the start date.",
        "Qualifications row 2, column 'Achieved': Enter the date it was achieved.",
        "Qualifications row 2, column 'Equivalence reasoning': Record why the qualification is equivalent "
        "(Guide Annex A: keep a record of the decision).",
        "Checks row 2, column 'Date done': Enter the date the check was completed.",
        "Checks row 2, column 'Verified by': Record who verified it.",
        "Checks row 3, column 'Not applicable': This check applies to everyone.",
        "Checks row 3, column 'Note': Say why it does not apply (for example ‘no previous work with children’).",
        "DBS row 2, column 'Certificate number': A DBS certificate number is 12 digits; this has 5.",
        "Training row 2, column 'Completed': The completion date is in the future: record training once it is done.",
        "Training row 3, column 'Expiry': The expiry date must be after the completion date.",
        "Supervision row 2, column 'Date': The date is before they started.",
    ]
    assert not result.written and store.staff.list(home_id) == []


def test_two_rows_for_the_same_record_must_agree(store: Store, home_id: HomeId, template: Path) -> None:
    result = imported(store, fill(template, {
        "Staff": [["E1", "Jo Lam", "Deputy", None, None, "01/01/2025"], ["E1", "Jo Lam", "Deputy", None, None,
                                                                          "01/01/2025"],
                  ["E1", "Jo Lamb", "Deputy", None, None, "01/01/2025"]],
    }), home_id)
    assert [str(e) for e in result.errors] == [
        "Staff row 4: row 2 already has this record with different details; keep one of them."]
    assert "Staff row 3 repeats row 2: read once." in result.notes


def test_people_with_the_same_name_need_a_ref(store: Store, home_id: HomeId, template: Path) -> None:
    result = imported(store, fill(template, {
        "Staff": [["E1", "Jo Lam", "Deputy", None, None, "01/01/2025"], ["E2", "Jo Lam", "Bank worker", None, None,
                                                                          "01/06/2025"]],
        "Training": [[None, "Jo Lam", "First aid", "01/02/2026"], ["E2", "Jo Lam", "First aid", "01/02/2026"]],
    }), home_id)
    assert [str(e) for e in result.errors] == [
        "Training row 2, column 'Full name': 2 people are called Jo Lam: add their Staff ref."]


def test_a_withdrawn_training_record_is_not_brought_back(store: Store, home_id: HomeId, template: Path) -> None:
    path = fill(template, {"Staff": GOOD["Staff"][:1], "Training": GOOD["Training"][:1]})
    imported(store, path, home_id)
    (member,) = store.staff.list(home_id)
    (record,) = store.workforce.training_for(member.id)
    store.workforce.archive_training(record.id, "entered in error")
    result = imported(store, path, home_id)
    assert [str(e) for e in result.errors] == [
        "Training row 2, column 'Completed': Safeguarding and child protection on this date was withdrawn as entered "
        "in error, so it is not imported again."]


def test_a_cancel_part_way_through_writing_writes_nothing(store: Store, home_id: HomeId, template: Path) -> None:
    rows = [[f"E{n}", f"Person {n}", "Bank worker", None, None, "01/06/2025"] for n in range(120)]
    path = fill(template, {"Staff": rows})
    audit_before = audit_count(store)
    saved: list[int] = []

    def on_report(done: int, total: int, text: str) -> None:
        if text.startswith("Saving"):
            saved.append(done)
            if done >= 50:
                progress.cancel()  # 50 staff are already inserted inside the transaction

    progress = Progress(on_report)
    result = imported(store, path, home_id, progress=progress)
    assert saved == [0, 50] and result.cancelled and not result.written
    assert store.staff.list(home_id) == [] and audit_count(store) == audit_before
    assert "Stopped before the end: nothing was written." in result.report()


def test_a_change_elsewhere_during_the_import_rolls_back_everything(store: Store, home_id: HomeId,
                                                                   template: Path, tmp_path: Path) -> None:
    first = fill(template, {"Staff": GOOD["Staff"][:1]})
    imported(store, first, home_id)
    (aisha,) = store.staff.list(home_id)
    second = tmp_path / "second.xlsx"
    wb = openpyxl.load_workbook(first)
    wb["Staff"].insert_rows(2)  # a new person first, then Aisha's record with new hours
    for col, value in enumerate(["E099", "New Starter", "Bank worker", None, None, "01/06/2025"], start=1):
        wb["Staff"].cell(2, col, value)
    wb["Staff"]["J3"] = 20
    wb.save(second)

    def on_report(done: int, total: int, text: str) -> None:
        if text == "Checking Staff":  # another PC saves Aisha after the file was checked against the store
            store.staff.update(replace(store.staff.get(aisha.id), hours_per_week=16.0))

    audit_before = audit_count(store) + 1
    with pytest.raises(StoreError, match="changed the workforce records while the file was being imported"):
        imported(store, second, home_id, progress=Progress(on_report))
    assert [m.full_name for m in store.staff.list(home_id)] == ["Aisha Brennan"]
    assert store.staff.get(aisha.id).hours_per_week == 16.0 and audit_count(store) == audit_before


def test_the_same_training_saved_elsewhere_meanwhile_rolls_back_everything(store: Store, home_id: HomeId,
                                                                         template: Path) -> None:
    fill(template, {"Staff": GOOD["Staff"][:1]})
    imported(store, template, home_id)
    (aisha,) = store.staff.list(home_id)
    path = fill(template, {"Staff": [["E099", "New Starter", "Bank worker", None, None, "01/06/2025"]],
                           "Training": GOOD["Training"][:1]})
    course = next(c for c in store.workforce.courses() if c.name == "Safeguarding and child protection")

    def on_report(done: int, total: int, text: str) -> None:
        if text == "Checking Training":  # the same course and date recorded on another PC meanwhile
            store.workforce.add_training(TrainingRecord(aisha.id, course.id, date(2025, 3, 12)))

    with pytest.raises(StoreError, match="nothing was written. Import the file again."):
        imported(store, path, home_id, progress=Progress(on_report))
    assert [m.full_name for m in store.staff.list(home_id)] == ["Aisha Brennan"]  # the new starter rolled back


def test_a_messy_workbook_is_read(store: Store, home_id: HomeId, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "staff "  # not the template's exact name
    ws["A1"] = "Oak Lodge: staff list (updated April)"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["Name", "Role", "Start date (DD/MM/YYYY)", "Lives in", "Hours", "Colour key"])
    ws.append([])  # spacer
    ws.append(["Aisha Brennan", "RCW", "03/04/2024", "✓", "37.5 hrs", None])
    ws.append(["Sam Kerr", "senior", "3.4.24", "x", 40])
    ws.append([None, None, None, None, None, "green = done"])  # a note in a column we do not read
    ws.append(["Priya Fairbairn", "Registered Manager", "3 April 2024", "no", None])
    ws.append(["Tom Reid", "Deputy", date(2024, 4, 3), "Y"])
    ws.append([])
    ws.append(["Total", None, None, None, 77.5])
    ws.append([None, None, None, None, 4])  # a COUNT at the foot

    tr = wb.create_sheet("Training")
    tr.append(["Training matrix"])
    tr.append(["Who", None, "Course details", None])
    tr.merge_cells("A2:B2")
    tr.merge_cells("C2:D2")
    tr.append(["Full name", "Staff ref", "Course", "Completed"])
    tr.merge_cells("A3:A3")
    tr.append(["Aisha Brennan", None, "First aid", "03/04/2024"])
    tr.append([None, None, "Fire safety", "4.4.24"])
    tr.append([None, None, "safeguarding AND child protection", "5 Apr 2024"])
    tr.merge_cells("A4:A6")  # the name typed once, merged down beside her courses
    tr.append(["Sam Kerr", None, "First aid", "April 2024"])
    wb.create_sheet("Rota").append(["Mon", "Tue"])
    path = tmp_path / "messy.xlsx"
    wb.save(path)

    result = imported(store, path, home_id, skip_bad_rows=True)
    assert [str(e) for e in result.errors] == [
        "Training row 7, column 'Completed': 'April 2024' has no day: this column needs the full date (DD/MM/YYYY)."]
    people = {m.full_name: m for m in store.staff.list(home_id)}
    assert {n: (m.role, m.start_date, m.lives_at_home) for n, m in people.items()} == {
        "Aisha Brennan": (StaffRole.RESIDENTIAL_WORKER, date(2024, 4, 3), True),
        "Sam Kerr": (StaffRole.TEAM_LEADER, date(2024, 4, 3), False),
        "Priya Fairbairn": (StaffRole.REGISTERED_MANAGER, date(2024, 4, 3), False),
        "Tom Reid": (StaffRole.DEPUTY, date(2024, 4, 3), True),
    }
    assert people["Aisha Brennan"].hours_per_week == 37.5
    courses = {c.id: c.name for c in store.workforce.courses()}
    assert sorted((courses[t.course_id], t.completed) for t in store.workforce.training_for(
        people["Aisha Brennan"].id)) == [("Fire safety", date(2024, 4, 4)), ("First aid", date(2024, 4, 3)),
                                         ("Safeguarding and child protection", date(2024, 4, 5))]
    assert "Staff: column 'Colour key' not read." in result.notes
    assert "Staff: total rows 11, 12 ignored." in result.notes
    assert "Sheet not read: Rota." in result.notes


@pytest.mark.parametrize("name, content, message", [
    ("staff.csv", b"Name,Role\nAisha,RCW\n", "staff.csv is not an Excel workbook (it is a .csv file): open it in "
     "Excel or LibreOffice, save it as an Excel workbook (.xlsx)"),
    ("staff.xlsx", b"this is not a workbook", "staff.xlsx is not an Excel workbook (it is plain text): open it in"),
    ("missing.xlsx", None, "There is no file at"),
])
def test_a_file_that_is_not_a_workbook_gives_a_clear_error(store: Store, home_id: HomeId, tmp_path: Path,
                                                          name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        imported(store, path, home_id)
    assert message in str(caught.value)


def test_a_workbook_without_our_sheets_or_headers_is_explained(store: Store, home_id: HomeId,
                                                              tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active.title = "Sheet1"
    path = tmp_path / "other.xlsx"
    wb.save(path)
    with pytest.raises(ImportFileError, match="has none of the sheets the workforce import reads"):
        imported(store, path, home_id)
    wb.active.title = "Training"
    wb.active.append(["Full name", "Staff ref", "When"])
    wb.save(path)
    result = imported(store, path, home_id)
    assert [str(e) for e in result.errors] == [
        "Training row 1: these needed columns are missing from the header row: 'Course', 'Completed'."]
    assert not result.written


def test_the_blank_template_imports_as_nothing(store: Store, home_id: HomeId, template: Path) -> None:
    result = imported(store, template, home_id)
    assert result.errors == [] and not result.would_change and not result.written
    assert list(result.sheets) == ["Staff", "Qualifications", "Checks", "DBS", "DBS status checks", "Training",
                                   "Supervision"]
