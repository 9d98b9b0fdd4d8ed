"""End to end: the corpus of managers' own files, in every format, read, mapped and imported record by record."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from carehome_desk.importing.own.engine import import_own, suggest
from carehome_desk.importing.own.mapping import Layout, Mapping
from carehome_desk.importing.own.readers import read_source
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import IncidentType
from carehome_desk.models.staff import StaffRole
from carehome_desk.store import Store
from tests.importing.conftest import audit_count
from tests.importing.own import corpus

ONE_SHEET = ("csv", "cp1252.csv")  # a .csv file holds the first sheet only


def _confirmed(mapping: Mapping) -> Mapping:
    for sheet in mapping.sheets:
        for column in sheet.columns:
            column.confirmed = True
    return mapping


def _training(store: Store, home_id: HomeId) -> dict[tuple[str, str], date]:
    courses = {c.id: c.name for c in store.workforce.courses()}
    return {(m.full_name, courses[t.course_id]): t.completed for m in store.staff.list(home_id)
            for t in store.workforce.training_for(m.id)}


@pytest.mark.parametrize("fmt", corpus.FORMATS)
def test_the_training_matrix_in_every_format(store: Store, home_id: HomeId, tmp_path: Path, fmt: str) -> None:
    source = read_source(corpus.matrix_file(tmp_path, fmt))
    mapping = _confirmed(suggest(source, Layout.MATRIX, store.workforce.courses()))
    result = import_own(store, home_id, source, mapping)
    assert result.errors == [] and result.blocked == []
    assert result.written
    people = {m.full_name: m for m in store.staff.list(home_id)}
    assert len(people) == (8 if fmt in ONE_SHEET else 11)
    assert people["Ben Walsh"].role is StaffRole.TEAM_LEADER
    assert people["Chloe O'Neill"].role is StaffRole.DEPUTY
    assert people["Hannah Price"].role is StaffRole.REGISTERED_MANAGER
    assert people["Ben Walsh"].start_date == date(2021, 1, 11)
    done = _training(store, home_id)
    assert done[("Amira Khan", "Fire safety")] == date(2025, 3, 3)
    assert done[("Amira Khan", "Safeguarding and child protection")] == date(2025, 4, 3)  # '03/04/25'
    assert done[("Ben Walsh", "Fire safety")] == date(2025, 4, 3)  # '3.4.2025'
    assert done[("Chloe O'Neill", "Fire safety")] == date(2025, 4, 1)  # 'Apr-25'
    assert done[("Chloe O'Neill", "Safeguarding and child protection")] == date(2025, 4, 1)  # 'April 2025'
    assert ("Ben Walsh", "First aid") not in done  # 'expired'
    assert ("Amira Khan", "Medication administration") not in done  # 'booked 12/05'
    assert not any(course == "Manual handling" for _, course in done)  # the hidden column
    if fmt not in ONE_SHEET:
        assert people["Kwame Asante"].role is StaffRole.BANK
        assert done[("Kwame Asante", "Safeguarding and child protection")] == date(2025, 5, 1)  # 'May-25'
    assert len(done) == (36 if fmt in ONE_SHEET else 40)
    report = result.report()
    assert "'booked' 3 times (booked, not done)" in report
    assert "'expired' 3 times (no date: nothing recorded, so it shows as missing)" in report
    assert "Column J 'Manual Handling (2019)' is hidden in the file: not imported unless you map it." in report or \
        fmt in ONE_SHEET
    if fmt in ("xlsx", "xlsm", "ods"):
        assert "column 'Fire Safety Awareness': 5 cells coloured green, 1 red — colour is not imported" in report
    before = audit_count(store)
    again = import_own(store, home_id, source, mapping)
    assert again.sheets["Training"].unchanged == len(done) and again.sheets["Training"].added == 0
    assert audit_count(store) == before


@pytest.mark.parametrize("fmt", corpus.FORMATS)
@pytest.mark.parametrize("one_name", [False, True])
def test_the_staff_list_in_every_format(store: Store, home_id: HomeId, tmp_path: Path, fmt: str,
                                        one_name: bool) -> None:
    source = read_source(corpus.staff_file(tmp_path, fmt, one_name=one_name))
    mapping = suggest(source, Layout.STAFF, store.workforce.courses())
    blocked = import_own(store, home_id, source, mapping)
    assert [b for b in blocked.blocked if "Children's barred list" in b]
    mapping.defaults = {"barred_list_children": "yes"}
    result = import_own(store, home_id, source, mapping)
    assert result.errors == [] and result.written, result.report()
    people = {m.full_name: m for m in store.staff.list(home_id)}
    assert sorted(people) == ["Amira Khan", "Ben Walsh", "Chloe O'Neill", "Daniel Mensah", "Ewa Nowak",
                              "Renée Dubois"]
    assert people["Amira Khan"].staff_ref == "1001"
    assert people["Ewa Nowak"].role is StaffRole.RESIDENTIAL_WORKER
    certs = {m.full_name: store.workforce.certificates_for(m.id) for m in people.values()}
    assert [(c.certificate_number, c.issue_date, c.update_service) for c in certs["Amira Khan"]] == [
        ("001234567890", date(2023, 8, 21), True)]
    assert certs["Renée Dubois"][0].issue_date == date(2024, 12, 15)  # '15/12/2024', text
    assert "holds dates of birth, which the app does not keep: not imported." in result.report()


@pytest.mark.parametrize("fmt", corpus.FORMATS)
def test_the_incident_log_in_every_format(store: Store, home_id: HomeId, tmp_path: Path, fmt: str) -> None:
    for ref, initials in (("C-031", "JD"), ("R-1042", "RB"), ("C-033", "MS")):
        store.children.add(home_id, ChildDetails(ref, initials, date(2011, 5, 1), date(2024, 1, 10)))
    source = read_source(corpus.incidents_file(tmp_path, fmt))
    result = import_own(store, home_id, source, suggest(source, Layout.INCIDENTS, store.workforce.courses()),
                        skip_bad_rows=True)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(6, "Time", "this is blank, but it is needed.")]
    assert result.written
    refs = {c.id: c.reference for c in store.children.list(home_id)}
    got = sorted((i.occurred_at.astimezone(UK).replace(tzinfo=None), i.type, tuple(refs[c] for c in i.child_ids))
                 for i in store.incidents.list(home_id))
    assert got == [(datetime(2025, 3, 14, 21, 40), IncidentType.MISSING, ("C-031",)),
                   (datetime(2025, 3, 18, 16, 5), IncidentType.RESTRAINT, ("R-1042",)),
                   (datetime(2025, 4, 2, 7, 30), IncidentType.OTHER, ("C-031",)),
                   (datetime(2025, 4, 12, 14, 20), IncidentType.ALLEGATION, ("R-1042",))]
