"""``carehome-desk restore`` of a backup of a different database (another database id, as ``protect`` tells its
own copies): said plainly with both named and their homes, asked about, and with --yes said and done, the
replaced file kept."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.store import Store
from carehome_desk.store.protection import protect
from tests.conftest import Clock, oak_lodge
from tests.secret_files import write_secret
from tests.store.backup_data import CHEAP

PASSWORD = "correct horse battery"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def home_database(path: Path, name: str, urn: str) -> str:
    """A database holding one home, with its identity made (as the window's first automatic backup makes it)."""
    with Store.open(path, user="tester", clock=Clock()) as store:
        store.homes.add(oak_lodge(name=name, urn=urn))
        return store.settings.ensure_database_id()


@pytest.fixture
def two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str, str]:
    """Oak Lodge's database, and a backup of Elm House's (another database) in a folder of its own."""
    ours = home_database(tmp_path / "carehome.sqlite3", "Oak Lodge", "SC123456")
    theirs = home_database(tmp_path / "elm.sqlite3", "Elm House", "SC654321")
    (tmp_path / "stick").mkdir()
    backup = tmp_path / "stick" / "carehome-20261120-090000.sqlite3"  # named as if it were this home's
    assert run(capsys, "backup", "--db", str(tmp_path / "elm.sqlite3"), "--out", str(backup))[0] == 0
    return tmp_path / "carehome.sqlite3", backup, ours, theirs


def homes(db: Path, password: str | None = None) -> list[str]:
    with Store.open(db, create=False, password=password) as store:
        return [h.name for h in store.homes.list()]


def test_with_yes_the_difference_is_said_and_the_replaced_file_kept(
        capsys: pytest.CaptureFixture[str], two: tuple[Path, Path, str, str], tmp_path: Path) -> None:
    db, backup, ours, theirs = two
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 0, err
    warning, going_on = err.splitlines()
    assert warning == (f"carehome-desk: warning: The backup {backup.name} is of a different database: it holds Elm "
                       f"House (SC654321) (database {theirs[:8]}), while {db} holds Oak Lodge (SC123456) (database "
                       f"{ours[:8]}). Restoring it puts that database's records in place of these.")
    assert "--yes was given" in going_on and "kept beside it" in going_on
    (kept,) = tmp_path.glob("carehome.before-restore-*.sqlite3")
    assert f"the file it replaced is kept at {kept}." in out
    assert f"To put it back: 'carehome-desk restore --db {db} {kept}'" in out
    assert homes(db) == ["Elm House"] and homes(kept) == ["Oak Lodge"]


def test_without_yes_it_asks_naming_the_difference(capsys: pytest.CaptureFixture[str],
                                                   two: tuple[Path, Path, str, str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db, backup, _, _ = two
    raw = db.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # a script without --yes: refused, the difference said
    code, _, err = run(capsys, "restore", str(backup), "--db", str(db))
    assert code == 1 and "is of a different database" in err and "give --yes" in err
    assert db.read_bytes() == raw and not list(tmp_path.glob("*before-restore*"))
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db))
    assert code == 1 and "Elm House (SC654321)" in err and "Oak Lodge (SC123456)" in err
    assert f"Restore this backup of a different database in place of {db}?" in out and "Nothing was changed" in out
    assert db.read_bytes() == raw and not list(tmp_path.glob("*before-restore*"))
    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db))
    assert code == 0 and "--yes was given" not in err
    assert homes(db) == ["Elm House"] and "kept at" in out


def test_a_backup_of_this_database_gives_no_warning(capsys: pytest.CaptureFixture[str],
                                                    two: tuple[Path, Path, str, str], tmp_path: Path) -> None:
    db, _, _, _ = two
    own = tmp_path / "own.sqlite3"
    assert run(capsys, "backup", "--db", str(db), "--out", str(own))[0] == 0
    code, out, err = run(capsys, "restore", str(own), "--db", str(db), "--yes")
    assert code == 0 and err == "" and "Warning" not in out and "To put it back" not in out


def test_protected_databases_sharing_a_password_are_still_told_apart(
        capsys: pytest.CaptureFixture[str], two: tuple[Path, Path, str, str], tmp_path: Path) -> None:
    db, _, ours, _ = two
    elm = tmp_path / "elm.sqlite3"
    for path in (db, elm):
        protect(path, PASSWORD, kdf=CHEAP)
    secret = write_secret(tmp_path / "pw.txt", PASSWORD + "\n")
    backup = tmp_path / "stick" / "elm-protected.sqlite3"
    assert run(capsys, "backup", "--db", str(elm), "--out", str(backup), "--password-file", str(secret))[0] == 0
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes", "--password-file", str(secret))
    assert code == 0, err
    assert f"while {db} holds Oak Lodge (SC123456) (database {ours[:8]})" in err and "Encrypted: yes" in out
    assert homes(db, PASSWORD) == ["Elm House"]


def test_when_the_password_does_not_open_the_records_now_that_is_said(
        capsys: pytest.CaptureFixture[str], two: tuple[Path, Path, str, str], tmp_path: Path) -> None:
    db, _, _, _ = two
    elm = tmp_path / "elm.sqlite3"
    protect(db, PASSWORD, kdf=CHEAP)
    protect(elm, "another home's password", kdf=CHEAP)
    secret = write_secret(tmp_path / "pw.txt", "another home's password\n")
    backup = tmp_path / "stick" / "elm-protected.sqlite3"
    assert run(capsys, "backup", "--db", str(elm), "--out", str(backup), "--password-file", str(secret))[0] == 0
    code, _, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes", "--password-file", str(secret))
    assert code == 0, err
    assert f"the password given does not open the records now in {db}, so whether this backup is a copy" in err


def test_files_from_before_databases_had_an_identity_fall_back_to_the_homes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db, elm = tmp_path / "carehome.sqlite3", tmp_path / "elm.sqlite3"
    for path, name, urn in ((db, "Oak Lodge", "SC123456"), (elm, "Elm House", "SC654321")):
        with Store.open(path, user="tester", clock=Clock()) as store:
            store.homes.add(oak_lodge(name=name, urn=urn))  # no identity made: nothing to compare
    backup = tmp_path / "elm-backup.sqlite3"
    assert run(capsys, "backup", "--db", str(elm), "--out", str(backup))[0] == 0
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 0 and "different database" not in err + out
    assert "Warning:   This backup holds Elm House (SC654321), not Oak Lodge (SC123456)" in out
