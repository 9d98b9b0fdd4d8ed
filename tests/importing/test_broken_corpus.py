"""Every file in tests/data/broken/ through `import --dry-run` and the real import: exit 1, plain words,
no traceback, and not one record changed."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.store import Store
from tests.conftest import oak_lodge
from tests.secret_files import write_secret

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"
FILES = sorted(p.name for p in BROKEN.glob("*.xlsx"))
# Files whose fault is in some rows: the report lists each by sheet, row and column.
ROW_ERRORS = {
    "lone_surrogate.xlsx": ["Staff row 2, column 'Full name': contains a character that cannot be stored (U+D800,"],
    "control_characters.xlsx": [
        "Staff row 2, column 'Full name': contains a character that cannot be stored (U+0007,",
        "Staff row 3, column 'Full name': contains a character that cannot be stored (U+0001,",
        "Staff row 4, column 'Full name': contains a character that cannot be stored (U+0008,"],
}
# Files refused whole: the one sentence each gives (the start of it).
SENTENCES = {
    "empty.xlsx": "empty.xlsx is empty (0 bytes), so there is nothing to import.",
    "truncated.xlsx": "truncated.xlsx is damaged or incomplete, so it cannot be read",
    "csv_renamed.xlsx": "csv_renamed.xlsx is not an Excel workbook (it is plain text, such as a CSV file",
    "plain_zip.xlsx": "plain_zip.xlsx is a zip file, but there is no Excel workbook in it",
    "no_workbook.xlsx": "no_workbook.xlsx is a zip file, but there is no Excel workbook in it",
    "protected.xlsx": "This workbook is protected with a password: protected.xlsx cannot be read without it",
    "xls_signature.xlsx": "xls_signature.xlsx is an old Excel 97-2003 workbook (.xls)",
    "wrong_sheet_names.xlsx": "wrong_sheet_names.xlsx has none of the sheets the workforce import reads ('Staff', "
                              "'Qualifications', 'Checks', 'DBS', 'DBS status checks', 'Training' and 'Supervision')",
    "misnamed_sheet.xlsx": "misnamed_sheet.xlsx has a sheet named 'Trainings' that the workforce import does not "
                           "read, though it looks like the 'Training' sheet, so nothing was imported: the sheets it "
                           "reads are named 'Staff', ",
    "cell_too_long.xlsx": "The sheet 'Staff' has a cell in row 2 holding 40,000 characters, more than the 32,767",
    "entity_declaration.xlsx": "The sheet 'Staff' declares its own XML entities",
    "zip_bomb.xlsx": "The sheet 'Staff' in zip_bomb.xlsx unpacks to 60 MB, more than the 50 MB the import reads",
    "zip_bomb_lying.xlsx": "zip_bomb_lying.xlsx is damaged or incomplete (the sheet 'Staff'), so it cannot be read",
}


def record_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "home.sqlite3"
    with Store.open(path, user="set-up") as store:
        store.homes.add(oak_lodge())
    return path


def test_every_file_is_described_and_has_an_expected_outcome() -> None:
    readme = (BROKEN / "README.md").read_text()
    listed = set(re.findall(r"^- `([^`]+\.xlsx)`", readme, re.MULTILINE))
    assert listed == set(FILES)
    assert set(ROW_ERRORS) | set(SENTENCES) == set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_a_broken_file_is_refused_plainly_by_the_dry_run_and_the_import(name: str, db: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / name
    shutil.copy(BROKEN / name, book)
    before = record_counts(db)
    outputs = []
    for extra in (["--dry-run"], []):
        code = cli.main(["import", "workforce", str(book), "--db", str(db), *extra])
        out, err = capsys.readouterr()
        assert code == 1, (out, err)
        assert "Traceback" not in out + err
        assert record_counts(db) == before
        outputs.append((out, err))
        if name in SENTENCES:
            assert out == ""
            assert err.startswith(f"carehome-desk: {SENTENCES[name]}") and err.count("\n") == 1, err
            assert err.rstrip().endswith(".")
        else:
            assert err == ""
            problems = [line.strip() for line in out.splitlines() if line.startswith("  Staff row")]
            assert [p[:len(e)] for p, e in zip(problems, ROW_ERRORS[name], strict=True)] == ROW_ERRORS[name]
    dry, real = outputs
    if name in SENTENCES:
        assert dry == real  # the dry run refuses a file exactly as the import does
    else:
        assert problem_lines(dry[0]) == problem_lines(real[0])


def problem_lines(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith("  ")]


def test_the_protected_workbook_opens_with_its_password(db: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "password.txt"
    write_secret(secret, "correct horse battery\n")
    code = cli.main(["import", "workforce", str(BROKEN / "protected.xlsx"), "--db", str(db), "--dry-run",
                     "--workbook-password-file", str(secret)])
    out, err = capsys.readouterr()
    assert code == 0 and err == "" and "Dry run: nothing was written." in out
    write_secret(secret, "not the password\n")
    code = cli.main(["import", "workforce", str(BROKEN / "protected.xlsx"), "--db", str(db),
                     "--workbook-password-file", str(secret)])
    out, err = capsys.readouterr()
    assert code == 1 and err == ("carehome-desk: This workbook is protected with a password, and the password given "
                                 "does not open protected.xlsx: check it and try again.\n")
    code = cli.main(["import", "workforce", str(BROKEN / "protected.xlsx"), "--db", str(db), "--dry-run",
                     "--workbook-password-file", str(tmp_path / "nowhere.txt")])
    out, err = capsys.readouterr()
    assert code == 1 and err == f"carehome-desk: The password file {tmp_path / 'nowhere.txt'} does not exist.\n"
