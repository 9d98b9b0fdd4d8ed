"""A staff list with its own headers, mapped and imported record by record (tables built in memory)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.importing.own.engine import import_own, suggest
from carehome_desk.importing.own.mapping import IGNORE, Layout, Mapping
from carehome_desk.importing.own.tables import CellValue, SourceFile, Table
from carehome_desk.models.ids import HomeId
from carehome_desk.models.staff import Contract, StaffRole
from carehome_desk.store import Store
from tests.importing.conftest import audit_count

HEADER = ["Surname", "Forename", "DOB", "Job title", "Date started", "Left", "Hours", "Contract", "Staff ID",
          "DBS No.", "DBS Date", "Barred list", "Update service"]
ROWS: list[list[CellValue]] = [
    ["Smith", "Jane", date(1990, 1, 2), "Deputy Manager", "03/03/2021", None, "37.5 hrs", "Permanent, days", "E1",
     "001234567890", "21/02/2021", "yes", "Y"],
    ["Brown", "Sam", "04/05/1985", "Night worker", date(2024, 9, 2), None, 30, "Fixed term to 31/03/2026", "E2",
     "112233445566", date(2024, 8, 1), "✓", "N"],
    ["Khan", "Pat", None, "Cook", "01/06/2020", "31/10/2025", None, "Bank", "E3", None, None, None, None],
]


def staff_list(rows: list[list[CellValue]] = ROWS, header: list[str] = HEADER) -> SourceFile:
    table = Table("Staff", [["Staff list — Oak Lodge"], [], list(header), *[list(r) for r in rows]])
    return SourceFile(Path("staff.xlsx"), "xlsx", [table])


def test_a_staff_list_maps_by_its_own_headers(store: Store) -> None:
    mapping = suggest(staff_list(), Layout.STAFF, store.workforce.courses())
    sheet = mapping.sheets[0]
    assert sheet.header_row == 3
    assert [c.target for c in sheet.columns] == [
        "surname", "first_name", "date_of_birth", "role", "start_date", "leaving_date", "hours_per_week", "contract",
        "staff_ref", "dbs_number", "dbs_issue_date", "barred_list_children", "update_service"]


def test_people_and_their_dbs_certificates_land_and_dates_of_birth_are_not_kept(
        store: Store, home_id: HomeId) -> None:
    source = staff_list()
    result = import_own(store, home_id, source, suggest(source, Layout.STAFF, store.workforce.courses()))
    assert result.errors == [] and result.blocked == []
    assert result.written
    people = {m.full_name: m for m in store.staff.list(home_id)}
    assert sorted(people) == ["Jane Smith", "Pat Khan", "Sam Brown"]
    jane, sam, pat = people["Jane Smith"], people["Sam Brown"], people["Pat Khan"]
    assert (jane.role, jane.start_date, jane.staff_ref, jane.hours_per_week, jane.contract) == (
        StaffRole.DEPUTY, date(2021, 3, 3), "E1", 37.5, Contract.PERMANENT)
    assert (sam.role, sam.start_date, sam.contract) == (StaffRole.RESIDENTIAL_WORKER, date(2024, 9, 2),
                                                        Contract.FIXED_TERM)
    assert (pat.role, pat.leaving_date, pat.contract) == (StaffRole.ANCILLARY, date(2025, 10, 31), Contract.BANK)
    certs = {m.full_name: store.workforce.certificates_for(m.id) for m in people.values()}
    assert [(c.certificate_number, c.issue_date, c.barred_list_children, c.update_service)
            for c in certs["Jane Smith"]] == [("001234567890", date(2021, 2, 21), True, True)]
    assert [(c.certificate_number, c.update_service) for c in certs["Sam Brown"]] == [("112233445566", False)]
    assert certs["Pat Khan"] == []
    assert result.sheets["Staff"].added == 3 and result.sheets["DBS"].added == 2
    assert "column 'DOB' holds dates of birth, which the app does not keep: not imported." in result.report()
    assert len(store.audit.entries(table="dbs_certificates")) == 2
    before = audit_count(store)
    again = import_own(store, home_id, source, suggest(source, Layout.STAFF, store.workforce.courses()))
    assert (again.sheets["Staff"].unchanged, again.sheets["DBS"].unchanged) == (3, 2)
    assert not again.written and audit_count(store) == before


def test_a_missing_role_column_blocks_until_a_default_is_given(store: Store, home_id: HomeId) -> None:
    source = staff_list()
    mapping = suggest(source, Layout.STAFF, store.workforce.courses())
    for column in mapping.sheets[0].columns:
        if column.target in ("role", "barred_list_children"):
            column.target = IGNORE
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == [
        "Sheet 'Staff': no column is mapped to Role, which every row needs: map a column to it, or give one value "
        "for every row in 'defaults' (\"defaults\": {\"role\": \"…\"}).",
        "Sheet 'Staff': no column is mapped to Children's barred list, which every row needs: map a column to it, or "
        "give one value for every row in 'defaults' (\"defaults\": {\"barred_list_children\": \"…\"})."]
    assert result.errors == []  # not repeated on every row
    assert store.staff.list() == []
    mapping.defaults = {"role": "RCW", "barred_list_children": "yes"}
    result = import_own(store, home_id, source, mapping)
    assert result.written, result.report()
    assert {m.role for m in store.staff.list(home_id)} == {StaffRole.RESIDENTIAL_WORKER}


def test_one_name_column_and_a_bad_cell_located_by_the_managers_header(store: Store, home_id: HomeId) -> None:
    header = ["Name", "Role", "Start date"]
    rows: list[list[CellValue]] = [["Smith, Jane", "RCW", "03/03/2021"], ["Sam Brown", "Chief", "31/02/2024"],
                                ["Pat Khan", "Senior", "13/13/2020"]]
    source = staff_list(rows, header)
    result = import_own(store, home_id, source, suggest(source, Layout.STAFF, store.workforce.courses()))
    assert [str(e) for e in result.errors] == [
        "Staff row 5, column 'Start date': '31/02/2024' is not a real date: that month has no day 31.",
        "Staff row 6, column 'Start date': '13/13/2020' has no month 13: the month comes second (DD/MM/YYYY)."]
    assert not result.written
    skipped = import_own(store, home_id, source, suggest(source, Layout.STAFF, store.workforce.courses()),
                         skip_bad_rows=True)
    assert skipped.written
    assert [m.full_name for m in store.staff.list(home_id)] == ["Jane Smith"]


def test_a_role_not_known_is_the_planners_error_at_the_managers_column(store: Store, home_id: HomeId) -> None:
    source = staff_list([["Brown", "Sam", None, "Chief", "03/03/2021"]], HEADER[:5])
    result = import_own(store, home_id, source, suggest(source, Layout.STAFF, store.workforce.courses()))
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith(
        "Staff row 4, column 'Job title': 'Chief' is not one of: Registered manager")


def test_a_map_with_an_unknown_field_a_field_twice_or_an_unknown_default_is_blocked(
        store: Store, home_id: HomeId) -> None:
    source = staff_list()
    mapping = suggest(source, Layout.STAFF, store.workforce.courses())
    columns = {c.header: c for c in mapping.sheets[0].columns}
    columns["DOB"].target = "shoe_size"
    columns["Left"].target = "start_date"
    mapping.defaults = {"pets": "cat"}
    result = import_own(store, home_id, source, mapping)
    assert len(result.blocked) == 3
    assert result.blocked[0].startswith("'defaults' gives a value for 'pets', which is not a field a default can fill "
                                        "for a staff list: the fields are ")
    assert result.blocked[1].startswith("Sheet 'Staff', column 'DOB' is mapped to 'shoe_size', which is not a field "
                                        "of a staff list")
    assert result.blocked[2] == ("Sheet 'Staff': both 'Date started' and 'Left' are mapped to Start date: leave one "
                                 "of them out.")
    assert not result.written and store.staff.list() == []


def test_a_default_that_cannot_be_read_is_said_to_be_the_maps_default(store: Store, home_id: HomeId) -> None:
    source = staff_list([["Brown", "Sam", None, None, "03/03/2021"]], HEADER[:5])
    mapping = suggest(source, Layout.STAFF, store.workforce.courses())
    next(c for c in mapping.sheets[0].columns if c.header == "Job title").target = IGNORE
    mapping.defaults = {"role": "Chief"}
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == []
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith("Staff row 4: Role (the map's default): 'Chief' is not one of: ")


def _no_barred_column(store: Store) -> tuple[SourceFile, Mapping]:
    source = staff_list()
    mapping = suggest(source, Layout.STAFF, store.workforce.courses())
    next(c for c in mapping.sheets[0].columns if c.target == "barred_list_children").target = IGNORE
    return source, mapping


def test_the_barred_list_for_every_row_is_yes_no_or_not_recorded_and_nothing_else(
        store: Store, home_id: HomeId) -> None:
    source, mapping = _no_barred_column(store)
    mapping.defaults = {"barred_list_children": "maybe"}
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == ["'defaults' gives Children's barred list as 'maybe' for every row: it must be yes, no "
                              "or not recorded (the one thing true of everyone in the file)."]
    assert not result.written and store.staff.list() == []
    mapping.defaults = {"barred_list_children": "No"}  # any case, as the map file may be typed
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == [] and result.written, result.report()
    certs = [c for m in store.staff.list(home_id) for c in store.workforce.certificates_for(m.id)]
    assert len(certs) == 2 and {c.barred_list_children for c in certs} == {False}


def test_a_barred_list_not_recorded_leaves_it_blank_and_each_new_certificate_says_so(
        store: Store, home_id: HomeId) -> None:
    source, mapping = _no_barred_column(store)
    mapping.defaults = {"barred_list_children": "not recorded"}
    result = import_own(store, home_id, source, mapping)
    assert result.blocked == []
    assert len(result.errors) == 2  # the two rows with a DBS certificate, each at its row
    assert all("barred list" in str(e).lower() for e in result.errors), [str(e) for e in result.errors]
    assert not result.written


def test_a_planned_starter_on_a_staff_list_is_imported(store: Store, home_id: HomeId) -> None:
    # No column for the first care role: it is taken as their start, which is still to come (today 22/11/2026).
    source = staff_list([["Starter", "New", None, "Residential Support Worker", "04/01/2027", None, None, None,
                          "N1", None, None, None, None]])
    result = import_own(store, home_id, source, suggest(source, Layout.STAFF, store.workforce.courses()))
    assert result.errors == [] and result.sheets["Staff"].added == 1
    (member,) = store.staff.list(home_id)
    assert (member.full_name, member.start_date, member.care_started_on, member.dates_to_confirm) == (
        "New Starter", date(2027, 1, 4), date(2027, 1, 4), True)
