"""Rebuild the broken-file corpus beside this script (README.md says what each file is).

Run from the repository root: python tests/data/broken/build.py. The files are committed, so the
tests never depend on this script's output changing; rebuild only to add a file.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.importing import xlsx_build as xb  # noqa: E402

PASSWORD = "correct horse battery"  # protected.xlsx's password (README.md)
STAFF_HEAD = ["Staff ref", "Full name", "Role", "Role title", "Care role", "Start date"]


def _staff(*rows: list[str | None], raw: bool = False) -> list[str]:
    return [xb.row_xml(1, STAFF_HEAD)] + [xb.row_xml(n, r, raw=raw) for n, r in enumerate(rows, start=2)]


def _template_bytes() -> bytes:
    from carehome_desk.importing.workforce import write_workforce_template

    target = HERE / "_template.tmp.xlsx"
    write_workforce_template(target)
    data = target.read_bytes()
    target.unlink()
    return data


def _rename_ole_entry(data: bytearray, old: str, new: str) -> None:
    """Rename a stream in an OLE directory (names are UTF-16 in 64-byte slots, then their byte length)."""
    at = data.find(old.encode("utf-16-le") + b"\0\0")
    assert at >= 0, old
    data[at:at + 64] = (new.encode("utf-16-le") + b"\0\0").ljust(64, b"\0")
    data[at + 64:at + 66] = (len(new) * 2 + 2).to_bytes(2, "little")


def build() -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    template = _template_bytes()
    (HERE / "empty.xlsx").write_bytes(b"")
    (HERE / "truncated.xlsx").write_bytes(template[: len(template) // 2])
    (HERE / "csv_renamed.xlsx").write_text("Full name,Role,Start date\nAisha Brennan,Deputy,03/03/2025\n")
    protected = io.BytesIO()
    OOXMLFile(io.BytesIO(template)).encrypt(PASSWORD, protected)
    (HERE / "protected.xlsx").write_bytes(protected.getvalue())
    xls = bytearray(protected.getvalue())  # an OLE file whose streams are named as Excel 97-2003 names them
    _rename_ole_entry(xls, "EncryptedPackage", "Workbook")
    _rename_ole_entry(xls, "EncryptionInfo", "SummaryInf")
    (HERE / "xls_signature.xlsx").write_bytes(bytes(xls))
    with zipfile.ZipFile(HERE / "no_workbook.xlsx", "w") as book:
        book.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      'package/2006/content-types"/>')
        book.writestr("docs/readme.txt", "a zip, but no workbook in it")
    with zipfile.ZipFile(HERE / "plain_zip.xlsx", "w") as book:
        book.writestr("notes.txt", "a zip with no [Content_Types].xml at all")
    row = ["E1", "Aisha Brennan", "Residential childcare worker", None, None, "03/03/2025"]
    xb.write_book(HERE / "wrong_sheet_names.xlsx", {"Staff list": xb.sheet_xml(_staff(row)),
                                                     "Sheet2": xb.sheet_xml([])})
    xb.write_book(HERE / "misnamed_sheet.xlsx", {"Staff": xb.sheet_xml(_staff(row)), "Trainings": xb.sheet_xml(
        [xb.row_xml(1, ["Staff ref", "Full name", "Course", "Completed"]),
         xb.row_xml(2, ["E1", None, "First aid", "03/04/2025"])])})
    xb.write_book(HERE / "lone_surrogate.xlsx", {"Staff": xb.sheet_xml(_staff(
        ["E1", "Aisha &#xD800; Brennan", "Residential childcare worker", None, None, "03/03/2025"], raw=True))})
    xb.write_book(HERE / "control_characters.xlsx", {"Staff": xb.sheet_xml(_staff(
        ["E1", "Aisha\x07 Brennan", "Residential childcare worker", None, None, "03/03/2025"],
        ["E2", "Sam &#x1; Kerr", "Deputy", None, None, "08/01/2021"],
        ["E3", "Priya_x0008_ Fairbairn", "Deputy", None, None, "08/01/2021"], raw=True))})
    xb.write_book(HERE / "cell_too_long.xlsx", {"Staff": xb.sheet_xml(_staff(
        ["E1", "A" * 40_000, "Residential childcare worker", None, None, "03/03/2025"]))})
    xb.write_book(HERE / "entity_declaration.xlsx", {"Staff": [
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>']})
    xb.zip_bomb(HERE / "zip_bomb.xlsx", 60)
    xb.lie_about_sizes(xb.zip_bomb(HERE / "zip_bomb_lying.xlsx", 60), "xl/worksheets/sheet1.xml", 2_000)


if __name__ == "__main__":
    build()
