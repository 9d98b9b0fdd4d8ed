"""Staff involved in incidents: links to the staff register, audited, and upgrade 0008 from typed names."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest

from carehome_desk.models.dates import UK
from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.models.staff_names import StaffMatch, link_names, match_staff
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store, ValidationError
from tests.conftest import oak_lodge

FIXTURE_0007 = Path(__file__).parent.parent / "data" / "schema_0007.sqlite3"


def test_upgrade_0008_moves_exact_name_matches_in_the_same_home_onto_links(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0007, db)
    with Store.open(db) as store:
        assert store.open_report.found_revision == "0007"
        seven = next(h for h in store.homes.list() if h.urn == "SC000777")
        names = {m.id: m.full_name for m in store.staff.list(seven.id)}
        restraint, accident, other = sorted(store.incidents.list(seven.id), key=lambda i: i.id)
        # Case and spacing ignored; a name two people share, and someone from another home, stay as typed.
        assert sorted(names[s] for s in restraint.staff_ids) == ["Ada Lovelace", "Grace Hopper"]
        assert restraint.staff_involved == "Jo Agency, Sam Twin, Alan Turing"
        assert (accident.staff_ids, accident.staff_involved) == ((), "Visitor Vee")
        assert (other.staff_ids, other.staff_involved) == ((), "")
        # The upgrade's changes are in the trail as its own, so the trail still checks out.
        assert store.audit.verify().intact
        links = store.audit.entries(table="incident_staff")
        assert len(links) == 2 and {e.user for e in links} == {"carehome-desk upgrade"}


def test_unchanged_fixture_is_not_touched_by_a_second_open(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0007, db)
    with Store.open(db):
        pass
    with Store.open(db) as store:
        assert store.open_report.backup is None
        assert len(store.audit.entries(table="incident_staff")) == 2


def _person(store: Store, home_id: HomeId, name: str, leaving: date | None = None) -> StaffId:
    member, _ = store.staff.add(home_id, StaffDetails(full_name=name, role=StaffRole.RESIDENTIAL_WORKER,
                                                       start_date=date(2024, 1, 8)))
    return member.id


def test_links_are_saved_read_changed_and_audited(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    ada, bo = _person(store, home.id, "Ada Lane"), _person(store, home.id, "Bo Kerr")
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UK)
    incident, _ = store.incidents.add(home.id, IncidentDetails(
        type=IncidentType.OTHER, occurred_at=at, child_ids=(), summary="x", staff_ids=(bo, ada),
        staff_involved="Jo Agency"))
    assert incident.staff_ids == tuple(sorted((ada, bo)))
    assert [i.id for i in store.incidents.for_staff(ada)] == [incident.id]
    from dataclasses import replace
    changed, _ = store.incidents.update(replace(incident, staff_ids=(bo,)))
    assert changed.staff_ids == (bo,)
    assert store.incidents.for_staff(ada) == []
    actions = [e.action.value for e in store.audit.entries(table="incident_staff")]
    assert sorted(actions) == ["delete", "insert", "insert"]
    assert store.audit.verify().intact


def test_staff_from_another_home_is_refused(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    elsewhere, _ = store.homes.add(oak_lodge(name="Elm House", urn="SC654321"))
    stranger = _person(store, elsewhere.id, "Cy Far")
    with pytest.raises(ValidationError) as caught:
        store.incidents.add(home.id, IncidentDetails(type=IncidentType.OTHER, occurred_at=datetime(2026, 3, 2, tzinfo=UK),
                                                     child_ids=(), summary="x", staff_ids=(stranger,)))
    assert "staff_ids" in caught.value.problems


def test_names_match_exactly_ignoring_case_and_spacing() -> None:
    register = {"ada lane": StaffId(1), "bo kerr": StaffId(2)}
    assert match_staff(" ADA  lane; Ada Lan, bo kerr,ada lane\nJo Agency, jo  agency", register) == (
        (StaffId(1), StaffId(2)), "Ada Lan, Jo Agency")
    assert match_staff("", register) == ((), "")


def _fixture_0007_with(tmp_path: Path, *extra: tuple[str, str | None], typed: str) -> Path:
    """A copy of the 0007 fixture with more staff in Oak's home (name, archived as entered in error?) and the
    second incident's "Staff involved" retyped, as a manager could have left them before 0008."""
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0007, db)
    with closing(sqlite3.connect(db)) as conn, conn:
        skip = ("id", "full_name", "archived_at", "archive_reason")
        columns = [r[1] for r in conn.execute("PRAGMA table_info(staff)") if r[1] not in skip]
        for name, archived in extra:
            conn.execute(f"INSERT INTO staff (full_name, archived_at, archive_reason, {', '.join(columns)}) "
                         f"SELECT ?, ?, ?, {', '.join(columns)} FROM staff WHERE full_name = 'Ada Lovelace'",
                         (name, archived, "Entered in error" if archived else ""))
        conn.execute("UPDATE incidents SET staff_involved = ? WHERE id = 2", (typed,))
    return db


def test_upgrade_0008_links_a_name_holding_a_comma(tmp_path: Path) -> None:
    db = _fixture_0007_with(tmp_path, ("Kerr, Sam", None), typed="Visitor Vee, kerr,sam")
    with Store.open(db) as store:
        seven = next(h for h in store.homes.list() if h.urn == "SC000777")
        names = {m.id: m.full_name for m in store.staff.list(seven.id)}
        accident = sorted(store.incidents.list(seven.id), key=lambda i: i.id)[1]
        assert ([names[s] for s in accident.staff_ids], accident.staff_involved) == (["Kerr, Sam"], "Visitor Vee")


def test_upgrade_0008_leaves_records_archived_in_error_out_of_matching(tmp_path: Path) -> None:
    db = _fixture_0007_with(tmp_path, ("Grace Hopper", "2026-01-05 10:00:00.000000"),
                            ("Jo Wrong", "2026-01-05 10:00:00.000000"), typed="Grace Hopper; Jo Wrong")
    with Store.open(db) as store:
        seven = next(h for h in store.homes.list() if h.urn == "SC000777")
        names = {m.id: m.full_name for m in store.staff.list(seven.id)}  # the archived ones are not listed
        accident = sorted(store.incidents.list(seven.id), key=lambda i: i.id)[1]
        assert ([names[s] for s in accident.staff_ids], accident.staff_involved) == (["Grace Hopper"], "Jo Wrong")


def test_a_record_archived_as_entered_in_error_is_refused_but_a_leaver_is_linked(store: Store) -> None:
    from dataclasses import replace
    home, _ = store.homes.add(oak_lodge())
    ghost, real = _person(store, home.id, "Jo Wrong"), _person(store, home.id, "Sam Kerr")
    leaver, _ = store.staff.add(home.id, StaffDetails(full_name="Ann Gone", role=StaffRole.RESIDENTIAL_WORKER,
                                                      start_date=date(2024, 1, 8), leaving_date=date(2025, 3, 1)))
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UK)
    kept, _ = store.incidents.add(home.id, IncidentDetails(type=IncidentType.OTHER, occurred_at=at, child_ids=(),
                                                           summary="x", staff_ids=(ghost,)))
    store.staff.archive(ghost, "Never worked here")
    with pytest.raises(ValidationError) as caught:
        store.incidents.add(home.id, IncidentDetails(type=IncidentType.OTHER, occurred_at=at, child_ids=(),
                                                     summary="y", staff_ids=(real, ghost)))
    assert caught.value.problems["staff_ids"] == ("Jo Wrong: this staff record was archived as entered in error, so "
                                                  "it cannot be linked to an incident.")
    other, _ = store.incidents.add(home.id, IncidentDetails(type=IncidentType.OTHER, occurred_at=at, child_ids=(),
                                                            summary="y", staff_ids=(real, leaver.id)))
    with pytest.raises(ValidationError):
        store.incidents.update(replace(other, staff_ids=(real, ghost)))
    # A link made before the record was archived does not stop the incident being saved.
    saved, _ = store.incidents.update(replace(kept, summary="x, corrected"))
    assert saved.staff_ids == (ghost,)


def test_stored_links_and_names_with_commas_are_read_before_the_cell_is_split() -> None:
    register = {"kerr, sam": StaffId(3), "jo lam": StaffId(4)}
    found = link_names("Dee Twin, KERR,sam, Jo Agency; Dee  Twin", register, shared={"dee twin"})
    assert found == StaffMatch((StaffId(3),), "Dee Twin, Jo Agency", ("Dee Twin",))
    again = link_names("Dee Twin, Kerr, Sam", register, stored={"dee twin": StaffId(1)}, shared={"dee twin"})
    assert again == StaffMatch((StaffId(1), StaffId(3)), "", ())
