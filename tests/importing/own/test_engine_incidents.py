"""An incident log with free-form columns, mapped and imported record by record (tables built in memory)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from carehome_desk.importing.own.engine import import_own, suggest
from carehome_desk.importing.own.mapping import IGNORE, Layout
from carehome_desk.importing.own.tables import CellValue, SourceFile, Table
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store
from tests.importing.conftest import audit_count

HEADER = ["Date/time", "YP", "Type of incident", "Where", "Description", "Staff", "Reported to"]
ROWS: list[list[CellValue]] = [
    ["14/03/2025 21:40", "JD", "MFH", "Community", "Did not return by curfew.", "Ben Walsh", "Police"],
    [datetime(2025, 3, 18, 16, 5), "C-032", "Physical intervention", "Lounge", "Guided hold, 2 minutes.", "", ""],
    ["02/04/2025 07:30", "JD, MS", "Damage to property", "Bedroom", "Broke a window.", "", "Manager"],
]


def log(rows: list[list[CellValue]] = ROWS, header: list[str] = HEADER) -> SourceFile:
    table = Table("Log 2025", [["Incident log 2025/26"], list(header), *[list(r) for r in rows]])
    return SourceFile(Path("log.xlsx"), "xlsx", [table])


def _children(store: Store, home_id: HomeId) -> None:
    for ref, initials in (("C-031", "JD"), ("C-032", "MS")):
        store.children.add(home_id, ChildDetails(ref, initials, date(2011, 5, 1), date(2024, 1, 10)))


def test_an_incident_log_maps_by_its_own_headers(store: Store) -> None:
    mapping = suggest(log(), Layout.INCIDENTS, store.workforce.courses())
    sheet = mapping.sheets[0]
    assert sheet.header_row == 2
    assert [c.target for c in sheet.columns] == ["date", "children", "type", "location", "summary",
                                                 "staff_involved", IGNORE]


def test_incidents_land_with_date_and_time_from_one_cell_children_by_initials_and_types_in_their_words(
        store: Store, home_id: HomeId) -> None:
    _children(store, home_id)
    source = log()
    result = import_own(store, home_id, source, suggest(source, Layout.INCIDENTS, store.workforce.courses()))
    assert result.errors == [] and result.blocked == []
    assert result.written
    refs = {c.id: c.reference for c in store.children.list(home_id)}
    got = sorted((i.occurred_at.astimezone(UK).replace(tzinfo=None), i.type, tuple(refs[c] for c in i.child_ids),
                  i.location) for i in store.incidents.list(home_id))
    assert got == [
        (datetime(2025, 3, 14, 21, 40), IncidentType.MISSING, ("C-031",), "Community"),
        (datetime(2025, 3, 18, 16, 5), IncidentType.RESTRAINT, ("C-032",), "Lounge"),
        (datetime(2025, 4, 2, 7, 30), IncidentType.OTHER, ("C-031", "C-032"), "Bedroom"),
    ]
    assert result.sheets["Incidents"].added == 3
    assert len(store.audit.entries(table="incidents")) >= 3
    before = audit_count(store)
    again = import_own(store, home_id, source, suggest(source, Layout.INCIDENTS, store.workforce.courses()))
    assert again.sheets["Incidents"].unchanged == 3 and not again.written
    assert audit_count(store) == before


def test_a_log_without_a_time_anywhere_is_blocked_naming_the_field(store: Store, home_id: HomeId) -> None:
    rows: list[list[CellValue]] = [[date(2025, 3, 14), "JD", "Missing", "Park", "Out late."]]
    source = log(rows, ["Date", "YP", "Type", "Where", "What happened"])
    result = import_own(store, home_id, source, suggest(source, Layout.INCIDENTS, store.workforce.courses()))
    assert result.blocked == [
        "Sheet 'Log 2025': no column is mapped to Time, which every row needs: map a column to it, or give one "
        "value for every row in 'defaults' (\"defaults\": {\"time\": \"…\"})."]
    assert store.incidents.list(home_id) == []


def test_a_blank_time_and_an_unknown_child_are_errors_at_the_managers_columns(store: Store, home_id: HomeId) -> None:
    _children(store, home_id)
    rows: list[list[CellValue]] = [[date(2025, 3, 14), time(21, 40), "ZZ", "Missing", "Out late."],
                                [date(2025, 3, 15), None, "JD", "Self harm", "Scratches."]]
    source = log(rows, ["Date", "Time", "Young person", "Incident type", "Details"])
    result = import_own(store, home_id, source, suggest(source, Layout.INCIDENTS, store.workforce.courses()))
    assert [str(e) for e in result.errors] == [
        "Log 2025 row 3, column 'Young person': 'ZZ': no child has this reference (or these initials) on the "
        "children's register.",
        "Log 2025 row 4, column 'Time': this is blank, but it is needed."]
    assert store.incidents.list(home_id) == []


def test_children_named_by_a_reference_with_a_slash_or_by_initials_joined_with_and(
        store: Store, home_id: HomeId) -> None:
    store.children.add(home_id, ChildDetails("C/031", "JD", date(2011, 5, 1), date(2024, 1, 10)))
    store.children.add(home_id, ChildDetails("C/032", "MS", date(2012, 5, 1), date(2024, 1, 10)))
    rows: list[list[CellValue]] = [["14/03/2025 21:40", "C/031", "Missing", "Park", "Out late."],
                                   ["15/03/2025 10:00", "JD and MS", "Accident", "Garden", "Fell over."]]
    source = log(rows, ["Date", "Child ref", "Type", "Where", "What happened"])
    result = import_own(store, home_id, source, suggest(source, Layout.INCIDENTS, store.workforce.courses()))
    assert result.errors == [] and result.written
    refs = {c.id: c.reference for c in store.children.list(home_id)}
    assert sorted(tuple(refs[c] for c in i.child_ids) for i in store.incidents.list(home_id)) == [
        ("C/031",), ("C/031", "C/032")]
