"""The pack's own Staff sheet imported back as a staff list: what is stored comes back Unchanged, and --sheet limits
the import and its report to the sheet asked for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from carehome_desk import cli
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from tests.conftest import oak_lodge

PEOPLE = (  # name, role, care role as stored (None: the role's usual answer)
    ("Zara Begum", StaffRole.RESIDENTIAL_WORKER, None),
    ("Tom Hale", StaffRole.ANCILLARY, None),
    ("Priya Shah", StaffRole.DEPUTY, True),
    ("Lee Moss", StaffRole.RESIDENTIAL_WORKER, False),
)


def _care_roles(store: Store) -> dict[str, bool | None]:
    return {m.full_name: m.care_role for m in store.staff.list()}


@pytest.fixture
def pack(store: Store, tmp_path: Path) -> Path:
    home, _ = store.homes.add(oak_lodge())
    for name, role, care in PEOPLE:
        details = StaffDetails(name, role, date(2025, 3, 3), care_role=care)
        # As the window saves a care role: with the date it was first held (so nothing is left to guess).
        store.staff.add(home.id, replace(details, care_started_on=date(2025, 3, 3)) if details.is_care_role
                        else details)
    out = tmp_path / "pack.xlsx"
    export_pack(store, PackOptions(out, writer="inline"))
    return out


def _import(capsys: pytest.CaptureFixture[str], pack: Path, db: Path) -> str:
    code = cli.main(["import", "staff-list", str(pack), "--db", str(db), "--sheet", "Staff"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    return out


def test_the_packs_staff_sheet_imports_back_unchanged_and_only_that_sheet_is_reported(  # type: ignore[no-untyped-def]
        capsys, store: Store, db_path: Path, pack: Path) -> None:
    before = _care_roles(store)
    changes = len(store.audit.entries(table="staff"))

    out = _import(capsys, pack, db_path)

    staff_line = next(line for line in out.splitlines() if line.startswith("Staff "))
    assert staff_line.split() == ["Staff", "0", "0", str(len(PEOPLE)), "0"]  # added, updated, unchanged, not imported
    assert _care_roles(store) == before == {name: care for name, _, care in PEOPLE}
    assert len(store.audit.entries(table="staff")) == changes  # no staff record written, so none in the trail
    # --sheet Staff: the pack's other sheets are not listed, nor judged as another kind of file.
    assert "is not mapped" not in out and "Sheet 'Cover'" not in out
    assert "look like" not in out


def test_a_care_role_written_otherwise_than_the_roles_usual_answer_is_kept_as_written(  # type: ignore[no-untyped-def]
        capsys, store: Store, db_path: Path, pack: Path) -> None:
    book = openpyxl.load_workbook(pack)
    sheet = book["Staff"]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Name")
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(header, c).value == "Care role")
    for row in range(header + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "Tom Hale":  # ancillary: not usually a care role
            sheet.cell(row, column).value = "Yes"
        if sheet.cell(row, 1).value == "Zara Begum":  # residential worker: usually a care role
            sheet.cell(row, column).value = "No"
    book.save(pack)

    out = _import(capsys, pack, db_path)

    staff_line = next(line for line in out.splitlines() if line.startswith("Staff "))
    assert staff_line.split() == ["Staff", "0", "2", str(len(PEOPLE) - 2), "0"]
    assert _care_roles(store) == {"Zara Begum": False, "Tom Hale": True, "Priya Shah": True, "Lee Moss": False}
