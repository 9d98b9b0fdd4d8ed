"""A training matrix as managers keep it, mapped and imported record by record (tables built in memory)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.importing.own.engine import (
    column_kinds,
    find_header_row,
    import_own,
    suggest,
    targets,
)
from carehome_desk.importing.own.mapping import COURSE, EXPIRY, IGNORE, NEW_COURSE, Layout, Mapping
from carehome_desk.importing.own.tables import CellValue, Merged, SourceFile, Table
from carehome_desk.models.ids import HomeId
from carehome_desk.models.staff import StaffRole
from carehome_desk.store import Store
from tests.importing.conftest import audit_count

HEADER: list[CellValue] = ["Surname", "First name", "Role", "Start date", "Fire Safety Awareness", "Safeguarding Children L2",
          "First Aid at Work", "Prevent", "Sleep-in awareness", "Old MAPA"]


def matrix(*rows: list[CellValue], hidden_rows: set[int] | None = None) -> SourceFile:
    """A matrix with a title row, a merged group row above the header, then the rows given."""
    table = Table("Matrix 2025", [
        ["Oak Lodge training matrix 2025"],
        [None, None, None, None, "Mandatory", None, None, None, "Optional"],
        list(HEADER),
        *[list(r) for r in rows],
    ], merged=[Merged(0, 0, 0, 9), Merged(1, 4, 1, 7)], hidden_columns={9}, hidden_rows=hidden_rows or set(),
        fills={(3, 4): "FF0000", (4, 4): "FFC7CE", (6, 4): "00B050"})
    return SourceFile(Path("matrix.xlsx"), "xlsx", [table])


JANE: list[CellValue] = ["Smith", "Jane", "RCW", "03/03/2025", "03/04/2025", date(2025, 5, 1), "Apr-25", "booked 12/05", "01/06/2025",
        "02/02/2020"]
SAM: list[CellValue] = ["Brown", "Sam", "Deputy Manager", "13/01/2021", "3.4.2025", "N/A", "14-02-2024", "exempt", None, None]
PAT: list[CellValue] = ["Khan", "Pat", "Night worker", date(2024, 9, 2), "expired", "✓", "in progress", date(2025, 10, 3), None, None]
TOTALS: list[CellValue] = ["Total", None, None, None, 2, 1, 2, 1, 1, None]
PERCENT: list[CellValue] = [None, None, None, None, "67%", "33%", "67%", "33%", "33%", None]


def confirmed(mapping: Mapping, renewal: int | None = 12) -> Mapping:
    for sheet in mapping.sheets:
        for column in sheet.columns:
            column.confirmed = True
    mapping.new_courses = {name: renewal for name in mapping.new_courses}
    return mapping


def test_the_header_row_is_found_below_the_title_and_the_merged_group_row(store: Store) -> None:
    source = matrix(JANE, SAM)
    table = source.tables[0]
    assert find_header_row(table, Layout.MATRIX, store.workforce.courses()) == 3
    kinds = column_kinds(table, 3)
    assert kinds[:4] == ["text", "text", "text", "dates"]
    assert kinds[5] == "dates and words"
    assert kinds[9] == "dates"


def test_suggest_maps_names_and_courses_confirming_only_exact_names(store: Store) -> None:
    mapping = suggest(matrix(JANE, SAM), Layout.MATRIX, store.workforce.courses())
    assert [s.header_row for s in mapping.sheets] == [3]
    got = {c.header: (c.target, c.confirmed) for c in mapping.sheets[0].columns}
    assert got["Surname"] == ("surname", True)
    assert got["First name"] == ("first_name", True)
    assert got["Role"] == ("role", True)
    assert got["Start date"] == ("start_date", True)
    assert got["Fire Safety Awareness"] == (COURSE + "Fire safety", False)
    assert got["Safeguarding Children L2"] == (COURSE + "Safeguarding and child protection", False)
    assert got["First Aid at Work"] == (COURSE + "First aid", False)
    assert got["Prevent"] == (COURSE + "Prevent", True)
    assert got["Sleep-in awareness"] == (NEW_COURSE + "Sleep-in awareness", False)
    assert got["Old MAPA"] == (IGNORE, True)  # hidden in the file
    assert mapping.new_courses == {"Sleep-in awareness": 12}


def test_targets_list_the_person_fields_and_every_catalogue_course(store: Store) -> None:
    listed = targets(Layout.MATRIX, store.workforce.courses())
    keys = [t.key for t in listed]
    assert keys[:4] == ["staff_ref", "full_name", "first_name", "surname"]
    assert "role" in keys and "start_date" in keys
    fire = next(t for t in listed if t.key == COURSE + "Fire safety")
    assert (fire.label, fire.group) == ("Course: Fire safety", "Course")
    assert len([k for k in keys if k.startswith(COURSE)]) == len(store.workforce.courses())


def test_unconfirmed_guesses_block_the_import_and_nothing_is_written(store: Store, home_id: HomeId) -> None:
    source = matrix(JANE, SAM)
    before = audit_count(store)
    result = import_own(store, home_id, source, suggest(source, Layout.MATRIX, store.workforce.courses()))
    assert not result.written
    assert len(result.blocked) == 4
    assert any("'Fire Safety Awareness' is matched to the course 'Fire safety' by a similar name" in b
               for b in result.blocked)
    assert any("would add the new course 'Sleep-in awareness' to the catalogue (renewed every year)" in b
               for b in result.blocked)
    assert "Not ready to import yet:" in result.report()
    assert result.report().endswith("listed under 'Not ready to import yet'.")
    assert store.staff.list() == []
    assert audit_count(store) == before


def test_a_confirmed_matrix_lands_record_by_record(store: Store, home_id: HomeId) -> None:
    source = matrix(JANE, SAM, [None] * 10, PAT, TOTALS, PERCENT, hidden_rows={4})
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    result = import_own(store, home_id, source, mapping)
    assert result.errors == []
    assert result.blocked == []
    assert result.written
    people = {m.full_name: m for m in store.staff.list(home_id)}
    assert sorted(people) == ["Jane Smith", "Pat Khan", "Sam Brown"]
    assert people["Jane Smith"].role is StaffRole.RESIDENTIAL_WORKER
    assert people["Sam Brown"].role is StaffRole.DEPUTY
    assert people["Pat Khan"].role is StaffRole.RESIDENTIAL_WORKER
    assert people["Sam Brown"].start_date == date(2021, 1, 13)
    courses = {c.id: c for c in store.workforce.courses()}
    done = {(people_name, courses[t.course_id].name, t.completed)
            for people_name, member in people.items() for t in store.workforce.training_for(member.id)}
    assert done == {
        ("Jane Smith", "Fire safety", date(2025, 4, 3)),
        ("Jane Smith", "Safeguarding and child protection", date(2025, 5, 1)),
        ("Jane Smith", "First aid", date(2025, 4, 1)),  # 'Apr-25': the 1st
        ("Jane Smith", "Sleep-in awareness", date(2025, 6, 1)),
        ("Sam Brown", "Fire safety", date(2025, 4, 3)),
        ("Sam Brown", "First aid", date(2024, 2, 14)),
        ("Pat Khan", "Prevent", date(2025, 10, 3)),
    }
    new = next(c for c in store.workforce.courses() if c.name == "Sleep-in awareness")
    assert new.renewal_months == 12
    assert result.sheets["Staff"].added == 3
    assert result.sheets["Training"].added == 7
    report = result.report()
    assert "'booked' 1 time (booked, not done)" in report
    assert "'N/A' 1 time (not applicable)" in report
    assert "'exempt' 1 time" in report
    assert "'expired' 1 time (no date: nothing recorded, so it shows as missing)" in report
    assert "'✓/yes' 1 time (no date: not recorded)" in report
    assert "'in progress' 1 time" in report
    assert "'Apr-25' in row 4, column 'First Aid at Work'): read as the 1st of the month" in report
    assert ("column 'Fire Safety Awareness': 2 cells coloured red, 1 green — colour is not imported, the dates are."
            in report)
    assert "Column J 'Old MAPA' is hidden in the file: not imported unless you map it." in report
    assert "row 5 is hidden in the file; read like the others." in report
    assert "rows 8 and 9 look like totals or a summary: left out." in report


def test_importing_the_same_matrix_twice_changes_nothing_and_every_record_is_audited(
        store: Store, home_id: HomeId) -> None:
    source = matrix(JANE, SAM)
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    first = import_own(store, home_id, source, mapping)
    assert first.written
    assert len(store.audit.entries(table="training_records")) == 6
    assert len(store.audit.entries(table="staff")) == 2
    assert len(store.audit.entries(table="courses")) >= 1
    before = audit_count(store)
    again = import_own(store, home_id, source, mapping)
    assert not again.written
    assert again.errors == []
    assert again.sheets["Training"].unchanged == 6 and again.sheets["Training"].added == 0
    assert again.sheets["Staff"].unchanged == 2
    assert len([c for c in store.workforce.courses() if c.name == "Sleep-in awareness"]) == 1
    assert audit_count(store) == before
    assert "Nothing new to import" in again.report()


def test_a_dry_run_writes_nothing(store: Store, home_id: HomeId) -> None:
    source = matrix(JANE)
    result = import_own(store, home_id, source, confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())),
                        dry_run=True)
    assert result.sheets["Training"].added == 4
    assert not result.written
    assert store.staff.list() == []
    assert all(c.name != "Sleep-in awareness" for c in store.workforce.courses())


def _without_role_and_start(mapping: Mapping) -> Mapping:
    for column in mapping.sheets[0].columns:
        if column.target in ("role", "start_date"):
            column.target = IGNORE
    return mapping


def test_someone_not_on_the_register_is_an_error_for_their_row_unless_role_and_start_are_mapped(
        store: Store, home_id: HomeId) -> None:
    from carehome_desk.models.staff import StaffDetails

    store.staff.add(home_id, StaffDetails("Jane Smith", StaffRole.RESIDENTIAL_WORKER, date(2025, 3, 3)))
    source = matrix(JANE, SAM)
    mapping = _without_role_and_start(confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())))
    result = import_own(store, home_id, source, mapping)
    assert not result.written
    assert [str(e) for e in result.errors] == [
        "Matrix 2025 row 5, column 'First name + Surname': 'Sam Brown': nobody of that name is on the staff register "
        "or earlier in the file."]
    assert "nobody new is added" in result.report()
    skipped = import_own(store, home_id, source, mapping, skip_bad_rows=True)
    assert skipped.written
    assert [m.full_name for m in store.staff.list(home_id)] == ["Jane Smith"]
    assert skipped.sheets["Training"].added == 4
    assert skipped.sheets["Training"].failed == 2


def test_an_unreadable_cell_is_an_error_at_its_row_and_column_and_holds_the_import_back(
        store: Store, home_id: HomeId) -> None:
    bad = list(JANE)
    bad[4], bad[5] = "29/02/2025", "refresher due"
    source = matrix(bad, SAM)
    result = import_own(store, home_id, source, confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())))
    assert [str(e) for e in result.errors] == [
        "Matrix 2025 row 4, column 'Fire Safety Awareness': '29/02/2025' is not a real date: that month has no day 29.",
        "Matrix 2025 row 4, column 'Safeguarding Children L2': 'refresher due' is not a date, and not a word the "
        "import knows (booked, N/A, exempt, expired, in progress, ✓). Put the date the course was completed, or "
        "clear the cell."]
    assert not result.written
    assert store.staff.list() == []
    assert all(c.name != "Sleep-in awareness" for c in store.workforce.courses())  # not added either


def test_a_future_completion_date_is_the_planners_error_at_the_managers_column(store: Store, home_id: HomeId) -> None:
    late = list(JANE)
    late[7] = "01/01/2027"  # the store's today is 22/11/2026
    source = matrix(late)
    result = import_own(store, home_id, source, confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())))
    assert [str(e) for e in result.errors] == [
        "Matrix 2025 row 4, column 'Prevent': The completion date is in the future: record training once it is done."]


def test_expiry_dates_give_the_completion_date_by_the_courses_renewal(store: Store, home_id: HomeId) -> None:
    source = matrix(JANE)
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    fire = next(c for c in mapping.sheets[0].columns if c.header == "Fire Safety Awareness")
    fire.cells = EXPIRY  # 03/04/2025 is when Fire safety (12 months) runs out
    result = import_own(store, home_id, source, mapping)
    assert result.written
    jane = store.staff.list(home_id)[0]
    course = next(c for c in store.workforce.courses() if c.name == "Fire safety")
    record = next(t for t in store.workforce.training_for(jane.id) if t.course_id == course.id)
    assert record.completed == date(2024, 4, 3)
    assert record.expiry(course) == date(2025, 4, 3)
    assert ("column 'Fire Safety Awareness': 1 expiry date read; each completion date is worked out as 12 months "
            "before it.") in result.report()


def test_expiry_dates_for_a_course_never_renewed_are_refused(store: Store, home_id: HomeId) -> None:
    source = matrix(JANE)
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()), renewal=None)
    sleep = next(c for c in mapping.sheets[0].columns if c.header == "Sleep-in awareness")
    sleep.cells = EXPIRY
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == [
        "Sheet 'Matrix 2025', column 'Sleep-in awareness' holds expiry dates, but Sleep-in awareness is never "
        "renewed, so it has no expiry: map the column as completion dates (\"cells\": \"completed\")."]
    assert not result.written and store.staff.list() == []


def test_one_name_column_reads_surname_comma_first_name(store: Store, home_id: HomeId) -> None:
    table = Table("Training", [["Name", "Job title", "Date started", "Fire safety"],
                               ["Smith, Jane", "Senior", "03/03/2025", "03/04/2025"],
                               ["Sam Brown", "Bank", "04/03/2025", "05/04/2025"]])
    source = SourceFile(Path("t.csv"), "csv", [table])
    mapping = suggest(source, Layout.MATRIX, store.workforce.courses())
    assert [c.target for c in mapping.sheets[0].columns] == ["full_name", "role", "start_date", COURSE + "Fire safety"]
    result = import_own(store, home_id, source, mapping)
    assert result.written, result.report()
    people = {m.full_name: m.role for m in store.staff.list(home_id)}
    assert people == {"Jane Smith": StaffRole.TEAM_LEADER, "Sam Brown": StaffRole.BANK}


def test_a_map_naming_a_missing_sheet_or_column_is_blocked(store: Store, home_id: HomeId) -> None:
    source = matrix(JANE)
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    mapping.sheets[0].columns[4].header = "Fire Marshal"
    result = import_own(store, home_id, source, mapping)
    assert ("Sheet 'Matrix 2025', column 'Fire Marshal' is not in row 3, the header row: correct its 'header' in the "
            "map, or leave it out (target \"\").") in result.blocked
    mapping.sheets[0].sheet = "April"
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == ["The file has no sheet 'April' (its sheets are 'Matrix 2025'): correct 'sheet' in the "
                              "map."]
    assert store.staff.list() == []


def test_a_matrix_row_without_a_role_or_start_date_names_someone_already_on_the_register(
        store: Store, home_id: HomeId) -> None:
    from carehome_desk.models.staff import StaffDetails

    store.staff.add(home_id, StaffDetails("Sam Brown", StaffRole.DEPUTY, date(2021, 1, 13)))
    sam = list(SAM)
    sam[2] = sam[3] = None
    source = matrix(JANE, sam)
    result = import_own(store, home_id, source, confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())))
    assert result.errors == [] and result.written
    assert result.sheets["Staff"].added == 1  # Jane; Sam is matched on the register, not added again
    people = {m.full_name: m for m in store.staff.list(home_id)}
    assert sorted(people) == ["Jane Smith", "Sam Brown"]
    assert people["Sam Brown"].role is StaffRole.DEPUTY
    assert len(store.workforce.training_for(people["Sam Brown"].id)) == 2


def test_a_hidden_column_is_read_once_the_manager_maps_it(store: Store, home_id: HomeId) -> None:
    source = matrix(JANE)
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    old = next(c for c in mapping.sheets[0].columns if c.header == "Old MAPA")
    old.target = COURSE + "Physical intervention and de-escalation"
    result = import_own(store, home_id, source, mapping)
    assert result.written
    assert "Column J 'Old MAPA' is hidden in the file; it is mapped, so it was read." in result.report()
    done = {(c.name, t.completed) for c in store.workforce.courses() for m in store.staff.list(home_id)
            for t in store.workforce.training_for(m.id) if t.course_id == c.id}
    assert ("Physical intervention and de-escalation", date(2020, 2, 2)) in done


def test_course_headers_are_matched_by_name_synonym_or_a_close_spelling_and_never_by_a_loose_likeness(
        store: Store) -> None:
    from carehome_desk.importing.own.targets import match_course

    courses = store.workforce.courses()
    found = {h: (c.name if c else None, exact) for h in (
        "Fire safety", "FIRE SAFETY", "Fire Safety Awareness", "Safegaurding", "Team Teach Level 2", "Food Safety",
        "Paediatric First Aid", "E-Safety", "Pool safety", "Manual Handling", "Makaton", "Safer recruitment")
        for c, exact in [match_course(h, courses)]}
    assert found == {
        "Fire safety": ("Fire safety", True), "FIRE SAFETY": ("Fire safety", True),
        "Fire Safety Awareness": ("Fire safety", False),
        "Safegaurding": ("Safeguarding and child protection", False),
        "Team Teach Level 2": ("Physical intervention and de-escalation", False),
        "Food Safety": ("Food hygiene (Level 2)", False), "Paediatric First Aid": ("First aid", False),
        "E-Safety": ("Online safety", False), "Pool safety": (None, False), "Manual Handling": (None, False),
        "Makaton": (None, False), "Safer recruitment": (None, False)}


def test_half_a_name_is_an_error_and_done_with_a_date_is_the_date(store: Store, home_id: HomeId) -> None:
    jane, sam = list(JANE), list(SAM)
    jane[4] = "Done 03/04/25"
    sam[1] = None  # no first name
    source = matrix(jane, sam)
    result = import_own(store, home_id, source, confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())),
                        skip_bad_rows=True)
    assert [str(e) for e in result.errors] == [
        "Matrix 2025 row 5, column 'First name': this is blank, but the name is the first name and the surname "
        "together."]
    assert [m.full_name for m in store.staff.list(home_id)] == ["Jane Smith"]
    fire = next(c for c in store.workforce.courses() if c.name == "Fire safety")
    jane_id = store.staff.list(home_id)[0].id
    assert [t.completed for t in store.workforce.training_for(jane_id) if t.course_id == fire.id] == [date(2025, 4, 3)]


def test_a_course_archived_in_the_catalogue_is_not_imported_into_nor_added_again(
        store: Store, home_id: HomeId) -> None:
    from dataclasses import replace

    prevent = next(c for c in store.workforce.courses() if c.name == "Prevent")
    store.workforce.save_course(replace(prevent, archived=True))
    source = matrix(JANE)
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    column = next(c for c in mapping.sheets[0].columns if c.header == "Prevent")
    assert column.target == IGNORE  # not offered as the catalogue's course
    column.target = NEW_COURSE + "Prevent"
    mapping.new_courses["Prevent"] = 36
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == [
        "Sheet 'Matrix 2025', column 'Prevent' is mapped to the course 'Prevent', which is archived in the course "
        "catalogue: restore it there first, or map the column to another course."]
    assert store.staff.list() == []


def test_a_cancel_writes_nothing(store: Store, home_id: HomeId) -> None:
    from carehome_desk.progress import Progress

    source = matrix(JANE, SAM)
    mapping = confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    progress = Progress()
    progress.cancel()
    result = import_own(store, home_id, source, mapping, progress=progress)
    assert result.cancelled and not result.written
    assert result.report().endswith("Stopped before the end: nothing was written.")
    assert store.staff.list() == []
