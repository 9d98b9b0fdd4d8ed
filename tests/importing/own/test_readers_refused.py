"""Files read_source refuses, each with one plain sentence and never another exception: empty, missing,
damaged (zip, .xls, .ods), not a spreadsheet, protected without the password (and read with it), and
files built to exhaust memory (a zip bomb, one far cell, one long text repeated, a repeated .ods row)."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest

from carehome_desk.export.protect import encrypt_workbook
from carehome_desk.importing.own.readers import read_source
from carehome_desk.importing.result import ImportFileError, WorkbookProtected
from tests.importing import xlsx_build as xb
from tests.importing.own import corpus as c
from tests.importing.own.corpus_write import ODS_TYPE

SAVE_AS = "open it in Excel or LibreOffice, save it as an Excel workbook (.xlsx), and import that."


def refusal(path: Path, password: str | None = None) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_source(path, password)
    return str(caught.value)


def test_an_empty_file_a_folder_and_no_file(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    assert refusal(tmp_path / "empty.csv") == "empty.csv is empty (0 bytes), so there is nothing to import."
    assert refusal(tmp_path) == f"{tmp_path} is a folder, not a spreadsheet."
    assert refusal(tmp_path / "gone.xlsx") == f"There is no file at {tmp_path / 'gone.xlsx'}."


@pytest.mark.parametrize("fmt", ["xlsx", "xlsm", "ods"])
def test_a_cut_short_zip_is_damaged(fmt: str, tmp_path: Path) -> None:
    whole = c.matrix_file(tmp_path, fmt).read_bytes()
    path = tmp_path / f"cut.{fmt}"
    path.write_bytes(whole[:len(whole) // 2])
    assert refusal(path) == f"cut.{fmt} is damaged or incomplete, so it cannot be read: {SAVE_AS}"


def test_a_cut_short_or_scrambled_xls_is_damaged(tmp_path: Path) -> None:
    whole = (c.XLS_FOLDER / "training_matrix.xls").read_bytes()
    (tmp_path / "cut.xls").write_bytes(whole[:len(whole) // 3])
    assert refusal(tmp_path / "cut.xls") == (f"cut.xls is damaged or is not an Excel workbook, so it cannot be read: "
                                             f"{SAVE_AS}")
    scrambled = bytearray(whole)
    scrambled[2048:4096] = b"\xff" * 2048  # the workbook's records, overwritten
    (tmp_path / "scrambled.xls").write_bytes(bytes(scrambled))
    assert refusal(tmp_path / "scrambled.xls").startswith("scrambled.xls is damaged or incomplete")


def test_a_sheet_part_missing_from_the_zip_is_damaged(tmp_path: Path) -> None:
    source = c.matrix_file(tmp_path, "xlsx")
    path = tmp_path / "holed.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                new.writestr(info, old.read(info))
    assert refusal(path) == (f"holed.xlsx is damaged or incomplete (the sheet 'Bank staff'), so it cannot be read: "
                             f"{SAVE_AS}")


@pytest.mark.parametrize("part, broken", [("content.xml", b"<office:document-content><unclosed>"),
                                          ("xl/styles.xml", b"<styleSheet><fills count='1'><fill>"),
                                          ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='x'>")])
def test_a_part_that_is_not_well_formed_is_damaged(part: str, broken: bytes, tmp_path: Path) -> None:
    source = c.matrix_file(tmp_path, "ods" if part == "content.xml" else "xlsx")
    path = tmp_path / f"broken{source.suffix}"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            new.writestr(info, broken if info.filename == part else old.read(info))
    assert refusal(path).startswith(f"broken{source.suffix} is damaged or incomplete")


def test_zips_that_hold_no_spreadsheet(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "photos.xlsx", "w") as z:
        z.writestr("holiday.txt", "not a spreadsheet")
    assert refusal(tmp_path / "photos.xlsx") == (f"photos.xlsx is a zip file, but there is no spreadsheet in it: "
                                                 f"{SAVE_AS}")
    with zipfile.ZipFile(tmp_path / "letter.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<x/>")
    assert refusal(tmp_path / "letter.ods") == f"letter.ods is an OpenDocument file but not a spreadsheet: {SAVE_AS}"


@pytest.mark.parametrize("head, what", [(b"%PDF-1.7\n", "a PDF"), (b"<html><body>", "a web page"),
                                        (b"<?xml version='1.0'?><Workbook>", "an XML file (perhaps an Excel 2003 "
                                                                              "XML spreadsheet)")])
def test_other_files_are_named_for_what_they_are(head: bytes, what: str, tmp_path: Path) -> None:
    path = tmp_path / "matrix.csv"
    path.write_bytes(head + b"x" * 100)
    assert refusal(path) == f"matrix.csv is not a spreadsheet (it is {what}): {SAVE_AS}"


def test_binary_bytes_are_not_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "matrix.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert refusal(path) == f"matrix.csv is not a spreadsheet: {SAVE_AS}"


def test_a_protected_workbook_needs_its_password_and_reads_with_it(tmp_path: Path) -> None:
    clear = c.staff_file(tmp_path, "xlsx")
    path = tmp_path / "staff_locked.xlsx"
    encrypt_workbook(clear, path, "correct horse battery")
    with pytest.raises(WorkbookProtected) as caught:
        read_source(path)
    assert str(caught.value).startswith("This workbook is protected with a password: staff_locked.xlsx cannot be "
                                        "read without it")
    assert not caught.value.wrong_password
    with pytest.raises(WorkbookProtected) as caught:
        read_source(path, "not the password")
    assert str(caught.value) == ("This workbook is protected with a password, and the password given does not open "
                                 "staff_locked.xlsx: check it and try again.")
    assert caught.value.wrong_password
    source = read_source(path, "correct horse battery")
    assert source.kind == "xlsx" and source.path == path
    assert source.tables[0].rows[1][:6] == ["Khan", "Amira", *c.STAFF[0][2:5], "001234567890"]


def test_a_password_protected_ods_says_how_to_save_it_without(tmp_path: Path) -> None:
    source = c.staff_file(tmp_path, "ods")
    path = tmp_path / "locked.ods"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "META-INF/manifest.xml":  # as LibreOffice writes an encrypted part
                data = data.replace(b'manifest:media-type="text/xml"/>', b'manifest:media-type="text/xml">'
                                    b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" '
                                    b'manifest:checksum="x"/></manifest:file-entry>')
            new.writestr(info, data)
    assert refusal(path) == ("locked.ods is protected with a password, which the import cannot open in an OpenDocument "
                             "spreadsheet: open it in LibreOffice, save it without the password (File > Save As, "
                             "untick 'Save with password') and import that.")


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = xb.zip_bomb(tmp_path / "bomb.xlsx", 60)
    assert path.stat().st_size < 1_000_000
    assert refusal(path) == ("The sheet 'Staff' in bomb.xlsx unpacks to 60 MB, more than the 50 MB the import reads: "
                             "split it into several smaller files and import each.")


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_while_unpacking(tmp_path: Path) -> None:
    path = xb.lie_about_sizes(xb.zip_bomb(tmp_path / "liar.xlsx", 60), "xl/worksheets/sheet1.xml", 5_000)
    assert refusal(path).startswith("liar.xlsx is damaged or incomplete")


def test_an_ods_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODS_TYPE, compress_type=zipfile.ZIP_STORED)
        with z.open("content.xml", "w") as out:
            for _ in range(60):
                out.write(b" " * 1024 * 1024)
    assert refusal(path) == ("The sheets in bomb.ods unpack to 60 MB, more than the 50 MB the import reads: split "
                             "them into several smaller files and import each.")


def test_one_far_cell_is_refused_before_calamine_builds_its_grid(tmp_path: Path) -> None:
    far = f'<row r="50000">{xb.cell(16_384, 50_000, "x")}</row>'
    path = xb.write_book(tmp_path / "far.xlsx", {"Matrix": xb.sheet_xml([xb.row_xml(1, ["Name"]), far])})
    assert refusal(path) == ("The sheet 'Matrix' in far.xlsx reaches row 50,000 and column 16,384, more cells than the "
                             "5,000,000 the import reads from one sheet: delete what is not needed (far below or to "
                             "the right of the table) and try again.")


def test_one_long_shared_text_in_every_row_is_refused(tmp_path: Path) -> None:
    rows = (f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(1, 1001))
    path = xb.write_book(tmp_path / "amplifier.xlsx", {"Log": xb.sheet_xml(rows)}, shared=["x" * 30_000])
    assert path.stat().st_size < 200_000
    assert refusal(path) == ("The sheet 'Log' in amplifier.xlsx holds more than 25,000,000 characters of text, more "
                             "than the import reads from one sheet: split it into several files.")


def test_an_ods_row_repeated_a_million_times_is_refused(tmp_path: Path) -> None:
    source = c.staff_file(tmp_path, "ods")
    path = tmp_path / "repeated.ods"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "content.xml":
                data = data.replace(b"<table:table-row>", b'<table:table-row table:number-rows-repeated="1000000">', 2)
            new.writestr(info, data)
    assert refusal(path) == ("The sheet 'Staff' in repeated.ods has more than 100,000 rows, the most the import reads "
                             "from one sheet: split it into several files and import each.")


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path: Path) -> None:
    path = xb.write_book(tmp_path / "long.xlsx", {"Log": xb.sheet_xml([xb.row_xml(1, ["Note"]),
                                                                       xb.row_xml(2, ["y" * 40_000])])})
    assert refusal(path) == ("The sheet 'Log' has a cell in row 2 holding 40,000 characters, more than the 32,767 a "
                             "cell can hold, so it is not read.")


def test_a_huge_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with open(path, "wb") as out:
        out.write(b"Name,Date\n")
        out.truncate(2 * 1024**3)  # 2 GB, sparse: nothing is written to disk
    assert refusal(path) == ("export.csv is 2048 MB, more than the 50 MB the import reads from a text file: split it "
                             "into several files and import each.")


def test_a_csv_with_too_many_rows_or_a_cell_too_long(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("Name\n" + "a\n" * 100_000)
    assert refusal(path) == ("rows.csv has more than 100,000 rows, the most the import reads from one file: split it "
                             "into several files and import each.")
    for long in (40_000, 200_000):  # under csv's own limit, and over it
        path.write_text("Name,Note\nAmira," + "y" * long + "\n")
        assert refusal(path) == ("rows.csv has a cell in row 2 holding more than 32,767 characters (or a quote never "
                                 "closed), so it is not read.")
    assert csv.field_size_limit() == 131_072  # the process's own setting, left alone
    path.write_text("Name\n" + "," * 20_000 + "x\n")
    assert refusal(path) == ("rows.csv has more cells than the import reads from one file (row 2 reaches column "
                             "20,001): split it into several files.")


def test_an_old_excel_file_with_a_cell_far_out_is_refused(tmp_path: Path) -> None:
    import olefile

    path = tmp_path / "far.xls"
    shutil.copy(c.XLS_FOLDER / "staff_list.xls", path)
    with olefile.OleFileIO(str(path)) as ole:
        stream = ole.openstream("Workbook").read()
    at = _first_cell_record(stream)
    data = bytearray(path.read_bytes())
    record = stream[at:at + 8]
    assert data.count(record) == 1
    where = data.find(record)
    data[where + 4:where + 8] = b"\xff\xff\xff\x00"  # row 65,536, column 256
    path.write_bytes(bytes(data))
    assert refusal(path).startswith("A sheet in far.xls reaches row 65,536 and column 256, more cells than the "
                                    "5,000,000 the import reads from one sheet")


def _first_cell_record(stream: bytes) -> int:
    """Where the first LABELSST (a text cell) record of a sheet starts in a BIFF8 stream."""
    import struct

    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        if kind == 0x00FD:
            return at
        at += 4 + length
    raise AssertionError("no text cell")


def test_an_old_excel_file_whose_used_range_is_inside_out_is_damaged_not_the_end_of_the_program(
        tmp_path: Path) -> None:
    # calamine sets aside memory for a sheet's used range (its DIMENSIONS record) before reading it: a first
    # row past the last asks for terabytes, and Rust ends the process. Read in a child process, so a
    # regression fails this test instead of ending the run.
    import subprocess
    import sys

    path = tmp_path / "inside_out.xls"
    shutil.copy(c.XLS_FOLDER / "staff_list.xls", path)
    _patch_record(path, 0x0200, 0, b"\x00\x00\x01\x00")  # first row 65,536; last row 7
    code = ("import sys; from pathlib import Path; from carehome_desk.importing.own.readers import read_source\n"
            "from carehome_desk.importing.result import ImportFileError\n"
            "try:\n    read_source(Path(sys.argv[1]))\nexcept ImportFileError as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])})
    assert (done.returncode, done.stdout) == (0, f"inside_out.xls is damaged or incomplete, so it cannot be read: "
                                                 f"{SAVE_AS}\n")


def _patch_record(path: Path, kind: int, offset: int, value: bytes) -> None:
    """Overwrite bytes in the first sheet's first record of ``kind`` (the globals' records are skipped)."""
    import struct

    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        stream = ole.openstream("Workbook").read()
    at, sheets = 0, 0
    while at + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, at)
        sheets += record == 0x0809
        if record == kind and sheets >= 2:
            break
        at += 4 + length
    whole = stream[at:at + 4 + length]
    data = bytearray(path.read_bytes())
    assert data.count(whole) == 1
    where = data.find(whole) + 4 + offset
    data[where:where + len(value)] = value
    path.write_bytes(bytes(data))
