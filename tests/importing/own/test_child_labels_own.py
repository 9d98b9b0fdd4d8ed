"""A manager's own incident log, and the evidence pack's own Incident log, naming children as the app does: 'CZ (C08)'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.importing.own.engine import import_own, suggest
from carehome_desk.importing.own.mapping import Layout
from carehome_desk.importing.own.readers import read_source
from carehome_desk.importing.own.suggest import suggest_sheet
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, Clock
from tests.importing.conftest import audit_count

HEADER = ["Date", "Time", "Type", "Children", "Location", "Summary"]


def log_file(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Log"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def children(store: Store, home_id: HomeId) -> None:
    for ref, initials in (("C08", "CZ"), ("C06", "BX"), ("C/031", "AB")):
        store.children.add(home_id, ChildDetails(ref, initials, date(2011, 5, 1), date(2024, 1, 10)))


def imported(store: Store, home_id: HomeId, path: Path) -> list[str]:
    """Import the file as the command line does with the suggested mapping; the problems reported."""
    source = read_source(path)
    result = import_own(store, home_id, source, suggest(source, Layout.INCIDENTS, store.workforce.courses()))
    return [str(e) for e in result.errors]


def test_a_child_named_by_initials_and_reference_is_read_beside_either_alone(store: Store, home_id: HomeId,
                                                                            tmp_path: Path) -> None:
    children(store, home_id)
    path = log_file(tmp_path / "log.xlsx", [
        ["01/11/2026", "10:00", "Other", "C08", "Lounge", "a"],
        ["01/11/2026", "11:00", "Other", "CZ", "Lounge", "b"],
        ["01/11/2026", "12:00", "Other", "CZ (C08)", "Lounge", "c"],
        ["01/11/2026", "13:00", "Other", "CZ (C08), BX (C06)", "Lounge", "d"],
        ["01/11/2026", "14:00", "Other", "AB (C/031)", "Lounge", "e"],  # a slash in the reference: not two children
    ])
    errors = imported(store, home_id, path)
    assert errors == []
    refs = {c.id: c.reference for c in store.children.list(home_id)}
    assert sorted((i.summary, tuple(sorted(refs[c] for c in i.child_ids))) for i in store.incidents.list(home_id)) == [
        ("a", ("C08",)), ("b", ("C08",)), ("c", ("C08",)), ("d", ("C06", "C08")), ("e", ("C/031",))]


def test_initials_and_a_reference_of_different_children_say_so_at_the_managers_column(store: Store, home_id: HomeId,
                                                                                      tmp_path: Path) -> None:
    children(store, home_id)
    path = log_file(tmp_path / "log.xlsx", [
        ["01/11/2026", "10:00", "Other", "CZ (C06)", "Lounge", "a"],
        ["01/11/2026", "11:00", "Other", "CZ (C99)", "Lounge", "b"],
    ])
    errors = imported(store, home_id, path)
    assert errors == [
        "Log row 2, column 'Children': 'CZ (C06)': the initials and the reference are of different children: C06 is "
        "BX (C06), and CZ is CZ (C08). Check which child it was and give their reference alone (for example C08 or "
        "C06).",
        "Log row 3, column 'Children': 'CZ (C99)': no child has the reference C99 on the children's register.",
    ]
    assert store.incidents.list(home_id) == []


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("labels") / "demo.sqlite3", DemoOptions(today=FIXED_NOW.date()))


def test_the_packs_own_incident_log_reimports_changing_nothing(demo_db: Path, tmp_path: Path) -> None:
    with Store.open(demo_db, create=False, clock=Clock()) as store:
        (home,) = store.homes.list()
        pack = tmp_path / "pack.xlsx"
        export_pack(store, PackOptions(pack))
        source = read_source(pack)
        (log,) = [t for t in source.tables if t.sheet == "Incident log"]
        cells = [str(c) for r in log.rows for c in r if c is not None]
        assert any(c.endswith(")") and "(" in c for c in cells)  # children written 'CZ (C08)'
        assert "Not decided" in cells  # and a reg 40 question not decided yet
        mapping = suggest(source, Layout.INCIDENTS, store.workforce.courses())
        mapping.sheets = [suggest_sheet(log, Layout.INCIDENTS, store.workforce.courses())]  # as --sheet does
        before, incidents = audit_count(store), store.incidents.list(home.id)
        result = import_own(store, home.id, source, mapping)
        assert [str(e) for e in result.errors] == [] and result.blocked == []
        counts = result.sheets["Incidents"]
        assert (counts.added, counts.updated, counts.failed) == (0, 0, 0)
        assert counts.unchanged == len(log.rows) - 2 > 0  # every row under the title and the header
        assert not result.written
        assert store.incidents.list(home.id) == incidents and audit_count(store) == before
