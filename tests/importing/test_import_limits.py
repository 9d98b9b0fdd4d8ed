"""The import's stated limits: each names the sheet and the limit in one sentence, and no file takes the
real `carehome-desk import` past 300 MB of memory (measured as the child process's peak RSS)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from carehome_desk.importing.guarded import GuardedStream
from carehome_desk.importing.limits import MAX_ROWS
from carehome_desk.importing.result import ImportFileError, ImportResult
from carehome_desk.importing.workbook import read_workbook
from carehome_desk.importing.workforce_sheets import SHEETS
from carehome_desk.progress import NO_PROGRESS
from carehome_desk.store import Store
from tests.conftest import oak_lodge
from tests.importing import xlsx_build as xb

PEAK_LIMIT_MB = 300


def read(path: Path) -> ImportResult:
    result = ImportResult(dry_run=True)
    read_workbook(path, SHEETS, result, NO_PROGRESS, "workforce")
    return result


def short_rows(count: int, dimension: str = "") -> list[bytes]:
    """A Staff sheet of ``count`` short rows (about 60 bytes each), with an optional lying <dimension>."""
    head = f'<?xml version="1.0"?><worksheet xmlns="{xb.MAIN}">{dimension}<sheetData>'.encode()
    rows = [xb.row_xml(1, ["Full name", "Role", "Start date"]).encode()]
    rows += [f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>P{n}</t></is></c></row>'.encode()
             for n in range(2, count + 2)]
    return [head, b"".join(rows), b"</sheetData></worksheet>"]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 401 MB sheet packed into well under 1 MB, built once for this module's tests (~2 s)."""
    return xb.zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 401)


def test_a_zip_bomb_is_refused_from_its_declared_size_naming_the_sheet(bomb: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    shutil.copy(bomb, path)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert str(caught.value) == ("The sheet 'Staff' in bomb.xlsx unpacks to 401 MB, more than the 50 MB the import "
                                 "reads: split it into several smaller workbooks and import each.")


def test_a_zip_that_lies_about_its_size_is_refused_without_unpacking_past_its_claim(bomb: Path,
                                                                                     tmp_path: Path) -> None:
    path = tmp_path / "liar.xlsx"
    shutil.copy(bomb, path)
    xb.lie_about_sizes(path, "xl/worksheets/sheet1.xml", 5_000)
    with pytest.raises(ImportFileError, match=r"^liar.xlsx is damaged or incomplete \(the sheet 'Staff'\), so it "):
        read(path)


def test_the_guard_counts_the_bytes_actually_unpacked() -> None:
    raw = io.BytesIO(b"x" * 10_000)
    stream = GuardedStream(raw, 4_000, lambda n: ImportFileError(f"{n} bytes"))
    assert len(stream.read(3_000)) == 3_000
    with pytest.raises(ImportFileError, match="^4001 bytes$"):
        while stream.read(512):
            pass


def test_a_character_reference_split_between_two_reads_is_still_escaped() -> None:
    text = b"<t>" + b"a" * 100 + b"&#xD800;" + b"b" * 100 + b"&#x41;</t>"
    for size in range(1, 40):
        stream = GuardedStream(io.BytesIO(text), 10_000, ImportFileError, escape=True)  # type: ignore[arg-type]
        out = b""
        while chunk := stream.read(size):
            out += chunk
        assert out == text.replace(b"&#xD800;", b"_xD800_"), size


def test_more_rows_than_the_limit_are_refused_though_the_dimension_says_two(tmp_path: Path) -> None:
    path = xb.write_book(tmp_path / "rows.xlsx", {"Staff": short_rows(MAX_ROWS + 1, '<dimension ref="A1:C2"/>')})
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert str(caught.value) == ("The sheet 'Staff' has more than 100,000 rows, the most the import reads from one "
                                 "sheet: split it into several workbooks and import each.")


def test_a_row_with_more_cells_than_excel_allows_is_refused(tmp_path: Path) -> None:
    row = b'<row r="2">' + b"<c/>" * 20_000 + b"</row>"
    path = xb.write_book(tmp_path / "wide.xlsx", {"Staff": [
        f'<?xml version="1.0"?><worksheet xmlns="{xb.MAIN}"><sheetData>'.encode(), row, b"</sheetData></worksheet>"]})
    with pytest.raises(ImportFileError, match="^The sheet 'Staff' has more than 16,384 cells in row 2, more than "
                                              "Excel itself allows"):
        read(path)


def test_too_many_shared_strings_are_refused(tmp_path: Path) -> None:
    path = xb.write_book(tmp_path / "strings.xlsx", {"Staff": xb.sheet_xml([xb.row_xml(1, ["Full name", "Role"])])},
                         shared=["a"] * 1_000_001)  # ~17 MB of one-letter entries: within the size limit
    with pytest.raises(ImportFileError, match="holds more than 1,000,000 different pieces of text"):
        read(path)


def text_amplifier(path: Path, rows: int) -> Path:
    """One shared text of 32,000 characters in the Role cell of every row: 100 kB on disk, and 3 GB of
    text if each row's copy were kept (the error message for a role not recognised quotes it)."""
    body = [xb.row_xml(1, ["Full name", "Role", "Start date"]).encode()]
    body += [f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}" t="s"><v>1</v></c><c r="C{n}" t="s"><v>2</v>'
             f"</c></row>".encode() for n in range(2, rows + 2)]
    return xb.write_book(path, {"Staff": [f'<?xml version="1.0"?><worksheet xmlns="{xb.MAIN}"><sheetData>'.encode(),
                                          b"".join(body), b"</sheetData></worksheet>"]},
                          shared=["Ann Lee", "\u00e9" * 32_000, "03/03/2025"])


def test_a_sheet_with_more_text_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = text_amplifier(tmp_path / "text.xlsx", 1_000)
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert str(caught.value) == ("The sheet 'Staff' holds more than 25,000,000 characters of text in the columns "
                                 "the import reads: split it into several smaller workbooks and import each.")


MEASURE = """
import json, resource, subprocess, sys
run = subprocess.run(sys.argv[1:], capture_output=True, text=True, stdin=subprocess.DEVNULL)
print(json.dumps({"code": run.returncode, "out": run.stdout, "err": run.stderr,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def peak_of_import(book: Path, db: Path, tmp: Path, *extra: str) -> dict[str, object]:
    """Run the real `carehome-desk import` in a fresh process; its exit code, output and peak RSS (kB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREHOME_DESK")}
    env["CAREHOME_DESK_HOME"] = str(tmp / "userdata")
    env.pop("DISPLAY", None)
    # A fresh parent, so RUSAGE_CHILDREN holds the import alone, not every process this test run has started.
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "carehome_desk", "import", "workforce",
                           str(book), "--db", str(db), *extra], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "home.sqlite3"
    with Store.open(path, user="set-up") as store:
        store.homes.add(oak_lodge())
    return path


@pytest.mark.parametrize("make, sentence", [
    (lambda p, bomb: shutil.copy(bomb, p), "The sheet 'Staff' in book.xlsx unpacks to 401 MB"),
    (lambda p, bomb: xb.lie_about_sizes(Path(shutil.copy(bomb, p)), "xl/worksheets/sheet1.xml", 5_000),
     "book.xlsx is damaged or incomplete"),
    (lambda p, bomb: xb.write_book(p, {"Staff": short_rows(200_000)}), "The sheet 'Staff' has more than 100,000 rows"),
    (lambda p, bomb: text_amplifier(p, 99_000), "The sheet 'Staff' holds more than 25,000,000 characters"),
], ids=["zip bomb", "lying zip bomb", "200,000 rows", "shared text amplifier"])
def test_the_real_import_stays_under_300_mb_and_says_why(make, sentence: str, db: Path,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path, bomb: Path) -> None:
    book = tmp_path / "book.xlsx"
    make(book, bomb)
    for extra in (("--dry-run",), ()):
        run = peak_of_import(book, db, tmp_path, *extra)
        assert run["code"] == 1 and run["out"] == ""
        assert str(run["err"]).startswith(f"carehome-desk: {sentence}") and "Traceback" not in str(run["err"])
        peak_mb = int(run["peak_kb"]) / 1024  # type: ignore[call-overload]
        assert peak_mb <= PEAK_LIMIT_MB, f"peak {peak_mb:.0f} MB"


def test_a_zip_listing_more_parts_than_any_workbook_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as book:  # ~2.3 MB of table of contents: ZipFile would hold ~20 MB for it
        for n in range(40_000):
            book.writestr(f"xl/media/p{n:05}.bin", b"")
    with pytest.raises(ImportFileError, match=r"^parts.xlsx lists more parts than any workbook does, so it is not "
                                              r"read: open it in Excel"):
        read(path)


def test_a_long_cell_is_quoted_short_in_its_row_error() -> None:
    from carehome_desk.importing.values import CellError, read_choice, read_date

    for read in (lambda t: read_choice(t, {}, "Yes, No"), lambda t: read_date(t, date(2026, 1, 1))):
        with pytest.raises(CellError) as caught:
            read("x" * 30_000 + " 2024")
        assert len(str(caught.value)) < 200 and "x" * 59 + "…'" in str(caught.value)


def test_merged_ranges_fill_the_rows_they_cover_and_past_the_limit_are_refused(tmp_path: Path) -> None:
    rows = [xb.row_xml(1, ["Staff ref", "Full name", "Role", "Start date"]),
            xb.row_xml(2, ["E2", "Aisha Brennan", "Deputy", "03/03/2025"])]
    rows += [xb.row_xml(n, [f"E{n}", f"Person {n}", None, "03/03/2025"]) for n in range(3, 2_001)]
    merges = '<mergeCell ref="C2:C2000"/><mergeCell ref="C5:D9"/>'  # the second overlaps the first: never valid
    path = xb.write_book(tmp_path / "merged.xlsx", {"Staff": xb.sheet_xml(
        rows, tail=f'<mergeCells count="2">{merges}</mergeCells>')})
    result = ImportResult(dry_run=True)
    (sheet,) = read_workbook(path, SHEETS, result, NO_PROGRESS, "workforce")
    read = list(sheet.rows)
    assert len(read) == 1_999 and all(values["role"] == "Deputy" for _, values in read)
    many = "".join(f'<mergeCell ref="E{n}:F{n}"/>' for n in range(1, 10_002))
    path = xb.write_book(tmp_path / "many.xlsx", {"Staff": xb.sheet_xml(
        rows[:2], tail=f'<mergeCells count="10001">{many}</mergeCells>')})
    with pytest.raises(ImportFileError, match="^The sheet 'Staff' has more than 10,000 merged cell ranges"):
        read_workbook(path, SHEETS, ImportResult(), NO_PROGRESS, "workforce")


def test_a_cancel_while_a_big_sheet_is_read_stops_it_and_writes_nothing(tmp_path: Path) -> None:
    from carehome_desk.progress import Progress

    said: list[str] = []
    progress = Progress(lambda done, total, text: said.append(text))
    path = xb.write_book(tmp_path / "big.xlsx", {"Staff": short_rows(9_000)})
    original = progress.report

    def report_then_cancel(done: int, total: int, text: str = "") -> None:
        original(done, total, text)
        if text.endswith("4,000 rows"):
            progress.cancel()

    progress.report = report_then_cancel  # type: ignore[method-assign]
    result = ImportResult(dry_run=True)
    assert read_workbook(path, SHEETS, result, progress, "workforce") == []
    assert result.cancelled and said == ["Reading big.xlsx", "Reading Staff: 2,000 rows", "Reading Staff: 4,000 rows"]
