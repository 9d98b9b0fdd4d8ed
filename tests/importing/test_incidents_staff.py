"""'Staff involved' in the incidents workbook and the pack: names on the staff register become links, the rest
are kept as people not on it; pack → workbook → an empty home with the same staff gives the same links."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.importing.incidents import import_incidents
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from tests.conftest import oak_lodge
from tests.importing.conftest import audit_count, fill
from tests.ui.incident_data import uk


def _team(store: Store, home_id: HomeId, *names: str) -> dict[str, StaffId]:
    out = {}
    for name in names:
        member, _ = store.staff.add(home_id, StaffDetails(full_name=name, role=StaffRole.RESIDENTIAL_WORKER,
                                                           start_date=date(2024, 1, 8)))
        out[name] = member.id
    return out


ROWS = {
    "Children": [["C-031", "AB", "01/05/2011", "10/01/2025"]],
    "Incidents": [["R1", "12/07/2026", "23:30", "Restraint", "C-031", "Lounge", "Held to stop a fall.",
                   "sam  KERR; Jo Agency, Dee Twin", "no", None, "Managed within the home."]],
}


def test_names_on_the_register_become_links_and_importing_twice_changes_nothing(
        store: Store, home_id: HomeId, incidents_template: Path) -> None:
    team = _team(store, home_id, "Sam Kerr", "Dee Twin", "Dee Twin")  # two people share a name: neither is guessed
    path = fill(incidents_template, ROWS)
    first = import_incidents(store, path, home_id)
    assert first.errors == []
    (incident,) = store.incidents.list(home_id)
    assert (incident.staff_ids, incident.staff_involved) == ((team["Sam Kerr"],), "Jo Agency, Dee Twin")
    before = (store.incidents.list(home_id), audit_count(store))
    again = import_incidents(store, path, home_id)
    assert again.errors == [] and not again.would_change and not again.written
    assert (store.incidents.list(home_id), audit_count(store)) == before


def test_pack_staff_column_round_trips_into_an_empty_home_with_the_same_staff(
        store: Store, tmp_path: Path, incidents_template: Path) -> None:
    home, _ = store.homes.add(oak_lodge())
    team = _team(store, home.id, "Sam Kerr", "Jo Lam", "Ann Other")
    child, _ = store.children.add(home.id, ChildDetails("C-031", "AB", date(2011, 5, 1), date(2025, 1, 10)))
    store.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, uk("12/07/2026", "23:30"), (child.id,), "Held to stop a fall.", "Lounge",
        staff_involved="Agency Al", staff_ids=(team["Sam Kerr"], team["Jo Lam"])))
    pack = tmp_path / "pack.xlsx"
    export_pack(store, PackOptions(pack, urns=("SC123456",), start=date(2026, 1, 1)))
    log = load_workbook(pack)["Incident log"]
    header = [c.value for c in log[2]]
    (row,) = [r for r in log.iter_rows(min_row=3, values_only=True) if r[0] is not None]
    staff_cell = row[header.index("Staff involved")]
    assert staff_cell == "Jo Lam, Sam Kerr, Agency Al"  # the linked names, then the people not on the register

    empty, _ = store.homes.add(oak_lodge(name="Elm House", urn="SC654321"))
    twins = _team(store, empty.id, "Sam Kerr", "Jo Lam", "Ann Other")
    path = fill(incidents_template, {"Children": ROWS["Children"], "Incidents": [
        ["R1", "12/07/2026", "23:30", "Restraint", "C-031", "Lounge", "Held to stop a fall.", staff_cell]]})
    assert import_incidents(store, path, empty.id).errors == []
    (copied,) = store.incidents.list(empty.id)
    assert copied.staff_ids == tuple(sorted((twins["Sam Kerr"], twins["Jo Lam"])))
    assert copied.staff_involved == "Agency Al"


def test_reimporting_the_pack_into_the_same_home_keeps_every_link(
        store: Store, tmp_path: Path, incidents_template: Path) -> None:
    """A name with a comma in it, and a name two staff share, survive pack → workbook → the same home."""
    home, _ = store.homes.add(oak_lodge())
    first_twin = _team(store, home.id, "Dee Twin")["Dee Twin"]
    _team(store, home.id, "Dee Twin")
    kerr = _team(store, home.id, "Kerr, Sam")["Kerr, Sam"]
    child, _ = store.children.add(home.id, ChildDetails("C-031", "AB", date(2011, 5, 1), date(2025, 1, 10)))
    store.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, uk("12/07/2026", "23:30"), (child.id,), "Held to stop a fall.", "Lounge",
        staff_ids=(first_twin, kerr)))
    pack = tmp_path / "pack.xlsx"
    export_pack(store, PackOptions(pack, urns=("SC123456",), start=date(2026, 1, 1)))
    log = load_workbook(pack)["Incident log"]
    header = [c.value for c in log[2]]
    (row,) = [r for r in log.iter_rows(min_row=3, values_only=True) if r[0] is not None]
    staff_cell = row[header.index("Staff involved")]
    assert staff_cell == "Dee Twin, Kerr, Sam"  # readable as a manager would type it
    before = (store.incidents.list(home.id), audit_count(store))
    path = fill(incidents_template, {"Children": ROWS["Children"], "Incidents": [
        ["R1", "12/07/2026", "23:30", "Restraint", "C-031", "Lounge", "Held to stop a fall.", staff_cell]]})
    result = import_incidents(store, path, home.id)
    assert result.errors == [] and not result.would_change
    (incident,) = store.incidents.list(home.id)
    assert (incident.staff_ids, incident.staff_involved) == (tuple(sorted((first_twin, kerr))), "")
    assert (store.incidents.list(home.id), audit_count(store)) == before


def test_a_name_with_a_comma_links_and_a_shared_name_is_reported(
        store: Store, home_id: HomeId, incidents_template: Path) -> None:
    team = _team(store, home_id, "Kerr, Sam", "Dee Twin", "Dee Twin", "Jo Lam")
    path = fill(incidents_template, {"Children": ROWS["Children"], "Incidents": [
        ["R1", "12/07/2026", "23:30", "Restraint", "C-031", "Lounge", "Held to stop a fall.",
         "kerr,  sam; Dee Twin, Agency Al; Jo Lam"]]})
    dry = import_incidents(store, path, home_id, dry_run=True)
    assert "Incidents row 2: 'Dee Twin' matches two staff; left as text." in dry.report()
    result = import_incidents(store, path, home_id)
    assert result.errors == [] and result.written
    (incident,) = store.incidents.list(home_id)
    assert incident.staff_ids == tuple(sorted((team["Kerr, Sam"], team["Jo Lam"])))
    assert incident.staff_involved == "Dee Twin, Agency Al"


def test_records_archived_as_entered_in_error_are_not_matched_but_leavers_are(
        store: Store, home_id: HomeId, incidents_template: Path) -> None:
    team = _team(store, home_id, "Sam Kerr")
    duplicate = _team(store, home_id, "Sam Kerr")["Sam Kerr"]
    store.staff.archive(duplicate, "Duplicate entered in error")
    ghost = _team(store, home_id, "Jo Wrong")["Jo Wrong"]
    store.staff.archive(ghost, "Never worked here")
    leaver, _ = store.staff.add(home_id, StaffDetails(full_name="Ann Gone", role=StaffRole.RESIDENTIAL_WORKER,
                                                      start_date=date(2024, 1, 8), leaving_date=date(2025, 3, 1)))
    path = fill(incidents_template, {"Children": ROWS["Children"], "Incidents": [
        ["R1", "12/07/2026", "23:30", "Restraint", "C-031", "Lounge", "Held.", "Sam Kerr, Jo Wrong, Ann Gone"]]})
    result = import_incidents(store, path, home_id)
    assert result.errors == [] and result.notes == []
    (incident,) = store.incidents.list(home_id)
    assert incident.staff_ids == tuple(sorted((team["Sam Kerr"], leaver.id)))
    assert incident.staff_involved == "Jo Wrong"
