"""Missing or misnamed sheets: a sheet whose rows would silently be left out stops the import with one
sentence naming the sheets read; a sheet that is plainly something else (a rota) is only noted."""

from __future__ import annotations

from pathlib import Path

import pytest

from carehome_desk.importing.result import ImportFileError
from carehome_desk.importing.workforce import import_workforce
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from tests.importing import xlsx_build as xb

STAFF = [xb.row_xml(1, ["Staff ref", "Full name", "Role", "Start date"]),
         xb.row_xml(2, ["E1", "Aisha Brennan", "Deputy", "03/03/2025"])]
SHEETS_READ = ("'Staff', 'Qualifications', 'Checks', 'DBS', 'DBS status checks', 'Training' and 'Supervision'")


def test_a_sheet_named_otherwise_that_looks_like_ours_stops_the_import(store: Store, home_id: HomeId,
                                                                       tmp_path: Path) -> None:
    path = xb.write_book(tmp_path / "book.xlsx", {
        "Staff": xb.sheet_xml(STAFF),
        "DBS checks": xb.sheet_xml([xb.row_xml(3, ["Full name", "Certificate number", "Issue date"]),
                                    xb.row_xml(4, ["Aisha Brennan", "001234567890", "01/02/2025"])]),
        "Supervisions 2025": xb.sheet_xml([xb.row_xml(1, ["Name", "Date", "Supervisor"])])})
    with pytest.raises(ImportFileError) as caught:
        import_workforce(store, path, home_id, dry_run=True)
    assert str(caught.value) == (
        "book.xlsx has sheets named 'DBS checks' and 'Supervisions 2025' that the workforce import does not read, "
        "though they look like the 'DBS' and 'Supervision' sheets, so nothing was imported: the sheets it reads are "
        f"named {SHEETS_READ}; rename them, or delete any that are not for importing.")
    assert store.staff.list(home_id) == []


def test_empty_sheets_and_sheets_of_something_else_are_noted_and_the_rest_imported(store: Store, home_id: HomeId,
                                                                                   tmp_path: Path) -> None:
    path = xb.write_book(tmp_path / "book.xlsx", {
        "Staff": xb.sheet_xml(STAFF), "Sheet2": xb.sheet_xml([]),
        "Rota": xb.sheet_xml([xb.row_xml(1, ["Name", "Staff ID", "Monday", "Tuesday"]),
                              xb.row_xml(2, ["Aisha Brennan", "E1", "Early", "Late"])])})
    result = import_workforce(store, path, home_id)
    assert result.written and "Sheets not read: Sheet2, Rota." in result.notes
    assert [m.full_name for m in store.staff.list(home_id)] == ["Aisha Brennan"]


def test_a_binary_workbook_is_named_as_such(store: Store, home_id: HomeId, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(ImportFileError, match=r"^book.xlsx is an Excel binary workbook \(.xlsb\), which the import "
                                              r"does not read: open it in Excel or LibreOffice, save it as an Excel "
                                              r"workbook \(.xlsx\), and import that.$"):
        import_workforce(store, path, home_id, dry_run=True)
