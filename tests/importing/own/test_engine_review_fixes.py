"""Defects found in review of the own-spreadsheet import, each pinned by the records that land."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.importing.own.engine import import_own, suggest
from carehome_desk.importing.own.mapping import COMPLETED, EXPIRY, Layout, Mapping
from carehome_desk.importing.own.tables import CellValue, SourceFile, Table
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import HomeId
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store


def _source(rows: list[list[CellValue]], sheet: str = "Sheet1") -> SourceFile:
    return SourceFile(Path("own.xlsx"), "xlsx", [Table(sheet, rows)])


def _confirmed(mapping: Mapping) -> Mapping:
    for sheet in mapping.sheets:
        for column in sheet.columns:
            column.confirmed = True
    return mapping


def _training(store: Store, home_id: HomeId) -> list[tuple[str, str, date, date | None]]:
    names = {c.id: c.name for c in store.workforce.courses(include_archived=True)}
    return sorted((m.full_name, names[t.course_id], t.completed, t.expiry_override)
                  for m in store.staff.list(home_id) for t in store.workforce.training_for(m.id))


def test_an_expiry_column_beside_its_completion_column_makes_one_record_with_the_expiry(
        store: Store, home_id: HomeId) -> None:
    store.staff.add(home_id, StaffDetails("Amy Pond", StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    source = _source([["Name", "Fire Safety", "Fire Safety (expiry)"],
                      ["Amy Pond", date(2023, 1, 2), date(2026, 1, 2)]])
    mapping = suggest(source, Layout.MATRIX, store.workforce.courses())
    assert [c.cells for c in mapping.sheets[0].columns] == [COMPLETED, COMPLETED, EXPIRY]
    unconfirmed = import_own(store, home_id, source, mapping)
    assert not unconfirmed.written
    assert any("'Fire Safety (expiry)'" in b and "expiry dates" in b for b in unconfirmed.blocked)
    result = import_own(store, home_id, source, _confirmed(mapping))
    assert result.written and result.errors == []
    assert _training(store, home_id) == [("Amy Pond", "Fire safety", date(2023, 1, 2), date(2026, 1, 2))]


def test_two_columns_mapped_to_one_course_as_the_same_dates_are_blocked(store: Store, home_id: HomeId) -> None:
    store.staff.add(home_id, StaffDetails("Amy Pond", StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    source = _source([["Name", "Fire Safety", "Fire Safety (expiry)"],
                      ["Amy Pond", date(2023, 1, 2), date(2026, 1, 2)]])
    mapping = _confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    mapping.sheets[0].columns[2].cells = COMPLETED
    result = import_own(store, home_id, source, mapping)
    assert not result.written
    assert ("Sheet 'Sheet1': both 'Fire Safety' and 'Fire Safety (expiry)' are mapped to Fire safety completion "
            "dates: leave one of them out, or read one as the other dates (\"cells\": \"expiry\").") in result.blocked
    assert _training(store, home_id) == []


def test_a_mapping_remembered_in_one_home_is_not_applied_to_another_homes_file(
        store: Store, home_id: HomeId) -> None:
    from carehome_desk.importing.own.engine import remember_mapping, remembered_mapping
    from tests.conftest import oak_lodge

    other = store.homes.add(oak_lodge(urn="SC654321", name="Elm House"))[0].id
    store.staff.add(home_id, StaffDetails("Amy Pond", StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    store.staff.add(other, StaffDetails("Rory Williams", StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    mine = _source([["Name", "Fire safety"], ["Amy Pond", date(2026, 12, 1)]], "Training")
    mapping = suggest(mine, Layout.MATRIX, store.workforce.courses())
    mapping.sheets[0].columns[1].cells = EXPIRY
    assert import_own(store, home_id, mine, mapping).written
    remember_mapping(store, mine, mapping, home_id)
    theirs = _source([["Name", "Fire safety"], ["Rory Williams", date(2026, 3, 1)]], "Matrix")
    assert remembered_mapping(store, theirs, Layout.MATRIX, other) is None
    fresh = suggest(theirs, Layout.MATRIX, store.workforce.courses())
    assert import_own(store, other, theirs, fresh).written
    assert [t for t in _training(store, other)] == [("Rory Williams", "Fire safety", date(2026, 3, 1), None)]


def test_a_remembered_expiry_column_is_offered_for_confirmation_not_applied_unseen(
        store: Store, home_id: HomeId) -> None:
    from carehome_desk.importing.own.engine import remember_mapping, remembered_mapping

    store.staff.add(home_id, StaffDetails("Amy Pond", StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    april = _source([["Name", "Fire safety"], ["Amy Pond", date(2026, 12, 1)]], "April")
    mapping = suggest(april, Layout.MATRIX, store.workforce.courses())
    mapping.sheets[0].columns[1].cells = EXPIRY
    assert import_own(store, home_id, april, mapping).written
    remember_mapping(store, april, mapping, home_id)
    may = _source([["Name", "Fire safety"], ["Amy Pond", date(2027, 2, 1)]], "May")
    fitted = remembered_mapping(store, may, Layout.MATRIX, home_id)
    assert fitted is not None and fitted.sheets[0].columns[1].cells == EXPIRY
    result = import_own(store, home_id, may, fitted)
    assert not result.written
    assert result.blocked == [
        "Sheet 'May', column 'Fire safety' is mapped to the course 'Fire safety', its cells read as expiry dates (the "
        "completion date worked back from them): confirm it (\"confirmed\": true), map it to another course, or leave "
        "it out (target \"\")."]
    assert _training(store, home_id) == [("Amy Pond", "Fire safety", date(2025, 12, 1), None)]


def test_a_matrix_role_and_start_date_never_change_or_double_someone_on_the_register(
        store: Store, home_id: HomeId) -> None:
    store.staff.add(home_id, StaffDetails("Amy Pond", StaffRole.DEPUTY, date(2020, 1, 6)))
    source = _source([["Name", "Role", "Start date", "Fire safety"],
                      ["Amy Pond", "Senior", date(2019, 9, 2), date(2025, 3, 1)],
                      ["Rory Williams", "RCW", date(2024, 5, 7), date(2025, 3, 2)]])
    result = import_own(store, home_id, source, _confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())))
    assert result.written and result.errors == []
    assert (result.sheets["Staff"].added, result.sheets["Staff"].unchanged) == (1, 1)
    assert sorted((m.full_name, m.role, m.start_date) for m in store.staff.list(home_id)) == [
        ("Amy Pond", StaffRole.DEPUTY, date(2020, 1, 6)),  # as the register has her
        ("Rory Williams", StaffRole.RESIDENTIAL_WORKER, date(2024, 5, 7))]  # new: added from the matrix
    assert _training(store, home_id) == [("Amy Pond", "Fire safety", date(2025, 3, 1), None),
                                         ("Rory Williams", "Fire safety", date(2025, 3, 2), None)]


def test_a_column_with_only_month_first_evidence_lists_its_doubtful_dates_and_waits(
        store: Store, home_id: HomeId) -> None:
    source = _source([["Name", "Role", "Start date"],
                      ["Amy Pond", "RCW", "04/13/2021"],
                      ["Rory Williams", "RCW", "03/04/2021"],
                      ["Clara Oswald", "RCW", "01/02/2022"]])
    mapping = suggest(source, Layout.STAFF, store.workforce.courses())
    held = import_own(store, home_id, source, mapping, skip_bad_rows=True)
    assert not held.written and store.staff.list(home_id) == []
    assert [(a.row, a.read_as, a.other) for a in held.ambiguous] == [(3, date(2021, 4, 3), date(2021, 3, 4)),
                                                                      (4, date(2022, 2, 1), date(2022, 1, 2))]
    assert held.blocked == [
        "Sheet 'Sheet1', column 'Start date' looks month-first: '04/13/2021' (row 2) can only be month-first and no "
        "date in it can only be day-first; 2 dates that could be either way are listed. Read the column month-first "
        "(\"date_order\": \"month-first\"), or check the dates and confirm it as read day-first "
        "(\"dates_confirmed\": true)."]
    mapping.sheets[0].columns[2].date_order = "month-first"
    result = import_own(store, home_id, source, mapping)
    assert result.written and result.blocked == []
    assert sorted((m.full_name, m.start_date) for m in store.staff.list(home_id)) == [
        ("Amy Pond", date(2021, 4, 13)), ("Clara Oswald", date(2022, 1, 2)), ("Rory Williams", date(2021, 3, 4))]


def _incident_log(*rows: list[CellValue]) -> SourceFile:
    return _source([["Date", "Time", "Type", "YP", "Summary"], *[list(r) for r in rows]])


def test_initials_are_the_child_living_at_the_home_on_the_incidents_date(store: Store, home_id: HomeId) -> None:
    from datetime import time

    from carehome_desk.models.children import ChildDetails

    left, _ = store.children.add(home_id, ChildDetails("C/1", "JS", date(2008, 5, 1), date(2020, 1, 10),
                                                       leaving_date=date(2023, 6, 30), ending_planned=True))
    now, _ = store.children.add(home_id, ChildDetails("C/9", "JS", date(2011, 2, 3), date(2025, 9, 1)))
    source = _incident_log([date(2022, 3, 1), time(14, 30), "Missing person", "JS", "Went missing from school"],
                           [date(2025, 10, 2), time(9, 0), "Missing person", "JS", "Late back from college"])
    result = import_own(store, home_id, source, _confirmed(suggest(source, Layout.INCIDENTS,
                                                                   store.workforce.courses())))
    assert result.written and result.errors == []
    assert sorted((i.occurred_at.date(), i.child_ids) for i in store.incidents.list(home_id)) == [
        (date(2022, 3, 1), (left.id,)), (date(2025, 10, 2), (now.id,))]


def test_initials_two_children_shared_that_day_are_an_error_saying_so(store: Store, home_id: HomeId) -> None:
    from datetime import time

    from carehome_desk.models.children import ChildDetails

    store.children.add(home_id, ChildDetails("C/1", "JS", date(2008, 5, 1), date(2020, 1, 10)))
    store.children.add(home_id, ChildDetails("C/9", "JS", date(2011, 2, 3), date(2021, 9, 1)))
    source = _incident_log([date(2022, 3, 1), time(14, 30), "Missing person", "JS", "Went missing from school"])
    result = import_own(store, home_id, source, _confirmed(suggest(source, Layout.INCIDENTS,
                                                                   store.workforce.courses())))
    assert not result.written and store.incidents.list(home_id) == []
    assert [str(e) for e in result.errors] == [
        "Sheet1 row 2, column 'YP': 'JS': 2 children with these initials lived at the home on 01/03/2022 (C/1 and "
        "C/9): give the child's reference instead."]


def test_an_archived_childs_reference_is_not_split_at_its_slash(store: Store, home_id: HomeId) -> None:
    from datetime import time

    from carehome_desk.models.children import ChildDetails

    child, _ = store.children.add(home_id, ChildDetails("C/1", "JS", date(2008, 5, 1), date(2020, 1, 10)))
    store.children.archive(child.id, "entered in error")
    source = _incident_log([date(2022, 3, 1), time(14, 30), "Missing person", "C/1", "Went missing"])
    result = import_own(store, home_id, source, _confirmed(suggest(source, Layout.INCIDENTS,
                                                                   store.workforce.courses())))
    assert not result.written and store.incidents.list(home_id) == []
    assert [e.message for e in result.errors] == ["'C/1': this child's record was archived as entered in error."]


def test_count_rows_under_a_matrix_are_left_out_and_reported_not_read_as_people(
        store: Store, home_id: HomeId) -> None:
    store.staff.add(home_id, StaffDetails("Amy Pond", StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    source = _source([["Name", "Fire safety", "First aid"],
                      ["Amy Pond", date(2025, 1, 2), date(2025, 1, 3)],
                      [],
                      ["In date", 1, 1], ["Out of date", 0, 0], ["Number completed", 1, 1],
                      ["Staff trained", "100%", 1]])
    result = import_own(store, home_id, source, _confirmed(suggest(source, Layout.MATRIX, store.workforce.courses())))
    assert result.written and result.errors == []
    assert _training(store, home_id) == [("Amy Pond", "Fire safety", date(2025, 1, 2), None),
                                         ("Amy Pond", "First aid", date(2025, 1, 3), None)]
    assert [m.full_name for m in store.staff.list(home_id)] == ["Amy Pond"]
    assert "Sheet 'Sheet1': rows 4, 5, 6 and 7 look like totals or a summary: left out." in result.reported


def test_the_header_row_is_not_a_data_row_of_words_below_it(store: Store, home_id: HomeId) -> None:
    for name in ("Amy Pond", "Rory Williams"):
        store.staff.add(home_id, StaffDetails(name, StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    source = _source([["Name", "Role", "Sleep-in", "Ligature", "Driving"],
                      ["Amy Pond", "RCW", date(2025, 1, 2), date(2025, 1, 3), date(2025, 1, 4)],
                      ["Rory Williams", "RCW", "Missing", "Missing", "Missing"]])
    mapping = _confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    assert mapping.sheets[0].header_row == 1
    mapping.new_courses = {name: 12 for name in mapping.new_courses}
    result = import_own(store, home_id, source, mapping)
    assert result.written and result.errors == []
    assert _training(store, home_id) == [("Amy Pond", "Driving", date(2025, 1, 4), None),
                                         ("Amy Pond", "Ligature", date(2025, 1, 3), None),
                                         ("Amy Pond", "Sleep-in", date(2025, 1, 2), None)]


def _two_sheets(main: str, day: int, main_header: list[CellValue] | None = None) -> SourceFile:
    header: list[CellValue] = ["Name", "Fire safety", "First aid"]
    return SourceFile(Path("m.xlsx"), "xlsx", [
        Table(main, [main_header or header, ["Amy Pond", date(2025, 1, day), date(2025, 1, day)]]),
        Table("Bank staff", [header, ["Clara Oswald", date(2025, 3, 2), date(2025, 3, 3)]])])


def test_a_remembered_two_sheet_mapping_finds_the_renamed_main_sheet_or_holds_back(
        store: Store, home_id: HomeId) -> None:
    from carehome_desk.importing.own.engine import remember_mapping, remembered_mapping

    for name in ("Amy Pond", "Clara Oswald"):
        store.staff.add(home_id, StaffDetails(name, StaffRole.RESIDENTIAL_WORKER, date(2020, 1, 6)))
    april = _two_sheets("April 2025", 2)
    mapping = suggest(april, Layout.MATRIX, store.workforce.courses())
    assert [s.sheet for s in mapping.sheets] == ["April 2025", "Bank staff"]
    assert import_own(store, home_id, april, mapping).written
    remember_mapping(store, april, mapping, home_id)
    may = _two_sheets("May 2025", 20)
    fitted = remembered_mapping(store, may, Layout.MATRIX, home_id)
    assert fitted is not None and [s.sheet for s in fitted.sheets] == ["May 2025", "Bank staff"]
    assert import_own(store, home_id, may, fitted).written
    amy = [t for t in _training(store, home_id) if t[0] == "Amy Pond"]
    assert [(t[1], t[2]) for t in amy] == [("Fire safety", date(2025, 1, 2)), ("Fire safety", date(2025, 1, 20)),
                                           ("First aid", date(2025, 1, 2)), ("First aid", date(2025, 1, 20))]
    june = _two_sheets("June 2025", 25, ["Name", "Fire safety", "First aid", "Prevent"])
    held = remembered_mapping(store, june, Layout.MATRIX, home_id)
    assert held is not None and [s.sheet for s in held.sheets] == ["April 2025", "Bank staff"]
    result = import_own(store, home_id, june, held)
    assert not result.written
    assert result.blocked == ["The file has no sheet 'April 2025' (its sheets are 'June 2025', 'Bank staff'): "
                              "correct 'sheet' in the map."]
    assert date(2025, 1, 25) not in {t[2] for t in _training(store, home_id)}


def test_a_time_cell_holding_the_rows_date_and_a_time_gives_the_time(store: Store, home_id: HomeId) -> None:
    from datetime import datetime, time

    from carehome_desk.models.children import ChildDetails

    child, _ = store.children.add(home_id, ChildDetails("C/1", "JS", date(2010, 5, 1), date(2024, 1, 10)))
    source = _incident_log([date(2025, 3, 1), datetime(2025, 3, 1, 14, 30), "Missing person", "C/1", "Went missing"],
                           [date(2025, 3, 2), datetime(1899, 12, 30, 9, 15), "Missing person", "C/1", "Again"],
                           [date(2025, 3, 3), datetime(2025, 2, 1, 8, 0), "Missing person", "C/1", "Wrong day"])
    mapping = _confirmed(suggest(source, Layout.INCIDENTS, store.workforce.courses()))
    held = import_own(store, home_id, source, mapping)
    assert [(e.row, e.column) for e in held.errors] == [(4, "Time")]
    assert "has a date as well" in held.errors[0].message
    result = import_own(store, home_id, source, mapping, skip_bad_rows=True)
    assert result.written
    assert sorted((i.occurred_at.astimezone(UK).replace(tzinfo=None), i.child_ids)
                  for i in store.incidents.list(home_id)) == [
        (datetime(2025, 3, 1, 14, 30), (child.id,)), (datetime(2025, 3, 2, 9, 15), (child.id,))]


def test_an_empty_file_and_a_header_only_sheet_say_there_is_nothing_to_import(
        store: Store, home_id: HomeId) -> None:
    empty = SourceFile(Path("empty.xlsx"), "xlsx", [Table("Sheet1", [])])
    result = import_own(store, home_id, empty, suggest(empty, Layout.MATRIX, store.workforce.courses()))
    assert not result.written and result.errors == []
    assert result.outcome() == "Nothing to import: empty.xlsx is empty (none of its sheets has anything in it)."
    header_only = _source([["Name", "Fire safety"]], "Training")
    result = import_own(store, home_id, header_only, suggest(header_only, Layout.MATRIX, store.workforce.courses()))
    assert not result.written and store.staff.list(home_id) == []
    assert result.outcome() == "Nothing to import: 'Training' has only the header row, with no rows below it."
