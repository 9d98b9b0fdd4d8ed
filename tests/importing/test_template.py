"""The blank workforce template: the importer's exact headers, instructions, and a safe save."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from carehome_desk.export.atomic import save_workbook
from carehome_desk.importing.workbook import Kind
from carehome_desk.importing.workforce import write_workforce_template
from carehome_desk.importing.workforce_sheets import SHEETS


def test_one_sheet_per_record_type_with_the_importers_headers(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Instructions", "Staff", "Qualifications", "Checks", "DBS", "DBS status checks",
                             "Training", "Supervision"]
    for spec in SHEETS:
        ws = wb[spec.name]
        assert [c.value for c in ws[1]] == [c.header for c in spec.columns]
        assert ws.max_row == 1  # blank below the header
        assert ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width == c.width
                   for i, c in enumerate(spec.columns, start=1))
        assert all(cell.font.bold and cell.comment is not None for cell in ws[1])
    staff = wb["Staff"]
    assert staff["A1"].value == "Staff ref" and staff["F1"].value == "Start date"
    assert staff.column_dimensions["F"].number_format == "DD/MM/YYYY"
    assert staff.column_dimensions["A"].number_format == "@"  # refs keep their leading zeros
    assert wb["DBS"].column_dimensions["C"].number_format == "@"
    role_list = next(dv for dv in staff.data_validations.dataValidation if "C2:C1000" in str(dv.sqref))
    assert "Registered manager" in role_list.formula1 and role_list.errorStyle == "warning"


def test_instructions_explain_every_column_and_the_rules(template: Path) -> None:
    ws = openpyxl.load_workbook(template)["Instructions"]
    text = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    described = {(r[0], r[1]) for r in text if r[0] and r[1]}
    assert {(s.name, c.header) for s in SHEETS for c in s.columns} <= described
    flat = "\n".join(str(c) for row in text for c in row if c)
    assert "DD/MM/YYYY" in flat and "✓" in flat and "Importing the same file again changes nothing" in flat
    assert "One of: Registered manager, Deputy manager" in flat  # allowed values are listed
    assert "Safeguarding and child protection" in flat  # the default course names
    needed = {(r[0], r[1]): r[2] for r in text if r[0] and r[1]}
    assert needed[("Training", "Completed")] == "Yes" and needed[("Training", "Full name")] == "One of the two"
    assert needed[("Staff", "Leaving date")] in (None, "")


def test_month_and_year_is_offered_only_where_the_day_does_not_matter() -> None:
    month_ok = {(s.name, c.header) for s in SHEETS for c in s.columns if c.kind is Kind.MONTH_DATE}
    assert month_ok == {("Qualifications", "Enrolled"), ("Qualifications", "Achieved")}


def test_writing_replaces_the_target_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "template.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_workforce_template(target)
    assert openpyxl.load_workbook(target).sheetnames[1] == "Staff"
    assert [p.name for p in tmp_path.iterdir()] == ["template.xlsx"]
    if os.name == "posix":  # private like every file the app writes, whatever the old file's mode was
        assert target.stat().st_mode & 0o777 == 0o600


class _FailsHalfWay:
    """A workbook whose save writes part of the file and then fails (a full disk, a crash)."""

    def save(self, path: Path) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")


def test_a_failed_save_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"the manager's previous file")
    with pytest.raises(OSError, match="is full"):
        save_workbook(_FailsHalfWay(), target)
    assert target.read_bytes() == b"the manager's previous file"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.xlsx"]


def test_the_incidents_template_has_the_importers_headers_and_long_lists_on_the_instructions(
        incidents_template: Path) -> None:
    from carehome_desk.importing.incidents_sheets import SHEETS as INCIDENT_SHEETS
    from carehome_desk.models.incidents import IncidentType

    wb = openpyxl.load_workbook(incidents_template)
    assert wb.sheetnames == ["Instructions", "Children", "Incidents", "Restraint", "Missing and away",
                             "CP enquiries", "Notifications"]
    for spec in INCIDENT_SHEETS:
        assert [c.value for c in wb[spec.name][1]] == [c.header for c in spec.columns]
    incidents = wb["Incidents"]
    assert incidents.column_dimensions["B"].number_format == "DD/MM/YYYY"
    assert incidents.column_dimensions["C"].number_format == "@"  # a time typed as '01:30 BST' stays as typed
    assert wb["Restraint"].column_dimensions["L"].number_format == "DD/MM/YYYY HH:MM"
    assert wb["CP enquiries"].column_dimensions["B"].number_format == "@"  # a date alone stays a date alone
    # The types are too long for an in-line list (Excel's limit is 255 characters): the list is on Instructions.
    type_list = next(dv for dv in incidents.data_validations.dataValidation if "D2:D1000" in str(dv.sqref))
    column = type_list.formula1.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    about = wb["Instructions"]
    listed = [about[f"{column}{n}"].value for n in range(2, 2 + len(IncidentType))]
    assert listed == [t.label for t in IncidentType] and about[f"{column}1"].value == "Incidents: Type"
    text = "\n".join(str(c) for row in about.iter_rows(values_only=True) for c in row if c)
    assert "01:30 BST" in text and "carehome-desk import incidents FILE.xlsx --dry-run" in text
