"""`export --pack-password-file`: the pack written Office-encrypted, read back by openpyxl and calamine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from msoffcrypto.exceptions import InvalidKeyError
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.cli.test_cli import run
from tests.export.protected_data import (
    CHILD_NAME,
    CHILD_REF,
    END,
    PASSWORD,
    START,
    STAFF_NAME,
    assert_no_clear_text,
    decrypt,
    protected_home,
)
from tests.secret_files import write_secret


def export(tmp: Path, db: Path, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run("export", "--db", str(db), "--out", str(out), "--from", START, "--to", END, "--include-names",
               *extra, tmp=tmp)


def test_a_protected_export_round_trips_and_matches_the_unprotected_one(tmp_path: Path) -> None:
    db = protected_home(tmp_path / "db.sqlite3")
    password_file = tmp_path / "password.txt"
    write_secret(password_file, PASSWORD + "\n")
    clear, protected = tmp_path / "clear.xlsx", tmp_path / "protected.xlsx"
    plain = export(tmp_path, db, clear)
    assert plain.returncode == 0, plain.stderr
    assert "--password-file" in plain.stderr  # with names in, protection is recommended
    done = export(tmp_path, db, protected, "--pack-password-file", str(password_file))
    assert done.returncode == 0, done.stderr
    assert "protected with the password" in done.stdout and PASSWORD not in done.stdout + done.stderr

    raw = protected.read_bytes()
    assert_no_clear_text(raw)
    inside = decrypt(protected, PASSWORD)
    decrypted = tmp_path / "decrypted.xlsx"
    decrypted.write_bytes(inside)

    # openpyxl: the same records as the unprotected pack, cell for cell
    ours, theirs = load_workbook(io.BytesIO(inside)), load_workbook(clear)
    assert ours.sheetnames == theirs.sheetnames
    assert (ours["Children"]["A3"].value, ours["Children"]["C3"].value) == (CHILD_REF, CHILD_NAME)
    assert ours["Staff"]["A3"].value == STAFF_NAME
    for sheet in ("Annex A", "Staff", "Children", "Incident log", "Complaints"):
        assert list(ours[sheet].values) == list(theirs[sheet].values), sheet
    # calamine, an independent reader
    read = CalamineWorkbook.from_path(str(decrypted)).get_sheet_by_name("Children").to_python()
    assert read == CalamineWorkbook.from_path(str(clear)).get_sheet_by_name("Children").to_python()
    assert (read[2][0], read[2][2]) == (CHILD_REF, CHILD_NAME)

    with pytest.raises(InvalidKeyError):
        decrypt(protected, "not the password")


@pytest.mark.parametrize(("content", "message"), [
    ("123456789\n", "at least 10 characters"),
    ("", "is empty"),
    (None, "does not exist"),
])
def test_an_unusable_password_file_writes_nothing(tmp_path: Path, content: str | None, message: str) -> None:
    db = protected_home(tmp_path / "db.sqlite3")
    password_file = tmp_path / "password.txt"
    if content is not None:
        write_secret(password_file, content)
    out = tmp_path / "out" / "pack.xlsx"
    out.parent.mkdir()  # a folder named must exist: that is said first (test_cli_out_files)
    done = export(tmp_path, db, out, "--pack-password-file", str(password_file))
    assert done.returncode == 1 and message in done.stderr and "Nothing was written" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr  # one sentence
    assert list(out.parent.iterdir()) == [] and not list(tmp_path.rglob("*.xlsx*"))


def test_the_password_is_never_an_argument(tmp_path: Path) -> None:
    helped = run("export", "--help", tmp=tmp_path).stdout
    assert "--pack-password-file" in helped and "--password " not in helped and "--pack-password " not in helped
    # --password-file is the database's password; the pack's is --pack-password-file
    for typed, option in ((["--pack-password", PASSWORD], "--pack-password-file FILE"),
                          ([f"--pack-password={PASSWORD}"], "--pack-password-file FILE"),
                          (["--password", PASSWORD], "--password-file FILE"),
                          ([f"--password={PASSWORD}"], "--password-file FILE")):
        wrong = run("export", "--out", str(tmp_path / "p.xlsx"), *typed, tmp=tmp_path)
        assert wrong.returncode == 2 and option in wrong.stderr
        assert PASSWORD not in wrong.stderr and not (tmp_path / "p.xlsx").exists()


def test_password_file_on_export_of_a_clear_database_protects_the_pack(tmp_path: Path) -> None:
    """The issue's `export --password-file`: with no separate pack password, the same file protects the pack."""
    db = protected_home(tmp_path / "db.sqlite3")
    password_file = tmp_path / "password.txt"
    write_secret(password_file, PASSWORD + "\n")
    out = tmp_path / "pack.xlsx"
    done = export(tmp_path, db, out, "--password-file", str(password_file))
    assert done.returncode == 0, done.stderr
    assert "protected with the password" in done.stdout
    assert_no_clear_text(out.read_bytes())
    assert load_workbook(io.BytesIO(decrypt(out, PASSWORD)))["Children"]["A3"].value == CHILD_REF
